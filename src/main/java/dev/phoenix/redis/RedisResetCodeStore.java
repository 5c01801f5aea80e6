package dev.phoenix.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.phoenix.redis.ScriptReplies.InspectReply;
import dev.phoenix.redis.ScriptReplies.IssueReply;
import dev.phoenix.redis.ScriptReplies.RedeemReply;
import dev.phoenix.redis.ScriptReplies.RequestReply;
import dev.phoenix.redis.ScriptReplies.VerifyReply;
import dev.phoenix.resetcode.ResetCodeMailer.QueuedMail;
import dev.phoenix.resetcode.ResetCodeProperties;
import dev.phoenix.resetcode.ResetCodeStore;
import dev.phoenix.resetcode.StoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The reset-code state in Redis. Each request's state change is one Lua script on the
 * address's bucket ({@link ResetCodeKeys}), counted against the client IP in the same
 * round trip; a code request also queues its mail.
 * <p>
 * Where all keys live on one server (standalone, Sentinel) one script does the count, the
 * change and the mail, all or nothing ({@code request.lua}, {@code attempt.lua}). In a
 * cluster the per-IP counter and the outbox live on other nodes: the per-IP script is
 * sent in the same round trip as the address's (pipelined on Lettuce's shared
 * connection), and the mail after both. When the per-IP limit refuses a request that the
 * address script already applied, {@code restore.lua} puts the address's previous state
 * back; so it does when the per-IP command failed (a node down) after the address script
 * ran, and when the mail cannot be queued.
 */
@Component
final class RedisResetCodeStore implements ResetCodeStore {

	private static final Log logger = LogFactory.getLog(RedisResetCodeStore.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ISSUE = ResetCodeScripts.of(List.class, "state", "issuing", "issue");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> VERIFY = ResetCodeScripts.of(List.class, "state", "verifying", "verify");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ATTEMPT = ResetCodeScripts.of(List.class, "state", "counting", "verifying",
			"attempt");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> INSPECT = ResetCodeScripts.of(List.class, "state", "inspect");

	private static final RedisScript<Long> PENDING = ResetCodeScripts.of(Long.class, "state", "pending");

	private static final RedisScript<Long> REVOKE = ResetCodeScripts.of(Long.class, "state", "revoke");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REDEEM = ResetCodeScripts.of(List.class, "redeem");

	private static final RedisScript<Long> RESTORE = ResetCodeScripts.of(Long.class, "restore");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REQUEST = ResetCodeScripts.of(List.class, "state", "counting", "issuing",
			"queueing", "request");

	private static final RedisScript<String> ENQUEUE = ResetCodeScripts.of(String.class, "queueing", "enqueue");

	private static final String OUTBOX_FULL = "full";

	private static final RedisScript<Long> COUNT = ResetCodeScripts.of(Long.class, "counting", "count");

	private static final RedisScript<Long> UNCOUNT = ResetCodeScripts.of(Long.class, "uncount");

	private static final Runnable NOTHING = () -> {
	};

	private static final String HOUR_MS = Long.toString(ResetCodeProperties.LIMIT_WINDOW.toMillis());

	private static final String DAY_MS = Long.toString(ResetCodeProperties.DAY_WINDOW.toMillis());

	private final RequestRedis redis;

	private final ResetCodeProperties limits;

	private final RedisErrors errors;

	/**
	 * Standalone or Sentinel: every key on one server, so one script may touch them all.
	 */
	private final boolean oneServer;

	RedisResetCodeStore(RequestRedis redis, ResetCodeProperties limits, PhoenixRedisProperties topology) {
		this.redis = redis;
		this.limits = limits;
		this.errors = redis.errors();
		this.oneServer = !StringUtils.hasText(topology.clusterNodes());
	}

	@Override
	public Issuance issue(QueuedMail mail, String clientIp) {
		return this.oneServer ? issueInOneStep(mail, clientIp) : issueInTwoSteps(mail, clientIp);
	}

	/** Standalone and Sentinel: {@code request.lua}, all or nothing. */
	private Issuance issueInOneStep(QueuedMail mail, String clientIp) {
		String addressKeyId = mail.code().addressKeyId();
		List<String> arguments = new ArrayList<>(15);
		arguments.addAll(issueArguments(mail.code()));
		arguments.add(Integer.toString(this.limits.maxPerIpPerHour()));
		arguments.add(Long.toString(mail.maxDepth()));
		arguments.add(millis(mail.keepFor()));
		arguments.add(addressKeyId);
		arguments.add(mail.sealed());
		RequestReply reply = RequestReply.of(await(list(REQUEST,
				List.of(ResetCodeKeys.bucket(addressKeyId), ResetCodeKeys.ipRequests(clientIp), ResetCodeKeys.OUTBOX),
				arguments.toArray(String[]::new))));
		return switch (reply.status()) {
			case RequestReply.ISSUED -> new Issuance.Issued();
			case RequestReply.OUTBOX_FULL -> new Issuance.QueueFull();
			default -> refused(reply.status(), reply.retryAfterMs());
		};
	}

	/**
	 * A cluster: the per-IP count and the address's change in one round trip (pipelined:
	 * different nodes), then the mail on the outbox's node. A later step that refuses or
	 * fails undoes the earlier: the address's change, and for the mail the IP's count.
	 * The mail is not sent in the first round trip: when the per-IP limit refuses, the
	 * address's change is undone after it, and a worker could mail the code in between.
	 */
	private Issuance issueInTwoSteps(QueuedMail mail, String clientIp) {
		PendingCode code = mail.code();
		String addressKeyId = code.addressKeyId();
		String ipKey = ResetCodeKeys.ipRequests(clientIp);
		CompletableFuture<Long> ipCount = this.redis.script(COUNT, List.of(ipKey),
				Integer.toString(this.limits.maxPerIpPerHour()), HOUR_MS);
		CompletableFuture<IssueReply> change = list(ISSUE, List.of(ResetCodeKeys.bucket(addressKeyId)),
				issueArguments(code).toArray(String[]::new))
			.thenApply(IssueReply::of);
		Both<Long, IssueReply> both = await(ipCount, change);
		IssueReply reply = both.second().orThrow(this.errors);
		boolean issued = reply.status() == IssueReply.ISSUED;
		Runnable undo = issued ? () -> undo(addressKeyId, reply.written(), reply.before(), "", "", 0) : NOTHING;
		long ipRetryMs = ipVerdict(both.first(), undo);
		if (ipRetryMs > 0) {
			undo.run();
			return new Issuance.Refused(LimitScope.IP, Duration.ofMillis(ipRetryMs));
		}
		if (!issued) {
			return refused(reply.status(), reply.retryAfterMs());
		}
		Runnable withdraw = () -> await(restore(addressKeyId, reply.written(), reply.before(), "", "", 0)
			.thenCombine(this.redis.script(UNCOUNT, List.of(ipKey)), (restored, uncounted) -> restored));
		String queued;
		try {
			queued = await(this.redis.script(ENQUEUE, List.of(ResetCodeKeys.OUTBOX), Long.toString(mail.maxDepth()),
					millis(mail.keepFor()), addressKeyId, code.codeHash(), mail.sealed()));
		}
		catch (StoreUnavailableException ex) {
			try {
				withdraw.run();
			}
			catch (StoreUnavailableException withdrawalFailed) {
				ex.addSuppressed(withdrawalFailed);
			}
			throw ex;
		}
		if (OUTBOX_FULL.equals(queued)) {
			withdraw.run();
			return new Issuance.QueueFull();
		}
		return new Issuance.Issued();
	}

	private List<String> issueArguments(PendingCode code) {
		return List.of(ResetCodeKeys.field(code.addressKeyId()), code.codeHash(), millis(this.limits.ttl()),
				Integer.toString(this.limits.maxAttempts()), millis(this.limits.resendCooldown()),
				Integer.toString(this.limits.maxPerEmailPerHour()), HOUR_MS,
				Integer.toString(this.limits.maxPerEmailPerDay()), DAY_MS,
				Integer.toString(this.limits.maxFailuresPerEmailPerDay()));
	}

	/** The refusals of {@code issuing.lua} (1-4) and {@code request.lua}'s IP cap (5). */
	private static Issuance.Refused refused(int status, long retryAfterMs) {
		LimitScope scope = switch (status) {
			case 1 -> LimitScope.COOLDOWN;
			case 2 -> LimitScope.EMAIL;
			case 3 -> LimitScope.EMAIL_DAY;
			case 4 -> LimitScope.BUDGET;
			case 5 -> LimitScope.IP;
			default -> throw new IllegalStateException("Unknown refusal " + status);
		};
		return new Issuance.Refused(scope, Duration.ofMillis(retryAfterMs));
	}

	@Override
	public Verification verify(List<CodeCheck> checks, String clientIp) {
		String ipKey = ResetCodeKeys.ipVerifyFailures(clientIp);
		// Counted before it is known whether the code is right, in the same round trip
		// as the check, so concurrent tries from one IP cannot pass the cap; a right
		// code gives it back.
		FirstCheck first = this.oneServer ? attempt(checks.get(0), ipKey) : countAndCheck(checks.get(0), ipKey);
		if (first.ipRetryMs() > 0) {
			return new Verification.Refused(Duration.ofMillis(first.ipRetryMs()));
		}
		int checked = 0;
		VerifyReply outcome = first.reply();
		// Only during a secret rotation: the code may be pending under the previous
		// secret's id.
		while (outcome.outcome() == VerifyReply.NO_CODE && checked + 1 < checks.size()) {
			checked++;
			outcome = await(check(checks.get(checked)));
		}
		return switch (outcome.outcome()) {
			case VerifyReply.VERIFIED -> {
				boolean givenBackByScript = this.oneServer && checked == 0;
				if (!givenBackByScript) {
					giveBack(ipKey);
				}
				yield new Verification.Verified(checked);
			}
			case VerifyReply.MISMATCH -> new Verification.Mismatch(outcome.remaining());
			case VerifyReply.EXHAUSTED -> new Verification.Exhausted(outcome.addressLocked());
			default -> new Verification.Expired();
		};
	}

	/**
	 * Standalone and Sentinel: {@code attempt.lua} counts the try, checks the code and
	 * for a right one gives the count back, in one script.
	 */
	private FirstCheck attempt(CodeCheck check, String ipKey) {
		List<String> arguments = new ArrayList<>(verifyArguments(check));
		arguments.add(Integer.toString(this.limits.maxVerifyFailuresPerIpPerHour()));
		List<String> keys = new ArrayList<>(addressKeys(check.addressKeyId()));
		keys.add(ipKey);
		List<Object> reply = await(list(ATTEMPT, keys, arguments.toArray(String[]::new)));
		return new FirstCheck(VerifyReply.of(reply), ScriptReplies.ipCapWait(reply));
	}

	/**
	 * A cluster: the per-IP count and the check pipelined to two nodes; when the count
	 * refuses (or failed), the check's change is undone.
	 */
	private FirstCheck countAndCheck(CodeCheck check, String ipKey) {
		CompletableFuture<Long> ipCount = this.redis.script(COUNT, List.of(ipKey),
				Integer.toString(this.limits.maxVerifyFailuresPerIpPerHour()), HOUR_MS);
		Both<Long, VerifyReply> both = await(ipCount, check(check));
		VerifyReply reply = both.second().orThrow(this.errors);
		Runnable undo = reply.changedState() ? () -> undo(check.addressKeyId(), reply.written(), reply.before(),
				reply.token(), reply.tokenBefore(), reply.tokenPttlBefore()) : NOTHING;
		long ipRetryMs = ipVerdict(both.first(), undo);
		if (ipRetryMs > 0) {
			undo.run();
		}
		return new FirstCheck(reply, ipRetryMs);
	}

	@Override
	public List<Boolean> arePending(List<PendingCode> codes) {
		// Sent one after the other, the scripts go out together on the shared connection.
		List<CompletableFuture<Long>> calls = codes.stream()
			.map((code) -> this.redis.script(PENDING, List.of(ResetCodeKeys.bucket(code.addressKeyId())),
					ResetCodeKeys.field(code.addressKeyId()), code.codeHash()))
			.toList();
		return await(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
			.thenApply((all) -> calls.stream().map((call) -> call.join() == 1).toList()));
	}

	@Override
	public Optional<String> redeem(String addressKeyId, List<String> tokenHashes) {
		// A malformed id (the client wrote the token) still asks Redis, at a key that
		// is never written: the answer, and its timing, do not depend on the token's
		// shape.
		String tokenKey = ResetCodeKeys.isKeyId(addressKeyId) ? ResetCodeKeys.token(addressKeyId)
				: ResetCodeKeys.NO_TOKEN;
		RedeemReply reply = RedeemReply.of(await(list(REDEEM, List.of(tokenKey), tokenHashes.toArray(String[]::new))));
		return reply.redeemed() ? Optional.of(reply.sealedAddress()) : Optional.empty();
	}

	@Override
	public Optional<PendingState> inspect(String addressKeyId) {
		InspectReply v = InspectReply
			.of(await(list(INSPECT, addressKeys(addressKeyId), ResetCodeKeys.field(addressKeyId))));
		if (!v.exists()) {
			return Optional.empty();
		}
		boolean codePending = v.codeExpiry() > v.now();
		boolean hourOpen = v.now() - v.hourStart() < ResetCodeProperties.LIMIT_WINDOW.toMillis();
		boolean dayOpen = v.now() - v.dayStart() < ResetCodeProperties.DAY_WINDOW.toMillis();
		return Optional.of(new PendingState(codePending, codePending ? v.attemptsLeft() : 0,
				Duration.ofMillis(Math.max(0, v.codeExpiry() - v.now())),
				Duration.ofMillis(Math.max(0, v.cooldownUntil() - v.now())), hourOpen ? v.codesThisHour() : 0,
				dayOpen ? v.codesToday() : 0, dayOpen ? v.failuresToday() : 0, v.tokenExpiry() > v.now()));
	}

	@Override
	public boolean revoke(String addressKeyId) {
		Long removed = await(this.redis.script(REVOKE, addressKeys(addressKeyId), ResetCodeKeys.field(addressKeyId)));
		return removed != null && removed > 0;
	}

	@Override
	public String describeKey(String addressKeyId) {
		return ResetCodeKeys.bucket(addressKeyId);
	}

	private CompletableFuture<VerifyReply> check(CodeCheck check) {
		return list(VERIFY, addressKeys(check.addressKeyId()), verifyArguments(check).toArray(String[]::new))
			.thenApply(VerifyReply::of);
	}

	private List<String> verifyArguments(CodeCheck check) {
		return List.of(ResetCodeKeys.field(check.addressKeyId()), check.codeHash(), check.tokenHash(),
				millis(this.limits.tokenTtl()), check.sealedAddress(),
				Integer.toString(this.limits.maxFailuresPerEmailPerDay()), HOUR_MS, DAY_MS);
	}

	/** The address's bucket and its reset-token key: one hash slot. */
	private static List<String> addressKeys(String addressKeyId) {
		return List.of(ResetCodeKeys.bucket(addressKeyId), ResetCodeKeys.token(addressKeyId));
	}

	/**
	 * What the per-IP command said: 0 within the limit, else the wait. When it failed (in
	 * a cluster it runs on another node, which can be down while the address's node
	 * answers), the request fails with 503, so the address change that did apply is
	 * undone first: nothing half-written, in every mode.
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
	 * Puts back the state an address script replaced. Only on the refused path (and after
	 * a failed per-IP check), so the normal path stays at one round trip.
	 */
	private void undo(String addressKeyId, Object written, Object before, Object token, Object tokenBefore,
			long tokenPttlBefore) {
		await(restore(addressKeyId, written, before, token, tokenBefore, tokenPttlBefore));
	}

	private CompletableFuture<Long> restore(String addressKeyId, Object written, Object before, Object token,
			Object tokenBefore, long tokenPttlBefore) {
		return this.redis.script(RESTORE, addressKeys(addressKeyId), ResetCodeKeys.field(addressKeyId),
				String.valueOf(written), String.valueOf(before), String.valueOf(token), String.valueOf(tokenBefore),
				Long.toString(tokenPttlBefore));
	}

	/**
	 * A right code does not count against its IP. Not awaited: the answer does not depend
	 * on it.
	 */
	private void giveBack(String ipKey) {
		try {
			this.redis.script(UNCOUNT, List.of(ipKey)).whenComplete((count, failure) -> warnIfFailed(failure));
		}
		catch (RuntimeException ex) {
			warnIfFailed(ex);
		}
	}

	private static void warnIfFailed(@Nullable Throwable failure) {
		if (failure != null) {
			logger.warn("Could not give back a verification count to its IP: " + RedisErrors.kindOf(failure));
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private CompletableFuture<List<Object>> list(RedisScript<List> script, List<String> keys, String... args) {
		return this.redis.script(script, keys, args).thenApply((list) -> (List<Object>) list);
	}

	/**
	 * Both replies of a pipelined pair, each a value or its own failure: in a cluster
	 * they come from different nodes, and one can fail while the other applied its
	 * change.
	 */
	private <A, B> Both<A, B> await(CompletableFuture<A> first, CompletableFuture<B> second) {
		return await(Reply.of(first).thenCombine(Reply.of(second), Both::new));
	}

	private <T> T await(CompletableFuture<T> call) {
		return this.redis.await(call);
	}

	private static String millis(Duration duration) {
		return Long.toString(duration.toMillis());
	}

	/**
	 * The first check's reply; {@code ipRetryMs} the wait if the per-IP cap refused the
	 * try (then nothing of the check is left).
	 */
	private record FirstCheck(VerifyReply reply, long ipRetryMs) {
	}

	private record Both<A, B>(Reply<A> first, Reply<B> second) {
	}

	private record Reply<T>(@Nullable T value, @Nullable Throwable failure) {

		static <T> CompletableFuture<Reply<T>> of(CompletableFuture<T> call) {
			return call.handle((value, failure) -> (failure != null) ? new Reply<T>(null, failure)
					: (value != null) ? new Reply<T>(value, null) : new Reply<T>(null, noReply()));
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
