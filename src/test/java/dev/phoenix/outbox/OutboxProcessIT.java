package dev.phoenix.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.phoenix.support.Api;
import dev.phoenix.support.MailTestServer;
import dev.phoenix.support.RedisClients;
import dev.phoenix.support.RedisTestServer;
import dev.phoenix.support.ServiceProcess;
import dev.phoenix.support.SilentSmtpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.stream.StreamInfo.XInfoConsumer;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.RedisCallback;
import org.junit.jupiter.api.AfterEach;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real service processes on one Redis: mail jobs survive an instance killed mid-send, and
 * two instances behave as one (cooldown, codes, per-IP caps, each mail sent once).
 */
class OutboxProcessIT {

	private static RedisTestServer redis;

	private static StringRedisTemplate redisTemplate;

	private static final MailTestServer mail = MailTestServer.shared();

	private final List<ServiceProcess> services = new ArrayList<>();

	@BeforeAll
	static void startRedis() {
		redis = RedisTestServer.startProcess();
		redisTemplate = RedisClients.template(redis);
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@BeforeEach
	void cleanState() {
		redisTemplate.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		mail.clear();
	}

	@AfterEach
	void stopServices() {
		this.services.forEach(ServiceProcess::close);
	}

	@Test
	void sendWhenInstanceKilledMidSendThenAnotherInstanceDeliversEveryMailOnce() {
		assertOrphanedJobsDelivered(ServiceProcess::kill);
	}

	@Test
	void sendWhenInstanceTerminatedMidSendThenItStopsAndAnotherDeliversEveryMailOnce() {
		assertOrphanedJobsDelivered((service) -> {
			service.terminate();
			assertThat(service.log()).contains("Graceful shutdown");
		});
	}

	private void assertOrphanedJobsDelivered(Consumer<ServiceProcess> stop) {
		try (SilentSmtpServer silent = new SilentSmtpServer()) {
			ServiceProcess stuck = start("stuck", Map.of("MAIL_HOST", "127.0.0.1", "MAIL_PORT",
					Integer.toString(silent.port()), "PHOENIX_MAIL_TIMEOUT", "120s"));
			List<String> addresses = List.of("k1@example.com", "k2@example.com", "k3@example.com", "k4@example.com");
			for (String address : addresses) {
				assertThat(stuck.api().requestCode(address).status()).isEqualTo(202);
			}
			// Both workers of the stuck instance hold a job mid-send; the other two wait
			// unread.
			await().atMost(Duration.ofSeconds(20))
				.until(() -> redisTemplate.opsForStream()
					.pending("reset_code:{outbox}", "mailers")
					.getTotalPendingMessages() >= 2);
			stop.accept(stuck);

			ServiceProcess rescuer = start("rescuer", smtp());
			await().atMost(Duration.ofSeconds(60)).until(() -> mail.allMessages().size() >= 4);
			for (String address : addresses) {
				assertThat(mail.messagesTo(address)).as(address).hasSize(1);
				String code = mail.latestCodeFor(address);
				assertThat(rescuer.api().verify(address, code).status()).isEqualTo(200);
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> redisTemplate.opsForStream().size("reset_code:{outbox}") == 0);
		}
	}

	@Test
	void requestsWhenSpreadOverTwoInstancesThenOneServiceAndEachMailOnce() {
		ServiceProcess first = start("first", smtp());
		ServiceProcess second = start("second", smtp());
		Api a = first.api();
		Api b = second.api();

		// A cooldown started through one instance is enforced by the other.
		assertThat(a.requestCode("shared@example.com").status()).isEqualTo(202);
		assertThat(b.requestCode("shared@example.com").errorCode()).isEqualTo("RATE_LIMITED");
		// A code issued through one verifies through the other.
		await().atMost(Duration.ofSeconds(20)).until(() -> !mail.messagesTo("shared@example.com").isEmpty());
		assertThat(b.verify("shared@example.com", mail.latestCodeFor("shared@example.com")).status()).isEqualTo(200);

		// The per-IP cap (20 requests an hour) counts both: 2 so far, 18 more pass, then
		// no.
		for (int i = 0; i < 18; i++) {
			Api api = (i % 2 == 0) ? a : b;
			assertThat(api.requestCode("user" + i + "@example.com").status()).as("request " + i).isEqualTo(202);
		}
		assertThat(a.requestCode("over@example.com").errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(b.requestCode("over2@example.com").errorCode()).isEqualTo("RATE_LIMITED");

		// 19 codes issued, 19 mails, each sent once, by workers of both instances' group.
		await().atMost(Duration.ofSeconds(30)).until(() -> mail.allMessages().size() >= 19);
		assertThat(mail.messagesTo("shared@example.com")).hasSize(1);
		for (int i = 0; i < 18; i++) {
			assertThat(mail.messagesTo("user" + i + "@example.com")).hasSize(1);
		}
		assertThat(mail.messagesTo("over@example.com")).isEmpty();
		List<String> consumers = redisTemplate.opsForStream()
			.consumers("reset_code:{outbox}", "mailers")
			.stream()
			.map(XInfoConsumer::consumerName)
			.toList();
		assertThat(consumers).anyMatch((name) -> name.startsWith(first.pid() + "@"))
			.anyMatch((name) -> name.startsWith(second.pid() + "@"));
		double sent = sentBy(a) + sentBy(b);
		assertThat(sent).isEqualTo(19);
		System.out.printf("Mails sent: first instance %.0f, second %.0f%n", sentBy(a), sentBy(b));
	}

	private static double sentBy(Api api) {
		String scrape = api.get("/actuator/prometheus").response().body();
		return scrape.lines()
			.filter((line) -> line.startsWith("phoenix_mail_sent_total"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private ServiceProcess start(String name, Map<String, String> environment) {
		Map<String, String> env = new HashMap<>(environment);
		env.put("REDIS_HOST", redis.host());
		env.put("REDIS_PORT", Integer.toString(redis.port()));
		ServiceProcess service = ServiceProcess.start(name, env);
		this.services.add(service);
		return service;
	}

	private static Map<String, String> smtp() {
		return Map.of("MAIL_HOST", "127.0.0.1", "MAIL_PORT", Integer.toString(mail.port()));
	}

}
