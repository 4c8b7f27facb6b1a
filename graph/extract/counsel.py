"""Legal counsel (Regulation S-K Item 509 and the "Legal Matters" section).

"The validity of the shares ... will be passed upon by Wilson Sonsini Goodrich & Rosati, Professional
Corporation." The role is read from the words before each firm: "for the underwriters", "for the
placement agent" (underwriters' counsel), "for the selling stockholder(s)"; otherwise the issuer's.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import OFFERING, Section
from prospectus_kg.graph.names import find_organizations
from prospectus_kg.graph.textutil import sentences

HANDLES = ("legal_matters",)

_PASSED = re.compile(r"\b(?:passed|pass)\s+(?:up)?on\b|\bopinion\b|\bcounsel\b|\brepresented\s+by\b", re.I)
_FOR = re.compile(r"\bfor\s+(?:the\s+)?(?P<who>underwriters?|placement\s+agents?|sales\s+agents?|"
                  r"representatives?|dealer\s+managers?|selling\s+(?:stock|share)holders?|us|the\s+company|"
                  r"the\s+issuer)\b", re.I)
_ROLE = {"underwriter": "underwritersCounsel", "placement": "underwritersCounsel", "sales": "underwritersCounsel",
         "representative": "underwritersCounsel", "dealer": "underwritersCounsel",
         "selling": "sellingStockholderCounsel"}


def extract(ctx, section: Section) -> None:
    text, folded = ctx.doc.text, ctx.folded
    for ss, se in sentences(folded, section.body_start, section.end):
        if not _PASSED.search(folded, ss, se):
            continue
        for org in find_organizations(text, ss, se, folded=folded):
            fors = list(_FOR.finditer(folded, ss, org.start))
            who = fors[-1].group("who").lower() if fors else "us"
            role = next((p for k, p in _ROLE.items() if who.startswith(k)), "issuerCounsel")
            counsel = ctx.party(org.name, org.start, org.end)
            ctx.add(OFFERING, "legalCounsel", counsel, ss, se)
            ctx.add(OFFERING, role, counsel, ss, se)
