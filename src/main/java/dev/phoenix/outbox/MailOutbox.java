package dev.phoenix.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The outbox streams in Redis: {@code reset_code:{outbox}} with the consumer group
 * {@code mailers}, and {@code reset_code:{outbox}:dead} for jobs that failed too often.
 * Every state change that touches two things (ack and delete, ack and bury) is one script.
 */
@Component
class MailOutbox {

	static final String STREAM = "reset_code:{outbox}";

	static final String DEAD_LETTERS = "reset_code:{outbox}:dead";

	static final String GROUP = "mailers";

	private static final RedisScript<String> ENQUEUE = RedisScript.of(new ClassPathResource("redis/enqueue.lua"),
			String.class);

	private static final RedisScript<Long> ACK = RedisScript.of(new ClassPathResource("redis/ack.lua"), Long.class);

	private static final RedisScript<Long> BURY = RedisScript.of(new ClassPathResource("redis/bury.lua"), Long.class);

	private static final RedisScript<Long> GROUP_SCRIPT = RedisScript.of(new ClassPathResource("redis/group.lua"),
			Long.class);

	private final StringRedisTemplate redis;

	private final OutboxProperties properties;

	MailOutbox(StringRedisTemplate redis, OutboxProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	void ensureGroup() {
		this.redis.execute(GROUP_SCRIPT, List.of(STREAM), GROUP, ttlMillis());
	}

	String enqueue(String addressKeyId, String codeHash, String sealedPayload) {
		return this.redis.execute(ENQUEUE, List.of(STREAM), Long.toString(this.properties.maxLength()), ttlMillis(),
				addressKeyId, codeHash, sealedPayload);
	}

	/** True if this call acknowledged the job (false: another worker had already). */
	boolean ack(String id) {
		Long acked = this.redis.execute(ACK, List.of(STREAM), GROUP, id);
		return acked != null && acked == 1;
	}

	boolean bury(String id, long deliveries, String reason) {
		Long buried = this.redis.execute(BURY, List.of(STREAM, DEAD_LETTERS), GROUP, id,
				Long.toString(this.properties.deadMaxLength()), ttlMillis(), Long.toString(deliveries), reason);
		return buried != null && buried == 1;
	}

	/** The oldest pending jobs, each with its idle time and delivery count. */
	List<PendingMessage> oldestPending(int count) {
		return this.redis.opsForStream().pending(STREAM, GROUP, Range.unbounded(), count).toList();
	}

	/** Takes over a job that has been idle at least {@code minIdle}; empty if another instance was faster. */
	List<MapRecord<String, Object, Object>> claim(String consumer, Duration minIdle, String id) {
		return this.redis.opsForStream().claim(STREAM, GROUP, consumer, minIdle, RecordId.of(id));
	}

	OutboxStats stats() {
		Long depth = this.redis.opsForStream().size(STREAM);
		Long dead = this.redis.opsForStream().size(DEAD_LETTERS);
		if (depth == null || depth == 0) {
			return new OutboxStats(0, 0, Duration.ZERO, (dead != null) ? dead : 0);
		}
		PendingMessagesSummary summary = this.redis.opsForStream().pending(STREAM, GROUP);
		// Done jobs are deleted, so the stream's first entry is the oldest job not yet done,
		// whether a worker holds it or none has read it yet.
		List<MapRecord<String, Object, Object>> oldest = this.redis.opsForStream()
			.range(STREAM, Range.unbounded(), org.springframework.data.redis.connection.Limit.limit().count(1));
		Duration age = oldest.isEmpty() ? Duration.ZERO : ageOf(oldest.get(0).getId());
		return new OutboxStats(depth, (summary != null) ? summary.getTotalPendingMessages() : 0, age,
				(dead != null) ? dead : 0);
	}

	/**
	 * Removes consumers left by instances that are gone (their names are unique per start):
	 * those with nothing pending and idle for {@code idle}. Their pending jobs, if any, stay
	 * until claimed.
	 */
	void pruneConsumers(Duration idle) {
		for (StreamInfo.XInfoConsumer consumer : this.redis.opsForStream().consumers(STREAM, GROUP)) {
			if (consumer.pendingCount() == 0 && consumer.idleTime().compareTo(idle) > 0) {
				this.redis.opsForStream().deleteConsumer(STREAM, Consumer.from(GROUP, consumer.consumerName()));
			}
		}
	}

	/** Stream ids start with the milliseconds of their creation. */
	static Duration ageOf(@Nullable RecordId id) {
		if (id == null || id.getTimestamp() == null) {
			return Duration.ZERO;
		}
		return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - id.getTimestamp()));
	}

	static Map<String, String> fields(MapRecord<String, ?, ?> record) {
		Map<String, String> fields = new java.util.HashMap<>();
		record.getValue().forEach((key, value) -> fields.put(String.valueOf(key), String.valueOf(value)));
		return fields;
	}

	private String ttlMillis() {
		return Long.toString(this.properties.keyTtl().toMillis());
	}

}
