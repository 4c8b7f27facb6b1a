"""Documents as they are filed (issue 15): the incorporated-documents list wherever it sits (its own
heading, a combined heading, under "Where you can find more information"), a supplement's table of
contents naming both parts, 60-column text filings (wrapped list items, lower-case form names, an
amendment named without a date, a company defined in its own sentence, the facing page), and every
corpus file building without an internal error. All fixtures are invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.models import BASE_PROSPECTUS, ISSUER, PROSPECTUS
from extract_support import HEAD, extract_html, page
from test_extract_filings import filings

D = dt.date


def _issuer(facts, predicate):
    return [f.obj for f in facts if f.subject == ISSUER and f.predicate == predicate]


# --- the list, wherever it sits --------------------------------------------------------------------

_LIST = ("<p>&#8226; our Annual Report on Form 10-K for the fiscal year ended June 30, 2024;</p>"
         "<p>&#8226; our Current Reports on Form 8-K filed with the SEC on August 2, 2024 and "
         "September 9, 2024; and</p>")
_STANDING = ("<p>We also incorporate by reference all documents we file with the SEC after the date of this "
             "prospectus and before the termination of the offering.</p>")
_EXPECTED = {("10-K", D(2024, 6, 30), None, None), ("8-K", None, D(2024, 8, 2), None),
             ("8-K", None, D(2024, 9, 9), None)}


@pytest.mark.parametrize("heading, intro", [
    ("WHERE YOU CAN FIND MORE INFORMATION",
     "We file reports with the SEC. We have filed with the SEC, and incorporate by reference in this prospectus:"),
    ("WHERE YOU CAN FIND MORE INFORMATION",
     "The SEC allows us to incorporate by reference the information we file with it. We incorporate by "
     "reference the documents listed below and any future filings."),
    ("WHERE YOU CAN FIND MORE INFORMATION; INCORPORATION BY REFERENCE",
     "This prospectus incorporates by reference the following documents:"),
    ("CERTAIN DOCUMENTS INCORPORATED BY REFERENCE", "The following documents are incorporated herein by reference:"),
    ("DOCUMENTS WE INCORPORATE BY REFERENCE", "We incorporate by reference:"),
])
def test_the_list_is_read_under_any_heading_that_holds_it(tmp_path, heading, intro):
    _doc, facts = extract_html(tmp_path, page(
        HEAD.format("PROSPECTUS"), "<p>Quillon Biosystems, Inc.</p>", HEAD.format("RISK FACTORS"),
        "<p>Investing is risky.</p>", HEAD.format(heading), f"<p>{intro}</p>", _LIST, _STANDING,
        HEAD.format("LEGAL MATTERS"), "<p>Hartwell &amp; Pike LLP will pass upon the validity.</p>"))
    assert filings(facts) == _EXPECTED
    assert any(f.predicate == "incorporatesFutureFilings" for f in facts)


def test_where_you_can_find_without_an_incorporating_sentence_lists_nothing(tmp_path):
    # "we make available our annual reports on Form 10-K ..." is no list of incorporated filings
    _doc, facts = extract_html(tmp_path, page(
        HEAD.format("PROSPECTUS"), "<p>Quillon Biosystems, Inc.</p>", HEAD.format("WHERE YOU CAN FIND MORE INFORMATION"),
        "<p>We make available on our website our Annual Report on Form 10-K for the fiscal year ended June 30, "
        "2024 and our Current Report on Form 8-K filed on August 2, 2024.</p>", HEAD.format("LEGAL MATTERS"),
        "<p>Counsel.</p>"))
    assert filings(facts) == set()


# --- a supplement and its base prospectus -----------------------------------------------------------

def test_a_table_of_contents_line_prospectus_does_not_start_the_base(tmp_path):
    doc, facts = extract_html(tmp_path, page(
        HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>(To Prospectus dated March 3, 2025)</p>",
        "<p>Orrin Marine Holdings, Inc.</p><p>2,000,000 Shares of Common Stock</p>",
        HEAD.format("TABLE OF CONTENTS"), "<p><b>Prospectus Supplement</b></p>",
        "<table><tr><td>About this Prospectus Supplement</td><td>S-1</td></tr>"
        "<tr><td>Incorporation by Reference</td><td>S-9</td></tr></table>",
        "<p><b>Prospectus</b></p>",
        "<table><tr><td>About this Prospectus</td><td>1</td></tr><tr><td>Plan of Distribution</td><td>7</td></tr></table>",
        HEAD.format("ABOUT THIS PROSPECTUS SUPPLEMENT"), "<p>This document has two parts.</p>",
        HEAD.format("INCORPORATION OF CERTAIN INFORMATION BY REFERENCE"),
        "<p>We incorporate by reference the documents listed below:</p>",
        "<p>&#8226; our Annual Report on Form 10-K for the year ended December 31, 2024;</p>",
        "<p>&#8226; our Current Report on Form 8-K filed on April 7, 2025.</p>",
        HEAD.format("PROSPECTUS"), "<p>Orrin Marine Holdings, Inc.</p><p>Common Stock</p>",
        "<p>The date of this prospectus is March 3, 2025.</p>",
        HEAD.format("ABOUT THIS PROSPECTUS"), "<p>This prospectus is part of a shelf registration statement.</p>",
        HEAD.format("INCORPORATION BY REFERENCE"), "<p>We incorporate by reference the documents listed below:</p>",
        "<p>&#8226; our Annual Report on Form 10-K for the year ended December 31, 2024;</p>",
        "<p>&#8226; our Definitive Proxy Statement on Schedule 14A filed on April 20, 2024.</p>"))
    (base,) = [s for s in doc.sections if s.kind == "base_prospectus"]
    assert doc.text[base.start:base.body_start].strip() == "PROSPECTUS"
    assert doc.text.find("ABOUT THIS PROSPECTUS SUPPLEMENT") < base.start
    main = {f.obj.key for f in facts if f.predicate == "incorporatesByReference" and f.subject == PROSPECTUS}
    in_base = {f.obj.key for f in facts if f.predicate == "incorporatesByReference" and f.subject == BASE_PROSPECTUS}
    assert main == {"10-K|period-2024-12-31", "8-K|filed-2025-04-07"}
    assert in_base == {"10-K|period-2024-12-31", "DEF 14A|filed-2024-04-20"}   # one node for the 10-K
    assert all(f.span.start >= base.start for f in facts if f.subject == BASE_PROSPECTUS)
    (link,) = [f for f in facts if f.predicate == "baseProspectus"]
    assert (link.subject, link.obj) == (PROSPECTUS, BASE_PROSPECTUS)
    assert [f.obj for f in facts if f.subject == BASE_PROSPECTUS and f.predicate == "prospectusDate"] == [D(2025, 3, 3)]
    assert D(2025, 3, 3) in [f.obj for f in facts if f.subject == PROSPECTUS and f.predicate == "baseProspectusDate"]


# --- legacy fixed-width text ------------------------------------------------------------------------

_TEXT_FILING = """

As filed with the Securities and Exchange Commission on April
12, 1996

                 SECURITIES AND EXCHANGE COMMISSION
                       WASHINGTON, D.C.  20549

                              FORM S-3

                      TARN VALLEY BEVERAGE CORP.
      (Exact name of registrant as specified in its charter)

              New Jersey                        22-1234567
  (State or other jurisdiction of         (I.R.S. Employer
    incorporation or organization)        Identification No.)

                         410 Orchard Lane
                   Millbrook, New Jersey 07999
                          (908) 555-0143
 (Address, including zip code, and telephone number, including
     area code, of registrant's principal executive offices)

<PAGE>

PROSPECTUS
                      TARN VALLEY BEVERAGE CORP.

                   250,000 Shares of Common Stock

     This Prospectus relates to 250,000 shares of Common Stock
which may be offered by certain shareholders of Tarn Valley
Beverage Corp., a New Jersey corporation (the
"Company").

         INCORPORATION OF CERTAIN DOCUMENTS BY REFERENCE

     The following documents filed by the Company with the
Commission are incorporated herein by reference:

     1.   The Company's Annual Report on Form 10-K for the year
ended December 31, 1995, as amended by Form 10-K/A.

     2. The Company's Quarterly Report on form 10-Q for the
quarter ended March 31, 1996.

     3.   The Company's Current Report on Form 8-K dated
February 2, 1996.

     All documents filed by the Company with the Commission
pursuant to Section 13(a) or 15(d) of the Exchange Act
subsequent to the date of this Prospectus and prior to the
termination of the offering shall be deemed to be incorporated
by reference in this Prospectus.

                              EXPERTS

     The financial statements have been audited by Brandt
& Oakes LLP, independent auditors.
"""


def test_a_sixty_column_text_filing(tmp_path):
    path = tmp_path / "tarn.txt"
    path.write_text(_TEXT_FILING, encoding="utf-8")
    doc = load_document(path)
    facts = extract(doc)
    assert filings(facts) == {("10-K", D(1995, 12, 31), None, None), ("10-Q", D(1996, 3, 31), None, None),
                              ("8-K", None, None, D(1996, 2, 2))}
    assert any(f.predicate == "incorporatesFutureFilings" for f in facts)
    assert set(_issuer(facts, "name")) == {"Tarn Valley Beverage Corp."}
    assert _issuer(facts, "stateOfIncorporation") == ["New Jersey"]
    (address,) = _issuer(facts, "address")
    assert address == "410 Orchard Lane, Millbrook, New Jersey 07999"
    for f in facts:    # every span indexes the canonical text
        assert f.span.end <= len(doc.text)


def test_the_facing_page_and_co_registrants_give_the_address(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Fennick Power Corporation</p><p>Fennick Electric Company</p>",
        HEAD.format("OUR COMPANY"),
        "<p>The principal executive offices of Fennick Power Corporation and Fennick Electric Company are located "
        "at 12 Harbor Road, Eastport, Maine 04631. We are a Maine corporation.</p>",
        "<p>All references to \"we\" or \"Fennick\" are to Fennick Power Corporation.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert _issuer(facts, "address") == ["12 Harbor Road, Eastport, Maine 04631"]


def test_an_address_with_an_abbreviation_runs_to_its_zip_code(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Lumen Grid, Inc.</p>", HEAD.format("PROSPECTUS SUMMARY"),
        "<p>References to \"we\" or \"Lumen\" are to Lumen Grid, Inc. Our principal executive offices are located "
        "at 100 NE Harbor Ave., Bldg. 4, Seaview, Oregon, 97999, and our telephone number is (503) 555-0100.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert _issuer(facts, "address") == ["100 NE Harbor Ave., Bldg. 4, Seaview, Oregon, 97999"]


# --- every corpus file builds ------------------------------------------------------------------------

_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["edgar", "unlabelled"])
def test_every_corpus_file_builds_without_an_internal_error(tmp_path, folder):
    if not (_CORPUS / folder).is_dir():
        pytest.skip("shared corpus not present")
    from prospectus_kg.graph.build.pipeline import build
    summary = build([_CORPUS / folder], tmp_path / "out", jobs=2)
    assert dict(summary.failed) == {}


# --- one node per real filing -----------------------------------------------------------------------

_SHELF = ("<html><body>" + HEAD.format("PROSPECTUS") + "<p>Corvel Aquatics, Inc.</p>"
          "<p>References to \"we,\" \"us\" or \"Corvel\" are to Corvel Aquatics, Inc.</p>{body}</body></html>")


def test_one_filing_node_across_two_prospectuses_of_one_issuer(tmp_path):
    from rdflib import Graph, URIRef
    from prospectus_kg.graph.build.pipeline import build
    from prospectus_kg.ontology.namespace import PROSP
    folder = tmp_path / "in"
    folder.mkdir()
    # the first names the 10-K by its period and filing date in its list
    (folder / "first.html").write_text(_SHELF.format(body=HEAD.format("INCORPORATION BY REFERENCE")
        + "<p>We incorporate by reference the documents listed below:</p>"
        "<p>&#8226; our Annual Report on Form 10-K for the fiscal year ended September 30, 2024, filed with the SEC "
        "on December 5, 2024;</p><p>&#8226; our Current Report on Form 8-K filed on January 14, 2025.</p>"
        + HEAD.format("LEGAL MATTERS") + "<p>Counsel.</p>"), encoding="utf-8")
    # the second lists it under "Where you can find more information" by its period, and its experts
    # section points to it by its filing date alone
    (folder / "second.html").write_text(_SHELF.format(body=HEAD.format("WHERE YOU CAN FIND MORE INFORMATION")
        + "<p>We incorporate by reference in this prospectus the following documents:</p>"
        "<p>&#8226; our annual report on Form 10-K for the year ended September 30, 2024 (filed on December 5, "
        "2024);</p><p>&#8226; our quarterly report on Form 10-Q for the quarter ended December 31, 2024.</p>"
        + HEAD.format("EXPERTS") + "<p>The financial statements incorporated in this prospectus by reference to our "
        "Annual Report on Form 10-K filed on December 5, 2024 have been audited by Lindqvist &amp; Moreau LLP, an "
        "independent registered public accounting firm.</p>"), encoding="utf-8")
    out = tmp_path / "out"
    build([folder], out, jobs=1)
    g = Graph().parse(out / "graph.ttl")
    tenk = {f for f in g.objects(None, PROSP.incorporatesByReference)
            if str(g.value(f, PROSP.formType)) == "10-K"}
    assert len(tenk) == 1
    (node,) = tenk
    assert str(g.value(node, PROSP.periodEnd)) == "2024-09-30" and str(g.value(node, PROSP.filingDate)) == "2024-12-05"
    assert {str(s).rsplit("/", 1)[-1] for s in g.subjects(PROSP.incorporatesByReference, node)} == {"first", "second"}
    assert not any("filed-2024-12-05" in str(s) for s in g.all_nodes())   # the filing-date mention joined the node
    assert isinstance(node, URIRef) and "/corvel-aquatics-inc/10-k/period-2024-09-30" in str(node)


# --- listings ---------------------------------------------------------------------------------------

def _listings(facts):
    out = {}
    for f in facts:
        if f.predicate == "listing":
            out[f.obj.key] = [f.subject.key, sorted({g.obj for g in facts if g.subject == f.obj and g.predicate == "exchangeName"})]
    return out


def test_a_warrant_listing_is_the_warrants_and_short_exchange_names_take_the_full_one(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Pellworth Energy Corp.</p><p>Common Stock</p>",
        "<p>Our common stock is listed on The Nasdaq Global Select Market under the symbol \u201cPWEC\u201d and our "
        "public warrants are listed on the Nasdaq Capital Market under the symbol \u201cPWECW\u201d.</p>",
        HEAD.format("PROSPECTUS SUMMARY"),
        "<p>Our common stock trades on Nasdaq under the symbol \u201cPWEC.\u201d</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    got = _listings(facts)
    assert got["PWEC"] == ["common stock", ["Nasdaq Global Select Market"]]
    assert got["PWECW"] == ["warrants", ["Nasdaq Capital Market"]]


def test_an_exchange_named_without_a_symbol(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Harrow Glen Paging Corp.</p><p>100,000 Shares of Common Stock</p>",
        "<p>The shares of Common Stock of the Company are traded on the American Stock Exchange.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert [f.obj for f in facts if f.predicate == "exchangeName"] == ["American Stock Exchange"]
    assert not [f for f in facts if f.predicate == "tickerSymbol"]


# --- issuers of every kind --------------------------------------------------------------------------

@pytest.mark.parametrize("cover, name", [
    ("<p>SUBJECT TO COMPLETION, DATED MAY 2, 2025</p><p>Prospectus</p><p>$900,000,000 Asset-Backed Notes</p>"
     "<p>Marlow Auto Receivables 2025-1 Owner Trust<br>Issuing Entity</p>"
     "<p>Marlow Receivables LLC, Depositor</p>", "Marlow Auto Receivables 2025-1 Owner Trust"),
    ("<p>Prospectus dated June [&#9679;], 2025&#160;&#160; Kestrel Card Master Trust (Central Index Key Number "
     "0009999999) Issuing Entity</p><p>Kestrel Funding LLC</p><p>Depositor</p>", "Kestrel Card Master Trust"),
    ("<p>Tidewater Vehicle Lease Trust 2025-A</p><p>Issuing Entity</p><p>Tidewater Auto Leasing LLC Depositor</p>",
     "Tidewater Vehicle Lease Trust 2025-A"),
])
def test_an_asset_backed_issuing_entity(tmp_path, cover, name):
    _doc, facts = extract_html(tmp_path, page(cover, HEAD.format("RISK FACTORS"), "<p>The notes are risky.</p>"))
    assert _issuer(facts, "name") == [name]


def test_a_structured_note_issuer_defined_as_the_issuer(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Linked to the Example 100 Index</p>",
        "<p>Any payment on the Notes is subject to the credit risk of Quarry Finance LLC (\u201cQuarry Finance\u201d or the "
        "\u201cIssuer\u201d), as issuer of the Notes, and Quarry Holdings Corporation (\u201cQuarry\u201d or the "
        "\u201cGuarantor\u201d).</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert _issuer(facts, "name") == ["Quarry Finance LLC"]


def test_another_partys_defined_terms_do_not_make_it_the_issuer(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>ALDER RIDGE ROYALTIES, LLC</p><p>(Exact name of registrant as specified in its charter)</p>",
        HEAD.format("PROSPECTUS SUMMARY"),
        "<p>The Notes will be offered by Wexford Securities, LLC (\u201cWexford\u201d or, in its capacity as our "
        "broker-dealer of record, the \u201cManaging Broker-Dealer\u201d), a member of FINRA.</p>",
        "<p>In this summary, the terms \u201cwe,\u201d \u201cus,\u201d and \u201cour\u201d each refer to Alder Ridge Royalties, LLC.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert set(_issuer(facts, "name")) == {"Alder Ridge Royalties, LLC"}


def test_a_sponsor_line_under_a_trusts_name_is_not_the_name(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>FORM S-1</p><p>Brightwater Ether Index Trust</p><p>Sponsored by Brightwater Asset Management Ltd.</p>",
        "<p>(Exact name of registrant as specified in its charter)</p><p>Delaware</p>",
        HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert _issuer(facts, "name") == ["Brightwater Ether Index Trust"]


# --- filings named by title, and filings incorporated outside the list ------------------------------

def test_a_foreign_issuers_list_names_filings_by_title(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Northcape Minerals Ltd.</p>", HEAD.format("DOCUMENTS INCORPORATED BY REFERENCE"),
        "<p>The following documents, filed with the securities commissions in Canada and furnished to the SEC, are "
        "specifically incorporated by reference in this prospectus:</p>",
        "<p>&#8226; the annual information form of the Company dated March 20, 2025 for the year ended December 31, 2024;</p>",
        "<p>&#8226; the audited consolidated financial statements of the Company for the years ended December 31, 2024 "
        "and 2023, together with the auditor's report thereon;</p>",
        "<p>&#8226; management's discussion and analysis for the year ended December 31, 2024;</p>",
        "<p>&#8226; the management information circular dated April 2, 2025 for the annual meeting; and</p>",
        "<p>&#8226; the material change report dated May 6, 2025.</p>", HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert filings(facts) == {("Annual Information Form", None, None, D(2025, 3, 20)),
                              ("Annual Financial Statements", D(2024, 12, 31), None, None),
                              ("MD&A", D(2024, 12, 31), None, None),
                              ("Information Circular", None, None, D(2025, 4, 2)),
                              ("Material Change Report", None, None, D(2025, 5, 6))}


@pytest.mark.parametrize("sentence, expected", [
    ("The consolidated financial statements incorporated in this prospectus by reference to our Annual Report on "
     "Form 10-K for the year ended March 31, 2025 have been audited by Tolland &amp; Reyes LLP.",
     {("10-K", D(2025, 3, 31), None, None)}),
    ("Our Quarterly Report on Form 10-Q for the quarter ended June 30, 2025, which is incorporated herein by "
     "reference, describes these risks.", {("10-Q", D(2025, 6, 30), None, None)}),
    # negatives: another noun is incorporated; an exhibit; "not incorporated"; a registration statement
    ("These risks are described in our Annual Report on Form 10-K for the year ended March 31, 2025, and the other "
     "documents incorporated by reference herein.", set()),
    ("Our charter is filed as an exhibit to our Current Report on Form 8-K filed on May 1, 2025 (incorporated by "
     "reference to Exhibit 3.1 thereto).", set()),
    ("Our Current Report on Form 8-K furnished on May 1, 2025 is not incorporated by reference herein.", set()),
])
def test_a_filing_incorporated_outside_the_list(tmp_path, sentence, expected):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Bellmoor Systems, Inc.</p>", HEAD.format("RISK FACTORS"), f"<p>{sentence}</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert filings(facts) == expected


def test_a_units_symbol_with_a_dot(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Sable Harbor Acquisition Corp.</p><p>20,000,000 Units</p>",
        "<p>We intend to apply to have our units listed on the New York Stock Exchange, or the NYSE, under the "
        "symbol\u00a0\u201cSHAC.U\u201d on or promptly after the date of this prospectus.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert _listings(facts)["SHAC.U"] == ["units", ["New York Stock Exchange"]]


def test_a_proxy_named_by_its_meeting_is_the_one_filed_that_year(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Wrenfield Outfitters, Inc.</p>", HEAD.format("INCORPORATION BY REFERENCE"),
        "<p>We incorporate by reference the documents listed below:</p>",
        "<p>&#8226; our Annual Report on Form 10-K for the fiscal year ended February 1, 2025, including the information "
        "specifically incorporated by reference into the Annual Report on Form 10-K from our definitive proxy statement "
        "for the 2025 annual meeting of stockholders;</p>",
        "<p>&#8226; our Definitive Proxy Statement on Schedule 14A, filed with the SEC on May 7, 2025.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert filings(facts) == {("10-K", D(2025, 2, 1), None, None), ("DEF 14A", None, D(2025, 5, 7), None)}


def test_a_report_named_by_its_title_alone(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Ostrava Robotics, Inc.</p>", HEAD.format("INCORPORATION BY REFERENCE"),
        "<p>We incorporate by reference the documents listed below:</p>",
        "<p>&#8226; our Annual Report on Form 10-K for the year ended December 31, 2024;</p>",
        "<p>&#8226; the description of our common stock contained in our Registration Statement on Form 8-A filed on "
        "June 2, 2020, as amended by Exhibit 4.2 to the Annual Report filed with the Commission on March 4, 2025.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert filings(facts) == {("10-K", D(2024, 12, 31), None, None), ("8-A", None, D(2020, 6, 2), None),
                              ("10-K", None, D(2025, 3, 4), None)}


def test_the_state_it_moved_to_and_a_short_name_defined_with_a_possessive(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>PROSPECTUS SUPPLEMENT</p><p>CALDER GRID HOLDINGS, INC.</p>",
        "<p>This prospectus supplement relates to the sale of shares of Calder Grid Holdings, Inc.\u2019s (\u201cCGH\u201d) "
        "common stock.</p>", HEAD.format("PROSPECTUS SUPPLEMENT SUMMARY"),
        "<p>CGH was originally incorporated in Oregon in 1991 and reincorporated in Delaware in 2004. CGH\u2019s principal "
        "executive offices are located at 40 Wharf Street, Portsmouth, New Hampshire 03801.</p>",
        HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert _issuer(facts, "stateOfIncorporation") == ["Delaware"]
    assert _issuer(facts, "address") == ["40 Wharf Street, Portsmouth, New Hampshire 03801"]
    assert "CGH" in _issuer(facts, "alias")


def test_an_issuer_named_by_its_role(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Linked to the Example 400 Index</p>",
        "<p>All payments are subject to the credit risk of Quarry Finance LLC, as issuer of the notes, and the credit "
        "risk of Quarry Holdings Corporation, as guarantor of the notes.</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert _issuer(facts, "name") == ["Quarry Finance LLC"]


def test_an_issuing_trusts_state_and_not_its_sponsors_address(tmp_path):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Marlow Auto Owner Trust 2025-1</p><p>Issuing Entity</p>", HEAD.format("THE TRANSACTION PARTIES"),
        "<p>Marlow Auto Owner Trust 2025-1 will be the issuing entity. The Trust was formed on March 3, 2025 as a "
        "Delaware statutory trust.</p>",
        "<p>Marlow Motors, Inc. is the sponsor. Its principal executive offices are located at 9 Dock Road, "
        "Richmond, Virginia 23230.</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert _issuer(facts, "name") == ["Marlow Auto Owner Trust 2025-1"]
    assert _issuer(facts, "stateOfIncorporation") == ["Delaware"]
    assert _issuer(facts, "address") == []


def test_an_offering_with_new_and_resold_shares_gives_the_issuer_proceeds(tmp_path):
    from prospectus_kg.graph.models import OFFERING
    _doc, facts = extract_html(tmp_path, page(
        "<p>Fernhill Audio, Inc.</p><p>9,000,000 Shares of Common Stock</p>",
        "<p>We are offering 7,000,000 shares and the selling stockholders are offering 2,000,000 shares.</p>",
        HEAD.format("USE OF PROCEEDS"),
        "<p>We estimate that the net proceeds to us from this offering will be approximately $61.2 million. We will not "
        "receive any proceeds from the sale of shares by the selling stockholders.</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert {f.obj for f in facts if f.subject == OFFERING and f.predicate == "proceedsToIssuer"} == {True}
