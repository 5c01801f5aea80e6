package dev.phoenix.resetpage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reference page: whether it is served ({@code RESET_UI_ENABLED}) and where it POSTs
 * the reset token after a successful verify ({@code RESET_UI_NEXT_URL}: an absolute
 * http(s) URL, or a path on this host; empty, the page only says where the token would
 * go).
 */
@ConfigurationProperties("phoenix.reset-ui")
public record ResetPageProperties(@DefaultValue("false") boolean enabled, @DefaultValue("") String nextUrl) {

	public ResetPageProperties {
		nextUrl = nextUrl.trim();
		if (!nextUrl.isEmpty()) {
			validate(nextUrl);
		}
	}

	/** Where the token goes, if anywhere. */
	public Optional<URI> next() {
		return this.nextUrl.isEmpty() ? Optional.empty() : Optional.of(URI.create(this.nextUrl));
	}

	/**
	 * The origin of an absolute next URL, for the page's {@code form-action}; a path on
	 * this host is already covered by {@code 'self'}.
	 */
	Optional<String> nextOrigin() {
		return next().filter(URI::isAbsolute).map((uri) -> {
			String origin = uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase();
			return (uri.getPort() != -1) ? origin + ":" + uri.getPort() : origin;
		});
	}

	/**
	 * Refuses at start what the page could not use safely: a relative path without a
	 * leading slash, a scheme other than http(s) ({@code javascript:} above all), an
	 * authority the CSP header cannot name, a query or fragment (the token goes in the
	 * body, and a URL that already carries data hints at a mistake).
	 */
	private static void validate(String nextUrl) {
		URI uri;
		try {
			uri = new URI(nextUrl);
		}
		catch (URISyntaxException ex) {
			throw invalid(nextUrl, "is not a URL");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw invalid(nextUrl, "must have no query or fragment");
		}
		if (uri.isAbsolute()) {
			String scheme = uri.getScheme().toLowerCase();
			if (!scheme.equals("https") && !scheme.equals("http")) {
				throw invalid(nextUrl, "must be an http or https URL");
			}
			if (uri.getHost() == null || uri.getRawUserInfo() != null) {
				throw invalid(nextUrl, "must name a host (and no user)");
			}
		}
		else if (!nextUrl.startsWith("/") || nextUrl.startsWith("//")) {
			throw invalid(nextUrl, "must be an absolute http(s) URL or a path starting with /");
		}
	}

	private static IllegalArgumentException invalid(String nextUrl, String reason) {
		return new IllegalArgumentException("phoenix.reset-ui.next-url (RESET_UI_NEXT_URL) " + reason + ": " + nextUrl);
	}

}
