package dev.phoenix.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.core.ExecutableProvider;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis for the tests: a {@code redis:7} container when a Docker engine answers,
 * otherwise a {@code redis-server} process started here (from PATH, else the binary
 * shipped in {@code embedded-redis}). One per JVM, started on first use. Tests can stop
 * and restart it on the same port, or freeze it to simulate a hung server.
 */
public final class RedisTestServer {

	private static RedisTestServer shared;

	private final Backend backend;

	private RedisTestServer(Backend backend) {
		this.backend = backend;
	}

	public static synchronized RedisTestServer shared() {
		if (shared == null) {
			shared = new RedisTestServer(dockerAvailable() ? new ContainerBackend() : new ProcessBackend());
			shared.backend.start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared.backend::stop));
		}
		return shared;
	}

	/**
	 * A server of its own (never the shared one), always a {@code redis-server} process, with
	 * extra arguments such as {@code --appendonly yes}. The caller stops it.
	 */
	public static RedisTestServer startProcess(String... extraArguments) {
		RedisTestServer server = new RedisTestServer(new ProcessBackend(List.of(extraArguments)));
		server.backend.start();
		return server;
	}

	public String host() {
		return this.backend.host();
	}

	public int port() {
		return this.backend.port();
	}

	public String describe() {
		return this.backend.describe();
	}

	/** Stops the server: connections are refused until {@link #start()}. */
	public void stop() {
		this.backend.stop();
	}

	public void start() {
		this.backend.start();
	}

	/** Freezes the server: connections stay open, nothing answers, until {@link #resume()}. */
	public void freeze() {
		this.backend.freeze();
	}

	public void resume() {
		this.backend.resume();
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private interface Backend {

		void start();

		void stop();

		void freeze();

		void resume();

		String host();

		int port();

		String describe();

	}

	private static final class ContainerBackend implements Backend {

		private final GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
			.withExposedPorts(6379);

		@Override
		public void start() {
			if (!this.container.isRunning()) {
				this.container.start();
			}
			else {
				resume();
			}
		}

		@Override
		public void stop() {
			// A restarted container would get a new host port; a paused one keeps it.
			freeze();
		}

		@Override
		public void freeze() {
			DockerClientFactory.instance().client().pauseContainerCmd(this.container.getContainerId()).exec();
		}

		@Override
		public void resume() {
			DockerClientFactory.instance().client().unpauseContainerCmd(this.container.getContainerId()).exec();
		}

		@Override
		public String host() {
			return this.container.getHost();
		}

		@Override
		public int port() {
			return this.container.getMappedPort(6379);
		}

		@Override
		public String describe() {
			return "container redis:7";
		}

	}

	private static final class ProcessBackend implements Backend {

		private final File executable = findExecutable();

		private final int port = freePort();

		private final Path directory;

		private final List<String> extraArguments;

		private Process process;

		ProcessBackend() {
			this(List.of());
		}

		ProcessBackend(List<String> extraArguments) {
			this.extraArguments = extraArguments;
			try {
				this.directory = Files.createTempDirectory("phoenix-redis-test");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public synchronized void start() {
			if (this.process != null && this.process.isAlive()) {
				return;
			}
			List<String> command = new ArrayList<>(List.of(this.executable.getAbsolutePath(), "--port",
					Integer.toString(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
					this.directory.toString(), "--maxmemory-policy", "noeviction"));
			command.addAll(this.extraArguments);
			try {
				this.process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(this.directory.resolve("redis.log").toFile())
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start " + this.executable, ex);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> answers(this.port));
		}

		@Override
		public synchronized void stop() {
			if (this.process != null) {
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
		}

		@Override
		public void freeze() {
			signal("-STOP");
		}

		@Override
		public void resume() {
			signal("-CONT");
		}

		private void signal(String signal) {
			if (this.process == null || !this.process.isAlive()) {
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

		@Override
		public String host() {
			return "127.0.0.1";
		}

		@Override
		public int port() {
			return this.port;
		}

		@Override
		public String describe() {
			return "process " + this.executable;
		}

		/** {@code REDIS_SERVER_BIN=embedded} skips PATH, to test what a bare CI machine runs. */
		private static File findExecutable() {
			String path = System.getenv("PATH");
			if (path != null && !"embedded".equals(System.getenv("REDIS_SERVER_BIN"))) {
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

	}

	static boolean answers(int port) {
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

}
