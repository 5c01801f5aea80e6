package dev.phoenix.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure's chain of causes, the failure itself first: the one walker of cause chains.
 */
public final class Causes {

	/** Deeper than any real chain; a bound all the same, as chains can loop. */
	private static final int MAX_DEPTH = 16;

	private Causes() {
	}

	public static List<Throwable> of(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && chain.size() < MAX_DEPTH
				&& seen.add(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

	/** The innermost cause. */
	public static Throwable root(Throwable failure) {
		List<Throwable> chain = of(failure);
		return chain.get(chain.size() - 1);
	}

}
