"""``hamdsl summary`` through the real command line, in both formats, on every example."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.ham"))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "HAMDSL_DISABLE_PLUGINS")}
    return subprocess.run([sys.executable, "-m", "hamdsl", "summary", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, check=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_text(path: Path) -> None:
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Week" in result.stdout and "hamstring hard sets" in result.stdout
    assert "\x1b[" not in result.stdout  # plain text when not a terminal


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_json(path: Path) -> None:
    result = run(str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"file", "program", "sessions", "warmups", "week", "landmarks", "assumptions",
                         "unresolved"}
    assert data["landmarks"] == {"mv": 4, "mev": 6, "mav": {"low": 10, "high": 16}, "mrv": 20}
    for session in data["sessions"]:
        assert set(session["hard_sets"]) == {"knee-flexion", "hip-extension", "knee-extension", "other"}


def test_json_figures_of_001_option_2() -> None:
    data = json.loads(run(str(ROOT / "examples/001-option-2.ham"), "--format", "json").stdout)
    assert data["week"]["hamstring_hard_sets"] == {"low": 11, "high": 12}
    assert data["week"]["frequency"] == 2
    assert data["week"]["volume_zone"] == {"low": "mav", "high": "mav"}
    assert [s["hamstring_hard_sets"] for s in data["sessions"]] == [{"low": 6, "high": 6},
                                                                    {"low": 5, "high": 6}]


def test_text_shows_sets_and_duration() -> None:
    out = run(str(ROOT / "examples/000-routine-1.ham")).stdout
    assert "knee-flexion 3-5, hip-extension 9-15" in out
    assert "A giant-set x3-5" in out
    assert "estimated duration: 20-41 min" in out  # rounded outwards, as the exports do
    assert "hamstring hard sets: 12-20" in out


def test_unknown_exercise_warns_and_still_prints(tmp_path: Path) -> None:
    routine = tmp_path / "typo.ham"
    routine.write_text("session Monday:\nlying leg curll 3x8\nromanian deadlift 3x8\n", encoding="utf-8")
    for fmt in ("text", "json"):
        result = run(str(routine), "--format", fmt)
        assert result.returncode == 0
        assert f"{routine}:2:1: warning: unknown exercise 'lying leg curll'; did you mean 'lying leg curl'" \
            in result.stderr
        assert "hip-extension" in result.stdout


def test_config_override(tmp_path: Path) -> None:
    config = tmp_path / "hamdsl.toml"
    config.write_text("[volume]\nmrv = 18\n[interpreter]\ntransition-seconds = [0, 0]\n", encoding="utf-8")
    data = json.loads(run(str(ROOT / "examples/000-routine-3.ham"), "--format", "json",
                          "--config", str(config)).stdout)
    assert data["landmarks"]["mrv"] == 18
    assert data["assumptions"]["transition-seconds"] == [0.0, 0.0]
    assert data["week"]["volume_zone"]["high"] == "above-mrv"


def test_bad_config_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "hamdsl.toml"
    config.write_text("[interpreter]\nx-phase = 1\n", encoding="utf-8")
    result = run(str(ROOT / "examples/000-routine-3.ham"), "--config", str(config))
    assert result.returncode == 2 and "x-phase" in result.stderr


def test_missing_file() -> None:
    assert run("no-such-file.ham").returncode == 2


def test_syntax_error_exits_1(tmp_path: Path) -> None:
    routine = tmp_path / "bad.ham"
    routine.write_text("session S:\nlying leg curl 3 8 (\n", encoding="utf-8")
    assert run(str(routine)).returncode == 1


def test_rich_output_when_forced() -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "hamdsl", "summary", str(ROOT / "examples/000-routine-1.ham")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert result.returncode == 0
    assert "Hard sets per session" in result.stdout and "\x1b[" in result.stdout


WENDLER = ROOT / "examples/programs/wendler-531.ham"


def test_a_block_lines_up_each_lift_across_weeks_written_out_in_full() -> None:
    """5/3/1 writes each week out, so each week's squat is on another line: the loads still line
    up by session, exercise and set group."""
    result = run(str(WENDLER))
    assert result.returncode == 0, result.stderr
    assert (
        "  back squat (Monday), set group 3: 1: 1x5+ 115kg; 2: 1x3+ 122.5kg; 3: 1x1+ 127.5kg; 4: 1x5 80kg\n"
        in result.stdout
    )
    assert result.stdout.count("back squat (Monday)") == 3


def test_a_block_in_a_terminal_gets_week_tables() -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "hamdsl", "summary", str(WENDLER)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert result.returncode == 0, result.stderr
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "Week by week (4 weeks; showing week 1 above)" in plain
    assert re.search(r"┃ week +┃ ham ┃ knee flex ┃ hip ext ┃", plain)
    assert re.search(r"│ back squat \(Monday\), set group 3 +│ 1x5\+ 115kg +│ 1x3\+ 122.5kg +│", plain)
    assert plain.count("Week by week") == 1  # the plain-text table is not printed as well
