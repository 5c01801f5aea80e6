package dev.phoenix.resetcode;

import java.util.ArrayList;
import java.util.List;

import dev.phoenix.resetcode.SecretKeys.Purpose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * AES-GCM sealing with one cipher per thread, initialised anew for each use: values open
 * only with their associated data and an accepted secret, and a failed opening leaves the
 * thread's cipher usable.
 */
class SealerTests {

	private static final String SECRET = "a-current-secret-of-at-least-32-characters";

	private static final String OLD_SECRET = "a-previous-secret-of-at-least-32-characters";

	@Test
	void openWhenSealedHereThenPlainTextBackEachTime() {
		Sealer sealer = sealer(SECRET, null);
		List<String> sealed = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			sealed.add(sealer.seal("code-" + i, "job-" + i));
		}
		assertThat(sealed).doesNotHaveDuplicates();
		for (int i = 0; i < 100; i++) {
			assertThat(sealer.open(sealed.get(i), "job-" + i)).isEqualTo("code-" + i);
		}
	}

	@Test
	void openWhenAssociatedDataDiffersThenRefusedAndTheNextOpeningStillWorks() {
		Sealer sealer = sealer(SECRET, null);
		String sealed = sealer.seal("123456", "job-1");
		assertThatIllegalArgumentException().isThrownBy(() -> sealer.open(sealed, "job-2"));
		assertThat(sealer.open(sealed, "job-1")).isEqualTo("123456");
	}

	@Test
	void openWhenSealedUnderThePreviousSecretThenOpenedDuringTheRotationOnly() {
		String sealed = sealer(OLD_SECRET, null).seal("123456", "job-1");
		assertThat(sealer(SECRET, OLD_SECRET).open(sealed, "job-1")).isEqualTo("123456");
		assertThatIllegalArgumentException().isThrownBy(() -> sealer(SECRET, null).open(sealed, "job-1"));
	}

	@Test
	void openWhenNotSealedThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> sealer(SECRET, null).open("not*base64", "job-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> sealer(SECRET, null).open("AAAA", "job-1"));
	}

	private static Sealer sealer(String secret, String previous) {
		return new Sealer(new KeyRing(new SecretsProperties(secret, "an-internal-token-0123456789", previous)),
				Purpose.OUTBOX_SEAL);
	}

}
