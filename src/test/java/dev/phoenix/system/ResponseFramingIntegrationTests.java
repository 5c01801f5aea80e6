package dev.phoenix.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers go out whole, with their length ({@link DeferredFlushFilter}): not chunked, so
 * the server writes each in one go; one larger than the server's buffer still arrives
 * whole.
 */
class ResponseFramingIntegrationTests extends IntegrationTest {

	@Test
	void answerWhenSmallThenSentWithItsLengthNotChunked() {
		assertSentWhole(this.api.requestCode("framing@example.com"), 202);
		assertSentWhole(this.api.post("/auth/reset-code", "{\"email\":"), 400);
		assertSentWhole(this.api.get("/actuator/health/liveness"), 200);
	}

	@Test
	void answerWhenLargerThanTheServersBufferThenArrivesWhole() throws IOException {
		Reply bundle = this.api.get("/swagger-ui/swagger-ui-bundle.js");
		assertThat(bundle.status()).isEqualTo(200);
		Resource served = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:META-INF/resources/webjars/swagger-ui/*/swagger-ui-bundle.js")[0];
		String expected = served.getContentAsString(StandardCharsets.UTF_8);
		assertThat(expected.length()).isGreaterThan(64 * 1024);
		assertThat(bundle.response().body()).isEqualTo(expected);
	}

	private static void assertSentWhole(Reply reply, int status) {
		assertThat(reply.status()).isEqualTo(status);
		assertThat(reply.response().headers().firstValue("Transfer-Encoding")).isEmpty();
		assertThat(reply.response().headers().firstValueAsLong("Content-Length"))
			.hasValue(reply.response().body().getBytes(StandardCharsets.UTF_8).length);
	}

}
