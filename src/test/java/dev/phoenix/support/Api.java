package dev.phoenix.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the running service: real requests over loopback, answers
 * parsed as JSON.
 */
public final class Api {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Api(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public Reply requestCode(String email) {
		return post("/auth/reset-code", json(Map.of("email", email)));
	}

	public Reply verify(String email, String code) {
		return post("/auth/reset-code/verify", json(Map.of("email", email, "code", code)));
	}

	public Reply consume(String token, String bearer) {
		return send(HttpRequest.newBuilder(uri("/auth/reset-token/consume"))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + bearer)
			.POST(HttpRequest.BodyPublishers.ofString(json(Map.of("resetToken", token)))));
	}

	public Reply post(String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	public Reply get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	public Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response, parse(response.body()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The Prometheus scrape, {@code /actuator/prometheus}. */
	public String prometheus() {
		return get("/actuator/prometheus").response().body();
	}

	/**
	 * The value of one series in a scrape: a name with (part of) its label set
	 * ({@code redis_db_keys{db="db0"}}), or a name alone (its first series); null if
	 * absent.
	 */
	public static Double metric(String scrape, String series) {
		Pattern pattern = series.contains("{")
				? Pattern.compile("^" + Pattern.quote(series.substring(0, series.indexOf('{'))) + "\\{[^}]*"
						+ Pattern.quote(series.substring(series.indexOf('{') + 1, series.length() - 1))
						+ "[^}]*\\} (\\S+)$", Pattern.MULTILINE)
				: Pattern.compile("^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = pattern.matcher(scrape);
		return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
	}

	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	private static JsonNode parse(String body) {
		try {
			return JSON.readTree(body.isEmpty() ? "null" : body);
		}
		catch (RuntimeException ex) {
			// Not JSON (Swagger UI's HTML, say): assertions on the envelope then fail.
			return tools.jackson.databind.node.MissingNode.getInstance();
		}
	}

	public record Reply(int status, HttpResponse<String> response, JsonNode body) {

		public String errorCode() {
			return this.body.path("error").path("code").asString();
		}

		public JsonNode data() {
			return this.body.path("data");
		}

		public String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.response.body();
		}

	}

}
