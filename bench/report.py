#!/usr/bin/env python3
"""Turns the benchmark's raw files in --out into results.json, results.md (the table that
docs/performance.md shows) and chart.png (gnuplot), and prints the table."""

import argparse
import json
import os
import re
import subprocess

CASES = ["liveness", "request-code", "verify-wrong", "verify-right", "consume"]
# Round trips to Redis per request, from the code (RedisResetCodeStore): Lettuce pipelines
# the per-IP script with the address script on one connection, so both are one round trip.
ROUND_TRIPS = {
    "liveness": "0",
    "request-code": "1 (issue.lua + count.lua, pipelined)",
    "verify-wrong": "1 (verify.lua + peek.lua, pipelined) + 1 not awaited (count.lua)",
    "verify-right": "1 (verify.lua + peek.lua, pipelined)",
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--meta", action="append", default=[])
    args = parser.parse_args()
    meta = dict(item.split("=", 1) for item in args.meta)
    runs = read_jsonl(os.path.join(args.out, "runs.jsonl"))
    stats = {(s["case"], s["run"]): s["calls"] for s in read_jsonl(os.path.join(args.out, "commandstats.jsonl"))}
    memory = read_jsonl(os.path.join(args.out, "memory.jsonl"))
    liveness = {r["run"]: r["rps"] for r in runs if r["case"] == "liveness"}

    rows = []
    for r in sorted(runs, key=lambda r: (CASES.index(r["case"]), r["run"])):
        calls = {k: v for k, v in stats.get((r["case"], r["run"]), {}).items() if k not in SERVICE_COMMANDS}
        scripts = sum(v for k, v in calls.items() if k in ("evalsha", "eval"))
        inner = sum(v for k, v in calls.items() if k not in ("evalsha", "eval", "script"))
        n = max(r["requests"], 1)
        rows.append(dict(r, ratio=r["rps"] / liveness[r["run"]] if r["run"] in liveness else None,
                         scripts_per_request=scripts / n, commands_per_request=inner / n,
                         inner_commands={k: round(v / n, 2) for k, v in sorted(calls.items())}))

    ready_ms, started_s = int(meta.get("ready_ms", 0)), meta.get("started_s", "")
    rss_mb = int(meta.get("rss_kb", 0)) / 1024
    gc = gc_summary(os.path.join(args.out, "gc.log"))
    result = {"meta": meta, "runs": rows, "memory": memory, "gc": gc, "rss_mb": round(rss_mb, 1),
              "ready_ms": ready_ms}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(result, f, indent=2)

    lines = ["| case | run | requests/s | p50 ms | p99 ms | of liveness | EVALSHA / request | commands in scripts / request | unexpected answers |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| %s | %s | %.0f | %.2f | %.2f | %s | %.2f | %.2f | %d |" % (
            r["case"], r["run"], r["rps"], r["p50_ms"], r["p99_ms"],
            "%.0f %%" % (100 * r["ratio"]) if r["ratio"] is not None else "",
            r["scripts_per_request"], r["commands_per_request"], r["unexpected"] + r["socket_errors"]))
    lines += ["", "Redis round trips per request (from the code): " + "; ".join(
        "%s %s" % (c, ROUND_TRIPS[c]) for c in CASES if c != "liveness") + ".", ""]
    lines += ["Commands inside the scripts, per request (run r1): " + "; ".join(
        "%s: %s" % (r["case"], ", ".join("%s %.2f" % kv for kv in r["inner_commands"].items()))
        for r in rows if r["run"] == "r1" and r["case"] != "liveness"), ""]
    lines += ["| pending codes | distinct client IPs | bytes / code (IP counters) | bytes / code (addresses) | bytes / pending code | pending codes in 256 MB |",
              "|---:|---:|---:|---:|---:|---:|"]
    for m in memory:
        lines.append("| %d | %d | %.1f | %.1f | %.1f | %s |" % (
            m["pending_codes"], m["ip_keys"], m["ip_bytes_per_code"], m["address_bytes_per_code"],
            m["bytes_per_code"], format(m["codes_in_256mb"], ",")))
    lines += ["", "| JVM | |", "|---|---|",
              "| start-up to ready (liveness answers, from the `java` command) | %d ms (%s CPU s) |" % (ready_ms, meta.get("ready_cpu_s", "?")),
              "| Spring's \"Started ... in\" | %s s |" % started_s,
              "| RSS after the load (VmRSS; peak VmHWM) | %.0f MB (peak %.0f MB) |" % (rss_mb, int(meta.get("hwm_kb", 0)) / 1024),
              "| GC | %s |" % gc,
              "| jstat -gcutil after the load | `%s` |" % meta.get("jstat", "").strip(), ""]
    lines += ["%s: %s  " % (k, meta[k]) for k in ("date", "machine", "load", "java", "redis", "command") if k in meta]
    profile = os.path.join(args.out, "profile.txt")
    if os.path.exists(profile):
        with open(profile) as f:
            lines += ["", "Where the service's CPU went during the load (JFR, all cases together):", "", "```",
                      f.read().rstrip(), "```"]
    table = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(table)
    print(table)
    chart(args.out, rows)


def chart(out, rows):
    data = os.path.join(out, "chart.dat")
    with open(data, "w") as f:
        f.write("# case rps_r1 rps_r2 p99_r1 p99_r2\n")
        for case in CASES:
            by_run = {r["run"]: r for r in rows if r["case"] == case}
            if {"r1", "r2"} <= set(by_run):
                f.write("%s %.0f %.0f %.2f %.2f\n" % (case, by_run["r1"]["rps"], by_run["r2"]["rps"],
                                                        by_run["r1"]["p99_ms"], by_run["r2"]["p99_ms"]))
    script = """
set terminal pngcairo size 1100,460 font ',10'
set output '%(png)s'
set multiplot layout 1,2 title 'Phoenix benchmark: %(conns)s connections, two runs per case'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top right
set xtics rotate by -20
set grid ytics
set yrange [0:*]
set title 'requests/s'
plot '%(dat)s' using 2:xtic(1) title 'run 1' lc rgb '#4477aa', '' using 3 title 'run 2' lc rgb '#88aadd'
set title 'p99 latency (ms); target 10 ms'
plot '%(dat)s' using 4:xtic(1) title 'run 1' lc rgb '#cc6677', '' using 5 title 'run 2' lc rgb '#ee99aa', 10 with lines dt 2 lc rgb 'black' title 'target'
unset multiplot
""" % {"png": os.path.join(out, "chart.png"), "dat": data,
       "conns": next((str(r["connections"]) for r in rows), "?")}
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


if __name__ == "__main__":
    main()
