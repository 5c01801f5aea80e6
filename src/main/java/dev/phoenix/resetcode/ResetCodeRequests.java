package dev.phoenix.resetcode;

import java.util.ArrayList;
import java.util.List;

import dev.phoenix.system.ApiError.FieldProblem;
import dev.phoenix.system.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * Request bodies of the reset endpoints, and their checks. Fields are nullable so that a
 * missing field is reported by name rather than as unreadable JSON.
 */
final class ResetCodeRequests {

	private ResetCodeRequests() {
	}

	record CodeRequest(@Nullable String email) {

		EmailAddress address() {
			return requireAddress(this.email, new ArrayList<>());
		}

	}

	record VerifyRequest(@Nullable String email, @Nullable String code) {

		EmailAddress address(CodeGenerator codes) {
			List<FieldProblem> problems = new ArrayList<>();
			if (this.code == null) {
				problems.add(new FieldProblem("code", "is required"));
			}
			else if (!codes.isWellFormed(this.code)) {
				problems.add(new FieldProblem("code", "must be " + codes.length() + " digits"));
			}
			return requireAddress(this.email, problems);
		}

	}

	record TokenRequest(@Nullable String resetToken) {

		String token() {
			if (this.resetToken == null || this.resetToken.isBlank()) {
				throw InvalidRequestException.field("resetToken", "is required");
			}
			return this.resetToken;
		}

	}

	private static EmailAddress requireAddress(@Nullable String email, List<FieldProblem> problems) {
		EmailAddress address = null;
		if (email == null) {
			problems.add(new FieldProblem("email", "is required"));
		}
		else {
			EmailAddress.Parsed parsed = EmailAddress.parse(email);
			if (parsed.problem() != null) {
				problems.add(new FieldProblem("email", parsed.problem()));
			}
			else if (problems.isEmpty()) {
				address = parsed.address();
			}
		}
		if (!problems.isEmpty() || address == null) {
			throw new InvalidRequestException(problems);
		}
		return address;
	}

}
