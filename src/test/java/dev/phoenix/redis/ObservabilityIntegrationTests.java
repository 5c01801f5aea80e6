package dev.phoenix.redis;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.phoenix.ops.OpsFilesTests;
import dev.phoenix.support.Api;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Prometheus and the probes see: the Redis exporter's series with live values, the
 * service's counters moving with the flow, and with Redis stopped readiness DOWN,
 * liveness UP, {@code redis_up 0}, and scrapes that still answer at once.
 */
@TestPropertySource(properties = "phoenix.redis.metrics.interval=200ms")
class ObservabilityIntegrationTests extends IntegrationTest {

	static final List<String> REDIS_SERIES = List.of("redis_up", "redis_memory_used_bytes", "redis_memory_max_bytes",
			"redis_connected_clients", "redis_blocked_clients", "redis_max_clients", "redis_db_keys{db=\"db0\"}",
			"redis_db_keys_expiring{db=\"db0\"}", "redis_evicted_keys_total", "redis_expired_keys_total",
			"redis_rejected_connections_total", "redis_keyspace_hits_total", "redis_keyspace_misses_total",
			"redis_commands_total{cmd=\"evalsha\"}", "redis_commands_duration_seconds_total{cmd=\"evalsha\"}",
			"redis_uptime_in_seconds");

	private final RedisTestServer redis = RedisTestServer.shared();

	@AfterEach
	void redisBack() {
		this.redis.start();
	}

	@Test
	void prometheusWhenFlowRunsThenRedisSeriesLiveAndServiceCountersMove() {
		this.api.requestCode("metrics@example.com");
		this.api.verify("metrics@example.com", "000000");
		this.api.verify("nobody@example.com", "000000");
		this.api.requestCode("metrics@example.com");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = scrape();
			for (String series : REDIS_SERIES) {
				assertThat(value(scrape, series)).as(series).isNotNull();
			}
			assertThat(value(scrape, "redis_up")).isEqualTo(1.0);
			assertThat(value(scrape, "redis_db_keys{db=\"db0\"}")).isGreaterThanOrEqualTo(1.0);
			assertThat(value(scrape, "redis_commands_total{cmd=\"evalsha\"}")).isGreaterThanOrEqualTo(3.0);
		});
		String scrape = scrape();
		assertThat(value(scrape, "phoenix_reset_codes_issued_total")).isGreaterThanOrEqualTo(1.0);
		assertThat(value(scrape, "phoenix_reset_verifications_total{outcome=\"expired\"}")).isGreaterThanOrEqualTo(1.0);
		assertThat(value(scrape, "phoenix_reset_rate_limited_total{scope=\"cooldown\"}")).isGreaterThanOrEqualTo(1.0);
		assertThat(scrape).contains("phoenix_mail_delivery_seconds_bucket", "http_server_requests_seconds_bucket",
				"lettuce_seconds_bucket", "phoenix_redis_errors_total{kind=\"timeout\"}", "phoenix_mail_sent_total");
		assertThat(scrape).doesNotContain("metrics@example.com");
	}

	/** The dashboard and the alerts query only names from this list (OpsFilesTests). */
	@Test
	void prometheusWhenScrapedThenEveryMetricTheOpsFilesQueryIsServed() {
		this.api.requestCode("listed@example.com");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Set<String> served = scrape().lines()
				.filter((line) -> !line.startsWith("#") && !line.isBlank())
				.map((line) -> line.split("[{ ]", 2)[0])
				.collect(Collectors.toSet());
			assertThat(served).containsAll(OpsFilesTests.EXPORTED_METRICS);
		});
	}

	@Test
	void probesWhenRedisStoppedThenReadinessDownLivenessUpAndRedisUpZero() {
		assertThat(this.api.get("/actuator/health/readiness").status()).isEqualTo(200);
		this.redis.stop();

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(value(scrape(), "redis_up")).isEqualTo(0.0));
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.api.get("/actuator/health/readiness").status()).isEqualTo(503));
		assertThat(this.api.get("/actuator/health/liveness").status()).isEqualTo(200);
		// The scrape serves cached values: bounded by the client, it never waits on
		// Redis.
		Reply scrape = this.api
			.send(HttpRequest.newBuilder(this.api.uri("/actuator/prometheus")).timeout(Duration.ofMillis(500)).GET());
		assertThat(scrape.status()).isEqualTo(200);

		this.redis.start();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.api.get("/actuator/health/readiness").status()).isEqualTo(200));
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(value(scrape(), "redis_up")).isEqualTo(1.0));
	}

	@Test
	void infoWhenAskedThenBuildAndGitWithoutSecrets() {
		Reply info = this.api.get("/actuator/info");
		assertThat(info.status()).isEqualTo(200);
		assertThat(info.body().path("build").path("artifact").asString()).isEqualTo("phoenix-reset");
		assertThat(info.response().body()).doesNotContain(SECRET).doesNotContain(INTERNAL_TOKEN);
		assertThat(this.api.get("/actuator/env").status()).isEqualTo(404);
		assertThat(this.api.get("/actuator/health").response().body()).contains("\"redis\"").doesNotContain("details");
	}

	private String scrape() {
		return this.api.get("/actuator/prometheus").response().body();
	}

	/**
	 * The value of one series (name with its exact label set, or the only series of a
	 * name).
	 */
	static Double value(String scrape, String series) {
		return Api.metric(scrape, series);
	}

}
