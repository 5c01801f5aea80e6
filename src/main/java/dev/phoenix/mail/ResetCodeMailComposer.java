package dev.phoenix.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;

import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;

/**
 * The text and HTML bodies and the subject of a code mail, in Korean or English. The
 * templates ({@code mail/reset-code_<lang>.txt|html}) are read once; the only values put
 * in are the code (digits) and the minutes (a number), so nothing needs escaping.
 */
@Component
class ResetCodeMailComposer {

	private final MessageSource messages;

	private final Map<String, Templates> templates;

	ResetCodeMailComposer(MessageSource messages) {
		this.messages = messages;
		this.templates = Map.of("ko", Templates.load("ko"), "en", Templates.load("en"));
	}

	ComposedMail compose(ResetCodeMail mail) {
		Locale locale = "en".equals(mail.locale().getLanguage()) ? Locale.ENGLISH : Locale.KOREAN;
		Templates templates = this.templates.get(locale.getLanguage());
		String minutes = Long.toString(Math.max(1, mail.validFor().toMinutes()));
		String subject = this.messages.getMessage("mail.subject", null, locale);
		return new ComposedMail(subject, fill(templates.text(), mail.code(), minutes),
				fill(templates.html(), mail.code(), minutes));
	}

	private static String fill(String template, String code, String minutes) {
		return template.replace("{{code}}", code).replace("{{minutes}}", minutes);
	}

	record ComposedMail(String subject, String text, String html) {

		@Override
		public String toString() {
			return "ComposedMail[" + this.subject + "]";
		}

	}

	private record Templates(String text, String html) {

		static Templates load(String language) {
			return new Templates(read("mail/reset-code_" + language + ".txt"),
					read("mail/reset-code_" + language + ".html"));
		}

		private static String read(String path) {
			try {
				return StreamUtils.copyToString(new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Missing mail template " + path, ex);
			}
		}

	}

}
