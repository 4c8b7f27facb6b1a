"""Filings incorporated by reference (Form S-3 Item 12; Form S-1 Item 12 for eligible issuers), and
the filings the risk factors point to.

The list is read item by item; an item may name several filings ("Quarterly Reports on Form 10-Q for
the quarters ended March 31, 2002, June 30, 2002 and September 30, 2002" is three). The standing
clause ("all reports ... filed ... subsequent to the date of this prospectus") is no Filing: it sets
``incorporatesFutureFilings`` on the prospectus.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.extract.filings import filings_in, form_of
from prospectus_kg.graph.models import PROSPECTUS, Section
from prospectus_kg.graph.textutil import list_items, sentences

HANDLES = ("incorporation_by_reference", "risk_factors")

_FUTURE = re.compile(r"\b(?:subsequent\s+to|after)\s+the\s+date\s+of\s+(?:this|the\s+initial)\s+"
                     r"(?:prospectus|registration\s+statement)|\bafter\s+the\s+date\s+hereof\b|"
                     r"\bprior\s+to\s+the\s+termination\s+of\s+(?:this|the)\s+offering\b", re.I)


def extract(ctx, section: Section) -> None:
    folded = ctx.folded
    if section.kind == "risk_factors":
        for ss, se in sentences(folded, section.body_start, section.end):
            for ref, s, e in filings_in(ctx, ss, se) if form_of(folded, ss, se) else []:
                ctx.add(PROSPECTUS, "refersTo", ref, s, e)
        return
    items = list_items(folded, section.body_start, section.end) or list(sentences(folded, section.body_start,
                                                                                  section.end))
    for s, e in items:
        if _FUTURE.search(folded, s, e) and re.search(r"\b(?:all|any)\b", folded[s:e], re.I):
            ctx.add(PROSPECTUS, "incorporatesFutureFilings", True, s, e)
            continue
        for ref, fs, fe in filings_in(ctx, s, e):
            ctx.add(PROSPECTUS, "incorporatesByReference", ref, s, e)
