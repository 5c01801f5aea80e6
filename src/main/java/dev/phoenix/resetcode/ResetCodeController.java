package dev.phoenix.resetcode;

import java.util.Locale;

import dev.phoenix.resetcode.ResetCodeRequests.CodeRequest;
import dev.phoenix.resetcode.ResetCodeRequests.VerifyRequest;
import dev.phoenix.resetcode.ResetCodeService.VerifyResult;
import dev.phoenix.resetcode.ResetCodeStore.Issuance;
import dev.phoenix.resetcode.ResetCodeStore.Verification;
import dev.phoenix.system.ApiResponse;
import dev.phoenix.system.Envelopes;
import dev.phoenix.system.ErrorCode;
import dev.phoenix.system.PhoenixException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The frontend's endpoints: request a code, verify it. The answer to a code request is
 * the same for every well-formed address, so it reveals nothing about accounts.
 */
@RestController
class ResetCodeController {

	private final ResetCodeService resetCodes;

	private final CodeGenerator codes;

	private final ResetCodeProperties properties;

	private final Envelopes envelopes;

	ResetCodeController(ResetCodeService resetCodes, CodeGenerator codes, ResetCodeProperties properties,
			Envelopes envelopes) {
		this.resetCodes = resetCodes;
		this.codes = codes;
		this.properties = properties;
		this.envelopes = envelopes;
	}

	@PostMapping(path = "/auth/reset-code", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<? extends ApiResponse<?>> requestCode(@RequestBody CodeRequest request,
			HttpServletRequest servletRequest, Locale locale) {
		Issuance issuance = this.resetCodes.issue(request.address(), servletRequest.getRemoteAddr(), locale);
		if (issuance instanceof Issuance.Refused refused) {
			return this.envelopes.error(PhoenixException.rateLimited(refused.retryAfter()));
		}
		CodeIssued issued = new CodeIssued(this.properties.ttl().toSeconds(),
				this.properties.resendCooldown().toSeconds());
		return this.envelopes.ok(HttpStatus.ACCEPTED, issued, "reset-code.issued");
	}

	@PostMapping(path = "/auth/reset-code/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<? extends ApiResponse<?>> verify(@RequestBody VerifyRequest request,
			HttpServletRequest servletRequest) {
		EmailAddress address = request.address(this.codes);
		VerifyResult result = this.resetCodes.verify(address, request.code(), servletRequest.getRemoteAddr());
		Verification verification = result.verification();
		if (verification instanceof Verification.Mismatch mismatch) {
			return this.envelopes.error(PhoenixException.invalidCode(mismatch.remainingAttempts()));
		}
		if (verification instanceof Verification.Exhausted) {
			return this.envelopes.error(ErrorCode.TOO_MANY_ATTEMPTS);
		}
		if (verification instanceof Verification.Expired) {
			return this.envelopes.error(ErrorCode.CODE_EXPIRED);
		}
		if (verification instanceof Verification.Refused refused) {
			return this.envelopes.error(PhoenixException.rateLimited(refused.retryAfter()));
		}
		CodeVerified verified = new CodeVerified(result.resetToken().orElseThrow(),
				this.properties.tokenTtl().toSeconds());
		return this.envelopes.ok(HttpStatus.OK, verified, "reset-code.verified");
	}

	record CodeIssued(long expiresInSeconds, long resendAvailableInSeconds) {
	}

	record CodeVerified(String resetToken, long expiresInSeconds) {

		@Override
		public String toString() {
			return "CodeVerified[expiresInSeconds=" + this.expiresInSeconds + "]";
		}

	}

}
