package dev.phoenix.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.phoenix.resetcode.EmailAddress;
import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a batch goes over SMTP and how its outcome is reported per mail, against a scripted
 * SMTP server on a real socket that refuses or drops where told to and records the
 * conversation. Delivery to a full SMTP server (GreenMail) and servers that hang, are
 * slow or down are covered by the integration tests.
 */
class SmtpCodeMailSenderTests {

	private final ScriptedSmtpServer server = new ScriptedSmtpServer();

	private final List<SmtpCodeMailSender> senders = new ArrayList<>();

	@AfterEach
	void stopServer() throws IOException {
		this.senders.forEach(SmtpCodeMailSender::close);
		this.server.close();
		assertThat(this.server.failures).as("failures on the server's thread").isEmpty();
	}

	@Test
	void sendWhenAllTakenThenOneConnectionAndNoNoop() {
		assertThat(sender(null).send(List.of(mail("a"), mail("b"), mail("c")))).isEmpty();
		assertThat(this.server.delivered).containsExactly("a@example.com", "b@example.com", "c@example.com");
		assertThat(this.server.connections).hasValue(1);
		assertThat(this.server.noops).hasValue(0);
	}

	@Test
	void sendWhenOneRecipientRefusedThenOnlyItsIndexFailsAndTheRestGoOnTheSameConnection() {
		Map<Integer, MailException> failures = sender(null).send(List.of(mail("a"), mail("refused"), mail("c")));
		assertThat(failures).containsOnlyKeys(1);
		assertThat(failures.get(1)).isInstanceOf(MailSendException.class);
		assertThat(this.server.delivered).containsExactly("a@example.com", "c@example.com");
		assertThat(this.server.connections).hasValue(1);
	}

	@Test
	void sendWhenServerDropsTheConnectionThenOnlyThatMailFailsAndTheRestGoOnANewOne() {
		Map<Integer, MailException> failures = sender(null).send(List.of(mail("a"), mail("drop"), mail("c")));
		assertThat(failures).containsOnlyKeys(1);
		assertThat(this.server.delivered).containsExactly("a@example.com", "c@example.com");
		assertThat(this.server.connections).hasValue(2);
	}

	@Test
	void sendWhenServerStopsReadingMidMessageThenThatMailFailsByTheReadTimeout() {
		// No write timeout is set (MailConfiguration): the mail fits in the socket's
		// buffers, and the wait for the server's reply is bounded by the read timeout.
		Map<Integer, MailException> failures = sender(null).send(List.of(mail("hang"), mail("b")));
		assertThat(failures).containsOnlyKeys(0);
		assertThat(this.server.delivered).containsExactly("b@example.com");
		assertThat(this.server.connections).hasValue(2);
	}

	@Test
	void sendWhenBatchesFollowEachOtherThenTheyShareOneConnectionClosedWithTheSender() {
		SmtpCodeMailSender sender = sender(null);
		assertThat(sender.send(List.of(mail("a"), mail("b")))).isEmpty();
		assertThat(sender.send(List.of(mail("c")))).isEmpty();
		assertThat(this.server.delivered).containsExactly("a@example.com", "b@example.com", "c@example.com");
		assertThat(this.server.connections).hasValue(1);
		assertThat(this.server.noops).hasValue(0);
		assertThat(this.server.quits).hasValue(0);

		sender.close();

		await().untilAsserted(() -> assertThat(this.server.quits).hasValue(1));
	}

	@Test
	void sendWhenTheServerClosedTheKeptConnectionThenTheMailGoesOnANewOneWithoutFailing() {
		SmtpCodeMailSender sender = sender(null);
		assertThat(sender.send(List.of(mail("close-after")))).isEmpty();
		await().untilAsserted(() -> assertThat(this.server.closedAfterDelivery).hasValue(1));

		assertThat(sender.send(List.of(mail("b"), mail("c")))).isEmpty();

		assertThat(this.server.delivered).containsExactly("close-after@example.com", "b@example.com", "c@example.com");
		assertThat(this.server.connections).hasValue(2);
	}

	@Test
	void sendWhenTheKeptConnectionRefusesTheFirstMailThenItFailsWithoutASecondTry() {
		SmtpCodeMailSender sender = sender(null);
		assertThat(sender.send(List.of(mail("a")))).isEmpty();

		assertThat(sender.send(List.of(mail("refused"), mail("c")))).containsOnlyKeys(0);

		assertThat(this.server.refusals).hasValue(1);
		assertThat(this.server.delivered).containsExactly("a@example.com", "c@example.com");
		assertThat(this.server.connections).hasValue(1);
	}

	@Test
	void sendWhenTheKeptConnectionStopsAnsweringThenThatMailFailsByTheReadTimeoutWithoutASecondTry() {
		SmtpCodeMailSender sender = sender(null);
		assertThat(sender.send(List.of(mail("a")))).isEmpty();

		assertThat(sender.send(List.of(mail("hang"), mail("c")))).containsOnlyKeys(0);

		assertThat(this.server.delivered).containsExactly("a@example.com", "c@example.com");
		assertThat(this.server.hangs).hasValue(1);
		assertThat(this.server.connections).hasValue(2);
	}

	@Test
	void sendWhenTheLastBatchIsOlderThanTheKeepIdleTimeThenANewConnectionAndTheOldOneQuit() {
		SmtpCodeMailSender sender = sender(null, Duration.ZERO);
		assertThat(sender.send(List.of(mail("a")))).isEmpty();
		assertThat(sender.send(List.of(mail("b")))).isEmpty();

		assertThat(this.server.delivered).containsExactly("a@example.com", "b@example.com");
		assertThat(this.server.connections).hasValue(2);
		await().untilAsserted(() -> assertThat(this.server.quits).hasValue(2));
	}

	@Test
	void sendWhenAuthenticationFailsThenEveryMailFails() {
		this.server.authenticationFails = true;
		Map<Integer, MailException> failures = sender("user").send(List.of(mail("a"), mail("b")));
		assertThat(failures).containsOnlyKeys(0, 1);
		assertThat(failures.values()).allMatch(MailAuthenticationException.class::isInstance);
		assertThat(this.server.delivered).isEmpty();
	}

	@Test
	void sendWhenNothingListensThenEveryMailFails() throws IOException {
		this.server.close();
		Map<Integer, MailException> failures = sender(null).send(List.of(mail("a"), mail("b")));
		assertThat(failures).containsOnlyKeys(0, 1);
		assertThat(failures.values()).allMatch(MailSendException.class::isInstance);
	}

	private SmtpCodeMailSender sender(String username) {
		// Longer than any test: a kept connection is reused however slow the machine.
		return sender(username, Duration.ofMinutes(1));
	}

	private SmtpCodeMailSender sender(String username, Duration keepIdle) {
		MailProperties properties = new MailProperties("127.0.0.1", this.server.port(), username,
				(username != null) ? "secret" : null, "Phoenix <no-reply@phoenix.example>", false, false,
				Duration.ofSeconds(1));
		SmtpCodeMailSender sender = new SmtpCodeMailSender(MailConfiguration.javaMailSender(properties), composer(),
				properties.from(), keepIdle);
		this.senders.add(sender);
		return sender;
	}

	private static ResetCodeMail mail(String local) {
		return new ResetCodeMail(EmailAddress.ofCanonical(local + "@example.com"), "123456", Duration.ofMinutes(10),
				Locale.ENGLISH);
	}

	private static ResetCodeMailComposer composer() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		return new ResetCodeMailComposer(messages);
	}

	/**
	 * Speaks enough SMTP for Jakarta Mail, a thread per connection: refuses the recipient
	 * {@code refused@...} with 550, closes the connection when told the recipient
	 * {@code drop@...} (and after delivering to {@code close-after@...}), stops reading
	 * and answering after DATA for {@code hang@...} (until closed), and refuses every
	 * login when told to.
	 */
	private static final class ScriptedSmtpServer implements AutoCloseable {

		final List<String> delivered = new CopyOnWriteArrayList<>();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		final AtomicInteger connections = new AtomicInteger();

		final AtomicInteger noops = new AtomicInteger();

		final AtomicInteger quits = new AtomicInteger();

		final AtomicInteger refusals = new AtomicInteger();

		final AtomicInteger hangs = new AtomicInteger();

		final AtomicInteger closedAfterDelivery = new AtomicInteger();

		volatile boolean authenticationFails;

		private final CountDownLatch closed = new CountDownLatch(1);

		private final ServerSocket socket;

		ScriptedSmtpServer() {
			try {
				this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Thread acceptor = new Thread(this::serve, "scripted-smtp");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		private void serve() {
			while (!this.socket.isClosed()) {
				try {
					Socket client = this.socket.accept();
					this.connections.incrementAndGet();
					Thread conversation = new Thread(() -> converseThenClose(client), "scripted-smtp-conversation");
					conversation.setDaemon(true);
					conversation.start();
				}
				catch (SocketException ex) {
					// Closed: the test is over.
				}
				catch (IOException ex) {
					this.failures.add(ex);
				}
			}
		}

		private void converseThenClose(Socket client) {
			try (client) {
				converse(client);
			}
			catch (SocketException ex) {
				// Closed: the test is over.
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				this.failures.add(ex);
			}
		}

		private void converse(Socket client) throws IOException, InterruptedException {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
			PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
			reply(out, "220 scripted");
			String recipient = null;
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
				switch (verb) {
					case "EHLO" -> reply(out, "250-scripted", "250-AUTH PLAIN LOGIN", "250 8BITMIME");
					case "AUTH" ->
						reply(out, this.authenticationFails ? "535 authentication failed" : "235 authenticated");
					case "MAIL" -> reply(out, "250 OK");
					case "RCPT" -> {
						recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
						if (recipient.startsWith("refused@")) {
							this.refusals.incrementAndGet();
							reply(out, "550 mailbox unavailable");
						}
						else {
							reply(out, "250 OK");
						}
					}
					case "DATA" -> {
						reply(out, "354 go on");
						if (recipient != null && recipient.startsWith("hang@")) {
							this.hangs.incrementAndGet();
							this.closed.await();
							return;
						}
						while (!".".equals(in.readLine())) {
							// The message itself: not needed here.
						}
						if (recipient != null && recipient.startsWith("drop@")) {
							return;
						}
						this.delivered.add(recipient);
						reply(out, "250 OK");
						if (recipient.startsWith("close-after@")) {
							this.closedAfterDelivery.incrementAndGet();
							return;
						}
					}
					case "NOOP" -> {
						this.noops.incrementAndGet();
						reply(out, "250 OK");
					}
					case "QUIT" -> {
						this.quits.incrementAndGet();
						reply(out, "221 bye");
						return;
					}
					default -> reply(out, "250 OK");
				}
			}
		}

		private static void reply(PrintWriter out, String... lines) {
			for (String line : lines) {
				out.print(line + "\r\n");
			}
			out.flush();
		}

		@Override
		public void close() throws IOException {
			this.closed.countDown();
			this.socket.close();
		}

	}

}
