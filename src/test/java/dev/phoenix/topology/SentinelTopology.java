package dev.phoenix.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.phoenix.support.RedisAdmin;
import dev.phoenix.support.RedisProcess;

import static org.awaitility.Awaitility.await;

/**
 * One primary, one replica and three sentinels on loopback, as a self-managed site runs
 * them (quorum 2), with the minimal ACL user on both data nodes (ACLs are not
 * replicated). Sentinels declare a primary down after 1 s without an answer, so a
 * failover takes a few seconds instead of the default 30 s.
 */
final class SentinelTopology implements AutoCloseable {

	static final String MASTER_NAME = "phoenix";

	private final RedisProcess primary;

	private final RedisProcess replica;

	private final List<RedisProcess> sentinels;

	private SentinelTopology(RedisProcess primary, RedisProcess replica, List<RedisProcess> sentinels) {
		this.primary = primary;
		this.replica = replica;
		this.sentinels = sentinels;
	}

	static SentinelTopology start(Path directory) {
		List<RedisProcess> started = new ArrayList<>();
		try {
			int primaryPort = RedisProcess.freePort();
			RedisProcess primary = RedisProcess.start("primary", directory.resolve("primary"), primaryPort,
					RedisProcess.baseArguments(primaryPort));
			started.add(primary);
			int replicaPort = RedisProcess.freePort();
			List<String> replicaArguments = new ArrayList<>(RedisProcess.baseArguments(replicaPort));
			replicaArguments.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
			RedisProcess replica = RedisProcess.start("replica", directory.resolve("replica"), replicaPort,
					replicaArguments);
			started.add(replica);
			MinimalAcl.create(primaryPort);
			MinimalAcl.create(replicaPort);
			List<RedisProcess> sentinels = new ArrayList<>();
			for (int i = 1; i <= 3; i++) {
				int port = RedisProcess.freePort();
				Path home = directory.resolve("sentinel-" + i);
				Path config = writeConfig(home, port, primaryPort);
				RedisProcess sentinel = RedisProcess.start("sentinel-" + i, home, port,
						List.of(config.toString(), "--sentinel"));
				started.add(sentinel);
				sentinels.add(sentinel);
			}
			SentinelTopology topology = new SentinelTopology(primary, replica, sentinels);
			topology.awaitReady();
			return topology;
		}
		catch (RuntimeException ex) {
			started.forEach(RedisProcess::stop);
			throw ex;
		}
	}

	private static Path writeConfig(Path home, int port, int primaryPort) {
		try {
			Files.createDirectories(home);
			Path config = home.resolve("sentinel.conf");
			Files.writeString(config,
					String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + home,
							"sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " 2",
							"sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
							"sentinel failover-timeout " + MASTER_NAME + " 10000",
							"sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
			return config;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Replica in sync, and every sentinel knows the replica and the two other sentinels.
	 */
	private void awaitReady() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!"up".equals(RedisAdmin.on(this.replica.port()).info("replication").get("master_link_status"))) {
				return false;
			}
			for (RedisProcess sentinel : this.sentinels) {
				RedisAdmin admin = RedisAdmin.on(sentinel.port());
				List<?> replicas = (List<?>) admin.call("SENTINEL", "REPLICAS", MASTER_NAME);
				List<?> others = (List<?>) admin.call("SENTINEL", "SENTINELS", MASTER_NAME);
				if (replicas.size() != 1 || String.valueOf(replicas.get(0)).contains("s_down") || others.size() != 2) {
					return false;
				}
			}
			return true;
		});
	}

	/** {@code host:port,...} of the sentinels: {@code REDIS_SENTINEL_NODES}. */
	String sentinelNodes() {
		return this.sentinels.stream().map(RedisProcess::address).collect(Collectors.joining(","));
	}

	RedisProcess primary() {
		return this.primary;
	}

	RedisProcess replica() {
		return this.replica;
	}

	/** The primary's port as the first sentinel answers it now. */
	int currentPrimaryPort() {
		for (RedisProcess sentinel : this.sentinels) {
			if (sentinel.isAlive()) {
				List<?> address = (List<?>) RedisAdmin.on(sentinel.port())
					.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
				return Integer.parseInt(String.valueOf(address.get(1)));
			}
		}
		throw new IllegalStateException("no sentinel alive");
	}

	/** Until the replica holds everything the primary acknowledged. */
	void awaitReplicaInSync() {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			String primaryOffset = RedisAdmin.on(this.primary.port()).info("replication").get("master_repl_offset");
			String replicaOffset = RedisAdmin.on(this.replica.port()).info("replication").get("slave_repl_offset");
			return primaryOffset != null && primaryOffset.equals(replicaOffset);
		});
	}

	@Override
	public void close() {
		this.sentinels.forEach(RedisProcess::stop);
		this.replica.stop();
		this.primary.stop();
	}

}
