package dev.phoenix.resetcode;

import java.security.SecureRandom;

import org.springframework.stereotype.Component;

/**
 * Codes drawn uniformly from all {@code length}-digit strings, leading zeros included.
 * {@link SecureRandom#nextLong(long)} rejects the biased tail, so no digit string is more
 * likely than another.
 */
@Component
public final class CodeGenerator {

	private final SecureRandom random = new SecureRandom();

	private final int length;

	private final long bound;

	CodeGenerator(ResetCodeProperties properties) {
		this.length = properties.length();
		this.bound = (long) Math.pow(10, this.length);
	}

	public String next() {
		String digits = Long.toString(this.random.nextLong(this.bound));
		return "0".repeat(this.length - digits.length()) + digits;
	}

	public int length() {
		return this.length;
	}

	public boolean isWellFormed(String code) {
		return code.length() == this.length && code.chars().allMatch(c -> c >= '0' && c <= '9');
	}

}
