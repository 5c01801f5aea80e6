package dev.phoenix.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.RedisAdmin;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sentinel mode ({@code REDIS_SENTINEL_MASTER}, {@code REDIS_SENTINEL_NODES}) as the
 * minimal ACL user: the flow, health and metrics on the primary the sentinels name; then
 * the primary is killed (SIGKILL) and the service must serve again by itself, through the
 * promoted replica, with the codes issued before the crash.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelIntegrationTests extends TopologyIntegrationTest {

	/**
	 * Generous: measured a few seconds (1 s to suspect, election, promotion, Lettuce's
	 * refresh).
	 */
	private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

	private static SentinelTopology topology;

	static AutoCloseable startServers(Path directory) {
		assumeAclSupport();
		topology = SentinelTopology.start(directory);
		return topology;
	}

	@DynamicPropertySource
	static void sentinelRedis(DynamicPropertyRegistry registry) {
		// Unused in this mode; set so that the shared standalone test server is not
		// started.
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> 1);
		registry.add("REDIS_SENTINEL_MASTER", () -> SentinelTopology.MASTER_NAME);
		registry.add("REDIS_SENTINEL_NODES", () -> topology.sentinelNodes());
		registry.add("REDIS_USERNAME", () -> MinimalAcl.USER);
		registry.add("REDIS_PASSWORD", () -> MinimalAcl.PASSWORD);
	}

	@Override
	protected void clearRedis() {
		RedisAdmin.on(topology.currentPrimaryPort()).call("FLUSHALL");
	}

	@Test
	@Order(1)
	void flowWhenSentinelModeThenCodesHealthAndMetricsOnThePrimary() {
		assertWholeFlow("sentinel@example.com");
		assertHealthy("sentinel");
		assertProbesAndMetricsLive(1);
		assertThat(RedisAdmin.on(topology.primary().port()).text("DBSIZE")).isNotEqualTo("0");
		assertThat(MinimalAcl.refusals(topology.primary().port())).as("ACL LOG on the primary").isEmpty();
	}

	@Test
	@Order(2)
	void failoverWhenPrimaryKilledThenServiceServesAgainThroughPromotedReplica() {
		assertThat(this.api.requestCode("before@example.com").status()).isEqualTo(202);
		String code = awaitCode("before@example.com");
		topology.awaitReplicaInSync();

		topology.primary().kill();
		long killed = System.nanoTime();
		AtomicInteger attempt = new AtomicInteger();
		await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
			Reply reply = this.api.requestCode("after-" + attempt.incrementAndGet() + "@example.com");
			return reply.status() == 202;
		});
		Duration recovery = Duration.ofNanos(System.nanoTime() - killed);
		System.out.println("SENTINEL FAILOVER: the service served again " + recovery.toMillis()
				+ " ms after SIGKILL of the primary (" + attempt.get() + " requests tried)");

		assertThat(topology.currentPrimaryPort()).isEqualTo(topology.replica().port());
		assertThat(this.api.verify("before@example.com", code).status()).as("code issued before the crash")
			.isEqualTo(200);
		assertHealthy("sentinel");
		assertThat(MinimalAcl.refusals(topology.replica().port())).as("ACL LOG on the promoted replica").isEmpty();
	}

}
