package dev.phoenix.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.phoenix.support.Api;
import dev.phoenix.support.Concurrently;
import dev.phoenix.support.MailTestServer;
import dev.phoenix.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code REDIS_PORT} points at a listener that accepts TCP connections and never answers
 * (the handshake hangs): every request is answered 503 within
 * {@code REDIS_CONNECT_TIMEOUT + REDIS_TIMEOUT + 1 s}, however many arrive at once, and
 * the health check within its 2 s.
 */
class HungRedisIT {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration BOUND = CONNECT_TIMEOUT.plus(COMMAND_TIMEOUT).plusSeconds(1);

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private ServerSocket silent;

	private Thread acceptor;

	@BeforeEach
	void silentListener() throws IOException {
		this.silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(() -> {
			while (!this.silent.isClosed()) {
				try {
					this.accepted.add(this.silent.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "silent-redis");
		this.acceptor.start();
	}

	@AfterEach
	void close() throws Exception {
		this.silent.close();
		this.acceptor.join();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@Test
	void requestsWhenRedisAcceptsAndNeverAnswersThenStoreUnavailableWithinTheBound() throws Exception {
		try (ServiceProcess service = ServiceProcess.startAlive("hung",
				Map.of("REDIS_PORT", Integer.toString(this.silent.getLocalPort()), "REDIS_CONNECT_TIMEOUT",
						CONNECT_TIMEOUT.toSeconds() + "s", "REDIS_TIMEOUT", COMMAND_TIMEOUT.toSeconds() + "s",
						"MAIL_HOST", "127.0.0.1", "MAIL_PORT", Integer.toString(MailTestServer.shared().port())))) {
			Api api = service.api();
			AtomicInteger callers = new AtomicInteger();
			List<Long> millis = Concurrently.run(8, () -> timed(() -> {
				int i = callers.getAndIncrement();
				Api.Reply reply = (i % 2 == 0) ? api.requestCode("hung" + i + "@example.com")
						: api.verify("hung" + i + "@example.com", "123456");
				assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
				assertThat(reply.errorCode()).isEqualTo("STORE_UNAVAILABLE");
			}));
			long healthMillis = timed(() -> assertThat(api.get("/auth/redis/health").status()).isEqualTo(503));
			long readinessMillis = timed(
					() -> assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503));
			System.out.println("HUNG REDIS: requests answered in " + millis + " ms, health in " + healthMillis
					+ " ms, readiness in " + readinessMillis + " ms");
			assertThat(this.accepted).as("the service did try to reach the listener").isNotEmpty();
			assertThat(millis).allSatisfy((answered) -> assertThat(answered).isLessThan(BOUND.toMillis()));
			assertThat(healthMillis).isLessThan(2000);
			assertThat(IntStream.range(0, 3)
				.mapToLong((i) -> timed(() -> api.requestCode("again@example.com")))
				.max()
				.orElseThrow()).isLessThan(BOUND.toMillis());
		}
	}

	private static long timed(Runnable call) {
		long started = System.nanoTime();
		call.run();
		return Duration.ofNanos(System.nanoTime() - started).toMillis();
	}

}
