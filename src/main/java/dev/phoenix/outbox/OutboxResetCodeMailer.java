package dev.phoenix.outbox;

import dev.phoenix.redis.RedisErrors;
import dev.phoenix.resetcode.ResetCodeMailer;
import dev.phoenix.resetcode.SecretHasher;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Accepting a code request queues its mail in the outbox, sealed; workers in any instance
 * send it. The request never waits for SMTP, and a restart or an SMTP outage loses nothing.
 */
@Component
final class OutboxResetCodeMailer implements ResetCodeMailer {

	private final MailOutbox outbox;

	private final OutboxCipher cipher;

	private final SecretHasher hasher;

	private final RedisErrors errors;

	OutboxResetCodeMailer(MailOutbox outbox, OutboxCipher cipher, SecretHasher hasher, RedisErrors errors) {
		this.outbox = outbox;
		this.cipher = cipher;
		this.hasher = hasher;
		this.errors = errors;
	}

	@Override
	public void send(ResetCodeMail mail) {
		String addressKeyId = this.hasher.addressKeyId(mail.to());
		String codeHash = this.hasher.codeHash(mail.to(), mail.code());
		try {
			this.outbox.enqueue(addressKeyId, codeHash, this.cipher.seal(mail, associatedData(addressKeyId, codeHash)));
		}
		catch (DataAccessException ex) {
			// The code was issued a moment ago but its mail is not queued: the caller gets
			// 503 and may ask again once the cooldown is over.
			throw this.errors.unavailable(ex);
		}
	}

	static String associatedData(String addressKeyId, String codeHash) {
		return addressKeyId + '\n' + codeHash;
	}

}
