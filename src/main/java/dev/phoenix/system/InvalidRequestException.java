package dev.phoenix.system;

import java.util.List;

/**
 * A request that is well-formed JSON but whose fields are missing or malformed: 400
 * {@code INVALID_REQUEST} with {@code error.fields}.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<ApiError.FieldProblem> fields;

	public InvalidRequestException(List<ApiError.FieldProblem> fields) {
		super("invalid request", null, false, false);
		this.fields = List.copyOf(fields);
	}

	public static InvalidRequestException field(String field, String reason) {
		return new InvalidRequestException(List.of(new ApiError.FieldProblem(field, reason)));
	}

	public List<ApiError.FieldProblem> fields() {
		return this.fields;
	}

}
