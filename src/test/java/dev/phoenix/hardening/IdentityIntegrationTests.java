package dev.phoenix.hardening;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.phoenix.support.Api;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.domain.Range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One mailbox, one identity, and nothing readable or cacheable: every spelling of a
 * mailbox shares one state and one set of limits; strict RFC 5321 forms only; the address
 * is never in Redis in plain text between verify and consume; no answer may be cached.
 */
class IdentityIntegrationTests extends IntegrationTest {

	private static final String CANONICAL = "jürgen@xn--bcher-kva.example";

	@Test
	void differentSpellingsOfOneMailboxThenOneIdentityOneCanonicalAnswer() {
		assertThat(this.api.requestCode("  Ju\u0308rgen@BÜCHER.example ").status()).isEqualTo(202);
		// Same mailbox, A-label spelling: the cooldown of the first request applies.
		assertThat(this.api.requestCode("JÜRGEN@xn--bcher-kva.example").status()).isEqualTo(429);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.mail.messagesTo(CANONICAL).isEmpty());
		assertThat(this.mail.allMessages()).hasSize(1);
		String code = this.mail.latestCodeFor(CANONICAL);

		Reply verified = this.api.verify("jürgen@bücher.example", code);
		assertThat(verified.status()).isEqualTo(200);
		Reply consumed = this.api.consume(verified.data().path("resetToken").asString(), INTERNAL_TOKEN);
		assertThat(consumed.data().path("email").asString()).isEqualTo(CANONICAL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "victim@example.com(x)", "\"victim\"@example.com", "victim..x@example.com",
			"victim@[127.0.0.1]", "victim@localhost", "victim@example", "victim@exam_ple.com" })
	void addressNotAStrictMailboxThenInvalidRequestNamingTheField(String address) {
		Reply reply = this.api.requestCode(address);
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.errorCode()).isEqualTo("INVALID_REQUEST");
		assertThat(reply.body().path("error").path("fields").get(0).path("field").asString()).isEqualTo("email");
		// Nothing of the request was written (the outbox stream may exist, recreated
		// empty).
		assertThat(this.redisTemplate.keys("reset_code:*"))
			.allSatisfy((key) -> assertThat(key).startsWith("reset_code:{outbox}"));
		assertThat(this.redisTemplate.opsForStream().size("reset_code:{outbox}")).isZero();
	}

	@Test
	void betweenVerifyAndConsumeThenNoPlainAddressInRedis() {
		String address = "plain.text@example.com";
		assertThat(this.api.requestCode(address).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.mail.messagesTo(address).isEmpty());
		Reply verified = this.api.verify(address, this.mail.latestCodeFor(address));
		assertThat(verified.status()).isEqualTo(200);

		List<String> everything = everythingInRedis();
		assertThat(everything).isNotEmpty()
			.noneSatisfy((text) -> assertThat(text).containsIgnoringCase("plain.text"))
			.noneSatisfy((text) -> assertThat(text).contains(verified.data().path("resetToken").asString()));
		assertThat(this.api.consume(verified.data().path("resetToken").asString(), INTERNAL_TOKEN)
			.data()
			.path("email")
			.asString()).isEqualTo(address);
	}

	@Test
	void everyAuthAnswerThenNoStore() {
		List<Reply> replies = List.of(this.api.requestCode("cache@example.com"),
				this.api.requestCode("cache@example.com"), this.api.verify("cache@example.com", "123456"),
				this.api.verify("cache@example.com", "12"), this.api.consume("nope.nope", INTERNAL_TOKEN),
				this.api.consume("nope.nope", "wrong-token"), this.api.get("/auth/redis/health"),
				this.api.get("/auth/nope"), this.api.get("/auth/reset-code"),
				this.api.post("/auth/reset-code", "not json"), this.api.post("/auth/reset-code/inspect",
						Api.json(Map.of("email", "cache@example.com")), "Authorization", "Bearer " + INTERNAL_TOKEN),
				this.api.get("/auth/%2e%2e/x"));
		assertThat(replies).allSatisfy(
				(reply) -> assertThat(reply.header("Cache-Control")).as(reply.toString()).isEqualTo("no-store"));
		assertThat(replies).extracting(Reply::status).contains(202, 429, 400, 401, 200, 404, 405);
	}

	/**
	 * Every key and every value, hash field and stream entry in the database, as text.
	 */
	private List<String> everythingInRedis() {
		return this.redisTemplate.execute((RedisCallback<List<String>>) (connection) -> {
			List<String> texts = new ArrayList<>();
			try (Cursor<byte[]> keys = connection.keyCommands().scan(ScanOptions.scanOptions().count(100).build())) {
				keys.forEachRemaining((key) -> {
					texts.add(text(key));
					texts.addAll(values(connection, key));
				});
			}
			return texts;
		});
	}

	private static List<String> values(RedisConnection connection, byte[] key) {
		List<String> values = new ArrayList<>();
		DataType type = connection.keyCommands().type(key);
		if (type == DataType.STRING) {
			values.add(text(connection.stringCommands().get(key)));
		}
		else if (type == DataType.HASH) {
			connection.hashCommands().hGetAll(key).forEach((field, value) -> {
				values.add(text(field));
				values.add(text(value));
			});
		}
		else if (type == DataType.STREAM) {
			connection.streamCommands()
				.xRange(key, Range.unbounded())
				.forEach((entry) -> entry.getValue().forEach((field, value) -> values.add(text(value))));
		}
		return values;
	}

	private static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : "";
	}

}
