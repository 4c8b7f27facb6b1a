"""The parts of a filed prospectus: a prospectus supplement and the base prospectus bundled after it.

Form S-3 shelf takedowns are filed under Rule 424(b) as a supplement followed by the base prospectus
it completes; each part has its own cover and date, its own table of contents and its own list of
filings incorporated by reference. The base part starts at the line "PROSPECTUS" found by
``graph.ingest.sections`` (after the supplement's body has begun, never a table of contents' group
title). It becomes a second ``prosp:Prospectus`` (``BASE_PROSPECTUS``) linked from the supplement by
``prosp:baseProspectus``, dated by its own cover ("The date of this prospectus is March 3, 2025") or,
failing that, by the supplement's "(To Prospectus dated March 3, 2025)".
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import BASE_PROSPECTUS, PROSPECTUS, Section
from prospectus_kg.graph.ingest.textutil import find_date

HANDLES = ("base_prospectus",)
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ()

_OWN_DATE = re.compile(r"(?=[tp])\b(?:the\s+date\s+of\s+this\s+prospectus\s+is|prospectus\s+dated)\s+", re.I)
#: How far into the base part its cover date is looked for.
_COVER_REACH = 6000


def extract(ctx, section: Section) -> None:
    if ctx.scratch.get("base_part"):
        return
    ctx.scratch["base_part"] = True
    folded = ctx.folded
    ctx.add(PROSPECTUS, "baseProspectus", BASE_PROSPECTUS, section.start, section.body_start)
    end = min(len(folded), section.start + _COVER_REACH)
    for m in _OWN_DATE.finditer(folded, section.start, end):
        date = find_date(folded, m.end(), min(end, m.end() + 30))
        if date and date[1] == m.end():
            ctx.add(BASE_PROSPECTUS, "prospectusDate", date[0], m.start(), date[2])
            return
    ctx.scratch["base_date_missing"] = True


def finish(ctx) -> None:
    if ctx.scratch.get("base_date_missing"):
        for f in ctx.value_facts("baseProspectusDate"):
            if f.subject == PROSPECTUS:
                ctx.add(BASE_PROSPECTUS, "prospectusDate", f.obj, f.span.start, f.span.end)
                break
