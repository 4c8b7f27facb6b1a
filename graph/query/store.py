"""Query stores: a graph folder loaded for SPARQL 1.1 queries, in rdflib's Memory store or in Oxigraph.

Two engines answer the same SPARQL 1.1 Query Language (https://www.w3.org/TR/sparql11-query/) over
the same triples and give the same answers (``tests/test_queries.py`` runs every named query on both):

* ``memory``: rdflib's in-memory store and SPARQL engine. rdflib is the library the rest of the
  project builds graphs with; on small graphs it loads in well under a second.
* ``oxigraph``: Oxigraph (Rust), the folder's persistent store (below): opened in milliseconds at
  any size, shared by the endpoint's workers through the page cache. Oxigraph parses Turtle about 10x
  faster than rdflib and answers joins 10-100x faster (``/work/shared/research/performance.md``); it is what makes a corpus of
  thousands of prospectuses usable. pyoxigraph is used directly rather than through oxrdflib: the
  results are converted once into the shared :class:`~prospectus_kg.graph.query.results.QueryResult`, and
  the rdflib ``Graph`` layer would only add overhead.
* ``oxigraph-memory``: Oxigraph's in-memory store, the Turtle loaded each time (seconds for a million
  triples): 3-7x faster than the persistent store on large joins, for a long session of queries.
* ``auto``: ``oxigraph`` when graph.ttl (plus inferred.ttl when asked for) is at least
  :data:`AUTO_OXIGRAPH_BYTES`, else ``memory``.

Query parameters are bound by the engines' own pre-binding APIs, never pasted into the query text:
rdflib's ``initBindings`` and Oxigraph's ``substitutions`` (SPARQL-dev SEP-0007). Oxigraph requires
a bound variable of a SELECT query to be in the projection, so a named query projects its parameters
(see ``graph/query/queries/README.md``).

No query reaches the network. ``SERVICE`` (federated query) is refused on every store, on the parsed
algebra: the query is parsed by rdflib's SPARQL parser, which processes ``\\u``/``\\U`` escapes
before parsing as the SPARQL grammar requires (https://www.w3.org/TR/sparql11-query/#codepointEscape),
so ``\\u0053ERVICE``, ``service`` and ``SERVICE SILENT`` are all found (:func:`refuse_federation`).
Behind that check the Memory store's engine is locked down as well (:func:`lock_down_rdflib`: a
``ServiceGraphPattern`` raises when evaluated, ``FROM <url>`` loads nothing).

The ``oxigraph`` store is the folder's persistent Oxigraph database (``.store/``, built on first use or
by ``build``, rebuilt when graph.ttl's hash changes; :meth:`prospectus_kg.folder.GraphFolder.disk_store`),
opened read-only: opening it takes milliseconds whatever the graph's size. Where the folder cannot be
written it falls back to loading the Turtle into an in-memory Oxigraph store. The ``memory`` store
parses graph.ttl each time it is opened.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prospectus_kg.errors import GraphFolderError, QueryError, UsageError
from prospectus_kg.folder import GraphFolder, open_folder
from prospectus_kg.graph.query.results import QueryResult, plain

__all__ = ["STORES", "AUTO_OXIGRAPH_BYTES", "QueryStore", "MemoryStore", "OxigraphStore", "OxigraphMemoryStore",
           "open_store",
           "choose_store", "read_prefixes", "refuse_federation", "lock_down_rdflib", "FEDERATION_REFUSED"]

STORES = ("memory", "oxigraph", "oxigraph-memory", "auto")

#: ``--store auto`` picks Oxigraph from this size of Turtle on (bytes of graph.ttl, + inferred.ttl).
#: Measured with ``benchmarks/store_load.py`` (2 cores, rdflib 7.6, pyoxigraph 0.5.13): load time, and
#: the sum over the 12 named queries run warm (parsed once, as in the endpoint's workers):
#:
#:   graph.ttl                     Memory: load, queries    Oxigraph: load, queries
#:   seed     0.15 MB,   2k triples   0.06 s,   65 ms          0.01 s,   19 ms
#:   seed x2  0.31 MB,   4k           0.07 s,  188 ms          0.02 s,   19 ms
#:   seed x4  0.63 MB,   8k           0.21 s,  456 ms          0.03 s,   44 ms
#:   corpus   1.38 MB,  19k           0.43 s,  686 ms          0.06 s,   59 ms
#:   synth.   6.2 MB,   87k           1.67 s, 7909 ms          0.32 s,  257 ms
#:   synth.   60 MB,   845k              -                     4.0 s,  2687 ms
#:
#: (the first run of a query on rdflib also parses it: 1.4 s for all 12, most of it the affiliates
#: query). Oxigraph is faster at every size, on a cold command too (issue 20): a fresh
#: ``prospectus-kg query`` on the seed took 0.95 s on the Memory store (importing rdflib, parsing,
#: rdflib's SPARQL parser; the named query affiliates 2.25 s) against 0.13 s with
#: ``oxigraph-memory`` and 0.11 s with the persistent store (0.83 s on first use, which builds it),
#: and the endpoint answered a query through its pool in 11.6 ms against 5.0 ms. The Memory store is
#: kept below this size for what it does that Oxigraph does not: it binds a parameter that the SELECT
#: clause does not project (``kg.query("SELECT ?a WHERE { ?a oa:start ?s }", s=4010)``; Oxigraph
#: refuses it), and ``DATATYPE()`` sees the file's datatypes. From this size on, the persistent store,
#: which opens in milliseconds at any size.
AUTO_OXIGRAPH_BYTES = 500_000

_PREFIX_LINE = re.compile(r"^\s*(?:@prefix\s+([A-Za-z][\w.-]*|):\s*<([^>\s]*)>\s*\.|PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^>\s]*)>)",
                          re.MULTILINE | re.IGNORECASE)


def read_prefixes(path: Path, limit: int = 65536) -> dict[str, str]:
    """The ``@prefix`` declarations at the head of a Turtle file (the project's own first)."""
    from prospectus_kg.ontology.terms import PREFIXES   # the generated module: no rdflib

    prefixes = dict(PREFIXES)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(limit)
    except OSError:
        return prefixes
    for match in _PREFIX_LINE.finditer(head):
        prefix = match.group(1) if match.group(2) is not None else match.group(3)
        namespace = match.group(2) if match.group(2) is not None else match.group(4)
        if prefix:  # the empty prefix is left out: ":local" is too easy to misread in a table
            prefixes[prefix] = namespace
    return prefixes


# --- no query reaches the network ------------------------------------------------------------------

FEDERATION_REFUSED = "SERVICE (federated query) is not allowed: queries never reach the network"

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: strings, IRIs and comments (after escape processing), which cannot hold a keyword
_NOT_KEYWORDS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|'
                           r'<[^<>"{}|^`\\\s]*>|#[^\n]*')
#: the keyword SERVICE: not a variable (?service), not part of a prefixed name (ex:service, service:x)
_SERVICE_WORD = re.compile(r"(?<![?$\w:.-])service(?![\w:.-])", re.IGNORECASE)


def _codepoints(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX``/``\\UXXXXXXXX`` escapes replaced (done before parsing)."""
    def replace(match: re.Match) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)
    return _CODEPOINT_ESCAPE.sub(replace, text)


def _has_service_pattern(algebra) -> bool:
    """Whether rdflib's algebra (or parse tree) holds a ``ServiceGraphPattern`` anywhere (sub-queries too)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [algebra], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set)):
            stack.extend(node)
    return False


@functools.lru_cache(maxsize=256)
def _federates(sparql: str, prefixes: tuple[tuple[str, str], ...]) -> bool:
    text = _codepoints(sparql)
    if "service" not in text.lower():
        return False  # the keyword, in any spelling, is these seven letters once escapes are processed
    if not _SERVICE_WORD.search(_NOT_KEYWORDS.sub(" ", text)):
        # nor a word of its own outside strings, IRIs and comments (a keyword cannot hide in a variable,
        # a prefixed name or a blank node label): no SERVICE pattern, and no need for rdflib's parser
        # (hundreds of milliseconds on a long query, and rdflib's import, on a cold `query`)
        return False
    from rdflib.plugins.sparql.processor import prepareQuery

    try:
        prepared = prepareQuery(sparql, initNs=dict(prefixes))
    except Exception:  # noqa: BLE001 - rdflib cannot parse it: judge the words, conservatively
        return bool(_SERVICE_WORD.search(_NOT_KEYWORDS.sub(" ", text)))
    return _has_service_pattern(prepared.algebra)


def refuse_federation(sparql: str, prefixes: Mapping[str, str] | None = None, *, algebra=None) -> None:
    """Raise :class:`QueryError` when ``sparql`` calls ``SERVICE``, however it is spelled.

    ``algebra``: rdflib's translated query when the caller has it (the Memory store), else the query is
    parsed here (by rdflib, escapes processed). When rdflib cannot parse a query that another engine
    might, the word ``SERVICE`` outside strings, IRIs and comments is refused.
    """
    if algebra is not None:
        found = _has_service_pattern(algebra)
    else:
        found = _federates(sparql, tuple(sorted((prefixes or {}).items())))
    if found:
        raise QueryError(FEDERATION_REFUSED)


def _refuse_service_evaluation(ctx, part):
    """An rdflib custom evaluation (``CUSTOM_EVALS``): a ``ServiceGraphPattern`` is never sent."""
    if part.name == "ServiceGraphPattern":
        raise QueryError(FEDERATION_REFUSED)
    raise NotImplementedError  # every other part: rdflib's own evaluation


def lock_down_rdflib() -> None:
    """Take the network out of rdflib's SPARQL engine in this process: no SERVICE, no ``FROM <url>`` loading."""
    import rdflib.plugins.sparql as sparql

    sparql.SPARQL_LOAD_GRAPHS = False
    sparql.CUSTOM_EVALS["prospectus_kg_no_service"] = _refuse_service_evaluation


def choose_store(folder: GraphFolder | str | Path, store: str = "auto", *, inferred: bool = False) -> str:
    """``store`` itself, or for ``auto`` the choice by size: ``memory`` or ``oxigraph``."""
    if store not in STORES:
        raise UsageError(f"unknown store {store!r}", suggestion=f"use one of {', '.join(STORES)}")
    if store != "auto":
        return store
    folder = folder if isinstance(folder, GraphFolder) else open_folder(folder)
    size = sum(p.stat().st_size for p in folder.sources(inferred))
    return "oxigraph" if size >= AUTO_OXIGRAPH_BYTES else "memory"


class QueryStore:
    """A loaded graph that answers SPARQL queries. Read-only: there is no update method."""

    kind = ""

    def __init__(self, folder: GraphFolder, files: list[Path]) -> None:
        self.folder = folder
        self.files = files
        self.prefixes: dict[str, str] = read_prefixes(files[0])
        start = time.perf_counter()
        self._load()
        self.load_seconds = time.perf_counter() - start

    def _load(self) -> None:
        raise NotImplementedError

    @property
    def triple_count(self) -> int:
        raise NotImplementedError

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              predefined_prefixes: bool = True, raw: bool = False) -> QueryResult:
        """Run ``sparql`` with ``bindings`` (variable name -> rdflib term) pre-bound.

        With ``predefined_prefixes`` the graph's prefixes (prosp:, kg:, rdf:, ...) may be used without
        declaring them. Raises :class:`QueryError` with the engine's message when the query is malformed
        or fails.
        """
        raise NotImplementedError


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


class MemoryStore(QueryStore):
    """rdflib's Memory store and SPARQL engine, holding the file's terms as written.

    The Turtle is parsed by Oxigraph (2.5-3x faster than rdflib's own parser) into the terms rdflib's
    parser makes (``GraphFolder.rdflib_triples``): ``"4010"^^xsd:nonNegativeInteger`` stays a
    nonNegativeInteger, so a query answers what rdflib answers on graph.ttl (``DATATYPE()``, matching
    a typed literal) and results carry the datatypes of the file.
    """

    kind = "memory"
    #: prepared (parsed and translated) queries kept per store; rdflib's parser is slow on long queries
    PREPARED_CACHE = 64

    def _load(self) -> None:
        from rdflib import Graph

        lock_down_rdflib()
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in self.folder.rdflib_triples(self.files))
        self.graph = graph
        self._prepared: dict[tuple[str, bool], Any] = {}

    def _prepare(self, sparql: str, predefined_prefixes: bool):
        from rdflib.plugins.sparql.processor import prepareQuery

        key = (sparql, predefined_prefixes)
        prepared = self._prepared.get(key)
        if prepared is None:
            try:
                prepared = prepareQuery(sparql, initNs=self.prefixes if predefined_prefixes else {})
            except Exception as exc:  # noqa: BLE001 - pyparsing and prologue errors: a malformed query
                raise QueryError(f"malformed SPARQL: {_one_line(exc)}") from exc
            if len(self._prepared) >= self.PREPARED_CACHE:
                self._prepared.pop(next(iter(self._prepared)))
            self._prepared[key] = prepared
        refuse_federation(sparql, algebra=prepared.algebra)
        return prepared

    @property
    def triple_count(self) -> int:
        return len(self.graph)

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              predefined_prefixes: bool = True, raw: bool = False) -> QueryResult:
        prepared = self._prepare(sparql, predefined_prefixes)
        try:
            result = self.graph.query(prepared, initBindings=dict(bindings or {}))
            if result.type == "ASK":
                return QueryResult("ask", boolean=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return QueryResult("graph", triples=[tuple(plain(t) for t in triple) for triple in result.graph])
            names = [str(v) for v in (result.vars or [])]
            rows = [tuple(None if t is None else plain(t) for t in row) for row in result]
            return QueryResult("select", vars=names, rows=rows)
        except QueryError:
            raise
        except Exception as exc:  # noqa: BLE001 - an evaluation error is the query's, not ours
            raise QueryError(f"query failed: {_one_line(exc)}") from exc


class OxigraphStore(QueryStore):
    """pyoxigraph's in-memory Store; Turtle parsed by Oxigraph's own parser.

    Oxigraph stores literals in a canonical form: a derived integer type (``xsd:nonNegativeInteger``)
    becomes ``xsd:integer``, ``"12.00"^^xsd:decimal`` becomes ``"12"``, ``xsd:dateTimeStamp`` becomes
    ``xsd:dateTime``. Matching is unaffected (a query's literals are made canonical too), but the
    answers would not carry what the file says. So the typed literals of the file are read once more
    at load time (about a third of the load: 0.75 s for 500k triples) and each canonical form that
    stands for exactly one literal of the file is written back as that literal in the results: in
    every solution column except those a query computes (``... AS ?x``, ``VALUES``), and in the
    triples of a CONSTRUCT or DESCRIBE that computes none. ``DATATYPE()`` inside a query still sees
    Oxigraph's canonical type; the Memory store answers it as the file says.
    """

    kind = "oxigraph"
    #: False: load the Turtle into an in-memory store rather than open (or build) the folder's persistent one
    persistent = True

    def _load(self) -> None:
        disk = self.folder.disk_store(self.files) if self.persistent else None
        self.disk = disk
        if disk is None:   # no persistent store here (the folder cannot be written): the Turtle, in memory
            self.store = self.folder.oxigraph_store(self.files)
            self._restore = _restore_map(self.folder, self.files)
            self._restore_types = frozenset(t.datatype.value for t in self._restore)
            self._triples = len(self.store)
        else:
            self.store = disk.store
            self._restore = None   # read from the store's restore.nt when a result needs it
            self._restore_types = disk.restore_datatypes
            self._triples = disk.triples

    @property
    def restore(self) -> dict:
        """Canonical literal -> the file's literal (see the class documentation)."""
        if self._restore is None:
            self._restore = self.disk.restore()
        return self._restore

    @property
    def triple_count(self) -> int:
        return self._triples

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              predefined_prefixes: bool = True, raw: bool = False) -> QueryResult:
        """As :meth:`QueryStore.query`; with ``raw`` the result holds pyoxigraph terms (what the result
        writers take as well: for a caller that only writes the answer out, without importing rdflib)."""
        import pyoxigraph as ox

        refuse_federation(sparql, self.prefixes if predefined_prefixes else None)
        substitutions = {ox.Variable(name): _to_ox(term) for name, term in (bindings or {}).items()}
        try:
            answer = self.store.query(sparql, prefixes=self.prefixes if predefined_prefixes else None,
                                      substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {_one_line(exc)}") from exc
        except (RuntimeError, ValueError, OSError) as exc:
            message = _one_line(exc)
            if "projection" in message:
                message += " (a parameter must be a variable the SELECT clause projects)"
            raise QueryError(f"query failed: {message}") from exc
        try:
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            convert = _identity if raw else _result_converter()
            if isinstance(answer, ox.QueryTriples):
                triples = list(answer)
                if not self._needs_restore(t.object for t in triples) or _computed(sparql):
                    return QueryResult("graph", triples=[(convert(t.subject), convert(t.predicate),
                                                          convert(t.object)) for t in triples])
                get = self.restore.get
                return QueryResult("graph", triples=[(convert(t.subject), convert(t.predicate),
                                                      convert(get(t.object, t.object))) for t in triples])
            names = [v.value for v in answer.variables]
            solutions = [tuple(solution) for solution in answer]
            computed = _computed(sparql) if self._restore_types else set()
            if computed.issuperset(names) or not self._needs_restore(t for row in solutions for t in row):
                rows = solutions if raw else [tuple(map(convert, solution)) for solution in solutions]
            else:
                get = self.restore.get
                keep = [name in computed for name in names]
                rows = [tuple(convert(t) if k or t is None else convert(get(t, t)) for t, k in zip(solution, keep))
                        for solution in solutions]
            return QueryResult("select", vars=names, rows=rows)
        except (RuntimeError, ValueError, OSError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from exc


    def _needs_restore(self, terms) -> bool:
        """Whether ``terms`` hold a literal of a datatype that has canonical forms to restore."""
        types = self._restore_types
        if not types:
            return False
        import pyoxigraph as ox

        literal = ox.Literal
        return any(type(t) is literal and t.datatype.value in types for t in terms)


def _identity(term):
    return term


_AS_VARIABLE = re.compile(r"\bAS\s+[?$]([A-Za-z_0-9]+)", re.IGNORECASE)
_VALUES_CLAUSE = re.compile(r"\bVALUES\s*(\([^)]*\)|[?$][A-Za-z_0-9]+)", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z_0-9]+)")


def _computed(sparql: str) -> set[str]:
    """The variables a query assigns from an expression (``AS ?x``) or a ``VALUES`` block: their values
    are the query's, not the file's. (Over-approximated from the text: a match in a comment or a string
    only leaves a column as Oxigraph gives it.)"""
    names = set(_AS_VARIABLE.findall(sparql))
    for clause in _VALUES_CLAUSE.findall(sparql):
        names.update(_VARIABLE.findall(clause))
    return names


def _restore_map(folder: GraphFolder, files: list[Path]) -> dict:
    """Oxigraph's canonical form of a typed literal -> the one literal of the file it stands for
    (:func:`prospectus_kg.folder.restore_map`)."""
    from prospectus_kg.folder import restore_map

    return restore_map(folder.quads(files))


_UNCAST = object()


def _result_literal_class():
    """:class:`ResultLiteral`, made on first use (rdflib is imported lazily)."""
    global _RESULT_LITERAL
    if _RESULT_LITERAL is None:
        from rdflib.term import Literal

        class ResultLiteral(Literal):
            """A literal of an Oxigraph result, made without casting its lexical form to a Python value.

            rdflib's ``Literal()`` casts on construction (~3 us for a typed literal: an int, a date
            parsed), which made converting a result cost more than answering the query; most results
            are only ever written out as text. The Python value (``value``, ``toPython()``,
            ``ill_typed``) is cast on first use, exactly as ``Literal(lexical, datatype=...,
            normalize=False)`` would; otherwise it is an ordinary ``Literal`` (equal, same hash, pickles
            as a ``Literal``).
            """

            __slots__ = ()

            @property
            def value(self):
                if self._value is _UNCAST:
                    self._cast()
                return self._value

            @property
            def ill_typed(self):
                if self._value is _UNCAST:
                    self._cast()
                return self._ill_typed

            def _cast(self) -> None:
                cast = Literal(str(self), lang=self._language, datatype=self._datatype, normalize=False)
                self._value, self._ill_typed = cast._value, cast._ill_typed

        _RESULT_LITERAL = ResultLiteral
    return _RESULT_LITERAL


_RESULT_LITERAL = None


def _result_converter():
    """``_from_ox`` for the terms of one result: dispatch on the exact pyoxigraph type, each distinct
    term converted once (a result repeats its IRIs and many of its literals; rdflib terms are
    immutable, so sharing one object per term changes nothing), and literals made as
    :class:`ResultLiteral`, which casts to a Python value only when asked."""
    from rdflib.term import BNode, URIRef
    import pyoxigraph as ox

    named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal
    new_str = str.__new__
    result_literal = _result_literal_class()
    plain_types = (_XSD_STRING, _LANG_STRING)
    cache: dict[Any, Any] = {}
    datatypes: dict[str, Any] = {}
    missing = object()
    get = cache.get

    def convert(term):
        if term is None:
            return None
        found = get(term, missing)
        if found is not missing:
            return found
        kind = type(term)
        if kind is named:
            # what URIRef(value) returns, without its validity check: Oxigraph's IRIs are valid
            found = new_str(URIRef, term.value)
        elif kind is literal:
            # what Literal(value, lang=..., datatype=..., normalize=False) returns, uncast
            value = term.value
            found = new_str(result_literal, value)
            found._language = term.language or None
            found._ill_typed = None
            datatype = term.datatype.value
            if found._language is not None or datatype in plain_types:
                found._datatype = None
                found._value = value  # a plain or language-tagged literal's value is its text
            else:
                iri = datatypes.get(datatype)
                if iri is None:
                    iri = datatypes[datatype] = URIRef(datatype)
                found._datatype = iri
                found._value = _UNCAST
        elif kind is blank:
            found = BNode(term.value)
        else:
            found = _from_ox(term)  # a subclass, or a term kind a result cannot hold (raises)
        cache[term] = found
        return found
    return convert


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _from_ox(term):
    """An Oxigraph term as the equal rdflib term (``None`` stays ``None``)."""
    from rdflib.term import BNode, Literal, URIRef
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        # normalize=False: keep Oxigraph's canonical lexical form (rdflib would rewrite e.g. "Z" as "+00:00")
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise QueryError(f"unsupported term in a result: {term!r}")


def _to_ox(term):
    """An rdflib term as an Oxigraph term."""
    from rdflib.term import BNode, Literal, URIRef
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: not an RDF term")


class OxigraphMemoryStore(OxigraphStore):
    """Oxigraph's in-memory store, loaded from the Turtle each time it is opened (seconds for a million
    triples, and about 0.5 KB of memory a triple), for many queries in one process: it answers a join
    3-7x faster than the persistent store, whose reads go through RocksDB (``benchmarks/cold_query.py``)."""

    kind = "oxigraph-memory"
    persistent = False


_CLASSES = {"memory": MemoryStore, "oxigraph": OxigraphStore, "oxigraph-memory": OxigraphMemoryStore}


def open_store(path: GraphFolder | str | Path, store: str = "auto", *, inferred: bool = False) -> QueryStore:
    """Load a graph folder's graph.ttl (and inferred.ttl with ``inferred``) into a query store.

    Raises :class:`GraphFolderError` (or ``MissingInputError``) when the folder or its Turtle is unreadable.
    """
    folder = path if isinstance(path, GraphFolder) else open_folder(path)
    kind = choose_store(folder, store, inferred=inferred)
    files = folder.sources(inferred)
    for file in files:
        try:
            with open(file, "rb") as handle:
                handle.read(1)
        except OSError as exc:
            raise GraphFolderError(f"cannot read {file.name}: {exc.strerror or exc}", document=str(folder.path)) from exc
    return _CLASSES[kind](folder, files)

