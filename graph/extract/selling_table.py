"""Selling stockholder tables (Regulation S-K Item 507, "Selling Security Holders").

Item 507 asks for each selling holder's name, the amount of securities owned before the offering,
the amount offered, and the amount (and percentage, if one per cent or more) owned after it. Modern
filings print this as a table (``Document.tables``: rows of cells with offsets, and the paragraphs
of footnotes under it). One ``prosp:SellingStockholderPosition`` per data row, with
``prosp:rowLabel`` (the name cell as printed, footnote marks left out), ``prosp:holder``,
``prosp:sharesOffered``, ``prosp:sharesOwnedBefore``/``After`` and ``prosp:percentOwnedBefore``/``After``.

Columns are decided by their header text, never by arithmetic: a beneficial-ownership cap (4.99%,
9.99%) can make "owned before" smaller than "offered". Header cells name a group (before: "Prior",
"Before"; offered: "Offered", "to be Sold", "Being Registered"; after: "After", "Assuming Sale of
All Shares Offered"), and a kind (a share count, a percentage, a dollar amount, or another security
such as warrants). Multi-row headers are read as a group row ("Beneficially Owned Prior to
Offering" | "Offered" | "Owned After Offering") over a row of sub-columns ("Number" | "Percent" |
"Number" | "Percent"); a sub-row with fewer share columns than groups leaves the "offered" group
unsplit. EDGAR HTML drops empty cells, so a data row with fewer cells than columns is aligned by
cell type (a percentage only in a percent column). Total rows and rows without numbers are skipped;
a table without a share column for the offered amount is not a selling stockholder table.

The holder of a row is the party its name cell names ("Larkmoor(2)" without its mark), a Person when
the name has a person's shape. A row like "Entities affiliated with Larkmoor Group, LLC" names no
holder itself: its legal holders are the entities its footnote says hold the shares ("... held
directly by Larkmoor Capital Fund, LP ..."). A footnote that says the row's securities "are directly
held by" another entity names the legal holder of a plain row too (the table may name the fund's
manager). Relations stated in the footnotes are read by ``graph.extract.footnotes``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from prospectus_kg.graph.models import OFFERING, Cell, EntityRef, Section, Table
from prospectus_kg.graph.extract.names import find_person_at, fund_name_at, legal_key, strip_footnote_marks
from prospectus_kg.graph.ingest.textrepair import fold
from prospectus_kg.graph.ingest.textutil import sentences

HANDLES = ("selling_stockholders", "other")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ("selling_rows", "selling_stockholders")

_AFTER = re.compile(r"\bafter\b|\bfollowing\s+(?:the\s+|this\s+)?(?:offering|sale|completion)|\bupon\s+(?:the\s+)?"
                    r"(?:completion|sale|closing)|\bassuming\s+(?:the\s+|a\s+)?(?:sale|resale)|\bpost[- ]?offering|"
                    r"\bremaining\b|\bthereafter\b|\bsubsequent\s+to\b", re.I)
_BEFORE = re.compile(r"\bprior\b|\bbefore\b|\bpre[- ]?offering\b|\bcurrently\b", re.I)
_OFFERED = re.compile(r"\boffered\b|\bto\s+be\s+(?:sold|offered|registered|resold)\b|\bbeing\s+(?:sold|offered|"
                      r"registered)\b|\bregistered\s+(?:hereby|herein|for\s+(?:re)?sale|pursuant)\b|\bmay\s+be\s+"
                      r"(?:sold|offered|resold)\b|\bfor\s+(?:re)?sale\b|\bsold\s+(?:hereby|pursuant|in\s+(?:this|the)\s+"
                      r"offering)\b|\bcovered\s+(?:hereby|by\s+this)\b|\boffering\s+hereby\b", re.I)
_OWNED = re.compile(r"\bbeneficially\s+owned\b|\bbeneficial\s+ownership\b|\bowned\b|\bheld\b", re.I)
_PERCENT = re.compile(r"percent|%|\bvoting\s+power\b", re.I)
_MONEY = re.compile(r"\$|\bprincipal\s+amount\b|\bdollars?\b|\bvalue\b", re.I)
_OTHER_SECURITY = re.compile(r"\bwarrants?\b|\bnotes?\b|\bpreferred\b|\bdebentures?\b|\bunits\b|\boptions\b|\brights\b",
                             re.I)
_COMMON = re.compile(r"\b(?:common|ordinary)\s+(?:stock|shares)\b|\bshares\b|\bADSs?\b", re.I)
_SUB_NUMBER = re.compile(r"(?:number|shares|amount|no\.|#)(?:\s+of\s+shares)?", re.I)
_TOTAL = re.compile(r"^\s*(?:total|totals|aggregate|subtotal|all\s+(?:current\s+)?(?:executive\s+)?(?:officers|directors))\b|"
                    r"\bas\s+a\s+group\b", re.I)
#: "All other selling stockholders (42 persons)": one row for the holders not named, a selling row
#: that names nobody.
_ALL_OTHER = re.compile(r"^\s*all\s+other\s+(?:selling\s+)?(?:stock|share|security\s?|unit|note)?holders?\b", re.I)
#: a heading row inside the table: "Directors and Executive Officers:", "5% Stockholders"
_BLOCK_HEAD = re.compile(r"\b(?:directors?|officers?|management)\b", re.I)
#: a remark after the name: "(5% Shareholder)", "(13 persons)", "(Selling Stockholder)"
_REMARK = re.compile(r"\s*\((?:[^()]*\d\s*%[^()]*|\d+\s+persons?|[^()]*\b(?:share|stock)holders?\b[^()]*)\)\s*$", re.I)
_GROUP_ROW = re.compile(
    r"^(?:(?:certain\s+)?(?:entities|funds|accounts|investment\s+funds|persons|affiliates|entities\s+and\s+accounts|"
    r"funds\s+and\s+accounts)\s+(?:affiliated\s+with|managed\s+by|advised\s+(?:or\s+sub-?advised\s+)?by|associated\s+with|"
    r"related\s+to|of)\s+"
    r"(?P<x>.+)|(?P<y>.+?),?\s+and\s+(?:its\s+|their\s+)?(?:affiliated\s+(?:entities|funds)|affiliates|related\s+"
    r"(?:entities|funds)))$", re.I)
_PLACEHOLDER = re.compile(r"[\[\]●•_]{1,}|\bname\s+of\b|\bselling\s+(?:stock|share)holder\s*\d*$|^\W*$", re.I)
_DASHES = {"-", "--", "---", "\u2014", "\u2013", "\u2012", "\u2015", "0", "nil", "none", "n/a", "-0-", "\u2014%", "-%"}
_UNDER_ONE = {"*", "**", "<1%", "< 1%", "less than 1%", "<1", "less than one percent"}
_CELL_MARK = re.compile(r"(?:\s*\(\s*(?:\d{1,2}|[a-z])\s*\)|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+)+\s*$")
_MARK_IN = re.compile(r"\(\s*(\d{1,2}|[a-z]|[ivx]{1,4})\s*\)|\[\s*(\d{1,2})\s*\]|([*†‡§]+)|([¹²³⁴⁵⁶⁷⁸⁹⁰]+)|(\d{1,2})")
_NOTE_MARK = re.compile(r"^\s*(?:\(\s*(?P<a>\d{1,2}|[a-z]|[ivx]{1,4})\s*\)|\[\s*(?P<d>\d{1,2})\s*\]|"
                        r"(?P<b>\d{1,2})[.)]?\s+(?=[A-Z\"(])|(?P<c>[*†‡§]+)|(?P<e>[¹²³⁴⁵⁶⁷⁸⁹⁰]+))")
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


@dataclass(frozen=True)
class Column:
    group: str      # "before", "offered", "after" ("owned" is resolved to before/after)
    kind: str       # "number", "percent", "money", "other"


@dataclass
class Row:
    """One data row as read: what ``footnotes`` needs to state relations about its holders."""

    label: str
    start: int
    end: int
    marks: list[str]
    notes: list[Cell]
    position: EntityRef
    named: EntityRef | None          # the party the label names (X of "Entities affiliated with X")
    holders: list[EntityRef] = field(default_factory=list)
    group: bool = False
    table: Table | None = None


def extract(ctx, section: Section) -> None:
    for table in ctx.doc.tables:
        if not (section.body_start <= table.start < section.end) or ctx.in_base(table.start):
            continue
        if section.kind == "other" and not (_looks_like_selling(table) or re.search(r"\bselling\b", section.title, re.I)):
            continue
        read_table(ctx, table, section.kind == "selling_stockholders")


def _looks_like_selling(table: Table) -> bool:
    head = " ".join(c.text for r in table.rows[:3] for c in r)
    return bool(re.search(r"selling\s+(?:stock|share|security|unit|note)\s*holder", head, re.I))


# --- header -----------------------------------------------------------------------------------------

def classify(text: str) -> tuple[str | None, str]:
    """(group, kind) of a header cell: group in before/offered/after/owned/None."""
    t = " ".join(fold(text).split())
    if _AFTER.search(t):
        group = "after"
    elif _BEFORE.search(t):
        group = "before"
    elif _OFFERED.search(t):
        group = "offered"
    elif _OWNED.search(t):
        group = "owned"
    else:
        group = None
    if _PERCENT.search(t):
        kind = "percent"
    elif _MONEY.search(t):
        kind = "money"
    elif _OTHER_SECURITY.search(t) and not _COMMON.search(t):
        kind = "other"
    else:
        kind = "number"
    return group, kind


_DASH_CELL = re.compile(r"[-\u2014\u2013]+%?")
_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def cell_value(text: str) -> tuple[str, object]:
    """(type, value): num (int), pct (Decimal or None for "less than 1%"), money, dash (0), text."""
    t = " ".join(fold(text).split())
    if t.lower() in _UNDER_ONE:
        return "pct", None
    t = _CELL_MARK.sub("", t).strip()
    low = t.lower()
    if low in _UNDER_ONE:
        return "pct", None
    if low in _DASHES or _DASH_CELL.fullmatch(t):
        return "dash", 0
    if t.endswith("%"):
        try:
            return "pct", Decimal(t[:-1].replace(",", "").strip())
        except InvalidOperation:
            return "text", None
    if t.startswith("$"):
        return "money", t
    if _INTEGER.fullmatch(t):
        return "num", int(t.replace(",", ""))
    return "text", None


def _is_data_row(row: tuple[Cell, ...]) -> bool:
    if len(row) < 2 or not re.search(r"[A-Za-z]", row[0].text):
        return False
    if cell_value(row[0].text)[0] != "text":
        return False
    return any(cell_value(c.text)[0] in ("num", "pct", "dash") for c in row[1:])


def _is_name_header(text: str) -> bool:
    group, _kind = classify(text)
    return group is None and not re.fullmatch(r"\s*(?:number|percent(?:age)?|%|shares|amount)\s*(?:\(\d+\))?\s*",
                                               fold(text), re.I)


def _expand(groups: list[tuple[str | None, str]], sub: list[tuple[str | None, str]]) -> list[tuple[str | None, str]] | None:
    """Leaf columns from a group row over a sub-row ("Number" | "Percent" ...)."""
    starts = [i for i, (_g, k) in enumerate(sub) if k != "percent"]
    if not starts or sub[0][1] == "percent":
        return None
    k = len(groups)
    if len(starts) > k:
        return None
    unsplit = k - len(starts)
    # groups left without sub-columns: sub-columns ("Number" | "Percent") go under "after" first,
    # then "before"; the amount offered is the group most often printed as one column
    rank = {"after": 0, "before": 1, "owned": 2, "offered": 4}
    order = sorted(range(k), key=lambda i: (-rank.get(groups[i][0] or "", 3), i))
    single = set(order[:unsplit])
    leaves: list[tuple[str | None, str]] = []
    pos = 0
    for i, (group, kind) in enumerate(groups):
        if i in single:
            leaves.append((group, kind))
            continue
        end = starts[starts.index(pos) + 1] if starts.index(pos) + 1 < len(starts) else len(sub)
        for _g, sub_kind in sub[pos:end]:
            leaves.append((group, sub_kind))
        pos = end
    return leaves


def _fill(leaves: list[tuple[str | None, str]], above: list[str]) -> list[tuple[str | None, str]]:
    """Groups for unlabelled sub-columns, from the group row above.

    Item 507 orders the groups before | offered | after: where a sub-column names the amount offered
    ("Class A Shares that may be sold hereby"), the unlabelled columns left of it are "before" and
    those right of it "after" (a group row may span any number of them: share classes, voting
    power). Otherwise each unlabelled share column takes the next group of the row above, in order."""
    offered = [i for i, (g, k) in enumerate(leaves) if g == "offered" and k == "number"]
    if len(offered) == 1 and {"before", "after"} <= set(above) | {"owned"} and "after" in above:
        at = offered[0]
        left = "before" if "before" in above else "owned"
        return [(g or (left if i < at else "after"), k) for i, (g, k) in enumerate(leaves)]
    queue = list(above)
    out: list[tuple[str | None, str]] = []
    current = None
    for group, kind in leaves:
        if group is not None:
            if queue and queue[0] == group:
                queue.pop(0)
            current = group
        elif kind != "percent" and queue:
            current = queue.pop(0)
        out.append((group or current, kind))
    return out


_PAIRED = re.compile(r"\s*(?:shares|number|no\.|amount)\s*(?:\(\w{1,2}\))?\s*%\s*(?:\(\w{1,2}\))?\s*", re.I)


def _sub_leaves(cells: list[str]) -> list[tuple[str | None, str]]:
    """Sub-column kinds of a header row; "Shares%" (a "Shares" and a "%" cell printed as one) is two."""
    out: list[tuple[str | None, str]] = []
    for text in cells:
        if _PAIRED.fullmatch(fold(text)):
            out += [(None, "number"), (None, "percent")]
        else:
            out.append(classify(text))
    return out


def _expand_even(header: list[list[tuple[str, tuple[str | None, str]]]], v: int) -> list[tuple[str | None, str]] | None:
    """Leaf columns where a group row ("Owned Before" | "% of Voting Power" | "Offered" | "Owned
    After" | ...) stands over sub-rows that split each share group alike ("Class A" | "Class B" over
    "Shares%" | "Shares%" ...): groups of a percentage and the amount offered are one column each;
    the sub-columns of the last header row are shared out evenly among the other groups."""
    tops = [r for r in header if sum(1 for _t, (g, _k) in r if g) >= 3]
    if not tops or len(header) < 2:
        return None
    top = tops[0]
    groups = [c for _t, c in top if c[0]]
    below = [r for r in header[header.index(top) + 1:] if len(r) >= 2]
    if not below:
        return None
    last = below[-1]
    texts = [t for t, _c in last]
    if texts and _is_name_header(texts[0]) and not _PAIRED.fullmatch(fold(texts[0])):
        texts = texts[1:]
    sub = _sub_leaves(texts)
    split = [i for i, (g, k) in enumerate(groups) if k != "percent" and g != "offered"]
    single = len(groups) - len(split)
    if not split or (v - single) <= 0 or (v - single) % len(split) or len(sub) != v - single:
        return None
    per = (v - single) // len(split)
    leaves: list[tuple[str | None, str]] = []
    pos = 0
    for i, (g, k) in enumerate(groups):
        if i in split:
            leaves += [(g, sk) for _sg, sk in sub[pos:pos + per]]
            pos += per
        else:
            leaves.append((g, k))
    return leaves if len(leaves) == v else None


def _geometric_header(text: str, table: Table, first: int, n: int) -> list[str] | None:
    """Column heads of a fixed-width text table, read by position: each piece of a head line belongs
    to the value columns under it ("SHARES BENEFICIALLY / OWNED PRIOR TO" over "NUMBER | PERCENT")."""
    def x(cell: Cell) -> tuple[int, int]:
        line = text.rfind("\n", 0, cell.start) + 1
        return cell.start - line, cell.end - line
    modal = [r for r in table.rows[first:] if _is_data_row(r) and len(r) == n]
    if not modal:
        return None
    spans = []
    for j in range(1, n):
        xs = [x(r[j]) for r in modal]
        spans.append((min(a for a, _b in xs), max(b for _a, b in xs)))
    labels = [[] for _ in spans]
    for row in table.rows[:first]:
        for cell in row:
            a, b = x(cell)
            hit = [j for j, (c, d) in enumerate(spans) if a < d + 1 and c < b + 1]
            for j in hit:
                labels[j].append(cell.text)
    return [" ".join(parts) for parts in labels]


def columns(table: Table, text: str = "", selling: bool = False) -> tuple[list[Column], int] | None:
    """The value columns of a selling stockholder table and the index of its first data row."""
    first = next((i for i, r in enumerate(table.rows) if _is_data_row(r)), None)
    if first is None or first == 0:
        return None
    data_rows = [r for r in table.rows[first:] if _is_data_row(r)]
    n = Counter(len(r) for r in data_rows).most_common(1)[0][0]
    v = n - 1
    if text and "\t" not in text[table.start:table.end]:
        heads = _geometric_header(text, table, first, n)
        if heads and all(heads):
            return _finish_columns([classify(h) for h in heads], first, selling)
    header = [[(c.text, classify(c.text)) for c in r] for r in table.rows[:first]]
    leaves: list[tuple[str | None, str]] | None = None
    for idx in range(len(header) - 1, -1, -1):
        r = header[idx]
        cells = r[1:] if len(r) == n else (r if len(r) == v and not _is_name_header(r[0][0]) else None)
        if cells is None:
            continue
        leaves = [c[1] for c in cells]
        if idx > 0 and any(g is None and k != "percent" for g, k in leaves):
            # sub-columns under group headings: "Before Offering" | "After Offering" over
            # "Number" | "Percent" | "Shares Being Offered" | "Number" | "Percent"
            above = [c[1][0] for c in header[idx - 1] if c[1][0]]
            leaves = _fill(leaves, above) if above else leaves
        break
    if leaves is None and len(header) >= 2:
        top, sub = header[-2], header[-1]
        groups = [c[1] for c in top if c[1][0]]
        if sub and _is_name_header(sub[0][0]):
            sub = sub[1:]      # "Selling Stockholder" | "Number" | "Percent" | ...: the name column's head
        expanded = _expand(groups, [c[1] for c in sub])
        if expanded and len(expanded) == v:
            leaves = expanded
    if leaves is None:
        leaves = _expand_even(header, v)
    if leaves is None:
        groups = [c[1] for r in header for c in r if c[1][0]]
        if len(groups) == v:
            leaves = groups
    if leaves is None:
        return None
    return _finish_columns(leaves, first, selling)


def _finish_columns(leaves: list[tuple[str | None, str]], first: int, selling: bool = False) \
        -> tuple[list[Column], int] | None:
    """Columns from leaves. In the Selling Security Holders section, a table whose only share column
    without a group stands before the "after the offering" columns (and no column says "offered"
    or "before") lists the amount offered in it: Item 507's three amounts with "before" left out."""
    groups = {g for g, _k in leaves}
    if selling and "offered" not in groups and "after" in groups and not groups & {"before", "owned"}:
        free = [i for i, (g, k) in enumerate(leaves) if g is None and k == "number"]
        after_at = next(i for i, (g, _k) in enumerate(leaves) if g == "after")
        if len(free) == 1 and free[0] < after_at:
            leaves = [("offered", k) if i == free[0] else (g, k) for i, (g, k) in enumerate(leaves)]
    cols: list[Column] = []
    last_group = None
    for group, kind in leaves:
        group = group or (last_group if kind in ("percent",) else None) or last_group
        cols.append(Column(group or "unknown", kind))
        last_group = group or last_group
    offered_at = next((i for i, c in enumerate(cols) if c.group == "offered" and c.kind == "number"), None)
    if offered_at is None:
        return None
    cols = [Column(("before" if i < offered_at else "after") if c.group == "owned" else c.group, c.kind)
            for i, c in enumerate(cols)]
    return cols, first


def align(cols: list[Column], cells: tuple[Cell, ...]) -> list[tuple[Column, Cell, str, object]]:
    """Value cells matched to columns; where cells were dropped, by type, leftmost first."""
    values = [(c, *cell_value(c.text)) for c in cells]
    if len(values) == len(cols):
        return [(col, c, t, v) for col, (c, t, v) in zip(cols, values)]
    out = []
    slot = 0
    for i, (c, t, v) in enumerate(values):
        remaining = len(values) - i
        while slot < len(cols) and len(cols) - slot >= remaining and not _fits(cols[slot], t):
            slot += 1
        if slot >= len(cols) or len(cols) - slot < remaining:
            return []
        out.append((cols[slot], c, t, v))
        slot += 1
    return out


def _fits(col: Column, cell_type: str) -> bool:
    if cell_type == "dash":
        return True
    if col.kind == "percent":
        return cell_type == "pct"
    if col.kind == "money":
        return cell_type in ("money", "num")
    return cell_type == "num"


# --- rows -------------------------------------------------------------------------------------------

_PREDICATES = {("offered", "number"): "sharesOffered", ("before", "number"): "sharesOwnedBefore",
               ("after", "number"): "sharesOwnedAfter", ("before", "percent"): "percentOwnedBefore",
               ("after", "percent"): "percentOwnedAfter"}


def note_marks(notes: tuple[Cell, ...]) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for note in notes:
        m = _NOTE_MARK.match(note.text)
        if m:
            mark = next(g for g in m.groups() if g).translate(_SUPERSCRIPTS)
            out.setdefault(mark, note)
    return out


_CONTINUED = re.compile(r"(?:,|\bFBO|\bf/b/o|\bfor\s+the\s+benefit\s+of|\band|&|\bc/o|\bas|\bTrustees?|\bCustodian)\s*$",
                        re.I)


def _officers_at(table: Table, first: int) -> bool:
    """Whether the first data row is under a "Directors and executive officers" heading row."""
    heads = [r for r in table.rows[:first] if len(r) == 1 and re.search(r"[A-Za-z]", r[0].text)]
    return bool(heads) and table.rows[first - 1] is heads[-1] and bool(_BLOCK_HEAD.search(fold(heads[-1][0].text)))


def _offered_outside_officers(table: Table, cols: list[Column], first: int) -> set[int]:
    """Amounts offered by the rows of a combined table that are not under a "Directors and executive
    officers" heading: a director's row offering the same amount restates a holder's row."""
    out: set[int] = set()
    officers = _officers_at(table, first)
    for cells in table.rows[first:]:
        if not _is_data_row(cells):
            label = fold(cells[0].text).strip() if cells else ""
            if len(cells) == 1 and re.search(r"[A-Za-z]", label) and not _CONTINUED.search(label):
                officers = bool(_BLOCK_HEAD.search(label))
            continue
        if officers or _TOTAL.search(fold(cells[0].text)):
            continue
        for col, _c, kind, v in align(cols, cells[1:]):
            if col.group == "offered" and col.kind == "number" and kind == "num":
                out.add(v)
                break
    return out


_MARK_CELL = re.compile(r"(?:\s*\(\s*(?:\d{1,2}|[a-z])\s*\))+\s*")


def _without_mark_cells(table: Table) -> tuple[Table, dict[int, list[str]]]:
    """The table without cells that hold only a footnote mark ("500,000 | (3) | 2.6%": the mark is
    printed in a cell of its own after the number it annotates), and the marks of each row by index."""
    if not any(_MARK_CELL.fullmatch(c.text) for r in table.rows for c in r[1:]):
        return table, {}
    rows, marks = [], {}
    for i, r in enumerate(table.rows):
        kept = [r[0], *(c for c in r[1:] if not _MARK_CELL.fullmatch(c.text))] if r else []
        if len(kept) < len(r):
            marks[i] = [m.group(1) for c in r[1:] if _MARK_CELL.fullmatch(c.text)
                        for m in re.finditer(r"\(\s*(\w{1,2})\s*\)", c.text)]
        rows.append(tuple(kept))
    return Table(tuple(rows), table.start, table.end, table.footnotes), marks


def read_table(ctx, table: Table, selling: bool = False) -> list[Row]:
    table, cell_marks = _without_mark_cells(table)
    found = columns(table, ctx.doc.text, selling)
    if found is None:
        return []
    cols, first = found
    # a group with several share columns (Class A | Class B) has no one "owned before" number
    shared = {g for g in ("before", "after") if sum(1 for c in cols if c.group == g and c.kind == "number") > 1}
    notes = note_marks(table.footnotes)
    rows: list[Row] = []
    labels: Counter = Counter()
    valued = ctx.scratch.setdefault("selling_table.valued", set())   # (position, predicate) with a fact
    offered_seen = _offered_outside_officers(table, cols, first)
    officers = _officers_at(table, first)   # inside "Directors and executive officers:" of a combined table
    prefix: Cell | None = None         # "Harbor State Bank, FBO" on the line above the rest of the name
    for index, cells in enumerate(table.rows[first:], first):
        if not _is_data_row(cells):
            label = fold(cells[0].text).strip() if cells else ""
            if len(cells) == 1 and _CONTINUED.search(label) and not label.endswith(":"):
                prefix = cells[0]
                continue
            prefix = None
            if len(cells) == 1 and re.search(r"[A-Za-z]", label):
                officers = bool(_BLOCK_HEAD.search(label))
            continue
        lead, prefix = prefix, None
        if _TOTAL.search(fold(cells[0].text)):
            continue
        aligned = align(cols, cells[1:])
        if any(col.group == "offered" and col.kind == "number" and kind == "dash" for col, _c, kind, _v in aligned):
            continue       # a principal stockholder who offers nothing is no selling stockholder
        offered = [v for col, _c, kind, v in aligned if col.group == "offered" and col.kind == "number" and kind == "num"]
        if officers and offered and offered[0] in offered_seen:
            continue       # a director's row restating the shares of a holder's row above (Item 403 practice)
        row = _row(ctx, table, cells, notes, labels, lead, cell_marks.get(index, ()))
        if row is None:
            continue
        rows.append(row)
        for col, cell, kind, value in aligned:
            predicate = _PREDICATES.get((col.group, col.kind))
            if predicate is None or kind in ("text", "money") or value is None or col.group in shared \
                    and col.kind == "number":
                continue
            if kind != "dash" and (kind == "pct") != predicate.startswith("percent"):
                continue        # never a percentage as a share count, or the reverse
            if predicate == "sharesOffered" and kind != "num":
                continue
            if predicate.startswith("percent"):
                value = Decimal(value)
            if (row.position, predicate) not in valued:
                facts = len(ctx.facts)
                ctx.add(row.position, predicate, value, cell.start, cell.end)
                if len(ctx.facts) > facts:
                    valued.add((row.position, predicate))
    ctx.selling_rows.extend(rows)
    return rows


def _row(ctx, table: Table, cells: tuple[Cell, ...], notes: dict[str, Cell], labels: Counter,
         lead_cell: Cell | None = None, cell_marks=()) -> Row | None:
    text = ctx.doc.text
    cell = cells[0]
    raw = text[cell.start:cell.end]
    label = strip_footnote_marks(raw.strip())
    remark = _REMARK.search(label)
    if remark:
        label = strip_footnote_marks(label[:remark.start()])
    address = _ADDRESS.search(label)
    if address and _POSTAL.search(label, address.start()):
        label = label[:address.start()].rstrip(" ,")     # "Foo, Inc. 12 Main Street, Springfield, IL 62701"
    if not label or _PLACEHOLDER.search(label):
        return None       # a template row ("[Name of selling stockholder]", "[●]") names nobody
    lead = len(raw) - len(raw.lstrip())
    ls = cell.start + lead
    le = ls + len(label)
    tail = raw[lead + len(label):]
    if remark:
        tail = re.sub(r"\([^()]*(?:%|persons?|holder)[^()]*\)", "", tail, flags=re.I)
    marks = [next(g for g in m.groups() if g).translate(_SUPERSCRIPTS) for m in _MARK_IN.finditer(tail)]
    marks += [m for m in cell_marks if m not in marks]     # marks printed in cells of their own
    clean = " ".join(fold(label).split())
    if lead_cell is not None:
        clean = " ".join(fold(lead_cell.text).split()) + " " + clean
        ls = lead_cell.start + len(text[lead_cell.start:lead_cell.end]) - len(text[lead_cell.start:lead_cell.end].lstrip())
    labels[clean] += 1
    key = clean if labels[clean] == 1 else f"{clean} ({labels[clean]})"
    position = EntityRef("SellingStockholderPosition", key)
    row_notes = [notes[m] for m in marks if m in notes]
    group = _GROUP_ROW.match(clean)
    unnamed = bool(_ALL_OTHER.match(clean))
    row = Row(label=clean, start=ls, end=le, marks=marks, notes=row_notes, position=position, named=None,
              group=bool(group), table=table)
    ctx.add(OFFERING, "position", position, ls, le)
    ctx.add(position, "rowLabel", clean, ls, le)
    if unnamed:
        return row        # "All other selling stockholders": a selling row that names no holder
    if group:
        x = group.group("x") or group.group("y")
        if x and (_PLACEHOLDER.search(x) or not re.search(r"[A-Z]", x)):
            x = None
        at = fold(label).find(x) if x else -1
        xs, xe = (ls + at, ls + at + len(x)) if at >= 0 else (ls, le)
        row.named = ctx.mention(x, xs, xe) if x else None
        holders = _footnote_holders(ctx, row_notes, plain=False)
    else:
        name = clean if lead_cell is not None else label
        article = re.match(r"The\s+(?=[A-Z])", name)     # "The Marlowe Trust": the party is "Marlowe Trust"
        fuller = _fuller_name(ctx, name, row_notes)
        if fuller is not None:     # "Hill Fund" in the table, "Hill Fund LP" in its footnote: one party
            row.named = ctx.party(fuller.name, fuller.start, fuller.end)
            ctx.add(row.named, "alias", name, ls, le)
        elif article and lead_cell is None:
            row.named = ctx.party(name[article.end():], ls + article.end(), le)
        else:
            row.named = ctx.party(name, ls, le)
        holders = _footnote_holders(ctx, row_notes, plain=True)
        holders = [h for h in holders if h[0] != row.named]
        if not holders and any(_SECOND_ITEM.search(ctx.folded, n.start, n.end) for n in row_notes):
            # "Represents (i) 100 shares held by Foo Fund LP and (ii) 50 shares held by Foo Offshore Ltd.": a row
            # named for one fund that lists the shares of several; its holders are those the footnote lists
            listed = _footnote_holders(ctx, row_notes, plain=False)
            names = {legal_key(h[0].key) for h in listed}
            if len(names) >= 2 and legal_key(row.named.key) in names:
                holders = listed
        ctx.add(OFFERING, "sellingStockholder", row.named, ls, le)
        if not holders:
            holders = [(row.named, ls, le)]
    known = ctx.scratch.get("selling_table.known")
    if known is None:
        known = ctx.scratch["selling_table.known"] = set(ctx.selling_stockholders)
    for ref, hs, he in holders:
        if ref not in row.holders:
            row.holders.append(ref)
        ctx.add(position, "holder", ref, hs, he)
        ctx.add(OFFERING, "sellingStockholder", ref, hs, he)
        if ref not in known:    # a set beside the list: a table of thousands of rows stays linear
            known.add(ref)
            ctx.selling_stockholders.append(ref)
    return row


#: where a holder's address starts in its name cell: a street number, "c/o", a post box, "Rue" ...
_ADDRESS = re.compile(r"\s+(?=\d{1,6}\s+[A-Z]|c/o\b|P\.?\s?O\.?\s+Box\b|(?:Rue|Via|Calle|Avenida|Avenue|Av\.|Boulevard|"
                      r"Chemin|Route|Rua|Piazza|Plaza|Place)\s+\S|[A-Z][a-z]+(?:stra(?:ss|\u00df)e|gasse|weg|platz|straat|"
                      r"laan|plein|gatan|vej|vei)\s+\d)", re.I)
#: ... when a postal code follows (US ZIP, Canadian or UK code, a four- or five-digit code before or after a
#: capitalised word, a code with its country's letters "CH-8001") or the address ends with a country
_POSTAL = re.compile(r"\b\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|,\s*\d{4}\s+[A-Z][a-z]+|"
                     r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b[A-Z]{1,2}-\d{4,5}\b|\b\d{4,5}\s+[A-Z][a-z]+\W*$|"
                     r"\b(?:Switzerland|Canada|Germany|France|Italy|Spain|Portugal|Austria|Belgium|Netherlands|Luxembourg|"
                     r"Ireland|United\s+Kingdom|UK|England|Scotland|Israel|Singapore|Hong\s+Kong|Japan|China|Australia|"
                     r"Cayman\s+Islands|Bermuda|British\s+Virgin\s+Islands|Sweden|Norway|Denmark|Finland|Monaco|Liechtenstein|"
                     r"Cyprus|Malta|United\s+Arab\s+Emirates|Mexico|Brazil|India|Korea|Taiwan)\W*$")


def _fuller_name(ctx, name: str, notes: list[Cell]):
    """The legal name a row's footnote gives the party its name cell prints without a legal form."""
    key = legal_key(name)
    for note in notes:
        for org in ctx.organizations(note.start, note.end):
            if len(org.name) > len(name) and legal_key(org.name) == key and org.name.startswith(name):
                return org
    return None


_SECOND_ITEM = re.compile(r"\(ii\)|\(b\)")
_HELD_BY = re.compile(r"\b(?:held|owned|purchased|acquired|subscribed\s+for)\s+(?:directly\s+|of\s+record\s+|indirectly\s+)?"
                      r"(?:directly\s+|of\s+record\s+)?(?:in\s+(?:the|a|our)\s+[^,.;()]{1,40}?\s+)?by\s+(?:each\s+of\s+)?", re.I)
#: "wholly owned by" states a parent, "previously held by" a past holder: neither names the holder
_NOT_HOLDER_BEFORE = re.compile(r"\b(?:wholly|majority|previously|formerly|originally|jointly|beneficially)\s+$", re.I)
_ARE_HELD = re.compile(r"(?=[sw])\b(?:securities|shares|warrants|stock)\b[^.;]{0,80}?\b(?:are|is|were)\s+"
                       r"(?:directly\s+)?(?:held|owned)\s+(?:directly\s+|of\s+record\s+)?(?:directly\s+)?by\s+", re.I)
_HOLDER_SEP = re.compile(r"\s*(?:\([^()]{0,80}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:by\s+)?")
_DISCLAIM = re.compile(r"\bdisclaim|\bmay\s+be\s+deemed\b|\bcould\s+be\s+deemed\b", re.I)


def _footnote_holders(ctx, notes: list[Cell], plain: bool) -> list[tuple[EntityRef, int, int]]:
    """The legal holders a row's footnotes name: "... held directly by Larkmoor Capital Fund, LP ..."."""
    folded = ctx.folded
    out: list[tuple[EntityRef, int, int]] = []
    for note in notes:
        ctx.scan(note.start, note.end)
        for ss, se in sentences(folded, note.start, note.end):
            pattern = _ARE_HELD if plain else _HELD_BY
            for m in pattern.finditer(folded, ss, se):
                clause_start = max(folded.rfind(";", ss, m.start()), ss)
                if _DISCLAIM.search(folded, clause_start, m.start()) or \
                        _NOT_HOLDER_BEFORE.search(folded, max(ss, m.start() - 14), m.start()):
                    continue
                orgs = ctx.organizations(m.end(), se)
                if orgs and orgs[0].start == m.end():
                    # "held by A ("A'") and B" : the coordinated list
                    listed = [orgs[0]]
                    for o in orgs[1:]:
                        if not _HOLDER_SEP.fullmatch(folded[listed[-1].end:o.start]):
                            break
                        listed.append(o)
                    for o in listed:
                        out.append((ctx.mention(o.name, o.start, o.end), o.start, o.end))
                    continue
                fund = None if plain else fund_name_at(folded, m.end(), se)
                if fund is not None and f'"{fund.name}"' in folded[note.start:note.end]:
                    fund = None            # a term the footnote defines ("Growth Fund"), not a name
                if fund is not None:       # "(vi) 500 shares held by Foo Allocation Portfolio, (vii) ..."
                    out.append((ctx.mention(fund.name, fund.start, fund.end), fund.start, fund.end))
                    continue
                person = find_person_at(folded, m.end(), se)
                if person and re.match(r"\s+[A-Z0-9(]", folded[person.end:person.end + 2]):
                    person = None     # cut from a longer capitalised name ("T. Roe Moderate Allocation Portfolio")
                if person and not plain:
                    out.append((ctx.mention(person.name, person.start, person.end, "Person"), person.start,
                                person.end))
    # "Quarry Fund LLC" and, later, "Quarry Fund": one holder, by its full name
    full: dict[str, tuple[EntityRef, int, int]] = {}
    for ref, hs, he in out:
        key = legal_key(ref.key)
        if key not in full or len(ref.key) > len(full[key][0].key):
            full[key] = (ref, hs, he)
    return [full[legal_key(ref.key)] if len(full[legal_key(ref.key)][0].key) > len(ref.key) else (ref, hs, he)
            for ref, hs, he in out]
