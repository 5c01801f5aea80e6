package dev.phoenix.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import dev.phoenix.support.RedisClients;
import dev.phoenix.support.RedisTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.domain.Range;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lua scripts on their own, against a real Redis: the branches no HTTP flow reaches
 * reliably (an undo that must give up, a counter whose window ended, a full outbox, a
 * claim of a job not idle long enough).
 */
class ScriptsTests {

	private static final String BUCKET = "reset_code:{abcd}";

	private static final String TOKEN = "reset_code:{abcd}:t:field";

	private final StringRedisTemplate redis = RedisClients.template(RedisTestServer.shared());

	@BeforeEach
	void empty() {
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

	@Test
	void restoreWhenStateUnchangedThenPutsTheOldOneBack() {
		this.redis.opsForHash().put(BUCKET, "field", "written");
		assertThat(run(ResetCodeScripts.of(Long.class, "restore"), List.of(BUCKET, TOKEN), "field", "written", "before",
				"", "", "0"))
			.isEqualTo(1L);
		assertThat(this.redis.opsForHash().get(BUCKET, "field")).isEqualTo("before");
	}

	@Test
	void restoreWhenNothingBeforeThenRemovesTheField() {
		this.redis.opsForHash().put(BUCKET, "field", "written");
		this.redis.opsForHash().put(BUCKET, "other", "kept");
		assertThat(run(ResetCodeScripts.of(Long.class, "restore"), List.of(BUCKET, TOKEN), "field", "written", "", "",
				"", "0"))
			.isEqualTo(1L);
		assertThat(this.redis.opsForHash().hasKey(BUCKET, "field")).isFalse();
		assertThat(this.redis.opsForHash().get(BUCKET, "other")).isEqualTo("kept");
	}

	@Test
	void restoreWhenSomethingChangedSinceThenGivesUpAndLeavesIt() {
		this.redis.opsForHash().put(BUCKET, "field", "newer");
		this.redis.opsForValue().set(TOKEN, "newer-token");
		assertThat(run(ResetCodeScripts.of(Long.class, "restore"), List.of(BUCKET, TOKEN), "field", "written", "before",
				"token", "", "0"))
			.isZero();
		assertThat(this.redis.opsForHash().get(BUCKET, "field")).isEqualTo("newer");
		assertThat(this.redis.opsForValue().get(TOKEN)).isEqualTo("newer-token");
	}

	@Test
	void uncountWhenWindowOverThenCreatesNothing() {
		assertThat(run(ResetCodeScripts.of(Long.class, "uncount"), List.of("reset_code:ip:{192.0.2.1}:v")))
			.isEqualTo(-1L);
		assertThat(this.redis.hasKey("reset_code:ip:{192.0.2.1}:v")).isFalse();
		this.redis.opsForValue().set("reset_code:ip:{192.0.2.1}:v", "3");
		assertThat(run(ResetCodeScripts.of(Long.class, "uncount"), List.of("reset_code:ip:{192.0.2.1}:v")))
			.isEqualTo(2L);
	}

	@Test
	void enqueueWhenOutboxFullThenRefusedAndNothingAdded() {
		RedisScript<String> enqueue = ResetCodeScripts.of(String.class, "queueing", "enqueue");
		List<String> outbox = List.of("reset_code:{outbox}");
		assertThat(this.redis.execute(enqueue, outbox, "2", "60000", "a", "h", "p")).contains("-");
		assertThat(this.redis.execute(enqueue, outbox, "2", "60000", "a", "h", "p")).contains("-");
		assertThat(this.redis.execute(enqueue, outbox, "2", "60000", "a", "h", "p")).isEqualTo("full");
		assertThat(this.redis.opsForStream().size("reset_code:{outbox}")).isEqualTo(2);
		assertThat(this.redis.getExpire("reset_code:{outbox}")).isPositive();
	}

	@Test
	void claimWhenJobNotIdleLongEnoughThenNotTaken() {
		String stream = "reset_code:{outbox}";
		this.redis.opsForStream().createGroup(stream, "mailers");
		String id = this.redis.opsForStream()
			.add(StreamRecords.newRecord().in(stream).ofMap(Map.of("a", "1")))
			.getValue();
		List<MapRecord<String, Object, Object>> read = this.redis.opsForStream()
			.read(Consumer.from("mailers", "worker"), StreamOffset.create(stream, ReadOffset.lastConsumed()));
		assertThat(read).hasSize(1);
		@SuppressWarnings("rawtypes")
		RedisScript<List> claim = RedisScript.of(new ClassPathResource("redis/claim.lua"), List.class);

		assertThat(this.redis.execute(claim, List.of(stream), "mailers", "claimer", "60000", id)).isEmpty();
		assertThat(this.redis.execute(claim, List.of(stream), "mailers", "worker", "0", id)).containsExactly(id);
		assertThat(this.redis.opsForStream().pending(stream, "mailers").getTotalPendingMessages()).isEqualTo(1);
		// JUSTID: the hold's renewal does not count as a delivery.
		assertThat(this.redis.opsForStream()
			.pending(stream, "mailers", Range.unbounded(), 1)
			.get(0)
			.getTotalDeliveryCount()).isEqualTo(1);
	}

	@Test
	void renewWhenJobNoLongerTheWorkersThenLeftWhereItIs() {
		String stream = "reset_code:{outbox}";
		this.redis.opsForStream().createGroup(stream, "mailers");
		String id = this.redis.opsForStream()
			.add(StreamRecords.newRecord().in(stream).ofMap(Map.of("a", "1")))
			.getValue();
		this.redis.opsForStream()
			.read(Consumer.from("mailers", "worker"), StreamOffset.create(stream, ReadOffset.lastConsumed()));
		@SuppressWarnings("rawtypes")
		RedisScript<List> renew = RedisScript.of(new ClassPathResource("redis/renew.lua"), List.class);
		@SuppressWarnings("rawtypes")
		RedisScript<List> claim = RedisScript.of(new ClassPathResource("redis/claim.lua"), List.class);

		assertThat(this.redis.execute(renew, List.of(stream), "mailers", "worker", id)).containsExactly(id);
		// Parked by the worker: a late renewal must not take it back.
		this.redis.execute(claim, List.of(stream), "mailers", "parked", "0", id);
		assertThat(this.redis.execute(renew, List.of(stream), "mailers", "worker", id)).isEmpty();
		assertThat(this.redis.opsForStream().pending(stream, "mailers", Range.unbounded(), 1).get(0).getConsumerName())
			.isEqualTo("parked");
	}

	@Test
	void revokeThenCodeGoneLimitsKept() {
		long now = System.currentTimeMillis();
		this.redis.opsForHash().put(BUCKET, "field", now + ":2:60000:0:2:3:600000:5:HHHHHHHHHHHH");
		this.redis.opsForValue().set(TOKEN, "token");
		assertThat(run(ResetCodeScripts.of(Long.class, "state", "revoke"), List.of(BUCKET, TOKEN), "field"))
			.isEqualTo(2L);
		assertThat(this.redis.opsForHash().get(BUCKET, "field")).isEqualTo(now + ":2:60000:0:2:3");
		assertThat(this.redis.hasKey(TOKEN)).isFalse();
	}

	@Test
	void issueThenEachBranch() {
		// fresh: issued, and nothing before
		List<Object> issued = list(ISSUE, List.of(BUCKET), issueArgs("field", "HASH1", 5, 5, 7));
		assertThat(issued.get(0)).isEqualTo(0L);
		assertThat(issued.get(2)).isEqualTo("");
		assertThat(this.redis.getExpire(BUCKET)).isPositive();
		// cooldown running
		this.redis.opsForHash().put(BUCKET, "cool", state(0, 1, 60_000, 0, 1, 0));
		assertThat(list(ISSUE, List.of(BUCKET), issueArgs("cool", "H", 5, 5, 7)).get(0)).isEqualTo(1L);
		// hourly cap, daily cap, failure budget
		this.redis.opsForHash().put(BUCKET, "hour", state(0, 5, 0, 0, 5, 0));
		assertThat(list(ISSUE, List.of(BUCKET), issueArgs("hour", "H", 5, 10, 7)).get(0)).isEqualTo(2L);
		this.redis.opsForHash().put(BUCKET, "day", state(-7_200_000, 0, 0, 0, 10, 0));
		assertThat(list(ISSUE, List.of(BUCKET), issueArgs("day", "H", 5, 10, 7)).get(0)).isEqualTo(3L);
		this.redis.opsForHash().put(BUCKET, "locked", state(0, 1, 0, 0, 1, 7));
		List<Object> locked = list(ISSUE, List.of(BUCKET), issueArgs("locked", "H", 5, 10, 7));
		assertThat(locked.get(0)).isEqualTo(4L);
		assertThat((Long) locked.get(1)).isGreaterThan(86_000_000L);
	}

	@Test
	void requestThenEachBranchAllOrNothing() {
		String counter = "reset_code:ip:{192.0.2.7}:r";
		String outbox = "reset_code:{outbox}";
		List<String> keys = List.of(BUCKET, counter, outbox);
		// issued: the code, the count and the job, which carries the code's hash
		assertThat(list(REQUEST, keys, requestArgs("field", "HASH1", 3, 2))).containsExactly(0L);
		assertThat(this.redis.opsForHash().get(BUCKET, "field").toString()).endsWith(":HASH1");
		assertThat(this.redis.opsForValue().get(counter)).isEqualTo("1");
		assertThat(this.redis.opsForStream().range(outbox, Range.unbounded()).get(0).getValue())
			.containsExactlyInAnyOrderEntriesOf(Map.of("a", "KEYID", "h", "HASH1", "p", "SEALED"));
		assertThat(this.redis.getExpire(outbox)).isPositive();
		// an address's limit (the cooldown): counted against the IP, nothing else
		List<Object> cooldown = list(REQUEST, keys, requestArgs("field", "HASH2", 3, 2));
		assertThat(cooldown.get(0)).isEqualTo(1L);
		assertThat((Long) cooldown.get(1)).isPositive();
		assertThat(this.redis.opsForValue().get(counter)).isEqualTo("2");
		assertThat(this.redis.opsForStream().size(outbox)).isEqualTo(1);
		// the outbox full (2 jobs, of at most 2): nothing written, the count given back
		this.redis.opsForStream().add(StreamRecords.newRecord().in(outbox).ofMap(Map.of("p", "other")));
		assertThat(list(REQUEST, keys, requestArgs("other", "HASH3", 3, 2))).containsExactly(6L);
		assertThat(this.redis.opsForHash().hasKey(BUCKET, "other")).isFalse();
		assertThat(this.redis.opsForValue().get(counter)).isEqualTo("2");
		assertThat(this.redis.opsForStream().size(outbox)).isEqualTo(2);
		// the IP's cap (3 an hour): refused before the address is looked at
		assertThat(list(REQUEST, keys, requestArgs("third", "HASH4", 3, 10)).get(0)).isEqualTo(0L);
		List<Object> ipCap = list(REQUEST, keys, requestArgs("fourth", "HASH5", 3, 10));
		assertThat(ipCap.get(0)).isEqualTo(5L);
		assertThat((Long) ipCap.get(1)).isPositive();
		assertThat(this.redis.opsForHash().hasKey(BUCKET, "fourth")).isFalse();
		assertThat(this.redis.opsForStream().size(outbox)).isEqualTo(3);
	}

	@Test
	void issueWhenCooldownEndedBeforeItsWindowThenStateStillRead() {
		// The cooldown ended before the hourly window started: stored as a negative
		// offset.
		this.redis.opsForHash().put(BUCKET, "field", state(0, 5, -1_000, 0, 5, 0));
		assertThat(list(ISSUE, List.of(BUCKET), issueArgs("field", "H", 5, 10, 7)).get(0)).isEqualTo(2L);
	}

	@Test
	void issueWhenBucketLargeThenDropsDeadAddressesAmongEightAtMost() {
		Map<String, String> dead = new HashMap<>();
		for (int i = 0; i < 200; i++) {
			dead.put("dead" + i, state(-90_000_000, 1, -90_000_000, 0, 1, 0));
		}
		this.redis.opsForHash().putAll(BUCKET, dead);
		assertThat(list(ISSUE, List.of(BUCKET), issueArgs("field", "HASH1", 5, 5, 7)).get(0)).isEqualTo(0L);
		// 201 addresses, of which the new one is alive: a sample of 8 drops 7 or 8.
		assertThat(this.redis.opsForHash().size(BUCKET)).isBetween(193L, 194L);
		for (int i = 0; i < 40; i++) {
			list(ISSUE, List.of(BUCKET), issueArgs("other" + i, "HASH1", 5, 5, 7));
		}
		assertThat(this.redis.opsForHash().keys(BUCKET)).contains("field", "other0", "other39");
	}

	@Test
	void verifyThenEachBranch() {
		assertThat(list(VERIFY, List.of(BUCKET, TOKEN), verifyArgs("nobody", "H", 20)).get(0)).isEqualTo(3L);
		this.redis.opsForHash().put(BUCKET, "expired", pending(-1_000, 5, "HHHHHHHHHHHH", 0));
		assertThat(list(VERIFY, List.of(BUCKET, TOKEN), verifyArgs("expired", "HHHHHHHHHHHH", 20)).get(0))
			.isEqualTo(3L);
		// wrong: the fewer of the code's attempts and the budget left
		this.redis.opsForHash().put(BUCKET, "field", pending(600_000, 5, "HHHHHHHHHHHH", 17));
		List<Object> wrong = list(VERIFY, List.of(BUCKET, TOKEN), verifyArgs("field", "WRONGWRONGWR", 20));
		assertThat(wrong.subList(0, 2)).containsExactly(1L, 2L);
		// the budget runs out: last try, address locked
		this.redis.opsForHash().put(BUCKET, "field", pending(600_000, 5, "HHHHHHHHHHHH", 19));
		assertThat(list(VERIFY, List.of(BUCKET, TOKEN), verifyArgs("field", "WRONGWRONGWR", 20))).startsWith(2L, 0L)
			.endsWith(1L);
		// the code's attempts run out, budget left: not locked
		this.redis.opsForHash().put(BUCKET, "field", pending(600_000, 1, "HHHHHHHHHHHH", 0));
		assertThat(list(VERIFY, List.of(BUCKET, TOKEN), verifyArgs("field", "WRONGWRONGWR", 20))).endsWith(0L);
		// right: token stored with the sealed address, failures reset, code gone
		this.redis.opsForHash().put(BUCKET, "field", pending(600_000, 3, "HHHHHHHHHHHH", 4));
		assertThat(list(VERIFY, List.of(BUCKET, TOKEN), verifyArgs("field", "HHHHHHHHHHHH", 20)).get(0)).isEqualTo(0L);
		assertThat(this.redis.opsForValue().get(TOKEN)).isEqualTo("TOKENHASH:sealed");
		assertThat((String) this.redis.opsForHash().get(BUCKET, "field")).matches("\\d+:1:\\d+:-?\\d+:1:0");
	}

	@Test
	void attemptThenCountedAndARightCodeGivesItsCountBack() {
		String counter = "reset_code:ip:{192.0.2.8}:v";
		List<String> keys = List.of(BUCKET, TOKEN, counter);
		this.redis.opsForHash().put(BUCKET, "field", pending(600_000, 5, "HHHHHHHHHHHH", 0));
		// no code, and a wrong one: each counts against the IP
		assertThat(list(ATTEMPT, keys, attemptArgs("nobody", "HHHHHHHHHHHH", 3))).containsExactly(3L);
		assertThat(list(ATTEMPT, keys, attemptArgs("field", "WRONGWRONGWR", 3)).subList(0, 2)).containsExactly(1L, 4L);
		assertThat(this.redis.opsForValue().get(counter)).isEqualTo("2");
		// right: verified, and its count given back
		assertThat(list(ATTEMPT, keys, attemptArgs("field", "HHHHHHHHHHHH", 3)).get(0)).isEqualTo(0L);
		assertThat(this.redis.opsForValue().get(counter)).isEqualTo("2");
		assertThat(this.redis.opsForValue().get(TOKEN)).isEqualTo("TOKENHASH:sealed");
		// the IP's cap (3 an hour): refused, and the code not looked at
		this.redis.opsForHash().put(BUCKET, "other", pending(600_000, 5, "HHHHHHHHHHHH", 0));
		assertThat(list(ATTEMPT, keys, attemptArgs("other", "WRONGWRONGWR", 3)).get(0)).isEqualTo(1L);
		List<Object> ipCap = list(ATTEMPT, keys, attemptArgs("other", "HHHHHHHHHHHH", 3));
		assertThat(ipCap.get(0)).isEqualTo(4L);
		assertThat((Long) ipCap.get(1)).isPositive();
		assertThat((String) this.redis.opsForHash().get(BUCKET, "other")).endsWith(":4:HHHHHHHHHHHH");
	}

	@Test
	void pendingInspectRedeemCountThenEachBranch() {
		this.redis.opsForHash().put(BUCKET, "field", pending(600_000, 5, "HHHHHHHHHHHH", 2));
		RedisScript<Long> pendingScript = ResetCodeScripts.of(Long.class, "state", "pending");
		assertThat(run(pendingScript, List.of(BUCKET), "field", "HHHHHHHHHHHH")).isEqualTo(1L);
		assertThat(run(pendingScript, List.of(BUCKET), "field", "OTHEROTHEROT")).isZero();
		assertThat(run(pendingScript, List.of(BUCKET), "nobody", "HHHHHHHHHHHH")).isZero();

		List<Object> inspected = list(ResetCodeScripts.of(List.class, "state", "inspect"), List.of(BUCKET, TOKEN),
				"field");
		assertThat(inspected).hasSize(11);
		assertThat(inspected.get(0)).isEqualTo(1L);
		assertThat(inspected.get(3)).isEqualTo(5L);
		assertThat(inspected.get(10)).isEqualTo(2L);
		assertThat(list(ResetCodeScripts.of(List.class, "state", "inspect"), List.of(BUCKET, TOKEN), "nobody").get(0))
			.isEqualTo(0L);

		this.redis.opsForValue().set(TOKEN, "NEWHASH:sealed");
		@SuppressWarnings("rawtypes")
		RedisScript<List> redeem = ResetCodeScripts.of(List.class, "redeem");
		assertThat(list(redeem, List.of(TOKEN), "OLDHASH")).containsExactly(0L);
		// during a rotation, the second of the accepted hashes
		assertThat(list(redeem, List.of(TOKEN), "OLDHASH", "NEWHASH")).containsExactly(1L, "sealed");
		assertThat(list(redeem, List.of(TOKEN), "NEWHASH")).containsExactly(0L);

		RedisScript<Long> count = ResetCodeScripts.of(Long.class, "counting", "count");
		String counter = "reset_code:ip:{192.0.2.9}:v";
		assertThat(run(count, List.of(counter), "2", "3600000")).isZero();
		assertThat(run(count, List.of(counter), "2", "3600000")).isZero();
		assertThat(run(count, List.of(counter), "2", "3600000")).isPositive();
		assertThat(this.redis.getExpire(counter)).isPositive();
	}

	@Test
	void countThenTheWindowKeepsItsEndAndACounterWithoutATtlGetsOneOverTheLimit() {
		RedisScript<Long> count = ResetCodeScripts.of(Long.class, "counting", "count");
		String counter = "reset_code:ip:{192.0.2.10}:v";
		assertThat(run(count, List.of(counter), "2", "3600000")).isZero();
		this.redis.expire(counter, Duration.ofSeconds(100));
		assertThat(run(count, List.of(counter), "2", "3600000")).isZero();
		assertThat(this.redis.getExpire(counter)).isBetween(1L, 100L);
		assertThat(run(count, List.of(counter), "2", "3600000")).isBetween(1L, 100_000L);

		this.redis.persist(counter);
		assertThat(run(count, List.of(counter), "2", "3600000")).isEqualTo(3_600_000L);
		assertThat(this.redis.getExpire(counter)).isPositive();
	}

	@Test
	void outboxGroupAckAndBuryThenEachBranch() {
		String stream = "reset_code:{outbox}";
		RedisScript<Long> group = RedisScript.of(new ClassPathResource("redis/group.lua"), Long.class);
		assertThat(run(group, List.of(stream), "mailers", "60000")).isEqualTo(1L);
		assertThat(run(group, List.of(stream), "mailers", "60000")).isZero();
		String first = this.redis.opsForStream()
			.add(StreamRecords.newRecord().in(stream).ofMap(Map.of("p", "1")))
			.getValue();
		String second = this.redis.opsForStream()
			.add(StreamRecords.newRecord().in(stream).ofMap(Map.of("p", "2")))
			.getValue();
		String third = this.redis.opsForStream()
			.add(StreamRecords.newRecord().in(stream).ofMap(Map.of("p", "3")))
			.getValue();
		this.redis.opsForStream()
			.read(Consumer.from("mailers", "worker"), StreamOffset.create(stream, ReadOffset.lastConsumed()));

		// A worker acknowledges its batch at once.
		RedisScript<Long> ack = RedisScript.of(new ClassPathResource("redis/ack.lua"), Long.class);
		assertThat(run(ack, List.of(stream), "mailers", first, third)).isEqualTo(2L);
		assertThat(run(ack, List.of(stream), "mailers", first)).isZero();

		RedisScript<Long> bury = RedisScript.of(new ClassPathResource("redis/bury.lua"), Long.class);
		List<String> streams = List.of(stream, "reset_code:{outbox}:dead");
		assertThat(run(bury, streams, "mailers", second, "60000", "unreadable")).isEqualTo(1L);
		assertThat(run(bury, streams, "mailers", second, "60000", "unreadable")).isZero();
		assertThat(this.redis.opsForStream().size(stream)).isZero();
		assertThat(this.redis.opsForStream().range("reset_code:{outbox}:dead", Range.unbounded()).get(0).getValue())
			.containsEntry("reason", "unreadable")
			.containsEntry("deliveries", "1")
			.containsEntry("p", "2");
	}

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ISSUE = ResetCodeScripts.of(List.class, "state", "issuing", "issue");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REQUEST = ResetCodeScripts.of(List.class, "state", "counting", "issuing",
			"queueing", "request");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ATTEMPT = ResetCodeScripts.of(List.class, "state", "counting", "verifying",
			"attempt");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> VERIFY = ResetCodeScripts.of(List.class, "state", "verifying", "verify");

	private static String[] issueArgs(String field, String hash, int maxPerHour, int maxPerDay, int maxFailures) {
		return new String[] { field, hash, "600000", "5", "60000", Integer.toString(maxPerHour), "3600000",
				Integer.toString(maxPerDay), "86400000", Integer.toString(maxFailures) };
	}

	/**
	 * request.lua's: the address's as issueArgs (5 codes an hour and a day), then the
	 * rest.
	 */
	private static String[] requestArgs(String field, String hash, int maxPerIp, int maxDepth) {
		List<String> args = new ArrayList<>(List.of(issueArgs(field, hash, 5, 5, 7)));
		args.addAll(List.of(Integer.toString(maxPerIp), Integer.toString(maxDepth), "60000", "KEYID", "SEALED"));
		return args.toArray(String[]::new);
	}

	/** attempt.lua's: the address's as verifyArgs, then the IP's cap. */
	private static String[] attemptArgs(String field, String hash, int maxPerIp) {
		List<String> args = new ArrayList<>(List.of(verifyArgs(field, hash, 20)));
		args.add(Integer.toString(maxPerIp));
		return args.toArray(String[]::new);
	}

	private static String[] verifyArgs(String field, String hash, int maxFailures) {
		return new String[] { field, hash, "TOKENHASH", "900000", "sealed", Integer.toString(maxFailures), "3600000",
				"86400000" };
	}

	/** A state without a code (layout in state.lua), times relative to now. */
	private static String state(long windowAgo, int codes, long cooldownLeft, long dayBeforeWindow, int codesToday,
			int failures) {
		long w = System.currentTimeMillis() + windowAgo;
		long cooldownEnd = System.currentTimeMillis() + cooldownLeft;
		return w + ":" + codes + ":" + (cooldownEnd - w) + ":" + dayBeforeWindow + ":" + codesToday + ":" + failures;
	}

	/** A state with a pending code expiring in {@code expiresIn}. */
	private static String pending(long expiresIn, int attempts, String hash, int failures) {
		long w = System.currentTimeMillis();
		return w + ":1:0:0:1:" + failures + ":" + expiresIn + ":" + attempts + ":" + hash;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private List<Object> list(RedisScript<List> script, List<String> keys, String... args) {
		return this.redis.execute(script, keys, (Object[]) args);
	}

	private Long run(RedisScript<Long> script, List<String> keys, String... args) {
		return this.redis.execute(script, keys, (Object[]) args);
	}

}
