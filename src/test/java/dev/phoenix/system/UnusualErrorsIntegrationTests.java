package dev.phoenix.system;

import java.time.Duration;
import java.util.Map;

import dev.phoenix.support.Api;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The error codes no ordinary flow reaches: NOT_ACCEPTABLE and INTERNAL_ERROR, in the
 * envelope.
 */
class UnusualErrorsIntegrationTests extends IntegrationTest {

	@Test
	void acceptOnlyXmlOnTheApiThenJsonAnyway() {
		// The API speaks only JSON and says so, rather than refusing a client that asked
		// badly.
		Reply reply = this.api.post("/auth/reset-code", Api.json(Map.of("email", "xml@example.com")), "Accept",
				"application/xml");
		assertThat(reply.status()).isEqualTo(202);
		assertThat(reply.header("Content-Type")).startsWith("application/json");
	}

	@Test
	void acceptOnlyXmlOnActuatorThenNotAcceptableInTheEnvelope() {
		Reply reply = this.api.get("/actuator/health", "Accept", "application/xml");
		assertThat(reply.status()).isEqualTo(406);
		assertThat(reply.errorCode()).isEqualTo("NOT_ACCEPTABLE");
		assertThat(reply.header("Content-Type")).startsWith("application/json");
	}

	@Test
	void tokenKeyDamagedInRedisThenInternalErrorWithoutInternals() {
		String address = "damaged@example.com";
		assertThat(this.api.requestCode(address).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.mail.messagesTo(address).isEmpty());
		String token = this.api.verify(address, this.mail.latestCodeFor(address)).data().path("resetToken").asString();
		String tokenKey = this.redisTemplate.keys("reset_code:{*}:t:*").iterator().next();
		String stored = this.redisTemplate.opsForValue().get(tokenKey);
		// The token's hash stays, the sealed address does not open any more.
		this.redisTemplate.opsForValue()
			.set(tokenKey,
					stored.substring(0, stored.indexOf(':') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
					Duration.ofMinutes(1));

		Reply reply = this.api.consume(token, INTERNAL_TOKEN);

		assertThat(reply.status()).isEqualTo(500);
		assertThat(reply.errorCode()).isEqualTo("INTERNAL_ERROR");
		assertThat(reply.response().body()).doesNotContain("Exception").doesNotContain("at dev.phoenix");
	}

}
