package dev.phoenix.redis;

import java.util.concurrent.TimeoutException;

import dev.phoenix.resetcode.StoreUnavailableException;
import dev.phoenix.system.Causes;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.stereotype.Component;

/**
 * Classifies Redis failures (timeout, connection, oom, other), counts them in
 * {@code phoenix.redis.errors}, and turns them into {@link StoreUnavailableException}.
 */
@Component
public class RedisErrors {

	private final MeterRegistry registry;

	RedisErrors(MeterRegistry registry) {
		this.registry = registry;
		for (String kind : new String[] { "timeout", "connection", "oom", "other" }) {
			counter(kind);
		}
	}

	public StoreUnavailableException unavailable(Throwable failure) {
		String kind = kindOf(failure);
		counter(kind).increment();
		return new StoreUnavailableException(kind, failure);
	}

	static String kindOf(Throwable failure) {
		for (Throwable cause : Causes.of(failure)) {
			String message = String.valueOf(cause.getMessage());
			if (message.contains("OOM command not allowed")) {
				return "oom";
			}
			if (cause instanceof RedisCommandTimeoutException || cause instanceof QueryTimeoutException
					|| cause instanceof TimeoutException || message.startsWith("Timeout on blocking read")) {
				return "timeout";
			}
			if (cause instanceof RedisConnectionException || cause instanceof RedisConnectionFailureException
					|| message.contains("Connection closed") || message.contains("Currently not connected")) {
				return "connection";
			}
		}
		return "other";
	}

	/**
	 * The chain of causes, outermost first, for a log line that says why: "Unable to
	 * connect" alone does not tell a wrong password from an untrusted certificate. Redis
	 * and TLS error messages carry no secrets.
	 */
	static String describe(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause : Causes.of(failure)) {
			String message = cause.getMessage();
			if (cause instanceof StoreUnavailableException || message == null || text.toString().contains(message)) {
				continue;
			}
			text.append((text.length() > 0) ? "; caused by " : "")
				.append(cause.getClass().getSimpleName())
				.append(": ")
				.append(message);
		}
		return (text.length() > 0) ? text.toString() : failure.getClass().getSimpleName();
	}

	private Counter counter(String kind) {
		return Counter.builder("phoenix.redis.errors")
			.description("Failed Redis calls by kind")
			.tag("kind", kind)
			.register(this.registry);
	}

}
