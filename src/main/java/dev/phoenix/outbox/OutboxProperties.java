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
 * How the outbox works its queue. A job that nobody has touched for its backoff (starting
 * at {@code retryDelay}) is taken to be failed or orphaned and is claimed again; a worker
 * renews its hold on the jobs it is sending every {@link #holdRenewal()}, so a slow send
 * is never taken for an orphan.
 *
 * @param workers consumers per instance, each sending a batch of mails at a time over one
 * SMTP connection
 * @param pollTimeout how long a worker blocks on an empty stream
 * @param retryDelay idle time before the first redelivery; doubles with each delivery
 * @param maxRetryDelay the longest wait between two deliveries
 * @param maxDeliveries deliveries before a job is dead-lettered
 * @param claimInterval how often each instance looks for jobs to retry or claim
 * @param maxDepth undelivered jobs the outbox may hold; past it new codes are refused
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
		@DefaultValue("100000") @Min(1) long maxDepth,
		@DefaultValue("7d") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration keyTtl) {

	private static final Duration MAX_HOLD_RENEWAL = Duration.ofSeconds(5);

	/**
	 * Idle time a job must reach before its next delivery, after {@code deliveries} so
	 * far.
	 */
	Duration backoffAfter(long deliveries) {
		long factor = 1L << Math.min(20, Math.max(0, deliveries - 1));
		Duration delay = this.retryDelay.multipliedBy(factor);
		return (delay.compareTo(this.maxRetryDelay) > 0) ? this.maxRetryDelay : delay;
	}

	/**
	 * How often a worker renews its hold on the jobs it has read and not finished: well
	 * within the shortest backoff, so no claimer takes a job while it is being sent.
	 */
	Duration holdRenewal() {
		Duration third = this.retryDelay.dividedBy(3);
		return (third.compareTo(MAX_HOLD_RENEWAL) > 0) ? MAX_HOLD_RENEWAL : third;
	}

}
