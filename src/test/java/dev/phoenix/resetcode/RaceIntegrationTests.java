package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.Concurrently;
import dev.phoenix.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twenty requests released at once by a latch: the scripts' atomicity, not luck, decides
 * who wins.
 */
class RaceIntegrationTests extends IntegrationTest {

	private static final String ADDRESS = "race@example.com";

	private static final int CALLERS = 20;

	@Autowired
	private MeterRegistry registry;

	@Test
	void verifyWhenTwentyRaceWithRightCodeThenExactlyOneSucceeds() throws Exception {
		this.api.requestCode(ADDRESS);
		String code = awaitCode();
		List<Reply> replies = race(() -> this.api.verify(ADDRESS, code));
		assertThat(replies).filteredOn((reply) -> reply.status() == 200).hasSize(1);
		assertThat(replies).filteredOn((reply) -> reply.status() != 200)
			.allSatisfy((reply) -> assertThat(reply.errorCode()).isEqualTo("CODE_EXPIRED"));
	}

	@Test
	void verifyWhenTwentyRaceWithWrongCodeThenAttemptsCannotBeStretched() throws Exception {
		this.api.requestCode(ADDRESS);
		String wrong = ResetFlowIntegrationTests.wrongCode(awaitCode());
		List<Reply> replies = race(() -> this.api.verify(ADDRESS, wrong));
		Map<String, Long> byCode = replies.stream()
			.collect(Collectors.groupingBy(Reply::errorCode, Collectors.counting()));
		assertThat(byCode).containsExactlyInAnyOrderEntriesOf(
				Map.of("INVALID_CODE", 4L, "TOO_MANY_ATTEMPTS", 1L, "CODE_EXPIRED", 15L));
		assertThat(replies).filteredOn((reply) -> "INVALID_CODE".equals(reply.errorCode()))
			.extracting((reply) -> reply.body().path("error").path("remainingAttempts").asInt())
			.containsExactlyInAnyOrder(4, 3, 2, 1);
	}

	@Test
	void requestCodeWhenTwentyRaceForOneAddressThenOneCodeAndOneMail() throws Exception {
		double issuedBefore = this.registry.counter("phoenix.reset.codes.issued").count();
		double sentBefore = this.registry.counter("phoenix.mail.sent").count();
		List<Reply> replies = race(() -> this.api.requestCode(ADDRESS));
		assertThat(replies).filteredOn((reply) -> reply.status() == 202).hasSize(1);
		assertThat(replies).filteredOn((reply) -> reply.status() != 202)
			.allSatisfy((reply) -> assertThat(reply.errorCode()).isEqualTo("RATE_LIMITED"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.counter("phoenix.mail.sent").count() == sentBefore + 1);
		assertThat(this.registry.counter("phoenix.reset.codes.issued").count()).isEqualTo(issuedBefore + 1);
		assertThat(this.mail.messagesTo(ADDRESS)).hasSize(1);
	}

	private String awaitCode() {
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.mail.messagesTo(ADDRESS).isEmpty());
		return this.mail.latestCodeFor(ADDRESS);
	}

	private static List<Reply> race(Callable<Reply> call) throws Exception {
		return Concurrently.run(CALLERS, call);
	}

}
