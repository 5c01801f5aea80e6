package dev.phoenix.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import java.util.Arrays;

/**
 * Dev only: when nothing answers at {@code REDIS_HOST:REDIS_PORT} on this machine, start
 * a real {@code redis-server} (the binary shipped in {@code embedded-redis}) there, so
 * that {@code ./mvnw spring-boot:run} needs nothing but a JDK. Never active in prod, and
 * never in the packaged jar, which leaves {@code embedded-redis} out (see pom.xml).
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
@ConditionalOnClass(name = "redis.embedded.RedisServer")
@ConditionalOnProperty(name = "phoenix.redis.embedded", havingValue = "true")
class EmbeddedRedisConfiguration {

	static final String BEAN_NAME = "embeddedRedisServer";

	@Bean(BEAN_NAME)
	EmbeddedRedis embeddedRedisServer(Environment environment) {
		String host = environment.getProperty("spring.data.redis.host", "localhost");
		int port = environment.getProperty("spring.data.redis.port", Integer.class, 6379);
		return EmbeddedRedis.startUnlessAnswering(host, port);
	}

	/** The Redis connection factory must not start before the embedded server. */
	@Bean
	static BeanFactoryPostProcessor redisAfterEmbeddedServer() {
		return (beanFactory) -> {
			for (String name : beanFactory.getBeanNamesForType(RedisConnectionFactory.class, true, false)) {
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				String[] dependsOn = definition.getDependsOn();
				String[] extended = (dependsOn != null) ? Arrays.copyOf(dependsOn, dependsOn.length + 1)
						: new String[1];
				extended[extended.length - 1] = BEAN_NAME;
				definition.setDependsOn(extended);
			}
		};
	}

	static final class EmbeddedRedis implements DisposableBean {

		private static final Log logger = LogFactory.getLog(EmbeddedRedis.class);

		private final @Nullable RedisServer server;

		private EmbeddedRedis(@Nullable RedisServer server) {
			this.server = server;
		}

		static EmbeddedRedis startUnlessAnswering(String host, int port) {
			if (answers(host, port)) {
				logger.info("Redis answers at " + host + ":" + port + "; not starting an embedded one");
				return new EmbeddedRedis(null);
			}
			if (!isLoopback(host)) {
				logger.warn("Nothing answers at " + host + ":" + port
						+ " and it is not this machine; not starting an embedded Redis");
				return new EmbeddedRedis(null);
			}
			try {
				RedisServer server = RedisServer.newRedisServer()
					.port(port)
					.bind("127.0.0.1")
					.setting("maxmemory 256mb")
					.setting("maxmemory-policy noeviction")
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				server.start();
				logger.info("Started an embedded redis-server on 127.0.0.1:" + port + " (dev profile)");
				return new EmbeddedRedis(server);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded redis-server on port " + port, ex);
			}
		}

		@Override
		public void destroy() throws IOException {
			if (this.server != null) {
				this.server.stop();
			}
		}

		private static boolean answers(String host, int port) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(host, port), 300);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		private static boolean isLoopback(String host) {
			try {
				return InetAddress.getByName(host).isLoopbackAddress();
			}
			catch (IOException ex) {
				return false;
			}
		}

	}

}
