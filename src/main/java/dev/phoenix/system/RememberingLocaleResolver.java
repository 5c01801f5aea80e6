package dev.phoenix.system;

import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * Spring's {@link AcceptHeaderLocaleResolver} (Korean by default, English on request,
 * anything else Korean), remembering what each {@code Accept-Language} value resolved to.
 * Spring MVC asks for the locale several times per request (the handler's argument, each
 * localized message), and each time the server parses the header again: about 4 % of a
 * code request's CPU. What a value resolves to depends on the value alone, and clients
 * send few distinct ones; the map is bounded all the same, and long or repeated headers
 * are resolved every time.
 */
final class RememberingLocaleResolver extends AcceptHeaderLocaleResolver {

	private static final int MAX_REMEMBERED = 1_000;

	private static final int MAX_REMEMBERED_LENGTH = 100;

	private final Map<String, Locale> resolved = new ConcurrentHashMap<>();

	RememberingLocaleResolver() {
		setSupportedLocales(List.of(Locale.KOREAN, Locale.ENGLISH));
		setDefaultLocale(Locale.KOREAN);
	}

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(HttpHeaders.ACCEPT_LANGUAGE);
		String value = values.hasMoreElements() ? values.nextElement() : null;
		if (value == null || value.length() > MAX_REMEMBERED_LENGTH || values.hasMoreElements()) {
			return super.resolveLocale(request);
		}
		Locale locale = this.resolved.get(value);
		if (locale == null) {
			locale = super.resolveLocale(request);
			if (this.resolved.size() < MAX_REMEMBERED) {
				this.resolved.put(value, locale);
			}
		}
		return locale;
	}

}
