package dev.phoenix.resetpage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves {@code static/reset/index.html} at {@code /reset}, with the next URL filled in
 * (the page reads it from a {@code meta} tag: no inline script, and the token's
 * destination is the operator's choice, never the query string's). The raw template is
 * never served: {@code /reset/index.html} answers the same page. A page, not part of the
 * API: hidden from the OpenAPI description.
 */
@Controller
@Hidden
@ConditionalOnBooleanProperty("phoenix.reset-ui.enabled")
class ResetPageController {

	static final String TEMPLATE = "static/reset/index.html";

	static final String NEXT_URL_PLACEHOLDER = "<meta name=\"phoenix-next-url\" content=\"\">";

	private static final MediaType HTML_UTF8 = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private final String page;

	ResetPageController(ResetPageProperties properties) {
		String template = read(TEMPLATE);
		if (!template.contains(NEXT_URL_PLACEHOLDER)) {
			throw new IllegalStateException(TEMPLATE + " lacks " + NEXT_URL_PLACEHOLDER);
		}
		String nextUrl = properties.next().map((uri) -> HtmlUtils.htmlEscape(uri.toString())).orElse("");
		this.page = template.replace(NEXT_URL_PLACEHOLDER,
				"<meta name=\"phoenix-next-url\" content=\"" + nextUrl + "\">");
	}

	@GetMapping({ ResetPageFilter.PATH, ResetPageFilter.PATH + "/index.html" })
	ResponseEntity<String> page() {
		return ResponseEntity.ok().contentType(HTML_UTF8).body(this.page);
	}

	private static String read(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
