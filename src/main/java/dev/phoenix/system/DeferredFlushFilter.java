package dev.phoenix.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds back a handler's flushes of the output stream (the one Spring MVC's converters
 * write to), so that the server sends each answer when it is complete: with its
 * {@code Content-Length}, in one write. Spring MVC flushes after writing a body, which
 * commits the answer before its length is known; Jetty then sends it chunked, and the
 * last chunk in a write of its own. An answer larger than the server's output buffer (32
 * KiB) is still sent as the buffer fills.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class DeferredFlushFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new DeferredFlushResponse(response));
	}

	private static final class DeferredFlushResponse extends HttpServletResponseWrapper {

		private ServletOutputStream stream;

		DeferredFlushResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new DeferredFlushStream(super.getOutputStream());
			}
			return this.stream;
		}

		@Override
		public void flushBuffer() {
			// Sent when the answer completes.
		}

	}

	private static final class DeferredFlushStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		DeferredFlushStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.delegate.write(bytes, offset, length);
		}

		@Override
		public void flush() {
			// Sent when the answer completes.
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

}
