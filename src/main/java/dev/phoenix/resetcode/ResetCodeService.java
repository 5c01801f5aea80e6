package dev.phoenix.resetcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.phoenix.resetcode.ResetCodeMailer.QueuedMail;
import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import dev.phoenix.resetcode.ResetCodeStore.CodeCheck;
import dev.phoenix.resetcode.ResetCodeStore.Issuance;
import dev.phoenix.resetcode.ResetCodeStore.PendingCode;
import dev.phoenix.resetcode.ResetCodeStore.PendingState;
import dev.phoenix.resetcode.ResetCodeStore.Redemption;
import dev.phoenix.resetcode.ResetCodeStore.Verification;
import dev.phoenix.resetcode.SecretKeys.Purpose;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;

/**
 * The flow: {@link #issue} a code and mail it, {@link #verify} it for a one-time reset
 * token, {@link #redeem} the token. Codes and tokens leave this class only through the
 * mail and the verify answer; the store gets keyed hashes, and the address a token
 * redeems to only sealed.
 */
@Service
public class ResetCodeService {

	private static final Log logger = LogFactory.getLog(ResetCodeService.class);

	/** Separates the address's key id from the secret part of a reset token. */
	private static final char TOKEN_SEPARATOR = '.';

	private final ResetCodeStore store;

	private final ResetCodeMailer mailer;

	private final CodeGenerator codes;

	private final SecretHasher hasher;

	private final Sealer addressSealer;

	private final ResetCodeProperties properties;

	private final ResetCodeMetrics metrics;

	ResetCodeService(ResetCodeStore store, ResetCodeMailer mailer, CodeGenerator codes, SecretHasher hasher,
			ResetCodeProperties properties, ResetCodeMetrics metrics) {
		this.store = store;
		this.mailer = mailer;
		this.codes = codes;
		this.hasher = hasher;
		this.addressSealer = new Sealer(hasher.keys(), Purpose.TOKEN_SEAL);
		this.properties = properties;
		this.metrics = metrics;
	}

	/**
	 * Issues a code and queues its mail, or neither. A full outbox refuses the code:
	 * {@link StoreUnavailableException}, answered 503, with nothing written (the IP's
	 * count given back).
	 */
	public Issuance issue(EmailAddress address, String clientIp, Locale locale) {
		String code = this.codes.next();
		PendingCode pending = new PendingCode(this.hasher.addressKeyId(address), this.hasher.codeHash(address, code));
		QueuedMail mail = this.mailer.seal(new ResetCodeMail(address, code, this.properties.ttl(), locale), pending);
		Issuance issuance = this.store.issue(mail, ClientIp.canonical(clientIp));
		if (issuance instanceof Issuance.Refused refused) {
			this.metrics.rateLimited(refused.scope());
		}
		else if (issuance instanceof Issuance.QueueFull) {
			this.mailer.queued(false);
			throw new StoreUnavailableException("outbox_full", new IllegalStateException("mail outbox full"));
		}
		else {
			this.mailer.queued(true);
			this.metrics.issued();
		}
		return issuance;
	}

	/** The outcome, and for {@link Verification.Verified} the reset token to hand out. */
	public VerifyResult verify(EmailAddress address, String code, String clientIp) {
		List<CodeCheck> checks = new ArrayList<>(2);
		List<String> tokens = new ArrayList<>(2);
		// The current secret's check, and during a rotation the previous one's: a
		// code mailed before the rotation is pending under the id the previous secret
		// gave the address.
		for (SecretKeys generation : this.hasher.keys().accepted()) {
			String keyId = this.hasher.addressKeyId(address, generation);
			String token = keyId + TOKEN_SEPARATOR + this.hasher.randomSecret();
			tokens.add(token);
			checks.add(new CodeCheck(keyId, this.hasher.codeHash(address, code, generation),
					this.hasher.tokenHash(token), this.addressSealer.seal(address.value(), keyId)));
		}
		Verification verification = this.store.verify(checks, ClientIp.canonical(clientIp));
		if (verification instanceof Verification.Refused) {
			this.metrics.rateLimited(ResetCodeStore.LimitScope.VERIFY_IP);
		}
		else {
			this.metrics.verification(outcomeTag(verification));
		}
		if (verification instanceof Verification.Exhausted exhausted && exhausted.addressLocked()) {
			this.metrics.lockedOut();
			logger.warn("Failure budget of " + address.masked() + " used up: no code for it until its day ends");
		}
		return new VerifyResult(verification, (verification instanceof Verification.Verified verified)
				? Optional.of(tokens.get(verified.check())) : Optional.empty());
	}

	public Redemption redeem(String token) {
		Redemption redemption = keyIdOf(token)
			.flatMap((keyId) -> this.store.redeem(keyId, this.hasher.acceptedTokenHashes(token))
				.map((sealed) -> (Redemption) new Redemption.Redeemed(openAddress(sealed, keyId))))
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
		boolean revoked = false;
		for (SecretKeys generation : this.hasher.keys().accepted()) {
			revoked |= this.store.revoke(this.hasher.addressKeyId(address, generation));
		}
		return revoked;
	}

	private EmailAddress openAddress(String sealed, String keyId) {
		return EmailAddress.ofCanonical(this.addressSealer.open(sealed, keyId));
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
