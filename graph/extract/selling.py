"""Selling stockholders and their positions, from prose (Regulation S-K Item 507).

Item 507 asks for each selling security holder's name, the amount held before the offering, the
amount offered, and the amount held after. Small resale prospectuses say it in sentences; larger ones
use a table, read by ``selling_table`` (then this module leaves the section alone). A sentence names
the holder when it says who the selling stockholder is:

- "The name of the selling stockholder is X ... that X may offer and sell is 3,994,817";
- "The selling stockholder is X" / "The selling stockholders are X and Y";
- in apposition: "The selling stockholder named in this prospectus, X, may offer up to N shares",
  "X, the selling stockholder, ...", "X (the "Selling Stockholder")", "X and Y (together, the "Selling
  Stockholders")";
- by the resale it describes: "This prospectus relates to the resale by X of up to N shares", "This
  prospectus covers the resale of up to N shares by X", "We are registering N shares for resale by X",
  "The shares offered by this prospectus are being offered by X" (not "..., as placement agent").

Not a holder: the issuer, a party the selling stockholder is related to ("an affiliate of the selling
stockholder, X"), a hedge ("the selling stockholders may include ..."), someone described as a former
holder or buyer. The shares offered come from the same sentence when it speaks of an offer or resale
and names one number of shares for it ("up to N shares").
"""

from __future__ import annotations

import re

from prospectus_kg.graph.extract.mentions import party_mentions
from prospectus_kg.graph.models import OFFERING, EntityRef, Section
from prospectus_kg.graph.extract.names import NameMatch, find_organizations, find_person_at, normalise, person_before
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


_SELLER = r"selling\s+(?:stock|share|security\s?|unit|note|warrant)holders?"
# "The selling stockholder named in this prospectus, X, ..."; "... the resale by the selling stockholder, X, of ..."
_APPOSITION = re.compile(rf"\bthe\s+{_SELLER}(?:\s+(?:named|identified|listed|described)\s+(?:in|below|herein|above)"
                         rf"\b[^,;()]{{0,40}})?\s*,\s+", re.I)
# "The selling stockholder is X"; "The selling stockholders are X and Y"
_IS = re.compile(rf"\bthe\s+{_SELLER}\s+(?:is|are)\s+", re.I)
# "X, the selling stockholder, ..."; "X (the "Selling Stockholder")"; "X and Y (together, the "Selling Stockholders")"
_AFTER_NAME = re.compile(rf"(?:,\s+(?:the|our)\s+{_SELLER}\s*(?=[,;.]|\s+(?:may|will|is|has|acquired|holds|owns|"
                         rf"beneficially)\b)|\s*\((?:(?:together|collectively)(?:\s+with\s+[^()\"'\n]{{1,60}})?,?\s*|"
                         rf"each\s+a\s+[\"']{_SELLER}[\"']\s+and\s+)?(?:the\s+)?[\"']{_SELLER}[\"']\))", re.I)
# "This prospectus relates to the resale by X ..."; "This prospectus covers the resale of up to N shares by X"
_RESALE = re.compile(r"\b(?:(?:this\s+)?prospectus(?:\s+supplement)?|registration\s+statement)\s+(?:relates\s+to|covers|"
                     r"registers)\s+(?:the\s+)?(?:possible\s+|proposed\s+|potential\s+)?(?:re-?sales?|offers?\s+and\s+"
                     r"(?:re-?)?sales?|sales?|dispositions?|distributions?)\b|\bwe\s+are\s+registering\b|"
                     # "The shares offered by this prospectus are being offered by X"; "may be offered and sold by X"
                     r"\b(?:are|is|will\s+be|may\s+be)\s+(?:being\s+)?(?:offered|sold|resold)(?:\s+and\s+(?:sold|resold))?"
                     r"(?:\s+from\s+time\s+to\s+time)?(?=\s+(?:by|on\s+behalf\s+of|for\s+the\s+account\s+of)\s)", re.I)
# "... offered by X, as placement agent": an agent of the offering, not a holder
_AS_AGENT = re.compile(r",?\s+(?:as|in\s+its\s+capacity\s+as)\s+(?:an?\s+|the\s+|our\s+)?(?:lead\s+|sole\s+|exclusive\s+)?"
                       r"(?:underwriters?|placement\s+agents?|sales\s+agents?|agents?|dealers?|brokers?|broker-dealers?|"
                       r"representatives?|trustee|transfer\s+agent)\b", re.I)
_BY = re.compile(r"\b(?:by|on\s+behalf\s+of|for\s+the\s+account\s+of)\s+")
_NOT_SOLD_BY = re.compile(r"\b(?:issued|underwritten|offered\s+to\s+you|sold\s+to\s+us|purchased|acquired|"
                          r"bought|guaranteed|managed|advised|controlled|owned)\s+$", re.I)
_LIST_SEP = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)")
_LIST_SEP_BEFORE = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)$")
_SHARES = re.compile(r"(?:(?P<upto>up\s+to|an\s+aggregate\s+of|a\s+total\s+of)\s+)?(?P<n>\d{1,3}(?:,\d{3})+)\s+"
                     r"(?:shares|ordinary\s+shares|common\s+shares|American\s+depositary\s+shares|ADSs)\b", re.I)
_OFFER_WORD = re.compile(r"\b(?:offer(?:s|ed|ing)?|sell|sale|resales?|resell|registering|registered|covers)\b", re.I)
_OWNED_BEFORE_NUMBER = re.compile(r"\b(?:purchased|acquired|bought|received|holds|owns|owned|issued\s+to\s+(?:it|him|her|them))"
                                  r"\s+(?:an\s+aggregate\s+of\s+|a\s+total\s+of\s+)?$", re.I)


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
        elif _named_in_prose(ctx, ss, se):
            continue     # its number of shares, if any, is read with the names
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


def _named_in_prose(ctx, ss: int, se: int) -> bool:
    """The holders a sentence names as the selling stockholders (module docstring), recorded with the one
    number of shares the sentence offers for them; whether it named any."""
    folded = ctx.folded
    found: list[tuple[list[NameMatch], int, int]] = []      # names, evidence start, evidence end
    lead = folded[ss:ss + 400].lower()
    if "selling" in lead or "selling" in folded[ss:se].lower():
        for m in _APPOSITION.finditer(folded, ss, se):
            before = folded[ss:m.start()].strip().lower()
            if before and not before.endswith(" by") and before != "by":
                continue      # "an affiliate of the selling stockholder, X": X is the affiliate
            names = _names_from(ctx, m.end(), se)
            if names and (names[-1].end >= se or _LIST_END.match(folded, names[-1].end)):
                found.append((names, m.start(), names[-1].end))
        m = _IS.match(folded, ss, se) if not found else None
        if m:
            names = _names_from(ctx, m.end(), se)
            if names and (names[-1].end >= se or _LIST_END.match(folded, names[-1].end)):
                found.append((names, m.start(), names[-1].end))
        for m in _AFTER_NAME.finditer(folded, ss, se) if not found else ():
            names = _names_before(ctx, m.start(), ss)
            if names:
                found.append((names, names[0].start, m.end()))
    if not found:
        for m in _RESALE.finditer(folded, ss, se):
            by = _BY.search(folded, m.end(), min(se, m.end() + 200))
            # the first "by" after the resale: "by the selling stockholders" names nobody
            if by and folded[by.end():by.end() + 1].isupper() \
                    and not _NOT_SOLD_BY.search(folded, max(ss, by.start() - 30), by.start()):
                names = _names_from(ctx, by.end(), se)
                if names and (names[-1].end >= se or _LIST_END.match(folded, names[-1].end)) \
                        and not _AS_AGENT.match(folded, names[-1].end, se):
                    found.append((names, m.start(), names[-1].end))
                    break
    issuer_keys = {normalise(n) for n in (ctx.issuer_name, *ctx.issuer_aliases) if n}
    holders = []
    for names, start, end in found:
        for name in names:
            if normalise(name.name) in issuer_keys:
                continue
            kind = "Person" if not find_organizations(ctx.doc.text, name.start, name.end, folded=folded) else None
            holder = ctx.party(name.name, name.start, name.end, kind)
            add_seller(ctx, holder, start, end)
            if holder not in holders:
                holders.append(holder)
    if len(holders) == 1 and _OFFER_WORD.search(folded, ss, se):
        numbers = [n for n in _SHARES.finditer(folded, ss, se)
                   if not _OWNED_BEFORE_NUMBER.search(folded, max(ss, n.start() - 40), n.start())]
        upto = [n for n in numbers if n.group("upto")]
        pick = upto if upto else numbers
        if len(pick) == 1:
            n = pick[0]
            ctx.add(position_ref(holders[0]), "sharesOffered", to_int(n.group("n")), min(found[0][1], n.start()),
                    max(found[0][2], n.end()))
    return bool(holders)


# a list of names ends where the sentence goes on: a comma, a parenthesis, a verb, "of up to", the end
_LIST_END = re.compile(r"\s*(?:[,;.()]|$|\s*(?:may|will|is|are|has|have|of|acquired|holds|owns|beneficially|"
                       r"who|which|for|pursuant|in|under|from)\b)", re.I)


def _name_at(ctx, pos: int, end: int) -> NameMatch | None:
    """A party's name starting exactly at ``pos``: an organisation's, else a person's."""
    orgs = find_organizations(ctx.doc.text, pos, min(end, pos + 160), folded=ctx.folded)
    if orgs and orgs[0].start == pos:
        return orgs[0]
    return find_person_at(ctx.folded, pos, end)


def _names_from(ctx, pos: int, end: int) -> list[NameMatch]:
    """The names of a list starting at ``pos`` ("X", "X and Y", "X, Y and Z")."""
    names = []
    while len(names) < 12:
        name = _name_at(ctx, pos, end)
        if name is None:
            break
        names.append(name)
        sep = _LIST_SEP.match(ctx.folded, name.end, end)
        if not sep or _name_at(ctx, sep.end(), end) is None:
            break
        pos = sep.end()
    return names


def _names_before(ctx, pos: int, floor: int) -> list[NameMatch]:
    """The names of a list ending at ``pos`` ("X", "X and Y"), in order."""
    folded = ctx.folded
    names: list[NameMatch] = []
    while len(names) < 12:
        orgs = find_organizations(ctx.doc.text, max(floor, pos - 200), pos, folded=folded)
        name = orgs[-1] if orgs and orgs[-1].end == pos else person_before(folded, pos, floor)
        if name is None:
            break
        names.insert(0, name)
        sep = _LIST_SEP_BEFORE.search(folded, max(floor, name.start - 8), name.start)
        if not sep:
            break
        pos = sep.start()
    return names
