"""Relations between parties and the transactions behind a resale.

Affiliations ("X, an affiliate of Y"; "an affiliate of Y, X"; "X, a wholly owned subsidiary of Y";
"X is the general partner of Y"), private placements (Regulation D Rule 506, Section 4(a)(2)),
share transfers ("the shares were assigned to ..."), strategic alliances and lock-ups. A prospectus
that calls someone an "affiliate" states no direction (SEC Rule 405): it becomes a symmetric
``affiliateOf`` edge, never control.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.extract.mentions import party_mentions
from prospectus_kg.graph.models import ISSUER, EntityRef, Section
from prospectus_kg.graph.extract.names import normalise
from prospectus_kg.graph.ingest.textutil import DATE, MONTH_YEAR, find_date, month_year, parse_date, sentences_with

HANDLES = ("selling_stockholders", "private_placement", "summary", "company", "offering", "about", "other", "cover",
           "risk_factors", "forward_looking", "use_of_proceeds", "dilution", "capital_stock", "plan_of_distribution",
           "underwriting", "legal_matters", "experts", "where_to_find", "incorporation_by_reference",
           "base_prospectus")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ("issuer_name", "issuer_aliases", "selling_stockholders")
PROVIDES = ("placements",)
#: sections where transactions (placements, transfers, alliances, lock-ups) are read; affiliations
#: ("X, a wholly owned subsidiary of Y") are read in every section
_TRANSACTION_KINDS = ("selling_stockholders", "private_placement", "summary", "company", "offering", "about", "other")
#: "other" sections read: those whose heading speaks of relations or transactions, not a description of
#: debt securities or a tax discussion.
_OTHER_TITLES = re.compile(r"RELAT|TRANSACTION|PLACEMENT|RECENT|DEVELOPMENT|ACQUISITION|MERGER|AGREEMENT|PARTNER|"
                           r"COLLABORAT|ALLIANCE|CORPORATE|HISTORY|LOCK|ELIGIBLE|INVESTOR|PURCHASE", re.I)

# Text between two mentions X ... Y that makes a relation X -> Y. Control statements ("X is the general
# partner of Y") are read by graph.extract.footnotes, with their hedges and shared powers.
_ENTITY_KIND = (r"(?:,\s+an?\s+(?:[A-Z][A-Za-z.]+\s+){1,3}(?:corporation|company|limited\s+liability\s+company|"
                r"limited\s+partnership|partnership|exempted\s+company|entity)\s+and)?")
_ALIAS_PAREN = r"(?:\s*\([^()]{1,60}\))?"
_OWNED = r"(?:(?:wholly|majority|100%)\s*(?:[- ]?(?:directly|indirectly))?[- ]owned)"
_BETWEEN = [
    (re.compile(_ALIAS_PAREN + r",?\s+(?:(?:is|which\s+is|who\s+is)\s+)?(?:an?|one\s+of\s+the|one\s+of\s+our)\s+affiliates?\s+"
                r"of\s+$", re.I), "affiliateOf"),
    (re.compile(_ALIAS_PAREN + _ENTITY_KIND + r",?\s+(?:(?:is|which\s+is)\s+)?(?:an?|the)?\s*(?:(?:direct|indirect|principal|"
                r"primary|operating|" + _OWNED + r")\s+){0,3}subsidiary\s+of\s+$", re.I), "subsidiaryOf"),
    (re.compile(_ALIAS_PAREN + r",?\s+(?:(?:is|which\s+is)\s+)?(?:directly\s+|indirectly\s+)?(?:wholly|majority)[- ]owned\s+by\s+$",
                re.I), "subsidiaryOf"),
    (re.compile(_ALIAS_PAREN + r",?\s+(?:is|which\s+is)\s+the\s+(?:ultimate\s+|direct\s+)?(?:parent(?:\s+company)?|"
                r"holding\s+company)\s+(?:of|for)\s+$", re.I), "parentOf"),
]
# "an affiliate of Y, X": X is the affiliate.
_BEFORE_APPOSITIVE = re.compile(r"\ban?\s+affiliate\s+of\s+$", re.I)
_PLACEMENT = re.compile(r"\bprivate\s+placement\b", re.I)
_BOUGHT = re.compile(r"\b(?:purchased|acquired|bought|subscribed\s+for)\b", re.I)
_ISSUED_TO = re.compile(r"\b(?:sold|issued)\s+(?:and\s+(?:sold|issued)\s+)?to\s+$", re.I)
_EXEMPTION = re.compile(r"\bRule\s+50[46](?:\([a-z]\))?|\bRegulation\s+[DS]\b|\bSection\s+4\s*\(\s*a?\s*\)?\s*\(\s*2\s*\)")
_ASSIGNED = re.compile(r"\b(?:were|was|had\s+been|have\s+been)\s+(?:assigned|transferred)\s+(?:by\s+[^.;]{1,60}?\s+)?to\s+",
                       re.I)
_ALLIANCE = re.compile(r"\b(?:entered\s+into|formed|established)\s+an?\s+(?:strategic\s+)?(?:alliance|partnership|"
                       r"collaboration)(?:\s+agreement)?\s+(?P<scope>to\s+[^;\n]+?)\s+with\s+", re.I)
_ALLIANCE_COVERS = re.compile(r"\b(?:strategic\s+)?(?:alliance|partnership|collaboration)\s+(?:covers|extends\s+to|"
                              r"includes)\s+(?P<t>[^.\n]+)", re.I)
_LOCKUP = re.compile(r"\b(?:has|have)\s+(?:contractually\s+)?agreed\b[^.\n]{0,160}?\bnot\s+to\s+(?:sell|transfer|"
                     r"dispose|offer)\b[^.\n]*?\buntil\s+", re.I)


# "We have two subsidiaries: A and B", "Veridan, Inc. and our subsidiary, QLX Laboratories, Inc."
_OUR_SUBSIDIARIES = re.compile(r"\b(?:we|the\s+company)\s+(?:has|have|owns?)\s+(?:\w+\s+)?(?:(?:wholly|majority)[- ]owned\s+|"
                               r"operating\s+|direct\s+)?subsidiar(?:y|ies)\s*(?::|,|-)?\s*|\bour\s+(?:(?:wholly|majority)"
                               r"[- ]owned\s+|operating\s+|direct\s+)?(?-i:[A-Z][a-z]+\s+)?subsidiar(?:y|ies)\s*,?\s*", re.I)
_KEYWORDS = ("affiliate", "subsidiar", "owned by", "parent of", "parent company of", "holding company for",
             "holding company of", "placement", "assigned", "transferred", "alliance", "partnership",
             "collaboration", "agreed")


def extract(ctx, section: Section) -> None:
    transactions = section.kind in _TRANSACTION_KINDS and not (
        section.kind == "other" and not _OTHER_TITLES.search(section.title))
    folded = ctx.folded
    skip = [(t.start, max([t.end] + [n.end for n in t.footnotes])) for t in ctx.doc.tables
            if section.start <= t.start < section.end]
    keywords = _KEYWORDS if transactions else ("affiliate", "subsidiar", "owned by", "parent of", "parent company of",
                                                 "holding company for", "holding company of")
    # In the financial statements (F-pages), "the Company", "we" and "our" are the reporting entity of
    # those statements (a predecessor, an operating subsidiary), not necessarily the issuer.
    own = not ctx.in_financial_statements(section.start)
    for ss, se in sentences_with(folded, keywords, section.body_start, section.end, ctx.lower):
        if any(s <= ss < e for s, e in skip):
            continue
        mentions = party_mentions(ctx, ss, se, pronouns=own)
        if own:
            mentions = _with_terms(ctx, mentions, ss, se)
        _affiliations(ctx, mentions, ss)
        if own:
            _our_subsidiaries(ctx, ss, se)
        if not transactions:
            continue
        placement = _private_placement(ctx, mentions, ss, se)
        _transfer(ctx, mentions, ss, se, placement)
        _alliance(ctx, mentions, ss, se)
        _lockup(ctx, mentions, ss, se)


def _with_terms(ctx, mentions: list, ss: int, se: int) -> list:
    """``mentions`` and the defined terms in the sentence that stand for one party ("DTC", "OpCo")."""
    from prospectus_kg.graph.extract.footnotes import alias_mentions, document_registry
    extra = [m for m in alias_mentions(ctx, document_registry(ctx), ss, se)
             if not any(s < m[2] and m[1] < e for _r, s, e in mentions)]
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda x: (x[1], -(x[2] - x[1])))


_GOVERNED = re.compile(r"\b(?:affiliates?|subsidiary|parent|partner|manager|adviser|advisor)\s+of\s+$", re.I)


def _subject_before(ctx, mentions, pos: int):
    """The clause subject before ``pos``: the last mention there that is not the object of
    "an affiliate of ..." or a similar appositive."""
    candidates = [m for m in mentions if m[2] <= pos and m[0] != ISSUER
                  and not _GOVERNED.search(ctx.folded[max(0, m[1] - 40):m[1]])]
    return candidates[-1] if candidates else None


_LIST_SEP = re.compile(r"(?:\s*\([^()]{1,60}\))?(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$")


def _affiliations(ctx, mentions, ss: int) -> None:
    folded = ctx.folded
    for i, ((a, as_, ae), (b, bs, be)) in enumerate(zip(mentions, mentions[1:])):
        between = folded[ae:bs]
        if a == b or a == ISSUER and b == ISSUER:
            continue
        for pattern, predicate in _BETWEEN:
            if pattern.match(between):
                if ISSUER in (a, b) and predicate == "affiliateOf" and folded[as_:ae].lower() in ("we", "us"):
                    break
                ctx.add(a, predicate, b, as_, be)
                if predicate in ("affiliateOf", "parentOf"):
                    # "X, an affiliate of A and B"; "X is the holding company for A, B and C"
                    end = be
                    for c, cs, ce in mentions[i + 2:]:
                        if not _LIST_SEP.match(folded[end:cs]) or c in (a, ISSUER):
                            break
                        ctx.add(a, predicate, c, as_, ce)
                        end = ce
                break
        else:
            before = folded[max(ss, as_ - 40):as_]
            if _BEFORE_APPOSITIVE.search(before) and re.fullmatch(r",\s*", between):
                ctx.add(b, "affiliateOf", a, as_ - len(_BEFORE_APPOSITIVE.search(before).group()), be)


_OUR_SUBSIDIARY_AFTER = re.compile(r"^(?:\s*\([^()]{1,60}\))?(?:,\s+an?\s+(?:[A-Za-z.]+\s+){1,5}and)?,?\s*(?:is\s+)?our\s+"
                                   r"(?:direct\s+|indirect\s+)?(?:(?:wholly|majority)[- ]owned\s+)?(?:direct\s+|indirect\s+)?"
                                   r"(?:operating\s+)?(?-i:[A-Z][a-z]+\s+)?subsidiary\b", re.I)


_DISPOSED = re.compile(r"\b(?:sold|sell|sells|divested|disposed|spun\s+off|spin-off|transferred|contributed|distributed|"
                       r"deconsolidated|dissolved|liquidated|former)\b", re.I)


def _our_subsidiaries(ctx, ss: int, se: int) -> None:
    """Subsidiaries the issuer names as its own: "We have two subsidiaries: A and B", "our
    subsidiary, X", "X, our wholly owned subsidiary"."""
    from prospectus_kg.graph.extract.names import find_organizations
    folded, text = ctx.folded, ctx.doc.text
    if re.search(r"\bour\s+(?:direct\s+|indirect\s+)?(?:\w+[- ]owned\s+)?(?:direct\s+|indirect\s+|operating\s+)?"
                 r"(?-i:[A-Z][a-z]+\s+)?subsidiary\b", folded[ss:se], re.I):
        for org in find_organizations(text, ss, se, folded=folded):
            if _OUR_SUBSIDIARY_AFTER.match(folded[org.end:org.end + 160]) and not _DISPOSED.search(folded, ss, org.start) and \
                    not (ctx.issuer_name and normalise(org.name) == normalise(ctx.issuer_name)):
                ctx.add(ctx.mention(org.name, org.start, org.end), "subsidiaryOf", ISSUER, ss, se)
    for m in _OUR_SUBSIDIARIES.finditer(folded, ss, se):
        if _DISPOSED.search(folded, ss, m.start()):
            continue           # "We sold our subsidiary, X, to Y": no longer ours
        pos = m.end()
        for org in find_organizations(text, pos, se, folded=folded):
            if org.start != pos:
                break
            if ctx.issuer_name and normalise(org.name) == normalise(ctx.issuer_name):
                break
            child = ctx.mention(org.name, org.start, org.end)
            ctx.add(child, "subsidiaryOf", ISSUER, ss, se)
            sep = re.match(r",?\s*(?:and\s+)?", folded[org.end:se])
            nxt = org.end + (sep.end() if sep else 0)
            if nxt == org.end or not re.match(r"[A-Z]", folded[nxt:nxt + 1]):
                break
            pos = nxt


def _private_placement(ctx, mentions, ss: int, se: int) -> EntityRef | None:
    folded = ctx.folded
    if not _PLACEMENT.search(folded, ss, se):
        return None
    buyer = None
    bought = _BOUGHT.search(folded, ss, se)
    if bought:
        buyer = _subject_before(ctx, mentions, bought.start())
    if buyer is None:
        for m in mentions:
            if _ISSUED_TO.search(folded[max(ss, m[1] - 30):m[1]]) and m[0] != ISSUER:
                buyer = m
                break
    if buyer is None:
        return None
    placement = EntityRef("PrivatePlacement", f"placement-{len(ctx.placements) + 1}")
    place = _PLACEMENT.search(folded, ss, se)
    if placement not in ctx.placements:
        ctx.placements.append(placement)
    ctx.add(placement, "issuer", ISSUER, place.start(), place.end())
    ctx.add(placement, "purchaser", buyer[0], buyer[1], max(place.end(), bought.end() if bought else 0))
    ctx.add(placement, "party", buyer[0], buyer[1], buyer[2])
    ctx.add(placement, "party", ISSUER, place.start(), place.end())
    date = find_date(folded, buyer[2], se)
    if date:
        ctx.add(placement, "date", date[0], date[1], date[2])
    exemption = _EXEMPTION.search(folded, ss, se)
    if exemption:
        ctx.add(placement, "exemption", " ".join(ctx.doc.text[exemption.start():exemption.end()].split()),
                exemption.start(), exemption.end())
    return placement


def _transfer(ctx, mentions, ss: int, se: int, placement: EntityRef | None) -> None:
    folded = ctx.folded
    m = _ASSIGNED.search(folded, ss, se)
    if not m:
        return
    after = [x for x in mentions if x[1] == m.end()]
    if not after:
        return
    transferee = after[0]
    transferor = None
    if placement is not None:
        transferor = next((f.obj for f in ctx.facts if f.subject == placement and f.predicate == "purchaser"), None)
    transfer = EntityRef("ShareTransfer", f"transfer-{transferee[0].key}")
    ctx.add(transfer, "transferee", transferee[0], m.start(), transferee[2])
    ctx.add(transfer, "party", transferee[0], m.start(), transferee[2])
    if transferor is not None and transferor != transferee[0]:
        ctx.add(transfer, "transferor", transferor, ss, transferee[2])
        ctx.add(transfer, "party", transferor, ss, transferee[2])
    if placement is not None:
        ctx.add(transfer, "relatedTo", placement, ss, se)
    tail_end = min(se, transferee[2] + 40)
    date_m = DATE.search(folded, transferee[2], tail_end)
    if date_m and parse_date(date_m):
        ctx.add(transfer, "date", parse_date(date_m), m.start(), date_m.end())
    else:
        my = MONTH_YEAR.search(folded, transferee[2], tail_end)
        if my:
            ctx.add(transfer, "date", month_year(my), m.start(), my.end())


def _alliance(ctx, mentions, ss: int, se: int) -> None:
    folded, text = ctx.folded, ctx.doc.text
    m = _ALLIANCE.search(folded, ss, se)
    if not m:
        return
    partners = [x for x in mentions if x[1] >= m.end() and x[0] != ISSUER]
    if not partners:
        return
    # "with an affiliate of Y, X": the partner is X, the appositive.
    partner = partners[-1] if len(partners) > 1 and _BEFORE_APPOSITIVE.search(folded[m.end():partners[0][1]]) \
        else partners[0]
    kind = "StrategicAlliance" if "alliance" in m.group().lower() else "Agreement"
    alliance = EntityRef(kind, f"alliance-{partner[0].key}")
    ctx.add(alliance, "party", ISSUER, ss, m.end())
    ctx.add(alliance, "party", partner[0], m.start(), partner[2])
    scope = m.group("scope")
    scope_start = m.start("scope") + (3 if scope.lower().startswith("to ") else 0)
    ctx.add(alliance, "scope", " ".join(text[scope_start:m.end("scope")].split()), scope_start, m.end("scope"))
    if re.search(r"\bin\s+connection\s+with\s+the\s+private\s+placement\b", folded[ss:se], re.I) and ctx.placements:
        ctx.add(alliance, "relatedTo", ctx.placements[-1], ss, se)
    # the territory is often given in the next sentence
    nxt = folded.find("\n", se)
    covers = _ALLIANCE_COVERS.search(folded, ss, nxt if nxt > 0 else len(folded))
    if covers:
        _territories(ctx, alliance, covers.start("t"), covers.end("t"))


def _territories(ctx, alliance: EntityRef, s: int, e: int) -> None:
    text = ctx.doc.text
    for part in re.finditer(r"[^,]+?(?=,\s*(?:and\s+)?|\s+and\s+|$)", text[s:e]):
        region = part.group().strip()
        region = re.sub(r"^and\s+", "", region)
        if region:
            start = s + part.start() + (len(part.group()) - len(part.group().lstrip()))
            start += len(part.group().strip()) - len(region)
            ctx.add(alliance, "territory", region, start, start + len(region))


def _lockup(ctx, mentions, ss: int, se: int) -> None:
    folded = ctx.folded
    m = _LOCKUP.search(folded, ss, se)
    if not m:
        return
    date = find_date(folded, m.end(), min(se, m.end() + 25))
    party = _subject_before(ctx, mentions, m.start())
    if not date or not party:
        return
    lockup = EntityRef("LockUp", f"lockup-{party[0].key}")
    ctx.add(lockup, "restrictedParty", party[0], party[1], date[2])
    ctx.add(lockup, "party", party[0], party[1], date[2])
    ctx.add(lockup, "endDate", date[0], m.end() - 6, date[2])
    if re.search(r"private\s+placement", folded[ss:se], re.I) and ctx.placements:
        ctx.add(lockup, "relatedTo", ctx.placements[-1], ss, se)
