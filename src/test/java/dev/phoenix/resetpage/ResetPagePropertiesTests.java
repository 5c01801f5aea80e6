package dev.phoenix.resetpage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResetPagePropertiesTests {

	@Test
	void cspWhenAbsoluteNextUrlThenFormActionNamesItsOrigin() {
		ResetPageProperties properties = new ResetPageProperties(true,
				" https://Accounts.Example.com:8443/password/new ");
		assertThat(properties.nextOrigin()).contains("https://accounts.example.com:8443");
		assertThat(ResetPageFilter.contentSecurityPolicy(properties))
			.contains("; form-action 'self' https://accounts.example.com:8443; ");
	}

	@Test
	void cspWhenPathNextUrlThenSelfOnly() {
		ResetPageProperties properties = new ResetPageProperties(true, "/password/new");
		assertThat(properties.nextOrigin()).isEmpty();
		assertThat(ResetPageFilter.contentSecurityPolicy(properties)).contains("; form-action 'self'; ");
	}

	@Test
	void nextWhenEmptyThenNone() {
		assertThat(new ResetPageProperties(false, "").next()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "javascript:alert(1)", "ftp://example.com/x", "password/new", "//evil.example/x",
			"https://example.com/new?resetToken=x", "https://example.com/new#x", "https://user@example.com/new",
			"https://exa mple.com/", "https:///path" })
	void nextUrlWhenUnusableThenRefusedAtStart(String nextUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ResetPageProperties(true, nextUrl))
			.withMessageContaining("RESET_UI_NEXT_URL");
	}

}
