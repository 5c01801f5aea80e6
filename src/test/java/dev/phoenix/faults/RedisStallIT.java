package dev.phoenix.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.phoenix.support.Api;
import dev.phoenix.support.MailTestServer;
import dev.phoenix.support.RedisTestServer;
import dev.phoenix.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis frozen (SIGSTOP) while the probes keep asking, then resumed: the same service
 * process mails the next code within seconds, through a 5 s and then a 30 s stall, with
 * the production outbox settings (a stranded job would otherwise wait out the 30 s retry
 * delay).
 */
class RedisStallIT {

	private final MailTestServer mail = MailTestServer.shared();

	private RedisTestServer redis;

	private ServiceProcess service;

	@BeforeEach
	void start() {
		this.redis = RedisTestServer.startProcess();
		this.service = ServiceProcess.start("stall", productionOutbox(this.redis, this.mail));
	}

	@AfterEach
	void stop() {
		this.service.close();
		this.redis.stop();
	}

	@Test
	void redisFrozenFor5sThenFor30sThenEachTimeTheNextCodeMailedWithinSeconds() {
		Api api = this.service.api();
		assertThat(api.requestCode("stall-before@example.com").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(15)).until(() -> !this.mail.messagesTo("stall-before@example.com").isEmpty());
		// One service process through both stalls, as in production.
		for (int stallSeconds : new int[] { 5, 30 }) {
			freezeWhileProbing(api, Duration.ofSeconds(stallSeconds));
			this.redis.resume();
			long resumed = System.nanoTime();
			String after = "stall-after-" + stallSeconds + "@example.com";
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> api.get("/actuator/health/readiness").status() == 200);
			assertThat(api.requestCode(after).status()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> !this.mail.messagesTo(after).isEmpty());
			System.out.printf("REDIS STALL %d s: first mail %d ms after Redis resumed%n", stallSeconds,
					Duration.ofNanos(System.nanoTime() - resumed).toMillis());
		}
		assertThat(this.service.log()).doesNotContain("unreleased connections");
	}

	/**
	 * SIGSTOP for {@code stall}, while probes and users keep asking; the stall is the
	 * scenario, not a wait.
	 */
	private void freezeWhileProbing(Api api, Duration stall) {
		this.redis.freeze();
		long frozenUntil = System.nanoTime() + stall.toNanos();
		// A health answer may be reused for 250 ms: down within the contract's 2 s, then
		// down.
		await().atMost(Duration.ofSeconds(2)).until(() -> api.get("/auth/redis/health").status() == 503);
		while (System.nanoTime() < frozenUntil) {
			assertThat(api.get("/auth/redis/health").status()).isEqualTo(503);
			assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
			assertThat(api.requestCode("during-" + System.nanoTime() + "@example.com").status()).isEqualTo(503);
		}
	}

	/**
	 * The outbox with its production timings: a stranded job would wait 30 s for the
	 * claimer.
	 */
	static Map<String, String> productionOutbox(RedisTestServer redis, MailTestServer mail) {
		Map<String, String> environment = new HashMap<>();
		environment.put("REDIS_HOST", redis.host());
		environment.put("REDIS_PORT", Integer.toString(redis.port()));
		environment.put("MAIL_HOST", "127.0.0.1");
		environment.put("MAIL_PORT", Integer.toString(mail.port()));
		environment.put("OUTBOX_RETRY_DELAY", "30s");
		environment.put("PHOENIX_OUTBOX_CLAIMINTERVAL", "1s");
		environment.put("PHOENIX_OUTBOX_POLLTIMEOUT", "1s");
		environment.put("RESET_CODE_MAX_PER_IP_PER_HOUR", "1000000");
		return environment;
	}

}
