package dev.phoenix.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.phoenix.redis.RedisServerStatus.Snapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Redis server metrics under the names of the standard Prometheus redis_exporter
 * ({@code redis_up}, {@code redis_memory_used_bytes}, {@code redis_db_keys{db}},
 * {@code redis_commands_total{cmd}}, ...), so its dashboards and alert rules work
 * unchanged. {@code INFO} is polled on a schedule with a short deadline and the values
 * cached: a scrape never waits on Redis, and a dead Redis shows as {@code redis_up 0}
 * (the other gauges then read NaN; counters keep their last value, as counters must).
 */
final class RedisInfoMetrics implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisInfoMetrics.class);

	private final RedisServerStatus status;

	private final MeterRegistry registry;

	private final Duration interval;

	private final Duration deadline;

	private final Set<String> registeredDatabases = ConcurrentHashMap.newKeySet();

	private final Set<String> registeredCommands = ConcurrentHashMap.newKeySet();

	private final Map<String, double[]> keyspace = new ConcurrentHashMap<>();

	private final Map<String, double[]> commands = new ConcurrentHashMap<>();

	private volatile Properties info = new Properties();

	private volatile boolean up;

	private final AtomicBoolean countersRegistered = new AtomicBoolean();

	private ScheduledExecutorService poller;

	RedisInfoMetrics(RedisServerStatus status, MeterRegistry registry, Duration interval, Duration deadline) {
		this.status = status;
		this.registry = registry;
		this.interval = interval;
		this.deadline = deadline;
		Gauge.builder("redis.up", this, (metrics) -> metrics.up ? 1 : 0)
			.description("1 while the last poll of Redis succeeded")
			.register(registry);
		gauge("redis.memory.used.bytes", "used_memory");
		gauge("redis.memory.max.bytes", "maxmemory");
		gauge("redis.connected.clients", "connected_clients");
		gauge("redis.blocked.clients", "blocked_clients");
		gauge("redis.max.clients", "maxclients");
		gauge("redis.uptime.in.seconds", "uptime_in_seconds");
	}

	/**
	 * Counters appear with the first successful poll, not before: a counter that read 0
	 * while Redis was unreachable and then jumped to Redis's real total would look like a
	 * burst of evictions or rejected connections to {@code increase()}, and fire alerts.
	 */
	private void registerCounters() {
		if (this.countersRegistered.compareAndSet(false, true)) {
			counter("redis.evicted.keys", "evicted_keys");
			counter("redis.expired.keys", "expired_keys");
			counter("redis.rejected.connections", "rejected_connections");
			counter("redis.keyspace.hits", "keyspace_hits");
			counter("redis.keyspace.misses", "keyspace_misses");
		}
	}

	/**
	 * One poll: INFO everything, then the cached values and any new db or command series.
	 */
	void poll() {
		try {
			Snapshot snapshot = this.status.readEverything(this.deadline);
			this.info = snapshot.info();
			snapshot.info().stringPropertyNames().forEach((name) -> {
				if (name.matches("db\\d+")) {
					record(this.keyspace, name, snapshot.info().getProperty(name), "keys", "expires");
				}
				else if (name.startsWith("cmdstat_")) {
					record(this.commands, name.substring("cmdstat_".length()), snapshot.info().getProperty(name),
							"calls", "usec");
				}
			});
			registerCounters();
			registerNewSeries();
			this.up = true;
		}
		catch (RuntimeException ex) {
			if (this.up) {
				logger.warn("Redis INFO poll failed; redis_up is 0 until it answers again");
			}
			this.up = false;
		}
	}

	private static void record(Map<String, double[]> into, String name, String line, String first, String second) {
		Map<String, Double> numbers = InfoLine.numbers(line);
		into.put(name, new double[] { numbers.getOrDefault(first, 0.0), numbers.getOrDefault(second, 0.0) });
	}

	private void registerNewSeries() {
		for (String db : this.keyspace.keySet()) {
			if (this.registeredDatabases.add(db)) {
				Gauge.builder("redis.db.keys", this, (metrics) -> metrics.keyspaceValue(db, 0))
					.description("Keys in the database (INFO keyspace)")
					.tag("db", db)
					.register(this.registry);
				Gauge.builder("redis.db.keys.expiring", this, (metrics) -> metrics.keyspaceValue(db, 1))
					.description("Keys with a TTL in the database (INFO keyspace)")
					.tag("db", db)
					.register(this.registry);
			}
		}
		for (String cmd : this.commands.keySet()) {
			if (this.registeredCommands.add(cmd)) {
				FunctionCounter.builder("redis.commands", this, (metrics) -> metrics.commandValue(cmd, 0))
					.description("Calls per command (INFO commandstats)")
					.tag("cmd", cmd)
					.register(this.registry);
				FunctionCounter
					.builder("redis.commands.duration.seconds", this, (metrics) -> metrics.commandValue(cmd, 1) / 1e6)
					.description("Time spent in Redis per command (INFO commandstats)")
					.tag("cmd", cmd)
					.register(this.registry);
			}
		}
	}

	private double keyspaceValue(String db, int index) {
		// A database emptied since the last poll disappears from INFO keyspace: 0 keys.
		double[] values = this.keyspace.get(db);
		return !this.up ? Double.NaN : (values != null) ? values[index] : 0;
	}

	private double commandValue(String cmd, int index) {
		double[] values = this.commands.get(cmd);
		return (values != null) ? values[index] : 0;
	}

	private void gauge(String name, String field) {
		// A field this Redis version does not report (maxclients before 7.0) reads NaN,
		// not 0:
		// a ratio over it must not look like an alert.
		Gauge.builder(name, this, (metrics) -> metrics.up ? metrics.infoValue(field, Double.NaN) : Double.NaN)
			.description("INFO " + field)
			.register(this.registry);
	}

	private void counter(String name, String field) {
		ToDoubleFunction<RedisInfoMetrics> value = (metrics) -> metrics.infoValue(field, 0);
		FunctionCounter.builder(name, this, value).description("INFO " + field).register(this.registry);
	}

	private double infoValue(String field, double missing) {
		String value = this.info.getProperty(field);
		if (value == null) {
			return missing;
		}
		try {
			return Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	@Override
	public void start() {
		this.poller = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("redis-info-"));
		this.poller.scheduleWithFixedDelay(this::poll, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.poller != null) {
			this.poller.shutdownNow();
			this.poller = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.poller != null;
	}

}
