package dev.phoenix.support;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service on a random port, against a real Redis ({@link RedisTestServer}) and
 * a real SMTP server ({@link MailTestServer}). Each test starts from an empty database
 * and mailbox.
 * <p>
 * A test class can point the service at another Redis (a TLS server, a cluster): its own
 * {@code @DynamicPropertySource} sets {@code spring.data.redis.*} or the contract's
 * variables ({@code REDIS_CLUSTER_NODES}, ...), which win over the shared server here,
 * and it overrides {@link #clearRedis()}. The shared server then never starts for it.
 */
@ActiveProfiles("dev")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "phoenix.redis.embedded=false", "phoenix.mail.starttls=false",
				"spring.data.redis.host=${phoenix.test.redis-host}",
				"spring.data.redis.port=${phoenix.test.redis-port}", "phoenix.mail.host=127.0.0.1",
				"phoenix.mail.port=${phoenix.test.smtp-port}", "phoenix.outbox.retry-delay=1s",
				"phoenix.outbox.claim-interval=200ms", "phoenix.outbox.poll-timeout=500ms",
				"phoenix.secrets.reset-code-secret=" + IntegrationTest.SECRET,
				"phoenix.secrets.internal-api-token=" + IntegrationTest.INTERNAL_TOKEN })
public abstract class IntegrationTest {

	public static final String SECRET = "test-secret-0123456789-0123456789-abcdef";

	public static final String INTERNAL_TOKEN = "test-internal-token-0123456789";

	@LocalServerPort
	protected int port;

	@Autowired
	protected StringRedisTemplate redisTemplate;

	protected Api api;

	protected final MailTestServer mail = MailTestServer.shared();

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		// Properties of their own, resolved only when used, so that a test class can
		// point
		// spring.data.redis.* or phoenix.mail.port elsewhere.
		registry.add("phoenix.test.redis-host", () -> RedisTestServer.shared().host());
		registry.add("phoenix.test.redis-port", () -> RedisTestServer.shared().port());
		registry.add("phoenix.test.smtp-port", () -> MailTestServer.shared().port());
	}

	@BeforeEach
	void cleanState() {
		clearRedis();
		this.mail.clear();
		this.api = new Api(this.port);
	}

	/**
	 * Empties the service's Redis: the shared server, started again if a test stopped it.
	 */
	protected void clearRedis() {
		RedisTestServer.shared().start();
		// After a test restarted Redis, the connection comes back within a second or so.
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
			this.redisTemplate.execute((RedisCallback<Object>) (connection) -> {
				connection.serverCommands().flushDb();
				return null;
			});
			return true;
		});
	}

	/** What the ops endpoint says of an address (no code, no token). */
	protected JsonNode inspect(String address) {
		Api.Reply reply = this.api.post("/auth/reset-code/inspect", Api.json(Map.of("email", address)), "Authorization",
				"Bearer " + INTERNAL_TOKEN);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		return reply.data();
	}

	/** The code of the {@code count}-th mail to {@code address}, once it has arrived. */
	protected String awaitCodeNumber(String address, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.mail.messagesTo(address).size() >= count);
		return this.mail.latestCodeFor(address);
	}

}
