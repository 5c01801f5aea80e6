package dev.phoenix.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DnsResolvers;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Lettuce settings for failing fast and following failovers, in every mode (standalone,
 * Sentinel, cluster: Boot hands the same customizer a {@link ClusterClientOptions}
 * builder in cluster mode):
 * <ul>
 * <li>short connect and command timeouts, and commands rejected at once while the
 * connection is down (instead of queued until the command timeout), so a Redis outage is
 * a quick 503, not a pile of waiting threads;
 * <li>TCP keep-alive that notices a dead peer within about 30 s (the kernel's default
 * waits two hours before the first probe);
 * <li>reconnect attempts with full jitter between 100 ms and 1 s (AWS's advice for
 * ElastiCache is jitter; the cap is ours: a restarted Redis is used again within a second
 * or so, where Lettuce's default backs off to 30 s and keeps a recovered Redis unused for
 * that long; an attempt on a refused port costs next to nothing);
 * <li>host names resolved through the JVM, whose DNS cache lives {@code DNS_CACHE_TTL}
 * (see {@code DnsCacheTtl}): a failover that moves an endpoint's address is followed;
 * <li>in cluster mode, nodes marked failed left out of the topology (AWS's advice), so
 * Lettuce does not keep dialling a dead primary after its replica took over; and adaptive
 * topology refreshes (switched on in {@code application.yml}, with the periodic one) at
 * most every {@value #ADAPTIVE_REFRESH_SECONDS} s instead of Lettuce's 30 s: the refresh
 * a dead primary triggers at once comes before its replica is promoted, and the next one,
 * triggered by its uncovered slots, should not wait half a minute.
 * </ul>
 * Lettuce reconnects by itself; nothing is retried here (a verify must never run twice).
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	static final int ADAPTIVE_REFRESH_SECONDS = 5;

	static final KeepAliveOptions KEEP_ALIVE = KeepAliveOptions.builder()
		.enable()
		.idle(Duration.ofSeconds(15))
		.interval(Duration.ofSeconds(5))
		.count(3)
		.build();

	@Bean
	LettuceClientConfigurationBuilderCustomizer phoenixTimeouts(PhoenixRedisProperties properties,
			DataRedisProperties redis) {
		if (StringUtils.hasText(properties.sslCaFile()) && !redis.getSsl().isEnabled()) {
			throw new IllegalStateException(
					"REDIS_SSL_CA_FILE is set but REDIS_SSL is not true: refusing to talk to Redis without TLS");
		}
		return (builder) -> builder.commandTimeout(properties.timeout());
	}

	@Bean
	LettuceClientOptionsBuilderCustomizer phoenixClientOptions(PhoenixRedisProperties properties) {
		return (builder) -> customize(builder, properties);
	}

	@Bean
	ClientResourcesBuilderCustomizer phoenixClientResources() {
		return (builder) -> builder
			.reconnectDelay(Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(1), 100, TimeUnit.MILLISECONDS))
			.dnsResolver(DnsResolvers.JVM_DEFAULT);
	}

	static ClientOptions.Builder customize(ClientOptions.Builder builder, PhoenixRedisProperties properties) {
		builder
			.socketOptions(
					SocketOptions.builder().connectTimeout(properties.connectTimeout()).keepAlive(KEEP_ALIVE).build())
			.timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		if (builder instanceof ClusterClientOptions.Builder cluster) {
			cluster.nodeFilter(RedisClientConfiguration::usable)
				.topologyRefreshOptions(withAdaptiveTimeout(cluster.build().getTopologyRefreshOptions()));
		}
		return builder;
	}

	/**
	 * Boot's refresh options ({@code spring.data.redis.lettuce.cluster.refresh.*}),
	 * adaptive timeout shortened.
	 */
	private static ClusterTopologyRefreshOptions withAdaptiveTimeout(ClusterTopologyRefreshOptions boot) {
		return ClusterTopologyRefreshOptions.builder()
			.enablePeriodicRefresh(boot.isPeriodicRefreshEnabled())
			.refreshPeriod(boot.getRefreshPeriod())
			.enableAdaptiveRefreshTrigger(boot.getAdaptiveRefreshTriggers().toArray(RefreshTrigger[]::new))
			.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(ADAPTIVE_REFRESH_SECONDS))
			.dynamicRefreshSources(boot.useDynamicRefreshSources())
			.closeStaleConnections(boot.isCloseStaleConnections())
			.refreshTriggersReconnectAttempts(boot.getRefreshTriggersReconnectAttempts())
			.build();
	}

	static boolean usable(RedisClusterNode node) {
		return !(node.is(NodeFlag.FAIL) || node.is(NodeFlag.EVENTUAL_FAIL) || node.is(NodeFlag.HANDSHAKE)
				|| node.is(NodeFlag.NOADDR));
	}

}
