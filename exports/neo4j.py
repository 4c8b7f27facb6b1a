"""Neo4j export: a built graph (RDF) mapped to a property graph, written three ways.

``write(folder, out)`` writes ``import.cypher`` (``neo4j_cypher.py``), the ``neo4j-admin database
import`` CSV files (``neo4j_csv.py``) and a README with the commands; ``write(folder, None, uri=...)``
loads a running database over Bolt (``neo4j_bolt.py``). All three take their content from
:func:`property_graph` and their statements from :func:`statements`, so they give the same graph.

The mapping follows the conventions of neosemantics (n10s) and rdflib-neo4j
(``/work/shared/research/neo4j-conventions.md``); the choices, and where they differ, are in
``exports/NEO4J.md``. In short:

* every node has label ``Resource`` and a unique ``uri`` (constraint ``n10s_unique_uri``); a blank
  node gets ``bnode://<id>``;
* ``rdf:type`` toward an ontology class becomes a label (``skos:Concept`` becomes ``Concept``);
* a datatype property of the ontology (and ``rdfs:label``) becomes a node property, typed: xsd integers
  -> integer, xsd:boolean -> boolean, xsd:date -> date, xsd:dateTime -> datetime / localdatetime,
  xsd:double/float -> float, and everything else, xsd:decimal prices and xsd:gYear included, the
  exact lexical form as a string (never a lossy float). A property with several values on some node
  (and ``alias``, ``territory`` always) is an array, sorted;
* an object property of the ontology becomes a relationship, one per stated triple (the symmetric
  affiliateOf is not doubled), carrying the provenance of the fact's first assertion in document
  order (``source``, ``start``, ``end``, ``quote``, ``section``) and ``assertionCount``;
* Assertions, their targets and selectors, and the build run are not nodes unless
  ``with_assertions=True``, which adds one ``Assertion`` node per assertion (provenance flattened
  onto it, including that of literal-valued facts) linked by ``SUBJECT`` / ``OBJECT``;
* names: ``naming="neo4j"`` gives ``Organization``, ``AFFILIATE_OF``, ``sharesOffered``, ``label``;
  ``naming="n10s"`` gives n10s SHORTEN names (``prosp__Organization``, ``prosp__affiliateOf``,
  ``prosp__sharesOffered``, ``rdfs__label``) plus the ``_GraphConfig`` and ``_NsPrefDef`` nodes.

Labels, relationship types and property keys are derived only from the ontology's own terms
(ontology/prospectus.ttl); triples whose predicate the ontology does not define are left out and
counted in :attr:`PropertyGraph.skipped`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from prospectus_kg.atomic import new_folder, replace_folder
from prospectus_kg.errors import UsageError
from prospectus_kg.exports import ExportSummary

NAMINGS = ("neo4j", "n10s")
DEFAULT_BATCH_SIZE = 1000
CONSTRAINT = "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE"
RESOURCE = "Resource"
#: Keys the relationships carry from their Assertion (names of this exporter, not RDF predicates).
PROVENANCE_KEYS = ("source", "start", "end", "quote", "section", "assertionCount")

_INT64 = 2 ** 63
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                     "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOAT_TYPES = {_XSD + "double", _XSD + "float"}
_DATE = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)\Z")
_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?\Z")
_INTEGER = re.compile(r"[+-]?\d+\Z")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")


# --------------------------------------------------------------------------------------------------
# The property graph
# --------------------------------------------------------------------------------------------------

@dataclass
class Node:
    uri: str
    labels: tuple[str, ...]  # "Resource" first, then the ontology labels sorted
    props: dict[str, Any]    # key -> str | int | float | bool | date | datetime | list of one of those


@dataclass
class Relationship:
    type: str
    start: str  # uri of the start node
    end: str
    props: dict[str, Any]


@dataclass
class MetaNode:
    """A node without uri: n10s's ``_GraphConfig`` and ``_NsPrefDef``."""

    label: str
    props: dict[str, Any]
    merge: str  # "ON CREATE SET" (keep a config n10s wrote itself) or "SET"


@dataclass
class PropertyGraph:
    naming: str
    nodes: list[Node]
    relationships: list[Relationship]
    meta: list[MetaNode] = field(default_factory=list)
    #: why triples were left out -> how many ("not in the ontology: skos:inScheme", ...)
    skipped: Counter = field(default_factory=Counter)
    #: notes on values that could not keep their RDF type ("xsd:gYearMonth -> string", ...)
    notes: Counter = field(default_factory=Counter)
    #: the property keys written as arrays
    array_keys: tuple[str, ...] = ()
    #: sha256 of graph.ttl, for the script header
    source_sha256: str = ""


@dataclass
class Statement:
    """One Cypher statement with its rows: the Bolt loader sends ``rows`` as ``$rows``, the script
    writes them in its place. ``rows`` is None for the schema statement."""

    cypher: str
    rows: list[dict[str, Any]] | None
    kind: str  # "schema", "meta", "nodes", "relationships"
    comment: str


# --------------------------------------------------------------------------------------------------
# Names from the ontology
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Vocabulary:
    """The names the export may use, each derived from a term of ontology/prospectus.ttl."""

    labels: dict[str, str]          # class IRI -> label
    relationships: dict[str, str]   # object property IRI -> relationship type
    properties: dict[str, str]      # datatype property IRI -> property key
    functional: frozenset[str]      # datatype properties declared owl:FunctionalProperty
    prefixes: dict[str, str]        # prefix -> namespace, of the names used (n10s)


def upper_snake(local: str) -> str:
    """``incorporatesByReference`` -> ``INCORPORATES_BY_REFERENCE`` (Neo4j relationship type style)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", local).upper()


@functools.lru_cache(maxsize=None)
def vocabulary(naming: str = "neo4j") -> Vocabulary:
    """Label, relationship type and property key for every term of the ontology."""
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    from prospectus_kg.ontology.namespace import ONTOLOGY_PATH, PREFIXES, PROSP

    if naming not in NAMINGS:
        raise UsageError(f"unknown naming {naming!r}", suggestion="use " + " or ".join(NAMINGS))
    ontology = Graph().parse(ONTOLOGY_PATH, format="turtle")
    ns = str(PROSP._NS)
    used_prefixes: dict[str, str] = {}

    def n10s(iri: str) -> str:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and iri[len(namespace):]:
                used_prefixes[prefix.replace("-", "_")] = namespace
                return f"{prefix.replace('-', '_')}__{iri[len(namespace):]}"
        raise ValueError(f"no prefix for {iri}")

    def ours(kind) -> list[str]:
        return sorted(str(s) for s in ontology.subjects(RDF.type, kind) if str(s).startswith(ns))

    labels, rels, props = {}, {}, {}
    for iri in ours(OWL.Class) + [str(SKOS.Concept)]:
        local = iri.rsplit("#", 1)[-1]
        labels[iri] = n10s(iri) if naming == "n10s" else local
    for iri in ours(OWL.ObjectProperty):
        local = iri[len(ns):]
        rels[iri] = n10s(iri) if naming == "n10s" else upper_snake(local)
    for iri in ours(OWL.DatatypeProperty) + [str(RDFS.label)]:
        local = iri.rsplit("#", 1)[-1]
        props[iri] = n10s(iri) if naming == "n10s" else local
    reserved = {"uri", "source", "start", "end", "quote", "assertionCount", "predicate", "value"}
    if reserved & set(props.values()):
        raise ValueError(f"ontology property names clash with export keys: {reserved & set(props.values())}")
    functional = frozenset(str(s) for s in ontology.subjects(RDF.type, OWL.FunctionalProperty))
    if naming == "n10s":
        n10s(str(RDF.subject))  # the --with-assertions relationships
    return Vocabulary(labels, rels, props, functional, dict(sorted(used_prefixes.items())))


# --------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------

def neo4j_value(literal) -> tuple[Any, str | None]:
    """A literal as a Neo4j property value, and a note when its RDF type could not be kept.

    Exact or not at all: a value Neo4j cannot hold exactly (a decimal, a gYear, an integer beyond 64
    bits, a date with a time zone) is its lexical form, as a string.
    """
    lexical = _clean(str(literal))
    datatype = str(literal.datatype) if literal.datatype else None
    if datatype is None or datatype == _XSD + "string":
        return lexical, ("language tag dropped" if literal.language else None)
    short = "xsd:" + datatype[len(_XSD):] if datatype.startswith(_XSD) else datatype
    if datatype in _INTEGER_TYPES:
        if _INTEGER.match(lexical.strip()) and -_INT64 < int(lexical) < _INT64:
            return int(lexical), None
        return lexical, f"{short} out of range or ill-typed -> string"
    if datatype == _XSD + "boolean":
        if lexical.strip() in ("true", "1", "false", "0"):
            return lexical.strip() in ("true", "1"), None
        return lexical, f"{short} ill-typed -> string"
    if datatype == _XSD + "date":
        match = _DATE.match(lexical)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3])), None
            except ValueError:
                pass
        return lexical, f"{short} with time zone or out of range -> string"
    if datatype == _XSD + "dateTime":
        if _DATETIME.match(lexical):
            try:
                return datetime.fromisoformat(lexical.replace("Z", "+00:00")), None
            except ValueError:
                pass
        return lexical, f"{short} beyond microseconds or ill-typed -> string"
    if datatype in _FLOAT_TYPES:
        if _FLOAT.match(lexical.strip()):
            return float(lexical), None
        return lexical, f"{short} not finite or ill-typed -> string"
    return lexical, f"{short} -> string"


def _clean(text: str) -> str:
    """Lone surrogates (never valid UTF-8) become U+FFFD, so every output can encode the text."""
    if re.search("[\ud800-\udfff]", text):
        return re.sub("[\ud800-\udfff]", "\ufffd", text)
    return text


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, date):
        return "date"
    return "string"


def value_kind(value: Any) -> str:
    """The neo4j-admin header type of a property value: ``long``, ``date``, ``string[]`` ..."""
    if isinstance(value, list):
        return _kind(value[0]) + "[]"
    return _kind(value)


def _as_array(values: list[tuple[Any, str]]) -> list[Any]:
    """Values of one property on one node as a Neo4j array: one element type, sorted, distinct."""
    kinds = {_kind(v) for v, _lex in values}
    if len(kinds) > 1:  # Neo4j arrays hold one type: fall back to the lexical forms
        return sorted({lex for _v, lex in values})
    return sorted({v for v, _lex in values})


# --------------------------------------------------------------------------------------------------
# RDF -> property graph
# --------------------------------------------------------------------------------------------------

#: Always arrays, whatever the count on a given node: lists by nature.
ALWAYS_ARRAYS = ("https://w3id.org/prospectus-kg/ontology#alias",
                 "https://w3id.org/prospectus-kg/ontology#territory")


def property_graph(graph, *, naming: str = "neo4j", with_assertions: bool = False,
                   source_sha256: str = "") -> PropertyGraph:
    """Map an rdflib graph (graph.ttl of a graph folder) to nodes and relationships."""
    from rdflib import BNode, Literal
    from rdflib.namespace import RDF, RDFS

    from prospectus_kg.ontology.namespace import OA, PROSP, PREFIXES

    vocab = vocabulary(naming)
    provenance_classes = {PROSP.Assertion, PROSP.Run, PROSP.Inferred, PROSP.ReasonerRun}
    # One pass over the store (iterating it is most of the cost on a large graph): the provenance
    # predicates go to columns, types to a map, everything else to a list looked at below.
    columns: dict = {p: defaultdict(list) for p in _provenance_predicates()}
    types: dict = defaultdict(list)
    rest: list = []
    for s, p, o in graph:
        if p in columns:
            columns[p][s].append(o)
        elif p == RDF.type:
            types[s].append(o)
        else:
            rest.append((s, p, o))
    assertions = {s for s, ts in types.items() if PROSP.Assertion in ts}
    hidden = {s for s, ts in types.items() if provenance_classes.intersection(ts)}
    hidden |= {o for os in columns[OA.hasTarget].values() for o in os}
    hidden |= {o for os in columns[OA.hasSelector].values() for o in os}
    rest += [(s, p, o) for p, column in columns.items() for s, os in column.items() if s not in hidden for o in os]
    rest += [(s, RDF.type, o) for s, ts in types.items() for o in ts]

    def uri(term) -> str:
        return f"bnode://{term}" if isinstance(term, BNode) else _clean(str(term))

    def curie(iri) -> str:
        for prefix, namespace in PREFIXES.items():
            if str(iri).startswith(namespace):
                return f"{prefix}:{str(iri)[len(namespace):]}"
        return f"<{iri}>"

    label_property = str(RDFS.label)
    evidence = _evidence(columns, assertions)
    pg = PropertyGraph(naming=naming, nodes=[], relationships=[], source_sha256=source_sha256)
    labels: dict[str, set[str]] = defaultdict(set)
    values: dict[str, dict[str, list[tuple[Any, str]]]] = defaultdict(lambda: defaultdict(list))
    node_uris: set[str] = set()
    rels: list[Relationship] = []

    pg.skipped["provenance triples (on relationships; nodes with --with-assertions)"] = (
        sum(len(os) for column in columns.values() for s, os in column.items() if s in hidden))
    for s, p, o in rest:
        if s in hidden:
            pg.skipped["provenance triples (on relationships; nodes with --with-assertions)"] += 1
            continue
        p_iri, s_uri = str(p), uri(s)
        if p == PROSP.lookupKey:  # the SPARQL queries' index; Cypher has its own (text indexes, toLower)
            pg.skipped["lookup keys (prosp:lookupKey: an index for SPARQL)"] += 1
            continue
        if p == RDF.type:
            label = vocab.labels.get(str(o))
            if label:
                labels[s_uri].add(label)
                node_uris.add(s_uri)
            else:
                pg.skipped[f"type outside the ontology: {curie(o)}"] += 1
        elif p_iri in vocab.properties and isinstance(o, Literal):
            value, note = neo4j_value(o)
            if note:
                pg.notes[f"{curie(p)}: {note}"] += 1
            if value == "":
                pg.skipped[f"empty string: {curie(p)}"] += 1
                continue
            values[s_uri][vocab.properties[p_iri]].append((value, _clean(str(o))))
            if p_iri != label_property:  # a label alone does not make a node (e.g. a skos:ConceptScheme)
                node_uris.add(s_uri)
        elif p_iri in vocab.relationships and not isinstance(o, Literal):
            if o in hidden:
                pg.skipped[f"link to a provenance node: {curie(p)}"] += 1
                continue
            props = _provenance_props(evidence.get((s, p, o), []))
            rels.append(Relationship(vocab.relationships[p_iri], s_uri, uri(o), props))
            node_uris.update((s_uri, uri(o)))
        else:
            pg.skipped[f"predicate outside the ontology: {curie(p)}"] += 1

    if with_assertions:
        _add_assertion_nodes(columns, assertions, evidence, vocab, naming, uri, labels, values, rels, node_uris)

    # A property is an array on every node when it has several values on some node.
    by_key_predicate = {v: k for k, v in vocab.properties.items()}
    array_keys = {vocab.properties[p] for p in ALWAYS_ARRAYS if p in vocab.properties}
    array_keys |= {k for props in values.values() for k, vs in props.items() if len(vs) > 1}
    pg.array_keys = tuple(sorted(array_keys))
    for orphan in sorted(set(values) - node_uris):
        pg.skipped["labelled resource outside the ontology (rdfs:label only)"] += sum(map(len, values[orphan].values()))
    for node_uri in sorted(node_uris):
        props: dict[str, Any] = {}
        for key in sorted(values.get(node_uri, {})):
            vs = values[node_uri][key]
            props[key] = _as_array(vs) if key in array_keys else vs[0][0]
        pg.nodes.append(Node(node_uri, (RESOURCE, *sorted(labels.get(node_uri, ()))), props))
    pg.relationships = sorted(rels, key=lambda r: (r.type, r.start, r.end))
    if naming == "n10s":
        multival = sorted(by_key_predicate[k] for k in array_keys if k in by_key_predicate)
        pg.meta = _n10s_meta(vocab, multival)
    return pg


def _provenance_predicates() -> tuple:
    from rdflib.namespace import RDF

    from prospectus_kg.ontology.namespace import OA, PROSP

    return (RDF.subject, RDF.predicate, RDF.object, PROSP.section, PROSP.documentPart, OA.hasTarget,
            OA.hasSource, OA.hasSelector, OA.start, OA.end, OA.exact)


def _evidence(columns: dict, assertions) -> dict[tuple, list[dict[str, Any]]]:
    """(subject, predicate, object) -> the provenance of each of its assertions, in document order.

    ``columns``: provenance predicate -> subject -> objects, from the one pass over the graph."""
    from rdflib.namespace import RDF

    from prospectus_kg.ontology.namespace import OA, PROSP

    subj, pred, obj = columns[RDF.subject], columns[RDF.predicate], columns[RDF.object]
    section, part, targets = columns[PROSP.section], columns[PROSP.documentPart], columns[OA.hasTarget]
    source, selectors = columns[OA.hasSource], columns[OA.hasSelector]
    start, end, exact = columns[OA.start], columns[OA.end], columns[OA.exact]

    def first(values: dict, key):
        found = values.get(key)
        return found[0] if found else None

    found: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for a in assertions:
        triple = (first(subj, a), first(pred, a), first(obj, a))
        for target in targets.get(a) or [None]:
            item: dict[str, Any] = {"assertion": str(a)}
            if target is not None:
                if first(source, target) is not None:
                    item["source"] = _clean(str(first(source, target)))
                for selector in selectors.get(target, ()):
                    if first(start, selector) is not None and first(end, selector) is not None:
                        item["start"], item["end"] = int(first(start, selector)), int(first(end, selector))
                    if first(exact, selector) is not None:
                        item["quote"] = _clean(str(first(exact, selector)))
            if first(section, a) is not None:
                item["section"] = _clean(str(first(section, a)))
            if first(part, a) is not None:
                item["documentPart"] = _clean(str(first(part, a)))
            found[triple].append(item)
    for items in found.values():
        items.sort(key=lambda i: (i.get("source", ""), i.get("start", -1), i.get("end", -1), i.get("quote", ""),
                                  i["assertion"]))
    return found


def _provenance_props(items: list[dict[str, Any]]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if items:
        first = items[0]
        props.update({k: first[k] for k in PROVENANCE_KEYS if k in first and first[k] != ""})
    props["assertionCount"] = len({i["assertion"] for i in items})
    return dict(sorted(props.items()))


def _add_assertion_nodes(columns, assertions, evidence, vocab, naming, uri, labels, values, rels, node_uris) -> None:
    """--with-assertions: one Assertion node per assertion, provenance flattened onto it."""
    from rdflib import Literal
    from rdflib.namespace import RDF

    from prospectus_kg.ontology.namespace import PROSP

    assertion_label = vocab.labels[str(PROSP.Assertion)]
    subject_type, object_type = ("rdf__subject", "rdf__object") if naming == "n10s" else ("SUBJECT", "OBJECT")
    by_assertion = {item["assertion"]: item for items in evidence.values() for item in items}
    for a in sorted(assertions, key=str):
        a_uri = uri(a)
        node_uris.add(a_uri)
        labels[a_uri].add(assertion_label)
        s, p, o = (next(iter(columns[term].get(a, ())), None) for term in (RDF.subject, RDF.predicate, RDF.object))
        item = by_assertion.get(str(a), {})
        props = values[a_uri]
        if p is not None:
            props["predicate"].append((str(p), str(p)))
        for key in ("source", "start", "end", "quote", "section", "documentPart"):
            if key in item and item[key] != "":
                props[key].append((item[key], str(item[key])))
        if isinstance(o, Literal):
            value, _note = neo4j_value(o)
            if value != "":
                props["value"].append((value, str(o)))
        if s is not None:
            rels.append(Relationship(subject_type, a_uri, uri(s), {}))
            node_uris.add(uri(s))
        if o is not None and not isinstance(o, Literal):
            rels.append(Relationship(object_type, a_uri, uri(o), {}))
            node_uris.add(uri(o))


def _n10s_meta(vocab: Vocabulary, multival: list[str]) -> list[MetaNode]:
    """The nodes by which n10s recognises a graph it could have written (GraphConfig.java)."""
    config: dict[str, Any] = {
        "_handleVocabUris": 0,   # SHORTEN
        "_handleMultival": 1,    # ARRAY
        "_handleRDFTypes": 0,    # LABELS
        "_keepLangTag": False,
        "_keepCustomDataTypes": False,
        "_applyNeo4jNaming": False,
        "_classLabel": "Class",
        "_subClassOfRel": "SCO",
        "_dataTypePropertyLabel": "Property",
        "_objectPropertyLabel": "Relationship",
        "_subPropertyOfRel": "SPO",
        "_domainRel": "DOMAIN",
        "_rangeRel": "RANGE",
    }
    if multival:
        config["_multivalPropList"] = multival
    return [MetaNode("_GraphConfig", dict(sorted(config.items())), "ON CREATE SET"),
            MetaNode("_NsPrefDef", dict(vocab.prefixes), "SET")]


# --------------------------------------------------------------------------------------------------
# Statements: the one source for the script and the Bolt loader
# --------------------------------------------------------------------------------------------------

def statements(pg: PropertyGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> list[Statement]:
    """Constraint first, then (n10s) the config nodes, then nodes and relationships in batches.

    Every statement is idempotent: nodes MERGE on uri, relationships MERGE between two nodes with
    one type, properties are set with ``+=``. Labels and types are literal (Cypher cannot take them
    as parameters), from the ontology only; every value travels in ``$rows``.
    """
    from prospectus_kg.exports.neo4j_cypher import cypher_name as q

    if batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    out = [Statement(CONSTRAINT, None, "schema", "uniqueness of uri, as n10s and rdflib-neo4j require")]
    for meta in pg.meta:
        out.append(Statement(f"UNWIND $rows AS row MERGE (m:{q(meta.label)}) {meta.merge} m += row.props",
                             [{"props": meta.props}], "meta", f"n10s {meta.label}"))
    groups: dict[tuple[str, ...], list[Node]] = defaultdict(list)
    for node in pg.nodes:
        groups[node.labels].append(node)
    for labels in sorted(groups):
        extra = labels[1:]
        set_labels = f"SET n:{':'.join(q(x) for x in extra)}, n += row.props" if extra else "SET n += row.props"
        cypher = f"UNWIND $rows AS row\nMERGE (n:{q(RESOURCE)} {{uri: row.uri}})\n{set_labels}"
        rows = [{"uri": n.uri, "props": n.props} for n in groups[labels]]
        out.extend(_batches(cypher, rows, batch_size, "nodes", ":".join(labels)))
    by_type: dict[str, list[Relationship]] = defaultdict(list)
    for rel in pg.relationships:
        by_type[rel.type].append(rel)
    for rel_type in sorted(by_type):
        cypher = (f"UNWIND $rows AS row\nMATCH (a:{q(RESOURCE)} {{uri: row.from}})\n"
                  f"MATCH (b:{q(RESOURCE)} {{uri: row.to}})\nMERGE (a)-[r:{q(rel_type)}]->(b)\nSET r += row.props")
        rows = [{"from": r.start, "to": r.end, "props": r.props} for r in by_type[rel_type]]
        out.extend(_batches(cypher, rows, batch_size, "relationships", rel_type))
    return out


def _batches(cypher: str, rows: list[dict], size: int, kind: str, what: str) -> list[Statement]:
    count = (len(rows) + size - 1) // size
    out = []
    for i in range(count):
        batch = rows[i * size:(i + 1) * size]
        noun = "row" if len(batch) == 1 else "rows"
        out.append(Statement(cypher, batch, kind, f"{kind} {what}: {len(batch)} {noun} (batch {i + 1} of {count})"))
    return out


# --------------------------------------------------------------------------------------------------
# The exporter entry point
# --------------------------------------------------------------------------------------------------

def add_arguments(parser) -> None:
    parser.add_argument("--naming", choices=("neo4j", "n10s"), default="neo4j",
                        help="neo4j: Organization, AFFILIATE_OF, name (default); n10s: SHORTEN names "
                             "prosp__Organization, prosp__affiliateOf, plus _NsPrefDef and _GraphConfig nodes")
    parser.add_argument("--with-assertions", action="store_true",
                        help="also write one Assertion node per extracted fact (provenance of values too)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                        help=f"rows per statement (default {DEFAULT_BATCH_SIZE})")
    parser.add_argument("--uri", metavar="URI", help="load into the running database at bolt://HOST:PORT or neo4j://...")
    parser.add_argument("--user", default="neo4j", help="database user (default neo4j)")
    parser.add_argument("--password-env", default="NEO4J_PASSWORD", metavar="VAR",
                        help="environment variable holding the password (default NEO4J_PASSWORD)")
    parser.add_argument("--database", metavar="NAME", help="database name (default: the server's default)")
    parser.add_argument("--connect-timeout", type=float, default=10.0, metavar="S",
                        help="seconds to wait for a connection and the Bolt handshake (default 10)")
    parser.add_argument("--connect-retries", type=int, default=3, metavar="N",
                        help="attempts to connect when the server is unavailable (default 3, with back-off)")


def options(args) -> dict[str, Any]:
    import os
    import sys

    if args.out is None and args.uri is None:
        raise UsageError("nothing to do", suggestion="give --out DIR for the files, --uri bolt://... to load, or both")
    if args.uri is None and args.database is not None:
        raise UsageError("--database applies to a live load", suggestion="give --uri bolt://HOST:7687 too")
    password = os.environ.get(args.password_env) if args.uri else None
    if args.uri and password is None:
        raise UsageError(f"environment variable {args.password_env} is not set",
                         suggestion=f"export {args.password_env}=... (the password of user {args.user})")
    return {"naming": args.naming, "with_assertions": args.with_assertions, "batch_size": args.batch_size,
            "uri": args.uri, "user": args.user, "password": password, "database": args.database,
            "connect_timeout": args.connect_timeout, "connect_retries": args.connect_retries,
            "progress": sys.stderr.isatty() and not args.quiet}


def load_property_graph(folder, *, naming: str = "neo4j", with_assertions: bool = False) -> PropertyGraph:
    """The property graph of a graph folder (path or GraphFolder)."""
    from prospectus_kg.folder import GraphFolder, open_folder

    folder = folder if isinstance(folder, GraphFolder) else open_folder(folder)
    digest = hashlib.sha256(folder.graph_file.read_bytes()).hexdigest()
    return property_graph(folder.rdflib_triples(), naming=naming, with_assertions=with_assertions,
                          source_sha256=digest)


def write(folder, out=None, *, naming: str = "neo4j", with_assertions: bool = False,
          batch_size: int = DEFAULT_BATCH_SIZE, uri: str | None = None, user: str = "neo4j",
          password: str | None = None, database: str | None = None, connect_timeout: float = 10.0,
          connect_retries: int = 3, progress: bool = False) -> ExportSummary:
    """Write import.cypher, the neo4j-admin CSV files and README.md to the folder ``out`` (replacing
    an earlier export there, atomically), and/or load the graph into the database at ``uri``."""
    if out is None and uri is None:
        raise UsageError("nothing to do", suggestion="give --out DIR for the files, --uri bolt://... to load, or both")
    pg = load_property_graph(folder, naming=naming, with_assertions=with_assertions)
    stmts = statements(pg, batch_size)
    files: list[str] = []
    out_path = None
    if out is not None:
        out_path = Path(out)
        files = write_folder(pg, stmts, out_path)
    load = None
    if uri is not None:
        from prospectus_kg.exports.neo4j_bolt import load as bolt_load

        load = bolt_load(stmts, uri=uri, user=user, password=password, database=database,
                         connect_timeout=connect_timeout, connect_retries=connect_retries, progress=progress)
    counts = {"nodes": len(pg.nodes) + len(pg.meta), "relationships": len(pg.relationships), "statements": len(stmts)}
    lines = []
    if out_path is not None:
        csvs = sum(1 for f in files if f.endswith(".csv"))
        lines.append(f"{counts['nodes']} nodes, {counts['relationships']} relationships, {counts['statements']} "
                     f"statements -> {out_path}/ (import.cypher, {csvs} CSV files, README.md)")
    if load is not None:
        lines.append(load.line())
    return ExportSummary("neo4j", out_path, counts, files, lines)


# --------------------------------------------------------------------------------------------------
# The output folder: import.cypher, CSV files, README.md (written to a temporary folder, then moved)
# --------------------------------------------------------------------------------------------------

SCRIPT = "import.cypher"
README = "README.md"


def write_folder(pg: PropertyGraph, stmts: list[Statement], out: Path) -> list[str]:
    """Write the export folder atomically; an earlier export folder at ``out`` is replaced."""
    import shutil

    from prospectus_kg.errors import OutputError
    from prospectus_kg.exports.neo4j_csv import write_csv_files
    from prospectus_kg.exports.neo4j_cypher import write_script

    if out.exists() and not out.is_dir():
        raise OutputError("output exists and is a file", document=str(out), suggestion="give a folder name")
    if out.is_dir() and any(out.iterdir()) and not (out / SCRIPT).is_file():
        raise OutputError(f"output folder exists, is not empty and holds no {SCRIPT}", document=str(out),
                          suggestion="choose a new folder; an earlier Neo4j export folder is replaced")
    tmp = new_folder(out)
    try:
        write_script(tmp / SCRIPT, stmts, script_header(pg, stmts))
        csv_names, delimiter = write_csv_files(pg, tmp)
        (tmp / README).write_text(readme(pg, stmts, csv_names, delimiter), encoding="utf-8", newline="\n")
        replace_folder(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"cannot write the output folder ({exc.strerror or exc})", document=str(out)) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [SCRIPT, *csv_names, README]


def _counts(pg: PropertyGraph) -> tuple[Counter, Counter]:
    labels = Counter(label for node in pg.nodes for label in node.labels)
    types = Counter(rel.type for rel in pg.relationships)
    return labels, types


def script_header(pg: PropertyGraph, stmts: list[Statement]) -> list[str]:
    from prospectus_kg import __version__

    return [f"prospectus-kg {__version__} export neo4j (naming: {pg.naming}), from graph.ttl sha256 {pg.source_sha256}",
            f"{len(pg.nodes)} nodes, {len(pg.relationships)} relationships, {len(stmts)} statements.",
            "Load: cypher-shell -a bolt://localhost:7687 -u neo4j -d neo4j -f import.cypher (see README.md).",
            "Idempotent: nodes MERGE on uri, relationships MERGE between two nodes; running it again changes nothing."]


def _cell(value: object) -> str:
    """A value kept inside one Markdown table cell or code span."""
    return " ".join(str(value).split()).replace("|", "\\|").replace("`", "'")


@functools.lru_cache(maxsize=1)
def _readme_template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                             autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["cell"] = _cell
    return env.get_template("neo4j-readme.md.j2")


def readme(pg: PropertyGraph, stmts: list[Statement], csv_names: list[str], delimiter: str) -> str:
    """README.md of the export folder (``templates/neo4j-readme.md.j2``): the exact commands to load it,
    and what is in it. Markdown, so values are kept in their cells (``_cell``), not HTML-escaped."""
    from prospectus_kg.exports.neo4j_csv import delimiter_option

    labels, types = _counts(pg)
    keys: dict[str, set[str]] = defaultdict(set)
    for node in pg.nodes:
        for key, value in node.props.items():
            keys[key].add(value_kind(value))
    text = _readme_template().render(
        naming=pg.naming, sha256=pg.source_sha256, nodes=len(pg.nodes), relationships=len(pg.relationships),
        statements=len(stmts), node_files=[n for n in csv_names if n.startswith("nodes_")],
        rel_files=[n for n in csv_names if n.startswith("relationships_")], delimiter=delimiter_option(delimiter),
        constraint=CONSTRAINT, labels=sorted(labels.items()), types=sorted(types.items()),
        keys=[(k, sorted(v)) for k, v in sorted(keys.items())],
        left_out=sorted(pg.skipped.items()) + sorted(pg.notes.items()))
    return text.rstrip("\n") + "\n"
