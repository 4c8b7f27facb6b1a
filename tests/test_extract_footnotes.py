"""Control and affiliation statements in selling stockholder footnotes: each pattern that states a
relation, and each that must not (hedged, shared, titles, disclaimers, templates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.models import EntityRef
from extract_support import FIXTURES, HEAD, extract_html

RELATIONS = ("controls", "generalPartnerOf", "investmentManagerOf", "subsidiaryOf", "affiliateOf", "controlledBy")


def run_notes(tmp_path: Path, rows: list[str], notes: list[str]):
    """A selling stockholder table whose row i cites footnote i+1; returns the facts."""
    body = ("<tr><td><b>Name of Selling Stockholder</b></td><td><b>Shares Owned Before the Offering</b></td>"
            "<td><b>Shares Offered</b></td><td><b>Shares Owned After the Offering</b></td></tr>")
    for i, name in enumerate(rows, 1):
        body += f"<tr><td>{name}<sup>({i})</sup></td><td>100,000</td><td>100,000</td><td>\u2014</td></tr>"
    html = ("<html><body>" + HEAD.format("PROSPECTUS") + "<p>Acme Robotics, Inc.</p>" + HEAD.format("SELLING STOCKHOLDERS")
            + f"<table>{body}</table>" + "".join(f"<p>({i}) {n}</p>" for i, n in enumerate(notes, 1))
            + HEAD.format("PLAN OF DISTRIBUTION") + "<p>The selling stockholders may sell.</p></body></html>")
    return extract_html(tmp_path, html, "notes.html")


def relations(facts) -> set[tuple[str, str, str]]:
    return {(f.subject.key, f.predicate, f.obj.key) for f in facts
            if f.predicate in RELATIONS and isinstance(f.obj, EntityRef)}


@pytest.mark.parametrize("row, note, expected", [
    ("Alder Fund LP", "Alder GP LLC is the general partner of Alder Fund LP.",
     {("Alder GP LLC", "generalPartnerOf", "Alder Fund LP")}),
    ("Birch Fund LP", "Voting and dispositive power over the shares held by Birch Fund LP is held by Birch Advisors, "
                      "L.P.", {("Birch Advisors, L.P.", "controls", "Birch Fund LP")}),
    ("Cedar Fund LP", "Cedar Capital LLC has sole voting and dispositive power over the shares held by Cedar Fund LP.",
     {("Cedar Capital LLC", "controls", "Cedar Fund LP")}),
    ("Dogwood Investments, Inc.", "Dogwood Management, Inc., the authorized agent of Dogwood Investments, Inc. "
                                  "(\u201cDogwood\u201d), has discretionary authority to vote and dispose of the shares "
                                  "held by Dogwood.", {("Dogwood Management, Inc.", "controls", "Dogwood Investments, Inc.")}),
    ("Elm Master Fund Ltd.", "The shares may be deemed to be beneficially owned by Elm Partners LLC (\u201cElm\u201d), as the "
                             "investment manager of Elm Master Fund Ltd.",
     {("Elm Partners LLC", "investmentManagerOf", "Elm Master Fund Ltd.")}),
    ("Fir Holdings Inc.", "Fir Holdings Inc. is a wholly owned subsidiary of Fir Group plc.",
     {("Fir Holdings Inc.", "subsidiaryOf", "Fir Group plc")}),
    ("Ginkgo Fund LP", "Mr. Arthur B. Lindqvist controls each of Ginkgo Fund LP and Ginkgo GP LLC.",
     {("Arthur B. Lindqvist", "controls", "Ginkgo Fund LP"), ("Arthur B. Lindqvist", "controls", "Ginkgo GP LLC")}),
    ("Hazel Fund LP", "Hazel Partners LLC is the general partner of, and may be deemed to beneficially own securities "
                      "owned by, Hazel Fund LP and Hazel Plus Fund LP.",
     {("Hazel Partners LLC", "generalPartnerOf", "Hazel Fund LP"),
      ("Hazel Partners LLC", "generalPartnerOf", "Hazel Plus Fund LP")}),
    ("Ivy Fund LP", "Ivy Advisors LLC maintains investment and voting power with respect to the securities held by "
                    "certain investment funds it manages, including Ivy Fund LP.",
     {("Ivy Advisors LLC", "controls", "Ivy Fund LP")}),
    ("Juniper Fund LP", "Juniper Capital Management, LLC is a registered investment adviser and has been delegated the "
                        "legal power to vote and direct the disposition of such securities on behalf of the selling "
                        "stockholder.", {("Juniper Capital Management, LLC", "controls", "Juniper Fund LP")}),
    ("Kapok Fund LP", "Kapok Fund LP is an affiliate of Kapok Securities LLC, a registered broker-dealer.",
     {("Kapok Fund LP", "affiliateOf", "Kapok Securities LLC")}),
    ("Larch Fund LP", "Larch Management LLC is controlled by Larch Holdings Corp.",
     {("Larch Holdings Corp.", "controls", "Larch Management LLC")}),
])
def test_each_statement_pattern(tmp_path, row, note, expected):
    _doc, facts = run_notes(tmp_path, [row], [note])
    assert relations(facts) == expected


@pytest.mark.parametrize("row, note", [
    ("Maple Fund LP", "Maple Capital LLC may be deemed to have voting and dispositive power over the shares held by "
                      "Maple Fund LP."),
    ("Nutmeg Fund LP", "Each of Nutmeg Capital LLC and Nutmeg GP LLC has shared voting and dispositive power over the "
                       "shares held by Nutmeg Fund LP."),
    ("Oak Fund LP", "Anna Weller and Paul Ibsen are managing members of Oak Capital LLC and may be deemed to have "
                    "voting power over the shares."),
    ("Pine Fund LP", "Martin Voss, in his capacity as Investment Manager of Pine Capital, Inc., may also be deemed to "
                     "have investment discretion over the shares."),
    ("Quince Fund LP", "Jeremy D. Hale serves as the principal of Quince Group, LLC."),
    ("Rowan Fund LP", "Rowan Capital LLC disclaims beneficial ownership of the shares held by Rowan Fund LP."),
    ("Sumac Fund LP", "[\u25cf] is the general partner of [\u25cf]."),
    ("Teak Fund LP", "Mr. Garner is the sole manager of Teak GP LLC."),        # no full name for "Mr. Garner"
])
def test_hedges_shared_powers_titles_and_templates_state_nothing(tmp_path, row, note):
    _doc, facts = run_notes(tmp_path, [row], [note])
    assert relations(facts) == set()


def test_short_reference_to_a_person_named_in_full(tmp_path):
    note = ("Each of Umber Management, LP (\u201cUmber Management\u201d) and W. Harlan Pryce has shared voting power over "
            "such shares. Umber Management is the general partner of Umber Fund LP. Mr. Pryce is the sole manager of "
            "Umber Management.")
    _doc, facts = run_notes(tmp_path, ["Umber Fund LP"], [note])
    assert relations(facts) == {("Umber Management, LP", "generalPartnerOf", "Umber Fund LP"),
                                ("W. Harlan Pryce", "controls", "Umber Management, LP")}
    kinds = {f.subject.key: f.subject.kind for f in facts if f.predicate == "controls"}
    assert kinds["W. Harlan Pryce"] == "Person"


def test_an_ambiguous_short_reference_states_nothing(tmp_path):
    note = ("Voting power is shared by Lena Varga and Tomas Varga. Mr. Varga is the sole manager of Violet GP LLC.")
    _doc, facts = run_notes(tmp_path, ["Violet Fund LP"], [note])
    assert relations(facts) == set()


def test_a_defined_group_of_funds(tmp_path):
    note = ("Consists of shares held by Willow Fund I, L.P. (\u201cFund I\u201d) and Willow Offshore Fund, Ltd. "
            "(\u201cOffshore\u201d and, together with Fund I, the \u201cWillow Funds\u201d). Willow Capital, LLC is the "
            "investment manager to each of the Willow Funds.")
    _doc, facts = run_notes(tmp_path, ["Entities affiliated with Willow Capital, LLC"], [note])
    assert relations(facts) == {("Willow Capital, LLC", "investmentManagerOf", "Willow Fund I, L.P."),
                                ("Willow Capital, LLC", "investmentManagerOf", "Willow Offshore Fund, Ltd.")}


def test_a_footnote_shared_by_rows_speaks_of_each_row(tmp_path):
    shared = ("Yarrow Capital Management, LLC has been delegated the legal power to vote and direct the disposition "
              "of such securities on behalf of the selling stockholder.")
    body = ("<tr><td><b>Selling Stockholder</b></td><td><b>Shares Owned Before the Offering</b></td><td><b>Shares "
            "Offered</b></td><td><b>Shares Owned After the Offering</b></td></tr>"
            "<tr><td>Yarrow Partners LP (1)</td><td>10,000</td><td>10,000</td><td>\u2014</td></tr>"
            "<tr><td>Yarrow Select LLC (1)</td><td>20,000</td><td>20,000</td><td>\u2014</td></tr>")
    html = ("<html><body><p style='text-align:center'><b>SELLING STOCKHOLDERS</b></p><table>" + body + "</table>"
            f"<p>(1) {shared}</p><p style='text-align:center'><b>LEGAL MATTERS</b></p><p>None.</p></body></html>")
    path = tmp_path / "shared.html"
    path.write_text(html, encoding="utf-8")
    facts = extract(load_document(path))
    assert relations(facts) == {("Yarrow Capital Management, LLC", "controls", "Yarrow Partners LP"),
                                ("Yarrow Capital Management, LLC", "controls", "Yarrow Select LLC")}


def test_fixture_footnotes_and_their_spans():
    doc = load_document(FIXTURES / "resale_s3.html")
    facts = extract(doc)
    assert relations(facts) == {
        ("Larkspur Capital Partners, LLC", "generalPartnerOf", "Larkspur Opportunity Fund, L.P."),
        ("Larkspur Capital Partners, LLC", "controls", "Larkspur Opportunity Fund, L.P."),
        ("Quillon Asset Management LP", "investmentManagerOf", "Quillon Partners Master Fund Ltd."),
        ("Helena Brandt", "controls", "Quillon GP LLC"),
        ("Quillon GP LLC", "generalPartnerOf", "Quillon Asset Management LP"),
        ("Tessaract Capital, LLC", "investmentManagerOf", "Tessaract Fund I, L.P."),
        ("Tessaract Capital, LLC", "investmentManagerOf", "Tessaract Offshore Fund, Ltd."),
        ("Tessaract Holdings LLC", "subsidiaryOf", "Tessaract Group plc"),
        ("Owen Pryce", "controls", "Tessaract Capital, LLC"),
    }
    # the evidence of each relation is the footnote's sentence, never the footnote mark
    for f in facts:
        if f.predicate in RELATIONS:
            quote = doc.text[f.span.start:f.span.end]
            assert not quote.startswith("(") and quote.endswith(".")
