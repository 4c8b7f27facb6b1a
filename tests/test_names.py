"""Party names: finding organisations in text, telling persons from firms, normalising spellings."""

from __future__ import annotations

import pytest

from prospectus_kg.graph.extract.names import (capitalised_name_at, find_organizations, find_person_at, is_person, legal_key,
                                       normalise, person_before, strip_footnote_marks)


def orgs(text: str) -> list[str]:
    return [m.name for m in find_organizations(text)]


@pytest.mark.parametrize("a, b", [
    ("Redmile Group, LLC", "Redmile Group LLC"),
    ("Redmile Group, L.L.C.", "REDMILE GROUP LLC"),
    ("Acme Widget Incorporated", "Acme Widget, Inc."),
    ("Acme Widget Corporation", "ACME WIDGET CORP."),
    ("Smith & Jones LLP", "Smith and Jones L.L.P."),
    ("Sanofi S.A.", "Sanofi SA"),
    ("The Depository Trust Company", "Depository Trust Co."),
    ("Blackwell Partners LLC \u2013 Series A", "Blackwell Partners LLC - Series A"),
    ("Biop\u00f4le Holdings Limited", "Biopole Holdings Ltd."),
    ("Nantahala Capital Partners Limited Partnership", "Nantahala Capital Partners, L.P."),
    ("Wilson Sonsini Goodrich & Rosati, Professional Corporation", "Wilson Sonsini Goodrich & Rosati, P.C."),
])
def test_normalise_folds_spelling_variants(a, b):
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize("a, b", [
    ("PricewaterhouseCoopers SA", "PricewaterhouseCoopers LLP"),    # two member firms
    ("Redmile Group, LLC", "Redmile Group"),                        # a short form is not the legal name
    ("Tessaract Fund I, L.P.", "Tessaract Fund II, L.P."),
])
def test_normalise_keeps_distinct_names_apart(a, b):
    assert normalise(a) != normalise(b)


def test_legal_key_drops_the_legal_form_only():
    assert legal_key("Redmile Group, LLC") == legal_key("Redmile Group") == "redmile group"
    assert legal_key("PricewaterhouseCoopers SA") == legal_key("PricewaterhouseCoopers LLP")
    assert legal_key("Tessaract Fund I, L.P.") != legal_key("Tessaract Fund II, L.P.")


@pytest.mark.parametrize("name", ["Steven A. Cohen", "W. Lawrence Hawkins", "Mr. Hawkins", "Steven Boyd",
                                  "Jeremy C. Green", "John A. Smith, Jr.", "Ms. Helena Brandt"])
def test_is_person(name):
    assert is_person(name)


@pytest.mark.parametrize("name", ["Redmile Group, LLC", "Prosight Fund", "Tungsten Advisors", "Goodwin Procter LLP",
                                  "Cede & Co.", "Point72 Asset Management, L.P.", "Managed Accounts",
                                  "Redmile Funds", "Trading Sub"])
def test_is_not_person(name):
    assert not is_person(name)


@pytest.mark.parametrize("text, expected", [
    # a role before "of" is not part of the name
    ("Martin Kobinger, in his capacity as Investment Manager of Heights Capital Management, Inc., may",
     ["Heights Capital Management, Inc."]),
    ("Heights Capital Management, Inc., the authorized agent of CVI Investments, Inc. (\u201cCVI\u201d), has",
     ["Heights Capital Management, Inc.", "CVI Investments, Inc."]),
    ("Opinion of Homburger AG", ["Homburger AG"]),
    ("the Articles of Association of ADC Therapeutics SA", ["ADC Therapeutics SA"]),
    # two names joined by "and" stay two; a name never reaches back over the previous one
    ("(i) Nantahala Capital Partners Limited Partnership and NCP RFM LP is 130 Main Street",
     ["Nantahala Capital Partners Limited Partnership", "NCP RFM LP"]),
    ("each of the Managed Accounts, Prosight Fund and Prosight Plus Fund.", ["Prosight Fund", "Prosight Plus Fund"]),
    # commas inside a name: a law firm's partners, or only a legal form after the comma
    ("Mintz, Levin, Cohn, Ferris, Glovsky and Popeo, P.C., New York", ["Mintz, Levin, Cohn, Ferris, Glovsky and Popeo, P.C."]),
    ("Redmile Group, LLC\u2019s beneficial ownership", ["Redmile Group, LLC"]),
    ("UT Leasing Services, Inc., United Technologies Corporation", ["UT Leasing Services, Inc.",
                                                                    "United Technologies Corporation"]),
    # parenthesised parts, "+", "& Co., LLC", numbered funds, soft suffixes inside longer names
    ("two subsidiaries: ADC Therapeutics (UK) Limited and ADC Therapeutics America, Inc.",
     ["ADC Therapeutics (UK) Limited", "ADC Therapeutics America, Inc."]),
    ("WithumSmith+Brown, PC (\u201cWithum\u201d), independent", ["WithumSmith+Brown, PC"]),
    ("our program with H.C. Wainwright & Co., LLC following", ["H.C. Wainwright & Co., LLC"]),
    ("held by Tessaract Fund I, L.P. and (ii)", ["Tessaract Fund I, L.P."]),
    ("the investment manager of Quillon Partners Master Fund Ltd., has", ["Quillon Partners Master Fund Ltd."]),
    ("Morgan Stanley & Co. LLC and Bank of America Corporation", ["Morgan Stanley & Co. LLC",
                                                                 "Bank of America Corporation"]),
    # a name written with a slash, and "and/or" that is not part of one
    ("A.G.P./Alliance Global Partners is acting as the sole book-running manager",
     ["A.G.P./Alliance Global Partners"]),
    ("sold to and/or through Roth Capital Partners, LLC", ["Roth Capital Partners, LLC"]),
    # not names: statutes, adjectives, headings, postal codes, generic terms
    ("under the Delaware General Corporation Law and The Depository Trust Company",
     ["The Depository Trust Company"]),
    ("INFORMATION INCORPORATED BY REFERENCE. Information Incorporated by Reference", []),
    ("1209 Orange Street, Wilmington, SE 19801", []),
    ("a Passive Foreign Investment Company or an emerging growth company", []),
])
def test_find_organizations(text, expected):
    assert orgs(text) == expected


def test_find_organizations_offsets_index_the_text():
    text = "The shares are held by Larkspur Opportunity Fund, L.P. and Quillon GP LLC."
    for m in find_organizations(text):
        assert text[m.start:m.end] == m.name


def test_capitalised_name_without_legal_form():
    text = "passed upon by Smith & Jones, Chicago, Illinois"
    found = capitalised_name_at(text, text.index("Smith"), len(text))
    assert found.name == "Smith & Jones"
    assert capitalised_name_at("by the Company, and", 3, 19) is None


def test_persons_at_and_before_a_place():
    text = "Mr. Steven A. Cohen controls each of them. (ii) Steven Boyd, as the Managing Member"
    assert find_person_at(text, 0, len(text)).name == "Mr. Steven A. Cohen"
    assert person_before(text, text.index(" controls"), 0).name == "Mr. Steven A. Cohen"
    assert person_before(text, text.index(", as the"), 0).name == "Steven Boyd"
    assert person_before("Each of the Managed Accounts", 28, 0) is None


@pytest.mark.parametrize("cell, name", [
    ("Redmile(2)", "Redmile"), ("Aventis Inc.(4)", "Aventis Inc."), ("Armistice Capital, LLC(3)", "Armistice Capital, LLC"),
    ("Foo Fund (1)(2)", "Foo Fund"), ("Bar LP*", "Bar LP"), ("Baz LLC\u00b2", "Baz LLC"), ("Qux Trust (a)", "Qux Trust"),
    ("ADC Therapeutics (UK) Limited", "ADC Therapeutics (UK) Limited"), ("Series A Fund (1), (2)", "Series A Fund"),
    ("Foo Capital LLC1", "Foo Capital LLC"), ("Jane Q. Doe2,3", "Jane Q. Doe"), ("Opportunity Fund 2", "Opportunity Fund 2"),
])
def test_strip_footnote_marks(cell, name):
    assert strip_footnote_marks(cell) == name
