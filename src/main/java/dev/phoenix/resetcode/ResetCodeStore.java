package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.Optional;

/**
 * Where codes, attempts, limits and reset tokens live. Each call is one atomic state change
 * (one round trip), safe against any number of concurrent callers and service instances.
 * Every failure to reach the store is a {@link StoreUnavailableException}.
 */
public interface ResetCodeStore {

	/**
	 * Replaces the address's pending code with {@code codeHash} unless the cooldown, the
	 * address's hourly cap or the client IP's hourly cap says no.
	 */
	Issuance issue(String addressKeyId, String codeHash, String clientIp);

	/**
	 * Checks {@code codeHash} against the pending code: a match removes the code and stores
	 * {@code tokenHash} for {@code address}; a mismatch uses up one attempt.
	 */
	Verification verify(String addressKeyId, String codeHash, String tokenHash, EmailAddress address,
			String clientIp);

	/** Whether {@code codeHash} is still the address's pending, unexpired code. */
	boolean isPending(String addressKeyId, String codeHash);

	/** Removes the reset token if it is the one stored and still alive. */
	Redemption redeem(String addressKeyId, String tokenHash);

	/** What is stored for an address, without any secret. */
	Optional<PendingState> inspect(String addressKeyId);

	/** Removes everything stored for an address; true if there was something. */
	boolean revoke(String addressKeyId);

	/** The Redis key that holds an address's state (shared with other addresses), for operators. */
	String describeKey(String addressKeyId);

	enum LimitScope {

		COOLDOWN, EMAIL, IP, VERIFY_IP;

		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	sealed interface Issuance {

		/** Issued; {@code withdrawal} takes the code back if its mail cannot be queued. */
		record Issued(Withdrawal withdrawal) implements Issuance {
		}

		@FunctionalInterface
		interface Withdrawal {

			/** Puts the address's state back as it was before, if nothing changed it since. */
			void withdraw();

		}

		record Refused(LimitScope scope, Duration retryAfter) implements Issuance {
		}

	}

	sealed interface Verification {

		record Verified() implements Verification {
		}

		record Mismatch(int remainingAttempts) implements Verification {
		}

		record Exhausted() implements Verification {
		}

		record Expired() implements Verification {
		}

		record Refused(Duration retryAfter) implements Verification {
		}

	}

	sealed interface Redemption {

		record Redeemed(EmailAddress address) implements Redemption {
		}

		record Invalid() implements Redemption {
		}

	}

	record PendingState(boolean codePending, int attemptsLeft, Duration codeExpiresIn, Duration resendAvailableIn,
			int codesThisWindow, boolean resetTokenPending) {
	}

}
