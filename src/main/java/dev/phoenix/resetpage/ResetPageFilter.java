package dev.phoenix.resetpage;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one gate of {@code /reset} and its assets. Turned off, every path under it answers
 * 404 (in the envelope, through the error controller), whatever the static resource
 * handler holds. Turned on, each answer carries a strict {@code Content-Security-Policy}
 * and {@code no-store}: the page handles addresses and reset tokens, and its scripts must
 * never come from a cache older than the API they call. Registered by
 * {@link ResetPageConfiguration}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ResetPageFilter extends OncePerRequestFilter {

	static final String PATH = "/reset";

	private final ResetPageProperties properties;

	private final String contentSecurityPolicy;

	ResetPageFilter(ResetPageProperties properties) {
		this.properties = properties;
		this.contentSecurityPolicy = contentSecurityPolicy(properties);
	}

	/**
	 * Nothing inline, nothing from elsewhere: scripts, styles, the icon and API calls
	 * come from this origin only; forms may go to this origin and to the next URL's.
	 * Trusted Types make an accidental {@code innerHTML} fail loudly instead of opening a
	 * hole.
	 */
	static String contentSecurityPolicy(ResetPageProperties properties) {
		String formAction = properties.nextOrigin().map((origin) -> "'self' " + origin).orElse("'self'");
		return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
				+ "form-action " + formAction + "; base-uri 'none'; frame-ancestors 'none'; "
				+ "require-trusted-types-for 'script'; trusted-types 'none'";
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isUnderResetPath(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.properties.enabled()) {
			response.sendError(HttpStatus.NOT_FOUND.value());
			return;
		}
		response.setHeader("Content-Security-Policy", this.contentSecurityPolicy);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		chain.doFilter(request, response);
	}

	/**
	 * The servlet path, not the raw URI: the server has already decoded it, dropped path
	 * parameters ({@code ;x}) and normalized dots and double slashes, so no spelling of
	 * {@code /reset} slips past the gate to the resource handler.
	 */
	private static boolean isUnderResetPath(HttpServletRequest request) {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return path.equals(PATH) || path.startsWith(PATH + "/");
	}

}
