package dev.phoenix.redis;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code INFO} of a Redis Cluster as one server's: what the health endpoint and the
 * redis_exporter-named metrics read in cluster mode, from the primaries that serve slots.
 * <ul>
 * <li>Additive fields are summed: memory used and the memory limit ({@code maxmemory}),
 * clients and the client limit, the eviction, expiry, rejection, hit and miss counters,
 * each {@code db<n>} keyspace line ({@code keys}, {@code expires}) and each
 * {@code cmdstat_<cmd>} line ({@code calls}, {@code usec}). A ratio of two sums (memory
 * used over the limit) is then the cluster's average fill.
 * <li>{@code uptime_in_seconds} is the smallest: a primary that just restarted shows.
 * <li>Everything else (version, eviction policy, role) is the first primary's.
 * </ul>
 * {@code DBSIZE} is summed too: the health endpoint's {@code keys} is the cluster's
 * total. Replicas are left out: they hold copies of the same keys.
 */
final class ClusterInfoSum {

	private static final Set<String> SUMMED = Set.of("used_memory", "maxmemory", "connected_clients", "blocked_clients",
			"maxclients", "evicted_keys", "expired_keys", "rejected_connections", "keyspace_hits", "keyspace_misses");

	/**
	 * Inside {@code db<n>} and {@code cmdstat_<cmd>} lines; averages would not add up and
	 * are dropped.
	 */
	private static final Set<String> SUMMED_PAIRS = Set.of("keys", "expires", "calls", "usec", "rejected_calls",
			"failed_calls");

	private static final Set<String> SMALLEST = Set.of("uptime_in_seconds", "uptime_in_days");

	private final Properties info;

	private final long keys;

	private ClusterInfoSum(Properties info, long keys) {
		this.info = info;
		this.keys = keys;
	}

	static ClusterInfoSum of(List<Node> primaries) {
		Properties sum = new Properties();
		long keys = 0;
		for (Node node : primaries) {
			keys += node.keys();
			for (String name : node.info().stringPropertyNames()) {
				String value = node.info().getProperty(name).trim();
				String current = sum.getProperty(name);
				if (current == null) {
					sum.setProperty(name, isPairLine(name) ? addPairs("", value) : value);
				}
				else {
					sum.setProperty(name, combine(name, current, value));
				}
			}
		}
		return new ClusterInfoSum(sum, keys);
	}

	Properties info() {
		return this.info;
	}

	long keys() {
		return this.keys;
	}

	private static String combine(String name, String current, String value) {
		if (SUMMED.contains(name)) {
			return format(number(current) + number(value));
		}
		if (SMALLEST.contains(name)) {
			return format(Math.min(number(current), number(value)));
		}
		if (isPairLine(name)) {
			return addPairs(current, value);
		}
		return current;
	}

	private static boolean isPairLine(String name) {
		return name.matches("db\\d+") || name.startsWith("cmdstat_");
	}

	/**
	 * {@code keys=3,expires=3,avg_ttl=0} + {@code keys=2,...}:
	 * {@code keys=5,expires=...}.
	 */
	private static String addPairs(String current, String value) {
		Map<String, Double> pairs = pairs(current);
		pairs(value).forEach((key, number) -> pairs.merge(key, number, Double::sum));
		StringBuilder text = new StringBuilder();
		pairs.forEach((key,
				number) -> text.append((text.length() > 0) ? "," : "").append(key).append('=').append(format(number)));
		return text.toString();
	}

	private static Map<String, Double> pairs(String line) {
		Map<String, Double> pairs = InfoLine.numbers(line);
		pairs.keySet().retainAll(SUMMED_PAIRS);
		return pairs;
	}

	private static double number(String value) {
		try {
			return Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String format(double value) {
		return (value == Math.rint(value) && Math.abs(value) < 1e15) ? Long.toString((long) value)
				: Double.toString(value);
	}

	/** One primary: its {@code INFO} and {@code DBSIZE}. */
	record Node(Properties info, long keys) {
	}

}
