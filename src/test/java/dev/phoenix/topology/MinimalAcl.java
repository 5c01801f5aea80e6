package dev.phoenix.topology;

import java.util.ArrayList;
import java.util.List;

import dev.phoenix.support.RedisAdmin;

/**
 * The least a Redis ACL user needs to run Phoenix, as the runbooks ({@code docs/ops.md},
 * {@code docs/ops.ko.md}) print it; {@code AclIntegrationTests} checks they do, and the
 * ACL, Sentinel and cluster tests run the service as this user:
 * <ul>
 * <li>keys {@code reset_code:*} only, no Pub/Sub channels;
 * <li>{@code @connection} (HELLO, AUTH, PING, CLIENT SETNAME/SETINFO, ASKING in a
 * cluster) without what it holds of {@code @dangerous} (CLIENT KILL/LIST/PAUSE);
 * <li>EVALSHA and EVAL (the fallback when a script is not cached yet), and each command
 * the scripts call ({@code src/main/resources/redis/*.lua});
 * <li>INFO and DBSIZE for the health endpoint and the metrics ({@code INFO} is in
 * {@code @dangerous}: added back on its own); CLUSTER INFO, CLUSTER NODES and CLUSTER
 * MYID for cluster mode (health, Lettuce's topology refresh, and the node id Lettuce asks
 * for on connect).
 * </ul>
 * Nothing else: no FLUSHDB/FLUSHALL, KEYS, CONFIG, SCRIPT FLUSH or FUNCTION.
 */
final class MinimalAcl {

	static final String USER = "phoenix-app";

	static final String PASSWORD = "phoenix-app-test-password-0123456789";

	/** The rules after {@code user <name> on >password}, exactly as documented. */
	static final String RULES = "resetchannels ~reset_code:* -@all +@connection -@dangerous +evalsha +eval "
			+ "+time +get +incr +decr +hget +hmget +hrandfield +hset +hdel +exists +pttl +pexpire +pexpireat +del "
			+ "+set +xadd +xack +xdel +xrange +xlen +xreadgroup +xpending +xclaim +xgroup|create +xgroup|delconsumer "
			+ "+xinfo|groups +xinfo|consumers +info +dbsize +cluster|info +cluster|nodes +cluster|myid";

	private MinimalAcl() {
	}

	/**
	 * {@code ACL SETUSER} on one server (ACLs are per server: every node of a topology).
	 */
	static void create(int port) {
		List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", USER, "reset", "on", ">" + PASSWORD));
		command.addAll(List.of(RULES.split(" ")));
		RedisAdmin.on(port).call(command.toArray(String[]::new));
	}

	/**
	 * Commands and keys this user was refused on one server ({@code ACL LOG}), as
	 * readable lines; failed logins (a test's wrong password) are not refusals of the
	 * ACL. Before Redis 7, CLIENT is one command in {@code @dangerous}, so
	 * {@code -@dangerous} also refuses the {@code CLIENT SETINFO} that Lettuce's
	 * handshake sends (and ignores when refused); those are left out there. From 7.0 on,
	 * nothing may be refused.
	 */
	static List<String> refusals(int port) {
		RedisAdmin admin = RedisAdmin.on(port);
		boolean clientIsDangerous = admin.info("server").get("redis_version").startsWith("6.");
		List<String> refusals = new ArrayList<>();
		if (admin.call("ACL", "LOG") instanceof List<?> entries) {
			for (Object entry : entries) {
				List<?> fields = (List<?>) entry;
				boolean authentication = "auth".equals(field(fields, "reason"));
				boolean handshake = clientIsDangerous && "client".equals(field(fields, "object"));
				if (!authentication && !handshake) {
					refusals.add(String.valueOf(entry));
				}
			}
		}
		return refusals;
	}

	private static Object field(List<?> entry, String name) {
		int index = entry.indexOf(name);
		return (index >= 0 && index + 1 < entry.size()) ? entry.get(index + 1) : null;
	}

}
