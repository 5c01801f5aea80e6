package dev.phoenix.system;

import java.security.Security;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.StringUtils;

/**
 * How long the JVM caches a DNS answer ({@code networkaddress.cache.ttl}). On a failover,
 * ElastiCache and most managed Redis services point the endpoint's name at the promoted
 * replica; a service that cached the old address keeps dialling a dead node. AWS advises
 * 5–10 s; the default here is 10 s. Lettuce resolves Redis host names through the JVM
 * (see {@code RedisClientConfiguration}), so this one setting covers Redis, SMTP and the
 * rest.
 * <p>
 * The JVM reads the property once, at its first lookup: {@link #apply} runs first thing
 * in {@code main}. {@code DNS_CACHE_TTL} ({@code 10s}, {@code 5}; a bare number means
 * seconds) sets it. Without the variable, a TTL the operator already gave the JVM (the
 * security property in {@code java.security}, or {@code -Dsun.net.inetaddr.ttl}) is kept.
 */
public final class DnsCacheTtl {

	public static final String VARIABLE = "DNS_CACHE_TTL";

	static final String SECURITY_PROPERTY = "networkaddress.cache.ttl";

	static final String SYSTEM_PROPERTY = "sun.net.inetaddr.ttl";

	static final Duration DEFAULT = Duration.ofSeconds(10);

	private DnsCacheTtl() {
	}

	/**
	 * Sets the JVM's DNS cache TTL from the environment, unless the operator set one
	 * already.
	 */
	public static void apply(Map<String, String> environment) {
		choose(environment.get(VARIABLE), Security.getProperty(SECURITY_PROPERTY), System.getProperty(SYSTEM_PROPERTY))
			.ifPresent((seconds) -> Security.setProperty(SECURITY_PROPERTY, seconds));
	}

	/** The seconds to set, or empty to keep what the JVM was given. */
	static Optional<String> choose(@Nullable String variable, @Nullable String securityProperty,
			@Nullable String systemProperty) {
		if (StringUtils.hasText(variable)) {
			Duration ttl = DurationStyle.detectAndParse(variable.trim(), ChronoUnit.SECONDS);
			if (ttl.isNegative()) {
				throw new IllegalArgumentException(VARIABLE + " must not be negative: " + variable);
			}
			return Optional.of(Long.toString(ttl.toSeconds()));
		}
		if (StringUtils.hasText(securityProperty) || StringUtils.hasText(systemProperty)) {
			return Optional.empty();
		}
		return Optional.of(Long.toString(DEFAULT.toSeconds()));
	}

}
