package dev.phoenix.mail;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/** A multipart (text and HTML) code mail through SMTP, bounded by the SMTP timeouts. */
final class SmtpCodeMailSender implements CodeMailSender {

	private final JavaMailSender sender;

	private final ResetCodeMailComposer composer;

	private final String from;

	SmtpCodeMailSender(JavaMailSender sender, ResetCodeMailComposer composer, String from) {
		this.sender = sender;
		this.composer = composer;
		this.from = from;
	}

	@Override
	public void send(ResetCodeMail mail) {
		this.sender.send(toMessage(mail));
	}

	private MimeMessage toMessage(ResetCodeMail mail) {
		ResetCodeMailComposer.ComposedMail composed = this.composer.compose(mail);
		try {
			MimeMessage message = this.sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
			helper.setFrom(this.from);
			helper.setTo(mail.to().value());
			helper.setSubject(composed.subject());
			helper.setText(composed.text(), composed.html());
			return message;
		}
		catch (MessagingException ex) {
			throw new MailPreparationException("Could not build the code mail", ex);
		}
	}

}
