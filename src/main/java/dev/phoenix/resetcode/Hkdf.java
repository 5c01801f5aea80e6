package dev.phoenix.resetcode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): extract, then expand. Java 17 has no KDF API (it came
 * with {@code javax.crypto.KDF} in Java 24), and the whole algorithm is a few HMAC calls,
 * so it is written out here rather than pulling in a crypto provider for it; it is
 * checked against the RFC's test vectors.
 */
final class Hkdf {

	private static final int HASH_BYTES = 32;

	private Hkdf() {
	}

	static byte[] derive(byte[] inputKey, byte[] salt, byte[] info, int length) {
		if (length <= 0 || length > 255 * HASH_BYTES) {
			throw new IllegalArgumentException("HKDF-SHA256 output must be 1 to 8160 bytes");
		}
		byte[] pseudoRandomKey = hmac(salt.length > 0 ? salt : new byte[HASH_BYTES], inputKey);
		byte[] output = new byte[length];
		byte[] block = new byte[0];
		for (int i = 0, offset = 0; offset < length; i++) {
			byte[] message = new byte[block.length + info.length + 1];
			System.arraycopy(block, 0, message, 0, block.length);
			System.arraycopy(info, 0, message, block.length, info.length);
			message[message.length - 1] = (byte) (i + 1);
			block = hmac(pseudoRandomKey, message);
			int take = Math.min(block.length, length - offset);
			System.arraycopy(block, 0, output, offset, take);
			offset += take;
		}
		Arrays.fill(pseudoRandomKey, (byte) 0);
		return output;
	}

	static byte[] derive(String secret, String salt, String info, int length) {
		return derive(secret.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8),
				info.getBytes(StandardCharsets.UTF_8), length);
	}

	private static byte[] hmac(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
