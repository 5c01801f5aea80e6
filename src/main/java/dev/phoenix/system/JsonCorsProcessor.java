package dev.phoenix.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, but a request from an origin that is not allowed is refused in
 * the envelope (403 {@code FORBIDDEN_ORIGIN}) instead of the plain text "Invalid CORS
 * request".
 */
class JsonCorsProcessor extends DefaultCorsProcessor {

	private static final byte[] BODY = ("{\"success\":false,\"error\":{\"code\":\"" + ErrorCode.FORBIDDEN_ORIGIN.name()
			+ "\"},\"message\":\"허용되지 않은 출처입니다.\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(Envelopes.JSON_UTF8);
		response.getBody().write(BODY);
		response.flush();
	}

}
