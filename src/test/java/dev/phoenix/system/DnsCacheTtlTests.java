package dev.phoenix.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JVM's DNS cache TTL: {@code DNS_CACHE_TTL}, else what the operator gave the JVM,
 * else 10 s.
 */
class DnsCacheTtlTests {

	@Test
	void chooseWhenNothingSetThenTenSeconds() {
		assertThat(DnsCacheTtl.choose(null, null, null)).contains("10");
	}

	@Test
	void chooseWhenVariableSetThenItWinsInSeconds() {
		assertThat(DnsCacheTtl.choose("5", "30", null)).contains("5");
		assertThat(DnsCacheTtl.choose("5s", null, "60")).contains("5");
		assertThat(DnsCacheTtl.choose("1m", null, null)).contains("60");
		assertThat(DnsCacheTtl.choose("0", null, null)).contains("0");
	}

	@Test
	void chooseWhenOperatorConfiguredTheJvmThenKept() {
		assertThat(DnsCacheTtl.choose(null, "30", null)).isEmpty();
		assertThat(DnsCacheTtl.choose("", null, "5")).isEmpty();
	}

	@Test
	void chooseWhenNegativeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> DnsCacheTtl.choose("-1", null, null))
			.withMessageContaining("DNS_CACHE_TTL");
	}

}
