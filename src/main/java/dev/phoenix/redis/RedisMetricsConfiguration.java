package dev.phoenix.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis server gauges, on unless {@code PHOENIX_REDIS_METRICS_ENABLED=false} (where a
 * real redis_exporter already runs, or to stop every replica publishing the same series).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "phoenix.redis.metrics.enabled", matchIfMissing = true)
class RedisMetricsConfiguration {

	@Bean
	RedisInfoMetrics redisInfoMetrics(RedisServerStatus status, MeterRegistry registry,
			RedisMetricsProperties properties) {
		return new RedisInfoMetrics(status, registry, properties.interval(), properties.timeout());
	}

	@Validated
	@ConfigurationProperties("phoenix.redis.metrics")
	record RedisMetricsProperties(@DefaultValue("true") boolean enabled,
			@DefaultValue("5s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration interval,
			@DefaultValue("1s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration timeout) {
	}

}
