package dev.phoenix.mail;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Mail delivery counters and timer, registered whichever mailer runs, so dashboards and
 * alerts find the same series in dev and prod.
 */
@Component
class MailMetrics {

	private final Counter sent;

	private final Counter failed;

	private final Counter retries;

	private final Counter dropped;

	private final Timer delivery;

	MailMetrics(MeterRegistry registry) {
		this.sent = Counter.builder("phoenix.mail.sent").description("Code mails sent").register(registry);
		this.failed = Counter.builder("phoenix.mail.failed")
			.description("Code mails given up after all retries")
			.register(registry);
		this.retries = Counter.builder("phoenix.mail.retries")
			.description("Retried sends of code mails")
			.register(registry);
		this.dropped = Counter.builder("phoenix.mail.dropped")
			.description("Code mails dropped because the send queue was full")
			.register(registry);
		this.delivery = Timer.builder("phoenix.mail.delivery")
			.description("Time from accepting a code mail to the SMTP server taking it")
			.publishPercentileHistogram()
			.register(registry);
	}

	void sent(Duration sinceAccepted) {
		this.sent.increment();
		this.delivery.record(sinceAccepted);
	}

	void failed() {
		this.failed.increment();
	}

	void retried() {
		this.retries.increment();
	}

	void dropped() {
		this.dropped.increment();
	}

}
