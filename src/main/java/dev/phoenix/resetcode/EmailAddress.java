package dev.phoenix.resetcode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.Normalizer2;
import org.jspecify.annotations.Nullable;

/**
 * An e-mail address in its one canonical form, so that every spelling that reaches the
 * same mailbox is one identity with one set of limits.
 * <p>
 * Accepted: a strict RFC 5321 mailbox. The local part is a dot-atom (RFC 5322 atext, plus
 * non-ASCII letters as RFC 6531 allows; no quoted strings, no comments, no leading,
 * trailing or double dots, at most 64 bytes); the domain has at least two labels, each
 * valid under IDNA 2008 (ICU's UTS #46, non-transitional, with the STD3 and bidi rules),
 * no IP literal, and a top-level label that is not all digits; at most 254 characters in
 * all.
 * <p>
 * Canonical form: the local part in NFC and case-folded; the domain as its lower-case
 * ASCII form (A-labels: {@code bücher.example} becomes {@code xn--bcher-kva.example}).
 * That form is the key id's input, the SMTP envelope's recipient and the consume answer.
 * Surrounding whitespace is trimmed; nothing inside may be whitespace or a control
 * character, so nothing can be smuggled into a mail header.
 */
public final class EmailAddress {

	static final int MAX_LENGTH = 254;

	static final int MAX_LOCAL_BYTES = 64;

	private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

	private static final IDNA IDNA_2008 = IDNA
		.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.USE_STD3_RULES
				| IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO);

	private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

	private final String value;

	private EmailAddress(String value) {
		this.value = value;
	}

	/** The address in canonical form, or why {@code raw} is not one. */
	public static Parsed parse(String raw) {
		String trimmed = raw.strip();
		if (trimmed.isEmpty()) {
			return Parsed.invalid("must not be blank");
		}
		if (trimmed.length() > MAX_LENGTH * 4) {
			return Parsed.invalid("must be at most " + MAX_LENGTH + " characters");
		}
		int at = trimmed.lastIndexOf('@');
		if (at <= 0 || at == trimmed.length() - 1 || trimmed.indexOf('@') != at) {
			return Parsed.invalid("must be a valid e-mail address");
		}
		Optional<String> local = canonicalLocalPart(trimmed.substring(0, at));
		Optional<String> domain = canonicalDomain(trimmed.substring(at + 1));
		if (local.isEmpty() || domain.isEmpty()) {
			return Parsed.invalid("must be a valid e-mail address");
		}
		String canonical = local.get() + '@' + domain.get();
		if (canonical.length() > MAX_LENGTH) {
			return Parsed.invalid("must be at most " + MAX_LENGTH + " characters");
		}
		return new Parsed(new EmailAddress(canonical), null);
	}

	/** An address already in canonical form (as stored); anything else is refused. */
	public static EmailAddress ofCanonical(String canonical) {
		Parsed parsed = parse(canonical);
		if (parsed.address() == null || !parsed.address().value.equals(canonical)) {
			throw new IllegalArgumentException("not a canonical e-mail address");
		}
		return parsed.address();
	}

	public String value() {
		return this.value;
	}

	/** For logs: first character and domain only, e.g. {@code u***@example.com}. */
	public String masked() {
		int at = this.value.indexOf('@');
		return this.value.substring(0, this.value.offsetByCodePoints(0, 1)) + "***" + this.value.substring(at);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof EmailAddress address && address.value.equals(this.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return masked();
	}

	private static Optional<String> canonicalLocalPart(String raw) {
		String local = NFC.normalize(UCharacter.foldCase(NFC.normalize(raw), true));
		if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_BYTES || local.startsWith(".")
				|| local.endsWith(".") || local.contains("..")) {
			return Optional.empty();
		}
		return local.codePoints().allMatch(EmailAddress::allowedInLocalPart) ? Optional.of(local) : Optional.empty();
	}

	private static boolean allowedInLocalPart(int codePoint) {
		if (codePoint < 0x80) {
			return Character.isLetterOrDigit(codePoint) || codePoint == '.' || ATEXT_SYMBOLS.indexOf(codePoint) >= 0;
		}
		int type = Character.getType(codePoint);
		return !(Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
				|| Character.isISOControl(codePoint) || type == Character.FORMAT || type == Character.UNASSIGNED
				|| type == Character.PRIVATE_USE || type == Character.SURROGATE);
	}

	private static Optional<String> canonicalDomain(String raw) {
		if (raw.startsWith("[") || raw.endsWith(".")) {
			return Optional.empty();
		}
		StringBuilder ascii = new StringBuilder();
		IDNA.Info info = new IDNA.Info();
		IDNA_2008.nameToASCII(raw, ascii, info);
		String domain = ascii.toString();
		if (info.hasErrors() || domain.isEmpty() || domain.length() > 253) {
			return Optional.empty();
		}
		String[] labels = domain.split("\\.", -1);
		if (labels.length < 2 || labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
			return Optional.empty();
		}
		for (String label : labels) {
			if (label.isEmpty() || label.length() > 63) {
				return Optional.empty();
			}
		}
		return Optional.of(domain);
	}

	/** A parsed address, or why there is none. */
	public record Parsed(@Nullable EmailAddress address, @Nullable String problem) {

		static Parsed invalid(String problem) {
			return new Parsed(null, problem);
		}

	}

}
