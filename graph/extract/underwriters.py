"""Underwriters, placement agents and sales agents of the offering (Regulation S-K Item 508,
"Plan of distribution": "the names of the underwriters"; Item 501(b)(8): the underwriters on the
cover).

Read from the cover (a role heading, "Sole Placement Agent", "Joint Book-Running Managers",
"Lead Placement Agent", "Underwriter", on its own line, followed by one name per line; "a division of
Y" on the next line belongs to the name before), from sentences that engage or name the agents of
this offering ("We have engaged X as our exclusive placement agent", "we have engaged X to act as our
lead Placement Agent and Y to act as a co-Placement Agent in this offering", "X is acting as the sole
book-running manager / representative of the underwriters"), and from the underwriting table (name
and number of shares per underwriter). Each becomes ``prosp:underwriter``, ``prosp:placementAgent``
or ``prosp:salesAgent`` of the offering (the build also states ``prosp:underwriter`` for the latter
two).

Not agents of this offering: financial advisors ("X is acting as our financial advisor"), agents of
earlier deals ("the Placement Agent acted as the exclusive placement agent in connection with the
Offerings", in the past tense), an issuer's at-the-market agent named in passing, and a base
prospectus's generic "underwriters, dealers or agents". A broker-dealer named in parentheses
("Cobalt Ridge Advisors (through its broker-dealer, Halden Securities LLC)") is not the agent itself.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import OFFERING, EntityRef, Section
from prospectus_kg.graph.extract.names import capitalised_name_at, find_organizations, legal_key, normalise
from prospectus_kg.graph.ingest.textrepair import clean_name

HANDLES = ("cover", "plan_of_distribution", "underwriting", "summary", "offering", "about")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ()

_HEADING = re.compile(
    r"(?:(?:sole|lead|joint|co|senior|exclusive|global)[- ]?\s*)*(?:(?:book[- ]running|bookrunning|lead|co)[- ]?\s*)?"
    r"(?P<role>placement\s+agents?|sales\s+agents?|agents?|underwriters?|book[- ]?running\s+managers?|"
    r"bookrunners?|managers?|representatives?(?:\s+of\s+the\s+underwriters)?|dealer[- ]managers?|co-managers?)", re.I)
#: A role in the distribution of the offering, with its qualifiers ("sole", "lead", "joint", "co-").
_QUALIFIERS = r"(?:(?:exclusive|sole|lead|co|joint|senior|managing|global|principal|left|lead[- ]left|active)[- ]?\s*)*"
_ROLE_BODY = (rf"{_QUALIFIERS}(?:placement\s+agents?|sales\s+agents?|selling\s+agents?|"
         r"qualified\s+independent\s+underwriters?|underwriters?|initial\s+purchasers?|"
         r"book[- ]?running\s+(?:lead\s+)?managers?|bookrunners?|lead\s+managers?|co-managers?|"
         r"representatives?(?:\s+(?:of|for)\s+(?:the\s+|each\s+of\s+the\s+)?(?:several\s+)?underwriters)?|"
         r"dealer[- ]managers?|global\s+coordinators?|agents?|financial\s+advis[eo]rs?|advis[eo]rs?)(?![\w-])")
_ROLE = rf"(?P<role>{_ROLE_BODY})"
_ENGAGED = re.compile(r"\b(?:have|has|had)\s+(?:engaged|retained|appointed)\s+|\b(?:we|company)\s+(?:engaged|retained|"
                      r"appointed)\s+", re.I)
_AGREEMENT_WITH = re.compile(r"\b(?:entered|enter|entering)\s+into\s+(?:an?\s+|the\s+)?(?:[\w\-“”\"]+\s+){0,3}?(?:sales|"
                             r"equity\s+distribution|distribution|underwriting|placement\s+agency|placement\s+agent|"
                             r"at[- ]the[- ]market(?:\s+issuance)?|open\s+market\s+sale|equity\s+offering\s+sales|"
                             r"dealer[- ]manager|purchase)\s+agreement\b[^.;]{0,160}?\bwith\s+", re.I)
#: "..., as our sales agents", "(the “Placement Agent”) to act as ...", ", which we refer to as the placement agent,"
_AS_ROLE = re.compile(
    r"\s*(?:\([^()]{0,120}\)\s*)?,?\s*(?:(?:which|who)\s+(?:we\s+)?(?:refer\s+to|is\s+referred\s+to|are\s+referred\s+to)"
    r"\s+(?:herein\s+|in\s+this\s+prospectus(?:\s+supplement)?\s+)?as\s+(?:the\s+|our\s+)?[\"']?[A-Za-z\- ]{3,40}[\"']?"
    r"\s*,\s*)?(?:to\s+act\s+|to\s+serve\s+|acting\s+|each\s+)?as\s+(?:our\s+|the\s+|its\s+|a\s+|an\s+)?" + _ROLE, re.I)
#: "(the “Placement Agent”)", "(together, the “Sales Agents”)", ", or the sales agent,", "(“HLS”)"
_DEFINED_ROLE = re.compile(r"\s*\(\s*(?:each\s+(?:an?\s+)?|together\s*,?\s+|collectively\s*,?\s+)?(?:the\s+|our\s+)?[\"']"
                           + _ROLE + r"[\"']\s*\)|\s*,\s*(?:or|our)\s+(?:the\s+)?(?P<role2>" + _ROLE_BODY + r")\s*,", re.I)
_ACTING = re.compile(r"\b(?:(?:is|are|will\s+be)\s+(?:acting|serving)\s+(?:as\s+)?|(?:will|shall)\s+act\s+as\s+|acts?\s+as\s+|"
                     r"(?:has|have)\s+agreed\s+to\s+(?:act|serve)\s+as\s+|"
                     r"(?:is|are|will\s+be)\s+(?=(?:the|our)\s+(?:(?:sole|exclusive|lead|joint)\s+)*(?:placement\s+agents?|"
                     r"sales\s+agents?|underwriters?|representatives?|book[- ]?running|bookrunners?|dealer[- ]managers?|"
                     r"initial\s+purchasers?|qualified\s+independent)))(?:as\s+)?(?:the\s+|our\s+|a\s+|an\s+)?" + _ROLE,
                     re.I)
#: "X, the underwriter in this offering", "X, the sales agent, under which ..."
_APPOSITIVE = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?,\s*(?:the|our)\s+" + _ROLE +
                         r"(?:\s+(?:in|for|of)\s+(?:this|the)\s+offering)?\s*[,.;]", re.I)
#: where an appositive or a definition may follow a name (checked before the names are looked for)
_ROLE_AFTER_NAME = re.compile(r"(?:,\s*(?:the|our|or)\s+|\(\s*(?:each\s+|together\s*,?\s+|collectively\s*,?\s+)?"
                              r"(?:the\s+|our\s+)?[\"'])(?:[\w-]+\s+){0,3}?(?:agents?|underwriters?|bookrunners?|"
                              r"managers?|representatives?|purchasers?|coordinators?)\b", re.I)
_THROUGH = re.compile(r"\bthrough\s+(?:or\s+to\s+|and\s+to\s+)?(?=[A-Z])")
_KEYWORDS = ("engaged", "retained", "appointed", "acting", "serving", "act as", "acts as", "entered into", "enter into",
             "entering into", "through", "representative", "placement agent", "sales agent", "selling agent",
             "underwriter", "bookrunner", "book-running", "book running", "dealer-manager", "dealer manager",
             "purchaser", "refer to")
_PAST = re.compile(r"\b(?:acted|served|previously|prior\s+offerings?|earlier\s+offerings?|formerly|completed)\b", re.I)
_THIS = re.compile(r"\bthis\s+offering\b|\bthe\s+offering\b|\bhereby\b|\bthis\s+prospectus\b", re.I)
#: a selling holder "may be deemed an underwriter", "nor is X acting as an underwriter", "if any underwriters are used"
_NOT_STATED = re.compile(r"\b(?:deemed|not|neither|nor|if\s+any|any\s+such)\b", re.I)
_DIVISION = re.compile(r",?\s*(?:an?\s+)?division\s+of\s+", re.I)
_NOT_A_NAME = re.compile(r"^(?:the|our|we|this|these|such|each|any|all|prospectus|dated|page|table|per|total|"
                         r"public|proceeds|investing|neither|delivery|subject)\b|\bdated\b|\d{4}", re.I)
#: "Harbor Lane Securities, Inc. (“HLS”)": a short name the document gives a firm.
_SHORT_NAME = re.compile(r"\s*\(\s*(?:or\s+|together\s+with\s+its\s+affiliates\s*,\s*)?(?:the\s+)?[\"'](?P<short>[A-Z][\w.&\-/ ]{1,40}?)[\"']\s*\)")


def _kind(role: str) -> str | None:
    role = role.lower()
    if "advis" in role:
        return None
    if "placement" in role:
        return "placementAgent"
    if "sales" in role or "selling" in role or re.sub(_QUALIFIERS, "", role, flags=re.I).startswith("agent"):
        return "salesAgent"
    return "underwriter"


def extract(ctx, section: Section) -> None:
    if ctx.in_base(section.start) and not _first_distribution_section(ctx, section):
        return     # a base prospectus names no agents of this offering
    if section.kind == "cover":
        _cover(ctx, section)
    _sentences(ctx, section)
    if section.kind in ("underwriting", "plan_of_distribution"):
        _table(ctx, section)


def _first_distribution_section(ctx, section: Section) -> bool:
    """Whether ``section`` is the document's first "Underwriting" or "Plan of Distribution": a
    supplement's own comes before its base prospectus's, even where a short "Prospectus" heading early
    in the supplement (a table of contents) was taken for the start of the base prospectus."""
    first = next((s for s in ctx.doc.sections if s.kind in ("underwriting", "plan_of_distribution")
                  and s.end - s.body_start > 200), None)     # (not an entry of a table of contents)
    return first is section and section.kind in ("underwriting", "plan_of_distribution")


def _add(ctx, name: str, start: int, end: int, predicate: str, es: int, ee: int) -> None:
    """Note an agent; the facts are recorded in ``finish`` once all its spellings are known."""
    ctx.scratch.setdefault("agents", []).append((name, start, end, predicate, es, ee, ctx.section))


def _has_legal_form(name: str) -> bool:
    found = find_organizations(name)
    return bool(found) and found[-1].end >= len(name.rstrip(" .,")) - 1


def _first_word(name: str) -> str:
    """The first word of a name ("hk" of "H.K. Lorimer"), when it is long enough to tell firms apart."""
    words = normalise(name).split()
    return words[0] if words and len(words[0]) >= 2 else ""


def finish(ctx) -> None:
    """One entity per firm: "Brightwater Securities" on the cover is the "Brightwater Securities LLC"
    of the underwriting table, "Tallis Capital Markets" the "Tallis Capital Markets, a division of
    Tallis Bancorp, Inc." (a shorter name whose words begin a longer one), "Kestrel" the "Kestrel
    Securities, Inc. (“Kestrel”)" the document defines, and "Evenfall ISI" on the cover the "Evenfall
    Group L.L.C." of the underwriting section when no other agent's name begins with that word."""
    agents = ctx.scratch.pop("agents", [])
    names = sorted({a[0] for a in agents}, key=lambda n: (-len(legal_key(n)), -len(n), n))
    legal = [n for n in names if _has_legal_form(n)]
    defined = _defined_short_names(ctx, legal)
    canonical: dict[str, str] = {}
    extra: list[tuple[str, int, int]] = []       # legal names read from a definition of a short name
    for name in names:
        key = legal_key(name)
        longer = next((c for c in names if c != name and legal_key(c) != key
                       and (legal_key(c) + " ").startswith(key + " ")), None)
        same = next((c for c in names if legal_key(c) == key), name)
        target = canonical.get(longer, longer) if longer else same
        if target == name and name not in legal:
            target = defined.get(normalise(name)) or target
            if target == name:
                found = _definition_of(ctx, name)
                if found:
                    target = found[0]
                    extra.append(found)
            first = _first_word(name)
            sharing = [c for c in legal if _first_word(c) == first]
            if target == name and first and len(sharing) == 1 and \
                    not any(_first_word(c) == first for c in names if c not in legal and c != name
                            and legal_key(c) != key):
                target = sharing[0]
        canonical[name] = target
    for name in names:          # "Wexly Brandt & Co., Inc." beside "Wexley Brandt & Co. Inc.": a typo
        twin = next((c for c in legal if c != name and canonical[c] == c and canonical[name] == name
                     and _one_typo_apart(legal_key(c), legal_key(name))), None)
        if twin and sum(1 for a in agents if a[0] == twin) >= sum(1 for a in agents if a[0] == name):
            for other, target in list(canonical.items()):
                if target == name:
                    canonical[other] = twin
    for legal_name, start, end in extra:
        ctx.add(EntityRef("Organization", legal_name), "name", legal_name, start, end)
    for name, start, end, predicate, es, ee, section in agents:
        ctx.section = section
        agent = EntityRef("Organization", canonical[name])
        ctx.add(agent, "name", name, start, end)
        ctx.add(OFFERING, predicate, agent, es, ee)
    ctx.section = None


def _definition_of(ctx, short: str) -> tuple[str, int, int] | None:
    """The legal name a short name stands for: "Harlan Row Securities, Inc. (“Harlan”)"."""
    for m in re.finditer(r"\(\s*(?:the\s+)?[\"']" + re.escape(short) + r"[\"']\s*\)", ctx.folded):
        before = find_organizations(ctx.doc.text, max(0, m.start() - 150), m.start(), folded=ctx.folded)
        if before and not ctx.folded[before[-1].end:m.start()].strip() and \
                _first_word(before[-1].name) == _first_word(short):
            return before[-1].name, before[-1].start, before[-1].end
    return None


def _one_typo_apart(a: str, b: str) -> bool:
    """Two long names that differ by one letter changed, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 10:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]


def _defined_short_names(ctx, legal: list[str]) -> dict[str, str]:
    """normalised short name -> legal name, from "Kestrel Securities, Inc. (“Kestrel”)" in the text."""
    out: dict[str, str] = {}
    folded = ctx.folded
    for name in legal:
        pos = folded.find(name)
        seen = 0
        while pos >= 0 and seen < 20:
            m = _SHORT_NAME.match(folded, pos + len(name))
            if m:
                out.setdefault(normalise(m.group("short")), name)
            pos = folded.find(name, pos + 1)
            seen += 1
    return out


def read_name(ctx, pos: int, end: int) -> tuple[str, int, int] | None:
    """A firm's name starting at ``pos``: a legal name, or capitalised words ("Cobalt Ridge Advisors"),
    extended by ", a division of Y"."""
    text, folded = ctx.doc.text, ctx.folded
    found = capitalised_name_at(text, pos, end, folded=folded)
    if found is None:
        return None
    stop = found.end
    div = _DIVISION.match(folded, stop, end)
    if div:
        parent = find_organizations(text, div.end(), min(end, div.end() + 150), folded=folded)
        if parent and parent[0].start == div.end():
            stop = parent[0].end
    return clean_name(text[pos:stop]), pos, stop


_LEGAL_FORM_ONLY = re.compile(r"(?:Inc|LLC|L\.L\.C|LLP|L\.P|LP|Ltd|Limited|Corp|Corporation|Co|Company|PLC|plc|"
                              r"Incorporated|N\.A|S\.A|AG|SA|NV|N\.V)\.?", re.I)
_LIST_SEP = re.compile(r"(?:\s*\([^()]{0,80}\))?\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s*;\s*(?:and\s+)?)(?=[A-Z])")


def _name_list(ctx, pos: int, end: int) -> tuple[list[tuple[str, int, int]], int]:
    """ "A (“A”), B, a division of C, and D": the names and where the list ends (after the last name and
    its parenthesis)."""
    out: list[tuple[str, int, int]] = []
    while pos < end:
        found = read_name(ctx, pos, end)
        if found and "," in found[0]:
            head = found[0].split(",", 1)[0]
            if head in _quoted_short_names(ctx):    # "through Harlan, Tessel & Co. LLC and ...": two names
                found = (head, pos, pos + len(head))
        if not found or _NOT_A_NAME.search(found[0]) or _LEGAL_FORM_ONLY.fullmatch(found[0]) or len(out) > 12:
            break
        out.append(found)
        stop = found[2]
        paren = re.match(r"\s*\([^()]{0,80}\)", ctx.folded[stop:end])
        last = stop + (paren.end() if paren else 0)
        sep = _LIST_SEP.match(ctx.folded, stop, end)
        if not sep:
            return out, last
        pos = sep.end()
    return out, (out[-1][2] if out else pos)


_QUOTED_SHORT = re.compile(r"\(\s*(?:the\s+)?[\"']([A-Z][\w.&\-]{1,30})[\"']\s*\)")


def _quoted_short_names(ctx) -> set[str]:
    """The one-word short names the document defines in quotes ("(“Harlan”)"), read once."""
    found = ctx.scratch.get("quoted_short_names")
    if found is None:
        found = ctx.scratch["quoted_short_names"] = {m.group(1) for m in _QUOTED_SHORT.finditer(ctx.folded)}
    return found


def _names_before(ctx, ss: int, pos: int) -> list[tuple[str, int, int]]:
    """The names that are the subject of a verb at ``pos``: "X and Y are acting as ...", "In this
    offering, X will act as ..."."""
    folded = ctx.folded
    orgs = find_organizations(ctx.doc.text, ss, pos, folded=folded)
    chosen: list = []
    at = pos
    for o in reversed(orgs):       # "X and Y are acting as representatives"
        gap = folded[o.end:at]
        ok = r"\s*(?:\([^()]{0,80}\))?\s*,?\s*" if not chosen else \
            r"\s*(?:\([^()]{0,80}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*"
        if not re.fullmatch(ok, gap):
            break
        chosen.insert(0, (o.name, o.start, o.end))
        at = o.start
    if chosen:
        return chosen
    # names without a legal form: a list that begins a clause and ends at the verb
    starts = [ss] + [ss + m.end() for m in re.finditer(r"[,;]\s+|\b(?:that|whom|which)\s+", folded[ss:pos])]
    for st in starts:
        if any(o.start < st < o.end for o in orgs):
            continue
        names, stop = _name_list(ctx, st, pos)
        if names and re.fullmatch(r"\s*,?\s*", folded[stop:pos]):
            return names
    return []


def _cover(ctx, section: Section) -> None:  # noqa: C901 - one pass over the cover's lines
    """Role headings on the cover, each followed by the names of the firms in that role."""
    text, folded = ctx.doc.text, ctx.folded
    lines = [(section.start + m.start(), section.start + m.end())
             for m in re.finditer(r"[^\n]+", folded[section.start:section.end])]
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = folded[s:e].strip()
        m = _HEADING.fullmatch(line) if len(line) <= 60 else None
        i += 1
        if not m or not _kind(m.group("role")):
            continue
        predicate = _kind(m.group("role"))
        entries: list[list] = []          # [name, start, end]
        while i < len(lines):
            ns, ne = lines[i]
            raw = folded[ns:ne]
            lead = ns + len(raw) - len(raw.lstrip())
            cand = raw.strip()
            div = _DIVISION.match(" " + cand)
            if div and entries:
                parent = find_organizations(text, lead + div.end() - 1, ne, folded=folded)
                if parent:
                    entries[-1][0] += ", " + clean_name(text[lead:parent[0].end])
                    entries[-1][2] = parent[0].end
                i += 1
                continue
            if _HEADING.fullmatch(cand) or len(cand) > 90 or not cand[:1].isupper() or _NOT_A_NAME.search(cand):
                break
            for part_s, part_e in _cells(folded, lead, ne):
                found = read_name(ctx, part_s, part_e)
                if found:
                    entries.append(list(found))
            i += 1
        for name, fs, fe in entries:
            _add(ctx, name, fs, fe, predicate, s, fe)


def _cells(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in re.finditer(r"\t| {3,}", folded[start:end]):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


def _stated(folded: str, ss: int, se: int, start: int, end: int) -> bool:
    """Whether the sentence states a role in this offering: not in the past ("acted as placement agent
    in our 2023 private placement"), not hedged or denied in the clause ("may be deemed an
    underwriter", "neither X nor Y is acting as an underwriter")."""
    if _PAST.search(folded, ss, se) and not _THIS.search(folded, ss, se):
        return False
    clause_start = max([ss] + [ss + m.end() for m in re.finditer(r"[;:]", folded[ss:start])])
    return not _NOT_STATED.search(folded, clause_start, end)


def _sentences(ctx, section: Section) -> None:
    from prospectus_kg.graph.ingest.textutil import sentences_with
    folded = ctx.folded
    start = section.start if section.kind == "cover" else section.body_start
    for ss, se in sentences_with(folded, _KEYWORDS, start, section.end, ctx.lower):
        if _PAST.search(folded, ss, se) and not _THIS.search(folded, ss, se):
            continue
        for m in _ENGAGED.finditer(folded, ss, se):
            _listed_roles(ctx, m.end(), ss, se, None)
        for m in _AGREEMENT_WITH.finditer(folded, ss, se) if _THIS.search(folded, ss, se) else ():
            head = m.group().lower()
            if "purchase agreement" in head and "underwrit" not in folded[ss:se].lower():
                continue      # an equity line's purchase agreement: its investor is no underwriter
            default = ("underwriter" if "underwriting" in head or "dealer" in head else
                       "placementAgent" if "placement" in head else None if "purchase" in head else "salesAgent")
            _listed_roles(ctx, m.end(), ss, se, default)
        for m in _THROUGH.finditer(folded, ss, se):
            _listed_roles(ctx, m.end(), ss, se, None)
        for m in _ACTING.finditer(folded, ss, se):
            predicate = _kind(m.group("role"))
            if predicate is None or not _stated(folded, ss, se, m.start(), m.end()):
                continue
            for name, fs, fe in _names_before(ctx, ss, m.start()):
                _add(ctx, name, fs, fe, predicate, ss, se)
        _appositives(ctx, ss, se)


def _role_of(m: re.Match) -> str:
    return m.groupdict().get("role") or m.groupdict().get("role2") or ""


def _appositives(ctx, ss: int, se: int) -> None:
    """ "X, the underwriter in this offering, ...", "X (the “Placement Agent”)", "X, or the sales agent,",
    "We refer to X as the “sales agent.”" """
    folded = ctx.folded
    if not _ROLE_AFTER_NAME.search(folded, ss, se):
        orgs = []
    else:
        orgs = find_organizations(ctx.doc.text, ss, se, folded=folded)
    for o in orgs:
        for pattern in (_APPOSITIVE, _DEFINED_ROLE):
            m = pattern.match(folded, o.end, se)
            if m:
                predicate = _kind(_role_of(m))
                if predicate and _stated(folded, ss, se, o.start, m.end()):
                    _add(ctx, o.name, o.start, o.end, predicate, ss, se)
                break
    if "refer" not in ctx.lower[ss:se]:
        return
    for m in re.finditer(r"\bwe\s+refer\s+to\s+", folded[ss:se], re.I):
        found = read_name(ctx, ss + m.end(), se)
        if found:
            role = re.match(r"\s+as\s+(?:the\s+|our\s+)?[\"']?" + _ROLE, folded[found[2]:se], re.I)
            if role and _kind(role.group("role")):
                _add(ctx, found[0], found[1], found[2], _kind(role.group("role")), ss, se)


def _listed_roles(ctx, pos: int, ss: int, se: int, default: str | None) -> None:
    """ "engaged X, as lead placement agent, and Y, a division of Z, as co-placement agent", "through A
    (“A”), B and C, as our sales agents", "an equity distribution agreement with X, as sales agent"."""
    folded = ctx.folded
    lead = re.match(r"(?:each\s+of\s+)?", folded[pos:se])
    pos += lead.end()
    pending: list[tuple[str, int, int]] = []
    while pos < se:
        names, stop = _name_list(ctx, pos, se)
        if not names:
            break
        role = _AS_ROLE.match(folded, stop, se) or _DEFINED_ROLE.match(folded, stop, se) \
            or _AS_ROLE.match(folded, names[-1][2], se)
        if role:
            predicate = _kind(_role_of(role))
            if predicate is not None and _stated(folded, ss, se, pos, role.end()):
                for name, fs, fe in pending + names:
                    _add(ctx, name, fs, fe, predicate, ss, se)
            pending = []
            tail = role.end()
        elif default is not None and _stated(folded, ss, se, pos, stop):
            for name, fs, fe in names:
                _add(ctx, name, fs, fe, default, ss, se)
            return
        else:
            return
        nxt = re.match(r"[^.;]{0,40}?(?:,\s*)?\band\s+(?=[A-Z])", folded[tail:se])
        if not nxt or re.search(r"\b(?:collectively|together)\b", folded[tail:tail + nxt.end()]):
            return
        pos = tail + nxt.end()


_UNDERWRITER_HEAD = re.compile(r"^\s*(?:name(?:s)?(?:\s+of\s+(?:the\s+)?(?P<r1>underwriters?|placement\s+agents?|"
                               r"sales\s+agents?|initial\s+purchasers?|agents?|dealers?))?|(?P<r2>underwriters?|"
                               r"placement\s+agents?|sales\s+agents?|initial\s+purchasers?|dealer[- ]managers?))\s*"
                               r"(?:\(\d\)|\*)?\s*:?\s*$", re.I)
_AMOUNT_HEAD = re.compile(r"\b(?:number|principal|amount|shares|units|notes|securities|aggregate|warrants)\b", re.I)


def _table(ctx, section: Section) -> None:
    """The underwriting table: "Underwriter | Number of Shares", one firm per row; the amounts may be blank
    (a preliminary prospectus) or missing altogether."""
    from prospectus_kg.graph.extract.selling_table import cell_value
    for table in ctx.doc.tables:
        if not (section.body_start <= table.start < section.end) or not table.rows:
            continue
        head = table.rows[0]
        m = _UNDERWRITER_HEAD.match(head[0].text)
        if not m:
            continue
        role = m.group("r1") or m.group("r2")
        if len(head) < 2 or not _AMOUNT_HEAD.search(" ".join(c.text for c in head[1:])):
            if not role or section.kind != "underwriting":
                continue
        predicate = _kind(role) if role else "underwriter"
        for row in table.rows[1:]:
            if re.match(r"\s*total", row[0].text, re.I) or not row[0].text.strip():
                continue
            if any(cell_value(c.text)[0] not in ("num", "money", "dash") and not re.fullmatch(r"[\s$%\-—–()]*", c.text)
                   for c in row[1:]):
                continue
            found = read_name(ctx, row[0].start, row[0].end)
            if found and found[2] >= row[0].start + len(row[0].text.rstrip(" .,*")) - 2:
                _add(ctx, found[0], found[1], found[2], predicate, row[0].start, row[-1].end)
