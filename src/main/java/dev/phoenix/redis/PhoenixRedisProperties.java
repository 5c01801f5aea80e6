package dev.phoenix.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Client settings Spring Boot's {@code spring.data.redis.*} cannot express the way the
 * contract wants: timeouts where a bare number means seconds, applied with keep-alive
 * through Lettuce's socket options; whether the dev profile may start an embedded server;
 * the topology variables ({@link RedisTopologyEnvironment} turns them into Boot's
 * properties), checked here so that a half-configured topology fails at startup, naming
 * the variable.
 */
@Validated
@ConfigurationProperties("phoenix.redis")
public record PhoenixRedisProperties(
		@DefaultValue("2s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration connectTimeout,
		@DefaultValue("2s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration timeout,
		@DefaultValue("false") boolean embedded, @DefaultValue("") String sslCaFile,
		@DefaultValue("") String sentinelMaster, @DefaultValue("") String sentinelNodes,
		@DefaultValue("") String clusterNodes) {

	public PhoenixRedisProperties {
		boolean sentinel = StringUtils.hasText(sentinelMaster);
		if (sentinel != StringUtils.hasText(sentinelNodes)) {
			throw new IllegalArgumentException("REDIS_SENTINEL_MASTER and REDIS_SENTINEL_NODES must be set together "
					+ "(Sentinel mode) or not at all");
		}
		if (sentinel && StringUtils.hasText(clusterNodes)) {
			throw new IllegalArgumentException(
					"REDIS_SENTINEL_MASTER and REDIS_CLUSTER_NODES are both set: choose Sentinel or cluster mode");
		}
	}

}
