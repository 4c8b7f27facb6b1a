"""EDGAR full submission ingest: header values with spans, primary document choice, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prospectus_kg.errors import InputError, TruncatedInputError
from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.ingest.html import html_to_text
from prospectus_kg.graph.ingest.sgml import parse_header, submission_document

CORPUS = Path(os.environ.get("PROSPECTUS_KG_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus")

HEADER = """<SEC-HEADER>0000999999-24-000123.hdr.sgml : 20240215
<ACCEPTANCE-DATETIME>20240215163012
ACCESSION NUMBER:		0000999999-24-000123
CONFORMED SUBMISSION TYPE:	424B3
PUBLIC DOCUMENT COUNT:		3
FILED AS OF DATE:		20240215
DATE AS OF CHANGE:		20240215

FILER:

	COMPANY DATA:	
		COMPANY CONFORMED NAME:			Acme Widget Holdings, Inc.
		CENTRAL INDEX KEY:			0000123456
		STANDARD INDUSTRIAL CLASSIFICATION:	SERVICES-PREPACKAGED SOFTWARE [7372]
		IRS NUMBER:				123456789
		STATE OF INCORPORATION:			NV
		FISCAL YEAR END:			0630

	FILING VALUES:
		FORM TYPE:		424B3
		SEC ACT:		1933 Act
		SEC FILE NUMBER:	333-270001
		FILM NUMBER:		24000001

	BUSINESS ADDRESS:	
		STREET 1:		1 MAIN STREET
		STREET 2:		SUITE 200
		CITY:			RENO
		STATE:			NV
		ZIP:			89501
		BUSINESS PHONE:		775-555-0100

	MAIL ADDRESS:	
		STREET 1:		PO BOX 9
		CITY:			RENO
		STATE:			NV
		ZIP:			89502

FILER:

	COMPANY DATA:	
		COMPANY CONFORMED NAME:			Acme Widget Operating LLC
		CENTRAL INDEX KEY:			0000654321
		STATE OF INCORPORATION:			DE

	BUSINESS ADDRESS:	
		STREET 1:		9 OTHER ROAD
		CITY:			DOVER
		STATE:			DE
		ZIP:			19901
</SEC-HEADER>"""

PRIMARY_HTML = """<html><body>
<p style="text-align:center">PROSPECTUS</p>
<p>Acme Widget Holdings, Inc.</p>
<p>SELLING STOCKHOLDERS</p>
<p>The following table lists the selling stockholders.</p>
<table>
<tr><td>Name</td><td></td><td>Shares Offered</td><td></td><td>Percent</td></tr>
<tr><td>Granite Fund LP<sup>(1)</sup></td><td>$</td><td>100,000</td><td></td><td>5.5</td><td>%</td></tr>
<tr><td>Harbor Trust</td><td></td><td>25,000</td><td></td><td>1.2</td><td>%</td></tr>
</table>
<p>(1) Granite Fund LP is managed by Granite Advisors LLC.</p>
<p>PLAN OF DISTRIBUTION</p>
<p>The selling stockholders may sell the shares from time to time.</p>
<p style="text-align:center">12</p>
</body></html>"""

EXHIBIT = """<html><body><p>EXHIBIT 5.1 OPINION</p><p>We have acted as counsel to Acme.</p></body></html>"""


def submission(*documents: tuple[str, str, str], header: str = HEADER) -> str:
    parts = ["<SEC-DOCUMENT>0000999999-24-000123.txt : 20240215", header]
    for seq, (doc_type, filename, body) in enumerate(documents, 1):
        parts.append(f"<DOCUMENT>\n<TYPE>{doc_type}\n<SEQUENCE>{seq}\n<FILENAME>{filename}\n"
                     f"<DESCRIPTION>{doc_type}\n<TEXT>\n{body}\n</TEXT>\n</DOCUMENT>")
    parts.append("</SEC-DOCUMENT>\n")
    return "\n".join(parts)


def load(text: str):
    return submission_document(text, doc_id="0000999999-24-000123", source_path="x.txt", encoding="utf-8")


def assert_offsets(d) -> None:
    for table in d.tables:
        for row in table.rows:
            for c in row:
                assert d.text[c.start:c.end] == c.text
        for c in table.footnotes:
            assert d.text[c.start:c.end] == c.text


# --- header ----------------------------------------------------------------------------------------

def test_header_values_and_spans():
    d = load(submission(("EX-5.1", "ex51.htm", EXHIBIT), ("424B3", "prospectus.htm", PRIMARY_HTML)))
    assert d.media_type == "application/edgar-submission"
    raw = {key: d.text[span.start:span.end] for key, (value, span) in d.header.items()}
    values = {key: value for key, (value, span) in d.header.items()}
    assert values == {
        "accession_number": "0000999999-24-000123",
        "form_type": "424B3",
        "filing_date": "2024-02-15",
        "company_name": "Acme Widget Holdings, Inc.",
        "cik": "0000123456",
        "sic": "SERVICES-PREPACKAGED SOFTWARE [7372]",
        "sic_code": "7372",
        "state_of_incorporation": "NV",
        "fiscal_year_end": "0630",
        "sec_file_number": "333-270001",
        "business_address": "1 MAIN STREET, SUITE 200, RENO, NV 89501",
    }
    for key in values:
        if key not in ("filing_date", "business_address"):
            assert raw[key] == values[key], key
    assert raw["filing_date"] == "20240215"
    address = raw["business_address"]
    assert address.startswith("STREET 1:\t\t1 MAIN STREET") and address.endswith("ZIP:\t\t\t89501")
    assert "PHONE" not in address and "PO BOX" not in address


def test_canonical_text_is_the_header_verbatim_then_the_primary_document():
    d = load(submission(("EX-5.1", "ex51.htm", EXHIBIT), ("424B3", "prospectus.htm", PRIMARY_HTML)))
    assert d.text.startswith(HEADER + "\n\n")
    assert d.text[len(HEADER) + 2:] == html_to_text(PRIMARY_HTML).text
    assert "EXHIBIT 5.1" not in d.text and "counsel to Acme" not in d.text
    assert d.sections[0].kind == "sec_header" and d.sections[0].end == len(HEADER) + 2
    assert [s.kind for s in d.sections[1:]] == ["cover", "selling_stockholders", "plan_of_distribution"]
    for s in d.sections[2:]:
        assert d.text[s.start:s.end].startswith(s.title)


def test_primary_document_tables_are_shifted_into_the_combined_text():
    d = load(submission(("EX-5.1", "ex51.htm", EXHIBIT), ("424B3", "prospectus.htm", PRIMARY_HTML)))
    (table,) = d.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["Name", "Shares Offered", "Percent"],
        ["Granite Fund LP(1)", "$100,000", "5.5%"],
        ["Harbor Trust", "25,000", "1.2%"],
    ]
    assert [c.text for c in table.footnotes] == ["(1) Granite Fund LP is managed by Granite Advisors LLC."]
    assert table.start > len(HEADER)
    assert_offsets(d)


def test_primary_document_is_the_first_when_no_type_matches():
    d = load(submission(("EX-99.1", "ex99.htm", EXHIBIT), ("424B5", "p.htm", PRIMARY_HTML)))
    assert "counsel to Acme" in d.text


def test_several_filers_the_first_is_the_company():
    values = parse_header(HEADER)
    assert values["company_name"][0] == "Acme Widget Holdings, Inc."
    assert values["cik"][0] == "0000123456"
    assert values["state_of_incorporation"][0] == "NV"


def test_subject_company_when_there_is_no_filer():
    header = HEADER.replace("FILER:", "SUBJECT COMPANY:", 1).replace("\nFILER:", "\nFILED BY:")
    values = parse_header(header, offset=100)
    assert values["company_name"][0] == "Acme Widget Holdings, Inc."
    start = header.index("Acme Widget Holdings")
    assert values["company_name"][1].start == start + 100


def test_plain_text_primary_document_loses_its_page_markers_and_keeps_tables():
    body = ("                         SELLING STOCKHOLDERS\n\n"
            "NAME                               SHARES OFFERED\n"
            "Granite Fund LP.................        100,000\n"
            "Harbor Trust....................         25,000\n"
            "<PAGE>   4\n"
            "                         PLAN OF DISTRIBUTION\n\n"
            "The shares may be sold from time to time.\n<PAGE>\n")
    d = load(submission(("424B3", "prospectus.txt", body)))
    assert "<PAGE>" not in d.text
    assert "PLAN OF DISTRIBUTION" in d.text
    (table,) = d.tables
    assert [c.text for c in table.rows[1]] == ["Granite Fund LP", "100,000"]
    assert_offsets(d)
    assert {"selling_stockholders", "plan_of_distribution"} <= {s.kind for s in d.sections}


def test_inline_xbrl_primary_document_wrapped_in_xbrl_tags():
    ix = ("<XBRL>\n<?xml version='1.0'?><html xmlns:ix='http://www.xbrl.org/2013/inlineXBRL'><body>"
          "<div style='display:none'><ix:header><ix:hidden>c-1 0000123456</ix:hidden></ix:header></div>"
          "<p>SELLING STOCKHOLDERS</p><p>Text.</p></body></html>\n</XBRL>")
    d = load(submission(("424B3", "p.htm", ix)))
    body = d.text[len(HEADER) + 2:]
    assert body == "SELLING STOCKHOLDERS\n\nText."


# --- bad input -------------------------------------------------------------------------------------

def test_a_header_without_documents_is_a_one_line_input_error():
    text = "<SEC-DOCUMENT>x.txt : 20240215\n" + HEADER + "\n</SEC-DOCUMENT>\n"
    with pytest.raises(InputError) as info:
        load(text)
    assert isinstance(info.value, TruncatedInputError)
    line = info.value.one_line()
    assert "\n" not in line and "submission has no <DOCUMENT>" in line


def test_a_header_without_documents_through_load_document(tmp_path):
    path = tmp_path / "0000999999-24-000123.txt"
    path.write_text("<SEC-DOCUMENT>x.txt : 20240215\n" + HEADER + "\n</SEC-DOCUMENT>\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_document(path)


@pytest.mark.parametrize("text", [
    "<SEC-DOCUMENT>\n" + HEADER + "\n<DOCUMENT>\n<TYPE>424B3\n<TEXT>\n<html><body><p>Cut off <b>here",
    "<SEC-DOCUMENT>\n" + HEADER + "\n<DOCUMENT>\n<TYPE>424B3\n<html><body><p>no TEXT tag</p></body></html>\n</DOCUMENT>",
    "<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER: \nFILER:\n</SEC-HEADER>\n<DOCUMENT>\n<TEXT>\nplain\n</TEXT>\n</DOCUMENT>",
    "<SEC-DOCUMENT>\n<SEC-HEADER>broken header\n<DOCUMENT><TYPE><TEXT></TEXT></DOCUMENT>",
    "<DOCUMENT>\n<TYPE>S-3\n<TEXT>\n<p>no header at all</p>\n</TEXT>\n</DOCUMENT>",
    "<SEC-DOCUMENT>\n" + HEADER.replace("20240215\n", "2024-02\n") + "\n<DOCUMENT>\n<TEXT>\n\n</TEXT>\n</DOCUMENT>",
])
def test_malformed_submissions_never_raise_a_traceback(text):
    d = load(text)
    assert isinstance(d.text, str)
    for _key, (_value, span) in d.header.items():
        assert d.text[span.start:span.end]
    assert_offsets(d)


def test_a_bad_filing_date_is_left_out():
    d = load("<SEC-DOCUMENT>\n" + HEADER.replace("DATE:\t\t20240215", "DATE:\t\t2024-02") +
             "\n<DOCUMENT>\n<TEXT>\nx\n</TEXT>\n</DOCUMENT>")
    assert "filing_date" not in d.header and d.header["cik"][0] == "0000123456"


def test_load_document_sniffs_a_submission(tmp_path):
    path = tmp_path / "0000999999-24-000123.txt"
    path.write_text(submission(("424B3", "p.htm", PRIMARY_HTML)).replace("\n", "\r\n"), encoding="utf-8")
    d = load_document(path)
    assert d.media_type == "application/edgar-submission"
    assert d.doc_id == "0000999999-24-000123"
    assert d.header["company_name"][0] == "Acme Widget Holdings, Inc."
    assert_offsets(d)


# --- the corpus pair -------------------------------------------------------------------------------

@pytest.mark.skipif(not (CORPUS / "edgar" / "0001193125-25-067858.txt").exists()
                    or not (CORPUS / "edgar" / "0001193125-25-067858_S-3.html").exists(),
                    reason="corpus not found (set PROSPECTUS_KG_CORPUS)")
def test_corpus_submission_and_html_give_the_same_prospectus_text():
    sub = load_document(CORPUS / "edgar" / "0001193125-25-067858.txt")
    html = load_document(CORPUS / "edgar" / "0001193125-25-067858_S-3.html")
    header = sub.sections[0]
    assert header.kind == "sec_header"
    assert sub.text[header.end:] == html.text
    shift = header.end
    assert len(sub.tables) == len(html.tables)
    for a, b in zip(sub.tables, html.tables):
        assert [[(c.text, c.start - shift) for c in r] for r in a.rows] == [[(c.text, c.start) for c in r] for r in b.rows]
        assert [(c.text, c.start - shift) for c in a.footnotes] == [(c.text, c.start) for c in b.footnotes]
    assert [(s.kind, s.title, s.start - shift) for s in sub.sections[1:]] == \
           [(s.kind, s.title, s.start) for s in html.sections]
    values = {k: v for k, (v, _) in sub.header.items()}
    assert values["accession_number"] == "0001193125-25-067858"
    assert values["form_type"] == "S-3"
    assert values["filing_date"] == "2025-03-31"
    assert values["company_name"] == "Vigil Neuroscience, Inc."
    assert values["cik"] == "0001827087"
    assert values["state_of_incorporation"] == "DE"
    assert values["business_address"] == "100 FORGE ROAD, SUITE 700, WATERTOWN, MA 02472"
    for key, (value, span) in sub.header.items():
        assert span.end <= header.end
        if key not in ("filing_date", "business_address"):
            assert sub.text[span.start:span.end] == value
    assert "EX-5.1" not in sub.text[header.end:] and "Goodwin Procter LLP" in sub.text


def test_old_text_document_with_table_tags_is_not_taken_for_html():
    body = ("<TABLE>\n<CAPTION>\nNAME                      SHARES\n<S>                       <C>\n"
            "Granite Fund LP           100,000\nHarbor Trust               25,000\n</TABLE>\n<PAGE>\n")
    d = load(submission(("424B3", "", body)))
    assert "Granite Fund LP           100,000" in d.text and "<PAGE>" not in d.text
    (table,) = d.tables
    assert [c.text for c in table.rows[-1]] == ["Harbor Trust", "25,000"]
    assert_offsets(d)


def test_an_unclosed_header_runs_to_the_first_document():
    header = HEADER.replace("</SEC-HEADER>", "").rstrip()
    d = load(submission(("424B3", "p.htm", PRIMARY_HTML), header=header))
    assert d.text.startswith(header + "\n\n")
    assert d.header["cik"][0] == "0000123456"
    assert d.text[len(header) + 2:] == html_to_text(PRIMARY_HTML).text
