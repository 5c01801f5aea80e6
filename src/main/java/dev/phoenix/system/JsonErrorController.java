package dev.phoenix.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the servlet container raises outside Spring MVC (a filter's {@code sendError}, a
 * rejected request) are forwarded here and answered in the envelope instead of Boot's
 * default error page.
 */
@RestController
class JsonErrorController implements ErrorController {

	private final Envelopes envelopes;

	JsonErrorController(Envelopes envelopes) {
		this.envelopes = envelopes;
	}

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ApiResponse<Object>> error(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int code = (status instanceof Integer value) ? value : 500;
		return this.envelopes.error(ErrorCode.forStatus(code));
	}

}
