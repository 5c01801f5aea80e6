package dev.phoenix.mail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered mail read back by Jakarta Mail, as a mail client would: structure,
 * headers, both bodies, and the transfer encoding each part was given.
 */
class CodeMailRendererTests {

	private final CodeMailRenderer renderer = new CodeMailRenderer("Phoenix <no-reply@phoenix.example>",
			"phoenix.example");

	@ParameterizedTest
	@ValueSource(strings = { "en", "ko" })
	void renderWhenReadBackThenAlternativeOfTextAndHtmlWithTheCode(String language) throws Exception {
		String text = read("mail/reset-code_" + language + ".txt").replace("{{code}}", "042917")
			.replace("{{minutes}}", "10");
		String html = read("mail/reset-code_" + language + ".html").replace("{{code}}", "042917")
			.replace("{{minutes}}", "10");
		String subject = "en".equals(language) ? "[Phoenix] Your password reset code" : "[Phoenix] 비밀번호 재설정 인증 코드";

		byte[] rendered = this.renderer.render("사용자@example.com",
				new ResetCodeMailComposer.ComposedMail(subject, text, html));
		// As the service's session does (MailConfiguration): UTF-8 headers, for SMTPUTF8.
		Properties utf8 = new Properties();
		utf8.setProperty("mail.mime.allowutf8", "true");
		MimeMessage mail = new MimeMessage(Session.getInstance(utf8), new ByteArrayInputStream(rendered));

		assertThat(mail.getSubject()).isEqualTo(subject);
		assertThat(mail.getHeader("From", ",")).isEqualTo("Phoenix <no-reply@phoenix.example>");
		assertThat(mail.getHeader("To", ",")).isEqualTo("사용자@example.com");
		assertThat(mail.getSentDate()).isNotNull();
		assertThat(mail.getMessageID()).endsWith(".phoenix@phoenix.example>");
		assertThat(mail.getContentType()).startsWith("multipart/alternative");
		MimeMultipart parts = (MimeMultipart) mail.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertPart((MimePart) parts.getBodyPart(0), "text/plain", text, language);
		assertPart((MimePart) parts.getBodyPart(1), "text/html", html, language);
	}

	@Test
	void renderWhenLinesEndInLfOrCrlfThenEveryLineOfTheMailEndsInCrlf() {
		String text = "\nfirst\nsecond\r\nthird\n\n";

		String rendered = new String(
				this.renderer.render("user@example.com",
						new ResetCodeMailComposer.ComposedMail("Subject", text, "<p>\nhtml\r\n</p>")),
				StandardCharsets.UTF_8);

		assertThat(rendered.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
		assertThat(rendered).contains("\r\n\r\n\r\nfirst\r\nsecond\r\nthird\r\n\r\n\r\n--")
			.contains("\r\n\r\n<p>\r\nhtml\r\n</p>\r\n--");
	}

	@Test
	void renderWhenCalledAgainOnTheSameThreadThenNothingOfTheEarlierMailRemains() {
		String longText = "line of the first mail\n".repeat(300);
		this.renderer.render("first@example.com", new ResetCodeMailComposer.ComposedMail("First", longText, longText));

		String second = new String(
				this.renderer.render("second@example.com",
						new ResetCodeMailComposer.ComposedMail("Second", "code 042917\n", "<p>042917</p>")),
				StandardCharsets.UTF_8);

		assertThat(second).startsWith("Date: ")
			.contains("To: second@example.com\r\n")
			.doesNotContain("first")
			.endsWith("--" + CodeMailRenderer.BOUNDARY + "--\r\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "reset-code_en.txt", "reset-code_en.html", "reset-code_ko.txt", "reset-code_ko.html" })
	void templateWhenReadThenBoundaryNotInIt(String template) throws Exception {
		assertThat(read("mail/" + template)).doesNotContain(CodeMailRenderer.BOUNDARY);
	}

	private static void assertPart(MimePart part, String type, String body, String language) throws Exception {
		assertThat(part.getContentType()).isEqualTo(type + "; charset=UTF-8");
		// English is ASCII and goes as it is; Korean as base64 of its UTF-8.
		assertThat(part.getEncoding()).isEqualTo("en".equals(language) ? "7bit" : "base64");
		assertThat(((String) part.getContent()).replace("\r\n", "\n")).isEqualTo(body.replace("\r\n", "\n"))
			.contains("042917");
	}

	private static String read(String path) throws Exception {
		return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
	}

}
