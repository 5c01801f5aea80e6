package dev.phoenix.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.mock.env.MockEnvironment;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Which connection factory Boot builds from the topology settings, without a server: an
 * empty variable must leave the service standalone; Sentinel and cluster read and write
 * on primaries; every mode gets the timeouts and keep-alive, a cluster the topology
 * refresh. ({@code application.yml} feeds {@code phoenix.redis.*} from the variables; the
 * topology tests go through the variables themselves.)
 */
class RedisTopologyConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withInitializer((context) -> new RedisTopologyEnvironment().postProcessEnvironment(context.getEnvironment(),
				new SpringApplication()))
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SslAutoConfiguration.class))
		.withUserConfiguration(RedisClientConfiguration.class, Properties.class)
		// As application.yml sets them with the variables unset.
		.withPropertyValues("spring.data.redis.ssl.enabled=false",
				"spring.data.redis.lettuce.cluster.refresh.period=10s",
				"spring.data.redis.lettuce.cluster.refresh.adaptive=true");

	@Test
	void factoryWhenTopologyVariablesEmptyThenStandaloneAsBefore() {
		this.contexts
			.withPropertyValues("phoenix.redis.sentinel-master=", "phoenix.redis.sentinel-nodes=",
					"phoenix.redis.cluster-nodes=", "phoenix.redis.ssl-ca-file=")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.isRedisSentinelAware()).isFalse();
				assertThat(factory.isClusterAware()).isFalse();
				assertThat(factory.getClientConfiguration().getReadFrom()).isEmpty();
				assertThat(factory.getClientConfiguration().isUseSsl()).isFalse();
				ClientOptions options = factory.getClientConfiguration().getClientOptions().orElseThrow();
				assertThat(options).isNotInstanceOf(ClusterClientOptions.class);
				assertFailsFast(options);
				assertThat(context.getEnvironment().containsProperty("spring.data.redis.sentinel.master")).isFalse();
			});
	}

	@Test
	void factoryWhenSentinelVariablesSetThenSentinelOnThePrimary() {
		this.contexts
			.withPropertyValues("phoenix.redis.sentinel-master=phoenix",
					"phoenix.redis.sentinel-nodes=10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379")
			.run((context) -> {
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.isRedisSentinelAware()).isTrue();
				assertThat(factory.getSentinelConfiguration().getMaster().getName()).isEqualTo("phoenix");
				assertThat(factory.getSentinelConfiguration().getSentinels()).hasSize(3);
				assertThat(factory.getClientConfiguration().getReadFrom()).contains(ReadFrom.UPSTREAM);
				assertFailsFast(factory.getClientConfiguration().getClientOptions().orElseThrow());
			});
	}

	@Test
	void factoryWhenClusterNodesSetThenClusterWithRefreshOnPrimaries() {
		this.contexts.withPropertyValues("phoenix.redis.cluster-nodes=10.0.0.1:6379,10.0.0.2:6379").run((context) -> {
			LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
			assertThat(factory.isClusterAware()).isTrue();
			assertThat(factory.getClusterConfiguration().getClusterNodes()).hasSize(2);
			assertThat(factory.getClientConfiguration().getReadFrom()).contains(ReadFrom.UPSTREAM);
			ClientOptions options = factory.getClientConfiguration().getClientOptions().orElseThrow();
			assertThat(options).isInstanceOf(ClusterClientOptions.class);
			assertFailsFast(options);
			ClusterClientOptions cluster = (ClusterClientOptions) options;
			ClusterTopologyRefreshOptions refresh = cluster.getTopologyRefreshOptions();
			assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
			assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
			assertThat(refresh.getAdaptiveRefreshTriggers()).isNotEmpty();
			assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(cluster.getNodeFilter().test(node(NodeFlag.UPSTREAM))).isTrue();
			assertThat(cluster.getNodeFilter().test(node(NodeFlag.UPSTREAM, NodeFlag.FAIL))).isFalse();
			assertThat(cluster.getNodeFilter().test(node(NodeFlag.UPSTREAM, NodeFlag.EVENTUAL_FAIL))).isFalse();
		});
	}

	@Test
	void startWhenSentinelMasterWithoutNodesThenRefusedNamingBoth() {
		this.contexts.withPropertyValues("phoenix.redis.sentinel-master=phoenix").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("REDIS_SENTINEL_MASTER and REDIS_SENTINEL_NODES");
		});
	}

	@Test
	void startWhenSentinelAndClusterBothSetThenRefused() {
		this.contexts
			.withPropertyValues("phoenix.redis.sentinel-master=phoenix", "phoenix.redis.sentinel-nodes=h:26379",
					"phoenix.redis.cluster-nodes=h:6379")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("choose Sentinel or cluster mode"));
	}

	@Test
	void startWhenCaFileWithoutSslThenRefused() {
		this.contexts.withPropertyValues("phoenix.redis.ssl-ca-file=/etc/phoenix/redis-ca.pem")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("REDIS_SSL_CA_FILE is set but REDIS_SSL is not true"));
	}

	@Test
	void deriveWhenCaFileSetThenSslBundleTrustingIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("phoenix.redis.ssl-ca-file",
				" /etc/phoenix/redis-ca.pem ");
		assertThat(RedisTopologyEnvironment.derive(environment)).containsOnly(
				entry("spring.ssl.bundle.pem.redis.truststore.certificate", "file:/etc/phoenix/redis-ca.pem"),
				entry("spring.data.redis.ssl.bundle", "redis"));
		environment.setProperty("phoenix.redis.ssl-ca-file", "classpath:redis-ca.pem");
		assertThat(RedisTopologyEnvironment.derive(environment))
			.containsEntry("spring.ssl.bundle.pem.redis.truststore.certificate", "classpath:redis-ca.pem");
	}

	@Test
	void deriveWhenNothingSetThenNothing() {
		MockEnvironment environment = new MockEnvironment().withProperty("phoenix.redis.sentinel-master", " ");
		assertThat(RedisTopologyEnvironment.derive(environment)).isEmpty();
	}

	private static void assertFailsFast(ClientOptions options) {
		assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(options.getSocketOptions().getKeepAlive().isEnabled()).isTrue();
		assertThat(options.getSocketOptions().getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(15));
		assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
	}

	private static RedisClusterNode node(NodeFlag... flags) {
		RedisClusterNode node = new RedisClusterNode();
		node.setFlags(Set.of(flags));
		return node;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PhoenixRedisProperties.class)
	static class Properties {

	}

}
