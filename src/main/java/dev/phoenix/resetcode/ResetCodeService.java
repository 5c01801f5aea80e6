package dev.phoenix.resetcode;

import java.util.Locale;
import java.util.Optional;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import dev.phoenix.resetcode.ResetCodeStore.Issuance;
import dev.phoenix.resetcode.ResetCodeStore.PendingState;
import dev.phoenix.resetcode.ResetCodeStore.Redemption;
import dev.phoenix.resetcode.ResetCodeStore.Verification;

import org.springframework.stereotype.Service;

/**
 * The flow: {@link #issue} a code and mail it, {@link #verify} it for a one-time reset
 * token, {@link #redeem} the token. Codes and tokens leave this class only through the
 * mail and the verify answer; the store gets keyed hashes.
 */
@Service
public class ResetCodeService {

	/** Separates the address's key id from the secret part of a reset token. */
	private static final char TOKEN_SEPARATOR = '.';

	private final ResetCodeStore store;

	private final ResetCodeMailer mailer;

	private final CodeGenerator codes;

	private final SecretHasher hasher;

	private final ResetCodeProperties properties;

	private final ResetCodeMetrics metrics;

	ResetCodeService(ResetCodeStore store, ResetCodeMailer mailer, CodeGenerator codes, SecretHasher hasher,
			ResetCodeProperties properties, ResetCodeMetrics metrics) {
		this.store = store;
		this.mailer = mailer;
		this.codes = codes;
		this.hasher = hasher;
		this.properties = properties;
		this.metrics = metrics;
	}

	public Issuance issue(EmailAddress address, String clientIp, Locale locale) {
		String code = this.codes.next();
		Issuance issuance = this.store.issue(this.hasher.addressKeyId(address), this.hasher.codeHash(address, code),
				clientIp);
		if (issuance instanceof Issuance.Refused refused) {
			this.metrics.rateLimited(refused.scope());
		}
		else if (issuance instanceof Issuance.Issued issued) {
			queueMail(issued, new ResetCodeMail(address, code, this.properties.ttl(), locale));
			this.metrics.issued();
		}
		return issuance;
	}

	/**
	 * A code whose mail cannot be queued (Redis failed, or the queue is full) is taken back,
	 * so the 503 that follows leaves nothing behind: no code, no count, no mail.
	 */
	private void queueMail(Issuance.Issued issued, ResetCodeMail mail) {
		try {
			this.mailer.send(mail);
		}
		catch (StoreUnavailableException ex) {
			try {
				issued.withdrawal().withdraw();
			}
			catch (StoreUnavailableException withdrawalFailed) {
				ex.addSuppressed(withdrawalFailed);
			}
			throw ex;
		}
	}

	/** The outcome, and for {@link Verification.Verified} the reset token to hand out. */
	public VerifyResult verify(EmailAddress address, String code, String clientIp) {
		String keyId = this.hasher.addressKeyId(address);
		String token = keyId + TOKEN_SEPARATOR + this.hasher.randomSecret();
		Verification verification = this.store.verify(keyId, this.hasher.codeHash(address, code),
				this.hasher.tokenHash(token), address, clientIp);
		if (verification instanceof Verification.Refused) {
			this.metrics.rateLimited(ResetCodeStore.LimitScope.VERIFY_IP);
		}
		else {
			this.metrics.verification(outcomeTag(verification));
		}
		return new VerifyResult(verification,
				(verification instanceof Verification.Verified) ? Optional.of(token) : Optional.empty());
	}

	public Redemption redeem(String token) {
		Redemption redemption = keyIdOf(token)
			.map(keyId -> this.store.redeem(keyId, this.hasher.tokenHash(token)))
			.orElseGet(Redemption.Invalid::new);
		this.metrics.token((redemption instanceof Redemption.Redeemed) ? "consumed" : "invalid");
		return redemption;
	}

	public Optional<PendingState> inspect(EmailAddress address) {
		return this.store.inspect(this.hasher.addressKeyId(address));
	}

	public String storeKey(EmailAddress address) {
		return this.store.describeKey(this.hasher.addressKeyId(address));
	}

	public boolean revoke(EmailAddress address) {
		return this.store.revoke(this.hasher.addressKeyId(address));
	}

	private static String outcomeTag(Verification verification) {
		if (verification instanceof Verification.Verified) {
			return "verified";
		}
		if (verification instanceof Verification.Mismatch) {
			return "invalid_code";
		}
		return (verification instanceof Verification.Exhausted) ? "too_many_attempts" : "expired";
	}

	private static Optional<String> keyIdOf(String token) {
		int separator = token.indexOf(TOKEN_SEPARATOR);
		return (separator > 0) ? Optional.of(token.substring(0, separator)) : Optional.empty();
	}

	public record VerifyResult(Verification verification, Optional<String> resetToken) {

		@Override
		public String toString() {
			return "VerifyResult[" + this.verification + "]";
		}

	}

}
