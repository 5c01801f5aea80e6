package dev.phoenix.hardening;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.phoenix.support.Api;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.Concurrently;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits across codes, addresses and clients, over HTTP on real Redis and SMTP: the
 * failure budget per address (across codes, reset by a success, kept by revoke), the
 * daily cap, the per-IP verify cap under a concurrent burst, and IPv6 clients counted by
 * /64.
 */
@TestPropertySource(properties = { "phoenix.reset-code.resend-cooldown=0s",
		"phoenix.reset-code.max-per-email-per-hour=10", "phoenix.reset-code.max-per-email-per-day=4",
		"phoenix.reset-code.max-failures-per-email-per-day=7", "phoenix.reset-code.max-per-ip-per-hour=1000",
		"phoenix.reset-code.max-verify-failures-per-ip-per-hour=20", "server.forward-headers-strategy=native" })
class BruteForceIntegrationTests extends IntegrationTest {

	private static final String WRONG = "000000";

	@Test
	void wrongCodesAcrossCodesThenBudgetLocksTheAddressForItsDay() {
		String victim = "victim@example.com";
		String first = requestAndReadCode(victim, 1);
		for (int remaining = 4; remaining >= 1; remaining--) {
			Reply wrong = this.api.verify(victim, otherThan(first));
			assertThat(wrong.errorCode()).isEqualTo("INVALID_CODE");
			assertThat(wrong.body().path("error").path("remainingAttempts").asInt()).isEqualTo(remaining);
		}
		// A new code gives the code's attempts back, not the address's budget (7): 3
		// left.
		String second = requestAndReadCode(victim, 2);
		assertThat(remainingAfterWrong(victim, second)).isEqualTo(2);
		assertThat(remainingAfterWrong(victim, second)).isEqualTo(1);
		Reply last = this.api.verify(victim, otherThan(second));
		assertThat(last.status()).isEqualTo(429);
		assertThat(last.errorCode()).isEqualTo("TOO_MANY_ATTEMPTS");

		// Locked until its 24-hour window ends: no new code, verify never succeeds, and
		// revoking (an operator's cleanup) does not hand out a fresh budget.
		assertThat(this.api.verify(victim, second).errorCode()).isEqualTo("CODE_EXPIRED");
		assertThat(revoke(victim).status()).isEqualTo(200);
		Reply refused = this.api.requestCode(victim);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThan(Duration.ofHours(23).toSeconds());
		assertThat(refused.body().path("error").path("retryAfterSeconds").asLong())
			.isGreaterThan(Duration.ofHours(23).toSeconds());
		assertThat(this.api.prometheus()).contains("phoenix_reset_lockouts_total 1.0")
			.contains("phoenix_reset_rate_limited_total{scope=\"budget\"} 1.0");

		// Other addresses are not affected.
		assertThat(this.api.requestCode("bystander@example.com").status()).isEqualTo(202);
	}

	@Test
	void successThenFailureBudgetStartsAgain() {
		String user = "forgetful@example.com";
		String code = requestAndReadCode(user, 1);
		for (int i = 0; i < 3; i++) {
			assertThat(this.api.verify(user, otherThan(code)).errorCode()).isEqualTo("INVALID_CODE");
		}
		assertThat(this.api.verify(user, code).status()).isEqualTo(200);
		String next = requestAndReadCode(user, 2);
		// Budget 7 again, code attempts 5: the code's 4 left is the smaller.
		assertThat(remainingAfterWrong(user, next)).isEqualTo(4);
	}

	@Test
	void fifthCodeOfTheDayThenRateLimitedUntilTheDayEnds() {
		String user = "daily@example.com";
		for (int i = 0; i < 4; i++) {
			assertThat(this.api.requestCode(user).status()).isEqualTo(202);
		}
		Reply fifth = this.api.requestCode(user);
		assertThat(fifth.status()).isEqualTo(429);
		assertThat(fifth.errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(fifth.header("Retry-After"))).isGreaterThan(Duration.ofHours(23).toSeconds());
		assertThat(this.api.prometheus()).contains("phoenix_reset_rate_limited_total{scope=\"email_day\"} 1.0");
	}

	@Test
	void burstOfWrongVerifiesFromOneIpThenExactlyTheCapIsChecked() throws Exception {
		AtomicInteger caller = new AtomicInteger();
		List<Integer> statuses = Concurrently.run(60,
				() -> this.api.verify("burst" + caller.getAndIncrement() + "@example.com", WRONG).status());
		assertThat(statuses.stream().filter((status) -> status != 429).count()).isEqualTo(20);
		assertThat(statuses.stream().filter((status) -> status == 429).count()).isEqualTo(40);
	}

	@Test
	void rightCodeThenItDoesNotCountAgainstItsIp() {
		for (int i = 0; i < 3; i++) {
			String user = "honest" + i + "@example.com";
			String code = requestAndReadCode(user, 1);
			assertThat(this.api.verify(user, code).status()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.redisTemplate.opsForValue().get("reset_code:ip:{127.0.0.1}:v"), "0"::equals);
	}

	@Test
	void ipv6ClientsThenCountedByTheirSlash64() {
		for (int i = 0; i < 20; i++) {
			assertThat(verifyFrom("2001:db8:1:2::" + Integer.toHexString(i + 1), "v6-" + i + "@example.com").status())
				.isNotEqualTo(429);
		}
		assertThat(verifyFrom("2001:db8:1:2:ffff:ffff:ffff:fffe", "v6-next@example.com").status()).isEqualTo(429);
		assertThat(verifyFrom("2001:db8:1:3::1", "v6-other@example.com").status()).isNotEqualTo(429);
		assertThat(this.redisTemplate.hasKey("reset_code:ip:{2001:db8:1:2::/64}:v")).isTrue();
	}

	private Reply verifyFrom(String ip, String address) {
		return this.api.post("/auth/reset-code/verify", Api.json(Map.of("email", address, "code", WRONG)),
				"X-Forwarded-For", ip);
	}

	private int remainingAfterWrong(String address, String code) {
		Reply wrong = this.api.verify(address, otherThan(code));
		assertThat(wrong.errorCode()).isEqualTo("INVALID_CODE");
		return wrong.body().path("error").path("remainingAttempts").asInt();
	}

	private String requestAndReadCode(String address, int mailNumber) {
		assertThat(this.api.requestCode(address).status()).isEqualTo(202);
		return awaitCodeNumber(address, mailNumber);
	}

	private Reply revoke(String address) {
		return this.api.post("/auth/reset-code/revoke", Api.json(Map.of("email", address)), "Authorization",
				"Bearer " + INTERNAL_TOKEN);
	}

	private static String otherThan(String code) {
		return code.equals(WRONG) ? "111111" : WRONG;
	}

}
