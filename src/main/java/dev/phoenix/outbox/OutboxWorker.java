package dev.phoenix.outbox;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.phoenix.mail.MailMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the outbox in this instance: {@code workers} consumers of the group read new jobs
 * (Spring Data Redis's {@link StreamMessageListenerContainer}, XREADGROUP on connections
 * of their own), and a claimer looks at the pending list every {@code claimInterval}:
 * a job idle for longer than its backoff (failed here, or left by a dead instance) is
 * claimed (XCLAIM) and sent again, and one delivered {@code maxDeliveries} times goes to
 * the dead-letter stream. The claimer also caches the queue's figures for metrics and
 * health. On SIGTERM this stops (default phase, before the web server's graceful shutdown
 * drains the requests in flight): it takes no more jobs, and unacknowledged ones stay
 * pending for the other instances or the next start.
 */
@Component
public class OutboxWorker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxWorker.class);

	private static final int CLAIM_BATCH = 100;

	private static final long STATS_EVERY_MILLIS = 5_000;

	private static final Duration GONE_CONSUMER_IDLE = Duration.ofHours(1);

	private final MailOutbox outbox;

	private final OutboxDelivery delivery;

	private final OutboxProperties properties;

	private final MailMetrics metrics;

	private final RedisConnectionFactory connections;

	private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "-"
			+ UUID.randomUUID().toString().substring(0, 8);

	private volatile OutboxStats stats = new OutboxStats(0, 0, Duration.ZERO, 0);

	private volatile long statsReadAt;

	private StreamMessageListenerContainer<String, MapRecord<String, String, String>> container;

	private ScheduledExecutorService claimer;

	OutboxWorker(MailOutbox outbox, OutboxDelivery delivery, OutboxProperties properties, MailMetrics metrics,
			RedisConnectionFactory connections, MeterRegistry registry) {
		this.outbox = outbox;
		this.delivery = delivery;
		this.properties = properties;
		this.metrics = metrics;
		this.connections = connections;
		Gauge.builder("phoenix.outbox.depth", this, (worker) -> worker.stats.depth())
			.description("Mail jobs in the outbox stream (waiting or being sent)")
			.register(registry);
		Gauge.builder("phoenix.outbox.pending", this, (worker) -> worker.stats.pending())
			.description("Mail jobs taken by a worker and not yet acknowledged")
			.register(registry);
		Gauge.builder("phoenix.outbox.oldest.pending.age.seconds", this,
				(worker) -> worker.stats.oldestPending().toMillis() / 1000.0)
			.description("Age of the oldest mail job not yet done, read by a worker or not")
			.register(registry);
		Gauge.builder("phoenix.outbox.dead.letters", this, (worker) -> worker.stats.deadLetters())
			.description("Mail jobs in the dead-letter stream")
			.register(registry);
	}

	/** The queue's figures as of the last poll (at most a few seconds old). */
	public OutboxStats stats() {
		return this.stats;
	}

	@Override
	public void start() {
		try {
			this.outbox.ensureGroup();
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox group not created yet (Redis unavailable); retrying in the background");
		}
		StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options = StreamMessageListenerContainerOptions
			.builder()
			.pollTimeout(this.properties.pollTimeout())
			.batchSize(10)
			.executor(daemonExecutor())
			.errorHandler(this::onReadError)
			.build();
		this.container = StreamMessageListenerContainer.create(this.connections, options);
		for (int i = 0; i < this.properties.workers(); i++) {
			this.container.register(StreamMessageListenerContainer.StreamReadRequest
				.builder(StreamOffset.create(MailOutbox.STREAM, ReadOffset.lastConsumed()))
				.consumer(Consumer.from(MailOutbox.GROUP, this.instance + "-" + i))
				.autoAcknowledge(false)
				.cancelOnError((error) -> false)
				.build(), (record) -> this.delivery.deliver(record.getId().getValue(), record.getValue(), 1));
		}
		this.container.start();
		this.claimer = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("outbox-claimer-"));
		this.claimer.scheduleWithFixedDelay(this::claimDue, 0, this.properties.claimInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** Daemon threads: a send stuck in SMTP must not keep a stopping JVM alive; its job stays pending. */
	private static SimpleAsyncTaskExecutor daemonExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("outbox-");
		executor.setDaemon(true);
		return executor;
	}

	@Override
	public void stop() {
		if (this.claimer != null) {
			this.claimer.shutdownNow();
			this.claimer = null;
		}
		if (this.container != null) {
			this.container.stop();
			this.container = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.container != null && this.container.isRunning();
	}

	void claimDue() {
		try {
			List<PendingMessage> pending = this.outbox.oldestPending(CLAIM_BATCH);
			for (PendingMessage job : pending) {
				retryOrBury(job);
			}
			if (System.currentTimeMillis() - this.statsReadAt >= STATS_EVERY_MILLIS) {
				this.stats = this.outbox.stats();
				this.statsReadAt = System.currentTimeMillis();
				this.outbox.pruneConsumers(GONE_CONSUMER_IDLE);
			}
		}
		catch (RuntimeException ex) {
			recreateGroupIfGone(ex);
		}
	}

	private void retryOrBury(PendingMessage job) {
		long deliveries = job.getTotalDeliveryCount();
		Duration due = this.properties.backoffAfter(deliveries);
		if (job.getElapsedTimeSinceLastDelivery().compareTo(due) < 0) {
			return;
		}
		String id = job.getIdAsString();
		if (deliveries >= this.properties.maxDeliveries()) {
			if (this.outbox.bury(id, deliveries, "failed " + deliveries + " deliveries")) {
				this.metrics.deadLettered();
				logger.error("Outbox job " + id + " failed " + deliveries + " deliveries; moved to "
						+ MailOutbox.DEAD_LETTERS);
			}
			return;
		}
		for (MapRecord<String, Object, Object> record : this.outbox.claim(this.instance + "-claimer", due, id)) {
			this.metrics.retried();
			this.delivery.deliver(id, MailOutbox.fields(record), deliveries + 1);
		}
	}

	private void onReadError(Throwable error) {
		recreateGroupIfGone(error);
		// The read loop calls again at once; without a pause a Redis outage would spin it.
		try {
			Thread.sleep(this.properties.pollTimeout().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The stream (and its group) can vanish: expired after a quiet week, or deleted by hand. */
	private void recreateGroupIfGone(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (String.valueOf(cause.getMessage()).contains("NOGROUP")) {
				try {
					this.outbox.ensureGroup();
				}
				catch (RuntimeException ex) {
					// Redis still unavailable; the next poll tries again.
				}
				return;
			}
			if (cause.getCause() == cause) {
				return;
			}
		}
	}

}
