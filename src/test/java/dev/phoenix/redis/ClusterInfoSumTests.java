package dev.phoenix.redis;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster's {@code INFO} read as one server's: sums, the smallest uptime, the first's
 * text.
 */
class ClusterInfoSumTests {

	@Test
	void sumWhenThreePrimariesThenAdditiveFieldsSummedUptimeSmallestTextFirst() {
		ClusterInfoSum sum = ClusterInfoSum.of(List.of(node(100, 1000, 50, "keys=3,expires=3,avg_ttl=500", 10, 7),
				node(200, 1000, 20, "keys=1,expires=1,avg_ttl=900", 5, 1), node(300, 0, 90, null, 0, 0)));
		Properties info = sum.info();
		assertThat(info.getProperty("used_memory")).isEqualTo("600");
		assertThat(info.getProperty("maxmemory")).isEqualTo("2000");
		assertThat(info.getProperty("connected_clients")).isEqualTo("3");
		assertThat(info.getProperty("uptime_in_seconds")).isEqualTo("20");
		assertThat(info.getProperty("db0")).isEqualTo("keys=4,expires=4");
		assertThat(info.getProperty("cmdstat_evalsha")).isEqualTo("calls=15,usec=8");
		assertThat(info.getProperty("redis_version")).isEqualTo("7.0.15");
		assertThat(info.getProperty("maxmemory_policy")).isEqualTo("noeviction");
		assertThat(sum.keys()).isEqualTo(3 + 1);
	}

	@Test
	void sumWhenOnePrimaryThenItsValuesWithoutAverages() {
		ClusterInfoSum sum = ClusterInfoSum.of(List.of(node(100, 0, 5, "keys=2,expires=2,avg_ttl=7", 3, 4)));
		assertThat(sum.info().getProperty("used_memory")).isEqualTo("100");
		assertThat(sum.info().getProperty("db0")).isEqualTo("keys=2,expires=2");
	}

	private static ClusterInfoSum.Node node(long usedMemory, long maxMemory, long uptime, String db0, long calls,
			long usec) {
		Properties info = new Properties();
		info.setProperty("used_memory", Long.toString(usedMemory));
		info.setProperty("maxmemory", Long.toString(maxMemory));
		info.setProperty("connected_clients", "1");
		info.setProperty("uptime_in_seconds", Long.toString(uptime));
		info.setProperty("redis_version", "7.0.15");
		info.setProperty("maxmemory_policy", "noeviction");
		info.setProperty("role", "master");
		if (db0 != null) {
			info.setProperty("db0", db0);
		}
		info.setProperty("cmdstat_evalsha", "calls=" + calls + ",usec=" + usec + ",usec_per_call=1.00");
		long keys = (db0 != null) ? Long.parseLong(db0.substring(5, db0.indexOf(','))) : 0;
		return new ClusterInfoSum.Node(info, keys);
	}

}
