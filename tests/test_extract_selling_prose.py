"""Prose-only selling stockholder sections (issue 14, Regulation S-K Item 507): a section without a
table that says who the selling stockholder is in a sentence, in the wordings resale prospectuses use,
with the number of shares it offers; and the sentences that name someone else. All fixtures invented."""

from __future__ import annotations

import pytest

from prospectus_kg.graph.models import OFFERING
from extract_support import HEAD, extract_html, page


def _doc(*paragraphs: str) -> str:
    return page(HEAD.format("PROSPECTUS"), "<p>Orchard Valley Sensors, Inc.</p>",
                "<p>2,500,000 Shares of Common Stock</p>", HEAD.format("PROSPECTUS SUMMARY"),
                "<p>References to \u201cwe,\u201d \u201cus\u201d or \u201cOrchard\u201d are to Orchard Valley Sensors, "
                "Inc.</p>", HEAD.format("SELLING STOCKHOLDER"), *(f"<p>{p}</p>" for p in paragraphs),
                HEAD.format("PLAN OF DISTRIBUTION"),
                "<p>The selling stockholder may sell the shares from time to time in one or more transactions.</p>")


def _sellers(facts) -> dict[str, int | None]:
    """holder -> shares offered (None when not stated)."""
    holders = {f.obj for f in facts if f.subject == OFFERING and f.predicate == "sellingStockholder"}
    offered = {f.subject.key: f.obj for f in facts if f.predicate == "sharesOffered"}
    return {h.key: offered.get(h.key) for h in holders}


@pytest.mark.parametrize("sentence, expected", [
    ("The selling stockholder named in this prospectus, Brackenridge Capital Partners, L.P., may offer up to "
     "2,500,000 shares of our common stock from time to time.", {"Brackenridge Capital Partners, L.P.": 2500000}),
    ("This prospectus relates to the resale by Halloway Ventures LLC of up to 1,250,000 shares of our common stock "
     "issuable upon the exercise of warrants.", {"Halloway Ventures LLC": 1250000}),
    ("Tidewater Growth Fund, Ltd., the selling stockholder, may offer and sell up to 800,000 shares of common "
     "stock under this prospectus.", {"Tidewater Growth Fund, Ltd.": 800000}),
    ("This prospectus covers the resale of up to 3,000,000 shares of common stock by Kesterel Holdings Corp.",
     {"Kesterel Holdings Corp.": 3000000}),
    ("We are registering 640,000 shares of common stock for resale by Marisol Okonjo, who acquired the shares in "
     "our private placement.", {"Marisol Okonjo": 640000}),
    ("The selling stockholder is Wrenfield Opportunity Fund LP. The shares were issued to it in a private "
     "placement in May 2024.", {"Wrenfield Opportunity Fund LP": None}),
    ("Pellmore Strategic Investments LLC (the \u201cSelling Stockholder\u201d) acquired 1,000,000 shares in a "
     "private placement on March 4, 2024 and may offer up to 1,000,000 shares under this prospectus.",
     {"Pellmore Strategic Investments LLC": 1000000}),
    ("The selling stockholders are Ashgrove Partners LLC and Ferncliff Capital, L.P.",
     {"Ashgrove Partners LLC": None, "Ferncliff Capital, L.P.": None}),
    ("Ashgrove Partners LLC and Ferncliff Capital, L.P. (together, the \u201cSelling Stockholders\u201d) may offer "
     "up to 900,000 shares.", {"Ashgrove Partners LLC": None, "Ferncliff Capital, L.P.": None}),
    ("All of the 2,100,000 shares offered by this prospectus are being offered by Silvermere Growth Partners, L.P.",
     {"Silvermere Growth Partners, L.P.": 2100000}),
    ("The shares may be offered and sold from time to time by Juno Arkwright.", {"Juno Arkwright": None}),
    # the holder named first, its number in a later sentence
    ("The selling stockholder, Corliss Biotech Holdings Inc., acquired its shares in a private placement. "
     "Corliss Biotech Holdings Inc. may offer and sell up to 1,750,000 shares.",
     {"Corliss Biotech Holdings Inc.": 1750000}),
])
def test_a_sentence_that_names_the_selling_stockholder(tmp_path, sentence, expected):
    assert _sellers(extract_html(tmp_path, _doc(sentence))[1]) == expected


@pytest.mark.parametrize("sentence", [
    # an affiliate of the holder, not the holder
    "Dunmore Advisors LLC, an affiliate of the selling stockholder, acquired 500,000 shares in 2021.",
    # a company that sold shares in the past, or bought them
    "In 2019, Graystone Materials, Inc. sold 2,000,000 shares of our common stock to us in a private transaction.",
    "On June 1, 2023, we sold 1,500,000 shares to Oakhurst Capital LLC in a registered direct offering.",
    # hedges and unnamed holders
    "The selling stockholders may include pledgees, donees and transferees of Penwick Fund, L.P.",
    "This prospectus relates to the resale by the selling stockholders named herein of up to 2,000,000 shares.",
    "The selling stockholder may be deemed to be an underwriter. The selling stockholder is not a broker-dealer.",
    # the issuer itself, and "issued by"
    "This prospectus relates to the resale by Orchard Valley Sensors, Inc. of up to 400,000 shares held in treasury.",
    "This prospectus covers the resale of up to 750,000 shares of common stock issued by Orchard Valley Sensors, Inc.",
    # the selling stockholder's relation to a named party, in apposition to something else
    "We entered into a license agreement with Ridgemont Labs Corp., an affiliate of the selling stockholder.",
    "The selling stockholder's general partner, Lanford GP LLC, has voting power over the shares.",
    "The selling stockholder is an affiliate of Brisk Harbor Capital LLC.",
    # an agent of the offering, a past sale
    "The shares are being offered by Tollard Securities LLC, as placement agent, on a best efforts basis.",
    "In 2020, 300,000 shares were sold by Emberly Partners LLC to the selling stockholder.",
    "This prospectus relates to the resale by the selling stockholders of up to 1,000,000 shares issuable upon "
    "exercise of warrants issued to them by Delmar Securities LLC, as placement agent.",
])
def test_sentences_that_name_no_selling_stockholder(tmp_path, sentence):
    assert _sellers(extract_html(tmp_path, _doc(sentence))[1]) == {}


def test_the_apposition_quotes_the_sentence_and_the_number(tmp_path):
    doc, facts = extract_html(tmp_path, _doc(
        "The selling stockholder named in this prospectus, Brackenridge Capital Partners, L.P., may offer up to "
        "2,500,000 shares of our common stock."))
    (offered,) = [f for f in facts if f.predicate == "sharesOffered" and f.subject.kind == "SellingStockholderPosition"]
    quote = doc.text[offered.span.start:offered.span.end]
    assert quote.startswith("The selling stockholder named") and quote.endswith("2,500,000 shares")
