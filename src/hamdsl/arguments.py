"""The command line's arguments: declared once, read without argparse when the reading is plain.

A command declares what it accepts by calling ``add_argument`` as it would on an argparse parser,
on an :class:`Arguments` that only records the calls. Two readers use the record:

- argparse (:mod:`hamdsl.argparser`), which the record is replayed onto, is the authority. It
  writes ``--help``, usage and every error message, and it reads whatever the quick reader
  declines.
- :func:`read`, for the argument lists people type every day (``hamdsl lint --no-cache a.ham``).
  Importing argparse and building its parsers cost about 15 M instructions, 8 % of a cold
  one-file lint (benchmarks/README.md), a quarter of it for the ``locale`` module that
  ``gettext`` imports when argparse translates its first heading; the same reading by hand
  takes a few microseconds.

:func:`read` answers only where argparse's answer is certain: exact option names (``--format
json``, ``--format=json``, ``-j 2``, ``-j2``), values that do not start with ``-``, positional
arguments in one run, each value converted and checked as argparse does. Anything else (help,
``--version``, an abbreviated or unknown option, ``--``, a value starting with ``-``, an invalid
choice, a missing argument) returns ``None``, and argparse reads the whole list again, so what a
user sees for it (the message, the exit code) is argparse's own. A test holds the two readers'
results equal for generated argument lists of every command (tests/test_arguments.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: What :func:`read` can reproduce of ``add_argument``; a declaration with anything else makes the
#: quick reader leave its command to argparse.
_ACTIONS = frozenset({"store", "store_true", "append"})
_KEYWORDS = frozenset(
    {"action", "dest", "default", "type", "choices", "required", "metavar", "help", "nargs"}
)


class Arguments:
    """What a command accepts, as the ``add_argument`` calls argparse would be given."""

    __slots__ = ("calls",)

    def __init__(self) -> None:
        #: ``(group title or None, names, keywords)`` per call, in order.
        self.calls: list[tuple[str | None, tuple[str, ...], dict[str, Any]]] = []

    def add_argument(self, *names: str, **keywords: Any) -> None:
        self.calls.append((None, names, keywords))

    def add_argument_group(self, title: str) -> _Group:
        """A titled section of ``--help``; it changes how arguments are listed, not read."""
        return _Group(self, title)

    def apply(self, parser: Any) -> None:
        """Make the same calls on an argparse parser (``argparse.ArgumentParser``)."""
        groups: dict[str, Any] = {}
        for title, names, keywords in self.calls:
            target = parser
            if title is not None:
                if title not in groups:
                    groups[title] = parser.add_argument_group(title)
                target = groups[title]
            target.add_argument(*names, **keywords)


class _Group:
    """A titled section of an :class:`Arguments`: its calls go into the same record."""

    __slots__ = ("arguments", "title")

    def __init__(self, arguments: Arguments, title: str) -> None:
        self.arguments = arguments
        self.title = title

    def add_argument(self, *names: str, **keywords: Any) -> None:
        self.arguments.calls.append((self.title, names, keywords))


def add_common(arguments: Arguments, prefix: str) -> None:
    """``--disable-plugin`` and ``--debug``, accepted before and after the command name.

    The main parser and the command's parser store them under different names (``prefix``):
    argparse copies a subparser's values over the main parser's, so one shared name would
    silently drop ``hamdsl --disable-plugin x lint``. :func:`hamdsl.cli.main` merges the two.
    """
    arguments.add_argument(
        "--disable-plugin",
        dest=f"{prefix}disable_plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="do not load this plugin (repeatable; also HAMDSL_DISABLE_PLUGINS=a,b)",
    )
    arguments.add_argument(
        "--debug", dest=f"{prefix}debug", action="store_true", help="show tracebacks of internal errors"
    )


class _Option:
    """One declared argument, as :func:`read` needs it."""

    __slots__ = ("action", "choices", "convert", "default", "dest", "required")

    def __init__(self, names: tuple[str, ...], keywords: dict[str, Any]) -> None:
        self.action: str = keywords.get("action", "store")
        self.dest: str = keywords.get("dest") or _dest(names)
        self.convert: Callable[[str], Any] | None = keywords.get("type")
        self.choices: Any = keywords.get("choices")
        self.required: bool = keywords.get("required", False)
        self.default: Any = keywords.get("default", False if self.action == "store_true" else None)

    def converted(self, text: str) -> Any:
        """``text`` through the declared ``type``; :class:`_Declined` if that objects (argparse
        words the error, from ``ArgumentTypeError``, ``ValueError`` or ``TypeError``)."""
        if self.convert is None:
            return text
        try:
            return self.convert(text)
        except Exception:
            raise _Declined from None

    def value(self, text: str) -> Any:
        """A value given on the command line: converted, then checked against the choices."""
        value = self.converted(text)
        if self.choices is not None and value not in self.choices:
            raise _Declined
        return value


class _Declined(Exception):
    """The quick reader cannot be sure of argparse's answer: argparse reads the list."""


def _dest(names: tuple[str, ...]) -> str:
    """argparse's attribute name for an argument: a positional's name as written, else the first
    long option (else the first short one) without its dashes, inner dashes made underscores."""
    if not names[0].startswith("-"):
        return names[0]
    longs = [name for name in names if name.startswith("--")]
    return (longs or list(names))[0].lstrip("-").replace("-", "_")


def _table(arguments: Arguments) -> tuple[dict[str, _Option], list[tuple[_Option, bool]]]:
    """Options by name, and positionals with whether each takes one word or more. Declines a
    declaration that asks for more than :func:`read` reproduces."""
    options: dict[str, _Option] = {}
    positionals: list[tuple[_Option, bool]] = []
    for _title, names, keywords in arguments.calls:
        if not keywords.keys() <= _KEYWORDS or keywords.get("action", "store") not in _ACTIONS:
            raise _Declined
        if names[0].startswith("-"):
            if "nargs" in keywords:
                raise _Declined
            option = _Option(names, keywords)
            for name in names:
                options[name] = option
        else:
            nargs = keywords.get("nargs")
            if nargs not in (None, "+") or len(names) != 1 or "action" in keywords:
                raise _Declined
            positionals.append((_Option(names, keywords), nargs == "+"))
    return options, positionals


def read(
    argv: Sequence[str], main: Arguments, command: Callable[[str], Arguments | None]
) -> dict[str, Any] | None:
    """The values argparse would give for ``argv``, or ``None`` where argparse must decide.

    ``main`` holds the options accepted before the command's name; ``command`` gives a command's
    arguments by its name (``None``: no such command).
    """
    try:
        return _read(argv, main, command)
    except _Declined:
        return None


def _read(argv: Sequence[str], main: Arguments, command: Callable[[str], Arguments | None]) -> dict[str, Any]:
    main_options, main_positionals = _table(main)
    if main_positionals:
        raise _Declined
    values: dict[str, Any] = {}
    index = _options(argv, 0, main_options, values)
    if index == len(argv):
        raise _Declined  # no command: argparse prints the help or the error
    name = argv[index]
    arguments = command(name)
    if arguments is None:
        raise _Declined
    options, positionals = _table(arguments)
    words: list[str] | None = None
    index = _options(argv, index + 1, options, values)
    while index < len(argv):
        if words is not None:  # a second run of words, after an option: argparse rejects it
            raise _Declined
        words = []
        while index < len(argv) and not argv[index].startswith("-"):
            words.append(argv[index])
            index += 1
        index = _options(argv, index, options, values)
    _place(words or [], positionals, values)
    _fill(main_options, values)
    _fill(options, values)
    values["command"] = name
    return values


def _options(argv: Sequence[str], index: int, options: dict[str, _Option], values: dict[str, Any]) -> int:
    """Read options from ``argv[index:]`` into ``values`` up to the next word; return its index."""
    while index < len(argv):
        word = argv[index]
        if not word.startswith("-"):
            return index
        option, text = _option(word, options)
        if option.action == "store_true":
            if text is not None:
                raise _Declined
            values[option.dest] = True
        else:
            if text is None:
                index += 1
                if index == len(argv) or argv[index].startswith("-"):
                    raise _Declined  # argparse: "expected one argument", or a value it may take
                text = argv[index]
            value = option.value(text)
            if option.action == "append":
                values[option.dest] = [*values.get(option.dest, option.default or ()), value]
            else:
                values[option.dest] = value
        index += 1
    return index


def _option(word: str, options: dict[str, _Option]) -> tuple[_Option, str | None]:
    """The option ``word`` names exactly, and a value written into it (``--format=json``, ``-j2``)."""
    if word in options:
        return options[word], None
    if any(name.startswith(word) for name in options):  # an abbreviation: argparse's to resolve
        raise _Declined
    if "=" in word:
        name, text = word.split("=", 1)
        if name in options:
            return options[name], _written(text)
    if not word.startswith("--") and len(word) > 2 and word[:2] in options:
        return options[word[:2]], _written(word[2:])
    raise _Declined


def _written(text: str) -> str:
    """A value written into its option's word. argparse drops a value of ``--`` (``--select=--``
    gives ``[[]]``, not ``["--"]``); that is left to it."""
    if text == "--":
        raise _Declined
    return text


def _place(words: list[str], positionals: list[tuple[_Option, bool]], values: dict[str, Any]) -> None:
    """Give the run of words to the command's positional argument, as argparse would."""
    if not positionals:
        if words:
            raise _Declined
        return
    if len(positionals) > 1 or not words:
        raise _Declined
    positional, many = positionals[0]
    if many:
        values[positional.dest] = [positional.value(word) for word in words]
    elif len(words) == 1:
        values[positional.dest] = positional.value(words[0])
    else:
        raise _Declined


def _fill(options: dict[str, _Option], values: dict[str, Any]) -> None:
    """Defaults for the options not given; a default string goes through ``type``, as in argparse."""
    for option in options.values():
        if option.dest in values:
            continue
        if option.required:
            raise _Declined
        default = option.default
        if isinstance(default, str):
            default = option.converted(default)
        elif isinstance(default, list):
            default = list(default)
        values[option.dest] = default
