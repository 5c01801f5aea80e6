package dev.phoenix.topology;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.phoenix.support.RedisAdmin;
import dev.phoenix.support.RedisAdmin.ErrorReply;
import dev.phoenix.support.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The service as the minimal ACL user of the runbooks ({@link MinimalAcl}): the whole
 * flow, health and metrics work, Redis refused nothing it asked, and the user really
 * cannot do more. A wrong password is a 503 with a log line that names it.
 */
@ExtendWith(OutputCaptureExtension.class)
class AclIntegrationTests extends TopologyIntegrationTest {

	private static RedisProcess redis;

	static AutoCloseable startServers(Path directory) {
		assumeAclSupport();
		int port = RedisProcess.freePort();
		redis = RedisProcess.start("redis-acl", directory, port, RedisProcess.baseArguments(port));
		MinimalAcl.create(port);
		return redis::stop;
	}

	@DynamicPropertySource
	static void aclRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.port());
		registry.add("REDIS_USERNAME", () -> MinimalAcl.USER);
		registry.add("REDIS_PASSWORD", () -> MinimalAcl.PASSWORD);
	}

	/** The user may not FLUSHDB: the test flushes as the default user. */
	@Override
	protected void clearRedis() {
		RedisAdmin.on(redis.port()).call("FLUSHALL");
	}

	@Test
	void flowWhenMinimalUserThenEverythingWorksAndNothingRefused() throws Exception {
		assertWholeFlow("acl@example.com");
		assertThat(this.api.requestCode("acl@example.com").errorCode()).isEqualTo("RATE_LIMITED");
		this.api.post("/auth/reset-code/inspect", "{\"email\":\"acl@example.com\"}", "Authorization",
				"Bearer " + INTERNAL_TOKEN);
		assertThat(this.api
			.post("/auth/reset-code/revoke", "{\"email\":\"acl@example.com\"}", "Authorization",
					"Bearer " + INTERNAL_TOKEN)
			.status()).isEqualTo(200);
		assertHealthy("standalone");
		assertProbesAndMetricsLive(1);
		assertThat(MinimalAcl.refusals(redis.port())).as("ACL LOG").isEmpty();
	}

	@Test
	void aclWhenUserTriesMoreThanTheServiceNeedsThenRefused() {
		RedisAdmin user = RedisAdmin.on(redis.port()).as(MinimalAcl.USER, MinimalAcl.PASSWORD);
		for (List<String> command : List.of(List.of("FLUSHDB"), List.of("FLUSHALL"), List.of("KEYS", "*"),
				List.of("CONFIG", "GET", "maxmemory"), List.of("SCRIPT", "FLUSH"), List.of("CLIENT", "LIST"),
				List.of("GET", "someone-else:key"),
				List.of("EVAL", "return redis.call('GET', 'someone-else:key')", "0"),
				List.of("LPUSH", "reset_code:x", "1"), List.of("DEBUG", "SLEEP", "0"))) {
			assertThatThrownBy(() -> user.call(command.toArray(String[]::new))).as(String.join(" ", command))
				.isInstanceOf(ErrorReply.class)
				.hasMessageMatching("(?s)(NOPERM|ERR).*");
		}
		assertThat(user.text("PING")).isEqualTo("PONG");
		// These refusals are this test's doing: the service's must stand alone in ACL
		// LOG.
		RedisAdmin.on(redis.port()).call("ACL", "LOG", "RESET");
	}

	@Test
	void runbooksWhenTheyShowTheAclThenItIsTheTestedOne() throws Exception {
		for (String runbook : List.of("docs/ops.md", "docs/ops.ko.md")) {
			assertThat(Files.readString(Path.of(runbook), StandardCharsets.UTF_8)).as(runbook)
				.contains("user phoenix-app on >" + "<password> " + MinimalAcl.RULES);
		}
	}

	@Test
	void startWhenPasswordWrongThenStoreUnavailableAndLogSaysWhy(CapturedOutput output) {
		try (ConfigurableApplicationContext service = startService("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port(), "REDIS_USERNAME=" + MinimalAcl.USER,
				"REDIS_PASSWORD=not-the-password")) {
			assertUnavailable(apiOf(service));
			await().untilAsserted(
					() -> assertThat(output.getOut()).contains("Redis (standalone) unreachable").contains("WRONGPASS"));
		}
	}

}
