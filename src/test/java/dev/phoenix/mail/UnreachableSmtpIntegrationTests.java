package dev.phoenix.mail;

import java.time.Duration;
import java.util.List;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.SilentSmtpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMTP server that accepts connections and never says a word: requests are answered at
 * once anyway, each send times out, is redelivered with backoff, and after the last
 * delivery the job is dead-lettered, still sealed.
 */
class UnreachableSmtpIntegrationTests extends IntegrationTest {

	private static final SilentSmtpServer silent = new SilentSmtpServer();

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void silentSmtp(DynamicPropertyRegistry registry) {
		registry.add("phoenix.mail.port", silent::port);
		registry.add("phoenix.mail.timeout", () -> "2s");
		registry.add("phoenix.outbox.retry-delay", () -> "500ms");
		registry.add("phoenix.outbox.max-deliveries", () -> "3");
	}

	@AfterAll
	static void closeSilentServer() {
		silent.close();
	}

	@Test
	void requestCodeWhenSmtpSilentThenAnsweredAtOnceRetriedThenDeadLettered() {
		double failedBefore = counter("phoenix.mail.failed");
		double retriesBefore = counter("phoenix.mail.retries");
		double deadBefore = counter("phoenix.mail.dead.letters");

		Reply reply = this.api.requestCode("patient@example.com");

		assertThat(reply.status()).isEqualTo(202);
		// Answered long before the first send attempt (2 s against a silent server) could
		// fail.
		assertThat(counter("phoenix.mail.failed")).isEqualTo(failedBefore);
		await().atMost(Duration.ofSeconds(20)).until(() -> counter("phoenix.mail.dead.letters") == deadBefore + 1);
		assertThat(counter("phoenix.mail.failed")).isEqualTo(failedBefore + 3);
		assertThat(counter("phoenix.mail.retries")).isEqualTo(retriesBefore + 2);
		assertThat(counter("phoenix.mail.sent")).isZero();

		List<MapRecord<String, Object, Object>> dead = this.redisTemplate.opsForStream()
			.range("reset_code:{outbox}:dead", Range.unbounded());
		assertThat(dead).hasSize(1);
		assertThat(dead.get(0).getValue()).containsEntry("deliveries", "3").containsKey("p");
		assertThat(dead.get(0).getValue().toString()).doesNotContain("patient@example.com");
		assertThat(this.redisTemplate.getExpire("reset_code:{outbox}:dead")).isPositive();
	}

	private double counter(String name) {
		return this.registry.counter(name).count();
	}

}
