package dev.phoenix.mail;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.phoenix.resetcode.ResetCodeMailer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Sends code mails through SMTP on a small pool of its own threads, so the HTTP answer
 * never waits for the mail server. A failed send is retried with exponential backoff a
 * bounded number of times, then counted as failed; a full queue drops the mail and counts
 * it. Addresses are masked in every log line.
 */
final class SmtpResetCodeMailer implements ResetCodeMailer, DisposableBean {

	private static final Log logger = LogFactory.getLog(SmtpResetCodeMailer.class);

	private final JavaMailSender sender;

	private final ResetCodeMailComposer composer;

	private final String from;

	private final ThreadPoolExecutor executor;

	private final RetryTemplate retry;

	private final Counter sent;

	private final Counter failed;

	private final Counter dropped;

	private final Timer delivery;

	SmtpResetCodeMailer(JavaMailSender sender, ResetCodeMailComposer composer, MailProperties properties,
			MeterRegistry registry) {
		this.sender = sender;
		this.composer = composer;
		this.from = properties.from();
		this.executor = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), new CustomizableThreadFactory("mail-"));
		this.sent = Counter.builder("phoenix.mail.sent").description("Code mails sent").register(registry);
		this.failed = Counter.builder("phoenix.mail.failed")
			.description("Code mails given up after all retries")
			.register(registry);
		this.dropped = Counter.builder("phoenix.mail.dropped")
			.description("Code mails dropped because the send queue was full")
			.register(registry);
		Counter retries = Counter.builder("phoenix.mail.retries")
			.description("Retried sends of code mails")
			.register(registry);
		this.delivery = Timer.builder("phoenix.mail.delivery")
			.description("Time from accepting a code mail to the SMTP server taking it")
			.publishPercentileHistogram()
			.register(registry);
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(properties.retry().maxRetries())
			.delay(properties.retry().delay())
			.multiplier(properties.retry().multiplier())
			.maxDelay(properties.retry().maxDelay())
			.build());
		this.retry.setRetryListener(new RetryListener() {
			@Override
			public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
				retries.increment();
			}
		});
	}

	@Override
	public void send(ResetCodeMail mail) {
		long accepted = System.nanoTime();
		try {
			this.executor.execute(() -> deliver(mail, accepted));
		}
		catch (RejectedExecutionException ex) {
			this.dropped.increment();
			logger.error("Mail queue full; dropped the code mail to " + mail.to().masked());
		}
	}

	private void deliver(ResetCodeMail mail, long accepted) {
		try {
			MimeMessage message = toMessage(mail);
			this.retry.execute(() -> {
				this.sender.send(message);
				return null;
			});
			this.sent.increment();
			this.delivery.record(System.nanoTime() - accepted, TimeUnit.NANOSECONDS);
		}
		catch (RetryException | MessagingException | RuntimeException ex) {
			this.failed.increment();
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.error("Gave up sending the code mail to " + mail.to().masked() + ": "
					+ cause.getClass().getSimpleName());
		}
	}

	private MimeMessage toMessage(ResetCodeMail mail) throws MessagingException {
		ResetCodeMailComposer.ComposedMail composed = this.composer.compose(mail);
		MimeMessage message = this.sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		helper.setFrom(this.from);
		helper.setTo(mail.to().value());
		helper.setSubject(composed.subject());
		helper.setText(composed.text(), composed.html());
		return message;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
			logger.warn("Stopped with " + this.executor.getQueue().size() + " code mails unsent");
			this.executor.shutdownNow();
		}
	}

}
