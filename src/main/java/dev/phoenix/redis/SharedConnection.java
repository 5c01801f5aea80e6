package dev.phoenix.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The multiplexed connections that every request shares (Spring Data Redis's shared
 * native connections: the requests' scripts and the outbox's commands use one, the health
 * check and the server metrics the reactive one), made on a thread of their own and never
 * on a request's.
 * <p>
 * Spring Data Redis creates each connection on first use, synchronously and under a lock:
 * against a Redis that accepts TCP and never answers, each caller would wait out a TCP
 * connect and a handshake timeout, one after the other. So until the first connection is
 * made, requests get {@link #checkEstablished()}'s refusal at once while this class
 * retries in the background. Once made, Lettuce keeps it: it reconnects by itself, and
 * rejects commands at once while disconnected.
 * <p>
 * The first attempt starts as soon as this bean exists, not when the context starts: the
 * first connection costs most of a second (Netty and Lettuce load and run for the first
 * time), which then overlaps the rest of the start instead of coming after it. A context
 * that is stopped and started again (the connection factory closes its connections when
 * stopped) makes the connection anew.
 */
@Component
public class SharedConnection implements InitializingBean, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(SharedConnection.class);

	private static final Duration RETRY_EVERY = Duration.ofMillis(500);

	private final ReactiveRedisConnectionFactory connections;

	private final RedisConnectionFactory commandConnections;

	private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> commands;

	private final RedisErrors errors;

	private volatile boolean established;

	private @Nullable String lastFailure;

	private @Nullable ScheduledExecutorService connector;

	private @Nullable ScheduledFuture<?> attempts;

	SharedConnection(ReactiveRedisConnectionFactory connections, RedisConnectionFactory commandConnections,
			RedisErrors errors) {
		this.connections = connections;
		this.commandConnections = commandConnections;
		this.errors = errors;
	}

	/**
	 * Returns if requests can use Redis through the shared connection, else refuses at
	 * once.
	 */
	public void checkEstablished() {
		if (!this.established) {
			throw this.errors.unavailable(
					new RedisConnectionFailureException("No connection to Redis yet; connecting in the background"));
		}
	}

	public boolean isEstablished() {
		return this.established;
	}

	/**
	 * Whether the connection the requests' scripts use is open now: not before it is
	 * made, nor while Lettuce reconnects it (after Redis restarted, say).
	 */
	public boolean isOpen() {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.commands;
		return this.established && commands != null && commands.isOpen();
	}

	/**
	 * Lettuce's asynchronous commands on the shared connection (in a cluster, routed by
	 * key), for the requests' scripts; else {@link #checkEstablished()}'s refusal.
	 */
	public RedisClusterAsyncCommands<byte[], byte[]> commands() {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.commands;
		if (commands == null) {
			checkEstablished();
			throw new IllegalStateException("No shared connection");
		}
		return commands;
	}

	private void attempt() {
		try {
			this.connections.getReactiveConnection().close();
			// Spring Data Redis's shared native connection (Lettuce keeps and reconnects
			// it; closing this wrapper leaves it open): the requests' scripts go straight
			// to it, without the reactive template's per-call machinery, which was most
			// of a request's Redis CPU (docs/performance.md).
			try (RedisConnection connection = this.commandConnections.getConnection()) {
				this.commands = nativeCommands(connection);
			}
			this.established = true;
			logger.info("Shared Redis connection established");
			ScheduledFuture<?> attempts = this.attempts;
			if (attempts != null) {
				attempts.cancel(false);
			}
		}
		catch (RuntimeException ex) {
			// Once per cause, with the cause: a wrong password or an untrusted
			// certificate says so.
			String why = RedisErrors.describe(ex);
			if (!why.equals(this.lastFailure)) {
				logger.warn("Cannot connect to Redis yet, retrying in the background: " + why);
				this.lastFailure = why;
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<byte[], byte[]> nativeCommands(RedisConnection connection) {
		return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
	}

	@Override
	public void afterPropertiesSet() {
		start();
	}

	@Override
	public void start() {
		if (this.connector != null) {
			return;
		}
		this.connector = Executors.newSingleThreadScheduledExecutor(daemon());
		this.attempts = this.connector.scheduleWithFixedDelay(this::attempt, 0, RETRY_EVERY.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService connector = this.connector;
		if (connector != null) {
			connector.shutdownNow();
			this.connector = null;
		}
	}

	/** Also when the context failed to start, and so was never stopped. */
	@Override
	public void destroy() {
		stop();
	}

	@Override
	public boolean isRunning() {
		return this.connector != null;
	}

	/** Before the web server and the outbox start, so the first requests find it made. */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

	private static CustomizableThreadFactory daemon() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("redis-connect-");
		threads.setDaemon(true);
		return threads;
	}

}
