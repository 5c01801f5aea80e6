#!/usr/bin/env python3
"""Turns the benchmark's raw files in --out into results.json, results.md (the table that
docs/performance.md shows) and chart.png (gnuplot), and prints the table."""

import argparse
import json
import os
import re
import subprocess

CASES = ["liveness", "request-code", "verify-wrong", "verify-right", "consume"]
# Round trips to Redis per request, from the code (RedisResetCodeStore): on one server (as
# here) one script per request; in a cluster Lettuce pipelines the per-IP script with the
# address script on one connection, so both are one round trip.
ROUND_TRIPS = {
    "liveness": "0",
    "request-code": "1 (request.lua: the IP's count, the code and its mail job in one script; in a cluster 2)",
    "verify-wrong": "1 (attempt.lua: the IP's count and the check in one script; in a cluster verify.lua + count.lua, pipelined)",
    "verify-right": "1 (attempt.lua, which also gives the IP's count back: a right code does not count; in a cluster + 1 not awaited, uncount.lua)",
    "consume": "1 (redeem.lua)",
}
SERVICE_COMMANDS = {"info", "ping", "hello", "client", "command", "config", "dbsize", "select"}


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def gc_summary(path):
    pauses = []
    with open(path) as f:
        for line in f:
            m = re.search(r"Pause (\w+).*?(\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms", line)
            if m:
                pauses.append((m.group(1), int(m.group(3)), int(m.group(4)), float(m.group(5))))
    if not pauses:
        return "no GC pause logged"
    young = [p for p in pauses if p[0] == "Young"]
    full = [p for p in pauses if p[0] != "Young"]
    times = sorted(p[3] for p in pauses)
    return ("%d young and %d full pauses, %.0f ms in all, max %.1f ms, p99 %.1f ms; heap %d MB after the last, of %d MB"
            % (len(young), len(full), sum(times), times[-1], times[int(len(times) * 0.99) - 1 if len(times) > 1 else 0],
               pauses[-1][1], pauses[-1][2]))


def cpu_per_request(ticks, requests):
    """The machine's CPU of one run in microseconds per request: the service, Redis, the SMTP
    sink and the rest (wrk, the kernel's own threads, anything else); idle and stolen as shares
    of the run's time."""
    if not ticks or not requests:
        return None
    us = 10_000 / requests  # a tick is 10 ms (USER_HZ 100)
    rest = ticks["busy"] - ticks["service"] - ticks["redis"] - ticks["sink"]
    elapsed = ticks["busy"] + ticks["idle"] + ticks["steal"]
    return {"service": ticks["service"] * us, "redis": ticks["redis"] * us, "sink": ticks["sink"] * us,
            "rest": rest * us, "machine": ticks["busy"] * us,
            "idle_pct": 100 * ticks["idle"] / elapsed if elapsed else 0,
            "steal_pct": 100 * ticks["steal"] / elapsed if elapsed else 0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--meta", action="append", default=[])
    args = parser.parse_args()
    meta = dict(item.split("=", 1) for item in args.meta)
    runs = read_jsonl(os.path.join(args.out, "runs.jsonl"))
    stat_lines = read_jsonl(os.path.join(args.out, "commandstats.jsonl"))
    stats = {(s.get("service", "phoenix"), s["case"], s["run"]): s["calls"] for s in stat_lines}
    cpu_ticks = {(s["service"], s["case"], s["run"]): s["cpu_ticks"] for s in stat_lines if "cpu_ticks" in s}
    memory = read_jsonl(os.path.join(args.out, "memory.jsonl"))
    warmup = read_jsonl(os.path.join(args.out, "warmup-curve.jsonl"))
    measured = [r for r in runs if r["run"] != "paced"]
    paced = [r for r in runs if r["run"] == "paced"]
    by_key = {(r["service"], r["case"], r["run"]): r for r in measured}

    rows = []
    for case in CASES:
        for run in ("r1", "r2"):
            base, phoenix = by_key.get(("baseline", case, run)), by_key.get(("phoenix", case, run))
            if not base or not phoenix:
                continue
            calls = {k: v for k, v in stats.get(("phoenix", case, run), {}).items() if k not in SERVICE_COMMANDS}
            n = max(phoenix["requests"], 1)
            rows.append({"case": case, "run": run, "baseline": base, "phoenix": phoenix,
                         "cpu_us": {s: cpu_per_request(cpu_ticks.get((s, case, run)), r["requests"])
                                    for s, r in (("baseline", base), ("phoenix", phoenix))},
                         "ratio": phoenix["rps"] / base["rps"] if base["rps"] else None,
                         "scripts_per_request": sum(v for k, v in calls.items() if k in ("evalsha", "eval")) / n,
                         "commands_per_request": sum(v for k, v in calls.items()
                                                     if k not in ("evalsha", "eval", "script")) / n})

    services = ("baseline", "phoenix")
    jvm = {s: {"ready_ms": int(meta.get("ready_ms_" + s) or 0), "ready_cpu_s": meta.get("ready_cpu_s_" + s, "?"),
               "started_s": meta.get("started_s_" + s, "?"), "rss_mb": int(meta.get("rss_kb_" + s) or 0) / 1024,
               "hwm_mb": int(meta.get("hwm_kb_" + s) or 0) / 1024, "steady_s": meta.get("steady_s_" + s, "?"),
               "steady_jit_s": meta.get("steady_jit_s_" + s, "?"),
               "start_ms": meta.get("start_ms_" + s, "?"), "start_cpu_s": meta.get("start_cpu_s_" + s, "?"),
               "gc": gc_summary(os.path.join(args.out, s + "-gc.log"))} for s in services}
    mail_sent, mail_ms, mail_cpu_ms, sink_cpu_ms, mail_issued, mail_warm_ms, mail_warm_sent = (
        int(meta.get(k) or 0) for k in ("mail_sent", "mail_ms", "mail_cpu_ms", "sink_cpu_ms", "mail_issued",
                                        "mail_warm_ms", "mail_warm_sent"))
    mail = {"sent": mail_sent, "ms": mail_ms, "cpu_ms": mail_cpu_ms, "sink_cpu_ms": sink_cpu_ms,
            "issued": mail_issued, "warm_ms": mail_warm_ms, "warm_sent": mail_warm_sent,
            "per_second": round(1000 * mail_sent / mail_ms) if mail_ms else None,
            "cpu_ms_per_mail": round(mail_cpu_ms / mail_sent, 3) if mail_sent else None,
            "sink_cpu_ms_per_mail": round(sink_cpu_ms / mail_sent, 3) if mail_sent else None}
    result = {"meta": meta, "rows": rows, "paced": paced, "memory": memory, "jvm": jvm, "warmup": warmup,
              "mail": mail}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(result, f, indent=2)

    lines = ["| case | round | baseline req/s | Phoenix req/s | Phoenix / baseline | baseline p99 ms | Phoenix p99 ms"
             " | Phoenix EVALSHA / request | Phoenix commands in scripts / request | unexpected (baseline, Phoenix) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        b, p = r["baseline"], r["phoenix"]
        lines.append("| %s | %s | %.0f | %.0f | **%.2f** | %.2f | %.2f | %.2f | %.2f | %d, %d |" % (
            r["case"], r["run"], b["rps"], p["rps"], r["ratio"] or 0, b["p99_ms"], p["p99_ms"],
            r["scripts_per_request"], r["commands_per_request"],
            b["unexpected"] + b["socket_errors"], p["unexpected"] + p["socket_errors"]))
    if any(r["cpu_us"]["phoenix"] for r in rows):
        lines += ["", "The machine's CPU per request in the same runs, in µs of user + system time (\"rest\": wrk, "
                  "the kernel's own threads and anything else running; idle: the share of the run's time the cores "
                  "had nothing to do; stolen: taken by the hypervisor):", "",
                  "| case | round | service | service JVM | Redis | SMTP sink | rest | all | idle | stolen |",
                  "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            for service in ("baseline", "phoenix"):
                c = r["cpu_us"][service]
                if c:
                    lines.append("| %s | %s | %s | %.0f | %.0f | %.0f | %.0f | **%.0f** | %.0f %% | %.0f %% |" % (
                        r["case"], r["run"], service, c["service"], c["redis"], c["sink"], c["rest"], c["machine"],
                        c["idle_pct"], c["steal_pct"]))
    lines += ["", "Redis round trips per request (from the code): " + "; ".join(
        "%s %s" % (c, ROUND_TRIPS[c]) for c in CASES if c != "liveness") + ".", ""]
    if paced:
        lines += ["Paced (Phoenix alone, open loop: latency from each request's scheduled time):", "",
                  "| case | rate /s | seconds | p50 ms | p99 ms | max ms | unexpected | outbox length: first, max, last |",
                  "|---|---:|---:|---:|---:|---:|---:|---|"]
        for r in paced:
            box = r.get("outbox") or {}
            lines.append("| %s | %d | %.0f | %.2f | %.2f | %.2f | %d | %s, %s, %s |" % (
                r["case"], r["rate"], r["seconds"], r["p50_ms"], r["p99_ms"], r["max_ms"], r["unexpected"],
                box.get("first", "-"), box.get("max", "-"), box.get("last", "-")))
        lines.append("")
    if mail["per_second"]:
        lines += ["Mail, one instance with the default outbox workers and no HTTP load, delivering a queue that an "
                  "instance without workers filled (%d mails): after a warm-up of %.1f s and %d mails (until its "
                  "JIT compiler threads were quiet, and at least a quarter of the queue), %d mails delivered in %d ms "
                  "(up to nine tenths of the queue): **%d mails/s**, **%.3f ms of the instance's CPU per mail** "
                  "(%d ms in all); the SMTP sink %.3f ms per mail." % (
                      mail_issued, mail_warm_ms / 1000, mail_warm_sent, mail_sent, mail_ms, mail["per_second"],
                      mail["cpu_ms_per_mail"], mail_cpu_ms, mail["sink_cpu_ms_per_mail"] or 0), ""]
    lines += ["| pending codes | distinct client IPs | bytes / code (IP counters) | bytes / code (addresses) | bytes / pending code | pending codes in 256 MB |",
              "|---:|---:|---:|---:|---:|---:|"]
    for m in memory:
        lines.append("| %d | %d | %.1f | %.1f | %.1f | %s |" % (
            m["pending_codes"], m["ip_keys"], m["ip_bytes_per_code"], m["address_bytes_per_code"],
            m["bytes_per_code"], format(m["codes_in_256mb"], ",")))
    lines += ["", "| JVM | baseline | Phoenix |", "|---|---|---|",
              "| cold start to ready, median of 3 (`java` to readiness; the baseline: liveness) | %s | %s |" % tuple(
                  "**%s ms** (%s CPU s)" % (jvm[s]["start_ms"], jvm[s]["start_cpu_s"]) for s in services),
              "| start of the JVM that then takes the load, to liveness | %s | %s |" % tuple(
                  "%d ms (%s CPU s)" % (jvm[s]["ready_ms"], jvm[s]["ready_cpu_s"]) for s in services),
              "| Spring's \"Started ... in\" | %s s | %s s |" % tuple(jvm[s]["started_s"] for s in services),
              "| mixed load from a cold start until the JIT compiler threads are quiet | %s | %s |" % tuple(
                  "%s s (%s CPU s compiling)" % (jvm[s]["steady_s"], jvm[s]["steady_jit_s"]) for s in services),
              "| RSS after the load (VmRSS; peak VmHWM) | %s | %s |" % tuple(
                  "%.0f MB (peak %.0f MB)" % (jvm[s]["rss_mb"], jvm[s]["hwm_mb"]) for s in services),
              "| GC | %s | %s |" % tuple(jvm[s]["gc"] for s in services),
              "| JVM flags | `%s` | `%s` |" % (meta.get("java_opts_baseline", ""), meta.get("java_opts_phoenix", "")),
              "", "Phoenix `jstat -gcutil` after the load: `%s`" % meta.get("jstat", "").strip(), ""]
    lines += ["%s: %s  " % (k, meta[k]) for k in ("date", "machine", "load", "java", "redis", "command") if k in meta]
    profile = os.path.join(args.out, "profile.txt")
    if os.path.exists(profile):
        with open(profile) as f:
            lines += ["", "Where Phoenix's CPU went during the load (JFR, all cases together):", "", "```",
                      f.read().rstrip(), "```"]
    table = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(table)
    print(table)
    chart(args.out, rows, warmup)


def chart(out, rows, warmup):
    data = os.path.join(out, "chart.dat")
    with open(data, "w") as f:
        f.write("# case baseline_rps phoenix_rps (round 2)\n")
        for r in rows:
            if r["run"] == "r2":
                f.write("%s %.0f %.0f\n" % (r["case"], r["baseline"]["rps"], r["phoenix"]["rps"]))
    curves = {}
    for service in ("baseline", "phoenix"):
        path = os.path.join(out, "warmup-%s.dat" % service)
        with open(path, "w") as f:
            for w in warmup:
                if w["service"] == service:
                    f.write("%d %d %.2f\n" % (w["seconds"], w["rps"], w["jit_cpu_s"]))
        curves[service] = path
    script = """
set terminal pngcairo size 1100,460 font ',10'
set output '%(png)s'
set multiplot layout 1,2 title 'Phoenix and the seed-style baseline, alternating on one machine'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top right
set xtics rotate by -20
set grid ytics
set yrange [0:*]
set title 'requests/s at saturation (round 2)'
plot '%(dat)s' using 2:xtic(1) title 'baseline' lc rgb '#999999', '' using 3 title 'Phoenix' lc rgb '#4477aa'
set style data linespoints
set xtics norotate
set title 'warm-up from a cold start: mixed load, 5 s bursts'
set xlabel 'seconds of load'
set ylabel 'requests/s'
set y2label 'JIT CPU s per burst'
set y2tics
set y2range [0:*]
plot '%(pb)s' using 1:2 title 'Phoenix req/s' lc rgb '#4477aa', '%(bb)s' using 1:2 title 'baseline req/s' lc rgb '#999999', '%(pb)s' using 1:3 axes x1y2 title 'Phoenix JIT' dt 2 lc rgb '#4477aa', '%(bb)s' using 1:3 axes x1y2 title 'baseline JIT' dt 2 lc rgb '#999999'
unset multiplot
""" % {"png": os.path.join(out, "chart.png"), "dat": data, "pb": curves["phoenix"], "bb": curves["baseline"]}
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


if __name__ == "__main__":
    main()
