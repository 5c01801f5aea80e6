package dev.phoenix.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.phoenix.support.RedisAdmin;
import dev.phoenix.support.RedisProcess;
import io.lettuce.core.cluster.SlotHash;
import java.util.Map;
import java.util.LinkedHashMap;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three primaries, each with a replica, built the way an operator does
 * without {@code redis-cli --cluster create}: CLUSTER MEET, ADDSLOTS and REPLICATE on
 * each node. Nodes mark a silent peer failed after 1 s ({@code cluster-node-timeout}), so
 * a replica takes over a killed primary within a few seconds. The minimal ACL user exists
 * on every node.
 */
final class ClusterTopology implements AutoCloseable {

	private static final int PRIMARIES = 3;

	private static final int SLOTS = 16384;

	private final List<RedisProcess> nodes;

	private ClusterTopology(List<RedisProcess> nodes) {
		this.nodes = nodes;
	}

	static ClusterTopology start(Path directory) {
		List<RedisProcess> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < PRIMARIES * 2; i++) {
				int port = RedisProcess.freeClusterPort();
				List<String> arguments = new ArrayList<>(RedisProcess.baseArguments(port));
				arguments.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
						"--cluster-node-timeout", "1000"));
				nodes.add(RedisProcess.start("node-" + i, directory.resolve("node-" + i), port, arguments));
			}
			ClusterTopology cluster = new ClusterTopology(nodes);
			cluster.create();
			return cluster;
		}
		catch (RuntimeException ex) {
			nodes.forEach(RedisProcess::stop);
			throw ex;
		}
	}

	private void create() {
		for (RedisProcess node : this.nodes) {
			MinimalAcl.create(node.port());
		}
		RedisAdmin first = RedisAdmin.on(this.nodes.get(0).port());
		for (RedisProcess node : this.nodes.subList(1, this.nodes.size())) {
			first.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
		}
		for (int i = 0; i < PRIMARIES; i++) {
			int from = i * SLOTS / PRIMARIES;
			int to = (i + 1) * SLOTS / PRIMARIES;
			List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
			IntStream.range(from, to).mapToObj(Integer::toString).forEach(command::add);
			RedisAdmin.on(this.nodes.get(i).port()).call(command.toArray(String[]::new));
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.nodes.stream().allMatch((node) -> knownPeers(node) == this.nodes.size()));
		for (int i = 0; i < PRIMARIES; i++) {
			String primaryId = RedisAdmin.on(this.nodes.get(i).port()).text("CLUSTER", "MYID");
			RedisAdmin.on(this.nodes.get(PRIMARIES + i).port()).call("CLUSTER", "REPLICATE", primaryId);
		}
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			for (RedisProcess node : this.nodes) {
				if (!"ok".equals(clusterInfo(node.port()).get("cluster_state"))) {
					return false;
				}
				if (clusterNodes(node.port()).stream().filter((line) -> line.contains("slave")).count() != PRIMARIES) {
					return false;
				}
			}
			for (RedisProcess replica : this.nodes.subList(PRIMARIES, this.nodes.size())) {
				if (!"up".equals(RedisAdmin.on(replica.port()).info("replication").get("master_link_status"))) {
					return false;
				}
			}
			return true;
		});
	}

	private static long knownPeers(RedisProcess node) {
		return clusterNodes(node.port()).stream().filter((line) -> !line.contains("handshake")).count();
	}

	/** {@code host:port,...} of every node: {@code REDIS_CLUSTER_NODES}. */
	String nodeList() {
		return this.nodes.stream().map(RedisProcess::address).collect(Collectors.joining(","));
	}

	List<RedisProcess> nodes() {
		return this.nodes;
	}

	/** The primaries serving slots now, as a live node sees them. */
	List<RedisProcess> primaries() {
		List<RedisProcess> primaries = new ArrayList<>();
		for (String line : clusterNodes(anyLiveNode().port())) {
			String[] fields = line.split(" ");
			if (fields[2].contains("master") && !fields[2].contains("fail") && fields.length > 8) {
				primaries.add(byPort(port(fields[1])));
			}
		}
		return primaries;
	}

	/** The primary serving the slot of this key now. */
	RedisProcess primaryFor(String key) {
		int slot = SlotHash.getSlot(key);
		for (String line : clusterNodes(anyLiveNode().port())) {
			String[] fields = line.split(" ");
			if (!fields[2].contains("master") || fields[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String[] range = fields[i].split("-");
				if (range[0].startsWith("[")) {
					continue;
				}
				int from = Integer.parseInt(range[0]);
				int to = Integer.parseInt(range[range.length - 1]);
				if (slot >= from && slot <= to) {
					return byPort(port(fields[1]));
				}
			}
		}
		throw new IllegalStateException("no primary serves slot " + slot);
	}

	/** The replica of this primary. */
	RedisProcess replicaOf(RedisProcess primary) {
		String primaryId = RedisAdmin.on(primary.port()).text("CLUSTER", "MYID");
		for (String line : clusterNodes(primary.port())) {
			String[] fields = line.split(" ");
			if (fields[3].equals(primaryId)) {
				return byPort(port(fields[1]));
			}
		}
		throw new IllegalStateException("no replica of " + primary.address());
	}

	/** Until the replica holds everything its primary acknowledged. */
	void awaitInSync(RedisProcess primary, RedisProcess replica) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			String primaryOffset = RedisAdmin.on(primary.port()).info("replication").get("master_repl_offset");
			String replicaOffset = RedisAdmin.on(replica.port()).info("replication").get("slave_repl_offset");
			return primaryOffset != null && primaryOffset.equals(replicaOffset);
		});
	}

	long totalKeys() {
		return primaries().stream().mapToLong((node) -> (Long) RedisAdmin.on(node.port()).call("DBSIZE")).sum();
	}

	void flushAll() {
		for (RedisProcess primary : primaries()) {
			RedisAdmin.on(primary.port()).call("FLUSHALL");
		}
	}

	Map<String, String> clusterInfo() {
		return clusterInfo(anyLiveNode().port());
	}

	private static Map<String, String> clusterInfo(int port) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : RedisAdmin.on(port).text("CLUSTER", "INFO").split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return fields;
	}

	private static List<String> clusterNodes(int port) {
		return RedisAdmin.on(port).text("CLUSTER", "NODES").lines().filter((line) -> !line.isBlank()).toList();
	}

	private RedisProcess anyLiveNode() {
		return this.nodes.stream().filter(RedisProcess::isAlive).findFirst().orElseThrow();
	}

	private RedisProcess byPort(int port) {
		return this.nodes.stream().filter((node) -> node.port() == port).findFirst().orElseThrow();
	}

	/** {@code 127.0.0.1:7000@17000} (and, from Redis 7, {@code ,hostname}): 7000. */
	private static int port(String address) {
		String hostPort = address.split("@")[0];
		return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
	}

	@Override
	public void close() {
		this.nodes.forEach(RedisProcess::stop);
	}

}
