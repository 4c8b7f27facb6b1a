"""Underwriters, placement and sales agents of this offering (not financial advisors, not agents of
earlier deals), legal counsel with their roles, and auditors (a predecessor's too)."""

from __future__ import annotations


from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.models import EntityRef
from extract_support import FIXTURES, HEAD, run

AGENTS = ("underwriter", "placementAgent", "salesAgent")


def objects(facts, *predicates) -> set[tuple[str, str]]:
    return {(f.predicate, f.obj.key) for f in facts if f.predicate in predicates and isinstance(f.obj, EntityRef)}


def test_underwritten_offering_cover_table_and_representatives():
    facts = extract(load_document(FIXTURES / "underwritten_424b4.html"))
    assert objects(facts, *AGENTS) == {
        ("underwriter", "Carrow Hale & Co. LLC"), ("underwriter", "Brightwater Securities LLC"),
        ("underwriter", "Tallis Capital Markets, a division of Tallis Bancorp, Inc.")}
    # the cover's short names are the same firms as the table's legal names: one entity each
    names = {f.obj for f in facts if f.predicate == "name" and f.subject.key == "Brightwater Securities LLC"}
    assert names == {"Brightwater Securities", "Brightwater Securities LLC"}


def test_financial_advisor_earlier_placement_agent_and_atm_agent_are_not_underwriters():
    facts = extract(load_document(FIXTURES / "underwritten_424b4.html"))
    agents = {key for _p, key in objects(facts, *AGENTS)}
    for other in ("Penrose Street Partners LLC", "Quarry Lane Securities LLC", "Ostler Brothers & Co., Inc."):
        assert other not in agents


def test_cover_role_headings_and_a_division_of(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>Kelvin Oncology, Inc.</p>",
                      "<p>1,000,000 Shares of Common Stock</p>", "<p>Lead Placement Agent</p>",
                      "<p>Dorset Harbor LLC</p>", "<p>Co-Placement Agent</p>", "<p>Fulton Ridge Capital</p>",
                      "<p>a division of Fulton Ridge Securities, LLC</p>",
                      "<p>Prospectus Supplement dated March 2, 2026</p>")
    assert objects(facts, *AGENTS) == {("placementAgent", "Dorset Harbor LLC"),
                                       ("placementAgent", "Fulton Ridge Capital, a division of Fulton Ridge Securities, LLC")}


def test_engaged_as_exclusive_placement_agent_not_its_broker_dealer(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>Kelvin Oncology, Inc.</p>",
                      HEAD.format("PLAN OF DISTRIBUTION"),
                      "<p>We have engaged Harrier Advisors (through its broker-dealer, Osprey Securities LLC) to act as "
                      "our exclusive placement agent in connection with this offering.</p>")
    assert objects(facts, *AGENTS) == {("placementAgent", "Harrier Advisors")}


def test_sales_agent_of_an_at_the_market_offering(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>Kelvin Oncology, Inc.</p>",
                      "<p>Up to $40,000,000 of Common Stock</p>",
                      "<p>We have entered into an Open Market Sale Agreement with Fenwick Row &amp; Co., LLC, or the sales "
                      "agent, relating to shares of our common stock offered by this prospectus supplement.</p>",
                      HEAD.format("PLAN OF DISTRIBUTION"),
                      "<p>In 2021, we entered into an underwriting agreement with Dunlin Partners LLC, which acted as "
                      "sole underwriter of our initial public offering.</p>")
    assert objects(facts, *AGENTS) == {("salesAgent", "Fenwick Row & Co., LLC")}


def test_template_cover_names_no_agent(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", "<p>Sole Book-Running Manager</p>",
                      "<p>[&#9679;]</p>", "<p>The date of this prospectus is          , 2026.</p>")
    assert objects(facts, *AGENTS) == set()


def test_counsel_roles(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("LEGAL MATTERS"),
                      "<p>The validity of the shares offered hereby will be passed upon for us by Ashby Crane LLP, Denver, "
                      "Colorado, and certain legal matters will be passed upon for the underwriters by Morrow &amp; Pell "
                      "LLP. The placement agent is being represented by Quill Sutter P.C. Certain matters will be passed "
                      "upon for the selling stockholders by Ridley Shaw LLP. Certain matters of Irish law will be passed "
                      "upon by Fenwick O\u2019Hare Solicitors LLP.</p>")
    got = objects(facts, "issuerCounsel", "underwritersCounsel", "sellingStockholderCounsel")
    assert got == {("issuerCounsel", "Ashby Crane LLP"), ("underwritersCounsel", "Morrow & Pell LLP"),
                   ("underwritersCounsel", "Quill Sutter P.C."), ("sellingStockholderCounsel", "Ridley Shaw LLP"),
                   ("issuerCounsel", "Fenwick O\u2019Hare Solicitors LLP")}
    assert {key for _p, key in objects(facts, "legalCounsel")} == {key for _p, key in got}


def test_counsel_template_names_nobody(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("LEGAL MATTERS"),
                      "<p>The validity of the shares will be passed upon for us by [&#9679;]. Certain legal matters will "
                      "be passed upon for the underwriters by [Underwriters\u2019 counsel].</p>")
    assert objects(facts, "legalCounsel") == set()


def test_auditors_of_the_issuer_and_of_a_predecessor():
    facts = extract(load_document(FIXTURES / "underwritten_424b4.html"))
    auditors = {(f.subject.key, f.obj.key) for f in facts if f.predicate == "auditorOf"}
    assert auditors == {("Pemberton Yates LLP", "@issuer"), ("Cole & Ainsley, P.C.", "Harrow Basin Holdings, LLC")}


def test_auditor_with_a_defined_short_name(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("EXPERTS"),
                      "<p>Tamsin+Vale, PC (\u201cTamsin\u201d), independent registered public accounting firm, has audited "
                      "our consolidated financial statements included in our Annual Report on Form 10-K for the year "
                      "ended December 31, 2025.</p>")
    assert {(f.subject.key, f.obj.key) for f in facts if f.predicate == "auditorOf"} == {("Tamsin+Vale, PC", "@issuer")}


def test_firm_names_with_slashes_and_divisions(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", "<p>1,000,000 Shares</p>",
                      "<p>Joint Book-Running Managers</p>",
                      "<table><tr><td>A.B.Q./Meridian Global Partners</td><td>Elm Hutton, division of Birchwood "
                      "Investments, LLC</td></tr></table>", "<p>The date of this prospectus is March 2, 2026.</p>")
    assert objects(facts, *AGENTS) == {("underwriter", "A.B.Q./Meridian Global Partners"),
                                       ("underwriter", "Elm Hutton, division of Birchwood Investments, LLC")}
