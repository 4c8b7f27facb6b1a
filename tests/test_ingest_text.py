"""Plain-text ingest: fixed-width tables of old EDGAR text filings, <PAGE> markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.ingest.text import strip_page_markers, text_tables

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = Path(__file__).resolve().parents[1] / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


def rows(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def assert_offsets(text: str, tables) -> None:
    for t in tables:
        for row in t.rows:
            for c in row:
                assert text[c.start:c.end] == c.text and c.text == c.text.strip() and c.text
        for c in t.footnotes:
            assert text[c.start:c.end] == c.text
        assert t.start == t.rows[0][0].start and t.end == t.rows[-1][-1].end


def test_fixed_width_holder_table_with_heads_dollar_sign_and_footnotes():
    text = (FIXTURES / "old_fixed_width.txt").read_text(encoding="utf-8")
    tables = text_tables(text)
    assert_offsets(text, tables)
    toc, holders = tables
    assert rows(toc)[0] == ["Available Information", "2"]
    assert rows(toc)[-1] == ["Experts", "7"]
    body = rows(holders)
    assert body[-3:] == [
        ["Widget Partners, L.P.(3)", "500,000", "6.2%", "500,000", "0", "*"],
        ["John Q. Smith", "250,000", "3.1%", "150,000", "100,000", "1.2%"],
        ["Venture Fund II", "$ 600,000", "7.4%", "600,000", "0", "*"],
    ]
    assert ["NAME", "NUMBER", "PERCENT", "NUMBER", "PERCENT"] in body
    assert [c.text for c in holders.footnotes] == [
        "*   Less than one percent.",
        "(1) Based on 8,100,000 shares outstanding as of February 28, 1997.",
        "(2) Assumes the sale of all shares offered hereby.",
        "(3) Widget Partners, L.P. is an affiliate of Acme Holdings, Inc.",
    ]


def test_sgml_fenced_table_with_fn_section():
    text = (FIXTURES / "old_sgml_tables.txt").read_text(encoding="utf-8")
    (table,) = text_tables(text)
    assert_offsets(text, [table])
    assert rows(table) == [
        ["SHARES OWNED", "SHARES", "SHARES OWNED"],
        ["NAME", "BEFORE OFFERING", "OFFERED", "AFTER OFFERING"],
        ["Granite Capital, L.P.(1)", "300,000", "300,000", "0"],
        ["Harbor Trust", "75,000", "25,000", "50,000"],
    ]
    (note,) = table.footnotes
    assert note.text == ("(1) Granite Capital, L.P. is controlled by Granite Management, Inc.\n"
                         "    which exercises voting power.")


def test_lone_dollar_and_percent_cells_are_merged_as_printed():
    text = ("Name                    Price            Change\n"
            "Alpha                  $    1.25         4.5  %\n"
            "Beta                   $   10.00        (2.0  )\n")
    (table,) = text_tables(text)
    assert rows(table)[1:] == [["Alpha", "$    1.25", "4.5  %"], ["Beta", "$   10.00", "(2.0  )"]]
    assert_offsets(text, [table])


def test_tab_separated_rows_are_cells():
    text = "Contents\n\n\tPage\nThe Company\t1\nRisk Factors\t3\n"
    (table,) = text_tables(text)
    assert rows(table) == [["The Company", "1"], ["Risk Factors", "3"]]


@pytest.mark.parametrize("text", [
    # justified prose: double spaces between words, numbers inside sentences
    "The  Company  sold  1,000  shares  on  March  3,  1997  at  $12.50  per  share,  and\n"
    "the  Selling  Stockholders  may  sell  250,000  shares  from  time  to  time  in\n"
    "transactions  on  the  Nasdaq  National  Market.\n",
    # a single aligned line is not a table
    "Total shares offered                       1,250,000\n\nThe shares are offered now.\n",
    "",
    "\n\n\n",
    "no tables here at all, just one line",
])
def test_prose_is_not_a_table(text):
    assert text_tables(text) == []


def test_strip_page_markers():
    text = "one\n<PAGE>\ntwo\n<PAGE>   12\nthree <PAGE> inline stays\n  <page>\n"
    assert strip_page_markers(text) == "one\ntwo\nthree <PAGE> inline stays\n"
    assert strip_page_markers("no markers") == "no markers"


def test_load_document_keeps_old_text_as_is_and_finds_sections_and_tables():
    path = FIXTURES / "old_fixed_width.txt"
    d = load_document(path)
    assert d.media_type == "text/plain"
    assert d.text == path.read_text(encoding="utf-8")
    assert [s.kind for s in d.sections] == ["cover", "toc", "where_to_find", "company", "risk_factors",
                                            "selling_stockholders", "plan_of_distribution", "legal_matters",
                                            "experts"]
    assert len(d.tables) == 2 and d.tables[1].footnotes
    assert_offsets(d.text, d.tables)


def test_seed_tables_are_its_table_of_contents_only():
    text = SEED.read_text(encoding="utf-8")
    tables = text_tables(text)
    assert_offsets(text, tables)
    assert len(tables) == 1
    assert rows(tables[0])[0] == ["\u0413he Company", "1"]
    assert rows(tables[0])[-1] == ["Incorporation Of Certain Documents By Reference", "4"]


def test_list_items_tolerate_indented_lines_after_prose():
    # a 60-column filing: an indented line right after flush-left prose continues the prose
    from prospectus_kg.graph.ingest.textutil import list_items
    text = ("The following documents are incorporated\n   by reference into this Prospectus:\n\n"
            "     (a) the Annual Report on Form 10-K for\n"
            "the year ended December 31, 1994; and\n"
            "     (b) the Current Report on Form 8-K\n   dated March 1, 1995.\n")
    items = list_items(text, 0, len(text))
    assert [text[s:e].split()[-1] for s, e in items][-1] == "1995"
