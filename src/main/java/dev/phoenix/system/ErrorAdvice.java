package dev.phoenix.system;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into the contract's envelope: the application's own errors, Spring
 * MVC's (through {@link ResponseEntityExceptionHandler}, which knows each one's status
 * and headers), and anything unexpected as a bare 500 with nothing internal in the body.
 */
@RestControllerAdvice
class ErrorAdvice extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ErrorAdvice.class);

	private final Envelopes envelopes;

	ErrorAdvice(Envelopes envelopes) {
		this.envelopes = envelopes;
	}

	@ExceptionHandler
	ResponseEntity<ApiResponse<Object>> handlePhoenix(PhoenixException ex) {
		if (ex.getCause() != null) {
			logger.warn("Answered " + ex.code() + " (" + ex.getMessage() + "): " + rootMessage(ex));
		}
		return this.envelopes.error(ex);
	}

	@ExceptionHandler
	ResponseEntity<ApiResponse<Object>> handleInvalidRequest(InvalidRequestException ex) {
		return invalidRequest(ex.fields());
	}

	@ExceptionHandler
	ResponseEntity<ApiResponse<Object>> handleUnexpected(Exception ex) {
		logger.error("Unexpected failure", ex);
		return this.envelopes.error(ErrorCode.INTERNAL_ERROR);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (RequestSizeLimitFilter.isTooLarge(ex)) {
			return widen(this.envelopes.error(ErrorCode.PAYLOAD_TOO_LARGE));
		}
		return widen(invalidRequest(List.of(problemOf(ex))));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<ApiError.FieldProblem> fields = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(ErrorAdvice::problemOf)
			.toList();
		return widen(invalidRequest(fields));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ErrorCode code = ErrorCode.forStatus(statusCode.value());
		return widen(this.envelopes.error(ApiError.of(code), null, headers));
	}

	private ResponseEntity<ApiResponse<Object>> invalidRequest(List<ApiError.FieldProblem> fields) {
		ApiError error = new ApiError(ErrorCode.INVALID_REQUEST.name(), fields, null, null);
		return this.envelopes.error(error, null, HttpHeaders.EMPTY);
	}

	private static ApiError.FieldProblem problemOf(FieldError error) {
		String reason = (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
		return new ApiError.FieldProblem(error.getField(), reason);
	}

	/**
	 * Names the field and says what was wrong, without echoing the parser's message
	 * (which can quote the input and name Java types).
	 */
	private static ApiError.FieldProblem problemOf(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map(ref -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
				.orElse("body");
			return new ApiError.FieldProblem(field, "must be a string");
		}
		if (cause instanceof JacksonException) {
			return new ApiError.FieldProblem("body", "must be a well-formed JSON object");
		}
		return new ApiError.FieldProblem("body", "is required and must be a JSON object");
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = Causes.root(ex);
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ResponseEntity<Object> widen(ResponseEntity<ApiResponse<Object>> entity) {
		return (ResponseEntity) entity;
	}

}
