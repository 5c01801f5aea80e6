package dev.phoenix.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis for the tests: a {@code redis:7} container when a Docker engine answers,
 * otherwise a {@code redis-server} process ({@link RedisProcess}: from PATH, else the
 * binary shipped in {@code embedded-redis}). One per JVM, started on first use. Tests can
 * stop and restart it on the same port, or freeze it to simulate a hung server.
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
	 * A server of its own (never the shared one), always a {@code redis-server} process,
	 * with extra arguments such as {@code --appendonly yes}. The caller stops it.
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

	/**
	 * Freezes the server: connections stay open, nothing answers, until
	 * {@link #resume()}.
	 */
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

		/**
		 * A fixed host port, so that a stopped and started container is found where it
		 * was.
		 */
		private final int hostPort = freePort();

		private final GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
			.withExposedPorts(6379)
			.withCreateContainerCmdModifier((command) -> command.getHostConfig()
				.withPortBindings(new PortBinding(Ports.Binding.bindPort(this.hostPort), new ExposedPort(6379))));

		private boolean stopped;

		@Override
		public synchronized void start() {
			if (!this.container.isRunning() && !this.stopped) {
				this.container.start();
				return;
			}
			if (this.stopped) {
				DockerClientFactory.instance().client().startContainerCmd(this.container.getContainerId()).exec();
				this.stopped = false;
				await().atMost(Duration.ofSeconds(30)).until(() -> RedisProcess.answers(this.hostPort));
			}
			else {
				resume();
			}
		}

		/**
		 * Really stopped, as the tests that say "stopped" mean: connections are refused.
		 */
		@Override
		public synchronized void stop() {
			if (this.container.isRunning() && !this.stopped) {
				resume();
				DockerClientFactory.instance().client().stopContainerCmd(this.container.getContainerId()).exec();
				this.stopped = true;
			}
		}

		@Override
		public void freeze() {
			DockerClientFactory.instance().client().pauseContainerCmd(this.container.getContainerId()).exec();
		}

		@Override
		public void resume() {
			if (Boolean.TRUE.equals(DockerClientFactory.instance()
				.client()
				.inspectContainerCmd(this.container.getContainerId())
				.exec()
				.getState()
				.getPaused())) {
				DockerClientFactory.instance().client().unpauseContainerCmd(this.container.getContainerId()).exec();
			}
		}

		@Override
		public String host() {
			return this.container.getHost();
		}

		@Override
		public int port() {
			return this.hostPort;
		}

		@Override
		public String describe() {
			return "container redis:7";
		}

	}

	private static final class ProcessBackend implements Backend {

		private final int port = freePort();

		private final Path directory;

		private final List<String> extraArguments;

		private RedisProcess process;

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
			List<String> arguments = new ArrayList<>(RedisProcess.baseArguments(this.port));
			arguments.addAll(this.extraArguments);
			this.process = RedisProcess.start("redis", this.directory, this.port, arguments);
		}

		@Override
		public synchronized void stop() {
			if (this.process != null) {
				this.process.stop();
			}
		}

		@Override
		public void freeze() {
			if (this.process != null) {
				this.process.freeze();
			}
		}

		@Override
		public void resume() {
			if (this.process != null) {
				this.process.resume();
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
			return "process " + RedisProcess.executable();
		}

	}

	public static int freePort() {
		return RedisProcess.freePort();
	}

}
