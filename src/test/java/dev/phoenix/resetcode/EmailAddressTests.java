package dev.phoenix.resetcode;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressTests {

	private static Optional<EmailAddress> parse(String raw) {
		String normalized = EmailAddress.normalize(raw);
		return EmailAddress.problemWith(normalized).isPresent() ? Optional.empty()
				: Optional.of(new EmailAddress(normalized));
	}

	@Test
	void parseWhenMixedCaseAndSpacesThenTrimmedAndLowerCased() {
		assertThat(parse("  User@Example.COM \t")).map(EmailAddress::value).hasValue("user@example.com");
	}

	@Test
	void parseWhenHeaderInjectionAttemptedThenRejected() {
		assertThat(parse("a@b.com\r\nBcc: c@d.com")).isEmpty();
		assertThat(parse("a@b.com\nX: y")).isEmpty();
		assertThat(parse("a\u0085b@c.com")).isEmpty();
	}

	@Test
	void parseWhenOver254CharactersThenRejectedWithReason() {
		String tooLong = "a".repeat(249) + "@b.com";
		assertThat(parse(tooLong)).isEmpty();
		assertThat(EmailAddress.problemWith(tooLong)).hasValue("must be at most 254 characters");
		assertThat(parse("a".repeat(248) + "@b.com")).isPresent();
	}

	@Test
	void parseWhenNotExactlyOneAtWithTextAroundThenRejected() {
		assertThat(parse("ab.com")).isEmpty();
		assertThat(parse("a@@b.com")).isEmpty();
		assertThat(parse("@b.com")).isEmpty();
		assertThat(parse("a@")).isEmpty();
	}

	@Test
	void maskedWhenLoggedThenOnlyFirstCharacterAndDomain() {
		EmailAddress address = parse("someone@example.com").orElseThrow();
		assertThat(address.masked()).isEqualTo("s***@example.com");
		assertThat(address.toString()).doesNotContain("someone");
	}

}
