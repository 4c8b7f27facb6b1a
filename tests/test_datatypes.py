"""Literal datatypes are answered as graph.ttl states them, by every store and every result format.

graph.ttl types spans and counts as ``xsd:nonNegativeInteger`` and writes decimals as they were read
("12.00"). Oxigraph stores such literals in a canonical form (``xsd:integer``, "12"); the answers must
still carry the file's literal, as rdflib's answer over the same file does, and a query for the file's
literal must find it in both stores (as it does in rdflib and in Oxigraph used directly).

The fixture graph holds one literal of every datatype the ontology and the shapes use (the first test
fails when they start using one the fixture lacks), in the lexical forms the build writes.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SH, XSD

from prospectus_kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
EX = "http://example.org/"

#: datatype local name -> the lexical form written in the fixture (as the build writes it)
VALUES = {
    "nonNegativeInteger": "4010",
    "integer": "-3",
    "decimal": "12.00",
    "boolean": "true",
    "date": "2003-01-13",
    "gYear": "2003",
    "gYearMonth": "2003-01",
    "gMonthDay": "--01-13",
    "anyURI": "https://www.sec.gov/Archives/edgar/data/1009759/000100975903000001.txt",
    "string": "Nevada Bond, LLC",
}
STORES = ("memory", "oxigraph")


def ontology_datatypes() -> set[str]:
    graph = Graph()
    graph.parse(ROOT / "ontology" / "prospectus.ttl")
    graph.parse(ROOT / "ontology" / "shapes.ttl")
    found = set()
    for predicate in (RDFS.range, SH.datatype, OWL.onDatatype):
        for value in graph.objects(None, predicate):
            if isinstance(value, URIRef) and str(value).startswith(str(XSD)):
                found.add(str(value)[len(str(XSD)):])
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("datatypes")
    lines = ["@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    # the build writes strings as simple literals (RDF 1.1: the same term as an xsd:string one)
    lines += [f'<{EX}{name}> <{EX}value> "{lexical}"{"" if name == "string" else "^^xsd:" + name} .'
              for name, lexical in VALUES.items()]
    (folder / "graph.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def cli(capsys, *argv) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_the_fixture_covers_every_datatype_of_the_ontology():
    assert ontology_datatypes() - set(VALUES) == set()
    assert "nonNegativeInteger" in ontology_datatypes()


def test_oxigraph_alone_changes_the_literals_that_the_answers_must_keep(folder):
    """The reason for this file: Oxigraph's store makes nonNegativeInteger an integer, 12.00 a 12."""
    store = ox.Store()
    store.load(path=str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    stored = {q.subject.value[len(EX):]: q.object for q in store}
    assert stored["nonNegativeInteger"].datatype.value == str(XSD.integer)
    assert stored["decimal"].value == "12"


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("name", sorted(VALUES))
def test_select_answers_the_files_literal_in_every_format(capsys, folder, store, name):
    query = f"SELECT ?o WHERE {{ <{EX}{name}> <{EX}value> ?o }}"
    expected = next(iter(Graph().parse(folder / "graph.ttl").query(query)))[0]   # rdflib on the same file
    assert str(expected) == VALUES[name]

    binding = json.loads(cli(capsys, "query", folder, query, "--store", store, "--format", "json"))
    [row] = binding["results"]["bindings"]
    assert row["o"]["value"] == VALUES[name]
    assert row["o"].get("datatype") == (None if name == "string" else str(XSD[name]))

    xml = ET.fromstring(cli(capsys, "query", folder, query, "--store", store, "--format", "xml"))
    literal = xml.find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal.text == VALUES[name] and literal.get("datatype") == row["o"].get("datatype")

    tsv = cli(capsys, "query", folder, query, "--store", store, "--format", "tsv").splitlines()[1]
    abbreviated = name in ("boolean", "integer", "decimal")   # SPARQL's own short forms keep the type
    assert tsv == (f'"{VALUES[name]}"' if name == "string" else VALUES[name] if abbreviated
                   else f'"{VALUES[name]}"^^<{XSD[name]}>')
    rows = list(csv.reader(io.StringIO(cli(capsys, "query", folder, query, "--store", store, "--format", "csv"))))
    assert rows == [["o"], [VALUES[name]]]

    constructed = cli(capsys, "query", folder, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}{name}>) }}",
                      "--store", store, "--format", "ntriples")
    got = Graph().parse(data=constructed, format="nt").value(URIRef(EX + name), URIRef(EX + "value"))
    assert (str(got), got.datatype or XSD.string) == (str(expected), expected.datatype or XSD.string)


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("name", sorted(VALUES))
def test_ask_for_the_files_literal_is_true_as_in_rdflib_and_oxigraph(capsys, folder, store, name):
    literal = Literal(VALUES[name], datatype=None if name == "string" else XSD[name])
    query = f"ASK {{ ?s <{EX}value> {literal.n3()} }}"
    assert Graph().parse(folder / "graph.ttl").query(query).askAnswer is True
    direct = ox.Store()
    direct.load(path=str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert bool(direct.query(query)) is True
    assert cli(capsys, "query", folder, query, "--store", store) == "true\n"


@pytest.mark.parametrize("store", STORES)
def test_a_computed_value_keeps_the_type_the_query_gives_it(capsys, folder, store):
    """``?o + 0`` is an xsd:integer even where it equals a nonNegativeInteger of the file."""
    query = (f"SELECT ?o (?o + 0 AS ?sum) WHERE {{ <{EX}nonNegativeInteger> <{EX}value> ?o }}")
    [row] = json.loads(cli(capsys, "query", folder, query, "--store", store, "--format", "json"))["results"]["bindings"]
    assert row["o"]["datatype"] == str(XSD.nonNegativeInteger)
    assert row["sum"] == {"type": "literal", "value": "4010", "datatype": str(XSD.integer)}


@pytest.mark.parametrize("store", STORES)
def test_the_seed_span_offsets_are_non_negative_integers(capsys, seed_folder, store):
    """The issue's own example: a span start of the seed, asked for as graph.ttl types it."""
    ask = 'ASK { ?a oa:start "4010"^^xsd:nonNegativeInteger }'
    assert cli(capsys, "query", seed_folder, ask, "--store", store) == "true\n"
    out = cli(capsys, "query", seed_folder, "SELECT ?s WHERE { ?a oa:start ?s } LIMIT 1", "--store", store,
              "--format", "json")
    assert json.loads(out)["results"]["bindings"][0]["s"]["datatype"] == str(XSD.nonNegativeInteger)
