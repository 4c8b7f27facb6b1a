"""Legal counsel (Regulation S-K Item 509, "Interests of named experts and counsel", and the "Legal
Matters" section; Item 601(b)(5): the opinion on validity).

"The validity of the shares ... will be passed upon for us by Goodwin Procter LLP", "Certain legal
matters will be passed upon for the underwriters by Cooley LLP", "The Placement Agents are being
represented in connection with this offering by Sullivan & Worcester LLP". Every firm in such a
sentence is ``prosp:legalCounsel`` of the offering; its role is read from the nearest role phrase in
its clause ("for us", "for the underwriters", "the placement agents are represented by", "counsel to
the selling stockholders"), the issuer's by default: ``issuerCounsel``, ``underwritersCounsel``
(underwriters, placement agents, sales agents, representatives, dealer-managers, initial purchasers)
or ``sellingStockholderCounsel``. A base prospectus's Legal Matters names counsel for that shelf's
offerings in general; its firms are recorded too (the build marks the part they come from).
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import OFFERING, Section
from prospectus_kg.graph.extract.names import capitalised_name_at, find_organizations
from prospectus_kg.graph.ingest.textutil import sentences

HANDLES = ("legal_matters",)

_PASSED = re.compile(r"\b(?:passed|pass)\s+(?:up)?on\b|\bopinion\b|\bcounsel\b|\brepresented\b", re.I)
_WHO = (r"(?P<who>underwriters?|placement\s+agents?|sales\s+agents?|agents?|representatives?|dealer[- ]managers?|"
        r"initial\s+purchasers?|selling\s+(?:stock|share|security\s?)holders?|us|the\s+company|the\s+issuer|"
        r"the\s+registrant|our\s+company)")
_FOR = re.compile(rf"\b(?:for|to|on\s+behalf\s+of|representing)\s+(?:the\s+|each\s+of\s+the\s+)?{_WHO}\b", re.I)
_SUBJECT = re.compile(rf"\b(?:the\s+)?{_WHO}\s+(?:(?:are|is|have\s+been|has\s+been|will\s+be)\s+)?(?:being\s+)?"
                      rf"(?:represented|advised)\b", re.I)
_OUR = re.compile(r"\bour\s+(?:legal\s+)?counsel\b", re.I)
_BY = re.compile(r"\b(?:passed\s+(?:up)?on|pass\s+(?:up)?on|represented|advised)\b[^.;]{0,120}?\bby\s+", re.I)
_CLAUSE = re.compile(r";|,\s+and\s+(?=certain|the\s+validity|legal)|\.\s", re.I)
_ROLE = {"underwriter": "underwritersCounsel", "placement": "underwritersCounsel", "sales": "underwritersCounsel",
         "agent": "underwritersCounsel", "representative": "underwritersCounsel", "dealer": "underwritersCounsel",
         "initial": "underwritersCounsel", "selling": "sellingStockholderCounsel"}


def role_of(who: str) -> str:
    who = who.lower()
    return next((p for k, p in _ROLE.items() if who.startswith(k)), "issuerCounsel")


def extract(ctx, section: Section) -> None:
    text, folded = ctx.doc.text, ctx.folded
    for ss, se in sentences(folded, section.body_start, section.end):
        if not _PASSED.search(folded, ss, se):
            continue
        cuts = [ss] + [m.end() for m in _CLAUSE.finditer(folded, ss, se)] + [se]
        firms = find_organizations(text, ss, se, folded=folded)
        for m in _BY.finditer(folded, ss, se):      # "... passed upon by Smith & Jones, Chicago": no legal form
            if not any(o.start == m.end() for o in firms):
                found = capitalised_name_at(text, m.end(), se, folded=folded)
                if found and re.match(r"\s*[,.;(]", folded[found.end:found.end + 2]) and \
                        ("&" in found.name or " and " in found.name or len(found.name.split()) >= 2):
                    firms.append(found)
        for org in sorted(firms, key=lambda o: o.start):
            cs = max(c for c in cuts if c <= org.start)
            ce = min(c for c in cuts if c >= org.end)
            phrases = [(m.start(), m.group("who")) for p in (_FOR, _SUBJECT) for m in p.finditer(folded, cs, ce)]
            phrases += [(m.start(), "us") for m in _OUR.finditer(folded, cs, ce)]
            before = [p for p in phrases if p[0] < org.start]
            after = [p for p in phrases if p[0] >= org.end]
            who = max(before)[1] if before else (min(after)[1] if after else "us")
            counsel = ctx.party(org.name, org.start, org.end, kind="Organization")
            ctx.add(OFFERING, "legalCounsel", counsel, ss, se)
            ctx.add(OFFERING, role_of(who), counsel, ss, se)
