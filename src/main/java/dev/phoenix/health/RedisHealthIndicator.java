package dev.phoenix.health;

import dev.phoenix.redis.RedisServerStatus;
import dev.phoenix.resetcode.StoreUnavailableException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code redis} component of {@code /actuator/health} and of readiness, in place of
 * Spring Boot's (its bean name replaces Boot's indicator): the same shared, reused check
 * as {@code /auth/redis/health}, on the connection requests use. So readiness says UP
 * only when a request would get through, and probes cost Redis nothing extra.
 */
@Component("redisHealthIndicator")
class RedisHealthIndicator implements HealthIndicator {

	private final RedisServerStatus status;

	RedisHealthIndicator(RedisServerStatus status) {
		this.status = status;
	}

	@Override
	public Health health() {
		try {
			this.status.read();
			return Health.up().build();
		}
		catch (StoreUnavailableException ex) {
			return Health.down().withDetail("kind", ex.kind()).build();
		}
	}

}
