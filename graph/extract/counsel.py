"""Legal counsel (Regulation S-K Item 509, "Interests of named experts and counsel", and the "Legal
Matters" section; Item 601(b)(5): the opinion on validity).

"The validity of the shares ... will be passed upon for us by Hollis Brandt LLP", "Certain legal
matters will be passed upon for the underwriters by Cooley LLP", "The Placement Agents are being
represented in connection with this offering by Whitcombe & Rusk LLP". Every firm in such a
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
from prospectus_kg.graph.extract.names import NameMatch, capitalised_name_at, find_organizations, is_person, normalise
from prospectus_kg.graph.ingest.textrepair import clean_name
from prospectus_kg.graph.ingest.textutil import sentences

HANDLES = ("legal_matters",)
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ("issuer_name", "issuer_aliases")
PROVIDES = ()

_PASSED = re.compile(r"\b(?:passed|pass)\s+(?:up)?on\b|\bopinion\b|\bcounsel\b|\brepresent(?:ed|s|ing)\b|\badvis(?:ed|es|ing)\b",
                     re.I)
_WHO = (r"(?P<who>underwriters?|placement\s+agents?|sales\s+agents?|agents?|representatives?|dealer[- ]managers?|"
        r"initial\s+purchasers?|selling\s+(?:stock|share|security\s?)holders?|us|the\s+company|the\s+issuer|"
        r"the\s+registrant|our\s+company)")
_FOR = re.compile(rf"\b(?:for|to|on\s+behalf\s+of|representing|represents|represented|advised|advises|advising)\s+"
                  rf"(?:the\s+|each\s+of\s+the\s+)?{_WHO}\b", re.I)
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


#: "Marlow and Quill will pass upon ...", "Dove & Pike, P.A., Miami, Florida, is counsel to the agents": a
#: firm named as the subject of a counsel's verb needs no legal form.
_SUBJECT_VERB = re.compile(r"\s*(?:,\s*(?:[A-Z][\w.]*\s*){1,3}){0,2},?\s+(?:will|shall|has|have|had)?\s*(?:also\s+)?"
                           r"(?:pass(?:ed)?\s+(?:up)?on|advised|advises|represents|represented|is\s+representing|"
                           r"(?:is|are|will\s+be|has\s+been)\s+(?:acting\s+as\s+)?(?:legal\s+|special\s+)?counsel|"
                           r"(?:will\s+)?act\s+as\s+(?:legal\s+|special\s+)?counsel)\b")
#: "on behalf of Acme, Inc.", "counsel to Acme, Inc.": the client, not the counsel
_CLIENT_BEFORE = re.compile(r"(?:\bon\s+behalf\s+of|\bfor|\bto|\brepresenting|\brepresents|\badvised|\badvises|"
                            r"\bcounsel\s+(?:of|at|with))\s+(?:the\s+)?$", re.I)
#: "Dana Lowe, Esq.", "Dana Lowe, Deputy General Counsel of ...", "Dana Lowe, our Secretary": a person
_LAWYER_AFTER = re.compile(r"\s*,\s*(?:Esq\.|(?:our|its|the\s+company's)\s|(?:[A-Z][a-z]+\s+){0,4}(?:Counsel|Secretary|"
                           r"Officer)\b)")
#: "co-counsel to Acme and Acme Capital, will pass upon": the second client of a list
_CLIENT_LIST_BEFORE = re.compile(r"\b(?:counsel|co-counsel)\s+(?:to|for|of)\s+[^,;()]{1,60}\band\s+$", re.I)
_TITLE = re.compile(r"(?:Messrs|Mssrs|Mr|Ms|Mrs)\.?\s+")
#: "Foo LLP (formerly known as Bar LLP)", "Foo LLP (n/k/a Baz LLP)": one firm, two names
_RENAMED = re.compile(r"\s*\(\s*(?P<how>formerly\s+known\s+as|formerly|f/k/a|now\s+known\s+as|n/k/a|now)\s+", re.I)
_STATES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
           "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
           "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
           "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
           r"Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|D\.C\.|Ontario|Quebec|British Columbia")
#: "..., Reno, Nevada and Foo LLP": the place of the firm before, not a part of the next name
_PLACE_AND = re.compile(rf"(?:{_STATES})\s+and\s+")


_RENAMED_BEFORE = re.compile(r"\(\s*(?:formerly\s+known\s+as|formerly|f/k/a|now\s+known\s+as|n/k/a|now)\s+$", re.I)


def inside_renamed(folded: str, start: int, floor: int) -> bool:
    """Whether the name at ``start`` is the other name in "Foo LLP (formerly known as ...)": it is
    recorded with the firm before it."""
    return bool(_RENAMED_BEFORE.search(folded, max(floor, start - 30), start))


def renamed(ctx, name: str, start: int, end: int, limit: int):
    """(canonical name, [(name, start, end), ...]) of a firm, with the other name given in a
    "(formerly known as ...)" or "(n/k/a ...)" right after it; the current name is the canonical one."""
    m = _RENAMED.match(ctx.folded, end, limit)
    if m:
        other = find_organizations(ctx.doc.text, m.end(), min(limit, m.end() + 150), folded=ctx.folded)
        if other and other[0].start == m.end():
            o = other[0]
            names = [(name, start, end), (o.name, o.start, o.end)]
            return (name if m.group("how").lower().startswith("form") or m.group("how").lower() == "f/k/a"
                    else o.name), names
    return name, [(name, start, end)]


def record(ctx, name: str, start: int, end: int, limit: int, *, spellings: bool = True):
    """The firm's ref (one ref for a renamed firm's two names, and with ``spellings`` for a counsel
    named earlier by a shorter or longer name), its name facts recorded."""
    from prospectus_kg.graph.models import EntityRef
    canonical, names = renamed(ctx, name, start, end, limit)
    if spellings:
        canonical = _earlier_spelling(ctx, canonical)
    ref = EntityRef("Organization", canonical)
    for n, s, e in names:
        ctx.add(ref, "name", n, s, e)
    return ref


def _earlier_spelling(ctx, name: str) -> str:
    """A firm named earlier in the document under a name whose words begin this one or are begun by it
    ("Abernathy Cole Ferrand LLP" in a supplement, "Abernathy Cole Ferrand Marsh LLP" in its base
    prospectus, the firm's name before a partner left): one party, called by the first name read."""
    from prospectus_kg.graph.extract.names import legal_key
    seen = ctx.scratch.setdefault("counsel_names", [])
    key = legal_key(name)
    for earlier in seen:
        other = legal_key(earlier)
        if other == key or (len(key.split()) >= 2 and len(other.split()) >= 2 and
                            ((other + " ").startswith(key + " ") or (key + " ").startswith(other + " "))):
            return earlier
    seen.append(name)
    return name


def _issuer_keys(ctx) -> set[str]:
    return {normalise(n) for n in [ctx.issuer_name or "", *ctx.issuer_aliases] if n}


def _firms(ctx, ss: int, se: int) -> list:  # noqa: C901 - the ways a sentence names a firm
    """The firms a sentence names as counsel: legal names, and names without a legal form after "by"
    or before a counsel's verb; not the client ("on behalf of Acme, Inc."), not the issuer."""
    text, folded = ctx.doc.text, ctx.folded
    firms = find_organizations(text, ss, se, folded=folded)
    for m in _BY.finditer(folded, ss, se):      # "... passed upon by Smith & Jones, Chicago": no legal form
        if not any(o.start <= m.end() < o.end or o.start == m.end() for o in firms):
            found = capitalised_name_at(text, m.end(), se, folded=folded)
            if found and " and " in found.name:
                # "by Fennemore Lane and Fairley, Dunmore & Pike, P.A.": the word after "and" begins
                # the next firm, whose name runs on after the comma to its legal form
                cut = folded.rfind(" and ", found.start, found.end)
                nxt = [o for o in firms if o.start > found.end and
                       re.fullmatch(r",\s*", folded[found.end:o.start])]
                if nxt and found.start < cut:
                    firms.remove(nxt[0])
                    firms.append(NameMatch(clean_name(text[cut + 5:nxt[0].end]), cut + 5, nxt[0].end))
                    firms.append(NameMatch(clean_name(text[found.start:cut]), found.start, cut))
                    continue
            if found and re.match(r"\s*[,.;(]", folded[found.end:found.end + 2]) and \
                    ("&" in found.name or " and " in found.name or len(found.name.split()) >= 2):
                firms.append(found)
    # a clause's subject: at the sentence's start, after "; ", after a lower-case word and a comma ("In
    # connection with this offering, X advised ..."), not after a name or a place ("X, New York, New York")
    starts = [ss] + [ss + m.end() for m in re.finditer(r";\s+(?:and\s+)?|\b[a-z]+,\s+(?:and\s+)?|\b(?<![A-Z]\w)and\s+",
                                                      folded[ss:se])]
    for st in starts:
        if any(o.start <= st < o.end for o in firms):
            continue
        found = capitalised_name_at(text, st, se, folded=folded)
        if found and _SUBJECT_VERB.match(folded, found.end, se) and \
                ("&" in found.name or " and " in found.name or len(found.name.split()) >= 2):
            firms.append(found)
    keys = _issuer_keys(ctx)
    out = []
    for o in sorted(firms, key=lambda o: o.start):
        name, start = o.name, o.start
        title = _TITLE.match(folded, start, o.end)
        if title:
            start = title.end()
            name = text[start:o.end].strip()
        place = _PLACE_AND.match(folded, start, o.end)
        if place and re.search(r",\s*$", folded[max(ss, start - 3):start]):
            start = place.end()
            name = text[start:o.end].strip()
        if normalise(name) in keys or _CLIENT_BEFORE.search(folded, max(ss, start - 30), start) or \
                _CLIENT_LIST_BEFORE.search(folded, max(ss, start - 80), start) or \
                inside_renamed(folded, start, ss):
            continue
        if any(p.start <= start < p.end for p in out):
            continue
        out.append(NameMatch(name, start, o.end))
    return out


def extract(ctx, section: Section) -> None:
    folded = ctx.folded
    for ss, se in sentences(folded, section.body_start, section.end):
        if not _PASSED.search(folded, ss, se):
            continue
        cuts = [ss] + [m.end() for m in _CLAUSE.finditer(folded, ss, se)] + [se]
        for org in _firms(ctx, ss, se):
            cs = max(c for c in cuts if c <= org.start)
            ce = min(c for c in cuts if c >= org.end)
            phrases = [(m.start(), m.group("who")) for p in (_FOR, _SUBJECT) for m in p.finditer(folded, cs, ce)]
            phrases += [(m.start(), "us") for m in _OUR.finditer(folded, cs, ce)]
            before = [p for p in phrases if p[0] < org.start]
            after = [p for p in phrases if p[0] >= org.end]
            who = max(before)[1] if before else (min(after)[1] if after else "us")
            if not find_organizations(org.name) and is_person(org.name) and _LAWYER_AFTER.match(folded, org.end, se):
                # a named lawyer ("Dana Lowe, our General Counsel"): prosp:legalCounsel ranges over
                # organisations, so the person is not recorded (a term for in-house counsel is left out)
                continue
            counsel = record(ctx, org.name, org.start, org.end, se)
            ctx.add(OFFERING, "legalCounsel", counsel, ss, se)
            ctx.add(OFFERING, role_of(who), counsel, ss, se)


_OPINION_OF = re.compile(r"\b(?:constitutes?|is|are|represents?|reflects?)\s+the\s+(?:tax\s+|legal\s+)?opinion\s+of\s+$",
                         re.I)
_OUR_COUNSEL = re.compile(r"\s*,\s*(?:our|the\s+company's|its)\s+(?:[A-Z][A-Za-z.]*\s+){0,3}(?:legal\s+|special\s+|"
                          r"tax\s+|outside\s+)?counsel\b", re.I)


_OUR_COUNSEL_IN = re.compile(_OUR_COUNSEL.pattern[3:], re.I)
_OPINION_IN = re.compile(r"\bthe\s+(?:tax\s+|legal\s+)?opinion\s+of\s+[A-Z]")


def finish(ctx) -> None:
    """Counsel named outside Legal Matters: "... constitute the opinion of Foo LLP" (a tax opinion),
    "Marlow and Quill, our Cayman Islands legal counsel, ..." (the issuer's counsel)."""
    from prospectus_kg.graph.ingest.textutil import sentences_with
    folded, text = ctx.folded, ctx.doc.text
    keys = _issuer_keys(ctx)
    for ss, se in sentences_with(folded, ("opinion of", "counsel,"), 0, len(folded), ctx.lower):
        our = _OUR_COUNSEL_IN.search(folded, ss, se)
        if not our and not _OPINION_IN.search(folded, ss, se):
            continue
        found = []
        for o in find_organizations(text, ss, se, folded=folded):
            if _OPINION_OF.search(folded, max(ss, o.start - 40), o.start) or _OUR_COUNSEL.match(folded, o.end, se):
                found.append(o)
        for m in re.finditer(r"(?:^|(?<=[\s(]))(?:by|of|from)\s+|^", folded[ss:se]) if our else ():
            st = ss + m.end()
            if any(o.start <= st < o.end for o in found):
                continue
            name = capitalised_name_at(text, st, se, folded=folded)
            if name and _OUR_COUNSEL.match(folded, name.end, se) and \
                    ("&" in name.name or " and " in name.name or len(name.name.split()) >= 2):
                found.append(name)
        for o in found:
            if normalise(o.name) in keys:
                continue
            ctx.section = None
            counsel = record(ctx, o.name, o.start, o.end, se)
            ctx.add(OFFERING, "legalCounsel", counsel, ss, se)
            ctx.add(OFFERING, "issuerCounsel", counsel, ss, se)
