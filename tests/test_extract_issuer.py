"""The issuer's state of incorporation where it is stated beside its name (issue 15): in the defining
sentence ("... refer, collectively, to X, a Nevada corporation, and its subsidiaries") and, when a
supplement states none, in its bundled base prospectus about the same company. All fixtures are invented."""

from __future__ import annotations

import pytest

from prospectus_kg.graph.models import ISSUER
from extract_support import HEAD, extract_html, page


def _issuer(facts, predicate):
    return [f.obj for f in facts if f.subject == ISSUER and f.predicate == predicate]


@pytest.mark.parametrize("sentence, state", [
    ("Unless the context indicates otherwise, references in this prospectus to \u201cTarnwell,\u201d \u201cwe,\u201d "
     "\u201cus\u201d and the \u201cCompany\u201d refer, collectively, to Tarnwell Systems, Inc., a Nevada corporation, "
     "and its subsidiaries taken as a whole.", "Nevada"),
    ("In this prospectus, \u201cTarnwell,\u201d \u201cwe\u201d and \u201cour\u201d refer to Tarnwell Systems, Inc., "
     "a Delaware corporation.", "Delaware"),
    ("All references to \u201cTarnwell,\u201d \u201cwe\u201d or \u201cus\u201d are to Tarnwell Systems, Inc., "
     "a British Columbia company, and its subsidiaries.", "British Columbia"),
    # a past state is not its state
    ("All references to \u201cTarnwell,\u201d \u201cwe\u201d or \u201cus\u201d are to Tarnwell Systems, Inc., "
     "formerly a Utah corporation.", None),
    # the description of a subsidiary named later in the sentence is not the issuer's
    ("References to \u201cTarnwell,\u201d \u201cwe\u201d or \u201cus\u201d mean Tarnwell Systems, Inc. and its "
     "subsidiaries, including Tarnwell Labs LLC, a Texas limited liability company.", None),
])
def test_the_state_in_the_defining_sentence(tmp_path, sentence, state):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Tarnwell Systems, Inc.</p><p>1,000,000 Shares of Common Stock</p>", HEAD.format("PROSPECTUS SUMMARY"),
        f"<p>{sentence}</p><p>Tarnwell designs pumps.</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert _issuer(facts, "name")[0] == "Tarnwell Systems, Inc."
    assert _issuer(facts, "stateOfIncorporation") == ([state] if state else [])


def _supplement_and_base(supplement_text: str, base_text: str) -> str:
    return page(
        HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>(To Prospectus dated May 5, 2024)</p>",
        "<p>Quillon Therapeutics, Inc.</p><p>Up to $20,000,000 of Common Stock</p>",
        HEAD.format("PROSPECTUS SUPPLEMENT SUMMARY"),
        "<p>Unless the context otherwise requires, references in this prospectus supplement to \u201cQuillon,\u201d "
        f"\u201cwe\u201d or \u201cus\u201d refer to Quillon Therapeutics, Inc.</p><p>{supplement_text}</p>",
        HEAD.format("RISK FACTORS"), "<p>Risky.</p>",
        HEAD.format("PROSPECTUS"), "<p>Quillon Therapeutics, Inc.</p><p>Common Stock</p>",
        "<p>The date of this prospectus is May 5, 2024.</p>",
        HEAD.format("ABOUT THIS PROSPECTUS"), "<p>This prospectus is part of a shelf registration statement.</p>",
        HEAD.format("PROSPECTUS SUMMARY"), f"<p>{base_text}</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>")


_BASE_DEFINES = ("References in this prospectus to \u201cQuillon,\u201d \u201cwe\u201d or \u201cus\u201d refer, "
                 "collectively, to Quillon Therapeutics, Inc., a Delaware corporation, and its subsidiaries.")


@pytest.mark.parametrize("supplement_text, base_text, expected", [
    ("Quillon develops enzymes.", _BASE_DEFINES, ["Delaware"]),
    ("Quillon develops enzymes.", "We are a Delaware corporation. We develop enzymes.", ["Delaware"]),
    # the supplement's own statement wins; the base's is not read
    ("We are a Nevada corporation.", _BASE_DEFINES, ["Nevada"]),
    # a base prospectus printed under another (former) name defines another company
    ("Quillon develops enzymes.",
     "References in this prospectus to \u201cBrindle,\u201d \u201cwe\u201d or \u201cus\u201d refer to Brindle "
     "Biosciences Corp., a Washington corporation.", []),
    # a sentence about a subsidiary or a merger partner
    ("Quillon develops enzymes.", "Our subsidiary, Quillon Labs LLC, was formed in Texas in 2019.", []),
])
def test_a_supplement_without_a_state_takes_its_base_prospectuss(tmp_path, supplement_text, base_text, expected):
    doc, facts = extract_html(tmp_path, _supplement_and_base(supplement_text, base_text))
    assert _issuer(facts, "stateOfIncorporation") == expected
    (base,) = [s for s in doc.sections if s.kind == "base_prospectus"]
    if expected == ["Delaware"]:
        (fact,) = [f for f in facts if f.subject == ISSUER and f.predicate == "stateOfIncorporation"]
        assert fact.span.start > base.start and "Delaware" in doc.text[fact.span.start:fact.span.end]


_TRUST = ("<p>Pellham Auto Receivables Trust 2026-1</p><p>Issuing Entity</p>", HEAD.format("THE ISSUING ENTITY"),
          "<p>Pellham Auto Receivables Trust 2026-1 will be the issuing entity. The Trust was formed as a Delaware "
          "statutory trust.</p>")


@pytest.mark.parametrize("sentence, expected", [
    ("The Trust\u2019s principal offices are in care of Calloway Trust Company, as Owner Trustee, at 500 Canal "
     "Street, 9th Floor, Wilmington, Delaware 19890, Attention: Corporate Trust Administration.",
     "c/o Calloway Trust Company, as Owner Trustee, 500 Canal Street, 9th Floor, Wilmington, Delaware 19890"),
    ("The Issuing Entity\u2019s principal executive offices are c/o Calloway Trust Company, as owner trustee, "
     "500 Canal Street, Wilmington, Delaware 19890.",
     "c/o Calloway Trust Company, as owner trustee, 500 Canal Street, Wilmington, Delaware 19890"),
    ("The principal executive offices of the Trust are located c/o Calloway Trust Company, 500 Canal Street, "
     "Wilmington, Delaware 19890.", "c/o Calloway Trust Company, 500 Canal Street, Wilmington, Delaware 19890"),
    # the sponsor's offices, in care of its parent: not the issuer's
    ("Pellham Motors, Inc. is the sponsor. Its principal offices are in care of Pellham Group, Inc., at 1 Dock "
     "Road, Richmond, Virginia 23230.", None),
])
def test_a_trusts_address_in_care_of_its_trustee(tmp_path, sentence, expected):
    doc, facts = extract_html(tmp_path, page(*_TRUST, f"<p>{sentence}</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert _issuer(facts, "address") == ([expected] if expected else [])
    if expected:
        (fact,) = [f for f in facts if f.subject == ISSUER and f.predicate == "address"]
        assert doc.text[fact.span.start:fact.span.end].startswith(("in care of", "c/o"))


def _listings(facts):
    return sorted(f.obj for f in facts if f.predicate == "exchangeName")


@pytest.mark.parametrize("sentence, expected", [
    ("Our common stock is quoted on the OTCQB under no symbol yet assigned.", ["OTCQB"]),
    ("The Company currently trades on the OTC Markets.", ["OTC Markets"]),
    ("Our common stock is currently traded on the Pink Open Market on the OTCMarkets.", ["OTC Markets"]),
    ("Our common stock is quoted on the OTC Pink tier of the OTC Markets.", ["OTC Markets"]),
    ("Our shares are quoted on the OTC Bulletin Board.", ["OTC Bulletin Board"]),
    # hedged, intended and past markets are no market
    ("Our shares may never be quoted on the OTC Markets or listed on an exchange.", []),
    ("We intend to apply for quotation of our common stock on the OTCQB.", []),
    ("Our common stock was quoted on the OTC Bulletin Board until 2012.", []),
])
def test_an_over_the_counter_market_named_anywhere(tmp_path, sentence, expected):
    _doc, facts = extract_html(tmp_path, page(
        "<p>Sorrel Creek Minerals, Inc.</p><p>2,000,000 Shares of Common Stock</p>", HEAD.format("RISK FACTORS"),
        "<p>Risky.</p>", HEAD.format("MARKET FOR COMMON EQUITY AND RELATED STOCKHOLDER MATTERS"), f"<p>{sentence}</p>",
        HEAD.format("LEGAL MATTERS"), "<p>Counsel.</p>"))
    assert _listings(facts) == expected


def _joint_facing_page(second: str, tail: str = "", mixed: str = "Marrowind Finance LLC") -> str:
    return page(
        "<p>FORM F-10 and FORM F-3</p><p>REGISTRATION STATEMENT UNDER THE SECURITIES ACT OF 1933</p>",
        "<table><tr><td>Form F-10</td><td>Form F-3</td></tr>"
        "<tr><td>MARROWIND HOLDINGS CORPORATION (Exact name of Registrant as specified in its charter)</td>"
        f"<td>{second} (Exact name of Registrant as specified in its charter)</td></tr>"
        "<tr><td>Ontario, Canada (Province or other jurisdiction of incorporation or organization)</td>"
        "<td>Delaware (State or other jurisdiction of incorporation or organization)</td></tr>"
        "<tr><td>40 Front Street West Toronto, Ontario M5J 1A1, Canada (416) 555-0100 (Address and telephone number "
        "of Registrant\u2019s principal executive offices)</td><td>77 Lakeview Drive Suite 300 Eagleton, Minnesota "
        "55121 (651) 555-0199 (Address and telephone number of Registrant\u2019s principal executive offices)</td></tr>"
        "</table>", tail,
        HEAD.format("PROSPECTUS"), "<p>Marrowind Holdings Corporation</p>",
        f"<p>Marrowind Holdings Corporation (\u201cMHC\u201d) and its subsidiary, {mixed}, may from time to "
        "time offer debt securities.</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>")


def test_co_registrants_side_by_side_on_the_facing_page(tmp_path):
    _doc, facts = extract_html(tmp_path, _joint_facing_page("MARROWIND FINANCE LLC"))
    assert _issuer(facts, "name")[0] == "Marrowind Holdings Corporation"
    assert _issuer(facts, "stateOfIncorporation") == ["Ontario"]
    assert _issuer(facts, "address") == ["40 Front Street West Toronto, Ontario M5J 1A1, Canada"]
    (co,) = [f.obj for f in facts if f.predicate == "coIssuer"]
    assert co.key == "Marrowind Finance LLC"
    values = {f.predicate: f.obj for f in facts if f.subject == co and f.predicate in ("stateOfIncorporation", "address")}
    assert values == {"stateOfIncorporation": "Delaware",
                      "address": "77 Lakeview Drive Suite 300 Eagleton, Minnesota 55121"}


def test_guarantors_among_additional_registrants_and_a_single_registrant_are_no_co_issuers(tmp_path):
    guarantors = ("<p>TABLE OF ADDITIONAL REGISTRANTS</p><table><tr><td>Exact Name of Co-Registrant as Specified in its "
                  "Charter</td><td>State or Other Jurisdiction of Incorporation</td></tr>"
                  "<tr><td>Marrowind Software Inc.</td><td>Delaware</td></tr></table>")
    _doc, facts = extract_html(tmp_path, _joint_facing_page("MARROWIND FINANCE LLC", guarantors))
    assert [f.obj.key for f in facts if f.predicate == "coIssuer"] == ["Marrowind Finance LLC"]
    _doc, facts = extract_html(tmp_path, page(
        "<p>FORM S-3</p><p>QUILLFEATHER LABS, INC.</p><p>(Exact name of registrant as specified in its charter)</p>",
        "<p>Delaware</p><p>(State or other jurisdiction of incorporation or organization)</p>",
        HEAD.format("PROSPECTUS"), "<p>Quillfeather Labs, Inc.</p>", HEAD.format("RISK FACTORS"), "<p>Risky.</p>"))
    assert [f for f in facts if f.predicate == "coIssuer"] == []
    assert _issuer(facts, "stateOfIncorporation") == ["Delaware"]
