package dev.phoenix.redis;

import java.time.Duration;
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
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The reset-code state in Redis. Each request's state change is one Lua script on the
 * address's bucket ({@link ResetCodeKeys}); the per-IP counter lives on another hash slot,
 * so its command is sent in the same round trip (pipelined on Lettuce's shared connection)
 * rather than after it. When the per-IP limit refuses a request that the address script
 * already applied, {@code restore.lua} puts the address's previous state back; so it does
 * when the per-IP command failed (a cluster node down) after the address script ran.
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

	private static final RedisScript<Long> REVOKE = RedisScript.of(new ClassPathResource("redis/revoke.lua"),
			Long.class);

	private static final RedisScript<Long> UNCOUNT = RedisScript.of(new ClassPathResource("redis/uncount.lua"),
			Long.class);

	private static final RedisScript<Long> COUNT = RedisScript.of(new ClassPathResource("redis/count.lua"), Long.class);

	private static final RedisScript<Long> PENDING = RedisScript.of(new ClassPathResource("redis/pending.lua"),
			Long.class);

	private static final RedisScript<Long> PEEK = RedisScript.of(new ClassPathResource("redis/peek.lua"), Long.class);

	/** Counting failures only; the limit is checked by {@link #PEEK} before the next verify. */
	private static final String NO_LIMIT = Long.toString(Long.MAX_VALUE);

	private static final Runnable NOTHING = () -> {
	};

	private static final String WINDOW_MS = Long.toString(ResetCodeProperties.LIMIT_WINDOW.toMillis());

	private final RequestRedis redis;

	private final ResetCodeProperties limits;

	private final RedisErrors errors;

	RedisResetCodeStore(RequestRedis redis, ResetCodeProperties limits) {
		this.redis = redis;
		this.limits = limits;
		this.errors = redis.errors();
	}

	@Override
	public Issuance issue(String addressKeyId, String codeHash, String clientIp) {
		Mono<Long> ipCheck = run(COUNT, List.of(ResetCodeKeys.ipRequests(clientIp)),
				Integer.toString(this.limits.maxPerIpPerHour()), WINDOW_MS);
		Mono<List<Object>> change = runForList(ISSUE, List.of(ResetCodeKeys.bucket(addressKeyId)),
				ResetCodeKeys.field(addressKeyId), codeHash, millis(this.limits.ttl()),
				Integer.toString(this.limits.maxAttempts()), millis(this.limits.resendCooldown()),
				Integer.toString(this.limits.maxPerEmailPerHour()), WINDOW_MS);
		Both<Long, List<Object>> both = await(ipCheck, change);
		List<Object> result = both.second().orThrow(this.errors);
		long status = number(result, 0);
		// {0, written, before}
		Runnable undo = (status == 0) ? () -> undo(addressKeyId, result.get(1), result.get(2), "", "", 0) : NOTHING;
		long ipRetryMs = ipVerdict(both.first(), undo);
		if (ipRetryMs > 0) {
			undo.run();
			return new Issuance.Refused(LimitScope.IP, Duration.ofMillis(ipRetryMs));
		}
		if (status == 1) {
			return new Issuance.Refused(LimitScope.COOLDOWN, Duration.ofMillis(number(result, 1)));
		}
		if (status == 2) {
			return new Issuance.Refused(LimitScope.EMAIL, Duration.ofMillis(number(result, 1)));
		}
		return new Issuance.Issued(() -> withdraw(addressKeyId, result.get(1), result.get(2), clientIp));
	}

	/** Takes back an issued code and its per-IP count, in one round trip: the request failed after all. */
	private void withdraw(String addressKeyId, Object written, Object before, String clientIp) {
		await(Mono.zip(restore(addressKeyId, written, before, "", "", 0),
				run(UNCOUNT, List.of(ResetCodeKeys.ipRequests(clientIp)))));
	}

	@Override
	public Verification verify(String addressKeyId, String codeHash, String tokenHash, EmailAddress address,
			String clientIp) {
		String failuresKey = ResetCodeKeys.ipVerifyFailures(clientIp);
		Mono<Long> ipCheck = run(PEEK, List.of(failuresKey),
				Integer.toString(this.limits.maxVerifyFailuresPerIpPerHour()));
		Mono<List<Object>> change = runForList(VERIFY, addressKeys(addressKeyId), ResetCodeKeys.field(addressKeyId),
				codeHash, tokenHash, millis(this.limits.tokenTtl()), address.value());
		Both<Long, List<Object>> both = await(ipCheck, change);
		List<Object> result = both.second().orThrow(this.errors);
		long outcome = number(result, 0);
		Runnable undo = NOTHING;
		if (outcome == 0) {
			// {0, 0, written, before, token, tokenBefore, tokenPttlBefore}
			undo = () -> undo(addressKeyId, result.get(2), result.get(3), result.get(4), result.get(5),
					number(result, 6));
		}
		else if (outcome != 3) {
			// {outcome, remaining, written, before}
			undo = () -> undo(addressKeyId, result.get(2), result.get(3), "", "", 0);
		}
		long ipRetryMs = ipVerdict(both.first(), undo);
		if (ipRetryMs > 0) {
			undo.run();
			return new Verification.Refused(Duration.ofMillis(ipRetryMs));
		}
		if (outcome == 0) {
			return new Verification.Verified();
		}
		countFailure(failuresKey);
		if (outcome == 1) {
			return new Verification.Mismatch((int) number(result, 1));
		}
		return (outcome == 2) ? new Verification.Exhausted() : new Verification.Expired();
	}

	@Override
	public boolean isPending(String addressKeyId, String codeHash) {
		return await(run(PENDING, List.of(ResetCodeKeys.bucket(addressKeyId)), ResetCodeKeys.field(addressKeyId),
				codeHash)) == 1;
	}

	@Override
	public Redemption redeem(String addressKeyId, String tokenHash) {
		// A malformed id (the client wrote the token) still asks Redis, at a key that is never
		// written: the answer, and its timing, do not depend on the token's shape.
		String tokenKey = ResetCodeKeys.isKeyId(addressKeyId) ? ResetCodeKeys.token(addressKeyId)
				: ResetCodeKeys.NO_TOKEN;
		List<Object> result = await(runForList(REDEEM, List.of(tokenKey), tokenHash));
		if (number(result, 0) == 1) {
			return new Redemption.Redeemed(new EmailAddress((String) result.get(1)));
		}
		return new Redemption.Invalid();
	}

	@Override
	public Optional<PendingState> inspect(String addressKeyId) {
		List<Object> v = await(runForList(INSPECT, addressKeys(addressKeyId), ResetCodeKeys.field(addressKeyId)));
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
		Long removed = await(run(REVOKE, addressKeys(addressKeyId), ResetCodeKeys.field(addressKeyId)));
		return removed != null && removed > 0;
	}

	@Override
	public String describeKey(String addressKeyId) {
		return ResetCodeKeys.bucket(addressKeyId);
	}

	/** The address's bucket and its reset-token key: one hash slot. */
	private static List<String> addressKeys(String addressKeyId) {
		return List.of(ResetCodeKeys.bucket(addressKeyId), ResetCodeKeys.token(addressKeyId));
	}

	/**
	 * What the per-IP command said: 0 within the limit, else the wait. When it failed (in a
	 * cluster it runs on another node, which can be down while the address's node answers),
	 * the request fails with 503, so the address change that did apply is undone first:
	 * nothing half-written, in every mode.
	 */
	private long ipVerdict(Reply<Long> ip, Runnable undo) {
		if (ip.failure() != null) {
			try {
				undo.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not undo an address change after a failed per-IP check: " + RedisErrors.kindOf(ex));
			}
			throw this.errors.unavailable(ip.failure());
		}
		return ip.orThrow(this.errors);
	}

	/**
	 * Puts back the state an address script replaced. Only on the refused path (and after a
	 * failed per-IP check), so the normal path stays at one round trip.
	 */
	private void undo(String addressKeyId, Object written, Object before, Object token, Object tokenBefore,
			long tokenPttlBefore) {
		await(restore(addressKeyId, written, before, token, tokenBefore, tokenPttlBefore));
	}

	private Mono<Long> restore(String addressKeyId, Object written, Object before, Object token, Object tokenBefore,
			long tokenPttlBefore) {
		return run(RESTORE, addressKeys(addressKeyId), ResetCodeKeys.field(addressKeyId), String.valueOf(written),
				String.valueOf(before), String.valueOf(token), String.valueOf(tokenBefore),
				Long.toString(tokenPttlBefore));
	}

	private void countFailure(String failuresKey) {
		// Not awaited: the answer does not depend on it, and commands on the shared
		// connection stay in order, so the next request from this IP sees it.
		run(COUNT, List.of(failuresKey), NO_LIMIT, WINDOW_MS).subscribe(null,
				(failure) -> logger.warn("Could not count a failed verification: " + RedisErrors.kindOf(failure)));
	}

	private Mono<Long> run(RedisScript<Long> script, List<String> keys, String... args) {
		return this.redis.script(script, keys, args);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Mono<List<Object>> runForList(RedisScript<List> script, List<String> keys, String... args) {
		return this.redis.script(script, keys, args).map((list) -> (List<Object>) list);
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
		return this.redis.await(call);
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
