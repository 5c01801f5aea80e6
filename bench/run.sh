#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh
#
# Builds Phoenix's jar and the seed-style baseline (bench/baseline, a service of its own),
# starts a redis-server and an SMTP sink, then for each service with the same JVM flags:
# three timed cold starts, a warm-up of mixed load from a cold start until the JIT compiler
# threads are quiet, and every case driven with wrk, the two services alternating (baseline,
# Phoenix, Phoenix, baseline). Then Phoenix alone: a paced run (bench/paced.py) at a fixed
# rate with the mail queue's length sampled, and the outbox's mail rate and CPU per mail.
# Writes target/bench/results.md, results.json and chart.png. Everything it started is
# stopped by PID on exit. About 15-20 minutes on 2 cores; never part of ./mvnw verify.
#
# Knobs (environment): BENCH_DURATION seconds per measured run (10), BENCH_CONNECTIONS (64),
# BENCH_THREADS wrk threads (2), BENCH_OUT (target/bench), BENCH_MEMORY_COUNTS
# ("100000 1000000"), BENCH_JAVA_OPTS (the flags below), BENCH_WARMUP_MAX seconds (240),
# BENCH_PACED_RATE (1000) and BENCH_PACED_SECONDS (60), BENCH_SKIP_BUILD=1 to reuse the jar,
# BENCH_CDS=0 to leave out the class archives, BENCH_JFR=1 for a flight recording of Phoenix
# (profile.txt; it costs Phoenix some throughput and RSS, so it is off by default),
# BENCH_PUBLISH=1 to copy the chart to docs/performance-chart.png, BENCH_MAIL_FILL seconds of
# code requests queued for the mail measurement (90), BENCH_MAIL_WORKERS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
OUT=${BENCH_OUT:-$ROOT/target/bench}
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
MEMORY_COUNTS=${BENCH_MEMORY_COUNTS:-"100000 1000000"}
# JVM flags: the ones the README recommends for production (docs/performance.md says why):
# a fixed 128 MB heap with a large young generation, Serial GC (2 cores: no GC threads
# competing with request threads), smaller thread stacks and code cache, the JIT's freed
# native memory given back every 5 s, compilation after twice the default calls (less
# compiled at start-up), and an AppCDS archive made by a training run
# (-XX:SharedArchiveFile is added below).
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xms128m -Xmx128m -Xmn64m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m -XX:TrimNativeHeapInterval=5000 -XX:CompileThresholdScaling=2"}
# glibc's malloc arenas: 2 instead of 8 per core keep the RSS down for the same work.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

need_apt() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return
  log "installing $2 (apt-get)"
  if [ "$(id -u)" -ne 0 ]; then echo "bench: $1 missing; install the Debian package $2" >&2; exit 1; fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2") >/dev/null
}

rm -rf "$OUT"
mkdir -p "$OUT"
need_apt wrk wrk
need_apt gnuplot gnuplot-nox
need_apt redis-cli redis-tools

# --- Build ----------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || ! ls target/phoenix-reset-*.jar >/dev/null 2>&1; then
  log "building the jar"
  ./mvnw -q -DskipTests package
fi
JAR=$(ls target/phoenix-reset-*.jar | grep -v original | head -1)
# Spring Boot's CDS recipe: run from the extracted layout, with a class archive recorded by
# a training run that stops right after the context refresh (below, once Redis is up).
java -Djarmode=tools -jar "$JAR" extract --destination "$OUT/app" >/dev/null
APP_JAR=$OUT/app/$(basename "$JAR")
log "building the baseline (bench/baseline)"
./mvnw -q -f bench/baseline/pom.xml -DskipTests package
java -Djarmode=tools -jar bench/baseline/target/seed-baseline.jar extract --destination "$OUT/baseline" >/dev/null
BASELINE_JAR=$OUT/baseline/seed-baseline.jar

# --- Redis ----------------------------------------------------------------------------
REDIS_BIN=$(command -v redis-server || true)
if [ -z "$REDIS_BIN" ]; then # the binary shipped in embedded-redis, as the tests do
  EMBEDDED=$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar | tail -1)
  unzip -o -q "$EMBEDDED" 'redis-server-*-linux-amd64' -d "$OUT/redis-bin"
  REDIS_BIN=$(ls "$OUT"/redis-bin/redis-server-* | head -1)
  chmod +x "$REDIS_BIN"
fi
REDIS_PORT=$(free_port)
mkdir -p "$OUT/redis"
"$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$OUT/redis" \
  --maxmemory-policy noeviction --logfile "$OUT/redis/redis.log" &
PIDS+=($!)
REDIS_PID=$!
RCLI=(redis-cli -p "$REDIS_PORT")
for _ in $(seq 100); do "${RCLI[@]}" PING >/dev/null 2>&1 && break; sleep 0.1; done
REDIS_VERSION=$("${RCLI[@]}" INFO server | sed -n 's/^redis_version:\(.*\)\r$/\1/p')
REDIS_MALLOC=$("${RCLI[@]}" INFO memory | sed -n 's/^mem_allocator:\(.*\)\r$/\1/p')
log "redis-server $REDIS_VERSION ($REDIS_BIN) on $REDIS_PORT"

# --- SMTP sink ------------------------------------------------------------------------
SMTP_PORT=$(free_port)
CODES=$OUT/codes.txt
: >"$CODES"
python3 "$BENCH/smtp_sink.py" --port "$SMTP_PORT" --codes "$CODES" &
PIDS+=($!)
SINK_PID=$!

# --- The two services -----------------------------------------------------------------
# Phoenix (prod profile) and the seed-style baseline (bench/baseline), on the same Redis,
# with the same JVM flags (each with a CDS archive of its own, by the same recipe).
INTERNAL_TOKEN=bench-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
export REDIS_HOST=127.0.0.1 REDIS_PORT MALLOC_ARENA_MAX
PHOENIX_ENV=(SPRING_PROFILES_ACTIVE=prod MAIL_HOST=127.0.0.1 MAIL_PORT=$SMTP_PORT
  RESET_CODE_SECRET=bench-secret-$(head -c 24 /dev/urandom | base64) INTERNAL_API_TOKEN=$INTERNAL_TOKEN
  RESET_CODE_TTL=30m RESET_TOKEN_TTL=30m RESET_CODE_MAX_ATTEMPTS=100 RESET_CODE_MAX_PER_EMAIL_PER_HOUR=1000
  RESET_CODE_MAX_PER_EMAIL_PER_DAY=1000 RESET_CODE_MAX_FAILURES_PER_EMAIL_PER_DAY=1000000
  RESET_CODE_MAX_PER_IP_PER_HOUR=1000000000 RESET_CODE_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR=1000000000
  OUTBOX_MAX_DEPTH=100000000)
declare -A PORT PID READY_MS READY_CPU STARTED OPTS

# Start-up, measured apart from everything else: each service started cold three times
# on the quiet machine (no flight recording), until it answers ready (Phoenix: readiness,
# which needs its Redis connection; the baseline has only liveness), then stopped.
declare -A START_MS START_CPU
time_starts() {
  local name=$1 jar=$2 path=$3
  shift 3
  local runs=() cpus=() port pid t0
  for _ in 1 2 3; do
    port=$(free_port)
    t0=$(now_ms)
    # shellcheck disable=SC2086
    env "$@" SERVER_PORT="$port" java ${OPTS[$name]} -jar "$jar" >"$OUT/$name-start.log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$port$path" >/dev/null 2>&1; do
      kill -0 "$pid" 2>/dev/null || { tail -20 "$OUT/$name-start.log" >&2; exit 1; }
      sleep 0.02
    done
    runs+=($(($(now_ms) - t0)))
    cpus+=("$(awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$pid/stat")")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
  START_MS[$name]=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
  START_CPU[$name]=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n 2p)
  log "$name: ready in ${runs[*]} ms (median ${START_MS[$name]} ms, ${START_CPU[$name]} CPU s)"
}

# start_service NAME APP_JAR READY_PATH [VAR=value ...]: times its start (time_starts), then
# starts it for the load, waits until liveness answers.
start_service() {
  local name=$1 jar=$2 ready=$3
  shift 3
  local opts=$JAVA_OPTS
  if [ "${BENCH_CDS:-1}" = 1 ]; then
    log "training run for $name's CDS archive"
    # shellcheck disable=SC2086
    env "$@" SERVER_PORT=0 java $JAVA_OPTS -XX:ArchiveClassesAtExit="$OUT/$name.jsa" \
      -Dspring.context.exit=onRefresh -jar "$jar" >"$OUT/$name-cds-training.log" 2>&1
    opts="$opts -XX:SharedArchiveFile=$OUT/$name.jsa"
  fi
  local jfr=""
  [ "${BENCH_JFR:-0}" != 1 ] || [ "$name" != phoenix ] ||
    jfr="-XX:StartFlightRecording=filename=$OUT/service.jfr,settings=default,dumponexit=true"
  PORT[$name]=$(free_port)
  OPTS[$name]=$opts
  time_starts "$name" "$jar" "$ready" "$@"
  log "starting $name on ${PORT[$name]}: java $opts"
  local start
  start=$(now_ms)
  # shellcheck disable=SC2086
  env "$@" SERVER_PORT="${PORT[$name]}" java $opts -Xlog:gc:file="$OUT/$name-gc.log" $jfr -jar "$jar" \
    >"$OUT/$name.log" 2>&1 &
  PID[$name]=$!
  PIDS+=("${PID[$name]}")
  until curl -sf "http://127.0.0.1:${PORT[$name]}/actuator/health/liveness" >/dev/null 2>&1; do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -50 "$OUT/$name.log" >&2; echo "bench: $name died" >&2; exit 1; }
    [ $(($(now_ms) - start)) -lt 60000 ] || { echo "bench: $name: no liveness after 60 s" >&2; exit 1; }
    sleep 0.05
  done
  READY_MS[$name]=$(($(now_ms) - start))
  # CPU seconds the start took (user + system): the figure the machine's load distorts least.
  READY_CPU[$name]=$(awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/${PID[$name]}/stat")
  STARTED[$name]=$(sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$OUT/$name.log" | head -1)
  log "$name ready after ${READY_MS[$name]} ms, ${READY_CPU[$name]} CPU s (Spring: ${STARTED[$name]} s)"
}

# CPU seconds the JIT compiler threads of PID have used (threads the JVM retired are gone
# from /proc, so only differences over short windows are used).
jit_cpu() {
  local total=0 task comm ticks
  for task in /proc/"$1"/task/*; do
    comm=$(cat "$task/comm" 2>/dev/null) || continue
    case $comm in
      C1\ CompilerThre* | C2\ CompilerThre*)
        ticks=$(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null) || continue
        total=$((total + ticks)) ;;
    esac
  done
  echo "$total"
}

# --- Load -----------------------------------------------------------------------------
RESULTS=$OUT/runs.jsonl
STATS=$OUT/commandstats.jsonl
WARMUP=$OUT/warmup-curve.jsonl
: >"$RESULTS"
: >"$STATS"
: >"$WARMUP"

commandstats() { "${RCLI[@]}" INFO commandstats | tr -d '\r' | grep '^cmdstat_'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU ticks (user + system) of the service, Redis and the SMTP sink, and the machine's busy,
# idle and stolen ticks (/proc/stat; stolen: taken by the hypervisor), as JSON: where each
# request's CPU went.
cpu_now() {
  printf '{"service":%s,"redis":%s,"sink":%s,%s}' "$(cpu_ticks "$1")" "$(cpu_ticks "$REDIS_PID")" \
    "$(cpu_ticks "$SINK_PID")" "$(awk '/^cpu / { printf "\"busy\":%d,\"idle\":%d,\"steal\":%d", $2+$3+$4+$7+$8, $5+$6, $9 }' /proc/stat)"
}

# drive SERVICE CASE RUN SCRIPT EXPECTED_STATUS SECONDS [INPUT]: one wrk run; runs named
# "warm..." are not reported.
drive() {
  local service=$1 case=$2 run=$3 script=$4 expect=$5 seconds=$6 input=${7:-/dev/null}
  local before after cpu_before cpu_after
  before=$(commandstats)
  cpu_before=$(cpu_now "${PID[$service]}")
  BENCH_LUA_DIR=$BENCH/wrk BENCH_SERVICE=$service BENCH_CASE=$case BENCH_RUN=$run BENCH_EXPECT=$expect \
    BENCH_INPUT=$input BENCH_THREADS=$THREADS BENCH_CONNECTIONS=$CONNECTIONS \
    BENCH_TOKENS=$OUT/tokens-$service-$run BENCH_INTERNAL_TOKEN=$INTERNAL_TOKEN \
    BENCH_RESULT=$([ "${run#warm}" = "$run" ] && echo "$RESULTS" || echo "$OUT/warmup.jsonl") \
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 5s -s "$BENCH/wrk/$script" \
    "http://127.0.0.1:${PORT[$service]}" >>"$OUT/wrk.log" 2>&1
  cpu_after=$(cpu_now "${PID[$service]}")
  after=$(commandstats)
  python3 - "$service" "$case" "$run" "$before" "$after" "$cpu_before" "$cpu_after" >>"$STATS" <<'PY'
import json, re, sys
service, case, run, before, after, cpu_before, cpu_after = sys.argv[1:8]
def parse(text):
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"cmdstat_(\w+):calls=(\d+)", text)}
b, a = parse(before), parse(after)
cb, ca = json.loads(cpu_before), json.loads(cpu_after)
print(json.dumps({"service": service, "case": case, "run": run,
                  "calls": {k: a[k] - b.get(k, 0) for k in a if a[k] != b.get(k, 0)},
                  "cpu_ticks": {k: ca[k] - cb[k] for k in ca}}))
PY
  [ "${run#warm}" != "$run" ] || tail -1 "$RESULTS" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("[bench]   %-8s %-13s %-3s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  unexpected %d" % (r["service"], r["case"], r["run"], r["rps"], r["p50_ms"], r["p99_ms"], r["unexpected"]))' >&2
}

last_field() { tail -1 "${2:-$RESULTS}" | python3 -c "import json,sys; print(int(json.load(sys.stdin)['$1']))"; }

# warm_up SERVICE: mixed load in 5 s bursts from a cold start until the JIT compiler threads
# have used under 2 % of a core in each of two bursts in a row (at most BENCH_WARMUP_MAX s).
# Records the time to that steady state and the compiler CPU it took.
warm_up() {
  local service=$1 elapsed=0 quiet=0 jit_total=0 before after burst
  local max=${BENCH_WARMUP_MAX:-240}
  while [ "$elapsed" -lt "$max" ]; do
    before=$(jit_cpu "${PID[$service]}")
    drive "$service" mixed warm-mix mixed.lua 202 5
    after=$(jit_cpu "${PID[$service]}")
    burst=$((after > before ? after - before : 0))
    jit_total=$((jit_total + burst))
    elapsed=$((elapsed + 5))
    printf '{"service":"%s","seconds":%d,"jit_cpu_s":%.2f,"rps":%d}\n' "$service" "$elapsed" \
      "$(echo "$burst / 100" | bc -l)" "$(last_field rps "$OUT/warmup.jsonl")" >>"$WARMUP"
    if [ "$burst" -le 10 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    [ "$quiet" -lt 2 ] || break
  done
  STEADY_S[$service]=$elapsed
  STEADY_JIT_S[$service]=$(echo "scale=1; $jit_total / 100" | bc)
  log "$service: JIT quiet after ${elapsed} s of mixed load, ${STEADY_JIT_S[$service]} CPU s of compiling"
}
declare -A STEADY_S STEADY_JIT_S

# Waits until the sink has a code for every address issued with PREFIX (or no progress for 15 s).
await_mails() {
  local prefix=$1 issued=$2 have=-1 last=-1 still=0
  while :; do
    have=$(grep -c "^$prefix" "$CODES" || true)
    [ "$have" -ge "$issued" ] && break
    if [ "$have" -eq "$last" ]; then still=$((still + 1)); else still=0; fi
    [ "$still" -lt 30 ] || { log "only $have of $issued mails for $prefix arrived"; break; }
    last=$have
    sleep 0.5
  done
}

# codes SERVICE PREFIX ISSUED: "address code" lines of the codes issued with PREFIX. Phoenix
# mails them (the sink keeps them); the baseline keeps them in Redis in plain text.
codes() {
  local service=$1 prefix=$2 issued=$3
  if [ "$service" = phoenix ]; then
    await_mails "$prefix" "$issued"
    grep "^$prefix" "$CODES" | awk '$2 != "-"'
  else
    "${RCLI[@]}" --scan --pattern "reset_code:$prefix*" | sed 's/^reset_code://' >"$OUT/keys-$prefix"
    sed 's/^/reset_code:/' "$OUT/keys-$prefix" | xargs -d '\n' -n 1000 "${RCLI[@]}" MGET >"$OUT/values-$prefix"
    paste -d' ' "$OUT/keys-$prefix" "$OUT/values-$prefix"
  fi
}

# Addresses of one issue run: the first 3000 for the wrong-code case (with 100 attempts each,
# room for 300 000 wrong attempts), the rest for the right-code case (each code used once).
split_codes() {
  local service=$1 prefix=$2
  codes "$service" "$prefix" "$(last_field expected "${3:-$RESULTS}")" >"$OUT/codes-$prefix"
  head -3000 "$OUT/codes-$prefix" | awk '{ c = sprintf("%0" length($2) "d", ($2 + 1) % (10 ^ length($2))); print $1, c }' \
    >"$OUT/wrong-$prefix"
  tail -n +3001 "$OUT/codes-$prefix" >"$OUT/right-$prefix"
}

# measure SERVICE ROUND: every case once, for one service.
measure() {
  local s=$1 r=$2 p=$1-$2-
  drive "$s" liveness "$r" liveness.lua 200 "$DURATION"
  local live
  live=$(last_field rps)
  drive "$s" request-code "$r" issue.lua 202 "$DURATION"
  split_codes "$s" "$p"
  drive "$s" verify-wrong "$r" verify_wrong.lua 400 "$DURATION" "$OUT/wrong-$p"
  # Enough codes for the right-code run, whose rate is close to the wrong-code one: issue
  # more (not measured) if the run above left too few.
  local need have
  need=$(($(last_field rps) * DURATION * 2))
  have=$(wc -l <"$OUT/right-$p")
  if [ "$have" -lt "$need" ]; then
    local extra=$(((need - have) / ($(grep -c . "$OUT/codes-$p") / DURATION + 1) + 1))
    log "  $s: issuing more codes for the right-code run ($have of $need, ${extra}s)"
    drive "$s" request-code "warm-top-$r" issue.lua 202 "$extra"
    codes "$s" "$s-warm-top-$r-" "$(last_field expected "$OUT/warmup.jsonl")" >>"$OUT/right-$p"
  fi
  drive "$s" verify-right "$r" verify_right.lua 200 "$DURATION" "$OUT/right-$p"
  cat "$OUT"/tokens-"$s"-"$r"-* >"$OUT/tokens-all-$p"
  # Each token once: a shorter run when there are fewer tokens than the liveness rate allows.
  local tokens seconds
  tokens=$(wc -l <"$OUT/tokens-all-$p")
  seconds=$((tokens / (live + 1)))
  [ "$seconds" -le "$DURATION" ] || seconds=$DURATION
  [ "$seconds" -ge 1 ] || seconds=1
  drive "$s" consume "$r" consume.lua 200 "$seconds" "$OUT/tokens-all-$p"
  # Phoenix's mails of this round are all sent before the other service is measured.
  [ "$s" != phoenix ] || await_mails "$p" "$(grep -c . "$OUT/codes-$p")"
}

# warm_cases SERVICE: each case briefly, so the measured rounds find every path compiled.
warm_cases() {
  local s=$1 p=$1-warmc-
  drive "$s" request-code warmc issue.lua 202 5
  split_codes "$s" "$p" "$OUT/warmup.jsonl"
  drive "$s" verify-wrong warmc verify_wrong.lua 400 4 "$OUT/wrong-$p"
  drive "$s" verify-right warmc verify_right.lua 200 3 "$OUT/right-$p"
  cat "$OUT"/tokens-"$s"-warmc-* >"$OUT/tokens-all-$p"
  drive "$s" consume warmc consume.lua 200 2 "$OUT/tokens-all-$p"
}

# Each service starts and warms up while the other is idle: a JVM still compiling would
# slow the other's start.
start_service baseline "$BASELINE_JAR" /actuator/health/liveness
log "warm-up: mixed load from a cold start"
warm_up baseline
start_service phoenix "$APP_JAR" /actuator/health/readiness "${PHOENIX_ENV[@]}"
log "warm-up: mixed load from a cold start"
warm_up phoenix
# The warm-up's codes are mailed before anything is measured.
await_mails "phoenix-warm-mix-" "$(grep -h '"service":"phoenix","case":"mixed"' "$OUT/warmup.jsonl" | python3 -c 'import json,sys; print(sum(json.loads(l)["expected"] for l in sys.stdin))')"
warm_cases baseline
warm_cases phoenix

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "measuring: $DURATION s per run, $CONNECTIONS connections, $THREADS wrk threads, the services alternating"
measure baseline r1
measure phoenix r1
measure phoenix r2
measure baseline r2

# --- Paced: latency at a given rate, and whether mail keeps up ---------------------------
PACED_RATE=${BENCH_PACED_RATE:-1000}
PACED_SECONDS=${BENCH_PACED_SECONDS:-60}
log "paced: $PACED_RATE requests/s, request-code for $PACED_SECONDS s, then each other case for 10 s"
paced() { # case expect seconds [args...]
  local case=$1 expect=$2 seconds=$3
  shift 3
  python3 "$BENCH/paced.py" --url "http://127.0.0.1:${PORT[phoenix]}" --case "$case" --expect "$expect" \
    --rate "$PACED_RATE" --seconds "$seconds" --redis-port "$REDIS_PORT" --result "$RESULTS" "$@" >&2
}
paced liveness 200 10
paced request-code 202 "$PACED_SECONDS" --prefix paced-
await_mails "paced-" $((PACED_RATE * PACED_SECONDS))
grep "^paced-" "$CODES" | awk '$2 != "-"' >"$OUT/codes-paced"
head -3000 "$OUT/codes-paced" | awk '{ c = sprintf("%0" length($2) "d", ($2 + 1) % (10 ^ length($2))); print $1, c }' \
  >"$OUT/wrong-paced"
tail -n +3001 "$OUT/codes-paced" >"$OUT/right-paced"
# Each right code and each token once: shorter runs when there are fewer.
once() { local n; n=$(grep -c . "$1" 2>/dev/null || true); n=$((${n:-0} / PACED_RATE)); echo $((n > 10 ? 10 : n)); }
paced verify-wrong 400 10 --input "$OUT/wrong-paced"
[ "$(once "$OUT/right-paced")" -lt 1 ] || paced verify-right 200 "$(once "$OUT/right-paced")" --input "$OUT/right-paced" --tokens "$OUT/tokens-paced"
[ "$(once "$OUT/tokens-paced")" -lt 1 ] || paced consume 200 "$(once "$OUT/tokens-paced")" --input "$OUT/tokens-paced" --token "$INTERNAL_TOKEN"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- JVMs after the load ---------------------------------------------------------------
declare -A RSS_KB HWM_KB
for s in baseline phoenix; do
  RSS_KB[$s]=$(awk '/^VmRSS/ { print $2 }' "/proc/${PID[$s]}/status")
  HWM_KB[$s]=$(awk '/^VmHWM/ { print $2 }' "/proc/${PID[$s]}/status")
done
JSTAT=$(jstat -gcutil "${PID[phoenix]}" 2>/dev/null | tail -1 || true)
curl -s "http://127.0.0.1:${PORT[phoenix]}/actuator/prometheus" >"$OUT/prometheus.txt" || true
[ "${BENCH_JFR:-0}" != 1 ] || jcmd "${PID[phoenix]}" JFR.dump filename="$OUT/service.jfr" >/dev/null 2>&1 || true
for s in baseline phoenix; do
  kill "${PID[$s]}" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "${PID[$s]}" 2>/dev/null || break; sleep 0.1; done
done

# --- Mail throughput: one instance that only mails -------------------------------------
# An instance without outbox workers (OUTBOX_WORKERS=0, as an instance that only answers
# HTTP) queues BENCH_MAIL_FILL seconds of code requests; then one instance with the default
# workers and no HTTP load delivers them. Measured at its steady state: from the later of a
# quarter of the queue and the point where its JIT compiler threads have been quiet (under
# 2 % of a core) for two seconds in a row, to nine tenths: mails/s, and the CPU of that JVM
# and of the SMTP sink per mail. The warm-up before (seconds and mails) is reported too.
log "mail: fill the outbox for ${BENCH_MAIL_FILL:-90} s with an instance that does not mail, then one instance delivers it"
start_mailer() { # name workers
  PORT[$1]=$(free_port)
  # shellcheck disable=SC2086
  env "${PHOENIX_ENV[@]}" OUTBOX_WORKERS="$2" SERVER_PORT="${PORT[$1]}" java ${OPTS[phoenix]} -jar "$APP_JAR" \
    >"$OUT/$1.log" 2>&1 &
  PID[$1]=$!
  PIDS+=("${PID[$1]}")
  until curl -sf "http://127.0.0.1:${PORT[$1]}/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "${PID[$1]}" 2>/dev/null || { tail -20 "$OUT/$1.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop_mailer() { kill "${PID[$1]}"; for _ in $(seq 100); do kill -0 "${PID[$1]}" 2>/dev/null || break; sleep 0.1; done; }
start_mailer filler 0
drive filler request-code warm-mail issue.lua 202 "${BENCH_MAIL_FILL:-90}"
issued=$(last_field expected "$OUT/warmup.jsonl")
stop_mailer filler
start_mailer mailer "${BENCH_MAIL_WORKERS:-2}"
delivered() { grep -c "^filler-warm-mail-" "$CODES" || true; }
MAIL_READY=$(now_ms)
jit_quiet=0 jit_last=$(jit_cpu "${PID[mailer]}")
# Half the queue at the latest, so that a JIT that never settles still leaves a window.
until [ "$(delivered)" -ge $((issued / 2)) ] || { [ "$jit_quiet" -ge 2 ] && [ "$(delivered)" -ge $((issued / 4)) ]; }; do
  kill -0 "${PID[mailer]}" || exit 1
  sleep 1
  jit_now=$(jit_cpu "${PID[mailer]}")
  if [ $((jit_now - jit_last)) -le 2 ]; then jit_quiet=$((jit_quiet + 1)); else jit_quiet=0; fi
  jit_last=$jit_now
done
MAIL_WARM_MS=$(($(now_ms) - MAIL_READY))
MAIL_T0=$(now_ms) MAIL_CPU0=$(cpu_ticks "${PID[mailer]}") SINK_CPU0=$(cpu_ticks "$SINK_PID") MAIL_BEFORE=$(delivered)
until [ "$(delivered)" -ge $((issued * 9 / 10)) ]; do kill -0 "${PID[mailer]}" || exit 1; sleep 0.05; done
MAIL_T1=$(now_ms) MAIL_CPU1=$(cpu_ticks "${PID[mailer]}") SINK_CPU1=$(cpu_ticks "$SINK_PID")
MAIL_SENT=$(($(delivered) - MAIL_BEFORE))
MAIL_MS=$((MAIL_T1 - MAIL_T0))
MAIL_CPU_MS=$(((MAIL_CPU1 - MAIL_CPU0) * 10))
SINK_CPU_MS=$(((SINK_CPU1 - SINK_CPU0) * 10))
await_mails "filler-warm-mail-" "$issued"
stop_mailer mailer
log "mail: $MAIL_SENT of $issued mails in $MAIL_MS ms, $MAIL_CPU_MS ms of the mailer's CPU, $SINK_CPU_MS ms of the sink's (after $MAIL_WARM_MS ms and $MAIL_BEFORE mails of warm-up)"

# --- Redis memory per pending code -----------------------------------------------------
log "Redis memory per pending code ($MEMORY_COUNTS)"
# shellcheck disable=SC2086
python3 "$BENCH/redis_memory.py" --port "$REDIS_PORT" --scripts "$ROOT/src/main/resources/redis" \
  $(for n in $MEMORY_COUNTS; do printf -- '--count %s ' "$n"; done) >"$OUT/memory.jsonl"

[ ! -s "$OUT/service.jfr" ] || python3 "$BENCH/jfr_top.py" "$OUT/service.jfr" >"$OUT/profile.txt" 2>&1 || true

# --- Report ---------------------------------------------------------------------------
python3 "$BENCH/report.py" --out "$OUT" \
  --meta "date=$(date -u +%Y-%m-%dT%H:%MZ)" \
  --meta "machine=$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem/ { print $2 }') GiB memory" \
  --meta "load=$LOAD_BEFORE before, $LOAD_AFTER after (1, 5, 15 min)" \
  --meta "java=$(java -version 2>&1 | head -1) $JAVA_OPTS (MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX)" \
  --meta "redis=$REDIS_VERSION ($REDIS_MALLOC)" \
  --meta "command=bench/run.sh (BENCH_DURATION=$DURATION BENCH_CONNECTIONS=$CONNECTIONS BENCH_THREADS=$THREADS)" \
  --meta "java_opts_phoenix=${OPTS[phoenix]}" --meta "java_opts_baseline=${OPTS[baseline]}" \
  --meta "mail_sent=$MAIL_SENT" --meta "mail_ms=$MAIL_MS" --meta "mail_cpu_ms=$MAIL_CPU_MS" \
  --meta "sink_cpu_ms=$SINK_CPU_MS" --meta "mail_issued=$issued" \
  --meta "mail_warm_ms=$MAIL_WARM_MS" --meta "mail_warm_sent=$MAIL_BEFORE" \
  --meta "jstat=$JSTAT" \
  $(for s in baseline phoenix; do
    printf -- '--meta %s ' "ready_ms_$s=${READY_MS[$s]}" "ready_cpu_s_$s=${READY_CPU[$s]}" \
      "started_s_$s=${STARTED[$s]}" "rss_kb_$s=${RSS_KB[$s]}" "hwm_kb_$s=${HWM_KB[$s]}" \
      "steady_s_$s=${STEADY_S[$s]}" "steady_jit_s_$s=${STEADY_JIT_S[$s]}" \
      "start_ms_$s=${START_MS[$s]}" "start_cpu_s_$s=${START_CPU[$s]}"
  done)
if [ "${BENCH_PUBLISH:-0}" = 1 ]; then # the chart docs/performance.md shows
  cp "$OUT/chart.png" "$ROOT/docs/performance-chart.png"
fi
