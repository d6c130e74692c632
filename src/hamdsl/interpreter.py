"""From syntax tree to meaning: resolve exercise names and build the :class:`~hamdsl.model.Model`.

Two parts:

* :class:`Catalog` holds the exercises the plugins contributed (the built-in catalog plugin and any
  other) and resolves what a coach wrote to one of them. Matching forgives case, spacing, hyphens,
  plurals and the usual abbreviations (DB, BB, KB, SL, RDL, SLDL, GHR, ...); as a fallback it drops
  equipment and style words ("barbell", "weighted", ...). A name it still cannot place is returned
  with "did you mean" suggestions; it never raises.
* :func:`interpret` turns a parsed :class:`~hamdsl.nodes.Program` into the frozen model: groups,
  hard sets per function and muscle, time under tension and duration estimates, week totals.

Every figure the routine does not state comes from :class:`~hamdsl.model.Assumptions`, whose
fields are declared here as options of section ``interpreter`` (:data:`INTERPRETER_OPTIONS`), so
``[tool.hamdsl.interpreter]`` can change any of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hamdsl.api import FUNCTIONS, KNEE_EXTENSION, KNEE_FLEXION, MUSCLES, ExerciseSpec, Option
from hamdsl.model import (
    GIANT_SET_MIN_EXERCISES,
    VOLUME_OPTIONS,
    VOLUME_SECTION,
    ZERO,
    Assumptions,
    ExerciseModel,
    FootPosition,
    GroupKind,
    GroupModel,
    Model,
    Modifiers,
    Resolution,
    Seconds,
    SessionModel,
    Tally,
    UnresolvedName,
    VolumeLandmarks,
    WarmUpModel,
    WeekModel,
    add_ranges,
    add_seconds,
)
from hamdsl.nodes import Range

if TYPE_CHECKING:
    from hamdsl.nodes import Exercise, ExerciseName, Program, Tempo
    from hamdsl.plugins import Contribution
    from hamdsl.settings import Settings

__all__ = [
    "INTERPRETER_OPTIONS",
    "INTERPRETER_SECTION",
    "VOLUME_OPTIONS",
    "Catalog",
    "assumptions_from_settings",
    "interpret",
    "landmarks_from_settings",
    "normalise",
]

INTERPRETER_SECTION = "interpreter"

_DEFAULTS = Assumptions()

#: The interpreter's assumptions as options of ``[tool.hamdsl.interpreter]``. Each default is the
#: constant of the same name in :mod:`hamdsl.model`, where the reason for its value is written.
INTERPRETER_OPTIONS: tuple[Option, ...] = (
    Option(INTERPRETER_SECTION, "x-phase-seconds", "float", _DEFAULTS.x_phase_seconds,
           "Seconds counted for an explosive (X) tempo phase."),
    Option(INTERPRETER_SECTION, "rep-seconds-without-tempo", "range", _DEFAULTS.rep_seconds_without_tempo,
           "Seconds per rep, [low, high], when no tempo is written."),
    Option(INTERPRETER_SECTION, "rep-seconds-described-tempo", "range",
           _DEFAULTS.rep_seconds_described_tempo,
           "Seconds per rep, [low, high], when the tempo is given in words (\"as slow as possible\")."),
    Option(INTERPRETER_SECTION, "unwritten-reps", "range",
           (_DEFAULTS.unwritten_reps.low, _DEFAULTS.unwritten_reps.high),
           "Reps assumed, [low, high], for sets to failure, AMRAP or an RIR target only."),
    Option(INTERPRETER_SECTION, "transition-seconds", "range", _DEFAULTS.transition_seconds,
           "Seconds per set, [low, high], for getting into position or moving to the next station.",
           source="calibrated on 000_4ffba709e68b8adb.txt: routines #1 and #3 take 30-40 minutes"),
    Option(INTERPRETER_SECTION, "default-rest-seconds", "range", _DEFAULTS.default_rest_seconds,
           "Rest after a set or a group's round, [low, high], when none is written."),
    Option(INTERPRETER_SECTION, "default-group-rest-seconds", "range",
           _DEFAULTS.default_group_rest_seconds,
           "Rest between exercises inside a group, [low, high], when none is written.",
           source="000_4ffba709e68b8adb.txt principle #4: very little rest inside a giant set"),
    Option(INTERPRETER_SECTION, "side-switch-seconds", "range", _DEFAULTS.side_switch_seconds,
           "Pause between the two sides of one-sided work, [low, high], when no rest between sides "
           "is written."),
    Option(INTERPRETER_SECTION, "count-final-rest", "bool", _DEFAULTS.count_final_rest,
           "Count the rest after a session's last set in its duration."),
    Option(INTERPRETER_SECTION, "warmup-drill-seconds", "range", _DEFAULTS.warmup_drill_seconds,
           "Seconds per round of a warm-up drill written without reps, [low, high]."),
)


def _field_name(option_name: str) -> str:
    return option_name.replace("-", "_")


def _setting(settings: Settings | None, section: str, name: str, default: Any) -> Any:
    """A declared option's value, or ``default`` when the settings were built without the core's
    options (a test or a plugin calling :func:`interpret` with ``Settings()``)."""
    if settings is None:
        return default
    try:
        return settings.option(section, name)
    except KeyError:
        return default


def assumptions_from_settings(settings: Settings | None) -> Assumptions:
    """The :class:`Assumptions` in force: defaults overridden by ``[tool.hamdsl.interpreter]``."""
    values: dict[str, Any] = {}
    for option in INTERPRETER_OPTIONS:
        attr = _field_name(option.name)
        value = _setting(settings, INTERPRETER_SECTION, option.name, option.default)
        if option.kind == "range":
            low, high = value
            value = Range(int(low), int(high)) if attr == "unwritten_reps" else (float(low), float(high))
        elif option.kind == "float":
            value = float(value)
        values[attr] = value
    known = {f.name for f in fields(Assumptions)}
    return Assumptions(**{k: v for k, v in values.items() if k in known})


def landmarks_from_settings(settings: Settings | None) -> VolumeLandmarks:
    """The volume landmarks in force: defaults overridden by ``[tool.hamdsl.volume]``."""
    values = {o.name: _setting(settings, VOLUME_SECTION, o.name, o.default) for o in VOLUME_OPTIONS}
    return VolumeLandmarks.from_values(values)


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------

#: Abbreviations expanded word by word before matching. Lower case; the key is a whole word.
ABBREVIATIONS: Mapping[str, str] = MappingProxyType({
    "db": "dumbbell",
    "dbs": "dumbbell",
    "bb": "barbell",
    "kb": "kettlebell",
    "sl": "single leg",
    "rdl": "romanian deadlift",
    "rdls": "romanian deadlift",
    "sldl": "stiff leg deadlift",
    "sldls": "stiff leg deadlift",
    "ghr": "glute ham raise",
    "ghrs": "glute ham raise",
    "dl": "deadlift",
    "dls": "deadlift",
    "bss": "bulgarian split squat",
    "ext": "extension",
    "deg": "degree",
    "degrees": "degree",
    "w": "with",
    "legged": "leg",
    "hams": "hamstring",
    "1": "one",
})

#: Words dropped, as a fallback, when the full name matches nothing: equipment and style words that
#: a coach adds to a name the catalog knows without them ("barbell stiff leg deadlift").
FALLBACK_DROP_WORDS: frozenset[str] = frozenset({
    "barbell", "dumbbell", "kettlebell", "machine", "cable", "smith", "weighted", "bodyweight",
    "banded", "band", "eccentric", "paused", "pause", "tempo", "heavy", "light", "slow", "standing",
    "the", "a", "an", "exercise", "movement", "variation", "accentuated", "emphasis", "focus",
    "focused", "bar", "landmine", "method",
})

_SEPARATORS = re.compile(r"[-_/\\,;:.()\[\]{}+&]")
_APOSTROPHES = re.compile(r"['’`\"]")
_SPACES = re.compile(r"\s+")


def _singular(word: str) -> str:
    """A word without its plural ``s``: curls → curl, presses → press, lunges → lunge,
    stretches → stretch."""
    if len(word) <= 2 or not word.endswith("s"):
        return word
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def normalise(text: str) -> str:
    """The matching key of a name: lower case, separators as spaces, abbreviations spelled out,
    every word singular. ``"SL RDLs"`` and ``"single-leg Romanian deadlift"`` give the same key."""
    text = text.lower().replace("°", " degree ").replace("w/", "with ")
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    words: list[str] = []
    for word in _SPACES.split(text.strip()):
        if not word:
            continue
        expanded = ABBREVIATIONS.get(word, word)
        words.extend(_singular(w) for w in expanded.split())
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _Entry:
    spec: ExerciseSpec
    plugin: str


@dataclass(frozen=True, slots=True)
class Match:
    """A successful look-up: the entry, the plugin that gave it, and the name or alias matched."""

    spec: ExerciseSpec
    plugin: str
    matched: str


def _merge(first: ExerciseSpec, later: ExerciseSpec) -> ExerciseSpec:
    """A later plugin's entry for a known exercise extends it (hookspec ``hamdsl_exercises``)."""
    from dataclasses import replace

    aliases = tuple(dict.fromkeys((*first.aliases, *later.aliases)))
    return replace(
        first,
        aliases=aliases,
        functions=first.functions | later.functions,
        muscles=first.muscles | later.muscles,
        equipment=tuple(dict.fromkeys((*first.equipment, *later.equipment))),
    )


class Catalog:
    """The exercises of one run, and name resolution against them.

    Built once per run from the plugins' contributions; read-only afterwards. An alias that two
    entries claim keeps the first (in plugin registration order), so a third-party plugin cannot
    silently take over a built-in name; it can only add aliases to it.
    """

    __slots__ = ("_display", "_entries", "_index")

    def __init__(self, entries: Sequence[_Entry]) -> None:
        self._entries: tuple[_Entry, ...] = tuple(entries)
        index: dict[str, Match] = {}
        display: dict[str, str] = {}
        for entry in self._entries:
            for written in (entry.spec.name, *entry.spec.aliases):
                key = normalise(written)
                if key and key not in index:
                    index[key] = Match(entry.spec, entry.plugin, written)
                    display[key] = entry.spec.name
        self._index: Mapping[str, Match] = MappingProxyType(index)
        self._display: Mapping[str, str] = MappingProxyType(display)

    @classmethod
    def from_contributions(cls, contributions: Iterable[Contribution[ExerciseSpec]]) -> Catalog:
        """A catalog from ``host.exercises()``; same-named entries are merged, first one wins."""
        merged: dict[str, _Entry] = {}
        for contribution in contributions:
            spec = contribution.item
            key = normalise(spec.name)
            if key in merged:
                old = merged[key]
                merged[key] = _Entry(_merge(old.spec, spec), old.plugin)
            else:
                merged[key] = _Entry(spec, contribution.plugin)
        return cls(list(merged.values()))

    @classmethod
    def from_specs(cls, specs: Iterable[ExerciseSpec], plugin: str = "catalog") -> Catalog:
        """A catalog from plain specs, for tests and tools that do not load plugins."""
        from hamdsl.plugins import Contribution

        return cls.from_contributions(Contribution(plugin, s) for s in specs)

    @classmethod
    def builtin(cls) -> Catalog:
        """The built-in catalog plugin's exercises alone, without loading entry points."""
        from hamdsl_plugins.catalog import hamdsl_exercises

        return cls.from_specs(hamdsl_exercises())

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def specs(self) -> tuple[ExerciseSpec, ...]:
        return tuple(e.spec for e in self._entries)

    def resolve(self, text: str) -> Match | None:
        """The entry ``text`` names, or ``None``. Tries the whole name first, then the name with
        equipment and style words dropped, then the part before a trailing "with ..."."""
        key = normalise(text)
        for candidate in self._candidates(key):
            match = self._index.get(candidate)
            if match is not None:
                return match
        return None

    @staticmethod
    def _candidates(key: str) -> list[str]:
        words = key.split()
        candidates = [key]
        kept = [w for w in words if w not in FALLBACK_DROP_WORDS]
        candidates.append(" ".join(kept))
        if "with" in words:
            head = words[: words.index("with")]
            candidates.append(" ".join(head))
            candidates.append(" ".join(w for w in head if w not in FALLBACK_DROP_WORDS))
        return [c for c in dict.fromkeys(candidates) if c]

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Canonical names close to ``text``, best first (difflib ratio), for "did you mean"."""
        import difflib

        key = normalise(text)
        found: list[str] = []
        for candidate in self._candidates(key):
            for close in difflib.get_close_matches(candidate, list(self._index), n=limit * 3, cutoff=0.6):
                name = self._display[close]
                if name not in found:
                    found.append(name)
        return tuple(found[:limit])


# --------------------------------------------------------------------------------------------------
# Modifiers
# --------------------------------------------------------------------------------------------------

_FOOT_WORDS = r"\b(toes?|feet|foot|pointed|points?|turned)\s+(pointed\s+|point\s+|turned\s+)?"
_TOES_IN = re.compile(_FOOT_WORDS + r"in(ward)?\b|\binternal(ly)?\s+rotat")
_TOES_OUT = re.compile(_FOOT_WORDS + r"out(ward)?\b|\bexternal(ly)?\s+rotat")
_NEUTRAL = re.compile(r"\b(feet|foot|toes?)\s+(neutral|forward|straight)\b|\bneutral\s+(feet|foot|toes?)\b")
_PLANTARFLEXED = re.compile(r"plantar\s*-?\s*flex")
_GRIPS: tuple[tuple[str, str], ...] = (
    (r"\bsnatch[\s-]*grip\b", "snatch"),
    (r"\bneutral[\s-]*grip\b", "neutral"),
    (r"\b(close|narrow)[\s-]*grip\b", "close"),
    (r"\bwide[\s-]*grip\b", "wide"),
    (r"\bmixed[\s-]*grip\b", "mixed"),
    (r"\bhook[\s-]*grip\b", "hook"),
    (r"\b(double\s+)?overhand\b", "overhand"),
    (r"\b(underhand|supinated)\b", "underhand"),
)
_STANCES: tuple[tuple[str, str], ...] = (
    (r"\bheels?\b.*\belevat", "heels-elevated"),
    (r"\b(wide|sumo)\s+stance\b", "wide"),
    (r"\b(narrow|close)\s+stance\b", "narrow"),
    (r"\b(staggered|b[\s-]*stance|kickstand)\b", "staggered"),
    (r"\bsplit\s+stance\b", "split"),
    (r"\bfeet\s+(slightly\s+)?forward\b", "feet-forward"),
    (r"\bfeet\s+elevated\b", "feet-elevated"),
)
_LOADS: tuple[tuple[str, str], ...] = (
    (r"\b(at|to)\s+(the\s+)?chest\b|\bchest\b", "chest"),
    (r"\bon\s+(the\s+)?back\b", "back"),
    (r"\bin\s+front\b|\bfront\s+rack\b", "front"),
    (r"\boverhead\b", "overhead"),
    (r"\bbehind\s+(the\s+)?head\b", "behind-head"),
    (r"\b(in\s+(the\s+)?hands|at\s+(the\s+)?sides)\b", "hands"),
)


# Compiled once at import: ``_first`` runs for every exercise line, and ``re.search`` with a
# string pattern pays a cache lookup per call (measured: 7% of a lint run).
_COMPILED: dict[int, tuple[tuple[re.Pattern[str], str], ...]] = {
    id(patterns): tuple((re.compile(pattern), value) for pattern, value in patterns)
    for patterns in (_GRIPS, _STANCES, _LOADS)
}


def _first(patterns: Iterable[tuple[str, str]], text: str) -> str | None:
    compiled = _COMPILED.get(id(patterns))
    if compiled is None:
        compiled = tuple((re.compile(pattern), value) for pattern, value in patterns)
    for regex, value in compiled:
        if regex.search(text):
            return value
    return None


def read_modifiers(texts: Iterable[str], name: str, functions: frozenset[str],
                   muscles: frozenset[str]) -> Modifiers:
    """Structured modifiers from the parenthesised texts; grip and stance may also come from the
    name ("snatch grip romanian deadlift"). Foot position only emphasises muscles on knee-flexion
    work, since tibial rotation acts on a bent knee (A3, 003)."""
    foot: FootPosition | None = None
    plantarflexed = False
    grip = stance = load = None
    unrecognised: list[str] = []
    for raw in texts:
        text = raw.lower()
        understood = False
        if _TOES_IN.search(text):
            foot, understood = "toes-in", True
        elif _TOES_OUT.search(text):
            foot, understood = "toes-out", True
        elif _NEUTRAL.search(text):
            foot, understood = "neutral", True
        if _PLANTARFLEXED.search(text):
            plantarflexed = understood = True
        for pattern_set, current in ((_GRIPS, grip), (_STANCES, stance), (_LOADS, load)):
            value = _first(pattern_set, text)
            if value is None:
                continue
            understood = True
            if current is None:
                if pattern_set is _GRIPS:
                    grip = value
                elif pattern_set is _STANCES:
                    stance = value
                else:
                    load = value
        if not understood:
            unrecognised.append(raw)
    lowered = name.lower()
    grip = grip or _first(_GRIPS, lowered)
    stance = stance or _first(_STANCES, lowered)
    emphasised: frozenset[str] = frozenset()
    if KNEE_FLEXION in functions:
        if foot == "toes-in":
            emphasised = frozenset({"semitendinosus", "semimembranosus"}) & muscles
        elif foot == "toes-out":
            emphasised = frozenset({"biceps-femoris-long-head", "biceps-femoris-short-head"}) & muscles
    return Modifiers(
        foot_position=foot,
        plantarflexed=plantarflexed,
        grip=grip,
        stance=stance,
        load_position=load,
        emphasised_muscles=emphasised,
        unrecognised=tuple(unrecognised),
    )


# --------------------------------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------------------------------


def rep_seconds(tempo: Tempo | None, assumptions: Assumptions) -> Seconds:
    """Seconds one rep takes: the sum of the tempo's phases (X = ``x_phase_seconds``), or an
    assumption when the tempo is missing or in words."""
    if tempo is None:
        return assumptions.rep_seconds_without_tempo
    if tempo.phases is None:
        return assumptions.rep_seconds_described_tempo
    total = sum(assumptions.x_phase_seconds if p == "X" else float(p) for p in tempo.phases)
    return (total, total)


def _times(r: Range | None) -> Seconds:
    return (0.0, 0.0) if r is None else (float(r.low), float(r.high))


def _mul(a: Seconds, b: Seconds) -> Seconds:
    return (a[0] * b[0], a[1] * b[1])


# --------------------------------------------------------------------------------------------------
# Interpretation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Resolved:
    resolutions: tuple[Resolution, ...]
    unresolved: tuple[UnresolvedName, ...]


def _resolve(names: Sequence[ExerciseName], catalog: Catalog) -> _Resolved:
    resolutions: list[Resolution] = []
    unresolved: list[UnresolvedName] = []
    for name in names:
        match = catalog.resolve(name.text)
        if match is None:
            resolutions.append(Resolution(name, None))
            unresolved.append(UnresolvedName(name.text, name.span, catalog.suggest(name.text)))
        else:
            resolutions.append(Resolution(name, match.spec, match.plugin, match.matched))
    return _Resolved(tuple(resolutions), tuple(unresolved))


def _exercise(ex: Exercise, resolved: _Resolved, *, in_warmup: bool, last_in_group: bool,
              in_multi_group: bool, a: Assumptions) -> ExerciseModel:
    spec = next((r.spec for r in resolved.resolutions if r.spec is not None), None)
    functions = spec.functions if spec else frozenset()
    direct = bool(spec and spec.direct_hamstring)
    muscles = spec.muscles if (spec and direct) else frozenset()
    if KNEE_FLEXION not in functions:
        # A2: the short head does not cross the hip, so only knee flexion trains it.
        muscles = muscles - {"biceps-femoris-short-head"}
    unilateral = bool(spec and spec.unilateral)
    scheme = ex.scheme
    per_side = bool(scheme and scheme.per_side)
    sides = 2 if (per_side or unilateral) else 1
    sets = scheme.sets if scheme else Range(1, 1)
    hard_sets = ZERO if in_warmup or scheme is None else scheme.sets

    reps: Range | None = scheme.reps if scheme else None
    reps_assumed = False
    if reps is None and scheme is not None and (scheme.to_failure or scheme.amrap or scheme.rir):
        reps, reps_assumed = a.unwritten_reps, True
    per_rep = rep_seconds(ex.tempo, a)
    if ex.duration is not None:
        work = _times(ex.duration)
    elif reps is not None:
        work = _mul(_times(reps), per_rep)
        work = (work[0] * sides, work[1] * sides)
    else:
        work = a.warmup_drill_seconds
    side_rest: Seconds = (0.0, 0.0)
    if sides == 2 and reps is not None:
        between = ex.rest.between_sides if ex.rest else None
        side_rest = _times(between) if between is not None else a.side_switch_seconds
    written = ex.rest.between_sets if ex.rest else None
    if written is not None:
        rest = _times(written)
    elif in_warmup or (in_multi_group and not last_in_group):
        rest = a.default_group_rest_seconds
    else:
        rest = a.default_rest_seconds
    # Warm-up drills flow from one to the next without set-up, so they get no transition time.
    transition: Seconds = (0.0, 0.0) if in_warmup else a.transition_seconds
    per_set = add_seconds((work, side_rest, transition, rest))
    duration = _mul(_times(sets), per_set)
    tut_total = _mul(_times(sets), work) if reps is not None else (0.0, 0.0)
    tut_per_set = work if reps is not None else (0.0, 0.0)
    modifiers = read_modifiers((m.text for m in ex.modifiers), ex.name, functions, muscles)
    return ExerciseModel(
        exercise=ex,
        resolutions=resolved.resolutions,
        in_warmup=in_warmup,
        group=ex.label.letter if ex.label else None,
        functions=functions,
        muscles=muscles,
        direct_hamstring=direct,
        unilateral=unilateral,
        per_side=per_side,
        sides=sides,
        hard_sets=hard_sets,
        reps=reps,
        reps_assumed=reps_assumed,
        rep_seconds=per_rep,
        tut_per_set=tut_per_set,
        tut_total=tut_total,
        rest_after_set=rest,
        duration=duration,
        modifiers=modifiers,
    )


def group_kind(count: int) -> GroupKind:
    """Straight sets, superset, tri-set, or giant set (four or more, P7)."""
    if count >= GIANT_SET_MIN_EXERCISES:
        return "giant-set"
    return ("straight", "straight", "superset", "tri-set")[count]


def _split_groups(exercises: Sequence[Exercise]) -> list[list[Exercise]]:
    """Consecutive lines with the same label letter form one group; unlabelled lines stand alone."""
    groups: list[list[Exercise]] = []
    for ex in exercises:
        letter = ex.label.letter if ex.label else None
        if (groups and letter is not None and groups[-1][0].label is not None
                and groups[-1][0].label.letter == letter):
            groups[-1].append(ex)
        else:
            groups.append([ex])
    return groups


def _groups(exercises: Sequence[Exercise], catalog: Catalog, a: Assumptions, *, in_warmup: bool,
            unresolved: list[UnresolvedName]) -> tuple[GroupModel, ...]:
    result: list[GroupModel] = []
    for members in _split_groups(exercises):
        multi = len(members) > 1
        models: list[ExerciseModel] = []
        for i, ex in enumerate(members):
            resolved = _resolve(ex.names, catalog)
            unresolved.extend(resolved.unresolved)
            models.append(_exercise(ex, resolved, in_warmup=in_warmup, last_in_group=i == len(members) - 1,
                                    in_multi_group=multi, a=a))
        set_ranges = [m.exercise.scheme.sets for m in models if m.exercise.scheme is not None]
        rounds = (Range(min(r.low for r in set_ranges), max(r.high for r in set_ranges))
                  if set_ranges else Range(1, 1))
        result.append(GroupModel(
            letter=members[0].label.letter if members[0].label else None,
            kind=group_kind(len(members)),
            exercises=tuple(models),
            rounds=rounds,
            duration=add_seconds(m.duration for m in models),
        ))
    return tuple(result)


def _block_duration(groups: Sequence[GroupModel], a: Assumptions) -> Seconds:
    """The groups' durations added, less the very last rest unless ``count_final_rest``."""
    total = add_seconds(g.duration for g in groups)
    if not a.count_final_rest and groups and groups[-1].exercises:
        last = groups[-1].exercises[-1].rest_after_set
        total = (max(0.0, total[0] - last[0]), max(0.0, total[1] - last[1]))
    return total


def _function_tally(exercises: Iterable[ExerciseModel]) -> Tally:
    tally = Tally.zeros(FUNCTIONS)
    for ex in exercises:
        extra = Tally(tuple((f, ex.hard_sets) for f in FUNCTIONS if f in ex.functions))
        tally = tally.plus(extra)
    return tally


def _muscle_tally(exercises: Iterable[ExerciseModel]) -> Tally:
    tally = Tally.zeros(MUSCLES)
    for ex in exercises:
        if ex.direct_hamstring:
            tally = tally.plus(Tally(tuple((m, ex.hard_sets) for m in MUSCLES if m in ex.muscles)))
    return tally


def _session(session_node: Any, index: int, catalog: Catalog, a: Assumptions,
             unresolved: list[UnresolvedName]) -> SessionModel:
    groups = _groups(session_node.exercises, catalog, a, in_warmup=False, unresolved=unresolved)
    exercises = [e for g in groups for e in g.exercises]
    order: list[str] = []
    for ex in exercises:
        for function in FUNCTIONS:
            if function in ex.functions and function not in order:
                order.append(function)
    hamstring = [e for e in exercises if e.direct_hamstring]
    return SessionModel(
        session=session_node,
        index=index,
        groups=groups,
        hard_sets_by_function=_function_tally(exercises),
        hard_sets_by_muscle=_muscle_tally(exercises),
        hamstring_hard_sets=add_ranges(e.hard_sets for e in hamstring),
        exercise_count=len(exercises),
        hamstring_exercise_count=len(hamstring),
        quad_exercise_count=sum(1 for e in exercises if KNEE_EXTENSION in e.functions),
        function_order=tuple(order),
        duration=_block_duration(groups, a),
        trains_hamstrings_directly=any(e.hard_sets.high > 0 for e in hamstring),
    )


def _week(sessions: Sequence[SessionModel]) -> WeekModel:
    by_function = Tally.zeros(FUNCTIONS)
    by_muscle = Tally.zeros(MUSCLES)
    hamstring: list[Range] = []
    duration: list[Seconds] = []
    for s in sessions:
        n = s.occurrences
        by_function = by_function.plus(s.hard_sets_by_function, n)
        by_muscle = by_muscle.plus(s.hard_sets_by_muscle, n)
        hamstring.append(Range(s.hamstring_hard_sets.low * n, s.hamstring_hard_sets.high * n))
        duration.append((s.duration[0] * n, s.duration[1] * n))
    return WeekModel(
        hard_sets_by_function=by_function,
        hard_sets_by_muscle=by_muscle,
        hamstring_hard_sets=add_ranges(hamstring),
        sessions_per_week=sum(s.occurrences for s in sessions),
        frequency=sum(s.occurrences for s in sessions if s.trains_hamstrings_directly),
        exercise_count=sum(s.exercise_count * s.occurrences for s in sessions),
        hamstring_exercise_count=sum(s.hamstring_exercise_count * s.occurrences for s in sessions),
        quad_exercise_count=sum(s.quad_exercise_count * s.occurrences for s in sessions),
        duration=add_seconds(duration),
    )


def interpret(program: Program, catalog: Catalog, settings: Settings | None = None) -> Model:
    """The meaning of ``program``: never raises on unknown names (they land in ``unresolved``).

    The program's sessions are taken as one week; a session naming several weekdays occurs that
    many times. Warm-up blocks are interpreted with zero hard sets and timed on their own.
    """
    a = assumptions_from_settings(settings)
    unresolved: list[UnresolvedName] = []
    warmups = []
    for w in program.warmups:
        groups = _groups(w.exercises, catalog, a, in_warmup=True, unresolved=unresolved)
        warmups.append(WarmUpModel(warmup=w, groups=groups, duration=_block_duration(groups, a)))
    sessions = tuple(_session(s, i, catalog, a, unresolved) for i, s in enumerate(program.sessions))
    return Model(
        program=program,
        sessions=sessions,
        warmups=tuple(warmups),
        week=_week(sessions),
        unresolved=tuple(unresolved),
        assumptions=a,
        landmarks=landmarks_from_settings(settings),
    )
