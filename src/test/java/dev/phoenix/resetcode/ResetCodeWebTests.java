package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.Optional;

import dev.phoenix.resetcode.ResetCodeService.VerifyResult;
import dev.phoenix.resetcode.ResetCodeStore.Issuance;
import dev.phoenix.resetcode.ResetCodeStore.LimitScope;
import dev.phoenix.resetcode.ResetCodeStore.Redemption;
import dev.phoenix.resetcode.ResetCodeStore.Verification;
import dev.phoenix.system.CorsProperties;
import dev.phoenix.system.Envelopes;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

/**
 * The web layer alone: each outcome of the service becomes the contract's status, error
 * code and fields, and an unexpected failure a 500 without internals. The service is a
 * stand-in here; the integration tests run the same paths on real Redis and SMTP.
 */
@ActiveProfiles("dev")
@WebMvcTest(controllers = { ResetCodeController.class, ResetTokenController.class })
@Import({ Envelopes.class, CodeGenerator.class, InternalCaller.class })
@EnableConfigurationProperties({ ResetCodeProperties.class, SecretsProperties.class, CorsProperties.class })
@TestPropertySource(properties = { "phoenix.secrets.reset-code-secret=web-slice-secret-0123456789-0123456789",
		"phoenix.secrets.internal-api-token=web-slice-internal-token", "spring.messages.basename=messages",
		"spring.messages.fallback-to-system-locale=false" })
class ResetCodeWebTests {

	private static final String BODY = "{\"email\":\"user@example.com\",\"code\":\"123456\"}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ResetCodeService resetCodes;

	@Test
	void issuedThen202WithLifetimes() {
		given(this.resetCodes.issue(any(), anyString(), any())).willReturn(new Issuance.Issued());
		assertThat(post("/auth/reset-code", BODY)).hasStatus(202)
			.bodyJson()
			.extractingPath("$.data.expiresInSeconds")
			.isEqualTo(600);
	}

	@Test
	void refusedByALimitThen429WithRetryAfter() {
		given(this.resetCodes.issue(any(), anyString(), any()))
			.willReturn(new Issuance.Refused(LimitScope.BUDGET, Duration.ofMillis(86_399_001)));
		MvcTestResult result = post("/auth/reset-code", BODY);
		assertThat(result).hasStatus(429).hasHeader("Retry-After", "86400");
		assertThat(result).bodyJson().extractingPath("$.error.code").isEqualTo("RATE_LIMITED");
		assertThat(result).bodyJson().extractingPath("$.error.retryAfterSeconds").isEqualTo(86400);
	}

	@Test
	void eachVerificationOutcomeThenItsStatusAndCode() {
		expectVerify(new Verification.Mismatch(2), 400, "INVALID_CODE");
		expectVerify(new Verification.Exhausted(true), 429, "TOO_MANY_ATTEMPTS");
		expectVerify(new Verification.Expired(), 400, "CODE_EXPIRED");
		expectVerify(new Verification.Refused(Duration.ofSeconds(30)), 429, "RATE_LIMITED");
	}

	@Test
	void verifiedThenTokenAndNoStore() {
		given(this.resetCodes.verify(any(), anyString(), anyString()))
			.willReturn(new VerifyResult(new Verification.Verified(0), Optional.of("id.secret")));
		MvcTestResult result = post("/auth/reset-code/verify", BODY);
		assertThat(result).hasStatus(200).hasHeader("Cache-Control", "no-store");
		assertThat(result).bodyJson().extractingPath("$.data.resetToken").isEqualTo("id.secret");
	}

	@Test
	void storeUnavailableThen503() {
		given(this.resetCodes.issue(any(), anyString(), any()))
			.willThrow(new StoreUnavailableException("timeout", new IllegalStateException("Redis timed out")));
		MvcTestResult result = post("/auth/reset-code", BODY);
		assertThat(result).hasStatus(503);
		assertThat(result).bodyJson().extractingPath("$.error.code").isEqualTo("STORE_UNAVAILABLE");
	}

	@Test
	void unexpectedFailureThen500WithoutInternals() throws Exception {
		given(this.resetCodes.redeem(anyString())).willThrow(new IllegalStateException("secret internals"));
		MvcTestResult result = this.mvc.post()
			.uri("/auth/reset-token/consume")
			.header("Authorization", "Bearer web-slice-internal-token")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"resetToken\":\"a.b\"}")
			.exchange();
		assertThat(result).hasStatus(500);
		assertThat(result).bodyJson().extractingPath("$.error.code").isEqualTo("INTERNAL_ERROR");
		assertThat(result.getResponse().getContentAsString()).doesNotContain("secret internals")
			.doesNotContain("IllegalStateException");
	}

	@Test
	void consumeWithoutTheBearerThen401AndServiceNotAsked() {
		given(this.resetCodes.redeem(anyString())).willReturn(new Redemption.Invalid());
		MvcTestResult result = this.mvc.post()
			.uri("/auth/reset-token/consume")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"resetToken\":\"a.b\"}")
			.exchange();
		assertThat(result).hasStatus(401).hasHeader("WWW-Authenticate", "Bearer");
		assertThat(result).bodyJson().extractingPath("$.error.code").isEqualTo("UNAUTHORIZED");
	}

	@Test
	void acceptOnlyXmlThenJsonAnywayAndWrongContentTypeThen415() {
		given(this.resetCodes.issue(any(), anyString(), any())).willReturn(new Issuance.Issued());
		assertThat(this.mvc.post()
			.uri("/auth/reset-code")
			.accept(MediaType.APPLICATION_XML)
			.contentType(MediaType.APPLICATION_JSON)
			.content(BODY)
			.exchange()).hasStatus(202).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		MvcTestResult wrongType = this.mvc.post()
			.uri("/auth/reset-code")
			.contentType(MediaType.TEXT_PLAIN)
			.content(BODY)
			.exchange();
		assertThat(wrongType).hasStatus(415);
		assertThat(wrongType).bodyJson().extractingPath("$.error.code").isEqualTo("UNSUPPORTED_MEDIA_TYPE");
	}

	private void expectVerify(Verification outcome, int status, String code) {
		given(this.resetCodes.verify(any(), anyString(), anyString()))
			.willReturn(new VerifyResult(outcome, Optional.empty()));
		MvcTestResult result = post("/auth/reset-code/verify", BODY);
		assertThat(result).hasStatus(status);
		assertThat(result).bodyJson().extractingPath("$.error.code").isEqualTo(code);
	}

	private MvcTestResult post(String path, String body) {
		return this.mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

}
