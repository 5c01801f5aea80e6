package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.Locale;

/**
 * Sends a code to its address. Must return at once: delivery, retries and failures happen
 * off the caller's thread, and never fail the caller.
 */
public interface ResetCodeMailer {

	void send(ResetCodeMail mail);

	record ResetCodeMail(EmailAddress to, String code, Duration validFor, Locale locale) {

		@Override
		public String toString() {
			return "ResetCodeMail[to=" + this.to.masked() + ", locale=" + this.locale + "]";
		}

	}

}
