"""The long fuzz run of issue 9: at least 100,000 mutated routines through the real CLI, in-process.

Not collected by pytest (tests/fuzz/conftest.py ignores it); run it by hand and record the result
in tests/fuzz/README.md:

    .venv/bin/python tests/fuzz/run_long.py --inputs 100000 --jobs 2 --seed 1

Each input is an example from ``examples/`` (or a routine built from scratch) with a few random
mutations: deleted, duplicated and swapped characters and lines, random bytes, huge numbers,
hostile unicode (bidi overrides, ANSI escapes, NUL, C1 controls, line and paragraph separators).
Each goes through one command chosen at random (lint in every output format, fmt --check,
summary, parse, export in every format). A finding is an exit code other than 0, 1 or 2, an
"internal error" on stderr, or a raw escape or bidi control on stdout or stderr. Findings are
written to ``--out`` (one file per distinct first line of stderr) so they can be replayed.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.ham"))

# The same commands the in-suite fuzz tests run, from one list.
sys.path.insert(0, str(ROOT))
from tests.test_reliability import COMMANDS  # noqa: E402

INSERTS = [
    "é",
    "\u202e",
    "\u2066",
    "\x1b[31m",
    "\x1b]8;;http://x\x1b\\",
    "\x00",
    "\x07",
    "\x85",
    "\x9b",
    "\u2028",
    "𝕏",
    "×",
    "–",
    "ﬁ",
    "İ",
    "\x0b",
    "\x0c",
    "\r",
    "\t",
    "\ufeff",
    "END:VEVENT",
    "BEGIN:VALARM",
    "|",
    "<script>",
    "[x](javascript:alert(1))",
    "#",
    ":",
    "@",
    "x",
    "-",
    "(",
    ")",
    "rest ",
    "for ",
    "with ",
    "session:",
    "warmup:",
    "note:",
    "A1:",
]
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One to four mutations of ``data``."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not b:
            b = bytearray(b"x")
        i = rng.randrange(len(b))
        kind = rng.randrange(10)
        lines = bytes(b).split(b"\n")
        a, c = rng.randrange(len(lines)), rng.randrange(len(lines))
        if kind == 0:
            del b[i : i + rng.randint(1, 3)]
        elif kind == 1:
            b[i:i] = b[i : i + rng.randint(1, 8)]
        elif kind == 2:
            j = rng.randrange(len(b))
            b[i], b[j] = b[j], b[i]
        elif kind == 3:
            b[i] = rng.randrange(256)
        elif kind == 4:
            lines[a], lines[c] = lines[c], lines[a]
            b = bytearray(b"\n".join(lines))
        elif kind == 5:
            lines.insert(a, lines[c])
            b = bytearray(b"\n".join(lines))
        elif kind == 6:
            del lines[a]
            b = bytearray(b"\n".join(lines))
        elif kind == 7:
            b[i:i] = str(rng.choice([0, 10 ** rng.randint(1, 40), 999999999, 2**63])).encode()
        else:
            b[i:i] = rng.choice(INSERTS).encode("utf-8")
    return bytes(b)


def check(command: list[str], path: Path) -> str | None:
    """None, or what went wrong with one run."""
    from hamdsl.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    try:
        code = main([*command, str(path)], out=out, err=err)
    except BaseException as exc:
        return f"raised {type(exc).__name__}: {exc}"
    stderr = err.getvalue()
    if "internal error" in stderr:
        return stderr.split("\n")[0]
    if code not in (0, 1, 2):
        return f"exit {code}"
    stdout = out.getvalue()
    if "ical" in command:
        stdout = stdout.replace("\r\n", "\n")  # RFC 5545 line ends
    for name, text in (("stdout", stdout), ("stderr", stderr)):
        found = UNSAFE.search(text)
        if found:
            return f"raw {found.group()!r} on {name}"
    return None


def work(arguments: tuple[int, int, str]) -> tuple[int, dict[str, str]]:
    seed, count, out_dir = arguments
    rng = random.Random(seed)
    sources = [p.read_bytes() for p in EXAMPLES]
    findings: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "routine.ham"
        for n in range(count):
            data = mutate(rng, rng.choice(sources))
            path.write_bytes(data)
            command = rng.choice(COMMANDS)
            problem = check(command, path)
            if problem is not None:
                key = re.sub(r"\d+", "N", problem.replace(str(path), "FILE"))[:200]
                if key not in findings:
                    name = f"finding-{seed}-{n}.ham"
                    (Path(out_dir) / name).write_bytes(data)
                    findings[key] = f"{' '.join(command)} {name}"
    return count, findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "hamdsl-fuzz"))
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    chunk = 1000
    tasks = [
        (args.seed * 1_000_003 + i, min(chunk, args.inputs - i * chunk), args.out)
        for i in range((args.inputs + chunk - 1) // chunk)
    ]
    start = time.monotonic()
    done = 0
    findings: dict[str, str] = {}
    with multiprocessing.Pool(args.jobs) as pool:
        for count, found in pool.imap_unordered(work, tasks):
            done += count
            for key, where in found.items():
                findings.setdefault(key, where)
            elapsed = time.monotonic() - start
            print(
                f"{done} inputs, {elapsed:.0f} s, {done / elapsed:.1f}/s, {len(findings)} findings",
                file=sys.stderr,
                flush=True,
            )
    elapsed = time.monotonic() - start
    result = {
        "inputs": done,
        "seconds": round(elapsed, 1),
        "inputs_per_second": round(done / elapsed, 1),
        "jobs": args.jobs,
        "seed": args.seed,
        "findings": findings,
    }
    print(json.dumps(result, indent=2, ensure_ascii=True))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
