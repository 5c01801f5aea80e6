package dev.phoenix.outbox;

import java.time.Duration;

import dev.phoenix.resetcode.MailQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The queue's figures for metrics and health, read from Redis every
 * {@link #REFRESH_EVERY} by {@link OutboxWorkers} (a scrape or a health call never asks
 * Redis for them), and the cleanup that rides along: consumers of instances long gone.
 */
@Component
class OutboxGauges implements MailQueue {

	static final Duration REFRESH_EVERY = Duration.ofSeconds(5);

	private static final Duration GONE_CONSUMER_IDLE = Duration.ofHours(1);

	private final MailOutbox outbox;

	private volatile Statistics stats = Statistics.EMPTY;

	OutboxGauges(MailOutbox outbox, OutboxProperties properties, MeterRegistry registry) {
		this.outbox = outbox;
		Gauge.builder("phoenix.outbox.depth", this, (gauges) -> gauges.stats.depth())
			.description("Undelivered mail jobs in the outbox stream (waiting or being sent)")
			.register(registry);
		Gauge.builder("phoenix.outbox.max.depth", properties, OutboxProperties::maxDepth)
			.description("Undelivered mail jobs the outbox may hold (OUTBOX_MAX_DEPTH); past it new codes are refused")
			.register(registry);
		Gauge.builder("phoenix.outbox.pending", this, (gauges) -> gauges.stats.pending())
			.description(
					"Mail jobs delivered to a worker and not yet acknowledged (being sent, or waiting to be retried)")
			.register(registry);
		Gauge
			.builder("phoenix.outbox.oldest.pending.age.seconds", this,
					(gauges) -> gauges.stats.oldestPending().toMillis() / 1000.0)
			.description("Age of the oldest mail job not yet done, read by a worker or not")
			.register(registry);
		Gauge.builder("phoenix.outbox.dead.letters", this, (gauges) -> gauges.stats.deadLetters())
			.description("Mail jobs in the dead-letter stream")
			.register(registry);
	}

	/** The queue's figures as of the last refresh (at most a few seconds old). */
	@Override
	public Statistics statistics() {
		return this.stats;
	}

	void refresh() {
		try {
			this.stats = this.outbox.stats();
			this.outbox.pruneConsumers(GONE_CONSUMER_IDLE);
		}
		catch (RuntimeException ex) {
			this.outbox.recreateGroupIfGone(ex);
		}
	}

}
