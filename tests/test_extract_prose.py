"""Prose extractors on small fixtures phrased differently from the seed: issuer, offering, affiliations,
private placements, transfers, alliances, lock-ups, incorporated filings, experts, counsel and
distribution methods (graph/extract/*.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.models import ISSUER, Document, GYearMonth
from prospectus_kg.graph.ingest.sections import segment


def facts_of(text: str):
    doc = Document(doc_id="t", source_path="t.txt", text=text, media_type="text/plain", encoding="utf-8")
    doc.sections = segment(text)
    facts = extract(doc)
    for f in facts:                      # every fact's span is real text of the document
        assert text[f.span.start:f.span.end].strip(), f
    return facts


def rel(facts, predicate):
    return {(f.subject.key, f.obj.key if hasattr(f.obj, "key") else f.obj) for f in facts if f.predicate == predicate}


DOC = """HALCYON ROBOTICS, INC.

2,500,000 Shares of Common Stock

Prospectus dated March 3, 2011

Our common stock is listed on the NYSE American under the symbol "HRBT". On February 28, 2011, the last reported sale price of our common stock was $4.15 per share.

We will not receive any proceeds from the resale of the shares.

OUR COMPANY

Halcyon Robotics, Inc. ("Halcyon," "we," "us" or "our") was incorporated in Delaware in 2004. We design autonomous inspection drones for pipelines. Our principal executive offices are located at 400 Mill Lane, Suite 12, Austin, Texas 78701, and our telephone number is (512) 555-0190.

SELLING STOCKHOLDERS

The name of the selling stockholder is Corvid Partners, L.P. Corvid Partners, L.P. may offer and sell 2,500,000 shares. Bramble Capital Management, LLC is the general partner of Corvid Partners, L.P. Osprey Holdings, Inc., which is an affiliate of Corvid Partners, L.P., acquired the shares on June 2, 2010 in a private placement exempt from registration under Section 4(a)(2) of the Securities Act; the shares were transferred to the selling stockholder in August 2010. In connection with the private placement, we formed a strategic alliance to co-develop inspection software with an affiliate of Corvid Partners, L.P., Kestrel Systems Corporation. The strategic alliance covers Canada, Mexico and the United States. The selling stockholder has agreed not to sell any of the shares until December 31, 2011.

PLAN OF DISTRIBUTION

The selling stockholder may sell the shares by one or more of the following methods:

(a) block trades;
(b) ordinary brokerage transactions;
(c) privately negotiated transactions;
(d) short sales; and
(e) any other method permitted by applicable law.

LEGAL MATTERS

Certain legal matters will be passed upon for us by Thistle & Moss LLP.

EXPERTS

The financial statements of Halcyon Robotics, Inc. incorporated by reference from our Annual Report on Form 10-K for the year ended December 31, 2010 have been audited by Larch Pryor LLP, an independent registered public accounting firm.

INCORPORATION OF CERTAIN INFORMATION BY REFERENCE

We incorporate by reference the documents listed below:

- our Annual Report on Form 10-K for the year ended December 31, 2010;
- our Current Reports on Form 8-K filed on January 5, 2011 and February 9, 2011; and
- all documents we file with the Commission after the date of this prospectus and before the end of the offering.
"""


def test_issuer_from_a_parenthetical_definition():
    facts = facts_of(DOC)
    values = {f.predicate: f.obj for f in facts if f.subject == ISSUER and f.predicate != "alias"}
    assert values["name"] == "Halcyon Robotics, Inc."
    assert values["stateOfIncorporation"] == "Delaware"
    assert str(values["foundedYear"]) == "2004"
    assert values["address"] == "400 Mill Lane, Suite 12, Austin, Texas 78701"
    assert values["telephone"] == "(512) 555-0190"
    assert values["businessDescription"].startswith("We design autonomous inspection drones")
    assert {"Halcyon", "we", "us"} <= {f.obj for f in facts if f.predicate == "alias"}


def test_offering_listing_and_proceeds():
    facts = facts_of(DOC)
    by = {f.predicate: f.obj for f in facts}
    assert by["sharesOffered"] == 2_500_000
    assert by["prospectusDate"] == dt.date(2011, 3, 3)
    assert by["tickerSymbol"] == "HRBT"
    assert by["exchangeName"] == "NYSE American"
    assert by["lastSalePrice"] == Decimal("4.15")
    assert by["lastSaleDate"] == dt.date(2011, 2, 28)
    assert by["proceedsToIssuer"] is False


def test_affiliations_and_control():
    facts = facts_of(DOC)
    assert ("Osprey Holdings, Inc.", "Corvid Partners, L.P.") in rel(facts, "affiliateOf")
    assert ("Kestrel Systems Corporation", "Corvid Partners, L.P.") in rel(facts, "affiliateOf")
    assert ("Bramble Capital Management, LLC", "Corvid Partners, L.P.") in rel(facts, "generalPartnerOf")
    # the issuer is party to an alliance with an affiliate of the seller, not an affiliate itself
    assert not {pair for pair in rel(facts, "affiliateOf") if "@issuer" in pair}


def test_placement_transfer_alliance_lockup():
    facts = facts_of(DOC)
    (placement, buyer), = rel(facts, "purchaser")
    assert buyer == "Osprey Holdings, Inc."
    by_subject = {(f.subject.key, f.predicate): f.obj for f in facts}
    assert by_subject[(placement, "date")] == dt.date(2010, 6, 2)
    assert by_subject[(placement, "exemption")] == "Section 4(a)(2)"
    (transfer, to), = rel(facts, "transferee")
    assert to == "Corvid Partners, L.P."
    assert by_subject[(transfer, "transferor")].key == "Osprey Holdings, Inc."
    assert by_subject[(transfer, "date")] == GYearMonth(2010, 8)
    alliance_parties = {o for s, o in rel(facts, "party") if s.startswith("alliance")}
    assert alliance_parties == {"@issuer", "Kestrel Systems Corporation"}
    scopes = {f.obj for f in facts if f.predicate == "scope"}
    assert scopes == {"co-develop inspection software"}
    assert {f.obj for f in facts if f.predicate == "territory"} == {"Canada", "Mexico", "the United States"}
    (lockup, party), = rel(facts, "restrictedParty")
    assert party == "Corvid Partners, L.P."
    assert {f.obj for f in facts if f.predicate == "endDate"} == {dt.date(2011, 12, 31)}


def test_counsel_auditor_filings_and_methods():
    facts = facts_of(DOC)
    assert rel(facts, "issuerCounsel") == {("@offering", "Thistle & Moss LLP")}
    assert rel(facts, "auditorOf") == {("Larch Pryor LLP", "@issuer")}
    assert {o for _s, o in rel(facts, "audited")} == {"10-K|period-2010-12-31"}
    filings = {o for _s, o in rel(facts, "incorporatesByReference")}
    assert filings == {"10-K|period-2010-12-31", "8-K|filed-2011-01-05", "8-K|filed-2011-02-09"}
    assert any(f.predicate == "incorporatesFutureFilings" and f.obj is True for f in facts)
    methods = {o for _s, o in rel(facts, "distributionMethod")}
    assert methods == {"block-trade", "ordinary-brokerage", "privately-negotiated", "short-sales",
                       "other-lawful-method"}


def test_blanks_and_templates_yield_nothing():
    text = ("ACME CORP.\n\n[     ] Shares of Common Stock\n\nProspectus dated          , 2025\n\n"
            "SELLING STOCKHOLDERS\n\nThe name of the selling stockholder is [NAME], an affiliate of [          ].\n"
            "The last reported sale price of our common stock was $     per share.\n")
    facts = facts_of(text)
    assert not [f for f in facts if f.predicate in ("prospectusDate", "sharesOffered", "affiliateOf",
                                                     "sellingStockholder", "lastSalePrice")]


def test_a_different_affiliate_wording_is_not_control():
    facts = facts_of("ZETA INC.\n\nSELLING STOCKHOLDERS\n\nBeacon Fund, LP is an affiliate of Harbor Group, LLC. "
                     "Harbor Group, LLC may be deemed to beneficially own the shares.\n")
    assert rel(facts, "affiliateOf") == {("Beacon Fund, LP", "Harbor Group, LLC")}
    assert not rel(facts, "controls") and not rel(facts, "generalPartnerOf")
