package dev.phoenix.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.phoenix.support.Api;
import dev.phoenix.support.RedisProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ElastiCache with transit encryption, in small: a {@code redis-server} that speaks only
 * TLS ({@code --port 0}), with a certificate from a private CA made at test time and an
 * auth token. The service gets {@code REDIS_SSL=true}, {@code REDIS_SSL_CA_FILE} and
 * {@code REDIS_PASSWORD}; with the wrong CA it refuses the server and says why.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsIntegrationTests extends TopologyIntegrationTest {

	private static final String AUTH_TOKEN = "tls-test-auth-token-0123456789";

	private static TestCertificates certificates;

	private static RedisProcess redis;

	static AutoCloseable startServers(Path directory) {
		certificates = TestCertificates.generate(directory);
		int port = RedisProcess.freePort();
		List<String> arguments = new ArrayList<>(RedisProcess.baseArguments(0));
		arguments.addAll(List.of("--tls-port", Integer.toString(port), "--tls-cert-file",
				certificates.serverCertificate().toString(), "--tls-key-file", certificates.serverKey().toString(),
				"--tls-ca-cert-file", certificates.caCertificate().toString(), "--tls-auth-clients", "no",
				"--requirepass", AUTH_TOKEN));
		try {
			redis = RedisProcess.start("redis-tls", directory, port, arguments);
			return redis::stop;
		}
		catch (IllegalStateException ex) {
			// The server's own log (after the first line) says whether it refused the TLS
			// options.
			String message = String.valueOf(ex.getMessage());
			String log = message.substring(message.indexOf('\n') + 1);
			if (message.contains("exited") && log.toLowerCase(Locale.ROOT).contains("tls")) {
				Assumptions.abort("TLS tests skipped: " + RedisProcess.version() + " was built without TLS "
						+ "(install Debian's redis-server, as .ci/run does): " + ex.getMessage());
			}
			throw ex;
		}
	}

	@DynamicPropertySource
	static void tlsRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.port());
		registry.add("REDIS_SSL", () -> "true");
		registry.add("REDIS_SSL_CA_FILE", () -> certificates.caCertificate().toString());
		registry.add("REDIS_PASSWORD", () -> AUTH_TOKEN);
	}

	@Test
	void flowWhenTlsWithPrivateCaThenCodesHealthAndMetricsWork() {
		assertWholeFlow("tls@example.com");
		assertThat(assertHealthy("standalone").path("keys").asLong()).isPositive();
		assertProbesAndMetricsLive(1);
	}

	@Test
	void startWhenCaIsWrongThenStoreUnavailableAndLogSaysWhy(CapturedOutput output) {
		try (ConfigurableApplicationContext service = startService("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port(), "REDIS_SSL=true",
				"REDIS_SSL_CA_FILE=" + certificates.otherCaCertificate(), "REDIS_PASSWORD=" + AUTH_TOKEN)) {
			Api api = apiOf(service);
			assertUnavailable(api);
			await()
				.untilAsserted(() -> assertThat(output.getOut()).contains("Redis (standalone) unreachable (connection)")
					.containsPattern("SSLHandshakeException|PKIX path|certification path"));
		}
	}

}
