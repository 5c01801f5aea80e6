package dev.phoenix.system;

import org.springframework.http.HttpStatus;

/**
 * The contract's error codes, each with its HTTP status. The message key is
 * {@code error.<CODE>} in {@code messages*.properties}.
 */
public enum ErrorCode {

	INVALID_REQUEST(HttpStatus.BAD_REQUEST), INVALID_CODE(HttpStatus.BAD_REQUEST),
	TOO_MANY_ATTEMPTS(HttpStatus.TOO_MANY_REQUESTS), CODE_EXPIRED(HttpStatus.BAD_REQUEST),
	INVALID_TOKEN(HttpStatus.BAD_REQUEST), RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED), STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
	// Not in the contract's table: transport-level failures, each with its own status.
	FORBIDDEN_ORIGIN(HttpStatus.FORBIDDEN), NOT_FOUND(HttpStatus.NOT_FOUND),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED), UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE), PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE);

	private final HttpStatus status;

	ErrorCode(HttpStatus status) {
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String messageKey() {
		return "error." + name();
	}

	public static ErrorCode forStatus(int status) {
		for (ErrorCode code : values()) {
			if (code.ordinal() >= NOT_FOUND.ordinal() && code.status.value() == status) {
				// Transport-level codes only: the contract's own codes are never guessed
				// from a status.
				return code;
			}
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			return STORE_UNAVAILABLE;
		}
		return (status >= 400 && status < 500) ? INVALID_REQUEST : INTERNAL_ERROR;
	}

}
