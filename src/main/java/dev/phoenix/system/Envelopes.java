package dev.phoenix.system;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Builds every answer in the contract's envelope, with the message localized for the
 * request's language and the content type {@code application/json;charset=UTF-8}.
 */
@Component
public class Envelopes {

	public static final MediaType JSON_UTF8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);

	private final MessageSource messages;

	Envelopes(MessageSource messages) {
		this.messages = messages;
	}

	public <T> ResponseEntity<ApiResponse<T>> ok(HttpStatus status, T data, String messageKey) {
		return ResponseEntity.status(status).contentType(JSON_UTF8).body(ApiResponse.ok(data, message(messageKey)));
	}

	public ResponseEntity<ApiResponse<Object>> error(ApiError error, @Nullable Object data, HttpHeaders headers) {
		ErrorCode code = ErrorCode.valueOf(error.code());
		ApiResponse<Object> body = ApiResponse.failure(error, data, message(code.messageKey()));
		return ResponseEntity.status(code.status()).headers(headers).contentType(JSON_UTF8).body(body);
	}

	public ResponseEntity<ApiResponse<Object>> error(ErrorCode code) {
		return error(ApiError.of(code), null, HttpHeaders.EMPTY);
	}

	/**
	 * The answer to a failure, with its Retry-After and WWW-Authenticate headers.
	 * Handlers return it for the outcomes they expect (a wrong code, a limit), which is
	 * cheaper than throwing: Spring MVC resolves a thrown exception with a second handler
	 * invocation.
	 */
	public ResponseEntity<ApiResponse<Object>> error(PhoenixException failure) {
		HttpHeaders headers = new HttpHeaders();
		Long retryAfter = failure.retryAfterSeconds();
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		}
		if (failure.code() == ErrorCode.UNAUTHORIZED) {
			// RFC 9110: a 401 names the scheme the client should use.
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		return error(new ApiError(failure.code().name(), null, failure.remainingAttempts(), retryAfter), null, headers);
	}

	public String message(String key) {
		return this.messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
	}

}
