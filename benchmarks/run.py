"""hamdsl benchmarks: cold start, throughput, parallel speed-up, cache and peak memory.

Run by hand, never in the test suite:

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python benchmarks/run.py            # full run: 10,000 generated files
    .venv/bin/python benchmarks/run.py --files 500 # a quick look

Everything is measured in one run on one machine and reported as medians and ratios, because the
machine is shared and noisy: compare the ratios, not the absolute times. The results table in
benchmarks/README.md is pasted from this script's output.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HAMDSL = str(BIN / "hamdsl")
YAMLLINT = shutil.which("yamllint", path=str(BIN)) or shutil.which("yamllint")

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
    """A plausible routine of about ``lines`` lines: metadata, sessions, groups, notes, comments."""
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


def yaml_file(lines: int = 50) -> str:
    body = ["---", "sessions:"]
    while len(body) < lines:
        body += ["  - name: day", "    exercises:", "      - lying leg curl", "      - romanian deadlift"]
    return "\n".join(body[:lines]) + "\n"


def timed(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of ``runs`` runs, in seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


Command = tuple[list[str], dict[str, str] | None]


def timed_together(commands: dict[str, Command], runs: int) -> dict[str, list[float]]:
    """Wall times of each command over ``runs`` rounds, the commands taking turns within each
    round, so that a change in the machine's load affects all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
            samples[name].append(time.perf_counter() - start)
    return samples


#: What any start of ``hamdsl lint`` imports because the design fixes it: pluggy for the plugins,
#: dataclasses for the syntax tree and the model. Timed on its own, it is the floor under
#: hamdsl's cold start.
FLOOR_IMPORTS = "import dataclasses, pluggy"


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the process and the workers it waited for) of one
    run, in seconds."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "unknown"


def peak_child_rss_mib(cmd: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of a child process (and its own children), in MiB."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000, help="files in the generated corpus")
    parser.add_argument("--runs", type=int, default=15, help="repetitions of each cold-start measurement")
    parser.add_argument(
        "--throughput-runs",
        type=int,
        default=1,
        help="repetitions of the -j 1 / -j 2 runs, alternated; medians are shown (default 1)",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hamdsl-bench-"))
    env = {**os.environ, "HAMDSL_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
    try:
        rng = random.Random(20261122)
        single = work / "one.ham"
        single.write_text((ROOT / "examples" / "000-routine-1.ham").read_text())
        yaml = work / "one.yaml"
        yaml.write_text(yaml_file())
        # Two halves in two sub-folders: linting `corpus` lints both, and two `-j 1` runs, one
        # per half, at once show what two cores of this machine give at best (below).
        corpus = work / "corpus"
        halves = (corpus / "a", corpus / "b")
        for half in halves:
            half.mkdir(parents=True)
        total_lines = 0
        for i in range(args.files):
            text = routine(rng)
            total_lines += text.count("\n")
            (halves[i * 2 // args.files] / f"r{i:05d}.ham").write_text(text)

        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"corpus: {args.files} files, {total_lines} lines\n")

        # Warm the grammar cache once, as any second run of a user would have it.
        subprocess.run([HAMDSL, "lint", str(single)], env=env, capture_output=True, check=False)
        # An installed hamdsl has bytecode (pip compiles a wheel's modules, as it did yamllint's);
        # an editable install in an environment with PYTHONDONTWRITEBYTECODE has none and compiles
        # every module on every run. Measure both, and compare the installed case with yamllint.
        # The case without is a copy of the sources without __pycache__, first on the import path
        # (a checkout that was ever compiled would otherwise be read from its .pyc files).
        bare = work / "no-bytecode"
        for part in ("src", "plugins"):
            shutil.copytree(ROOT / part, bare / part, ignore=shutil.ignore_patterns("__pycache__"))
        bare_env = {
            **env,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPATH": os.pathsep.join([str(bare / "src"), str(bare / "plugins")]),
        }
        time.sleep(4)  # a folder on the import path changed this recently is not trusted (below)
        bare_command = [HAMDSL, "lint", "--no-cache", str(single)]
        subprocess.run(bare_command, env=bare_env, capture_output=True, check=False)
        bare_t = timed(bare_command, args.runs, bare_env)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        compiled = [sys.executable, "-m", "compileall", "-q", str(ROOT / "src"), str(ROOT / "plugins")]
        subprocess.run(compiled, env=env, stdout=subprocess.DEVNULL, check=False)
        # Warm the grammar cache as any second run of a user would have it.
        subprocess.run([HAMDSL, "lint", "--no-cache", str(single)], env=env, capture_output=True, check=False)
        commands: dict[str, Command] = {
            "pass": ([sys.executable, "-c", "pass"], None),
            "floor": ([sys.executable, "-c", FLOOR_IMPORTS], None),
            "hamdsl": ([HAMDSL, "lint", "--no-cache", str(single)], env),
        }
        if YAMLLINT:
            commands["yamllint"] = ([YAMLLINT, str(yaml)], None)
        rounds = timed_together(commands, args.runs)
        cold = {name: statistics.median(values) for name, values in rounds.items()}
        print("cold start (median of", args.runs, "rounds; the commands take turns in each round)")
        print(f"  python -c pass            {cold['pass'] * 1000:7.0f} ms")
        print(f"  imports fixed by design   {cold['floor'] * 1000:7.0f} ms   (python -c '{FLOOR_IMPORTS}')")
        print(f"  hamdsl lint, no bytecode  {bare_t * 1000:7.0f} ms   (editable, no .pyc; timed apart)")
        print(f"  hamdsl lint (1 file)      {cold['hamdsl'] * 1000:7.0f} ms")
        if YAMLLINT:
            yaml_t = cold["yamllint"]
            print(f"  yamllint (50-line file)   {yaml_t * 1000:7.0f} ms")
            # Three decimals: a ratio printed as 0.60 may be just over the target.
            ratio = cold["hamdsl"] / yaml_t
            print(f"  ratio hamdsl / yamllint   {ratio:7.3f}   (target <= 0.6; ratio of the medians)")
            # The same, round by round: each round's two runs are seconds apart, so a change of
            # the host's load between rounds cancels out. Shown beside it, not instead of it.
            pairs = zip(rounds["hamdsl"], rounds["yamllint"], strict=True)
            by_round = statistics.median(h / y for h, y in pairs)
            print(f"  ... median of the rounds' {by_round:7.3f}")
            print(f"  ratio floor / yamllint    {cold['floor'] / yaml_t:7.3f}   (the fixed imports alone)")
        else:
            print("  yamllint not installed: pip install -e '.[bench]'")

        def throughput(jobs: int) -> tuple[float, float]:
            command = [HAMDSL, "lint", "--no-cache", "--exit-zero", "--format", "concise", "-j", str(jobs)]
            return measured([*command, str(corpus)], env)

        def halves_at_once() -> float:
            """Wall time of two `-j 1` runs, one per half, started together: two processes
            that share nothing, the most two cores of this machine give at that moment."""
            command = [HAMDSL, "lint", "--no-cache", "--exit-zero", "--format", "concise", "-j", "1"]
            start = time.perf_counter()
            runs = [subprocess.Popen([*command, str(h)], stdout=subprocess.DEVNULL, env=env) for h in halves]
            for run in runs:
                run.wait()
            return time.perf_counter() - start

        # The -j ratio is only meaningful when nothing else runs on the machine: with one core
        # busy elsewhere, two workers share one core. The load average and the CPU time of each
        # run (the process and its workers) show whether that was the case: with two free cores,
        # -j 2 takes about (its CPU time) / 2.
        print(f"\nthroughput: parse + interpret + lint, --no-cache   (load average before: {_load()})")
        runs1: list[tuple[float, float]] = []
        runs2: list[tuple[float, float]] = []
        paired: list[float] = []
        for _ in range(args.throughput_runs):  # alternated, so drifting load hits all alike
            runs1.append(throughput(1))
            runs2.append(throughput(2))
            paired.append(halves_at_once())
        t1, cpu1 = (statistics.median(v) for v in zip(*runs1, strict=True))
        t2, cpu2 = (statistics.median(v) for v in zip(*runs2, strict=True))
        tp = statistics.median(paired)
        print(
            f"  -j 1   {t1:7.2f} s  {total_lines / t1:9.0f} lines/s   cpu {cpu1:6.2f} s"
            "   (target >= 30000 per core)"
        )
        print(
            f"  -j 2   {t2:7.2f} s  {total_lines / t2:9.0f} lines/s   cpu {cpu2:6.2f} s"
            f"   speed-up {t1 / t2:.2f}x (target >= 1.7x; {2 * cpu1 / cpu2:.2f}x on two free cores)"
        )
        print(
            f"  two -j 1 runs on the halves at once {tp:6.2f} s: {t1 / tp:.2f}x, the machine's best;"
            f" -j 2 reaches {tp / t2:.0%} of it"
        )

        lint_corpus = [HAMDSL, "lint", "--exit-zero", "--format", "concise", str(corpus)]
        subprocess.run(lint_corpus, stdout=subprocess.DEVNULL, env=env, check=False)  # fill the cache
        cached_runs = [measured(lint_corpus, env) for _ in range(min(args.runs, 5))]
        cached, cached_cpu = (statistics.median(v) for v in zip(*cached_runs, strict=True))
        print(
            f"\ncache: re-lint of {args.files} unchanged files  {cached:6.2f} s   (target <= 1 s;"
            f" cpu {cached_cpu:.2f} s, median of {len(cached_runs)})"
        )

        rss = peak_child_rss_mib([HAMDSL, "lint", "--no-cache", "--exit-zero", "-j", "1", str(corpus)], env)
        print(f"peak memory, -j 1 over the corpus             {rss:6.1f} MiB (target <= 80 MiB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
