package dev.phoenix.mail;

import java.time.Duration;

import dev.phoenix.resetcode.ResetCodeMailer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Dev only, while no {@code MAIL_HOST} is set: writes the mail to the log instead of
 * sending it. The single place a code appears outside a mail, and it says so.
 */
final class LogResetCodeMailer implements ResetCodeMailer {

	private static final Log logger = LogFactory.getLog(LogResetCodeMailer.class);

	private final ResetCodeMailComposer composer;

	private final MailMetrics metrics;

	LogResetCodeMailer(ResetCodeMailComposer composer, MailMetrics metrics) {
		this.composer = composer;
		this.metrics = metrics;
	}

	@Override
	public void send(ResetCodeMail mail) {
		ResetCodeMailComposer.ComposedMail composed = this.composer.compose(mail);
		logger.info("DEV LOG MAILER (MAIL_HOST is not set, so this code is logged instead of mailed): to="
				+ mail.to().masked() + " subject=\"" + composed.subject() + "\" code=" + mail.code());
		this.metrics.sent(Duration.ZERO);
	}

}
