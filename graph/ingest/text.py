"""Plain-text ingest helpers: fixed-width tables of old EDGAR text filings, and ``<PAGE>`` markers.

EDGAR text filings of the 1990s (the ASCII format of the EDGAR Filer Manual before HTML) print
tables as aligned columns: cells separated by two or more spaces (or a TAB), numbers right-aligned,
column heads over several lines, underlined with ``----`` rules, optionally fenced by the SGML tags
``<TABLE>``, ``<CAPTION>``, ``<S>``, ``<C>`` and ``<FN>`` (footnotes), with ``<PAGE>`` marking page
breaks. The text itself is never changed here: :func:`text_tables` returns :class:`Table` objects
whose cell offsets index the text given (``text[c.start:c.end] == c.text``).

Table detection, outside ``<TABLE>`` fences: a *row* is a line of at least two cells (split at two or
more spaces, a TAB, or a dot leader ``.....``) one of which after the first is a number (``500,000``,
``6.2%``, ``$ 1.25``, ``(1,000)``, ``—``, ``-0-``, ``*``) and which is not justified prose (at most one
cell is a lone lower-case word). A table is a run of at least two rows, or one row under a column
head, with column-head lines, ``----`` rules, single blank lines and short wrapped cells between
them; column-head lines directly above the first row (up to six lines) belong to it. Inside a
``<TABLE>`` fence every line with text is a row, except the markup lines and what follows ``<FN>``.

Cells: the text of each cell as printed; rules and empty columns give no cells. A lone ``$`` cell is
merged with the cell after it, a lone ``%`` or ``)`` with the cell before it; a merged cell spans
both as printed (``$   600,000``), so it may hold the spaces between them.

Footnotes: after the last row, past blank lines and rules, each paragraph starting with a footnote
mark (``*``, ``(1)``, ``(a)``, ``†``) becomes one :class:`Cell` (spanning its continuation lines),
until a line that is neither.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import Cell, Table

_TOKEN = re.compile(r"[^\s]+")
_DOTS = re.compile(r"\.{3,}")
_NUMBER = re.compile(r"(?:\$|US\$)?\s*\(?\s*[-\u2013\u2014]?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*%?\s*\)?%?"
                     r"(?:\s*\(\d{1,2}\))?|[-\u2013\u2014]{1,2}|-0-|\*{1,3}|n/?a|nil|none", re.I)
_LOWER_WORD = re.compile(r"[a-z][a-z'\u2019]*[,;:]?")
_RULE = re.compile(r"[\s\-=_\u2013\u2014]*[-=_\u2013\u2014]{3,}[\s\-=_\u2013\u2014]*")
_MARKUP = re.compile(r"\s*(</?(?:PAGE|TABLE|CAPTION|S|C|FN|F\d{1,2})>\s*)+\d*\s*", re.I)
_FENCE_OPEN = re.compile(r"\s*<TABLE>", re.I)
_FENCE_CLOSE = re.compile(r"\s*</TABLE>", re.I)
_FN_TAG = re.compile(r"\s*<FN>", re.I)
_FOOTNOTE = re.compile(r"\s*(?:<F\d{1,2}>\s*)?(\(\d{1,2}\)|\([a-z]\)|\*{1,3}|[†‡§]+|\d{1,2}\)|\[\d{1,2}\])(\s|$)", re.I)
_PAGE_LINE = re.compile(r"^[ \t]*<PAGE>[ \t]*\d*[ \t]*(?:\n|$)", re.I | re.M)

_MAX_HEAD = 6


def strip_page_markers(text: str) -> str:
    """The text without the lines that hold only a ``<PAGE>`` marker (and a page number)."""
    if "<PAGE>" not in text and "<page>" not in text:
        return text
    return _PAGE_LINE.sub("", text)


def _cells(line: str, base: int) -> list[tuple[int, int]]:
    """Cells of one line as (start, end) offsets: tokens joined by single spaces form a cell."""
    cells: list[list[int]] = []
    prev_end = -10
    for m in _TOKEN.finditer(line):
        s, e = m.start(), m.end()
        tok = m.group()
        if _DOTS.fullmatch(tok):
            prev_end = -10         # a dot leader separates cells
            continue
        lead = _DOTS.search(tok)
        if lead and lead.end() == len(tok):
            e = s + lead.start()   # "Partners.........": the leader is no part of the cell
            gap_after = True
        else:
            gap_after = False
        if cells and s - prev_end == 1 and line[prev_end] == " ":
            cells[-1][1] = e
        else:
            cells.append([s, e])
        prev_end = -10 if gap_after else m.end()
    out = []
    for s, e in cells:
        if e > s:
            out.append((base + s, base + e))
    return out


def _merge(text: str, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    carry: int | None = None
    for s, e in cells:
        value = text[s:e]
        if value in ("$", "US$", "("):
            if carry is None:
                carry = s
            continue
        if carry is not None:
            s, carry = carry, None
        if out and value in ("%", ")", "%)", ")%"):
            out[-1][1] = e
        else:
            out.append([s, e])
    if carry is not None:
        if out:
            out[-1][1] = max(out[-1][1], cells[-1][1])
        else:
            out.append([carry, cells[-1][1]])
    return [(s, e) for s, e in out]


def _kind(text: str, cells: list[tuple[int, int]], line: str) -> str:
    """"row", "head", "rule", "blank", "wrap" (one short cell) or "text"."""
    if not line.strip():
        return "blank"
    if _RULE.fullmatch(line):
        return "rule"
    if _MARKUP.fullmatch(line):
        return "markup"
    values = [text[s:e] for s, e in cells]
    if len(values) >= 2:
        lower = sum(1 for v in values if _LOWER_WORD.fullmatch(v))
        if lower <= 1:
            if any(_NUMBER.fullmatch(v) for v in values[1:]):
                return "row"
            if all(len(v) <= 40 for v in values) and not line.rstrip().endswith((".", ";", ",")):
                return "head"
    elif len(values) == 1 and len(values[0]) <= 40 and not values[0].endswith("."):
        return "wrap"
    return "text"


def _footnotes(text: str, lines: list[tuple[int, int]], i: int) -> list[Cell]:
    """Footnote paragraphs starting at line ``i`` (past blank lines and rules)."""
    notes: list[Cell] = []
    n = len(lines)
    while i < n:
        s, e = lines[i]
        line = text[s:e]
        if not line.strip() or _RULE.fullmatch(line) or _MARKUP.fullmatch(line) or _FN_TAG.match(line):
            i += 1
            continue
        if not _FOOTNOTE.match(line):
            break
        j = i + 1
        while j < n:
            ls, le = lines[j]
            nxt = text[ls:le]
            if not nxt.strip() or _FOOTNOTE.match(nxt) or _MARKUP.fullmatch(nxt) or _RULE.fullmatch(nxt):
                break
            j += 1
        start = s + len(line) - len(line.lstrip())
        end_line = text[lines[j - 1][0]:lines[j - 1][1]]
        end = lines[j - 1][0] + len(end_line.rstrip())
        notes.append(Cell(text[start:end], start, end))
        i = j
    return notes


def _table(text: str, rows: list[list[tuple[int, int]]], notes: list[Cell]) -> Table | None:
    rows = [[(s, e) for s, e in r if not _RULE.fullmatch(text[s:e])] for r in rows]
    cell_rows = tuple(tuple(Cell(text[s:e], s, e) for s, e in _merge(text, r)) for r in rows if r)
    cell_rows = tuple(r for r in cell_rows if r)
    if not cell_rows:
        return None
    return Table(rows=cell_rows, start=cell_rows[0][0].start, end=cell_rows[-1][-1].end, footnotes=tuple(notes))


def text_tables(text: str) -> list[Table]:
    """Fixed-width tables of a plain-text document, with offsets into ``text`` (see module doc)."""
    lines: list[tuple[int, int]] = []     # (start, end) of each line, without its "\n"
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    n = len(lines)
    kinds: list[str] = []
    cells: list[list[tuple[int, int]]] = []
    for s, e in lines:
        line = text[s:e]
        stripped = line.strip()
        if stripped and ("  " in stripped or "\t" in stripped or "..." in stripped):
            cs = _cells(line, s)
        elif stripped:
            cs = [(s + len(line) - len(line.lstrip()), s + len(line.rstrip()))]
        else:
            cs = []
        cells.append(cs)
        kinds.append(_kind(text, cs, line))

    tables: list[Table] = []
    i = 0
    while i < n:
        s, e = lines[i]
        if _FENCE_OPEN.match(text[s:e]):
            j = i + 1
            rows: list[list[tuple[int, int]]] = []
            fn_at = None
            while j < n and not _FENCE_CLOSE.match(text[lines[j][0]:lines[j][1]]):
                line = text[lines[j][0]:lines[j][1]]
                if _FN_TAG.match(line):
                    fn_at = j
                    break
                if kinds[j] not in ("blank", "rule", "markup"):
                    rows.append(cells[j])
                j += 1
            notes: list[Cell] = []
            if fn_at is not None:
                k = fn_at + 1
                close = k
                while close < n and not _FENCE_CLOSE.match(text[lines[close][0]:lines[close][1]]):
                    close += 1
                notes = _footnotes(text, lines[:close], k)
                j = close
            else:
                notes = _footnotes(text, lines, j + 1) if j < n else []
            t = _table(text, rows, notes)
            if t:
                tables.append(t)
            i = j + 1
            continue
        if kinds[i] != "row":
            i += 1
            continue
        # extend downwards over rows, heads, rules, wrapped cells and single blank lines
        j = i
        last_row = i
        row_count = 0
        while j < n:
            k = kinds[j]
            if k == "row":
                row_count += 1
                last_row = j
            elif k in ("head", "rule", "wrap"):
                if j - last_row > 2:
                    break
            elif k == "blank":
                if j + 1 < n and kinds[j + 1] == "blank":
                    break
            else:
                break
            j += 1
        # column heads directly above the first row
        top = i
        k = i - 1
        while k >= 0 and i - k <= _MAX_HEAD and kinds[k] in ("head", "rule", "wrap", "blank"):
            if kinds[k] == "blank" and (k == 0 or kinds[k - 1] == "blank"):
                break
            if kinds[k] in ("head", "rule"):
                top = k           # a lone short line above the heads is a title, not a column head
            k -= 1
        has_head = any(kinds[x] == "head" for x in range(top, i))
        if row_count >= 2 or (row_count == 1 and has_head):
            rows = [cells[x] for x in range(top, last_row + 1) if kinds[x] in ("row", "head", "wrap")]
            t = _table(text, rows, _footnotes(text, lines, last_row + 1))
            if t:
                tables.append(t)
        i = max(last_row + 1, i + 1)
    return tables
