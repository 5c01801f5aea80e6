package dev.phoenix.outbox;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * How the outbox works its queue. {@code retryDelay} must be longer than one send can take
 * (the SMTP timeout): a job idle that long is taken to be failed or orphaned and is
 * claimed again.
 *
 * @param workers consumers per instance, each sending one mail at a time
 * @param pollTimeout how long a worker blocks on an empty stream
 * @param retryDelay idle time before the first redelivery; doubles with each delivery
 * @param maxRetryDelay the longest wait between two deliveries
 * @param maxDeliveries deliveries before a job is dead-lettered
 * @param claimInterval how often each instance looks for jobs to retry or claim
 * @param maxLength approximate cap of the outbox stream
 * @param deadMaxLength approximate cap of the dead-letter stream
 * @param keyTtl life of the streams after their last write
 */
@Validated
@ConfigurationProperties("phoenix.outbox")
public record OutboxProperties(@DefaultValue("2") @Min(0) int workers,
		@DefaultValue("1s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration pollTimeout,
		@DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration retryDelay,
		@DefaultValue("5m") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration maxRetryDelay,
		@DefaultValue("8") @Min(1) int maxDeliveries,
		@DefaultValue("1s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration claimInterval,
		@DefaultValue("100000") @Min(100) long maxLength, @DefaultValue("10000") @Min(100) long deadMaxLength,
		@DefaultValue("7d") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration keyTtl) {

	/** Idle time a job must reach before its next delivery, after {@code deliveries} so far. */
	Duration backoffAfter(long deliveries) {
		long factor = 1L << Math.min(20, Math.max(0, deliveries - 1));
		Duration delay = this.retryDelay.multipliedBy(factor);
		return (delay.compareTo(this.maxRetryDelay) > 0) ? this.maxRetryDelay : delay;
	}

}
