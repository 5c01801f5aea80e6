package dev.phoenix.redis;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Every key the service writes, in one place. All start with {@code reset_code:} so that
 * operators find them and an ACL can confine the service to {@code ~reset_code:*}. The
 * part in braces is the Redis Cluster hash tag: all keys one script touches share it.
 * <p>
 * Addresses are kept in buckets: a bucket is one hash, {@code reset_code:{<4 hex
 * digits>}}, holding the state of every address whose key id starts with those 16 bits,
 * one field each. 65 536 buckets hold a few addresses each at a hundred thousand pending
 * codes and about forty at three million, so they stay small listpacks: about a third of
 * the memory of one key per address (docs/performance.md has the numbers).
 */
public final class ResetCodeKeys {

	static final String PREFIX = "reset_code:";

	/** The mail outbox: a stream of sealed mail jobs, read through one consumer group. */
	public static final String OUTBOX = PREFIX + "{outbox}";

	/** Mail jobs that could not be delivered, same hash slot as the outbox. */
	public static final String OUTBOX_DEAD_LETTERS = OUTBOX + ":dead";

	/** A token key that is never written: fields are 14 characters long. */
	static final String NO_TOKEN = PREFIX + "{0000}:t:-";

	/** What the service's key ids look like: 12 bytes in unpadded base64url. */
	private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{16}");

	private static final HexFormat HEX = HexFormat.of();

	private ResetCodeKeys() {
	}

	/**
	 * Whether a key id (for instance the first part of a client's reset token) is well
	 * formed.
	 */
	static boolean isKeyId(String addressKeyId) {
		return KEY_ID.matcher(addressKeyId).matches();
	}

	/** The bucket of an address: the first 16 bits of its key id, in hex. */
	static String bucket(String addressKeyId) {
		byte[] head = Base64.getUrlDecoder().decode(addressKeyId.substring(0, 4));
		return PREFIX + "{" + HEX.toHexDigits(head[0]) + HEX.toHexDigits(head[1]) + "}";
	}

	/**
	 * The address's field in its bucket: the key id without its first two characters,
	 * whose 12 bits the bucket already holds.
	 */
	static String field(String addressKeyId) {
		return addressKeyId.substring(2);
	}

	/** The address's reset token between verify and redeem, in its bucket's hash slot. */
	static String token(String addressKeyId) {
		return bucket(addressKeyId) + ":t:" + field(addressKeyId);
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
