"""The Python API: build a graph from prospectuses, or open a built one, and work with it in Python.

For a notebook or a script, the same things the command line does, without the shell::

    import prospectus_kg

    kg = prospectus_kg.build(["filing.htm"])            # a temporary folder, owned by kg
    for fact in kg.facts[:3]:                           # every fact with its provenance
        print(fact.subject, fact.predicate, fact.object, fact.document, fact.start, fact.end, fact.quote)
    kg.graph                                            # an rdflib Graph of graph.ttl
    kg.query("affiliates", org="Nevada Bond, LLC")      # a named query (graph/query/queries/*.rq) ...
    kg.query("SELECT ?n WHERE { ?o prosp:name ?n }")    # ... or SPARQL text, the graph's prefixes predeclared

    kg = prospectus_kg.open("out/seed")                 # a folder written by `prospectus-kg build`

``prospectus-kg build`` and ``prospectus-kg query`` are thin layers over :func:`build` and
:meth:`KnowledgeGraph.query`. Errors are the exceptions of :mod:`prospectus_kg.errors` (each with the
exit code the command line would give). Nothing heavy is imported until it is used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prospectus_kg.errors import QueryError, UsageError
from prospectus_kg.folder import GraphFolder, open_folder

if TYPE_CHECKING:  # imported when first used
    from rdflib import Graph
    from rdflib.term import Identifier, URIRef

    from prospectus_kg.graph.build.pipeline import BuildSummary
    from prospectus_kg.graph.query.results import QueryResult
    from prospectus_kg.graph.query.store import QueryStore

__all__ = ["Fact", "KnowledgeGraph", "build", "build_folder", "open"]

_NAME = r"[a-z][a-z0-9-]*"

#: every assertion with its provenance (the order makes ``facts`` the same on every run and store)
_FACTS_QUERY = """
PREFIX prosp: <https://w3id.org/prospectus-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?assertion ?subject ?predicate ?object ?source ?file ?start ?end ?quote ?section WHERE {
  ?assertion a prosp:Assertion ;
             rdf:subject ?subject ;
             rdf:predicate ?predicate ;
             rdf:object ?object ;
             oa:hasTarget ?target .
  ?target oa:hasSource ?source ;
          oa:hasSelector ?position, ?quoteSelector .
  ?position oa:start ?start ;
            oa:end ?end .
  ?quoteSelector oa:exact ?quote .
  OPTIONAL { ?source prosp:textFile ?file }
  OPTIONAL { ?assertion prosp:section ?section }
}
ORDER BY ?source ?start ?end ?predicate ?subject ?object ?assertion
"""


@dataclass(frozen=True)
class Fact:
    """One stated fact, ``subject predicate object``, and the exact span of text that states it.

    ``document`` is the document id: its canonical text is ``documents/<document>.txt`` in the graph
    folder (:meth:`KnowledgeGraph.text`), and ``text[start:end] == quote`` (0-based, end-exclusive
    character offsets). ``subject``, ``predicate`` and ``object`` are rdflib terms, as in ``graph``.
    """

    subject: Identifier
    predicate: URIRef
    object: Identifier
    document: str
    start: int
    end: int
    quote: str
    section: str | None
    source: URIRef
    assertion: URIRef

    @property
    def value(self) -> Any:
        """The object as a Python value (``str``, ``int``, ``datetime.date``, ...; an IRI stays an IRI)."""
        to_python = getattr(self.object, "toPython", None)
        return to_python() if to_python is not None else self.object


class KnowledgeGraph:
    """A graph folder opened for Python: its facts, an rdflib graph, queries, the canonical texts.

    Made by :func:`build` or :func:`open`. The graph is read when first needed. A graph built without
    ``out`` lives in a temporary folder that this object owns: it is removed by :meth:`close`, at the
    end of a ``with`` block, or when the object is garbage-collected.
    """

    def __init__(self, folder: GraphFolder, *, store: str = "auto", inferred: bool = False,
                 summary: BuildSummary | None = None) -> None:
        from prospectus_kg.graph.query.store import STORES

        if store not in STORES:
            raise UsageError(f"unknown store {store!r}", suggestion=f"use one of {', '.join(STORES)}")
        self._folder = folder
        self._store_kind = store
        self._inferred = inferred
        self._store: QueryStore | None = None
        self._facts: list[Fact] | None = None
        #: what the build did (documents, facts, triples, skipped documents, warnings); None after open()
        self.summary = summary
        #: whether the folder is a temporary one, removed with this object
        self.temporary = False
        self._cleanup: weakref.finalize | None = None

    # --- the folder ------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The graph folder (a temporary one when built without ``out``)."""
        return self._folder.path

    @property
    def folder(self) -> GraphFolder:
        """The graph folder reader (:class:`prospectus_kg.folder.GraphFolder`)."""
        return self._folder

    @property
    def report(self) -> dict[str, Any]:
        """build-report.json: counts per fact kind, documents, sections found, warnings, skipped documents."""
        return self._folder.report

    def text(self, document: str | Fact) -> str:
        """The canonical text of a document (its id, or a fact's document): what the spans index."""
        doc = document.document if isinstance(document, Fact) else document
        return self._folder.text(f"documents/{doc}.txt")

    def close(self) -> None:
        """Forget the loaded graph; remove the folder if it is a temporary one."""
        self._store = None
        self._facts = None
        self._folder._graph = None
        if self._cleanup is not None:
            self._cleanup()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.path}{' (temporary)' if self.temporary else ''}>"

    # --- the triples -----------------------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        """graph.ttl as an rdflib Graph, with the file's terms as written (read once)."""
        return self._folder.graph

    @property
    def store(self) -> QueryStore:
        """The query store (rdflib Memory or Oxigraph, see ``graph/query/store.py``), loaded once."""
        if self._store is None:
            from prospectus_kg.graph.query.store import open_store

            self._store = open_store(self._folder, self._store_kind, inferred=self._inferred)
        return self._store

    @property
    def facts(self) -> list[Fact]:
        """Every stated fact with its provenance, ordered by document and position."""
        if self._facts is None:
            self._facts = [_fact(row) for row in self.store.query(_FACTS_QUERY).dicts()]
        return self._facts

    def query(self, name_or_sparql: str, params: Mapping[str, Any] | None = None, /, **kwargs: Any) -> QueryResult:
        """Run a named query (``prospectus-kg queries`` lists them) or SPARQL 1.1 text.

        Parameters come as keywords (or a dict, for names that are not Python identifiers) and are bound
        by the engine, never pasted into the text. For a named query each value is read by the
        parameter's type, as ``--param`` is. For SPARQL text a value is an rdflib term, a Python value
        (``int``, ``Decimal``, ``date``, ``bool``: the typed literal the build writes for it, so an
        ``int`` of 0 or more is an ``xsd:nonNegativeInteger``), or a string: ``<...>`` an IRI, anything else a plain
        literal. The graph's prefixes (``prosp:``, ``kg:``, ``oa:``, ``xsd:``, ...) need no declaration.

        Returns a :class:`~prospectus_kg.graph.query.results.QueryResult`: ``rows`` and ``dicts()`` for
        SELECT, ``boolean`` for ASK, ``triples`` for CONSTRUCT and DESCRIBE; ``str()`` of it is the
        table the command line prints. Raises :class:`~prospectus_kg.errors.QueryError` for malformed
        SPARQL, an unknown query name or a missing parameter.
        """
        values = dict(params or {})
        values.update(kwargs)
        return self._query(name_or_sparql, values)

    def _query(self, name_or_sparql: str, values: Mapping[str, Any], *, raw: bool = False) -> QueryResult:
        """:meth:`query`; with ``raw`` the Oxigraph stores give pyoxigraph terms (for the command line,
        which only writes the answer out: the result writers take those too, and rdflib is not imported)."""
        import re

        text = name_or_sparql
        if not isinstance(text, str) or not text.strip():
            raise QueryError("the query is empty")
        named = None
        if re.fullmatch(_NAME, text.strip()):
            from prospectus_kg.graph.query.named import get_named_query

            named = get_named_query(text.strip())
            bindings = named.bind({k: _text(v) for k, v in values.items()})
            text = named.text
        else:
            bindings = _adhoc(values)
        store = self.store
        result = store.query(text, bindings, raw=raw)
        if named is not None and result.kind == "select" and not result.rows:
            _check_lookup_keys(store, named)
            rebound = _resolve_names(store, named, values, bindings)
            if rebound is not None:
                result = store.query(text, rebound, raw=raw)
        result.prefixes = store.prefixes
        return result


def _text(value: Any) -> str:
    """A named query's parameter as text, as ``--param`` would give it."""
    from rdflib.term import URIRef

    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _adhoc(values: Mapping[str, Any]) -> dict[str, Any]:
    if not values:
        return {}   # nothing to bind: rdflib is not needed
    from rdflib.term import Identifier

    from prospectus_kg.graph.query.named import adhoc_bindings

    strings = {k: v for k, v in values.items() if isinstance(v, str) and not isinstance(v, Identifier)}
    bindings = adhoc_bindings(strings)
    for key, value in values.items():
        if key in strings:
            continue
        if not isinstance(key, str) or not key.isidentifier():
            raise UsageError(f"parameter name {key!r} is not a SPARQL variable name")
        # a Python value becomes the literal the build writes for it (an int >= 0: xsd:nonNegativeInteger)
        if not isinstance(value, Identifier):
            from prospectus_kg.graph.build.triples import rdflib_literal   # only then: the build's modules

            value = rdflib_literal(value)
        bindings[key] = value
    return bindings


def _resolve_names(store, named, values: Mapping[str, Any], bindings: dict) -> dict | None:
    """When a name matched no key exactly: the bindings with each ``name`` parameter bound to the one
    entity it names by the rules of ``prospectus-kg path`` (a name or alias starting with or holding
    the text, ...; ``graph/query/named.rank_entities``), or None when that changes nothing."""
    from rdflib.term import Literal

    from prospectus_kg.graph.build.lookup import lookup_key
    from prospectus_kg.graph.query.named import resolve_name

    rebound = dict(bindings)
    for param in named.params:
        if param.type != "name" or param.name not in values:
            continue
        text = _text(values[param.name]).strip()
        if text.startswith("<") and text.endswith(">"):
            continue   # an IRI is exact
        iri = resolve_name(store, text)
        if iri is not None:
            rebound[param.name] = Literal(lookup_key(iri))
    return rebound if rebound != bindings else None


def _check_lookup_keys(store, named) -> None:
    """A name parameter matches ``prosp:lookupKey``, which graphs built before it was added lack: say
    so rather than answer nothing."""
    from prospectus_kg.ontology.terms import PROSP_NS

    if any(p.type == "name" for p in named.params) and \
            not store.query(f"ASK {{ ?s <{PROSP_NS}lookupKey> ?key }}").boolean:
        raise QueryError(f"query {named.name} matches names by prosp:lookupKey, which this graph does not have "
                         "(it was built by an older prospectus-kg)", suggestion="rebuild the graph folder with "
                         "`prospectus-kg build`")


def _fact(row: dict) -> Fact:
    source = row["source"]
    file = row.get("file")
    if file is not None:
        document = Path(str(file)).stem
    else:
        document = str(source).rstrip("/").rsplit("/", 1)[-1]
    section = row.get("section")
    return Fact(subject=row["subject"], predicate=row["predicate"], object=row["object"], document=document,
                start=int(row["start"]), end=int(row["end"]), quote=str(row["quote"]),
                section=None if section is None else str(section), source=source, assertion=row["assertion"])


def build(paths: str | os.PathLike | Iterable[str | os.PathLike], out: str | os.PathLike | None = None, *,
          jobs: int | None = None, keep_going: bool | None = None, max_bytes: int | None = None,
          doc_timeout: float | None = None, ntriples: bool | None = None, progress: bool = False,
          root: str | os.PathLike | None = None, store: str = "auto", query_store: bool = False) -> KnowledgeGraph:
    """Build a graph from prospectus files and folders of them; the :class:`KnowledgeGraph` of it.

    ``paths``: one path or several (``.txt``, ``.htm``/``.html``, EDGAR full submissions, folders).
    ``out``: the graph folder to write (an earlier graph folder there is replaced); without it the
    graph goes to a temporary folder that the result owns and removes when closed or collected.
    ``jobs``: worker processes (default: all cores). ``keep_going``: skip unreadable documents and
    report them in ``summary.failed`` (default: when a folder is given). ``max_bytes``,
    ``doc_timeout`` (seconds, 0: none; default 120), ``ntriples``, ``progress`` and ``root`` (what
    document names are recorded relative to; default: each input's own folder) are the options of
    ``prospectus-kg build``. ``store``: the query store for :meth:`KnowledgeGraph.query`
    (``memory``, ``oxigraph``, ``oxigraph-memory`` or ``auto``). ``query_store``: also build the folder's
    persistent Oxigraph store (``.store/``; otherwise the first query on Oxigraph builds it).
    """
    temporary = out is None
    target = Path(tempfile.mkdtemp(prefix="prospectus-kg-")) / "graph" if temporary else Path(out)
    try:
        summary = build_folder(paths, target, jobs=jobs, keep_going=keep_going, max_bytes=max_bytes,
                               progress=progress, ntriples=ntriples, doc_timeout=doc_timeout, root=root,
                               query_store=query_store)
    except BaseException:
        if temporary:
            shutil.rmtree(target.parent, ignore_errors=True)
        raise
    kg = KnowledgeGraph(GraphFolder(target), store=store, summary=summary)
    if temporary:   # the folder is removed with its parent, the temporary folder made here
        kg.temporary = True
        kg._cleanup = weakref.finalize(kg, shutil.rmtree, str(target.parent), True)
    return kg


def build_folder(paths: str | os.PathLike | Iterable[str | os.PathLike], out: str | os.PathLike, *,
                 jobs: int | None = None, keep_going: bool | None = None, max_bytes: int | None = None,
                 doc_timeout: float | None = None, ntriples: bool | None = None, progress: bool = False,
                 root: str | os.PathLike | None = None, query_store: bool = False) -> BuildSummary:
    """:func:`build` without opening the result: writes the graph folder ``out`` and returns what the
    build did. ``prospectus-kg build`` calls this: it loads no query store (no rdflib)."""
    from prospectus_kg.graph.build.pipeline import DEFAULT_DOC_TIMEOUT
    from prospectus_kg.graph.build.pipeline import build as run_build

    inputs = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not inputs:
        raise UsageError("give at least one prospectus file or folder")
    jobs = os.cpu_count() or 1 if jobs is None else jobs
    if not isinstance(jobs, int) or jobs < 1:
        raise UsageError("jobs must be at least 1")
    doc_timeout = DEFAULT_DOC_TIMEOUT if doc_timeout is None else doc_timeout
    if not doc_timeout >= 0:   # also refuses nan
        raise UsageError("doc_timeout must be a number of seconds, 0 for no limit")
    return run_build(inputs, out, jobs=jobs, keep_going=keep_going, max_bytes=max_bytes,
                     progress=progress, ntriples=ntriples, doc_timeout=doc_timeout, root=root,
                     query_store=query_store)


def open(folder: str | os.PathLike, *, store: str = "auto", inferred: bool = False) -> KnowledgeGraph:  # noqa: A001
    """Open a graph folder written by ``prospectus-kg build`` (or :func:`build`).

    ``store``: ``memory`` (rdflib), ``oxigraph`` (the folder's persistent store), ``oxigraph-memory`` or
    ``auto`` (by size, the default); ``inferred``: also
    load ``inferred.ttl`` (written by ``prospectus-kg reason``) for queries. Raises
    :class:`~prospectus_kg.errors.GraphFolderError` (or ``MissingInputError``) when ``folder`` is not a
    graph folder.
    """
    opened = open_folder(folder)
    if inferred:
        opened.sources(True)   # checks that inferred.ttl is there
    return KnowledgeGraph(opened, store=store, inferred=inferred)
