package dev.phoenix.outbox;

import java.util.List;
import java.util.function.Predicate;

import dev.phoenix.mail.MailMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.stream.PendingMessage;

/**
 * Looks at the oldest pending jobs of the whole group: one idle longer than its backoff
 * (failed and parked, or left by an instance that died) goes to one of this instance's
 * consumers, which finds it among its own pending jobs; one delivered
 * {@code maxDeliveries} times goes to the dead-letter stream. The claim itself checks the
 * idle time in Redis, so two instances never both take a job.
 */
final class OutboxClaimer {

	private static final Log logger = LogFactory.getLog(OutboxClaimer.class);

	private static final int BATCH = 100;

	private final MailOutbox outbox;

	private final OutboxDelivery delivery;

	private final OutboxProperties properties;

	private final MailMetrics metrics;

	private final List<OutboxConsumer> consumers;

	private final Predicate<String> heldHere;

	private int next;

	OutboxClaimer(MailOutbox outbox, OutboxDelivery delivery, OutboxProperties properties, MailMetrics metrics,
			List<OutboxConsumer> consumers, Predicate<String> heldHere) {
		this.outbox = outbox;
		this.delivery = delivery;
		this.properties = properties;
		this.metrics = metrics;
		this.consumers = consumers;
		this.heldHere = heldHere;
	}

	void claimDue() {
		try {
			for (PendingMessage job : this.outbox.oldestPending(BATCH)) {
				if (!this.heldHere.test(job.getIdAsString())) {
					retryOrBury(job);
				}
			}
		}
		catch (RuntimeException ex) {
			this.outbox.recreateGroupIfGone(ex);
		}
	}

	private void retryOrBury(PendingMessage job) {
		long deliveries = job.getTotalDeliveryCount();
		if (job.getElapsedTimeSinceLastDelivery().compareTo(this.properties.backoffAfter(deliveries)) < 0) {
			return;
		}
		String id = job.getIdAsString();
		if (deliveries >= this.properties.maxDeliveries()) {
			String reason = this.delivery.deadLetterReason(id, deliveries);
			if (this.outbox.bury(id, reason)) {
				this.metrics.deadLettered();
				logger.error("Outbox job " + id + " (" + reason + ") moved to " + MailOutbox.DEAD_LETTERS);
			}
			return;
		}
		OutboxConsumer consumer = this.consumers.get(this.next++ % this.consumers.size());
		if (!this.outbox.claim(consumer.name(), this.properties.backoffAfter(deliveries), List.of(id)).isEmpty()) {
			this.metrics.retried();
		}
	}

}
