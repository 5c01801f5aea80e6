package dev.phoenix.mail;

import java.util.List;
import java.util.Map;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;

import org.springframework.mail.MailException;

/**
 * Hands code mails to the mail server, each once, over one connection where it can.
 * Retries are the outbox's business.
 */
public interface CodeMailSender {

	/**
	 * Sends {@code mails} and returns when the server took them: those it did not take,
	 * by their index in {@code mails}, each with why (a
	 * {@link org.springframework.mail.MailPreparationException} when the mail could not
	 * be built, which no retry mends).
	 */
	Map<Integer, MailException> send(List<ResetCodeMail> mails);

}
