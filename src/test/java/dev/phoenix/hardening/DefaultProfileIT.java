package dev.phoenix.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar} with no profile asked for runs prod: without the secrets and
 * {@code MAIL_HOST} it refuses to start, naming each, instead of starting in development
 * mode with throwaway secrets and codes in the log.
 */
class DefaultProfileIT {

	@Test
	void packagedJarWithoutProfileThenProdRefusesToStartWithoutSecrets() throws Exception {
		Path log = Paths.get("target", "service-default-profile.log");
		ProcessBuilder builder = new ProcessBuilder(
				Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "--server.port=0")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("SPRING_") || name.startsWith("RESET_") || name.startsWith("MAIL_")
					|| name.equals("INTERNAL_API_TOKEN"));
		Process process = builder.start();
		try {
			assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the service exits by itself").isTrue();
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as(output).isNotZero();
			assertThat(output).contains("The prod profile refuses to start")
				.contains("RESET_CODE_SECRET")
				.contains("INTERNAL_API_TOKEN")
				.contains("MAIL_HOST")
				.doesNotContain("DEV LOG MAILER");
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Paths.get("target"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow();
		}
	}

}
