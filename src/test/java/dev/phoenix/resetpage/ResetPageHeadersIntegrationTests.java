package dev.phoenix.resetpage;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the page and its assets are served with (the dev profile turns the page on): a
 * strict CSP, {@code no-store}, the right types; and the template is never served raw.
 */
class ResetPageHeadersIntegrationTests extends IntegrationTest {

	@ParameterizedTest
	@CsvSource({ "/reset, text/html;charset=UTF-8", "/reset/index.html, text/html;charset=UTF-8",
			"/reset/phoenix-reset.js, text/javascript", "/reset/reset-page.js, text/javascript",
			"/reset/reset.css, text/css", "/reset/icon.svg, image/svg+xml" })
	void getWhenEnabledThenStrictHeaders(String path, String contentType) {
		Reply reply = this.api.get(path);
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.header("Content-Type")).startsWith(contentType);
		assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
		assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(reply.header("Content-Security-Policy")).startsWith("default-src 'none'; script-src 'self'; ")
			.contains("form-action 'self';")
			.doesNotContain("unsafe");
	}

	@Test
	void getWhenNoNextUrlThenPageNamesNone() {
		String page = this.api.get("/reset").response().body();
		assertThat(page).contains("<meta name=\"phoenix-next-url\" content=\"\">")
			.contains("<script type=\"module\" src=\"/reset/reset-page.js\"></script>")
			.doesNotContain("style=")
			.doesNotContainPattern("<script>");
	}

	@Test
	void apiDocsWhenPageOnThenPageNotListed() {
		Reply docs = this.api.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.body().path("paths").propertyNames()).contains("/auth/reset-code")
			.noneMatch((path) -> path.startsWith("/reset"));
	}

	@Test
	void postWhenPageThenMethodNotAllowedEnvelope() {
		Reply reply = this.api.post("/reset", "{}");
		assertThat(reply.status()).isEqualTo(405);
		assertThat(reply.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
	}

}
