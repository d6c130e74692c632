"""Words for a line the grammar cannot read, from Lark's own account of the error.

Lark says where it stopped, which token it met and which terminals it would have taken there.
A table of common mistakes, each with lines that make it, names the mistake when the parser
stops in the same state as one of them (``UnexpectedInput.match_examples``, as Lark does for its
own grammar errors); otherwise the message lists what the grammar expected, in words. Mistakes the
grammar accepts on purpose (a rest without ``rest``, a late sets x reps) are worded where they are
read, in :mod:`hamdsl.language.transformer`, since there the exact span is known.

Imported only when a line fails, so a clean file never loads this table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from hamdsl.core.diagnostics import Diagnostic, syntax_error
from hamdsl.language.nodes import Span

if TYPE_CHECKING:
    from lark import Lark
    from lark.exceptions import UnexpectedInput

#: Where a mistake is shown: at the token Lark stopped at, past the end of the line's content,
#: or at the word before the stop (``rest`` in ``3x8 rest:`` or ``3x8 rest``).
Where = Literal["token", "end", "word"]

#: What a message says where Lark stopped at the line's end.
END = "the end of the line"

#: Terminals in words, for messages that list what was expected; every terminal has one (a test
#: holds the grammar to it), so no terminal's name reaches a user.
TERMINAL_WORDS: dict[str, str] = {
    "WORD": "a word",
    "NUMBER": "a number",
    "COUNT": "sets x reps (like 3x8)",
    "TIMES": "'x'",
    "AT": "a tempo (like @3/0/1/0)",
    "LONE_AT": "a tempo (like @3/0/1/0)",
    "REST": "a rest (like rest 90s)",
    "FOR": "a duration (like for 10min)",
    "WITH": "a method (like with dropset 30%)",
    "LPAR": "modifiers in parentheses",
    "RPAR": "')'",
    "COLON": "a colon",
    "COMMA": "a comma",
    "COMMENT": "a comment",
    "$END": "the end of the line",
    "LABEL": "a label (like A1:)",
    "TEXT": "a value",
    "HEADER_WORD": "a name",
    "META_KEY": "a setting such as 'program:'",
    "SESSION_KW": "'session'",
    "WARMUP_KW": "'warmup'",
    "NOTE_KW": "'note:'",
    "EXERCISE_KEY": "'exercise:'",
    "EQUALS": "'=' and the exercise's movement functions",
    "SECONDS": "a unit (s or min)",
    "MINUTES": "a unit (s or min)",
    "DASH": "'-'",
    "SLASH": "'/'",
    "OR": "'or'",
    "AMRAP": "'amrap'",
    "BETWEEN": "'between'",
    "BLANK": "a space",
    "BW": "'bw'",
    "COMPACT_TEMPO": "a tempo (like 3110)",
    "DATE": "a date (like 2027-01-04)",
    "DELOAD_KEY": "'deload:'",
    "DELOAD_WORD": "'deload'",
    "DOUBLE": "'double'",
    "EACH": "'each'",
    "EXPERIENCE_KEY": "'experience:'",
    "EXPLOSIVE": "'X' (explosive)",
    "FAILURE": "'failure'",
    "HEADER_SEP": "a comma, '/' or '&'",
    "KG": "'kg'",
    "LB": "'lb'",
    "MASS": "a weight (like 100kg)",
    "MINUS": "a lighter load (like -10%)",
    "MOD_TEXT": "a modifier",
    "NONE": "'none'",
    "OF": "'of'",
    "ONE_RM_KEY": "'1rm:'",
    "OPEN_QUOTE": "a quoted tempo",
    "PER": "'per'",
    "PERCENT": "'%'",
    "PLUS": "'+'",
    "PROGRESS_KEY": "'progress:'",
    "QUOTED": "a quoted tempo",
    "RATIO_KEY": "'ratio:'",
    "REPS": "'reps'",
    "RIR": "'rir'",
    "ROUNDS": "'rounds'",
    "ROUND_KEY": "'round:'",
    "RPE": "'rpe'",
    "SETS": "'sets'",
    "SIDE": "'leg' or 'side'",
    "START_KEY": "'start:'",
    "TEMPO_WORD": "'tempo'",
    "THEN": "'then'",
    "TM": "'tm'",
    "TM_KEY": "'tm:'",
    "TO": "'to'",
    "UNITS_KEY": "'units:'",
    "WEEKS_KEY": "'weeks:'",
    "WEEK_KW": "'week'",
    "WEEK_WORD": "'week'",
    "WHEN": "'when'",
    "THE": "'the'",
    "AT_WORD": "'at'",
    "AND": "'and'",
    "PLACE": "'bottom' or 'top'",
    "LOAD": "'load'",
    "FULL_STOP": "'.'",
    "HALF": "'half'",
    "SAME": "'same'",
    "LOOSE_LABEL": "a label (like A1:)",
}

#: Common mistakes: (message, hint, where) and lines that make each. A ``{token}`` in the message
#: is the text of the token Lark stopped at.
MISTAKES: dict[tuple[str, str, Where], list[str]] = {
    (
        "a colon after an exercise name is not needed",
        "write the sets and reps straight after the name: 'seated leg curl 3x10-15'",
        "token",
    ): ["leg curl: 3x8", "A1: leg curl: 3x8", "leg curl (toes in): 3x8", "split squat: 3x8"],
    ("a session header ends with a colon", "write it like 'session Monday:'", "end"): [
        "session Monday",
        "session",
    ],
    ("a warm-up header ends with a colon", "write it like 'warmup:'", "end"): ["warmup", "warmup activation"],
    (
        "a week header ends with a colon",
        "write it like 'week 5:' or 'weeks 1-4:'; the block's length is written 'weeks: 6'",
        "end",
    ): ["weeks 6", "weeks 1-4", "week 5 (deload)", "weeks 1-2, introduction"],
    (
        "a declared exercise needs '=' and its movement functions",
        "write it like 'exercise: cable pull-through = hip extension'",
        "end",
    ): ["exercise: cable pull-through", "exercise: cable pull-through =", "exercise: curl = knee flexion,"],
    (
        "the label has no exercise after it",
        "write the exercise on the same line: 'A1: lying leg curl 3x8'",
        "end",
    ): ["A1:", "B)"],
    ("'rest' needs a time", "write it like 'rest 90s' or 'rest 2-3min'", "word"): [
        "leg curl 3x8 rest",
        "leg curl 3x8 rest long",
        "leg curl @3/0/1/0 rest",
        "leg curl 3x8 with dropset 30% rest",
    ],
    ("'rest' takes no colon", "write it like 'rest 90s' or 'rest 2-3min'", "word"): [
        "leg curl 3x8 rest: 90s",
        "leg curl 3x8 with dropset 30% rest: 90s",
    ],
    ("'for' needs a time", "write it like 'for 10min' or 'for 30-45s'", "word"): [
        "leg curl 3x8 for",
        "walk for",
        "walk for long",
    ],
    (
        "clauses are separated by spaces, not commas",
        "write 'leg curl 3x8 rest 90s'; commas belong inside a rest or a method list",
        "token",
    ): ["leg curl 3x8, rest 90s", "leg curl 3x8 @3/0/1/0, rest 90s", "leg curl 3 rounds, rest 90s"],
    (
        "an exercise goes on its own line, below the header",
        "end the header at its colon and write the exercise on the next line",
        "token",
    ): ["session Monday: leg curl 3x8", "warmup: knee hugs 3 rounds", "session: 3x8"],
    (
        "unexpected words '{token}' after the sets and reps",
        "after the sets and reps a line takes only @tempo, rest ..., for ... and with ...; "
        "put anything else in a 'note:' line or a # comment",
        "token",
    ): [
        "leg curl 3x8 slowly",
        "leg curl 3x8-12 slowly",
        "leg curl 3xfailure slowly",
        "leg curl 3x8 reps slowly",
        "leg curl 3 rounds slowly",
        "leg curl 3x8 per leg slowly",
        "leg curl 3x8 @3/0/1/0 slowly",
        "leg curl 3x8 @3110 slowly",
        "leg curl 3x8 rest 90s slowly",
        "leg curl 3x8 for 10min slowly",
    ],
    (
        "unexpected words '{token}' after the modifiers",
        "write the whole exercise name first, then the modifiers: 'leg curl (toes in) 3x8'",
        "token",
    ): ["leg curl (toes in) slowly 3x8"],
    (
        "a rest can be between sets or between sides",
        "write it like 'rest 2min, 30-60s between sides'",
        "token",
    ): [
        "leg curl 3x8 rest 90s between",
    ],
    (
        "'with' takes a list of methods separated by commas",
        "write it like 'with dropset 30%, pause'",
        "token",
    ): [
        "leg curl 3x8 with dropset 30%,",
    ],
    ("'then' needs sets and reps after it", "write the next set group, like 'then 3x5 -10%'", "word"): [
        "leg curl 3x8 then",
        "leg curl 3x8 then heavy",
        "leg curl 3x8 70% then",
    ],
    (
        "a tempo is four phases separated by '/'",
        'write it like @3/0/1/0, or @3010, or in words: @"as slow as possible"',
        "token",
    ): ["leg curl 3x8 @3/", "leg curl 3x8 @3/0/", "leg curl 3x8 @abc"],
}


def describe(error: UnexpectedInput, source: str, number: int, lark: Lark) -> Diagnostic:
    """One syntax error for the line ``source`` (line ``number`` of the file)."""
    message, hint, where = _words(error, source, lark)
    token = getattr(error, "token", None)
    column = getattr(error, "column", 1) or 1
    width = 1
    content = source[: token.column - 1] if token is not None and token.type == "COMMENT" else source
    content_end = len(content.rstrip()) + 1
    if (token is not None and token.type == "$END") or column < 0:
        column = content_end
    elif token is not None:
        width = max(1, len(str(token.value).rstrip()))
    if where == "end":
        column, width = content_end, 1
    elif where == "word":
        start = _word_start(source, column)
        column, width = start, max(1, column - start)
    return syntax_error(message, Span(number, column, number, column + width), hint)


def _word_start(source: str, column: int) -> int:
    """The column where the blank-separated word before ``column`` starts (``rest`` in ``rest:``)."""
    index = min(column - 1, len(source))
    if index > 0 and (index == len(source) or source[index - 1] in " \t" or source[index] in " \t"):
        while index > 0 and source[index - 1] in " \t":  # the stop is past the word: step back to it
            index -= 1
    while index > 0 and source[index - 1] not in " \t":
        index -= 1
    return index + 1


def _match_mistake(error: UnexpectedInput, lark: Lark) -> tuple[str, str, Where] | None:
    """The mistake whose example lines stop the parser in the same state, at a token of the same
    type if one does, else the first in the same state (what ``UnexpectedInput.match_examples``
    does, by token type rather than by the token's text)."""
    from lark.exceptions import UnexpectedInput

    kind = _token_type(error)
    candidate: tuple[str, str, Where] | None = None
    for mistake, lines in MISTAKES.items():
        for line in lines:
            try:
                lark.parse(line)
            except UnexpectedInput as other:
                if other.state != error.state or getattr(other, "accepts", None) != getattr(
                    error, "accepts", None
                ):
                    continue
                if _token_type(other) == kind:
                    return mistake
                candidate = candidate or mistake
    return candidate


def _token_type(error: UnexpectedInput) -> str | None:
    token = getattr(error, "token", None)
    return None if token is None else str(token.type)


def _words(error: UnexpectedInput, source: str, lark: Lark) -> tuple[str, str, Where]:
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    column = getattr(error, "column", 0) or 0
    char = source[column - 1 : column] if column > 0 else ""
    if char and char in "[{":
        return "modifiers go in round brackets", "write them like 'lying leg curl (toes in) 3x8'", "token"
    if char == '"':
        return "quotes are only for a tempo in words", 'write it like @"as slow as possible"', "token"
    token = getattr(error, "token", None)
    if (
        token is not None
        and str(token.value).lower().startswith("rpe")
        and source[: column - 1].endswith("@")
    ):
        return (
            "an RPE is a load, not a tempo",
            "write it after the sets and reps without '@', like '3x8 rpe 8'",
            "token",
        )
    known = _match_mistake(error, lark)
    if known is not None:
        message, hint, where = known
        if "{token}" in message:
            token = getattr(error, "token", None)
            message = message.format(token=str(token.value).strip() if token is not None else "")
        return message, hint, where
    guide = "see the language guide (docs/language.md) for the line's layout"
    if isinstance(error, UnexpectedToken):
        expected = error.accepts or error.expected
        found = TERMINAL_WORDS.get(error.token.type, repr(error.token.value))
        if error.token.type != "$END":
            found = f"'{str(error.token.value).strip()}'"
    elif isinstance(error, UnexpectedCharacters):
        expected = error.allowed or set()
        found = f"'{source[error.column - 1 :].split(' ')[0] or source[error.column - 1]}'"
    else:  # UnexpectedEOF
        expected, found = getattr(error, "expected", set()), END
    words = sorted({TERMINAL_WORDS.get(t, t) for t in expected if t != "COMMENT"})
    if not words or len(words) > 4:
        return ("the line ends too early" if found == END else f"unexpected {found}"), guide, "token"
    if found == END:
        return f"the line ends too early; expected {' or '.join(words)}", guide, "token"
    return f"unexpected {found}; expected {' or '.join(words)}", guide, "token"
