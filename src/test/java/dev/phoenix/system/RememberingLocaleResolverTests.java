package dev.phoenix.system;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each Accept-Language value resolves to, asked for the first time and again (then
 * from what the resolver remembers): always what Spring's resolver answers.
 */
class RememberingLocaleResolverTests {

	private final RememberingLocaleResolver resolver = new RememberingLocaleResolver();

	@Test
	void resolveThenKoreanByDefaultEnglishOnRequestAndTheSameAnswerTheSecondTime() {
		for (int round = 0; round < 2; round++) {
			assertThat(resolve()).isEqualTo(Locale.KOREAN);
			assertThat(resolve("en")).isEqualTo(Locale.ENGLISH);
			assertThat(resolve("en-US,en;q=0.9")).isEqualTo(Locale.ENGLISH);
			assertThat(resolve("ko-KR,ko;q=0.9,en;q=0.8")).isEqualTo(Locale.KOREAN);
			assertThat(resolve("fr-FR")).isEqualTo(Locale.KOREAN);
			assertThat(resolve("fr;q=0.9, en;q=0.5")).isEqualTo(Locale.ENGLISH);
			assertThat(resolve("en;q=0.1, ko;q=0.8")).isEqualTo(Locale.KOREAN);
		}
	}

	@Test
	void resolveWhenTwoHeadersThenAsSpringsResolverEvenAfterTheFirstAloneWasRemembered() {
		assertThat(resolve("fr")).isEqualTo(Locale.KOREAN);
		assertThat(resolve("fr", "en")).isEqualTo(springsAnswer("fr", "en"));
		assertThat(resolve("en")).isEqualTo(Locale.ENGLISH);
		assertThat(resolve("en", "fr")).isEqualTo(springsAnswer("en", "fr"));
	}

	@Test
	void resolveWhenValueLongThenStillResolved() {
		String padding = String.join(",", List.of("fr;q=0.3", "de;q=0.2", "it;q=0.2", "es;q=0.2", "pt;q=0.2",
				"nl;q=0.2", "sv;q=0.2", "da;q=0.2", "fi;q=0.2", "pl;q=0.2", "cs;q=0.2"));
		assertThat(resolve(padding + ",en;q=0.1")).isEqualTo(Locale.ENGLISH);
		assertThat(resolve(padding)).isEqualTo(Locale.KOREAN);
	}

	private Locale resolve(String... acceptLanguage) {
		Locale locale = this.resolver.resolveLocale(request(acceptLanguage));
		assertThat(locale).isEqualTo(springsAnswer(acceptLanguage));
		return locale;
	}

	/** What the resolver Phoenix used before, configured the same, answers. */
	private static Locale springsAnswer(String... acceptLanguage) {
		AcceptHeaderLocaleResolver spring = new AcceptHeaderLocaleResolver();
		spring.setSupportedLocales(List.of(Locale.KOREAN, Locale.ENGLISH));
		spring.setDefaultLocale(Locale.KOREAN);
		return spring.resolveLocale(request(acceptLanguage));
	}

	private static MockHttpServletRequest request(String... acceptLanguage) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/reset-code");
		for (String value : acceptLanguage) {
			request.addHeader("Accept-Language", value);
		}
		return request;
	}

}
