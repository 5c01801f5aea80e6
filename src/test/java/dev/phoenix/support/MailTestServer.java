package dev.phoenix.support;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.Multipart;

/**
 * A real SMTP server (GreenMail) on a free port, one per JVM. Tests read what the service
 * mailed from it.
 */
public final class MailTestServer {

	private static final Pattern CODE = Pattern.compile("^\\s+(\\d{6,10})\\s*$", Pattern.MULTILINE);

	private static MailTestServer shared;

	private final GreenMail greenMail;

	private MailTestServer() {
		this.greenMail = new GreenMail(
				new ServerSetup(RedisTestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.greenMail.start();
	}

	public static synchronized MailTestServer shared() {
		if (shared == null) {
			shared = new MailTestServer();
			Runtime.getRuntime().addShutdownHook(new Thread(shared.greenMail::stop));
		}
		return shared;
	}

	public int port() {
		return this.greenMail.getSmtp().getPort();
	}

	public void clear() {
		try {
			this.greenMail.purgeEmailFromAllMailboxes();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public List<MimeMessage> messagesTo(String address) {
		return Arrays.stream(this.greenMail.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getAllRecipients()).anyMatch((r) -> r.toString().equals(address));
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toList();
	}

	public List<MimeMessage> allMessages() {
		return List.of(this.greenMail.getReceivedMessages());
	}

	/** The code in the text part of the newest mail to {@code address}. */
	public String latestCodeFor(String address) {
		List<MimeMessage> messages = messagesTo(address);
		if (messages.isEmpty()) {
			throw new AssertionError("no mail to " + address);
		}
		return codeIn(messages.get(messages.size() - 1));
	}

	public static String codeIn(MimeMessage message) {
		Matcher matcher = CODE.matcher(decodedText(message));
		if (!matcher.find()) {
			throw new AssertionError("no code in the mail");
		}
		return matcher.group(1);
	}

	public static String decodedText(MimeMessage message) {
		try {
			return PartText.collect(message.getContent());
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class PartText {

		static String collect(Object content) throws IOException, MessagingException {
			if (content instanceof String text) {
				return text;
			}
			if (content instanceof Multipart multipart) {
				StringBuilder all = new StringBuilder();
				for (int i = 0; i < multipart.getCount(); i++) {
					all.append(collect(multipart.getBodyPart(i).getContent())).append('\n');
				}
				return all.toString();
			}
			return "";
		}

	}

}
