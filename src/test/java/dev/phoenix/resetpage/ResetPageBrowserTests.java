package dev.phoenix.resetpage;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.phoenix.support.IntegrationTest;
import dev.phoenix.support.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference page in a real browser (headless Chromium), against the real service on
 * real Redis and GreenMail, in the dev profile's setup: no next URL, so step 3 only says
 * where the token would go. One browser for the class; each test opens the page afresh.
 */
class ResetPageBrowserTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static HeadlessChromium browser;

	@BeforeAll
	static void startBrowser() {
		browser = HeadlessChromium.start("ko-KR");
	}

	@AfterAll
	static void quitBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@BeforeEach
	void forgetEarlierLogs() {
		browser.severeLogs();
	}

	@AfterEach
	void reloadRedis() {
		// A test may have stopped it; the next one starts from a running server.
		RedisTestServer.shared().start();
	}

	@Test
	void flowWhenCodeFromMailThenDoneWithoutShowingToken() {
		String address = "page-flow@browser.example";
		open();
		assertThat(browser.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ko");
		assertThat(text("step-email-title")).isEqualTo("1단계: 이메일 주소");
		WebElement email = element("email");
		assertThat(email.getDomAttribute("type")).isEqualTo("email");
		email.sendKeys(address);
		browser.screenshot("frontend-step1");
		email.sendKeys(Keys.ENTER);

		awaitVisible("step-code");
		WebElement code = element("code");
		assertThat(code.getDomAttribute("inputmode")).isEqualTo("numeric");
		assertThat(code.getDomAttribute("autocomplete")).isEqualTo("one-time-code");
		await().atMost(WAIT).until(() -> text("notice").equals("인증 코드를 이메일로 보냈습니다."));
		assertThat(activeId()).isEqualTo("code");
		assertThat(text("code-address")).isEqualTo(address);
		assertThat(element("resend-wait").isDisplayed()).isTrue();
		assertThat(text("resend-countdown")).matches("1분|\\d{1,2}초");
		assertThat(element("resend").getDomAttribute("aria-disabled")).isEqualTo("true");

		String mailed = awaitCodeNumber(address, 1);
		code.sendKeys(mailed);
		browser.screenshot("frontend-step2");
		code.sendKeys(Keys.ENTER);

		awaitVisible("step-done");
		await().atMost(WAIT).until(() -> text("notice").equals("인증 코드가 확인되었습니다."));
		assertThat(element("next-missing").isDisplayed()).isTrue();
		assertThat(element("next-form").isDisplayed()).isFalse();
		assertThat(activeId()).isEqualTo("start-over");
		String pageText = (String) browser.script("return document.documentElement.outerHTML");
		assertThat(pageText).doesNotContain(mailed).doesNotContainPattern("[A-Za-z0-9_.-]{30,}");
		assertThat(fitsPhoneWidth()).isTrue();
		browser.screenshot("frontend-step3");
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void verifyWhenWrongCodeThenRemainingAttemptsShownAndCodeKept() {
		String address = "page-wrong@browser.example";
		String wrong = otherThan(requestAndAwaitStepTwo(address, 1));
		WebElement code = element("code");
		code.sendKeys(wrong, Keys.ENTER);

		await().atMost(WAIT).until(() -> text("code-attempts").equals("남은 시도 횟수: 4회"));
		await().atMost(WAIT).until(() -> text("alert").equals("인증 코드가 올바르지 않습니다. 남은 시도 횟수: 4회"));
		assertThat(code.getDomProperty("value")).isEqualTo(wrong);
		assertThat(code.getDomAttribute("aria-invalid")).isEqualTo("true");
		assertThat(activeId()).isEqualTo("code");
		browser.screenshot("frontend-step2-wrong-code");
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void verifyWhenAttemptsUsedUpThenBackToStepOneWithAddressKept() {
		String address = "page-attempts@browser.example";
		String wrong = otherThan(requestAndAwaitStepTwo(address, 1));
		WebElement code = element("code");
		for (int remaining = 4; remaining >= 1; remaining--) {
			code.clear();
			code.sendKeys(wrong, Keys.ENTER);
			String expected = "남은 시도 횟수: " + remaining + "회";
			await().atMost(WAIT).until(() -> text("code-attempts").equals(expected));
		}
		code.clear();
		code.sendKeys(wrong, Keys.ENTER);

		awaitVisible("step-email");
		await().atMost(WAIT).until(() -> text("alert").equals("시도 횟수를 초과했습니다. 새 인증 코드를 요청하세요."));
		assertThat(element("email").getDomProperty("value")).isEqualTo(address);
		assertThat(activeId()).isEqualTo("email");
		// The resend cooldown of the first code still runs, and says so.
		assertThat(element("email-wait").isDisplayed()).isTrue();
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void requestWhenCooldownActiveThenLiveCountdownFromRetryAfter() {
		String address = "page-cooldown@browser.example";
		requestAndAwaitStepTwo(address, 1);
		// A second visit asks again at once: the service answers RATE_LIMITED,
		// Retry-After.
		open();
		element("email").sendKeys(address, Keys.ENTER);

		await().atMost(WAIT).until(() -> text("alert").startsWith("요청이 너무 많습니다. 잠시 후 다시 시도하세요."));
		assertThat(text("alert")).matches(".* (1분|\\d{1,2}초) 후에 새 코드를 요청할 수 있습니다\\.");
		assertThat(element("email-wait").isDisplayed()).isTrue();
		String first = text("email-countdown");
		assertThat(first).matches("1분|\\d{1,2}초");
		await().atMost(Duration.ofSeconds(3)).until(() -> !text("email-countdown").equals(first));
		assertThat(element("email").getDomProperty("value")).isEqualTo(address);
		browser.screenshot("frontend-cooldown");

		// The code of the first visit can still be entered.
		element("have-code").click();
		awaitVisible("step-code");
		element("code").sendKeys(awaitCodeNumber(address, 1), Keys.ENTER);
		awaitVisible("step-done");
		assertThat(this.mail.messagesTo(address)).hasSize(1);
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void flowWhenKeyboardOnlyThenFocusFollowsEachStep() {
		String address = "page-keyboard@browser.example";
		open();
		keys(Keys.TAB);
		assertThat(activeId()).isEqualTo("email");
		keys(address, Keys.ENTER);
		awaitVisible("step-code");
		await().atMost(WAIT).until(() -> "code".equals(activeId()));
		keys(awaitCodeNumber(address, 1), Keys.ENTER);
		awaitVisible("step-done");
		await().atMost(WAIT).until(() -> "start-over".equals(activeId()));
		keys(Keys.ENTER);
		awaitVisible("step-email");
		assertThat(activeId()).isEqualTo("email");
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void verifyWhenCodePastedWithSpacesThenAccepted() {
		String address = "page-paste@browser.example";
		String code = requestAndAwaitStepTwo(address, 1);
		String pasted = "  " + code.substring(0, 3) + " " + code.substring(3) + "\n";
		browser.script("const data = new DataTransfer(); data.setData('text/plain', arguments[1]);"
				+ "arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));",
				element("code"), pasted);
		assertThat(element("code").getDomProperty("value")).isEqualTo(code);
		element("code").sendKeys(Keys.ENTER);
		awaitVisible("step-done");
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void requestWhenStoreUnavailableThenRetryOfferedAndAddressKept() {
		String address = "page-unavailable@browser.example";
		open();
		RedisTestServer.shared().stop();
		element("email").sendKeys(address, Keys.ENTER);
		await().atMost(WAIT).until(() -> text("alert").equals("일시적으로 서비스를 사용할 수 없습니다. 잠시 후 다시 시도하세요."));
		assertThat(element("email-retry").isDisplayed()).isTrue();
		assertThat(activeId()).isEqualTo("email-retry");
		assertThat(element("email").getDomProperty("value")).isEqualTo(address);

		RedisTestServer.shared().start();
		await().atMost(WAIT).ignoreExceptions().until(() -> this.api.get("/auth/redis/health").status() == 200);
		keys(Keys.ENTER);
		awaitVisible("step-code");
		assertThat(awaitCodeNumber(address, 1)).isNotEmpty();
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void pageWhenEnglishBrowserThenEnglishPageAndApiMessages() {
		String address = "page-english@browser.example";
		try (HeadlessChromium english = HeadlessChromium.start("en-US")) {
			english.driver.get(this.api.uri("/reset").toString());
			await().atMost(WAIT)
				.until(() -> "en".equals(english.driver.findElement(By.tagName("html")).getDomAttribute("lang")));
			assertThat(english.driver.getTitle()).isEqualTo("Reset your password · Phoenix");
			assertThat(english.driver.findElement(By.id("email-submit")).getText()).isEqualTo("Send me a code");
			english.driver.findElement(By.id("email")).sendKeys(address, Keys.ENTER);
			await().atMost(WAIT)
				.until(() -> english.driver.findElement(By.id("notice"))
					.getText()
					.equals("We have e-mailed you a verification code."));
			String code = awaitCodeNumber(address, 1);
			assertThat(this.mail.messagesTo(address).get(0).getSubject())
				.isEqualTo("[Phoenix] Your password reset code");
			String wrong = otherThan(code);
			english.driver.findElement(By.id("code")).sendKeys(wrong, Keys.ENTER);
			await().atMost(WAIT)
				.until(() -> english.driver.findElement(By.id("alert"))
					.getText()
					.equals("The verification code is not correct. Attempts left: 4"));
			english.screenshot("frontend-step2-en");
			assertThat(english.severeLogs()).isEmpty();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void clientModuleWhenUsedAloneThenTypedResults() {
		String address = "page-module@browser.example";
		open();
		String script = """
				return import('/reset/phoenix-reset.js').then(async ({ createResetClient }) => {
				  const phoenix = createResetClient({ languages: ['en-GB', 'ko'] });
				  return {
				    noCode: await phoenix.verifyCode(arguments[0], '123456'),
				    badAddress: await phoenix.requestCode('not an address'),
				    sent: await phoenix.requestCode(arguments[0]),
				    again: await phoenix.requestCode(arguments[0]),
				  };
				});""";
		Map<String, Object> results = (Map<String, Object>) browser.script(script, address);
		assertThat((Map<String, Object>) results.get("noCode")).containsEntry("kind", "expired")
			.containsEntry("message", "There is no valid code. Please request a new one.");
		Map<String, Object> badAddress = (Map<String, Object>) results.get("badAddress");
		assertThat(badAddress).containsEntry("kind", "invalidRequest");
		assertThat((List<Map<String, Object>>) badAddress.get("fields")).extracting((field) -> field.get("field"))
			.containsExactly("email");
		assertThat((Map<String, Object>) results.get("sent")).containsEntry("kind", "ok")
			.containsEntry("expiresInSeconds", 600L)
			.containsEntry("resendAvailableInSeconds", 60L);
		Map<String, Object> again = (Map<String, Object>) results.get("again");
		assertThat(again).containsEntry("kind", "rateLimited").containsEntry("status", 429L);
		assertThat((Long) again.get("retryAfterSeconds")).isBetween(1L, 60L);
		assertThat(browser.severeLogs()).isEmpty();
	}

	@Test
	void consoleWhenInlineStyleInjectedThenViolationSeen() {
		// The log check above would see a CSP violation: shown here with a deliberate
		// one.
		open();
		browser.script("document.body.setAttribute('style', 'color: red')");
		await().atMost(WAIT)
			.until(() -> browser.severeLogs()
				.stream()
				.anyMatch((message) -> message.contains("Content Security Policy")));
	}

	private String requestAndAwaitStepTwo(String address, int mailNumber) {
		open();
		element("email").sendKeys(address, Keys.ENTER);
		awaitVisible("step-code");
		return awaitCodeNumber(address, mailNumber);
	}

	/** A well-formed code that is not the one mailed. */
	private static String otherThan(String mailed) {
		return mailed.equals("000000") ? "111111" : "000000";
	}

	private void open() {
		browser.driver.get(this.api.uri("/reset").toString());
		// The module marks the page once its forms are wired.
		await().atMost(WAIT).until(() -> browser.script("return document.documentElement.dataset.ready") != null);
	}

	private WebElement element(String id) {
		return browser.driver.findElement(By.id(id));
	}

	private String text(String id) {
		return element(id).getText();
	}

	private void awaitVisible(String id) {
		await().atMost(WAIT).until(() -> element(id).isDisplayed());
	}

	private String activeId() {
		return (String) browser.script("return document.activeElement && document.activeElement.id");
	}

	private void keys(CharSequence... keys) {
		new Actions(browser.driver).sendKeys(keys).perform();
	}

	private boolean fitsPhoneWidth() {
		return (Boolean) browser
			.script("return window.innerWidth <= 420 && document.documentElement.scrollWidth <= window.innerWidth");
	}

}
