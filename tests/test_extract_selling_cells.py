"""Selling-holder tables as filed (issue 14): a holder's address printed in its name cell (any country's
layout), footnote marks in cells of their own after the numbers, and a two-row header whose lower row
starts with the name column's head. All fixtures are invented."""

from __future__ import annotations

import pytest

from extract_support import HEAD, extract_html, page, positions


def _doc(table: str) -> str:
    return page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>", HEAD.format("SELLING STOCKHOLDERS"),
                "<p>The table below lists the selling stockholders.</p>", table, HEAD.format("PLAN OF DISTRIBUTION"),
                "<p>The selling stockholders may sell the shares from time to time.</p>")


def _table(header_rows: list[list[str]], rows: list[list[str]], notes: str = "") -> str:
    cells = "".join("<tr>" + "".join(f"<td><b>{c}</b></td>" for c in r) + "</tr>" for r in header_rows)
    cells += "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{cells}</table>{notes}"


_HEAD = [["Name", "Shares Beneficially Owned Prior to Offering", "Shares Being Offered",
          "Shares Beneficially Owned After the Offering"]]


@pytest.mark.parametrize("cell, name", [
    ("Larchmont Ventures AG Rue du Lac 14, CH-1201 Geneve Switzerland", "Larchmont Ventures AG"),
    ("Halvorsen Capital Rue Delacroix 7, CH Lausanne 1003 Switzerland", "Halvorsen Capital"),
    ("Brunnfeld Holding GmbH Seestrasse 21, 8002 Zurich", "Brunnfeld Holding GmbH"),
    ("Amelie Fournier 12 Avenue Foch 75016 Paris France", "Amelie Fournier"),
    ("Quaystone Partners Ltd 20 Fenchurch Street London EC3M 3BY United Kingdom", "Quaystone Partners Ltd"),
    ("Pinecrest Advisors, Inc. 410 Elm Road Markham ON L3R 2A1 Canada", "Pinecrest Advisors, Inc."),
    ("Dorrance Lee 88 Cedar Ave Boise, ID 83702", "Dorrance Lee"),
    # names that only look like the start of an address
    ("Harbor Place Partners LLC", "Harbor Place Partners LLC"),
    ("Avenue Nine Capital Fund 2 LP", "Avenue Nine Capital Fund 2 LP"),
    ("Route 9 Holdings, LLC", "Route 9 Holdings, LLC"),
])
def test_an_address_after_the_name_is_not_part_of_it(tmp_path, cell, name):
    got = positions(extract_html(tmp_path, _doc(_table(_HEAD, [[cell, "500,000", "500,000", "0"]])))[1])
    assert set(got) == {name}
    assert got[name]["sharesOffered"] == 500000


def test_marks_in_their_own_cells_and_the_name_head_in_the_lower_header_row(tmp_path):
    html = _doc(_table(
        [["Shares Beneficially Owned Before this Offering", "Number of Shares Being Offered",
          "Shares To Be Beneficially Owned Upon Completion of this Offering"],
         ["Selling Stockholder", "Number", "Percentage", "Number", "Percentage"]],
        [["Corvane Signal Systems, Inc.", "750,000", "(2)", "3.1%", "750,000", "(2)", "\u2014", "\u2014%"],
         ["Thea Mallory", "40,000", "(3)", "*", "25,000", "(3)", "15,000", "*"]],
        "<p>(2) The shares are held of record by Corvane Signal Systems, Inc., a Delaware corporation.</p>"
        "<p>(3) Includes 5,000 shares held by Ms. Mallory's spouse.</p>"))
    got = positions(extract_html(tmp_path, html)[1])
    assert set(got) == {"Corvane Signal Systems, Inc.", "Thea Mallory"}
    row = got["Corvane Signal Systems, Inc."]
    assert (row["sharesOwnedBefore"], row["sharesOffered"], row["sharesOwnedAfter"]) == (750000, 750000, 0)
    assert str(row["percentOwnedBefore"]) == "3.1"
    row = got["Thea Mallory"]
    assert (row["sharesOwnedBefore"], row["sharesOffered"], row["sharesOwnedAfter"]) == (40000, 25000, 15000)
