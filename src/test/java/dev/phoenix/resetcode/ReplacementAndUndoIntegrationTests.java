package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.UUID;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replacing a code, the hourly cap of an address, undoing an address change that a per-IP
 * cap refused, the bucket's cleanup, and a reset token's life (2 s here); no resend
 * cooldown, codes live their usual ten minutes, so no step races a code's life.
 */
@TestPropertySource(properties = { "phoenix.reset-code.resend-cooldown=0", "phoenix.reset-code.token-ttl=2s" })
class ReplacementAndUndoIntegrationTests extends IntegrationTest {

	/**
	 * One address per test: a mail of an earlier test's address, sent after the mailbox
	 * was emptied, must not be taken for this test's.
	 */
	private final String address = "undo-" + UUID.randomUUID() + "@example.com";

	@Test
	void verifyWhenCodeReplacedThenOldCodeFailsAndAttemptsStartAgain() {
		this.api.requestCode(this.address);
		String first = awaitCodeNumber(this.address, 1);
		this.api.verify(this.address, ResetFlowIntegrationTests.wrongCode(first));
		this.api.requestCode(this.address);
		String second = awaitCodeNumber(this.address, 2);

		if (!first.equals(second)) {
			Reply old = this.api.verify(this.address, first);
			assertThat(old.errorCode()).isEqualTo("INVALID_CODE");
			assertThat(old.body().path("error").path("remainingAttempts").asInt()).isEqualTo(4);
		}
		assertThat(this.api.verify(this.address, second).status()).isEqualTo(200);
	}

	@Test
	void requestCodeWhenAddressCapReachedThenRateLimitedUntilHourEnds() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.requestCode(this.address).status()).isEqualTo(202);
		}
		Reply refused = this.api.requestCode(this.address);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3500L, 3600L);
	}

	@Test
	void requestCodeWhenIpCapRefusesThenPendingCodeOfThatAddressKept() {
		assertThat(this.api.requestCode(this.address).status()).isEqualTo(202);
		String code = awaitCodeNumber(this.address, 1);
		for (int i = 0; i < 19; i++) {
			assertThat(this.api.requestCode("other" + i + "@example.com").status()).isEqualTo(202);
		}
		// The 21st request from this IP: the address script ran in the same round trip,
		// and must have been undone.
		assertThat(this.api.requestCode(this.address).status()).isEqualTo(429);
		assertThat(this.api.verify(this.address, code).status()).isEqualTo(200);
	}

	@Test
	void requestCodeWhenBucketHoldsDeadAddressThenItIsDropped() {
		this.api.requestCode(this.address);
		String bucket = inspect(this.address).path("key").asString();
		long now = System.currentTimeMillis();
		// Other addresses of the same bucket (layout in state.lua): one whose hourly
		// window
		// ended two hours ago and whose daily window ended an hour ago; one issued just
		// now;
		// one whose hour is over but whose failures still count for the rest of its day;
		// and
		// one in a layout no script writes any more.
		String dead = (now - 7_200_000) + ":1:60000:82800000:1:0:600000:5:AAAAAAAAAAAA";
		String live = now + ":1:60000:0:1:0:600000:5:BBBBBBBBBBBB";
		String failuresToday = (now - 7_200_000) + ":0:0:0:0:3";
		String oldLayout = (now - 60_000) + ":1:60000:600000:5:CCCCCCCCCCCC";
		this.redisTemplate.opsForHash().put(bucket, "deadaddress000", dead);
		this.redisTemplate.opsForHash().put(bucket, "liveaddress000", live);
		this.redisTemplate.opsForHash().put(bucket, "failedtoday000", failuresToday);
		this.redisTemplate.opsForHash().put(bucket, "oldlayout00000", oldLayout);

		assertThat(this.api.requestCode(this.address).status()).isEqualTo(202);

		assertThat(this.redisTemplate.opsForHash().hasKey(bucket, "deadaddress000")).isFalse();
		assertThat(this.redisTemplate.opsForHash().hasKey(bucket, "oldlayout00000")).isFalse();
		assertThat(this.redisTemplate.opsForHash().get(bucket, "liveaddress000")).isEqualTo(live);
		assertThat(this.redisTemplate.opsForHash().get(bucket, "failedtoday000")).isEqualTo(failuresToday);
		assertThat(this.redisTemplate.getExpire(bucket)).isPositive();
	}

	@Test
	void consumeWhenTokenLifeOverThenInvalidToken() {
		this.api.requestCode(this.address);
		String code = awaitCodeNumber(this.address, 1);
		String token = this.api.verify(this.address, code).data().path("resetToken").asString();
		assertThat(inspect(this.address).path("resetTokenPending").asBoolean()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !inspect(this.address).path("resetTokenPending").asBoolean());
		assertThat(this.api.consume(token, INTERNAL_TOKEN).errorCode()).isEqualTo("INVALID_TOKEN");
	}

}
