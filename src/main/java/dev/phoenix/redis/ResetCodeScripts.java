package dev.phoenix.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@code src/main/resources/redis}, loaded once. Those that read an
 * address's state get {@code state.lua} (the layout's decoder) in front of them. Each is
 * made from its text, not from its resource: Spring Data Redis asks a resource whether it
 * changed every time it needs the script's SHA-1, i.e. on every call (in a jar, a look at
 * the jar's entry: 6 % of the bytes a code request and its mail allocated).
 */
public final class ResetCodeScripts {

	private static final String STATE = read("state");

	private ResetCodeScripts() {
	}

	@SuppressWarnings("rawtypes")
	static RedisScript<List> withState(String name) {
		return RedisScript.of(STATE + "\n" + read(name), List.class);
	}

	static RedisScript<Long> withStateReturningNumber(String name) {
		return RedisScript.of(STATE + "\n" + read(name), Long.class);
	}

	@SuppressWarnings("rawtypes")
	static RedisScript<List> returningList(String name) {
		return of(name, List.class);
	}

	static RedisScript<Long> returningNumber(String name) {
		return of(name, Long.class);
	}

	/** The script {@code redis/<name>.lua} as it is, returning {@code type}. */
	public static <T> RedisScript<T> of(String name, Class<T> type) {
		return RedisScript.of(read(name), type);
	}

	private static String read(String name) {
		try {
			return new ClassPathResource("redis/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Missing script redis/" + name + ".lua", ex);
		}
	}

}
