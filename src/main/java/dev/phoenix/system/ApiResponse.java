package dev.phoenix.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The envelope of every JSON answer: {@code success}, then {@code data} or {@code error},
 * and a localized {@code message}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(boolean success, @Nullable T data, @Nullable ApiError error, String message) {

	public static <T> ApiResponse<T> ok(T data, String message) {
		return new ApiResponse<>(true, data, null, message);
	}

	public static <T> ApiResponse<T> failure(ApiError error, @Nullable T data, String message) {
		return new ApiResponse<>(false, data, error, message);
	}

}
