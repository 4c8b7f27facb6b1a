"""Filings incorporated by reference (Form S-3 Item 12; Form S-1 Item 12 for eligible issuers), the
filings the risk factors point to, and a description of securities that the Description of Capital
Stock section incorporates ("... set forth in Item 3.1 of our Current Report on Form 8-K filed with the
SEC on June 27, 2024 is incorporated herein by reference").

The list is read item by item; an item may name several filings ("Quarterly Reports on Form 10-Q for
the quarters ended March 31, 2002, June 30, 2002 and September 30, 2002" is three). The standing
clause ("all reports ... filed ... subsequent to the date of this prospectus", "any filings made after
the date of effectiveness of the registration statement") is no Filing: it sets
``incorporatesFutureFilings`` on the prospectus. Filings named in a sentence of the section outside the
list count too (a list may be laid out as plain paragraphs), unless the sentence says they are "not
incorporated"; a registration statement named there counts only when the sentence incorporates it.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.extract.filings import filings_in, form_of, titled_filings
from prospectus_kg.graph.models import Section
from prospectus_kg.graph.ingest.textutil import list_items, sentences, sentences_with

HANDLES = ("incorporation_by_reference", "where_to_find", "risk_factors", "capital_stock")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ()

_FUTURE = re.compile(r"\b(?:subsequent\s+to|after|following)\s+the\s+date\s+of\s+(?:this|the|effectiveness)\b|"
                     r"\bafter\s+the\s+date\s+hereof\b|\bprior\s+to\s+the\s+termination\s+of\s+(?:this|the)\s+offering\b|"
                     r"\b(?:until|before)\s+(?:we\s+(?:stop|sell\s+all|have\s+sold)|the\s+(?:termination|completion))\b",
                     re.I)
_STANDING = re.compile(r"(?=a)\b(?:all|any)\b[^.;]{0,120}?\b(?:documents|filings|reports|information)\b", re.I)
_REGISTRATION_FORM = re.compile(r"[SF]-\d")
_NOT_INCORPORATED = re.compile(r"\bnot\s+(?:be\s+)?(?:deemed\s+)?(?:to\s+be\s+)?incorporated\b|\bnot\s+part\s+of\b", re.I)


#: The sentence that introduces the list: it incorporates and ends in a colon, or points to the
#: documents "listed below" / "the following documents".
_LIST_INTRO = re.compile(r"\bincorporat\w*\b[^.:]{0,200}?\b(?:the\s+following\s+documents|documents\s+listed\s+below)\b|"
                         r"\bincorporat\w*\b[^.:]{0,200}?\bby\s+reference\b[^.:]{0,600}?:", re.I)
_FORM_WORD = ("form ", "schedule 14", "proxy statement")
_INCORPORATED_HERE = re.compile(r"\b(?:is|are)\s+(?:hereby\s+)?incorporated\s+(?:herein\s+)?by\s+reference\b", re.I)


def extract(ctx, section: Section) -> None:
    folded = ctx.folded
    if section.kind == "capital_stock":
        # "The description of our Series A Preferred Stock set forth in Item 3.1 of our Current Report on
        # Form 8-K filed with the SEC on June 27, 2024 is incorporated herein by reference."
        for ss, se in sentences_with(folded, ("incorporated",), section.body_start, section.end, ctx.lower):
            if _INCORPORATED_HERE.search(folded, ss, se) and form_of(folded, ss, se):
                for ref, _s, _e in filings_in(ctx, ss, se):
                    ctx.add(ctx.prospectus_at(ss), "incorporatesByReference", ref, ss, se)
        return
    if section.kind == "risk_factors":
        for ss, se in sentences_with(folded, _FORM_WORD, section.body_start, section.end, ctx.lower):
            for ref, s, e in filings_in(ctx, ss, se) if form_of(folded, ss, se) else []:
                ctx.add(ctx.prospectus_at(s), "refersTo", ref, s, e)
        return
    start = section.body_start
    if section.kind == "where_to_find":
        # "Where you can find more information" may hold the list itself: it starts after the sentence
        # that incorporates ("We incorporate by reference the documents listed below:", "... and
        # incorporate by reference in this prospectus:"); a section without one holds no list
        intro = _LIST_INTRO.search(folded, section.body_start, section.end)
        if not intro:
            return
        start = intro.end()
    _read_list(ctx, start, section.end)


def _read_list(ctx, start: int, end: int) -> None:
    folded = ctx.folded
    ctx.scratch.setdefault("incorporation_spans", []).append((start, end))
    items = list_items(folded, start, end)
    for s, e in items:
        if _FUTURE.search(folded, s, e) and _STANDING.search(folded, s, e):
            ctx.add(ctx.prospectus_at(s), "incorporatesFutureFilings", True, s, e)
            continue
        found = filings_in(ctx, s, e)
        if not found and not form_of(folded, s, e):
            found = titled_filings(ctx, s, e)    # a foreign issuer's list: filings named by their title
        for ref, _fs, _fe in found:
            ctx.add(ctx.prospectus_at(s), "incorporatesByReference", ref, s, e)
    # sentences outside the list: the standing clause, and filings incorporated in prose
    for s, e in sentences(folded, start, end):
        if any(i_s < e and s < i_e for i_s, i_e in items):
            continue
        if _FUTURE.search(folded, s, e) and _STANDING.search(folded, s, e) and "incorporat" in ctx.lower[s:e]:
            ctx.add(ctx.prospectus_at(s), "incorporatesFutureFilings", True, s, e)
        elif not _NOT_INCORPORATED.search(folded, s, e) and form_of(folded, s, e):
            # a list laid out as plain paragraphs (no bullet characters): each names its filings; a
            # registration statement (S-3, F-3 ...) counts only where the sentence incorporates it
            incorporates = "incorporat" in ctx.lower[s:e]
            for ref, _fs, _fe in filings_in(ctx, s, e):
                if incorporates or not _REGISTRATION_FORM.match(ref.key):
                    ctx.add(ctx.prospectus_at(s), "incorporatesByReference", ref, s, e)

