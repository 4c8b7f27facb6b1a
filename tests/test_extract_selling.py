"""Selling stockholder tables (Regulation S-K Item 507): each table shape, with fixtures written for
these tests (tests/fixtures/extract/), never copied from the corpus."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.extract.selling_table import cell_value, classify
from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.models import EntityRef
from extract_support import FIXTURES, HEAD, extract_html, page, positions


def run(tmp_path: Path, html: str):
    return extract_html(tmp_path, html)



def relations(facts, *predicates) -> set[tuple[str, str, str]]:
    return {(f.subject.key, f.predicate, f.obj.key) for f in facts
            if f.predicate in predicates and isinstance(f.obj, EntityRef)}


def table(header_rows: list[list[str]], rows: list[list[str]]) -> str:
    cells = "".join("<tr>" + "".join(f"<td><b>{c}</b></td>" for c in r) + "</tr>" for r in header_rows)
    cells += "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{cells}</table>"


def selling_doc(body: str) -> str:
    return page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>", HEAD.format("SELLING STOCKHOLDERS"),
                "<p>The table below lists the selling stockholders.</p>", body, HEAD.format("PLAN OF DISTRIBUTION"),
                "<p>The selling stockholders may sell the shares from time to time.</p>")


# --- header and cell reading -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Number of Shares Beneficially Owned Prior to the Offering", ("before", "number")),
    ("Shares Owned Before Offering: Percentage", ("before", "percent")),
    ("Maximum Number of Shares of Common Stock To Be Sold Pursuant to this Prospectus", ("offered", "number")),
    ("Number of Common Shares Offered by this Prospectus", ("offered", "number")),
    ("Shares Being Registered", ("offered", "number")),
    # "after" wins over the "Offered" it also names
    ("Number of Common Shares Beneficially Owned Assuming Sale of All Shares Offered by this Prospectus",
     ("after", "number")),
    ("Number of Shares of Common Stock Owned After Offering(3)", ("after", "number")),
    ("Percentage of Outstanding Common Stock(2)", (None, "percent")),
    ("Principal Amount of Notes Beneficially Owned ($)", ("owned", "money")),
    ("Warrants Offered", ("offered", "other")),
    ("Shares of Common Stock Underlying Warrants Offered", ("offered", "number")),
    ("Name of Selling Stockholder", (None, "number")),
])
def test_header_cells_name_their_column(text, expected):
    assert classify(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1,500,000", ("num", 1500000)), ("2,451,225(1)", ("num", 2451225)), ("6.1%", ("pct", Decimal("6.1"))),
    ("*", ("pct", None)), ("less than 1%", ("pct", None)), ("\u2014", ("dash", 0)), ("-0-", ("dash", 0)),
    ("$1,000,000", ("money", "$1,000,000")), ("[\u25cf]", ("text", None)),
])
def test_cell_values(text, expected):
    assert cell_value(text) == expected


# --- table shapes ------------------------------------------------------------------------------------

def test_one_header_row_with_percent_columns_total_row_and_group_row(tmp_path):
    doc = load_document(FIXTURES / "resale_s3.html")
    got = positions(extract(doc))
    assert set(got) == {"Larkspur Opportunity Fund, L.P.", "Quillon Partners Master Fund Ltd.", "Miriam T. Oyelaran",
                        "Entities affiliated with Tessaract Capital, LLC"}     # no "Total" row
    larkspur = got["Larkspur Opportunity Fund, L.P."]
    assert (larkspur["sharesOwnedBefore"], larkspur["sharesOffered"], larkspur["sharesOwnedAfter"]) == \
        (1500000, 1000000, 500000)
    assert (larkspur["percentOwnedBefore"], larkspur["percentOwnedAfter"]) == (Decimal("6.1"), Decimal("2.0"))
    assert larkspur["holders"] == ["Larkspur Opportunity Fund, L.P."]
    quillon = got["Quillon Partners Master Fund Ltd."]
    assert quillon["sharesOwnedAfter"] == 0 and quillon["percentOwnedAfter"] == 0      # "—"
    person = got["Miriam T. Oyelaran"]
    assert "percentOwnedBefore" not in person     # "*": less than one percent, no number stated
    assert person["holders"] == ["Miriam T. Oyelaran"]
    group = got["Entities affiliated with Tessaract Capital, LLC"]
    assert sorted(group["holders"]) == ["Tessaract Fund I, L.P.", "Tessaract Offshore Fund, Ltd."]
    assert group["sharesOffered"] == 2200000


def test_holder_kinds_and_sellers(tmp_path):
    facts = extract(load_document(FIXTURES / "resale_s3.html"))
    kinds = {f.obj.key: f.obj.kind for f in facts if f.predicate == "sellingStockholder"}
    assert kinds["Miriam T. Oyelaran"] == "Person"
    assert kinds["Larkspur Opportunity Fund, L.P."] == "Organization"
    # the group's label names no holder: Tessaract Capital, LLC is not a selling stockholder
    assert "Tessaract Capital, LLC" not in kinds
    assert "Entities affiliated with Tessaract Capital, LLC" not in {f.obj for f in facts if f.predicate == "name"}


def test_columns_in_another_order_sub_columns_money_column_and_a_blocker(tmp_path):
    got = positions(extract(load_document(FIXTURES / "resale_grouped.html")))
    ardent = got["Ardent Harbor Fund LP"]
    # the 9.99% blocker: owned before (2,400,000) is smaller than offered (6,000,000); columns by header
    assert ardent["sharesOffered"] == 6000000
    assert ardent["sharesOwnedBefore"] == 2400000
    assert ardent["sharesOwnedAfter"] == 2400000 and ardent["percentOwnedAfter"] == Decimal("9.99")
    funds = got["Funds affiliated with Pelham Row Advisors LLC"]
    assert sorted(funds["holders"]) == ["Pelham Row Offshore Fund, Ltd.", "Pelham Row Onshore Fund, L.P."]
    assert (funds["sharesOffered"], funds["sharesOwnedBefore"], funds["sharesOwnedAfter"]) == (2500000, 2500000, 0)
    person = got["Jonah K. Whitfield"]
    assert (person["sharesOffered"], person["sharesOwnedBefore"], person["sharesOwnedAfter"]) == (500000, 650000, 150000)
    # the template row "[Selling Stockholder 4]" with "[●]" cells names nobody
    assert not any("[" in label for label in got)


def test_group_headings_over_number_and_percent_sub_columns(tmp_path):
    html = selling_doc(table(
        [["Name of Selling Stockholder", "Shares Beneficially Owned Prior to Offering", "Shares Offered Hereby",
          "Shares Beneficially Owned After Offering"], ["Number", "Percent", "Number", "Percent"]],
        [["Corbel Life Sciences Inc.(1)", "1,200,000", "4.99%", "3,000,000", "\u2014", "\u2014"],
         ["Dunmore Ventures LLC", "800,000", "3.3%", "500,000", "300,000", "1.2%"]]))
    got = positions(run(tmp_path, html)[1])
    corbel = got["Corbel Life Sciences Inc."]
    assert (corbel["sharesOwnedBefore"], corbel["percentOwnedBefore"], corbel["sharesOffered"]) == \
        (1200000, Decimal("4.99"), 3000000)
    assert corbel["sharesOwnedAfter"] == 0
    dunmore = got["Dunmore Ventures LLC"]
    assert (dunmore["sharesOwnedAfter"], dunmore["percentOwnedAfter"]) == (300000, Decimal("1.2"))


def test_group_row_over_a_full_row_of_column_heads(tmp_path):
    html = selling_doc(table(
        [["Beneficial Ownership Prior to the Offering", "Beneficial Ownership After the Offering"],
         ["Name of Selling Stockholder", "Number of Shares", "Percent", "Number of Shares Being Offered",
          "Number of Shares", "Percent"]],
        [["Eastlake Capital Fund Ltd.", "2,000,000", "9.9%", "1,500,000", "500,000", "2.5%"]]))
    row = positions(run(tmp_path, html)[1])["Eastlake Capital Fund Ltd."]
    assert (row["sharesOwnedBefore"], row["percentOwnedBefore"], row["sharesOffered"], row["sharesOwnedAfter"],
            row["percentOwnedAfter"]) == (2000000, Decimal("9.9"), 1500000, 500000, Decimal("2.5"))


def test_dropped_empty_cells_are_aligned_by_type(tmp_path):
    # HTML ingest drops empty cells: the second row has no "before" percentage
    html = selling_doc(table(
        [["Selling Stockholder", "Shares Owned Before the Offering", "Percentage Owned Before the Offering",
          "Shares Offered", "Shares Owned After the Offering"]],
        [["Fenmore Partners LP", "900,000", "3.0%", "900,000", "\u2014"],
         ["Gale Street Fund LLC", "400,000", "", "100,000", "300,000"]]))
    row = positions(run(tmp_path, html)[1])["Gale Street Fund LLC"]
    assert (row["sharesOwnedBefore"], row["sharesOffered"], row["sharesOwnedAfter"]) == (400000, 100000, 300000)
    assert "percentOwnedBefore" not in row


def test_fixed_width_text_table_read_by_column_position():
    facts = extract(load_document(FIXTURES / "old_resale.txt"))
    got = positions(facts)
    assert set(got) == {"Harbor Light Partners, L.P.", "Eliza M. Cartwright"}
    row = got["Harbor Light Partners, L.P."]
    assert (row["sharesOwnedBefore"], row["sharesOffered"], row["sharesOwnedAfter"]) == (450000, 300000, 150000)
    assert got["Eliza M. Cartwright"]["sharesOwnedAfter"] == 0
    assert ("Harbor Light Management Corp.", "generalPartnerOf", "Harbor Light Partners, L.P.") in \
        relations(facts, "generalPartnerOf")


def test_the_legal_holder_of_a_plain_row(tmp_path):
    html = selling_doc(table(
        [["Name of Selling Stockholder", "Shares Owned Prior to the Offering", "Shares to be Sold",
          "Shares Owned After the Offering"]],
        [["Westbrook Capital, LLC(1)", "1,000,000", "1,000,000", "\u2014"]])
        + "<p>(1) The securities are directly held by Westbrook Master Fund Ltd., a Cayman Islands exempted company "
          "(the \u201cMaster Fund\u201d), and may be deemed to be beneficially owned by Westbrook Capital, LLC "
          "(\u201cWestbrook\u201d), as the investment manager of the Master Fund.</p>")
    facts = run(tmp_path, html)[1]
    row = positions(facts)["Westbrook Capital, LLC"]
    assert row["holders"] == ["Westbrook Master Fund Ltd."]
    assert {f.obj.key for f in facts if f.predicate == "sellingStockholder"} == {
        "Westbrook Capital, LLC", "Westbrook Master Fund Ltd."}
    assert ("Westbrook Capital, LLC", "investmentManagerOf", "Westbrook Master Fund Ltd.") in \
        relations(facts, "investmentManagerOf")


def test_tables_that_are_not_selling_stockholder_tables(tmp_path):
    # a beneficial ownership table without an "offered" column, and one that offers warrants only
    html = selling_doc(
        table([["Name", "Shares Beneficially Owned", "Percent"]], [["Hollis Park LLC", "100,000", "1.0%"]])
        + table([["Name", "Warrants Owned", "Warrants Offered"]], [["Inver Capital LP", "50,000", "50,000"]]))
    facts = run(tmp_path, html)[1]
    assert not [f for f in facts if f.predicate in ("position", "sharesOffered") and f.section == "selling_stockholders"]


def test_every_position_fact_quotes_its_cell(tmp_path):
    doc = load_document(FIXTURES / "resale_grouped.html")
    for f in extract(doc):
        if f.predicate in ("sharesOffered", "sharesOwnedBefore", "sharesOwnedAfter") and f.obj:
            assert f"{f.obj:,}" in doc.text[f.span.start:f.span.end]


def test_principal_and_selling_stockholders_table(tmp_path):
    # an IPO's "Principal and Selling Stockholders": directors who sell nothing and the group row are no sellers
    # (graph.sections does not know this heading: it starts an "other" section, read for its title)
    html = page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>", HEAD.format("USE OF PROCEEDS"),
                "<p>We will not receive proceeds from the sale of shares by the selling stockholders.</p>",
                HEAD.format("PRINCIPAL AND SELLING STOCKHOLDERS"),
                table([["Name of Beneficial Owner", "Shares Beneficially Owned Before the Offering",
                        "Number of Shares Being Offered", "Shares Beneficially Owned After the Offering"]],
                      [["Harriet Oduya", "2,000,000", "\u2014", "2,000,000"],
                       ["Calloway Growth Partners III, L.P.", "5,000,000", "1,250,000", "3,750,000"],
                       ["All executive officers and directors as a group (9 persons)", "3,100,000", "\u2014",
                        "3,100,000"]]),
                HEAD.format("UNDERWRITING"), "<p>The underwriters are named below.</p>")
    got = positions(run(tmp_path, html)[1])
    assert set(got) == {"Calloway Growth Partners III, L.P."}
    assert got["Calloway Growth Partners III, L.P."]["sharesOffered"] == 1250000
