"""Compiled regular expressions kept between runs, as ``.pyc`` files keep compiled bytecode.

Ingest and extraction compile some 350 regular expressions, most when their modules are imported:
~100 ms of a one-filing build, more than the document's own work (~10 ms). Python's ``re`` compiles a
pattern in two steps: parsing it and generating its code, both in Python (``re._parser``,
``re._compiler``), then handing the code to the C engine (``_sre.compile``), which checks it and takes
microseconds. This module keeps the output of the first two steps in a file and, at the start of a
build, puts the patterns made from it into ``re``'s own cache of compiled patterns, under the key
``re`` itself looks up (the pattern text and its flags): every ``re.compile(...)`` or
``re.search(...)`` of the same text afterwards gets the same object a compilation would have given,
without compiling. No module's code changes, and a pattern that is not in the file is compiled as
usual. ~330 patterns load in ~3 ms.

Safe by construction:

* the key is the exact pattern text and flags, so an entry can only ever stand for itself; an entry is
  written only when the pattern made from it compares equal (``==``: flags, text and code) to the one
  ``re`` compiled in this process;
* the file names the Python version (the full ``sys.hexversion``) and the regular-expression engine's
  constants (``_sre.MAGIC``, ``CODESIZE``, ``MAXREPEAT``, ``MAXGROUPS``): another Python never reads it;
  ``_sre.compile`` also validates the code it is given;
* anything unexpected (no cache folder, an unreadable, truncated or foreign file, a Python whose
  ``re`` internals differ) means compiling as usual: the cache only ever saves time.

The file is ``regex-<python>-<checksum of the package's folder>.marshal`` in
``$PROSPECTUS_KG_CACHE_DIR`` (default ``$XDG_CACHE_HOME/prospectus-kg`` or ``~/.cache/prospectus-kg``;
set the variable to an empty string to use no cache). It is written (atomically) by the first build,
before it reads a document, and again when the source of ingest, extraction or the build changes (a
fingerprint of their files' sizes and times), so patterns of old code do not pile up. It holds the
patterns those modules compile on import and those their functions name literally (see
:func:`save`), whatever documents the build reads.
"""

from __future__ import annotations

import os
import re
import sys

ENV = "PROSPECTUS_KG_CACHE_DIR"
#: ``re`` keeps about ``re._MAXCACHE`` (512) patterns, dropping its oldest one when it compiles another:
#: the file holds every pattern of the stages, in the order they are compiled on import, and all are put
#: in (an entry dropped later, once its module holds the compiled object, is compiled again if a
#: function names it, as without the cache).
#: The stages whose modules' patterns the file holds.
STAGES = ("ingest", "extract", "build")
_loaded: set | None = None      # keys of the patterns in the file, or None: not loaded yet
_valid = False                  # whether a file this Python and this source can use was loaded
_fingerprint: str | None = None


def cache_dir() -> str | None:
    """The folder of the cache file, or None when the cache is switched off."""
    configured = os.environ.get(ENV)
    if configured is not None:
        return configured or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "prospectus-kg")


def _header() -> tuple:
    import _sre
    return ("prospectus-kg regex cache 1", sys.hexversion, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE,
            _sre.MAXREPEAT, _sre.MAXGROUPS, _source_fingerprint())


def _path() -> str | None:
    """The cache file: one per Python and per installed copy of the package (two checkouts of the
    project, each with its own source, do not overwrite each other's file by turns)."""
    folder = cache_dir()
    if not folder:
        return None
    import zlib

    import prospectus_kg.graph as package
    where = zlib.crc32(os.path.dirname(os.path.abspath(package.__file__)).encode("utf-8", "surrogateescape"))
    return os.path.join(folder, f"regex-{sys.implementation.cache_tag or 'python'}-{where:08x}.marshal")


def _source_fingerprint() -> str:
    """Names, sizes and modification times of the modules that compile patterns (ingest, extract, build)."""
    global _fingerprint
    if _fingerprint is None:
        import prospectus_kg.graph as package   # the installed package's folder (an editable install: graph/)
        graph = os.path.dirname(os.path.abspath(package.__file__))
        parts = []
        for stage in ("ingest", "extract", "build"):
            try:
                with os.scandir(os.path.join(graph, stage)) as found:
                    entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in found
                                     if e.name.endswith(".py"))
            except OSError:
                entries = []
            parts.append(f"{stage}:{entries!r}")
        _fingerprint = ";".join(parts)
    return _fingerprint


def load() -> int:
    """Put the cached patterns into ``re``'s cache (once a process); the number put in. Call it before
    the stages are imported. Without a file this Python and this source can use, one is written
    (:func:`save`): the first build pays for it once (~0.1 s)."""
    global _loaded, _valid
    if _loaded is not None:
        return 0
    _loaded = set()
    put = 0
    path = _path()
    if path is None:
        return 0
    try:
        import marshal

        import _sre
        with open(path, "rb") as fh:
            header, entries = marshal.loads(fh.read())
        if header != _header():
            raise ValueError("another Python or another source")
        cache = re._cache   # noqa: SLF001 - the key and the objects are the ones re._compile makes
        for pattern, flags, final_flags, code, groups, groupindex, indexgroup in entries:
            key = (type(pattern), pattern, flags)
            if key not in cache:   # (one compiled before this, on an import, is the same pattern)
                cache[key] = _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
                put += 1
            _loaded.add(key)
        _valid = True
    except Exception:  # noqa: BLE001 - no file, or one this Python cannot use: compile as usual
        pass
    if not _valid:
        save()
    return put


def save() -> int:
    """Import every module of ingest, extraction and the build, compile the patterns their functions
    name literally (:func:`literal_patterns`), and write the patterns compiled so far in this process
    (before any document was read: patterns made from a document's text or a folder's name never enter
    the file) as the cache file; the number written. The file does not depend on the documents of the
    build that wrote it: an HTML filing's patterns are there after a text filing's build. A pattern a
    function makes from a variable is compiled on first use, as without the cache."""
    global _valid
    path = _path()
    if path is None:
        return 0
    try:
        limit = re._MAXCACHE   # noqa: SLF001 - nothing compiled on import is dropped before it is written
        re._MAXCACHE = 1 << 20
        try:
            made = _recording(_import_stages)
        finally:
            re._MAXCACHE = limit
        entries, seen = [], set()
        for key, compiled in list(re._cache.items()):   # noqa: SLF001
            args = made.get(id(compiled))
            entry = (key[1], key[2], *args[1:]) if args and args[0] is key[1] else _entry(key, compiled)
            if entry is not None:
                entries.append(entry)
                seen.add(key)
        import marshal
        import tempfile
        data = marshal.dumps((_header(), entries))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", dir=os.path.dirname(path))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no error: the next run compiles
        return 0
    if _loaded is not None:
        _loaded.update(seen)
    _valid = True
    return len(entries)


def _recording(work) -> dict:
    """Run ``work()`` and return {id(pattern): the arguments ``re`` gave ``_sre.compile`` to make it}
    for the patterns compiled meanwhile, so that writing the file compiles nothing twice. Where ``re``
    works otherwise (another Python), nothing is recorded and :func:`_entry` makes the arguments."""
    from re import _compiler
    real = getattr(_compiler, "_sre", None)
    made: dict = {}
    if real is None or not callable(getattr(real, "compile", None)):
        work()
        return made

    class Recorder:
        def __getattr__(self, name):
            return getattr(real, name)

        @staticmethod
        def compile(pattern, flags, code, groups, groupindex, indexgroup):
            compiled = real.compile(pattern, flags, code, groups, groupindex, indexgroup)
            made[id(compiled)] = (pattern, flags, [int(c) for c in code], groups, dict(groupindex), tuple(indexgroup))
            return compiled

    _compiler._sre = Recorder()
    try:
        work()
    finally:
        _compiler._sre = real
    return made


def _import_stages() -> None:
    """Import every module of the stages, and compile the patterns their functions name literally."""
    import importlib
    import pkgutil
    for stage in STAGES:
        package = importlib.import_module(f"prospectus_kg.graph.{stage}")
        for info in pkgutil.iter_modules(package.__path__):
            try:
                module = importlib.import_module(f"{package.__name__}.{info.name}")
            except ImportError:   # an optional parser that is not installed
                continue
            for pattern, flags in literal_patterns(getattr(module, "__file__", None)):
                try:
                    re.compile(pattern, flags)
                except re.error:
                    pass


#: ``re`` functions -> the position of their ``flags`` argument.
_FLAGS_AT = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "split": 3,
             "sub": 4, "subn": 4}


def literal_patterns(path: str | None) -> list[tuple[str, int]]:
    """(pattern, flags) of every call ``re.<function>("literal", ..., flags=re.I | ...)`` in a module's
    source: the patterns a function compiles on first use (``re`` compiles them into its cache on the
    first call), found without running the function. A pattern or flags that are not literal (made
    from a variable, from a document) are left out."""
    import ast
    if not path or not path.endswith(".py"):
        return []
    try:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
    except (OSError, SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _FLAGS_AT and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, (str, bytes))):
            continue
        at = _FLAGS_AT[node.func.attr]
        flags_node = node.args[at] if len(node.args) > at else next(
            (k.value for k in node.keywords if k.arg == "flags"), None)
        flags = 0 if flags_node is None else _flags(flags_node)
        if flags is not None:
            found.append((first.value, flags))
    return found


def _flags(node) -> int | None:
    """The value of ``re.I | re.M ...`` (names of ``re``'s flags), or None for anything else."""
    import ast
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        value = getattr(re, node.attr, None)
        return int(value) if isinstance(value, re.RegexFlag) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _flags(node.left), _flags(node.right)
        return None if left is None or right is None else left | right
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    return None


def _entry(key: tuple, compiled) -> tuple | None:
    """What ``_sre.compile`` needs to make ``compiled`` again, or None when it cannot be kept."""
    import _sre
    from re import _compiler, _parser
    kind, pattern, flags = key
    if kind not in (str, bytes) or not isinstance(flags, int) or flags & re.DEBUG:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]   # noqa: SLF001
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = (pattern, flags, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex,
                 tuple(indexgroup))
        if _sre.compile(*entry[:1], *entry[2:]) != compiled:   # the same flags, text and code: the same pattern
            return None
    except Exception:  # noqa: BLE001 - a Python whose re internals differ: this one is compiled as usual
        return None
    return entry
