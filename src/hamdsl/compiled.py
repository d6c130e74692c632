"""What hamdsl compiles at every start, compiled once and kept between runs: the generated methods
of its dataclasses and its regular expressions.

Both are compiled from source text that is the same on every run, and both were large parts of a
cold ``hamdsl lint`` on one file (benchmarks/README.md):

- **Dataclasses.** Every AST node, model value, finding and setting is a ``dataclasses.dataclass``.
  For each class, ``dataclasses`` writes ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and,
  for a frozen class, ``__setattr__`` and ``__delattr__`` as Python source and compiles it with
  ``exec``: about 30 ms for hamdsl's classes. :func:`dataclass` is ``dataclasses.dataclass``
  itself, called while the ``exec`` it uses is answered from the cache.
- **Regular expressions.** ``re`` parses a pattern and generates the matching engine's program in
  Python, about 10 ms for hamdsl's patterns (the fast reader's alone is 4). :func:`regex` is
  ``re.compile``, with the program that ``re`` hands to its engine (``_sre.compile``) kept, and
  given to the engine directly next time.

Both go through one :class:`CodeCache`: one file in the user cache directory, as Python's own
``.pyc`` files spare re-compiling a module. What comes out is what the standard library makes,
whatever the cache holds: a text is only ever paired with what was compiled from that very text,
by the same interpreter version, and the engine validates every program it is given. A missing,
unreadable or corrupt cache file, or no cache directory, only means compiling as the standard
library always does. ``$HAMDSL_NO_CODE_CACHE`` (any value) turns the cache off.

Every hamdsl module takes ``dataclass`` and ``regex`` from here, not from ``dataclasses`` and
``re`` (a test holds to that). Type checkers see the standard ``dataclass``.
"""

from __future__ import annotations

import _sre
import _thread
import atexit
import dataclasses
import functools
import inspect
import os
import re
import sys
from types import CodeType, MemberDescriptorType
from typing import TYPE_CHECKING, Any

#: Turns the code cache off when set to any value.
NO_CACHE_ENV = "HAMDSL_NO_CODE_CACHE"

#: A file larger than this is started afresh. hamdsl's classes and patterns need about 0.4 MB;
#: only texts that change from run to run (none do today) could make it grow.
MAX_CACHE_BYTES = 4 * 1024 * 1024

#: First bytes of a cache file. Code objects and the engine's programs are only valid for the
#: interpreter that compiled them, so the exact version is part of it (the file name has it too,
#: so that two versions sharing a cache directory keep a file each).
_HEADER = f"hamdsl compiled 2 {sys.implementation.cache_tag} {sys.version}\n".encode()

#: A regular expression's program: the arguments, after the pattern itself, that ``re`` passed to
#: ``_sre.compile`` (flags, the program's codes, group count and names), as plain data.
Program = tuple[Any, ...]


class CodeCache:
    """Code objects and regular-expression programs compiled from source texts, kept in one file.

    The file is a header and one ``marshal``-ed pair of dicts (text to code; pattern and flags to
    program), read once, on first use (about 2 ms, where compiling everything is about 40).
    :meth:`flush` rewrites it atomically, with everything read and compiled so far, when something
    was missing: on the first run after an install or an upgrade, and on the first run of a
    command that imports modules no earlier run did.
    """

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self._path = path
        self._codes: dict[str, CodeType] | None = None
        self._programs: dict[tuple[str, int], Program] = {}
        self._changed = False

    def code(self, source: str) -> CodeType:
        """The code object for ``source``, compiled as ``exec(source)`` in ``dataclasses`` would."""
        codes = self._codes if self._codes is not None else self._load()
        found = codes.get(source)
        if found is None:
            # dont_inherit: ``exec`` in ``dataclasses`` compiles without this module's
            # ``from __future__ import annotations``, which would turn annotations into strings.
            found = codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self._changed = True
        return found

    def regex(self, text: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(text, flags)``, from the program kept for it when there is one."""
        if self._codes is None:
            self._load()
        key = (text, int(flags))
        program = self._programs.get(key)
        if program is not None:
            try:
                return _sre.compile(text, *program)
            except Exception:  # not a program this engine takes: compile afresh
                del self._programs[key]
        compiled, program = _compile_keeping_program(text, key[1])
        if program is not None:
            self._programs[key] = program
            self._changed = True
        return compiled

    def _load(self) -> dict[str, CodeType]:
        from hamdsl.datacache import read_data

        self._codes = {}
        if self._path is None:
            return self._codes
        stored = read_data(self._path, header=_HEADER, limit=MAX_CACHE_BYTES)
        codes, programs = stored if type(stored) is tuple and len(stored) == 2 else (None, None)
        if type(codes) is dict and all(
            type(key) is str and type(value) is CodeType for key, value in codes.items()
        ):
            self._codes = codes
        # A program of the wrong shape is caught where it is used (the engine checks it).
        if type(programs) is dict and all(
            type(key) is tuple
            and len(key) == 2
            and type(key[0]) is str
            and type(key[1]) is int
            and type(value) is tuple
            for key, value in programs.items()
        ):
            self._programs = programs
        return self._codes

    def flush(self) -> None:
        """Write the file again if something was compiled since it was read; a cache that cannot
        be written is left as it is (:func:`hamdsl.datacache.write_data`)."""
        if not self._changed or self._path is None or self._codes is None:
            return
        self._changed = False
        from hamdsl.datacache import write_data

        write_data(self._path, (self._codes, self._programs), header=_HEADER)


def _compile_keeping_program(text: str, flags: int) -> tuple[re.Pattern[str], Program | None]:
    """``re.compile(text, flags)`` and the program ``re`` gave the engine for it (``None`` when it
    cannot be kept).

    ``re`` compiles in Python and ends with one call, ``_sre.compile(pattern, flags, code, ...)``,
    whose arguments are plain data; that call is watched here, as :func:`build` watches the
    ``exec`` of ``dataclasses``: ``_sre.compile`` is replaced for the time of this one compile,
    under the lock, and only calls from this thread are kept. ``re``'s own cache of recent
    patterns is passed by, so that the call happens even for a pattern compiled before.
    """
    compiler = getattr(re, "_compiler", None)
    real = _sre.compile
    if compiler is None or type(real) is not type(len):  # not the engine's built-in: do not watch
        return re.compile(text, flags), None
    seen: list[tuple[Any, ...]] = []
    owner = _thread.get_ident()

    def watched(*args: Any) -> Any:
        if _thread.get_ident() == owner:
            seen.append(args)
        return real(*args)

    with _LOCK:
        _sre.compile = watched
        try:
            compiled: re.Pattern[str] = compiler.compile(text, flags)
        finally:
            _sre.compile = real
    if len(seen) != 1 or seen[0][0] is not text:
        return compiled, None
    program = _plain(seen[0][1:])
    try:
        if program is None or real(text, *program) != compiled:  # equal: same flags and codes
            return compiled, None
    except Exception:  # the engine refused the plain copy: keep nothing
        return compiled, None
    return compiled, program


def _plain(value: Any) -> Any:
    """``value`` with every ``int`` subclass (``re`` names its opcodes with one) made a plain
    ``int``, so that ``marshal`` can store it; ``None`` if something in it is not plain data."""
    kind = type(value)
    if kind in (str, int, bool, type(None)):
        return value
    if isinstance(value, int):
        return int(value)
    if kind in (list, tuple):
        items = [_plain(item) for item in value]
        if any(item is None and original is not None for item, original in zip(items, value, strict=True)):
            return None
        return items if kind is list else tuple(items)
    if kind is dict:
        pairs = {_plain(k): _plain(v) for k, v in value.items()}
        return pairs if None not in pairs and None not in pairs.values() else None
    return None


def cache_path() -> str | None:
    """Where the code cache lives, or ``None`` when it is off or there is no cache directory."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    from hamdsl.datacache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    return os.path.join(folder, f"compiled-{sys.implementation.cache_tag}-{sys.hexversion:x}.bin")


@functools.cache
def _shared() -> CodeCache:
    """The process's one code cache, made on first use, so its file is read once per process.

    It is flushed when the process exits, so a first run writes the file once, not once per
    class; classes imported late in a run (an exporter's) are in it too.
    """
    cache = CodeCache(cache_path())
    atexit.register(cache.flush)
    return cache


_LOCK = _thread.allocate_lock()

#: The default a field with a ``default_factory`` shows in ``__init__``'s signature: the marker
#: ``dataclasses`` uses (shown as ``<factory>``), so that both ``__init__``\ s look alike.
_FACTORY: Any = getattr(dataclasses, "_HAS_DEFAULT_FACTORY", object())


def build(cls: type, cache: CodeCache, **options: Any) -> type:
    """``dataclasses.dataclass(cls, **options)`` with its ``exec`` answered from ``cache``.

    ``dataclasses`` looks ``exec`` up as a global of its module each time, so a module attribute
    of that name takes its place while this class is built, and is removed again before this
    returns. Only calls from this thread go through the cache; another thread building a
    dataclass at the same moment gets the built-in ``exec``. If something else has already put an
    ``exec`` there, the class is built without the cache.

    A frozen, slotted class whose fields are all stored as given (:func:`_fills_slots`, decided
    from the class as written) gets the ``__init__`` of :func:`_fill_slots_directly`, and
    ``dataclasses`` is asked for none of its own, which would only be replaced: writing and
    compiling it was about a tenth of building a class. ``__dataclass_params__.init`` then says
    ``True`` again, as the class does have the ``__init__`` that ``init=True`` promises. Every
    other class keeps the ``__init__`` that ``dataclasses`` writes.
    """
    replaced = _fills_slots(cls, options)
    with _LOCK:
        if "exec" in vars(dataclasses):
            return dataclasses.dataclass(cls, **options)
        owner = _thread.get_ident()

        def cached_exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
            if type(source) is str and _thread.get_ident() == owner:
                source = cache.code(source)
            exec(source, globals, locals)

        dataclasses.exec = cached_exec  # type: ignore[attr-defined]
        try:
            made: type = dataclasses.dataclass(cls, **({**options, "init": False} if replaced else options))
        finally:
            del dataclasses.exec  # type: ignore[attr-defined]
    if replaced:
        if not _fill_slots_directly(made, cache):  # _fills_slots promised otherwise: a bug here
            raise AssertionError(f"{cls.__qualname__}: no __init__ was written")
        made.__dataclass_params__.init = True  # type: ignore[attr-defined]
    return made


#: Words in an annotation that make a field something other than a plain one stored as given.
_NOT_PLAIN = ("ClassVar", "InitVar", "KW_ONLY")


def _fills_slots(cls: type, options: dict[str, Any]) -> bool:
    """Whether :func:`_fill_slots_directly` will write ``cls``'s ``__init__``, told from the
    class as written, before ``dataclasses`` has seen it; ``False`` whenever in doubt.

    It does for a frozen, slotted class whose every field is a plain one stored as given: no
    ``__post_init__``, no dataclass base (whose fields might be anything), and every annotation a
    string that names no ``ClassVar``, ``InitVar`` or ``KW_ONLY`` (hamdsl's modules all use
    ``from __future__ import annotations``), with no ``field(init=False)`` or ``kw_only``.
    """
    if not (options.get("frozen") and options.get("slots") and options.get("init", True)):
        return False
    if options.get("kw_only") or hasattr(cls, "__post_init__"):
        return False
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return False
    for name, annotation in inspect.get_annotations(cls).items():
        if type(annotation) is not str or any(word in annotation for word in _NOT_PLAIN):
            return False
        value = cls.__dict__.get(name)
        if isinstance(value, dataclasses.Field) and (not value.init or value.kw_only is True):
            return False
    return True


def _fill_slots_directly(cls: type, cache: CodeCache) -> bool:
    """Give a frozen, slotted dataclass an ``__init__`` that stores each field through its slot;
    ``False`` if the class is not one this applies to.

    The ``__init__`` that ``dataclasses`` writes for a frozen class stores each field with
    ``object.__setattr__``, since the class's own ``__setattr__`` refuses: the slowest way there is
    to set an attribute. hamdsl makes a dozen nodes for each line it reads, and those calls were
    about 11 % of a lint's instructions (18 % of parsing; benchmarks/README.md). A slot's member
    descriptor stores the same value in the same place for about half the cost. The new
    ``__init__`` has the parameters, defaults and annotations of the one ``dataclasses`` writes;
    everything else (``fields``, ``replace``, equality, the frozen ``__setattr__``) is what
    ``dataclasses`` made. A class whose ``__init__`` does more than store its arguments and call
    default factories (``__post_init__``, an ``InitVar``, a keyword-only or ``init=False`` field)
    keeps the one ``dataclasses`` wrote.
    """
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not (params.frozen and "__slots__" in cls.__dict__) or hasattr(cls, "__post_init__"):
        return False
    fields = dataclasses.fields(cls)
    if len(fields) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        return False  # an InitVar or a ClassVar
    arguments: dict[str, Any] = {}
    parameters: list[str] = []
    body: list[str] = []
    annotations: dict[str, Any] = {}
    for index, f in enumerate(fields):
        slot = getattr(cls, f.name, None)
        if not f.init or f.kw_only or type(slot) is not MemberDescriptorType or not f.name.isidentifier():
            return False
        arguments[f"__set_{index}"] = slot.__set__
        annotations[f.name] = f.type
        value = f.name
        if f.default_factory is not dataclasses.MISSING:  # as dataclasses does: a marker default
            arguments[f"__dflt_{index}"] = _FACTORY
            arguments[f"__make_{index}"] = f.default_factory
            parameters.append(f"{f.name}=__dflt_{index}")
            value = f"__make_{index}() if {f.name} is __dflt_{index} else {f.name}"
        elif f.default is not dataclasses.MISSING:
            arguments[f"__dflt_{index}"] = f.default
            parameters.append(f"{f.name}=__dflt_{index}")
        else:
            parameters.append(f.name)
        body.append(f"  __set_{index}(__hamdsl_self__, {value})")
    source = (
        f"def __create_fn__({', '.join(arguments)}):\n"
        f" def __init__({', '.join(['__hamdsl_self__', *parameters])}):\n"
        + ("\n".join(body) or "  pass")
        + "\n return __init__"
    )
    module = sys.modules.get(cls.__module__)
    namespace: dict[str, Any] = {}
    exec(cache.code(source), vars(module) if module is not None else {}, namespace)
    init = namespace["__create_fn__"](**arguments)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    annotations["return"] = None  # as dataclasses annotates it
    init.__annotations__ = annotations
    cls.__init__ = init  # type: ignore[misc]
    return True


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:

    def dataclass(cls=None, /, **options):
        """``dataclasses.dataclass``, with the generated methods' compiled code cached."""

        def wrap(cls):
            return build(cls, _shared(), **options)

        return wrap if cls is None else wrap(cls)


def regex(text: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(text, flags)``, with the program ``re`` generates for it kept between runs."""
    return _shared().regex(text, flags)
