"""The exercise catalog: every exercise the four documents name resolves, with the right functions.

The list below is the documents' vocabulary, written as the articles write it (case, hyphens and
plurals included), with the file each name comes from. If an entry or alias is removed from
exercises.toml, the test names the exercise that stopped resolving.
"""

from __future__ import annotations

import pytest

from hamdsl.core.contribution import Contribution
from hamdsl.interpret.interpreter import Catalog, normalise
from hamdsl.plugins.api import HIP_EXTENSION as HE
from hamdsl.plugins.api import KNEE_EXTENSION as KE
from hamdsl.plugins.api import KNEE_FLEXION as KF
from hamdsl.plugins.api import MUSCLES, REGIONS, ExerciseSpec
from hamdsl.plugins.api import OTHER as OT
from hamdsl.plugins.host import load
from tests.conftest import builtin_catalog

CATALOG = builtin_catalog()

# (as written in the document, document, expected functions, direct hamstring training?)
DOCUMENT_EXERCISES: list[tuple[str, str, frozenset[str], bool]] = [
    # 000
    ("Lying leg curl", "000", frozenset({KF}), True),
    ("Standing barbell good morning", "000", frozenset({HE}), True),
    ("Snatch grip Romanian deadlift", "000", frozenset({HE}), True),
    ("45 degree back extension", "000", frozenset({HE}), True),
    ("Seated leg curl", "000", frozenset({KF}), True),
    ("45 degree hyperextension", "000", frozenset({HE}), True),
    ("Back Squat", "000", frozenset({KE}), False),
    ("Leg Press", "000", frozenset({KE}), False),
    ("Deficit snatch grip deadlift", "000", frozenset({HE}), True),
    ("90 degree back extension", "000", frozenset({HE}), True),
    ("stiff-legged deadlifts", "000", frozenset({HE}), True),
    ("good mornings", "000", frozenset({HE}), True),
    ("deadlifts", "000", frozenset({HE}), True),
    ("back extensions", "000", frozenset({HE}), True),
    ("leg extensions", "000", frozenset({KE}), False),
    ("leg presses", "000", frozenset({KE}), False),
    # 001
    ("Barbell stiff leg deadlift", "001", frozenset({HE}), True),
    ("Conventional deadlift", "001", frozenset({HE}), True),
    ("hex bar deadlift", "001", frozenset({HE}), True),
    ("Romanian deadlift", "001", frozenset({HE}), True),
    ("Single leg Romanian deadlift", "001", frozenset({HE}), True),
    ("sumo deadlift", "001", frozenset({HE}), True),
    ("Single leg deadlifts", "001", frozenset({HE}), True),
    ("Hip thrusts", "001", frozenset({HE}), True),
    ("glute bridges", "001", frozenset({HE}), True),
    ("Kettlebell swings", "001", frozenset({HE}), True),
    ("Seated hamstring curl machine", "001", frozenset({KF}), True),
    ("Prone (lying) hamstring curl machine", "001", frozenset({KF}), True),
    ("Nordic hamstring curls", "001", frozenset({KF}), True),
    ("Physio ball leg curls", "001", frozenset({KF, HE}), True),
    ("Dumbbell deadlifts", "001", frozenset({HE}), True),
    ("Dumbbell Romanian deadlifts", "001", frozenset({HE}), True),
    ("Single leg dumbbell deadlifts", "001", frozenset({HE}), True),
    ("Weighted glute bridges", "001", frozenset({HE}), True),
    ("Dumbbell good mornings", "001", frozenset({HE}), True),
    ("Reverse dumbbell lunges", "001", frozenset({KE}), False),
    ("dumbbell step ups", "001", frozenset({KE}), False),
    ("light cardio", "001", frozenset({OT}), False),
    ("Knee hugs", "001", frozenset({OT}), False),
    ("Lunges with elbow to instep", "001", frozenset({OT}), False),
    ("Hip flexion", "001", frozenset({OT}), False),
    ("leg swings", "001", frozenset({OT}), False),
    ("Hamstring scoops", "001", frozenset({OT}), False),
    ("flossing", "001", frozenset({OT}), False),
    ("Assisted sitting hamstring stretches", "001", frozenset({OT}), False),
    ("Handwalks", "001", frozenset({OT}), False),
    ("Physio ball bridges", "001", frozenset({HE}), True),
    ("double leg bridges", "001", frozenset({HE}), True),
    ("single leg bridges", "001", frozenset({HE}), True),
    ("ball curls", "001", frozenset({KF, HE}), True),
    # 002
    ("Romanian Deadlift", "002", frozenset({HE}), True),
    ("RDL", "002", frozenset({HE}), True),
    ("Bulgarian Split Squats", "002", frozenset({KE}), False),
    ("Nordic Hamstring Curls", "002", frozenset({KF}), True),
    ("Eccentric Glute-Ham Raise", "002", frozenset({KF, HE}), True),
    ("45-degree back extension", "002", frozenset({HE}), True),
    ("single-leg RDLs", "002", frozenset({HE}), True),
    ("single-leg curls", "002", frozenset({KF}), True),
    ("squats", "002", frozenset({KE}), False),
    # 003
    ("Squats", "003", frozenset({KE}), False),
    ("Lunges", "003", frozenset({KE}), False),
    ("Leg extension", "003", frozenset({KE}), False),
    ("Leg curl", "003", frozenset({KF}), True),
    ("Standing Leg Curl", "003", frozenset({KF}), True),
    ("Incline Back Extension", "003", frozenset({HE}), True),
    ("Dumbbell Split-Squat", "003", frozenset({KE}), False),
    ("Lying Leg Curl", "003", frozenset({KF}), True),
    ("Stiff-Leg Deadlift", "003", frozenset({HE}), True),
    ("Reverse-Band Hack Squat", "003", frozenset({KE}), False),
    ("Kneeling Leg Curl", "003", frozenset({KF}), True),
    ("Glute-Ham Raise", "003", frozenset({KF, HE}), True),
    ("Barbell Step-Up", "003", frozenset({KE}), False),
]


@pytest.mark.parametrize(("written", "document", "functions", "direct"), DOCUMENT_EXERCISES,
                         ids=[f"{d}:{w}" for w, d, _, _ in DOCUMENT_EXERCISES])
def test_every_document_exercise_resolves(written: str, document: str, functions: frozenset[str],
                                          direct: bool) -> None:
    match = CATALOG.resolve(written)
    hint = CATALOG.suggest(written)
    assert match is not None, f"{written!r} ({document}) does not resolve; suggestions: {hint}"
    assert match.spec.functions == functions
    assert match.spec.direct_hamstring is direct


def test_the_catalog_is_large_enough() -> None:
    assert len(CATALOG) >= 60


@pytest.mark.parametrize(("written", "canonical"), [
    ("SL RDL", "single-leg romanian deadlift"),
    ("sl rdls", "single-leg romanian deadlift"),
    ("SLDL", "stiff-leg deadlift"),
    ("GHR", "glute-ham raise"),
    ("DB RDL", "dumbbell romanian deadlift"),
    ("BB good morning", "good morning"),
    ("hyper", "back extension"),
    ("Hypers", "back extension"),
    ("reverse hyper", "reverse hyperextension"),
    ("LYING   LEG CURLS", "lying leg curl"),
    ("lying leg-curl", "lying leg curl"),
    ("trap bar DL", "hex bar deadlift"),
    ("45° back extension", "45 degree back extension"),
    ("kb swings", "kettlebell swing"),
    ("BSS", "bulgarian split squat"),
    ("Nordics", "nordic hamstring curl"),
    ("dumbbell bulgarian split squats", "bulgarian split squat"),
    ("heavy barbell romanian deadlift", "romanian deadlift"),
])
def test_abbreviations_plurals_and_case(written: str, canonical: str) -> None:
    match = CATALOG.resolve(written)
    assert match is not None and match.spec.name == canonical


@pytest.mark.parametrize(("written", "expected"), [
    ("lying leg curll", "lying leg curl"),
    ("romainan deadlift", "romanian deadlift"),
    ("nordic hamstrng curl", "nordic hamstring curl"),
    ("bulgarain split squat", "bulgarian split squat"),
])
def test_unknown_names_get_suggestions(written: str, expected: str) -> None:
    assert CATALOG.resolve(written) is None
    assert CATALOG.suggest(written)[0] == expected


def test_nonsense_gets_no_suggestion_and_no_crash() -> None:
    assert CATALOG.resolve("zzqx") is None
    assert CATALOG.suggest("zzqx") == ()
    assert CATALOG.resolve("") is None


def test_short_head_only_through_knee_flexion() -> None:
    """A2: hip-extension-only entries never list the biceps femoris short head."""
    for spec in CATALOG.specs:
        if "biceps-femoris-short-head" in spec.muscles:
            assert KF in spec.functions, spec.name
        assert spec.muscles <= set(MUSCLES)
        if not spec.direct_hamstring:
            assert not spec.muscles, spec.name


def test_squats_lunges_and_presses_are_not_direct_hamstring_work() -> None:
    """A5 / 002 FAQ."""
    for name in ("squat", "lunge", "leg press", "split squat", "step-up", "bulgarian split squat",
                 "front squat", "hack squat"):
        match = CATALOG.resolve(name)
        assert match is not None and not match.spec.direct_hamstring, name


def test_names_and_aliases_do_not_collide() -> None:
    seen: dict[str, str] = {}
    for spec in CATALOG.specs:
        for written in (spec.name, *spec.aliases):
            key = CATALOG.key(written)
            assert seen.setdefault(key, spec.name) == spec.name, f"{written!r}: {seen[key]} vs {spec.name}"


def test_a_later_plugin_extends_an_entry() -> None:
    extra = ExerciseSpec(name="Lying Leg Curl", functions=frozenset({KF}), aliases=("flat curl",))
    contributions = [Contribution("catalog", s) for s in CATALOG.specs] + [Contribution("gym", extra)]
    catalog = Catalog.from_contributions(contributions)
    match = catalog.resolve("flat curls")
    assert match is not None and match.spec.name == "lying leg curl" and match.plugin == "catalog"
    assert len(catalog) == len(CATALOG)


def test_the_catalog_arrives_through_the_entry_point() -> None:
    host = load()
    assert any(c.plugin == "catalog" for c in host.exercises())
    assert not host.warnings


def test_disabling_the_plugin_leaves_names_unresolved() -> None:
    host = load(["catalog"])
    assert Catalog.from_contributions(host.exercises()).resolve("lying leg curl") is None


def test_two_catalogs_built_from_the_same_plugins_resolve_alike() -> None:
    cold = builtin_catalog()
    warm = builtin_catalog()
    def found(catalog: Catalog, written: str) -> tuple[object, ...] | None:
        match = catalog.resolve(written)
        return None if match is None else (match.spec, match.plugin, match.matched)

    for written, *_ in DOCUMENT_EXERCISES:
        assert found(warm, written) == found(cold, written), written


# --------------------------------------------------------------------------------------------------
# Whole programs: regions, and names that must never cross from one movement to another
# --------------------------------------------------------------------------------------------------


def test_every_entry_has_a_known_region() -> None:
    for spec in CATALOG.specs:
        assert spec.region in REGIONS, spec.name


def test_at_least_150_exercises_outside_the_legs() -> None:
    outside = [s for s in CATALOG.specs if s.region != "legs"]
    assert len(outside) >= 150
    assert {s.region for s in outside} == set(REGIONS) - {"legs"}


def test_nothing_outside_the_legs_is_hamstring_work() -> None:
    for spec in CATALOG.specs:
        if spec.region == "legs":
            continue
        assert not spec.direct_hamstring and not spec.muscles, spec.name
        assert KF not in spec.functions, spec.name
        if spec.region not in ("full-body",):
            assert spec.functions == frozenset({OT}), spec.name


@pytest.mark.parametrize(("written", "canonical"), [
    ("barbell curl", "barbell curl"),
    ("Barbell Curls", "barbell curl"),
    ("dumbbell curl", "dumbbell curl"),
    ("DB curls", "dumbbell curl"),
    ("cable curl", "cable curl"),
    ("hammer curl", "hammer curl"),
    ("standing barbell curl", "barbell curl"),
    ("EZ-bar curl", "ez-bar curl"),
    ("preacher curls", "preacher curl"),
    ("incline dumbbell curl", "incline dumbbell curl"),
    ("concentration curl", "concentration curl"),
    ("wrist curls", "wrist curl"),
])
def test_arm_curls_are_arm_curls_never_knee_flexion(written: str, canonical: str) -> None:
    match = CATALOG.resolve(written)
    assert match is not None and match.spec.name == canonical
    assert match.spec.region == "arms"
    assert KF not in match.spec.functions and not match.spec.direct_hamstring


@pytest.mark.parametrize("written", ["curl", "curls", "Curl", "standing curl"])
def test_a_bare_curl_is_ambiguous(written: str) -> None:
    """002 writes "curls" for leg curls; in a catalog of whole programs it could be either."""
    assert CATALOG.resolve(written) is None
    assert CATALOG.suggest(written) == ("leg curl", "barbell curl")


def test_dropping_words_never_crosses_regions_or_movements() -> None:
    """Every name and alias with an equipment or style word added, as a coach adds them, resolves
    to an exercise of its own region and functions, or to nothing; never to another movement."""
    index = {CATALOG.key(w) for s in CATALOG.specs for w in (s.name, *s.aliases)}
    for spec in CATALOG.specs:
        for written in (spec.name, *spec.aliases):
            for word in ("heavy", "paused", "standing", "weighted", "barbell", "dumbbell", "cable",
                         "machine"):
                text = f"{word} {written}"
                if CATALOG.key(text) in index:
                    continue  # a name of its own: the catalog says what it is
                match = CATALOG.resolve(text)
                if match is not None:
                    assert (match.spec.region, match.spec.functions) == (spec.region, spec.functions), (
                        f"{text!r} resolves to {match.spec.name}, not to an exercise like {spec.name}"
                    )


def test_a_plugin_alias_cannot_pull_arm_curls_into_the_leg_curl() -> None:
    """If a plugin gives the leg curl back its old alias "curl", the bare word resolves (an alias
    is the catalog's word), but "cable curl" with no entry of its own still does not become a leg
    curl: "curl" could also be the barbell curl."""
    specs = [s for s in CATALOG.specs if s.name != "cable curl"]
    extra = ExerciseSpec(name="leg curl", functions=frozenset({KF}), aliases=("curl",))
    catalog = Catalog.from_contributions(
        [Contribution("catalog", s) for s in specs] + [Contribution("gym", extra)]
    )
    curl = catalog.resolve("curl")
    assert curl is not None and curl.spec.name == "leg curl"
    assert catalog.resolve("cable curl") is None
    assert catalog.resolve("weighted curl") is None


@pytest.mark.parametrize(("written", "canonical"), [
    ("one-leg leg curl", "single-leg leg curl"),
    ("1-leg leg curl", "single-leg leg curl"),
    ("one leg curl", "single-leg leg curl"),
    ("one-leg RDL", "single-leg romanian deadlift"),
    ("1-leg Romanian deadlift", "single-leg romanian deadlift"),
    ("one-legged RDL", "single-leg romanian deadlift"),
    ("one-leg hip thrust", "single-leg hip thrust"),
    ("one-leg glute bridge", "single-leg glute bridge"),
    ("one-leg back extension", "single-leg back extension"),
    ("one leg seated curl", "single-leg seated leg curl"),
    ("one-leg calf raise", "single-leg calf raise"),
    ("1-arm dumbbell row", "dumbbell row"),
    ("GHD", "glute-ham raise"),
    ("GHDs", "glute-ham raise"),
    ("glute-ham developer", "glute-ham raise"),
    ("GHD sit-up", "ghd sit-up"),
    ("GHD back extension", "90 degree back extension"),
])
def test_one_leg_variants_and_ghd(written: str, canonical: str) -> None:
    match = CATALOG.resolve(written)
    assert match is not None and match.spec.name == canonical, CATALOG.suggest(written)


@pytest.mark.parametrize(("written", "region", "functions"), [
    ("bench press", "chest", {OT}),
    ("incline DB press", "chest", {OT}),
    ("push-ups", "chest", {OT}),
    ("weighted dips", "chest", {OT}),
    ("Pendlay row", "back", {OT}),
    ("T-bar row", "back", {OT}),
    ("chest-supported row", "back", {OT}),
    ("inverted rows", "back", {OT}),
    ("weighted pull-ups", "back", {OT}),
    ("assisted chin-up", "back", {OT}),
    ("lat pulldown", "back", {OT}),
    ("OHP", "shoulders", {OT}),
    ("push press", "shoulders", {OT}),
    ("face pulls", "shoulders", {OT}),
    ("lateral raises", "shoulders", {OT}),
    ("shrugs", "shoulders", {OT}),
    ("skull crushers", "arms", {OT}),
    ("rope pushdown", "arms", {OT}),
    ("close-grip bench press", "arms", {OT}),
    ("side plank", "core", {OT}),
    ("Pallof press", "core", {OT}),
    ("ab wheel", "core", {OT}),
    ("hanging leg raises", "core", {OT}),
    ("seated calf raise", "calves", {OT}),
    ("donkey calf raises", "calves", {OT}),
    ("farmer's walk", "full-body", {OT}),
    ("suitcase carry", "full-body", {OT}),
    ("power clean", "full-body", {HE}),
    ("snatch", "full-body", {HE}),
    ("thrusters", "full-body", {KE}),
])
def test_whole_program_lifts(written: str, region: str, functions: set[str]) -> None:
    match = CATALOG.resolve(written)
    assert match is not None, CATALOG.suggest(written)
    assert match.spec.region == region and match.spec.functions == functions
    assert not match.spec.direct_hamstring


def test_the_kettlebell_swing_stays_hip_extension() -> None:
    match = CATALOG.resolve("KB swings")
    assert match is not None and match.spec.functions == {HE} and match.spec.direct_hamstring


def test_a_bad_region_is_refused() -> None:
    from hamdsl_plugins.catalog import spec_from_entry

    with pytest.raises(ValueError, match="region 'neck'"):
        spec_from_entry({"name": "neck curl", "functions": ["other"], "region": "neck"})



#: Every name the example routines write, and the entry it resolves to (unchanged by the regions).
EXAMPLE_NAMES: dict[str, str] = {
    '45 degree back extension': '45 degree back extension',
    '45 degree hyperextension': '45 degree back extension',
    '90 degree back extension': '90 degree back extension',
    'back squat': 'back squat',
    'barbell step-up': 'step-up',
    'barbell stiff leg deadlift': 'stiff-leg deadlift',
    'bulgarian split squat': 'bulgarian split squat',
    'conventional deadlift': 'conventional deadlift',
    'deficit snatch grip deadlift': 'deficit snatch grip deadlift',
    'dumbbell split-squat': 'split squat',
    'eccentric glute-ham raise': 'glute-ham raise',
    'glute bridges': 'glute bridge',
    'glute-ham raise': 'glute-ham raise',
    'hex bar deadlift': 'hex bar deadlift',
    'hip flexion': 'hip flexion',
    'incline back extension': '45 degree back extension',
    'knee hugs': 'knee hug',
    'kneeling leg curl': 'kneeling leg curl',
    'leg curl': 'leg curl',
    'leg extension': 'leg extension',
    'leg press': 'leg press',
    'leg swings': 'leg swing',
    'light cardio': 'light cardio',
    'lunges': 'lunge',
    'lunges with elbow to instep': 'lunge with elbow to instep',
    'lying leg curl': 'lying leg curl',
    'nordic hamstring curl': 'nordic hamstring curl',
    'reverse-band hack squat': 'reverse-band hack squat',
    'romanian deadlift': 'romanian deadlift',
    'seated leg curl': 'seated leg curl',
    'single leg romanian deadlift': 'single-leg romanian deadlift',
    'snatch grip romanian deadlift': 'snatch grip romanian deadlift',
    'squats': 'back squat',
    'standing barbell good morning': 'good morning',
    'standing leg curl': 'standing leg curl',
    'stiff-leg deadlift': 'stiff-leg deadlift',
}


def test_every_example_name_resolves_as_before() -> None:
    from pathlib import Path

    from hamdsl.language.parser import parse

    written = set()
    for path in sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.ham")):
        program = parse(path.read_text(encoding="utf-8")).program
        for block in (*program.warmups, *program.sessions):
            written.update(n.text for ex in block.exercises for n in ex.names)
    assert written == set(EXAMPLE_NAMES)
    for text, canonical in EXAMPLE_NAMES.items():
        match = CATALOG.resolve(text)
        assert match is not None and match.spec.name == canonical, text


def test_abbreviations_of_exercises_come_from_the_catalog_not_the_core() -> None:
    """The core spells out words ("sl", "db"); "rdl" is the built-in catalog's, on its entry."""
    assert normalise("SL RDLs") == "single leg rdl"
    assert CATALOG.key("SL RDLs") == "single leg romanian deadlift"
    match = CATALOG.resolve("1-leg DB RDLs")
    assert match is not None and match.spec.name == "single-leg romanian deadlift"


def test_a_plugin_abbreviation_is_spelled_out_inside_longer_names() -> None:
    sled = ExerciseSpec(name="zercher sled drag", functions=frozenset({HE}), abbreviations=("zsd",))
    one_leg = ExerciseSpec(name="single leg zercher sled drag", functions=frozenset({HE}), unilateral=True)
    gym = [Contribution("gym", sled), Contribution("gym", one_leg)]
    catalog = Catalog.from_contributions([*(Contribution("catalog", s) for s in CATALOG.specs), *gym])
    for written, name in (("ZSDs", "zercher sled drag"), ("SL ZSD", "single leg zercher sled drag")):
        match = catalog.resolve(written)
        assert match is not None and match.spec.name == name, written
    assert CATALOG.resolve("SL ZSD") is None
