"""Party mentions in a stretch of text: names, and phrases that stand for a known party.

"the selling stockholder" stands for the document's selling stockholder when there is exactly one;
"we", "us", "the Company" and the issuer's defined aliases ("Capstone") stand for the issuer. A
mention is (ref, start, end) with offsets into the canonical text.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import ISSUER, EntityRef
from prospectus_kg.graph.extract.names import find_organizations, normalise

_SELLER = re.compile(r"\b(?:the|such|each)\s+selling\s+(?:stock|share|security\s?)holders?\b", re.I)
_ISSUER_WORDS = re.compile(r"\b(?:we|us|the\s+Company|the\s+Registrant|the\s+Issuer)\b")

Mention = tuple[EntityRef, int, int]


def party_mentions(ctx, start: int, end: int, *, pronouns: bool = True) -> list[Mention]:
    """Mentions in ``text[start:end]``, sorted by position, names first where they overlap."""
    out: list[Mention] = []
    issuer_key = normalise(ctx.issuer_name) if ctx.issuer_name else None
    for m in find_organizations(ctx.doc.text, start, end, folded=ctx.folded):
        if issuer_key and normalise(m.name) == issuer_key:
            ctx.add(ISSUER, "name", m.name, m.start, m.end)
            out.append((ISSUER, m.start, m.end))
        else:
            out.append((ctx.mention(m.name, m.start, m.end), m.start, m.end))
    if len(ctx.selling_stockholders) == 1:
        for m in _SELLER.finditer(ctx.folded, start, end):
            if not m.group().lower().endswith("s"):
                out.append((ctx.selling_stockholders[0], m.start(), m.end()))
    if pronouns:
        for m in _ISSUER_WORDS.finditer(ctx.folded, start, end):
            out.append((ISSUER, m.start(), m.end()))
        for alias in ctx.issuer_aliases:
            if alias.lower() in {"we", "us", "our", "the company"} or ctx.folded.find(alias, start, end) < 0:
                continue
            for m in re.finditer(rf"\b{re.escape(alias)}\b(?!\s+(?:Turbine|Inc|Corp))", ctx.folded[start:end]):
                out.append((ISSUER, start + m.start(), start + m.end()))
    out.sort(key=lambda x: (x[1], -(x[2] - x[1])))
    result: list[Mention] = []
    for mention in out:          # drop mentions inside an earlier, longer one
        if result and mention[1] < result[-1][2]:
            continue
        result.append(mention)
    return result
