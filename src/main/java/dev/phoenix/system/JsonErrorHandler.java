package dev.phoenix.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's last word on an error no application code handled (a request it rejects before
 * the servlet context sees it): the envelope with a fixed, Korean message (the default
 * language), never Jetty's HTML page, the URI or a cause, whatever {@code Accept} asks.
 */
class JsonErrorHandler extends ErrorHandler {

	JsonErrorHandler() {
		setCacheControl("no-store");
		setShowStacks(false);
		setShowCauses(false);
	}

	@Override
	protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
			Callback callback) {
		ErrorCode code = ErrorCode.forStatus(status);
		String body = "{\"success\":false,\"error\":{\"code\":\"" + code.name() + "\"},\"message\":\""
				+ ((status < 500) ? "요청을 처리할 수 없습니다." : "요청을 처리하는 중 오류가 발생했습니다.") + "\"}";
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
		response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
	}

}
