"""Reading a graph folder written by ``prospectus-kg build``.

A graph folder holds ``graph.ttl`` (the stated facts and their provenance), ``documents/<doc-id>.txt``
(the canonical texts that the assertions' spans index; each prosp:Prospectus names its own with
``prosp:textFile``, relative to the folder), ``build-report.json``, and, after ``prospectus-kg reason``,
``inferred.ttl`` (the reasoner's conclusions, kept apart from the stated facts).

``open_folder(path)`` checks the layout and raises :class:`~prospectus_kg.errors.GraphFolderError`
(or ``MissingInputError``) with a suggestion; the graph itself is parsed on first use.

This is the one reader of a folder's triples: every command that needs them (query stores, network
analysis, the exports, validation, reasoning, evaluation) comes here. Turtle is parsed by pyoxigraph
(:func:`read_turtle`, about ten times faster than rdflib's parser); :meth:`GraphFolder.rdflib_triples`
gives the same terms rdflib's own parser makes, :meth:`GraphFolder.graph` an rdflib Graph of them, and
:meth:`GraphFolder.oxigraph_store` loads the files into an Oxigraph store by its bulk path.

The persistent store. :meth:`GraphFolder.disk_store` gives an Oxigraph database (RocksDB, on disk) of
graph.ttl (and inferred.ttl), opened read-only, so that a query opens it in milliseconds instead of
parsing the Turtle again. It lives in the folder, under ``.store/``, and is derived: nothing else reads
it, it is not part of what a build writes byte for byte, and it can be deleted at any time.

* ``.store/<sources>-<digest>/``: ``<sources>`` is ``graph`` or ``graph+inferred``, ``<digest>`` the first
  16 hex digits of a SHA-256 over the sources' own SHA-256. It holds ``oxigraph/`` (the database),
  ``restore.nt`` (the typed literals Oxigraph stores in a canonical form, with the form the file gives
  them; see ``graph/query/store.py``) and ``meta.json`` (written last: the sources' hashes, sizes and
  modification times, the triple count, the pyoxigraph version).
* A store is found by the sizes and modification times of its sources (no hashing); failing that by
  their hash (a copied folder). When graph.ttl's hash changes, a new store is built and the old one
  removed. A store made by another pyoxigraph minor version is rebuilt.
* Built atomically: in ``.store/.tmp-HOST-PID-XXXX/`` under an exclusive lock (``.store/.lock``, so
  concurrent first users build it once; the others wait and open it), then renamed into place. A
  build killed half way leaves only a temporary folder, removed by the next one.
* Loaded by Oxigraph's bulk loader, from ``graph.nt`` when the build wrote one (the same triples,
  N-Triples, the fastest path), else from the Turtle.
* When the folder cannot be written (read-only media, no permission) there is no store:
  :meth:`disk_store` returns ``None`` and callers load the Turtle into memory as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from prospectus_kg.errors import GraphFolderError, MissingInputError

if TYPE_CHECKING:  # rdflib and pyoxigraph are imported when the graph is first read
    import pyoxigraph
    from rdflib import Graph

GRAPH_FILE = "graph.ttl"
REPORT_FILE = "build-report.json"
DOCUMENTS_DIR = "documents"
INFERRED_FILE = "inferred.ttl"
NTRIPLES_FILE = "graph.nt"
#: the persistent Oxigraph store of the folder's triples (derived; see the module's documentation)
STORE_DIR = ".store"
_STORE_FORMAT = 1
#: the predicate of restore.nt's lines (canonical form -> the file's literal)
_RESTORE_PREDICATE = "urn:x-prospectus-kg:restore"

_SUGGESTION = "give the folder written by `prospectus-kg build ... --out DIR`"
_REBUILD = "rebuild the folder with `prospectus-kg build`"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    """A pyoxigraph term as the rdflib term rdflib's own Turtle parser makes (``None`` stays ``None``)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    kind = type(term)
    if term is None:
        return None
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))


def read_turtle(path: Path, *, document: str | None = None, suggestion: str = _REBUILD) -> Iterator[pyoxigraph.Quad]:
    """The triples of a Turtle file as pyoxigraph quads, streamed; a broken file is a GraphFolderError."""
    import pyoxigraph as ox

    try:
        with open(path, "rb") as handle:
            yield from ox.parse(handle, format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphFolderError(f"cannot parse {path.name}: {' '.join(str(exc).split())}", document=document or str(path),
                               suggestion=suggestion) from exc


@dataclass
class GraphFolder:
    """A graph folder on disk; ``graph`` and ``report`` load lazily and are cached."""

    path: Path
    _graph: Any = field(default=None, repr=False)
    _texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE

    @property
    def report_file(self) -> Path:
        return self.path / REPORT_FILE

    @property
    def inferred_file(self) -> Path:
        return self.path / INFERRED_FILE

    def sources(self, inferred: bool = False) -> list[Path]:
        """graph.ttl, and inferred.ttl after it with ``inferred`` (which must then exist)."""
        files = [self.graph_file]
        if inferred:
            if not self.inferred_file.is_file():
                raise GraphFolderError(f"{self.path} holds no {INFERRED_FILE}", document=str(self.path),
                                       suggestion=f"run `prospectus-kg reason {self.path}` first, or leave out the "
                                                  "option that asks for inferred triples")
            files.append(self.inferred_file)
        return files

    def quads(self, files: list[Path] | None = None) -> Iterator[pyoxigraph.Quad]:
        """The triples of ``files`` (default: graph.ttl) as pyoxigraph quads, streamed."""
        for path in files or [self.graph_file]:
            suggestion = f"run `prospectus-kg reason {self.path}` again" if path.name == INFERRED_FILE else _REBUILD
            yield from read_turtle(path, document=str(self.path), suggestion=suggestion)

    def rdflib_triples(self, files: list[Path] | None = None) -> list[tuple]:
        """The triples of ``files`` (default: graph.ttl) as the rdflib terms rdflib's own parser makes."""
        cache: dict = {}   # every distinct term made once: a graph repeats its IRIs and many literals
        get = cache.get

        def term(t):
            found = get(t)
            if found is None:
                found = cache[t] = rdflib_term(t)
            return found

        return [(term(q.subject), term(q.predicate), term(q.object)) for q in self.quads(files)]

    def rdflib_graph(self, files: list[Path] | None = None) -> Graph:
        """An rdflib Graph of ``files`` (default: graph.ttl)."""
        from rdflib import Graph

        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in self.rdflib_triples(files))
        return graph

    @property
    def graph(self) -> Graph:
        """graph.ttl as an rdflib Graph (read once)."""
        if self._graph is None:
            self._graph = self.rdflib_graph()
        return self._graph

    def oxigraph_store(self, files: list[Path] | None = None) -> pyoxigraph.Store:
        """An in-memory Oxigraph store holding ``files`` (default: graph.ttl), loaded by its bulk path."""
        import pyoxigraph as ox

        store = ox.Store()
        for path in files or [self.graph_file]:
            try:
                store.load(path=str(path), format=ox.RdfFormat.TURTLE)
            except (SyntaxError, ValueError, OSError) as exc:
                raise GraphFolderError(f"cannot parse {path.name}: {' '.join(str(exc).split())}",
                                       document=str(self.path), suggestion=_REBUILD) from exc
        return store

    def disk_store(self, files: list[Path] | None = None, *, create: bool = True) -> DiskStore | None:
        """The persistent Oxigraph store of ``files`` (default: graph.ttl), opened read-only; built first
        when missing or stale (``create``). ``None`` when it cannot be written here (the folder is
        read-only) or, without ``create``, when there is none."""
        files = files or [self.graph_file]
        sources = "+".join(p.stem for p in files)
        root = self.path / STORE_DIR
        found = _find_store(root, sources, files, by_hash=False)
        if found is None:
            found = _find_store(root, sources, files, by_hash=True)
        if found is None:
            if not create:
                return None
            found = _build_store(root, sources, files, self)
            if found is None:
                return None
        return DiskStore.open(found)

    @property
    def report(self) -> dict[str, Any]:
        """build-report.json as a dict ({} when the file is absent)."""
        if not self.report_file.exists():
            return {}
        try:
            return json.loads(self.report_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GraphFolderError(f"cannot read {REPORT_FILE}: {exc}", document=str(self.path)) from exc

    def resolve(self, relative: str) -> Path:
        """The path of a file named relative to the folder; it must stay inside the folder."""
        root = self.path.resolve()
        target = (root / relative).resolve()
        if root != target and root not in target.parents:
            raise GraphFolderError(f"path {relative!r} points outside the graph folder", document=str(self.path))
        return target

    def text(self, relative: str) -> str:
        """The canonical text stored at ``relative`` (e.g. ``documents/<id>.txt``), exactly as written.

        Read with ``newline=""`` so offsets are not shifted by newline translation.
        """
        if relative not in self._texts:
            target = self.resolve(relative)
            try:
                with open(target, encoding="utf-8", newline="") as handle:
                    self._texts[relative] = handle.read()
            except FileNotFoundError as exc:
                raise GraphFolderError(f"canonical text {relative} is missing", document=str(self.path),
                                       suggestion="rebuild the folder with `prospectus-kg build`") from exc
            except (OSError, UnicodeDecodeError) as exc:
                raise GraphFolderError(f"cannot read canonical text {relative}: {exc}",
                                       document=str(self.path)) from exc
        return self._texts[relative]


# --- the persistent store -------------------------------------------------------------------------

def _pyoxigraph_version() -> str:
    import pyoxigraph as ox

    return ".".join(ox.__version__.split(".")[:2])


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_meta(folder: Path) -> dict | None:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("format") != _STORE_FORMAT or meta.get("pyoxigraph") != _pyoxigraph_version():
        return None
    return meta


def _find_store(root: Path, sources: str, files: list[Path], *, by_hash: bool) -> Path | None:
    """The finished store of ``files`` under ``root``: matched by the sources' sizes and modification
    times, or (``by_hash``) by their SHA-256."""
    try:
        candidates = sorted(p for p in root.iterdir() if p.name.startswith(sources + "-"))
    except OSError:
        return None
    if not candidates:
        return None
    try:
        if by_hash:
            wanted = {p.name: _sha256(p) for p in files}
            name = f"{sources}-{_digest(wanted)}"
            candidates = [p for p in candidates if p.name == name]
        else:
            stats = {p.name: _stat(p) for p in files}
    except OSError:
        return None
    for candidate in candidates:
        meta = _read_meta(candidate)
        if meta is None:
            continue
        recorded = meta.get("sources", {})
        if by_hash or all(recorded.get(name, {}).get("stat") == stat for name, stat in stats.items()):
            return candidate
    return None


def _digest(hashes: dict[str, str]) -> str:
    return hashlib.sha256("".join(f"{name}\t{h}\n" for name, h in sorted(hashes.items())).encode()).hexdigest()[:16]


def _build_store(root: Path, sources: str, files: list[Path], folder: GraphFolder) -> Path | None:
    """Build the store of ``files`` under ``root`` (under an exclusive lock, in a temporary folder renamed
    into place); the stores of earlier versions of the sources are removed. ``None`` when ``root``
    cannot be written."""
    import fcntl
    import socket
    import tempfile

    try:
        root.mkdir(exist_ok=True)
        lock = open(root / ".lock", "a")
    except OSError:
        return None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError:
            return None
        found = _find_store(root, sources, files, by_hash=True)   # built while this process waited
        if found is not None:
            return found
        host = re.sub(r"[^A-Za-z0-9]+", "_", socket.gethostname()) or "host"
        _remove_stale_builds(root, host)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{host}-{os.getpid()}-", dir=root))
        except OSError:
            return None
        try:
            hashes = {p.name: _sha256(p) for p in files}
            stats = {p.name: _stat(p) for p in files}
            triples, canonical = _load_store(tmp, files, folder)
            meta = {"format": _STORE_FORMAT, "pyoxigraph": _pyoxigraph_version(), "triples": triples,
                    "restore_datatypes": canonical,
                    "sources": {name: {"sha256": hashes[name], "stat": stats[name]} for name in hashes}}
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            final = root / f"{sources}-{_digest(hashes)}"
            if final.exists():   # an unfinished store of the same sources (no meta.json): replaced
                shutil.rmtree(final)
            os.chmod(tmp, 0o755)
            tmp.rename(final)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            return None
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        for other in root.iterdir():   # the stores of earlier versions of the same sources
            if other.name.startswith(sources + "-") and other != final:
                shutil.rmtree(other, ignore_errors=True)
        return final


def _remove_stale_builds(root: Path, host: str) -> None:
    """Temporary folders of store builds on this host whose process is gone (killed half way)."""
    pattern = re.compile(rf"^\.tmp-{re.escape(host)}-(\d+)-")
    for entry in root.iterdir():
        match = pattern.match(entry.name)
        if match:
            pid = int(match.group(1))
            try:
                os.kill(pid, 0)
                alive = pid != os.getpid()
            except ProcessLookupError:
                alive = False
            except PermissionError:
                alive = True
            if not alive:
                shutil.rmtree(entry, ignore_errors=True)


def _load_store(target: Path, files: list[Path], folder: GraphFolder) -> tuple[int, list[str]]:
    """Bulk-load ``files`` into a new database at ``target/oxigraph`` and write ``target/restore.nt``;
    the triple count and the datatypes of the canonical forms that need restoring."""
    import pyoxigraph as ox

    nt = folder.path / NTRIPLES_FILE
    loads = [(nt, ox.RdfFormat.N_TRIPLES)] if files == [folder.graph_file] and _same_build(nt, folder) \
        else [(p, ox.RdfFormat.TURTLE) for p in files]
    import threading

    # the restore map is read from the Turtle in a thread while Oxigraph's bulk loader (which releases
    # the GIL) fills the database: on two cores the two take about as long as the load alone
    found: dict = {}

    def read_restore() -> None:
        try:
            found["map"] = restore_map(folder.quads(files))
        except BaseException as exc:  # noqa: BLE001 - raised below, in the building thread
            found["error"] = exc

    reader = threading.Thread(target=read_restore, name="prospectus-kg-restore", daemon=True)
    reader.start()
    store = ox.Store(str(target / "oxigraph"))
    try:
        for path, fmt in loads:
            try:
                # graph.nt is the build's own canonical N-Triples: its IRIs need no second validation
                store.bulk_load(path=str(path), format=fmt, lenient=fmt == ox.RdfFormat.N_TRIPLES)
            except (SyntaxError, ValueError) as exc:
                raise GraphFolderError(f"cannot parse {path.name}: {' '.join(str(exc).split())}",
                                       document=str(folder.path), suggestion=_REBUILD) from exc
        store.flush()
        triples = len(store)
    finally:
        del store   # closes the database
        reader.join()
    if "error" in found:
        raise found["error"]
    restore = found["map"]
    lines = []   # pairs of lines: the canonical form, then the file's literal
    for i, (canonical, original) in enumerate(sorted(restore.items(), key=lambda item: str(item[0]))):
        lines.append(f"<urn:x-restore:{i}> <{_RESTORE_PREDICATE}#canonical> {canonical} .\n"
                     f"<urn:x-restore:{i}> <{_RESTORE_PREDICATE}#original> {original} .\n")
    (target / "restore.nt").write_text("".join(lines), encoding="utf-8")
    return triples, sorted({c.datatype.value for c in restore})


def _same_build(nt: Path, folder: GraphFolder) -> bool:
    """graph.nt holds graph.ttl's triples: both written by the same build (graph.nt no older)."""
    try:
        return nt.is_file() and nt.stat().st_mtime_ns >= folder.graph_file.stat().st_mtime_ns - 5_000_000_000
    except OSError:
        return False


def restore_map(quads) -> dict:
    """Oxigraph's canonical form of a typed literal -> the one literal of ``quads`` it stands for.

    Oxigraph stores the literals whose value it parses (numbers, dates, durations, ...) in a canonical
    form: ``"0012"^^xsd:nonNegativeInteger`` becomes ``"12"^^xsd:integer``. Only literals that Oxigraph
    changes are kept, and only when the canonical form stands for a single literal of the file (none
    when the file holds both ``"7"^^xsd:integer`` and ``"7"^^xsd:int``)."""
    import pyoxigraph as ox

    literal = ox.Literal
    plain = (_XSD_STRING, _LANG_STRING)
    typed: set = set()
    add = typed.add
    for quad in quads:
        term = quad.object
        if type(term) is literal and not term.language and term.datatype.value not in plain:
            add(term)
    if not typed:
        return {}
    originals = list(typed)
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:x-restore:p")
    scratch.extend([ox.Quad(ox.NamedNode(f"urn:x-restore:{i}"), predicate, term) for i, term in enumerate(originals)])
    found: dict = {}
    for quad in scratch:
        original = originals[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object != original:
            found.setdefault(quad.object, []).append(original)
    return {canonical: forms[0] for canonical, forms in found.items() if len(forms) == 1 and canonical not in typed}


_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class DiskStore:
    """A persistent store, opened read-only: ``store`` (a pyoxigraph Store), ``triples``, and
    :meth:`restore` (canonical literal -> the file's literal; read on first use)."""

    path: Path
    store: Any
    triples: int
    restore_datatypes: frozenset
    _restore: dict | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path) -> DiskStore:
        import pyoxigraph as ox

        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        try:
            store = ox.Store.read_only(str(path / "oxigraph"))
        except OSError as exc:
            raise GraphFolderError(f"cannot open the store {path}: {' '.join(str(exc).split())}",
                                   document=str(path.parent.parent),
                                   suggestion=f"delete {path.parent} (it is rebuilt on first use)") from exc
        return cls(path, store, int(meta["triples"]), frozenset(meta.get("restore_datatypes", ())))

    def restore(self) -> dict:
        if self._restore is None:
            import pyoxigraph as ox

            with open(self.path / "restore.nt", "rb") as handle:
                terms = [quad.object for quad in ox.parse(handle, format=ox.RdfFormat.N_TRIPLES)]
            restore = dict(zip(terms[0::2], terms[1::2]))
            self._restore = restore
        return self._restore


def open_folder(path: str | Path) -> GraphFolder:
    """Open a graph folder, checking that it exists and holds graph.ttl."""
    folder = Path(path)
    if not folder.exists():
        raise MissingInputError(f"{folder} does not exist", document=str(folder), suggestion=_SUGGESTION)
    if not folder.is_dir():
        raise GraphFolderError(f"{folder} is not a folder", document=str(folder), suggestion=_SUGGESTION)
    if not (folder / GRAPH_FILE).is_file():
        raise GraphFolderError(f"{folder} holds no {GRAPH_FILE}", document=str(folder), suggestion=_SUGGESTION)
    return GraphFolder(folder)
