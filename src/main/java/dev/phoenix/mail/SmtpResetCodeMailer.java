package dev.phoenix.mail;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.phoenix.resetcode.ResetCodeMailer;
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

	private final MailMetrics metrics;

	SmtpResetCodeMailer(JavaMailSender sender, ResetCodeMailComposer composer, MailProperties properties,
			MailMetrics metrics) {
		this.sender = sender;
		this.composer = composer;
		this.from = properties.from();
		this.executor = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), new CustomizableThreadFactory("mail-"));
		this.metrics = metrics;
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(properties.retry().maxRetries())
			.delay(properties.retry().delay())
			.multiplier(properties.retry().multiplier())
			.maxDelay(properties.retry().maxDelay())
			.build());
		this.retry.setRetryListener(new RetryListener() {
			@Override
			public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
				metrics.retried();
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
			this.metrics.dropped();
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
			this.metrics.sent(Duration.ofNanos(System.nanoTime() - accepted));
		}
		catch (RetryException | MessagingException | RuntimeException ex) {
			this.metrics.failed();
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
