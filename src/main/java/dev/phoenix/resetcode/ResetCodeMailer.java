package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.Locale;

import dev.phoenix.resetcode.ResetCodeStore.PendingCode;

/**
 * Sends a code to its address through the outbox: the mail is sealed here and queued by
 * {@link ResetCodeStore#issue} together with its code, as one change. Delivery, retries
 * and failures happen later, off the caller's thread.
 */
public interface ResetCodeMailer {

	/**
	 * {@code mail} as the outbox keeps it; {@code pending} is its code as the store keeps
	 * it (the address's key id and the code's hash), so that a stale mail can be
	 * recognized before it is sent.
	 */
	QueuedMail seal(ResetCodeMail mail, PendingCode pending);

	/**
	 * Told whether the outbox took a sealed mail, or refused it because it was full.
	 */
	void queued(boolean accepted);

	record ResetCodeMail(EmailAddress to, String code, Duration validFor, Locale locale) {

		@Override
		public String toString() {
			return "ResetCodeMail[to=" + this.to.masked() + ", locale=" + this.locale + "]";
		}

	}

	/**
	 * A sealed mail and the outbox's bounds: it holds at most {@code maxDepth}
	 * undelivered mails ({@code OUTBOX_MAX_DEPTH}), and lives {@code keepFor} after its
	 * last write.
	 */
	record QueuedMail(PendingCode code, String sealed, long maxDepth, Duration keepFor) {

		@Override
		public String toString() {
			return "QueuedMail[" + this.code.addressKeyId() + "]";
		}

	}

}
