package dev.phoenix.outbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.RedisTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SMTP is down while codes are requested: the requests are answered, the mails wait in
 * the outbox, and once SMTP is back every one arrives, exactly once.
 */
class SmtpOutageIntegrationTests extends IntegrationTest {

	private static final int SMTP_PORT = RedisTestServer.freePort();

	private GreenMail smtp;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void laterSmtp(DynamicPropertyRegistry registry) {
		registry.add("phoenix.mail.port", () -> SMTP_PORT);
	}

	@AfterEach
	void stopSmtp() {
		if (this.smtp != null) {
			this.smtp.stop();
		}
	}

	@Test
	void requestCodesWhenSmtpDownThenEveryMailArrivesOnceAfterItReturns() throws MessagingException {
		double failedBefore = this.registry.counter("phoenix.mail.failed").count();
		List<String> addresses = List.of("wait1@example.com", "wait2@example.com", "wait3@example.com");
		for (String address : addresses) {
			assertThat(this.api.requestCode(address).status()).isEqualTo(202);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.counter("phoenix.mail.failed").count() >= failedBefore + 3);

		this.smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.smtp.start();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.smtp.getReceivedMessages().length >= 3);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.redisTemplate.opsForStream().size("reset_code:{outbox}") == 0);
		MimeMessage[] received = this.smtp.getReceivedMessages();
		assertThat(received).hasSize(3);
		assertThat(Arrays.stream(received).map((message) -> {
			try {
				return message.getAllRecipients()[0].toString();
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		})).containsExactlyInAnyOrderElementsOf(addresses);
		assertThat(this.registry.counter("phoenix.mail.retries").count()).isPositive();
	}

}
