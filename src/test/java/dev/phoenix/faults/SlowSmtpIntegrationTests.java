package dev.phoenix.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.phoenix.support.Api;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.MailTestServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMTP server that takes 2.5 s to answer each connection (a proxy in front of
 * GreenMail), with a 1 s retry delay: a worker holds ten jobs for far longer than the
 * retry delay, and still every mail goes out exactly once. And one that hangs, its open
 * connections included.
 */
class SlowSmtpIntegrationTests extends IntegrationTest {

	private static final Duration DELAY = Duration.ofMillis(2500);

	private static final SlowProxy PROXY = new SlowProxy(MailTestServer.shared().port(), DELAY);

	@DynamicPropertySource
	static void throughTheSlowProxy(DynamicPropertyRegistry registry) {
		registry.add("phoenix.mail.port", PROXY::port);
		registry.add("phoenix.outbox.retry-delay", () -> "1s");
	}

	@AfterEach
	void proxyHealthy() {
		PROXY.release();
		assertThat(PROXY.failures).as("failures on the proxy's threads").isEmpty();
	}

	@Test
	void tenCodesWhenSmtpSlowThenEachMailSentExactlyOnce() {
		List<String> addresses = IntStream.range(0, 10).mapToObj((i) -> "slow" + i + "@example.com").toList();
		for (String address : addresses) {
			assertThat(this.api.requestCode(address).status()).isEqualTo(202);
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.redisTemplate.opsForStream().size("reset_code:{outbox}") == 0);

		Map<String, Long> mailsPerAddress = this.mail.allMessages()
			.stream()
			.collect(Collectors.groupingBy(SlowSmtpIntegrationTests::recipient, Collectors.counting()));
		assertThat(mailsPerAddress).containsOnlyKeys(addresses)
			.allSatisfy((address, mails) -> assertThat(mails).as(address).isEqualTo(1));
		assertThat(this.api.prometheus()).contains("phoenix_mail_sent_total 10.0");
	}

	@Test
	void smtpHangsWithConnectionsOpenThenRecoversThenEveryCodeMailedOnce() {
		PROXY.hang();
		assertThat(this.api.requestCode("during-hang@example.com").status()).isEqualTo(202);
		// The send times out against the silent server (PHOENIX_MAIL_TIMEOUT, 5 s) and is
		// retried.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Api.metric(this.api.prometheus(), "phoenix_mail_failed_total") >= 1);
		PROXY.release();

		assertThat(this.api.requestCode("after-hang@example.com").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.mail.messagesTo("after-hang@example.com").isEmpty()
					&& !this.mail.messagesTo("during-hang@example.com").isEmpty());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.redisTemplate.opsForStream().size("reset_code:{outbox}") == 0);
		assertThat(this.mail.messagesTo("during-hang@example.com")).hasSize(1);
		assertThat(this.mail.messagesTo("after-hang@example.com")).hasSize(1);
	}

	private static String recipient(MimeMessage message) {
		try {
			return message.getAllRecipients()[0].toString();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Accepts a connection, waits, then relays it both ways to the real server. */
	static final class SlowProxy {

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		private final ServerSocket listener;

		/** While set, a new connection is accepted and never answered, until released. */
		private volatile CountDownLatch hang;

		SlowProxy(int target, Duration delay) {
			try {
				this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (true) {
					try {
						Socket client = this.listener.accept();
						Thread session = new Thread(() -> relay(client, target, delay), "slow-smtp-session");
						session.setDaemon(true);
						session.start();
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "slow-smtp-proxy");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.listener.getLocalPort();
		}

		void hang() {
			this.hang = new CountDownLatch(1);
		}

		void release() {
			CountDownLatch hanging = this.hang;
			this.hang = null;
			if (hanging != null) {
				hanging.countDown();
			}
		}

		private void relay(Socket client, int target, Duration delay) {
			CountDownLatch hanging = this.hang;
			if (hanging != null) {
				// A server that hangs with the connection open: the client gives up on
				// its own.
				try (client) {
					hanging.await();
				}
				catch (IOException | InterruptedException ex) {
					this.failures.add(ex);
				}
				return;
			}
			try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
				Thread.sleep(delay.toMillis()); // the slow server itself, not a wait for
												// a condition
				Thread upstream = new Thread(() -> copy(client::getInputStream, server::getOutputStream, server));
				upstream.setDaemon(true);
				upstream.start();
				copy(server::getInputStream, client::getOutputStream, client);
				upstream.join();
			}
			catch (IOException | InterruptedException ex) {
				this.failures.add(ex);
			}
		}

		/**
		 * Relays one direction; while the proxy hangs, what it reads goes nowhere (a
		 * frozen server also leaves the connections it had open unanswered, among them
		 * one the client keeps between batches).
		 */
		private void copy(IoSupplier<InputStream> from, IoSupplier<OutputStream> to, Socket closeAfter) {
			try {
				InputStream in = from.get();
				OutputStream out = to.get();
				byte[] buffer = new byte[8192];
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					CountDownLatch hanging = this.hang;
					if (hanging != null) {
						hanging.await();
					}
					out.write(buffer, 0, n);
					out.flush();
				}
				closeAfter.shutdownOutput();
			}
			catch (IOException ex) {
				// The other side closed first: the SMTP session is over.
			}
			catch (InterruptedException ex) {
				this.failures.add(ex);
			}
		}

		interface IoSupplier<T> {

			T get() throws IOException;

		}

	}

}
