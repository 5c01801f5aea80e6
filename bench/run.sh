#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh
#
# Builds the jar, starts its own redis-server, SMTP sink and the service (prod profile) on
# free loopback ports, warms up, drives each case with wrk twice (two rounds, each with its
# own liveness baseline), measures Redis commands and memory and the JVM, then writes
# target/bench/results.md, results.json and chart.png. Everything it started is stopped by
# PID on exit. About 7 minutes on 2 cores; never part of ./mvnw verify.
#
# Knobs (environment): BENCH_DURATION seconds per measured run (10), BENCH_CONNECTIONS (64),
# BENCH_THREADS wrk threads (2), BENCH_OUT (target/bench), BENCH_MEMORY_COUNTS
# ("100000 1000000"), BENCH_JAVA_OPTS (the flags below), BENCH_SKIP_BUILD=1 to reuse the jar,
# BENCH_CDS=0 / BENCH_JFR=0 to leave out the class archive / the flight recording,
# BENCH_PUBLISH=1 to copy the chart to docs/performance-chart.png.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
OUT=${BENCH_OUT:-$ROOT/target/bench}
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
MEMORY_COUNTS=${BENCH_MEMORY_COUNTS:-"100000 1000000"}
# JVM flags (docs/performance.md says why): a fixed 192 MB heap with a large young
# generation, Serial GC (2 cores: no GC threads competing with request threads), and an
# AppCDS archive made by a training run (-XX:SharedArchiveFile is added below).
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xms192m -Xmx192m -Xmn112m -XX:+UseSerialGC"}
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

# --- The service ----------------------------------------------------------------------
HTTP_PORT=$(free_port)
INTERNAL_TOKEN=bench-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
export SPRING_PROFILES_ACTIVE=prod SERVER_PORT=$HTTP_PORT REDIS_HOST=127.0.0.1 REDIS_PORT \
  MAIL_HOST=127.0.0.1 MAIL_PORT=$SMTP_PORT PHOENIX_MAIL_STARTTLS=false \
  RESET_CODE_SECRET=bench-secret-$(head -c 24 /dev/urandom | base64) INTERNAL_API_TOKEN=$INTERNAL_TOKEN \
  RESET_CODE_TTL=30m RESET_TOKEN_TTL=30m RESET_CODE_MAX_ATTEMPTS=100 \
  RESET_CODE_MAX_PER_EMAIL_PER_HOUR=1000 RESET_CODE_MAX_PER_IP_PER_HOUR=1000000000 \
  RESET_CODE_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR=1000000000
BASE=http://127.0.0.1:$HTTP_PORT
if [ "${BENCH_CDS:-1}" = 1 ]; then
  log "training run for the CDS archive"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -XX:ArchiveClassesAtExit="$OUT/app/app.jsa" -Dspring.context.exit=onRefresh \
    -jar "$APP_JAR" >"$OUT/cds-training.log" 2>&1
  JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$OUT/app/app.jsa"
fi
# JFR's default profile (about 1 % overhead) records where the CPU goes during the load.
JFR_OPTS=""
[ "${BENCH_JFR:-1}" != 1 ] || JFR_OPTS="-XX:StartFlightRecording=filename=$OUT/service.jfr,settings=default,dumponexit=true"
log "starting the service on $HTTP_PORT: java $JAVA_OPTS"
START_MS=$(now_ms)
# shellcheck disable=SC2086
java $JAVA_OPTS -Xlog:gc:file="$OUT/gc.log" $JFR_OPTS -jar "$APP_JAR" >"$OUT/service.log" 2>&1 &
JAVA_PID=$!
PIDS+=($JAVA_PID)
until curl -sf "$BASE/actuator/health/liveness" >/dev/null 2>&1; do
  kill -0 "$JAVA_PID" 2>/dev/null || { tail -50 "$OUT/service.log" >&2; echo "bench: the service died" >&2; exit 1; }
  [ $(($(now_ms) - START_MS)) -lt 60000 ] || { echo "bench: no liveness after 60 s" >&2; exit 1; }
  sleep 0.05
done
READY_MS=$(( $(now_ms) - START_MS ))
# CPU seconds the start took (user + system): the figure the machine's load distorts least.
READY_CPU_S=$(awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$JAVA_PID/stat")
STARTED_S=$(sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$OUT/service.log" | head -1)
log "ready after ${READY_MS} ms, ${READY_CPU_S} CPU s (Spring: ${STARTED_S} s)"

# --- Load -----------------------------------------------------------------------------
RESULTS=$OUT/runs.jsonl
STATS=$OUT/commandstats.jsonl
: >"$RESULTS"
: >"$STATS"

commandstats() { "${RCLI[@]}" INFO commandstats | tr -d '\r' | grep '^cmdstat_' ; }

# wrk CASE RUN SCRIPT EXPECTED_STATUS SECONDS [INPUT]: one run; "warmup" runs are not reported.
drive() {
  local case=$1 run=$2 script=$3 expect=$4 seconds=$5 input=${6:-/dev/null}
  local before after
  before=$(commandstats)
  BENCH_LUA_DIR=$BENCH/wrk BENCH_CASE=$case BENCH_RUN=$run BENCH_EXPECT=$expect BENCH_INPUT=$input \
    BENCH_THREADS=$THREADS BENCH_CONNECTIONS=$CONNECTIONS BENCH_TOKENS=$OUT/tokens-$run \
    BENCH_INTERNAL_TOKEN=$INTERNAL_TOKEN \
    BENCH_RESULT=$([ "${run#warm}" = "$run" ] && echo "$RESULTS" || echo "$OUT/warmup.jsonl") \
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 5s -s "$BENCH/wrk/$script" "$BASE" \
    >>"$OUT/wrk.log" 2>&1
  after=$(commandstats)
  python3 - "$case" "$run" "$before" "$after" >>"$STATS" <<'EOF'
import json, re, sys
case, run, before, after = sys.argv[1:5]
def parse(text):
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"cmdstat_(\w+):calls=(\d+)", text)}
b, a = parse(before), parse(after)
print(json.dumps({"case": case, "run": run, "calls": {k: a[k] - b.get(k, 0) for k in a if a[k] != b.get(k, 0)}}))
EOF
  [ "${run#warm}" != "$run" ] || tail -1 "$RESULTS" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("[bench]   %-13s %-3s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  unexpected %d" % (r["case"], r["run"], r["rps"], r["p50_ms"], r["p99_ms"], r["unexpected"]))' >&2
}

last_rps() { tail -1 "$RESULTS" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["rps"]))'; }

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

issued_in_last_run() { tail -1 "$RESULTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["expected"])'; }

# Addresses of one issue run: the first 3000 for the wrong-code case (with 100 attempts each,
# room for 300 000 wrong attempts), the rest for the right-code case (each code used once).
split_codes() {
  local prefix=$1
  grep "^$prefix" "$CODES" | awk '$2 != "-"' >"$OUT/codes-$prefix"
  head -3000 "$OUT/codes-$prefix" | awk '{ c = sprintf("%0" length($2) "d", ($2 + 1) % (10 ^ length($2))); print $1, c }' \
    >"$OUT/wrong-$prefix"
  tail -n +3001 "$OUT/codes-$prefix" >"$OUT/right-$prefix"
}

round() {
  local r=$1
  drive liveness "$r" liveness.lua 200 "$DURATION"
  local live=$(last_rps)
  drive request-code "$r" issue.lua 202 "$DURATION"
  await_mails "$r-" "$(issued_in_last_run)"
  split_codes "$r-"
  drive verify-wrong "$r" verify_wrong.lua 400 "$DURATION" "$OUT/wrong-$r-"
  # Enough codes for the right-code run, whose rate is close to the wrong-code one: issue
  # more (not measured) if the run above left too few.
  local need have
  need=$(( $(last_rps) * DURATION * 13 / 10 ))
  have=$(wc -l <"$OUT/right-$r-")
  if [ "$have" -lt "$need" ]; then
    local extra=$(( (need - have) / ($(grep -c . "$OUT/codes-$r-") / DURATION + 1) + 1 ))
    log "  issuing more codes for the right-code run ($have of $need, ${extra}s)"
    drive request-code "warm-top-$r" issue.lua 202 "$extra"
    await_mails "warm-top-$r-" "$(tail -1 "$OUT/warmup.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["expected"])')"
    grep "^warm-top-$r-" "$CODES" | awk '$2 != "-"' >>"$OUT/right-$r-"
  fi
  drive verify-right "$r" verify_right.lua 200 "$DURATION" "$OUT/right-$r-"
  cat "$OUT"/tokens-"$r"-* >"$OUT/tokens-$r"
  # Each token once: a shorter run when there are fewer tokens than the liveness rate allows.
  local tokens seconds
  tokens=$(wc -l <"$OUT/tokens-$r")
  seconds=$(( tokens / (live + 1) ))
  [ "$seconds" -le "$DURATION" ] || seconds=$DURATION
  [ "$seconds" -ge 1 ] || seconds=1
  drive consume "$r" consume.lua 200 "$seconds" "$OUT/tokens-$r"
}

log "warming up (not measured)"
drive liveness warm liveness.lua 200 3
drive request-code warm issue.lua 202 5
await_mails "warm-" "$(tail -1 "$OUT/warmup.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["expected"])')"
split_codes "warm-"
drive verify-wrong warm verify_wrong.lua 400 4 "$OUT/wrong-warm-"
drive verify-right warm verify_right.lua 200 3 "$OUT/right-warm-"
cat "$OUT"/tokens-warm-* >"$OUT/tokens-warm"
drive consume warm consume.lua 200 2 "$OUT/tokens-warm"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "measuring: $DURATION s per run, $CONNECTIONS connections, $THREADS wrk threads"
round r1
round r2
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- JVM after the load ---------------------------------------------------------------
RSS_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$JAVA_PID/status")
HWM_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$JAVA_PID/status")
JSTAT=$(jstat -gcutil "$JAVA_PID" 2>/dev/null | tail -1 || true)
curl -s "$BASE/actuator/prometheus" >"$OUT/prometheus.txt" || true
[ -z "$JFR_OPTS" ] || jcmd "$JAVA_PID" JFR.dump filename="$OUT/service.jfr" >/dev/null 2>&1 || true
kill "$JAVA_PID" 2>/dev/null || true
for _ in $(seq 100); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 0.1; done

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
  --meta "ready_ms=$READY_MS" --meta "ready_cpu_s=$READY_CPU_S" --meta "started_s=$STARTED_S" \
  --meta "rss_kb=$RSS_KB" --meta "hwm_kb=$HWM_KB" --meta "jstat=$JSTAT"
if [ "${BENCH_PUBLISH:-0}" = 1 ]; then # the chart docs/performance.md shows
  cp "$OUT/chart.png" "$ROOT/docs/performance-chart.png"
fi
