package dev.phoenix.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.stream.MapRecord;

/**
 * One consumer of the group, on a thread of its own: it first finishes what the group has
 * already given it (its own pending jobs), then reads new ones, and sends them a batch at
 * a time.
 * <p>
 * Reading its own pending jobs first is what makes a Redis stall harmless: a blocking
 * read that timed out here may still run when Redis resumes and hand this consumer a job
 * whose reply nobody reads; the next round finds that job and sends it, instead of
 * leaving it to wait for a claimer. While jobs are held here, {@link #renewHold()} keeps
 * them from looking orphaned, so no claimer takes one that is still being sent.
 */
final class OutboxConsumer implements Runnable {

	private static final Log logger = LogFactory.getLog(OutboxConsumer.class);

	/**
	 * Jobs read, checked and sent together: one Redis round trip for their pending
	 * checks, one SMTP connection, one acknowledgement.
	 */
	static final int BATCH = 50;

	private final String name;

	private final String parking;

	private final MailOutbox outbox;

	private final OutboxDelivery delivery;

	private final Duration pollTimeout;

	private final Set<String> held = ConcurrentHashMap.newKeySet();

	private volatile boolean running = true;

	OutboxConsumer(String name, String parking, MailOutbox outbox, OutboxDelivery delivery, Duration pollTimeout) {
		this.name = name;
		this.parking = parking;
		this.outbox = outbox;
		this.delivery = delivery;
		this.pollTimeout = pollTimeout;
	}

	String name() {
		return this.name;
	}

	boolean holds(String id) {
		return this.held.contains(id);
	}

	void stop() {
		this.running = false;
	}

	@Override
	public void run() {
		while (this.running) {
			try {
				List<MapRecord<String, Object, Object>> jobs = this.outbox.readOwn(this.name, BATCH);
				if (jobs.isEmpty()) {
					jobs = this.outbox.readNew(this.name, BATCH, this.pollTimeout);
				}
				work(jobs);
			}
			catch (RuntimeException ex) {
				this.outbox.recreateGroupIfGone(ex);
				pause();
			}
		}
	}

	/** Resets the idle time of the jobs held here; called more often than any backoff. */
	void renewHold() {
		List<String> ids = List.copyOf(this.held);
		if (!ids.isEmpty()) {
			this.outbox.renew(this.name, ids);
		}
	}

	private void work(List<MapRecord<String, Object, Object>> jobs) {
		if (jobs.isEmpty() || !this.running) {
			return;
		}
		jobs.forEach((job) -> this.held.add(job.getId().getValue()));
		try {
			List<String> failed = this.delivery.deliver(jobs);
			if (!failed.isEmpty()) {
				// Parked under a name nobody reads: the claimers give them back once
				// their backoff ends.
				this.outbox.claim(this.parking, Duration.ZERO, failed);
			}
		}
		finally {
			this.held.clear();
		}
	}

	/** The loop calls Redis again at once; without a pause an outage would spin it. */
	private void pause() {
		try {
			Thread.sleep(this.pollTimeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
			logger.debug("Outbox consumer " + this.name + " interrupted");
		}
	}

}
