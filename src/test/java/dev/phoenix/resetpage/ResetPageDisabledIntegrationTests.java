package dev.phoenix.resetpage;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turned off ({@code RESET_UI_ENABLED=false}, prod's default), the page and each of its
 * assets answer 404 in the envelope, never HTML, whatever the browser asks for.
 */
@TestPropertySource(properties = "phoenix.reset-ui.enabled=false")
class ResetPageDisabledIntegrationTests extends IntegrationTest {

	@ParameterizedTest
	@ValueSource(strings = { "/reset", "/reset/", "/reset/index.html", "/reset/phoenix-reset.js",
			"/reset/reset-page.js", "/reset/reset.css", "/reset/icon.svg", "/reset;x=1" })
	void getWhenDisabledThenNotFoundEnvelope(String path) {
		Reply reply = this.api.get(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
		assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
		assertThat(reply.body().path("success").asBoolean(true)).isFalse();
		assertThat(reply.errorCode()).isEqualTo("NOT_FOUND");
	}

	/** Spellings Jetty finds ambiguous are refused before any filter or handler runs. */
	@ParameterizedTest
	@ValueSource(strings = { "/reset/..;/reset", "/x/..;/reset/index.html", "/reset/%2e%2e/reset" })
	void getWhenPathAmbiguousThenInvalidRequestEnvelope(String path) {
		Reply reply = this.api.get(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
		assertThat(reply.errorCode()).isEqualTo("INVALID_REQUEST");
		assertThat(reply.response().body()).doesNotContain("<html");
	}

}
