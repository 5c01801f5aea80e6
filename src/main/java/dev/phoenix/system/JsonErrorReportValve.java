package dev.phoenix.system;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last word on an error no application code handled: the envelope with a fixed,
 * Korean message (the default language), never Tomcat's HTML page or a stack trace.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ErrorCode code = ErrorCode.forStatus(status);
		String body = "{\"success\":false,\"error\":{\"code\":\"" + code.name() + "\"},\"message\":\""
				+ (status < 500 ? "요청을 처리할 수 없습니다." : "요청을 처리하는 중 오류가 발생했습니다.") + "\"}";
		try {
			response.setContentType("application/json");
			response.setHeader("Cache-Control", "no-store");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response was committed; nothing more to say.
		}
	}

}
