package dev.phoenix.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Cache-Control: no-store} on every {@code /auth/*} answer, errors included: they
 * carry reset tokens, addresses and per-user state that no browser or proxy may keep.
 * First in the chain, so even an answer a later filter writes (413, 403) has it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class NoStoreFilter extends OncePerRequestFilter {

	static final String NO_STORE = "no-store";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getRequestURI().startsWith("/auth/")) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
		}
		chain.doFilter(request, response);
	}

}
