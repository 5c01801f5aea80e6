package dev.phoenix.system;

import java.net.http.HttpRequest;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the frontend's origins (dev defaults here) may call the API from a browser. */
class CorsIntegrationTests extends IntegrationTest {

	@Test
	void preflightWhenOriginAllowedThenAllowOriginAndContentType() {
		Reply reply = preflight("http://localhost:5173");
		assertThat(reply.status()).isIn(200, 204);
		assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
		assertThat(reply.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
	}

	@Test
	void preflightWhenOriginUnknownThenNoAllowOrigin() {
		Reply reply = preflight("https://evil.example");
		assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.errorCode()).isEqualTo("FORBIDDEN_ORIGIN");
	}

	@Test
	void requestWhenOriginAllowedThenAllowOriginOnAnswer() {
		Reply reply = this.api.post("/auth/reset-code", "{\"email\":\"cors@example.com\"}", "Origin",
				"http://localhost:3000");
		assertThat(reply.status()).isEqualTo(202);
		assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
	}

	private Reply preflight(String origin) {
		return this.api.send(HttpRequest.newBuilder(this.api.uri("/auth/reset-code"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type"));
	}

}
