"""From syntax tree to meaning: resolve exercise names and build the :class:`~hamdsl.interpret.model.Model`.

Two parts:

* :class:`Catalog` holds the exercises the plugins contributed (the built-in catalog plugin and any
  other) and resolves what a coach wrote to one of them. Matching forgives case, spacing, hyphens,
  plurals and the usual abbreviations (DB, BB, KB, SL, RDL, SLDL, GHR, ...); as a fallback it drops
  equipment and style words ("barbell", "weighted", ...). A name it still cannot place is returned
  with "did you mean" suggestions; it never raises.
* :func:`interpret` turns a parsed :class:`~hamdsl.language.nodes.Program` into the frozen model: groups,
  hard sets per function and muscle, time under tension and duration estimates, week totals.

Every figure the routine does not state comes from :class:`~hamdsl.interpret.model.Assumptions`, whose
fields are declared here as options of section ``interpreter`` (:data:`INTERPRETER_OPTIONS`), so
``[tool.hamdsl.interpreter]`` can change any of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hamdsl.config.options import Option
from hamdsl.interpret.block import expand_sessions, week_sources
from hamdsl.interpret.exercises import (
    FUNCTIONS,
    HIP_EXTENSION,
    KNEE_EXTENSION,
    KNEE_FLEXION,
    MUSCLES,
    REGIONS,
    ExerciseSpec,
    default_muscles,
)
from hamdsl.interpret.model import (
    DEFAULT_SPREADS,
    GIANT_SET_MIN_EXERCISES,
    SCHEDULE_OPTIONS,
    SCHEDULE_SECTION,
    VOLUME_OPTIONS,
    VOLUME_SECTION,
    ZERO,
    Assumptions,
    ExerciseModel,
    FootPosition,
    GroupKind,
    GroupModel,
    KnownDeclaration,
    LoadModel,
    Model,
    Modifiers,
    Resolution,
    Seconds,
    SessionModel,
    SetGroupModel,
    Tally,
    UnresolvedName,
    VolumeLandmarks,
    WarmUpModel,
    WeekModel,
    WeekPlan,
    add_seconds,
)
from hamdsl.language.nodes import Range

if TYPE_CHECKING:
    from hamdsl.config.settings import Settings
    from hamdsl.core.contribution import Contribution
    from hamdsl.language.nodes import Deload, Exercise, Load, OneRepMax, Program, Progression, Session, Tempo

__all__ = [
    "INTERPRETER_OPTIONS",
    "INTERPRETER_SECTION",
    "SCHEDULE_OPTIONS",
    "VOLUME_OPTIONS",
    "Catalog",
    "assumptions_from_settings",
    "catalog_for",
    "declared_spec",
    "interpret",
    "landmarks_from_settings",
    "normalise",
    "one_rep_max_key",
    "spreads_from_settings",
]

INTERPRETER_SECTION = "interpreter"

_DEFAULTS = Assumptions()

#: The interpreter's assumptions as options of ``[tool.hamdsl.interpreter]``. Each default is the
#: constant of the same name in :mod:`hamdsl.interpret.model`, where the reason for its value is written.
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


def spreads_from_settings(settings: Settings | None) -> dict[int, tuple[str, ...]]:
    """The weekday spreads in force, by sessions a week: defaults overridden by
    ``[tool.hamdsl.schedule]`` (for :func:`hamdsl.interpret.schedule.schedule`)."""
    return {
        count: tuple(_setting(settings, SCHEDULE_SECTION, option.name, option.default))
        for count, option in zip(DEFAULT_SPREADS, SCHEDULE_OPTIONS, strict=True)
    }


def landmarks_from_settings(settings: Settings | None) -> VolumeLandmarks:
    """The volume landmarks in force: defaults overridden by ``[tool.hamdsl.volume]``."""
    values = {o.name: _setting(settings, VOLUME_SECTION, o.name, o.default) for o in VOLUME_OPTIONS}
    return VolumeLandmarks.from_values(values)


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------

#: Abbreviations of words (equipment, sides, units, movement words) expanded word by word before
#: matching. Lower case; the key is a whole word. An abbreviation of one exercise ("rdl") belongs
#: to the catalog entry that has it (``ExerciseSpec.abbreviations``), not here.
ABBREVIATIONS: Mapping[str, str] = MappingProxyType({
    "db": "dumbbell",
    "dbs": "dumbbell",
    "bb": "barbell",
    "kb": "kettlebell",
    "sl": "single leg",
    "dl": "deadlift",
    "dls": "deadlift",
    "ext": "extension",
    "deg": "degree",
    "degrees": "degree",
    "w": "with",
    "legged": "leg",
    "hams": "hamstring",
    "1": "one",
})

#: Words dropped, as a fallback, when the full name matches nothing: equipment and style words that
#: a coach adds to a name the catalog knows without them ("barbell stiff leg deadlift"). Style words
#: go first, equipment words after them: "standing cable curl" is tried as "cable curl" before
#: "curl". A shorter name found this way is used only when it cannot mean an exercise of another
#: region or movement (:meth:`Catalog.resolve`).
EQUIPMENT_WORDS: frozenset[str] = frozenset({
    "barbell", "dumbbell", "kettlebell", "machine", "cable", "smith", "bodyweight", "banded", "band",
    "bar", "landmine",
})
FALLBACK_DROP_WORDS: frozenset[str] = EQUIPMENT_WORDS | frozenset({
    "weighted", "eccentric", "paused", "pause", "tempo", "heavy", "light", "slow", "standing",
    "the", "a", "an", "exercise", "movement", "variation", "accentuated", "emphasis", "focus",
    "focused", "method",
})
STYLE_WORDS: frozenset[str] = FALLBACK_DROP_WORDS - EQUIPMENT_WORDS

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


#: The limbs a one-sided exercise is named by: "one leg", "1-leg" and "single-leg" read alike, and
#: so do "one arm", "1-arm" and "single arm".
_ONE_SIDED = frozenset({"leg", "arm"})


def normalise(text: str, abbreviations: Mapping[str, str] = MappingProxyType({})) -> str:
    """The matching key of a name: lower case, separators as spaces, abbreviations spelled out,
    every word singular, "one leg" as "single leg". With the catalog's ``abbreviations`` (by
    their own keys: :meth:`Catalog.key`), ``"SL RDLs"``, ``"1-leg RDL"`` and ``"single-leg
    Romanian deadlift"`` give the same key."""
    text = text.lower().replace("°", " degree ").replace("w/", "with ")
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    words: list[str] = []
    for word in _SPACES.split(text.strip()):
        if not word:
            continue
        expanded = ABBREVIATIONS.get(word) or abbreviations.get(_singular(word), word)
        for part in expanded.split():
            part = _singular(part)
            if part in _ONE_SIDED and words and words[-1] == "one":
                words[-1] = "single"
            words.append(part)
    return " ".join(words)


def _abbreviations(specs: Iterable[ExerciseSpec]) -> Mapping[str, str]:
    """Each entry's abbreviations, by their singular lower-case word, to the key of its name; the
    first entry to claim a word keeps it."""
    found: dict[str, str] = {}
    for spec in specs:
        for word in spec.abbreviations:
            found.setdefault(_singular(word.lower()), normalise(spec.name))
    return MappingProxyType(found)


def _without(key: str, dropped: frozenset[str]) -> str:
    return " ".join(w for w in key.split() if w not in dropped)


class _Entry:
    """A catalog entry and the plugin it came from, for findings that name their source."""

    __slots__ = ("plugin", "spec")

    def __init__(self, spec: ExerciseSpec, plugin: str) -> None:
        self.spec = spec
        self.plugin = plugin


class Match:
    """A successful look-up: the entry, the plugin that gave it, and the name or alias matched."""

    __slots__ = ("matched", "plugin", "spec")

    def __init__(self, spec: ExerciseSpec, plugin: str, matched: str) -> None:
        self.spec = spec
        self.plugin = plugin
        self.matched = matched


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


#: How many answers each of a catalog's memos keeps before it starts afresh. A run over real
#: routines meets a few hundred distinct names and lines; the cap only matters for endless new ones.
MEMO_LIMIT = 4096


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    """Store ``value``, first emptying ``memo`` when it holds :data:`MEMO_LIMIT` entries."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value


class _Memo:
    """Answers a :class:`Catalog` has already worked out, kept for the rest of the run.

    Each is a pure function of written text (and of the catalog, which is read-only once built),
    so a remembered answer is the answer. Measured on the benchmark corpus, resolving names and
    reading modifiers again for every line was most of the interpreter's time, while the same few
    lines recur across a coach's files. One memo per catalog, never a module global: two runs (or
    two catalogs in one test) cannot see each other's answers.
    """

    __slots__ = (
        "declared",
        "extended",
        "functions_in_order",
        "kinds",
        "lines",
        "muscles_in_order",
        "names",
        "settings",
        "suggestions",
    )

    def __init__(self) -> None:
        self.declared: dict[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], _Declared] = {}
        self.names: dict[str, Match | None] = {}
        self.suggestions: dict[tuple[str, int], tuple[str, ...]] = {}
        # The catalogs this one was extended into (:meth:`Catalog.extended`), by what was added.
        self.extended: dict[tuple[str, tuple[ExerciseSpec, ...]], Catalog] = {}
        # Each name the index holds, and each shorter name the fallback makes of it, to the
        # (region, functions) of the entries it can stand for (:meth:`Catalog._kinds`).
        self.kinds: dict[str, frozenset[tuple[str, frozenset[str]]]] | None = None
        self.lines: dict[tuple[tuple[str, ...], tuple[str, ...]], _LineFacts] = {}
        self.settings: dict[int, tuple[Settings | None, Assumptions, VolumeLandmarks]] = {}
        # A set of functions (muscles) to those of FUNCTIONS (MUSCLES) it holds, in that order.
        self.functions_in_order: dict[frozenset[str], tuple[str, ...]] = {}
        self.muscles_in_order: dict[frozenset[str], tuple[str, ...]] = {}


class Catalog:
    """The exercises of one run, and name resolution against them.

    Built once per run from the plugins' contributions; read-only afterwards. An alias that two
    entries claim keeps the first (in plugin registration order), so a third-party plugin cannot
    silently take over a built-in name; it can only add aliases to it. Because it is read-only,
    it remembers its answers (:class:`_Memo`) for the files that follow.
    """

    __slots__ = ("_abbreviations", "_entries", "_index", "_memo")

    def __init__(self, entries: Sequence[_Entry], keys: Mapping[str, str] | None = None) -> None:
        """``keys`` maps written names to their :meth:`key` where the caller has them.

        The index holds each key's entry and the name or alias it was written as; the
        :class:`Match` is made when a routine names it, as a run resolves a handful of the
        catalog's few hundred names."""
        self._memo = _Memo()
        self._entries: tuple[_Entry, ...] = tuple(entries)
        self._abbreviations = _abbreviations(e.spec for e in self._entries)
        keys = keys or {}
        index: dict[str, tuple[_Entry, str]] = {}
        for entry in self._entries:
            for written in (entry.spec.name, *entry.spec.aliases):
                key = keys.get(written)
                if key is None:
                    key = self.key(written)
                if key and key not in index:
                    index[key] = (entry, written)
        self._index: Mapping[str, tuple[_Entry, str]] = MappingProxyType(index)

    def key(self, text: str) -> str:
        """The matching key of a name (:func:`normalise`), with the abbreviations of this catalog's
        entries spelled out."""
        return normalise(text, self._abbreviations)

    @classmethod
    def from_contributions(cls, contributions: Iterable[Contribution[ExerciseSpec]]) -> Catalog:
        """A catalog from ``host.exercises()``; same-named entries are merged, first one wins.
        Every name and alias is normalised once."""
        contributions = list(contributions)
        abbreviations = _abbreviations(c.item for c in contributions)
        texts = list(dict.fromkeys(w for c in contributions for w in (c.item.name, *c.item.aliases)))
        keys = dict(zip(texts, [normalise(t, abbreviations) for t in texts], strict=True))
        merged: dict[str, _Entry] = {}
        for contribution in contributions:
            spec = contribution.item
            key = keys[spec.name]
            if key in merged:
                old = merged[key]
                merged[key] = _Entry(_merge(old.spec, spec), old.plugin)
            else:
                merged[key] = _Entry(spec, contribution.plugin)
        return cls(list(merged.values()), keys)

    @classmethod
    def from_specs(cls, specs: Iterable[ExerciseSpec], plugin: str = "catalog") -> Catalog:
        """A catalog from plain specs, for tests and tools that do not load plugins."""
        from hamdsl.core.contribution import Contribution

        return cls.from_contributions(Contribution(plugin, s) for s in specs)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def specs(self) -> tuple[ExerciseSpec, ...]:
        return tuple(e.spec for e in self._entries)

    def known(self, name: str) -> Match | None:
        """The entry whose name or alias ``name`` is, after normalising; no fallback."""
        found = self._index.get(self.key(name))
        return None if found is None else Match(found[0].spec, found[0].plugin, found[1])

    def declaring(self, declared: Sequence[tuple[str, tuple[str, ...]]], source: str) -> _Declared:
        """This catalog with exercises declared by name and functions (a configuration's
        ``exercises`` table, a file's ``exercise:`` lines) added as ``source``; and, by position,
        the declarations whose name it already knows, which add nothing. Remembered per
        declarations, like :meth:`extended`."""
        key = (source, tuple(declared))
        found = self._memo.declared.get(key)
        if found is None:
            known: list[tuple[int, Match]] = []
            specs: dict[str, ExerciseSpec] = {}  # by key: a name declared twice is known the second time
            for position, (name, functions) in enumerate(declared):
                match = self.known(name)
                earlier = specs.get(self.key(name))
                if match is None and earlier is not None:
                    match = Match(earlier, source, earlier.name)
                if match is not None:
                    known.append((position, match))
                else:
                    specs[self.key(name)] = declared_spec(name, functions, source)
            catalog = self.extended(list(specs.values()), source) if specs else self
            found = _Declared(catalog, tuple(known))
            _remember(self._memo.declared, key, found)
        return found

    def extended(self, specs: Sequence[ExerciseSpec], plugin: str) -> Catalog:
        """This catalog with ``specs`` added, as ``plugin`` contributed them: the exercises a
        configuration or a file declares. A name or alias this catalog already knows keeps its
        entry (check with :meth:`known` first to report it). The result is remembered, so every
        file with the same additions shares one catalog and its memo; the index is copied, not
        normalised again."""
        key = (plugin, tuple(specs))
        found = self._memo.extended.get(key)
        if found is None:
            found = self._with(specs, plugin)
            _remember(self._memo.extended, key, found)
        return found

    def _with(self, specs: Sequence[ExerciseSpec], plugin: str) -> Catalog:
        added = [_Entry(spec, plugin) for spec in specs]
        catalog = Catalog.__new__(Catalog)
        catalog._memo = _Memo()
        catalog._entries = (*self._entries, *added)
        catalog._abbreviations = _abbreviations(e.spec for e in catalog._entries)
        index = dict(self._index)
        for entry in added:
            for written in (entry.spec.name, *entry.spec.aliases):
                key = catalog.key(written)
                if key and key not in index:
                    index[key] = (entry, written)
        catalog._index = MappingProxyType(index)
        return catalog

    def resolve(self, text: str) -> Match | None:
        """The entry ``text`` names, or ``None``. Tries the whole name first, then the name with
        style words dropped, then with equipment words dropped too, then the part before a
        trailing "with ...". A shorter name is used only when every entry it could stand for is
        of one region and one set of functions: "cable curl" never becomes a leg curl, even if a
        plugin makes "curl" an alias of one."""
        names = self._memo.names
        if text in names:
            return names[text]
        match = None
        key = self.key(text)
        for candidate in self._candidates(key):
            found = self._index.get(candidate)
            if found is None:
                continue
            entry, written = found
            if candidate != key and len(self._kinds().get(candidate, ())) > 1:
                continue  # the shorter name could be another exercise: ask, do not guess
            match = Match(entry.spec, entry.plugin, written)
            break
        _remember(names, text, match)
        return match

    @staticmethod
    def _candidates(key: str) -> list[str]:
        words = key.split()
        heads = [words]
        if "with" in words:
            heads.append(words[: words.index("with")])
        candidates = [key]
        for head in heads:
            candidates.append(" ".join(head))
            candidates.append(" ".join(w for w in head if w not in STYLE_WORDS))
            candidates.append(" ".join(w for w in head if w not in FALLBACK_DROP_WORDS))
        return [c for c in dict.fromkeys(candidates) if c]

    def _kinds(self) -> Mapping[str, frozenset[tuple[str, frozenset[str]]]]:
        """Every key of the index, and what the fallback shortens it to, with the (region,
        functions) of the entries behind it. Built on the first fallback, once per catalog."""
        kinds = self._memo.kinds
        if kinds is None:
            found: dict[str, set[tuple[str, frozenset[str]]]] = {}
            for key, (entry, _) in self._index.items():
                kind = (entry.spec.region, entry.spec.functions)
                for short in {key, _without(key, STYLE_WORDS), _without(key, FALLBACK_DROP_WORDS)}:
                    if short:
                        found.setdefault(short, set()).add(kind)
            kinds = self._memo.kinds = {k: frozenset(v) for k, v in found.items()}
        return kinds

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Canonical names close to ``text``, best first, for "did you mean". A name that could be
        exercises of several regions ("curl": a leg curl or an arm curl) gets one per region;
        any other gets the closest by spelling (difflib ratio)."""
        memo = self._memo.suggestions
        found = memo.get((text, limit))
        if found is None:
            found = self._per_region(text) or self._suggest(text, limit)
            _remember(memo, (text, limit), found)
        return found

    def _per_region(self, text: str) -> tuple[str, ...]:
        """For a name that ends the canonical names of exercises in two regions or more, the
        shortest such name of each region (fewest words, then the catalog's order), in
        :data:`REGIONS` order; otherwise nothing. Equipment and style words are left out of the
        comparison, so "cable curl" ends in "curl" as "leg curl" does."""
        tail = _without(self.key(text), FALLBACK_DROP_WORDS).split()
        if not tail:
            return ()
        best: dict[str, tuple[int, int, str]] = {}
        for position, entry in enumerate(self._entries):
            spec = entry.spec
            key = self.key(spec.name)
            if _without(key, FALLBACK_DROP_WORDS).split()[-len(tail):] != tail:
                continue
            rank = (len(key.split()), position, spec.name)
            if spec.region not in best or rank < best[spec.region]:
                best[spec.region] = rank
        if len(best) < 2:
            return ()
        return tuple(best[r][2] for r in (*REGIONS, *sorted(set(best) - set(REGIONS))) if r in best)

    def _suggest(self, text: str, limit: int) -> tuple[str, ...]:
        import difflib

        key = self.key(text)
        found: list[str] = []
        for candidate in self._candidates(key):
            for close in difflib.get_close_matches(candidate, list(self._index), n=limit * 3, cutoff=0.6):
                name = self._index[close][0].spec.name
                if name not in found:
                    found.append(name)
        return tuple(found[:limit])


class _Declared:
    """What :meth:`Catalog.declaring` gives: the catalog with the new exercises, and the
    declarations (by position) whose names it already knew, with the entry each one names."""

    __slots__ = ("catalog", "known")

    def __init__(self, catalog: Catalog, known: tuple[tuple[int, Match], ...]) -> None:
        self.catalog = catalog
        self.known = known


#: The source of an exercise declared in a configuration file or by a routine's ``exercise:``
#: line, where a catalog entry names its plugin.
CONFIG_SOURCE = "configuration"
FILE_SOURCE = "file"


def declared_spec(name: str, functions: Iterable[str], source: str = FILE_SOURCE) -> ExerciseSpec:
    """The catalog entry a declaration makes. It counts as direct hamstring work when it flexes the
    knee or extends the hip, as the catalog's curls and hinges do, with the muscles those
    functions train (:func:`~hamdsl.interpret.exercises.default_muscles`); it is one-sided when
    its name says single leg or single arm (``one-leg`` and ``1-arm`` included)."""
    declared = frozenset(functions)
    direct = bool(declared & {KNEE_FLEXION, HIP_EXTENSION})
    words = f" {normalise(name)} "
    return ExerciseSpec(
        name=" ".join(name.split()),
        functions=declared,
        muscles=default_muscles(declared, direct),
        direct_hamstring=direct,
        unilateral=" single leg " in words or " single arm " in words,
        description=f"declared in the {'configuration' if source == CONFIG_SOURCE else 'routine'}",
    )


def _source_words(source: str) -> str:
    if source == CONFIG_SOURCE:
        return "declared earlier in the table"
    return f"from the {source} plugin"


def catalog_for(
    program: Program, catalog: Catalog, settings: Settings | None
) -> tuple[Catalog, tuple[KnownDeclaration, ...]]:
    """The catalog one file is read with: ``catalog`` plus the configuration's ``exercises`` and
    the file's ``exercise:`` lines, and the lines that named an exercise already known.

    A configuration exercise the catalog already has is a :class:`~hamdsl.config.settings.ConfigError`
    (exit 2): it is written once for many files, so it is fixed there. A file's declaration of a known
    name is ignored and returned, for the ``known-exercise-declared`` rule to report."""
    if settings is not None and settings.exercises:
        declared = catalog.declaring(settings.exercises, CONFIG_SOURCE)
        if declared.known:
            from hamdsl.config.settings import ConfigError

            position, match = declared.known[0]
            name = settings.exercises[position][0]
            raise ConfigError(
                f"{settings.where('exercises')}: '{name}' is already in the exercise catalog as "
                f"'{match.spec.name}' ({_source_words(match.plugin)}); remove it from the table"
            )
        catalog = declared.catalog
    if not program.declarations:
        return catalog, ()
    declared = catalog.declaring([(d.name, d.functions) for d in program.declarations], FILE_SOURCE)
    return declared.catalog, tuple(
        KnownDeclaration(program.declarations[position], match.spec, match.plugin)
        for position, match in declared.known
    )


# --------------------------------------------------------------------------------------------------
# Modifiers
# --------------------------------------------------------------------------------------------------

_FOOT_WORDS = r"\b(toes?|feet|foot|pointed|points?|turned)\s+(pointed\s+|point\s+|turned\s+)?"
_TOES_IN = re.compile(_FOOT_WORDS + r"in(ward)?\b|\binternal(ly)?\s+rotat")
_TOES_OUT = re.compile(_FOOT_WORDS + r"out(ward)?\b|\bexternal(ly)?\s+rotat")
_NEUTRAL = re.compile(r"\b(feet|foot|toes?)\s+(neutral|forward|straight)\b|\bneutral\s+(feet|foot|toes?)\b")
_PLANTARFLEXED = re.compile(r"plantar\s*-?\s*flex")
#: What a modifier's words say, as (compiled pattern, value), tried in order: the first match wins.
Vocabulary = tuple[tuple[re.Pattern[str], str], ...]


def _vocabulary(*entries: tuple[str, str]) -> Vocabulary:
    return tuple((re.compile(pattern), value) for pattern, value in entries)


_GRIPS: Vocabulary = _vocabulary(
    (r"\bsnatch[\s-]*grip\b", "snatch"),
    (r"\bneutral[\s-]*grip\b", "neutral"),
    (r"\b(close|narrow)[\s-]*grip\b", "close"),
    (r"\bwide[\s-]*grip\b", "wide"),
    (r"\bmixed[\s-]*grip\b", "mixed"),
    (r"\bhook[\s-]*grip\b", "hook"),
    (r"\b(double\s+)?overhand\b", "overhand"),
    (r"\b(underhand|supinated)\b", "underhand"),
)
_STANCES: Vocabulary = _vocabulary(
    (r"\bheels?\b.*\belevat", "heels-elevated"),
    (r"\b(wide|sumo)\s+stance\b", "wide"),
    (r"\b(narrow|close)\s+stance\b", "narrow"),
    (r"\b(staggered|b[\s-]*stance|kickstand)\b", "staggered"),
    (r"\bsplit\s+stance\b", "split"),
    (r"\bfeet\s+(slightly\s+)?forward\b", "feet-forward"),
    (r"\bfeet\s+elevated\b", "feet-elevated"),
)
_LOADS: Vocabulary = _vocabulary(
    (r"\b(at|to)\s+(the\s+)?chest\b|\bchest\b", "chest"),
    (r"\bon\s+(the\s+)?back\b", "back"),
    (r"\bin\s+front\b|\bfront\s+rack\b", "front"),
    (r"\boverhead\b", "overhead"),
    (r"\bbehind\s+(the\s+)?head\b", "behind-head"),
    (r"\b(in\s+(the\s+)?hands|at\s+(the\s+)?sides)\b", "hands"),
)


def _first(vocabulary: Vocabulary, text: str) -> str | None:
    for pattern, value in vocabulary:
        if pattern.search(text):
            return value
    return None


def read_modifiers(texts: Iterable[str], name: str, functions: frozenset[str],
                   muscles: frozenset[str]) -> Modifiers:
    """Structured modifiers from the parenthesised texts; grip and stance may also come from the
    name ("snatch grip romanian deadlift"). Foot position only emphasises muscles on knee-flexion
    work, since tibial rotation acts on a bent knee (A3, 003)."""
    foot: FootPosition | None = None
    plantarflexed = False
    grip: str | None = None
    stance: str | None = None
    load: str | None = None
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
    phases = tempo.phases
    if phases is None:
        return assumptions.rep_seconds_described_tempo
    x = assumptions.x_phase_seconds
    total = 0.0
    for phase in phases:
        total += x if phase == "X" else float(phase)
    return (total, total)


# --------------------------------------------------------------------------------------------------
# Interpretation
# --------------------------------------------------------------------------------------------------
#
# This runs for every line of every file, so it is written for speed where that costs little
# clarity: what depends only on a line's names and modifiers is worked out once per distinct
# line (:class:`_LineFacts`, kept in the catalog's memo), sums are taken in one pass instead of
# through throw-away :class:`~hamdsl.interpret.model.Tally` objects, and no frozen object is built only to
# be taken apart again (each costs about a microsecond).


class _LineFacts:
    """What an exercise line's names and modifiers say, whatever its sets, reps and rests.

    Every line that writes the same names and modifiers gets the same facts, so they are kept in
    the catalog's memo. ``matches`` has one entry per alternative name, ``None`` when unknown.
    The movement facts come from the first alternative that resolved (see
    :class:`~hamdsl.interpret.model.ExerciseModel`).
    """

    __slots__ = ("direct", "functions", "matches", "modifiers", "muscles", "unilateral")

    def __init__(
        self,
        matches: tuple[Match | None, ...],
        functions: frozenset[str],
        muscles: frozenset[str],
        direct: bool,
        unilateral: bool,
        modifiers: Modifiers,
    ) -> None:
        self.matches = matches
        self.functions = functions
        self.muscles = muscles
        self.direct = direct
        self.unilateral = unilateral
        self.modifiers = modifiers


def _read_line(names: tuple[str, ...], modifiers: tuple[str, ...], catalog: Catalog) -> _LineFacts:
    """The facts of a line from its written names and modifier texts (no memo here)."""
    matches = tuple(catalog.resolve(text) for text in names)
    spec = next((m.spec for m in matches if m is not None), None)
    functions = spec.functions if spec else frozenset()
    direct = bool(spec and spec.direct_hamstring)
    muscles = spec.muscles if (spec and direct) else frozenset()
    if KNEE_FLEXION not in functions:
        # A2: the short head does not cross the hip, so only knee flexion trains it.
        muscles = muscles - {"biceps-femoris-short-head"}
    unilateral = bool(spec and spec.unilateral)
    # " or ".join(...) is how the node spells the name (hamdsl.language.nodes.Exercise.name).
    read = read_modifiers(modifiers, " or ".join(names), functions, muscles)
    return _LineFacts(matches, functions, muscles, direct, unilateral, read)


def _line_facts(ex: Exercise, catalog: Catalog) -> _LineFacts:
    """The facts of ``ex``, from the catalog's memo when a line with the same names and modifiers
    came before. The key is the texts alone: the nodes themselves carry spans, so no two are equal."""
    key = (tuple([n.text for n in ex.names]), tuple([m.text for m in ex.modifiers]))
    memo = catalog._memo.lines
    facts = memo.get(key)
    if facts is None:
        facts = _read_line(key[0], key[1], catalog)
        _remember(memo, key, facts)
    return facts


def _resolutions(ex: Exercise, facts: _LineFacts, catalog: Catalog,
                 unresolved: list[UnresolvedName]) -> tuple[Resolution, ...]:
    """The line's resolutions; unknown names are also added to ``unresolved``, in file order."""
    resolutions: list[Resolution] = []
    for name, match in zip(ex.names, facts.matches, strict=True):
        if match is None:
            resolutions.append(Resolution(name, None))
            unresolved.append(UnresolvedName(name.text, name.span, catalog.suggest(name.text)))
        else:
            resolutions.append(Resolution(name, match.spec, match.plugin, match.matched))
    return tuple(resolutions)


_NO_TIME: Seconds = (0.0, 0.0)


def _exercise(ex: Exercise, facts: _LineFacts, resolutions: tuple[Resolution, ...], *,
              in_warmup: bool, last_in_group: bool, in_multi_group: bool,
              a: Assumptions, set_groups: tuple[SetGroupModel, ...] = (), steps: int = 0) -> ExerciseModel:
    unilateral = facts.unilateral
    scheme = ex.scheme
    reps_assumed = False
    per_rep = rep_seconds(ex.tempo, a)
    # Each set group (the first, then each after "then"): sets and the reps its time rests on.
    parts: list[tuple[float, float, Range | None]] = []
    if scheme is None:
        per_side = False
        hard_sets = ZERO
        reps = None
        parts.append((1.0, 1.0, None))  # one set when none is written
    else:
        per_side = bool(scheme.per_side)
        reps = scheme.reps
        if reps is None and (scheme.to_failure or scheme.amrap or scheme.rir):
            reps, reps_assumed = a.unwritten_reps, True
        parts.append((float(scheme.sets.low), float(scheme.sets.high), reps))
        low, high = scheme.sets.low, scheme.sets.high
        for group in ex.then:
            extra = group.scheme
            extra_reps = extra.reps
            if extra_reps is None and (extra.to_failure or extra.amrap or extra.rir):
                extra_reps = a.unwritten_reps
            parts.append((float(extra.sets.low), float(extra.sets.high), extra_reps))
            low, high = low + extra.sets.low, high + extra.sets.high
        hard_sets = ZERO if in_warmup else (scheme.sets if not ex.then else Range(low, high))
    sides = 2 if (per_side or unilateral) else 1
    rest_node = ex.rest
    written = rest_node.between_sets if rest_node is not None else None
    if written is not None:
        rest = (float(written.low), float(written.high))
    elif in_warmup or (in_multi_group and not last_in_group):
        rest = a.default_group_rest_seconds
    else:
        rest = a.default_rest_seconds
    # Warm-up drills flow from one to the next without set-up, so they get no transition time.
    transition = _NO_TIME if in_warmup else a.transition_seconds
    duration_low = duration_high = tut_low = tut_high = 0.0
    tut_per_set = _NO_TIME
    for i, (sets_low, sets_high, part_reps) in enumerate(parts):
        if ex.duration is not None:
            work = (float(ex.duration.low), float(ex.duration.high))
        elif part_reps is not None:
            work = (float(part_reps.low) * per_rep[0] * sides, float(part_reps.high) * per_rep[1] * sides)
        else:
            work = a.warmup_drill_seconds
        side_rest = _NO_TIME
        if sides == 2 and part_reps is not None:
            between = rest_node.between_sides if rest_node is not None else None
            side_rest = (
                (float(between.low), float(between.high)) if between is not None else a.side_switch_seconds
            )
        # Summed in the order work, side switch, transition, rest (as add_seconds would).
        per_set_low = work[0] + side_rest[0] + transition[0] + rest[0]
        per_set_high = work[1] + side_rest[1] + transition[1] + rest[1]
        duration_low += sets_low * per_set_low
        duration_high += sets_high * per_set_high
        if part_reps is not None:
            if i == 0:
                tut_per_set = work
            tut_low += sets_low * work[0]
            tut_high += sets_high * work[1]
    tut_total = (tut_low, tut_high) if reps is not None else _NO_TIME
    if reps is None:
        tut_per_set = _NO_TIME
    return ExerciseModel(
        exercise=ex,
        resolutions=resolutions,
        in_warmup=in_warmup,
        group=ex.label.letter if ex.label else None,
        functions=facts.functions,
        muscles=facts.muscles,
        direct_hamstring=facts.direct,
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
        duration=(duration_low, duration_high),
        modifiers=facts.modifiers,
        set_groups=set_groups,
        progression_steps=steps,
    )


# --------------------------------------------------------------------------------------------------
# Loads
# --------------------------------------------------------------------------------------------------


class _Loads:
    """What turns a written load into kg or lb for one program: its ``1rm:`` lines (keyed by the
    catalog entry they name, or the normalised name when the catalog does not know it), ``tm:``,
    ``round:`` and ``units:``."""

    __slots__ = ("maxes", "rounding", "training_max", "units")

    def __init__(self, program: Program, catalog: Catalog) -> None:
        block = program.block
        self.maxes: dict[str, OneRepMax] = {}
        self.training_max = block.training_max if block is not None else None
        self.rounding = block.rounding if block is not None else None
        self.units = block.units if block is not None else None
        if block is not None:
            for one_rep_max in block.one_rep_maxes:
                self.maxes.setdefault(_max_key(one_rep_max.exercise, catalog), one_rep_max)

    def round(self, amount: float) -> float:
        step = self.rounding
        if step:
            return round(round(amount / step) * step, 4)
        return round(amount, 1)


def _max_key(text: str, catalog: Catalog) -> str:
    match = catalog.resolve(text)
    return match.spec.name if match is not None else catalog.key(text)


def one_rep_max_key(ex: Exercise, catalog: Catalog) -> str:
    """The key an exercise's ``1rm:`` line is found under: its catalog entry's name (first
    alternative that resolves), else its written name normalised."""
    for name in ex.names:
        match = catalog.resolve(name.text)
        if match is not None:
            return match.spec.name
    return catalog.key(ex.names[0].text) if ex.names else ""


def _load_progress(progressions: tuple[Progression, ...]) -> tuple[float, str | None]:
    """The weekly load change of the ``progress:`` lines that change load on a plan: amount and
    unit (``"%"`` for per cent). Conditional and double progressions depend on the reps made, so
    a plan shows the load they start from."""
    amount, unit = 0.0, None
    for p in progressions:
        if p.kind == "load" and not p.condition and p.amount is not None:
            amount += p.amount
            unit = p.unit
    return amount, unit


def _resolve_load(load: Load, before: LoadModel | None, one_rep_max: OneRepMax | None,
                  change: float, change_unit: str | None, factor: float, loads: _Loads) -> LoadModel:
    """One set group's load in one week: ``change`` is the progression so far (in ``change_unit``),
    ``factor`` a deload's share of the load."""
    kind = load.kind
    if kind == "rpe":
        return LoadModel("rpe", rpe=load.rpe)
    if kind == "relative":
        per_cent = load.unit in (None, "%")  # "-10%": a share of the group before; "-5kg": a weight
        change_text = load.amount or 0.0
        if before is None or before.amount is None or (before.kind == "bodyweight" and per_cent):
            return LoadModel("relative", percent=change_text if per_cent else None,
                             amount=None if per_cent else change_text,
                             unit=None if per_cent else load.unit, missing="base")
        if per_cent:
            amount = loads.round(before.amount * (1 + change_text / 100))
        else:
            amount = loads.round(before.amount + change_text)
        kind = "bodyweight" if before.kind == "bodyweight" else "weight"
        return LoadModel(kind, amount=amount, unit=before.unit, percent=change_text if per_cent else None)
    if kind == "percent":
        percent = (load.amount or 0.0) + (change if change_unit == "%" else 0.0)
        basis = load.basis or "1rm"
        if one_rep_max is None:
            return LoadModel("percent", percent=percent, basis=basis, missing="1rm")
        share = percent / 100
        if basis == "tm":
            if loads.training_max is None:
                return LoadModel("percent", percent=percent, basis=basis, missing="tm")
            share *= loads.training_max / 100
        amount = one_rep_max.amount * share
        if change_unit not in (None, "%"):
            amount += change
        return LoadModel("percent", amount=loads.round(amount * factor), unit=one_rep_max.unit,
                         percent=percent, basis=basis)
    # weight, bodyweight
    base = load.amount or 0.0
    unit = load.unit or loads.units
    if change_unit == "%":
        base *= 1 + change / 100
    elif change_unit is not None:
        base += change
    if change_unit is None and factor == 1.0:
        return LoadModel(kind, amount=base, unit=unit)  # as written: never rounded away
    return LoadModel(kind, amount=loads.round(base * factor), unit=unit)


def _set_groups(ex: Exercise, key: str, steps: int, deload: Deload | None,
                loads: _Loads) -> tuple[SetGroupModel, ...]:
    """The exercise's set groups this week, with their loads worked out."""
    scheme = ex.scheme
    if scheme is None:
        return ()
    if ex.load is None and not ex.then:
        return (SetGroupModel(scheme, None),)
    per_week, unit = _load_progress(ex.progress) if steps > 0 else (0.0, None)
    change = per_week * steps
    factor = deload.load if deload is not None else 1.0
    one_rep_max = loads.maxes.get(key)
    result: list[SetGroupModel] = []
    before: LoadModel | None = None
    written = [(scheme, ex.load), *((g.scheme, g.load) for g in ex.then)]
    for group_scheme, load in written:
        model = None
        if load is not None:
            model = _resolve_load(load, before, one_rep_max, change, unit, factor, loads)
        result.append(SetGroupModel(group_scheme, model))
        if model is not None:
            before = model
    return tuple(result)


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
            unresolved: list[UnresolvedName], week: _Week | None = None) -> tuple[GroupModel, ...]:
    result: list[GroupModel] = []
    for members in _split_groups(exercises):
        multi = len(members) > 1
        last = len(members) - 1
        models: list[ExerciseModel] = []
        low: int | None = None  # the group's rounds: lowest and highest written sets
        high: int | None = None
        for i, ex in enumerate(members):
            facts = _line_facts(ex, catalog)
            resolutions = _resolutions(ex, facts, catalog, unresolved)
            steps = week.steps if week is not None else 0
            set_groups: tuple[SetGroupModel, ...] = ()
            if ex.scheme is not None:
                if ex.load is None and not ex.then:
                    set_groups = (SetGroupModel(ex.scheme, None),)
                elif week is not None:
                    key = next((m.spec.name for m in facts.matches if m is not None),
                               catalog.key(ex.names[0].text) if ex.names else "")
                    set_groups = _set_groups(ex, key, steps, week.deload, week.loads)
            models.append(_exercise(ex, facts, resolutions, in_warmup=in_warmup, last_in_group=i == last,
                                    in_multi_group=multi, a=a, set_groups=set_groups, steps=steps))
            if ex.scheme is not None:
                sets = ex.scheme.sets
                low = sets.low if low is None else min(low, sets.low)
                high = sets.high if high is None else max(high, sets.high)
        first = members[0]
        result.append(GroupModel(
            letter=first.label.letter if first.label else None,
            kind=group_kind(len(members)),
            exercises=tuple(models),
            rounds=Range(1, 1) if low is None or high is None else Range(low, high),
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


def _tally(keys: Sequence[str], lows: Mapping[str, int], highs: Mapping[str, int]) -> Tally:
    # Most keys of a session hold no sets; their entries share ZERO rather than each make one.
    entries = []
    for k in keys:
        low, high = lows[k], highs[k]
        entries.append((k, Range(low, high) if low or high else ZERO))
    return Tally(tuple(entries))


def _in_order(memo: dict[frozenset[str], tuple[str, ...]], held: frozenset[str],
              order: Sequence[str]) -> tuple[str, ...]:
    """The keys of ``order`` that ``held`` holds, in that order, remembered in ``memo``: the few
    sets of functions and muscles the catalog's exercises have recur on every line."""
    found = tuple(k for k in order if k in held)
    _remember(memo, held, found)
    return found


def _session(session_node: Session, index: int, catalog: Catalog, a: Assumptions,
             unresolved: list[UnresolvedName], week: _Week | None = None) -> SessionModel:
    groups = _groups(session_node.exercises, catalog, a, in_warmup=False, unresolved=unresolved, week=week)
    # One pass for every per-session figure.
    function_low = dict.fromkeys(FUNCTIONS, 0)
    function_high = dict.fromkeys(FUNCTIONS, 0)
    muscle_low = dict.fromkeys(MUSCLES, 0)
    muscle_high = dict.fromkeys(MUSCLES, 0)
    order: list[str] = []
    count = hamstring_count = quad_count = hamstring_low = hamstring_high = 0
    trains_directly = False
    functions_in_order, muscles_in_order = catalog._memo.functions_in_order, catalog._memo.muscles_in_order
    for group in groups:
        for ex in group.exercises:
            count += 1
            hard = ex.hard_sets
            functions = ex.functions
            for function in functions_in_order.get(functions) or _in_order(
                functions_in_order, functions, FUNCTIONS
            ):
                function_low[function] += hard.low
                function_high[function] += hard.high
                if function not in order:
                    order.append(function)
            if KNEE_EXTENSION in functions:
                quad_count += 1
            if ex.direct_hamstring:
                hamstring_count += 1
                hamstring_low += hard.low
                hamstring_high += hard.high
                trains_directly = trains_directly or hard.high > 0
                muscles = ex.muscles
                for muscle in muscles_in_order.get(muscles) or _in_order(muscles_in_order, muscles, MUSCLES):
                    muscle_low[muscle] += hard.low
                    muscle_high[muscle] += hard.high
    return SessionModel(
        session=session_node,
        index=index,
        groups=groups,
        hard_sets_by_function=_tally(FUNCTIONS, function_low, function_high),
        hard_sets_by_muscle=_tally(MUSCLES, muscle_low, muscle_high),
        hamstring_hard_sets=Range(hamstring_low, hamstring_high),
        exercise_count=count,
        hamstring_exercise_count=hamstring_count,
        quad_exercise_count=quad_count,
        function_order=tuple(order),
        duration=_block_duration(groups, a),
        trains_hamstrings_directly=trains_directly,
    )


def _week_tally(keys: Sequence[str], tallies: Iterable[tuple[Tally, int]]) -> Tally:
    """Tallies added, each ``factor`` times; ``keys`` first, then any other key as first seen."""
    lows = dict.fromkeys(keys, 0)
    highs = dict.fromkeys(keys, 0)
    for tally, factor in tallies:
        for key, value in tally.entries:
            lows[key] = lows.get(key, 0) + value.low * factor
            highs[key] = highs.get(key, 0) + value.high * factor
    return _tally(tuple(lows), lows, highs)


def _week(sessions: Sequence[SessionModel]) -> WeekModel:
    hamstring_low = hamstring_high = 0
    duration_low = duration_high = 0.0
    sessions_per_week = frequency = exercise_count = hamstring_count = quad_count = 0
    occurrences: list[int] = []
    for s in sessions:
        n = s.occurrences
        occurrences.append(n)
        hamstring_low += s.hamstring_hard_sets.low * n
        hamstring_high += s.hamstring_hard_sets.high * n
        duration_low += s.duration[0] * n
        duration_high += s.duration[1] * n
        sessions_per_week += n
        if s.trains_hamstrings_directly:
            frequency += n
        exercise_count += s.exercise_count * n
        hamstring_count += s.hamstring_exercise_count * n
        quad_count += s.quad_exercise_count * n
    return WeekModel(
        hard_sets_by_function=_week_tally(
            FUNCTIONS, zip((s.hard_sets_by_function for s in sessions), occurrences, strict=True)),
        hard_sets_by_muscle=_week_tally(
            MUSCLES, zip((s.hard_sets_by_muscle for s in sessions), occurrences, strict=True)),
        hamstring_hard_sets=Range(hamstring_low, hamstring_high),
        sessions_per_week=sessions_per_week,
        frequency=frequency,
        exercise_count=exercise_count,
        hamstring_exercise_count=hamstring_count,
        quad_exercise_count=quad_count,
        duration=(duration_low, duration_high),
    )


def _in_force(settings: Settings | None, catalog: Catalog) -> tuple[Assumptions, VolumeLandmarks]:
    """The assumptions and landmarks of ``settings``, built once per settings object.

    Keyed by identity: a run has one :class:`~hamdsl.config.settings.Settings` per configuration file,
    and the memo holds on to it, so its id cannot be reused by another object meanwhile.
    """
    memo = catalog._memo.settings
    key = id(settings)
    entry = memo.get(key)
    if entry is None or entry[0] is not settings:
        entry = (settings, assumptions_from_settings(settings), landmarks_from_settings(settings))
        _remember(memo, key, entry)
    return entry[1], entry[2]


class _Week:
    """What the loads of one week depend on besides the line: progression steps, the deload, and
    the program's ``1rm:``/``tm:``/``round:`` lines."""

    __slots__ = ("deload", "loads", "steps")

    def __init__(self, steps: int, deload: Deload | None, loads: _Loads) -> None:
        self.steps = steps
        self.deload = deload
        self.loads = loads


def _signature(sessions: Sequence[SessionModel]) -> Any:
    """What a week prescribes, positions left out: two weeks with equal signatures are the same."""
    from hamdsl.core.serialize import to_data

    return repr([
        (to_data(s.session, spans=False),
         [[to_data(g, spans=False) for g in e.set_groups] for e in s.exercises])
        for s in sessions
    ])


def interpret(program: Program, catalog: Catalog, settings: Settings | None = None) -> Model:
    """The meaning of ``program``: never raises on unknown names (they land in ``unresolved``).

    Each week of the block (:mod:`hamdsl.interpret.block`) is interpreted on its own: its sessions,
    with that week's sets, reps, RIR and loads, taken as one week in which a session naming
    several weekdays occurs that many times. Warm-up blocks are interpreted with zero hard sets and
    timed on their own. ``Model.sessions`` and ``Model.week`` are week 1's. Names are resolved
    against ``catalog`` with the exercises the configuration and the file declare
    (:func:`catalog_for`).
    """
    catalog, known_declarations = catalog_for(program, catalog, settings)
    a, landmarks = _in_force(settings, catalog)
    sources = week_sources(program)
    loads = _Loads(program, catalog)
    unresolved: list[UnresolvedName] = []
    seen_unresolved: set[tuple[str, int, int]] = set()
    plans: list[WeekPlan] = []
    # Interpreted weeks by what they are made of, so a week that repeats another is not redone.
    done: dict[tuple[Any, ...], WeekPlan] = {}
    warmups_done: dict[int, tuple[WarmUpModel, ...]] = {}
    for source in sources:
        progressing = source.steps > 0 and any(ex.progress for s in source.sessions for ex in s.exercises)
        key = (id(source.sessions), source.steps if progressing else 0, id(source.deload), id(source.warmups))
        earlier = done.get(key)
        if earlier is not None:
            signature = (source.ratio, earlier.signature[1]) if earlier.signature is not None else None
            plans.append(WeekPlan(source.number, source.name, source.is_deload, source.ratio, source.header,
                                  earlier.sessions, earlier.warmups, earlier.week, signature))
            continue
        found: list[UnresolvedName] = []
        warmups = warmups_done.get(id(source.warmups))
        if warmups is None:
            built = []
            for w in source.warmups:
                groups = _groups(w.exercises, catalog, a, in_warmup=True, unresolved=found)
                built.append(WarmUpModel(warmup=w, groups=groups, duration=_block_duration(groups, a)))
            warmups = warmups_done[id(source.warmups)] = tuple(built)
        week_info = _Week(source.steps if progressing else 0, source.deload, loads)
        sessions = tuple(_session(s, i, catalog, a, found, week_info)
                         for i, s in enumerate(expand_sessions(source)))
        for name in found:
            where = (name.text, name.span.line, name.span.column)
            if where not in seen_unresolved:
                seen_unresolved.add(where)
                unresolved.append(name)
        # The ratio is part of what a week prescribes: phase-ratio holds each week to its own.
        signature = (source.ratio, _signature(sessions)) if len(sources) > 1 else None
        plan = WeekPlan(source.number, source.name, source.is_deload, source.ratio, source.header,
                        sessions, warmups, _week(sessions), signature)
        done[key] = plan
        plans.append(plan)
    first = plans[0]
    return Model(
        program=program,
        sessions=first.sessions,
        warmups=first.warmups,
        week=first.week,
        unresolved=tuple(unresolved),
        assumptions=a,
        landmarks=landmarks,
        weeks=tuple(plans),
        known_declarations=known_declarations,
    )
