package dev.phoenix.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@code src/main/resources/redis}, loaded once. Those that read an
 * address's state get {@code state.lua} (the layout's decoder) in front of them.
 */
final class ResetCodeScripts {

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
		return RedisScript.of(read(name), List.class);
	}

	static RedisScript<Long> returningNumber(String name) {
		return RedisScript.of(read(name), Long.class);
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
