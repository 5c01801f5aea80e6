package dev.phoenix.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.mail.internet.MimeUtility;

/**
 * Writes a code mail out as RFC 5322 / MIME bytes: a {@code multipart/alternative} of the
 * text and the HTML body (UTF-8; 7bit when ASCII, else base64), with Date, From, To,
 * Message-ID, an RFC 2047 encoded Subject and MIME-Version. Everything that is the same
 * for every mail (the From header, the encoded subjects, the part headers) is made once.
 */
final class CodeMailRenderer {

	/**
	 * Cannot occur in base64 (no {@code _}), in the part headers, nor in the templates
	 * (RenderedCodeMailTests checks them), so one fixed boundary serves every mail.
	 */
	static final String BOUNDARY = "=_phoenix_code_mail";

	private static final String CRLF = "\r\n";

	private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII));

	private static final String TEXT_PART = "--" + BOUNDARY + CRLF + "Content-Type: text/plain; charset=UTF-8" + CRLF;

	private static final String HTML_PART = CRLF + "--" + BOUNDARY + CRLF + "Content-Type: text/html; charset=UTF-8"
			+ CRLF;

	/** RFC 5322's limit, without the line's CRLF. */
	private static final int MAX_LINE = 998;

	private static final String END = CRLF + "--" + BOUNDARY + "--" + CRLF;

	private final String fromHeader;

	private final String messageIdDomain;

	/** The Date header of the current second: formatting it was 5 % of a mail's CPU. */
	private volatile DateHeader date = new DateHeader(-1, "");

	private final Map<String, String> encodedSubjects = new ConcurrentHashMap<>();

	/**
	 * One builder per outbox thread, reused: a new one per mail (of 4 KiB, for a mail of
	 * about 1.5 KiB) was the largest single allocation of a code request and its mail.
	 */
	private static final ThreadLocal<StringBuilder> BUILDERS = ThreadLocal.withInitial(() -> new StringBuilder(4096));

	/**
	 * @param fromHeader the From header's value as Jakarta Mail writes it
	 * @param messageIdDomain the right-hand side of each Message-ID
	 */
	CodeMailRenderer(String fromHeader, String messageIdDomain) {
		this.fromHeader = fromHeader;
		this.messageIdDomain = messageIdDomain;
	}

	private String date() {
		long second = System.currentTimeMillis() / 1000;
		DateHeader current = this.date;
		if (current.second() != second) {
			current = new DateHeader(second, DateTimeFormatter.RFC_1123_DATE_TIME
				.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneId.systemDefault())));
			this.date = current;
		}
		return current.value();
	}

	byte[] render(String to, ResetCodeMailComposer.ComposedMail mail) {
		// Unique, not secret: a Message-ID tells nothing about the code.
		byte[] id = new byte[12];
		ThreadLocalRandom.current().nextBytes(id);
		StringBuilder out = BUILDERS.get();
		out.setLength(0);
		out.append("Date: ").append(date()).append(CRLF);
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
		out.append(TEXT_PART);
		body(out, mail.text());
		out.append(HTML_PART);
		body(out, mail.html());
		out.append(END);
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A part's transfer encoding and content: as it is ({@code 7bit}) when it is short
	 * lines of ASCII, as Jakarta Mail would send it and any reader reads it raw (the
	 * English mails); else base64 of its UTF-8 (the Korean ones).
	 */
	private static void body(StringBuilder out, String text) {
		if (isSevenBit(text)) {
			out.append("Content-Transfer-Encoding: 7bit").append(CRLF).append(CRLF);
			appendWithCrlf(out, text);
		}
		else {
			out.append("Content-Transfer-Encoding: base64").append(CRLF).append(CRLF);
			out.append(BASE64.encodeToString(text.getBytes(StandardCharsets.UTF_8)));
		}
	}

	/**
	 * The text with each line ending a CRLF, appended in place: a {@code \r} before every
	 * {@code \n} that has none (a 7-bit text has no {@code \r} of its own elsewhere).
	 */
	private static void appendWithCrlf(StringBuilder out, String text) {
		int start = 0;
		for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
			if (i == 0 || text.charAt(i - 1) != '\r') {
				out.append(text, start, i).append('\r');
				start = i;
			}
		}
		out.append(text, start, text.length());
	}

	private static boolean isSevenBit(String text) {
		int lineLength = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n') {
				lineLength = 0;
			}
			else if (c >= 0x80 || c == 0 || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))
					|| ++lineLength > MAX_LINE) {
				return false;
			}
		}
		return true;
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

	private record DateHeader(long second, String value) {
	}

}
