package dev.phoenix.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.phoenix.support.Api;
import dev.phoenix.support.MailTestServer;
import dev.phoenix.support.RedisTestServer;
import dev.phoenix.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis (with AOF) restarted under steady traffic: requests during the outage get 503
 * {@code STORE_UNAVAILABLE}, none a 500; the service resumes without a restart, and state
 * from before the outage (a pending code) is still there.
 */
class RedisRestartIT {

	private final MailTestServer mail = MailTestServer.shared();

	@Test
	void trafficWhenRedisRestartedThenOnlyStoreUnavailableMeanwhileAndStateKept() throws Exception {
		RedisTestServer redis = RedisTestServer.startProcess("--appendonly", "yes", "--appendfsync", "always");
		try (ServiceProcess service = ServiceProcess.start("aof",
				Map.of("REDIS_HOST", redis.host(), "REDIS_PORT", Integer.toString(redis.port()), "MAIL_HOST",
						"127.0.0.1", "MAIL_PORT", Integer.toString(this.mail.port()), "RESET_CODE_MAX_PER_IP_PER_HOUR",
						"1000000"))) {
			Api api = service.api();
			assertThat(api.requestCode("restart-before@example.com").status()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> !this.mail.messagesTo("restart-before@example.com").isEmpty());
			String code = this.mail.latestCodeFor("restart-before@example.com");

			Set<Integer> statuses = ConcurrentHashMap.newKeySet();
			AtomicInteger unavailable = new AtomicInteger();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService trafficThread = Executors.newSingleThreadExecutor();
			// A failed assertion on the traffic thread fails the test through the future.
			Future<?> traffic = trafficThread.submit(() -> {
				int i = 0;
				while (running.get()) {
					Api.Reply reply = api.requestCode("steady" + (i++) + "@example.com");
					statuses.add(reply.status());
					if (reply.status() == 503) {
						assertThat(reply.errorCode()).isEqualTo("STORE_UNAVAILABLE");
						unavailable.incrementAndGet();
					}
				}
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> statuses.contains(202));
			redis.stop();
			await().atMost(Duration.ofSeconds(20)).until(() -> unavailable.get() >= 3);
			redis.start();
			int before = unavailable.get();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> api.requestCode("after-" + System.nanoTime() + "@example.com").status() == 202);
			running.set(false);
			traffic.get(30, TimeUnit.SECONDS);
			trafficThread.shutdown();

			assertThat(before).isGreaterThanOrEqualTo(3);
			assertThat(statuses).containsOnly(202, 503);
			assertThat(api.verify("restart-before@example.com", code).status()).isEqualTo(200);
		}
		finally {
			redis.stop();
		}
	}

}
