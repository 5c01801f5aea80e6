package dev.phoenix.resetcode;

import java.util.Locale;
import java.util.Optional;

/**
 * A normalized e-mail address: trimmed, lower-cased, at most 254 characters, one
 * {@code @} with text on both sides, no whitespace or control characters (so nothing can
 * be smuggled into a mail header).
 */
public record EmailAddress(String value) {

	static final int MAX_LENGTH = 254;

	public EmailAddress {
		if (problemWith(value).isPresent()) {
			throw new IllegalArgumentException("not a normalized e-mail address");
		}
	}

	public static String normalize(String raw) {
		return raw.strip().toLowerCase(Locale.ROOT);
	}

	/** Why the normalized address is not acceptable, or empty when it is. */
	public static Optional<String> problemWith(String normalized) {
		if (normalized.isEmpty()) {
			return Optional.of("must not be blank");
		}
		if (normalized.length() > MAX_LENGTH) {
			return Optional.of("must be at most " + MAX_LENGTH + " characters");
		}
		int at = normalized.indexOf('@');
		boolean wellFormed = at > 0 && at == normalized.lastIndexOf('@') && at < normalized.length() - 1
				&& normalized.codePoints().noneMatch(EmailAddress::forbidden);
		return wellFormed ? Optional.empty() : Optional.of("must be a valid e-mail address");
	}

	private static boolean forbidden(int codePoint) {
		return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint)
				|| Character.getType(codePoint) == Character.FORMAT || codePoint == '<' || codePoint == '>'
				|| codePoint == ',' || codePoint == ';' || codePoint == '"' || codePoint == '\\';
	}

	/** For logs: first character and domain only, e.g. {@code u***@example.com}. */
	public String masked() {
		int at = this.value.indexOf('@');
		return this.value.charAt(0) + "***" + this.value.substring(at);
	}

	@Override
	public String toString() {
		return masked();
	}

}
