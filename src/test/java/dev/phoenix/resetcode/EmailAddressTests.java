package dev.phoenix.resetcode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressTests {

	@Test
	void parseWhenMixedCaseAndSpacesThenTrimmedAndLowerCased() {
		assertThat(EmailAddress.parse("  User@Example.COM \t")).map(EmailAddress::value).hasValue("user@example.com");
	}

	@Test
	void parseWhenHeaderInjectionAttemptedThenRejected() {
		assertThat(EmailAddress.parse("a@b.com\r\nBcc: c@d.com")).isEmpty();
		assertThat(EmailAddress.parse("a@b.com\nX: y")).isEmpty();
		assertThat(EmailAddress.parse("a\u0085b@c.com")).isEmpty();
	}

	@Test
	void parseWhenOver254CharactersThenRejectedWithReason() {
		String tooLong = "a".repeat(249) + "@b.com";
		assertThat(EmailAddress.parse(tooLong)).isEmpty();
		assertThat(EmailAddress.problemWith(tooLong)).hasValue("must be at most 254 characters");
		assertThat(EmailAddress.parse("a".repeat(248) + "@b.com")).isPresent();
	}

	@Test
	void parseWhenNotExactlyOneAtWithTextAroundThenRejected() {
		assertThat(EmailAddress.parse("ab.com")).isEmpty();
		assertThat(EmailAddress.parse("a@@b.com")).isEmpty();
		assertThat(EmailAddress.parse("@b.com")).isEmpty();
		assertThat(EmailAddress.parse("a@")).isEmpty();
	}

	@Test
	void maskedWhenLoggedThenOnlyFirstCharacterAndDomain() {
		EmailAddress address = EmailAddress.parse("someone@example.com").orElseThrow();
		assertThat(address.masked()).isEqualTo("s***@example.com");
		assertThat(address.toString()).doesNotContain("someone");
	}

}
