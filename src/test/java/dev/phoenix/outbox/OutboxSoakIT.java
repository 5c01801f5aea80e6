package dev.phoenix.outbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.phoenix.support.Api;
import dev.phoenix.support.MailTestServer;
import dev.phoenix.support.RedisClients;
import dev.phoenix.support.RedisTestServer;
import dev.phoenix.support.ServiceProcess;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;
import java.util.HashMap;
import jakarta.mail.MessagingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak (Maven profile {@code soak}, which {@code .ci/run} runs): minutes of
 * mixed traffic from many clients while SMTP goes down and up and Redis restarts.
 * Afterwards every accepted code request's mail was sent, skipped because a newer code
 * replaced it, or dead-lettered (at least once: an acknowledgement lost to the Redis
 * restart means the job is worked again); no code verified twice; heap after GC did not
 * grow.
 */
class OutboxSoakIT {

	private static final Duration LENGTH = Duration.ofSeconds(Long.getLong("soak.seconds", 60));

	private static final int CLIENTS = 16;

	private final int smtpPort = RedisTestServer.freePort();

	/**
	 * The stores of stopped GreenMail servers: GreenMail answers "250 OK" before it
	 * stores a message and {@code stop()} swaps in new stores, so a mail accepted as the
	 * server stops lands in the old store after stop() returns.
	 */
	private final List<Managers> stoppedStores = new ArrayList<>();

	private GreenMail smtp;

	@Test
	void mixedTrafficWhenSmtpAndRedisFailThenNoMailLostAndNoCodeVerifiedTwice() throws Exception {
		RedisTestServer redis = RedisTestServer.startProcess("--appendonly", "yes");
		StringRedisTemplate redisTemplate = RedisClients.template(redis);
		startSmtp();
		try (ServiceProcess service = ServiceProcess.start("soak", Map.ofEntries(Map.entry("REDIS_HOST", redis.host()),
				Map.entry("REDIS_PORT", Integer.toString(redis.port())), Map.entry("MAIL_HOST", "127.0.0.1"),
				Map.entry("MAIL_PORT", Integer.toString(this.smtpPort)), Map.entry("PHOENIX_MAIL_TIMEOUT", "2s"),
				Map.entry("RESET_CODE_MAX_PER_IP_PER_HOUR", "100000000"),
				Map.entry("RESET_CODE_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR", "100000000"),
				Map.entry("RESET_CODE_RESEND_COOLDOWN", "5s"), Map.entry("RESET_CODE_MAX_PER_EMAIL_PER_HOUR", "1000"),
				Map.entry("RESET_CODE_MAX_PER_EMAIL_PER_DAY", "100000"),
				Map.entry("RESET_CODE_MAX_FAILURES_PER_EMAIL_PER_DAY", "100000")))) {
			Api api = service.api();
			AtomicInteger accepted = new AtomicInteger();
			AtomicInteger verified = new AtomicInteger();
			Set<Integer> statuses = ConcurrentHashMap.newKeySet();
			Set<String> verifiedCodes = ConcurrentHashMap.newKeySet();
			AtomicInteger verifiedTwice = new AtomicInteger();
			AtomicBoolean running = new AtomicBoolean(true);
			// Anything a client or the verifier throws fails the test at the end.
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			List<Thread> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				Thread client = new Thread(reporting(failures, () -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (running.get()) {
						String address = "soak" + random.nextInt(2_000) + "@example.com";
						Api.Reply reply = (random.nextInt(4) == 0) ? api.verify(address, "000000")
								: api.requestCode(address);
						statuses.add(reply.status());
						if (reply.status() == 202) {
							accepted.incrementAndGet();
						}
					}
				}), "soak-client-" + c);
				clients.add(client);
			}
			Thread verifier = new Thread(reporting(failures, () -> {
				int seen = 0;
				while (running.get()) {
					List<MimeMessage> all = allReceived();
					for (; seen < all.size(); seen++) {
						String[] addressAndCode = readMail(all.get(seen));
						if (addressAndCode == null) {
							continue;
						}
						// Twice: the second must never succeed.
						for (int attempt = 0; attempt < 2; attempt++) {
							if (api.verify(addressAndCode[0], addressAndCode[1]).status() == 200) {
								verified.incrementAndGet();
								if (!verifiedCodes.add(addressAndCode[0] + ":" + addressAndCode[1])) {
									verifiedTwice.incrementAndGet();
								}
							}
						}
					}
				}
			}), "soak-verifier");
			clients.forEach(Thread::start);
			verifier.start();

			long started = System.nanoTime();
			long heapEarly = -1;
			int round = 0;
			while (Duration.ofNanos(System.nanoTime() - started).compareTo(LENGTH) < 0) {
				awaitFor(Duration.ofSeconds(15));
				round++;
				if (round % 3 == 1) {
					stopSmtp();
					awaitFor(Duration.ofSeconds(8));
					startSmtp();
				}
				else if (round % 3 == 2) {
					redis.stop();
					awaitFor(Duration.ofSeconds(3));
					redis.start();
				}
				if (heapEarly < 0 && Duration.ofNanos(System.nanoTime() - started).compareTo(LENGTH.dividedBy(3)) > 0) {
					heapEarly = heapAfterGc(service);
				}
			}
			running.set(false);
			for (Thread client : clients) {
				client.join();
			}
			verifier.join();

			// Drain: every job acknowledged (sent or skipped) or dead-lettered.
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofSeconds(1))
				.ignoreExceptions()
				.until(() -> redisTemplate.opsForStream().size("reset_code:{outbox}") == 0);
			Map<String, Double> counters = counters(api);
			double sent = counters.getOrDefault("phoenix_mail_sent_total", 0.0);
			double skipped = counters.getOrDefault("phoenix_mail_skipped_total", 0.0);
			double dead = counters.getOrDefault("phoenix_mail_dead_letters_total", 0.0);
			long heapLate = heapAfterGc(service);
			System.out.printf(
					"Soak %ds: %d accepted, %.0f sent, %.0f skipped (replaced first), %.0f dead-lettered, %d received, "
							+ "%d verified, statuses %s, heap after GC %d MB -> %d MB%n",
					LENGTH.toSeconds(), accepted.get(), sent, skipped, dead, allReceived().size(), verified.get(),
					statuses, heapEarly / 1_048_576, heapLate / 1_048_576);

			assertThat(failures).as("failures on the client and verifier threads").isEmpty();
			assertThat(accepted.get()).isPositive();
			// Every accepted request's job was worked to an end (the outbox is empty). At
			// least
			// once: a send whose acknowledgement was lost to the Redis restart is worked
			// again,
			// so the sum may exceed the requests, never fall short of them (sends and
			// skips are
			// counted when they happen, before the acknowledgement).
			assertThat(sent + skipped + dead).isGreaterThanOrEqualTo(accepted.get());
			// Awaited: the last accepted mail may still be on its way into GreenMail's
			// store.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(allReceived().size()).isGreaterThanOrEqualTo((int) sent));
			assertThat(verifiedTwice.get()).isZero();
			assertThat(verified.get()).isPositive();
			assertThat(statuses).doesNotContain(500);
			assertThat(heapLate).isLessThan(heapEarly + 64L * 1_048_576);
		}
		finally {
			stopSmtp();
			redis.stop();
		}
	}

	private synchronized List<MimeMessage> allReceived() {
		List<Managers> stores = new ArrayList<>(this.stoppedStores);
		if (this.smtp != null) {
			stores.add(this.smtp.getManagers());
		}
		List<MimeMessage> all = new ArrayList<>();
		for (Managers store : stores) {
			for (StoredMessage message : store.getImapHostManager().getAllMessages()) {
				all.add(message.getMimeMessage());
			}
		}
		return all;
	}

	private synchronized void startSmtp() {
		this.smtp = new GreenMail(new ServerSetup(this.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.smtp.start();
	}

	private synchronized void stopSmtp() {
		if (this.smtp != null) {
			this.stoppedStores.add(this.smtp.getManagers());
			this.smtp.stop();
			this.smtp = null;
		}
	}

	/** Lets traffic run for a while: the soak's schedule, not a synchronisation. */
	private static void awaitFor(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		await().atMost(duration.plusSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> System.nanoTime() >= until);
	}

	private static long heapAfterGc(ServiceProcess service) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), "GC.run").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start()
			.waitFor();
		Map<String, Double> values = counters(service.api());
		return values.getOrDefault("heap", 0.0).longValue();
	}

	/**
	 * The scrape's phoenix_* counters summed over labels, and the heap in use as "heap".
	 */
	private static Map<String, Double> counters(Api api) {
		Map<String, Double> values = new HashMap<>();
		for (String line : api.get("/actuator/prometheus").response().body().lines().toList()) {
			if (line.startsWith("#")) {
				continue;
			}
			String name = line.split("[{ ]", 2)[0];
			double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			if (name.startsWith("phoenix_")) {
				values.merge(name, value, Double::sum);
			}
			if (name.equals("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
				values.merge("heap", value, Double::sum);
			}
		}
		return values;
	}

	private static Runnable reporting(List<Throwable> failures, Runnable body) {
		return () -> {
			try {
				body.run();
			}
			catch (Throwable failure) {
				failures.add(failure);
			}
		};
	}

	/**
	 * The recipient and code of a received mail; null if it vanished mid-read (GreenMail
	 * restarted).
	 */
	private static String[] readMail(MimeMessage message) {
		try {
			return new String[] { message.getAllRecipients()[0].toString(), MailTestServer.codeIn(message) };
		}
		catch (MessagingException | IllegalStateException ex) {
			return null;
		}
	}

}
