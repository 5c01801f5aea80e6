package dev.phoenix.resetpage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Step 3 with a next URL on another origin, as in the product: the page POSTs the reset
 * token as the form field {@code resetToken} (never in the URL), the CSP's
 * {@code form-action} lets it, and the token received is one the password service can
 * consume.
 */
class ResetPageNextUrlBrowserTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** The password service's page: records what it is sent. */
	private static final PasswordService passwordService = new PasswordService();

	private static HeadlessChromium browser;

	@DynamicPropertySource
	static void nextUrl(DynamicPropertyRegistry registry) {
		registry.add("phoenix.reset-ui.next-url", passwordService::url);
	}

	@BeforeAll
	static void startBrowser() {
		browser = HeadlessChromium.start("ko-KR");
	}

	@AfterAll
	static void stopAll() {
		if (browser != null) {
			browser.close();
		}
		passwordService.stop();
	}

	@Test
	void doneWhenNextUrlSetThenTokenPostedInFormBodyAndConsumable() {
		String address = "page-next@browser.example";
		Reply page = this.api.get("/reset");
		assertThat(page.header("Content-Security-Policy"))
			.contains("form-action 'self' " + passwordService.origin() + ";");

		browser.driver.get(this.api.uri("/reset").toString());
		await().atMost(WAIT).until(() -> browser.script("return document.documentElement.dataset.ready") != null);
		browser.severeLogs();
		browser.driver.findElement(By.id("email")).sendKeys(address, Keys.ENTER);
		await().atMost(WAIT).until(() -> browser.driver.findElement(By.id("step-code")).isDisplayed());
		browser.driver.findElement(By.id("code")).sendKeys(awaitCodeNumber(address, 1), Keys.ENTER);
		await().atMost(WAIT).until(() -> browser.driver.findElement(By.id("next-submit")).isDisplayed());
		assertThat(browser.driver.findElement(By.id("next-missing")).isDisplayed()).isFalse();
		assertThat(browser.script("return document.activeElement.id")).isEqualTo("next-submit");
		assertThat(browser.driver.findElement(By.name("resetToken")).getDomProperty("value")).isEmpty();
		browser.screenshot("frontend-step3-next");

		browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);

		await().atMost(WAIT).until(() -> !passwordService.received.isEmpty());
		assertThat(passwordService.failures).isEmpty();
		Received received = passwordService.received.get(0);
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.query()).isNull();
		assertThat(received.contentType()).startsWith("application/x-www-form-urlencoded");
		assertThat(received.body()).startsWith("resetToken=");
		String token = URLDecoder.decode(received.body().substring("resetToken=".length()), StandardCharsets.UTF_8);
		await().atMost(WAIT).until(() -> browser.driver.getPageSource().contains("password service"));
		assertThat(browser.severeLogs()).isEmpty();

		Reply consumed = this.api.consume(token, INTERNAL_TOKEN);
		assertThat(consumed.status()).isEqualTo(200);
		assertThat(consumed.data().path("email").asString()).isEqualTo(address);
	}

	record Received(String method, String query, String contentType, String body) {
	}

	/**
	 * A stand-in for the password service's "new password" page, on a port (an origin) of
	 * its own. A failure on its thread is kept and fails the test.
	 */
	static final class PasswordService {

		final List<Received> received = new CopyOnWriteArrayList<>();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		private final HttpServer server;

		PasswordService() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server.createContext("/password/new", this::handle);
			this.server.start();
		}

		String origin() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		String url() {
			return origin() + "/password/new";
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
						exchange.getRequestHeaders().getFirst("Content-Type"), body));
				byte[] page = "<!doctype html><title>ok</title><link rel=\"icon\" href=\"data:,\"><p>password service</p>"
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
				exchange.sendResponseHeaders(200, page.length);
				exchange.getResponseBody().write(page);
			}
			catch (RuntimeException | IOException | Error ex) {
				this.failures.add(ex);
				throw ex;
			}
		}

		void stop() {
			this.server.stop(0);
		}

	}

}
