"""Section segmentation by the headings prospectuses use (Regulation S-K items).

Selling Security Holders is Item 507, Plan of Distribution Item 508, Legal Matters and Experts
Item 509, Incorporation by Reference Form S-3 Item 12. A heading is a short line of its own whose
(repaired, case-folded) text names one of the kinds below. Tables of contents repeat the headings:
an entry with a page number, or a heading followed directly by another heading, is not a section
start. After the first real heading, any other short all-capitals line starts an ``other`` section,
so that a section does not run on into the next, unrecognised one (the last line of a run of
capitals lines, such as the list of securities on a cover, is not such a heading); one printed over two
lines ("CERTAIN PROVISIONS OF DELAWARE LAW AND" / "OF THE COMPANY'S CHARTER") is one heading whose
title joins the lines with a space.

Lines that cannot be headings are ignored, also as the "next line" of a heading: table rows (cells
joined by TABs, as HTML ingest writes them, or columns set apart by three or more spaces), SGML tag
lines of old EDGAR text filings (``<PAGE>``, ``<S>``, ``<C>``, ``<TABLE>``), page numbers ("12",
"S-3", "iv") and rules. Table-of-contents entries may carry prefixed page labels ("S-12", "A-1").

A prospectus supplement often carries its base prospectus after it: when the cover says "PROSPECTUS
SUPPLEMENT", the first later line that is just "PROSPECTUS" starts a ``base_prospectus`` section, and
every section after it belongs to the base prospectus. Such a line counts only after the supplement's
body has begun (its first heading other than a table of contents): the tables of contents of a supplement
often group their entries under "Prospectus Supplement" and "Prospectus", and that second title is no
part boundary.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import Section
from prospectus_kg.graph.ingest.textrepair import FOLD_BLANK, fold

_H = r"(?:the\s+)?"
#: section kind -> pattern for the whole (folded, lower-cased, collapsed) heading line.
SECTION_KINDS: dict[str, str] = {
    "toc": r"(table of contents|contents)",
    "summary": r"(prospectus\s+(supplement\s+)?summary|summary|summary of the prospectus)",
    "about": r"(about this prospectus(\s+supplement)?)",
    "company": r"(the company|our company|company overview|about the company|our business|business|"
               r"the registrant|overview|the issuing entity|the issuer|(the )?transaction parties)",
    "offering": r"(the offering|the offering summary|summary of the offering)",
    "forward_looking": r"((special|cautionary) (note|statement)s? (regarding|on|about|concerning) "
                       r"forward[- ]looking (statements|information)|forward[- ]looking statements|"
                       r"information regarding forward[- ]looking statements)",
    "risk_factors": r"(risk factors)",
    "use_of_proceeds": r"(use of proceeds)",
    "dilution": r"(dilution)",
    "private_placement": _H + r"((private placement|private placement of .{3,60})|"
                              r"(description of the )?private placement transactions?)",
    "selling_stockholders": _H + r"((principal and )?selling (stock|share|security ?|securit(y|ies) |unit|note)holders?|"
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
    # "Incorporation of Certain Information by Reference", "Certain Documents Incorporated by Reference",
    # "Information We Incorporate by Reference", "Where You Can Find More Information; Incorporation by
    # Reference" (a combined heading holds the list too)
    "incorporation_by_reference": r"((where you can (find|obtain) (more|additional) information|available information|"
                                  r"additional information) (and )?)?"
                                  r"((certain |important )?(incorporation|information incorporated|"
                                  r"documents incorporated|information and documents incorporated) "
                                  r"(of (certain )?(information|documents) )?by reference|"
                                  r"incorporation by reference of (certain )?(information|documents)|"
                                  r"(information|documents) we incorporate by reference)"
                                  r"( and (where you can (find|obtain) (more|additional) information|"
                                  r"available information|additional information))?",
}
_KIND_RES = [(kind, re.compile(rf"{pattern}")) for kind, pattern in SECTION_KINDS.items()]
#: Any kind at all (one test for the many lines that name none).
_ANY_KIND = re.compile("|".join(f"(?:{pattern})" for pattern in SECTION_KINDS.values()))
_ALNUM = re.compile(r"[^\W_]")   # str.isalnum, one character
_TOC_ENTRY = re.compile(r"(\t|\s{2,}|\.{3,}\s*)([a-z]{1,3}-)?[\divxlc]{1,4}\s*$", re.I)
_CONNECTIVE_END = re.compile(r"\b(AND|OF|THE|FOR|TO|IN|ON|WITH|OR|BY|&)\s*$")
_CONNECTIVE_START = re.compile(r"(AND|OF|FOR|TO|IN|ON|WITH|OR|BY|&)\b")
#: Lines that are not text: SGML tags of old EDGAR text filings (<PAGE>, <S>, <C>, <TABLE>, <FN>),
#: page numbers, and rules of dashes or underscores.
_MARKUP_LINE = re.compile(r"\s*(</?[A-Za-z][A-Za-z0-9-]{0,15}>\s*)+\d*\s*")
_ROMAN = r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER_LINE = re.compile(rf"\s*(?:page\s+)?[-\u2013\u2014]?\s*(?:[a-z]{{1,3}}-)?(?=[\divxlcdm])(?:\d{{1,3}}|{_ROMAN})"
                               rf"\s*[-\u2013\u2014]?\s*", re.I)
_COLUMN_GAP = re.compile(r"\S {3,}\S")  # columns of a fixed-width table
_CELL_BREAK = re.compile(r"\S\t+\S")   # a table row of HTML ingest: cells joined by TABs
_NON_ALNUM = re.compile(r"[^a-z0-9()\- ]+")


#: No heading line is longer than this, padding included (a cheap test before folding a paragraph).
_LONGEST = 400
#: Nor is any heading longer than this once stripped (``_folded_kind`` and ``_folded_caps_heading``).
_HEADING_MAX = 90


def _toc_entry(line: str) -> bool:
    """``_TOC_ENTRY.search(line)``, looking only at the end of the line: a match ends there, and the
    shortest one (a TAB, two spaces or three dots and a space; "S-"; four digits) is 12 characters."""
    line = line.rstrip()
    return _TOC_ENTRY.search(line, max(0, len(line) - 16)) is not None


def _is_content(line: str) -> bool:
    """A line that can be or follow a heading: not blank, not markup, not a page number or a rule."""
    if not _ALNUM.search(line):
        return False
    return not (_MARKUP_LINE.fullmatch(line) or _PAGE_NUMBER_LINE.fullmatch(line))


def heading_kind(line: str) -> str | None:
    """The section kind a heading line names, or None."""
    if len(line) > _LONGEST:
        return None
    return _folded_kind(fold(line))


_ITEM_PREFIX = re.compile(r"^(item\s+\d+[a-z]?\.?|[ivx]+\.|\d+\.)\s+")


def _folded_kind(folded: str) -> str | None:
    """:func:`heading_kind` of a line already folded (and no longer than ``_LONGEST``)."""
    text = folded.strip()
    if not text or len(text) > _HEADING_MAX:
        return None
    text = text.lower()
    if text[0] in "ivx" or text[0].isdecimal():   # the only characters _ITEM_PREFIX starts with
        text = _ITEM_PREFIX.sub("", text)  # "Item 5." / "IV." prefixes
    text = " ".join(_NON_ALNUM.sub(" ", text).split())
    if not _ANY_KIND.fullmatch(text):
        return None
    for kind, pattern in _KIND_RES:
        if pattern.fullmatch(text):
            return kind
    return None


def _is_caps_heading(line: str) -> bool:
    if len(line) > _LONGEST:
        return False
    return _folded_caps_heading(fold(line).strip())


def _folded_caps_heading(text: str) -> bool:
    """:func:`_is_caps_heading` of a line already folded and stripped."""
    if len(text) > 80 or text.endswith((".", ",", ";", ":")):
        return False
    letters = list(filter(str.isalpha, text))
    if len(letters) < 4:
        return False
    if sum(map(str.isupper, letters)) < 0.9 * len(letters) or len(text.split()) > 10:
        return False
    return not any(ch.isdigit() for ch in text[:1])


def _is_caps(title: str) -> bool:
    letters = list(filter(str.isalpha, fold(title)))
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


def segment(text: str) -> list[Section]:
    """Split canonical text into sections; everything before the first heading is the ``cover``.

    A table row (cells joined by TABs, as HTML ingest writes them) is never a heading. When a document
    prints its headings in capitals (four or more distinct kinds), a heading line in mixed case is a
    sub-heading ("Overview", "Risk factors" inside the summary) and does not start a section.
    """
    lines: list[tuple[int, int, str]] = []       # (start, end, line) of each line that can be or follow a heading
    pos = 0
    for line in text.split("\n"):
        if line and _is_content(line):
            lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    n = len(lines)
    # fold(line).strip() of each line, or None when it is longer than any heading (most lines are)
    heads = [fold(core) if len(core) <= _HEADING_MAX else None
             for core in (line.strip(FOLD_BLANK) for _s, _e, line in lines)]
    # heading_kind(line) of each line
    kinds = [None if head is None or len(line) > _LONGEST else _folded_kind(head)
             for head, (_s, _e, line) in zip(heads, lines)]
    caps: dict[int, bool] = {}

    def caps_at(j: int, line: str) -> bool:    # _is_caps_heading(line), line is lines[j][2] (stripped or not)
        if len(line) > _LONGEST:
            return False
        j %= n
        if j not in caps:
            caps[j] = heads[j] is not None and _folded_caps_heading(heads[j])
        return caps[j]

    candidates: list[tuple[int, int, str, str]] = []   # (start, end, kind, title)
    for i, (start, end, line) in enumerate(lines):
        kind = kinds[i]
        if kind is None:
            continue
        if _toc_entry(line) or _CELL_BREAK.search(line) or _COLUMN_GAP.search(line.strip()):
            continue
        nxt = lines[i + 1][2] if i + 1 < n else ""
        if (i + 1 < n and kinds[i + 1] is not None and _is_caps(nxt) == _is_caps(line)) \
                or (kind != "toc" and _toc_entry(nxt)):
            continue  # a run of headings in one style: a table of contents
        lead = len(line) - len(line.lstrip())
        candidates.append((start + lead, end, kind, line.strip()))
    if len({c[2] for c in candidates if c[2] != "toc" and _is_caps(c[3])}) >= 4:
        candidates = [c for c in candidates if _is_caps(c[3])]
    if candidates:
        first = candidates[0][0]
        known = {c[0] for c in candidates}
        # the supplement's body starts at its first heading that is not a table of contents: a line
        # "Prospectus" before it is a table of contents' group title, not the base prospectus
        body = next((c[0] for c in candidates if c[2] != "toc"), first)
        supplement = "PROSPECTUS SUPPLEMENT" in fold(text[:first]).upper()
        for i, (start, end, line) in enumerate(lines):
            if end <= first or heads[i] is None:
                continue     # start <= first below; a long line is neither a heading nor "PROSPECTUS"
            start += len(line) - len(line.lstrip())
            line = line.strip()
            if start <= first or start in known:
                continue
            nxt = lines[i + 1][2] if i + 1 < n else ""
            if supplement and start > body and len(line) <= 10 and fold(line).upper() == "PROSPECTUS" \
                    and not _toc_entry(nxt):
                # the base prospectus bundled after a prospectus supplement starts here
                candidates.append((start, end, "base_prospectus", line))
                known.add(start)
                supplement = False
                continue
            if not caps_at(i, line) or _CELL_BREAK.search(line) or _COLUMN_GAP.search(line) \
                    or not nxt or caps_at(i + 1, nxt) or _toc_entry(nxt):
                continue
            title = line
            prev = lines[i - 1]
            prev_start = prev[0] + len(prev[2]) - len(prev[2].lstrip())
            if prev_start > first and prev_start not in known and caps_at(i - 1, prev[2]) \
                    and not _COLUMN_GAP.search(prev[2].strip()):
                if not (_CONNECTIVE_END.search(prev[2]) or _CONNECTIVE_START.match(title)):
                    if i >= 2 and caps_at(i - 2, lines[i - 2][2]):
                        continue  # the last of a run of capitals lines (a cover's list of securities)
                    candidates.append((start, end, "other", title))   # "PART II" / "INFORMATION ..."
                    continue
                # a heading printed over two lines: "CERTAIN PROVISIONS OF DELAWARE LAW AND" / "OF ..."
                start, title = prev_start, f"{prev[2].strip()} {title}"
            candidates.append((start, end, "other", title))
        candidates.sort()
    sections: list[Section] = []
    cover_end = candidates[0][0] if candidates else len(text)
    if cover_end > 0:
        sections.append(Section("cover", "", 0, 0, cover_end))
    for i, (start, end, kind, title) in enumerate(candidates):
        stop = candidates[i + 1][0] if i + 1 < len(candidates) else len(text)
        sections.append(Section(kind, title, start, min(end + 1, stop), stop))
    return sections
