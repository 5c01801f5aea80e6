package dev.phoenix.system;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error} member of a failure envelope. Only the members that apply to the code
 * are present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String code, @Nullable List<FieldProblem> fields, @Nullable Integer remainingAttempts,
		@Nullable Long retryAfterSeconds) {

	public static ApiError of(ErrorCode code) {
		return new ApiError(code.name(), null, null, null);
	}

	public record FieldProblem(String field, String reason) {
	}

}
