package dev.phoenix.topology;

import java.nio.file.Files;
import java.time.Duration;

import dev.phoenix.support.Api;
import dev.phoenix.support.RedisProcess;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service started while Redis is down publishes no Redis counters until its first
 * successful poll: a counter at 0 that later jumps to Redis's real total would look like
 * a burst to {@code increase()} and raise a false RedisEvictions or
 * RedisRejectedConnections.
 */
class MetricsDuringOutageIntegrationTests {

	@Test
	void startedDuringRedisOutageThenCountersOnlyOnceRedisAnswers() throws Exception {
		int port = RedisProcess.freePort();
		try (ConfigurableApplicationContext service = TopologyIntegrationTest
			.startService("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port)) {
			Api api = TopologyIntegrationTest.apiOf(service);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(Api.metric(api.prometheus(), "redis_up")).isEqualTo(0.0));
			assertThat(api.prometheus()).doesNotContain("redis_evicted_keys_total")
				.doesNotContain("redis_rejected_connections_total");

			try (RedisProcess redis = RedisProcess.start("late", Files.createTempDirectory("phoenix-late-redis"), port,
					RedisProcess.baseArguments(port))) {
				await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
					String scrape = api.prometheus();
					assertThat(Api.metric(scrape, "redis_up")).isEqualTo(1.0);
					assertThat(Api.metric(scrape, "redis_evicted_keys_total")).isZero();
					assertThat(Api.metric(scrape, "redis_rejected_connections_total")).isNotNull();
				});
			}
		}
	}

}
