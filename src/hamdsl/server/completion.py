"""Completion: exercise names and aliases from the catalog the buffer is read with (plugins'
exercises, and those the configuration and the buffer's ``exercise:`` lines declare), keywords
where a line starts (the block's settings, week headers, ``progress:`` and ``exercise:`` among
them), the progression forms after ``progress:``, loads after sets and reps (``rpe``, ``bw``,
``then``; ``kg``, ``lb`` or ``%`` onto a number), method names after ``with`` and time units after
a rest or duration number.

Where the cursor is comes from the grammar (:meth:`Parser.line_context`): the tokens of the line
so far and what the grammar accepts next.

Editors replace the *word* before the cursor with what an item inserts, and judge which items
match by that word: Neovim's omni-completion takes the word from ``iskeyword`` (letters, digits,
``_``), Eglot from the symbol at point, and Neovim 0.11 keeps only the first word of a
``textEdit``'s text. So an item carries no ``textEdit``; its ``insertText`` and ``filterText``
are the rest of the name from the start of that word: after ``A1: romanian dea`` the item
``romanian deadlift`` inserts ``deadlift`` over ``dea``, and after ``A3: roma`` it inserts the
whole name over ``roma``. The ``label`` is always the whole name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from hamdsl.interpret.exercises import HIP_EXTENSION, KNEE_EXTENSION, KNEE_FLEXION
from hamdsl.language.nodes import METHOD_KINDS
from hamdsl.language.parser import Token, default_parser

if TYPE_CHECKING:
    from hamdsl.interpret.exercises import ExerciseSpec
    from hamdsl.interpret.interpreter import Catalog

#: Keywords that start a line, as they are written (docs/language.md).
LINE_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("session", "a session header: session Monday:"),
    ("warmup", "a warm-up block: warmup:"),
    ("note:", "a note on the exercise, session or program above"),
    ("program:", "the routine's name"),
    ("level:", "beginner, intermediate or advanced"),
    ("experience:", "years or months of serious training"),
    ("goal:", "what the routine is for"),
    ("source:", "where the routine comes from"),
    ("recovery:", "low, average or high"),
    ("split:", "how the week is divided"),
    ("week", "a week header: week 5 (deload):"),
    ("weeks", "a header for a run of weeks: weeks 1-2, introduction:"),
    ("progress:", "how the exercise above changes from week to week"),
    ("units:", "the unit of the block's loads: kg or lb"),
    ("start:", "the first day of week 1: start: 2027-01-04"),
    ("weeks:", "how many weeks the block runs: weeks: 5"),
    ("1rm:", "an exercise's one-rep max: 1rm: back squat 150kg"),
    ("tm:", "the training max as a share of the 1RM: tm: 90%"),
    ("round:", "the step worked-out loads are rounded to: round: 2.5kg"),
    ("deload:", "what a deload week does: deload: half the sets, same load"),
    ("ratio:", "the hamstring-to-quad target of the weeks above: ratio: 2:1"),
    ("exercise:", "declare an exercise the catalog lacks: exercise: NAME = knee flexion"),
)
#: The forms of a ``progress:`` line (docs/language.md, "Progression").
PROGRESSIONS: tuple[tuple[str, str], ...] = (
    ("+1 set each week", "one more set every week (add: to 5 sets)"),
    ("+1 rep each week", "one more rep every week"),
    ("+2.5kg each week", "a heavier load every week"),
    ("-1 rir each week", "one rep closer to failure every week, never below 0 RIR"),
    ("double 10-15 +2.5kg", "double progression: reps through 10-15, then 2.5 kg more"),
    ("none", "the exercise stays as written"),
)
#: Loads that can follow sets and reps, by the terminal that starts them.
LOAD_WORDS: tuple[tuple[str, str, str], ...] = (
    ("rpe", "RPE", "a rating of perceived exertion: rpe 8"),
    ("bw", "BW", "bodyweight, or bodyweight with weight added: bw+20kg"),
    ("then", "THEN", "another group of sets of the same exercise: then 3x5 -10%"),
)
#: What can be written onto the number of a load, and the terminal it ends with.
LOAD_UNITS: tuple[tuple[str, str, str], ...] = (
    ("kg", "KG", "kilograms"),
    ("lb", "LB", "pounds"),
    ("%", "PERCENT", "per cent of the exercise's 1rm:"),
    ("% tm", "TM", "per cent of the training max"),
)
#: How each method of :data:`METHOD_KINDS` is written after ``with`` (docs/language.md, "Methods").
METHOD_SPELLINGS: dict[str, str] = {
    "2-1": "2-1 method",
    "eccentric-emphasis": "eccentric emphasis",
    "accentuated-eccentric": "accentuated eccentric",
    "dropset": "dropset 30%",
    "pause": "pause 1s bottom and top",
    "pre-exhaust": "pre-exhaust",
    "rest-pause": "rest-pause",
}
#: Units after a rest or duration number: the canonical ones first.
UNITS: tuple[tuple[str, str], ...] = (("s", "seconds"), ("min", "minutes"))
_NAME_TOKENS = frozenset({"WORD", "NUMBER", "COUNT", "DASH"})
#: What may stand in a method list being typed after ``with``: names, figures (2-1, 30%, 1s) and
#: where a pause is held ("at the bottom and top"); the grammar's ``method`` rules.
_METHOD_TOKENS = frozenset(
    {"WORD", "NUMBER", "COUNT", "DASH", "MINUS", "PERCENT", "COMMA", "SECONDS", "MINUTES", "OF", "FOR",
     "AT_WORD", "THE", "AND", "PLACE"}
)
_FUNCTION_WORDS = {
    KNEE_FLEXION: "knee flexion",
    HIP_EXTENSION: "hip extension",
    KNEE_EXTENSION: "knee extension",
}


@dataclass(frozen=True, slots=True)
class _Offer:
    """Something the cursor's place accepts: its whole text, and what the item shows about it."""

    text: str  # the whole text, from the start of what is being completed
    kind: lsp.CompletionItemKind
    detail: str
    documentation: str | None = None


def word_start(prefix: str) -> int:
    """Where the editor's word before the cursor starts (0-based): letters, digits and ``_``."""
    start = len(prefix)
    while start > 0 and (prefix[start - 1].isalnum() or prefix[start - 1] == "_"):
        start -= 1
    return start


def functions_text(spec: ExerciseSpec) -> str:
    named = [_FUNCTION_WORDS.get(f, f) for f in sorted(spec.functions)]
    return ", ".join(named) or "no counted function"


def complete(prefix: str, catalog: Catalog) -> list[lsp.CompletionItem]:
    """The items for a line that reads ``prefix`` up to the cursor; ``catalog`` is the buffer's
    (:meth:`~hamdsl.server.session.Session.catalog_of`), so a declared name is offered where
    ``hamdsl lint`` would accept it."""
    start = word_start(prefix)
    context = default_parser().line_context(prefix)
    if context is None and start < len(prefix):
        # A word the grammar does not accept yet ("3x8 t" on the way to "then"): the context is
        # what comes before it.
        context = default_parser().line_context(prefix[:start])
        if context is None:
            return []
        tokens = context.tokens
        typing, done = None, tokens
        if _name_start(tokens, start) is not None:  # a name is never a word the grammar refuses
            return []
    elif context is None:
        return []
    else:
        tokens = context.tokens
        # The token being typed, if the cursor is at its end; what comes before it is the context.
        typing = (
            tokens[-1]
            if tokens and start < len(prefix) and tokens[-1].end_column - 1 == len(prefix)
            else None
        )
        done = tokens[:-1] if typing is not None else tokens
    found = _unit_offers(prefix, done, typing)
    if found is not None:
        return _items(*found, prefix, start)
    found = _method_offers(prefix, tokens)
    if found is not None:
        return _items(*found, prefix, start)
    found = _progress_offers(prefix, tokens)
    if found is not None:
        return _items(*found, prefix, start)
    found = _load_offers(prefix, done, typing, start)
    if found is not None:
        return _items(*found, prefix, start)
    name_from = _name_start(tokens, len(prefix))
    if name_from is None:
        return []
    offers = list(_exercise_offers(catalog))
    if not done:  # the line's first word: it may also be a keyword
        offers[:0] = [_Offer(k, lsp.CompletionItemKind.Keyword, d) for k, d in LINE_KEYWORDS]
    return _items(name_from, offers, prefix, start)


def _name_start(tokens: Sequence[Token], end: int) -> int | None:
    """Where the exercise name being typed starts (0-based), if the cursor is in one: at the
    line's start, after a label, or after ``or``; ``None`` elsewhere."""
    begin = 0
    if tokens and tokens[0].type == "LABEL":  # "A1:" is one token, its colon included
        begin = 1
    for index in range(begin, len(tokens)):
        if tokens[index].type == "OR":
            begin = index + 1
    rest = tokens[begin:]
    # A name may start with a key's word ("split squat", "exercise ball leg curl"): the grammar
    # reads such a line as a name once its sets and reps follow.
    first_ok = not rest or rest[0].type in _NAME_TOKENS or rest[0].type in _key_terminals()
    if not first_ok or any(t.type not in _NAME_TOKENS for t in rest[1:]):
        return None
    return rest[0].column - 1 if rest else end


def _key_terminals() -> frozenset[str]:
    """The terminals of the grammar's line keys (``program``, ``units``, ``note``, ...), read from
    its ``_key`` rule so that the list is written once, in the grammar."""
    lark = default_parser().lark
    keys = (rule.expansion for rule in lark.rules if rule.origin.name == "_key")
    return frozenset(symbol.name for expansion in keys for symbol in expansion)


def _method_offers(prefix: str, tokens: Sequence[Token]) -> tuple[int, list[_Offer]] | None:
    withs = [i for i, t in enumerate(tokens) if t.type == "WITH"]
    if not withs:
        return None
    after = tokens[withs[-1] + 1 :]
    if any(t.type not in _METHOD_TOKENS for t in after):
        return None
    commas = [i for i, t in enumerate(after) if t.type == "COMMA"]
    current = after[commas[-1] + 1 :] if commas else after
    begin = current[0].column - 1 if current else len(prefix)
    offers = [
        _Offer(
            METHOD_SPELLINGS.get(kind, kind.replace("-", " ")), lsp.CompletionItemKind.EnumMember, "method"
        )
        for kind in METHOD_KINDS
    ]
    return begin, offers


def _unit_offers(prefix: str, done: Sequence[Token], typing: Token | None) -> tuple[int, list[_Offer]] | None:
    """Units right after a number of a ``rest`` or ``for`` clause (``rest 90`` → ``90s``)."""
    if not any(t.type in ("REST", "FOR") for t in done):
        return None
    if typing is not None and typing.type in ("NUMBER", "COUNT"):
        number = typing  # "rest 90|": the unit is written onto the number
    elif (
        typing is not None
        and done
        and done[-1].type in ("NUMBER", "COUNT")
        and done[-1].end_column == typing.column
    ):
        number = done[-1]  # "rest 90m|"
    elif typing is None and done and done[-1].type in ("NUMBER", "COUNT"):
        return len(prefix), [_Offer(u, lsp.CompletionItemKind.Unit, d) for u, d in UNITS]
    else:
        return None
    context = default_parser().line_context(prefix[: number.end_column - 1])
    if context is None or not context.accepts & {"SECONDS", "MINUTES"}:
        return None
    return number.column - 1, [_Offer(number.text + u, lsp.CompletionItemKind.Unit, d) for u, d in UNITS]


def _fits(text: str, last: str | None = None) -> bool:
    """The grammar reads ``text`` as the start of a line (and its last token is ``last``)."""
    context = default_parser().line_context(text)
    if context is None:
        return False
    return last is None or (bool(context.tokens) and context.tokens[-1].type == last)


def _progress_offers(prefix: str, tokens: Sequence[Token]) -> tuple[int, list[_Offer]] | None:
    """The forms of a progression after ``progress:`` that the grammar accepts there."""
    if len(tokens) < 2 or tokens[0].type != "PROGRESS_KEY" or tokens[1].type != "COLON":
        return None
    begin = tokens[2].column - 1 if len(tokens) > 2 else word_start(prefix)
    head = prefix[:begin]
    offers = [
        _Offer(form, lsp.CompletionItemKind.Snippet, detail)
        for form, detail in PROGRESSIONS
        if _fits(head + form)
    ]
    return begin, offers


def _load_offers(
    prefix: str, done: Sequence[Token], typing: Token | None, start: int
) -> tuple[int, list[_Offer]] | None:
    """Loads after sets and reps: ``rpe``, ``bw``, ``then`` where the grammar accepts them, and
    ``kg``, ``lb``, ``%`` written onto the number being typed (``3x8 70`` → ``70%``)."""
    if not any(t.type == "TIMES" or t.type in ("SETS", "ROUNDS") for t in done):
        return None
    number = None
    if typing is not None and typing.type in ("NUMBER", "COUNT"):
        number = typing  # "3x8 100|"
    elif (
        typing is not None
        and done
        and done[-1].type in ("NUMBER", "COUNT")
        and done[-1].end_column == typing.column
    ):
        number = done[-1]  # "3x8 100k|"
    if number is not None:
        head = prefix[: number.column - 1]
        if not _fits(head.rstrip()):
            return None
        offers = [
            _Offer(number.text + unit, lsp.CompletionItemKind.Unit, detail)
            for unit, last, detail in LOAD_UNITS
            if _fits(head + number.text + unit, last)
        ]
        return (number.column - 1, offers) if offers else None
    context = default_parser().line_context(prefix[:start])
    if context is None:
        return None
    offers = [
        _Offer(word, lsp.CompletionItemKind.Keyword, detail)
        for word, terminal, detail in LOAD_WORDS
        if terminal in context.accepts
    ]
    return (start, offers) if offers else None


def _exercise_offers(catalog: Catalog) -> Iterable[_Offer]:
    for spec in catalog.specs:
        detail = f"{functions_text(spec)} · {spec.region}"
        yield _Offer(spec.name, lsp.CompletionItemKind.Value, detail, spec.description or None)
        for alias in spec.aliases:
            yield _Offer(
                alias, lsp.CompletionItemKind.Value, f"{spec.name}: {detail}", spec.description or None
            )


def _loose(text: str) -> str:
    """For matching what is typed: case, and a hyphen against a blank, do not matter (as in the
    catalog's name resolution). Keeps the length, so positions still line up."""
    return text.lower().replace("-", " ")


def _items(begin: int, offers: Iterable[_Offer], prefix: str, start: int) -> list[lsp.CompletionItem]:
    """Items for the offers that continue what is typed from ``begin``; each inserts the rest of
    its text from the editor's word start ``start``."""
    typed = _loose(prefix[begin:])
    begin = min(begin, start)
    cut = start - begin
    items: list[lsp.CompletionItem] = []
    seen: set[str] = set()
    for offer in offers:
        if not _loose(offer.text).startswith(typed) or offer.text in seen:
            continue
        seen.add(offer.text)
        insert = offer.text[cut:]
        items.append(
            lsp.CompletionItem(
                label=offer.text,
                kind=offer.kind,
                detail=offer.detail,
                documentation=offer.documentation,
                insert_text=insert,
                filter_text=insert,
                insert_text_format=lsp.InsertTextFormat.PlainText,
                sort_text=f"{len(items):04d}",
            )
        )
    return items
