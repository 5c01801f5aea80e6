package dev.phoenix.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.phoenix.redis.ResetCodeKeys;
import dev.phoenix.redis.ResetCodeScripts;
import dev.phoenix.resetcode.MailQueue.Statistics;
import dev.phoenix.system.Causes;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The outbox streams in Redis: {@code reset_code:{outbox}} with the consumer group
 * {@code mailers}, and {@code reset_code:{outbox}:dead} for jobs that cannot be
 * delivered. Every state change that touches two things (ack and delete, ack and bury) is
 * one script. The workers' side: a job is queued with its code, by the reset-code store
 * ({@code request.lua}, or {@code enqueue.lua} in a cluster).
 */
@Component
class MailOutbox {

	static final String STREAM = ResetCodeKeys.OUTBOX;

	static final String DEAD_LETTERS = ResetCodeKeys.OUTBOX_DEAD_LETTERS;

	static final String GROUP = "mailers";

	private static final RedisScript<Long> ACK = ResetCodeScripts.of(Long.class, "ack");

	private static final RedisScript<Long> BURY = ResetCodeScripts.of(Long.class, "bury");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = ResetCodeScripts.of(List.class, "claim");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RENEW = ResetCodeScripts.of(List.class, "renew");

	private static final RedisScript<Long> GROUP_SCRIPT = ResetCodeScripts.of(Long.class, "group");

	private final StringRedisTemplate redis;

	private final OutboxProperties properties;

	MailOutbox(StringRedisTemplate redis, OutboxProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	void ensureGroup() {
		this.redis.execute(GROUP_SCRIPT, List.of(STREAM), GROUP, ttlMillis());
	}

	/**
	 * Up to {@code count} jobs no consumer has read yet, waiting up to {@code block} for
	 * one.
	 */
	List<MapRecord<String, Object, Object>> readNew(String consumer, int count, Duration block) {
		return orEmpty(this.redis.opsForStream()
			.read(Consumer.from(GROUP, consumer), StreamReadOptions.empty().count(count).block(block),
					StreamOffset.create(STREAM, ReadOffset.lastConsumed())));
	}

	/**
	 * Jobs already delivered to {@code consumer} and not acknowledged, oldest first; no
	 * wait.
	 */
	List<MapRecord<String, Object, Object>> readOwn(String consumer, int count) {
		return orEmpty(this.redis.opsForStream()
			.read(Consumer.from(GROUP, consumer), StreamReadOptions.empty().count(count),
					StreamOffset.create(STREAM, ReadOffset.from("0"))));
	}

	/**
	 * Resets the idle time of those of {@code ids} that are still {@code consumer}'s own.
	 */
	void renew(String consumer, List<String> ids) {
		this.redis.execute(RENEW, List.of(STREAM), groupArguments(consumer, List.of(), ids));
	}

	/**
	 * Gives {@code ids} to {@code consumer}, each only if idle at least {@code minIdle};
	 * the ids given.
	 */
	@SuppressWarnings("unchecked")
	List<String> claim(String consumer, Duration minIdle, List<String> ids) {
		List<Object> claimed = this.redis.execute(CLAIM, List.of(STREAM),
				groupArguments(consumer, List.of(Long.toString(minIdle.toMillis())), ids));
		return (claimed != null) ? claimed.stream().map(String::valueOf).toList() : List.of();
	}

	/** One job's fields; empty if it is gone. */
	Map<String, String> entry(String id) {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.range(STREAM, Range.closed(id, id), Limit.limit().count(1));
		return (records == null || records.isEmpty()) ? Map.of() : fields(records.get(0));
	}

	/**
	 * Marks jobs done: acknowledged and deleted (a job someone else acknowledged is
	 * deleted all the same).
	 */
	void ack(List<String> ids) {
		if (!ids.isEmpty()) {
			List<String> arguments = new ArrayList<>(1 + ids.size());
			arguments.add(GROUP);
			arguments.addAll(ids);
			this.redis.execute(ACK, List.of(STREAM), arguments.toArray());
		}
	}

	boolean bury(String id, String reason) {
		Long buried = this.redis.execute(BURY, List.of(STREAM, DEAD_LETTERS), GROUP, id, ttlMillis(), reason);
		return buried != null && buried == 1;
	}

	/** The oldest pending jobs, each with its idle time and delivery count. */
	List<PendingMessage> oldestPending(int count) {
		return this.redis.opsForStream().pending(STREAM, GROUP, Range.unbounded(), count).toList();
	}

	Statistics stats() {
		Long depth = this.redis.opsForStream().size(STREAM);
		Long dead = this.redis.opsForStream().size(DEAD_LETTERS);
		if (depth == null || depth == 0) {
			return new Statistics(0, 0, Duration.ZERO, (dead != null) ? dead : 0);
		}
		PendingMessagesSummary summary = this.redis.opsForStream().pending(STREAM, GROUP);
		// Done jobs are deleted, so the stream's first entry is the oldest job not yet
		// done,
		// whether a worker holds it or none has read it yet.
		List<MapRecord<String, Object, Object>> oldest = this.redis.opsForStream()
			.range(STREAM, Range.unbounded(), Limit.limit().count(1));
		Duration age = oldest.isEmpty() ? Duration.ZERO : ageOf(oldest.get(0).getId());
		return new Statistics(depth, (summary != null) ? summary.getTotalPendingMessages() : 0, age,
				(dead != null) ? dead : 0);
	}

	/**
	 * Removes consumers left by instances that are gone (their names are unique per
	 * start): those with nothing pending and idle for {@code idle}. Their pending jobs,
	 * if any, stay until claimed.
	 */
	void pruneConsumers(Duration idle) {
		for (StreamInfo.XInfoConsumer consumer : this.redis.opsForStream().consumers(STREAM, GROUP)) {
			if (consumer.pendingCount() == 0 && consumer.idleTime().compareTo(idle) > 0) {
				this.redis.opsForStream().deleteConsumer(STREAM, Consumer.from(GROUP, consumer.consumerName()));
			}
		}
	}

	/**
	 * The stream (and its group) can vanish: expired after a quiet week, or deleted by
	 * hand. Creates them again if {@code failure} says so; Redis still failing is left to
	 * the caller's next attempt.
	 */
	void recreateGroupIfGone(Throwable failure) {
		for (Throwable cause : Causes.of(failure)) {
			if (String.valueOf(cause.getMessage()).contains("NOGROUP")) {
				try {
					ensureGroup();
				}
				catch (RuntimeException ex) {
					// Redis still unavailable; the next attempt tries again.
				}
				return;
			}
		}
	}

	/**
	 * ARGV of the scripts that act for a consumer on some jobs: group, consumer, options,
	 * ids.
	 */
	private static Object[] groupArguments(String consumer, List<String> options, List<String> ids) {
		List<String> arguments = new ArrayList<>(2 + options.size() + ids.size());
		arguments.add(GROUP);
		arguments.add(consumer);
		arguments.addAll(options);
		arguments.addAll(ids);
		return arguments.toArray();
	}

	/** Stream ids start with the milliseconds of their creation. */
	static Duration ageOf(@Nullable RecordId id) {
		if (id == null || id.getTimestamp() == null) {
			return Duration.ZERO;
		}
		return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - id.getTimestamp()));
	}

	static Map<String, String> fields(MapRecord<String, ?, ?> record) {
		Map<String, String> fields = new HashMap<>();
		record.getValue().forEach((key, value) -> fields.put(String.valueOf(key), String.valueOf(value)));
		return fields;
	}

	private static List<MapRecord<String, Object, Object>> orEmpty(
			@Nullable List<MapRecord<String, Object, Object>> records) {
		return (records != null) ? records : List.of();
	}

	private String ttlMillis() {
		return Long.toString(this.properties.keyTtl().toMillis());
	}

}
