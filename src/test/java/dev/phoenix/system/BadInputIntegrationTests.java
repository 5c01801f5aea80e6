package dev.phoenix.system;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.phoenix.support.Api;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every shape, on every endpoint: always the envelope with the right 4xx,
 * never a 500, a stack trace or an HTML page, and nothing stored.
 */
class BadInputIntegrationTests extends IntegrationTest {

	private static final List<String> ENDPOINTS = List.of("/auth/reset-code", "/auth/reset-code/verify",
			"/auth/reset-token/consume");

	static Stream<Arguments> malformedBodies() {
		List<Arguments> cases = new ArrayList<>();
		List<String> bodies = List.of("", "{", "not json", "null", "[]", "\"text\"", "42", "{\"email\":}",
				"{\"email\":\"a@b.c\"} trailing", "{\"email\":\"a@b.c\",\"email\":\"x@y.z\"}", "{'email':'a@b.c'}",
				"{\"email\":\"a@b.c\"", "\u0000\u0001\u0002");
		for (String endpoint : ENDPOINTS) {
			for (String body : bodies) {
				cases.add(Arguments.of(endpoint, body));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest
	@MethodSource("malformedBodies")
	void postWhenBodyMalformedThenInvalidRequest(String endpoint, String body) {
		Reply reply = this.api.post(endpoint, body, "Authorization", "Bearer " + INTERNAL_TOKEN);
		assertEnvelope(reply, 400, "INVALID_REQUEST");
		assertThat(reply.body().path("error").path("fields").isArray()).isTrue();
	}

	static Stream<Arguments> illTypedFields() {
		return Stream.of(Arguments.of("/auth/reset-code", "{\"email\":123}", "email"),
				Arguments.of("/auth/reset-code", "{\"email\":true}", "email"),
				Arguments.of("/auth/reset-code", "{\"email\":1.5}", "email"),
				Arguments.of("/auth/reset-code", "{\"email\":[\"a@b.c\"]}", "email"),
				Arguments.of("/auth/reset-code", "{\"email\":{\"x\":1}}", "email"),
				Arguments.of("/auth/reset-code", "{\"email\":null}", "email"),
				Arguments.of("/auth/reset-code", "{}", "email"),
				Arguments.of("/auth/reset-code/verify", "{\"email\":\"a@b.c\",\"code\":123456}", "code"),
				Arguments.of("/auth/reset-code/verify", "{\"email\":\"a@b.c\",\"code\":null}", "code"),
				Arguments.of("/auth/reset-code/verify", "{\"email\":\"a@b.c\"}", "code"),
				Arguments.of("/auth/reset-code/verify", "{\"email\":42,\"code\":\"123456\"}", "email"),
				Arguments.of("/auth/reset-token/consume", "{\"resetToken\":12}", "resetToken"),
				Arguments.of("/auth/reset-token/consume", "{\"resetToken\":null}", "resetToken"),
				Arguments.of("/auth/reset-token/consume", "{\"resetToken\":[]}", "resetToken"));
	}

	@ParameterizedTest
	@MethodSource("illTypedFields")
	void postWhenFieldMissingOrIllTypedThenInvalidRequestNamingIt(String endpoint, String body, String field) {
		Reply reply = this.api.post(endpoint, body, "Authorization", "Bearer " + INTERNAL_TOKEN);
		assertEnvelope(reply, 400, "INVALID_REQUEST");
		assertThat(reply.body().path("error").path("fields").get(0).path("field").asString()).isEqualTo(field);
	}

	static Stream<String> badAddresses() {
		return Stream.of("", "   ", "plain", "@example.com", "user@", "a@b@c.com", "us er@example.com",
				"user@exa mple.com", "user\r\n@example.com", "user@example.com\r\nBcc: victim@example.com",
				"user\u0000@example.com", "user\t@example.com", "user\u2028@example.com", "<user@example.com>",
				"a".repeat(250) + "@x.com", "user@example.com, other@example.com");
	}

	@ParameterizedTest
	@MethodSource("badAddresses")
	void requestCodeWhenAddressInvalidThenInvalidRequestAndNothingStored(String address) {
		Reply reply = this.api.post("/auth/reset-code", Api.json(Map.of("email", address)));
		assertEnvelope(reply, 400, "INVALID_REQUEST");
		assertThat(reply.body().path("error").path("fields").get(0).path("field").asString()).isEqualTo("email");
		// Only the outbox stream (recreated empty by the workers after each test's
		// FLUSHDB) may exist.
		assertThat(this.redisTemplate.keys("*")).allMatch("reset_code:{outbox}"::equals);
		assertThat(this.redisTemplate.opsForStream().size("reset_code:{outbox}")).isIn(null, 0L);
		assertThat(this.mail.allMessages()).isEmpty();
	}

	@Test
	void requestCodeWhenUnicodeAddressThenAcceptedAndMailed() {
		assertThat(this.api.requestCode("사용자@example.com").status()).isEqualTo(202);
		assertThat(this.api.requestCode("ÜSER@EXAMPLE.COM").status()).isEqualTo(202);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.mail.allMessages().size() == 2);
	}

	@Test
	void postWhenContentTypeWrongThenUnsupportedMediaType() {
		for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
			Reply reply = this.api.post("/auth/reset-code", "{\"email\":\"a@b.c\"}", "Content-Type", type);
			assertEnvelope(reply, 415, "UNSUPPORTED_MEDIA_TYPE");
		}
		Reply none = this.api.send(HttpRequest.newBuilder(this.api.uri("/auth/reset-code"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@b.c\"}")));
		assertEnvelope(none, 415, "UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void postWhenBodyOver16KiBThenPayloadTooLarge() {
		String huge = "{\"email\":\"" + "a".repeat(20_000) + "@example.com\"}";
		assertEnvelope(this.api.post("/auth/reset-code", huge), 413, "PAYLOAD_TOO_LARGE");
		Reply chunked = this.api.send(HttpRequest.newBuilder(this.api.uri("/auth/reset-code"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))));
		assertThat(chunked.status()).isIn(400, 413);
		assertThat(chunked.body().path("success").asBoolean(true)).isFalse();
	}

	@Test
	void requestWhenPathUnknownOrMethodWrongThenEnvelope() {
		assertEnvelope(this.api.get("/nope"), 404, "NOT_FOUND");
		assertEnvelope(this.api.post("/auth/nope", "{}"), 404, "NOT_FOUND");
		assertEnvelope(this.api.get("/auth/reset-code"), 405, "METHOD_NOT_ALLOWED");
		assertEnvelope(this.api.send(HttpRequest.newBuilder(this.api.uri("/auth/reset-code/verify"))
			.method("DELETE", HttpRequest.BodyPublishers.noBody())), 405, "METHOD_NOT_ALLOWED");
		assertEnvelope(this.api.post("/auth/redis/health", "{}"), 405, "METHOD_NOT_ALLOWED");
		assertEnvelope(this.api.get("/nope", "Accept", "text/html"), 404, "NOT_FOUND");
		assertEnvelope(this.api.post("/auth/reset-code", "{\"email\":1}", "Accept", "text/html"), 400,
				"INVALID_REQUEST");
	}

	@Test
	void requestWhenUrlRejectedByContainerThenEnvelope() throws IOException {
		for (String target : List.of("/auth/<script>", "/auth/{x}|^", "/auth/%2F..%2Fetc", "/a%2Fb", "/%2e%2e/x",
				"/auth/\u00e9t\u00e9", "/auth/reset-code?x=<>")) {
			RawReply reply = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(reply.status()).as(target).isBetween(400, 499);
			assertThat(reply.contentType()).as(target).startsWith("application/json");
			JsonNode body = JsonMapper.builder().build().readTree(reply.body());
			assertThat(body.path("success").asBoolean(true)).isFalse();
			assertThat(body.path("error").path("code").asString()).isNotBlank();
			assertThat(reply.body()).doesNotContain("<html").doesNotContain("Exception");
		}
	}

	/**
	 * The JDK's client sends a body right after its headers; an answer that does not read
	 * it (a 401 here) must still leave the connection usable for the next request.
	 */
	@Test
	void answerWithoutReadingTheBodyThenConnectionKeptForTheNextRequest() throws IOException {
		String body = "{\"resetToken\":\"x.y\"}";
		byte[] head = ("POST /auth/reset-token/consume HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			for (int i = 0; i < 50; i++) {
				out.write(head);
				out.flush();
				out.write(body.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(readStatus(in)).as("answer %d on one connection", i + 1).isEqualTo(401);
			}
		}
	}

	/**
	 * The status of the next answer on the connection, its body skipped; -1 if closed.
	 */
	private static int readStatus(InputStream in) throws IOException {
		String statusLine = readLine(in);
		if (statusLine == null) {
			return -1;
		}
		long length = 0;
		boolean chunked = false;
		for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
		}
		if (chunked) {
			for (long size = Long.parseLong(readLine(in).trim(), 16); size > 0; size = Long
				.parseLong(readLine(in).trim(), 16)) {
				in.skipNBytes(size + 2);
			}
			readLine(in);
		}
		else {
			in.skipNBytes(length);
		}
		return Integer.parseInt(statusLine.substring(9, 12));
	}

	private static @Nullable String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				return null;
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	private RawReply raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int headerEnd = text.indexOf("\r\n\r\n");
			String head = text.substring(0, headerEnd);
			String body = text.substring(headerEnd + 4);
			if (head.toLowerCase().contains("transfer-encoding: chunked")) {
				body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
			}
			int status = Integer.parseInt(head.substring(9, 12));
			String contentType = head.lines()
				.filter((line) -> line.toLowerCase().startsWith("content-type:"))
				.map((line) -> line.substring(13).trim())
				.findFirst()
				.orElse("");
			return new RawReply(status, contentType, body);
		}
	}

	private static void assertEnvelope(Reply reply, int status, String code) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
		assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
		assertThat(reply.body().path("success").asBoolean(true)).isFalse();
		assertThat(reply.errorCode()).isEqualTo(code);
		assertThat(reply.body().path("message").asString()).isNotBlank();
		assertThat(reply.response().body()).doesNotContain("Exception").doesNotContain("at dev.phoenix");
	}

	private record RawReply(int status, String contentType, String body) {
	}

}
