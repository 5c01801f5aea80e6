package dev.phoenix.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import redis.embedded.core.ExecutableProvider;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;

/**
 * One {@code redis-server} process on loopback, started by a test: the shared test server
 * ({@link RedisTestServer}) and the TLS, Sentinel and cluster topologies use it. Its log
 * goes to a file in its directory; {@link #start} fails with the log's tail when the
 * process dies instead of answering.
 */
public final class RedisProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(10);

	private final String name;

	private final int port;

	private final Path log;

	private final Process process;

	private RedisProcess(String name, int port, Path log, Process process) {
		this.name = name;
		this.port = port;
		this.log = log;
		this.process = process;
	}

	/**
	 * Starts {@code redis-server} with these arguments (or a config file and arguments)
	 * in {@code directory}, and waits until {@code port} accepts connections.
	 */
	public static RedisProcess start(String name, Path directory, int port, List<String> arguments) {
		File executable = executable();
		List<String> command = new ArrayList<>();
		command.add(executable.getAbsolutePath());
		command.addAll(arguments);
		try {
			Files.createDirectories(directory);
			Path log = directory.resolve(name + ".log");
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			RedisProcess redis = new RedisProcess(name, port, log, process);
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(name + " (" + executable + ") exited with " + process.exitValue()
							+ ":\n" + redis.logTail());
				}
				return answers(port);
			});
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + executable, ex);
		}
	}

	/** The plain arguments every test server shares: loopback only, no persistence. */
	public static List<String> baseArguments(int port) {
		return List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
				"--maxmemory-policy", "noeviction");
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public String address() {
		return "127.0.0.1:" + this.port;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGTERM, then SIGKILL if it does not exit within 5 seconds. */
	public void stop() {
		resume();
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** SIGKILL: the process dies at once, as a crashed node would. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** SIGSTOP: connections stay open, nothing answers, until {@link #resume()}. */
	public void freeze() {
		signal("-STOP");
	}

	public void resume() {
		signal("-CONT");
	}

	@Override
	public void close() {
		stop();
	}

	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private void signal(String signal) {
		if (!this.process.isAlive()) {
			return;
		}
		try {
			new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The {@code redis-server} the tests run: the first on {@code PATH}, else the binary
	 * in {@code embedded-redis}. {@code REDIS_SERVER_BIN=embedded} skips {@code PATH}, to
	 * test what a bare CI machine runs.
	 */
	public static File executable() {
		String path = System.getenv("PATH");
		if (path != null && !usesEmbeddedOnly()) {
			for (String directory : path.split(File.pathSeparator)) {
				File candidate = new File(directory, "redis-server");
				if (candidate.canExecute()) {
					return candidate;
				}
			}
		}
		try {
			return ExecutableProvider.newJarResourceProvider().get();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No redis-server on PATH and none in embedded-redis", ex);
		}
	}

	public static boolean usesEmbeddedOnly() {
		return "embedded".equals(System.getenv("REDIS_SERVER_BIN"));
	}

	/** {@code redis-server --version}, to name the server in skip reasons and reports. */
	public static String version() {
		File executable = executable();
		try {
			Process process = new ProcessBuilder(executable.getAbsolutePath(), "--version").redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(5, TimeUnit.SECONDS);
			return executable + " (" + output + ")";
		}
		catch (IOException ex) {
			return executable + " (version unknown: " + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return executable.toString();
		}
	}

	public static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A free port whose cluster bus port (port + 10000) is free too, below the usual
	 * ephemeral range so that neither collides with outgoing connections.
	 */
	public static int freeClusterPort() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 30000);
			if (isFree(port) && isFree(port + 10000)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port pair (port, port + 10000) for a cluster node");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
