"""hamdsl benchmarks for issue 22: cold start, throughput, cached re-lint and peak memory.

Run by hand, never in the test suite:

    .venv/bin/python benchmarks/run.py              # full run: 10,000 generated files (~5 min)
    .venv/bin/python benchmarks/run.py --files 1000 --runs 9 --throughput-runs 1   # a quick look

The script installs the checkout the way a user gets it: ``pip install <checkout> yamllint`` into
a new virtual environment in a temporary folder (pip builds the wheel and compiles the bytecode,
for hamdsl as for yamllint). Every command is run from that environment, with the ``PYTHON*``
variables of the caller's environment removed, and ``HAMDSL_CACHE_DIR`` pointing into the
temporary folder, so the user's cache is not touched. The corpus is generated, seeded, in the
same folder, and everything is removed afterwards.

The machine this was written for is shared and noisy: compare the ratios measured in one run
(the commands compared take turns, round after round), not absolute times across runs. The
results table in benchmarks/README.md is pasted from the summary this script prints last.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Issue 22's targets.
COLD_RATIO_TARGET = 1.0  # hamdsl lint (one 20-line file) / yamllint (one one-line file)
LINES_PER_SECOND_TARGET = 15_000  # -j 1, --no-cache
CACHED_SECONDS_TARGET = 1.0  # re-lint of the whole corpus, unchanged
PEAK_MIB_TARGET = 80.0

#: What any hamdsl start imports because the design fixes it (argparse reads the command line,
#: dataclasses make the tree, importlib.metadata finds the plugins, pluggy calls them, Lark
#: parses). Timed beside the commands, for information: hamdsl cannot start faster than this.
FLOOR_IMPORTS = "import argparse, dataclasses, importlib.metadata, pluggy, lark"

EXERCISES = [
    ("lying leg curl", "(feet neutral)"),
    ("seated leg curl", "(toes in)"),
    ("romanian deadlift", "(barbell)"),
    ("good morning", ""),
    ("45 degree back extension", "(DB held at chest)"),
    ("nordic hamstring curl", ""),
    ("single leg romanian deadlift", ""),
    ("back squat", "(heels elevated)"),
    ("leg press", ""),
    ("glute-ham raise", ""),
]


def routine(rng: random.Random, lines: int = 50) -> str:
    """A plausible routine of ``lines`` lines: metadata, sessions, groups, notes, comments."""
    out = ["program: Generated routine", "level: intermediate", "experience: 3 years", ""]
    day = 0
    while len(out) < lines:
        day += 1
        out.append(f"session Day {day}:")
        letter = "ABCDEF"
        for g in range(rng.randint(2, 4)):
            for i in range(rng.randint(1, 4)):
                name, mods = rng.choice(EXERCISES)
                sets = rng.choice(["3x8", "3-5x6-8", "4x6", "2-3x10-15", "3xfailure", "3x8-12 per leg"])
                tempo = rng.choice(["@3/0/1/0", "@4/0/X/0", "@2/1/1/0", ""])
                rest = rng.choice(["rest 10s", "rest 90s", "rest 2-3min", "rest 2min, 30s between sides"])
                out.append(f"  {letter[g]}{i + 1}: {name} {mods} {sets} {tempo} {rest}".replace("  ", " ", 1))
                if rng.random() < 0.15:
                    out.append("    note: keep the hips square")
            if rng.random() < 0.3:
                out.append("  # switch stations")
        out.append("")
    return "\n".join(out[:lines]) + "\n"


def run_quiet(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Run ``cmd`` to its end: wall time (s), CPU time of it and the children it waited for (s),
    its peak resident memory (MiB; Linux counts the waited-for children in it too), exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def in_turns(commands: dict[str, tuple[list[str], dict[str, str]]], rounds: int) -> dict[str, list[float]]:
    """Wall times of each command over ``rounds`` rounds, the commands taking turns in each round,
    so that a change of the machine's load affects all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (cmd, env) in commands.items():
            samples[name].append(run_quiet(cmd, env)[0])
    return samples


def machine(python: Path) -> dict[str, str]:
    """CPU model, cores, memory and the versions that matter, as measured."""
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    code = (
        "import platform; from importlib.metadata import version as v;"
        "print(platform.python_version(), *(v(p) for p in ('hamdsl', 'lark', 'pluggy', 'yamllint')))"
    )
    versions = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    py, hamdsl, lark, pluggy, yamllint = versions.stdout.split()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "status",
            "--porcelain",
            "--",
            "src",
            "plugins",
            "grammar",
            "pyproject.toml",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "date": time.strftime("%Y-%m-%d"),
        "cpu": f"{cpu}, {os.cpu_count()} cores, {memory}",
        "versions": f"Python {py}, hamdsl {hamdsl}, lark {lark}, pluggy {pluggy}, yamllint {yamllint}",
        "commit": commit + (" (the code measured has uncommitted changes)" if dirty else ""),
    }


def install(work: Path) -> Path:
    """A new virtual environment with the checkout and yamllint installed by pip (a regular,
    non-editable install: pip builds hamdsl's wheel and compiles every module's bytecode).
    Returns its ``bin`` folder."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_ = venv / "bin"
    subprocess.run(
        [str(bin_ / "python"), "-m", "pip", "install", "--quiet", "--compile", str(ROOT), "yamllint"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # The modules the cold start reads must all have bytecode, or the comparison is not fair.
    site = next((venv / "lib").glob("python*/site-packages"))
    missing = [
        str(py.relative_to(site))
        for package in ("hamdsl", "hamdsl_plugins", "lark", "pluggy", "yamllint", "yaml")
        for py in (site / package).rglob("*.py")
        if not any((py.parent / "__pycache__").glob(f"{py.stem}.*.pyc"))
    ]
    if missing:
        sys.exit(f"no bytecode for {missing}")
    return bin_


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000, help="files in the corpus (default 10,000)")
    parser.add_argument("--lines", type=int, default=50, help="lines per corpus file (default 50)")
    parser.add_argument("--runs", type=int, default=21, help="rounds of the cold-start comparison")
    parser.add_argument(
        "--first-runs", type=int, default=5, help="first runs (each with a new, empty cache folder)"
    )
    parser.add_argument(
        "--throughput-runs", type=int, default=3, help="rounds of the -j 1 / -j 2 runs, alternated"
    )
    parser.add_argument("--cached-runs", type=int, default=5, help="repetitions of the cached re-lint")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hamdsl-bench-"))
    try:
        print("installing the checkout and yamllint into a new virtual environment ...", flush=True)
        bin_ = install(work)
        hamdsl, yamllint, python = str(bin_ / "hamdsl"), str(bin_ / "yamllint"), str(bin_ / "python")
        base = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        base["NO_COLOR"] = "1"
        env = {**base, "HAMDSL_CACHE_DIR": str(work / "cache")}
        about = machine(bin_ / "python")

        rng = random.Random(20261207)
        single = work / "one.ham"
        single.write_text(routine(rng, 20))
        yaml = work / "one.yaml"
        yaml.write_text("key: value\n")
        corpus = work / "corpus"
        corpus.mkdir()
        total_lines = 0
        for i in range(args.files):
            text = routine(rng, args.lines)
            total_lines += text.count("\n")
            (corpus / f"r{i:05d}.ham").write_text(text)
        lint_one = [hamdsl, "lint", "--no-cache", str(single)]

        print(f"date: {about['date']}   commit: {about['commit']}")
        print(f"machine: {about['cpu']}")
        print(f"versions: {about['versions']}")
        print(f"corpus: {args.files} files, {total_lines} lines; cold start on a 20-line file\n")

        # The very first run of an installation builds Lark's analysed grammar and writes it to
        # the cache folder (Lark's cache= option). Timed on its own, each time with a new, empty
        # cache folder, taking turns with yamllint.
        first: list[float] = []
        first_yaml: list[float] = []
        for i in range(args.first_runs):
            fresh = {**base, "HAMDSL_CACHE_DIR": str(work / f"first-{i}")}
            wall, _, _, code = run_quiet(lint_one, fresh)
            if code not in (0, 1):
                sys.exit(f"hamdsl lint failed with exit code {code}: {' '.join(lint_one)}")
            first.append(wall)
            first_yaml.append(run_quiet([yamllint, str(yaml)], base)[0])

        # Every later run reads that grammar from the cache: one untimed run fills it, then the
        # commands take turns for --runs rounds. --no-cache: the file is linted every time (the
        # option concerns lint results; the grammar cache is used either way).
        run_quiet(lint_one, env)
        commands = {
            "pass": ([python, "-c", "pass"], base),
            "floor": ([python, "-c", FLOOR_IMPORTS], base),
            "yamllint": ([yamllint, str(yaml)], base),
            "hamdsl": (lint_one, env),
        }
        rounds = in_turns(commands, args.runs)
        cold = {name: statistics.median(values) for name, values in rounds.items()}
        ratio = cold["hamdsl"] / cold["yamllint"]
        by_round = statistics.median(h / y for h, y in zip(rounds["hamdsl"], rounds["yamllint"], strict=True))
        first_ratio = statistics.median(first) / statistics.median(first_yaml)
        first_ms = statistics.median(first) * 1000
        ms = {name: f"{value * 1000:.0f} ms" for name, value in cold.items()}
        print(f"cold start: median of {args.runs} rounds, the commands taking turns; grammar cache warm")
        print(f"  python -c pass                 {ms['pass']:>7}")
        floor_ratio = cold["floor"] / cold["yamllint"]
        print(f"  floor: {FLOOR_IMPORTS!r}  {ms['floor']:>7}   ({floor_ratio:.3f} x yamllint)")
        print(f"  yamllint, one-line file        {ms['yamllint']:>7}")
        print(f"  hamdsl lint, 20-line file      {ms['hamdsl']:>7}")
        print(f"  ratio hamdsl / yamllint        {ratio:7.3f}   (target <= {COLD_RATIO_TARGET})")
        print(f"  ... median of the rounds' ratios {by_round:5.3f}")
        print(
            f"  first run (builds the grammar cache): {first_ms:.0f} ms,"
            f" {first_ratio:.3f} x yamllint (median of {args.first_runs}, each with an empty cache folder)"
        )

        # Throughput: parse + interpret + every built-in rule, no result cache; -j 1 is the
        # target, -j 2 is shown for information. Alternated, so drifting load hits both alike.
        def lint_corpus(*options: str) -> list[str]:
            return [hamdsl, "lint", "--exit-zero", "--format", "concise", *options, str(corpus)]

        try:
            load = f"{os.getloadavg()[0]:.2f}"
        except OSError:
            load = "unknown"
        print(f"\nthroughput: --no-cache, median of {args.throughput_runs} (load average before: {load})")
        j1: list[tuple[float, float, float, int]] = []
        j2: list[tuple[float, float, float, int]] = []
        for _ in range(args.throughput_runs):
            j1.append(run_quiet(lint_corpus("--no-cache", "-j", "1"), env))
            j2.append(run_quiet(lint_corpus("--no-cache", "-j", "2"), env))
        t1, cpu1, rss1 = (statistics.median(r[i] for r in j1) for i in range(3))
        t2, cpu2 = (statistics.median(r[i] for r in j2) for i in range(2))
        speed1, speed2 = total_lines / t1, total_lines / t2
        print(f"  -j 1  {t1:6.2f} s  {speed1:8.0f} lines/s  cpu {cpu1:6.2f} s   (target >= 15000)")
        print(f"  -j 2  {t2:6.2f} s  {speed2:8.0f} lines/s  cpu {cpu2:6.2f} s   ({t1 / t2:.2f} x -j 1)")

        # Cached re-lint: one run (default -j) fills the result cache, then the same command
        # re-lints the unchanged corpus.
        run_quiet(lint_corpus(), env)
        cached_runs = [run_quiet(lint_corpus(), env) for _ in range(args.cached_runs)]
        cached, cached_cpu, cached_rss = (statistics.median(r[i] for r in cached_runs) for i in range(3))
        print(
            f"\ncached re-lint of {args.files} unchanged files  {cached:5.2f} s  cpu {cached_cpu:.2f} s"
            f"  (target <= {CACHED_SECONDS_TARGET} s; median of {args.cached_runs})"
        )
        print(f"peak memory, -j 1 --no-cache over the corpus   {rss1:5.1f} MiB (target <= 80)")
        print(f"peak memory, cached re-lint                   {cached_rss:5.1f} MiB")

        def met(ok: bool) -> str:
            return "**yes**" if ok else "**no**"

        peak = max(rss1, cached_rss)
        print("\nsummary (measurement | this run | target | met?)")
        rows = [
            ("`python -c pass`", ms["pass"], "–", "–"),
            ("floor: `" + FLOOR_IMPORTS + "`", ms["floor"], "–", "–"),
            ("`yamllint`, one-line file", ms["yamllint"], "–", "–"),
            ("`hamdsl lint`, 20-line file, grammar cache warm", ms["hamdsl"], "–", "–"),
            (
                "cold start ratio to yamllint",
                f"**{ratio:.3f} ×**",
                "≤ 1.0 ×",
                met(ratio <= COLD_RATIO_TARGET),
            ),
            ("… median of the per-round ratios", f"{by_round:.3f} ×", "", ""),
            ("… floor ratio to yamllint", f"{floor_ratio:.3f} ×", "", ""),
            ("first run, building the grammar cache", f"{first_ms:.0f} ms ({first_ratio:.2f} ×)", "–", "–"),
            (
                "throughput `-j 1` (lines/s)",
                f"**{speed1:,.0f}**",
                "≥ 15,000",
                met(speed1 >= LINES_PER_SECOND_TARGET),
            ),
            ("… per second of CPU time (the process's own)", f"{total_lines / cpu1:,.0f}", "", ""),
            ("throughput `-j 2` (lines/s)", f"{speed2:,.0f} ({t1 / t2:.2f} ×)", "–", "–"),
            (
                f"cached re-lint of {args.files:,} files",
                f"**{cached:.2f} s**",
                "≤ 1 s",
                met(cached <= CACHED_SECONDS_TARGET),
            ),
            (
                f"peak memory, {args.files:,} files (`-j 1`; cached)",
                f"**{rss1:.1f}**; {cached_rss:.1f} MiB",
                "≤ 80 MiB",
                met(peak <= PEAK_MIB_TARGET),
            ),
        ]
        for row in rows:
            print("| " + " | ".join(row) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
