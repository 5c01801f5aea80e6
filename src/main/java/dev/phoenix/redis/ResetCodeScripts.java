package dev.phoenix.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@code src/main/resources/redis}, loaded once. A script that shares
 * code with others gets the libraries it uses in front of it (those that read an
 * address's state get {@code state.lua}, the layout's decoder). Each is made from its
 * text, not from its resource: Spring Data Redis asks a resource whether it changed every
 * time it needs the script's SHA-1, i.e. on every call (in a jar, a look at the jar's
 * entry: 6 % of the bytes a code request and its mail allocated).
 */
public final class ResetCodeScripts {

	private ResetCodeScripts() {
	}

	/**
	 * The scripts {@code redis/<part>.lua} joined in order, returning {@code type}: the
	 * libraries a script uses ({@code state}, {@code counting}, {@code issuing},
	 * {@code queueing}) first, the script proper last.
	 */
	public static <T> RedisScript<T> of(Class<T> type, String... parts) {
		StringBuilder text = new StringBuilder();
		for (String part : parts) {
			text.append(read(part)).append('\n');
		}
		return RedisScript.of(text.toString(), type);
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
