package dev.phoenix.resetcode;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The keys of one {@code RESET_CODE_SECRET}, one per purpose, each derived with HKDF, so
 * that no key serves two purposes and none is the secret itself.
 */
public final class SecretKeys {

	private static final String SALT = "phoenix-reset";

	private static final int KEY_BYTES = 32;

	private final Map<Purpose, byte[]> keys = new EnumMap<>(Purpose.class);

	private SecretKeys(String secret) {
		for (Purpose purpose : Purpose.values()) {
			this.keys.put(purpose, Hkdf.derive(secret, SALT, purpose.info(), KEY_BYTES));
		}
	}

	static SecretKeys of(String secret) {
		return new SecretKeys(secret);
	}

	/** A copy: callers cannot change the key. */
	byte[] key(Purpose purpose) {
		return this.keys.get(purpose).clone();
	}

	@Override
	public String toString() {
		return "SecretKeys[redacted]";
	}

	/** What a key is for. */
	public enum Purpose {

		/** HMAC of an address: where its state is kept. */
		ADDRESS_ID,
		/** HMAC of a code. */
		CODE,
		/** HMAC of a reset token. */
		TOKEN,
		/** AES-GCM of the address a reset token redeems to. */
		TOKEN_SEAL,
		/** AES-GCM of an outbox job (address, code, language). */
		OUTBOX_SEAL;

		String info() {
			return "phoenix " + name().toLowerCase(Locale.ROOT) + " v2";
		}

	}

}
