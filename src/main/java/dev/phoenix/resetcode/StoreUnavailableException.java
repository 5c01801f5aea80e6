package dev.phoenix.resetcode;

/**
 * The store could not be reached, timed out, or refused a write (out of memory). Nothing
 * was half-written: each store call is atomic. Answered as 503 {@code STORE_UNAVAILABLE}.
 */
public class StoreUnavailableException extends RuntimeException {

	private final String kind;

	public StoreUnavailableException(String kind, Throwable cause) {
		super("store unavailable (" + kind + ")", cause);
		this.kind = kind;
	}

	/** Low-cardinality kind for metrics: timeout, connection, oom or other. */
	public String kind() {
		return this.kind;
	}

}
