package dev.phoenix.mail;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * SMTP settings from {@code MAIL_*}. Without a host, the dev profile logs mails instead of
 * sending them. {@code timeout} bounds each connect, read and write of one send.
 */
@Validated
@ConfigurationProperties("phoenix.mail")
public record MailProperties(@Nullable String host, @DefaultValue("587") int port, @Nullable String username,
		@Nullable String password, @DefaultValue("no-reply@phoenix.local") @NotBlank String from,
		@DefaultValue("true") boolean starttls,
		@DefaultValue("5s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration timeout) {

	public boolean smtpConfigured() {
		return StringUtils.hasText(this.host);
	}

	@Override
	public String toString() {
		return "MailProperties[host=" + this.host + ", port=" + this.port + ", from=" + this.from + "]";
	}

}
