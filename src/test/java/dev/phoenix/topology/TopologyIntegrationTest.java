package dev.phoenix.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.phoenix.PhoenixApplication;
import dev.phoenix.support.Api;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.MailTestServer;
import dev.phoenix.support.RedisProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import java.util.regex.Pattern;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against a Redis topology its test class starts (TLS, ACL, Sentinel,
 * cluster), configured the way an operator would: through the contract's variables
 * ({@code REDIS_SSL}, {@code REDIS_CLUSTER_NODES}, ...), registered as properties of the
 * same names. Each class starts its servers in
 * {@code static AutoCloseable startServers(Path)} ({@link TopologyServers} calls it
 * first, and closes what it returns after the class). The context is closed after the
 * class, before its servers stop, so no client keeps dialling servers that are gone.
 */
@ExtendWith(TopologyServers.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "phoenix.redis.metrics.interval=200ms")
abstract class TopologyIntegrationTest extends IntegrationTest {

	static final Duration MAIL_WAIT = Duration.ofSeconds(10);

	/**
	 * ACL users (Redis 6.0+) for the ACL, Sentinel and cluster tests; skipped, with the
	 * reason, on older servers.
	 */
	static void assumeAclSupport() {
		String version = RedisProcess.version();
		Matcher matcher = Pattern.compile("v=(\\d+)\\.").matcher(version);
		Assumptions.assumeTrue(matcher.find() && Integer.parseInt(matcher.group(1)) >= 6,
				() -> "needs redis-server 6.0 or later (ACL users): " + version);
	}

	/** Flushes through the service's own connection (a user allowed FLUSHDB). */
	@Override
	protected void clearRedis() {
		this.redisTemplate.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

	/** Request, mail, a wrong code, the right code, the token redeemed once. */
	void assertWholeFlow(String address) {
		Reply requested = this.api.requestCode(address);
		assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
		String code = awaitCode(address);
		Reply wrong = this.api.verify(address, wrongCode(code));
		assertThat(wrong.errorCode()).as(wrong.toString()).isEqualTo("INVALID_CODE");
		assertThat(wrong.body().path("error").path("remainingAttempts").asInt()).isEqualTo(4);
		Reply verified = this.api.verify(address, code);
		assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
		String token = verified.data().path("resetToken").asString();
		Reply consumed = this.api.consume(token, INTERNAL_TOKEN);
		assertThat(consumed.status()).as(consumed.toString()).isEqualTo(200);
		assertThat(consumed.data().path("email").asString()).isEqualTo(address);
		assertThat(this.api.consume(token, INTERNAL_TOKEN).errorCode()).isEqualTo("INVALID_TOKEN");
		assertThat(this.api.verify(address, code).errorCode()).isEqualTo("CODE_EXPIRED");
	}

	/**
	 * {@code /auth/redis/health} answers 200 in the document's shape; its {@code stats}.
	 */
	JsonNode assertHealthy(String mode) {
		Reply health = this.api.get("/auth/redis/health");
		assertThat(health.status()).as(health.toString()).isEqualTo(200);
		assertThat(health.data().path("connected").asBoolean()).isTrue();
		JsonNode stats = health.data().path("stats");
		assertThat(stats.path("mode").asString()).isEqualTo(mode);
		assertThat(stats.path("memory").asString()).matches("used_memory:\\d+");
		assertThat(stats.path("uptime").isIntegralNumber()).isTrue();
		assertThat(stats.path("keys").isIntegralNumber()).isTrue();
		assertThat(stats.path("role").asString()).isEqualTo("master");
		return stats;
	}

	/** Readiness UP and the Redis series live, with at least {@code keys} keys in db0. */
	void assertProbesAndMetricsLive(long keys) {
		assertThat(this.api.get("/actuator/health/readiness").status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = this.api.prometheus();
			assertThat(Api.metric(scrape, "redis_up")).isEqualTo(1.0);
			assertThat(Api.metric(scrape, "redis_db_keys{db=\"db0\"}")).isGreaterThanOrEqualTo(keys);
			assertThat(Api.metric(scrape, "redis_memory_used_bytes")).isPositive();
			assertThat(Api.metric(scrape, "redis_commands_total{cmd=\"evalsha\"}")).isPositive();
		});
	}

	String awaitCode(String address) {
		await().atMost(MAIL_WAIT).until(() -> !this.mail.messagesTo(address).isEmpty());
		return this.mail.latestCodeFor(address);
	}

	static String wrongCode(String code) {
		char first = code.charAt(0);
		return ((first == '9') ? '0' : (char) (first + 1)) + code.substring(1);
	}

	/**
	 * A second instance of the service, for a configuration that must fail (a wrong CA, a
	 * wrong password): the arguments are the contract's variables, as
	 * {@code --NAME=value}.
	 */
	static ConfigurableApplicationContext startService(String... variables) {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=0", "--phoenix.redis.embedded=false", "--phoenix.redis.metrics.interval=200ms",
						"--phoenix.mail.host=127.0.0.1", "--phoenix.mail.port=" + MailTestServer.shared().port(),
						"--phoenix.mail.starttls=false", "--phoenix.secrets.reset-code-secret=" + SECRET,
						"--phoenix.secrets.internal-api-token=" + INTERNAL_TOKEN));
		for (String variable : variables) {
			arguments.add("--" + variable);
		}
		return new SpringApplicationBuilder(PhoenixApplication.class).run(arguments.toArray(String[]::new));
	}

	static Api apiOf(ConfigurableApplicationContext service) {
		return new Api(((WebServerApplicationContext) service).getWebServer().getPort());
	}

	/**
	 * Commands for 503 from a service that cannot reach Redis, within the contract's 2 s.
	 */
	static void assertUnavailable(Api api) {
		Reply health = api.get("/auth/redis/health");
		assertThat(health.status()).as(health.toString()).isEqualTo(503);
		assertThat(health.errorCode()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(health.data().path("connected").asBoolean(true)).isFalse();
		Reply request = api.requestCode("refused@example.com");
		assertThat(request.status()).as(request.toString()).isEqualTo(503);
		assertThat(request.errorCode()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
	}

}
