package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.Locale;

/**
 * Sends a code to its address. Must return at once: delivery, retries and failures happen
 * off the caller's thread. Only accepting the mail can fail, with
 * {@link StoreUnavailableException}: then nothing of it was kept.
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
