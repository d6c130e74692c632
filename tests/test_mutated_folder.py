"""A folder of randomly damaged routines, linted as CI would: ``hamdsl lint --format json DIR``.

The examples are mutated (bytes deleted, inserted and flipped, truncation, NULs, invalid UTF-8,
some files wholly binary) with a fixed seed. The run must exit 0 or 1, never 2 nor with a
traceback, and every file that is not UTF-8 text must appear in the JSON with its E003 finding,
at the line and column of its first offending byte."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.conftest import EXAMPLES, run_hamdsl

SOURCES = [path.read_bytes() for path in sorted(EXAMPLES.glob("*.ham"))]
#: Bytes that are never valid UTF-8, and sequences cut short.
INVALID = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xe2\x80", b"\xed\xa0\x80", b"\x80", b"\xf8\x88\x80\x80\x80"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One damaged copy of ``data``: a few random edits, or a wholly binary file."""
    if rng.random() < 0.05:
        return rng.randbytes(rng.randrange(1, 4096))
    out = bytearray(data)
    for _ in range(rng.randrange(1, 8)):
        where = rng.randrange(len(out) + 1)
        edit = rng.randrange(7)
        if edit == 0 and out:  # delete a few bytes
            del out[where : where + rng.randrange(1, 6)]
        elif edit == 1:  # insert printable text
            out[where:where] = rng.choice([b"x", b" 3x8", b"\n", b"session:", b"A1:", b"@", b"#", b"rest"])
        elif edit == 2 and out:  # flip a bit
            index = min(where, len(out) - 1)
            out[index] ^= 1 << rng.randrange(8)
        elif edit == 3:  # truncate
            del out[where:]
        elif edit == 4:  # a NUL
            out[where:where] = b"\x00"
        elif edit == 5:  # invalid UTF-8
            out[where:where] = rng.choice(INVALID)
        else:  # a valid non-ASCII character, which must stay fine
            out[where:where] = rng.choice(["é", "\u202e", "\u00a0", "💪"]).encode("utf-8")
    return bytes(out)


def first_bad_byte(data: bytes) -> tuple[int, int] | None:
    """Where E003 must point: the first NUL, else the first byte that is not UTF-8 (line, column
    in characters); ``None`` for UTF-8 text without NULs."""
    offset = data.find(b"\x00")
    if offset < 0:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start
        else:
            return None
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


def check_mutated_folder(tmp_path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    folder = tmp_path / "mutated"
    folder.mkdir()
    expected: dict[str, tuple[int, int]] = {}
    for i in range(count):
        data = mutate(rng, rng.choice(SOURCES))
        path = folder / f"r{i:04}.ham"
        path.write_bytes(data)
        where = first_bad_byte(data)
        if where is not None:
            expected[str(path)] = where
    assert len(expected) > count // 10  # the mutations do produce files that are not text

    result = run_hamdsl("lint", "--no-cache", "-j", "2", "--format", "json", str(folder), timeout=600)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert result.stderr == ""  # no file was unreadable, none crashed a rule
    findings = json.loads(result.stdout)
    undecodable = {d["filename"]: d for d in findings if d["code"] == "E003"}
    assert set(undecodable) == set(expected)
    for filename, (line, column) in expected.items():
        assert undecodable[filename]["location"] == {"row": line, "column": column}, filename
    # A file holding only E003 has nothing else: its text was never parsed.
    assert not [d for d in findings if d["filename"] in expected and d["code"] != "E003"]
    assert {d["code"] for d in findings} - {"E003"}  # the other files were linted


def test_a_folder_of_2000_mutated_routines(tmp_path: Path) -> None:
    """About 3 s on two cores, so it always runs (no ``slow`` mark needed)."""
    check_mutated_folder(tmp_path, 2000, seed=20240611)
