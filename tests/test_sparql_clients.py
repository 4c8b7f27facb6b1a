"""The endpoint as the clients of this field use it, over a real socket: SPARQLWrapper (every result
format it asks for, by GET and POST) and rdflib's SPARQLStore (its defaults), for SELECT, ASK,
CONSTRUCT and DESCRIBE, compared with the same query run on the graph folder directly."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

pytestmark = pytest.mark.integration

SW = pytest.importorskip("SPARQLWrapper")
P = "https://w3id.org/prospectus-kg/ontology#"
SELECT = f"SELECT ?s ?name WHERE {{ ?s <{P}name> ?name }} ORDER BY ?s ?name"
ASK = f"ASK {{ ?s <{P}affiliateOf> ?o }}"
CONSTRUCT = f"CONSTRUCT {{ ?s <{P}affiliateOf> ?o }} WHERE {{ ?s <{P}affiliateOf> ?o }}"


@pytest.fixture(scope="module")
def endpoint(seed_folder):
    from prospectus_kg.graph.query.server import running_server
    with running_server(seed_folder, workers=2) as (url, _pool):
        yield url + "/sparql"


@pytest.fixture(scope="module")
def local(seed_folder):
    from prospectus_kg.graph.query.store import open_store
    return open_store(seed_folder, "auto")   # the store the endpoint chooses (DESCRIBE is the engine's to define)


def wrapper(endpoint: str, query: str, fmt: str, method: str):
    client = SW.SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_in_every_results_format(endpoint, local, method):
    expected = [(str(r[0]), str(r[1])) for r in local.query(SELECT).rows]
    assert expected
    answer = wrapper(endpoint, SELECT, SW.JSON, method).convert()
    assert [(b["s"]["value"], b["name"]["value"]) for b in answer["results"]["bindings"]] == expected
    xml = wrapper(endpoint, SELECT, SW.XML, method).convert()
    assert len(xml.getElementsByTagName("result")) == len(expected)
    for fmt, sep in ((SW.CSV, ","), (SW.TSV, "\t")):
        text = wrapper(endpoint, SELECT, fmt, method).convert().decode("utf-8")
        assert len(text.strip().splitlines()) == len(expected) + 1 and sep in text.splitlines()[0], fmt


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_ask_in_json_and_xml(endpoint, method):
    assert wrapper(endpoint, ASK, SW.JSON, method).convert()["boolean"] is True
    xml = wrapper(endpoint, ASK, SW.XML, method).convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", ["TURTLE", "N3", "RDFXML", "JSONLD", "XML"])
@pytest.mark.parametrize("query_kind", ["CONSTRUCT", "DESCRIBE"])
def test_graphs_in_every_format(endpoint, local, fmt, query_kind):
    query = CONSTRUCT if query_kind == "CONSTRUCT" else f"DESCRIBE <{_first_affiliate(local)}>"
    expected = {tuple(map(str, t)) for t in local.query(query).triples}
    assert expected
    result = wrapper(endpoint, query, getattr(SW, fmt), "GET")
    converted = result.convert()
    if isinstance(converted, Graph):
        graph = converted
    else:   # SPARQLWrapper hands Turtle, N3 and JSON-LD back as bytes
        graph = Graph().parse(data=converted, format="json-ld" if fmt == "JSONLD" else "turtle")
    assert {tuple(map(str, t)) for t in graph} == expected


def test_rdflib_sparqlstore_with_its_defaults(endpoint, local):
    store = SPARQLStore(endpoint)
    graph = Graph(store=store)
    rows = [(str(r[0]), str(r[1])) for r in graph.query(SELECT)]
    assert rows == [(str(r[0]), str(r[1])) for r in local.query(SELECT).rows]
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert {tuple(map(str, t)) for t in constructed} == {tuple(map(str, t)) for t in local.query(CONSTRUCT).triples}
    assert (URIRef(_first_affiliate(local)), None, None) in Graph(store=store)


def test_format_by_full_media_type(endpoint):
    import urllib.parse
    import urllib.request
    for media, check in (("application/sparql-results+json", lambda body: json.loads(body)["boolean"]),
                         ("text/tab-separated-values", None)):
        url = endpoint + "?" + urllib.parse.urlencode({"query": ASK if check else SELECT, "format": media})
        with urllib.request.urlopen(url, timeout=30) as answer:
            body = answer.read().decode("utf-8")
            assert answer.headers["Content-Type"].startswith(media)
        if check:
            assert check(body) is True


def _first_affiliate(local) -> str:
    return str(local.query(f"SELECT ?s WHERE {{ ?s <{P}affiliateOf> ?o }} ORDER BY ?s LIMIT 1").rows[0][0])
