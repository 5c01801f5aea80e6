package dev.phoenix.health;

import java.net.http.HttpRequest;
import java.time.Duration;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.RedisCallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped, hung or full: every request gets 503 {@code STORE_UNAVAILABLE} (never a
 * 500 or a hang), nothing is half-written, and the service recovers by itself.
 */
class RedisOutageIntegrationTests extends IntegrationTest {

	private final RedisTestServer redis = RedisTestServer.shared();

	@AfterEach
	void redisBack() {
		this.redis.resume();
		this.redis.start();
		this.redisTemplate.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().setConfig("maxmemory", "0");
			return null;
		});
	}

	@Test
	void requestsWhenRedisStoppedThenStoreUnavailableAndRecoveryWithoutRestart() {
		assertThat(this.api.requestCode("before@example.com").status()).isEqualTo(202);
		this.redis.stop();

		assertUnavailable(this.api.requestCode("during@example.com"));
		assertUnavailable(this.api.verify("before@example.com", "123456"));
		assertUnavailable(this.api.consume("a.b", INTERNAL_TOKEN));
		Reply health = healthWithin(Duration.ofSeconds(2));
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.errorCode()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(health.data().path("connected").asBoolean(true)).isFalse();
		assertThat(health.data().path("timestamp").asString()).endsWith("Z");

		this.redis.start();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.api.requestCode("after@example.com").status() == 202);
		assertThat(healthWithin(Duration.ofSeconds(2)).status()).isEqualTo(200);
	}

	@Test
	void requestsWhenRedisHangsThenStoreUnavailableWithinTimeout() {
		assertThat(this.api.requestCode("before@example.com").status()).isEqualTo(202);
		this.redis.freeze();
		// The contract's bound: REDIS_CONNECT_TIMEOUT + REDIS_TIMEOUT + 1 s; a slower
		// answer fails.
		assertUnavailable(this.api.send(HttpRequest.newBuilder(this.api.uri("/auth/reset-code"))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"during@example.com\"}"))));
		Reply health = healthWithin(Duration.ofSeconds(2));
		assertThat(health.status()).isEqualTo(503);
		this.redis.resume();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.api.requestCode("after@example.com").status() == 202);
	}

	@Test
	void requestsWhenRedisOutOfMemoryThenStoreUnavailableAndEarlierStateKept() throws Exception {
		assertThat(this.api.requestCode("kept@example.com").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.mail.messagesTo("kept@example.com").isEmpty());
		String code = this.mail.latestCodeFor("kept@example.com");
		this.redisTemplate.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().setConfig("maxmemory", "1");
			return null;
		});

		assertUnavailable(this.api.requestCode("new@example.com"));
		assertUnavailable(this.api.verify("kept@example.com", code));

		this.redisTemplate.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().setConfig("maxmemory", "0");
			return null;
		});
		assertThat(this.api.verify("kept@example.com", code).status()).isEqualTo(200);
		assertThat(this.api.verify("new@example.com", "123456").errorCode()).isEqualTo("CODE_EXPIRED");
	}

	private static void assertUnavailable(Reply reply) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
		assertThat(reply.errorCode()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(reply.body().path("success").asBoolean(true)).isFalse();
	}

	/** The contract's bound, enforced by the client: a slower answer fails the test. */
	private Reply healthWithin(Duration bound) {
		return this.api.send(HttpRequest.newBuilder(this.api.uri("/auth/redis/health")).timeout(bound).GET());
	}

}
