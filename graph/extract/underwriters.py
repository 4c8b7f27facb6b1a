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
("Tungsten Advisors (through its broker-dealer, Finalis Securities LLC)") is not the agent itself.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import OFFERING, EntityRef, Section
from prospectus_kg.graph.extract.names import capitalised_name_at, find_organizations, legal_key
from prospectus_kg.graph.ingest.textrepair import clean_name

HANDLES = ("cover", "plan_of_distribution", "underwriting", "summary", "offering", "about")

_HEADING = re.compile(
    r"(?:(?:sole|lead|joint|co|senior|exclusive|global)[- ]?\s*)*(?:(?:book[- ]running|bookrunning|lead|co)[- ]?\s*)?"
    r"(?P<role>placement\s+agents?|sales\s+agents?|agents?|underwriters?|book[- ]?running\s+managers?|"
    r"bookrunners?|managers?|representatives?(?:\s+of\s+the\s+underwriters)?|dealer[- ]managers?|co-managers?)", re.I)
_ENGAGED = re.compile(r"\b(?:have|has)\s+(?:engaged|retained|appointed)\s+", re.I)
_AGREEMENT_WITH = re.compile(r"\bentered\s+into\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,3}?(?:sales|equity\s+distribution|distribution|"
                             r"underwriting|placement\s+agency|placement\s+agent|at[- ]the[- ]market(?:\s+issuance)?|"
                             r"open\s+market\s+sale|equity\s+offering\s+sales)\s+agreement\b[^.;]{0,120}?\bwith\s+", re.I)
_AS_ROLE = re.compile(r"\s*(?:\([^()]{0,120}\)\s*)?,?\s*(?:to\s+act\s+|to\s+serve\s+|acting\s+)?as\s+(?:our\s+|the\s+|its\s+|a\s+|an\s+)?"
                      r"(?P<q>(?:exclusive|sole|lead|co-?|joint|senior|managing)[- ]?\s*)*(?P<role>placement\s+agents?|"
                      r"underwriters?|sales\s+agents?|agents?|book[- ]?running\s+managers?|representatives?|"
                      r"dealer[- ]managers?|financial\s+advis[eo]rs?|advis[eo]rs?)", re.I)
_ACTING = re.compile(r"\b(?:is|are|will\s+be)\s+(?:acting|serving)\s+as\s+(?:the\s+|our\s+|a\s+|an\s+|sole\s+|lead\s+|"
                     r"joint\s+)*(?P<role>(?:sole\s+|lead\s+|joint\s+)?(?:book[- ]?running\s+managers?|representatives?"
                     r"(?:\s+of\s+the\s+underwriters)?|underwriters?|placement\s+agents?|sales\s+agents?|"
                     r"financial\s+advis[eo]rs?))", re.I)
_KEYWORDS = ("engaged", "retained", "appointed", "acting as", "serving as", "entered into")
_PAST = re.compile(r"\b(?:acted|served|previously|prior\s+offering|earlier\s+offering)\b", re.I)
_THIS = re.compile(r"\bthis\s+offering\b|\bthe\s+offering\b|\bhereby\b|\bthis\s+prospectus\b", re.I)
_DIVISION = re.compile(r",?\s*(?:an?\s+)?division\s+of\s+", re.I)
_NOT_A_NAME = re.compile(r"^(?:the|our|we|this|these|such|each|any|all|prospectus|dated|page|table|per|total|"
                         r"public|proceeds|investing|neither|delivery|subject)\b|\bdated\b|\d{4}", re.I)


def _kind(role: str) -> str | None:
    role = role.lower()
    if "advis" in role:
        return None
    if "placement" in role:
        return "placementAgent"
    if "sales" in role or role.startswith("agent"):
        return "salesAgent"
    return "underwriter"


def extract(ctx, section: Section) -> None:
    if ctx.in_base(section.start):
        return     # a base prospectus names no agents of this offering
    if section.kind == "cover":
        _cover(ctx, section)
    _sentences(ctx, section)
    if section.kind == "underwriting":
        _table(ctx, section)


def _add(ctx, name: str, start: int, end: int, predicate: str, es: int, ee: int) -> None:
    """Note an agent; the facts are recorded in ``finish`` once all its spellings are known."""
    ctx.scratch.setdefault("agents", []).append((name, start, end, predicate, es, ee, ctx.section))


def finish(ctx) -> None:
    """One entity per firm: "Brightwater Securities" on the cover is the "Brightwater Securities LLC"
    of the underwriting table, "Tallis Capital Markets" the "Tallis Capital Markets, a division of
    Tallis Bancorp, Inc." (a shorter name whose words begin a longer one)."""
    agents = ctx.scratch.pop("agents", [])
    names = sorted({a[0] for a in agents}, key=lambda n: (-len(legal_key(n)), -len(n), n))
    canonical: dict[str, str] = {}
    for name in names:
        key = legal_key(name)
        longer = next((c for c in names if c != name and legal_key(c) != key
                       and (legal_key(c) + " ").startswith(key + " ")), None)
        same = next((c for c in names if legal_key(c) == key), name)
        canonical[name] = canonical.get(longer, longer) if longer else same
    for name, start, end, predicate, es, ee, section in agents:
        ctx.section = section
        agent = EntityRef("Organization", canonical[name])
        ctx.add(agent, "name", name, start, end)
        ctx.add(OFFERING, predicate, agent, es, ee)
    ctx.section = None


def read_name(ctx, pos: int, end: int) -> tuple[str, int, int] | None:
    """A firm's name starting at ``pos``: a legal name, or capitalised words ("Tungsten Advisors"),
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


def _sentences(ctx, section: Section) -> None:
    from prospectus_kg.graph.ingest.textutil import sentences_with
    folded = ctx.folded
    start = section.start if section.kind == "cover" else section.body_start
    for ss, se in sentences_with(folded, _KEYWORDS, start, section.end, ctx.lower):
        for m in _ENGAGED.finditer(folded, ss, se):
            if _PAST.search(folded, ss, se) and not _THIS.search(folded, ss, se):
                continue
            _engaged_list(ctx, m.end(), ss, se)
        for m in _AGREEMENT_WITH.finditer(folded, ss, se):
            if _THIS.search(folded, ss, se) and not _PAST.search(folded, ss, se):
                _agreement_list(ctx, m, ss, se)
        for m in _ACTING.finditer(folded, ss, se):
            predicate = _kind(m.group("role"))
            if predicate is None or _PAST.search(folded, ss, se):
                continue
            orgs = find_organizations(ctx.doc.text, ss, m.start(), folded=folded)
            chosen = []
            pos = m.start()
            for o in reversed(orgs):       # "X and Y are acting as representatives"
                gap = folded[o.end:pos]
                ok = r"\s*(?:\([^()]{0,80}\))?\s*,?\s*" if not chosen else \
                    r"\s*(?:\([^()]{0,80}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*"
                if not re.fullmatch(ok, gap):
                    break
                chosen.insert(0, o)
                pos = o.start
            for o in chosen:
                _add(ctx, o.name, o.start, o.end, predicate, ss, se)


def _engaged_list(ctx, pos: int, ss: int, se: int) -> None:
    """ "engaged X, as lead placement agent, and Y, a division of Z, as co-placement agent" """
    folded = ctx.folded
    while pos < se:
        found = read_name(ctx, pos, se)
        if not found:
            return
        name, fs, fe = found
        role = _AS_ROLE.match(folded, fe, se)
        if not role:
            return
        predicate = _kind(role.group("role"))
        if predicate is not None:
            _add(ctx, name, fs, fe, predicate, ss, se)
        nxt = re.match(r"[^.;]{0,40}?(?:,\s*)?\band\s+(?=[A-Z])", folded[role.end():se])
        if not nxt or re.search(r"\b(?:collectively|together)\b", folded[role.end():role.end() + nxt.end()]):
            return
        pos = role.end() + nxt.end()


def _agreement_list(ctx, m, ss: int, se: int) -> None:
    """ "entered into an equity distribution agreement with X, as sales agent" (this offering's)."""
    folded = ctx.folded
    head = m.group().lower()
    default = ("underwriter" if "underwriting" in head else "placementAgent" if "placement" in head
               else "salesAgent")
    pos = m.end()
    lead = re.match(r"(?:each\s+of\s+)?", folded[pos:se])
    pos += lead.end()
    while pos < se:
        found = read_name(ctx, pos, se)
        if not found:
            return
        name, fs, fe = found
        role = _AS_ROLE.match(folded, fe, se)
        predicate = _kind(role.group("role")) if role else default
        if predicate is not None:
            _add(ctx, name, fs, fe, predicate, ss, se)
        tail = role.end() if role else fe
        nxt = re.match(r"\s*(?:\([^()]{0,80}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?=[A-Z])", folded[tail:se])
        if not nxt:
            return
        pos = tail + nxt.end()


_UNDERWRITER_HEAD = re.compile(r"\bunderwriters?\b|\bname\b", re.I)


def _table(ctx, section: Section) -> None:
    """The underwriting table: "Underwriter | Number of Shares", one firm per row."""
    from prospectus_kg.graph.extract.selling_table import cell_value
    for table in ctx.doc.tables:
        if not (section.body_start <= table.start < section.end) or not table.rows:
            continue
        head = table.rows[0]
        if not _UNDERWRITER_HEAD.search(head[0].text) or len(head) < 2:
            continue
        for row in table.rows[1:]:
            if len(row) < 2 or re.match(r"\s*total", row[0].text, re.I):
                continue
            if cell_value(row[1].text)[0] not in ("num", "money"):
                continue
            found = read_name(ctx, row[0].start, row[0].end)
            if found:
                _add(ctx, found[0], found[1], found[2], "underwriter", row[0].start, row[-1].end)
