package dev.phoenix.outbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.phoenix.resetcode.EmailAddress;
import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import dev.phoenix.resetcode.SecretsProperties;

import org.springframework.stereotype.Component;

/**
 * Seals a mail job for the outbox with AES-256-GCM: the code never sits in Redis in plain
 * text, and a tampered or foreign job fails to open. The key is derived from
 * {@code RESET_CODE_SECRET} (HMAC-SHA256 with a purpose label), so every instance sharing
 * the secret can open every job. The job's address key id and code hash are bound in as
 * associated data.
 */
@Component
final class OutboxCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	OutboxCipher(SecretsProperties secrets) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secrets.resetCodeSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			this.key = new SecretKeySpec(mac.doFinal("phoenix outbox key v1".getBytes(StandardCharsets.UTF_8)), "AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive the outbox key", ex);
		}
	}

	String seal(ResetCodeMail mail, String associatedData) {
		String plain = mail.to().value() + '\n' + mail.code() + '\n' + mail.locale().toLanguageTag() + '\n'
				+ mail.validFor().toSeconds();
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, associatedData, plain.getBytes(StandardCharsets.UTF_8));
		return ENCODER.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
	}

	/** @throws IllegalArgumentException when the payload was not sealed by this key for this job */
	ResetCodeMail open(String payload, String associatedData) {
		try {
			byte[] all = DECODER.decode(payload);
			byte[] nonce = Arrays.copyOf(all, NONCE_BYTES);
			byte[] sealed = Arrays.copyOfRange(all, NONCE_BYTES, all.length);
			String[] parts = new String(run(Cipher.DECRYPT_MODE, nonce, associatedData, sealed), StandardCharsets.UTF_8)
				.split("\n", -1);
			return new ResetCodeMail(new EmailAddress(parts[0]), parts[1], Duration.ofSeconds(Long.parseLong(parts[3])),
					Locale.forLanguageTag(parts[2]));
		}
		catch (IllegalStateException | IndexOutOfBoundsException | NumberFormatException ex) {
			throw new IllegalArgumentException("Outbox payload cannot be opened", ex);
		}
	}

	private byte[] run(int mode, byte[] nonce, String associatedData, byte[] input) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(input);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM failed", ex);
		}
	}

}
