"""Helpers for the Neo4j export tests: the offline Cypher linter, an independent reader of the
neo4j-admin CSV files and of Cypher string literals, and a graph folder full of hostile names.

Kept apart from the exporter on purpose: the readers here follow the specs (Cypher string literal
escapes; neo4j-admin header format), not the exporter's code, so a round trip through both checks
the exporter against the specs.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINTER = ROOT / "tools" / "cypher-lint.mjs"
PACKAGE = ROOT / "node_modules" / "@neo4j-cypher" / "language-support"
P = "https://w3id.org/prospectus-kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


# --------------------------------------------------------------------------------------------------
# The linter (tools/cypher-lint.mjs over @neo4j-cypher/language-support)
# --------------------------------------------------------------------------------------------------

def require_linter() -> str:
    """The node executable; skip (fail under CI) when Node.js or the npm package is missing."""
    node = shutil.which("node")
    if node and (PACKAGE / "package.json").is_file():
        return node
    reason = ("Cypher lint needs Node.js and node_modules/@neo4j-cypher/language-support: "
              "run `npm ci` in the repository root")
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI is set: CI must install them)")
    pytest.skip(reason)


def lint(script: Path | str, *options: str) -> dict:
    """Run the linter over a Cypher file (or text) and return its JSON report."""
    node = require_linter()
    if isinstance(script, Path):
        args, text = [str(script)], None
    else:
        args, text = ["-"], script
    done = subprocess.run([node, str(LINTER), *options, *args], input=text, capture_output=True, text=True,
                          encoding="utf-8", timeout=600, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def errors(report: dict) -> list[dict]:
    return [d for d in report["diagnostics"] if d["severity"] == 1]


# --------------------------------------------------------------------------------------------------
# Cypher string literals, read back by the Cypher Manual's escape table
# --------------------------------------------------------------------------------------------------

_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", "'": "'", '"': '"', "\\": "\\"}


def decode_cypher_string(token: str) -> str:
    """The value of a Cypher string literal token (quotes included), per the Cypher Manual."""
    assert len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"", token
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == token[0]:
            raise AssertionError(f"unescaped quote inside literal at {i}: {token!r}")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in _SIMPLE:
            out.append(_SIMPLE[nxt])
            i += 2
        elif nxt == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif nxt == "U":
            out.append(chr(int(body[i + 2:i + 10], 16)))
            i += 10
        else:
            raise AssertionError(f"unknown escape \\{nxt} in {token!r}")
    # \uXXXX escapes are UTF-16 code units: pair the surrogates the way Java does
    return "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le")


# --------------------------------------------------------------------------------------------------
# neo4j-admin CSV files, read back by the header format
# --------------------------------------------------------------------------------------------------

HEADER_FIELD = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)?:(?P<special>ID|START_ID|END_ID)\((?P<space>[A-Za-z_]+)\)\Z"
    r"|:(?P<bare>LABEL|TYPE)\Z"
    r"|(?P<prop>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>int|long|float|double|boolean|byte|short|char|string|"
    r"date|localtime|time|localdatetime|datetime|duration|point)(?P<array>\[\])?)?\Z"
)


def parse_header(fields: list[str]) -> list[dict]:
    parsed = []
    for field in fields:
        match = HEADER_FIELD.match(field)
        assert match, f"not a neo4j-admin header field: {field!r}"
        parsed.append({k: v for k, v in match.groupdict().items() if v is not None})
    return parsed


def _typed(cell: str, kind: str):
    if kind in ("long", "int", "short", "byte"):
        return int(cell)
    if kind in ("double", "float"):
        return float(cell)
    if kind == "boolean":
        return cell == "true"  # neo4j-admin: true only when exactly "true"
    if kind == "date":
        return date.fromisoformat(cell)
    if kind in ("datetime", "localdatetime"):
        return datetime.fromisoformat(cell)
    return cell


def read_export(folder: Path, array_delimiter: str = ";") -> tuple[dict, list, list]:
    """(nodes by uri: {"labels": set, "props": {}}, relationships, meta nodes) from the CSV files."""
    nodes: dict[str, dict] = {}
    rels: list[dict] = []
    meta: list[dict] = []
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = parse_header(rows[0])
        for row in rows[1:]:
            assert len(row) == len(header), f"{path.name}: {len(row)} cells for {len(header)} columns"
            item: dict = {"labels": set(), "props": {}, "file": path.name}
            for column, cell in zip(header, row):
                if column.get("special") == "ID":
                    item["uri"] = cell
                    if column.get("name"):
                        item["props"][column["name"]] = cell
                elif column.get("special") == "START_ID":
                    item["start"] = cell
                elif column.get("special") == "END_ID":
                    item["end"] = cell
                elif column.get("bare") == "LABEL":
                    item["labels"] = set(cell.split(array_delimiter))
                elif column.get("bare") == "TYPE":
                    item["type"] = cell
                elif cell != "":
                    kind = column.get("type", "string")
                    if column.get("array"):
                        item["props"][column["prop"]] = [_typed(c, kind) for c in cell.split(array_delimiter)]
                    else:
                        item["props"][column["prop"]] = _typed(cell, kind)
            if "type" in item:
                rels.append(item)
            elif "uri" in item:
                assert item["uri"] not in nodes, f"node {item['uri']} twice"
                nodes[item["uri"]] = item
            else:
                meta.append(item)
    return nodes, rels, meta


# --------------------------------------------------------------------------------------------------
# Expectations from the RDF graph, derived independently of the exporter
# --------------------------------------------------------------------------------------------------

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger")}


def expected_value(literal):
    """What an RDF literal should be in Neo4j: integers, booleans and dates typed, the rest exact text."""
    datatype = str(literal.datatype) if literal.datatype else None
    if datatype in _INTEGERS:
        return int(str(literal))
    if datatype == XSD + "boolean":
        return str(literal) in ("true", "1")
    if datatype == XSD + "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", str(literal)):
        return date.fromisoformat(str(literal))
    if datatype == XSD + "double":
        return float(str(literal))
    return str(literal)


def upper_snake(local: str) -> str:
    """Neo4j's relationship type style, written here from the convention (not the exporter's code)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", local).upper()


def provenance_nodes(graph) -> set:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    oa = "http://www.w3.org/ns/oa#"
    hidden = set()
    for cls in ("Assertion", "Run", "Inferred", "ReasonerRun"):
        hidden |= set(graph.subjects(RDF.type, URIRef(P + cls)))
    hidden |= set(graph.objects(None, URIRef(oa + "hasTarget")))
    hidden |= set(graph.objects(None, URIRef(oa + "hasSelector")))
    return hidden


def assertion_quotes(graph) -> dict[tuple, list[tuple[str, int, int, str]]]:
    """(s, p, o) -> [(source, start, end, exact)] from the graph's Assertions."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    oa = "http://www.w3.org/ns/oa#"
    found: dict[tuple, list] = {}
    for a in graph.subjects(RDF.type, URIRef(P + "Assertion")):
        key = (graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object))
        for target in graph.objects(a, URIRef(oa + "hasTarget")):
            source = str(graph.value(target, URIRef(oa + "hasSource")))
            start = end = exact = None
            for sel in graph.objects(target, URIRef(oa + "hasSelector")):
                if graph.value(sel, URIRef(oa + "start")) is not None:
                    start = int(graph.value(sel, URIRef(oa + "start")))
                    end = int(graph.value(sel, URIRef(oa + "end")))
                if graph.value(sel, URIRef(oa + "exact")) is not None:
                    exact = str(graph.value(sel, URIRef(oa + "exact")))
            found.setdefault(key, []).append((source, start, end, exact))
    return found


def check_against_graph(folder: Path, nodes: dict, rels: list) -> None:
    """Nodes and relationships (as :func:`read_export` gives them, from the CSV files or read back from a
    Neo4j server) against the folder's graph.ttl: entities, labels, values with their types, relations
    with their quotes, and each quote is the document text at start:end."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    graph = Graph().parse(folder / "graph.ttl")
    hidden = provenance_nodes(graph)
    entities = {str(s) for s, o in graph.subject_objects(RDF.type) if str(o).startswith(P) and s not in hidden}
    # one node per entity (and a node for nothing else but relation ends)
    assert entities <= set(nodes)
    ends = {str(o) for s, p, o in graph if str(p).startswith(P) and not isinstance(o, Literal) and s not in hidden}
    assert set(nodes) <= entities | ends
    for uri in entities:
        types = {str(o)[len(P):] for o in graph.objects(URIRef(uri), RDF.type) if str(o).startswith(P)}
        assert types | {"Resource"} <= nodes[uri]["labels"], uri
    # every value, with its type
    values: dict[tuple[str, str], list] = {}
    for s, p, o in graph:
        if s in hidden or not isinstance(o, Literal) or str(s) not in nodes:
            continue
        if p == URIRef(P + "lookupKey"):  # the SPARQL queries' index, left out of the export
            continue
        if str(p).startswith(P) or p == RDFS.label:
            key = "label" if p == RDFS.label else str(p)[len(P):]
            values.setdefault((str(s), key), []).append(expected_value(o))
    assert all("lookupKey" not in n["props"] for n in nodes.values())
    for (uri, key), expected in values.items():
        got = nodes[uri]["props"].get(key)
        assert got is not None, (uri, key)
        got = got if isinstance(got, list) else [got]
        assert sorted(map(repr, got)) == sorted(map(repr, set(expected))), (uri, key)
        for a, b in zip(sorted(got, key=repr), sorted(set(expected), key=repr)):
            assert type(a) is type(b), (uri, key, a, b)
    # every relation, with its quote, and the quote is the document's text at start:end
    quotes = assertion_quotes(graph)
    texts = {}
    for doc in graph.subjects(RDF.type, URIRef(P + "Prospectus")):
        text_file = graph.value(doc, URIRef(P + "textFile"))
        if text_file is not None:
            with open(folder / str(text_file), encoding="utf-8", newline="") as handle:
                texts[str(doc)] = handle.read()
    by_key = {(r["start"], r["type"], r["end"]): r for r in rels}
    assert len(by_key) == len(rels), "a relationship twice"
    relations = [(s, p, o) for s, p, o in graph
                 if str(p).startswith(P) and not isinstance(o, Literal) and s not in hidden and o not in hidden]
    assert len(relations) == len(rels)
    for s, p, o in relations:
        rel = by_key[(str(s), upper_snake(str(p)[len(P):]), str(o))]
        evidence = quotes.get((s, p, o), [])
        assert rel["props"]["assertionCount"] == len(evidence)
        if not evidence:  # a relation no assertion backs: no provenance to carry
            assert set(rel["props"]) == {"assertionCount"}
            continue
        assert (rel["props"]["source"], rel["props"]["start"], rel["props"]["end"], rel["props"]["quote"]) \
            in evidence
        text = texts[rel["props"]["source"]]
        assert text[rel["props"]["start"]:rel["props"]["end"]] == rel["props"]["quote"]
    # and nothing more: exactly these labels and property keys on every node, so the counts per label
    # and per relationship type are the graph's
    concept = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    keys: dict[str, set] = {}
    for uri, key in values:
        keys.setdefault(uri, set()).add(key)
    for uri, node in nodes.items():
        labels = {"Resource"} | {str(o)[len(P):] for o in graph.objects(URIRef(uri), RDF.type) if str(o).startswith(P)}
        if (URIRef(uri), RDF.type, concept) in graph:
            labels.add("Concept")
        assert node["labels"] == labels, uri
        assert set(node["props"]) - {"uri"} == keys.get(uri, set()), uri
        assert node["props"].get("uri", uri) == uri
    expected_types = Counter(upper_snake(str(p)[len(P):]) for _s, p, _o in relations)
    assert Counter(r["type"] for r in rels) == expected_types


# --------------------------------------------------------------------------------------------------
# A graph folder whose names are hostile to Cypher and CSV
# --------------------------------------------------------------------------------------------------

HOSTILE_NAME = "O'Brien \"Holdings\" \\ '}) DETACH DELETE n // Capital, LLC"
HOSTILE_ALIASES = [
    "O'Brien\nHoldings",
    "line one\r\nline two\ttabbed",
    "'); MATCH (n) DETACH DELETE n; //",
    "\\'}) RETURN 1 //",
    "back\\\\slash \\u0041 \\n (literal backslashes)",
    "Ünïcødé — ✓ 𝔘𝔫𝔦 \u2028 line separator \x07 bell \x1b esc",
    "semi;colon and |pipe|",
    "`backticks` and ``double``",
    '"double quoted, with comma"',
    "/* not a comment */ -- nor this",
    "nul \x00 inside, next line \x85, nonchar \uffff",
    "byte order mark \ufeff inside",
    "  padded with spaces  ",
    "trailing backslash \\",
]
#: above 2^31 and 2^32: a 64-bit integer in Neo4j
HOSTILE_SHARES = 4_294_967_296_123
HOSTILE_SECTION = "selling_stockholders'); DROP CONSTRAINT n10s_unique_uri; //"


def hostile_folder(path: Path) -> Path:
    """A graph folder written with rdflib: a selling stockholder named ``HOSTILE_NAME`` with hostile
    aliases, an affiliate whose quote spans lines, assertions whose quotes and section are hostile
    too, an integer above 2^32 and astral characters before every quote; every span indexes the
    canonical text written beside the graph."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS, XSD as RXSD

    kg = "https://w3id.org/prospectus-kg/id/"
    oa = "http://www.w3.org/ns/oa#"
    prosp = lambda local: URIRef(P + local)  # noqa: E731
    doc = URIRef(kg + "doc/hostile")
    org = URIRef(kg + "org/o'brien-%22holdings%22")
    other = URIRef(kg + "org/back-tick")
    offering = URIRef(kg + "offering/hostile")
    other_name = "Back`Tick` Partners, L.P. \\' \\\\"
    quote_affiliate = f"{HOSTILE_NAME}, an affiliate of\n{other_name}"
    # astral characters before the quotes: one code point each in Python and Neo4j, two UTF-16 units
    text = ("HOSTILE PROSPECTUS \U0001d518\U0001d52b\U0001d526 \u00e9\n\nSELLING STOCKHOLDER\n\n"
            f"The selling stockholder is {HOSTILE_NAME}.\n"
            f"{quote_affiliate}.\n"
            f"It may offer {HOSTILE_SHARES:,} shares.\n")
    g = Graph()
    g.add((doc, RDF.type, prosp("Prospectus")))
    g.add((doc, RDFS.label, Literal("Prospectus hostile")))
    g.add((doc, prosp("textFile"), Literal("documents/hostile.txt")))
    g.add((doc, prosp("prospectusDate"), Literal("2003-01-13", datatype=RXSD.date)))
    g.add((doc, prosp("describes"), offering))
    for t in ("Organization", "Party", "SellingStockholder"):
        g.add((org, RDF.type, prosp(t)))
    g.add((other, RDF.type, prosp("Organization")))
    g.add((offering, RDF.type, prosp("Offering")))
    facts = [
        (org, prosp("name"), Literal(HOSTILE_NAME), HOSTILE_NAME),
        (org, RDFS.label, Literal(HOSTILE_NAME), HOSTILE_NAME),
        (other, prosp("name"), Literal(other_name), other_name),
        (org, prosp("affiliateOf"), other, quote_affiliate),
        (offering, prosp("sellingStockholder"), org, f"The selling stockholder is {HOSTILE_NAME}"),
        (offering, prosp("sharesOffered"), Literal(str(HOSTILE_SHARES), datatype=RXSD.nonNegativeInteger),
         f"{HOSTILE_SHARES:,}"),
    ]
    facts += [(org, prosp("alias"), Literal(alias), HOSTILE_NAME) for alias in HOSTILE_ALIASES]
    for number, (s, p, o, quote) in enumerate(facts):
        g.add((s, p, o))
        start = text.index(quote)
        a = URIRef(f"{kg}assertion/hostile-{number:02d}")
        target, position, exact = URIRef(f"{a}/target"), URIRef(f"{a}/position"), URIRef(f"{a}/quote")
        g.add((a, RDF.type, prosp("Assertion")))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, prosp("section"), Literal(HOSTILE_SECTION)))
        g.add((a, URIRef(oa + "hasTarget"), target))
        g.add((target, URIRef(oa + "hasSource"), doc))
        g.add((target, URIRef(oa + "hasSelector"), position))
        g.add((target, URIRef(oa + "hasSelector"), exact))
        g.add((position, RDF.type, URIRef(oa + "TextPositionSelector")))
        g.add((position, URIRef(oa + "start"), Literal(start, datatype=RXSD.nonNegativeInteger)))
        g.add((position, URIRef(oa + "end"), Literal(start + len(quote), datatype=RXSD.nonNegativeInteger)))
        g.add((exact, RDF.type, URIRef(oa + "TextQuoteSelector")))
        g.add((exact, URIRef(oa + "exact"), Literal(quote)))
    path.mkdir(parents=True, exist_ok=True)
    (path / "documents").mkdir(exist_ok=True)
    with open(path / "documents" / "hostile.txt", "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    g.serialize(path / "graph.ttl", format="turtle", encoding="utf-8")
    return path


def hostile_strings() -> list[str]:
    """Every document-derived string the hostile folder holds (names, aliases, quotes, section)."""
    return [HOSTILE_NAME, *HOSTILE_ALIASES, HOSTILE_SECTION]
