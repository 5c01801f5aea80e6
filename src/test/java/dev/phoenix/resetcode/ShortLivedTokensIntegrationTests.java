package dev.phoenix.resetcode;

import java.time.Duration;

import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reset token's life, short enough to watch pass; the code lives its usual ten minutes.
 */
@TestPropertySource(properties = "phoenix.reset-code.token-ttl=2s")
class ShortLivedTokensIntegrationTests extends IntegrationTest {

	private static final String ADDRESS = "short@example.com";

	@Test
	void consumeWhenTokenLifeOverThenInvalidToken() {
		this.api.requestCode(ADDRESS);
		String code = awaitCodeNumber(ADDRESS, 1);
		String token = this.api.verify(ADDRESS, code).data().path("resetToken").asString();
		assertThat(inspect(ADDRESS).path("resetTokenPending").asBoolean()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !inspect(ADDRESS).path("resetTokenPending").asBoolean());
		assertThat(this.api.consume(token, INTERNAL_TOKEN).errorCode()).isEqualTo("INVALID_TOKEN");
	}

}
