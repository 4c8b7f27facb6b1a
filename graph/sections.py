"""Section segmentation by the headings prospectuses use (Regulation S-K items).

Selling Security Holders is Item 507, Plan of Distribution Item 508, Legal Matters and Experts
Item 509, Incorporation by Reference Form S-3 Item 12. A heading is a short line of its own whose
(repaired, case-folded) text names one of the kinds below. Tables of contents repeat the headings:
an entry with a page number, or a heading followed directly by another heading, is not a section
start. After the first real heading, any other short all-capitals line starts an ``other`` section,
so that a section does not run on into the next, unrecognised one.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import Section
from prospectus_kg.graph.textrepair import fold

_H = r"(?:the\s+)?"
#: section kind -> pattern for the whole (folded, lower-cased, collapsed) heading line.
SECTION_KINDS: dict[str, str] = {
    "toc": r"(table of contents|contents)",
    "summary": r"(prospectus\s+(supplement\s+)?summary|summary|summary of the prospectus)",
    "about": r"(about this prospectus(\s+supplement)?)",
    "company": r"(the company|our company|company overview|about the company|our business|business|"
               r"the registrant|overview)",
    "offering": r"(the offering|the offering summary|summary of the offering)",
    "forward_looking": r"((special|cautionary) (note|statement)s? (regarding|on|about|concerning) "
                       r"forward[- ]looking (statements|information)|forward[- ]looking statements|"
                       r"information regarding forward[- ]looking statements)",
    "risk_factors": r"(risk factors)",
    "use_of_proceeds": r"(use of proceeds)",
    "dilution": r"(dilution)",
    "private_placement": _H + r"((private placement|private placement of .{3,60})|"
                              r"(description of the )?private placement transactions?)",
    "selling_stockholders": _H + r"(selling (stock|share|security ?|securit(y|ies) |unit|note)holders?|"
                                 r"selling (stock|share)holders? and plan of distribution)",
    "capital_stock": r"(description of (our |the )?(capital stock|common stock|share capital|securities"
                     r"|securities we are offering|warrants|capital))",
    "plan_of_distribution": r"(plan of distribution( \(conflicts? of interest\))?|method of distribution)",
    "underwriting": r"(underwriting( \(conflicts? of interest\))?|underwriters)",
    "legal_matters": r"(legal matters|validity of (the )?(securities|common stock|shares|common shares)|"
                     r"legal opinions?)",
    "experts": r"(experts|independent (registered public )?(accounting firm|auditors))",
    "where_to_find": r"(where you can (find|obtain) (more|additional) information|available information|"
                     r"additional information|where you can get more information)",
    "incorporation_by_reference": r"((incorporation|information incorporated|documents incorporated) "
                                  r"(of (certain )?(information|documents) )?by reference|"
                                  r"incorporation by reference of (certain )?(information|documents)|"
                                  r"information we incorporate by reference|"
                                  r"important information incorporated by reference)",
}
_KIND_RES = [(kind, re.compile(rf"{pattern}")) for kind, pattern in SECTION_KINDS.items()]
_LINE = re.compile(r"[^\n]+")
_TOC_ENTRY = re.compile(r"(\t|\s{2,}|\.{3,}\s*)[\divxlc]{1,4}\s*$", re.I)
_NON_ALNUM = re.compile(r"[^a-z0-9()\- ]+")


def heading_kind(line: str) -> str | None:
    """The section kind a heading line names, or None."""
    text = fold(line).strip().lower()
    if not text or len(text) > 90:
        return None
    text = re.sub(r"^(item\s+\d+[a-z]?\.?|[ivx]+\.|\d+\.)\s+", "", text)  # "Item 5." / "IV." prefixes
    text = " ".join(_NON_ALNUM.sub(" ", text).split())
    for kind, pattern in _KIND_RES:
        if pattern.fullmatch(text):
            return kind
    return None


def _is_caps_heading(line: str) -> bool:
    text = fold(line).strip()
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or len(text) > 80 or text.endswith((".", ",", ";", ":")):
        return False
    if sum(c.isupper() for c in letters) < 0.9 * len(letters) or len(text.split()) > 10:
        return False
    return not any(ch.isdigit() for ch in text[:1])


def segment(text: str) -> list[Section]:
    """Split canonical text into sections; everything before the first heading is the ``cover``."""
    lines = [(m.start(), m.end(), m.group()) for m in _LINE.finditer(text) if m.group().strip()]
    candidates: list[tuple[int, int, str, str]] = []   # (start, end, kind, title)
    for i, (start, end, line) in enumerate(lines):
        if _TOC_ENTRY.search(line):
            continue
        kind = heading_kind(line)
        if kind is None:
            continue
        nxt = lines[i + 1][2] if i + 1 < len(lines) else ""
        if heading_kind(nxt) is not None or (kind != "toc" and _TOC_ENTRY.search(nxt)):
            continue  # a run of headings: a table of contents
        lead = len(line) - len(line.lstrip())
        candidates.append((start + lead, end, kind, line.strip()))
    if candidates:
        first = candidates[0][0]
        known = {c[0] for c in candidates}
        for i, (start, end, line) in enumerate(lines):
            if start > first and start not in known and _is_caps_heading(line) \
                    and i + 1 < len(lines) and not _is_caps_heading(lines[i + 1][2]):
                lead = len(line) - len(line.lstrip())
                candidates.append((start + lead, end, "other", line.strip()))
        candidates.sort()
    sections: list[Section] = []
    cover_end = candidates[0][0] if candidates else len(text)
    if cover_end > 0:
        sections.append(Section("cover", "", 0, 0, cover_end))
    for i, (start, end, kind, title) in enumerate(candidates):
        stop = candidates[i + 1][0] if i + 1 < len(candidates) else len(text)
        sections.append(Section(kind, title, start, min(end + 1, stop), stop))
    return sections
