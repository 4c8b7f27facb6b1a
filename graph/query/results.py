"""SPARQL query results: one model for every store, written in the W3C result formats.

Both query stores (rdflib's Memory store and Oxigraph, see ``store.py``) return a
:class:`QueryResult` holding rdflib terms, so the same query gives byte-identical output whichever
store answered it. The writers follow the W3C Recommendations:

* SPARQL 1.1 Query Results JSON Format, https://www.w3.org/TR/sparql11-results-json/
* SPARQL Query Results XML Format (Second Edition), https://www.w3.org/TR/rdf-sparql-XMLres/
* SPARQL 1.1 Query Results CSV and TSV Formats, https://www.w3.org/TR/sparql11-results-csv-tsv/
* CONSTRUCT and DESCRIBE results as Turtle (https://www.w3.org/TR/turtle/) or N-Triples
  (https://www.w3.org/TR/n-triples/), written by Oxigraph's serializer (fast at any size).

plus two views for people: an aligned text table (IRIs shortened with the graph's prefixes, long
values cut with an ellipsis) and an escaped HTML table for the endpoint's browser view.

RDF 1.1 makes a simple literal and an ``xsd:string`` literal the same term; results carry them as
plain literals (no datatype), whichever engine produced them.

The writers take rdflib terms (what :class:`QueryResult` gives the Python API) or pyoxigraph terms
(what the Oxigraph store gives the command line and the endpoint, which only write the answer out:
converting every term to rdflib cost more than the query, and importing rdflib most of a cold
``query``); the same answer is written byte for byte the same either way. rdflib is imported only
when an rdflib term is met.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from typing import Any

from prospectus_kg.graph.query.formats import BY_NAME, names

__all__ = [
    "QueryResult", "FORMATS", "SELECT_FORMATS", "GRAPH_FORMATS", "MEDIA_TYPES", "serialize",
    "to_json", "to_xml", "to_csv", "to_tsv", "to_table", "to_html", "to_turtle", "to_ntriples",
    "shorten", "plain",
]

Kind = TypingLiteral["select", "ask", "graph"]
Term = Any   # an rdflib term (URIRef, BNode, Literal) or a pyoxigraph one (NamedNode, BlankNode, Literal)
Row = tuple  # tuple[Term | None, ...]

_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = _XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NUMERIC = {_XSD + name for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}


@dataclass
class QueryResult:
    """The answer to one query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    kind: Kind
    vars: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    #: the graph's prefixes, for shortening IRIs when the result is shown (``str()``)
    prefixes: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __str__(self) -> str:
        """The aligned table the command line prints (Turtle for a graph), nothing cut."""
        return to_table(self, self.prefixes, max_width=0)

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows) if self.kind == "select" else 1

    def dicts(self) -> list[dict[str, Term]]:
        """The solutions as ``{variable: term}`` dicts, leaving out unbound variables."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]


# --- terms ---------------------------------------------------------------------------------------

URI, BNODE, LITERAL = "uri", "bnode", "literal"
_KINDS: dict[type, str] = {}


def _kind_of(kind: type) -> str:
    if kind.__module__.startswith("pyoxigraph"):
        found = {"NamedNode": URI, "BlankNode": BNODE, "Literal": LITERAL}.get(kind.__name__)
    else:
        from rdflib.term import BNode, Literal, URIRef

        found = URI if issubclass(kind, URIRef) else BNODE if issubclass(kind, BNode) \
            else LITERAL if issubclass(kind, Literal) else None
    if found is None:
        raise TypeError(f"not an RDF term: {kind.__name__}")
    _KINDS[kind] = found
    return found


def kind(term: Term) -> str:
    """``uri``, ``bnode`` or ``literal`` for an rdflib or a pyoxigraph term."""
    found = _KINDS.get(type(term))
    return found if found is not None else _kind_of(type(term))


def _is_ox(term: Term) -> bool:
    return type(term).__module__.startswith("pyoxigraph")


def lexical(term: Term) -> str:
    """An IRI's text, a blank node's label, a literal's lexical form."""
    return term.value if _is_ox(term) else str(term)


def language(term: Term) -> str | None:
    return term.language or None


def datatype(term: Term) -> str | None:
    """A literal's datatype IRI; ``None`` for a plain, ``xsd:string`` or language-tagged literal."""
    if term.language:
        return None
    found = term.datatype
    if found is None:
        return None
    found = found.value if _is_ox(term) else str(found)
    return None if found in (XSD_STRING, _LANG_STRING) else found


def plain(term: Term) -> Term:
    """The term with an ``xsd:string`` datatype dropped (RDF 1.1: the same literal)."""
    from rdflib.term import Literal

    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term), normalize=False)
    return term


def shorten(iri: str, prefixes: Mapping[str, str]) -> str:
    """``prefix:local`` for an IRI under one of ``prefixes`` (the longest namespace wins), else ``<iri>``."""
    best = ""
    best_prefix = None
    for prefix, namespace in prefixes.items():
        if namespace and iri.startswith(namespace) and len(namespace) > len(best) and len(iri) > len(namespace):
            best, best_prefix = namespace, prefix
    if best_prefix is None:
        return f"<{iri}>"
    return f"{best_prefix}:{iri[len(best):]}"


def _escape_turtle_string(value: str) -> str:
    return (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


_TURTLE_INTEGER = re.compile(r"[+-]?\d+\Z")
_TURTLE_DECIMAL = re.compile(r"[+-]?\d*\.\d+\Z")
_TURTLE_DOUBLE = re.compile(r"[+-]?(\d+\.\d*[eE][+-]?\d+|\.?\d+[eE][+-]?\d+)\Z")


def _sparql_syntax(term: Term) -> str:
    """A term in SPARQL/Turtle syntax, as the TSV format writes it (numbers and booleans abbreviated)."""
    found = kind(term)
    text = lexical(term)
    if found == URI:
        return f"<{text}>"
    if found == BNODE:
        return f"_:{text}"
    if term.language:
        return f'"{_escape_turtle_string(text)}"@{term.language}'
    dt = datatype(term)
    if dt is None:
        return f'"{_escape_turtle_string(text)}"'
    if ((dt == _XSD + "integer" and _TURTLE_INTEGER.match(text))
            or (dt == _XSD + "decimal" and _TURTLE_DECIMAL.match(text))
            or (dt == _XSD + "double" and _TURTLE_DOUBLE.match(text))
            or (dt == _XSD + "boolean" and text in ("true", "false"))):
        return text
    return f'"{_escape_turtle_string(text)}"^^<{dt}>'


# --- SPARQL 1.1 Query Results JSON ---------------------------------------------------------------

def _json_term(term: Term) -> dict[str, str]:
    found = kind(term)
    if found != LITERAL:
        return {"type": found, "value": lexical(term)}
    out = {"type": "literal", "value": lexical(term)}
    if term.language:
        out["xml:lang"] = term.language
    else:
        dt = datatype(term)
        if dt is not None:
            out["datatype"] = dt
    return out


def to_json(result: QueryResult, *, indent: int | None = None) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.kind == "ask":
        doc: dict = {"head": {}, "boolean": bool(result.boolean)}
    elif result.kind == "select":
        doc = {"head": {"vars": list(result.vars)},
               "results": {"bindings": [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None}
                                        for row in result.rows]}}
    else:
        raise ValueError("a CONSTRUCT or DESCRIBE result is a graph; write it as Turtle or N-Triples")
    return json.dumps(doc, ensure_ascii=False, indent=indent) + "\n"


# --- SPARQL Query Results XML --------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return html.escape(_XML_INVALID.sub("\ufffd", value), quote=False)


def _xml_attr(value: str) -> str:
    return html.escape(_XML_INVALID.sub("\ufffd", value), quote=True)


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if result.kind == "ask":
        out.append(f"  <head/>\n  <boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return "".join(out)
    if result.kind != "select":
        raise ValueError("a CONSTRUCT or DESCRIBE result is a graph; write it as Turtle or N-Triples")
    out.append("  <head>\n")
    out.extend(f'    <variable name="{_xml_attr(v)}"/>\n' for v in result.vars)
    out.append("  </head>\n  <results>\n")
    for row in result.rows:
        out.append("    <result>\n")
        for var, term in zip(result.vars, row):
            if term is None:
                continue
            found = kind(term)
            if found == URI:
                value = f"<uri>{_xml_text(lexical(term))}</uri>"
            elif found == BNODE:
                value = f"<bnode>{_xml_text(lexical(term))}</bnode>"
            else:
                attr = ""
                if term.language:
                    attr = f' xml:lang="{_xml_attr(term.language)}"'
                elif datatype(term) is not None:
                    attr = f' datatype="{_xml_attr(datatype(term))}"'
                value = f"<literal{attr}>{_xml_text(lexical(term))}</literal>"
            out.append(f'      <binding name="{_xml_attr(var)}">{value}</binding>\n')
        out.append("    </result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out)


# --- SPARQL 1.1 Query Results CSV and TSV --------------------------------------------------------

def to_csv(result: QueryResult) -> str:
    """CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/#csv): values only, CRLF line ends.

    An ASK result, which the format does not cover, is written as a one-column table ``boolean``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    if result.kind != "select":
        raise ValueError("a CONSTRUCT or DESCRIBE result is a graph; write it as Turtle or N-Triples")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{lexical(t)}" if kind(t) == BNODE else lexical(t) for t in row])
    return buffer.getvalue()


def to_tsv(result: QueryResult) -> str:
    """TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/#tsv): terms in SPARQL syntax.

    An ASK result, which the format does not cover, is written as a one-column table ``?boolean``."""
    if result.kind == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    if result.kind != "select":
        raise ValueError("a CONSTRUCT or DESCRIBE result is a graph; write it as Turtle or N-Triples")
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines.extend("\t".join("" if t is None else _sparql_syntax(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


# --- views for people ----------------------------------------------------------------------------

#: Default widest cell in the text table; longer values end in an ellipsis.
TABLE_MAX_WIDTH = 48
_SPACES = re.compile(r"\s+")


def _cell(term: Term | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    found = kind(term)
    if found == URI:
        return shorten(lexical(term), prefixes)
    if found == BNODE:
        return f"_:{lexical(term)}"
    text = _SPACES.sub(" ", lexical(term)).strip()
    return text


def _cut(text: str, width: int) -> str:
    if width and len(text) > width:
        return text[: max(width - 1, 0)] + "…"
    return text


def to_table(result: QueryResult, prefixes: Mapping[str, str] | None = None, *,
             max_width: int = TABLE_MAX_WIDTH, wide: Sequence[str] = ()) -> str:
    """An aligned text table for a terminal, with a row count (``max_width`` 0: no cutting; the
    columns named in ``wide`` are never cut)."""
    prefixes = prefixes or {}
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        return to_turtle(result, prefixes)
    limits = [0 if v in wide else max_width for v in result.vars]
    header = [_cut(v, w) for v, w in zip(result.vars, limits)]
    body = [[_cut(_cell(t, prefixes), w) for t, w in zip(row, limits)] for row in result.rows]
    numeric = [bool(result.rows) and all(t is None or (kind(t) == LITERAL and datatype(t) in _NUMERIC)
                                         for t in (row[i] for row in result.rows))
               for i in range(len(result.vars))]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return " | ".join(parts).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out.extend(line(r) for r in body)
    count = len(result.rows)
    out.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(out) + "\n"


def to_html(result: QueryResult, prefixes: Mapping[str, str] | None = None, *, title: str = "Query results") -> str:
    """A self-contained HTML page showing the result; every value is escaped."""
    prefixes = prefixes or {}
    esc = html.escape
    parts = [f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{esc(title)}</title>",
             "<style>body{font-family:system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}"
             "th{background:#f3f3f3}code{font-size:.9em}</style></head><body>",
             f"<h1>{esc(title)}</h1><p><a href=\"/\">all queries</a></p>"]
    if result.kind == "ask":
        parts.append(f"<p>Answer: <strong>{'true' if result.boolean else 'false'}</strong></p>")
    elif result.kind == "graph":
        parts.append(f"<pre>{esc(to_turtle(result, prefixes))}</pre>")
    else:
        parts.append(f"<p>{len(result.rows)} row(s)</p><table><thead><tr>")
        parts.extend(f"<th>{esc(v)}</th>" for v in result.vars)
        parts.append("</tr></thead><tbody>")
        for row in result.rows:
            parts.append("<tr>")
            for term in row:
                if term is not None and kind(term) == URI:
                    iri = lexical(term)
                    parts.append(f"<td><code title=\"{esc(iri)}\">{esc(shorten(iri, prefixes))}</code></td>")
                else:
                    parts.append(f"<td>{esc(_cell(term, prefixes))}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "".join(parts)


# --- graphs --------------------------------------------------------------------------------------

def _ox_term(term: Term):
    import pyoxigraph as ox

    if _is_ox(term):
        return term
    found = kind(term)
    if found == URI:
        return ox.NamedNode(str(term))
    if found == BNODE:
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _write_graph(result: QueryResult, fmt, prefixes: Mapping[str, str] | None) -> str:
    import pyoxigraph as ox

    if result.kind != "graph":
        raise ValueError("only a CONSTRUCT or DESCRIBE result is a graph")
    ordered = sorted(set(result.triples), key=lambda t: tuple(_sparql_syntax(x) for x in t))
    triples = [ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in ordered]
    kwargs = {}
    if prefixes and fmt == ox.RdfFormat.TURTLE:
        kwargs["prefixes"] = _used_prefixes(ordered, prefixes)
    data = ox.serialize(triples, format=fmt, **kwargs)
    return data.decode("utf-8")


_PLAIN_LOCAL = re.compile(r"[A-Za-z_][\w-]*(?:\.[\w-]+)*\Z")


def _used_prefixes(triples, prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes that shorten some IRI of ``triples`` to a plain ``prefix:local`` (no escapes)."""
    iris = {lexical(t) for triple in triples for t in triple if kind(t) == URI}
    iris |= {datatype(t) for triple in triples for t in triple if kind(t) == LITERAL and datatype(t)}
    used = {}
    for prefix, namespace in prefixes.items():
        if not namespace or not re.fullmatch(r"[A-Za-z][\w.-]*", prefix):
            continue
        locals_ = [iri[len(namespace):] for iri in iris if iri.startswith(namespace)]
        if locals_ and all(_PLAIN_LOCAL.match(local) for local in locals_):
            used[prefix] = namespace
    return used


def to_turtle(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """A CONSTRUCT or DESCRIBE result as Turtle, triples sorted, with the graph's prefixes."""
    import pyoxigraph as ox

    return _write_graph(result, ox.RdfFormat.TURTLE, prefixes)


def to_ntriples(result: QueryResult) -> str:
    """A CONSTRUCT or DESCRIBE result as N-Triples, triples sorted."""
    import pyoxigraph as ox

    return _write_graph(result, ox.RdfFormat.N_TRIPLES, None)


# --- one table of formats ------------------------------------------------------------------------

#: the formats a query result can be written in (graph/query/formats.py is the one table of formats)
SELECT_FORMATS = names("solutions")
GRAPH_FORMATS = names("graph")
FORMATS = tuple(dict.fromkeys(SELECT_FORMATS + GRAPH_FORMATS))
MEDIA_TYPES: dict[str, str] = {name: BY_NAME[name].media_type for name in FORMATS}


def serialize(result: QueryResult, fmt: str, prefixes: Mapping[str, str] | None = None, *,
              max_width: int = TABLE_MAX_WIDTH, title: str = "Query results", wide: Sequence[str] = ()) -> str:
    """``result`` written in format ``fmt`` (a key of :data:`MEDIA_TYPES`).

    A graph asked for in a solutions format (json, xml, csv, tsv) is written as Turtle, and solutions
    asked for as Turtle or N-Triples as a table; callers that must refuse instead check first.
    """
    if result.kind == "graph":
        if fmt == "html":
            return to_html(result, prefixes, title=title)
        if fmt in GRAPH_FORMATS and BY_NAME[fmt].oxigraph and fmt != "turtle":
            import pyoxigraph as ox

            return _write_graph(result, getattr(ox.RdfFormat, BY_NAME[fmt].oxigraph), None)
        return to_turtle(result, prefixes)
    writers = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
    if fmt in writers:
        return writers[fmt](result)
    if fmt == "html":
        return to_html(result, prefixes, title=title)
    return to_table(result, prefixes, max_width=max_width, wide=wide)


def rows_as_set(result: QueryResult) -> set[tuple]:
    """Solutions as a set of ``(var, term)`` tuples, blank nodes replaced by one marker (to compare stores)."""
    def norm(term: Term | None):
        return "_:b" if term is not None and kind(term) == BNODE else term
    return {tuple((v, norm(t)) for v, t in zip(result.vars, row)) for row in result.rows}


def triples_as_set(result: QueryResult) -> set[tuple]:
    """Triples as a set, blank nodes replaced by one marker."""
    def norm(term: Term):
        return "_:b" if kind(term) == BNODE else term
    return {tuple(norm(t) for t in triple) for triple in result.triples}

