package dev.phoenix.ops;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the ops files against each other and against the metrics the service exports:
 * {@code docker-compose.redis.yml}, {@code ops/redis}, {@code ops/prometheus},
 * {@code ops/grafana} and the runbooks in {@code docs/}. Plain JUnit, no Spring context.
 */
public class OpsFilesTests {

	/**
	 * Every metric name the service serves on {@code /actuator/prometheus}, with the
	 * suffixes the Prometheus registry adds. Dashboards and alerts may use these, the
	 * series Prometheus writes itself and the recording rules of {@code alerts.yml},
	 * nothing else.
	 * <p>
	 * Must match what a running service serves. To compare: <pre class="code">
	 * curl -s localhost:8080/actuator/prometheus | grep -v '^#' | sed 's/[{ ].*$//' | sort -u
	 * </pre>
	 */
	public static final Set<String> EXPORTED_METRICS = Set.of(
			// The reset flow
			"phoenix_reset_codes_issued_total", "phoenix_reset_verifications_total", "phoenix_reset_rate_limited_total",
			"phoenix_reset_tokens_consumed_total", "phoenix_reset_lockouts_total",
			// Mail
			"phoenix_mail_sent_total", "phoenix_mail_failed_total", "phoenix_mail_retries_total",
			"phoenix_mail_skipped_total", "phoenix_mail_dead_letters_total", "phoenix_mail_delivery_seconds_bucket",
			"phoenix_mail_delivery_seconds_count", "phoenix_mail_delivery_seconds_sum",
			"phoenix_mail_delivery_seconds_max",
			// The mail outbox (Redis Stream)
			"phoenix_outbox_depth", "phoenix_outbox_pending", "phoenix_outbox_oldest_pending_age_seconds",
			"phoenix_outbox_dead_letters", "phoenix_outbox_max_depth",
			// Redis errors as the service saw them, by kind
			"phoenix_redis_errors_total",
			// Redis INFO, polled by the service, named as by the standard redis_exporter
			"redis_up", "redis_memory_used_bytes", "redis_memory_max_bytes", "redis_connected_clients",
			"redis_blocked_clients", "redis_max_clients", "redis_db_keys", "redis_db_keys_expiring",
			"redis_evicted_keys_total", "redis_expired_keys_total", "redis_rejected_connections_total",
			"redis_keyspace_hits_total", "redis_keyspace_misses_total", "redis_commands_total",
			"redis_commands_duration_seconds_total", "redis_uptime_in_seconds",
			// Spring Boot: HTTP requests and the Boot 4 "lettuce" observation
			"http_server_requests_seconds_bucket", "http_server_requests_seconds_count",
			"http_server_requests_seconds_sum", "http_server_requests_seconds_max", "lettuce_seconds_bucket",
			"lettuce_seconds_count", "lettuce_seconds_sum", "lettuce_seconds_max");

	/** Series that Prometheus writes itself for every scrape. */
	private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

	private static final Set<String> PROMQL_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

	/** An identifier that is not part of a longer one and not a function call. */
	private static final Pattern PROMQL_IDENTIFIER = Pattern
		.compile("(?<![\\w:.$])[a-zA-Z_:][\\w:]*(?![\\w:]|\\s*\\()");

	private static final Pattern GROUPING_CLAUSE = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	/** Maven Surefire runs tests in the project directory. */
	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final Path COMPOSE = ROOT.resolve("docker-compose.redis.yml");

	private static final Path REDIS_CONF = ROOT.resolve("ops/redis/redis.conf");

	private static final Path PROMETHEUS_CONFIG = ROOT.resolve("ops/prometheus/prometheus.yml");

	private static final Path ALERTS = ROOT.resolve("ops/prometheus/alerts.yml");

	private static final Path ALERTS_TEST = ROOT.resolve("ops/prometheus/alerts.test.yml");

	private static final Path GRAFANA_DATASOURCE = ROOT.resolve("ops/grafana/provisioning/datasources/prometheus.yml");

	private static final Path GRAFANA_DASHBOARDS = ROOT.resolve("ops/grafana/provisioning/dashboards/dashboards.yml");

	private static final Path DASHBOARD = ROOT.resolve("ops/grafana/dashboards/phoenix.json");

	private static final List<Path> RUNBOOKS = List.of(ROOT.resolve("docs/ops.md"), ROOT.resolve("docs/ops.ko.md"));

	@Test
	void composeWhenParsedThenEveryImagePinned() {
		Map<String, String> images = new LinkedHashMap<>();
		services().forEach((name, service) -> images.put(name, (String) service.get("image")));
		assertThat(images).hasSize(6).allSatisfy((service, image) -> {
			assertThat(image).as(service).isNotBlank();
			String nameAndTag = image.substring(image.lastIndexOf('/') + 1);
			assertThat(nameAndTag).as("%s: %s has a tag", service, image).matches("[^:@]+[:@].+");
			assertThat(nameAndTag).as("%s: %s", service, image).doesNotEndWith(":latest");
		});
		assertThat(images).containsEntry("redis", "redis:7.4-alpine");
	}

	@Test
	void composeMonitoringProfileThenPrometheusAndGrafana() {
		Map<String, List<Object>> profiles = new LinkedHashMap<>();
		services().forEach((name, service) -> profiles.put(name, list(service.getOrDefault("profiles", List.of()))));
		assertThat(profiles).containsOnlyKeys("redis", "redis-commander", "redis-insight", "mailpit", "prometheus",
				"grafana");
		assertThat(profiles).containsEntry("prometheus", List.of("monitoring"))
			.containsEntry("grafana", List.of("monitoring"))
			.containsEntry("redis", List.of())
			.containsEntry("redis-commander", List.of())
			.containsEntry("mailpit", List.of());
	}

	@Test
	void composeMountsOnlyFilesThatExist() {
		Set<String> namedVolumes = map(yaml(COMPOSE).getOrDefault("volumes", Map.of())).keySet();
		List<String> sources = new ArrayList<>();
		services().forEach((name, service) -> list(service.getOrDefault("volumes", List.of()))
			.forEach((volume) -> sources.add(((String) volume).split(":")[0])));
		assertThat(sources).isNotEmpty().allSatisfy((source) -> {
			if (source.startsWith(".") || source.startsWith("/")) {
				assertThat(ROOT.resolve(source).normalize()).as("bind mount %s", source).exists();
			}
			else {
				assertThat(namedVolumes).as("named volume %s is declared", source).contains(source);
			}
		});
		String redisCommand = String.join(" ",
				list(services().get("redis").get("command")).stream().map(String::valueOf).toList());
		assertThat(redisCommand).isEqualTo("redis-server /usr/local/etc/redis/redis.conf");
		assertThat(mountTarget("redis", "./ops/redis/redis.conf")).isEqualTo("/usr/local/etc/redis/redis.conf");
	}

	@Test
	void composePublishesPortsOnLoopbackOnly() {
		List<String> ports = new ArrayList<>();
		services().forEach((name, service) -> list(service.getOrDefault("ports", List.of()))
			.forEach((port) -> ports.add((String) port)));
		assertThat(ports).allSatisfy((port) -> assertThat(port).startsWith("127.0.0.1:"));
		assertThat(ports).extracting((port) -> port.split(":")[1])
			.containsExactlyInAnyOrder("6379", "8081", "5540", "1025", "8025", "9090", "3000");
	}

	@Test
	void redisConfWhenLoadedThenNoEvictionAndAppendOnlyEverySecond() throws IOException {
		Map<String, List<String>> directives = new LinkedHashMap<>();
		for (String line : Files.readAllLines(REDIS_CONF)) {
			String trimmed = line.strip();
			if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
				String[] parts = trimmed.split("\\s+", 2);
				directives.computeIfAbsent(parts[0].toLowerCase(), (key) -> new ArrayList<>())
					.add((parts.length > 1) ? parts[1] : "");
			}
		}
		assertThat(directives).containsEntry("maxmemory", List.of("256mb"))
			.containsEntry("maxmemory-policy", List.of("noeviction"))
			.containsEntry("appendonly", List.of("yes"))
			.containsEntry("appendfsync", List.of("everysec"))
			.containsEntry("save", List.of("\"\""));
	}

	@Test
	void prometheusScrapesActuatorOnHostAndLoadsMountedAlerts() {
		Map<String, Object> config = yaml(PROMETHEUS_CONFIG);
		Map<String, Object> job = map(list(config.get("scrape_configs")).get(0));
		assertThat(job).containsEntry("job_name", "phoenix").containsEntry("metrics_path", "/actuator/prometheus");
		assertThat(list(map(list(job.get("static_configs")).get(0)).get("targets")))
			.containsExactly("host.docker.internal:8080");
		assertThat(list(config.get("rule_files"))).containsExactly("alerts.yml");
		assertThat(list(services().get("prometheus").get("extra_hosts"))).contains("host.docker.internal:host-gateway");
		String configTarget = mountTarget("prometheus", "./ops/prometheus/prometheus.yml");
		String alertsTarget = mountTarget("prometheus", "./ops/prometheus/alerts.yml");
		assertThat(Path.of(alertsTarget)).isEqualTo(Path.of(configTarget).resolveSibling("alerts.yml"));
		assertThat(configTarget).isEqualTo("/etc/prometheus/prometheus.yml");
	}

	@Test
	void dashboardQueriesOnlyKnownMetrics() {
		Set<String> recorded = recordingRules().keySet();
		Set<String> known = new TreeSet<>(EXPORTED_METRICS);
		known.addAll(PROMETHEUS_SERIES);
		known.addAll(recorded);
		Map<String, Set<String>> used = Map.of("phoenix.json", metricNamesIn(dashboardQueries()), "alerts.yml",
				metricNamesIn(rules().stream().map((rule) -> (String) rule.get("expr")).toList()));
		used.forEach((file, names) -> {
			assertThat(names).as("metrics queried in %s", file).isNotEmpty();
			assertThat(known).as("metrics queried in %s", file).containsAll(names);
		});
		assertThat(used.get("phoenix.json")).as("the dashboard shows both latency recording rules")
			.containsAll(recorded);
	}

	@Test
	void metricNamesWhenExtractedThenFunctionsLabelsAndKeywordsIgnored() {
		assertThat(metricNames("histogram_quantile(0.99, sum by (le, uri) "
				+ "(rate(http_server_requests_seconds_bucket{uri!~\"/actuator.*\"}[$__rate_interval])))"))
			.containsExactly("http_server_requests_seconds_bucket");
		assertThat(metricNames("redis_memory_used_bytes / (redis_memory_max_bytes > 0) > 0.8 "
				+ "and on (instance) up{job=\"phoenix\"} == 1"))
			.containsExactlyInAnyOrder("redis_memory_used_bytes", "redis_memory_max_bytes", "up");
		assertThat(metricNames("cmd:redis_command_duration_seconds:mean5m > 0.005"))
			.containsExactly("cmd:redis_command_duration_seconds:mean5m");
	}

	@Test
	void dashboardWhenProvisionedThenDatasourceReferencedByUid() {
		Map<String, Object> datasource = map(list(yaml(GRAFANA_DATASOURCE).get("datasources")).get(0));
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
		String uid = (String) datasource.get("uid");
		List<JsonNode> references = dashboard().path("panels").findValues("datasource");
		assertThat(references).isNotEmpty().allSatisfy((reference) -> {
			assertThat(reference.path("uid").asString()).isEqualTo(uid);
			assertThat(reference.path("type").asString()).isEqualTo("prometheus");
		});
	}

	@Test
	void dashboardWhenProvisionedThenLoadedFromMountedFolder() {
		Map<String, Object> provider = map(list(yaml(GRAFANA_DASHBOARDS).get("providers")).get(0));
		assertThat(map(provider.get("options")).get("path"))
			.isEqualTo(mountTarget("grafana", "./ops/grafana/dashboards"));
		assertThat(mountTarget("grafana", "./ops/grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
	}

	@Test
	void dashboardHasRedisAndResetFlowRows() {
		List<String> rows = new ArrayList<>();
		for (JsonNode panel : dashboard().path("panels")) {
			if ("row".equals(panel.path("type").asString())) {
				rows.add(panel.path("title").asString());
			}
		}
		assertThat(rows).containsExactly("Redis", "Reset flow");
		assertThat(String.join("\n", dashboardQueries())).contains("redis_db_keys{db=\"db0\"}",
				"redis_db_keys_expiring{db=\"db0\"}", "phoenix_mail_delivery_seconds_bucket",
				"http_server_requests_seconds_bucket", "redis_up");
	}

	@Test
	void everyAlertHasSeveritySummaryAndRunbookSectionInBothLanguages() throws IOException {
		List<Map<String, Object>> alerts = alerts();
		assertThat(alerts).hasSizeGreaterThanOrEqualTo(11);
		for (Path runbook : RUNBOOKS) {
			List<String> lines = Files.readAllLines(runbook);
			assertThat(alerts).allSatisfy((alert) -> {
				String name = (String) alert.get("alert");
				assertThat(map(alert.get("labels")).get("severity")).as(name).isIn("critical", "warning");
				Map<String, Object> annotations = map(alert.get("annotations"));
				assertThat(annotations).as(name).containsKeys("summary", "description");
				assertThat(annotations).as(name).containsEntry("runbook_url", "docs/ops.md#" + name.toLowerCase());
				assertThat(lines).as("%s has a section for %s", ROOT.relativize(runbook), name).contains("### " + name);
			});
		}
	}

	@Test
	void alertsTestsCoverEveryAlertFiringAndSilent() {
		Set<String> firing = new TreeSet<>();
		Set<String> silent = new TreeSet<>();
		for (Object test : list(yaml(ALERTS_TEST).get("tests"))) {
			for (Object ruleTest : list(map(test).getOrDefault("alert_rule_test", List.of()))) {
				Map<String, Object> check = map(ruleTest);
				List<Object> expected = list(check.getOrDefault("exp_alerts", List.of()));
				(expected.isEmpty() ? silent : firing).add((String) check.get("alertname"));
			}
		}
		Set<String> names = alerts().stream()
			.map((alert) -> (String) alert.get("alert"))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(firing).as("alerts with a firing case").isEqualTo(names);
		assertThat(silent).as("alerts with a silent case").isEqualTo(names);
	}

	@Test
	void promtoolRulesTestsPass(@TempDir Path output) throws Exception {
		Path promtool = promtool();
		assertPromtoolSucceeds(promtool, output, "check", "config", ROOT.relativize(PROMETHEUS_CONFIG).toString());
		assertPromtoolSucceeds(promtool, output, "check", "rules", ROOT.relativize(ALERTS).toString());
		assertPromtoolSucceeds(promtool, output, "test", "rules", ROOT.relativize(ALERTS_TEST).toString());
	}

	@Test
	void dashboardQueriesParseWithPromtool(@TempDir Path output) throws Exception {
		Path promtool = promtool();
		List<Map<String, Object>> rules = new ArrayList<>();
		for (String expr : dashboardQueries()) {
			// Grafana fills in $__rate_interval; any duration parses the same.
			rules.add(Map.of("record", "dashboard:query_" + rules.size(), "expr",
					expr.replace("$__rate_interval", "1m")));
		}
		Path file = output.resolve("dashboard-queries.yml");
		Files.writeString(file,
				new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
		assertPromtoolSucceeds(promtool, output, "check", "rules", file.toString());
	}

	private static Set<String> metricNamesIn(List<String> exprs) {
		return exprs.stream()
			.flatMap((expr) -> metricNames(expr).stream())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", "")
			.replaceAll("\\[[^\\]]*\\]", "");
		stripped = GROUPING_CLAUSE.matcher(stripped).replaceAll("");
		Set<String> names = new TreeSet<>();
		Matcher matcher = PROMQL_IDENTIFIER.matcher(stripped);
		while (matcher.find()) {
			if (!PROMQL_KEYWORDS.contains(matcher.group().toLowerCase())) {
				names.add(matcher.group());
			}
		}
		return names;
	}

	private static Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		map(yaml(COMPOSE).get("services")).forEach((name, service) -> services.put(name, map(service)));
		return services;
	}

	/** Where the compose file mounts a bind source of the given service. */
	private static String mountTarget(String service, String source) {
		return list(services().get(service).get("volumes")).stream()
			.map((volume) -> ((String) volume).split(":"))
			.filter((parts) -> parts[0].equals(source))
			.map((parts) -> parts[1])
			.findFirst()
			.orElseThrow(() -> new AssertionError(service + " does not mount " + source));
	}

	private static List<Map<String, Object>> rules() {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Object group : list(yaml(ALERTS).get("groups"))) {
			list(map(group).get("rules")).forEach((rule) -> rules.add(map(rule)));
		}
		return rules;
	}

	private static List<Map<String, Object>> alerts() {
		return rules().stream().filter((rule) -> rule.containsKey("alert")).toList();
	}

	private static Map<String, String> recordingRules() {
		Map<String, String> recorded = new LinkedHashMap<>();
		rules().stream()
			.filter((rule) -> rule.containsKey("record"))
			.forEach((rule) -> recorded.put((String) rule.get("record"), (String) rule.get("expr")));
		return recorded;
	}

	private static JsonNode dashboard() {
		return JsonMapper.builder().build().readTree(DASHBOARD);
	}

	private static List<String> dashboardQueries() {
		return dashboard().path("panels").findValues("expr").stream().map(JsonNode::asString).toList();
	}

	private static Path promtool() {
		String path = System.getenv("PATH");
		Optional<Path> promtool = Arrays.stream((path != null) ? path.split(File.pathSeparator) : new String[0])
			.map((directory) -> Path.of(directory, "promtool"))
			.filter(Files::isExecutable)
			.findFirst();
		if (promtool.isEmpty()) {
			Assumptions.abort("promtool not on PATH: install it with 'apt-get install -y prometheus' (CI does)");
		}
		return promtool.get();
	}

	private static void assertPromtoolSucceeds(Path promtool, Path output, String... arguments) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(promtool.toString());
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile(output, "promtool", ".log");
		Process process = new ProcessBuilder(command).directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean exited = process.waitFor(2, TimeUnit.MINUTES);
		if (!exited) {
			process.destroyForcibly();
		}
		String printed = Files.readString(log);
		assertThat(exited).as("%s did not finish in 2 minutes:%n%s", command, printed).isTrue();
		assertThat(process.exitValue()).as("%s failed:%n%s", command, printed).isZero();
	}

	private static Map<String, Object> yaml(Path file) {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return map(new Yaml().load(reader));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
