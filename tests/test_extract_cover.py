"""The issuer and the offering from the cover and summary of HTML filings; blanks left in preliminary
prospectuses and templates give no fact, never a wrong one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.models import ISSUER, OFFERING, PROSPECTUS
from extract_support import FIXTURES, HEAD, run


def values(facts, subject, predicate) -> set:
    return {f.obj for f in facts if f.subject == subject and f.predicate == predicate}


def value(facts, predicate) -> set:
    return {f.obj for f in facts if f.predicate == predicate}


def test_issuer_from_the_definition_and_the_summary():
    facts = extract(load_document(FIXTURES / "resale_s3.html"))
    assert values(facts, ISSUER, "name") == {"Halvard Biosciences, Inc."}
    assert {"Halvard", "we", "us"} <= values(facts, ISSUER, "alias")
    assert values(facts, ISSUER, "stateOfIncorporation") == {"Nevada"}
    assert values(facts, ISSUER, "address") == {"40 Quarry Lane, Suite 200, Reno, Nevada 89501"}
    assert values(facts, ISSUER, "telephone") == {"(775) 555-0199"}
    assert value(facts, "tickerSymbol") == {"HLVD"} and value(facts, "exchangeName") == {"Nasdaq Global Market"}
    assert values(facts, PROSPECTUS, "prospectusDate") == {dt.date(2025, 5, 5)}
    assert values(facts, OFFERING, "sharesOffered") == {4200000}


def test_issuer_referred_to_collectively_and_the_preliminary_date():
    facts = extract(load_document(FIXTURES / "resale_grouped.html"))
    assert values(facts, ISSUER, "name") == {"Corvane Therapeutics, Inc."}
    # "Prospectus dated            , 2025" is blank: the preliminary "Subject to completion" date stands
    assert values(facts, PROSPECTUS, "prospectusDate") == {dt.date(2025, 9, 8)}


def test_registration_statement_facing_page_names_the_registrant(tmp_path):
    _doc, facts = run(tmp_path, "<p>FORM S-1</p><p>REGISTRATION STATEMENT</p><p>UNDER</p><p>THE SECURITIES ACT OF 1933</p>",
                      "<p>LUMEN BAY ROBOTICS, INC.</p><p>(Exact name of registrant as specified in its charter)</p>",
                      HEAD.format("PROSPECTUS SUMMARY"),
                      "<p>Lumen Bay Robotics, Inc. was incorporated in Delaware in 2019.</p>")
    assert values(facts, ISSUER, "name") == {"Lumen Bay Robotics, Inc."}       # the mixed-case spelling


def test_supplement_dates_and_base_prospectus_facts(tmp_path):
    _doc, facts = run(tmp_path, "<p>Filed Pursuant to Rule 424(b)(5)</p>", HEAD.format("PROSPECTUS SUPPLEMENT"),
                      "<p>(To Prospectus dated May 22, 2024)</p>", "<p>Kestrel Biologics, Inc.</p>",
                      "<p>500,000 Shares of Common Stock</p>",
                      "<p>Our common stock is listed on The Nasdaq Capital Market, or Nasdaq, under the symbol "
                      "\u201cKSTL.\u201d</p>", "<p>Prospectus Supplement dated June 3, 2025</p>",
                      HEAD.format("ABOUT THIS PROSPECTUS SUPPLEMENT"),
                      "<p>References to \u201cKestrel,\u201d \u201cwe\u201d and \u201cus\u201d are to Kestrel Biologics, Inc.</p>",
                      HEAD.format("PROSPECTUS"), "<p>Heron Biologics, Inc.</p>",
                      "<p>Our common stock is listed on the Nasdaq Capital Market under the symbol \u201cHRON.\u201d</p>",
                      "<p>The date of this prospectus is            , 2024.</p>",
                      HEAD.format("ABOUT THIS PROSPECTUS"),
                      "<p>References to \u201cHeron,\u201d \u201cwe\u201d and \u201cus\u201d are to Heron Biologics, Inc.</p>")
    assert values(facts, PROSPECTUS, "prospectusDate") == {dt.date(2025, 6, 3)}
    assert values(facts, PROSPECTUS, "baseProspectusDate") == {dt.date(2024, 5, 22)}
    # the bundled base prospectus (in the issuer's former name) gives no issuer name and no ticker
    assert values(facts, ISSUER, "name") == {"Kestrel Biologics, Inc."}
    assert value(facts, "tickerSymbol") == {"KSTL"}


def test_blank_price_and_blank_dates_give_no_fact(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PRELIMINARY PROSPECTUS"), "<p>Osprey Dynamics Corp.</p>",
                      "<p>Shares of Common Stock</p>",
                      "<table><tr><td></td><td><b>Per Share</b></td><td><b>Total</b></td></tr>"
                      "<tr><td>Public offering price</td><td>$</td><td>$</td></tr></table>",
                      "<p>The date of this prospectus is            , 2026.</p>")
    assert value(facts, "pricePerShare") == set()
    assert value(facts, "prospectusDate") == set()
    assert value(facts, "sharesOffered") == set()


def test_price_per_share_from_the_cover_table(tmp_path):
    facts = extract(load_document(FIXTURES / "underwritten_424b4.html"))
    assert value(facts, "pricePerShare") == {Decimal("18.00")}
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>Osprey Dynamics Corp.</p>",
                      "<table><tr><td></td><td><b>Per Share and Accompanying Warrant</b></td><td><b>Total</b></td></tr>"
                      "<tr><td>Offering price</td><td>$3.61</td><td>$7,000,000</td></tr></table>")
    assert value(facts, "pricePerShare") == set()      # a unit price is no price per share


def test_state_of_another_company_is_not_the_issuers(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Plover Health, Inc.</p>", HEAD.format("PROSPECTUS SUMMARY"),
                      "<p>Plover Health, Inc. (\u201cPlover,\u201d \u201cwe\u201d or \u201cus\u201d) develops devices. On "
                      "April 1, 2024, we acquired Sandpiper Labs, Inc., a Nevada corporation. We were incorporated in "
                      "the State of Oregon in 2011.</p>")
    assert values(facts, ISSUER, "stateOfIncorporation") == {"Oregon"}


def test_issuer_subsidiaries(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Plover Health, Inc.</p>", HEAD.format("PROSPECTUS SUMMARY"),
                      "<p>Plover Health, Inc. (\u201cPlover,\u201d \u201cwe\u201d or \u201cus\u201d) develops devices. We have two "
                      "subsidiaries: Plover Health (UK) Limited and Plover Devices, Inc. Tern Medical LLC, our wholly "
                      "owned subsidiary, holds our patents.</p>")
    subs = {f.subject.key for f in facts if f.predicate == "subsidiaryOf" and f.obj == ISSUER}
    assert subs == {"Plover Health (UK) Limited", "Plover Devices, Inc.", "Tern Medical LLC"}


def test_a_share_count_that_is_not_the_amount_offered(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>Osprey Dynamics Corp.</p>",
                      "<p>Up to $50,000,000 of Common Stock</p>",
                      "<p>The aggregate market value of our outstanding common stock held by non-affiliates was $61.2 "
                      "million, based on 12,345,678 shares of common stock outstanding, of which 10,001,000 shares of "
                      "common stock were held by non-affiliates.</p>")
    assert value(facts, "sharesOffered") == set()


def test_a_prospectus_of_notes_describes_its_offering(tmp_path):
    """No share count on the cover (notes, certificates, a universal shelf): the prospectus still
    describes its offering, evidenced by the cover's issuer name, so queries that start from the
    prospectus reach its issuer; a page that states nothing of an offering describes none."""
    doc, facts = run(tmp_path, "<p>Filed Pursuant to Rule 424(b)(2)</p>", "<p>Marlowe Grid Finance LLC</p>",
                     "<p>$250,000,000 4.850% Senior Notes due 2031</p>",
                     "<p>Marlowe Grid Finance LLC, a Delaware limited liability company (the \u201cIssuer\u201d), "
                     "is offering the notes described in this prospectus supplement.</p>",
                     HEAD.format("LEGAL MATTERS"),
                     "<p>Certain legal matters will be passed upon for us by Ashby Venn LLP.</p>")
    describes = [f for f in facts if f.predicate == "describes"]
    assert [(f.subject, f.obj) for f in describes] == [(PROSPECTUS, OFFERING)]
    issuer = [f for f in facts if f.predicate == "issuer"]
    assert values(facts, OFFERING, "issuer") == {ISSUER} and describes[0].span == issuer[0].span
    assert "Marlowe Grid Finance LLC" in describes[0].span.quote(doc.text)
    _doc, facts = run(tmp_path, "<p>A letter about nothing in particular.</p>")
    assert not [f for f in facts if f.predicate == "describes"]


def test_one_exchange_printed_in_two_cases_is_one_name(tmp_path):
    _doc, facts = run(tmp_path, "<p>Ondine Robotics, Inc.</p>", "<p>1,000,000 Shares of Common Stock</p>",
                      "<p>Our common stock is quoted on the OTCQB Venture Market under the symbol \u201cONDR.\u201d</p>",
                      HEAD.format("MARKET FOR OUR COMMON STOCK"),
                      "<p>Our common stock is quoted on the OTCQB Venture market under the symbol \u201cONDR.\u201d</p>")
    assert value(facts, "exchangeName") == {"OTCQB Venture Market"}
    assert value(facts, "tickerSymbol") == {"ONDR"}
