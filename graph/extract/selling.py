"""Selling stockholders and their positions, from prose (Regulation S-K Item 507).

Item 507 asks for each selling security holder's name, the amount held before the offering, the
amount offered, and the amount held after. Small resale prospectuses say it in sentences ("The name
of the selling stockholder is X ... that X may offer and sell is 3,994,817"); larger ones use a table,
read by ``selling_table`` (then this module leaves the section alone).
"""

from __future__ import annotations

import re

from prospectus_kg.graph.extract.mentions import party_mentions
from prospectus_kg.graph.models import OFFERING, EntityRef, Section
from prospectus_kg.graph.extract.names import find_organizations
from prospectus_kg.graph.ingest.textutil import NUMBER, sentences, to_int

HANDLES = ("selling_stockholders",)
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ("issuer_name", "issuer_aliases", "selling_rows", "selling_stockholders")
PROVIDES = ("selling_stockholders",)

_NAMED = re.compile(r"\bname\s+of\s+the\s+selling\s+(?:stock|share|security\s?)holder\s+is\s+", re.I)
_OFFERS = re.compile(r"\bmay\s+(?:offer\s+and\s+sell|offer|sell|resell)\b|\bbeing\s+offered\b|\boffered\s+hereby\b",
                     re.I)
_NONE_BEFORE = re.compile(r"\bdid\s+not\s+(?:hold|own|beneficially\s+own)\s+any\s+(?:shares|securities)\b"
                          r"[^.\n]{0,120}?\bprior\s+to\s+the\s+(?P<what>private\s+placement|offering|[a-z ]{3,40})",
                          re.I)


def position_ref(holder: EntityRef) -> EntityRef:
    return EntityRef("SellingStockholderPosition", holder.key)


def add_seller(ctx, holder: EntityRef, start: int, end: int) -> EntityRef:
    """Record ``holder`` as a selling stockholder of the offering; returns its position."""
    position = position_ref(holder)
    ctx.add(OFFERING, "sellingStockholder", holder, start, end)
    ctx.add(OFFERING, "position", position, start, end)
    ctx.add(position, "holder", holder, start, end)
    if holder not in ctx.selling_stockholders:
        ctx.selling_stockholders.append(holder)
    return position


def extract(ctx, section: Section) -> None:
    if any(section.start <= r.start < section.end for r in ctx.selling_rows):
        return     # the section's table was read by selling_table
    text, folded = ctx.doc.text, ctx.folded
    for ss, se in sentences(folded, section.body_start, section.end):
        m = _NAMED.search(folded, ss, se)
        if m:
            orgs = find_organizations(text, m.end(), se, folded=folded)
            if orgs and orgs[0].start == m.end():
                holder = ctx.party(orgs[0].name, orgs[0].start, orgs[0].end)
                add_seller(ctx, holder, m.start(), orgs[0].end)
        if _OFFERS.search(folded, ss, se) and ctx.selling_stockholders:
            mentions = [x for x in party_mentions(ctx, ss, se, pronouns=False) if x[0] in ctx.selling_stockholders]
            numbers = [n for n in NUMBER.finditer(folded, ss, se) if "," in n.group()]
            if mentions and len(numbers) == 1:
                holder = mentions[-1][0]
                n = numbers[0]
                ctx.add(position_ref(holder), "sharesOffered", to_int(n.group()), min(mentions[-1][1], n.start()),
                        max(mentions[-1][2], n.end()))
        m = _NONE_BEFORE.search(folded, ss, se)
        if m and len(ctx.selling_stockholders) == 1:
            position = position_ref(ctx.selling_stockholders[0])
            what = m.group("what").lower()
            predicate = "sharesOwnedBeforePlacement" if "placement" in what else "sharesOwnedBefore"
            ctx.add(position, predicate, 0, ss, se)
