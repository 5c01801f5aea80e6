#!/usr/bin/env python3
"""A null SMTP server for the benchmark: accepts every mail on loopback, keeps nothing but
one line per mail, "<recipient> <code>", appended to the codes file. The benchmark reads
those codes to verify with the right code. Standard library only (asyncio + email)."""

import argparse
import asyncio
import email
import email.policy
import re
import signal

CODE = re.compile(r"^\s+(\d{6,10})\s*$", re.MULTILINE)  # the line the mail templates indent
RAW_CODE = re.compile(rb"\r\n[ \t]+(\d{6,10})[ \t]*\r\n")


class Sink:
    def __init__(self, codes_path):
        self.out = open(codes_path, "a", buffering=1 << 16)
        self.count = 0

    def record(self, recipients, data):
        # The English text part is plain ASCII, so the code's line is usually in the raw data;
        # parsing the MIME structure costs ten times more and is only the fallback.
        match = RAW_CODE.search(data)
        if match:
            code = match.group(1).decode()
        else:
            message = email.message_from_bytes(data, policy=email.policy.default)
            part = message.get_body(preferencelist=("plain",))
            match = CODE.search(part.get_content()) if part is not None else None
            code = match.group(1) if match else "-"
        for rcpt in recipients:
            self.out.write(f"{rcpt} {code}\n")
        self.count += 1
        if self.count % 256 == 0:
            self.out.flush()

    async def session(self, reader, writer):
        def reply(line):
            writer.write(line.encode() + b"\r\n")

        reply("220 bench-sink ESMTP")
        recipients = []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    reply("250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8")
                elif verb == b"MAIL":
                    recipients = []
                    reply("250 OK")
                elif verb == b"RCPT":
                    address = line.decode(errors="replace").split(":", 1)[1].strip()
                    recipients.append(address.split()[0].strip("<>"))
                    reply("250 OK")
                elif verb == b"DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    data = await reader.readuntil(b"\r\n.\r\n")
                    self.record(recipients, data[:-5].replace(b"\r\n..", b"\r\n."))
                    reply("250 OK")
                elif verb == b"QUIT":
                    reply("221 Bye")
                    break
                else:  # RSET, NOOP and anything else
                    reply("250 OK")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--codes", required=True)
    args = parser.parse_args()
    sink = Sink(args.codes)
    server = await asyncio.start_server(sink.session, "127.0.0.1", args.port, limit=1 << 20)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        flusher = asyncio.create_task(flush_every_second(sink))
        await stop.wait()
        flusher.cancel()
    sink.out.flush()


async def flush_every_second(sink):
    while True:
        await asyncio.sleep(1)
        sink.out.flush()


if __name__ == "__main__":
    asyncio.run(main())
