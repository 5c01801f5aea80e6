package dev.phoenix.mail;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;

import org.springframework.mail.MailException;

/**
 * Hands one code mail to the mail server, once, and returns when the server took it.
 * Retries are the outbox's business.
 */
public interface CodeMailSender {

	void send(ResetCodeMail mail) throws MailException;

}
