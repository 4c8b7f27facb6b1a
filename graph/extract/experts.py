"""Auditors and what they audited (Regulation S-K Item 509, "Interests of named experts and counsel").

"The consolidated financial statements ... incorporated ... from Capstone's Annual Report on Form 10-K
for the year ended December 31, 2001 have been audited by Pemberton & Vale LLP, independent
auditors": Deloitte is the auditor of the issuer and audited that 10-K. When the statements are
another company's ("the financial statements of X"), the auditor is X's.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.extract.counsel import inside_renamed, record
from prospectus_kg.graph.extract.filings import filings_in
from prospectus_kg.graph.models import ISSUER, Section
from prospectus_kg.graph.extract.names import find_organizations, normalise
from prospectus_kg.graph.ingest.textutil import sentences

HANDLES = ("experts",)
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ("issuer_name", "issuer_aliases")
PROVIDES = ()

_AUDITED_BY = re.compile(r"\b(?:have|has|had|were|was)\s+been\s+(?:so\s+)?audited\s+by\s+$|\baudited\s+by\s+$", re.I)
_INDEPENDENT = re.compile(r"^\s*(?:\([^()]{0,40}\))?\s*,?\s*(?:or\s+[A-Z][\w&+\-]*(?:\s+[A-Z][\w&+\-]*){0,2},\s*)?"
                          r"(?:(?:an?|our)\s+)?independent\s+(?:registered\s+public\s+accounting\s+firm|auditors?|"
                          r"accountants|certified\s+public\s+accountants|public\s+accountants)", re.I)
_AUDITED_AFTER = re.compile(r"^[^.;]{0,160}?\b(?:has|have)?\s*(?:audited|examined)\s+(?:our|the)\b", re.I)
_REPORT_OF = re.compile(r"\breports?\s+(?:\([^()]{0,200}\)\s+)?of\s+$", re.I)
_STATEMENTS_OF = re.compile(r"\bfinancial\s+statements\s+of\s+$", re.I)


def extract(ctx, section: Section) -> None:
    text, folded = ctx.doc.text, ctx.folded
    for ss, se in sentences(folded, section.body_start, section.end):
        orgs = find_organizations(text, ss, se, folded=folded)
        auditors = [o for o in orgs if _AUDITED_BY.search(folded[max(ss, o.start - 40):o.start])
                    or _REPORT_OF.search(folded[max(ss, o.start - 240):o.start])
                    or _INDEPENDENT.match(folded[o.end:o.end + 90])
                    or (o is orgs[0] and o.start - ss <= 2 and _AUDITED_AFTER.match(folded[o.end:se]))]
        if not auditors:
            continue
        audited_org = ISSUER
        issuer_keys = {normalise(n) for n in [ctx.issuer_name or "", *ctx.issuer_aliases] if n}
        for o in orgs:
            if _STATEMENTS_OF.search(folded[max(ss, o.start - 30):o.start]) and o not in auditors:
                if normalise(o.name) not in issuer_keys:     # a former name is the issuer too
                    audited_org = ctx.party(o.name, o.start, o.end)
        filings = filings_in(ctx, ss, se) if audited_org == ISSUER else []
        for a in auditors:
            if inside_renamed(folded, a.start, ss) and any(b.end < a.start for b in auditors):
                continue
            auditor = record(ctx, a.name, a.start, a.end, se, spellings=False)     # "BDO LLP (n/k/a BDO P.C.)": one firm
            ctx.add(auditor, "auditorOf", audited_org, ss, se)
            for ref, _fs, _fe in filings:
                ctx.add(auditor, "audited", ref, ss, se)
