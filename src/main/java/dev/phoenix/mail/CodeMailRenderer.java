package dev.phoenix.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.internet.MimeUtility;

/**
 * Writes a code mail out as RFC 5322 / MIME bytes: a {@code multipart/alternative} of the
 * text and the HTML body, each UTF-8 in base64, with Date, From, To, Message-ID, an RFC
 * 2047 encoded Subject and MIME-Version. Everything that is the same for every mail (the
 * From header, the encoded subjects, the part headers) is made once.
 */
final class CodeMailRenderer {

	/**
	 * Cannot occur in base64 (no {@code _}) nor in the part headers, so one fixed
	 * boundary serves every mail.
	 */
	static final String BOUNDARY = "=_phoenix_code_mail";

	private static final String CRLF = "\r\n";

	private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII));

	private static final String TEXT_PART = "--" + BOUNDARY + CRLF + "Content-Type: text/plain; charset=UTF-8" + CRLF
			+ "Content-Transfer-Encoding: base64" + CRLF + CRLF;

	private static final String HTML_PART = CRLF + "--" + BOUNDARY + CRLF + "Content-Type: text/html; charset=UTF-8"
			+ CRLF + "Content-Transfer-Encoding: base64" + CRLF + CRLF;

	private static final String END = CRLF + "--" + BOUNDARY + "--" + CRLF;

	private final String fromHeader;

	private final String messageIdDomain;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, String> encodedSubjects = new ConcurrentHashMap<>();

	/**
	 * @param fromHeader the From header's value as Jakarta Mail writes it
	 * @param messageIdDomain the right-hand side of each Message-ID
	 */
	CodeMailRenderer(String fromHeader, String messageIdDomain) {
		this.fromHeader = fromHeader;
		this.messageIdDomain = messageIdDomain;
	}

	byte[] render(String to, ResetCodeMailComposer.ComposedMail mail) {
		byte[] id = new byte[12];
		this.random.nextBytes(id);
		StringBuilder out = new StringBuilder(4096);
		out.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append(CRLF);
		out.append("From: ").append(this.fromHeader).append(CRLF);
		out.append("To: ").append(to).append(CRLF);
		out.append("Message-ID: <")
			.append(HexFormat.of().formatHex(id))
			.append(".phoenix@")
			.append(this.messageIdDomain)
			.append('>')
			.append(CRLF);
		out.append("Subject: ").append(this.encodedSubjects.computeIfAbsent(mail.subject(), CodeMailRenderer::encode));
		out.append(CRLF).append("MIME-Version: 1.0").append(CRLF);
		out.append("Content-Type: multipart/alternative; boundary=\"").append(BOUNDARY).append('"').append(CRLF);
		out.append(CRLF);
		out.append(TEXT_PART).append(base64(mail.text()));
		out.append(HTML_PART).append(base64(mail.html()));
		out.append(END);
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String base64(String text) {
		return BASE64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/** As {@code MimeMessage.setSubject(subject, "UTF-8")} writes it. */
	private static String encode(String subject) {
		try {
			return MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", null));
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException("UTF-8 is always supported", ex);
		}
	}

}
