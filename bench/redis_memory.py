#!/usr/bin/env python3
"""Bytes of Redis memory per pending code, limiter state included.

Creates N pending codes by running the service's own scripts (issue.lua for the address,
count.lua for the client IP's request counter: what request.lua writes on one server, without
the mail job, which is deleted once sent) through EVALSHA, with the arguments the
service sends and keys laid out exactly as ResetCodeKeys lays them out, for N synthetic
addresses and a spread of client IPs (N/4 distinct IPs, a quarter of them IPv6: about four
codes per IP, well under the hourly cap of 20). Reports the INFO memory used_memory delta:
first for the IP counters, then for the addresses, and the total per pending code.

Usage: redis_memory.py --port P --scripts DIR --count N [--count N ...]   (prints JSON lines)
The server is flushed before each count: point it only at the benchmark's own Redis."""

import argparse
import base64
import json
import os
import random
import subprocess

WINDOW_MS = 3_600_000
DAY_MS = 86_400_000
# The service's defaults: RESET_CODE_TTL 10m, 5 attempts, 60 s cooldown, 5 per address and
# 20 per IP per hour.
TTL_MS, MAX_ATTEMPTS, COOLDOWN_MS, MAX_PER_EMAIL, MAX_PER_IP = 600_000, 5, 60_000, 5, 20
MAX_PER_EMAIL_PER_DAY, MAX_FAILURES_PER_DAY = 10, 20


def b64(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# --- The layout: mirrors dev.phoenix.redis.ResetCodeKeys and SecretHasher. -----------------
def address_key_id():
    return b64(os.urandom(12))  # SecretHasher.addressKeyId: 12 bytes of HMAC, base64url


def code_hash():
    return b64(os.urandom(9))  # SecretHasher.codeHash: 9 bytes


def issue_call(key_id):
    """(keys, args) of issue.lua as RedisResetCodeStore.issueArguments makes them."""
    head = base64.urlsafe_b64decode(key_id[:4])
    bucket = "reset_code:{%02x%02x}" % (head[0], head[1])  # ResetCodeKeys.bucket
    field = key_id[2:]  # ResetCodeKeys.field
    return [bucket], [field, code_hash(), TTL_MS, MAX_ATTEMPTS, COOLDOWN_MS, MAX_PER_EMAIL, WINDOW_MS,
                      MAX_PER_EMAIL_PER_DAY, DAY_MS, MAX_FAILURES_PER_DAY]


def ip_key(ip):
    return "reset_code:ip:{%s}:r" % ip  # ResetCodeKeys.ipRequests
# --------------------------------------------------------------------------------------------


def random_ip(rng):
    if rng.random() < 0.25:  # ClientIp.canonical: an IPv6 client counts by its /64
        return ":".join("%x" % rng.randrange(0x10000) for _ in range(4)) + "::/64"
    return "%d.%d.%d.%d" % (rng.randrange(1, 224), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))


def resp(*parts):
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = str(part).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class Redis:
    def __init__(self, port):
        self.port = str(port)

    def cli(self, *args):
        return subprocess.run(["redis-cli", "-p", self.port, *args], check=True, capture_output=True, text=True).stdout

    def pipe(self, chunks):
        proc = subprocess.Popen(["redis-cli", "-p", self.port, "--pipe"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for chunk in chunks:
            proc.stdin.write(chunk)
        proc.stdin.close()
        output = proc.stdout.read().decode()
        if proc.wait() != 0 or "errors: 0" not in output:
            raise SystemExit("redis-cli --pipe failed: " + output)

    def info(self, section):
        fields = {}
        for line in self.cli("INFO", section).splitlines():
            if ":" in line and not line.startswith("#"):
                name, value = line.split(":", 1)
                fields[name] = value.strip()
        return fields

    def used(self):
        return int(self.info("memory")["used_memory"])


def batches(items, render, size=20_000):
    buffer = []
    for item in items:
        buffer.append(render(item))
        if len(buffer) >= size:
            yield b"".join(buffer)
            buffer = []
    if buffer:
        yield b"".join(buffer)


def script(scripts, *parts):
    return "".join(open(os.path.join(scripts, part + ".lua")).read() + "\n" for part in parts)


def measure(redis, scripts, count, seed):
    rng = random.Random(seed)
    redis.cli("FLUSHALL")
    # As ResetCodeScripts.of joins them: the libraries a script uses in front of it.
    issue_sha = redis.cli("SCRIPT", "LOAD", script(scripts, "state", "issuing", "issue")).strip()
    count_sha = redis.cli("SCRIPT", "LOAD", script(scripts, "counting", "count")).strip()
    ips = [random_ip(rng) for _ in range(max(1, count // 4))]
    client_ips = [rng.choice(ips) for _ in range(count)]

    empty = redis.used()
    redis.pipe(batches(client_ips, lambda ip: resp("EVALSHA", count_sha, 1, ip_key(ip), MAX_PER_IP, WINDOW_MS)))
    with_ips = redis.used()

    def issue(_):
        keys, args = issue_call(address_key_id())
        return resp("EVALSHA", issue_sha, len(keys), *keys, *args)

    redis.pipe(batches(range(count), issue))
    full = redis.used()
    keyspace = redis.info("keyspace").get("db0", "")
    result = {
        "pending_codes": count,
        "ip_keys": len(set(client_ips)),
        "used_memory_empty": empty,
        "ip_bytes_per_code": round((with_ips - empty) / count, 1),
        "address_bytes_per_code": round((full - with_ips) / count, 1),
        "bytes_per_code": round((full - empty) / count, 1),
        "keyspace": keyspace,
        "codes_in_256mb": int((256 * 1024 * 1024 - empty) / ((full - empty) / count)),
    }
    redis.cli("FLUSHALL")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--scripts", required=True)
    parser.add_argument("--count", type=int, action="append", required=True)
    args = parser.parse_args()
    redis = Redis(args.port)
    for count in args.count:
        print(json.dumps(measure(redis, args.scripts, count, seed=count)), flush=True)


if __name__ == "__main__":
    main()
