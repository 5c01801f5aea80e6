package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.Locale;

import dev.phoenix.resetcode.ResetCodeStore.PendingCode;

/**
 * Sends a code to its address. Must return at once: delivery, retries and failures happen
 * off the caller's thread. Only accepting the mail can fail, with
 * {@link StoreUnavailableException}: then nothing of it was kept.
 */
public interface ResetCodeMailer {

	/**
	 * Queues {@code mail}; {@code pending} is its code as the store keeps it (the
	 * address's key id and the code's hash), so that a stale mail can be recognized
	 * before it is sent.
	 */
	void send(ResetCodeMail mail, PendingCode pending);

	record ResetCodeMail(EmailAddress to, String code, Duration validFor, Locale locale) {

		@Override
		public String toString() {
			return "ResetCodeMail[to=" + this.to.masked() + ", locale=" + this.locale + "]";
		}

	}

}
