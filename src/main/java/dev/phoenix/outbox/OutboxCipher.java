package dev.phoenix.outbox;

import java.time.Duration;
import java.util.Locale;

import dev.phoenix.resetcode.EmailAddress;
import dev.phoenix.resetcode.KeyRing;
import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import dev.phoenix.resetcode.SecretKeys.Purpose;
import dev.phoenix.resetcode.Sealer;

import org.springframework.stereotype.Component;

/**
 * Seals an outbox job (address, code, language, validity) with AES-256-GCM, so no code or
 * address sits in plain text in Redis, and a tampered or foreign job fails to open. The
 * key is the outbox's own, derived from {@code RESET_CODE_SECRET}; jobs sealed before a
 * rotation still open while {@code RESET_CODE_SECRET_PREVIOUS} is set. The job's address
 * key id and code hash are bound in as associated data.
 */
@Component
final class OutboxCipher {

	private final Sealer sealer;

	OutboxCipher(KeyRing keys) {
		this.sealer = new Sealer(keys, Purpose.OUTBOX_SEAL);
	}

	String seal(ResetCodeMail mail, String associatedData) {
		return this.sealer.seal(mail.to().value() + '\n' + mail.code() + '\n' + mail.locale().toLanguageTag() + '\n'
				+ mail.validFor().toSeconds(), associatedData);
	}

	/**
	 * @throws IllegalArgumentException when the payload was not sealed by an accepted key
	 * for this job
	 */
	ResetCodeMail open(String payload, String associatedData) {
		String[] parts = this.sealer.open(payload, associatedData).split("\n", -1);
		try {
			return new ResetCodeMail(EmailAddress.ofCanonical(parts[0]), parts[1],
					Duration.ofSeconds(Long.parseLong(parts[3])), Locale.forLanguageTag(parts[2]));
		}
		catch (IndexOutOfBoundsException | NumberFormatException ex) {
			throw new IllegalArgumentException("Outbox payload cannot be read", ex);
		}
	}

}
