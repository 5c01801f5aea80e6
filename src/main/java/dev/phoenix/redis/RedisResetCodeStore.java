package dev.phoenix.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.phoenix.resetcode.EmailAddress;
import dev.phoenix.resetcode.ResetCodeProperties;
import dev.phoenix.resetcode.ResetCodeStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The reset-code state in Redis. Each request's state change is one Lua script on the
 * address's hash; the per-IP counter lives on another hash slot, so its command is sent in
 * the same round trip (pipelined on Lettuce's shared connection) rather than after it.
 * When the per-IP limit refuses a request that the address script already applied,
 * {@code restore.lua} puts the address's previous state back; so it does when the per-IP
 * command failed (a cluster node down) after the address script ran.
 */
@Component
final class RedisResetCodeStore implements ResetCodeStore {

	private static final Log logger = LogFactory.getLog(RedisResetCodeStore.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ISSUE = script("issue");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> VERIFY = script("verify");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REDEEM = script("redeem");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> INSPECT = script("inspect");

	private static final RedisScript<Long> RESTORE = RedisScript.of(new ClassPathResource("redis/restore.lua"),
			Long.class);

	private static final RedisScript<Long> COUNT = RedisScript.of(new ClassPathResource("redis/count.lua"), Long.class);

	private static final RedisScript<Long> PEEK = RedisScript.of(new ClassPathResource("redis/peek.lua"), Long.class);

	/** Counting failures only; the limit is checked by {@link #PEEK} before the next verify. */
	private static final String NO_LIMIT = Long.toString(Long.MAX_VALUE);

	private static final int ISSUE_HEADER = 3;

	private static final int VERIFY_HEADER = 4;

	private static final String WINDOW_MS = Long.toString(ResetCodeProperties.LIMIT_WINDOW.toMillis());

	private final ReactiveStringRedisTemplate redis;

	private final ResetCodeProperties limits;

	private final RedisErrors errors;

	private final Duration deadline;

	RedisResetCodeStore(ReactiveStringRedisTemplate redis, ResetCodeProperties limits, RedisErrors errors,
			PhoenixRedisProperties redisProperties) {
		this.redis = redis;
		this.limits = limits;
		this.errors = errors;
		this.deadline = redisProperties.timeout().plusMillis(500);
	}

	@Override
	public Issuance issue(String addressKeyId, String codeHash, String clientIp) {
		String addressKey = ResetCodeKeys.address(addressKeyId);
		Mono<Long> ipCheck = run(COUNT, ResetCodeKeys.ipRequests(clientIp),
				Integer.toString(this.limits.maxPerIpPerHour()), WINDOW_MS);
		Mono<List<Object>> change = runForList(ISSUE, addressKey, codeHash, millis(this.limits.ttl()),
				Integer.toString(this.limits.maxAttempts()), millis(this.limits.resendCooldown()),
				Integer.toString(this.limits.maxPerEmailPerHour()), WINDOW_MS);
		Both<Long, List<Object>> both = await(ipCheck, change);
		List<Object> result = both.second().orThrow(this.errors);
		long status = number(result, 0);
		if (both.first().failure() != null) {
			if (status == 0) {
				undoQuietly(addressKey, result, ISSUE_HEADER);
			}
			throw this.errors.unavailable(both.first().failure());
		}
		long ipRetryMs = both.first().orThrow(this.errors);
		if (ipRetryMs > 0) {
			if (status == 0) {
				undo(addressKey, result, ISSUE_HEADER);
			}
			return new Issuance.Refused(LimitScope.IP, Duration.ofMillis(ipRetryMs));
		}
		if (status == 1) {
			return new Issuance.Refused(LimitScope.COOLDOWN, Duration.ofMillis(number(result, 1)));
		}
		if (status == 2) {
			return new Issuance.Refused(LimitScope.EMAIL, Duration.ofMillis(number(result, 1)));
		}
		return new Issuance.Issued();
	}

	@Override
	public Verification verify(String addressKeyId, String codeHash, String tokenHash, EmailAddress address,
			String clientIp) {
		String addressKey = ResetCodeKeys.address(addressKeyId);
		String failuresKey = ResetCodeKeys.ipVerifyFailures(clientIp);
		Mono<Long> ipCheck = run(PEEK, failuresKey, Integer.toString(this.limits.maxVerifyFailuresPerIpPerHour()));
		Mono<List<Object>> change = runForList(VERIFY, addressKey, codeHash, tokenHash,
				millis(this.limits.tokenTtl()), address.value());
		Both<Long, List<Object>> both = await(ipCheck, change);
		List<Object> result = both.second().orThrow(this.errors);
		long outcome = number(result, 0);
		if (both.first().failure() != null) {
			if (outcome != 3) {
				undoQuietly(addressKey, result, VERIFY_HEADER);
			}
			throw this.errors.unavailable(both.first().failure());
		}
		long ipRetryMs = both.first().orThrow(this.errors);
		if (ipRetryMs > 0) {
			if (outcome != 3) {
				undo(addressKey, result, VERIFY_HEADER);
			}
			return new Verification.Refused(Duration.ofMillis(ipRetryMs));
		}
		if (outcome == 0) {
			return new Verification.Verified();
		}
		countFailure(failuresKey);
		if (outcome == 1) {
			return new Verification.Mismatch((int) number(result, 3));
		}
		return (outcome == 2) ? new Verification.Exhausted() : new Verification.Expired();
	}

	@Override
	public Redemption redeem(String addressKeyId, String tokenHash) {
		List<Object> result = await(runForList(REDEEM, ResetCodeKeys.address(addressKeyId), tokenHash));
		if (number(result, 0) == 1) {
			return new Redemption.Redeemed(new EmailAddress((String) result.get(1)));
		}
		return new Redemption.Invalid();
	}

	@Override
	public Optional<PendingState> inspect(String addressKeyId) {
		List<Object> v = await(runForList(INSPECT, ResetCodeKeys.address(addressKeyId)));
		if (number(v, 0) == 0) {
			return Optional.empty();
		}
		long now = number(v, 1);
		long codeExpiry = number(v, 2);
		boolean codePending = codeExpiry > now;
		long windowStart = number(v, 5);
		boolean windowOpen = now - windowStart < ResetCodeProperties.LIMIT_WINDOW.toMillis();
		return Optional.of(new PendingState(codePending, codePending ? (int) number(v, 3) : 0,
				Duration.ofMillis(Math.max(0, codeExpiry - now)), Duration.ofMillis(Math.max(0, number(v, 4) - now)),
				windowOpen ? (int) number(v, 6) : 0, number(v, 7) > now));
	}

	@Override
	public boolean revoke(String addressKeyId) {
		Long removed = await(this.redis.unlink(ResetCodeKeys.address(addressKeyId)));
		return removed != null && removed > 0;
	}

	@Override
	public String describeKey(String addressKeyId) {
		return ResetCodeKeys.address(addressKeyId);
	}

	/**
	 * The per-IP command failed (in a cluster it runs on another node, which can be down
	 * while the address's node answers): the request fails with 503, so the address script
	 * that did run is undone too. Nothing half-written, in every mode.
	 */
	private void undoQuietly(String addressKey, List<Object> result, int headerSize) {
		try {
			undo(addressKey, result, headerSize);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not undo an address change after a failed per-IP check: " + RedisErrors.kindOf(ex));
		}
	}

	/**
	 * Puts back the state an address script replaced. Only on the refused path (and after
	 * a failed per-IP check), so the normal path stays at one round trip. Both scripts answer {@code {outcome, seq,
	 * pttlBefore, ...}} and end with the hash as it was, after {@code headerSize} elements.
	 */
	private void undo(String addressKey, List<Object> result, int headerSize) {
		List<String> args = new ArrayList<>();
		args.add(String.valueOf(result.get(1)));
		args.add(String.valueOf(result.get(2)));
		for (int i = headerSize; i < result.size(); i++) {
			args.add(String.valueOf(result.get(i)));
		}
		await(this.redis.execute(RESTORE, List.of(addressKey), args).next());
	}

	private void countFailure(String failuresKey) {
		// Not awaited: the answer does not depend on it, and commands on the shared
		// connection stay in order, so the next request from this IP sees it.
		run(COUNT, failuresKey, NO_LIMIT, WINDOW_MS).subscribe(null,
				(failure) -> logger.warn("Could not count a failed verification: " + RedisErrors.kindOf(failure)));
	}

	private Mono<Long> run(RedisScript<Long> script, String key, String... args) {
		return this.redis.execute(script, List.of(key), List.of(args)).next();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Mono<List<Object>> runForList(RedisScript<List> script, String key, String... args) {
		return this.redis.execute(script, List.of(key), List.of(args)).next().map((list) -> (List<Object>) list);
	}

	/**
	 * Both replies of a pipelined pair, each a value or its own failure: in a cluster they
	 * come from different nodes, and one can fail while the other applied its change.
	 */
	private <A, B> Both<A, B> await(Mono<A> first, Mono<B> second) {
		return await(Mono.zip(Reply.of(first), Reply.of(second))
			.map((tuple) -> new Both<>(tuple.getT1(), tuple.getT2())));
	}

	private <T> T await(Mono<T> call) {
		try {
			T value = call.block(this.deadline);
			if (value == null) {
				throw new IllegalStateException("Redis returned no reply");
			}
			return value;
		}
		catch (RuntimeException ex) {
			throw this.errors.unavailable(ex);
		}
	}

	private static long number(List<Object> result, int index) {
		Object value = result.get(index);
		return (value instanceof Number number) ? number.longValue() : Long.parseLong(String.valueOf(value));
	}

	private static String millis(Duration duration) {
		return Long.toString(duration.toMillis());
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), List.class);
	}

	private record Both<A, B>(Reply<A> first, Reply<B> second) {
	}

	private record Reply<T>(@Nullable T value, @Nullable Throwable failure) {

		static <T> Mono<Reply<T>> of(Mono<T> call) {
			return call.map((value) -> new Reply<T>(value, null))
				.switchIfEmpty(Mono.fromSupplier(() -> new Reply<>(null, noReply())))
				.onErrorResume((failure) -> Mono.just(new Reply<>(null, failure)));
		}

		T orThrow(RedisErrors errors) {
			if (this.value == null) {
				throw errors.unavailable((this.failure != null) ? this.failure : noReply());
			}
			return this.value;
		}

		private static IllegalStateException noReply() {
			return new IllegalStateException("Redis returned no reply");
		}

	}

}
