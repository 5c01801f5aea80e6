package dev.phoenix.resetcode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Keyed hashes (HMAC-SHA256 with {@code RESET_CODE_SECRET}) of everything the store keeps:
 * the address's key id, codes and reset tokens. Redis never sees a code or token in plain
 * text, and without the secret a dump of Redis cannot be brute-forced back to codes.
 * Each purpose has its own prefix, so a hash of one kind never matches another.
 */
@Component
public final class SecretHasher {

	/** 96 bits: collisions between addresses are out of reach, keys stay short. */
	private static final int KEY_ID_BYTES = 12;

	/**
	 * 72 bits (12 base64 characters) for a code: a 6–10 digit code has at most 34 bits, and a
	 * guess is checked only a few times, so a wrong code matches by chance once in 2^72
	 * tries. Short, because every pending code keeps one in Redis.
	 */
	private static final int CODE_HASH_BYTES = 9;

	/** 128 bits for a reset token, which is itself a 192-bit random secret. */
	private static final int TOKEN_HASH_BYTES = 16;

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final Mac prototype;

	private final SecureRandom random = new SecureRandom();

	SecretHasher(SecretsProperties secrets) {
		try {
			this.prototype = Mac.getInstance("HmacSHA256");
			this.prototype.init(new SecretKeySpec(secrets.resetCodeSecret().getBytes(StandardCharsets.UTF_8),
					"HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** The id under which an address's state is stored; reveals nothing of the address. */
	public String addressKeyId(EmailAddress address) {
		return hash("address", address.value(), KEY_ID_BYTES);
	}

	public String codeHash(EmailAddress address, String code) {
		return hash("code", address.value() + '\n' + code, CODE_HASH_BYTES);
	}

	public String tokenHash(String token) {
		return hash("token", token, TOKEN_HASH_BYTES);
	}

	/** A fresh random secret, URL-safe, for reset tokens. */
	public String randomSecret() {
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		return BASE64.encodeToString(bytes);
	}

	private String hash(String purpose, String value, int bytes) {
		Mac mac = newMac();
		mac.update(purpose.getBytes(StandardCharsets.UTF_8));
		mac.update((byte) 0);
		byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
		return BASE64.encodeToString(Arrays.copyOf(digest, bytes));
	}

	private Mac newMac() {
		try {
			return (Mac) this.prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be cloned", ex);
		}
	}

}
