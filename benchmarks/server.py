"""``hamdsl server`` benchmark: diagnostics after one edit, and memory over many edits.

Run by hand, never in the test suite:

    .venv/bin/python benchmarks/server.py                 # 10,000 edits (a few minutes)
    .venv/bin/python benchmarks/server.py --edits 1000    # a quicker look

The server runs in this process, on a thread, behind a pair of pipes, exactly as it runs on
stdio (``HamServer.start_io``), with no debounce. The client here writes one ``didChange`` (one
line of a 200-line routine replaced, incrementally) and waits for the ``publishDiagnostics`` of
that version; the time between the two is one sample. Memory is the process's resident set size
(``/proc/self/status``), read after a warm-up and after every edit has been answered.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

from hamdsl.server.server import build_server
from hamdsl.server.session import Session

TARGET_MEDIAN_MS = 20.0
TARGET_GROWTH_MIB = 10.0


def routine(lines: int = 200) -> list[str]:
    """A routine of ``lines`` lines: sessions of four exercises, with notes and comments."""
    names = [
        "lying leg curl",
        "romanian deadlift",
        "seated leg curl",
        "nordic hamstring curl",
        "good morning",
        "back squat",
        "45 degree back extension",
        "single leg rdl",
    ]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    out = ["program: Benchmark routine", "level: intermediate", "experience: 3 years", ""]
    block = 0
    while len(out) < lines:
        out.append(f"session {days[block % 7]}:  # block {block}")
        for i in range(4):
            name = names[(block + i) % len(names)]
            out.append(f"  A{i + 1}: {name} 3x8-10 @3/0/1/0 rest 90s")
        out.append("    note: keep the hips square")
        out.append("")
        block += 1
    return out[:lines]


def frame(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frame(stream: BinaryIO) -> dict[str, Any]:
    length = 0
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10_000, help="edits for the memory figure")
    parser.add_argument("--samples", type=int, default=500, help="edits timed for the median")
    args = parser.parse_args()

    gc.enable()  # as `hamdsl server` runs (hamdsl.__main__ starts with it off)
    to_server_r, to_server_w = os.pipe()
    from_server_r, from_server_w = os.pipe()
    server = build_server(Session(), debounce=0)
    thread = threading.Thread(
        target=server.start_io,
        args=(os.fdopen(to_server_r, "rb"), os.fdopen(from_server_w, "wb")),
        daemon=True,
    )
    thread.start()
    send = os.fdopen(to_server_w, "wb")
    receive = os.fdopen(from_server_r, "rb")

    def write(payload: dict[str, Any]) -> None:
        send.write(frame(payload))
        send.flush()

    def wait_for(predicate: Any) -> dict[str, Any]:
        while True:
            message = read_frame(receive)
            if predicate(message):
                return message

    write({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    wait_for(lambda m: m.get("id") == 1)
    write({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    lines = routine()
    uri = Path("/tmp/hamdsl-bench/plan.ham").as_uri()
    text = "\n".join(lines) + "\n"
    write(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "ham", "version": 1, "text": text}},
        }
    )

    def published(version: int) -> Any:
        return lambda m: (
            m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version
        )

    wait_for(published(1))
    target = lines.index("  A1: lying leg curl 3x8-10 @3/0/1/0 rest 90s")
    version = 1

    def edit() -> float:
        nonlocal version
        version += 1
        reps = "3x8-10" if version % 2 else "3x10-12"
        new = f"  A1: lying leg curl {reps} @3/0/1/0 rest 90s"
        change = {
            "range": {
                "start": {"line": target, "character": 0},
                "end": {"line": target, "character": len(lines[target])},
            },
            "text": new,
        }
        lines[target] = new
        start = time.perf_counter()
        write(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            }
        )
        wait_for(published(version))
        return (time.perf_counter() - start) * 1000

    for _ in range(200):  # warm-up: caches, the allocator's arenas
        edit()
    before = rss_mib()
    samples = [edit() for _ in range(args.samples)]
    for _ in range(max(args.edits - args.samples, 0)):
        edit()
    gc.collect()
    after = rss_mib()

    write({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wait_for(lambda m: m.get("id") == 2)
    write({"jsonrpc": "2.0", "method": "exit"})
    thread.join(timeout=10)

    median = statistics.median(samples)
    growth = after - before
    cpus = os.cpu_count()
    print(f"machine: {platform.platform()}, {cpus} CPUs, Python {platform.python_version()}")
    print(f"routine: {len(lines)} lines; one line changed per edit (incremental didChange)")
    print(
        f"didChange -> publishDiagnostics over {len(samples)} edits: median {median:.1f} ms, "
        f"p90 {statistics.quantiles(samples, n=10)[-1]:.1f} ms, min {min(samples):.1f} ms "
        f"(target <= {TARGET_MEDIAN_MS:.0f} ms: {'met' if median <= TARGET_MEDIAN_MS else 'NOT met'})"
    )
    verdict = "met" if growth < TARGET_GROWTH_MIB else "NOT met"
    print(
        f"resident memory: {before:.1f} MiB after warm-up, {after:.1f} MiB after {args.edits} edits: "
        f"{growth:+.1f} MiB (target < {TARGET_GROWTH_MIB:.0f} MiB: {verdict})"
    )
    return 0 if median <= TARGET_MEDIAN_MS and growth < TARGET_GROWTH_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
