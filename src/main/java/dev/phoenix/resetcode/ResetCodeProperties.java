package dev.phoenix.resetcode;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Lengths, lives and limits of codes and tokens. Bound from the contract's
 * {@code RESET_CODE_*} and {@code RESET_TOKEN_TTL} variables (see application.yml); a
 * bare number is seconds.
 */
@Validated
@ConfigurationProperties("phoenix.reset-code")
public record ResetCodeProperties(@DefaultValue("6") @Min(6) @Max(10) int length,
		@DefaultValue("10m") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration ttl,
		@DefaultValue("5") @Min(1) @Max(100) int maxAttempts,
		@DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration resendCooldown,
		@DefaultValue("5") @Min(1) int maxPerEmailPerHour, @DefaultValue("10") @Min(1) int maxPerEmailPerDay,
		@DefaultValue("20") @Min(1) int maxFailuresPerEmailPerDay, @DefaultValue("20") @Min(1) int maxPerIpPerHour,
		@DefaultValue("50") @Min(1) int maxVerifyFailuresPerIpPerHour,
		@DefaultValue("15m") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration tokenTtl) {

	/** The window of the hourly caps. Fixed by the contract's "per hour". */
	public static final Duration LIMIT_WINDOW = Duration.ofHours(1);

	/**
	 * The window of the daily cap and the failure budget: 24 hours from the first event.
	 */
	public static final Duration DAY_WINDOW = Duration.ofHours(24);

	public ResetCodeProperties {
		requirePositive(ttl, "ttl");
		requirePositive(tokenTtl, "tokenTtl");
		if (resendCooldown.isNegative()) {
			throw new IllegalArgumentException("phoenix.reset-code.resend-cooldown must not be negative");
		}
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException("phoenix.reset-code." + name + " must be positive");
		}
	}

}
