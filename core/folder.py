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
"""

from __future__ import annotations

import json
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
