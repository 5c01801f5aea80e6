package dev.phoenix.system;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A failure the caller should see as one of the contract's error codes. Carries only what
 * the envelope shows; never internals.
 */
public class PhoenixException extends RuntimeException {

	private final ErrorCode code;

	private final @Nullable Integer remainingAttempts;

	private final @Nullable Duration retryAfter;

	public PhoenixException(ErrorCode code) {
		this(code, (Integer) null, (Duration) null);
	}

	/** A failure with a cause worth logging (the caller sees only {@code code}). */
	protected PhoenixException(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
		this.remainingAttempts = null;
		this.retryAfter = null;
	}

	private PhoenixException(ErrorCode code, @Nullable Integer remainingAttempts, @Nullable Duration retryAfter) {
		super(code.name(), null, false, false);
		this.code = code;
		this.remainingAttempts = remainingAttempts;
		this.retryAfter = retryAfter;
	}

	public static PhoenixException invalidCode(int remainingAttempts) {
		return new PhoenixException(ErrorCode.INVALID_CODE, remainingAttempts, null);
	}

	public static PhoenixException rateLimited(Duration retryAfter) {
		return new PhoenixException(ErrorCode.RATE_LIMITED, null, retryAfter);
	}

	public ErrorCode code() {
		return this.code;
	}

	public @Nullable Integer remainingAttempts() {
		return this.remainingAttempts;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/** Whole seconds, rounded up so that a client waiting that long is never early. */
	public @Nullable Long retryAfterSeconds() {
		if (this.retryAfter == null) {
			return null;
		}
		long millis = Math.max(0, this.retryAfter.toMillis());
		return Math.max(1, (millis + 999) / 1000);
	}

}
