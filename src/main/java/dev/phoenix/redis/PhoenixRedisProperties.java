package dev.phoenix.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Client settings Spring Boot's {@code spring.data.redis.*} cannot express the way the
 * contract wants: timeouts where a bare number means seconds, applied with keep-alive
 * through Lettuce's socket options; whether the dev profile may start an embedded server.
 */
@Validated
@ConfigurationProperties("phoenix.redis")
public record PhoenixRedisProperties(
		@DefaultValue("2s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration connectTimeout,
		@DefaultValue("2s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration timeout,
		@DefaultValue("false") boolean embedded) {

}
