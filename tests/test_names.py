"""Party names: finding organisations in text, telling persons from firms, normalising spellings."""

from __future__ import annotations

import pytest

from prospectus_kg.graph.extract.names import (capitalised_name_at, find_organizations, find_person_at, is_person, legal_key,
                                       normalise, person_before, strip_footnote_marks)


def orgs(text: str) -> list[str]:
    return [m.name for m in find_organizations(text)]


@pytest.mark.parametrize("a, b", [
    ("Larkmoor Group, LLC", "Larkmoor Group LLC"),
    ("Larkmoor Group, L.L.C.", "LARKMOOR GROUP LLC"),
    ("Acme Widget Incorporated", "Acme Widget, Inc."),
    ("Acme Widget Corporation", "ACME WIDGET CORP."),
    ("Smith & Jones LLP", "Smith and Jones L.L.P."),
    ("Meridane S.A.", "Meridane SA"),
    ("The Depository Trust Company", "Depository Trust Co."),
    ("Blackwell Partners LLC \u2013 Series A", "Blackwell Partners LLC - Series A"),
    ("Biop\u00f4le Holdings Limited", "Biopole Holdings Ltd."),
    ("Okeewa Capital Partners Limited Partnership", "Okeewa Capital Partners, L.P."),
    ("Wilson Sonsini Goodrich & Rosati, Professional Corporation", "Wilson Sonsini Goodrich & Rosati, P.C."),
])
def test_normalise_folds_spelling_variants(a, b):
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize("a, b", [
    ("Whitmorecarrington SA", "Whitmorecarrington LLP"),    # two member firms
    ("Larkmoor Group, LLC", "Larkmoor Group"),                        # a short form is not the legal name
    ("Tessaract Fund I, L.P.", "Tessaract Fund II, L.P."),
])
def test_normalise_keeps_distinct_names_apart(a, b):
    assert normalise(a) != normalise(b)


def test_legal_key_drops_the_legal_form_only():
    assert legal_key("Larkmoor Group, LLC") == legal_key("Larkmoor Group") == "larkmoor group"
    assert legal_key("Whitmorecarrington SA") == legal_key("Whitmorecarrington LLP")
    assert legal_key("Tessaract Fund I, L.P.") != legal_key("Tessaract Fund II, L.P.")


@pytest.mark.parametrize("name", ["Martin J. Avery", "R. Douglas Whitlow", "Mr. Hawkins", "Gordon Pell",
                                  "Jeremy C. Green", "John A. Smith, Jr.", "Ms. Helena Brandt"])
def test_is_person(name):
    assert is_person(name)


@pytest.mark.parametrize("name", ["Larkmoor Group, LLC", "Wrenfield Fund", "Cobalt Ridge Advisors", "Hollis Brandt LLP",
                                  "Cede & Co.", "Arrow92 Asset Management, L.P.", "Managed Accounts",
                                  "Larkmoor Funds", "Trading Sub"])
def test_is_not_person(name):
    assert not is_person(name)


@pytest.mark.parametrize("text, expected", [
    # a role before "of" is not part of the name
    ("Martin Kobinger, in his capacity as Investment Manager of Ridgefall Capital Management, Inc., may",
     ["Ridgefall Capital Management, Inc."]),
    ("Ridgefall Capital Management, Inc., the authorized agent of QVX Investments, Inc. (\u201cQVX\u201d), has",
     ["Ridgefall Capital Management, Inc.", "QVX Investments, Inc."]),
    ("Opinion of Steinmann AG", ["Steinmann AG"]),
    ("the Articles of Association of Brisane Therapeutics SA", ["Brisane Therapeutics SA"]),
    # two names joined by "and" stay two; a name never reaches back over the previous one
    ("(i) Okeewa Capital Partners Limited Partnership and QRP LMN LP is 130 Main Street",
     ["Okeewa Capital Partners Limited Partnership", "QRP LMN LP"]),
    ("each of the Managed Accounts, Wrenfield Fund and Wrenfield Plus Fund.", ["Wrenfield Fund", "Wrenfield Plus Fund"]),
    # commas inside a name: a law firm's partners, or only a legal form after the comma
    ("Abbot, Crane, Dwyer, Fenn, Gale and Hurst, P.C., New York", ["Abbot, Crane, Dwyer, Fenn, Gale and Hurst, P.C."]),
    ("Larkmoor Group, LLC\u2019s beneficial ownership", ["Larkmoor Group, LLC"]),
    ("UT Leasing Services, Inc., United Technologies Corporation", ["UT Leasing Services, Inc.",
                                                                    "United Technologies Corporation"]),
    # parenthesised parts, "+", "& Co., LLC", numbered funds, soft suffixes inside longer names
    ("two subsidiaries: Brisane Therapeutics (UK) Limited and Brisane Therapeutics America, Inc.",
     ["Brisane Therapeutics (UK) Limited", "Brisane Therapeutics America, Inc."]),
    ("HaddonGreer+Lowe, PC (\u201cWithum\u201d), independent", ["HaddonGreer+Lowe, PC"]),
    ("our program with H.C. Wainwright & Co., LLC following", ["H.C. Wainwright & Co., LLC"]),
    ("held by Tessaract Fund I, L.P. and (ii)", ["Tessaract Fund I, L.P."]),
    ("the investment manager of Quillon Partners Master Fund Ltd., has", ["Quillon Partners Master Fund Ltd."]),
    ("Halverson Stokes & Co. LLC and Bank of America Corporation", ["Halverson Stokes & Co. LLC",
                                                                 "Bank of America Corporation"]),
    # a name written with a slash, and "and/or" that is not part of one
    ("B.R.K./Brookline Ridge Partners is acting as the sole book-running manager",
     ["B.R.K./Brookline Ridge Partners"]),
    ("sold to and/or through Ravel Capital Partners, LLC", ["Ravel Capital Partners, LLC"]),
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
    # a page break may cut the name: nothing rather than "Quarry"
    text = "both are subsidiaries of Quarry\n\nTrust Corporation."
    assert capitalised_name_at(text, text.index("Quarry"), len(text)) is None


def test_persons_at_and_before_a_place():
    text = "Mr. Martin J. Avery controls each of them. (ii) Gordon Pell, as the Managing Member"
    assert find_person_at(text, 0, len(text)).name == "Mr. Martin J. Avery"
    assert person_before(text, text.index(" controls"), 0).name == "Mr. Martin J. Avery"
    assert person_before(text, text.index(", as the"), 0).name == "Gordon Pell"
    assert person_before("Each of the Managed Accounts", 28, 0) is None


@pytest.mark.parametrize("cell, name", [
    ("Larkmoor(2)", "Larkmoor"), ("Corvane Inc.(4)", "Corvane Inc."), ("Armature Capital, LLC(3)", "Armature Capital, LLC"),
    ("Foo Fund (1)(2)", "Foo Fund"), ("Bar LP*", "Bar LP"), ("Baz LLC\u00b2", "Baz LLC"), ("Qux Trust (a)", "Qux Trust"),
    ("Brisane Therapeutics (UK) Limited", "Brisane Therapeutics (UK) Limited"), ("Series A Fund (1), (2)", "Series A Fund"),
    ("Foo Capital LLC1", "Foo Capital LLC"), ("Jane Q. Doe2,3", "Jane Q. Doe"), ("Opportunity Fund 2", "Opportunity Fund 2"),
])
def test_strip_footnote_marks(cell, name):
    assert strip_footnote_marks(cell) == name


@pytest.mark.parametrize("text, names", [
    ("The shares are held by Larkspur Bond 7, LLC, an affiliate of Quell Leasing, Inc.",
     ["Larkspur Bond 7, LLC", "Quell Leasing, Inc."]),
    ("Harrow Fund 2002, L.P. is managed by Harrow Advisors LLC.", ["Harrow Fund 2002, L.P.", "Harrow Advisors LLC"]),
    ("III Capital Partners, LLC holds 100 shares.", ["III Capital Partners, LLC"]),
    ("Sold to Osprey Partners 2019-A, LLC.", ["Osprey Partners 2019-A, LLC"]),
    # a number before a name is not part of it
    ("purchased 500,000 shares from 7 Quartz Holdings LLC", ["Quartz Holdings LLC"]),
    ("On March 5, 2021 Quartz LLC agreed", ["Quartz LLC"]),
    ("held by 2002, L.P.", []),
    # a legal form before a fund's series number stays inside the name
    ("a managing member of Larchmont Venture Management Co. VI, L.L.C., the general partner of Larchmont "
     "Venture Partners VI, L.P.", ["Larchmont Venture Management Co. VI, L.L.C.", "Larchmont Venture Partners VI, L.P."]),
    ("held by Alder & Co. II, LLC and Birch Co. 12 LLC", ["Alder & Co. II, LLC", "Birch Co. 12 LLC"]),
    ("Our affiliate is Quince Co. We also use Vale Co. 3 times.", ["Quince Co.", "Vale Co."]),
])
def test_names_hold_numbers_and_years(text, names):
    """Series numbers, roman numerals and vintage years are words of a name, never its first one."""
    assert [m.name for m in find_organizations(text)] == names


def test_a_party_named_with_a_number_keeps_every_fact(tmp_path, seed_path):
    """The seed with its selling stockholder renamed "... 7, LLC" gives as many facts as the seed."""
    from prospectus_kg.graph.build.pipeline import build
    text = seed_path.read_text(encoding="utf-8")
    assert "Nevada Bond, LLC" in text
    renamed = tmp_path / "renamed.txt"
    renamed.write_text(text.replace("Nevada Bond, LLC", "Nevada Bond 7, LLC"), encoding="utf-8")
    as_filed = build([seed_path], tmp_path / "seed", jobs=1)
    with_number = build([renamed], tmp_path / "renamed", jobs=1)
    assert with_number.facts == as_filed.facts
    assert "Nevada Bond 7, LLC" in (tmp_path / "renamed" / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, names", [
    # after "both" or "between", "and" joins two parties
    ("both QTNA and Quarrel Trust Company are subsidiaries of Osk Bancorp Inc.",
     ["Quarrel Trust Company", "Osk Bancorp Inc."]),
    ("an agreement between Acme and Beta Corp.", ["Beta Corp."]),
    ("advised by Smith and Jones LLP", ["Smith and Jones LLP"]),
    # a firm named by its partners, the first with two words
    ("licensed to Corwin Hale, Pierson, Fenwick & Lowe Incorporated and its affiliates",
     ["Corwin Hale, Pierson, Fenwick & Lowe Incorporated"]),
    ("the Managed Accounts, Wrenfield Fund LP and Tarn Capital, Oxley & Co. LLC",
     ["Wrenfield Fund LP", "Oxley & Co. LLC"]),
])
def test_commas_and_and_inside_or_between_names(text, names):
    """After "both" or "between", "and" joins two parties; a firm named by its partners keeps its commas."""
    assert [m.name for m in find_organizations(text)] == names
