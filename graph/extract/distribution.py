"""Distribution methods (Regulation S-K Item 508, "Plan of distribution").

The list of ways the shares may be sold ("(a) a block trade ...; (b) purchases by a broker or
dealer as principal ...") becomes SKOS concepts from ``graph.vocabulary``; each item is the evidence.
"""

from __future__ import annotations

from prospectus_kg.graph.models import OFFERING, EntityRef, Section
from prospectus_kg.graph.textutil import list_items
from prospectus_kg.graph.vocabulary import distribution_concept

HANDLES = ("plan_of_distribution",)
MIN_ITEMS = 3   # a list this long, in this section, is the list of methods


def extract(ctx, section: Section) -> None:
    items = list_items(ctx.folded, section.body_start, section.end)
    if len(items) < MIN_ITEMS:
        return
    for s, e in items:
        slug, _label = distribution_concept(ctx.folded[s:e])
        ctx.add(OFFERING, "distributionMethod", EntityRef("DistributionMethod", slug), s, e)
