package dev.phoenix.resetcode;

import dev.phoenix.system.ErrorCode;
import dev.phoenix.system.PhoenixException;

/**
 * The store could not be reached, timed out, or refused a write (out of memory). Nothing
 * was half-written: each store call is atomic. Answered as 503 {@code STORE_UNAVAILABLE}.
 */
public class StoreUnavailableException extends PhoenixException {

	private final String kind;

	public StoreUnavailableException(String kind, Throwable cause) {
		super(ErrorCode.STORE_UNAVAILABLE, "store unavailable (" + kind + ")", cause);
		this.kind = kind;
	}

	/**
	 * Low-cardinality kind for metrics: timeout, connection, oom, other, or outbox_full.
	 */
	public String kind() {
		return this.kind;
	}

}
