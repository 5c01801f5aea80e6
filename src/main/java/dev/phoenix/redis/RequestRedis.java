package dev.phoenix.redis;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Redis as a request sees it: scripts on the {@link SharedConnection}, each call awaited
 * for at most the command timeout plus a margin, every failure turned into
 * {@link dev.phoenix.resetcode.StoreUnavailableException}. Scripts are sent by EVALSHA,
 * with EVAL the first time a server does not know one.
 */
@Component
public class RequestRedis {

	private static final Duration MARGIN = Duration.ofMillis(500);

	private final ReactiveStringRedisTemplate redis;

	private final SharedConnection connection;

	private final RedisErrors errors;

	private final Duration deadline;

	RequestRedis(ReactiveStringRedisTemplate redis, SharedConnection connection, RedisErrors errors,
			PhoenixRedisProperties properties) {
		this.redis = redis;
		this.connection = connection;
		this.errors = errors;
		this.deadline = properties.timeout().plus(MARGIN);
	}

	/** The script's reply, lazily: nothing is sent before {@link #await} subscribes. */
	public <T> Mono<T> script(RedisScript<T> script, List<String> keys, String... args) {
		return this.redis.execute(script, keys, List.of(args)).next();
	}

	/** The call's reply within the deadline, or {@code StoreUnavailableException}. */
	public <T> T await(Mono<T> call) {
		this.connection.checkEstablished();
		try {
			T value = call.block(this.deadline);
			if (value == null) {
				throw new IllegalStateException("Redis returned no reply");
			}
			return value;
		}
		catch (RuntimeException ex) {
			throw this.errors.unavailable(ex);
		}
	}

	public RedisErrors errors() {
		return this.errors;
	}

}
