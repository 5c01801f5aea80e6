package dev.phoenix.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service ({@code target/*.jar}, built by {@code package} before the
 * failsafe tests) as a real JVM process on a free port: several can share one Redis, and
 * tests can kill one with SIGKILL or stop it with SIGTERM.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private ServiceProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts the service with the tests' secrets and {@code environment} on top, and
	 * waits until ready.
	 */
	public static ServiceProcess start(String name, Map<String, String> environment) {
		return start(name, environment, "/actuator/health/readiness");
	}

	/**
	 * Starts the service and waits only until it is alive: for a Redis that never
	 * answers.
	 */
	public static ServiceProcess startAlive(String name, Map<String, String> environment) {
		return start(name, environment, "/actuator/health/liveness");
	}

	private static ServiceProcess start(String name, Map<String, String> environment, String upWhen) {
		int port = RedisTestServer.freePort();
		Path log = Paths.get("target", "service-" + name + "-" + port + ".log");
		Map<String, String> env = new HashMap<>();
		env.put("SERVER_PORT", Integer.toString(port));
		env.put("REDIS_EMBEDDED", "false");
		env.put("RESET_CODE_SECRET", IntegrationTest.SECRET);
		env.put("INTERNAL_API_TOKEN", IntegrationTest.INTERNAL_TOKEN);
		env.put("PHOENIX_MAIL_STARTTLS", "false");
		env.put("OUTBOX_RETRY_DELAY", "1s");
		env.put("PHOENIX_OUTBOX_CLAIMINTERVAL", "200ms");
		env.put("PHOENIX_OUTBOX_POLLTIMEOUT", "500ms");
		env.putAll(environment);
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
				jar().toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(env);
		try {
			ServiceProcess service = new ServiceProcess(builder.start(), port, log);
			Api api = service.api();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
				if (!service.process.isAlive()) {
					throw new IllegalStateException("service " + name + " exited; see " + log);
				}
				return api.get(upWhen).status() == 200;
			});
			return service;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Api api() {
		return new Api(this.port);
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	/** SIGKILL: no shutdown hook, no cleanup, as when a host dies. */
	public void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	/** SIGTERM: Spring's graceful shutdown. */
	public void terminate() {
		this.process.destroy();
		waitForExit();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private void waitForExit() {
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Path jar() {
		try (Stream<Path> files = Files.list(Paths.get("target"))) {
			List<Path> jars = files.filter((file) -> file.getFileName().toString().endsWith(".jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.toList();
			if (jars.isEmpty()) {
				throw new IllegalStateException("No service jar in target" + File.separator
						+ ": run the failsafe tests through ./mvnw verify (package comes first)");
			}
			return jars.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
