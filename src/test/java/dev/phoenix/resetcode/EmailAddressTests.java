package dev.phoenix.resetcode;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmailAddressTests {

	private static Optional<String> canonical(String raw) {
		return Optional.ofNullable(EmailAddress.parse(raw).address()).map(EmailAddress::value);
	}

	@Test
	void parseWhenMixedCaseAndSpacesThenTrimmedAndFolded() {
		assertThat(canonical("  User@Example.COM \t")).hasValue("user@example.com");
	}

	@Test
	void parseWhenSameMailboxSpelledDifferentlyThenOneCanonicalForm() {
		assertThat(canonical("user@bücher.example")).hasValue("user@xn--bcher-kva.example");
		assertThat(canonical("user@xn--bcher-kva.example")).hasValue("user@xn--bcher-kva.example");
		assertThat(canonical("user@BÜCHER.example")).hasValue("user@xn--bcher-kva.example");
		// "ü" precomposed (NFC) and as u + combining diaeresis (NFD).
		assertThat(canonical("j\u00fcrgen@example.com")).isEqualTo(canonical("ju\u0308rgen@example.com"))
			.hasValue("j\u00fcrgen@example.com");
		assertThat(canonical("J\u00dcRGEN@example.com")).hasValue("j\u00fcrgen@example.com");
		// Full-width letters in the domain are the same labels (UTS #46 mapping).
		assertThat(canonical("user@\uff45xample.com")).hasValue("user@example.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "victim@example.com(x)", "(x)victim@example.com", "\"victim\"@example.com",
			"vic tim@example.com", ".victim@example.com", "victim.@example.com", "vic..tim@example.com",
			"victim@[127.0.0.1]", "victim@127.0.0.1", "victim@localhost", "victim@example..com", "victim@.example.com",
			"victim@example.com.", "victim@-example.com", "victim@example-.com", "victim@exa_mple.com",
			"victim@example.123", "victim@example.com\r\nBcc: c@d.com", "victim@example.com\nX: y",
			"vic\u0085tim@example.com", "vic\u200btim@example.com", "victim@@example.com", "@example.com", "victim@",
			"victimexample.com", "vic<tim@example.com", "vic,tim@example.com", "vic\\tim@example.com" })
	void parseWhenNotAStrictMailboxThenRejected(String raw) {
		assertThat(EmailAddress.parse(raw).address()).as(raw).isNull();
		assertThat(EmailAddress.parse(raw).problem()).isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "first.last@example.com", "user+tag@example.com", "o'brien@example.ie", "x@a.co",
			"사용자@example.kr", "user@例え.jp", "!#$%&'*+-/=?^_`{|}~@example.com" })
	void parseWhenStrictMailboxThenAccepted(String raw) {
		assertThat(EmailAddress.parse(raw).address()).as(raw).isNotNull();
	}

	@Test
	void parseWhenTooLongThenRejectedWithReason() {
		String longDomain = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(54)
				+ ".com";
		assertThat(EmailAddress.parse("abcdefghij@" + longDomain).problem())
			.isEqualTo("must be at most 254 characters");
		assertThat(canonical("a".repeat(65) + "@example.com")).isEmpty();
		assertThat(canonical("a".repeat(64) + "@example.com")).isPresent();
	}

	@Test
	void ofCanonicalWhenNotCanonicalThenRefused() {
		assertThat(EmailAddress.ofCanonical("user@xn--bcher-kva.example").value())
			.isEqualTo("user@xn--bcher-kva.example");
		assertThatIllegalArgumentException().isThrownBy(() -> EmailAddress.ofCanonical("User@example.com"));
		assertThatIllegalArgumentException().isThrownBy(() -> EmailAddress.ofCanonical("user@bücher.example"));
	}

	@Test
	void maskedWhenLoggedThenOnlyFirstCharacterAndDomain() {
		EmailAddress address = EmailAddress.parse("someone@example.com").address();
		assertThat(address.masked()).isEqualTo("s***@example.com");
		assertThat(address.toString()).doesNotContain("someone");
	}

}
