"""The sentence splitter (``graph.ingest.textutil.sentences``): sentencex's boundaries inside a line,
with the vetoes and the legal-form rule of prospectus language; offsets always index the input."""

from __future__ import annotations

import pytest

from prospectus_kg.graph.ingest.textrepair import fold
from prospectus_kg.graph.ingest.textutil import list_items, sentences


def split(text: str) -> list[str]:
    folded = fold(text)
    assert len(folded) == len(text)
    return [text[s:e] for s, e in sentences(folded)]


@pytest.mark.parametrize("text", [
    "The shares are offered through K.L. Dunmore & Co. and R. Halloway Securities, Inc. as our sales agents.",
    "We have engaged T.W. Marsh & Co., LLC to act as our exclusive placement agent in this offering.",
    "Brennick Stanley & Co. LLC and P.Q. Lanyard Securities LLC are acting as representatives of the underwriters.",
    "Robert W. Ashdown & Co. Incorporated is acting as sales agent under the sales agreement.",
    "See U.S. Federal Income Tax Considerations for Non-U.S. Holders for a discussion of taxes paid by a non-U.S. holder.",
    "This is Amendment No. 2 to the registration statement on Form S-1 (File No. 333-000000) of Velden Corp.",
    "Ms. Orla Penhale and Mr. J. Ostrander Jr. serve as directors of Grantly Holdings, L.L.C. since 2019.",
    "Consists of (i) 100 shares held by Tarn Capital LLC and (ii) 200 shares held by Tarn Partners LLC, each "
    "managed by Tarn Advisors, L.P. as general partner.",
    "Wells Landry Bank, N.A. is the trustee, and Dove & Pike, P.A., Miami, Florida, is counsel to the agents.",
    "Mr. Fenwick is a managing member of Larchmont Venture Management Co. VI, L.L.C., the general partner of "
    "Larchmont Venture Partners VI, L.P., and may be deemed to share voting power.",
])
def test_one_sentence_is_not_split(text):
    assert split(text) == [text]


@pytest.mark.parametrize("text, parts", [
    ("The shares are held by Ferro Holdings, Inc. We do not control them.",
     ["The shares are held by Ferro Holdings, Inc.", "We do not control them."]),
    ("The shares are held by Larch Point Associates, LLC. Larch Point Advisors, Inc. is its manager.",
     ["The shares are held by Larch Point Associates, LLC.", "Larch Point Advisors, Inc. is its manager."]),
    ("The validity was passed upon by Corbel Hart L.L.P. Certain matters were passed upon by Yew P.C. for the agents.",
     ["The validity was passed upon by Corbel Hart L.L.P.", "Certain matters were passed upon by Yew P.C. for the agents."]),
    ("(1) Consists of 100 shares held by Tarn Capital LLC. Mr. Lane has voting and investment power over them.",
     ["(1) Consists of 100 shares held by Tarn Capital LLC.", "Mr. Lane has voting and investment power over them."]),
    ("We operate in the U.S. We also sell in Europe.", ["We operate in the U.S.", "We also sell in Europe."]),
    ("Our stock trades under the symbol \u201cKLVN.\u201d On May 1, 2026, the last price was $4.10.",
     ["Our stock trades under the symbol \u201cKLVN.\u201d", "On May 1, 2026, the last price was $4.10."]),
])
def test_sentences_end_where_they_end(text, parts):
    assert split(text) == parts


def test_a_name_in_parentheses_after_a_legal_form_stays_with_it():
    text = "She was counsel of Harlow Midstream Partners, L.P. (Nasdaq: HRLW) from 2015 to 2017. She left."
    assert split(text) == ["She was counsel of Harlow Midstream Partners, L.P. (Nasdaq: HRLW) from 2015 to 2017.",
                           "She left."]


def test_line_breaks_end_sentences_but_not_inside_a_wrapped_fixed_width_paragraph():
    wrapped = ("The validity of the shares offered hereby will be passed upon for the Company by\n"
               "Tolliver & Marsh, New York, New York. Ernst & Young LLP, independent auditors,\n"
               "have audited the financial statements.")
    assert split(wrapped) == [wrapped[:wrapped.index(" Ernst")], wrapped[wrapped.index("Ernst"):]]
    assert split("Copies to:\n\nDana Hirsch, Esq.\n\nHollis & Brand LLP") == ["Copies to:", "Dana Hirsch, Esq.",
                                                                               "Hollis & Brand LLP"]


def test_offsets_index_the_text_with_non_ascii_characters():
    text = "Société Lumière S.A. is an underwriter.\u00a0Ms.\u00a0Nicolás Oré is its director. Él lo sabe."
    parts = split(text)
    assert parts == ["Société Lumière S.A. is an underwriter.", "Ms.\u00a0Nicolás Oré is its director.", "Él lo sabe."]


def test_a_sub_range_is_split_with_offsets_into_the_whole_text():
    text = "Heading\nOne sentence here. Another one there.\nTail"
    start = text.index("One")
    got = list(sentences(text, start, text.index("\nTail")))
    assert [text[s:e] for s, e in got] == ["One sentence here.", "Another one there."]


def test_list_items_survive_an_indented_line_after_prose():
    text = "Prose that is not a list.\n  an indented line after it\n- (a) first item\n- (b) second item\n"
    assert [text[s:e] for s, e in list_items(text, 0, len(text))] == ["first item", "second item"]
