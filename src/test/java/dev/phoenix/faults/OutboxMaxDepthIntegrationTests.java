package dev.phoenix.faults;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import java.util.Arrays;
import jakarta.mail.MessagingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SMTP is down and the outbox fills up to {@code OUTBOX_MAX_DEPTH}: further code requests
 * answer 503 and write nothing (no code, no limiter count, no mail), while every accepted
 * code is mailed, once, when SMTP is back. The queue never drops a mail to make room.
 */
class OutboxMaxDepthIntegrationTests extends IntegrationTest {

	private static final int SMTP_PORT = RedisTestServer.freePort();

	private static final int MAX_DEPTH = 3;

	private GreenMail smtp;

	@DynamicPropertySource
	static void smallOutboxAndLateSmtp(DynamicPropertyRegistry registry) {
		registry.add("phoenix.mail.port", () -> SMTP_PORT);
		registry.add("phoenix.outbox.max-depth", () -> MAX_DEPTH);
	}

	@AfterEach
	void stopSmtp() {
		if (this.smtp != null) {
			this.smtp.stop();
		}
	}

	@Test
	void requestCodesWhenOutboxFullThenRefusedWithNothingWrittenAndEveryAcceptedMailArrivesOnce() {
		List<String> accepted = List.of("full1@example.com", "full2@example.com", "full3@example.com");
		for (String address : accepted) {
			assertThat(this.api.requestCode(address).status()).isEqualTo(202);
		}
		Set<String> keysBefore = this.redisTemplate.keys("reset_code:*");
		String ipCountBefore = this.redisTemplate.opsForValue().get(ipRequestsKey());

		Reply refused = this.api.requestCode("refused@example.com");

		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.errorCode()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(this.redisTemplate.opsForStream().size("reset_code:{outbox}")).isEqualTo(MAX_DEPTH);
		assertThat(this.redisTemplate.keys("reset_code:*")).isEqualTo(keysBefore);
		assertThat(this.redisTemplate.opsForValue().get(ipRequestsKey())).isEqualTo(ipCountBefore);
		assertThat(inspect("refused@example.com").path("codePending").asBoolean(true)).isFalse();
		assertThat(inspect("refused@example.com").path("codesThisHour").asInt(-1)).isZero();
		assertThat(this.api.prometheus()).contains("phoenix_outbox_refused_total 1.0")
			.contains("phoenix_outbox_max_depth " + MAX_DEPTH + ".0");

		this.smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.smtp.start();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.redisTemplate.opsForStream().size("reset_code:{outbox}") == 0);
		// GreenMail answers "250 OK" before it stores the mail: awaited, not read at
		// once.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.smtp.getReceivedMessages().length == MAX_DEPTH);
		assertThat(recipients()).containsExactlyInAnyOrderElementsOf(accepted);

		// Drained: a new address is accepted again, and the refused one was never
		// counted.
		assertThat(this.api.requestCode("refused@example.com").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.smtp.getReceivedMessages().length == MAX_DEPTH + 1);
	}

	private List<String> recipients() {
		return Arrays.stream(this.smtp.getReceivedMessages()).map((message) -> {
			try {
				return message.getAllRecipients()[0].toString();
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static String ipRequestsKey() {
		return "reset_code:ip:{127.0.0.1}:r";
	}

}
