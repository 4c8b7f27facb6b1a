"""Network analysis (prospectus_kg.graph.analysis) and the `analyze` and `path` commands.

On the seed: the affiliate chain Nevada Bond, LLC - UT Leasing Services, Inc. - United Technologies
Corporation with the quote of each hop; components, centrality, name resolution and its errors. On a
small hand-made graph: control chains through every control predicate, and affiliations stated both
ways. On the multi-document corpus graph (skipped without the shared corpus): the same chain across
documents, control chains, components.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from prospectus_kg.errors import QueryError
from prospectus_kg.graph import analysis as A
from prospectus_kg.exports.layout import force_layout

ROOT = Path(__file__).resolve().parents[1]
NEVADA = "Nevada Bond, LLC"
SELLER = "UT Leasing Services, Inc."
UTC = "United Technologies Corporation"
ISSUER = "Capstone Turbine Corporation"
P = A.PROSP
K = A.ID


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prospectus_kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def seed(seed_folder):
    return A.load(seed_folder)


def labels(G, nodes):
    return [G.nodes[n]["label"] for n in nodes]


# ------------------------------------------------------------------------------------------------------
# The entity graph

def test_entities_exclude_provenance(seed, seed_graph):
    # every IRI typed with a prosp: class other than Assertion/Run/ReasonerRun/Inferred, counted by SPARQL
    (count,) = next(iter(seed_graph.query("""PREFIX prosp: <https://w3id.org/prospectus-kg/ontology#>
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . FILTER(isIRI(?s)) FILTER(STRSTARTS(STR(?c), STR(prosp:)))
        FILTER NOT EXISTS { ?s a ?x . FILTER(?x IN (prosp:Assertion, prosp:Run, prosp:ReasonerRun, prosp:Inferred)) } }""")))
    assert seed.number_of_nodes() == int(count) == 32
    assert not any("/assertion/" in n or "/run/" in n for n in seed)
    nevada = A.find_entity(seed, NEVADA)
    data = seed.nodes[nevada]
    assert data["kind"] == "Organization" and data["name"] == NEVADA and "Party" in data["classes"]
    assert (A.NAME, A.Lit(NEVADA)) in data["values"]
    capstone = A.find_entity(seed, ISSUER)
    assert seed.nodes[capstone]["kind"] == "Issuer"
    assert {"Capstone", "we", "us"} <= set(seed.nodes[capstone]["aliases"])


def test_rdflib_and_pyoxigraph_readers_agree(seed_folder, seed_graph, seed):
    G = A.entity_graph(A.triples_from_rdflib(seed_graph))
    assert sorted(G.nodes) == sorted(seed.nodes)
    assert sorted(G.edges) == sorted(seed.edges)
    for u, v in G.edges:
        assert G.edges[u, v]["relations"] == seed.edges[u, v]["relations"]
    for n in G:
        assert G.nodes[n]["values"] == seed.nodes[n]["values"], n


def test_relations_carry_provenance(seed):
    nevada, seller = A.find_entity(seed, NEVADA), A.find_entity(seed, SELLER)
    (prov,) = seed.edges[nevada, seller]["relations"][A.AFFILIATE_OF]
    assert prov.quote == "Nevada Bond, LLC, an affiliate of the selling stockholder"
    assert prov.source == K + "doc/capstone-turbine-424b3-2003-01-13"
    assert (prov.start, prov.end, prov.section) == (4010, 4067, "selling_stockholders")


# ------------------------------------------------------------------------------------------------------
# Names

@pytest.mark.parametrize("text", ["Nevada Bond", "nevada bond, llc", "  NEVADA   BOND ", "kg:org/nevada-bond-llc",
                                  f"<{K}org/nevada-bond-llc>", f"{K}org/nevada-bond-llc"])
def test_find_entity(seed, text):
    assert A.find_entity(seed, text) == K + "org/nevada-bond-llc"


def test_find_entity_aliases_and_errors(seed):
    assert A.find_entity(seed, "we") == K + "org/capstone-turbine-corp"
    assert A.find_entity(seed, "UT Leasing") == K + "org/ut-leasing-services-inc"
    with pytest.raises(QueryError, match="no entity named 'Acme'"):
        A.find_entity(seed, "Acme")
    with pytest.raises(QueryError, match="ambiguous"):
        A.find_entity(seed, "Form 10-Q")
    with pytest.raises(QueryError, match="no entity named"):
        A.find_entity(seed, "kg:org/nobody")


# ------------------------------------------------------------------------------------------------------
# Structure on the seed

def test_seed_affiliate_chain_with_quotes(seed):
    (chain,) = A.affiliate_chains(seed)
    assert labels(seed, chain.nodes) == [NEVADA, SELLER, UTC]
    assert [h.forward for h in chain.hops] == [True, False]  # UTC is stated as the affiliate of UT Leasing
    quotes = [h.provenance[0].quote for h in chain.hops]
    assert quotes == ["Nevada Bond, LLC, an affiliate of the selling stockholder",
                      "an affiliate of UT Leasing Services, Inc., United Technologies Corporation"]


def test_seed_components_and_centrality(seed):
    comps = A.components(seed)
    assert [len(c) for c in comps] == [5, 1]
    assert labels(seed, comps[0]) == [ISSUER, "Deloitte & Touche LLP", NEVADA, UTC, SELLER]
    rows, sampled = A.centrality(seed, top=3)
    assert not sampled
    assert labels(seed, [r.node for r in rows]) == [ISSUER, SELLER, UTC]
    assert rows[0].degree == 11 and rows[0].betweenness > rows[1].betweenness > 0
    assert A.control_chains(seed) == ([], False)


def test_seed_shortest_chain(seed):
    a, b = A.find_entity(seed, "Nevada Bond"), A.find_entity(seed, "United Technologies")
    hops = A.shortest_chain(seed, a, b)
    assert [(labels(seed, [h.source])[0], A.local_name(h.predicate), labels(seed, [h.target])[0]) for h in hops] == [
        (NEVADA, "affiliateOf", SELLER), (SELLER, "affiliateOf", UTC)]
    assert hops[0].provenance[0].quote.startswith("Nevada Bond, LLC, an affiliate")
    # directed: affiliateOf still either way; the issuer reaches nobody against the arrows
    assert len(A.shortest_chain(seed, a, b, directed=True)) == 2
    capstone, offering = A.find_entity(seed, ISSUER), A.find_entity(seed, "Offering described by prospectus")
    assert len(A.shortest_chain(seed, offering, capstone, directed=True)) == 1
    with pytest.raises(QueryError, match="no directed chain"):
        A.shortest_chain(seed, capstone, offering, directed=True)
    assert A.shortest_chain(seed, a, a) == []


def test_analyze_report_is_json(seed):
    report = A.analyze(seed)
    text = json.dumps(report, sort_keys=True)
    assert json.loads(text) == report
    (chain,) = report["affiliate_chains"]
    assert [n["label"] for n in chain["nodes"]] == [NEVADA, SELLER, UTC]
    assert chain["hops"][0]["provenance"][0]["text_file"] == "documents/capstone-turbine-424b3-2003-01-13.txt"
    assert report["entities"] == 32 and report["parties"] == 6


# ------------------------------------------------------------------------------------------------------
# Hand-made graphs: control chains, both-way affiliation

def small_graph(triples):
    """An entity graph from (s, p, o) local names: every subject and object is a prosp:Organization."""
    out = []
    for s, p, o in triples:
        out += [(K + s, A.RDF_TYPE, P + "Organization"), (K + o, A.RDF_TYPE, P + "Organization"),
                (K + s, A.NAME, A.Lit(s.title())), (K + o, A.NAME, A.Lit(o.title())), (K + s, P + p, K + o)]
    return A.entity_graph(out)


def test_control_chains_follow_every_control_predicate():
    G = small_graph([("a", "controls", "b"), ("c", "subsidiaryOf", "b"), ("c", "parentOf", "d"),
                     ("e", "controlledBy", "d"), ("x", "generalPartnerOf", "y"), ("y", "investmentManagerOf", "z"),
                     ("b", "affiliateOf", "q")])
    chains, truncated = A.control_chains(G)
    assert not truncated
    assert [labels(G, c.nodes) for c in chains] == [["A", "B", "C", "D", "E"], ["X", "Y", "Z"]]
    hops = chains[0].hops
    assert [(A.local_name(h.predicate), h.forward) for h in hops] == [
        ("controls", True), ("subsidiaryOf", False), ("parentOf", True), ("controlledBy", False)]


def test_control_cycle_and_limit():
    G = small_graph([("a", "controls", "b"), ("b", "controls", "a")])
    chains, _ = A.control_chains(G)
    assert [labels(G, c.nodes) for c in chains] == [["A", "B"]]
    G = small_graph([("hub", "controls", f"s{i}") for i in range(5)])
    chains, truncated = A.control_chains(G, limit=3)
    assert len(chains) == 3 and truncated


def test_affiliation_stated_both_ways_is_one_link():
    G = small_graph([("a", "affiliateOf", "b"), ("b", "affiliateOf", "a"), ("b", "affiliateOf", "c"),
                     ("d", "affiliateOf", "b")])
    (chain,) = A.affiliate_chains(G)
    assert len(chain.nodes) == 3 and labels(G, chain.members) == ["A", "B", "C", "D"]
    from prospectus_kg.exports.html import page_data

    data = page_data(G)
    undirected = [e for e in data["edges"] if e["undirected"]]
    assert len(undirected) == 3
    both = [e for e in undirected if len(e["rels"]) == 2]
    assert len(both) == 1 and {(r["s"], r["o"]) for r in both[0]["rels"]} == {(0, 1), (1, 0)}


def test_force_layout_is_deterministic_and_spread():
    import random

    rng = random.Random(3)
    nodes = [f"n{i}" for i in range(400)]
    edges = [(f"n{i}", f"n{rng.randrange(i)}") for i in range(1, 400)] + [("x", "y")]
    pos = force_layout(nodes + ["x", "y", "lonely"], edges)
    assert pos == force_layout(reversed(nodes + ["x", "y", "lonely"]), list(reversed(edges)))
    assert len(pos) == 403 and len(set(pos.values())) == 403
    assert all(isinstance(c, int) for p in pos.values() for c in p)


# ------------------------------------------------------------------------------------------------------
# Commands

def test_analyze_command(seed_folder):
    result = cli("analyze", str(seed_folder))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Party graph components: 2" in out
    assert f"{NEVADA} -affiliate of-> {SELLER} <-affiliate of- {UTC}" in out
    assert "Most central parties" in out and ISSUER in out
    result = cli("analyze", str(seed_folder), "--format", "json")
    report = json.loads(result.stdout)
    assert [n["label"] for n in report["affiliate_chains"][0]["nodes"]] == [NEVADA, SELLER, UTC]


def test_path_command(seed_folder):
    result = cli("path", str(seed_folder), "Nevada Bond", "United Technologies")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == NEVADA
    assert lines[1].strip() == f"--affiliate of--> {SELLER}"
    assert lines[2].strip() == '"Nevada Bond, LLC, an affiliate of the selling stockholder"'
    assert "characters 4010-4067" in lines[3]
    assert lines[4].strip() == f"<--affiliate of-- {UTC}"
    assert "an affiliate of UT Leasing Services, Inc., United Technologies Corporation" in lines[5]
    assert lines[-1] == "2 hop(s)"
    result = cli("path", str(seed_folder), "kg:org/nevada-bond-llc", UTC, "--format", "json")
    data = json.loads(result.stdout)
    assert data["length"] == 2 and data["hops"][1]["provenance"][0]["start"] == 4471


@pytest.mark.parametrize("a, b, message", [
    ("Acme", "Nevada Bond", "no entity named 'Acme'"),
    ("Form 10-Q", "Nevada Bond", "ambiguous"),
])
def test_path_errors_are_one_line(seed_folder, a, b, message):
    result = cli("path", str(seed_folder), a, b)
    assert result.returncode == 5
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("prospectus-kg path: error:") and message in line


def test_commands_on_a_missing_folder(tmp_path):
    for verb in (["analyze"], ["path", "a", "b"]):
        result = cli(verb[0], str(tmp_path / "nothing"), *verb[1:])
        assert result.returncode == 3 and "does not exist" in result.stderr


# ------------------------------------------------------------------------------------------------------
# The multi-document corpus graph

@pytest.fixture(scope="module")
def corpus(corpus_folder):
    return A.load(corpus_folder)


def test_corpus_affiliate_chain_and_path(corpus, corpus_folder):
    chains = A.affiliate_chains(corpus)
    assert [NEVADA, SELLER, UTC] in [labels(corpus, c.nodes) for c in chains]
    a, b = A.find_entity(corpus, "Nevada Bond"), A.find_entity(corpus, UTC)
    hops = A.shortest_chain(corpus, a, b)
    assert [A.local_name(h.predicate) for h in hops] == ["affiliateOf", "affiliateOf"]
    assert all(h.provenance and h.provenance[0].quote for h in hops)
    result = cli("path", str(corpus_folder), "Nevada Bond", UTC)
    assert result.returncode == 0 and "Nevada Bond, LLC, an affiliate of the selling stockholder" in result.stdout


def test_corpus_analysis(corpus, corpus_folder):
    report = A.analyze(corpus)
    prospectuses = [n for n, d in corpus.nodes(data=True) if "Prospectus" in d["classes"]]
    assert len(prospectuses) >= 2
    assert report["entities"] == corpus.number_of_nodes() > 100
    assert len(report["components"]) > 1
    assert sum(c["size"] for c in report["components"]) == report["parties"]
    # (exact up to BETWEENNESS_EXACT_MAX entities; the corpus, with its long selling tables read, is past it)
    assert report["central_parties"] and report["betweenness"] in ("exact", "sampled")
    for chain in report["control_chains"]:
        assert chain["length"] >= 1
        for hop in chain["hops"]:
            assert hop["provenance"] and hop["provenance"][0]["quote"]
    result = cli("analyze", str(corpus_folder), "--format", "json", "--top", "5")
    assert result.returncode == 0 and len(json.loads(result.stdout)["central_parties"]) == 5


def test_chains_and_centrality_skip_vocabulary_values():
    """Two offerings that share only a distribution method are not linked through it."""
    triples = []
    for deal in ("one", "two"):
        off, seller = K + f"offering/{deal}", K + f"org/seller-{deal}"
        triples += [(off, A.RDF_TYPE, P + "Offering"), (seller, A.RDF_TYPE, P + "Organization"),
                    (seller, A.NAME, A.Lit(f"Seller {deal}")), (off, P + "sellingStockholder", seller),
                    (off, P + "distributionMethod", K + "distribution-method/block-trade")]
    triples += [(K + "distribution-method/block-trade", A.RDF_TYPE, P + "DistributionMethod"),
                (K + "distribution-method/block-trade", A.RDFS_LABEL, A.Lit("Block trade"))]
    G = A.entity_graph(triples)
    one, two = A.find_entity(G, "Seller one"), A.find_entity(G, "Seller two")
    with pytest.raises(QueryError, match="no chain"):
        A.shortest_chain(G, one, two)
    assert len(A.shortest_chain(G, one, A.find_entity(G, "Block trade"))) == 2  # an endpoint may be one
    rows, _ = A.centrality(G)
    assert all(r.betweenness == 0 for r in rows)


def test_force_layout_hubs_become_satellites():
    """A hub linked to many small deals sits among them; each deal is laid out compactly on its own."""
    import math

    nodes, edges = ["hub"], []
    for d in range(40):
        members = [f"d{d}-{i}" for i in range(4)]
        nodes += members
        edges += [(members[0], m) for m in members[1:]] + [("hub", members[0]), ("hub", members[1])]
    pos = force_layout(nodes, edges)
    deal_edges = [(u, v) for u, v in edges if u != "hub"]
    longest = max(math.dist(pos[u], pos[v]) for u, v in deal_edges)
    assert longest < 5 * 120  # compact deals, not one knot around the hub
    xs = [p[0] for p in pos.values()]
    assert min(xs) < pos["hub"][0] < max(xs)
