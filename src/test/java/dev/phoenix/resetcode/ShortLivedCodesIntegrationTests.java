package dev.phoenix.resetcode;

import java.time.Duration;

import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A code's life, short enough to watch pass. Nothing here races the code's life: the test
 * waits for the expiry, whenever the mail arrived.
 */
@TestPropertySource(properties = { "phoenix.reset-code.ttl=2s", "phoenix.reset-code.resend-cooldown=0" })
class ShortLivedCodesIntegrationTests extends IntegrationTest {

	private static final String ADDRESS = "short@example.com";

	@Test
	void verifyWhenCodeLifeOverThenCodeExpired() {
		this.api.requestCode(ADDRESS);
		String code = awaitCodeNumber(ADDRESS, 1);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> "CODE_EXPIRED".equals(this.api.verify(ADDRESS, code).errorCode()));
	}

}
