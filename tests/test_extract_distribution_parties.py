"""Underwriters, agents, counsel and auditors in the forms deals name them (Regulation S-K Items 508
and 509), each beside the statements that are not this offering's: fixtures written from scratch."""

from __future__ import annotations

from prospectus_kg.graph.models import EntityRef
from extract_support import HEAD, run

AGENTS = ("underwriter", "placementAgent", "salesAgent")
COVER = (HEAD.format("PROSPECTUS SUPPLEMENT"), "<p>Kelvin Oncology, Inc.</p>", "<p>Up to $50,000,000 of Common Stock</p>")


def agents(facts) -> set[tuple[str, str]]:
    return {(f.predicate, f.obj.key) for f in facts if f.predicate in AGENTS and isinstance(f.obj, EntityRef)}


def names_of(facts, key: str) -> set[str]:
    return {f.obj for f in facts if f.predicate == "name" and isinstance(f.subject, EntityRef) and f.subject.key == key}


def counsel(facts) -> set[tuple[str, str]]:
    roles = ("issuerCounsel", "underwritersCounsel", "sellingStockholderCounsel")
    return {(f.predicate, f.obj.key) for f in facts if f.predicate in roles}


def plan(*paragraphs: str) -> tuple[str, ...]:
    return (*COVER, HEAD.format("PLAN OF DISTRIBUTION"), *(f"<p>{p}</p>" for p in paragraphs))


def underwriting(*parts: str) -> tuple[str, ...]:
    return (*COVER, HEAD.format("UNDERWRITING"), *parts)


# --- sales agents of an at-the-market offering -------------------------------------------------------

def test_sales_agents_listed_with_short_names(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "We have entered into an equity distribution agreement with Harlan Row Securities, Inc. (\u201cHarlan\u201d), "
        "Tessel &amp; Co. LLC and Winslow Markets LLC. Under it we may offer and sell shares of our common stock "
        "from time to time through Harlan, Tessel &amp; Co. LLC and Winslow Markets LLC, as our sales agents."))
    assert agents(facts) == {("salesAgent", "Harlan Row Securities, Inc."), ("salesAgent", "Tessel & Co. LLC"),
                             ("salesAgent", "Winslow Markets LLC")}


def test_sales_agent_through_or_to(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "Sales of our common stock under this prospectus supplement may be made through or to Corvin Brandt "
        "&amp; Co. Incorporated, as sales agent or principal, in transactions deemed an at the market offering."))
    assert agents(facts) == {("salesAgent", "Corvin Brandt & Co. Incorporated")}


def test_we_refer_to_the_agent_as(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "We have entered into a Sales Agreement, dated May 1, 2026, with Pell Dorrance LLC relating to shares of "
        "our common stock offered by this prospectus supplement. We refer to Pell Dorrance LLC as the "
        "\u201csales agent.\u201d"))
    assert agents(facts) == {("salesAgent", "Pell Dorrance LLC")}


# --- placement agents ----------------------------------------------------------------------------------

def test_engaged_with_a_defining_clause(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "We have engaged Ivers Lake Capital, LLC, which we refer to as the placement agent, to act as our exclusive "
        "placement agent in connection with this offering.",
        "We have also retained Q.R. Halden &amp; Co. (the \u201cCo-Placement Agent\u201d) to act as co-placement "
        "agent in connection with this offering."))
    assert agents(facts) == {("placementAgent", "Ivers Lake Capital, LLC"), ("placementAgent", "Q.R. Halden & Co.")}


def test_initials_do_not_end_the_sentence(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "K.T.B./Mosswood Partners is acting as the sole placement agent for this offering. The placement agent "
        "is not purchasing any shares."))
    assert agents(facts) == {("placementAgent", "K.T.B./Mosswood Partners")}


def test_agent_of_an_earlier_deal_and_a_financial_advisor_are_not_agents(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "In connection with the 2024 private placement, we entered into a placement agency agreement with Ostrow "
        "Securities LLC (the \u201cPlacement Agent\u201d), pursuant to which the Placement Agent acted as the "
        "exclusive placement agent in connection with that private placement.",
        "We have engaged Barrow Vale Partners LLC to act as our financial advisor in connection with this offering.",
        "Neither Barrow Vale Partners LLC nor any other broker-dealer is acting as an underwriter in this offering."))
    assert agents(facts) == set()


def test_selling_holders_deemed_underwriters_are_not_underwriters(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "Linden Crest Fund, L.P. may be deemed to be an underwriter within the meaning of the Securities Act.",
        "The selling stockholders and any broker-dealers that act in connection with the sale of shares might be "
        "deemed to be underwriters, including Marsh Hollow Capital LLC, if any underwriters are used."))
    assert agents(facts) == set()


def test_equity_line_investor_is_not_an_underwriter(tmp_path):
    _doc, facts = run(tmp_path, *plan(
        "On March 3, 2026, we entered into a common stock purchase agreement with Faring Park Capital Fund, LLC, "
        "under which Faring Park Capital Fund, LLC has committed to purchase up to $20,000,000 of our common stock."))
    assert agents(facts) == set()


# --- underwriters ----------------------------------------------------------------------------------------

UNDERWRITING_TABLE = ("<table><tr><td>Underwriters</td><td>Number of Shares</td></tr>"
                      "<tr><td>Dunmore Hollis Securities LLC</td><td></td></tr>"
                      "<tr><td>Abernathy Capital Inc.</td><td></td></tr>"
                      "<tr><td>Cresthaven Securities USA LLC</td><td></td></tr>"
                      "<tr><td>Total</td><td></td></tr></table>")


def test_a_preliminary_underwriting_table_with_blank_amounts(tmp_path):
    _doc, facts = run(tmp_path, *underwriting(
        "<p>Dunmore Hollis Securities LLC and Abernathy Capital Inc. are the representatives of the underwriters. "
        "Each underwriter has severally agreed to purchase the number of shares set forth opposite its name "
        "below.</p>", UNDERWRITING_TABLE))
    assert agents(facts) == {("underwriter", "Dunmore Hollis Securities LLC"), ("underwriter", "Abernathy Capital Inc."),
                             ("underwriter", "Cresthaven Securities USA LLC")}


def test_a_cover_grid_of_marketing_names_joins_the_legal_names(tmp_path):
    _doc, facts = run(tmp_path, *COVER, "<p>Joint Book-Running Managers</p>",
                      "<table><tr><td>Dunmore Hollis</td><td>Abernathy</td><td>Cresthaven</td></tr></table>",
                      "<p>The date of this prospectus supplement is May 2, 2026.</p>",
                      HEAD.format("UNDERWRITING"), UNDERWRITING_TABLE)
    assert agents(facts) == {("underwriter", "Dunmore Hollis Securities LLC"), ("underwriter", "Abernathy Capital Inc."),
                             ("underwriter", "Cresthaven Securities USA LLC")}
    assert names_of(facts, "Abernathy Capital Inc.") == {"Abernathy", "Abernathy Capital Inc."}


def test_a_marketing_name_that_shares_only_the_first_word(tmp_path):
    _doc, facts = run(tmp_path, *COVER, "<p>Sole Book-Running Manager</p>", "<p>Evenfall XQ</p>",
                      "<p>The date of this prospectus is May 2, 2026.</p>", HEAD.format("UNDERWRITING"),
                      "<p>Evenfall Group L.L.C. is acting as sole bookrunner of the offering.</p>")
    assert agents(facts) == {("underwriter", "Evenfall Group L.L.C.")}
    assert names_of(facts, "Evenfall Group L.L.C.") == {"Evenfall XQ", "Evenfall Group L.L.C."}


def test_lead_book_running_manager_and_qualified_independent_underwriter(tmp_path):
    _doc, facts = run(tmp_path, *underwriting(
        "<p>Corbridge Securities, Inc. is acting as lead book-running manager of this offering. Because an affiliate "
        "of Corbridge Securities, Inc. will receive more than 5% of the net proceeds, Ruskin Vale &amp; Co. LLC "
        "has agreed to act as qualified independent underwriter for this offering.</p>"))
    assert agents(facts) == {("underwriter", "Corbridge Securities, Inc."), ("underwriter", "Ruskin Vale & Co. LLC")}


def test_underwriter_named_in_an_appositive_and_with_a_division(tmp_path):
    _doc, facts = run(tmp_path, *underwriting(
        "<p>In connection with this offering, we will enter into an underwriting agreement with Fenner Hall "
        "Partners, LLC as representative of the underwriters.</p>",
        "<table><tr><td>Underwriter</td><td>Number of Units</td></tr>"
        "<tr><td>Fenner Hall Partners, LLC</td><td>1,500,000</td></tr>"
        "<tr><td>OK Marlow, division of Tamber Investments, LLC</td><td>500,000</td></tr>"
        "<tr><td>Total</td><td>2,000,000</td></tr></table>",
        "<p>A former director of Fenner Hall Partners, LLC (\u201cFenner\u201d), the underwriter in this offering, "
        "is a member of our sponsor.</p>"))
    assert agents(facts) == {("underwriter", "Fenner Hall Partners, LLC"),
                             ("underwriter", "OK Marlow, division of Tamber Investments, LLC")}


def test_base_prospectus_names_no_agents(tmp_path):
    _doc, facts = run(tmp_path, *COVER, HEAD.format("PLAN OF DISTRIBUTION"),
                      "<p>We have engaged Harlan Row Securities, Inc. as our sales agent for this offering.</p>",
                      HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("PLAN OF DISTRIBUTION"),
                      "<p>We may sell the securities through underwriters, dealers or agents. Ardent Lane LLC is "
                      "acting as agent for our debt program.</p>")
    assert agents(facts) == {("salesAgent", "Harlan Row Securities, Inc.")}


# --- counsel ---------------------------------------------------------------------------------------------

def legal(*paragraphs: str) -> tuple[str, ...]:
    return (HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("LEGAL MATTERS"),
            *(f"<p>{p}</p>" for p in paragraphs))


def test_counsel_without_a_legal_form_and_its_role_from_the_verb(tmp_path):
    _doc, facts = run(tmp_path, *legal(
        "Brannock Ives LLP, New York, New York will pass upon the validity of the units. Tulloch and Reyes will "
        "pass upon the validity of the ordinary shares and matters of Cayman Islands law. In connection with this "
        "offering Marden &amp; Pryce LLP, New York, New York, advised the underwriters.",
        "Ostley Wren &amp; Calder LLP, Boston, Massachusetts represents the placement agent."))
    assert counsel(facts) == {("issuerCounsel", "Brannock Ives LLP"), ("issuerCounsel", "Tulloch and Reyes"),
                              ("underwritersCounsel", "Marden & Pryce LLP"),
                              ("underwritersCounsel", "Ostley Wren & Calder LLP")}


def test_the_client_is_never_its_counsel(tmp_path):
    _doc, facts = run(tmp_path, *legal(
        "Hadley &amp; Rook LLP will pass upon certain legal matters relating to the securities offered hereby on "
        "behalf of Kelvin Oncology, Inc. Certain matters will be passed upon for Quarry Trust by Dana Lowe, Counsel "
        "of Quarry Holdings Company."))
    assert counsel(facts) == {("issuerCounsel", "Hadley & Rook LLP")}


def test_a_place_and_a_title_are_not_part_of_the_firm(tmp_path):
    _doc, facts = run(tmp_path, *legal(
        "The validity of the securities will be passed upon for us by Carver Bold &amp; Lane, Reno, Nevada and "
        "Whitcombe Sands LLP, New York, New York. The validity of the warrants will be passed upon by Messrs. "
        "Holt &amp; Holt &amp; Marrow, Miami, Florida, and by Penn Ashby, P.A., Tampa, Florida."))
    assert counsel(facts) == {("issuerCounsel", "Carver Bold & Lane"), ("issuerCounsel", "Whitcombe Sands LLP"),
                              ("issuerCounsel", "Holt & Holt & Marrow"), ("issuerCounsel", "Penn Ashby, P.A.")}


def test_a_renamed_firm_is_one_party_with_both_names(tmp_path):
    _doc, facts = run(tmp_path, *legal(
        "The validity of the shares will be passed upon for us by Garth Mullen LLP (formerly known as Garth, "
        "Mullen &amp; Pike LLP), Chicago, Illinois."))
    assert counsel(facts) == {("issuerCounsel", "Garth Mullen LLP")}
    assert names_of(facts, "Garth Mullen LLP") == {"Garth Mullen LLP", "Garth, Mullen & Pike LLP"}


def test_tax_counsel_and_local_counsel_named_outside_legal_matters(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>",
                      HEAD.format("MATERIAL U.S. FEDERAL INCOME TAX CONSIDERATIONS"),
                      "<p>The statements of U.S. federal income tax law in this section constitute the opinion of "
                      "Fairbrook, Stanton &amp; Lyle LLP, subject to the assumptions described below.</p>",
                      HEAD.format("ENFORCEABILITY OF CIVIL LIABILITIES"),
                      "<p>We have been advised by Ormond and Kerr, our Cayman Islands legal counsel, that the courts "
                      "of the Cayman Islands are unlikely to enforce such judgments. In the opinion of management, "
                      "the risk is remote.</p>")
    assert counsel(facts) == {("issuerCounsel", "Fairbrook, Stanton & Lyle LLP"), ("issuerCounsel", "Ormond and Kerr")}


# --- auditors ----------------------------------------------------------------------------------------------

def test_auditor_renamed_since_its_report(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("EXPERTS"),
                      "<p>The consolidated financial statements included in this prospectus have been so included "
                      "in reliance on the report of Tolland USA, LLP (n/k/a Tolland USA, P.C.), an independent "
                      "registered public accounting firm.</p>")
    auditors = {f.subject.key for f in facts if f.predicate == "auditorOf"}
    assert auditors == {"Tolland USA, P.C."}
    assert names_of(facts, "Tolland USA, P.C.") == {"Tolland USA, LLP", "Tolland USA, P.C."}


def test_auditor_with_a_professional_designation(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("EXPERTS"),
                      "<p>The financial statements incorporated by reference have been so incorporated in reliance "
                      "on the report of Pruett &amp; Co., CPAs, P.C., an independent registered public accounting "
                      "firm. The financial statements of Harwell Labs, Inc., which we acquired in 2025, have been "
                      "audited by Mace Audit Group &amp; CPAs, LLC, independent auditors.</p>")
    auditors = {(f.subject.key, f.obj.key) for f in facts if f.predicate == "auditorOf"}
    assert auditors == {("Pruett & Co., CPAs, P.C.", "@issuer"),
                        ("Mace Audit Group & CPAs, LLC", "Harwell Labs, Inc.")}


def test_a_firm_without_a_legal_form_before_and_a_comma_named_firm(tmp_path):
    _doc, facts = run(tmp_path, *legal(
        "Certain matters of Utah law and of Delaware law will be passed upon by Tamsin Hale and Corbett, Vane "
        "&amp; Rudd, P.A., respectively."))
    assert counsel(facts) == {("issuerCounsel", "Tamsin Hale"), ("issuerCounsel", "Corbett, Vane & Rudd, P.A.")}


# --- rules read from the check half's misses (see the issue's closing note) --------------------------------

def test_an_agreement_of_an_earlier_named_offering_is_not_this_offerings(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("PROSPECTUS SUMMARY"),
                      "<p>Also, in connection with the March Offering, on March 9, 2025, the Company entered into a "
                      "placement agency agreement with R.T.V./Quillon Partners (\u201cR.T.V.\u201d or the \u201cPlacement "
                      "Agent\u201d), pursuant to which the Placement Agent agreed to act as placement agent.</p>")
    assert agents(facts) == set()


def test_a_misspelt_agent_is_the_same_agent(tmp_path):
    _doc, facts = run(tmp_path, *COVER, "<p>We have engaged Wexbury Thalmore &amp; Co., Inc., or the placement agent, to "
                      "act as our exclusive placement agent in connection with this offering.</p>",
                      HEAD.format("PLAN OF DISTRIBUTION"),
                      "<p>Wexbury Thalmore &amp; Co. Inc. has agreed to act as our exclusive placement agent in "
                      "connection with this offering.</p>",
                      "<p>Wexbury Thalmore &amp; Co. Inc. will receive a fee.</p>",
                      "<p>Wexbury Thalmore &amp; Co. Inc. is acting as the placement agent for this offering.</p>")
    got = agents(facts)
    assert len(got) == 1 and got <= {("placementAgent", "Wexbury Thalmore & Co. Inc."),
                                     ("placementAgent", "Wexbury Thalmore & Co., Inc.")}


def test_the_first_distribution_section_is_the_supplements_after_a_contents_heading(tmp_path):
    _doc, facts = run(tmp_path, *COVER, HEAD.format("TABLE OF CONTENTS"), "<p>Prospectus Supplement</p>",
                      HEAD.format("PROSPECTUS"), "<p>About this Prospectus</p>", "<p>Plan of Distribution</p>",
                      HEAD.format("THE OFFERING"), "<p>We are offering 1,000,000 shares.</p>",
                      HEAD.format("PLAN OF DISTRIBUTION"),
                      "<p>Ashgrove Sutter &amp; Co. Inc. (the \u201cplacement agent\u201d) has agreed to act as our "
                      "exclusive placement agent in connection with this offering.</p>",
                      "<p>The placement agent is not purchasing or selling any of the securities offered by this "
                      "prospectus supplement, nor is it required to arrange the purchase or sale of any amount.</p>")
    assert agents(facts) == {("placementAgent", "Ashgrove Sutter & Co. Inc.")}


def test_a_second_client_in_a_list_is_not_counsel(tmp_path):
    _doc, facts = run(tmp_path, *legal(
        "Brill, Osgood &amp; Marsh LLP, New York, New York and Pellman Tarrant (US) LLP, co-counsel to Kelvin and "
        "Kelvin Capital, will pass upon the legality of the offered securities. Fredholm &amp; Byrne, P. A. will "
        "pass upon matters of Minnesota law."))
    assert counsel(facts) == {("issuerCounsel", "Brill, Osgood & Marsh LLP"), ("issuerCounsel", "Pellman Tarrant (US) LLP"),
                              ("issuerCounsel", "Fredholm & Byrne, P. A.")}


def test_an_auditor_with_a_plus_in_its_name(tmp_path):
    _doc, facts = run(tmp_path, HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>", HEAD.format("EXPERTS"),
                      "<p>The financial statements have been audited by Haskell, Brandt + Co. LLP, independent "
                      "registered public accounting firm.</p>")
    assert {f.subject.key for f in facts if f.predicate == "auditorOf"} == {"Haskell, Brandt + Co. LLP"}


def test_counsel_named_by_an_older_longer_name_in_the_base_prospectus_is_one_firm(tmp_path):
    _doc, facts = run(tmp_path, *COVER, HEAD.format("LEGAL MATTERS"),
                      "<p>The validity of the shares offered hereby will be passed upon for us by Pratt Lomax Vere LLP, "
                      "New York, New York.</p>", HEAD.format("PROSPECTUS"), "<p>Kelvin Oncology, Inc.</p>",
                      HEAD.format("LEGAL MATTERS"), "<p>The validity of the securities offered by this prospectus will "
                      "be passed upon for us by Pratt Lomax Vere Quint LLP, New York, New York.</p>")
    assert counsel(facts) == {("issuerCounsel", "Pratt Lomax Vere LLP")}
    assert names_of(facts, "Pratt Lomax Vere LLP") == {"Pratt Lomax Vere LLP", "Pratt Lomax Vere Quint LLP"}


def test_a_marketing_name_is_not_joined_to_a_firm_whose_later_word_it_shares(tmp_path):
    _doc, facts = run(tmp_path, *COVER, "<p>Joint Book-Running Managers</p>",
                      "<table><tr><td>K.L. Dunmore</td><td>Dunmore Hollis</td></tr></table>",
                      "<p>The date of this prospectus supplement is May 2, 2026.</p>", HEAD.format("UNDERWRITING"),
                      "<p>Dunmore Hollis Securities LLC is acting as representative of the underwriters.</p>")
    assert agents(facts) == {("underwriter", "K.L. Dunmore"), ("underwriter", "Dunmore Hollis Securities LLC")}
