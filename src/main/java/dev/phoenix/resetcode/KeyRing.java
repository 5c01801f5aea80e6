package dev.phoenix.resetcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The keys of {@code RESET_CODE_SECRET}, which make everything new, and during a rotation
 * those of {@code RESET_CODE_SECRET_PREVIOUS}, which are still accepted for what was made
 * before it: codes, reset tokens and queued mails.
 */
@Component
public final class KeyRing {

	private final SecretKeys current;

	private final @Nullable SecretKeys previous;

	KeyRing(SecretsProperties secrets) {
		this.current = SecretKeys.of(secrets.resetCodeSecret());
		this.previous = StringUtils.hasText(secrets.resetCodeSecretPrevious())
				? SecretKeys.of(secrets.resetCodeSecretPrevious()) : null;
	}

	public SecretKeys current() {
		return this.current;
	}

	public Optional<SecretKeys> previous() {
		return Optional.ofNullable(this.previous);
	}

	/**
	 * The current keys first, then the previous ones if any: the order to try them in.
	 */
	public List<SecretKeys> accepted() {
		List<SecretKeys> all = new ArrayList<>(2);
		all.add(this.current);
		if (this.previous != null) {
			all.add(this.previous);
		}
		return all;
	}

}
