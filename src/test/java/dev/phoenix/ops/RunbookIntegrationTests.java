package dev.phoenix.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.phoenix.support.RedisAdmin;
import dev.phoenix.support.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runbooks, run as written: every {@code redis-cli} block of both guides marked
 * {@code <!-- run-as: USER -->} runs as that ACL user, with the ACL exactly as section 6
 * prints it, against a Redis 7 holding a little Phoenix data; only TLS and the port are
 * the test's (a {@code redis-cli} shell function drops {@code --tls} and swaps the port).
 * The backup script of section 7 backs a real Redis up, and the snapshot restores into
 * another. Skipped with the reason where {@code redis-cli} or Redis 7 is missing.
 */
class RunbookIntegrationTests {

	private static final Pattern MARKED_BLOCK = Pattern
		.compile("<!-- run-as: (phoenix-[a-z]+) -->\\n```bash\\n(.*?)\\n```", Pattern.DOTALL);

	private static final Pattern BACKUP_SCRIPT = Pattern.compile("<!-- backup-script -->\\n```bash\\n(.*?)\\n```",
			Pattern.DOTALL);

	private static final Pattern ACL_LINE = Pattern.compile("^\\s*user (phoenix-[a-z]+) (.*)$", Pattern.MULTILINE);

	/** Refused answers, as redis-cli prints them when its output is not a terminal. */
	private static final Pattern REFUSED = Pattern.compile("(?m)^(\\(error\\) )?(NOPERM|ERR|WRONGTYPE)\\b");

	private static final String REDIS_CLI_AS_THE_TEST_NEEDS = """
			redis-cli() {
			  local args=() port_next=0
			  for a in "$@"; do
			    if [ "$port_next" = 1 ]; then args+=("$TEST_REDIS_PORT"); port_next=0; continue; fi
			    case "$a" in
			      --tls) ;;
			      -p) args+=(-p); port_next=1 ;;
			      *) args+=("$a") ;;
			    esac
			  done
			  command redis-cli "${args[@]}"
			}
			set -o pipefail
			""";

	private RedisProcess redis;

	private final List<RedisProcess> others = new ArrayList<>();

	@BeforeEach
	void redisWithTheDocumentedAcl() throws IOException {
		assumeTrue(onPath("redis-cli"), "redis-cli is not on PATH (.ci/run installs Debian's redis-server)");
		assumeTrue(!RedisProcess.version().contains("v=6."),
				"the documented ACL uses Redis 7 key permissions; redis-server is " + RedisProcess.version());
		int port = RedisProcess.freePort();
		this.redis = RedisProcess.start("runbook", Files.createTempDirectory("phoenix-runbook"), port,
				RedisProcess.baseArguments(port));
		for (Map.Entry<String, String> user : documentedUsers().entrySet()) {
			List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", user.getKey(), "reset"));
			command.addAll(aclArguments(user.getValue().replace("><password>", ">" + password(user.getKey()))));
			admin().call(command.toArray(String[]::new));
		}
		seedPhoenixData();
	}

	@AfterEach
	void stopRedis() {
		if (this.redis != null) {
			this.redis.stop();
		}
		this.others.forEach(RedisProcess::stop);
	}

	static Stream<Path> guides() {
		return Stream.of(Paths.get("docs", "ops.md"), Paths.get("docs", "ops.ko.md"));
	}

	@ParameterizedTest
	@MethodSource("guides")
	void markedBlocksThenEachRunsAsItsUserAndNothingIsRefused(Path guide) throws Exception {
		Matcher blocks = MARKED_BLOCK.matcher(Files.readString(guide, StandardCharsets.UTF_8));
		int run = 0;
		while (blocks.find()) {
			seedPhoenixData();
			String user = blocks.group(1);
			Result result = bash(REDIS_CLI_AS_THE_TEST_NEEDS + blocks.group(2), Map.of("REDIS_HOST", "127.0.0.1",
					"TEST_REDIS_PORT", Integer.toString(this.redis.port()), "REDISCLI_AUTH", password(user)));
			assertThat(result.exitCode()).as(guide + ", as " + user + ":\n" + blocks.group(2) + "\n" + result.output())
				.isZero();
			assertThat(REFUSED.matcher(result.output()).find())
				.as(guide + ", as " + user + ":\n" + blocks.group(2) + "\n" + result.output())
				.isFalse();
			run++;
		}
		assertThat(run).as("marked blocks in " + guide).isGreaterThanOrEqualTo(5);
	}

	@Test
	void operatorUserThenOnlyWhatTheGuideSaysItMayChange() {
		RedisAdmin ops = RedisAdmin.on(this.redis.port()).as("phoenix-ops", password("phoenix-ops"));
		assertThat(ops.text("UNLINK", "reset_code:ip:{203.0.113.7}:r")).isEqualTo("1");
		assertThat(ops.text("XTRIM", "reset_code:{outbox}:dead", "MAXLEN", "0")).isEqualTo("1");
		for (String[] refused : List.of(new String[] { "UNLINK", "reset_code:{0a1b}" },
				new String[] { "UNLINK", "reset_code:{outbox}" },
				new String[] { "XTRIM", "reset_code:{outbox}", "MAXLEN", "0" },
				new String[] { "HSET", "reset_code:{0a1b}", "f", "v" }, new String[] { "CONFIG", "GET", "maxmemory" },
				new String[] { "FLUSHDB" }, new String[] { "GET", "someone-else:key" })) {
			assertThat(refusal(ops, refused)).as(String.join(" ", refused)).startsWith("NOPERM");
		}
		RedisAdmin admin = RedisAdmin.on(this.redis.port()).as("phoenix-admin", password("phoenix-admin"));
		assertThat(refusal(admin, "FLUSHALL")).startsWith("NOPERM");
		assertThat(refusal(admin, "CONFIG", "SET", "maxmemory", "1")).startsWith("NOPERM");
	}

	@Test
	void backupScriptThenSnapshotRestoresIntoAnotherRedis() throws Exception {
		String script = extract(BACKUP_SCRIPT, Files.readString(Paths.get("docs", "ops.md"), StandardCharsets.UTF_8));
		Path backups = Files.createTempDirectory("phoenix-backups");
		Path scriptFile = backups.resolveSibling(backups.getFileName() + ".sh");
		Files.writeString(scriptFile, script);

		Result result = bash("bash " + scriptFile,
				Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(this.redis.port()), "REDIS_USER",
						"phoenix-admin", "REDISCLI_AUTH", password("phoenix-admin"), "REDIS_TLS", "false", "BACKUP_DIR",
						backups.toString()));

		assertThat(result.exitCode()).as(result.output()).isZero();
		List<Path> files;
		try (Stream<Path> listed = Files.list(backups)) {
			files = listed.toList();
		}
		assertThat(files).hasSize(1).allSatisfy((file) -> assertThat(file.toString()).endsWith(".rdb"));
		int port = RedisProcess.freePort();
		List<String> arguments = new ArrayList<>(RedisProcess.baseArguments(port));
		arguments.addAll(List.of("--dir", backups.toString(), "--dbfilename", files.get(0).getFileName().toString()));
		RedisProcess restored = RedisProcess.start("restored", backups, port, arguments);
		this.others.add(restored);
		RedisAdmin copy = RedisAdmin.on(port);
		assertThat(copy.text("HGET", "reset_code:{0a1b}", "field0000000000")).isEqualTo("1:1:0:0:1:0");
		assertThat(copy.text("GET", "reset_code:ip:{203.0.113.7}:r")).isEqualTo("3");
		assertThat(copy.text("XLEN", "reset_code:{outbox}")).isEqualTo("1");
	}

	/**
	 * A bucket, a token, a per-IP counter, the outbox with its group, a dead letter; all
	 * with TTLs.
	 */
	private void seedPhoenixData() {
		RedisAdmin admin = admin();
		admin.call("FLUSHALL");
		admin.call("HSET", "reset_code:{0a1b}", "field0000000000", "1:1:0:0:1:0");
		admin.call("PEXPIRE", "reset_code:{0a1b}", "3600000");
		admin.call("SET", "reset_code:{0a1b}:t:field0000000000", "hash:sealed", "PX", "900000");
		admin.call("SET", "reset_code:ip:{203.0.113.7}:r", "3", "PX", "3600000");
		admin.call("XGROUP", "CREATE", "reset_code:{outbox}", "mailers", "0", "MKSTREAM");
		admin.call("XADD", "reset_code:{outbox}", "*", "a", "id", "h", "hash", "p", "sealed");
		admin.call("XADD", "reset_code:{outbox}:dead", "*", "id", "1-0", "deliveries", "8", "reason", "unreadable");
	}

	private RedisAdmin admin() {
		return RedisAdmin.on(this.redis.port());
	}

	/**
	 * The documented users (not phoenix-app, which the ACL tests cover) from section 6's
	 * block.
	 */
	private static Map<String, String> documentedUsers() throws IOException {
		Matcher lines = ACL_LINE.matcher(Files.readString(Paths.get("docs", "ops.md"), StandardCharsets.UTF_8));
		Map<String, String> users = new LinkedHashMap<>();
		while (lines.find()) {
			if (!lines.group(1).equals("phoenix-app")) {
				users.putIfAbsent(lines.group(1), lines.group(2).trim());
			}
		}
		assertThat(users).containsKeys("phoenix-ops", "phoenix-admin");
		return users;
	}

	/** ACL rules split on spaces, a selector in parentheses kept as one argument. */
	static List<String> aclArguments(String rules) {
		List<String> arguments = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int depth = 0;
		for (char c : rules.toCharArray()) {
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (c == ' ' && depth == 0) {
				if (current.length() > 0) {
					arguments.add(current.toString());
					current.setLength(0);
				}
			}
			else {
				current.append(c);
			}
		}
		if (current.length() > 0) {
			arguments.add(current.toString());
		}
		return arguments;
	}

	private static String password(String user) {
		return user + "-runbook-test-password-0123456789";
	}

	private static String refusal(RedisAdmin user, String... command) {
		try {
			return user.text(command);
		}
		catch (RedisAdmin.ErrorReply ex) {
			return ex.getMessage();
		}
	}

	private static String extract(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as("the guide has its " + pattern).isTrue();
		return matcher.group(1);
	}

	private static Result bash(String script, Map<String, String> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished: " + script).isTrue();
		return new Result(process.exitValue(), output);
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Paths.get(directory, program)));
	}

	private record Result(int exitCode, String output) {
	}

}
