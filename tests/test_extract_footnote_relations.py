"""Issue 14a: relation statements in holder footnotes and ownership notes. Every fixture is invented
(funds, firms and people that do not exist); each rule has its positive phrasings and, beside them,
the negatives that must give nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospectus_kg.graph.extract.names import find_organizations, fund_name_at
from prospectus_kg.graph.ingest.textutil import sentences
from prospectus_kg.graph.models import EntityRef
from extract_support import HEAD, extract_html, page, positions

RELATIONS = ("controls", "generalPartnerOf", "investmentManagerOf", "subsidiaryOf", "affiliateOf", "controlledBy")


def relations(facts) -> set[tuple[str, str, str]]:
    return {(f.subject.key, f.predicate, f.obj.key) for f in facts
            if f.predicate in RELATIONS and isinstance(f.obj, EntityRef)}


def table(rows: list[list[str]]) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"


HEADER = ["Name of Selling Stockholder", "Shares Owned Before the Offering", "Shares Offered",
          "Shares Owned After the Offering"]


def notes_doc(notes_html: str, row: str = "Orrin Master Fund LP (1)") -> str:
    body = table([HEADER, [row, "100,000", "100,000", "\u2014"]]) + notes_html
    return page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>", HEAD.format("SELLING STOCKHOLDERS"), body,
                HEAD.format("PLAN OF DISTRIBUTION"), "<p>The selling stockholders may sell the shares.</p>")


def note_relations(tmp_path: Path, note: str, row: str = "Orrin Master Fund LP (1)"):
    _doc, facts = extract_html(tmp_path, notes_doc(f"<p>(1) {note}</p>", row))
    return relations(facts)


# --- a person's titles, and the capacity a person holds --------------------------------------------

def test_a_chain_of_a_persons_titles(tmp_path: Path):
    note = ("Orrin Capital, LP (\u201cOrrin\u201d) serves as investment manager to Orrin Master Fund LP. Jane Quell serves "
            "as Managing Partner of Orrin, the Managing Member of Orrin GP LLC (\u201cOrrin GP\u201d), the general partner "
            "of Orrin, and the Managing Member of Orrin Fund GP LLC, the general partner of Orrin Master Fund LP.")
    rel = note_relations(tmp_path, note)
    assert {("Jane Quell", "controls", "Orrin Capital, LP"), ("Jane Quell", "controls", "Orrin GP LLC"),
            ("Jane Quell", "controls", "Orrin Fund GP LLC"),
            ("Orrin GP LLC", "generalPartnerOf", "Orrin Capital, LP"),
            ("Orrin Fund GP LLC", "generalPartnerOf", "Orrin Master Fund LP")} <= rel
    assert ("Orrin Capital, LP", "controls", "Orrin GP LLC") not in rel


def test_a_nested_appositive_without_coordination_stays_with_its_entity(tmp_path: Path):
    note = "Jane Quell is the managing member of Orrin Holdings LLC, the managing member of Orrin GP LLC."
    rel = note_relations(tmp_path, note)
    assert ("Jane Quell", "controls", "Orrin Holdings LLC") in rel
    assert ("Orrin Holdings LLC", "controls", "Orrin GP LLC") in rel
    assert ("Jane Quell", "controls", "Orrin GP LLC") not in rel


@pytest.mark.parametrize("note, expected", [
    ("Tomas Ferrante, in his capacity as Managing Member of Ferrante Capital LLC, may also be deemed to have "
     "investment discretion over the shares.", {("Tomas Ferrante", "controls", "Ferrante Capital LLC")}),
    ("Mira Vance, in her capacity as sole manager of Vance Partners GP LLC, may be deemed to beneficially own the "
     "shares.", {("Mira Vance", "controls", "Vance Partners GP LLC")}),
    # a job title at a firm is not a governing capacity
    ("Tomas Ferrante, in his capacity as Portfolio Manager of Ferrante Capital LLC, may also be deemed to have "
     "investment discretion over the shares.", set()),
    ("Tomas Ferrante, in his capacity as Investment Manager of Ferrante Capital LLC, may also be deemed to have "
     "investment discretion over the shares.", set()),
])
def test_a_stated_capacity(tmp_path: Path, note: str, expected):
    assert note_relations(tmp_path, note) == expected


@pytest.mark.parametrize("note", [
    "Ann Roe and Bo Lin are the managing members of Orrin GP LLC.",                      # neither alone governs
    "Orrin Advisors LLC may exercise voting and dispositive power over the shares held by Orrin Master Fund LP.",
    # the "held by" belongs to a disclaimer, not to the power
    "Orrin Advisors LLC exercises investment and voting power through a management committee comprised of Ann Roe "
    "and Bo Lin, each of whom disclaims beneficial ownership of the shares held by Orrin Master Fund LP.",
])
def test_shared_hedged_and_disclaimed_powers_state_nothing(tmp_path: Path, note: str):
    assert note_relations(tmp_path, note) == set()


def test_each_clause_of_a_power_statement_has_its_own_subject(tmp_path: Path):
    note = ("Consists of shares held by Orrin Master Fund LP and Orrin Ventures Fund LP (\u201cVentures Fund\u201d). "
            "Orrin Advisors LLC has sole voting power over the securities held by Orrin Life Sciences and Orrin "
            "Ventures LLC (\u201cOrrin Ventures\u201d) has sole dispositive power over the securities held by Ventures Fund.")
    rel = note_relations(tmp_path, note, "Entities affiliated with Orrin (1)")
    assert ("Orrin Ventures LLC", "controls", "Orrin Ventures Fund LP") in rel
    assert not any(s == "Orrin Advisors LLC" for s, _p, _o in rel)     # its "held by" names no party we know


def test_persons_coordinated_at_the_start_and_a_stray_period_in_a_name(tmp_path: Path):
    note = ("Ann Roe and Carl. J. Brandt, the members of the Operating Committee of Orrin Group, LLC, have voting and "
            "investment control over the shares held by Orrin Trading, LLC.")
    rel = note_relations(tmp_path, note, "Orrin Trading, LLC (1)")
    assert rel == {("Ann Roe", "controls", "Orrin Trading, LLC"), ("Carl. J. Brandt", "controls", "Orrin Trading, LLC")}


# --- sentences and names that a footnote's layout or typos break ------------------------------------

def test_a_sentence_cut_by_a_page_break(tmp_path: Path):
    notes = ("<p>(1) Orrin Master Fund General Partner LP is the general partner of</p>"
             '<div style="page-break-after:always"></div><p>Orrin Master Fund LP.</p>')
    _doc, facts = extract_html(tmp_path, notes_doc(notes))
    assert ("Orrin Master Fund General Partner LP", "generalPartnerOf", "Orrin Master Fund LP") in relations(facts)


def test_a_period_typo_inside_a_list_after_each_of(tmp_path: Path):
    note = ("Orrin Capital Partners (A), L.P. (\u201cOrrin A\u201d), Orrin Capital Partners (B), L.P. (\u201cOrrin B\u201d) "
            "and Orrin Partners (C), L.P. (\u201cOrrin C\u201d) are the sole shareholders of Orrin Master Fund LP. Orrin "
            "GenPar, Ltd. (\u201cOrrin Ltd\u201d) is the sole general partner of each of Orrin Master Fund LP. Orrin A, "
            "Orrin B and Orrin C. Orrin GenPar, L.P. (\u201cOrrin GenPar\u201d) is the sole shareholder of Orrin Ltd. "
            "Orrin MGP, LLC is the sole general partner of Orrin GenPar.")
    rel = note_relations(tmp_path, note)
    assert {("Orrin GenPar, Ltd.", "generalPartnerOf", "Orrin Master Fund LP"),
            ("Orrin GenPar, Ltd.", "generalPartnerOf", "Orrin Capital Partners (A), L.P."),
            ("Orrin GenPar, Ltd.", "generalPartnerOf", "Orrin Partners (C), L.P."),
            ("Orrin GenPar, Ltd.", "subsidiaryOf", "Orrin GenPar, L.P."),
            ("Orrin MGP, LLC", "generalPartnerOf", "Orrin GenPar, L.P.")} <= rel
    assert not any(". Orrin" in o for _s, _p, o in rel)


def test_a_known_party_printed_without_its_legal_form(tmp_path: Path):
    note = ("Consists of shares held by Orrin Public Equities, L.P. (\u201cOrrin PE\u201d). Orrin Public Equities Advisors, "
            "LLC (\u201cOrrin PE Advisors\u201d), as the general partner of Orrin Public Equities, controls Orrin Public "
            "Equities. Orrin Global Management, LLC (\u201cGlobal Management\u201d), as the managing member of Orrin PE "
            "Advisors, controls Orrin PE Advisors.")
    rel = note_relations(tmp_path, note, "Orrin Public Equities, L.P. (1)")
    assert {("Orrin Public Equities Advisors, LLC", "generalPartnerOf", "Orrin Public Equities, L.P."),
            ("Orrin Global Management, LLC", "controls", "Orrin Public Equities Advisors, LLC")} <= rel
    assert not any(s == "Orrin Public Equities" for s, _p, _o in rel)    # not a person, not a party of its own


def test_short_references_to_persons(tmp_path: Path):
    note = ("Jon Q. Roe is a director of the Company. Mr. Roe and Bo Lindqvist are the general partners of Roe "
            "Associates VI, L.P. Messrs. Roe and Lindqvist are the controlling shareholders of Roe Holdings, Inc.")
    rel = note_relations(tmp_path, note, "Roe Associates VI, L.P. (1)")
    assert {("Jon Q. Roe", "generalPartnerOf", "Roe Associates VI, L.P."),
            ("Bo Lindqvist", "generalPartnerOf", "Roe Associates VI, L.P."),
            ("Jon Q. Roe", "controls", "Roe Holdings, Inc."), ("Bo Lindqvist", "controls", "Roe Holdings, Inc.")} <= rel


def test_an_ambiguous_messrs_states_nothing(tmp_path: Path):
    note = "Lena Varga and Tomas Varga hold the shares. Messrs. Varga and Lindqvist are the general partners of Varga LP."
    assert note_relations(tmp_path, note, "Varga LP (1)") == set()


@pytest.mark.parametrize("text, names", [
    ("Orrin Alternative Solutions L.L.C. is the investment manager of Orrin Aqua Master Sub-Fund, a sub-fund of Orrin "
     "Global Master Fund ICAV.",
     ["Orrin Alternative Solutions L.L.C.", "Orrin Aqua Master Sub-Fund, a sub-fund of Orrin Global Master Fund ICAV"]),
    ("held by Orrin Growth Fund, a series of Orrin Investment Trust, and Plover Capital LLC",
     ["Orrin Growth Fund, a series of Orrin Investment Trust", "Plover Capital LLC"]),
    ("Ridge Capital LLC, the investment manager to Orrin Opportunity Master Fund, SPC\u2014Segregated Master Portfolio B, has",
     ["Ridge Capital LLC", "Orrin Opportunity Master Fund, SPC\u2014Segregated Master Portfolio B"]),
    ("Orrin (Far East) Ltd. (Cayman), an exempt company, is the manager of Orrin Holdings Inc.",
     ["Orrin (Far East) Ltd. (Cayman)", "Orrin Holdings Inc."]),
    # a name never runs on over "... and Orrin C. Orrin Capital ..."
    ("Orrin B and Orrin C. Orrin Capital GenPar, L.P. is the sole shareholder", ["Orrin Capital GenPar, L.P."]),
])
def test_names_with_appositive_and_parenthesised_parts(text: str, names):
    assert [o.name for o in find_organizations(text)] == names


@pytest.mark.parametrize("text, name", [
    ("Orrin Moderate Allocation Portfolio, (vii) 200 shares", "Orrin Moderate Allocation Portfolio"),
    ("Harbor Mutual Funds - Harbor U.S. Small-Cap Equity Fund, (ix) 267", "Harbor Mutual Funds - Harbor U.S. Small-Cap Equity Fund"),
    ("Lakeside 401(k) Retirement Plan (together, the", "Lakeside 401(k) Retirement Plan"),
    ("The Fund.", None),
    ("Orrin Capital and Orrin Opportunity Fund.", None),        # two terms joined, not one name
])
def test_fund_names_without_legal_form(text: str, name):
    found = fund_name_at(text, 0, len(text))
    assert (found.name if found else None) == name


def test_funds_without_legal_form_listed_as_holders_and_their_adviser(tmp_path: Path):
    note = ("Represents (i) 500 shares held by Orrin Small-Cap Stock Fund, Inc., (ii) 60 shares held by Orrin Moderate "
            "Allocation Portfolio, (iii) 20 shares held by Harbor Mutual Funds - Harbor Small-Cap Equity Fund and (iv) 30 "
            "shares held by Lakeside 401(k) Retirement Plan (together, the \u201cOrrin Accounts\u201d). Orrin Investment "
            "Management, Inc. serves as investment adviser with power to direct investments of the shares owned by the "
            "Orrin Accounts.")
    _doc, facts = extract_html(tmp_path, notes_doc(f"<p>(1) {note}</p>",
                                                   "Entities advised by Orrin Investment Management, Inc. (1)"))
    row = positions(facts)["Entities advised by Orrin Investment Management, Inc."]
    held = ["Orrin Small-Cap Stock Fund, Inc.", "Orrin Moderate Allocation Portfolio",
            "Harbor Mutual Funds - Harbor Small-Cap Equity Fund", "Lakeside 401(k) Retirement Plan"]
    assert sorted(set(row["holders"])) == sorted(held)
    assert {("Orrin Investment Management, Inc.", "investmentManagerOf", h) for h in held} <= relations(facts)


def test_a_row_named_for_one_fund_whose_footnote_lists_several(tmp_path: Path):
    note = ("Represents (i) 40 shares held directly by Orrin Hedge II LP (\u201cOrrin II\u201d); (ii) 20 shares held directly "
            "by Orrin Hedge LP (\u201cOrrin LP\u201d); and (iii) 90 shares held directly by Orrin Hedge Offshore, Ltd. "
            "(together with Orrin II and Orrin LP, the \u201cOrrin Funds\u201d). Orrin Hedge Asset Management LLC serves "
            "as investment adviser to the Orrin Funds.")
    _doc, facts = extract_html(tmp_path, notes_doc(f"<p>(1) {note}</p>", "Orrin Hedge II LP (1)"))
    row = positions(facts)["Orrin Hedge II LP"]
    assert sorted(set(row["holders"])) == ["Orrin Hedge II LP", "Orrin Hedge LP", "Orrin Hedge Offshore, Ltd."]
    rel = relations(facts)
    assert ("Orrin Hedge Asset Management LLC", "investmentManagerOf", "Orrin Hedge LP") in rel
    assert not any(o == "Orrin LP" for _s, _p, o in rel)          # the term stands for its party


def test_fixed_width_lines_that_end_inside_a_name_go_on():
    text = ("Orrin Mezzanine General Partnership is the investment General\n"
            "Partner of each of Orrin Mezzanine Partners, L.P.\n"
            "(\"OMP\") and Orrin Foreign Partners, L.P. (\"OFP\").  Mr. Jon Q.\n"
            "Roe, a director of the Company elected by the holders, is\n"
            "the President of Orrin Media Corp.\n")
    got = [text[s:e].replace("\n", " ") for s, e in sentences(text)]
    assert got[0].endswith("Orrin Foreign Partners, L.P. (\"OFP\").")
    assert got[1].startswith("Mr. Jon Q. Roe, a director")


# --- other ways a footnote states control ------------------------------------------------------------

@pytest.mark.parametrize("note, expected", [
    ("Orrin Fund II LP (\u201cFund II\u201d) and Orrin Fund III LP (\u201cFund III\u201d), who collectively own 97.4% of the "
     "capital interests of Orrin Holdings LLC, have the right to appoint a majority of the members of the board of "
     "managers of Orrin Holdings LLC.",
     {("Orrin Fund II LP", "controls", "Orrin Holdings LLC"), ("Orrin Fund III LP", "controls", "Orrin Holdings LLC")}),
    ("Orrin Fund II LP has the right to designate a majority of the board of directors of Orrin Holdings Inc.",
     {("Orrin Fund II LP", "controls", "Orrin Holdings Inc.")}),
    ("Orrin Fund II LP may have the right to appoint a majority of the board of managers of Orrin Holdings LLC.", set()),
    ("Orrin Fund II LP will have the right to appoint a majority of the board of managers of Orrin Holdings LLC.", set()),
    ("Orrin Group Management L.L.C. is wholly owned by its senior managing directors and controlled by its founder, "
     "Jon Q. Roe.", {("Jon Q. Roe", "controls", "Orrin Group Management L.L.C.")}),
    ("Orrin Group Management L.L.C. is wholly owned by its senior managing directors and controlled by its partners.",
     set()),
    ("Mr. Jon Q. Roe is the controlling person of Orrin Management Ltd. (\u201cOrrin Management\u201d), the general "
     "partner of Orrin V LP and, in such capacity, has voting control and investment control with respect to the "
     "shares held by Orrin V-SIV Limited.",
     {("Jon Q. Roe", "controls", "Orrin Management Ltd."), ("Orrin Management Ltd.", "generalPartnerOf", "Orrin V LP"),
      ("Orrin Management Ltd.", "controls", "Orrin V-SIV Limited")}),
])
def test_board_appointment_coordinated_passives_and_capacities(tmp_path: Path, note: str, expected):
    assert note_relations(tmp_path, note, "Orrin V-SIV Limited (1)") == expected


def test_an_entity_stated_to_be_an_affiliate_of_a_person_in_a_related_party_note(tmp_path: Path):
    rows = [["Directors, Executive Officers and 5% Stockholders", "Total Dividend Received"],
            ["Jon Q. Roe(1)", "3,645,515"], ["Orrin Ventures V, L.P.(1)", "1,000"], ["Lena Varga(2)", "10"],
            ["Tomas Varga", "10"], ["Varga Partners X, L.P.(2)", "20"]]
    notes = ("<p>(1) Orrin Ventures V, L.P. is an affiliate of Mr. Roe, a former member of our board of directors.</p>"
             "<p>(2) Varga Partners X, L.P. is an affiliate of Mr. Varga, a director.</p>")     # which Varga?
    html = page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>",
                HEAD.format("CERTAIN RELATIONSHIPS AND RELATED PERSON TRANSACTIONS"), table(rows) + notes,
                HEAD.format("PLAN OF DISTRIBUTION"), "<p>The selling stockholders may sell the shares.</p>")
    _doc, facts = extract_html(tmp_path, html)
    assert relations(facts) == {("Orrin Ventures V, L.P.", "affiliateOf", "Jon Q. Roe")}


def test_a_general_partner_named_with_a_trailing_gp():
    assert [o.name for o in find_organizations("Orrin LLC, GP (\"Orrin GP\") is the general partner of Orrin Liquid II, LP.")] \
        == ["Orrin LLC, GP", "Orrin Liquid II, LP"]


def test_glossary_entries_define_terms(tmp_path: Path):
    body = ("<p>Unless otherwise stated in this prospectus, references to:</p>"
            "<p>\u2022 \u201cOrrin LLC\u201d are to Orrin SPAC I LLC, a Delaware limited liability company and a member of our "
            "sponsor;</p>"
            "<p>\u2022 \u201cPlover Capital\u201d are to Plover Capital, LLC, a Delaware limited liability company;</p>"
            "<p>\u2022 \u201csponsor\u201d or \u201cfounders\u201d are to Orrin Sponsor LLC, a Delaware limited liability "
            "company, which is controlled by its members Orrin LLC and Plover Capital;</p>")
    html = page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>", HEAD.format("CERTAIN TERMS"), body,
                HEAD.format("PLAN OF DISTRIBUTION"), "<p>The underwriters may sell the shares.</p>")
    _doc, facts = extract_html(tmp_path, html)
    rel = relations(facts)
    assert ("Orrin SPAC I LLC", "controls", "Orrin Sponsor LLC") in rel
    assert not any(s == "Orrin LLC" for s, _p, _o in rel)


def test_a_holder_annotated_with_its_control_person(tmp_path: Path):
    rows = [["Name and Address of Beneficial Owner", "Address", "Shares Beneficially Owned", "Percent"],
            ["Orrin Holdings Ltd (the control person is Jane Quell)", "1 Main Street, Springfield", "41,655,000", "12.2%"],
            ["Plover Capital (the Control person is Tomas Ferrante)", "2 Elm Road, Springfield", "500,000", "0.1%"],
            ["7654321 Ontario Ltd. (the control person is Bo Lindqvist)", "3 Oak Lane, Aurora", "10,000", "*"],
            ["Kestrel Advisors LLC (the control person is Mr. Roe)", "4 Pine Road, Springfield", "10,000", "*"],
            ["Lena Varga (the control person is unknown)", "5 Birch Road, Springfield", "10,000", "*"]]
    html = page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>",
                HEAD.format("SECURITY OWNERSHIP OF CERTAIN BENEFICIAL OWNERS AND MANAGEMENT"), table(rows),
                HEAD.format("PLAN OF DISTRIBUTION"), "<p>The selling stockholders may sell the shares.</p>")
    _doc, facts = extract_html(tmp_path, html)
    assert relations(facts) == {("Jane Quell", "controls", "Orrin Holdings Ltd"),
                                ("Tomas Ferrante", "controls", "Plover Capital"),
                                ("Bo Lindqvist", "controls", "7654321 Ontario Ltd.")}


def test_a_new_sentence_after_each_of_is_not_a_list(tmp_path: Path):
    note = ("Orrin GP LLC is the general partner of each of Orrin Master Fund LP. Plover Capital, LLC, a Delaware limited "
            "liability company, is the manager of Plover Fund LP.")
    rel = note_relations(tmp_path, note)
    assert ("Orrin GP LLC", "generalPartnerOf", "Orrin Master Fund LP") in rel
    assert ("Orrin GP LLC", "generalPartnerOf", "Plover Capital, LLC") not in rel
    note = ("Orrin GP LLC is the general partner of each of Orrin Master Fund LP. Plover Capital LLC, Plover Fund LP and "
            "Plover Offshore Ltd. are managed by Plover Advisors LLC.")
    rel = note_relations(tmp_path, note)
    assert not any(o.startswith("Plover") for s, _p, o in rel if s == "Orrin GP LLC")


@pytest.mark.parametrize("note, expected", [
    # an entity's stated capacity: any role ("in its capacity as investment manager to")
    ("Delta Advisors LLC, in its capacity as investment manager to Delta Fund LP, has voting power over the shares.",
     {("Delta Advisors LLC", "investmentManagerOf", "Delta Fund LP")}),
    # an adviser over a list of funds introduced by "the following funds:"
    ("Epsilon Capital LLC is the investment adviser to the following funds: Epsilon Growth Fund and Epsilon Value Fund.",
     {("Epsilon Capital LLC", "investmentManagerOf", "Epsilon Growth Fund"),
      ("Epsilon Capital LLC", "investmentManagerOf", "Epsilon Value Fund")}),
    # "in such capacity": the holder of the role the sentence states
    ("Lambda GP LLC (the \u201cGeneral Partner\u201d) is the general partner of Lambda Capital LP. Ann Lee is the managing "
     "member of the General Partner and, in such capacity, has voting power over the shares held by Lambda Master "
     "Fund Ltd.",
     {("Lambda GP LLC", "generalPartnerOf", "Lambda Capital LP"), ("Ann Lee", "controls", "Lambda GP LLC"),
      ("Ann Lee", "controls", "Lambda Master Fund Ltd.")}),
    ("Eta Partners LP was formerly managed by Theta Advisors LLC.", set()),                  # past
    ("Zeta Holdings, Inc. is controlled by its board of directors, which consists of Ann Lee and Bo Chan.", set()),
])
def test_capacities_and_lists_of_funds(tmp_path: Path, note: str, expected):
    assert note_relations(tmp_path, note) == expected


@pytest.mark.parametrize("note, expected", [
    ("Alpha GP LLC, which is the general partner of Alpha Fund LP, is controlled by Ann Lee.",
     {("Alpha GP LLC", "generalPartnerOf", "Alpha Fund LP"), ("Ann Lee", "controls", "Alpha GP LLC")}),
    ("Alpha Capital LLC is the investment manager of Alpha Fund LP. John Smith is a portfolio manager of Alpha "
     "Capital LLC.", {("Alpha Capital LLC", "investmentManagerOf", "Alpha Fund LP")}),      # a job title
    ("Ann Lee, a managing director of Alpha Capital LLC, may be deemed to have voting power.", set()),
])
def test_relative_clauses_and_job_titles(tmp_path: Path, note: str, expected):
    assert note_relations(tmp_path, note) == expected


@pytest.mark.parametrize("note, expected", [
    # the natural persons Item 507 asks for
    ("The natural person with voting and dispositive power over the shares held by Alpha Fund LP is Ann Lee.",
     {("Ann Lee", "controls", "Alpha Fund LP")}),
    ("The natural persons who exercise voting and investment power over the securities held by Alpha Fund LP are Ann "
     "Lee and Bo Chan.", {("Ann Lee", "controls", "Alpha Fund LP"), ("Bo Chan", "controls", "Alpha Fund LP")}),
    ("Ann Lee is the natural person with voting and investment control over the shares held by Alpha Fund LP.",
     {("Ann Lee", "controls", "Alpha Fund LP")}),
    ("Voting and investment power over the shares held by Alpha Fund LP is exercised by Ann Lee and Bo Chan.",
     {("Ann Lee", "controls", "Alpha Fund LP"), ("Bo Chan", "controls", "Alpha Fund LP")}),
    ("The natural persons with shared voting power over the shares held by Alpha Fund LP are Ann Lee and Bo Chan.",
     set()),
    ("Ann Lee may be deemed to be the natural person with voting power over the shares held by Alpha Fund LP.", set()),
    # a role stated the other way round
    ("Alpha Fund LP is a private investment fund whose investment manager is Alpha Advisors LLC.",
     {("Alpha Advisors LLC", "investmentManagerOf", "Alpha Fund LP")}),
    ("The general partner of Alpha Fund LP is Alpha GP LLC, whose managing member is Ann Lee.",
     {("Alpha GP LLC", "generalPartnerOf", "Alpha Fund LP"), ("Ann Lee", "controls", "Alpha GP LLC")}),
    ("The general partner of Alpha Fund LP may be Alpha GP LLC.", set()),
    ("Ann Lee, whose spouse is the manager of Alpha GP LLC, holds the shares.", set()),
])
def test_natural_persons_and_inverse_roles(tmp_path: Path, note: str, expected):
    assert note_relations(tmp_path, note, "Alpha Fund LP (1)") == expected


def test_short_forms_defined_with_or_and_affiliates_of_persons(tmp_path: Path):
    body = ("<p>In connection with the financing, (i) Orrin Ventures III, LLC, or Orrin, acquired 100 shares and (ii) "
            "Plover Partners X, L.P. and Plover X Affiliates, L.P., or collectively PPX, acquired 50 shares. Kestrel "
            "Growth Fund LP, or Harbor, acquired 10 shares.</p>"
            "<p>Jon Q. Roe, who was one of our directors prior to our initial public offering, is an affiliate of Orrin. "
            "Bo Lindqvist, Jon Q. Roe\u2019s stepfather, is an affiliate of PPX. Ann Lee is an affiliate of Harbor.</p>")
    html = page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>",
                HEAD.format("CERTAIN RELATIONSHIPS AND RELATED PERSON TRANSACTIONS"), body,
                HEAD.format("PLAN OF DISTRIBUTION"), "<p>The selling stockholders may sell the shares.</p>")
    _doc, facts = extract_html(tmp_path, html)
    assert relations(facts) == {("Jon Q. Roe", "affiliateOf", "Orrin Ventures III, LLC"),
                                ("Bo Lindqvist", "affiliateOf", "Plover Partners X, L.P."),
                                ("Bo Lindqvist", "affiliateOf", "Plover X Affiliates, L.P.")}


@pytest.mark.parametrize("note, expected", [
    ("Jane Roe, Chief Executive Officer of Foo LLC, has voting power over the shares held by Alpha Fund LP.",
     {("Jane Roe", "controls", "Alpha Fund LP")}),
    ("Jane Roe, Managing Director, has sole voting power over the shares held by Alpha Fund LP.",
     {("Jane Roe", "controls", "Alpha Fund LP")}),
    ("Jane Roe, John Doe and Mary Major have voting power over the shares held by Alpha Fund LP.",
     {("Jane Roe", "controls", "Alpha Fund LP"), ("John Doe", "controls", "Alpha Fund LP"),
      ("Mary Major", "controls", "Alpha Fund LP")}),
])
def test_a_title_after_a_person_is_no_person(tmp_path: Path, note: str, expected):
    assert note_relations(tmp_path, note, "Alpha Fund LP (1)") == expected


def test_each_of_two_general_partners_with_their_own_appositives(tmp_path: Path):
    """"Each of A ("A"), the general partner of the Funds, and B, the general partner of A, has ...": B is a
    second subject with its own role, never a second object of A's."""
    note = ("Tamsin Fund VII L.P. and Tamsin Fund VII Institutional L.P. (together, the \u201cTamsin Funds\u201d) hold "
            "the shares. Each of Heron Seven & Co. L.P. (\u201cHeron L.P.\u201d), the general partner of the Tamsin Funds, "
            "and Heron Seven & Co. Ltd. (\u201cHeron Ltd.\u201d), the general partner of Heron L.P., has voting and "
            "dispositive power over the shares held by the Tamsin Funds.")
    rel = note_relations(tmp_path, note, row="Tamsin Fund VII L.P. (1)")
    assert {("Heron Seven & Co. L.P.", "generalPartnerOf", "Tamsin Fund VII L.P."),
            ("Heron Seven & Co. Ltd.", "generalPartnerOf", "Heron Seven & Co. L.P.")} <= rel
    assert ("Heron Seven & Co. L.P.", "generalPartnerOf", "Heron Seven & Co. Ltd.") not in rel
    assert ("Heron Seven & Co. L.P.", "controls", "Heron Seven & Co. Ltd.") not in rel
