package dev.phoenix.redis;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import dev.phoenix.resetcode.StoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.ClusterInfo;
import org.springframework.data.redis.connection.ReactiveClusterServerCommands;
import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import java.util.Locale;

/**
 * Reads {@code INFO} and {@code DBSIZE} with a hard deadline, in every mode, on the
 * shared connection that requests use.
 * <p>
 * Standalone and Sentinel: the server the service writes to (the primary). Cluster: every
 * primary that serves slots, combined by {@link ClusterInfoSum} ({@code DBSIZE} and the
 * additive {@code INFO} fields summed), plus {@code CLUSTER INFO}.
 * <p>
 * The first failure after a success (and the first at startup) is logged with its cause,
 * so a wrong password or an untrusted certificate says so once, not on every poll.
 */
@Component
public class RedisServerStatus {

	private static final Log logger = LogFactory.getLog(RedisServerStatus.class);

	/**
	 * The longest a health check waits for Redis: the contract's 2 s, less the answer's
	 * own time.
	 */
	public static final Duration HEALTH_DEADLINE = Duration.ofMillis(1500);

	/**
	 * How long a health answer may be reused: a flood of callers shares one live check.
	 */
	static final Duration REUSE = Duration.ofMillis(250);

	private final ReactiveRedisConnectionFactory connections;

	private final SharedConnection connection;

	private final RedisErrors errors;

	private final Mode mode;

	private final Mono<Snapshot> sharedCheck;

	private volatile @Nullable Boolean reachable;

	RedisServerStatus(ReactiveRedisConnectionFactory connections, SharedConnection connection, RedisErrors errors) {
		this.connections = connections;
		this.connection = connection;
		this.errors = errors;
		this.mode = Mode.of(connections);
		this.sharedCheck = Mono.defer(() -> query(false))
			.timeout(HEALTH_DEADLINE)
			.cache((snapshot) -> REUSE, (failure) -> REUSE, () -> REUSE);
	}

	/**
	 * {@code INFO} (the default sections) and {@code DBSIZE}, and the requests' shared
	 * connection open, so it says what a request would meet. Concurrent callers share one
	 * check, and its answer is reused for {@link #REUSE}.
	 */
	public Snapshot read() {
		return read(this.sharedCheck, HEALTH_DEADLINE);
	}

	/** {@code INFO all} (commandstats included) and {@code DBSIZE}, for metrics. */
	Snapshot readEverything(Duration deadline) {
		return read(Mono.defer(() -> query(true)), deadline);
	}

	public Mode mode() {
		return this.mode;
	}

	private Snapshot read(Mono<Snapshot> check, Duration deadline) {
		try {
			this.connection.checkEstablished();
			Snapshot snapshot = check.timeout(deadline).block();
			if (snapshot == null) {
				throw new IllegalStateException("Redis returned no reply");
			}
			reached();
			return snapshot;
		}
		catch (RuntimeException ex) {
			StoreUnavailableException unavailable = (ex instanceof StoreUnavailableException known) ? known
					: this.errors.unavailable(ex);
			missed(unavailable);
			throw unavailable;
		}
	}

	/**
	 * Runs off the caller's thread, so not even a connection attempt can hold the caller
	 * past its deadline.
	 */
	private Mono<Snapshot> query(boolean everything) {
		if (!this.connection.isOpen()) {
			// INFO goes over the shared reactive connection, the requests' scripts over
			// the other shared connection, which Lettuce reconnects on its own schedule.
			return Mono.error(new RedisConnectionFailureException("The requests' connection to Redis is not open"));
		}
		long started = System.nanoTime();
		return Mono
			.usingWhen(Mono.fromCallable(this.connections::getReactiveConnection),
					(connection) -> query(connection, everything, started), ReactiveRedisConnection::closeLater)
			.subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Snapshot> query(ReactiveRedisConnection connection, boolean everything, long started) {
		if (connection instanceof ReactiveRedisClusterConnection cluster) {
			return queryCluster(cluster, everything, started);
		}
		Mono<Properties> info = everything ? connection.serverCommands().info("all")
				: connection.serverCommands().info();
		return Mono.zip(info, connection.serverCommands().dbSize())
			.map((tuple) -> new Snapshot(this.mode, tuple.getT1(), tuple.getT2(), null, latencySince(started)));
	}

	private Mono<Snapshot> queryCluster(ReactiveRedisClusterConnection connection, boolean everything, long started) {
		ReactiveClusterServerCommands server = connection.serverCommands();
		Mono<List<ClusterInfoSum.Node>> primaries = connection.clusterGetNodes()
			.filter((node) -> node.isMaster() && !node.isMarkedAsFail() && !node.getSlotRange().getSlots().isEmpty())
			.flatMap((node) -> Mono.zip(everything ? server.info(node, "all") : server.info(node), server.dbSize(node))
				.map((tuple) -> new ClusterInfoSum.Node(tuple.getT1(), tuple.getT2())))
			.collectList();
		return Mono.zip(primaries, connection.clusterGetClusterInfo()).map((tuple) -> {
			if (tuple.getT1().isEmpty()) {
				throw new IllegalStateException("No primary serves slots");
			}
			ClusterInfoSum sum = ClusterInfoSum.of(tuple.getT1());
			return new Snapshot(this.mode, sum.info(), sum.keys(), ClusterState.of(tuple.getT2(), tuple.getT1().size()),
					latencySince(started));
		});
	}

	private void reached() {
		if (Boolean.FALSE.equals(this.reachable)) {
			logger.info("Redis (" + this.mode.value() + ") answers again");
		}
		this.reachable = true;
	}

	private void missed(StoreUnavailableException failure) {
		if (!Boolean.FALSE.equals(this.reachable)) {
			logger.warn("Redis (" + this.mode.value() + ") unreachable (" + failure.kind() + "): "
					+ RedisErrors.describe(failure));
		}
		this.reachable = false;
	}

	private static Duration latencySince(long started) {
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/** How the service reaches Redis, from the connection factory Boot built. */
	public enum Mode {

		STANDALONE, SENTINEL, CLUSTER;

		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Mode of(ReactiveRedisConnectionFactory connections) {
			if (connections instanceof LettuceConnectionFactory lettuce) {
				if (lettuce.isClusterAware()) {
					return CLUSTER;
				}
				if (lettuce.isRedisSentinelAware()) {
					return SENTINEL;
				}
			}
			return STANDALONE;
		}

	}

	/** {@code CLUSTER INFO}'s state, and how many primaries answered for the snapshot. */
	public record ClusterState(String state, long slotsOk, long knownNodes, long size, int primaries) {

		static ClusterState of(ClusterInfo info, int primaries) {
			return new ClusterState(String.valueOf(info.getState()), orZero(info.getSlotsOk()),
					orZero(info.getKnownNodes()), orZero(info.getClusterSize()), primaries);
		}

		private static long orZero(@Nullable Long value) {
			return (value != null) ? value : 0;
		}

	}

	/**
	 * {@code INFO} (all default sections, or summed over the primaries of a cluster),
	 * {@code DBSIZE} (the total in a cluster), the cluster's state, and how long reading
	 * them took.
	 */
	public record Snapshot(Mode mode, Properties info, long keys, @Nullable ClusterState cluster, Duration latency) {

		public long number(String name) {
			String value = this.info.getProperty(name);
			if (value == null) {
				return 0;
			}
			try {
				return Long.parseLong(value.trim());
			}
			catch (NumberFormatException ex) {
				return (long) Double.parseDouble(value.trim());
			}
		}

		public String text(String name, String fallback) {
			return this.info.getProperty(name, fallback).trim();
		}

	}

}
