package dev.phoenix.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.Concurrently;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.RedisAdmin;
import dev.phoenix.support.RedisTestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health answers describe what requests meet, and cost Redis little: a flood of
 * health calls shares live checks; after a Redis restart, health says connected only when
 * a request gets through, and requests get through within 2 s of Redis answering.
 */
class RedisHealthFaultsIntegrationTests extends IntegrationTest {

	private final RedisTestServer redis = RedisTestServer.shared();

	@Test
	void threeHundredConcurrentHealthCallsThenAHandfulOfRedisCommands() throws Exception {
		// Another test of this class may have just restarted Redis: start from a health
		// check that has seen it again, not from a failure still cached for 250 ms.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.api.get("/auth/redis/health").status() == 200);
		RedisAdmin admin = RedisAdmin.on(this.redis.port());
		long before = healthCommands(admin);

		List<Reply> replies = Concurrently.run(300, () -> this.api.get("/auth/redis/health"));

		long commands = healthCommands(admin) - before;
		System.out.println("HEALTH FLOOD: 300 concurrent calls cost Redis " + commands + " INFO/DBSIZE commands");
		assertThat(replies).allSatisfy((reply) -> {
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.data().path("connected").asBoolean()).isTrue();
		});
		// Each shared check is INFO + DBSIZE; the metrics poller may add one INFO
		// meanwhile.
		assertThat(commands).isLessThanOrEqualTo(20);
	}

	@Test
	void healthKeysStayCurrent() {
		long keys = this.api.get("/auth/redis/health").data().path("stats").path("keys").asLong();
		assertThat(this.api.requestCode("current@example.com").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(2))
			.until(() -> this.api.get("/auth/redis/health").data().path("stats").path("keys").asLong() > keys);
	}

	@Test
	void redisRestartedThenHealthConnectedMeansRequestsSucceedWithinTwoSeconds() {
		for (int restart = 0; restart < 3; restart++) {
			this.redis.stop();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.api.get("/auth/redis/health").status() == 503);
			this.redis.start();
			long started = System.nanoTime();
			await().atMost(Duration.ofSeconds(3))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.api.get("/auth/redis/health").status() == 200);
			System.out.println("REDIS RESTART: health connected "
					+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms after Redis answered");
			Reply request = this.api.requestCode("restart" + restart + "@example.com");
			assertThat(request.status()).as(request.toString()).isEqualTo(202);
			assertThat(this.api.get("/actuator/health/readiness").status()).isEqualTo(200);
		}
	}

	@Test
	void actuatorHealthListsComponentsWithoutDetails() {
		Reply health = this.api.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body().path("components").path("redis").path("status").asString()).isEqualTo("UP");
		assertThat(health.body().path("components").path("redis").has("details")).isFalse();

		this.redis.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.api.get("/actuator/health").status() == 503);
		Reply down = this.api.get("/actuator/health");
		assertThat(down.body().path("components").path("redis").path("status").asString()).isEqualTo("DOWN");
		assertThat(down.body().path("components").path("livenessState").path("status").asString()).isEqualTo("UP");
		this.redis.start();
	}

	private static long healthCommands(RedisAdmin admin) {
		Map<String, String> stats = admin.info("commandstats");
		return calls(stats.get("cmdstat_info")) + calls(stats.get("cmdstat_dbsize"));
	}

	private static long calls(String commandStats) {
		if (commandStats == null) {
			return 0;
		}
		String calls = commandStats.split(",")[0];
		return Long.parseLong(calls.substring(calls.indexOf('=') + 1));
	}

}
