package dev.phoenix.resetcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.phoenix.resetcode.SecretKeys.Purpose;

/**
 * AES-256-GCM under one purpose's key: seals with the current secret's key, opens with
 * the current or, during a rotation, the previous one. The associated data binds a sealed
 * value to its place (its key id), so it cannot be moved to another.
 */
public final class Sealer {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	/**
	 * One cipher per thread, initialised anew for each use: {@code Cipher.getInstance}
	 * looks the algorithm up among the providers each time, a notable share of the CPU of
	 * sealing a code and of opening it for its mail (docs/performance.md).
	 */
	private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
		try {
			return Cipher.getInstance("AES/GCM/NoPadding");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	});

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final SecretKeySpec sealing;

	private final SecretKeySpec[] opening;

	private final SecureRandom random = new SecureRandom();

	public Sealer(KeyRing keys, Purpose purpose) {
		this.sealing = new SecretKeySpec(keys.current().key(purpose), "AES");
		this.opening = keys.accepted()
			.stream()
			.map((generation) -> new SecretKeySpec(generation.key(purpose), "AES"))
			.toArray(SecretKeySpec[]::new);
	}

	public String seal(String plain, String associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			byte[] sealed = cipher(Cipher.ENCRYPT_MODE, this.sealing, nonce, associatedData)
				.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return ENCODER
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM failed", ex);
		}
	}

	/**
	 * @throws IllegalArgumentException when no accepted key sealed {@code sealed} for
	 * this associated data
	 */
	public String open(String sealed, String associatedData) {
		byte[] all;
		try {
			all = DECODER.decode(sealed);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a sealed value", ex);
		}
		if (all.length <= NONCE_BYTES) {
			throw new IllegalArgumentException("Not a sealed value");
		}
		byte[] nonce = Arrays.copyOf(all, NONCE_BYTES);
		for (SecretKeySpec key : this.opening) {
			try {
				byte[] plain = cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(all, NONCE_BYTES,
						all.length - NONCE_BYTES);
				return new String(plain, StandardCharsets.UTF_8);
			}
			catch (AEADBadTagException ex) {
				// Not this key's: try the next.
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES-GCM failed", ex);
			}
		}
		throw new IllegalArgumentException("Sealed with another secret, or damaged");
	}

	private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, String associatedData)
			throws GeneralSecurityException {
		Cipher cipher = CIPHERS.get();
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

}
