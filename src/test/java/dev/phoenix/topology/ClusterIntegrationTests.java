package dev.phoenix.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.Concurrently;
import dev.phoenix.support.RedisAdmin;
import dev.phoenix.support.RedisProcess;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster mode ({@code REDIS_CLUSTER_NODES}) on three primaries with a replica each, as
 * the minimal ACL user. Every request's address script and its per-IP command land on
 * different nodes here, so this is where the hash-slot layout and the pipelining across
 * nodes are proven: the flow, the races, the limits, health and metrics summed over the
 * primaries, a full outbox (the mail is queued in a second round trip there, and its
 * refusal undoes the first). Last, the primary holding the per-IP counters is killed
 * during traffic: the service answers 503 (leaving nothing half-written) until a replica
 * takes over and the topology refresh finds it, then serves again with the codes issued
 * before the crash.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntegrationTests extends TopologyIntegrationTest {

	/**
	 * Generous: measured a few seconds (1 s node timeout, election, then the next
	 * refresh).
	 */
	private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

	private static final String IP_REQUESTS_KEY = "reset_code:ip:{127.0.0.1}:r";

	private static final String OUTBOX_KEY = "reset_code:{outbox}";

	private static final int MAX_DEPTH = 100;

	private static final String IP_FAILURES_KEY = "reset_code:ip:{127.0.0.1}:v";

	private static ClusterTopology cluster;

	@Autowired
	private LettuceConnectionFactory connectionFactory;

	static AutoCloseable startServers(Path directory) {
		assumeAclSupport();
		cluster = ClusterTopology.start(directory);
		return cluster;
	}

	@DynamicPropertySource
	static void clusterRedis(DynamicPropertyRegistry registry) {
		// Unused in this mode; set so that the shared standalone test server is not
		// started.
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> 1);
		registry.add("REDIS_CLUSTER_NODES", () -> cluster.nodeList());
		registry.add("REDIS_USERNAME", () -> MinimalAcl.USER);
		registry.add("REDIS_PASSWORD", () -> MinimalAcl.PASSWORD);
		registry.add("phoenix.outbox.max-depth", () -> MAX_DEPTH);
	}

	@Override
	protected void clearRedis() {
		cluster.flushAll();
	}

	@Test
	@Order(1)
	void flowWhenClusterThenCodesAcrossNodesHealthAndMetricsSummed() {
		for (int i = 0; i < 5; i++) {
			assertWholeFlow("cluster-" + i + "@example.com");
		}
		assertThat(cluster.primaries()).hasSize(3)
			.filteredOn((primary) -> (Long) RedisAdmin.on(primary.port()).call("DBSIZE") > 0)
			.as("primaries holding keys")
			.hasSizeGreaterThanOrEqualTo(2);

		JsonNode stats = assertHealthy("cluster");
		assertThat(stats.path("clusterState").asString()).isEqualTo("ok");
		assertThat(stats.path("clusterSlotsOk").asLong()).isEqualTo(16384);
		assertThat(stats.path("clusterPrimaries").asInt()).isEqualTo(3);
		long keys = cluster.totalKeys();
		assertThat(stats.path("keys").asLong()).as("DBSIZE summed over the primaries").isEqualTo(keys);
		assertProbesAndMetricsLive(keys);
		await().untilAsserted(
				() -> assertThat(dev.phoenix.support.Api.metric(this.api.prometheus(), "redis_db_keys{db=\"db0\"}"))
					.isEqualTo((double) keys));
		for (RedisProcess node : cluster.nodes()) {
			assertThat(MinimalAcl.refusals(node.port())).as("ACL LOG on " + node.name()).isEmpty();
		}
	}

	@Test
	@Order(2)
	void clientWhenClusterThenRefreshPeriodicAndAdaptiveKeepAliveTimeoutsAndPrimariesOnly() {
		ClientOptions options = this.connectionFactory.getClientConfiguration().getClientOptions().orElseThrow();
		assertThat(options).isInstanceOf(ClusterClientOptions.class);
		ClusterTopologyRefreshOptions refresh = ((ClusterClientOptions) options).getTopologyRefreshOptions();
		assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
		assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
		assertThat(refresh.getAdaptiveRefreshTriggers()).isNotEmpty();
		assertThat(options.getSocketOptions().getKeepAlive().isEnabled()).isTrue();
		assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		assertThat(this.connectionFactory.getClientConfiguration().getReadFrom()).contains(ReadFrom.UPSTREAM);
	}

	@Test
	@Order(3)
	void verifyWhenTwentyRaceWithRightCodeThenExactlyOneSucceeds() throws Exception {
		this.api.requestCode("race@example.com");
		String code = awaitCode("race@example.com");
		List<Reply> replies = Concurrently.run(20, () -> this.api.verify("race@example.com", code));
		assertThat(replies).filteredOn((reply) -> reply.status() == 200).hasSize(1);
		assertThat(replies).filteredOn((reply) -> reply.status() != 200)
			.allSatisfy((reply) -> assertThat(reply.errorCode()).isEqualTo("CODE_EXPIRED"));
	}

	@Test
	@Order(4)
	void verifyWhenTwentyRaceWithWrongCodeThenAttemptsCannotBeStretched() throws Exception {
		this.api.requestCode("race@example.com");
		String wrong = wrongCode(awaitCode("race@example.com"));
		List<Reply> replies = Concurrently.run(20, () -> this.api.verify("race@example.com", wrong));
		Map<String, Long> byCode = replies.stream()
			.collect(Collectors.groupingBy(Reply::errorCode, Collectors.counting()));
		assertThat(byCode).containsExactlyInAnyOrderEntriesOf(
				Map.of("INVALID_CODE", 4L, "TOO_MANY_ATTEMPTS", 1L, "CODE_EXPIRED", 15L));
	}

	@Test
	@Order(5)
	void requestCodeWhenTwentyRaceForOneAddressThenOneCodeAndOneMail() throws Exception {
		List<Reply> replies = Concurrently.run(20, () -> this.api.requestCode("race@example.com"));
		assertThat(replies).filteredOn((reply) -> reply.status() == 202).hasSize(1);
		assertThat(replies).filteredOn((reply) -> reply.status() != 202)
			.allSatisfy((reply) -> assertThat(reply.errorCode()).isEqualTo("RATE_LIMITED"));
		awaitCode("race@example.com");
		assertThat(this.mail.messagesTo("race@example.com")).hasSize(1);
	}

	@Test
	@Order(6)
	void limitsWhenClusterThenCooldownAndPerIpCapsHold() throws Exception {
		assertThat(this.api.requestCode("limits@example.com").status()).isEqualTo(202);
		String code = awaitCode("limits@example.com");
		Reply cooldown = this.api.requestCode("limits@example.com");
		assertThat(cooldown.errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(cooldown.header("Retry-After"))).isBetween(55L, 60L);
		// The cooldown refusal counted too: 18 more make the 20 requests this IP may
		// send.
		for (int i = 0; i < 18; i++) {
			assertThat(this.api.requestCode("limits-" + i + "@example.com").status()).isEqualTo(202);
		}
		Reply ipCap = this.api.requestCode("one-too-many@example.com");
		assertThat(ipCap.errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(ipCap.header("Retry-After"))).isBetween(3500L, 3600L);
		assertThat(this.api.verify("one-too-many@example.com", "123456").errorCode())
			.as("the refused request left no code")
			.isEqualTo("CODE_EXPIRED");

		// With the one above, 50 failed verifications: the cap.
		for (int i = 1; i < 50; i++) {
			assertThat(this.api.verify("guess-" + i + "@example.com", "123456").errorCode()).isEqualTo("CODE_EXPIRED");
		}
		Reply verifyCap = this.api.verify("limits@example.com", code);
		assertThat(verifyCap.errorCode()).isEqualTo("RATE_LIMITED");
		RedisAdmin.on(cluster.primaryFor(IP_FAILURES_KEY).port()).call("DEL", IP_FAILURES_KEY);
		assertThat(this.api.verify("limits@example.com", code).status()).as("the refused verify kept the code")
			.isEqualTo(200);
	}

	@Test
	@Order(7)
	void requestCodeWhenOutboxFullThenNothingIssuedAndTheIpCountGivenBack() {
		assertThat(this.api.requestCode("before-full@example.com").status()).isEqualTo(202);
		awaitCode("before-full@example.com");
		RedisAdmin outbox = RedisAdmin.on(cluster.primaryFor(OUTBOX_KEY).port());
		RedisAdmin counters = RedisAdmin.on(cluster.primaryFor(IP_REQUESTS_KEY).port());
		// The group's readers skip what is added now: these jobs stay undelivered.
		outbox.call("XGROUP", "SETID", OUTBOX_KEY, "mailers", "9999999999999-0");
		for (int i = 0; i < MAX_DEPTH; i++) {
			outbox.call("XADD", OUTBOX_KEY, "*", "p", "filler");
		}
		String counted = counters.text("GET", IP_REQUESTS_KEY);

		Reply full = this.api.requestCode("refused@example.com");
		assertThat(full.status()).isEqualTo(503);
		assertThat(full.errorCode()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(counters.text("GET", IP_REQUESTS_KEY)).as("the IP's count given back").isEqualTo(counted);
		assertThat(this.api.verify("refused@example.com", "123456").errorCode()).as("no code left behind")
			.isEqualTo("CODE_EXPIRED");

		outbox.call("XTRIM", OUTBOX_KEY, "MAXLEN", "0");
		outbox.call("XGROUP", "SETID", OUTBOX_KEY, "mailers", "$");
		assertThat(this.api.requestCode("after-full@example.com").status()).isEqualTo(202);
		awaitCode("after-full@example.com");
		assertThat(this.mail.messagesTo("refused@example.com")).isEmpty();
	}

	@Test
	@Order(8)
	void failoverWhenPrimaryKilledDuringTrafficThenServiceServesAgainAfterTopologyRefresh() throws Exception {
		RedisProcess victim = cluster.primaryFor(IP_REQUESTS_KEY);
		RedisProcess heir = cluster.replicaOf(victim);
		String kept = addressWhose(true, victim);
		String elsewhere = addressWhose(false, victim);
		assertThat(this.api.requestCode(kept).status()).isEqualTo(202);
		String code = awaitCode(kept);
		cluster.awaitInSync(victim, heir);

		// Traffic: a verify every 20 ms, each touching the per-IP counter's node.
		Queue<Integer> traffic = new ConcurrentLinkedQueue<>();
		AtomicInteger sent = new AtomicInteger();
		ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
		ScheduledFuture<?> trafficRuns = client.scheduleAtFixedRate(
				() -> traffic
					.add(this.api.verify("traffic-" + sent.incrementAndGet() + "@example.com", "123456").status()),
				0, 20, TimeUnit.MILLISECONDS);
		await().until(() -> traffic.size() >= 5);

		victim.kill();
		long killed = System.nanoTime();
		Reply refused = this.api.requestCode(elsewhere);
		assertThat(refused.status()).as("per-IP counter on the dead node: " + refused).isEqualTo(503);
		assertThat(inspect(elsewhere).path("codePending").asBoolean(true)).as("nothing half-written").isFalse();

		AtomicInteger attempts = new AtomicInteger();
		await().atMost(RECOVERY_BOUND)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.requestCode("after-" + attempts.incrementAndGet() + "@example.com").status() == 202);
		Duration recovery = Duration.ofNanos(System.nanoTime() - killed);
		await().until(() -> traffic.stream().skip(Math.max(0, traffic.size() - 3)).noneMatch((reply) -> reply == 503));
		// A failure on the traffic thread ends its runs: get() rethrows it here.
		if (trafficRuns.isDone()) {
			trafficRuns.get();
		}
		client.shutdown();
		assertThat(client.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		System.out.println("CLUSTER FAILOVER: the service served again " + recovery.toMillis()
				+ " ms after SIGKILL of the primary " + victim.address() + " (" + attempts.get()
				+ " requests tried; traffic: " + summary(traffic) + ")");

		assertThat(traffic).contains(503);
		assertThat(cluster.primaryFor(IP_REQUESTS_KEY).port()).isEqualTo(heir.port());
		RedisAdmin.on(heir.port()).call("DEL", IP_FAILURES_KEY);
		assertThat(this.api.verify(kept, code).status()).as("code issued before the crash").isEqualTo(200);
		assertWholeFlow("after-failover@example.com");
		JsonNode stats = assertHealthy("cluster");
		assertThat(stats.path("clusterState").asString()).isEqualTo("ok");
		assertThat(stats.path("clusterPrimaries").asInt()).isEqualTo(3);
		for (RedisProcess node : cluster.nodes()) {
			if (node.isAlive()) {
				assertThat(MinimalAcl.refusals(node.port())).as("ACL LOG on " + node.name()).isEmpty();
			}
		}
	}

	/** An address whose hash lives on {@code node} ({@code on}) or on another primary. */
	private String addressWhose(boolean on, RedisProcess node) {
		for (int i = 0; i < 100; i++) {
			String address = (on ? "kept-" : "elsewhere-") + i + "@example.com";
			String key = inspect(address).path("key").asString();
			if ((cluster.primaryFor(key).port() == node.port()) == on) {
				return address;
			}
		}
		throw new IllegalStateException("no such address in 100 tries");
	}

	private static String summary(Queue<Integer> statuses) {
		return statuses.stream()
			.collect(Collectors.groupingBy((status) -> status, TreeMap::new, Collectors.counting()))
			.toString();
	}

}
