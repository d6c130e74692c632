"""What hamdsl compiles at every start, compiled once and kept between runs: the generated methods
of its dataclasses, its regular expressions, and which of its classes can be built without running
``dataclasses`` again.

The first two are compiled from source text that is the same on every run; all three were large
parts of a cold ``hamdsl lint`` on one file (benchmarks/README.md):

- **Dataclasses.** Every AST node, model value, finding and setting is a ``dataclasses.dataclass``.
  For each class, ``dataclasses`` writes ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and,
  for a frozen class, ``__setattr__`` and ``__delattr__`` as Python source and compiles it with
  ``exec``: about 30 ms for hamdsl's classes. :func:`dataclass` is ``dataclasses.dataclass``
  itself, called while the ``exec`` it uses is answered from the cache.
- **Regular expressions.** ``re`` parses a pattern and generates the matching engine's program in
  Python, about 10 ms for hamdsl's patterns (the fast reader's alone is 4). :func:`regex` is
  ``re.compile``, with the program that ``re`` hands to its engine (``_sre.compile``) kept, and
  given to the engine directly next time.
- **Building the classes.** Even with its methods' code cached, ``dataclasses`` spends about
  0.9 M instructions on each class, working out the fields in Python, writing each method's
  text and creating a slotted class twice. For the common case (frozen, slotted, documented, no
  base class; :func:`class_key`), :func:`replay` makes the same class in one go from its
  recipe: the code of one function that makes all the methods ``dataclasses`` wrote for it the
  first time, and of one that makes its ``__init__``. Whether that makes the same class is
  checked, not assumed: the first time a class is seen, ``dataclasses`` builds it while the texts
  of its methods are noted, the recipe is made from them (:func:`_recipe`), :func:`replay`
  builds a twin from it, and :func:`same_class` compares the two in every part; only a recipe
  found to make the same class is used on later runs. A class that differs, or that
  :func:`class_key` does not describe, is built by ``dataclasses`` every time.

Making the instances costs too: a frozen class refuses ``self.x = x``, so each field is stored
through a call. :func:`_fill_slots_directly` gives such a class an ``__init__`` that stores
through the slots' descriptors, and :func:`constructor` gives the per-line paths of the parser,
the interpreter and the linter a function that makes the same instances for a third of that.

The core's internal records (a command's context, a worker's setup, a catalog entry: values a run
makes and reads but never compares, prints or hands to a plugin) are plain classes with
``__slots__`` instead: even a replayed dataclass costs several times the class statement.
The syntax tree, the model and everything the plugin API hands out stay dataclasses.

All of it goes through one :class:`CodeCache`: one file in the user cache directory, as Python's
own ``.pyc`` files spare re-compiling a module. What comes out is what the standard library makes,
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
import copy  # dataclasses imports it too
import dataclasses
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable
from types import CodeType, FunctionType, MappingProxyType, MemberDescriptorType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

_T = TypeVar("_T")
_P = ParamSpec("_P")

#: Turns the code cache off when set to any value.
NO_CACHE_ENV = "HAMDSL_NO_CODE_CACHE"

#: A file larger than this is started afresh. hamdsl's classes and patterns need about 0.4 MB;
#: only texts that change from run to run (none do today) could make it grow.
MAX_CACHE_BYTES = 4 * 1024 * 1024

#: First bytes of a cache file. Code objects and the engine's programs are only valid for the
#: interpreter that compiled them, so the exact version is part of it (the file name has it too,
#: so that two versions sharing a cache directory keep a file each).
_HEADER = f"hamdsl compiled 4 {sys.implementation.cache_tag} {sys.version}\n".encode()

#: How :func:`replay` makes a class (:func:`_recipe`): the code of one function that makes
#: every method ``dataclasses`` wrote for it, in the order it wrote them, and the code of the
#: function that makes its ``__init__`` (:func:`_fill_slots_directly`; ``None`` where the
#: ``__init__`` ``dataclasses`` wrote is among the methods).
Recipe = tuple[CodeType, CodeType | None]

#: A regular expression's program: the arguments, after the pattern itself, that ``re`` passed to
#: ``_sre.compile`` (flags, the program's codes, group count and names), as plain data.
Program = tuple[Any, ...]


class CodeCache:
    """Code objects and regular-expression programs compiled from source texts, and how to
    :func:`replay` classes, kept in one file.

    The file is a header and one ``marshal``-ed triple of dicts (text to code; pattern and flags
    to program; a class's :func:`class_key` to its recipe, or ``False`` where its replay was found
    to differ), read once, on first use (about 2 ms, where compiling everything is about 40).
    :meth:`flush` rewrites it atomically, with everything read and compiled so far, when something
    was missing: on the first run after an install or an upgrade, and on the first run of a
    command that imports modules no earlier run did.
    """

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self._path = path
        self._codes: dict[str, CodeType] | None = None
        self._programs: dict[tuple[str, int], Program] = {}
        self._recipes: dict[str, Recipe | bool] = {}
        #: The texts asked for while a class is recorded (:meth:`listen`), else ``None``.
        self._heard: list[str] | None = None
        #: What this process asked for, by kind: what :meth:`flush` keeps when the file is mostly
        #: entries no run asks for any more.
        self._used: tuple[set[str], set[tuple[str, int]], set[str]] = (set(), set(), set())
        self._changed = False

    def code(self, source: str) -> CodeType:
        """The code object for ``source``, compiled as ``exec(source)`` in ``dataclasses`` would."""
        codes = self._codes if self._codes is not None else self._load()
        if self._heard is not None:  # recording a class: its recipe will hold the code
            self._heard.append(source)
        else:
            self._used[0].add(source)
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
        self._used[1].add(key)
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

    @property
    def persistent(self) -> bool:
        """Whether what is kept here outlives the process (there is a file to keep it in)."""
        return self._path is not None

    def recipe(self, key: str) -> Recipe | bool | None:
        """The recipe :func:`replay` makes the class under ``key`` from; ``False`` if its replay
        was found to differ from what ``dataclasses`` builds, ``None`` if it was never tried."""
        if self._codes is None:
            self._load()
        self._used[2].add(key)
        return self._recipes.get(key)

    def keep_recipe(self, key: str, recipe: Recipe | bool) -> None:
        self._used[2].add(key)
        self._recipes[key] = recipe
        self._changed = True

    def listen(self) -> list[str]:
        """From now until the next :meth:`listen` or :meth:`stop`, note every text asked for."""
        self._heard = []
        return self._heard

    def stop(self) -> None:
        self._heard = None

    def forget(self, texts: list[str]) -> None:
        """Drop the code of ``texts`` that nothing but the recording of a class asked for: a
        recipe holds that code now, and later runs neither ask for the texts nor should read
        them."""
        codes = self._codes if self._codes is not None else self._load()
        for text in texts:
            if text not in self._used[0] and codes.pop(text, None) is not None:
                self._changed = True

    def _load(self) -> dict[str, CodeType]:
        from hamdsl.datacache import read_data

        self._codes = {}
        if self._path is None:
            return self._codes
        stored = read_data(self._path, header=_HEADER, limit=MAX_CACHE_BYTES)
        codes, programs, recipes = stored if type(stored) is tuple and len(stored) == 3 else (None,) * 3
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
        if type(recipes) is dict and all(
            type(k) is str
            and (
                v is False
                or (type(v) is tuple and len(v) == 2 and type(v[0]) is CodeType and type(v[1]) in _INIT_KINDS)
            )
            for k, v in recipes.items()
        ):
            self._recipes = recipes
        return self._codes

    def flush(self) -> None:
        """Write the file again if something was compiled since it was read; a cache that cannot
        be written is left as it is (:func:`hamdsl.datacache.write_data`).

        Entries stay after the class or pattern they were made for has changed, and every run
        reads the whole file, so a file that is more than half such entries (in a checkout being
        edited) is written with only what this run asked for. Another command's entries, dropped
        with them, come back the next time that command runs. The files of other installations
        (:func:`cache_path`) that no run has written for a month are deleted.
        """
        if not self._changed or self._path is None or self._codes is None:
            return
        self._changed = False
        from hamdsl.datacache import remove_stale, write_data

        codes, programs, recipes = self._codes, self._programs, self._recipes
        used_codes, used_programs, used_recipes = self._used
        if len(codes) > 2 * len(used_codes):
            codes = {text: code for text, code in codes.items() if text in used_codes}
            programs = {key: value for key, value in programs.items() if key in used_programs}
            recipes = {key: value for key, value in recipes.items() if key in used_recipes}
        write_data(self._path, (codes, programs, recipes), header=_HEADER)
        remove_stale(os.fspath(self._path), _FILE_PREFIX)


#: What the second part of a recipe may be.
_INIT_KINDS = (CodeType, type(None))


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
    from hamdsl.datacache import cache_dir, digest

    folder = cache_dir()
    if folder is None:
        return None
    # A file for each installation of this module (its recipes are only good for it): two
    # environments sharing the cache folder, say an editor's and pre-commit's, would otherwise
    # throw out each other's recipes on every run and rebuild every class.
    installation = digest(_replay_stamp().encode())[:12]
    name = f"{_FILE_PREFIX}{sys.implementation.cache_tag}-{sys.hexversion:x}-{installation}.bin"
    return os.path.join(folder, name)


#: How the code cache's file names begin (:func:`cache_path`).
_FILE_PREFIX = "compiled-"


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
    """``dataclasses.dataclass(cls, **options)`` with its ``exec`` answered from ``cache``, or the
    same class made by :func:`replay` when an earlier run found that it makes this very class.

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

    Such a class, if :func:`class_key` describes it, is the one :func:`replay` makes once the
    cache holds a checked recipe for its key: the first time a key is seen, ``dataclasses``
    builds the class while the texts of the methods it writes are noted, :func:`_recipe` makes
    the recipe of them, :func:`replay` builds a twin from the recipe and the class body as it
    was before, and the recipe is kept only if :func:`same_class` finds the two the same in every
    part (``False``, kept instead, has later runs build the class with ``dataclasses``). The
    texts' own entries are then dropped from the cache (:meth:`CodeCache.forget`): no later run
    asks for them. A replay touches nothing outside the class it makes, so it needs neither the
    lock nor the ``exec`` in ``dataclasses``.
    """
    # Without a file to keep recipes in, checking one would only cost time.
    key = class_key(cls, options) if cache.persistent else None
    recipe = cache.recipe(key) if key is not None else None
    if type(recipe) is tuple and key is not None:
        # Outside the lock: a replay changes nothing but the class it makes.
        replayed = replay(cls, dict(cls.__dict__), recipe)
        if replayed is not None:
            return replayed
        cache.keep_recipe(key, False)  # a recipe that no longer works is not tried again
        recipe = False
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
            # dataclasses changes the fields of the body as it goes: the twin gets copies.
            before = None
            heard: list[str] = []
            if key is not None and recipe is None:
                field_type = dataclasses.Field
                before = {k: copy.copy(v) if type(v) is field_type else v for k, v in vars(cls).items()}
                heard = cache.listen()  # the texts of the methods dataclasses writes: the recipe
            asked = {**options, "init": False} if replaced else options
            made_recipe = None
            try:
                made: type = dataclasses.dataclass(cls, **asked)
                written = len(heard)
                init = None
                if replaced:
                    init = _fill_slots_directly(made, cache)
                    if init is None:  # _fills_slots promised otherwise: a bug here
                        raise AssertionError(f"{cls.__qualname__}: no __init__ was written")
                    made.__dataclass_params__.init = True  # type: ignore[attr-defined]
                if before is not None:  # while listening, so that its texts count as heard
                    made_recipe = _recipe(heard[:written], init, cache)
            finally:
                cache.stop()
            if key is not None and before is not None:
                twin = replay(cls, before, made_recipe) if made_recipe is not None else None
                if made_recipe is not None and twin is not None and same_class(made, twin):
                    cache.keep_recipe(key, made_recipe)
                    cache.forget(heard)
                else:
                    cache.keep_recipe(key, False)
        finally:
            del dataclasses.exec  # type: ignore[attr-defined]
    return made


#: Changes whenever :func:`class_key` or :func:`replay` changes what they take into account or
#: make, so that no recipe of an earlier version is trusted.
_REPLAY_FORMAT = 2

#: The options of every class :func:`replay` can make.
_REPLAYED_OPTIONS = {"frozen": True, "slots": True}

#: What ``dataclasses`` puts in a frozen, slotted class (and what it would refuse to overwrite or
#: add in its own way): a class body that defines any of these is always built by ``dataclasses``.
_GENERATED = frozenset(
    {
        "__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__le__",
        "__gt__", "__ge__", "__match_args__", "__slots__", "__getstate__", "__setstate__",
        "__dataclass_fields__", "__dataclass_params__",
    }
)


@functools.cache
def _replay_stamp() -> str:
    """What a recipe was checked with besides the interpreter: :data:`_REPLAY_FORMAT` and this
    module as installed (its size and modification time), so that a change to :func:`replay` or
    :func:`same_class` has every class checked again rather than trusting recipes it never saw."""
    try:
        found = os.stat(__file__)
    except (OSError, NameError):
        return f"{_REPLAY_FORMAT}"
    return f"{_REPLAY_FORMAT} {found.st_size} {found.st_mtime_ns}"


def class_key(cls: type, options: dict[str, Any]) -> str | None:
    """What ``dataclasses`` builds ``cls`` from, as text, or ``None`` for a class that
    :func:`replay` does not make.

    The key names the class and its place, each field with its annotation and the kind of its
    default (a ``field()`` with its arguments; the values themselves are taken from the body on
    every run), and every name the body defines. :func:`replay` makes only the common case: the
    options ``frozen`` and ``slots`` alone, no base class, no metaclass, a docstring, none of the
    methods ``dataclasses`` writes defined by hand, and fields that are neither ``ClassVar``,
    ``InitVar`` nor keyword-only (``field(init=False)`` and ``__post_init__`` are fine). The
    interpreter's exact version is in the cache file's header, so a recipe is never carried to
    another Python.
    """
    body = cls.__dict__
    if options != _REPLAYED_OPTIONS or type(cls) is not type or cls.__bases__ != (object,):
        return None
    if not body.get("__doc__") or not _GENERATED.isdisjoint(body):
        return None
    parts = [_replay_stamp(), cls.__module__, cls.__qualname__]
    for name, annotation in body.get("__annotations__", {}).items():
        if name in _OBJECT_NAMES:  # dataclasses would find object's attribute as the default
            return None
        default = body.get(name, dataclasses.MISSING)
        if not _ordinary(annotation, default):
            return None
        parts.append(f"{name}: {annotation} = {_kind(default)}")
    parts.append(" ".join(body))
    return "\n".join(parts)


_OBJECT_NAMES = frozenset(dir(object))


def _kind(value: Any) -> str:
    """A default in :func:`class_key`: what ``dataclasses`` decides by, not the value itself."""
    if value is dataclasses.MISSING:
        return "-"
    if type(value) is dataclasses.Field:
        told = (value.default, value.default_factory, value.kw_only)
        flags = (value.init, value.repr, value.hash, value.compare, bool(value.metadata))
        return f"field({', '.join(map(_kind, told))}, {flags})"
    kind = type(value)
    return f"<{kind.__module__}.{kind.__qualname__}{'' if kind.__hash__ is not None else ' unhashable'}>"


def replay(cls: type, namespace: dict[str, Any], recipe: Recipe) -> type | None:
    """The frozen, slotted dataclass that ``dataclasses.dataclass(cls, frozen=True, slots=True)``
    makes of the class body ``cls`` with the names in ``namespace``, made in one go from its
    ``recipe`` (:func:`_recipe`); ``None`` if anything goes wrong.

    ``dataclasses`` spent about 0.9 M instructions on each of hamdsl's classes at every start
    (benchmarks/README.md): working out the fields in Python, writing each method's text, and
    creating the class twice (once as written, once with slots). This makes the fields as
    ``dataclasses`` makes them for the fields :func:`class_key` allows, every method with one call
    of the recipe's first function, the slotted class once, and ``__init__`` with one call of
    its second, as :func:`_fill_slots_directly` does for a class ``dataclasses`` built. It is only
    used with a recipe that :func:`build` checked with :func:`same_class` against what
    ``dataclasses`` built.
    """
    dc: Any = dataclasses
    try:
        methods, init = recipe
        module = sys.modules.get(cls.__module__)
        globals_ = vars(module) if module is not None else {}
        fields: dict[str, dataclasses.Field[Any]] = {}
        for name, annotation in namespace.get("__annotations__", {}).items():
            default = namespace.get(name, dc.MISSING)
            made: Any = default if type(default) is dataclasses.Field else dc.field(default=default)
            made.name, made.type, made._field_type = name, annotation, dc._FIELD
            if made.kw_only is dc.MISSING:
                made.kw_only = False
            if made.default.__class__.__hash__ is None:  # dataclasses refuses a mutable default
                return None
            fields[name] = made
        dropped = (*fields, "__dict__", "__weakref__")
        body = {k: v for k, v in namespace.items() if k not in dropped}
        body["__dataclass_params__"] = dc._DataclassParams(True, True, True, False, False, True)
        body["__dataclass_fields__"] = fields
        # What the methods may ask for besides globals: the names dataclasses passes.
        known = {
            "cls": cls,
            "FrozenInstanceError": dc.FrozenInstanceError,
            "MISSING": dc.MISSING,
            "_HAS_DEFAULT_FACTORY": dc._HAS_DEFAULT_FACTORY,
            "__dataclass_builtins_object__": object,
            "_return_type": None,
        }
        for f in fields.values():
            known[f"_type_{f.name}"] = f.type
            known[f"_dflt_{f.name}"] = f.default if f.default_factory is dc.MISSING else f.default_factory
        qualname = cls.__qualname__
        for function in _call(methods, globals_, known):
            if function.__name__ == "__repr__":
                function = dc._recursive_repr(function)
            function.__qualname__ = f"{qualname}.{function.__name__}"  # as dataclasses names them
            body[function.__name__] = function
        body["__match_args__"] = tuple(f.name for f in fields.values() if f.init)
        body["__slots__"] = tuple(fields)
        body["__getstate__"] = dc._dataclass_getstate
        body["__setstate__"] = dc._dataclass_setstate
        new = type(cls.__name__, cls.__bases__, body)
        new.__qualname__ = qualname
        if init is None:  # dataclasses wrote __init__ (a class _fills_slots turned down)
            return new if "__init__" in body else None
        parts = _init_parts(new, fields.values())
        if parts is None:
            return None
        arguments, _parameters, values, annotations = parts
        _add_setters(new, values, arguments)
        _install_init(new, _call(init, globals_, arguments), annotations)
        return new
    except Exception:  # anything unexpected: dataclasses builds it
        return None


#: How every method text ``dataclasses`` writes begins: a function that takes the names the
#: method needs besides its module's globals, and returns the method.
_MAKER = "def __create_fn__("


def _maker(module_code: CodeType) -> CodeType:
    """The code of the one function a text such as ``dataclasses`` writes defines."""
    (found,) = (c for c in module_code.co_consts if type(c) is CodeType)
    return found


def _call(maker: CodeType, globals_: dict[str, Any], known: dict[str, Any]) -> Any:
    """What the function whose code is ``maker`` returns, called with the values ``known`` has
    for its parameters: as ``exec`` of its text then a call, without the ``exec``."""
    return FunctionType(maker, globals_)(*[known[name] for name in maker.co_varnames[: maker.co_argcount]])


def _recipe(texts: list[str], init: CodeType | None, cache: CodeCache) -> Recipe | None:
    """The recipe for a class whose methods ``dataclasses`` wrote as ``texts`` and whose
    ``__init__`` is made by the code ``init`` (``None``: one of the texts); ``None`` when the
    texts are not of the expected form.

    Each text defines a function that takes some names and returns one method. The recipe's
    first part is one function of the same kind that takes all those names and returns all the
    methods, so that a replay makes them with one call rather than one ``exec`` and one call
    each. Its methods' code is the very code each text compiles to (the combined text would put
    them on other lines), swapped in for what the combined text compiles to, which is checked to
    need the same names from the enclosing function.
    """
    methods: list[CodeType] = []
    parameters: dict[str, None] = {}
    bodies: list[str] = []
    for text in texts:
        maker = _maker(cache.code(text))
        (method,) = (c for c in maker.co_consts if type(c) is CodeType)
        lines = text.split("\n")
        if not text.startswith(_MAKER) or lines[-1] != f" return {method.co_name}":
            return None
        methods.append(method)
        parameters.update(dict.fromkeys(maker.co_varnames[: maker.co_argcount]))
        bodies.append("\n".join(lines[1:-1]))
    source = (
        f"{_MAKER}{', '.join(parameters)}):\n"
        + "".join(body + "\n" for body in bodies)
        + f" return ({''.join(m.co_name + ', ' for m in methods)})"
    )
    combined = _maker(compile(source, "<string>", "exec", dont_inherit=True))
    compiled = [c for c in combined.co_consts if type(c) is CodeType]
    if [(c.co_name, c.co_freevars) for c in compiled] != [(m.co_name, m.co_freevars) for m in methods]:
        return None
    originals = iter(methods)
    consts = tuple(next(originals) if type(c) is CodeType else c for c in combined.co_consts)
    return combined.replace(co_consts=consts), init


def same_class(built: type, twin: type, bodies: tuple[type, type] | None = None) -> bool:
    """Whether ``twin`` is ``built`` over again: the same kind of class, with the same names
    bound to the same objects, or to functions, fields and descriptors that are alike in every
    part (code, defaults, closures, annotations, names; a slot of one class for the same slot of
    the other). ``bodies`` pairs the class bodies the two were made from, when they differ (a
    frozen class's ``__setattr__`` refers to its body)."""
    flags = (built.__flags__ ^ twin.__flags__) & ~_VERSION_TAG
    if flags or type(built) is not type(twin) or built.__bases__ != twin.__bases__:
        return False
    names = ("__name__", "__qualname__", "__module__")
    if any(getattr(built, name) != getattr(twin, name) for name in names):
        return False
    pairs = ((built, twin), bodies) if bodies is not None else ((built, twin),)
    return _same(dict(vars(built)), dict(vars(twin)), pairs)


#: ``Py_TPFLAGS_VALID_VERSION_TAG``: set once the interpreter has looked an attribute up on a
#: class, so it tells how a class was used, not what it is.
_VERSION_TAG = 1 << 19

#: Values compared by equality in :func:`_same`.
_PLAIN = (str, int, float, bool, bytes, type(None), frozenset, set)


def _same(first: Any, second: Any, pairs: tuple[tuple[type, type], ...]) -> bool:
    kind = type(first)
    if first is second:
        return True
    if kind is not type(second):
        return False
    for one, other in pairs:
        if first is one:
            return second is other
    if kind in _PLAIN:
        return bool(first == second)
    if kind is tuple or kind is list:
        return len(first) == len(second) and all(
            _same(a, b, pairs) for a, b in zip(first, second, strict=True)
        )
    if kind is dict or kind is MappingProxyType:
        return first.keys() == second.keys() and all(_same(first[k], second[k], pairs) for k in first)
    if kind is FunctionType:
        return (
            first.__code__ == second.__code__
            and first.__globals__ is second.__globals__
            and all(_same(getattr(first, a), getattr(second, a), pairs) for a in _FUNCTION_PARTS)
            and _same(_cells(first), _cells(second), pairs)
        )
    if kind is MemberDescriptorType:
        return first.__name__ == second.__name__ and _same(first.__objclass__, second.__objclass__, pairs)
    if kind is _METHOD_WRAPPER:
        return first.__name__ == second.__name__ and _same(first.__self__, second.__self__, pairs)
    slots = getattr(kind, "__slots__", None)
    if type(slots) is tuple and slots and not hasattr(first, "__dict__"):  # a Field, the params
        return all(_same(getattr(first, a, _ABSENT), getattr(second, a, _ABSENT), pairs) for a in slots)
    return False


_FUNCTION_PARTS = ("__name__", "__qualname__", "__module__", "__doc__", "__defaults__", "__kwdefaults__",
                   "__annotations__", "__dict__")
_METHOD_WRAPPER = type((0).__add__)
_ABSENT = object()


def _cells(function: FunctionType) -> tuple[Any, ...]:
    found = []
    for cell in function.__closure__ or ():
        try:
            found.append(cell.cell_contents)
        except ValueError:  # an empty cell
            found.append(_ABSENT)
    return tuple(found)


def _fills_slots(cls: type, options: dict[str, Any]) -> bool:
    """Whether :func:`_fill_slots_directly` will write ``cls``'s ``__init__``, told from the
    class as written, before ``dataclasses`` has seen it; ``False`` whenever in doubt.

    It does for a frozen, slotted class whose every field is a plain one stored as given: no
    ``__post_init__``, no dataclass base (whose fields might be anything), and every annotation a
    string in which none of the words ``ClassVar``, ``InitVar`` or ``KW_ONLY`` occurs (hamdsl's
    modules all use ``from __future__ import annotations``), with no ``field(init=False)`` or
    ``kw_only``.
    """
    if not (options.get("frozen") and options.get("slots") and options.get("init", True)):
        return False
    if options.get("kw_only") or hasattr(cls, "__post_init__"):
        return False
    if cls.__bases__ != (object,) and any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return False
    # What inspect.get_annotations returns for a class, without the call into inspect.
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    for name, annotation in annotations.items():
        value = cls.__dict__.get(name)
        if not _ordinary(annotation, value) or (isinstance(value, dataclasses.Field) and not value.init):
            return False
    return True


def _ordinary(annotation: Any, default: Any) -> bool:
    """Whether a field, as written, is neither a ``ClassVar``, an ``InitVar`` nor keyword-only:
    its annotation a string (``from __future__ import annotations``) without those words, and its
    default no ``field(kw_only=True)``; ``False`` whenever in doubt."""
    if type(annotation) is not str:
        return False
    # Three tests, not a loop over the words: this runs for every field at every start.
    if "ClassVar" in annotation or "InitVar" in annotation or "KW_ONLY" in annotation:
        return False
    return not (isinstance(default, dataclasses.Field) and default.kw_only is True)


def _fill_slots_directly(cls: type, cache: CodeCache) -> CodeType | None:
    """Give a frozen, slotted dataclass an ``__init__`` that stores each field through its slot,
    and return the code of the function that made it (for a :func:`_recipe`); ``None`` if the
    class is not one this applies to.

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
    parts = _stored_fields(cls)
    if parts is None:
        return None
    arguments, parameters, values, annotations = parts
    _add_setters(cls, values, arguments)
    body = [f"  __set_{index}(__hamdsl_self__, {value})" for index, (_name, value) in enumerate(values)]
    source = (
        f"def __create_fn__({', '.join(arguments)}):\n"
        f" def __init__({', '.join(['__hamdsl_self__', *parameters])}):\n"
        + ("\n".join(body) or "  pass")
        + "\n return __init__"
    )
    maker = _maker(cache.code(source))
    _install_init(cls, _call(maker, _module_globals(cls), arguments), annotations)
    return maker


def _add_setters(cls: type, values: list[tuple[str, str]], arguments: dict[str, Any]) -> None:
    """Pass the ``__init__`` of :func:`_fill_slots_directly` each field's slot setter."""
    for index, (name, _value) in enumerate(values):
        arguments[f"__set_{index}"] = getattr(cls, name).__set__


def _install_init(cls: type, init: Any, annotations: dict[str, Any]) -> None:
    """Make ``init`` the ``__init__`` of ``cls``, named and annotated as ``dataclasses`` does."""
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    annotations["return"] = None  # as dataclasses annotates it
    init.__annotations__ = annotations
    cls.__init__ = init  # type: ignore[misc]


#: The parts of an ``__init__`` or a :func:`constructor` that stores every field as given: the
#: names its text needs (defaults, default factories; :func:`_add_setters` adds the slots'
#: setters for an ``__init__``) with their values, its parameters, each field's name with the
#: expression stored in it, and its annotations.
_Parts = tuple[dict[str, Any], list[str], list[tuple[str, str]], dict[str, Any]]


def _stored_fields(cls: type) -> _Parts | None:
    """The :data:`_Parts` of ``cls``; ``None`` unless ``cls`` is a frozen, slotted dataclass whose
    ``__init__`` does nothing but store its fields (:func:`_fill_slots_directly`)."""
    params = getattr(cls, "__dataclass_params__", None)  # None: not a dataclass at all
    if not (params and params.frozen and "__slots__" in cls.__dict__) or hasattr(cls, "__post_init__"):
        return None
    fields = dataclasses.fields(cls)
    if len(fields) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        return None  # an InitVar or a ClassVar
    return _init_parts(cls, fields)


def _init_parts(cls: type, fields: Iterable[dataclasses.Field[Any]]) -> _Parts | None:
    """The :data:`_Parts` of the slotted class ``cls`` with ``fields`` (each ``init``, none
    keyword-only); ``None`` if a field is not of that kind."""
    arguments: dict[str, Any] = {}
    parameters: list[str] = []
    values: list[tuple[str, str]] = []
    annotations: dict[str, Any] = {}
    for index, f in enumerate(fields):
        slot = getattr(cls, f.name, None)
        if not f.init or f.kw_only or type(slot) is not MemberDescriptorType or not f.name.isidentifier():
            return None
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
        values.append((f.name, value))
    return arguments, parameters, values, annotations


def _module_globals(cls: type) -> dict[str, Any]:
    """The globals of ``cls``'s module, which ``dataclasses`` gives the methods it writes."""
    module = sys.modules.get(cls.__module__)
    return vars(module) if module is not None else {}


def constructor(cls: Callable[_P, _T]) -> Callable[_P, _T]:
    """A function that makes the same instances as ``cls(...)`` for a half to a third of the
    cost, for the few classes hamdsl makes for every line it reads; ``cls`` itself where it
    cannot. (``cls`` is typed as what it makes, so that calls are checked as calls of it.)

    Storing a field of a frozen instance takes a call (``cls``'s own ``__setattr__`` refuses,
    which is what frozen means), about 600 instructions a field even through the slot's member
    descriptor (:func:`_fill_slots_directly`), and calling a class costs more than calling a
    function. Making a ``Span`` took about 5,000 instructions (3,000 this way) and a line makes
    about five; an ``ExerciseModel``, 16,000 (5,400). Building the syntax tree and the model was
    about a third of what a lint spends on a line (benchmarks/README.md, session 7).

    The function made here takes the same parameters as ``cls.__init__`` and makes the instance
    as a plain class with the very same slots (a twin: no ``__setattr__`` of its own, so each
    field is stored as by ``self.x = x`` in any class), then assigns it ``cls`` as its
    ``__class__``, which Python allows between classes of the same layout. What comes out is an
    instance of ``cls`` like any other: the same fields, the same ``__class__``, as frozen as
    any. ``Span(1, 2, 3, 4)`` still works everywhere; hot paths call the constructor.

    It applies to a class that :func:`_fill_slots_directly` gave its ``__init__`` (frozen,
    slotted, every field stored as given) and that has no base class; for any other, ``cls`` is
    returned, so callers need not know.
    """
    kind: Any = cls
    parts = _stored_fields(kind) if kind.__bases__ == (object,) else None
    if parts is None:
        return cls
    arguments, parameters, values, annotations = parts
    twin = type(kind.__name__, (), {"__slots__": kind.__slots__, "__module__": kind.__module__})
    layout = ("__basicsize__", "__itemsize__", "__dictoffset__", "__weakrefoffset__")
    if any(getattr(twin, name) != getattr(kind, name) for name in layout):
        return cls  # not the layout that __class__ assignment needs (never so for such a class)
    arguments.update(__hamdsl_owner__=kind, __hamdsl_twin__=twin)
    body = [f"  __hamdsl_self__.{name} = {value}" for name, value in values]
    source = (
        f"def __create_fn__({', '.join(arguments)}):\n"
        f" def __new_instance__({', '.join(parameters)}):\n"
        "  __hamdsl_self__ = __hamdsl_twin__()\n"  # cheaper than object.__new__(__hamdsl_twin__)
        + "".join(line + "\n" for line in body)
        + "  __hamdsl_self__.__class__ = __hamdsl_owner__\n"
        "  return __hamdsl_self__\n"
        " return __new_instance__"
    )
    made = _call(_maker(_shared().code(source)), _module_globals(kind), arguments)
    made.__name__ = f"new_{kind.__name__}"
    made.__qualname__ = f"{kind.__qualname__}.<constructor>"
    annotations["return"] = kind.__name__
    made.__annotations__ = annotations
    return made


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
