package dev.phoenix.system;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over 16 KiB with 413: at once when {@code Content-Length} says so, and
 * while reading when a chunked body grows past the limit. No request here needs more than
 * a few hundred bytes. What a handler left unread of a body is read before the answer
 * completes, so the connection stays open for the client's next request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	static final int MAX_BODY_BYTES = 16 * 1024;

	/**
	 * As Tomcat's swallow limit: up to this much of a refused body is read and dropped.
	 */
	private static final long MAX_DISCARD_BYTES = 2 * 1024 * 1024;

	/**
	 * Where discarded bytes are read to, shared by all threads: nothing reads it, so
	 * concurrent writes do no harm, and every request with a body ends in a
	 * {@link #discard} (a new 8 KiB buffer each was 4 % of the bytes a code request and
	 * its mail allocate).
	 */
	private static final byte[] DISCARDED = new byte[8192];

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			// Read first (up to a bound) and close after: a server that closes on unread
			// data makes the client's TCP stack drop the answer with a reset.
			response.setHeader(HttpHeaders.CONNECTION, "close");
			if (request.getContentLengthLong() <= MAX_DISCARD_BYTES) {
				discard(request.getInputStream());
			}
			response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
			return;
		}
		LimitedRequest limited = new LimitedRequest(request);
		chain.doFilter(limited, response);
		limited.readRest();
	}

	/** Reads a body to its end, at most {@link #MAX_DISCARD_BYTES}; quietly. */
	private static void discard(InputStream body) {
		try {
			long left = MAX_DISCARD_BYTES;
			for (int n = body.read(DISCARDED); n > 0 && left > 0; n = body.read(DISCARDED)) {
				left -= n;
			}
		}
		catch (IOException ex) {
			// The client is gone; nothing to keep.
		}
	}

	static boolean isTooLarge(Throwable ex) {
		return Causes.of(ex).stream().anyMatch(BodyTooLargeException.class::isInstance);
	}

	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException() {
			super("request body over " + MAX_BODY_BYTES + " bytes");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream());
			}
			return this.stream;
		}

		/**
		 * Reads what the handler left of the body (a 401 or 415 answers without reading
		 * it). Jetty closes a connection whose request body was not read to its end, and
		 * when that body arrives after the answer was sent, the client has already put
		 * the connection back in its pool: its next request on it fails.
		 */
		void readRest() {
			if (getContentLengthLong() <= 0 && getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
				return;
			}
			try {
				discard(getRequest().getInputStream());
			}
			catch (IOException | IllegalStateException ex) {
				// Read as characters: Jetty closes the connection, as it would have.
			}
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long read;

		LimitedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > MAX_BODY_BYTES) {
				throw new BodyTooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
