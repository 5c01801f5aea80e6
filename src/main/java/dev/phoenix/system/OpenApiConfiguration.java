package dev.phoenix.system;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}): springdoc derives the operations from the controllers; this
 * adds what it cannot see, the contract's error codes with an example envelope for each,
 * and the bearer scheme of the internal endpoints.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String BEARER = "internalBearer";

	private static final Map<String, List<String>> ERRORS_BY_PATH = Map.of("/auth/reset-code",
			List.of("INVALID_REQUEST", "RATE_LIMITED", "STORE_UNAVAILABLE"), "/auth/reset-code/verify",
			List.of("INVALID_REQUEST", "INVALID_CODE", "CODE_EXPIRED", "TOO_MANY_ATTEMPTS", "RATE_LIMITED",
					"STORE_UNAVAILABLE"),
			"/auth/reset-token/consume",
			List.of("INVALID_REQUEST", "INVALID_TOKEN", "UNAUTHORIZED", "STORE_UNAVAILABLE"),
			"/auth/reset-code/inspect", List.of("INVALID_REQUEST", "UNAUTHORIZED", "STORE_UNAVAILABLE"),
			"/auth/reset-code/revoke", List.of("INVALID_REQUEST", "UNAUTHORIZED", "STORE_UNAVAILABLE"),
			"/auth/redis/health", List.of("STORE_UNAVAILABLE"));

	private static final Map<String, String> EXAMPLES = Map.of("INVALID_REQUEST",
			"{\"success\":false,\"error\":{\"code\":\"INVALID_REQUEST\",\"fields\":[{\"field\":\"email\",\"reason\":\"must be a valid e-mail address\"}]},\"message\":\"요청 형식이 올바르지 않습니다.\"}",
			"INVALID_CODE",
			"{\"success\":false,\"error\":{\"code\":\"INVALID_CODE\",\"remainingAttempts\":4},\"message\":\"인증 코드가 올바르지 않습니다.\"}",
			"RATE_LIMITED",
			"{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\",\"retryAfterSeconds\":60},\"message\":\"요청이 너무 많습니다. 잠시 후 다시 시도하세요.\"}");

	@Bean
	OpenAPI phoenixOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Phoenix reset-code service")
				.version("v1")
				.description("Password-reset codes: request, verify for a one-time reset token, consume. "
						+ "Every answer uses the envelope {success, data | error, message}; messages are Korean "
						+ "unless Accept-Language asks for English."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("INTERNAL_API_TOKEN")));
	}

	private static Schema<?> errorEnvelope() {
		Schema<?> error = new ObjectSchema().addProperty("code", new Schema<>().$ref("#/components/schemas/ErrorCode"))
			.addProperty("fields",
					new ArraySchema().items(new ObjectSchema().addProperty("field", new StringSchema())
						.addProperty("reason", new StringSchema())))
			.addProperty("remainingAttempts", new IntegerSchema())
			.addProperty("retryAfterSeconds", new IntegerSchema());
		error.setRequired(List.of("code"));
		Schema<?> envelope = new ObjectSchema().addProperty("success", new BooleanSchema())
			.addProperty("error", error)
			.addProperty("message", new StringSchema());
		envelope.setRequired(List.of("success", "error", "message"));
		return envelope;
	}

	@Bean
	OpenApiCustomizer contractErrors() {
		return (openApi) -> {
			openApi.getComponents()
				.addSchemas("ErrorCode",
						new StringSchema().description("error.code of a failure envelope")
							._enum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()))
				.addSchemas("ErrorEnvelope", errorEnvelope());
			openApi.getPaths().forEach(OpenApiConfiguration::addErrors);
		};
	}

	private static void addErrors(String path, PathItem item) {
		List<String> errors = ERRORS_BY_PATH.getOrDefault(path, List.of());
		for (Operation operation : item.readOperations()) {
			addErrors(operation, errors);
			if (errors.contains("UNAUTHORIZED")) {
				operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
			}
		}
	}

	private static void addErrors(Operation operation, List<String> errors) {
		Map<Integer, Map<String, Example>> byStatus = new LinkedHashMap<>();
		for (String error : errors) {
			ErrorCode code = ErrorCode.valueOf(error);
			String example = EXAMPLES.getOrDefault(error,
					"{\"success\":false,\"error\":{\"code\":\"" + error + "\"},\"message\":\"...\"}");
			byStatus.computeIfAbsent(code.status().value(), (status) -> new LinkedHashMap<>())
				.put(error, new Example().summary(error).value(example));
		}
		byStatus.forEach((status, examples) -> {
			MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/ErrorEnvelope"));
			json.setExamples(examples);
			operation.getResponses()
				.addApiResponse(Integer.toString(status),
						new ApiResponse().description(String.join(" | ", examples.keySet()))
							.content(new Content().addMediaType("application/json", json)));
		});
	}

}
