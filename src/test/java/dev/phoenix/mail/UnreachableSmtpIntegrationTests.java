package dev.phoenix.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMTP server that accepts connections and never says a word: requests are answered
 * at once anyway, sends are retried with backoff, then counted as failed.
 */
class UnreachableSmtpIntegrationTests extends IntegrationTest {

	private static final SilentServer silent = new SilentServer();

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void silentSmtp(DynamicPropertyRegistry registry) {
		registry.add("phoenix.mail.port", silent::port);
		registry.add("phoenix.mail.timeout", () -> "300ms");
		registry.add("phoenix.mail.retry.max-retries", () -> "2");
	}

	@AfterAll
	static void closeSilentServer() {
		silent.close();
	}

	@Test
	void requestCodeWhenSmtpSilentThenAnsweredAtOnceAndFailureCountedAfterRetries() {
		double failedBefore = this.registry.counter("phoenix.mail.failed").count();
		double retriesBefore = this.registry.counter("phoenix.mail.retries").count();

		Reply reply = this.api.requestCode("patient@example.com");

		assertThat(reply.status()).isEqualTo(202);
		// Answered while the first send attempt is still waiting on the silent server.
		assertThat(this.registry.counter("phoenix.mail.failed").count()).isEqualTo(failedBefore);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.registry.counter("phoenix.mail.failed").count() == failedBefore + 1);
		assertThat(this.registry.counter("phoenix.mail.retries").count()).isEqualTo(retriesBefore + 2);
		assertThat(this.registry.counter("phoenix.mail.sent").count()).isZero();
	}

	/** Accepts TCP connections and holds them open without ever answering. */
	static final class SilentServer {

		private final ServerSocket socket;

		private final List<Socket> held = new ArrayList<>();

		SilentServer() {
			try {
				this.socket = new ServerSocket(0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						Socket client = this.socket.accept();
						synchronized (this.held) {
							this.held.add(client);
						}
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "silent-smtp");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		void close() {
			try {
				this.socket.close();
				synchronized (this.held) {
					for (Socket client : this.held) {
						client.close();
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
