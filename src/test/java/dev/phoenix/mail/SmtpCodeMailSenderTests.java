package dev.phoenix.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.phoenix.resetcode.EmailAddress;
import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a batch's outcome is reported per mail: which index failed and why. The SMTP
 * conversation itself is covered against real servers (GreenMail, a server that hangs,
 * one that is slow or down) by the integration tests; here the transport is replaced only
 * to make one message of a batch fail.
 */
class SmtpCodeMailSenderTests {

	private final RecordingSender transport = new RecordingSender();

	private final SmtpCodeMailSender sender = new SmtpCodeMailSender(this.transport, composer(),
			"Phoenix <no-reply@phoenix.example>");

	@Test
	void sendWhenOneMessageRefusedThenOnlyItsIndexFails() {
		this.transport.refuse = 1;
		Map<Integer, MailException> failures = this.sender.send(List.of(mail("a"), mail("b"), mail("c")));
		assertThat(this.transport.batches).containsExactly(3);
		assertThat(failures).containsOnlyKeys(1);
		assertThat(failures.get(1)).isInstanceOf(MailSendException.class);
	}

	@Test
	void sendWhenAllTakenThenNoFailureAndOneBatch() {
		assertThat(this.sender.send(List.of(mail("a"), mail("b")))).isEmpty();
		assertThat(this.transport.batches).containsExactly(2);
	}

	@Test
	void sendWhenAuthenticationFailsThenEveryMailFails() {
		this.transport.authenticationFails = true;
		Map<Integer, MailException> failures = this.sender.send(List.of(mail("a"), mail("b")));
		assertThat(failures).containsOnlyKeys(0, 1);
		assertThat(failures.values()).allMatch(MailAuthenticationException.class::isInstance);
	}

	private static ResetCodeMail mail(String local) {
		return new ResetCodeMail(EmailAddress.ofCanonical(local + "@example.com"), "123456", Duration.ofMinutes(10),
				Locale.ENGLISH);
	}

	private static ResetCodeMailComposer composer() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		return new ResetCodeMailComposer(messages);
	}

	/**
	 * Takes every message but the one at {@code refuse}, as JavaMailSenderImpl reports.
	 */
	private static final class RecordingSender extends JavaMailSenderImpl {

		final List<Integer> batches = new ArrayList<>();

		int refuse = -1;

		boolean authenticationFails;

		@Override
		protected void doSend(MimeMessage[] messages, Object[] originals) {
			if (this.authenticationFails) {
				throw new MailAuthenticationException("535 authentication failed");
			}
			this.batches.add(messages.length);
			Map<Object, Exception> failed = new LinkedHashMap<>();
			if (this.refuse >= 0) {
				failed.put(messages[this.refuse], new MessagingException("550 mailbox unavailable"));
				throw new MailSendException(failed);
			}
		}

	}

}
