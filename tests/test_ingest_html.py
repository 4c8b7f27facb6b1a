"""HTML ingest: canonical text, hidden content, page furniture, tables with exact offsets, footnotes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from prospectus_kg.errors import InputError, TruncatedInputError
from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.ingest.html import html_document, html_to_text

CORPUS = Path(os.environ.get("PROSPECTUS_KG_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus")
EDGAR_HTML = sorted((CORPUS / "edgar").glob("*.html")) if (CORPUS / "edgar").is_dir() else []
def needs_corpus(test):
    """A test over the shared corpus's HTML filings: slow, and skipped when the corpus is absent."""
    return pytest.mark.slow(pytest.mark.skipif(not EDGAR_HTML, reason="corpus not found (set PROSPECTUS_KG_CORPUS)")(test))


def doc(body: str):
    return html_document(f"<html><body>{body}</body></html>", doc_id="t", source_path="t.html", encoding="utf-8")


def lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln]


def assert_offsets(d) -> None:
    for table in d.tables:
        for row in table.rows:
            for c in row:
                assert d.text[c.start:c.end] == c.text, c
                assert c.text and "\t" not in c.text and "\n" not in c.text
        for c in table.footnotes:
            assert d.text[c.start:c.end] == c.text, c
        assert d.text[table.start:table.end].startswith(table.rows[0][0].text)


# --- blocks and inline elements -------------------------------------------------------------------

def test_blocks_become_paragraphs_and_br_a_line_break():
    d = doc("<p>First paragraph.</p><div>Second<br>line two</div><h2>HEADING</h2><ul><li>one</li><li>two</li></ul>")
    assert d.text == "First paragraph.\n\nSecond\nline two\n\nHEADING\n\none\n\ntwo"
    assert d.media_type == "text/html" and d.sections == []


def test_inline_elements_neither_glue_nor_split_words():
    d = doc("<p>Acme <font>Inc</font>. sold 7<font>,763</font>,658 <b>shares</b> <i>to</i>"
            "<span> Foo</span>, LLC</p>")
    assert d.text == "Acme Inc. sold 7,763,658 shares to Foo, LLC"


def test_white_space_collapses_inside_a_block_and_is_trimmed_at_its_edges():
    d = doc("<p>\n   The   selling\n\tstockholder\n</p><p>&nbsp;</p><p> \u200b </p><p>&nbsp;Next&nbsp;</p>")
    assert d.text == "The selling stockholder\n\nNext"


def test_entities_are_decoded_and_non_ascii_kept():
    d = doc("<p>AT&amp;T &ldquo;Biop&ocirc;le&rdquo; 2020&#150;2025 &#8220;x&#8221; Gr\u00fcn&nbsp;AG &lt;b&gt;</p>")
    assert d.text == "AT&T \u201cBiop\u00f4le\u201d 2020\u20132025 \u201cx\u201d Gr\u00fcn\u00a0AG <b>"


def test_pre_keeps_its_lines_and_spacing():
    d = doc("<p>Before</p><pre>NAME        SHARES\nAcme LLC     1,000\n</pre><p>After</p>")
    assert d.text == "Before\n\nNAME        SHARES\nAcme LLC     1,000\n\nAfter"


def test_script_style_and_head_do_not_leak():
    html = ("<html><head><title>TITLE</title><style>p{color:red}</style></head><body>"
            "<script>var x = 1;</script><p>Visible</p></body></html>")
    assert html_to_text(html).text == "Visible"


# --- hidden content --------------------------------------------------------------------------------

IXBRL = """<html xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"><body>
<div style="display:none"><ix:header><ix:hidden>
<ix:nonNumeric name="dei:EntityCentralIndexKey" contextRef="c-1">0001827087</ix:nonNumeric>
<ix:nonNumeric name="dei:AmendmentFlag" contextRef="c-1">false</ix:nonNumeric>
</ix:hidden><ix:references><link:schemaRef xlink:href="x.xsd"/></ix:references>
<ix:resources><xbrli:context id="c-1"><xbrli:entity>0001827087</xbrli:entity></xbrli:context></ix:resources>
</ix:header></div>
<p>Our common stock trades as <ix:nonNumeric name="dei:TradingSymbol" contextRef="c-1">VIGL</ix:nonNumeric>,
and <ix:nonFraction name="x" contextRef="c-1" unitRef="shares" decimals="0">5,376,340</ix:nonFraction> shares are offered.</p>
<p>Shown<span style="DISPLAY: NONE">HIDDEN-1</span><font style="visibility:hidden">HIDDEN-2</font><i hidden>HIDDEN-3</i></p>
<ix:header><ix:hidden><ix:nonNumeric name="x">HIDDEN-4</ix:nonNumeric></ix:hidden></ix:header>
</body></html>"""


def test_inline_xbrl_header_and_hidden_elements_do_not_leak():
    text = html_to_text(IXBRL).text
    assert text == ("Our common stock trades as VIGL, and 5,376,340 shares are offered.\n\nShown")
    for leak in ("HIDDEN", "0001827087", "c-1", "false", "ix:", "display"):
        assert leak not in text


# --- page furniture --------------------------------------------------------------------------------

PAGES = """
<p>Page one text ends here.</p>
<p style="text-align:center">i</p>
<hr style="page-break-after:always">
<p><a href="#toc">Table of Contents</a></p>
<p>ACME CORP</p>
<p>Page two text.</p>
<p style="text-align:center">1</p>
<div style="page-break-before: always"></div>
<p><a href="#toc">Table of Contents</a></p>
<p>ACME CORP</p>
<p>The selling stockholder may sell shares in the over-the-counter market or in</p>
<p style="text-align:center">- 2 -</p>
<div style="break-before: page"><p>ACME CORP</p></div>
<p>privately negotiated transactions.</p>
<p>See the <a href="#toc">Table of Contents</a> for more.</p>
<p style="text-align:center">S-3</p>
"""


def test_page_numbers_navigation_links_and_running_heads_are_dropped():
    text = doc(PAGES).text
    assert lines(text) == [
        "Page one text ends here.",
        "ACME CORP",
        "Page two text.",
        "The selling stockholder may sell shares in the over-the-counter market or in "
        "privately negotiated transactions.",
        "See the Table of Contents for more.",
    ]


def test_a_number_inside_the_text_is_not_a_page_number():
    text = doc("<p>Shares outstanding:</p><p>12</p><p>Next.</p>").text
    assert lines(text) == ["Shares outstanding:", "12", "Next."]


# --- tables ----------------------------------------------------------------------------------------

HOLDERS = """
<p>SELLING STOCKHOLDERS</p>
<table>
<tr><td><b>Name</b></td><td></td><td colspan="3">Shares Owned Before</td><td>&nbsp;</td>
    <td colspan="2">Shares Offered</td><td></td><td colspan="3">Percent After</td></tr>
<tr><td>Alpha Fund, L.P.<sup>(1)</sup></td><td>&nbsp;</td><td>$</td><td>1,000</td><td></td><td></td>
    <td>500</td><td></td><td></td><td>4.9</td><td>%</td><td></td></tr>
<tr><td>Beta &amp; Co.&#9;<sup>(2)</sup></td><td>&nbsp;</td><td>$</td><td>(2,500</td><td>)</td><td></td>
    <td>2,500</td><td></td><td></td><td>&mdash;</td><td></td><td></td></tr>
<tr><td><p>Gamma</p><p>Holdings</p></td><td></td><td></td><td>30</td><td></td><td></td>
    <td>30</td><td></td><td></td><td>*</td><td></td><td></td></tr>
</table>
<p>______________</p>
<p>*&nbsp;&nbsp;Less than 1%.</p>
<p>(1) Alpha Fund, L.P. is managed by Alpha Advisors LLC.</p>
<table><tr><td style="width:5%">(2)</td><td>Beta &amp; Co. is an affiliate of Beta Holdings, Inc.</td></tr></table>
<p><sup>3</sup> Gamma Holdings is a wholly owned subsidiary of Gamma Corp.</p>
<p>The table above is based on information supplied by the holders.</p>
<p>(4) not a footnote of the table: a paragraph intervened.</p>
"""


def test_table_rows_cells_and_offsets():
    d = doc(HOLDERS)
    assert len(d.tables) == 1
    table = d.tables[0]
    rows = [[c.text for c in row] for row in table.rows]
    assert rows == [
        ["Name", "Shares Owned Before", "Shares Offered", "Percent After"],
        ["Alpha Fund, L.P.(1)", "$1,000", "500", "4.9%"],
        ["Beta & Co. (2)", "$(2,500)", "2,500", "\u2014"],
        ["Gamma Holdings", "30", "30", "*"],
    ]
    assert_offsets(d)
    assert "Alpha Fund, L.P.(1)\t$1,000\t500\t4.9%\n" in d.text
    assert d.text[table.start:table.end].count("\n") == 3


def test_table_footnotes_follow_the_table_until_a_plain_paragraph():
    d = doc(HOLDERS)
    notes = [c.text for c in d.tables[0].footnotes]
    assert notes == [
        "*\u00a0\u00a0Less than 1%.",
        "(1) Alpha Fund, L.P. is managed by Alpha Advisors LLC.",
        "(2) Beta & Co. is an affiliate of Beta Holdings, Inc.",
        "(3) Gamma Holdings is a wholly owned subsidiary of Gamma Corp.",
    ]
    assert_offsets(d)


def test_footnote_mark_in_a_floated_box_joins_its_text():
    d = doc("<table><tr><td>Price</td><td>$</td><td>5.10</td></tr><tr><td>Fees</td><td>$</td><td>0.42</td></tr>"
            "</table><div style='float:left'>(1)</div><div>Fees are 7% of the proceeds.</div>")
    assert [c.text for c in d.tables[0].footnotes] == ["(1) Fees are 7% of the proceeds."]
    assert_offsets(d)


def test_bullet_and_footnote_list_tables_are_paragraphs_not_tables():
    d = doc("<table><tr><td style='width:0.25in'></td><td>&#8226;</td><td>ordinary brokerage transactions;</td></tr></table>"
            "<table><tr><td></td><td>&middot;</td><td>block trades; and</td></tr>"
            "<tr><td></td><td>o</td><td>a combination of the above.</td></tr></table>")
    assert d.tables == []
    assert lines(d.text) == ["\u2022 ordinary brokerage transactions;", "\u00b7 block trades; and",
                             "o a combination of the above."]


def test_layout_tables_are_not_tables():
    d = doc("<table><tr><td><p>Only cell, first paragraph.</p><p>Second.</p></td></tr></table>"
            "<table><tr><td>Outer</td><td><table><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr>"
            "</table></td></tr></table>"
            "<table><tr><td>One column</td></tr><tr><td>Still one</td></tr></table>")
    assert lines(d.text) == ["Only cell, first paragraph.", "Second.", "Outer", "A\t1", "B\t2",
                             "One column", "Still one"]
    assert [[c.text for c in r] for r in d.tables[0].rows] == [["A", "1"], ["B", "2"]]
    assert_offsets(d)


def test_toc_table_rows_are_tab_separated():
    d = doc("<p>TABLE OF CONTENTS</p><table><tr><td><a href='#a1'>Selling Stockholders</a></td>"
            "<td><a href='#a1'>12</a></td></tr><tr><td>Plan of Distribution</td><td>S-14</td></tr></table>")
    assert "Selling Stockholders\t12\nPlan of Distribution\tS-14" in d.text


# --- bad markup ------------------------------------------------------------------------------------

@pytest.mark.parametrize("html", [
    "<html><body><p>Unclosed <b>bold <i>italic <table><tr><td>cell<td>$<td>12",
    "<p>no html or body tags at all</p><div>",
    "<html><body><table><tr><td>a</td></tr><tr><td>b",
    "</p></div></table></tr><<<>>>&&&;;<p",
    "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 10,
    "",
    "<html><body><p>bad &#xZZ; &unknownentity; &#99999999; text</p></body></html>",
])
def test_malformed_and_truncated_markup_never_raises(html):
    d = html_document(html, doc_id="t", source_path="t.html", encoding="utf-8")
    assert isinstance(d.text, str)
    assert "\ufdd0" not in d.text
    assert_offsets(d)


def test_marker_characters_in_the_input_cannot_forge_structure():
    d = doc("<p>a\ufdd3b\ufdd7c\ufdd8d\ufdd4e</p>")
    assert d.text == "abcde" and d.tables == []


def test_marker_character_references_cannot_forge_structure():
    # a noncharacter written as a character reference is text (kept as printed), not a cell end
    d = doc("<table><tr><td>a&#xFDD8;b</td><td>c</td></tr></table><p>one&#xFDD0;two</p>")
    assert [c.text for c in d.tables[0].rows[0]] == ["a\ufdd8b", "c"]
    assert d.text.endswith("\n\none\ufdd0two")


def test_truncated_html_file_is_refused_with_an_input_error(tmp_path):
    path = tmp_path / "cut.html"
    path.write_text("<html><body><p>The selling stockholder may sell</p><p>shares of com", encoding="utf-8")
    with pytest.raises(TruncatedInputError) as info:
        load_document(path)
    assert "\n" not in info.value.one_line()


@pytest.mark.slow
def test_fifty_megabyte_html_ingests_or_is_refused_clearly(tmp_path):
    paragraph = ("<p>The selling stockholders named in this prospectus may offer and sell up to "
                 "<b>1,250,000</b> shares of our <font>common stock</font> from time to time.</p>\n")
    rows = "<table>" + "<tr><td>Holder LLC</td><td>$</td><td>1,000</td></tr>" * 50 + "</table>\n"
    chunk = paragraph * 200 + rows
    path = tmp_path / "big.html"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<html><body>\n")
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
        fh.write("</body></html>\n")
    assert path.stat().st_size > 50 * 1024 * 1024
    try:
        d = load_document(path)
    except InputError as exc:          # refusing is allowed, with a one-line message
        assert "\n" not in exc.one_line()
        return
    assert d.text.startswith("The selling stockholders named in this prospectus may offer")
    assert len(d.tables) > 100
    sample = d.tables[-1]
    assert d.text[sample.start:sample.end].startswith("Holder LLC\t$1,000")


# --- the corpus ------------------------------------------------------------------------------------

KEY_SECTIONS = {
    "0000950103-25-008153_S-3.html": {"selling_stockholders", "plan_of_distribution", "legal_matters", "experts",
                                      "where_to_find", "incorporation_by_reference"},
    "0001104659-23-076317_S-1.html": {"selling_stockholders", "plan_of_distribution", "legal_matters", "experts",
                                      "where_to_find", "incorporation_by_reference"},
    "0001104659-24-132924_424B4.html": {"plan_of_distribution", "legal_matters", "experts", "where_to_find",
                                        "incorporation_by_reference", "use_of_proceeds"},
    "0001193125-25-067858_S-3.html": {"selling_stockholders", "plan_of_distribution", "legal_matters", "experts",
                                      "where_to_find", "incorporation_by_reference"},
    "0001493152-25-029712_424B5.html": {"plan_of_distribution", "legal_matters", "experts", "where_to_find",
                                        "incorporation_by_reference", "use_of_proceeds"},
}


def _page_number_run(text: str) -> list[str]:
    """Three lines of their own that count up by one (with the same prefix): surviving page numbers."""
    found = [(m.group(1) or "", int(m.group(2))) for m in re.finditer(r"(?m)^[ \t]*([A-Z]-)?(\d{1,3})[ \t]*$", text)]
    for i in range(len(found) - 2):
        (p0, a), (p1, b), (p2, c) = found[i:i + 3]
        if p0 == p1 == p2 and b == a + 1 and c == b + 1:
            return [f"{p0}{a}", f"{p1}{b}", f"{p2}{c}"]
    return []


def test_page_number_runs_are_told_from_lone_numbers():
    assert _page_number_run("Intro\n\n12\n\nText\n\n13\n\nMore\n\n14\n")
    assert _page_number_run("a\nS-3\nb\nS-4\nc\nS-5\n")
    assert not _page_number_run("FORM\n\nS-1\n\nUnits outstanding\n\n0\n\nTotal\n\n25\n")


@needs_corpus
@pytest.mark.parametrize("path", EDGAR_HTML, ids=lambda p: p.name)
def test_corpus_html_ingests_with_exact_offsets_and_no_leaks(path):
    d = load_document(path)
    assert d.media_type == "text/html"
    assert len(d.text) > 50_000 and d.tables
    assert_offsets(d)
    head = d.text[:200]
    assert not re.match(r"\s*(c-\d|\d{10}|false|true)\b", head)
    for leak in ("ix:", "display:none", "display: none", "\ufdd0", "<p", "<div", "&nbsp;", "&#"):
        assert leak not in d.text
    # page numbers run in sequence ("12", "13", "14" or "S-3", "S-4" ...); a lone "0" in a table or "FORM" /
    # "S-1" on a cover is content
    assert not _page_number_run(d.text), "page numbers survived"
    assert "\n\n\n" not in d.text


@needs_corpus
@pytest.mark.parametrize("name", sorted(KEY_SECTIONS))
def test_corpus_sections_are_the_real_ones_not_the_table_of_contents(name):
    path = CORPUS / "edgar" / name
    if not path.exists():
        pytest.skip(f"{name} not in the corpus")
    d = load_document(path)
    kinds = {s.kind for s in d.sections}
    assert KEY_SECTIONS[name] <= kinds
    tocs = [s for s in d.sections if s.kind == "toc"]
    assert tocs, "the table of contents is a section of its own"
    for s in d.sections:
        if s.kind in KEY_SECTIONS[name]:
            assert "\t" not in s.title
            assert not any(t.start <= s.start < t.end for t in tocs)
            assert s.end - s.start > 140, (s.kind, s.title)
            assert d.text[s.start:s.end].startswith(s.title)


@needs_corpus
def test_corpus_selling_stockholder_table_has_nine_holders_and_their_footnotes():
    path = CORPUS / "edgar" / "0000950103-25-008153_S-3.html"
    if not path.exists():
        pytest.skip("0000950103-25-008153_S-3.html not in the corpus")
    d = load_document(path)
    (section,) = d.sections_of("selling_stockholders")
    tables = [t for t in d.tables if section.start <= t.start < section.end]
    assert len(tables) == 1
    table = tables[0]
    holders = [row for row in table.rows if len(row) == 4 and re.fullmatch(r"[\d,]+", row[2].text)]
    assert len(holders) >= 9
    names = [row[0].text for row in holders]
    assert names[0] == "CVI Investments, Inc. (1)"
    assert "Blackwell Partners LLC \u2013 Series A (2)" in names
    point72 = next(row for row in holders if row[0].text.startswith("Point72"))
    assert [c.text for c in point72[1:]] == ["7,763,658", "6,232,294", "1,531,364"]
    assert len(table.footnotes) == 6
    assert table.footnotes[0].text.startswith("(1) Heights Capital Management, Inc.")
    assert "Belmont Harbor Master Fund, LP" in table.footnotes[3].text


@needs_corpus
def test_corpus_footnote_split_by_a_page_break_is_one_paragraph():
    path = CORPUS / "edgar" / "0001193125-25-067858_S-3.html"
    if not path.exists():
        pytest.skip("0001193125-25-067858_S-3.html not in the corpus")
    d = load_document(path)
    (table,) = [t for t in d.tables if t.rows[-1][0].text.startswith("Aventis")]
    assert [c.text[:3] for c in table.footnotes] == ["(1)", "(2)", "(3)", "(4)"]
    assert "(which such percentage may be increased or decreased" in table.footnotes[0].text


def test_bullets_after_a_footnote_belong_to_it():
    d = doc("<table><tr><td>Fund A</td><td>10</td></tr><tr><td>Fund B</td><td>20</td></tr></table>"
            "<p>(1) Consists of:</p><p>&#8226; 5 shares held by Fund A-1; and</p><p>&#8226; 5 shares held by Fund A-2.</p>"
            "<p>The table is as of June 1.</p><p>&#8226; a bullet after a plain paragraph is no footnote</p>")
    assert [c.text for c in d.tables[0].footnotes] == [
        "(1) Consists of:", "\u2022 5 shares held by Fund A-1; and", "\u2022 5 shares held by Fund A-2."]
    d = doc("<table><tr><td>Fund A</td><td>10</td></tr><tr><td>Fund B</td><td>20</td></tr></table>"
            "<p>&#8226; not a footnote</p>")
    assert d.tables[0].footnotes == ()


def test_an_empty_inline_block_is_a_tab_stop():
    d = doc("<p><span>(1)</span><span style='display: inline-block; width: 18pt'></span><span>Consists of</span>"
            "<span style='display:inline-block'>kept</span>together</p>")
    assert d.text == "(1) Consists ofkepttogether"


def test_a_table_continued_over_a_page_break_is_one_table():
    head = "<tr><td>Name</td><td></td><td>Shares</td></tr>"
    d = doc(f"<table>{head}<tr><td>Alpha LLC</td><td></td><td>100</td></tr></table>"
            "<p style='text-align:center'>7</p><div style='page-break-before:always'></div>"
            "<p>Selling Stockholders (continued)</p>"
            f"<table>{head}<tr><td>Beta LLC</td><td></td><td>200</td></tr></table>"
            "<p>(1) A footnote.</p>"
            "<div style='page-break-before:always'></div>"
            "<table><tr><td>Other</td><td>1</td></tr><tr><td>Table</td><td>2</td></tr></table>")
    assert [[c.text for c in r] for r in d.tables[0].rows] == [["Name", "Shares"], ["Alpha LLC", "100"],
                                                              ["Beta LLC", "200"]]
    assert [c.text for c in d.tables[0].footnotes] == ["(1) A footnote."]
    assert len(d.tables) == 2 and "continued" not in d.text and "\n7\n" not in d.text
    assert_offsets(d)


def test_superscript_marks_never_merge_into_numbers():
    d = doc("<html><body><p>Acme Capital, LLC holds 100<sup>2</sup> shares; the 1<sup>st</sup> lot.</p>"
            "<p><sup>(3)</sup> already bracketed</p></body></html>")
    assert "100(2) shares" in d.text and "1002" not in d.text
    assert "the 1st lot" in d.text
    assert "(3) already bracketed" in d.text and "((3))" not in d.text


@pytest.mark.parametrize("ending", ["</p>", "</table></p> <p>&nbsp;</p><body>", "<p>The end.</p>\n\n", "</div>"])
def test_html_without_closing_tags_is_read_with_a_warning(tmp_path, ending):
    # many real filings and saved pages end without </body></html>: no evidence of a cut
    path = tmp_path / "open.html"
    path.write_text("<html><body><p>Selling Stockholders</p><table><tr><td>Acme Capital, LLC</td></tr></table>"
                    + ending, encoding="utf-8")
    d = load_document(path)
    assert "Acme Capital, LLC" in d.text
    assert any("</html>" in w for w in d.warnings)


@pytest.mark.parametrize("ending", ["<td style=\"width:", "<p>shares of com", "<p>Total&nbs",
                                    "<table><tr><td>Acme Capital, LLC</td>", "<table><tr><td>x</td></tr>",
                                    "<p>we may sell,"])
def test_html_cut_inside_a_tag_row_entity_or_word_is_refused(tmp_path, ending):
    path = tmp_path / "cut.html"
    path.write_text("<html><body><p>Selling Stockholders</p>" + ending, encoding="utf-8")
    with pytest.raises(TruncatedInputError):
        load_document(path)
