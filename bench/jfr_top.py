#!/usr/bin/env python3
"""Where the service's CPU went during the load: the JFR execution samples of the run,
as the top methods by self time and the share of samples whose stack passes through each
area (inclusive). Usage: jfr_top.py recording.jfr  (needs the JDK's jfr tool)."""

import collections
import re
import subprocess
import sys

AREAS = [
    ("mail (compose + SMTP)", ("jakarta.mail", "org.eclipse.angus", "dev.phoenix.mail")),
    ("Lettuce / Netty (Redis client)", ("io.lettuce", "io.netty")),
    ("Reactor (blocking on Redis replies)", ("reactor.",)),
    ("Jackson (JSON)", ("tools.jackson", "com.fasterxml.jackson")),
    ("Micrometer / observation", ("io.micrometer",)),
    ("HMAC / SecureRandom", ("javax.crypto", "sun.security", "com.sun.crypto", "java.security.SecureRandom")),
    ("Tomcat (HTTP, I/O)", ("org.apache.catalina", "org.apache.coyote", "org.apache.tomcat")),
    ("Jetty (HTTP, I/O)", ("org.eclipse.jetty",)),
    ("Spring MVC", ("org.springframework.web",)),
    ("logging", ("org.apache.logging", "ch.qos.logback", "org.slf4j")),
    ("ICU4J (address IDNA)", ("com.ibm.icu",)),
    ("Phoenix's own code", ("dev.phoenix",)),
]


def main(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                          capture_output=True, text=True, check=True).stdout
    samples = re.split(r"\njdk\.ExecutionSample", text)
    top, areas, threads, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
    for sample in samples:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(", sample, re.MULTILINE)
        if not frames:
            continue
        total += 1
        top[frames[0]] += 1
        thread = re.search(r'sampledThread = "([^"]*)"', sample)
        threads[re.sub(r"[-\d]+$", "", thread.group(1)) if thread else "?"] += 1
        stack = " ".join(frames)
        for name, prefixes in AREAS:
            if any((" " + p) in (" " + stack) for p in prefixes):
                areas[name] += 1
    print("JFR execution samples: %d" % total)
    print("By area (inclusive, a sample can count in several):")
    for name, count in areas.most_common():
        print("  %5.1f %%  %s" % (100 * count / total, name))
    print("By thread (name without its number):")
    for name, count in threads.most_common(8):
        print("  %5.1f %%  %s" % (100 * count / total, name))
    print("Top methods (self):")
    for frame, count in top.most_common(12):
        print("  %5.1f %%  %s" % (100 * count / total, frame))


if __name__ == "__main__":
    main(sys.argv[1])
