package dev.phoenix.outbox;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.phoenix.mail.MailMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the outbox in this instance: {@code workers} {@link OutboxConsumer}s, each on a
 * daemon thread of its own; a thread that renews the consumers' holds (alone, so a slow
 * claim never delays it); and one that runs the {@link OutboxClaimer} and refreshes the
 * {@link OutboxGauges}. On SIGTERM this stops first (default phase, before the web
 * server's graceful shutdown drains the requests in flight): the consumers finish the
 * mail they are sending and take no more; jobs they had read but not sent stay pending,
 * for another instance or the next start.
 */
@Component
class OutboxWorkers implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxWorkers.class);

	private final MailOutbox outbox;

	private final OutboxDelivery delivery;

	private final OutboxProperties properties;

	private final MailMetrics metrics;

	private final OutboxGauges gauges;

	/**
	 * Consumer names are unique per start, so a restarted instance never inherits a stale
	 * name.
	 */
	private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "-"
			+ UUID.randomUUID().toString().substring(0, 8);

	private final List<OutboxConsumer> consumers = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private @Nullable ScheduledExecutorService holds;

	private @Nullable ScheduledExecutorService scheduler;

	OutboxWorkers(MailOutbox outbox, OutboxDelivery delivery, OutboxProperties properties, MailMetrics metrics,
			OutboxGauges gauges) {
		this.outbox = outbox;
		this.delivery = delivery;
		this.properties = properties;
		this.metrics = metrics;
		this.gauges = gauges;
	}

	@Override
	public synchronized void start() {
		try {
			this.outbox.ensureGroup();
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox group not created yet (Redis unavailable); retrying in the background");
		}
		for (int i = 0; i < this.properties.workers(); i++) {
			OutboxConsumer consumer = new OutboxConsumer(this.instance + "-" + i, this.instance + "-parked",
					this.outbox, this.delivery, this.properties.pollTimeout());
			Thread thread = new Thread(consumer, "outbox-" + i);
			// A send stuck in SMTP must not keep a stopping JVM alive; its job stays
			// pending.
			thread.setDaemon(true);
			this.consumers.add(consumer);
			this.threads.add(thread);
			thread.start();
		}
		this.holds = Executors.newSingleThreadScheduledExecutor(daemonThreads("outbox-holds-"));
		every(this.holds, this.properties.holdRenewal().toMillis(), this::renewHolds);
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(daemonThreads("outbox-claims-"));
		if (!this.consumers.isEmpty()) {
			OutboxClaimer claimer = new OutboxClaimer(this.outbox, this.delivery, this.properties, this.metrics,
					List.copyOf(this.consumers), this::heldHere);
			every(scheduler, this.properties.claimInterval().toMillis(), claimer::claimDue);
		}
		every(scheduler, OutboxGauges.REFRESH_EVERY.toMillis(), this.gauges::refresh);
		this.scheduler = scheduler;
	}

	@Override
	public synchronized void stop() {
		this.consumers.forEach(OutboxConsumer::stop);
		long waitUntil = System.nanoTime() + this.properties.pollTimeout().plusSeconds(5).toNanos();
		for (Thread thread : this.threads) {
			try {
				thread.join(Math.max(1, (waitUntil - System.nanoTime()) / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		for (ScheduledExecutorService executor : new ScheduledExecutorService[] { this.holds, this.scheduler }) {
			if (executor != null) {
				executor.shutdownNow();
			}
		}
		this.holds = null;
		this.scheduler = null;
		this.consumers.clear();
		this.threads.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	private boolean heldHere(String id) {
		return this.consumers.stream().anyMatch((consumer) -> consumer.holds(id));
	}

	private void renewHolds() {
		for (OutboxConsumer consumer : this.consumers) {
			try {
				consumer.renewHold();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not renew the outbox holds of " + consumer.name() + ": " + ex.getMessage());
			}
		}
	}

	private static void every(ScheduledExecutorService scheduler, long millis, Runnable task) {
		scheduler.scheduleWithFixedDelay(task, 0, millis, TimeUnit.MILLISECONDS);
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
