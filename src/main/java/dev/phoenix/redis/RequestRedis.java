package dev.phoenix.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Redis as a request sees it: scripts on the {@link SharedConnection}, each call awaited
 * for at most the command timeout plus a margin, every failure turned into
 * {@link dev.phoenix.resetcode.StoreUnavailableException}. Scripts are sent by EVALSHA on
 * Lettuce's asynchronous API, with EVAL the first time a server does not know one;
 * replies come back as the template would give them (bulk strings as UTF-8 strings).
 */
@Component
public class RequestRedis {

	private static final Duration MARGIN = Duration.ofMillis(500);

	private final SharedConnection connection;

	private final RedisErrors errors;

	private final Duration deadline;

	RequestRedis(SharedConnection connection, RedisErrors errors, PhoenixRedisProperties properties) {
		this.connection = connection;
		this.errors = errors;
		this.deadline = properties.timeout().plus(MARGIN);
	}

	/**
	 * Sends the script at once and returns its reply to come; scripts sent one after the
	 * other go out pipelined. Refuses at once while there is no connection.
	 */
	public <T> CompletableFuture<T> script(RedisScript<T> script, List<String> keys, String... args) {
		this.connection.checkEstablished();
		try {
			return evaluate(script, keys, args).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/** The call's reply within the deadline, or {@code StoreUnavailableException}. */
	public <T> T await(CompletableFuture<T> call) {
		try {
			T value = call.get(this.deadline.toNanos(), TimeUnit.NANOSECONDS);
			if (value == null) {
				throw new IllegalStateException("Redis returned no reply");
			}
			return value;
		}
		catch (ExecutionException ex) {
			throw this.errors.unavailable(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw this.errors.unavailable(ex);
		}
		catch (TimeoutException | RuntimeException ex) {
			throw this.errors.unavailable(ex);
		}
	}

	public RedisErrors errors() {
		return this.errors;
	}

	private <T> CompletionStage<T> evaluate(RedisScript<T> script, List<String> keys, String... args) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.connection.commands();
		byte[][] keyBytes = keys.stream().map(RequestRedis::bytes).toArray(byte[][]::new);
		byte[][] argBytes = Arrays.stream(args).map(RequestRedis::bytes).toArray(byte[][]::new);
		// As the template chooses it: a list is MULTI, a Long INTEGER, and so on.
		ScriptOutputType type = LettuceConverters.toScriptOutputType(ReturnType.fromJavaType(script.getResultType()));
		CompletionStage<Object> reply = commands.evalsha(script.getSha1(), type, keyBytes, argBytes)
			.exceptionallyCompose((failure) -> isNoScript(failure)
					? commands.<Object>eval(script.getScriptAsString(), type, keyBytes, argBytes)
					: CompletableFuture.failedStage(failure));
		return reply.thenApply((value) -> script.getResultType().cast(decoded(value)));
	}

	private static boolean isNoScript(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		return cause instanceof RedisNoScriptException;
	}

	private static @Nullable Object decoded(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> decoded = new ArrayList<>(list.size());
			for (Object element : list) {
				decoded.add(decoded(element));
			}
			return decoded;
		}
		return value;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
