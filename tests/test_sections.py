"""Section segmentation: the seed, HTML canonical text (TOC tables, sub-headings), old text filings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from prospectus_kg.graph.ingest.load import load_document
from prospectus_kg.graph.ingest.sections import heading_kind, segment
from prospectus_kg.graph.ingest.textrepair import FOLD_BLANK, fold

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

SEED_SECTIONS = [
    ("cover", ""),
    ("toc", "TABLE OF CONTENTS"),
    ("company", "THE COMPANY"),
    ("forward_looking", "SPECIAL NOTE ON FORWARD-LOOKING STATEMENTS"),
    ("risk_factors", "RISK FACTORS"),
    ("use_of_proceeds", "USE OF PROCEEDS"),
    ("selling_stockholders", "SELLING STOCKHOLDER"),
    ("plan_of_distribution", "PLAN OF DISTRIBUTION"),
    ("legal_matters", "LEGAL MATTERS"),
    ("experts", "EXPERTS"),
    ("where_to_find", "WHERE YOU CAN FIND MORE INFORMATION"),
    ("incorporation_by_reference", "INCORPORATION OF CERTAIN DOCUMENTS BY REFERENCE"),
]


def check_structure(text: str, sections) -> None:
    """Sections tile the text in order, each starting with its heading."""
    assert sections[0].start == 0
    for a, b in zip(sections, sections[1:]):
        assert a.end == b.start
    assert sections[-1].end == len(text)
    for s in sections:
        assert s.start <= s.body_start <= s.end
        if s.title:   # a heading printed over two lines has its lines joined by a space
            assert " ".join(text[s.start:s.body_start].split()) == s.title


def test_seed_sections():
    d = load_document(SEED)
    assert [(s.kind, s.title) for s in d.sections] == SEED_SECTIONS
    check_structure(d.text, d.sections)


def test_seed_sections_skip_both_printed_tables_of_contents():
    d = load_document(SEED)
    (toc,) = d.sections_of("toc")
    (company,) = d.sections_of("company")
    # the run of headings and the tabbed, homoglyph-carrying TOC both lie inside the toc section
    assert "\u0413he Company\t1" in d.text[toc.start:toc.end]
    assert d.text[company.body_start:].lstrip().startswith("We were organized in 1988.")
    (holder,) = d.sections_of("selling_stockholders")
    assert "UT Leasing Services, Inc." in d.text[holder.start:holder.end]


@pytest.mark.parametrize("line, kind", [
    ("SELLING STOCKHOLDERS", "selling_stockholders"),
    ("Selling Shareholders", "selling_stockholders"),
    ("SELLING SECURITYHOLDERS", "selling_stockholders"),
    ("  PLAN OF DISTRIBUTION (CONFLICTS OF INTEREST)  ", "plan_of_distribution"),
    ("UNDERWRITING", "underwriting"),
    ("Legal Matters", "legal_matters"),
    ("EXPERTS", "experts"),
    ("INCORPORATION OF CERTAIN INFORMATION BY REFERENCE", "incorporation_by_reference"),
    ("Information Incorporated by Reference", "incorporation_by_reference"),
    ("WHERE YOU CAN FIND MORE INFORMATION", "where_to_find"),
    ("\u0413HE COMPANY", "company"),            # Cyrillic Ghe for T
    ("Item 5. Selling Security Holders", "selling_stockholders"),
    ("The selling stockholders may sell their shares.", None),
    ("", None),
])
def test_heading_kind(line, kind):
    assert heading_kind(line) == kind


# --- HTML canonical text ---------------------------------------------------------------------------

def test_html_fixture_sections():
    d = load_document(FIXTURES / "mini_prospectus.html")
    assert [s.kind for s in d.sections] == [
        "cover", "toc", "summary", "risk_factors", "use_of_proceeds", "selling_stockholders", "other",
        "plan_of_distribution", "legal_matters", "experts", "where_to_find", "incorporation_by_reference"]
    check_structure(d.text, d.sections)
    (toc,) = d.sections_of("toc")
    assert "SELLING STOCKHOLDERS\tS-5" in d.text[toc.start:toc.end]
    assert "INCORPORATION OF CERTAIN INFORMATION BY REFERENCE\tS-10" in d.text[toc.start:toc.end]
    (summary,) = d.sections_of("summary")
    assert "Overview" in d.text[summary.start:summary.end]          # a sub-heading, not a section
    assert "Risk Factors\n" in d.text[summary.start:summary.end]
    (holders,) = d.sections_of("selling_stockholders")
    assert "GRANITE FUND LP(1)\t1,000,000\t1,000,000" in d.text[holders.start:holders.end]
    other = d.sections_of("other")[0]
    assert other.title == "CERTAIN RELATIONSHIPS WITH THE SELLING STOCKHOLDERS AND OUR DIRECTORS"


def test_table_rows_and_toc_entries_are_not_headings():
    text = ("PROSPECTUS\n\nTABLE OF CONTENTS\n\nSELLING STOCKHOLDERS\t12\nPLAN OF DISTRIBUTION\tS-14\n"
            "LEGAL MATTERS\tii\n\nSELLING STOCKHOLDERS\n\nThe table lists them.\n\n"
            "NAME\tSHARES OFFERED\nACME LLC\t100\n\nPLAN OF DISTRIBUTION\n\nThey may sell.\n\n"
            "LEGAL MATTERS\n\nCounsel.\n")
    sections = segment(text)
    assert [s.kind for s in sections] == ["cover", "toc", "selling_stockholders", "plan_of_distribution",
                                          "legal_matters"]
    check_structure(text, sections)


def test_mixed_case_headings_count_when_the_document_has_no_capitals_headings():
    text = ("Cover page.\n\nSelling Stockholders\n\nThe holders.\n\nPlan of Distribution\n\nSales.\n\n"
            "Legal Matters\n\nCounsel.\n")
    assert [s.kind for s in segment(text)] == ["cover", "selling_stockholders", "plan_of_distribution",
                                               "legal_matters"]


# --- old fixed-width text --------------------------------------------------------------------------

def test_old_text_filing_page_markers_and_footers_do_not_break_sections():
    d = load_document(FIXTURES / "old_fixed_width.txt")
    assert [(s.kind, s.title) for s in d.sections] == [
        ("cover", ""), ("toc", "TABLE OF CONTENTS"), ("where_to_find", "AVAILABLE INFORMATION"),
        ("company", "THE COMPANY"), ("risk_factors", "RISK FACTORS"),
        ("selling_stockholders", "SELLING STOCKHOLDERS"), ("plan_of_distribution", "PLAN OF DISTRIBUTION"),
        ("legal_matters", "LEGAL MATTERS"), ("experts", "EXPERTS")]
    check_structure(d.text, d.sections)
    (holders,) = d.sections_of("selling_stockholders")
    assert "Venture Fund II" in d.text[holders.start:holders.end]


def test_old_text_with_sgml_table_tags():
    text = (FIXTURES / "old_sgml_tables.txt").read_text(encoding="utf-8")
    sections = segment(text)
    assert [s.kind for s in sections] == ["cover", "selling_stockholders", "plan_of_distribution"]
    check_structure(text, sections)


def test_base_prospectus_after_a_supplement():
    text = ("PROSPECTUS SUPPLEMENT\n(To Prospectus dated May 1, 2024)\n\nACME CORP\n\nTABLE OF CONTENTS\n\n"
            "PROSPECTUS SUPPLEMENT\n\nThe Offering\tS-1\nPlan of Distribution\tS-3\n\nPROSPECTUS\n\n"
            "Plan of Distribution\t7\n\nTHE OFFERING\n\nWe offer shares.\n\nPLAN OF DISTRIBUTION\n\n"
            "Through agents.\n\nPROSPECTUS\n\nAcme Corp\n\n$50,000,000\n\nCOMMON STOCK\n\nPREFERRED STOCK\n\n"
            "WARRANTS\n\nWe may offer securities.\n\nPLAN OF DISTRIBUTION\n\nIn several ways.\n\n"
            "PART II\n\nINFORMATION NOT REQUIRED IN PROSPECTUS\n\nExpenses.\n")
    sections = segment(text)
    assert [(s.kind, s.title) for s in sections] == [
        ("cover", ""), ("toc", "TABLE OF CONTENTS"), ("offering", "THE OFFERING"),
        ("plan_of_distribution", "PLAN OF DISTRIBUTION"), ("base_prospectus", "PROSPECTUS"),
        ("plan_of_distribution", "PLAN OF DISTRIBUTION"), ("other", "INFORMATION NOT REQUIRED IN PROSPECTUS")]
    check_structure(text, sections)
    # without a supplement on the cover, a later "PROSPECTUS" line is no base prospectus
    plain = text.replace("PROSPECTUS SUPPLEMENT\n(To", "RESALE\n(To").replace("TABLE OF CONTENTS\n\nPROSPECTUS SUPPLEMENT", "TABLE OF CONTENTS")
    assert "base_prospectus" not in {s.kind for s in segment(plain)}


@pytest.mark.parametrize("name", ["0001104659-24-132924_424B4.html", "0001493152-25-029712_424B5.html"])
def test_corpus_supplements_mark_their_base_prospectus(name):
    corpus = Path(os.environ.get("PROSPECTUS_KG_CORPUS") or ROOT.parent / "shared" / "corpus")
    path = corpus / "edgar" / name
    if not path.exists():
        pytest.skip(f"{name} not in the corpus")
    d = load_document(path)
    kinds = [s.kind for s in d.sections]
    (base,) = d.sections_of("base_prospectus")
    assert kinds.index("incorporation_by_reference") < kinds.index("base_prospectus")
    assert kinds.count("toc") == 2 and d.sections_of("toc")[1].start > base.start
    assert kinds.count("plan_of_distribution") == 2


def test_fold_blank_is_every_character_fold_makes_white_space():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert {c for c, f in zip(every, fold(every)) if f.isspace()} == set(FOLD_BLANK)
    # a heading padded with zero-width and no-break spaces is still a heading
    assert [s.kind for s in segment("Cover\n\n\u200b\xa0PLAN OF DISTRIBUTION\ufeff\nText.\n")] == \
        ["cover", "plan_of_distribution"]
