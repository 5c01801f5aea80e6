package dev.phoenix.redis;

import java.time.Duration;
import java.util.Properties;

import dev.phoenix.resetcode.StoreUnavailableException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Reads {@code INFO} and {@code DBSIZE} with a hard deadline. The call runs off the
 * caller's thread, so even a connect attempt that hangs cannot hold the caller longer
 * than the deadline.
 */
@Component
public class RedisServerStatus {

	private final ReactiveRedisConnectionFactory connections;

	private final RedisErrors errors;

	RedisServerStatus(ReactiveRedisConnectionFactory connections, RedisErrors errors) {
		this.connections = connections;
		this.errors = errors;
	}

	/** {@code INFO} (the default sections) and {@code DBSIZE}. */
	public Snapshot read(Duration deadline) {
		return read(deadline, false);
	}

	/** {@code INFO all} (commandstats included) and {@code DBSIZE}, for metrics. */
	Snapshot readEverything(Duration deadline) {
		return read(deadline, true);
	}

	private Snapshot read(Duration deadline, boolean everything) {
		long started = System.nanoTime();
		try {
			Snapshot snapshot = Mono.usingWhen(Mono.fromCallable(this.connections::getReactiveConnection),
					(connection) -> query(connection, everything, started), ReactiveRedisConnection::closeLater)
				.subscribeOn(Schedulers.boundedElastic())
				.timeout(deadline)
				.block();
			if (snapshot == null) {
				throw new IllegalStateException("Redis returned no reply");
			}
			return snapshot;
		}
		catch (RuntimeException ex) {
			throw this.errors.unavailable(ex);
		}
	}

	private static Mono<Snapshot> query(ReactiveRedisConnection connection, boolean everything, long started) {
		Mono<Properties> info = everything ? connection.serverCommands().info("all")
				: connection.serverCommands().info();
		return Mono.zip(info, connection.serverCommands().dbSize())
			.map((tuple) -> new Snapshot(tuple.getT1(), tuple.getT2(),
					Duration.ofNanos(System.nanoTime() - started)));
	}

	/** {@code INFO} (all default sections), {@code DBSIZE}, and how long reading them took. */
	public record Snapshot(Properties info, long keys, Duration latency) {

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
