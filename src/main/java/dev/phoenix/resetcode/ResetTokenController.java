package dev.phoenix.resetcode;

import dev.phoenix.resetcode.ResetCodeRequests.CodeRequest;
import dev.phoenix.resetcode.ResetCodeRequests.TokenRequest;
import dev.phoenix.resetcode.ResetCodeStore.PendingState;
import dev.phoenix.resetcode.ResetCodeStore.Redemption;
import dev.phoenix.system.ApiResponse;
import dev.phoenix.system.Envelopes;
import dev.phoenix.system.ErrorCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal endpoints, behind {@code INTERNAL_API_TOKEN} ({@link InternalCaller}): the
 * password service redeems a reset token; operators inspect or revoke one address without
 * enumerating keys.
 */
@RestController
class ResetTokenController {

	private final ResetCodeService resetCodes;

	private final Envelopes envelopes;

	ResetTokenController(ResetCodeService resetCodes, Envelopes envelopes) {
		this.resetCodes = resetCodes;
		this.envelopes = envelopes;
	}

	@PostMapping(path = "/auth/reset-token/consume", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<? extends ApiResponse<?>> consume(@RequestBody TokenRequest request) {
		Redemption redemption = this.resetCodes.redeem(request.token());
		if (redemption instanceof Redemption.Redeemed redeemed) {
			return this.envelopes.ok(HttpStatus.OK, new TokenConsumed(redeemed.address().value()),
					"reset-token.consumed");
		}
		return this.envelopes.error(ErrorCode.INVALID_TOKEN);
	}

	@PostMapping(path = "/auth/reset-code/inspect", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ApiResponse<AddressState>> inspect(@RequestBody CodeRequest request) {
		EmailAddress address = request.address();
		AddressState state = this.resetCodes.inspect(address)
			.map((pending) -> AddressState.of(this.resetCodes.storeKey(address), pending))
			.orElseGet(() -> AddressState.empty(this.resetCodes.storeKey(address)));
		return this.envelopes.ok(HttpStatus.OK, state, "reset-code.inspected");
	}

	@PostMapping(path = "/auth/reset-code/revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ApiResponse<Revoked>> revoke(@RequestBody CodeRequest request) {
		boolean revoked = this.resetCodes.revoke(request.address());
		return this.envelopes.ok(HttpStatus.OK, new Revoked(revoked), "reset-code.revoked");
	}

	record TokenConsumed(String email) {
	}

	record Revoked(boolean revoked) {
	}

	record AddressState(String key, boolean codePending, int attemptsLeft, long codeExpiresInSeconds,
			long resendAvailableInSeconds, int codesThisHour, int codesToday, int failuresToday,
			boolean resetTokenPending) {

		static AddressState of(String key, PendingState state) {
			return new AddressState(key, state.codePending(), state.attemptsLeft(), state.codeExpiresIn().toSeconds(),
					state.resendAvailableIn().toSeconds(), state.codesThisWindow(), state.codesToday(),
					state.failuresToday(), state.resetTokenPending());
		}

		static AddressState empty(String key) {
			return new AddressState(key, false, 0, 0, 0, 0, 0, 0, false);
		}

	}

}
