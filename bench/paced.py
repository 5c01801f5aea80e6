#!/usr/bin/env python3
"""A paced (open-loop) load: RATE requests a second for SECONDS, each sent at its scheduled
time over a pool of keep-alive connections, its latency measured from that scheduled time
(so a stall is charged to every request it delays: no coordinated omission). wrk measures
throughput at saturation, where p99 only measures its own queue; this measures latency at a
given rate. Standard library only.

While it runs it samples the mail outbox's length (XLEN) once a second, so a queue that
grows (mail slower than codes) shows.

    paced.py --url http://127.0.0.1:8080 --case request-code --rate 1000 --seconds 60 \
             --redis-port 6379 --prefix p- --result runs.jsonl

Cases: request-code (a new address per request), verify-wrong / verify-right (lines
"address code" from --input), consume (tokens from --input, --token for the bearer),
liveness. verify-right appends the tokens it got to --tokens.
"""

import argparse
import asyncio
import json
import re
import time
from urllib.parse import urlparse

OUTBOX = b"reset_code:{outbox}"


def requests_for(args):
    host = urlparse(args.url).netloc

    def post(path, body, extra=""):
        data = json.dumps(body).encode()
        return (b"POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n"
                % (path.encode(), host.encode(), len(data), extra.encode())) + data

    if args.case == "liveness":
        req = b"GET /actuator/health/liveness HTTP/1.1\r\nHost: %s\r\n\r\n" % host.encode()
        return lambda i: req
    if args.case == "request-code":
        return lambda i: post("/auth/reset-code", {"email": "%s%d@bench.test" % (args.prefix, i)},
                              "Accept-Language: en\r\n")
    with open(args.input) as f:
        lines = [line.split() for line in f if line.strip()]
    if not lines:
        raise SystemExit("paced: no input lines in %s" % args.input)
    if args.case == "consume":
        auth = "Authorization: Bearer %s\r\n" % args.token
        return lambda i: post("/auth/reset-token/consume", {"resetToken": lines[i % len(lines)][0]}, auth)
    return lambda i: post("/auth/reset-code/verify",
                          {"email": lines[i % len(lines)][0], "code": lines[i % len(lines)][1]})


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    else:
        body = b""
    close = headers.get("connection", "").lower() == "close"
    return status, body, close


class Connection:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def exchange(self, request):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(request)
        status, body, close = await read_response(self.reader)
        if close:
            self.writer.close()
            self.reader = self.writer = None
        return status, body


async def outbox_sampler(port, samples, stop):
    if not port:
        return
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while not stop.is_set():
        writer.write(b"*2\r\n$4\r\nXLEN\r\n$%d\r\n%s\r\n" % (len(OUTBOX), OUTBOX))
        line = await reader.readline()
        samples.append(int(line[1:]))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass
    writer.close()


async def run(args):
    url = urlparse(args.url)
    build = requests_for(args)
    pool = asyncio.Queue()
    for _ in range(args.connections):
        pool.put_nowait(Connection(url.hostname, url.port))
    latencies, statuses, tokens = [], {}, []
    samples, stop = [], asyncio.Event()
    sampler = asyncio.ensure_future(outbox_sampler(args.redis_port, samples, stop))
    loop = asyncio.get_running_loop()
    total = int(args.rate * args.seconds)
    start = loop.time() + 0.1
    pending = set()

    async def one(i, scheduled):
        connection = await pool.get()
        try:
            status, body = await connection.exchange(build(i))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            connection.writer = connection.reader = None
            status, body = -1, b""
        finally:
            pool.put_nowait(connection)
        latencies.append(loop.time() - scheduled)
        statuses[status] = statuses.get(status, 0) + 1
        if args.case == "verify-right" and status == 200:
            match = re.search(rb'"resetToken":"([^"]+)"', body)
            if match:
                tokens.append(match.group(1).decode())

    # Every request due by now is started at each tick; its latency still counts from
    # its own scheduled time.
    sent = 0
    while sent < total:
        due = min(total, int((loop.time() - start) * args.rate) + 1)
        while sent < due:
            task = asyncio.ensure_future(one(sent, start + sent / args.rate))
            pending.add(task)
            task.add_done_callback(pending.discard)
            sent += 1
        await asyncio.sleep(0.0005)
    if pending:
        await asyncio.wait(pending)
    elapsed = loop.time() - start
    stop.set()
    await sampler
    if args.tokens and tokens:
        with open(args.tokens, "a") as f:
            f.write("\n".join(tokens) + "\n")
    latencies.sort()

    def pct(p):
        return 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]

    result = {"service": args.service, "case": args.case, "run": "paced", "rate": args.rate,
              "seconds": round(elapsed, 3), "requests": total, "rps": round(total / elapsed, 1),
              "p50_ms": round(pct(50), 3), "p99_ms": round(pct(99), 3), "max_ms": round(1000 * latencies[-1], 3),
              "expected": statuses.get(args.expect, 0), "unexpected": total - statuses.get(args.expect, 0),
              "statuses": {str(k): v for k, v in statuses.items()},
              "outbox": {"first": samples[0], "max": max(samples), "last": samples[-1]} if samples else None}
    with open(args.result, "a") as f:
        f.write(json.dumps(result) + "\n")
    print("[bench]   %-13s paced %5d/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  unexpected %d  outbox %s"
          % (args.case, args.rate, result["p50_ms"], result["p99_ms"], result["max_ms"], result["unexpected"],
             result["outbox"]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--service", default="phoenix")
    parser.add_argument("--case", required=True,
                        choices=["request-code", "verify-wrong", "verify-right", "consume", "liveness"])
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--expect", type=int, default=200)
    parser.add_argument("--prefix", default="paced-")
    parser.add_argument("--input")
    parser.add_argument("--tokens")
    parser.add_argument("--token", default="")
    parser.add_argument("--redis-port", type=int, default=0)
    parser.add_argument("--result", required=True)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
