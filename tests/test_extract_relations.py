"""Issue 14: who controls whom, and selling-holder tables as filed. Every fixture here is invented
(funds, firms and people that do not exist); each rule has its positive phrasings and, beside them,
the negatives that must give nothing (hedged, denied, past, future, titles, unnamed parties)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospectus_kg.graph.extract.names import find_organizations, find_person_at
from prospectus_kg.graph.models import EntityRef
from extract_support import HEAD, extract_html, page, positions

RELATIONS = ("controls", "generalPartnerOf", "investmentManagerOf", "subsidiaryOf", "affiliateOf", "controlledBy")


def relations(facts) -> set[tuple[str, str, str]]:
    return {(f.subject.key, f.predicate, f.obj.key) for f in facts
            if f.predicate in RELATIONS and isinstance(f.obj, EntityRef)}



def doc_with(section: str, body: str) -> str:
    return page(HEAD.format("PROSPECTUS"), "<p>Acme Robotics, Inc.</p>", HEAD.format(section), body,
                HEAD.format("PLAN OF DISTRIBUTION"), "<p>The selling stockholders may sell the shares.</p>")


def table(rows: list[list[str]]) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"


def notes_doc(note_html: str, row: str = "Alder Fund LP") -> str:
    head = ["Name of Selling Stockholder", "Shares Owned Before the Offering", "Shares Offered",
            "Shares Owned After the Offering"]
    return doc_with("SELLING STOCKHOLDERS", table([head, [f"{row}(1)", "100,000", "100,000", "\u2014"]]) + note_html)


# --- the relation grammar in footnotes ---------------------------------------------------------------

@pytest.mark.parametrize("note, expected", [
    # passive ownership
    ("Alder Fund LP is wholly owned by Alder Holdings Ltd.", {("Alder Fund LP", "subsidiaryOf", "Alder Holdings Ltd.")}),
    ("Alder Fund LP is a wholly-owned subsidiary of Alder Holdings Ltd.",
     {("Alder Fund LP", "subsidiaryOf", "Alder Holdings Ltd.")}),
    # role lexicon
    ("Maria Quist is the controlling person of Alder Management LLC.",
     {("Maria Quist", "controls", "Alder Management LLC")}),
    ("Jonas Pike is a control person of Alder Management LLC and as such may be deemed to beneficially own the shares.",
     {("Jonas Pike", "controls", "Alder Management LLC")}),
    ("Alder Advisors LLC is the portfolio manager of Alder Fund LP.",
     {("Alder Advisors LLC", "investmentManagerOf", "Alder Fund LP")}),
    ("Alder Partners LLC is a general partner of each of Alder Fund LP and Alder Opportunity Fund LP.",
     {("Alder Partners LLC", "generalPartnerOf", "Alder Fund LP"),
      ("Alder Partners LLC", "generalPartnerOf", "Alder Opportunity Fund LP")}),
    # "managed by": the manager controls the fund
    ("The shares are held by Alder Fund LP, an investment fund managed by Alder Advisors LLC.",
     {("Alder Advisors LLC", "controls", "Alder Fund LP")}),
    ("Alder Fund LP is managed by Alder Advisors LLC.", {("Alder Advisors LLC", "controls", "Alder Fund LP")}),
    # an appositive between the name and its verb
    ("Maria Quist, a director of our company, is the manager of Alder Fund LP.",
     {("Maria Quist", "controls", "Alder Fund LP")}),
    # a coordinated name that opens a new clause is not an object of the first
    ("Alder Capital LP is the manager of Alder Fund LP and Alder Capital GP Ltd. is the general partner of "
     "Alder Capital LP.", {("Alder Capital LP", "controls", "Alder Fund LP"),
                           ("Alder Capital GP Ltd.", "generalPartnerOf", "Alder Capital LP")}),
    # plural subjects: "A and B are the general partners of", "... are managing members and controlling persons of"
    ("Maria Quist and Jonas Pike are the general partners of Alder Fund LP.",
     {("Maria Quist", "generalPartnerOf", "Alder Fund LP"), ("Jonas Pike", "generalPartnerOf", "Alder Fund LP")}),
    ("Maria Quist and Jonas Pike, one of our directors, are managing members and controlling persons of Alder GP LLC.",
     {("Maria Quist", "controls", "Alder GP LLC"), ("Jonas Pike", "controls", "Alder GP LLC")}),
    ("Each of Alder GP LLC and Alder Ventures LLC is controlled by Theo Brandt as its sole member.",
     {("Theo Brandt", "controls", "Alder GP LLC"), ("Theo Brandt", "controls", "Alder Ventures LLC")}),
    ("Alder Fund LP, Alder Offshore Ltd. and Alder Plus Fund LP are managed by Alder Advisors LLC.",
     {("Alder Advisors LLC", "controls", "Alder Fund LP"), ("Alder Advisors LLC", "controls", "Alder Offshore Ltd."),
      ("Alder Advisors LLC", "controls", "Alder Plus Fund LP")}),
    # an entity that is the sole member of an LLC owns it; a person who is, controls it
    ("Alder Holdings LP is the sole member of Alder Advisors LLC. Theo Brandt is the sole member of Alder GP LLC.",
     {("Alder Advisors LLC", "subsidiaryOf", "Alder Holdings LP"), ("Theo Brandt", "controls", "Alder GP LLC")}),
    ("Theo Brandt owns a controlling interest in Alder GP LLC.", {("Theo Brandt", "controls", "Alder GP LLC")}),
    ("Mr. Theo Brandt also is the indirect majority owner of Alder Fund LP.",
     {("Theo Brandt", "controls", "Alder Fund LP")}),
    ("Alder Advisors LLC acts as a discretionary investment manager on behalf of Alder Fund LP.",
     {("Alder Advisors LLC", "investmentManagerOf", "Alder Fund LP")}),
    ("As such, Theo Brandt exercises sole voting and investment discretion over securities owned directly or "
     "indirectly by Alder Fund LP.", {("Theo Brandt", "controls", "Alder Fund LP")}),
    # "(together, the "Accounts")" after an enumeration of holders
    ("Represents (i) 100 shares held by Alder Fund LP and (ii) 50 shares held by Alder Trust Fund (together, the "
     "\u201cAlder Accounts\u201d). Alder Advisors LLC serves as investment manager to each of the Alder Accounts.",
     {("Alder Advisors LLC", "investmentManagerOf", "Alder Fund LP"),
      ("Alder Advisors LLC", "investmentManagerOf", "Alder Trust Fund")}),
    ("Represents (i) 100 shares held by Alder Fund LP and (ii) 50 shares held by Alder Trust Fund (together, the "
     "\u201cAlder Accounts\u201d). Alder Advisors LLC serves as investment adviser or subadviser, as applicable, with "
     "power to direct investments and/or sole power to vote the shares owned by the Alder Accounts.",
     {("Alder Advisors LLC", "investmentManagerOf", "Alder Fund LP"),
      ("Alder Advisors LLC", "investmentManagerOf", "Alder Trust Fund")}),
    # two names of one stem with different legal forms are two parties
    ("Alder GP II LLC is the sole general partner of Alder GP II LP.",
     {("Alder GP II LLC", "generalPartnerOf", "Alder GP II LP")}),
    # "as the managing member of A and B, controls A and B"
    ("Mr. Theo Brandt, as the managing member of Alder GP LLC and Alder Ventures LLC, controls them.",
     {("Theo Brandt", "controls", "Alder GP LLC"), ("Theo Brandt", "controls", "Alder Ventures LLC")}),
    # two names joined by "and" that share a leading word are two parties
    ("Alder Advisors, LP is the manager of Alder Capital and Alder Capital GP, LLC is the general partner of "
     "Alder Fund LP.", {("Alder Capital GP, LLC", "generalPartnerOf", "Alder Fund LP")}),
    # a group defined with a comma inside the quotes stands for each member
    ("The shares are held by Alder Fund Qualified, L.P. (\u201cQualified Fund\u201d) and Alder Fund, L.P. "
     "(\u201cCapital Fund\u201d, and together with Qualified Fund, the \u201cAlder Funds\u201d). Alder Capital, LLC "
     "is the general partner of the Alder Funds.",
     {("Alder Capital, LLC", "generalPartnerOf", "Alder Fund Qualified, L.P."),
      ("Alder Capital, LLC", "generalPartnerOf", "Alder Fund, L.P.")}),
])
def test_relation_grammar(tmp_path: Path, note: str, expected):
    _doc, facts = extract_html(tmp_path, notes_doc(f"<p>(1) {note}</p>"))
    assert expected <= relations(facts)


@pytest.mark.parametrize("note", [
    "Maria Quist may be deemed to be the controlling person of Alder Management LLC.",     # hedged
    "Maria Quist is not the controlling person of Alder Management LLC.",                  # denied
    "Alder Fund LP was wholly owned by Alder Holdings Ltd. prior to the merger.",          # past
    "Alder Fund LP will be managed by Alder Advisors LLC after the offering.",             # future
    "Alder Fund LP will become a wholly owned subsidiary of Alder Holdings Ltd.",           # future
    "Maria Quist is General Partner on the Growth team of Alder Advisors LLC.",            # a job title
    "Maria Quist and Jonas Pike are managing members of Alder GP LLC.",                    # one of several members
    "Alder Fund LP is an affiliate of one of the underwriters.",                            # an unnamed party
])
def test_relation_grammar_negatives(tmp_path: Path, note: str):
    _doc, facts = extract_html(tmp_path, notes_doc(f"<p>(1) {note}</p>"))
    assert relations(facts) == set()


# --- subsidiaries stated anywhere in the document ------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Under the merger agreement, Orchard Merger Sub, Inc., a Delaware corporation and a wholly owned subsidiary of "
     "Acme Robotics, Inc., merged with Pippin Labs, Inc.", ("Orchard Merger Sub, Inc.", "subsidiaryOf")),
    ("Quince Power Company, the principal operating subsidiary of Quince Energy Corporation, sells power.",
     ("Quince Power Company", "subsidiaryOf")),
    ("Rowan Trust Company is wholly owned by Rowan Clearing Corporation.", ("Rowan Trust Company", "subsidiaryOf")),
])
def test_subsidiaries_in_any_section(tmp_path: Path, sentence: str, expected):
    _doc, facts = extract_html(tmp_path, doc_with("RISK FACTORS", f"<p>{sentence}</p>"))
    assert any((s, p) == expected for s, p, _o in relations(facts))


@pytest.mark.parametrize("sentence", [
    "Upon the closing, Orchard Holdings, Inc. will become a wholly owned subsidiary of Acme Robotics, Inc.",
    "Orchard Holdings, Inc. was a wholly owned subsidiary of Pippin Labs, Inc.",
    "Orchard Holdings, Inc. is not an affiliate of Pippin Labs, Inc.",
    "Orchard Holdings, Inc. may be deemed an affiliate of Pippin Labs, Inc.",
    "Orchard Holdings, Inc. is an affiliate of one of the underwriters.",
])
def test_subsidiary_negatives(tmp_path: Path, sentence: str):
    _doc, facts = extract_html(tmp_path, doc_with("RISK FACTORS", f"<p>{sentence}</p>"))
    assert relations(facts) == set()


def test_names_are_not_glued_across_and():
    names = [o.name for o in find_organizations("the manager of Birch Capital and Birch Capital GP, LLC and the laws "
                                                "of Nevada and Holloway Grant LLP; Smith and Smith LLP; Johnson & "
                                                "Johnson Inc.")]
    assert names == ["Birch Capital GP, LLC", "Holloway Grant LLP", "Smith and Smith LLP", "Johnson & Johnson Inc."]
    assert find_person_at("Ada Lind, Ph.D. holds", 0, 21).name == "Ada Lind, Ph.D."


# --- selling-holder tables as filed --------------------------------------------------------------------

def test_combined_principal_and_selling_table(tmp_path: Path):
    """Directors' rows that restate a holder's shares, holders who sell nothing, subtotal rows, remarks
    after names, an "All other selling stockholders" row, groups over share-class sub-columns."""
    rows = [
        ["Shares Beneficially Owned Before the Offering", "% of Total Voting Power Before the Offering",
         "Number of Shares Offered", "Shares Beneficially Owned After the Offering",
         "% of Total Voting Power After the Offering"],
        ["Class A", "Class B", "Class A", "Class B"],
        ["Name of Beneficial Owner", "Shares%", "Shares%", "Shares%", "Shares%"],
        ["5% Stockholders:"],
        ["Larch Holdings LLC (5% Stockholder)(1)", "\u2014", "*", "900,000", "9.0", "8.5", "90,000", "\u2014", "*",
         "810,000", "8.1", "7.7"],
        ["Linden Foundation", "500,000", "5.0", "\u2014", "*", "*", "\u2014", "500,000", "5.0", "\u2014", "*", "*"],
        ["Directors and Executive Officers:"],
        ["Nora Vale(2)", "100", "*", "900,000", "9.0", "8.5", "90,000", "100", "*", "810,000", "8.1", "7.7"],
        ["Otto Brun", "\u2014", "*", "40,000", "*", "*", "4,000", "\u2014", "*", "36,000", "*", "*"],
        ["All directors and executive officers as a group (2 persons)", "100", "*", "940,000", "9.4", "8.9",
         "94,000", "100", "*", "846,000", "8.5", "8.0"],
        ["Other Selling Stockholders:"],
        ["Petra Holm", "\u2014", "*", "30,000", "*", "*", "3,000", "\u2014", "*", "27,000", "*", "*"],
        ["All other selling stockholders (12 persons)", "\u2014", "*", "60,000", "*", "*", "6,000", "\u2014", "*",
         "54,000", "*", "*"],
    ]
    html = doc_with("PRINCIPAL AND SELLING STOCKHOLDERS", table(rows) +
                    "<p>(1) Nora Vale is the manager of Larch Holdings LLC.</p><p>(2) Consists of the shares referred "
                    "to in footnote (1).</p>")
    _doc, facts = extract_html(tmp_path, html)
    got = {label: row.get("sharesOffered") for label, row in positions(facts).items()}
    assert got == {"Larch Holdings LLC": 90000, "Otto Brun": 4000, "Petra Holm": 3000,
                   "All other selling stockholders": 6000}
    rows_ = positions(facts)
    assert rows_["Larch Holdings LLC"]["holders"] == ["Larch Holdings LLC"]
    assert rows_["All other selling stockholders"]["holders"] == []
    assert "sharesOwnedBefore" not in rows_["Otto Brun"]     # two share classes: no one number
    assert ("Nora Vale", "controls", "Larch Holdings LLC") in relations(facts)


def test_offered_column_between_before_and_after_groups(tmp_path: Path):
    rows = [["Shares Owned Before the Offering", "Shares Owned After the Offering"],
            ["Name of Beneficial Owner", "Class A Shares", "Class B Shares", "Combined Voting Power",
             "Class A Shares that may be sold hereby", "Class A Shares", "Voting Power"],
            ["Selling Shareholders:"],
            ["Sorrel Partners LP", "700,000", "\u2014", "1.2%", "500,000", "200,000", "*"]]
    _doc, facts = extract_html(tmp_path, doc_with("SELLING SHAREHOLDERS", table(rows)))
    assert positions(facts)["Sorrel Partners LP"]["sharesOffered"] == 500000


def test_lone_share_column_before_after_columns_is_the_amount_offered(tmp_path: Path):
    rows = [["Name of Selling Shareholder", "Common Stock Issuable upon Conversion of Series A Preferred Stock",
             "Shares Owned After the Offering", "Percent Owned After the Offering"],
            ["Tamarind Trust", "2,500", "0", "0"]]
    _doc, facts = extract_html(tmp_path, doc_with("SELLING SHAREHOLDERS", table(rows)))
    assert positions(facts)["Tamarind Trust"]["sharesOffered"] == 2500


def test_numbered_footnotes_name_the_holders_of_a_group_row(tmp_path: Path):
    head = ["Name of Selling Stockholder", "Shares Owned Before the Offering", "Shares Offered",
            "Shares Owned After the Offering"]
    rows = [head, ["Entities Affiliated with Umber (1)", "300,000", "250,000", "50,000"]]
    notes = ("<p>1. Consists of (i) 200,000 shares purchased in the Private Placement by Umber Growth Fund LLC "
             "(\u201cGrowth Fund\u201d), (ii) 50,000 shares purchased by Umber Ventures Fund L.P. and (iii) 50,000 "
             "shares previously held by Umber Legacy Fund LP. Umber Growth Fund LLC is wholly owned by Umber Holdings "
             "Ltd. Umber Capital LLC has sole voting and dispositive power over the shares held by Growth Fund.</p>")
    _doc, facts = extract_html(tmp_path, doc_with("SELLING STOCKHOLDERS", table(rows) + notes))
    row = positions(facts)["Entities Affiliated with Umber"]
    assert sorted(set(row["holders"])) == ["Umber Growth Fund LLC", "Umber Ventures Fund L.P."]
    assert {("Umber Growth Fund LLC", "subsidiaryOf", "Umber Holdings Ltd."),
            ("Umber Capital LLC", "controls", "Umber Growth Fund LLC")} <= relations(facts)


def test_footnote_split_by_a_page_break_is_one_footnote(tmp_path: Path):
    head = ["Name of Selling Stockholder", "Shares Owned Before the Offering", "Shares Offered",
            "Shares Owned After the Offering"]
    rows = [head, ["Vetch Fund LP (1)", "100,000", "100,000", "\u2014"]]
    notes = ('<p>(1) Vetch Fund LP (\u201cVetch Fund\u201d) is a private fund whose investors are</p>'
             '<div style="page-break-after:always"></div><p>Qualified purchasers. Vetch Partners LLC is the general '
             'partner of Vetch Fund.</p>')
    doc, facts = extract_html(tmp_path, doc_with("SELLING STOCKHOLDERS", table(rows) + notes))
    assert [len(t.footnotes) for t in doc.tables] == [1]
    assert ("Vetch Partners LLC", "generalPartnerOf", "Vetch Fund LP") in relations(facts)


def test_address_in_the_name_cell_is_not_part_of_the_name(tmp_path: Path):
    head = ["Name of Selling Stockholder", "Shares Owned Before the Offering", "Shares Offered",
            "Shares Owned After the Offering"]
    rows = [head, ["Wicker Holdings, Inc. 40 Elm Road Springfield, IL 62701", "1,000", "1,000", "0"],
            ["Yarrow Partners Rue Des Alpes 4, 1201 Geneve", "2,000", "2,000", "0"],
            ["Zinnia 2020 Fund LP", "3,000", "3,000", "0"]]
    _doc, facts = extract_html(tmp_path, doc_with("SELLING STOCKHOLDERS", table(rows)))
    assert sorted(positions(facts)) == ["Wicker Holdings, Inc.", "Yarrow Partners", "Zinnia 2020 Fund LP"]


def test_defined_terms_stand_for_their_party_in_any_section(tmp_path: Path):
    body = ("<p>Kestrel Clearing Company (\u201cKCC\u201d) settles trades. KCC is a wholly owned subsidiary of Kestrel "
            "Markets Corporation.</p><p>Under the merger agreement among Plover Acquisition Corp. (\u201cPLVR\u201d), "
            "Plover Merger Sub, Inc., a Delaware corporation and wholly owned subsidiary of PLVR, and Tern Labs, Inc., "
            "Merger Sub merged with Tern Labs, Inc.</p>")
    _doc, facts = extract_html(tmp_path, doc_with("DESCRIPTION OF CAPITAL STOCK", body))
    assert {("Kestrel Clearing Company", "subsidiaryOf", "Kestrel Markets Corporation"),
            ("Plover Merger Sub, Inc.", "subsidiaryOf", "Plover Acquisition Corp.")} <= relations(facts)


def test_in_the_financial_statements_the_company_is_not_the_issuer(tmp_path: Path):
    body = ("<p>Acme Robotics, Inc. (the \u201cCompany\u201d) makes robots.</p>" + HEAD.format("INDEX TO FINANCIAL STATEMENTS")
            + "<p>Heron Land LLC (the \u201cCompany\u201d) owns land. Heron Ranch LLC, a wholly owned subsidiary of the "
              "Company, leases it. Heron Member LLC is the sole member of the Company.</p>")
    _doc, facts = extract_html(tmp_path, doc_with("SUMMARY", body))
    rel = relations(facts)
    assert ("Heron Ranch LLC", "subsidiaryOf", "@issuer") not in rel
    assert not any(o in ("@issuer", "Acme Robotics, Inc.") for _s, _p, o in rel)


def test_parent_and_holding_company_statements(tmp_path: Path):
    body = ("<p>Kestrel Clearing Company (\u201cKCC\u201d), New York, New York, as depositary, settles trades. Kestrel "
            "Markets Corporation is the holding company for KCC, Kestrel Settlement Corporation and Kestrel Income "
            "Clearing Corporation.</p><p>Before the reorganization our plan was managed by Heron Land LLC, the "
            "direct parent of Acme Robotics, Inc.</p>")
    _doc, facts = extract_html(tmp_path, doc_with("DESCRIPTION OF CAPITAL STOCK", body))
    rel = relations(facts) | {(f.subject.key, f.predicate, f.obj.key) for f in facts if f.predicate == "parentOf"}
    assert {("Kestrel Markets Corporation", "parentOf", "Kestrel Clearing Company"),
            ("Kestrel Markets Corporation", "parentOf", "Kestrel Settlement Corporation"),
            ("Kestrel Markets Corporation", "parentOf", "Kestrel Income Clearing Corporation")} <= rel
    assert not any(s == "Heron Land LLC" for s, _p, _o in rel)


def test_fixed_width_text_wrapped_lines(tmp_path: Path):
    """A 1990s text filing wraps its paragraphs at about 60 columns; a line may end with a legal form."""
    import textwrap
    para = ("Mr. Roe and Jack Lindqvist are the general partners of Osprey Associates II, L.P., which is the sole "
            "general partner of Osprey Paging Partners, L.P. (\"Osprey Paging\").  Osprey Holdings Trust Company is "
            "the investment General Partner of each of Osprey Mezzanine Partners, L.P. (\"OMP\") and Osprey Foreign "
            "Partners, L.P. (\"OFP\").")
    wrapped = "\n".join(textwrap.wrap(para, 62, break_on_hyphens=False))
    text = ("PROSPECTUS\n\nAcme Robotics, Inc.\n\nSELLING SHAREHOLDERS\n\n" + wrapped +
            "\n\nPLAN OF DISTRIBUTION\n\nThe selling shareholders may sell the shares.\n")
    path = tmp_path / "old.txt"
    path.write_text(text, encoding="utf-8")
    from prospectus_kg.graph.extract import extract
    from prospectus_kg.graph.ingest.load import load_document
    rel = relations(extract(load_document(path)))
    assert ("Osprey Associates II, L.P.", "generalPartnerOf", "Osprey Paging Partners, L.P.") in rel
    assert ("Jack Lindqvist", "generalPartnerOf", "Osprey Associates II, L.P.") in rel
    assert ("Osprey Holdings Trust Company", "generalPartnerOf", "Osprey Foreign Partners, L.P.") in rel
    assert not any(s in ("Roe", "Mr. Roe") for s, _p, _o in rel)      # a surname alone names nobody for sure


def test_a_term_defined_with_or(tmp_path: Path):
    body = ("<p>The notes will be held by Kestrel Clearing Company, Dover, Delaware, as depositary, or KCC. KCC is a wholly-owned "
            "subsidiary of Kestrel Markets Corporation, or KMC.</p>")
    _doc, facts = extract_html(tmp_path, doc_with("DESCRIPTION OF CAPITAL STOCK", body))
    assert ("Kestrel Clearing Company", "subsidiaryOf", "Kestrel Markets Corporation") in relations(facts)


def test_issuer_words_in_the_prose_of_control_sections(tmp_path: Path):
    body = ("<p>References in this prospectus to \u201cWren\u201d refer to Wren Capital LLC and its affiliated funds. "
            "Wren indirectly owns a majority of our common shares. Plover Holdings LLC (\u201cPlover\u201d) directly "
            "controls us. We are also the sole managing member of Acme Operating LLC (\u201cOpCo\u201d).</p>")
    _doc, facts = extract_html(tmp_path, doc_with("SUMMARY", body))
    assert {("Wren Capital LLC", "controls", "@issuer"), ("Plover Holdings LLC", "controls", "@issuer"),
            ("@issuer", "controls", "Acme Operating LLC")} <= relations(facts)


def test_issuer_words_negatives(tmp_path: Path):
    body = ("<p>Wren Capital LLC may own a majority of our common shares after the offering. Wren Capital LLC will "
            "control us. We may become the sole managing member of Acme Operating LLC.</p>")
    _doc, facts = extract_html(tmp_path, doc_with("SUMMARY", body))
    assert relations(facts) == set()
