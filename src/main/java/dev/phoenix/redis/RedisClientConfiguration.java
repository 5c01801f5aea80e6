package dev.phoenix.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce settings for failing fast: short connect and command timeouts, TCP keep-alive,
 * and commands rejected at once while the connection is down (instead of queued until
 * the command timeout), so a Redis outage is a quick 503, not a pile of waiting threads.
 * Lettuce reconnects by itself; nothing is retried here (a verify must never run twice).
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	LettuceClientConfigurationBuilderCustomizer phoenixTimeouts(PhoenixRedisProperties properties) {
		return (builder) -> builder.commandTimeout(properties.timeout());
	}

	@Bean
	LettuceClientOptionsBuilderCustomizer phoenixClientOptions(PhoenixRedisProperties properties) {
		return (builder) -> builder
			.socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).keepAlive(true).build())
			.timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

}
