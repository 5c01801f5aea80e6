package dev.phoenix.redis;

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
		assertThat(run(ResetCodeScripts.returningNumber("restore"), List.of(BUCKET, TOKEN), "field", "written",
				"before", "", "", "0"))
			.isEqualTo(1L);
		assertThat(this.redis.opsForHash().get(BUCKET, "field")).isEqualTo("before");
	}

	@Test
	void restoreWhenNothingBeforeThenRemovesTheField() {
		this.redis.opsForHash().put(BUCKET, "field", "written");
		this.redis.opsForHash().put(BUCKET, "other", "kept");
		assertThat(run(ResetCodeScripts.returningNumber("restore"), List.of(BUCKET, TOKEN), "field", "written", "", "",
				"", "0"))
			.isEqualTo(1L);
		assertThat(this.redis.opsForHash().hasKey(BUCKET, "field")).isFalse();
		assertThat(this.redis.opsForHash().get(BUCKET, "other")).isEqualTo("kept");
	}

	@Test
	void restoreWhenSomethingChangedSinceThenGivesUpAndLeavesIt() {
		this.redis.opsForHash().put(BUCKET, "field", "newer");
		this.redis.opsForValue().set(TOKEN, "newer-token");
		assertThat(run(ResetCodeScripts.returningNumber("restore"), List.of(BUCKET, TOKEN), "field", "written",
				"before", "token", "", "0"))
			.isZero();
		assertThat(this.redis.opsForHash().get(BUCKET, "field")).isEqualTo("newer");
		assertThat(this.redis.opsForValue().get(TOKEN)).isEqualTo("newer-token");
	}

	@Test
	void uncountWhenWindowOverThenCreatesNothing() {
		assertThat(run(ResetCodeScripts.returningNumber("uncount"), List.of("reset_code:ip:{192.0.2.1}:v")))
			.isEqualTo(-1L);
		assertThat(this.redis.hasKey("reset_code:ip:{192.0.2.1}:v")).isFalse();
		this.redis.opsForValue().set("reset_code:ip:{192.0.2.1}:v", "3");
		assertThat(run(ResetCodeScripts.returningNumber("uncount"), List.of("reset_code:ip:{192.0.2.1}:v")))
			.isEqualTo(2L);
	}

	@Test
	void enqueueWhenOutboxFullThenRefusedAndNothingAdded() {
		RedisScript<String> enqueue = RedisScript.of(new ClassPathResource("redis/enqueue.lua"), String.class);
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
		assertThat(run(ResetCodeScripts.withStateReturningNumber("revoke"), List.of(BUCKET, TOKEN), "field"))
			.isEqualTo(2L);
		assertThat(this.redis.opsForHash().get(BUCKET, "field")).isEqualTo(now + ":2:60000:0:2:3");
		assertThat(this.redis.hasKey(TOKEN)).isFalse();
	}

	private Long run(RedisScript<Long> script, List<String> keys, String... args) {
		return this.redis.execute(script, keys, (Object[]) args);
	}

}
