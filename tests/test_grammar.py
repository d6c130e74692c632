"""The grammar is the one definition of the syntax: it builds cleanly, it is fine-grained, every rule
has a transformer method, and text generated from the grammar itself survives parse → fmt → parse.
"""

from __future__ import annotations

import functools
import os
import subprocess
import time
from pathlib import Path

import lark
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from hamdsl.core.serialize import to_data
from hamdsl.language.formatter import format_text
from hamdsl.language.parser import Parser, grammar_text, parse
from hamdsl.language.transformer import AstBuilder
from tests.conftest import ROOT

#: "No terminal pattern is longer than 80 characters" (issue 22): a longer one is a parser hiding
#: in the lexer.
MAX_TERMINAL = 80


def _lark(**options: object) -> lark.Lark:
    return lark.Lark(grammar_text(), parser="lalr", lexer="contextual", start="line", **options)


@functools.cache
def _generator() -> lark.Lark:
    """The grammar as Hypothesis reads it (its rules; Hypothesis ignores the lexer)."""
    return _lark()


def test_grammar_builds_conflict_free_in_strict_mode() -> None:
    """Strict mode turns shift/reduce conflicts and same-priority terminal collisions into errors."""
    pytest.importorskip("interegular", reason="lark's strict mode needs lark[interegular]")
    assert _lark(strict=True).parse("A1: lying leg curl 3x8") is not None


def test_every_rule_has_a_transformer_method_or_is_inlined() -> None:
    rules = {str(rule.alias or rule.origin.name) for rule in _lark().rules}
    named = {r for r in rules if not r.startswith("_")}
    missing = sorted(r for r in named if not callable(getattr(AstBuilder, r, None)))
    assert missing == []
    # Lark calls a method named after an inlined rule too, with that rule's children: a helper
    # method must not take such a name by accident.
    clashes = sorted(r for r in rules - named if hasattr(AstBuilder, r))
    assert clashes == []
    assert {"line", "entry", "scheme", "tempo", "rest", "methods", "session"} <= named


def test_terminals_are_small() -> None:
    long = {
        t.name: t.pattern.to_regexp() for t in _lark().terminals if len(t.pattern.to_regexp()) > MAX_TERMINAL
    }
    assert long == {}


def test_the_grammar_file_is_the_only_one() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "*.lark"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:  # not a git checkout (an sdist): look at the files instead
        tracked = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.lark") if ".venv" not in p.parts]
    assert [p for p in tracked if not p.startswith("tests/")] == ["grammar/hamdsl.lark"]


def test_lark_s_grammar_cache_of_another_grammar_goes_once_unused_for_a_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edit of the grammar (each release) leaves a Lark cache file; building Lark sweeps
    those nothing has written for a month, and nothing else."""
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path))
    month_old = time.time() - 31 * 86400
    names = [
        "grammar-0123456789abcdef.lark-cache",
        "grammar-fedcba9876543210.lark-cache",
        "grammar-notes.txt",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (month_old, month_old))
    os.utime(tmp_path / names[1], None)  # another grammar's, still in use
    Parser().lark  # noqa: B018 (built for its side effects)
    left = sorted(path.name for path in tmp_path.glob("grammar-*"))
    ours = [name for name in left if name not in names]
    assert len(ours) == 1 and ours[0].endswith(".lark-cache")
    assert left == sorted([*ours, names[1], names[2]])


def test_a_cached_grammar_parses_as_a_fresh_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAMDSL_CACHE_DIR", str(tmp_path))
    text = (ROOT / "examples" / "000-routine-1.ham").read_text(encoding="utf-8")
    first = Parser().parse(text)  # writes Lark's cache
    assert list(tmp_path.glob("grammar-*.lark-cache"))
    assert Parser().parse(text) == first == Parser(use_cache=False).parse(text)


# ------------------------------------------------------------------ routines from the grammar itself
def _spaced(*words: str) -> st.SearchStrategy[str]:
    """A terminal drawn from realistic spellings, with the blank that separates it from the next."""
    return st.sampled_from(words).map(lambda word: f"{word} ")


#: Terminals whose regular expressions would let Hypothesis draw any text: these give realistic
#: values instead (every one still matches its terminal). Every token is followed by a blank, as a
#: person writes; the parser's tests of odd spacing are in tests/test_syntax_errors.py.
EXPLICIT = {
    "BLANK": st.sampled_from([" ", "  ", "\t"]),
    "WORD": _spaced("leg", "curl", "romanian", "deadlift", "good", "morning", "Nordic", "45", "t-bar"),
    "NUMBER": _spaced("1", "2", "3", "8", "10", "12", "90"),
    "COUNT": _spaced("1", "3", "4", "5"),
    "MOD_WORD": _spaced("toes", "in", "feet", "neutral", "barbell"),
    "TEXT": _spaced("Hamstring block #1", "slow on the way down", "000_4ffba709e68b8adb.txt"),
    "HEADER_WORD": _spaced("Monday", "Day", "1", "on", "Thu", "heavy"),
    "COMMENT": st.sampled_from(["# a comment", "# noqa: HAM001", "#"]),
    "LABEL": _spaced("A:", "B)", "A1:", "c2:"),
    "LOOSE_LABEL": _spaced("A1", "B2", "c3"),
    # keywords and punctuation, each a separate word as a person writes them
    **{
        name: _spaced(*spellings)
        for name, spellings in {
            "META_KEY": ("program", "goal", "level"),
            "EXPERIENCE_KEY": ("experience",),
            "SESSION_KW": ("session", "Session"),
            "WARMUP_KW": ("warmup", "warm-up"),
            "NOTE_KW": ("note",),
            "COLON": (":",),
            "COMMA": (",",),
            "LPAR": ("(",),
            "RPAR": (")",),
            "AT": ("@",),
            "LONE_AT": ("@",),
            "TIMES": ("x", "X"),
            "SETS": ("sets", "set"),
            "ROUNDS": ("rounds", "round"),
            "OF": ("of",),
            "REPS": ("reps",),
            "RIR": ("rir",),
            "FAILURE": ("failure",),
            "AMRAP": ("amrap",),
            "PER": ("per",),
            "EACH": ("each",),
            "SIDE": ("leg", "sides"),
            "TO": ("to",),
            "DASH": ("-", "–"),
            "SLASH": ("/",),
            "EXPLOSIVE": ("X",),
            "TEMPO_WORD": ("tempo",),
            "REST": ("rest", "REST"),
            "FOR": ("for",),
            "BETWEEN": ("between",),
            "SECONDS": ("s", "sec", "seconds"),
            "MINUTES": ("min", "minutes"),
            "WITH": ("with",),
            "PERCENT": ("%",),
            "OR": ("or",),
            "HEADER_SEP": (",", "/", "&"),
            "WEEK_KW": ("week", "weeks"),
            "DELOAD_WORD": ("deload",),
            "UNITS_KEY": ("units",),
            "START_KEY": ("start",),
            "WEEKS_KEY": ("weeks",),
            "ONE_RM_KEY": ("1rm",),
            "TM_KEY": ("tm",),
            "ROUND_KEY": ("round",),
            "RATIO_KEY": ("ratio",),
            "DELOAD_KEY": ("deload",),
            "PROGRESS_KEY": ("progress",),
            "DATE": ("2027-01-04", "2026-12-07"),
            "MASS": ("20", "2.5", "140"),
            "KG": ("kg",),
            "LB": ("lb", "lbs"),
            "TM": ("tm",),
            "BW": ("bw",),
            "RPE": ("rpe",),
            "PLUS": ("+",),
            "MINUS": ("-",),
            "THEN": ("then",),
            "WEEK_WORD": ("week",),
            "WHEN": ("when",),
            "DOUBLE": ("double",),
            "NONE": ("none",),
            "AT_WORD": ("at",),
            "THE": ("the",),
            "AND": ("and",),
            "PLACE": ("bottom", "top"),
            "HALF": ("half",),
            "SAME": ("same",),
            "LOAD": ("load",),
            "FULL_STOP": (".",),
        }.items()
    },
    "COMPACT_TEMPO": _spaced("3110", "40X0"),
    "QUOTED": _spaced('"as slow as possible"'),
    "OPEN_QUOTE": _spaced('"slow'),
}


def _from(rule: str, **words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text of one grammar rule; ``explicit`` may name only the terminals that rule can reach.
    ``words`` replaces spellings of :data:`EXPLICIT` for this rule (a method's words)."""
    grammar = _generator()
    terminals, rules, _ = grammar.grammar.compile([rule], ())
    used = {t.name for t in terminals} | {s.name for r in rules for s in r.expansion if s.is_term}
    explicit = {**EXPLICIT, **words}
    return from_lark(grammar, start=rule, explicit={k: v for k, v in explicit.items() if k in used})


def _clause(
    rule: str, template: str, *, optional: bool = True, **words: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    """Text of ``rule`` that reads cleanly where ``template`` puts it (``{}``)."""
    drawn = _from(rule, **words).filter(lambda text: parse(template.format(text)).ok)
    return st.one_of(st.just(""), drawn) if optional else drawn


#: An exercise line put together from clauses the grammar generates, each drawn from its own rule
#: and kept when it reads cleanly in its place (a clause can still be wrong for a check the grammar
#: leaves to the transformer: a range written backwards, a tempo of three phases, a rest without a
#: unit).
ENTRIES = st.builds(
    lambda *parts: " ".join(part for part in parts if part),
    st.one_of(st.just(""), _from("label")),
    _clause("name", "{} 3x8", optional=False),
    _clause("modifiers", "leg curl {} 3x8"),
    _clause("scheme", "leg curl {}", optional=False),
    _clause("load", "leg curl 3x8 {}"),
    _clause("then", "leg curl 3x8 100kg {}"),
    _clause("tempo", "leg curl 3x8 {}"),
    _clause("rest", "leg curl 3x8 {}", WORD=_spaced("sides", "legs", "sets")),
    _clause("methods", "leg curl 3x8 {}", WORD=_spaced("dropset", "pause", "rest-pause", "pre-exhaust")),
)


#: A routine: lines of any kind the grammar makes (comments, metadata, notes, headers, exercises),
#: then a session of the exercises above, each perhaps with a progress line, perhaps under a week.
ROUTINES = st.builds(
    lambda head, week, body: "\n".join([*head, *week, "session Monday:", *body]) + "\n",
    st.lists(_from("line"), max_size=4),
    st.lists(_clause("week", "{}\nleg curl 3x8", optional=False), max_size=1),
    st.lists(
        st.builds(
            lambda entry, progress: f"{entry}\n{progress}" if progress else entry,
            ENTRIES,
            _clause("progress", "leg curl 3x8\n{}"),
        ),
        min_size=1,
        max_size=6,
    ),
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
@given(ROUTINES)
def test_generated_routines_survive_parse_fmt_parse(text: str) -> None:
    """Any routine the grammar generates either has a problem the parser reports, or formats to a
    text that parses to the same program (apart from positions), and formats again to itself."""
    parsed = parse(text)
    if parsed.problems:
        return  # valid by the grammar, rejected by a check the grammar cannot make (a range backwards)
    result = format_text(text)
    assert result.text is not None, result.problems
    again = parse(result.text)
    assert again.problems == ()
    assert to_data(again.program, spans=False) == to_data(parsed.program, spans=False)
    assert format_text(result.text).text == result.text
