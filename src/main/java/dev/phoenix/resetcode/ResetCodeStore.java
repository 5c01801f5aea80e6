package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

import dev.phoenix.resetcode.ResetCodeMailer.QueuedMail;

/**
 * Where codes, attempts, limits, reset tokens and the codes' queued mails live. Each call
 * is one atomic state change (one round trip; in a Redis Cluster a code request's mail
 * follows in a second), safe against any number of concurrent callers and service
 * instances. Every failure to reach the store is a {@link StoreUnavailableException}.
 */
public interface ResetCodeStore {

	/**
	 * Replaces the address's pending code with {@code mail}'s and queues the mail, unless
	 * the cooldown, the address's hourly or daily cap, its failure budget or the client
	 * IP's hourly cap says no, or the outbox is full. A refused request changes nothing
	 * but the IP's count (none when the outbox was full).
	 */
	Issuance issue(QueuedMail mail, String clientIp);

	/**
	 * Checks a code against the address's pending code, counting the try against the
	 * client IP's cap in the same round trip: a match removes the code and stores the
	 * token; a mismatch uses up one attempt of the code and one of the address's daily
	 * budget. The first check runs; a later one (the previous secret's, during a
	 * rotation) only if the earlier found no pending code.
	 */
	Verification verify(List<CodeCheck> checks, String clientIp);

	/**
	 * For each code, whether it is still its address's pending, unexpired code; in one
	 * round trip for all.
	 */
	List<Boolean> arePending(List<PendingCode> codes);

	/**
	 * Removes the reset token if one of {@code tokenHashes} is the one stored and still
	 * alive; the sealed address it was stored with.
	 */
	Optional<String> redeem(String addressKeyId, List<String> tokenHashes);

	/** What is stored for an address, without any secret. */
	Optional<PendingState> inspect(String addressKeyId);

	/**
	 * Removes an address's code and reset token, keeping its limits; true if there was
	 * one.
	 */
	boolean revoke(String addressKeyId);

	/**
	 * The Redis key that holds an address's state (shared with other addresses), for
	 * operators.
	 */
	String describeKey(String addressKeyId);

	enum LimitScope {

		COOLDOWN, EMAIL, EMAIL_DAY, BUDGET, IP, VERIFY_IP;

		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	sealed interface Issuance {

		/** Issued, and its mail queued. */
		record Issued() implements Issuance {
		}

		/**
		 * The outbox holds {@code OUTBOX_MAX_DEPTH} undelivered mails: nothing issued.
		 */
		record QueueFull() implements Issuance {
		}

		record Refused(LimitScope scope, Duration retryAfter) implements Issuance {
		}

	}

	sealed interface Verification {

		/** The code of {@code checks.get(check)} was right. */
		record Verified(int check) implements Verification {
		}

		record Mismatch(int remainingAttempts) implements Verification {
		}

		/**
		 * That was the last try; {@code addressLocked}: the address's daily failure
		 * budget ran out.
		 */
		record Exhausted(boolean addressLocked) implements Verification {
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

	/**
	 * One way to check a code: under the current secret, or during a rotation the
	 * previous one. The token and the sealed address are stored if the code is right.
	 */
	record CodeCheck(String addressKeyId, String codeHash, String tokenHash, String sealedAddress) {
	}

	record PendingCode(String addressKeyId, String codeHash) {
	}

	record PendingState(boolean codePending, int attemptsLeft, Duration codeExpiresIn, Duration resendAvailableIn,
			int codesThisWindow, int codesToday, int failuresToday, boolean resetTokenPending) {
	}

}
