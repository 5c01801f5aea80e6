package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.MailTestServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract's rows end to end: request, mail, verify, consume; each error code; the
 * limits; the health shape; what Redis holds afterwards.
 */
class ResetFlowIntegrationTests extends IntegrationTest {

	private static final String ADDRESS = "user@example.com";

	@Test
	void flowWhenCodeMailedThenVerifiedAndTokenConsumedOnce() throws Exception {
		Reply requested = this.api.requestCode("  User@Example.COM ");
		assertThat(requested.status()).isEqualTo(202);
		assertThat(requested.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
		assertThat(requested.body().path("success").asBoolean()).isTrue();
		assertThat(requested.data().path("expiresInSeconds").asLong()).isEqualTo(600);
		assertThat(requested.data().path("resendAvailableInSeconds").asLong()).isEqualTo(60);
		assertThat(requested.body().path("message").asString()).isEqualTo("인증 코드를 이메일로 보냈습니다.");

		String code = awaitCode(ADDRESS);
		assertThat(code).hasSize(6).containsOnlyDigits();
		MimeMessage mail = this.mail.messagesTo(ADDRESS).get(0);
		assertThat(mail.getSubject()).isEqualTo("[Phoenix] 비밀번호 재설정 인증 코드");
		assertThat(mail.getContentType()).startsWith("multipart/alternative");
		MimeMultipart alternatives = (MimeMultipart) mail.getContent();
		assertThat(alternatives.getCount()).isEqualTo(2);
		assertThat(alternatives.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
		assertThat(alternatives.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
		assertThat(mail.getSentDate()).isNotNull();
		assertThat(mail.getMessageID()).matches("<[0-9a-f]{24}\\.phoenix@[^>]+>");
		String parts = MailTestServer.decodedText(mail);
		assertThat(parts).contains("<p style=\"font-size: 28px;").contains(code).contains("10분");

		Reply verified = this.api.verify(ADDRESS, code);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.data().path("expiresInSeconds").asLong()).isEqualTo(900);
		String token = verified.data().path("resetToken").asString();
		assertThat(token).matches("[A-Za-z0-9_.-]{20,}");

		Reply consumed = this.api.consume(token, INTERNAL_TOKEN);
		assertThat(consumed.status()).isEqualTo(200);
		assertThat(consumed.data().path("email").asString()).isEqualTo(ADDRESS);

		Reply again = this.api.consume(token, INTERNAL_TOKEN);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.errorCode()).isEqualTo("INVALID_TOKEN");
		assertThat(this.api.verify(ADDRESS, code).errorCode()).isEqualTo("CODE_EXPIRED");
	}

	@Test
	void requestCodeWhenEnglishAskedThenEnglishAnswerAndMail() throws Exception {
		Reply reply = this.api.post("/auth/reset-code", "{\"email\":\"" + ADDRESS + "\"}", "Accept-Language",
				"en-US,en;q=0.9");
		assertThat(reply.body().path("message").asString()).isEqualTo("We have e-mailed you a verification code.");
		awaitCode(ADDRESS);
		MimeMessage mail = this.mail.messagesTo(ADDRESS).get(0);
		assertThat(mail.getSubject()).isEqualTo("[Phoenix] Your password reset code");
		assertThat(MailTestServer.decodedText(mail)).contains("valid for 10 minutes");
	}

	@Test
	void requestCodeWhenOtherLanguageAskedThenKorean() {
		Reply reply = this.api.post("/auth/reset-code", "{\"email\":\"" + ADDRESS + "\"}", "Accept-Language", "fr-FR");
		assertThat(reply.body().path("message").asString()).isEqualTo("인증 코드를 이메일로 보냈습니다.");
	}

	@Test
	void requestCodeWhenAnyWellFormedAddressThenSameAnswer() {
		Reply first = this.api.requestCode("someone@example.com");
		Reply second = this.api.requestCode("nobody-ever@nowhere.invalid");
		assertThat(first.status()).isEqualTo(second.status()).isEqualTo(202);
		assertThat(first.body()).isEqualTo(second.body());
	}

	@Test
	void verifyWhenWrongCodesThenAttemptsCountDownToTooManyAttemptsThenExpired() throws Exception {
		this.api.requestCode(ADDRESS);
		String code = awaitCode(ADDRESS);
		String wrong = wrongCode(code);
		for (int remaining = 4; remaining >= 1; remaining--) {
			Reply reply = this.api.verify(ADDRESS, wrong);
			assertThat(reply.status()).isEqualTo(400);
			assertThat(reply.errorCode()).isEqualTo("INVALID_CODE");
			assertThat(reply.body().path("error").path("remainingAttempts").asInt()).isEqualTo(remaining);
		}
		Reply exhausted = this.api.verify(ADDRESS, wrong);
		assertThat(exhausted.status()).isEqualTo(429);
		assertThat(exhausted.errorCode()).isEqualTo("TOO_MANY_ATTEMPTS");
		Reply afterwards = this.api.verify(ADDRESS, code);
		assertThat(afterwards.status()).isEqualTo(400);
		assertThat(afterwards.errorCode()).isEqualTo("CODE_EXPIRED");
	}

	@Test
	void verifyWhenCodeMalformedThenInvalidRequestAndNoAttemptUsed() throws Exception {
		this.api.requestCode(ADDRESS);
		String code = awaitCode(ADDRESS);
		for (String malformed : List.of("12345", "1234567", "12a456", "", "１２３４５６")) {
			Reply reply = this.api.verify(ADDRESS, malformed);
			assertThat(reply.status()).as(malformed).isEqualTo(400);
			assertThat(reply.errorCode()).isEqualTo("INVALID_REQUEST");
			assertThat(reply.body().path("error").path("fields").get(0).path("field").asString()).isEqualTo("code");
		}
		Reply wrong = this.api.verify(ADDRESS, wrongCode(code));
		assertThat(wrong.body().path("error").path("remainingAttempts").asInt()).isEqualTo(4);
	}

	@Test
	void verifyWhenNoCodeIssuedThenCodeExpired() {
		Reply reply = this.api.verify("never@example.com", "123456");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.errorCode()).isEqualTo("CODE_EXPIRED");
	}

	@Test
	void requestCodeWhenCooldownRunningThenRateLimitedWithRetryAfter() throws Exception {
		assertThat(this.api.requestCode(ADDRESS).status()).isEqualTo(202);
		// At once, not after the mail: the cooldown's remaining time is what is checked.
		Reply again = this.api.requestCode(ADDRESS);
		assertThat(again.status()).isEqualTo(429);
		assertThat(again.errorCode()).isEqualTo("RATE_LIMITED");
		long retryAfter = Long.parseLong(again.header("Retry-After"));
		assertThat(retryAfter).isBetween(55L, 60L);
		assertThat(again.body().path("error").path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
		// The refused request changed nothing: the first code still works.
		assertThat(this.api.verify(ADDRESS, awaitCode(ADDRESS)).status()).isEqualTo(200);
	}

	@Test
	void requestCodeWhenIpCapReachedThenRateLimitedAndNothingMailed() {
		for (int i = 0; i < 20; i++) {
			assertThat(this.api.requestCode("user" + i + "@example.com").status()).isEqualTo(202);
		}
		Reply refused = this.api.requestCode("one-too-many@example.com");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3500L, 3600L);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.mail.allMessages().size() == 20);
		assertThat(this.mail.messagesTo("one-too-many@example.com")).isEmpty();
		assertThat(this.api.verify("one-too-many@example.com", "123456").errorCode()).isEqualTo("CODE_EXPIRED");
	}

	@Test
	void verifyWhenIpFailureCapReachedThenRateLimitedAndRightCodeKeptForLater() throws Exception {
		this.api.requestCode(ADDRESS);
		String code = awaitCode(ADDRESS);
		for (int i = 0; i < 50; i++) {
			assertThat(this.api.verify("guess" + i + "@example.com", "123456").errorCode()).isEqualTo("CODE_EXPIRED");
		}
		Reply refused = this.api.verify(ADDRESS, code);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3500L, 3600L);

		// The hour passes for this IP: the refused verify did not use up the code.
		this.redisTemplate.delete("reset_code:ip:{127.0.0.1}:v");
		assertThat(this.api.verify(ADDRESS, code).status()).isEqualTo(200);
	}

	@Test
	void consumeWhenBearerMissingOrWrongThenUnauthorized() {
		Reply missing = this.api.post("/auth/reset-token/consume", "{\"resetToken\":\"x.y\"}");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.errorCode()).isEqualTo("UNAUTHORIZED");
		Reply wrong = this.api.consume("x.y", INTERNAL_TOKEN + "x");
		assertThat(wrong.status()).isEqualTo(401);
		Reply garbageBody = this.api.post("/auth/reset-token/consume", "{not json", "Authorization", "Bearer nope");
		assertThat(garbageBody.status()).isEqualTo(401);
	}

	@Test
	void consumeWhenTokenUnknownThenInvalidToken() {
		for (String token : List.of("unknown", "abc.def", ".", "a.")) {
			Reply reply = this.api.consume(token, INTERNAL_TOKEN);
			assertThat(reply.status()).as(token).isEqualTo(400);
			assertThat(reply.errorCode()).isEqualTo("INVALID_TOKEN");
		}
	}

	@Test
	void storageWhenFlowDoneThenEveryKeyExpiresAndNoSecretStored() throws Exception {
		this.api.requestCode(ADDRESS);
		String code = awaitCode(ADDRESS);
		this.api.verify(ADDRESS, wrongCode(code));
		String token = this.api.verify(ADDRESS, code).data().path("resetToken").asString();
		String secretPart = token.substring(token.indexOf('.') + 1);

		List<String> keys = new ArrayList<>();
		try (Cursor<String> cursor = this.redisTemplate.scan(ScanOptions.scanOptions().match("*").build())) {
			cursor.forEachRemaining(keys::add);
		}
		assertThat(keys).isNotEmpty().allMatch((key) -> key.startsWith("reset_code:"));
		for (String key : keys) {
			assertThat(this.redisTemplate.getExpire(key)).as("TTL of " + key).isPositive();
			String dump = dump(key);
			assertThat(dump).as(key).doesNotContain(code).doesNotContain(secretPart);
			assertThat(key).doesNotContain(code).doesNotContain(secretPart).doesNotContain("example.com");
		}
		this.api.consume(token, INTERNAL_TOKEN);
		for (String key : keys) {
			if (Boolean.TRUE.equals(this.redisTemplate.hasKey(key))) {
				assertThat(dump(key)).doesNotContain(ADDRESS);
			}
		}
	}

	@Test
	void healthWhenRedisUpThenDocumentShape() {
		Reply reply = this.api.get("/auth/redis/health");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body().propertyNames()).containsExactlyInAnyOrder("success", "data", "message");
		assertThat(reply.data().propertyNames()).containsExactlyInAnyOrder("connected", "stats", "timestamp");
		assertThat(reply.data().path("connected").asBoolean()).isTrue();
		assertThat(reply.data().path("stats").path("memory").asString()).matches("used_memory:\\d+");
		assertThat(reply.data().path("stats").path("keys").isIntegralNumber()).isTrue();
		assertThat(reply.data().path("stats").path("uptime").isIntegralNumber()).isTrue();
		assertThat(reply.data().path("timestamp").asString())
			.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
		assertThat(reply.body().path("message").asString()).isEqualTo("Redis 연결 정상");
	}

	@Test
	void inspectAndRevokeWhenOperatorAsksThenMetadataOnlyAndAddressCleared() throws Exception {
		this.api.requestCode(ADDRESS);
		String code = awaitCode(ADDRESS);
		String body = "{\"email\":\"" + ADDRESS + "\"}";
		Reply inspected = this.api.post("/auth/reset-code/inspect", body, "Authorization", "Bearer " + INTERNAL_TOKEN);
		assertThat(inspected.status()).isEqualTo(200);
		assertThat(inspected.data().path("codePending").asBoolean()).isTrue();
		assertThat(inspected.data().path("attemptsLeft").asInt()).isEqualTo(5);
		assertThat(inspected.data().path("key").asString()).startsWith("reset_code:{");
		assertThat(inspected.body().toString()).doesNotContain(code);
		assertThat(this.redisTemplate.hasKey(inspected.data().path("key").asString())).isTrue();

		Reply revoked = this.api.post("/auth/reset-code/revoke", body, "Authorization", "Bearer " + INTERNAL_TOKEN);
		assertThat(revoked.data().path("revoked").asBoolean()).isTrue();
		assertThat(this.api.verify(ADDRESS, code).errorCode()).isEqualTo("CODE_EXPIRED");
		assertThat(this.api.post("/auth/reset-code/revoke", body).status()).isEqualTo(401);
	}

	private String dump(String key) {
		String type = this.redisTemplate.type(key).code();
		if ("hash".equals(type)) {
			return this.redisTemplate.opsForHash().entries(key).toString();
		}
		if ("stream".equals(type)) {
			return this.redisTemplate.opsForStream().range(key, Range.unbounded()).toString();
		}
		return String.valueOf(this.redisTemplate.opsForValue().get(key));
	}

	private String awaitCode(String address) {
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.mail.messagesTo(address).isEmpty());
		return this.mail.latestCodeFor(address);
	}

	static String wrongCode(String code) {
		char first = code.charAt(0);
		return ((first == '9') ? '0' : (char) (first + 1)) + code.substring(1);
	}

}
