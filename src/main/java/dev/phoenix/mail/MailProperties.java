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
import java.util.Locale;

/**
 * SMTP settings from {@code MAIL_*}. Without a host, the dev profile logs mails instead
 * of sending them. {@code timeout} bounds each connect, read and write of one send.
 * {@code starttls} tries STARTTLS when the server offers it; {@link #startTlsRequired()}
 * says when the send must fail without it.
 */
@Validated
@ConfigurationProperties("phoenix.mail")
public record MailProperties(@Nullable String host, @DefaultValue("587") int port, @Nullable String username,
		@Nullable String password, @DefaultValue("no-reply@phoenix.local") @NotBlank String from,
		@DefaultValue("true") boolean starttls, @Nullable Boolean starttlsRequired,
		@DefaultValue("5s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration timeout) {

	public boolean smtpConfigured() {
		return StringUtils.hasText(this.host);
	}

	/**
	 * Whether the session must be upgraded with STARTTLS (else the send fails): as the
	 * operator says ({@code MAIL_STARTTLS_REQUIRED}), otherwise whenever the server is
	 * not on this host, so a network attacker cannot strip the upgrade and read the
	 * codes.
	 */
	public boolean startTlsRequired() {
		return (this.starttlsRequired != null) ? this.starttlsRequired : !isLoopback(this.host);
	}

	/**
	 * Only names and literals that are loopback by themselves: no DNS lookup decides
	 * this.
	 */
	static boolean isLoopback(@Nullable String host) {
		if (host == null) {
			return false;
		}
		String bare = host.strip().toLowerCase(Locale.ROOT);
		if (bare.startsWith("[") && bare.endsWith("]")) {
			bare = bare.substring(1, bare.length() - 1);
		}
		return bare.equals("localhost") || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1")
				|| bare.matches("127(\\.\\d{1,3}){3}");
	}

	@Override
	public String toString() {
		return "MailProperties[host=" + this.host + ", port=" + this.port + ", from=" + this.from + "]";
	}

}
