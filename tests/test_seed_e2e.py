"""End to end on the seed prospectus (Capstone Turbine 424B3, 2003): every fact the issue lists, asked
by SPARQL over the built graph, each with its provenance; and the false facts' absence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


PREFIXES = """
PREFIX prosp: <https://w3id.org/prospectus-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def ask(graph, body: str) -> bool:
    return bool(graph.query(PREFIXES + "ASK {" + body + "}").askAnswer)


def rows(graph, query: str) -> list[tuple]:
    return [tuple(str(x) if x is not None else None for x in r) for r in graph.query(PREFIXES + query)]


def org(name: str) -> str:
    return f'?{name.split()[0].lower().strip(",.")} prosp:name "{name}" .'


ISSUER = "Capstone Turbine Corporation"
SELLER = "UT Leasing Services, Inc."
NEVADA = "Nevada Bond, LLC"
UTC = "United Technologies Corporation"


def test_issuer_values(seed_graph):
    g = seed_graph
    (r,) = rows(g, f"""SELECT ?year ?address ?tel ?desc WHERE {{
        ?o prosp:name "{ISSUER}" ; a prosp:Organization, prosp:Issuer ; prosp:foundedYear ?year ;
           prosp:address ?address ; prosp:telephone ?tel ; prosp:businessDescription ?desc }}""")
    assert r[0] == "1988"
    assert r[1] == "21211 Nordhoff Street, Chatsworth, California 91311"
    assert r[2] == "(818) 734-5300"
    assert "microturbine generator sets" in r[3] and "distributed power generation" in r[3]
    aliases = {a for (a,) in rows(g, f'SELECT ?a WHERE {{ ?o prosp:name "{ISSUER}" ; prosp:alias ?a }}')}
    assert {"Capstone", "we", "us"} <= aliases


def test_listing_and_offering(seed_graph):
    g = seed_graph
    (r,) = rows(g, f"""SELECT ?shares ?class ?date ?ticker ?exchange ?price ?saledate ?proceeds WHERE {{
        ?doc a prosp:Prospectus ; prosp:describes ?off ; prosp:prospectusDate ?date .
        ?off prosp:issuer [ prosp:name "{ISSUER}" ] ; prosp:sharesOffered ?shares ; prosp:security ?sec ;
             prosp:proceedsToIssuer ?proceeds .
        ?sec prosp:securityClass ?class ; prosp:listing ?l .
        ?l prosp:tickerSymbol ?ticker ; prosp:exchangeName ?exchange ; prosp:lastSalePrice ?price ;
           prosp:lastSaleDate ?saledate }}""")
    assert r == ("3994817", "common stock", "2003-01-13", "CPST", "Nasdaq National Market", "0.88",
                 "2003-01-08", "false")
    assert ask(g, '?l prosp:lastSalePrice "0.88"^^xsd:decimal ; prosp:lastSaleDate "2003-01-08"^^xsd:date')


def test_selling_stockholder_position(seed_graph):
    g = seed_graph
    (r,) = rows(g, f"""SELECT ?offered ?before WHERE {{
        ?off prosp:sellingStockholder ?s ; prosp:position ?p . ?s prosp:name "{SELLER}" ; a prosp:SellingStockholder .
        ?p prosp:holder ?s ; prosp:sharesOffered ?offered ; prosp:sharesOwnedBeforePlacement ?before }}""")
    assert r == ("3994817", "0")
    (lock,) = rows(g, f"""SELECT ?end WHERE {{ ?l a prosp:LockUp ; prosp:restrictedParty [ prosp:name "{SELLER}" ] ;
        prosp:endDate ?end }}""")
    assert lock == ("2003-07-28",)


def test_affiliate_chain(seed_graph):
    g = seed_graph
    assert ask(g, f'?a prosp:name "{NEVADA}" . ?b prosp:name "{SELLER}" . ?a prosp:affiliateOf ?b')
    assert ask(g, f'?a prosp:name "{UTC}" . ?b prosp:name "{SELLER}" . ?a prosp:affiliateOf ?b')
    # the path Nevada Bond -> UT Leasing -> United Technologies, through the symmetric relation
    assert ask(g, f'?a prosp:name "{NEVADA}" . ?c prosp:name "{UTC}" . '
                  f'?a (prosp:affiliateOf|^prosp:affiliateOf)/(prosp:affiliateOf|^prosp:affiliateOf) ?c')


def test_private_placement_transfer_alliance(seed_graph):
    g = seed_graph
    (pp,) = rows(g, f"""SELECT ?date ?ex WHERE {{ ?pp a prosp:PrivatePlacement ; prosp:issuer [ prosp:name "{ISSUER}" ] ;
        prosp:purchaser [ prosp:name "{NEVADA}" ] ; prosp:date ?date ; prosp:exemption ?ex }}""")
    assert pp == ("2002-10-28", "Rule 506")
    (tr,) = rows(g, f"""SELECT ?date WHERE {{ ?t a prosp:ShareTransfer ; prosp:transferor [ prosp:name "{NEVADA}" ] ;
        prosp:transferee [ prosp:name "{SELLER}" ] ; prosp:date ?date ; prosp:relatedTo ?pp . ?pp a prosp:PrivatePlacement }}""")
    assert tr == ("2002-11",)
    assert ask(g, '?t prosp:date "2002-11"^^xsd:gYearMonth')
    (al,) = rows(g, f"""SELECT ?scope WHERE {{ ?a a prosp:StrategicAlliance ; prosp:party [ prosp:name "{ISSUER}" ],
        [ prosp:name "{UTC}" ] ; prosp:scope ?scope ; prosp:relatedTo ?pp . ?pp a prosp:PrivatePlacement }}""")
    assert al[0] == "integrate, sell and service combined heat and power solutions for commercial buildings"
    territories = {t for (t,) in rows(g, "SELECT ?t WHERE { ?a a prosp:StrategicAlliance ; prosp:territory ?t }")}
    assert territories == {"North America", "most of Europe"}


def test_incorporated_filings(seed_graph):
    got = set(rows(seed_graph, """SELECT ?form ?period ?date WHERE { ?d a prosp:Prospectus ; prosp:incorporatesByReference ?f .
        ?f prosp:formType ?form ; prosp:filedBy [ prosp:name "Capstone Turbine Corporation" ] .
        OPTIONAL { ?f prosp:periodEnd ?period } OPTIONAL { ?f prosp:date ?date } }"""))
    assert got == {("10-K", "2001-12-31", None), ("10-Q", "2002-03-31", None), ("10-Q", "2002-06-30", None),
                   ("10-Q", "2002-09-30", None), ("DEF 14A", None, None), ("8-K", None, "2002-08-14")}
    assert ask(seed_graph, '?d prosp:incorporatesFutureFilings true')
    assert ask(seed_graph, '?d prosp:refersTo ?f . ?f prosp:formType "10-Q" ; prosp:filingDate "2002-11-14"^^xsd:date')


def test_counsel_and_auditor(seed_graph):
    g = seed_graph
    assert ask(g, '?off prosp:legalCounsel ?c . ?c prosp:name "Wilson Sonsini Goodrich & Rosati, Professional Corporation" ; a prosp:LegalCounsel')
    assert ask(g, f'?a prosp:name "Deloitte & Touche LLP" ; a prosp:Auditor ; prosp:auditorOf [ prosp:name "{ISSUER}" ] ; '
                  'prosp:audited ?f . ?f prosp:formType "10-K" ; prosp:periodEnd "2001-12-31"^^xsd:date')


def test_ten_distribution_methods(seed_graph):
    labels = rows(seed_graph, """SELECT DISTINCT ?m ?label WHERE { ?off prosp:distributionMethod ?m .
        ?m a skos:Concept ; skos:prefLabel ?label ; skos:inScheme ?scheme }""")
    assert len(labels) == 10
    assert any("Block trade" in lab for _m, lab in labels)


def test_false_facts_absent(seed_graph):
    g = seed_graph
    for other in (UTC, SELLER, NEVADA):
        assert not ask(g, f'?a prosp:name "{ISSUER}" . ?b prosp:name "{other}" . '
                          '{ ?a prosp:affiliateOf ?b } UNION { ?b prosp:affiliateOf ?a }')
    names = {n.lower() for (n,) in rows(g, "SELECT ?n WHERE { ?o a prosp:Organization ; prosp:name ?n }")}
    for bad in ("гhe company", "the company", "capstone", "we", "the commission", "securities act",
                "exchange act", "rule 506"):
        assert bad not in names
    assert not ask(g, "?o a prosp:Underwriter")
    assert len(names) == 6, names


def test_every_fact_has_an_exact_span(seed_folder, seed_graph):
    text = (seed_folder / "documents" / "capstone-turbine-424b3-2003-01-13.txt").read_text(encoding="utf-8")
    spans = rows(seed_graph, """SELECT ?s ?e ?x WHERE { ?a a prosp:Assertion ; oa:hasTarget ?t .
        ?t oa:hasSelector ?p, ?q . ?p oa:start ?s ; oa:end ?e . ?q oa:exact ?x }""")
    assert len(spans) > 80
    for start, end, exact in spans:
        assert text[int(start):int(end)] == exact
    # every prosp: statement between resources or with a value (not on assertions) has an assertion
    unasserted = rows(seed_graph, """SELECT ?s ?p ?o WHERE { ?s ?p ?o .
        FILTER(STRSTARTS(STR(?p), STR(prosp:)))
        FILTER(?p NOT IN (prosp:textFile, prosp:sourceFile, prosp:mediaType, prosp:encoding, prosp:sha256,
                          prosp:softwareVersion, prosp:section, prosp:documentPart, prosp:lookupKey))
        FILTER NOT EXISTS { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }""")
    assert unasserted == []


def test_provenance_of_nevada_bond_affiliation(seed_graph):
    (quote,) = rows(seed_graph, f"""SELECT ?x WHERE {{ ?n prosp:name "{NEVADA}" . ?u prosp:name "{SELLER}" .
        ?a rdf:subject ?n ; rdf:predicate prosp:affiliateOf ; rdf:object ?u ; oa:hasTarget/oa:hasSelector/oa:exact ?x }}""")
    assert quote == ("Nevada Bond, LLC, an affiliate of the selling stockholder",)


def test_canonical_text_is_the_input(seed_folder, seed_path, seed_graph):
    assert (seed_folder / "documents" / "capstone-turbine-424b3-2003-01-13.txt").read_bytes() == seed_path.read_bytes()
    assert ask(seed_graph, '?d a prosp:Prospectus ; prosp:textFile "documents/capstone-turbine-424b3-2003-01-13.txt"')


def test_labels_and_prefixes(seed_folder, seed_graph):
    head = (seed_folder / "graph.ttl").read_text(encoding="utf-8")[:3000]
    assert "@prefix prosp: <https://w3id.org/prospectus-kg/ontology#>" in head
    unlabeled = rows(seed_graph, """SELECT ?s WHERE { ?s a ?c . FILTER NOT EXISTS { ?s a prosp:Assertion }
        FILTER NOT EXISTS { ?s rdfs:label ?l } FILTER NOT EXISTS { ?x oa:hasTarget ?s }
        FILTER NOT EXISTS { ?y oa:hasSelector ?s } }""")
    assert unlabeled == []


def test_second_build_is_byte_identical(tmp_path, seed_path, seed_folder):
    out = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", str(seed_path), "--out", str(out), "-q"],
                   check=True, cwd=Path(seed_path).parents[1])
    for name in ("graph.ttl", "build-report.json", "documents/capstone-turbine-424b3-2003-01-13.txt"):
        assert (out / name).read_bytes() == (seed_folder / name).read_bytes(), name


def test_report_counts(seed_folder):
    import json
    report = json.loads((seed_folder / "build-report.json").read_text())
    assert report["counts"]["documents"] == 1
    assert report["counts"]["facts_by_kind"]["affiliateOf"] == 2
    assert report["documents"][0]["warnings"] == []
