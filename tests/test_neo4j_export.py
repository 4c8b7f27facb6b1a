"""The Neo4j export: mapping (n10s conventions, types, provenance on relationships), the CSV files read
back against the RDF graph, determinism, atomic output, and the command line.

The round trip reads the neo4j-admin CSV files with the csv module and a header parser written from
the spec (tests/neo4j_support.py), and checks them against graph.ttl: one node per entity, every
relation present with its quote (and the quote is the document text at start:end), every value with
its type.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from neo4j_support import (HOSTILE_ALIASES, HOSTILE_NAME, HOSTILE_SECTION, P, assertion_quotes, check_against_graph,
                           hostile_folder, parse_header, read_export)

from prospectus_kg.errors import UsageError
from prospectus_kg.exports import neo4j
from prospectus_kg.exports.neo4j_csv import RELATIONSHIP_HEADER

ROOT = Path(__file__).resolve().parents[1]
ORG = "https://w3id.org/prospectus-kg/id/org/"


def _export(folder: Path, out: Path, **options) -> Path:
    neo4j.write(folder, out, **options)
    return out


def _delimiter(out: Path) -> str:
    match = re.search(r"--array-delimiter='([^']+)'", (out / "README.md").read_text(encoding="utf-8"))
    return "\x1f" if match[1] == "U+001F" else match[1]


@pytest.fixture(scope="module")
def seed_export(seed_folder, tmp_path_factory) -> Path:
    return _export(seed_folder, tmp_path_factory.mktemp("neo4j") / "seed")


@pytest.fixture(scope="module")
def seed_pg(seed_folder):
    return neo4j.load_property_graph(seed_folder)


# --------------------------------------------------------------------------------------------------
# Mapping
# --------------------------------------------------------------------------------------------------

def test_nodes_have_resource_and_ontology_labels(seed_pg):
    by_uri = {n.uri: n for n in seed_pg.nodes}
    capstone = by_uri[ORG + "capstone-turbine-corp"]
    assert capstone.labels == ("Resource", "Issuer", "Organization", "Party")
    assert by_uri[ORG + "ut-leasing-services-inc"].labels == ("Resource", "Organization", "Party",
                                                              "SellingStockholder")
    concept = next(n for n in seed_pg.nodes if "/distribution-method/" in n.uri)
    assert concept.labels == ("Resource", "Concept", "DistributionMethod")
    # provenance is not clutter: no Assertion, selector, target or build-run nodes
    assert not any("/assertion/" in n.uri or "/run/" in n.uri for n in seed_pg.nodes)
    assert all(re.fullmatch(r"[A-Za-z]+", label) for n in seed_pg.nodes for label in n.labels)


def test_literal_types(seed_pg, seed_graph):
    from rdflib import URIRef

    by_uri = {n.uri: n.props for n in seed_pg.nodes}
    capstone = by_uri[ORG + "capstone-turbine-corp"]
    assert capstone["name"] == "Capstone Turbine Corporation"
    aliases = {str(o) for o in seed_graph.objects(URIRef(ORG + "capstone-turbine-corp"), URIRef(P + "alias"))}
    assert "Capstone" in aliases
    assert capstone["alias"] == sorted(aliases)  # an array, sorted
    assert capstone["foundedYear"] == "1988"  # xsd:gYear: text, as Neo4j has no year type
    offering = next(p for u, p in by_uri.items() if "/offering/" in u)
    assert offering["sharesOffered"] == 3994817 and type(offering["sharesOffered"]) is int
    assert offering["proceedsToIssuer"] is False
    listing = next(p for u, p in by_uri.items() if "/listing/" in u)
    assert listing["lastSalePrice"] == "0.88"  # xsd:decimal: the exact text, never a float
    assert listing["lastSaleDate"] == date(2003, 1, 8)
    prospectus = next(p for u, p in by_uri.items() if "/doc/" in u)
    assert prospectus["prospectusDate"] == date(2003, 1, 13)
    transfer = next(p for u, p in by_uri.items() if "/transfer/" in u)
    assert transfer["date"] == "2002-11"  # xsd:gYearMonth
    placement = next(p for u, p in by_uri.items() if "/placement/" in u)
    assert placement["date"] == date(2002, 10, 28)  # the same key keeps each value's own type


def test_relationships_in_neo4j_naming_with_provenance(seed_pg, seed_folder):
    types = {r.type for r in seed_pg.relationships}
    assert {"AFFILIATE_OF", "SELLING_STOCKHOLDER", "INCORPORATES_BY_REFERENCE", "ISSUER", "AUDITOR_OF"} <= types
    affiliates = sorted((r.start, r.end) for r in seed_pg.relationships if r.type == "AFFILIATE_OF")
    # symmetric affiliateOf: one relationship per stated direction, the reverse is not invented
    assert affiliates == [(ORG + "nevada-bond-llc", ORG + "ut-leasing-services-inc"),
                          (ORG + "united-technologies-corp", ORG + "ut-leasing-services-inc")]
    nevada = next(r for r in seed_pg.relationships if r.type == "AFFILIATE_OF" and "nevada" in r.start)
    assert nevada.props["quote"] == "Nevada Bond, LLC, an affiliate of the selling stockholder"
    assert nevada.props["section"] == "selling_stockholders"
    assert nevada.props["source"] == "https://w3id.org/prospectus-kg/id/doc/capstone-turbine-424b3-2003-01-13"
    text = (seed_folder / "documents" / "capstone-turbine-424b3-2003-01-13.txt").read_text(encoding="utf-8")
    for rel in seed_pg.relationships:
        assert rel.props["assertionCount"] >= 1, rel
        assert text[rel.props["start"]:rel.props["end"]] == rel.props["quote"]


def test_first_assertion_in_document_order_and_the_count(seed_folder, seed_pg):
    quotes = assertion_quotes(seed_folder_graph(seed_folder))
    several = {k: v for k, v in quotes.items() if len(v) > 1}
    assert several, "the seed states some facts more than once"
    rels = {(r.start, r.end, r.type): r for r in seed_pg.relationships}
    checked = 0
    for (s, p, o), items in several.items():
        if not str(p).startswith(P) or not str(o).startswith("http"):
            continue
        rel = rels.get((str(s), str(o), neo4j.upper_snake(str(p)[len(P):])))
        if rel is None:
            continue
        first = min(items, key=lambda i: (i[0], i[1], i[2], i[3]))
        assert (rel.props["start"], rel.props["quote"]) == (first[1], first[3])
        assert rel.props["assertionCount"] == len(items)
        checked += 1
    assert checked


def seed_folder_graph(folder):
    from rdflib import Graph
    return Graph().parse(folder / "graph.ttl")


def test_n10s_naming(seed_folder):
    pg = neo4j.load_property_graph(seed_folder, naming="n10s")
    labels = {label for n in pg.nodes for label in n.labels}
    assert {"Resource", "prosp__Organization", "prosp__Issuer", "skos__Concept"} <= labels
    assert {r.type for r in pg.relationships} >= {"prosp__affiliateOf", "prosp__sellingStockholder"}
    keys = {k for n in pg.nodes for k in n.props}
    assert {"prosp__name", "prosp__sharesOffered", "rdfs__label"} <= keys
    config, prefixes = pg.meta
    assert (config.label, prefixes.label) == ("_GraphConfig", "_NsPrefDef")
    assert config.props["_handleVocabUris"] == 0 and config.props["_handleMultival"] == 1
    assert P + "alias" in config.props["_multivalPropList"]
    assert prefixes.props["prosp"] == P
    assert prefixes.props["rdfs"] == "http://www.w3.org/2000/01/rdf-schema#"
    text = "\n".join(s.cypher for s in neo4j.statements(pg))
    assert "MERGE (m:`_GraphConfig`) ON CREATE SET m += row.props" in text


def test_with_assertions_adds_assertion_nodes(seed_folder, seed_pg):
    from rdflib import URIRef
    from rdflib.namespace import RDF

    graph = seed_folder_graph(seed_folder)
    count = len(set(graph.subjects(RDF.type, URIRef(P + "Assertion"))))
    pg = neo4j.load_property_graph(seed_folder, with_assertions=True)
    assertions = [n for n in pg.nodes if "Assertion" in n.labels]
    assert len(assertions) == count
    alias = next(n for n in assertions if n.props["predicate"] == P + "alias" and n.props["value"] == "Capstone")
    assert {"source", "start", "end", "quote", "section"} <= set(alias.props)
    assert sum(1 for r in pg.relationships if r.type == "SUBJECT") == count
    assert len(pg.nodes) == len(seed_pg.nodes) + count


def test_neo4j_value_never_lossy():
    from rdflib import Literal
    from rdflib.namespace import XSD

    v = neo4j.neo4j_value
    assert v(Literal("12", datatype=XSD.nonNegativeInteger)) == (12, None)
    assert v(Literal("99999999999999999999", datatype=XSD.integer))[0] == "99999999999999999999"
    assert v(Literal("1", datatype=XSD.boolean)) == (True, None)
    assert v(Literal("0.1000", datatype=XSD.decimal))[0] == "0.1000"
    assert v(Literal("2002-06-30", datatype=XSD.date)) == (date(2002, 6, 30), None)
    # (rdflib normalises some lexical forms when it parses; as written, the exporter keeps them exact)
    assert v(Literal("2002-06-30Z", datatype=XSD.date, normalize=False))[0] == "2002-06-30Z"  # no zoned date
    assert v(Literal("2002-06-30T10:00:00Z", datatype=XSD.dateTime))[0].tzinfo is not None
    assert v(Literal("2002-06-30T10:00:00", datatype=XSD.dateTime))[0].tzinfo is None
    exact = Literal("2002-06-30T10:00:00.1234567", datatype=XSD.dateTime, normalize=False)
    assert v(exact)[0] == "2002-06-30T10:00:00.1234567"  # beyond microseconds: text, not truncated
    assert v(Literal("1988", datatype=XSD.gYear))[0] == "1988"
    assert v(Literal("abc", datatype=XSD.integer))[0] == "abc"
    assert isinstance(v(Literal("INF", datatype=XSD.double))[0], str)  # Cypher has no literal for infinity
    assert v(Literal("Capstone", lang="en")) == ("Capstone", "language tag dropped")


def test_upper_snake():
    assert neo4j.upper_snake("incorporatesByReference") == "INCORPORATES_BY_REFERENCE"
    assert neo4j.upper_snake("affiliateOf") == "AFFILIATE_OF"
    assert neo4j.upper_snake("sellingStockholder") == "SELLING_STOCKHOLDER"
    assert neo4j.upper_snake("hasCIKNumber") == "HAS_CIK_NUMBER"


def test_statements_batch_and_carry_values_only_in_rows(seed_pg):
    stmts = neo4j.statements(seed_pg, batch_size=3)
    assert stmts[0].cypher == neo4j.CONSTRAINT and stmts[0].rows is None
    kinds = [s.kind for s in stmts]
    assert kinds == sorted(kinds, key=["schema", "meta", "nodes", "relationships"].index)
    assert all(len(s.rows) <= 3 for s in stmts[1:])
    assert sum(len(s.rows) for s in stmts if s.kind == "nodes") == len(seed_pg.nodes)
    assert sum(len(s.rows) for s in stmts if s.kind == "relationships") == len(seed_pg.relationships)
    for s in stmts[1:]:
        assert s.cypher.count("$rows") == 1
        assert "'" not in s.cypher and '"' not in s.cypher  # no value in the query text
    with pytest.raises(UsageError):
        neo4j.statements(seed_pg, batch_size=0)


# --------------------------------------------------------------------------------------------------
# The files: round trip, headers, determinism, atomic writing
# --------------------------------------------------------------------------------------------------

def _check_round_trip(folder: Path, out: Path) -> None:
    """The CSV files against graph.ttl: entities, labels, values with types, relations with quotes."""
    nodes, rels, _meta = read_export(out, _delimiter(out))
    check_against_graph(folder, nodes, rels)


def test_round_trip_seed(seed_folder, seed_export):
    _check_round_trip(seed_folder, seed_export)


def test_round_trip_hostile(tmp_path):
    folder = hostile_folder(tmp_path / "hostile")
    out = _export(folder, tmp_path / "out")
    _check_round_trip(folder, out)
    assert _delimiter(out) == "\x1f"  # ';' and '|' occur in an alias
    nodes, rels, _ = read_export(out, "\x1f")
    org = next(n for n in nodes.values() if n["props"].get("name") == HOSTILE_NAME)
    assert org["props"]["alias"] == sorted(HOSTILE_ALIASES)
    assert {r["props"].get("section") for r in rels} == {HOSTILE_SECTION, None}  # None: describes, unasserted


def test_round_trip_corpus(corpus_folder, tmp_path):
    _check_round_trip(corpus_folder, _export(corpus_folder, tmp_path / "out"))


def test_headers_follow_neo4j_admin_format(seed_export):
    for path in seed_export.glob("*.csv"):
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        parse_header(header)
        if path.name.startswith("relationships_"):
            assert tuple(header) == RELATIONSHIP_HEADER
        else:
            assert header[:2] == ["uri:ID(Resource)", ":LABEL"], path.name
    issuer = (seed_export / "nodes_Issuer_Organization_Party.csv").read_text(encoding="utf-8").splitlines()
    assert "alias:string[]" in issuer[0].split(",")
    assert ",Resource;Issuer;Organization;Party," in issuer[1]
    offering = (seed_export / "nodes_Offering.csv").read_text(encoding="utf-8").splitlines()
    assert offering[0].split(",")[2:] == ["label:string[]", "proceedsToIssuer:boolean", "sharesOffered:long"]
    prospectus = (seed_export / "nodes_Prospectus.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "prospectusDate:date" in prospectus.split(",")
    readme = (seed_export / "README.md").read_text(encoding="utf-8")
    assert "cypher-shell -a bolt://localhost:7687 -u neo4j -p \"$NEO4J_PASSWORD\" -d neo4j -f import.cypher" in readme
    assert "neo4j-admin database import full \\\n    --nodes=" in readme
    assert "--array-delimiter=';' --multiline-fields=true \\\n    --legacy-style-quoting=false \\\n    neo4j\n" in readme
    assert all(f"--nodes={p.name}" in readme or f"--relationships={p.name}" in readme
               for p in seed_export.glob("*.csv"))
    assert "load such files into a Neo4j 5.26 server and read them back" in readme
    assert "NOT run" not in readme


def test_script_layout(seed_export):
    script = (seed_export / "import.cypher").read_text(encoding="utf-8")
    statements = [s for s in script.split(";\n") if s.strip()]
    assert re.sub(r"(?m)^//.*\n", "", statements[0]).strip() == neo4j.CONSTRAINT
    assert "MERGE (n:`Resource` {uri: row.uri})" in script
    assert "SET n:`Issuer`:`Organization`:`Party`, n += row.props" in script
    assert "MERGE (a)-[r:`AFFILIATE_OF`]->(b)" in script
    assert "`sharesOffered`: 3994817" in script and "`prospectusDate`: date('2003-01-13')" in script
    assert "`lastSalePrice`: '0.88'" in script


def test_rebuild_is_byte_identical(seed_folder, seed_export, tmp_path):
    """Same files, byte for byte, also from another process with another hash seed."""
    other = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    done = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "export", "neo4j", str(seed_folder),
                           "--out", str(other)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in seed_export.iterdir())
    assert names == sorted(p.name for p in other.iterdir())
    for name in names:
        assert (seed_export / name).read_bytes() == (other / name).read_bytes(), name


def test_output_is_atomic(seed_folder, tmp_path, monkeypatch):
    from prospectus_kg.errors import OutputError
    from prospectus_kg.exports import neo4j_csv

    out = _export(seed_folder, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(neo4j_csv, "write_csv_files", broken)
    with pytest.raises(OutputError):
        neo4j.write(seed_folder, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the earlier export is intact
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left
    with pytest.raises(OutputError):
        neo4j.write(seed_folder, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_refuses_a_folder_that_is_not_an_export(seed_folder, tmp_path):
    from prospectus_kg.errors import OutputError

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError):
        neo4j.write(seed_folder, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    with pytest.raises(OutputError):
        neo4j.write(seed_folder, seed_folder)  # never over the graph folder


# --------------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------------

def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prospectus_kg.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, **(env or {})), timeout=120)


def test_cli_export_neo4j(seed_folder, tmp_path):
    done = _cli("export", "neo4j", str(seed_folder), "--out", str(tmp_path / "o"), "--naming", "n10s")
    assert done.returncode == 0, done.stderr
    assert "-> " in done.stdout and (tmp_path / "o" / "nodes__GraphConfig.csv").is_file()
    assert "prosp__affiliateOf" in (tmp_path / "o" / "import.cypher").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, code, words", [
    (["export", "neo4j", "{seed}"], 2, "nothing to do"),
    (["export", "nosuch", "{seed}", "--out", "x"], 2, "invalid choice"),
    (["export", "neo4j", "{seed}", "--out", "{tmp}/o", "--with-inferred"], 2, "--with-inferred"),
    (["export", "neo4j", "{seed}", "--out", "{tmp}/o", "--batch-size", "0"], 2, "batch-size"),
    (["export", "neo4j", "{tmp}/missing", "--out", "{tmp}/o"], 3, "does not exist"),
    (["export", "neo4j", "{seed}", "--uri", "bolt://127.0.0.1:1"], 2, "NEO4J_PASSWORD"),
    (["export", "neo4j", "{seed}", "--uri", "http://127.0.0.1:1"], 2, "URI"),
    (["export", "neo4j", "{seed}", "--out", "{tmp}/o", "--database", "x"], 2, "--database"),
])
def test_cli_bad_input_one_line_and_exit_code(seed_folder, tmp_path, args, code, words):
    args = [a.format(seed=seed_folder, tmp=tmp_path) for a in args]
    env = {"NEO4J_PASSWORD": "x"} if "http://127.0.0.1:1" in args else {}
    environ = dict(os.environ, **env)
    if "bolt://127.0.0.1:1" in args:
        environ.pop("NEO4J_PASSWORD", None)
    done = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=environ, timeout=120)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert words in done.stderr


def test_fast_reader_gives_the_same_graph_as_rdflib(seed_folder, seed_graph):
    """load_property_graph parses graph.ttl with pyoxigraph; the result equals the mapping of the
    graph as rdflib parses it."""
    assert neo4j.load_property_graph(seed_folder) == neo4j.property_graph(
        seed_graph, source_sha256=neo4j.load_property_graph(seed_folder).source_sha256)


def test_broken_graph_ttl_is_bad_input(seed_folder, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(seed_folder, broken)
    with open(broken / "graph.ttl", "a", encoding="utf-8") as handle:
        handle.write("\n<a> <b> \"unterminated .\n")
    done = _cli("export", "neo4j", str(broken), "--out", str(tmp_path / "o"))
    assert done.returncode == 3 and "graph.ttl" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o").exists()
