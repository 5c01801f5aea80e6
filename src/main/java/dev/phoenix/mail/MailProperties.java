package dev.phoenix.mail;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * SMTP settings from {@code MAIL_*}, and how delivery retries. Without a host, the dev
 * profile logs mails instead of sending them.
 */
@Validated
@ConfigurationProperties("phoenix.mail")
public record MailProperties(@Nullable String host, @DefaultValue("587") int port, @Nullable String username,
		@Nullable String password, @DefaultValue("no-reply@phoenix.local") @NotBlank String from,
		@DefaultValue("true") boolean starttls,
		@DefaultValue("5s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration timeout,
		@DefaultValue("1000") @Min(1) int queueCapacity, @DefaultValue("2") @Min(1) int workers,
		@DefaultValue @Valid Retry retry) {

	public boolean smtpConfigured() {
		return StringUtils.hasText(this.host);
	}

	@Override
	public String toString() {
		return "MailProperties[host=" + this.host + ", port=" + this.port + ", from=" + this.from + "]";
	}

	/** Exponential backoff: {@code delay}, then times {@code multiplier}, at most {@code maxDelay}. */
	public record Retry(@DefaultValue("3") @Min(0) int maxRetries,
			@DefaultValue("1s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration delay,
			@DefaultValue("2") double multiplier,
			@DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration maxDelay) {
	}

}
