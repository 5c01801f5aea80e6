package dev.phoenix.redis;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Turns the contract's topology variables into Spring Boot's Redis properties, but only
 * those that are set. Mapping {@code spring.data.redis.sentinel.master} straight to
 * {@code ${REDIS_SENTINEL_MASTER:}} would not do: an empty value still makes Boot build a
 * Sentinel configuration. Here each Spring property exists only while its source is
 * non-empty, so a plain {@code REDIS_HOST} deployment stays exactly standalone.
 * <p>
 * The sources are {@code phoenix.redis.*} (fed by the variables in
 * {@code application.yml}), read when Spring asks, not copied at startup, so values
 * registered later (a test's dynamic properties) count too. The derived source comes
 * last: anything set explicitly under {@code spring.*} wins.
 * <ul>
 * <li>{@code REDIS_SENTINEL_MASTER} + {@code REDIS_SENTINEL_NODES}: Sentinel, master
 * only.
 * <li>{@code REDIS_CLUSTER_NODES}: Redis Cluster, primaries only (topology refresh is set
 * in {@code application.yml}; Boot applies it only in cluster mode).
 * <li>{@code REDIS_SSL_CA_FILE}: an SSL bundle named {@value #SSL_BUNDLE} trusting that
 * CA, used by Redis when {@code REDIS_SSL=true}.
 * </ul>
 * In Sentinel and cluster mode reads go to the primary too ({@code read-from: upstream}):
 * a replica lags, and a code just issued could look missing there. Standalone sets no
 * {@code read-from} (with one, Spring Data Redis would switch to master/replica
 * discovery).
 */
public class RedisTopologyEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "phoenixRedisTopology";

	static final String SSL_BUNDLE = "redis";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new DerivedProperties(environment));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** The Spring properties the current {@code phoenix.redis.*} values call for. */
	static Map<String, String> derive(Environment environment) {
		Map<String, String> derived = new LinkedHashMap<>();
		String sentinelMaster = text(environment, "phoenix.redis.sentinel-master");
		String clusterNodes = text(environment, "phoenix.redis.cluster-nodes");
		String caFile = text(environment, "phoenix.redis.ssl-ca-file");
		if (sentinelMaster != null) {
			derived.put("spring.data.redis.sentinel.master", sentinelMaster);
			String sentinelNodes = text(environment, "phoenix.redis.sentinel-nodes");
			if (sentinelNodes != null) {
				derived.put("spring.data.redis.sentinel.nodes", sentinelNodes);
			}
		}
		if (clusterNodes != null) {
			derived.put("spring.data.redis.cluster.nodes", clusterNodes);
		}
		if (sentinelMaster != null || clusterNodes != null) {
			derived.put("spring.data.redis.lettuce.read-from", "upstream");
		}
		if (caFile != null) {
			derived.put("spring.ssl.bundle.pem." + SSL_BUNDLE + ".truststore.certificate", location(caFile));
			derived.put("spring.data.redis.ssl.bundle", SSL_BUNDLE);
		}
		return derived;
	}

	/**
	 * A plain path is a file; PEM text and {@code classpath:}/{@code file:} locations
	 * pass as they are.
	 */
	private static String location(String caFile) {
		if (caFile.startsWith("-----BEGIN") || caFile.startsWith("classpath:") || caFile.startsWith("file:")) {
			return caFile;
		}
		return "file:" + caFile;
	}

	private static @Nullable String text(Environment environment, String name) {
		String value = environment.getProperty(name);
		return StringUtils.hasText(value) ? value.trim() : null;
	}

	/**
	 * Enumerable, so that Boot binds maps from it (the SSL bundle). It names every
	 * property it may hold, always the same list (Boot's relaxed-name cache is then built
	 * once), and computes a value only when asked for one of those names.
	 */
	private static final class DerivedProperties extends EnumerablePropertySource<String> {

		private static final String[] NAMES = { "spring.data.redis.sentinel.master", "spring.data.redis.sentinel.nodes",
				"spring.data.redis.cluster.nodes", "spring.data.redis.lettuce.read-from",
				"spring.data.redis.ssl.bundle", "spring.ssl.bundle.pem." + SSL_BUNDLE + ".truststore.certificate" };

		private final Environment environment;

		DerivedProperties(Environment environment) {
			// Not the environment as the source object: its toString() lists this source.
			super(PROPERTY_SOURCE_NAME, "derived from phoenix.redis.*");
			this.environment = environment;
		}

		@Override
		public String[] getPropertyNames() {
			return NAMES.clone();
		}

		@Override
		public @Nullable Object getProperty(String name) {
			for (String known : NAMES) {
				if (known.equals(name)) {
					return derive(this.environment).get(name);
				}
			}
			return null;
		}

		@Override
		public boolean containsProperty(String name) {
			return getProperty(name) != null;
		}

	}

}
