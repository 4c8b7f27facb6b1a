"""Documents incorporated by reference (Form S-3 Item 12): lists as bullets, several filings per item,
amendments, proxy statements, Form 8-A, the standing clause, and a description of securities
incorporated from the capital stock section."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.ingest.load import load_document
from extract_support import FIXTURES, HEAD, extract_html


def incorporated(tmp_path: Path, *items: str, extra: str = "") -> tuple[set, list]:
    body = "".join(f"<p>&#8226; {item}</p>" for item in items)
    html = ("<html><body>" + HEAD.format("PROSPECTUS") + "<p>Kelvin Oncology, Inc.</p>"
            + HEAD.format("INCORPORATION OF CERTAIN INFORMATION BY REFERENCE")
            + "<p>We incorporate by reference the documents listed below:</p>" + body + extra + "</body></html>")
    _doc, facts = extract_html(tmp_path, html, "ibr.html")
    return filings(facts), facts


def filings(facts) -> set[tuple]:
    """(form, periodEnd, filingDate, date) of every incorporated filing."""
    refs = {f.obj for f in facts if f.predicate == "incorporatesByReference"}
    out = set()
    for ref in refs:
        got = {p: next((f.obj for f in facts if f.subject == ref and f.predicate == p), None)
               for p in ("formType", "periodEnd", "filingDate", "date")}
        out.add((got["formType"], got["periodEnd"], got["filingDate"], got["date"]))
    return out


D = dt.date


def test_fixture_list_with_an_amendment_and_the_standing_clause():
    facts = extract(load_document(FIXTURES / "resale_s3.html"))
    assert filings(facts) == {
        ("10-K", D(2024, 12, 31), D(2025, 3, 3), None), ("10-K/A", D(2024, 12, 31), D(2025, 4, 14), None),
        ("8-K", None, D(2025, 1, 6), None), ("8-K", None, D(2025, 2, 11), None), ("8-K", None, D(2025, 3, 20), None),
        ("8-A", None, D(2016, 6, 2), None)}
    assert [f.obj for f in facts if f.predicate == "incorporatesFutureFilings"] == [True]


def test_many_dates_in_one_item_and_an_amended_current_report(tmp_path):
    got, _ = incorporated(tmp_path, "our Current Reports on Form 8-K filed on April 4, 2025, as amended on June 17, "
                                    "2025, May 22, 2025 and July 1, 2025;")
    assert got == {("8-K", None, D(2025, 4, 4), None), ("8-K/A", None, D(2025, 6, 17), None),
                   ("8-K", None, D(2025, 5, 22), None), ("8-K", None, D(2025, 7, 1), None)}


@pytest.mark.parametrize("item, expected", [
    # each period with its own filing date
    ("our Quarterly Reports on Form 10-Q for the quarters ended March 31, 2025, filed with the SEC on May 15, 2025, "
     "June 30, 2025, filed with the SEC on August 14, 2025, and September 30, 2025, filed with the SEC on November 13, 2025;",
     {("10-Q", D(2025, 3, 31), D(2025, 5, 15), None), ("10-Q", D(2025, 6, 30), D(2025, 8, 14), None),
      ("10-Q", D(2025, 9, 30), D(2025, 11, 13), None)}),
    # periods, then filing dates "respectively"
    ("our Quarterly Reports on Form 10-Q for the quarters ended March 31, 2025 and June 30, 2025 that we filed with the "
     "SEC on May 12, 2025 and August 5, 2025, respectively;",
     {("10-Q", D(2025, 3, 31), D(2025, 5, 12), None), ("10-Q", D(2025, 6, 30), D(2025, 8, 5), None)}),
    ("our Annual Report on Form 10-K for the fiscal year ended December 31, 2024, filed with the SEC on March 10, 2025, "
     "as amended by Form 10-K/A, filed with the SEC on April 29, 2025;",
     {("10-K", D(2024, 12, 31), D(2025, 3, 10), None), ("10-K/A", D(2024, 12, 31), D(2025, 4, 29), None)}),
    ("the portions of our Definitive Proxy Statement on Schedule 14A, filed with the SEC on April 25, 2025, that are "
     "deemed filed;", {("DEF 14A", None, D(2025, 4, 25), None)}),
    ("the information specifically incorporated by reference into our Annual Report on Form 10-K for the year ended "
     "December 31, 2024 from our definitive proxy statement on Schedule 14A, which was filed with the SEC on April 2, "
     "2025;", {("DEF 14A", None, D(2025, 4, 2), None)}),   # the 10-K is where the information went, not the item
    ("the portions of our Definitive Proxy Statement on Schedule 14A that are incorporated by reference into our "
     "Annual Report on Form 10-K, filed with the SEC on April 22, 2023;", {("DEF 14A", None, D(2023, 4, 22), None)}),
    ("our Annual Report on Form 10-K for the fiscal year ended January 28, 2024, including the information specifically "
     "incorporated by reference into the Annual Report on Form 10-K from our definitive proxy statement for the 2024 "
     "annual meeting of stockholders;", {("10-K", D(2024, 1, 28), None, None), ("DEF 14A", None, None, None)}),
    ("our Definitive Proxy Statement on Schedule 14A filed on May 2, 2024, as supplemented by the Supplement to the "
     "Definitive Proxy Statement on Schedule 14A filed on May 16, 2024;",
     {("DEF 14A", None, D(2024, 5, 2), None), ("DEFA14A", None, D(2024, 5, 16), None)}),
    ("our Annual Report on Form 10-K for the year ended June 30, 2023, as filed with the SEC on September 12, 2023, as "
     "amended on October 27, 2023;",
     {("10-K", D(2023, 6, 30), D(2023, 9, 12), None), ("10-K/A", D(2023, 6, 30), D(2023, 10, 27), None)}),
    ("the description of our common stock contained in our Registration Statement on Form 8-A12B filed on July 23, "
     "2013, including any amendment filed for the purpose of updating such description;",
     {("8-A", None, D(2013, 7, 23), None)}),
    ("the description of our securities, incorporated herein by reference to Exhibit 4.5 to our Annual Report on "
     "Form 10-K for the fiscal year ended December 31, 2019;", {("10-K", D(2019, 12, 31), None, None)}),
    ("our Current Report on Form 8-K dated August 14, 2002;", {("8-K", None, None, D(2002, 8, 14))}),
])
def test_list_items(tmp_path, item, expected):
    got, _ = incorporated(tmp_path, item)
    assert got == expected


def test_template_dates_give_no_filing(tmp_path):
    got, _ = incorporated(tmp_path, "our Annual Report on Form 10-K for the year ended December 31, 20[&#9679;];",
                          "our Current Reports on Form 8-K filed with the SEC on            , 2026;")
    assert got == set()


def test_standing_clauses_are_no_filings(tmp_path):
    got, facts = incorporated(
        tmp_path, "our Annual Report on Form 10-K for the year ended December 31, 2024;",
        extra="<p>We also incorporate by reference any filings made after the date of effectiveness of the registration "
              "statement with the SEC under Sections 13(a), 13(c), 14 or 15(d) of the Exchange Act until the offering "
              "is completed.</p><p>Information furnished under Item 2.02 of any Current Report on Form 8-K filed on "
              "May 1, 2025 is not incorporated by reference into this prospectus.</p>")
    assert got == {("10-K", D(2024, 12, 31), None, None)}
    assert [f.obj for f in facts if f.predicate == "incorporatesFutureFilings"] == [True]


def test_description_of_securities_from_the_capital_stock_section(tmp_path):
    html = ("<html><body>" + HEAD.format("PROSPECTUS") + "<p>Kelvin Oncology, Inc.</p>" + HEAD.format("DESCRIPTION OF CAPITAL STOCK")
            + "<p>The description of our Series B Preferred Stock set forth in Item 3.03 of our Current Report on Form 8-K "
              "filed with the SEC on June 27, 2024 is incorporated herein by reference. Our bylaws are filed as an "
              "exhibit to our Current Report on Form 8-K filed on May 2, 2023.</p></body></html>")
    path = tmp_path / "cap.html"
    path.write_text(html, encoding="utf-8")
    assert filings(extract(load_document(path))) == {("8-K", None, D(2024, 6, 27), None)}


def test_a_list_of_plain_paragraphs(tmp_path):
    html = ("<html><body>" + HEAD.format("PROSPECTUS") + "<p>Kelvin Oncology, Inc.</p>"
            + HEAD.format("INCORPORATION OF CERTAIN INFORMATION BY REFERENCE")
            + "<p>We have filed a registration statement on Form S-3 with the SEC on May 1, 2025. We incorporate by "
              "reference the documents listed below:</p>"
              "<p>Our Annual Report on Form 10-K for the year ended December 31, 2024, filed on March 4, 2025.</p>"
              "<p>Our Current Report on Form 8-K filed on April 2, 2025.</p></body></html>")
    path = tmp_path / "plain.html"
    path.write_text(html, encoding="utf-8")
    assert filings(extract(load_document(path))) == {("10-K", D(2024, 12, 31), D(2025, 3, 4), None),
                                                    ("8-K", None, D(2025, 4, 2), None)}
