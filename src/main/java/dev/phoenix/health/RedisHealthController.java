package dev.phoenix.health;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.phoenix.redis.RedisServerStatus;
import dev.phoenix.redis.RedisServerStatus.ClusterState;
import dev.phoenix.redis.RedisServerStatus.Snapshot;
import dev.phoenix.resetcode.MailQueue;
import dev.phoenix.resetcode.StoreUnavailableException;
import dev.phoenix.system.ApiError;
import dev.phoenix.system.Envelopes;
import dev.phoenix.system.ErrorCode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The design document's Redis health check, exactly its shape: {@code connected},
 * {@code stats} (with more inside than the document shows) and {@code timestamp}. In
 * {@code stats}, {@code mode} is how the service reaches Redis (standalone, sentinel,
 * cluster); a cluster adds its {@code CLUSTER INFO} state, and {@code keys} and
 * {@code memory} are then totals over its primaries. Answered within
 * {@link RedisServerStatus#HEALTH_DEADLINE} even when Redis hangs; a flood of callers
 * shares one live check.
 */
@RestController
class RedisHealthController {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final RedisServerStatus status;

	private final Envelopes envelopes;

	private final Clock clock;

	private final MailQueue outbox;

	RedisHealthController(RedisServerStatus status, Envelopes envelopes, Clock clock, MailQueue outbox) {
		this.status = status;
		this.envelopes = envelopes;
		this.clock = clock;
		this.outbox = outbox;
	}

	@GetMapping("/auth/redis/health")
	ResponseEntity<?> health() {
		try {
			Snapshot snapshot = this.status.read();
			Map<String, Object> stats = stats(snapshot);
			stats.put("outbox", outbox(this.outbox.statistics()));
			return this.envelopes.ok(HttpStatus.OK, new Connected(true, stats, now()), "redis.health.up");
		}
		catch (StoreUnavailableException ex) {
			return this.envelopes.error(ApiError.of(ErrorCode.STORE_UNAVAILABLE), new Disconnected(false, now()),
					HttpHeaders.EMPTY);
		}
	}

	private static Map<String, Object> stats(Snapshot snapshot) {
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("memory", "used_memory:" + snapshot.number("used_memory"));
		stats.put("keys", snapshot.keys());
		stats.put("uptime", snapshot.number("uptime_in_seconds"));
		stats.put("version", snapshot.text("redis_version", "unknown"));
		stats.put("mode", snapshot.mode().value());
		ClusterState cluster = snapshot.cluster();
		if (cluster != null) {
			stats.put("clusterState", cluster.state());
			stats.put("clusterSlotsOk", cluster.slotsOk());
			stats.put("clusterKnownNodes", cluster.knownNodes());
			stats.put("clusterPrimaries", cluster.primaries());
		}
		stats.put("role", snapshot.text("role", "unknown"));
		stats.put("maxmemory", snapshot.number("maxmemory"));
		stats.put("maxmemoryPolicy", snapshot.text("maxmemory_policy", "unknown"));
		stats.put("connectedClients", snapshot.number("connected_clients"));
		stats.put("evictedKeys", snapshot.number("evicted_keys"));
		stats.put("latencyMillis", snapshot.latency().toMillis());
		return stats;
	}

	/** The mail queue as of its last poll: no extra Redis call here. */
	private static Map<String, Object> outbox(MailQueue.Statistics stats) {
		Map<String, Object> outbox = new LinkedHashMap<>();
		outbox.put("depth", stats.depth());
		outbox.put("pending", stats.pending());
		outbox.put("oldestPendingSeconds", stats.oldestPending().toSeconds());
		outbox.put("deadLetters", stats.deadLetters());
		return outbox;
	}

	private String now() {
		return ISO_MILLIS.format(Instant.now(this.clock));
	}

	record Connected(boolean connected, Map<String, Object> stats, String timestamp) {
	}

	record Disconnected(boolean connected, String timestamp) {
	}

}
