package dev.phoenix.mail;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Code mails (text and HTML, rendered by {@link CodeMailRenderer}) through SMTP, bounded
 * by the SMTP timeouts. A batch goes over one connection
 * ({@link JavaMailSender#send(MimeMessage...)} opens it once and opens another only if
 * the server dropped it): a connection, its greeting and EHLO cost more than a message,
 * and were most of the CPU per mail when each mail had a connection of its own
 * (docs/performance.md).
 */
final class SmtpCodeMailSender implements CodeMailSender {

	private final JavaMailSenderImpl sender;

	private final ResetCodeMailComposer composer;

	private final InternetAddress from;

	private final CodeMailRenderer renderer;

	SmtpCodeMailSender(JavaMailSenderImpl sender, ResetCodeMailComposer composer, String from) {
		this.sender = sender;
		this.composer = composer;
		try {
			// The From header exactly as Jakarta Mail writes it, made once.
			MimeMessage probe = sender.createMimeMessage();
			new MimeMessageHelper(probe, "UTF-8").setFrom(from);
			this.from = (InternetAddress) probe.getFrom()[0];
			String domain = this.from.getAddress().substring(this.from.getAddress().lastIndexOf('@') + 1);
			this.renderer = new CodeMailRenderer(probe.getHeader("From", ","), domain);
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException("MAIL_FROM is not a mail address", ex);
		}
	}

	@Override
	public Map<Integer, MailException> send(List<ResetCodeMail> mails) {
		Map<Integer, MailException> failures = new TreeMap<>();
		Map<MimeMessage, Integer> indexes = new IdentityHashMap<>();
		List<MimeMessage> messages = new ArrayList<>(mails.size());
		for (int i = 0; i < mails.size(); i++) {
			try {
				MimeMessage message = toMessage(mails.get(i));
				messages.add(message);
				indexes.put(message, i);
			}
			catch (MailPreparationException ex) {
				failures.put(i, ex);
			}
		}
		if (messages.isEmpty()) {
			return failures;
		}
		try {
			this.sender.send(messages.toArray(MimeMessage[]::new));
		}
		catch (MailSendException ex) {
			// Only the messages named failed; none named: every message was taken and
			// only closing the connection failed.
			ex.getFailedMessages()
				.forEach((message, why) -> failures.put(indexes.get(message),
						new MailSendException("The server did not take the code mail", why)));
		}
		catch (MailException ex) {
			// Authentication failed: nothing was sent.
			indexes.values().forEach((i) -> failures.put(i, ex));
		}
		return failures;
	}

	private MimeMessage toMessage(ResetCodeMail mail) {
		try {
			// Parsed as MimeMessageHelper.setTo parses it: the SMTP envelope's recipient.
			InternetAddress to = InternetAddress.parse(mail.to().value())[0];
			byte[] rendered = this.renderer.render(mail.to().value(), this.composer.compose(mail));
			return new RenderedMimeMessage(this.sender.getSession(), this.from, to, rendered);
		}
		catch (MessagingException | RuntimeException ex) {
			throw new MailPreparationException("Could not build the code mail", ex);
		}
	}

}
