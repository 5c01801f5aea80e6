package dev.phoenix.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A few lines of RESP for what the tests do to their Redis servers as an operator would
 * with {@code redis-cli}: create ACL users, build a cluster, read {@code INFO}, flush.
 * One connection per call, as the default user unless {@link #as} names another. Replies:
 * simple strings and bulk strings as {@code String}, integers as {@code Long}, arrays as
 * {@code List<Object>}, nil as {@code null}; an error reply throws {@link ErrorReply}.
 */
public final class RedisAdmin {

	private final int port;

	private final String username;

	private final String password;

	private RedisAdmin(int port, String username, String password) {
		this.port = port;
		this.username = username;
		this.password = password;
	}

	public static RedisAdmin on(int port) {
		return new RedisAdmin(port, null, null);
	}

	/** Commands authenticated as this user (AUTH first, on the same connection). */
	public RedisAdmin as(String username, String password) {
		return new RedisAdmin(this.port, username, password);
	}

	public Object call(String... command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			if (this.username != null) {
				write(out, "AUTH", this.username, this.password);
				read(in);
			}
			write(out, command);
			return read(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis on port " + this.port + ": " + String.join(" ", command), ex);
		}
	}

	public String text(String... command) {
		return String.valueOf(call(command));
	}

	/** {@code INFO section} as field → value. */
	public Map<String, String> info(String section) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : text("INFO", section).split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("#")) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return fields;
	}

	private static void write(OutputStream out, String... command) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		buffer.write(("*" + command.length + "\r\n").getBytes(StandardCharsets.UTF_8));
		for (String argument : command) {
			byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
			buffer.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			buffer.write(bytes);
			buffer.write("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		out.write(buffer.toByteArray());
		out.flush();
	}

	private static Object read(InputStream in) throws IOException {
		int type = in.read();
		String line = line(in);
		switch (type) {
			case '+':
				return line;
			case '-':
				throw new ErrorReply(line);
			case ':':
				return Long.parseLong(line);
			case '$': {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return null;
				}
				byte[] bytes = in.readNBytes(length);
				line(in);
				return new String(bytes, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(line);
				if (count < 0) {
					return null;
				}
				List<Object> items = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					try {
						items.add(read(in));
					}
					catch (ErrorReply ex) {
						items.add(ex);
					}
				}
				return items;
			}
			case -1:
				throw new EOFException("connection closed");
			default:
				throw new IOException("unexpected reply type " + (char) type + line);
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int current = in.read(); current != -1; current = in.read()) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
		throw new EOFException("connection closed");
	}

	/** An error reply ({@code -ERR ...}, {@code -NOPERM ...}, {@code -WRONGPASS ...}). */
	public static final class ErrorReply extends RuntimeException {

		ErrorReply(String message) {
			super(message);
		}

	}

}
