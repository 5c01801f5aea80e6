package dev.phoenix.system;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiIntegrationTests extends IntegrationTest {

	@Test
	void apiDocsWhenFetchedThenEveryEndpointWithContractErrors() {
		Reply docs = this.api.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.body().path("paths");
		assertThat(paths.propertyNames()).contains("/auth/reset-code", "/auth/reset-code/verify",
				"/auth/reset-token/consume", "/auth/redis/health");
		JsonNode verify = paths.path("/auth/reset-code/verify").path("post").path("responses");
		assertThat(verify.path("429").path("content").path("application/json").path("examples").propertyNames())
			.contains("TOO_MANY_ATTEMPTS", "RATE_LIMITED");
		assertThat(verify.path("400").path("content").path("application/json").path("examples").propertyNames())
			.contains("INVALID_REQUEST", "INVALID_CODE", "CODE_EXPIRED");
		assertThat(paths.path("/auth/reset-token/consume").path("post").path("responses").has("401")).isTrue();
		assertThat(docs.body().path("components").path("schemas").path("ErrorCode").path("enum").toString())
			.contains("STORE_UNAVAILABLE", "INTERNAL_ERROR");
		assertThat(this.api.get("/swagger-ui/index.html").status()).isEqualTo(200);
	}

}
