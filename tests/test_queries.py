"""Named SPARQL queries (graph/query/queries/*.rq): header registry, parameter binding, golden results on the
seed in both stores, identical answers of the two stores on the corpus, and the result writers.

Golden results are W3C SPARQL 1.1 Query Results JSON files under ``tests/golden/queries/`` (one per
case in ``cases.json``), compared as sets of solutions (order-insensitive). They were checked against
the seed prospectus text (``examples/capstone-turbine-424b3-2003-01-13.txt``), and the facts that
matter most are asserted again below in plain Python. To rewrite them after a deliberate change, run
``.venv/bin/python tests/test_queries.py --generate-snapshots`` and review the diff.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "queries"
CASES = json.loads((GOLDEN / "cases.json").read_text(encoding="utf-8"))
REQUIRED = ("selling-stockholders", "affiliates", "incorporated-documents", "counsel-and-auditors", "alliances",
            "private-placements", "lockups", "evidence", "issuers", "shared-parties", "underwriters",
            "distribution-methods")
KG = "https://w3id.org/prospectus-kg/id/"
PROSP = "https://w3id.org/prospectus-kg/ontology#"


# --- helpers -------------------------------------------------------------------------------------

def _json_term_key(term: dict | None):
    if term is None:
        return None
    return (term["type"], term["value"], term.get("xml:lang"), term.get("datatype"))


def solutions_from_json(doc: dict) -> tuple[list[str], set]:
    """(vars, set of solutions) from a SPARQL results JSON document; blank node labels ignored."""
    names = doc["head"]["vars"]
    rows = set()
    for binding in doc["results"]["bindings"]:
        key = []
        for v in names:
            term = binding.get(v)
            if term is not None and term["type"] == "bnode":
                term = {"type": "bnode", "value": "_"}
            key.append((v, _json_term_key(term)))
        rows.add(tuple(key))
    return names, rows


def run_case(store, case: dict):
    from prospectus_kg.graph.query.named import get_named_query

    query = get_named_query(case["query"])
    return store.query(query.text, query.bind(case["params"]))


def as_dicts(result) -> list[dict[str, str]]:
    """Solutions as {var: lexical value}, unbound left out (for plain-Python truth checks)."""
    return [{v: str(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]


@pytest.fixture(scope="module")
def stores(seed_folder):
    from prospectus_kg.graph.query.store import open_store

    return {kind: open_store(seed_folder, kind) for kind in ("memory", "oxigraph")}


# --- the registry --------------------------------------------------------------------------------

def test_every_required_query_exists_with_a_header():
    from prospectus_kg.graph.query.named import QUERIES_DIR, load_named_queries

    queries = load_named_queries()
    assert set(REQUIRED) <= set(queries)
    for name, q in queries.items():
        assert q.path == (QUERIES_DIR / f"{name}.rq").resolve() and q.path.is_absolute()
        assert q.description and q.summary and len(q.summary) <= len(q.description)
        assert "\n" not in q.description
    assert [p.name for p in queries["affiliates"].params] == ["org"]
    assert [p.name for p in queries["evidence"].params] == ["entity"]
    # a name is bound to its lookup key, matched exactly against prosp:lookupKey (an index look-up)
    assert all(p.required and p.type == "name" for q in queries.values() for p in q.params)
    assert dict(queries["affiliates"].examples[0]) == {"org": "Nevada Bond, LLC"}


def test_named_queries_are_standard_sparql_without_predefined_prefixes(stores):
    """Every file declares its prefixes and parses in both engines with none predefined."""
    from prospectus_kg.graph.query.named import load_named_queries

    for q in load_named_queries().values():
        bindings = q.bind({p.name: "x" for p in q.params})
        for store in stores.values():
            store.query(q.text, bindings, predefined_prefixes=False)


def test_header_format(tmp_path):
    from prospectus_kg.graph.query.named import load_named_queries, parse_header

    text = """# name: demo
# description: First sentence, e.g. with an abbreviation. Second
#   sentence continues here.
# param: who - a name (required)
# param: since:date - the first day (optional)
# param: n:integer - how many
# example: who=Nevada Bond, LLC | since=2002-01-01
#
# a free comment after the header
# description: not part of the header
SELECT ?who ?since ?n WHERE { BIND(1 AS ?x) }
"""
    fields, params, examples = parse_header(text)
    assert fields == {"name": "demo", "description": "First sentence, e.g. with an abbreviation. Second "
                                                     "sentence continues here."}
    assert [(p.name, p.type, p.required, p.description) for p in params] == [
        ("who", "string", True, "a name"), ("since", "date", False, "the first day"), ("n", "integer", True, "how many")]
    assert examples == [{"who": "Nevada Bond, LLC", "since": "2002-01-01"}]
    (tmp_path / "demo.rq").write_text(text, encoding="utf-8")
    q = load_named_queries(tmp_path)["demo"]
    assert q.summary == "First sentence, e.g. with an abbreviation."


@pytest.mark.parametrize("text, message", [
    ("# name: other\n# description: d\nASK {}", "must be the file name"),
    ("# name: bad\nASK {}", "no '# description:'"),
    ("# name: bad\n# description: d\n# param: x:color - y\nSELECT ?x {}", "unknown type 'color'"),
    ("# name: bad\n# description: d\n# param: what is this\nSELECT * {}", "cannot read '# param"),
    ("# name: bad\n# description: d\n# param: who - a name\nSELECT ?other WHERE { }", "must be projected"),
    ("# name: bad\n# description: d\n# example: who\nASK {}", "cannot read '# example"),
])
def test_header_errors(tmp_path, text, message):
    from prospectus_kg.errors import QueryError
    from prospectus_kg.graph.query.named import load_named_queries

    (tmp_path / "bad.rq").write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=message):
        load_named_queries(tmp_path)


def test_unknown_name_lists_the_available_ones():
    from prospectus_kg.errors import QueryError
    from prospectus_kg.graph.query.named import get_named_query

    with pytest.raises(QueryError) as info:
        get_named_query("selling-stockholder")
    assert "unknown query name 'selling-stockholder'" in str(info.value)
    for name in REQUIRED:
        assert name in str(info.value)


def test_parameters_bind_typed_terms_and_name_missing_or_unknown_ones():
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from prospectus_kg.errors import QueryError
    from prospectus_kg.graph.query.named import Param, adhoc_bindings, get_named_query, parse_param_args

    affiliates = get_named_query("affiliates")
    assert affiliates.bind({"org": "Nevada  Bond, LLC "}) == {"org": Literal("nevada bond, llc")}
    assert Param("n", "name").to_term("Stra\u00dfe \uff21G") == Literal("strasse ag")  # NFKC, case folding
    assert Param("s").to_term("Nevada Bond, LLC") == Literal("Nevada Bond, LLC")
    assert Param("n", "name").to_term(" <https://w3id.org/prospectus-kg/id/org/x> ") == Literal(
        "https://w3id.org/prospectus-kg/id/org/x")
    with pytest.raises(QueryError, match="needs parameter 'org'"):
        affiliates.bind({})
    with pytest.raises(QueryError, match="has no parameter 'company'"):
        affiliates.bind({"org": "x", "company": "y"})
    assert Param("n", "integer").to_term("3,994,817") == Literal(3994817, datatype=XSD.integer)
    assert Param("d", "date").to_term("2003-07-28") == Literal("2003-07-28", datatype=XSD.date)
    assert Param("i", "iri").to_term("<https://example.org/x>") == URIRef("https://example.org/x")
    assert Param("b", "boolean").to_term("yes") == Literal(True)
    for kind, bad in (("integer", "many"), ("date", "July 28"), ("iri", "not an iri"), ("decimal", "1.2.3")):
        with pytest.raises(QueryError, match=f"must be an? {kind}"):
            Param("p", kind).to_term(bad)
    assert parse_param_args(["org=A=B", "?x= spaced "]) == {"org": "A=B", "x": " spaced "}
    assert adhoc_bindings({"a": "<https://example.org/a>", "b": "text"}) == {
        "a": URIRef("https://example.org/a"), "b": Literal("text")}


# --- golden results on the seed, in both stores --------------------------------------------------

@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_golden_results_on_the_seed(stores, case, kind):
    from prospectus_kg.graph.query.results import to_json

    golden = json.loads((GOLDEN / f"{case['case']}.srj").read_text(encoding="utf-8"))
    result = run_case(stores[kind], case)
    got_vars, got = solutions_from_json(json.loads(to_json(result)))
    want_vars, want = solutions_from_json(golden)
    assert got_vars == want_vars
    assert got == want, f"{case['case']} ({kind}): missing {want - got}, unexpected {got - want}"


def test_every_named_query_has_a_golden_case():
    assert {c["query"] for c in CASES} == set(REQUIRED)
    for case in CASES:
        assert (GOLDEN / f"{case['case']}.srj").is_file(), case["case"]


# The facts below are read from the seed prospectus text, independently of the golden files.

def test_truth_selling_stockholder(stores):
    (row,) = as_dicts(run_case(stores["oxigraph"], {"query": "selling-stockholders", "params": {}}))
    # "the aggregate number of shares ... that UT Leasing Services, Inc. may offer and sell is 3,994,817"
    # "The selling stockholder did not hold any shares of our common stock prior to the private placement."
    # "we cannot estimate the number of shares ... upon completion of this offering": nothing owned after.
    assert row["sellerName"] == "UT Leasing Services, Inc."
    assert row["issuerName"] == "Capstone Turbine Corporation"
    assert row["sharesOffered"] == "3994817"
    assert row["sharesOwnedBeforePlacement"] == "0"
    assert "sharesOwnedAfter" not in row and "percentOwnedAfter" not in row


def test_truth_affiliate_path_from_nevada_bond(stores):
    for store in stores.values():
        rows = as_dicts(run_case(store, {"query": "affiliates", "params": {"org": "Nevada Bond, LLC"}}))
        by_name = {r["partyName"]: r for r in rows}
        assert set(by_name) == {"UT Leasing Services, Inc.", "United Technologies Corporation"}
        assert by_name["UT Leasing Services, Inc."]["length"] == "1"
        assert by_name["United Technologies Corporation"]["length"] == "2"
        assert by_name["United Technologies Corporation"]["path"] == (
            "Nevada Bond, LLC -affiliateOf-> UT Leasing Services, Inc. <-affiliateOf- United Technologies Corporation")
        assert by_name["UT Leasing Services, Inc."]["party"] == KG + "org/ut-leasing-services-inc"


def test_truth_other_facts(stores):
    store = stores["memory"]

    def rows(name, **params):
        return as_dicts(run_case(store, {"query": name, "params": params}))

    (placement,) = rows("private-placements")
    assert (placement["purchaserName"], placement["date"], placement["exemption"]) == (
        "Nevada Bond, LLC", "2002-10-28", "Rule 506")  # "purchased ... on October 28, 2002 ... under Rule 506"
    assert (placement["transferorName"], placement["transfereeName"], placement["transferDate"]) == (
        "Nevada Bond, LLC", "UT Leasing Services, Inc.", "2002-11")  # "assigned ... in November 2002"
    (lockup,) = rows("lockups")
    assert (lockup["restrictedPartyName"], lockup["endDate"]) == ("UT Leasing Services, Inc.", "2003-07-28")
    alliances = rows("alliances")
    assert {r["territory"] for r in alliances} == {"North America", "most of Europe"}
    assert {(r["issuerName"], r["partnerName"]) for r in alliances} == {
        ("Capstone Turbine Corporation", "United Technologies Corporation")}
    incorporated = {(r["formType"], r.get("periodEnd"), r.get("date")) for r in rows("incorporated-documents")}
    assert incorporated == {("10-K", "2001-12-31", None), ("10-Q", "2002-03-31", None), ("10-Q", "2002-06-30", None),
                            ("10-Q", "2002-09-30", None), ("DEF 14A", None, None), ("8-K", None, "2002-08-14")}
    experts = {(r["role"], r["firmName"]) for r in rows("counsel-and-auditors")}
    assert experts == {(PROSP + "issuerCounsel", "Wilson Sonsini Goodrich & Rosati, Professional Corporation"),
                       (PROSP + "auditorOf", "Deloitte & Touche LLP")}
    (issuer,) = rows("issuers")
    assert (issuer["name"], issuer["ticker"], issuer["exchange"], issuer["address"]) == (
        "Capstone Turbine Corporation", "CPST", "Nasdaq National Market",
        "21211 Nordhoff Street, Chatsworth, California 91311")
    assert rows("underwriters") == []  # none is named; the seller "may be deemed" one, which is no naming
    assert rows("shared-parties") == []  # one prospectus
    assert len(rows("distribution-methods")) == 10  # items (a) to (j) of the plan of distribution


def test_truth_evidence_quotes_are_the_text_at_their_spans(stores, seed_folder):
    text = (seed_folder / "documents" / "capstone-turbine-424b3-2003-01-13.txt").read_text(encoding="utf-8")
    rows = as_dicts(run_case(stores["oxigraph"], {"query": "evidence", "params": {"entity": "nevada bond, llc"}}))
    assert {r["predicate"].rsplit("#", 1)[1] for r in rows} >= {"name", "affiliateOf", "purchaser", "transferor"}
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == r["quote"]
    (affiliation,) = [r for r in rows if r["predicate"] == PROSP + "affiliateOf"]
    assert affiliation["quote"] == "Nevada Bond, LLC, an affiliate of the selling stockholder"


def test_name_parameters_match_name_or_alias_in_any_case(stores):
    for store in stores.values():
        by_alias = as_dicts(run_case(store, {"query": "evidence", "params": {"entity": "Capstone"}}))
        by_name = as_dicts(run_case(store, {"query": "evidence", "params": {"entity": "CAPSTONE turbine corporation"}}))
        strip = [{k: v for k, v in r.items() if k != "entity"} for r in by_alias]
        assert strip and strip == [{k: v for k, v in r.items() if k != "entity"} for r in by_name]


def test_a_parameter_is_a_value_never_query_text(stores):
    """A value that would break out of a pasted string is only ever compared as a value."""
    hostile = 'x") } UNION { ?start ?p ?o } # " } '
    for store in stores.values():
        result = run_case(store, {"query": "affiliates", "params": {"org": hostile}})
        assert result.rows == []
        result = run_case(store, {"query": "evidence", "params": {"entity": hostile}})
        assert result.rows == []


def test_shared_parties_across_two_prospectuses(tmp_path, seed_path):
    """The same prospectus filed under two names: every party of the seed is in both."""
    from prospectus_kg.graph.build.pipeline import build
    from prospectus_kg.graph.query.store import open_store

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / "capstone-a.txt")
    # a second filing, not a byte-identical copy (the build reads identical content once)
    (inputs / "capstone-b.txt").write_bytes(seed_path.read_bytes() + b"\n")
    build([inputs], tmp_path / "graph", jobs=1)
    results = [as_dicts(run_case(open_store(tmp_path / "graph", kind), {"query": "shared-parties", "params": {}}))
               for kind in ("memory", "oxigraph")]
    assert results[0] == results[1]
    assert {r["name"]: r["prospectuses"] for r in results[0]} == {
        "Capstone Turbine Corporation": "2", "Deloitte & Touche LLP": "2", "Nevada Bond, LLC": "2",
        "United Technologies Corporation": "2", "UT Leasing Services, Inc.": "2",
        "Wilson Sonsini Goodrich & Rosati, Professional Corporation": "2"}


# --- same answers from both stores ---------------------------------------------------------------

def _corpus_params(store) -> list[dict]:
    """Parameter sets worth trying on a graph: every linked party, and entities of every kind."""
    linked = store.query("""SELECT DISTINCT ?name WHERE {
        VALUES ?p { prosp:affiliateOf prosp:controls prosp:subsidiaryOf prosp:generalPartnerOf prosp:investmentManagerOf }
        { ?x ?p ?y } UNION { ?y ?p ?x } ?x prosp:name ?name } ORDER BY ?name""")
    names = [str(r[0]) for r in linked.rows]
    entities = store.query("""SELECT ?e (MIN(?n) AS ?name) WHERE { ?e prosp:name ?n } GROUP BY ?e ORDER BY ?e LIMIT 25""")
    return ([{"query": "affiliates", "params": {"org": n}} for n in names]
            + [{"query": "evidence", "params": {"entity": str(r[1])}} for r in entities.rows]
            + [{"query": "evidence", "params": {"entity": str(r[0])}} for r in entities.rows[:5]])


def _bag(result) -> Counter:
    """Solutions as a multiset (duplicates count; blank node labels ignored)."""
    from rdflib import BNode

    return Counter(tuple("_:b" if isinstance(t, BNode) else t for t in row) for row in result.rows)


def _assert_same_answers(folder):
    from prospectus_kg.graph.query.named import load_named_queries
    from prospectus_kg.graph.query.store import open_store

    memory, oxigraph = open_store(folder, "memory"), open_store(folder, "oxigraph")
    assert memory.triple_count == oxigraph.triple_count
    cases = [{"query": q.name, "params": {}} for q in load_named_queries().values() if not q.params]
    cases += _corpus_params(oxigraph)
    nonempty = 0
    for case in cases:
        a, b = run_case(memory, case), run_case(oxigraph, case)
        assert a.vars == b.vars, case
        assert _bag(a) == _bag(b), case
        nonempty += bool(a.rows)
    return nonempty


def test_both_stores_give_the_same_answers_on_the_seed(seed_folder):
    assert _assert_same_answers(seed_folder) >= 10


def test_both_stores_give_the_same_answers_on_the_corpus(corpus_folder):
    assert _assert_same_answers(corpus_folder) >= 10


def test_both_stores_answer_the_literals_of_the_file(seed_folder):
    """Oxigraph folds derived integer types into xsd:integer; both stores still answer graph.ttl's
    ``xsd:nonNegativeInteger`` (tests/test_datatypes.py covers every datatype and format)."""
    from rdflib.namespace import XSD

    from prospectus_kg.graph.query.store import open_store

    select = "SELECT ?n WHERE { ?p prosp:sharesOffered ?n }"
    ask = 'ASK { ?p prosp:sharesOffered "3994817"^^xsd:nonNegativeInteger }'
    for kind in ("memory", "oxigraph"):
        store = open_store(seed_folder, kind)
        values = {(str(n), n.datatype) for (n,) in store.query(select).rows}
        assert ("3994817", XSD.nonNegativeInteger) in values
        assert {datatype for _n, datatype in values} == {XSD.nonNegativeInteger}
        assert store.query(ask).boolean is True



def test_oxigraph_result_literals_behave_as_rdflib_literals(seed_folder):
    """Oxigraph results hold literals cast to Python values only on first use; every literal of every
    named query's answer is equal to, hashes as, casts and pickles as the rdflib Literal of its text."""
    import pickle

    from rdflib.term import Literal

    from prospectus_kg.graph.query.named import load_named_queries
    from prospectus_kg.graph.query.store import open_store

    store = open_store(seed_folder, "oxigraph")
    literals = {t for q in load_named_queries().values()
                for row in store.query(q.text, q.bind({p.name: "Nevada Bond, LLC" for p in q.params})).rows
                for t in row if isinstance(t, Literal)}
    assert {str(t.datatype) for t in literals} >= {"None", "http://www.w3.org/2001/XMLSchema#integer"}
    for term in literals:
        same = Literal(str(term), lang=term.language, datatype=term.datatype, normalize=False)
        assert term == same and hash(term) == hash(same) and term.n3() == same.n3()
        assert term.value == same.value and term.toPython() == same.toPython() and term.ill_typed == same.ill_typed
        copy = pickle.loads(pickle.dumps(term))
        assert type(copy) is Literal and copy == same

# --- stores --------------------------------------------------------------------------------------

def test_auto_store_by_size(seed_folder, tmp_path, monkeypatch):
    from prospectus_kg.graph.query import store as store_module

    assert store_module.choose_store(seed_folder, "auto") == "memory"
    monkeypatch.setattr(store_module, "AUTO_OXIGRAPH_BYTES", 1000)
    assert store_module.choose_store(seed_folder, "auto") == "oxigraph"
    assert store_module.open_store(seed_folder, "auto").kind == "oxigraph"
    assert store_module.choose_store(seed_folder, "memory") == "memory"


def test_store_errors(tmp_path, seed_folder):
    from prospectus_kg.errors import GraphFolderError, MissingInputError, QueryError, UsageError
    from prospectus_kg.graph.query.store import open_store

    with pytest.raises(MissingInputError):
        open_store(tmp_path / "nothing")
    with pytest.raises(GraphFolderError, match="holds no graph.ttl"):
        open_store(tmp_path)
    (tmp_path / "graph.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b ", encoding="utf-8")
    for kind in ("memory", "oxigraph"):
        with pytest.raises(GraphFolderError, match="cannot parse graph.ttl"):
            open_store(tmp_path, kind)
    with pytest.raises(UsageError):
        open_store(seed_folder, "postgres")
    with pytest.raises(GraphFolderError, match="no inferred.ttl"):
        open_store(seed_folder, inferred=True)
    for kind in ("memory", "oxigraph"):
        store = open_store(seed_folder, kind)
        with pytest.raises(QueryError, match="malformed SPARQL"):
            store.query("SELECT ?x WHERE { ?x ")
        with pytest.raises(QueryError, match="malformed SPARQL"):
            store.query("SELECT * WHERE { ?s nope:p ?o }")
        with pytest.raises(QueryError):
            store.query("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")


def test_inferred_triples_are_loaded_on_request(tmp_path, seed_folder):
    from prospectus_kg.graph.query.store import open_store

    folder = tmp_path / "g"
    shutil.copytree(seed_folder, folder)
    (folder / "inferred.ttl").write_text(
        "<https://w3id.org/prospectus-kg/id/org/ut-leasing-services-inc> "
        "<https://w3id.org/prospectus-kg/ontology#affiliateOf> "
        "<https://w3id.org/prospectus-kg/id/org/nevada-bond-llc> .\n", encoding="utf-8")
    for kind in ("memory", "oxigraph"):
        assert open_store(folder, kind, inferred=True).triple_count == open_store(folder, kind).triple_count + 1


# --- result writers ------------------------------------------------------------------------------

def _sample_result():
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    from prospectus_kg.graph.query.results import QueryResult

    return QueryResult("select", vars=["s", "label", "n", "b"], rows=[
        (URIRef(KG + "org/a"), Literal('say "hi",\tthen\nleave', lang="en"), Literal("12", datatype=XSD.integer), BNode("b0")),
        (URIRef("http://other.example/x"), Literal("x" * 80), None, None),
    ])


def test_json_results_follow_the_w3c_format():
    from prospectus_kg.graph.query.results import QueryResult, to_json

    doc = json.loads(to_json(_sample_result()))
    assert doc["head"]["vars"] == ["s", "label", "n", "b"]
    first, second = doc["results"]["bindings"]
    assert first["s"] == {"type": "uri", "value": KG + "org/a"}
    assert first["label"] == {"type": "literal", "value": 'say "hi",\tthen\nleave', "xml:lang": "en"}
    assert first["n"] == {"type": "literal", "value": "12", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert first["b"] == {"type": "bnode", "value": "b0"}
    assert set(second) == {"s", "label"}  # unbound variables are left out
    assert json.loads(to_json(QueryResult("ask", boolean=True))) == {"head": {}, "boolean": True}


def test_csv_tsv_and_xml_results():
    from prospectus_kg.graph.query.results import to_csv, to_tsv, to_xml

    result = _sample_result()
    text = to_csv(result)
    assert text.startswith("s,label,n,b\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == [KG + "org/a", 'say "hi",\tthen\nleave', "12", "_:b0"]
    assert rows[2][2:] == ["", ""]
    tsv = to_tsv(result).split("\n")
    assert tsv[0] == "?s\t?label\t?n\t?b"
    assert tsv[1] == f'<{KG}org/a>\t"say \\"hi\\",\\tthen\\nleave"@en\t12\t_:b0'
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(to_xml(result).encode("utf-8"))
    assert [v.get("name") for v in root.find("r:head", ns)] == ["s", "label", "n", "b"]
    first = root.find("r:results", ns)[0]
    literal = first.find("r:binding[@name='label']/r:literal", ns)
    assert literal.text == 'say "hi",\tthen\nleave'
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_table_shortens_iris_and_cuts_long_values():
    from prospectus_kg.graph.query.results import QueryResult, to_table

    table = to_table(_sample_result(), {"kg": KG}, max_width=20).splitlines()
    assert table[0].split(" | ")[0].strip() == "s"
    assert table[2].startswith("kg:org/a ")
    assert "<http://other.example/x>"[:19] + "…" in table[3]
    assert "x" * 19 + "…" in table[3] and "x" * 20 not in table[3]
    assert table[-1] == "(2 rows)"
    assert " 12 |" in table[2]  # numbers are right-aligned
    assert to_table(QueryResult("ask", boolean=False)) == "false\n"
    assert "x" * 80 in to_table(_sample_result(), {}, max_width=0)


def test_graph_results_as_turtle_and_ntriples(stores):
    from rdflib import Graph

    for store in stores.values():
        result = store.query("CONSTRUCT { ?s prosp:name ?n } WHERE { ?s prosp:name ?n }")
        from prospectus_kg.graph.query.results import to_ntriples, to_turtle

        turtle = to_turtle(result, store.prefixes)
        assert "@prefix prosp:" in turtle and "@prefix fibo" not in turtle
        assert len(Graph().parse(data=turtle, format="turtle")) == len(result.triples) == 6
        assert len(Graph().parse(data=to_ntriples(result), format="nt")) == 6


# --- rewriting the golden files ------------------------------------------------------------------

def generate_snapshots() -> None:
    """Build the seed, run every case (Oxigraph and Memory must agree) and write the .srj files."""
    import tempfile

    from prospectus_kg.graph.build.pipeline import build
    from prospectus_kg.graph.query.results import rows_as_set, to_json
    from prospectus_kg.graph.query.store import open_store

    seed = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
    with tempfile.TemporaryDirectory() as tmp:
        build([seed], Path(tmp) / "graph", jobs=1)
        memory, oxigraph = open_store(Path(tmp) / "graph", "memory"), open_store(Path(tmp) / "graph", "oxigraph")
        for case in CASES:
            a, b = run_case(memory, case), run_case(oxigraph, case)
            if rows_as_set(a) != rows_as_set(b):
                raise SystemExit(f"{case['case']}: the stores disagree; fix that before writing goldens")
            path = GOLDEN / f"{case['case']}.srj"
            path.write_text(to_json(b, indent=2), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(b.rows)} rows)")


if __name__ == "__main__":
    if "--generate-snapshots" in sys.argv:
        generate_snapshots()
    else:
        print(__doc__)
