package dev.phoenix.mail;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Mail delivery counters and timer. Low-cardinality only: never an address.
 */
@Component
public class MailMetrics {

	private final Counter sent;

	private final Counter failed;

	private final Counter retries;

	private final Counter skipped;

	private final Counter deadLetters;

	private final Timer delivery;

	MailMetrics(MeterRegistry registry) {
		this.sent = Counter.builder("phoenix.mail.sent").description("Code mails sent").register(registry);
		this.failed = Counter.builder("phoenix.mail.failed")
			.description("Failed attempts to send a code mail (each is retried until dead-lettered)")
			.register(registry);
		this.retries = Counter.builder("phoenix.mail.retries")
			.description("Redeliveries of code mails after a failure or a dead instance")
			.register(registry);
		this.skipped = Counter.builder("phoenix.mail.skipped")
			.description("Code mails not sent because the code was replaced, used or expired first")
			.register(registry);
		this.deadLetters = Counter.builder("phoenix.mail.dead.letters")
			.description("Code mails given up and moved to the dead-letter stream")
			.register(registry);
		this.delivery = Timer.builder("phoenix.mail.delivery")
			.description("Time from accepting a code request to the SMTP server taking its mail")
			.publishPercentileHistogram()
			.register(registry);
	}

	public void sent(Duration sinceAccepted) {
		this.sent.increment();
		this.delivery.record(sinceAccepted);
	}

	public void failed() {
		this.failed.increment();
	}

	public void retried() {
		this.retries.increment();
	}

	public void skipped() {
		this.skipped.increment();
	}

	public void deadLettered() {
		this.deadLetters.increment();
	}

}
