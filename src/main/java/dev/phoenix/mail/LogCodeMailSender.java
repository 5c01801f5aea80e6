package dev.phoenix.mail;

import java.util.List;
import java.util.Map;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.mail.MailException;

/**
 * Dev only, while no {@code MAIL_HOST} is set: writes the mail to the log instead of
 * sending it. The single place a code appears outside a mail, and it says so.
 */
final class LogCodeMailSender implements CodeMailSender {

	private static final Log logger = LogFactory.getLog(LogCodeMailSender.class);

	private final ResetCodeMailComposer composer;

	LogCodeMailSender(ResetCodeMailComposer composer) {
		this.composer = composer;
	}

	@Override
	public Map<Integer, MailException> send(List<ResetCodeMail> mails) {
		for (ResetCodeMail mail : mails) {
			ResetCodeMailComposer.ComposedMail composed = this.composer.compose(mail);
			logger.info("DEV LOG MAILER (MAIL_HOST is not set, so this code is logged instead of mailed): to="
					+ mail.to().masked() + " subject=\"" + composed.subject() + "\" code=" + mail.code());
		}
		return Map.of();
	}

}
