package dev.phoenix.redis;

/**
 * Every key the service writes, in one place. All start with {@code reset_code:} so that
 * operators find them and an ACL can confine the service to {@code ~reset_code:*}. The
 * part in braces is the Redis Cluster hash tag: all keys one script touches share it.
 */
final class ResetCodeKeys {

	static final String PREFIX = "reset_code:";

	private ResetCodeKeys() {
	}

	/** One hash per address: code, attempts, cooldown, hourly window, reset token. */
	static String address(String addressKeyId) {
		return PREFIX + "{" + addressKeyId + "}";
	}

	/** Code requests from one client IP in the current hour. */
	static String ipRequests(String clientIp) {
		return PREFIX + "ip:{" + clientIp + "}:r";
	}

	/** Failed verifications from one client IP in the current hour. */
	static String ipVerifyFailures(String clientIp) {
		return PREFIX + "ip:{" + clientIp + "}:v";
	}

}
