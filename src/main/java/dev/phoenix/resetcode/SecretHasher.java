package dev.phoenix.resetcode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.phoenix.resetcode.SecretKeys.Purpose;

import org.springframework.stereotype.Component;

/**
 * Keyed hashes (HMAC-SHA256, a key per purpose from {@link KeyRing}) of everything the
 * store keeps: the address's key id, codes and reset tokens. Redis never sees a code or
 * token in plain text, and without the secret a dump of Redis cannot be brute-forced back
 * to codes. Without a generation given, the current secret's keys are used.
 */
@Component
public final class SecretHasher {

	/** 96 bits: collisions between addresses are out of reach, keys stay short. */
	private static final int KEY_ID_BYTES = 12;

	/**
	 * 72 bits (12 base64 characters) for a code: a 6–10 digit code has at most 34 bits,
	 * and a guess is checked only a few times, so a wrong code matches by chance once in
	 * 2^72 tries. Short, because every pending code keeps one in Redis.
	 */
	private static final int CODE_HASH_BYTES = 9;

	/** 128 bits for a reset token, which is itself a 192-bit random secret. */
	private static final int TOKEN_HASH_BYTES = 16;

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final KeyRing keys;

	private final Map<SecretKeys, Map<Purpose, Mac>> prototypes = new IdentityHashMap<>();

	private final SecureRandom random = new SecureRandom();

	SecretHasher(KeyRing keys) {
		this.keys = keys;
		for (SecretKeys generation : keys.accepted()) {
			Map<Purpose, Mac> macs = new EnumMap<>(Purpose.class);
			for (Purpose purpose : List.of(Purpose.ADDRESS_ID, Purpose.CODE, Purpose.TOKEN)) {
				macs.put(purpose, mac(generation.key(purpose)));
			}
			this.prototypes.put(generation, macs);
		}
	}

	public KeyRing keys() {
		return this.keys;
	}

	/**
	 * The id under which an address's state is stored; reveals nothing of the address.
	 */
	public String addressKeyId(EmailAddress address) {
		return addressKeyId(address, this.keys.current());
	}

	public String addressKeyId(EmailAddress address, SecretKeys generation) {
		return hash(generation, Purpose.ADDRESS_ID, address.value(), KEY_ID_BYTES);
	}

	public String codeHash(EmailAddress address, String code) {
		return codeHash(address, code, this.keys.current());
	}

	public String codeHash(EmailAddress address, String code, SecretKeys generation) {
		return hash(generation, Purpose.CODE, address.value() + '\n' + code, CODE_HASH_BYTES);
	}

	public String tokenHash(String token) {
		return hash(this.keys.current(), Purpose.TOKEN, token, TOKEN_HASH_BYTES);
	}

	/** The token's hash under every accepted secret, current first. */
	public List<String> acceptedTokenHashes(String token) {
		return this.keys.accepted()
			.stream()
			.map((generation) -> hash(generation, Purpose.TOKEN, token, TOKEN_HASH_BYTES))
			.toList();
	}

	/** A fresh random secret, URL-safe, for reset tokens. */
	public String randomSecret() {
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		return BASE64.encodeToString(bytes);
	}

	private String hash(SecretKeys generation, Purpose purpose, String value, int bytes) {
		Mac mac = copyOf(this.prototypes.get(generation).get(purpose));
		byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
		return BASE64.encodeToString(Arrays.copyOf(digest, bytes));
	}

	private static Mac mac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static Mac copyOf(Mac prototype) {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be cloned", ex);
		}
	}

}
