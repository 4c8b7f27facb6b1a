"""Distribution methods (Regulation S-K Item 508, "Plan of distribution").

The list of ways the shares may be sold ("(a) a block trade ...; (b) purchases by a broker or
dealer as principal ...") becomes SKOS concepts from ``graph.vocabulary``; each item is the evidence.
The list is the one introduced by a sentence about selling that ends in a colon ("... may use any
one or more of the following methods when selling shares:"); other lists in the section (what a
prospectus supplement will state, stabilisation activities) are not methods. Without such an
introduction, a list of three or more items counts only when most of its items name known methods.
A base prospectus bundled after a supplement describes its shelf, not this offering: not read.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import OFFERING, EntityRef, Section
from prospectus_kg.graph.ingest.textutil import list_items
from prospectus_kg.graph.extract.vocabulary import DISTRIBUTION_METHODS, distribution_concept

HANDLES = ("plan_of_distribution",)
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ()
MIN_ITEMS = 3   # a list this long, in this section, is the list of methods
_INTRO = re.compile(r"[^.:\n]{0,300}:[ \t]*\n")
_SELLING = re.compile(r"\b(?:sell|sold|resell|dispos|distribut)\w*", re.I)
_WAYS = re.compile(r"\b(?:following|methods?|ways|means|manners?|one\s+or\s+more)\b", re.I)


def extract(ctx, section: Section) -> None:
    if ctx.in_base(section.start):
        return
    folded = ctx.folded
    items: list[tuple[int, int]] = []
    for intro_start, intro_end in _intros(folded, section.body_start, section.end):
        intro = folded[intro_start:intro_end]
        if not (_SELLING.search(intro) and _WAYS.search(intro)):
            continue
        found = list_items(folded, intro_end, section.end)
        found = _leading_run(folded, intro_end, found)
        if len(found) >= 2:
            items = found
            break
    if not items:
        found = list_items(folded, section.body_start, section.end)
        known = [i for i in found if distribution_concept(folded[i[0]:i[1]])[0] in DISTRIBUTION_METHODS]
        if len(found) >= MIN_ITEMS and len(known) * 3 >= len(found) * 2:
            items = found
    for s, e in items:
        slug, _label = distribution_concept(folded[s:e])
        ctx.add(OFFERING, "distributionMethod", EntityRef("DistributionMethod", slug), s, e)


_COLON_EOL = re.compile(r":[ \t]*\n")


def _intros(folded: str, start: int, end: int):
    """(start, end) of each match of ``_INTRO.finditer(folded, start, end)``, found from the colons:
    the regex tries every position and runs up to 300 characters from each. A match ends at a colon
    that ends its line and starts after the last ".", ":" or line break before it (at most 300
    characters back, never before the end of the previous match)."""
    cur = start
    for colon in _COLON_EOL.finditer(folded, start, end):
        c = colon.start()
        if c < cur:
            continue
        floor = max(cur, c - 300)
        begin = max(floor, folded.rfind(".", floor, c) + 1, folded.rfind(":", floor, c) + 1,
                    folded.rfind("\n", floor, c) + 1)
        yield begin, colon.end()
        cur = colon.end()


def _leading_run(folded: str, start: int, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The items that follow ``start`` directly, one after another (only white space and markers
    between them)."""
    out: list[tuple[int, int]] = []
    pos = start
    for s, e in sorted(items):
        if s < pos:
            continue
        if not re.fullmatch(r"[\s\-*o;,.()a-z0-9]{0,12}(?:and|or)?[\s\-*o;,.()a-z0-9]{0,12}", folded[pos:s]):
            break
        out.append((s, e))
        pos = e
    return out
