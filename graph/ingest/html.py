"""HTML ingest: an EDGAR HTML filing (HTML 4 / XHTML, Inline XBRL) -> canonical text and tables.

The canonical text is what a reader sees, one line per visual line:

* Block elements (``p``, ``div``, ``h1``-``h6``, ``li``, ``blockquote``, ``center``, ``hr``, ...)
  start and end a paragraph; paragraphs are separated by one blank line (``"\\n\\n"``), ``<br>`` by a
  single ``"\\n"``. Inside a paragraph runs of ASCII white space collapse to one space; inline elements
  (``font``, ``b``, ``a``, ``span``, ``ix:nonNumeric`` ...) add nothing, so ``<font>Inc</font>.`` stays
  ``Inc.`` and ``7<font>,763</font>`` stays ``7,763``; an empty ``display:inline-block`` box (a tab
  stop) counts as a space. Entities are decoded (HTML5 rules, so ``&#150;``
  is an en dash); other characters (no-break spaces, U+200B, curly quotes) are kept as printed, except
  that white space and invisible format characters are trimmed from both ends of each line, and lines
  holding nothing else are dropped. ``<pre>`` keeps its line breaks and spacing.
* Not rendered: ``head``, ``script``, ``style``, ``template``, Inline XBRL ``ix:header`` (with its
  ``ix:hidden`` facts, contexts and units), any element with ``display:none`` or
  ``visibility:hidden`` or the ``hidden`` attribute, and navigation links ("Table of Contents",
  "Back to top") that are a line of their own.
* Page furniture: EDGAR marks page breaks with ``page-break-before/after`` (or ``break-before: page``)
  styles and ``<hr>``. Within two lines of a break, a line that is only a page number ("12", "S-3",
  "ii", "Page 4", "- 7 -") is dropped; a short line that recurs at three or more page breaks (a
  running header or footer) is dropped everywhere except its first occurrence.
* Tables: a ``<table>`` holding another table, or with a single cell, is layout: its cells are plain
  paragraphs. Any other table renders one row per line, its non-empty cells joined by one TAB.
  Empty cells are dropped (the text and :attr:`Table.rows` hold non-empty cells only), and cells
  EDGAR splits off are merged with their neighbour without a separator: a lone currency sign or
  ``(`` joins the next cell (``$`` + ``1,000`` -> ``$1,000``), a lone ``%``, ``)`` or ``%)`` joins the
  previous one (``5.2`` + ``%`` -> ``5.2%``), and a lone footnote mark (``(1)``, ``*``) joins a
  preceding non-numeric cell (``Name`` + ``(1)`` -> ``Name(1)``). Tables whose rows are all a list
  marker plus text (bullet lists, footnote lists laid out as tables) and one-column tables are not
  tables: each row becomes a paragraph, marker and text joined by one space (``(1) Consists of ...``).
  The remaining tables with at least one row of two or more cells are :class:`Table` objects whose
  :class:`Cell` offsets index the canonical text (``text[c.start:c.end] == c.text``).
* Footnotes: the paragraphs right after a table that start with a footnote mark (``(1)``, ``(a)``,
  ``[1]``, ``*``, ``†``, ``‡``, ``§``, ``#``, ``+``, a superscript element, a superscript digit, or
  ``1.``, ``2.`` ... numbered in sequence from one), up
  to the first paragraph that does not (rule lines of ``_`` or ``-`` are skipped; bulleted paragraphs
  after a footnote belong to it), become :attr:`Table.footnotes`, one :class:`Cell` per paragraph
  (a footnote that ends without closing punctuation continues in the next paragraph that starts
  without a mark: a footnote split by a page break is one cell, the break inside it);
  one-cell rows at the end of the table that start with such a mark are footnotes too (they stay in
  :attr:`Table.rows` as well). A footnote mark alone in its paragraph (a floated box) is joined to
  the paragraph after it with one space, and a paragraph cut by a page break (it ends without
  closing punctuation and the next one, after the break, starts in lower case) is joined again.
  A table continued over a page break (the next page starts with a table of as many columns, empty
  ones included, perhaps under a "... (continued)" line) is one table: the continuation's leading rows that repeat the first
  part's rows (the column heads) are dropped, and so is the "(continued)" line.

Parsing uses selectolax's lexbor backend (an HTML5 parser, so truncated and malformed markup never
raises). The DOM is marked with Unicode noncharacters (U+FDD0..U+FDDF) at block, row, cell and page
boundaries, flattened with one ``text()`` call, and the marked string is turned into paragraph and
table items in one pass; :func:`_render` is the one place where offsets are assigned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from prospectus_kg.graph.models import Cell, Document, Table
from prospectus_kg.graph.ingest.textrepair import fold

# --- markers (Unicode noncharacters: never part of interchanged text) -----------------------------
# Each is two characters, the same first one and a code: the split below then looks for one literal
# character (fast) instead of a character range (~2x slower over a whole filing).
_M = "\ufddf"
_B = _M + "\ufdd0"    # block boundary (paragraph break)
_BR = _M + "\ufdd1"   # <br>: line break
_PG = _M + "\ufdd2"   # page break
_TS = _M + "\ufdd3"   # table start
_TE = _M + "\ufdd4"   # table end
_RS = _M + "\ufdd5"   # row start
_RE = _M + "\ufdd6"   # row end
_CS = _M + "\ufdd7"   # cell start
_CE = _M + "\ufdd8"   # cell end
_PS = _M + "\ufdd9"   # <pre> start
_PE = _M + "\ufdda"   # <pre> end
_SUP = _M + "\ufddb"  # start of a superscript
_ORDINALS = {"st", "nd", "rd", "th", "er", "e"}
_ANY_MARK = re.compile("[\ufdd0-\ufdef]")
_SPLIT = re.compile("(\ufddf[\ufdd0-\ufddb])")
#: The marks that end a cell's text; any other mark inside a cell is a space (or nothing: _SUP).
_ROW_MARKS = frozenset((_CE, _RE, _TE, _TS, _RS, _CS))

_BLOCK_TAGS = ("address, article, aside, blockquote, center, dd, details, dialog, dir, div, dl, dt, "
               "fieldset, figcaption, figure, footer, form, h1, h2, h3, h4, h5, h6, header, hgroup, "
               "li, main, menu, nav, ol, p, section, summary, ul, caption, legend, option, title, "
               "body, iframe, object, listing, plaintext, xmp")
_BLOCK_TAG_SET = frozenset(tag.strip() for tag in _BLOCK_TAGS.split(","))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BREAK_BEFORE = re.compile(r"page-break-before\s*:\s*always|(?<![-\w])break-before\s*:\s*(page|always)", re.I)
_BREAK_AFTER = re.compile(r"page-break-after\s*:\s*always|(?<![-\w])break-after\s*:\s*(page|always)", re.I)
_NAV_TEXT = re.compile(r"(back to |return to |go to |go back to )?(the )?(top|table of contents|contents|toc|index"
                       r"|top of page|top of document)", re.I)

#: Characters trimmed from both ends of a line (white space and invisible format characters).
BLANK = " \t\n\r\f\v\xa0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
        "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u202f\u205f\u2060" \
        "\u3000\ufeff"
_WS = re.compile(r"[ \t\n\r\f\v]+")
#: The runs of white space that ``_WS.sub(" ", ...)`` changes (same result, fewer replacements).
_WS_CHANGE = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")


#: White space to ``str.split()`` that ``_WS`` leaves alone (``str.isspace`` minus `` \t\n\r\f\v``).
_OTHER_SPACE = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _collapse(raw: str) -> str:
    """``_WS.sub(" ", raw).strip(BLANK)``: stripping first is the same (a run of white space never
    crosses the first or last character that is not blank) and skips blank text. Most paragraphs have
    only single spaces and line breaks (the source's line wrapping): those need one ``replace``.
    Otherwise, without other white space, ``str.split`` finds the same runs, faster than the regex."""
    text = raw.strip(BLANK)
    if not text:
        return text
    if "\n" in text:
        text = text.replace("\n", " ")
    if "  " not in text and "\t" not in text and "\r" not in text and "\f" not in text and "\v" not in text:
        return text
    if _OTHER_SPACE.search(text):
        return _WS_CHANGE.sub(" ", text)
    return " ".join(text.split())

# --- page furniture --------------------------------------------------------------------------------
_ROMAN = r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(rf"(?:page\s+)?[-\u2013\u2014]?\s*(?:[a-z]{{1,3}}-)?(?=[\divxlcdm])(?:\d{{1,3}}|{_ROMAN})\s*[-\u2013\u2014]?"
                          rf"(?:\s+of\s+\d{{1,3}})?", re.I)
_RUNNING_MAX = 80

# --- table cells -----------------------------------------------------------------------------------
_JOIN_NEXT = re.compile(r"(\$|US\$|C\$|A\$|€|£|¥|\(|\$\(|\(\$)")
_JOIN_PREV = re.compile(r"(%|\)|%\)|\)%|pts?\.?|bps)")
_NOTE_MARK = re.compile(r"(\(\d{1,2}\)|\([a-z]\)|\*{1,3}|[†‡§¶]+)(\s*\(\d{1,2}\))*", re.I)
_NOTE_FIRST = "(*†‡§¶"
_NUMERIC = re.compile(r"[\s$%()\-\u2013\u2014.,\d*]*")
_LIST_MARK = re.compile(r"(?:[\u2022\u00b7\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\u27a2\u2713\u2714\uf0b7\uf0a7"
                        r"\uf0d8\uf0fc\u2014\u2013\-*†‡§#+o]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|"
                        r"\(\d{1,2}\)|\([a-z]\)|\([ivx]{1,4}\))", re.I)

# --- footnotes -------------------------------------------------------------------------------------
_FOOTNOTE = re.compile(r"(\(\d{1,2}\)|\(\s?[a-z]\s?\)|\[\d{1,2}\]|\*{1,3}|[†‡§¶#+]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)", re.I)
#: A footnote numbered "1. ", "2. " (in sequence from 1 right after the table).
_NUMBERED_NOTE = re.compile(r"(\d{1,2})\.\s+(?=[A-Z\"“(])")
#: A paragraph that is only a marker, set apart by a floated box (Workiva, Toppan): joins the next one.
#: (Six characters at most: "(viii)".)
_LONE_MARK = re.compile(r"[\u2022\u00b7\u25cf\u25aa\u25a0\u25e6\uf0b7\uf0a7*†‡§#]|\(\d{1,2}\)|\d{1,2}[.)]|\([a-z]\)|"
                        r"\([ivx]{1,4}\)", re.I)
_CONTINUED = re.compile(r"\((continued|cont(\'|\u2019)?d\.?)\)\s*$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
_BULLET = re.compile(r"[\u2022\u00b7\u25cf\u25aa\u25a0\u25e6\uf0b7\uf0a7\u2013\u2014-] ")
_RULE_LINE = re.compile(r"[_\-\u2013\u2014=\s]{3,}")


@dataclass(slots=True)
class _Para:
    text: str
    brk: int                 # separator before it: 1 = "\n", 2 = "\n\n"
    sup_first: bool = False  # starts with a superscript (a footnote mark)
    pre: bool = False
    from_table: bool = False  # a row of a list or one-column table


@dataclass(slots=True)
class _Tab:
    rows: list[list[str]]
    brk: int = 2
    columns: int = 0          # cells in the widest row as marked up, empty ones included


@dataclass(slots=True)
class _Page:
    brk: int = 2


@dataclass(slots=True)
class HtmlText:
    """The result of :func:`html_to_text`: canonical text, tables and notes for ``Document.warnings``."""

    text: str
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# === DOM phase =====================================================================================

def _decompose_all(nodes) -> None:
    # Reverse document order: a descendant is removed before its ancestor, never after.
    for node in reversed(list(nodes)):
        node.decompose()


def _mark(tree: LexborHTMLParser) -> str:
    """Strip what is not rendered, mark structure, and return the body text with markers."""
    body = tree.body
    if body is None:
        return ""
    _decompose_all(n for n in tree.css('[style*="none" i], [style*="hidden" i]')
                   if _HIDDEN_STYLE.search(n.attributes.get("style") or ""))
    _decompose_all(tree.css(r"[hidden], ix\:header, ix\:hidden, script, style, template, noscript, head"))
    for link in tree.css('a[href^="#"]'):
        label = (link.text() or "").strip(BLANK)
        if label and len(label) < 40 and _NAV_TEXT.fullmatch(" ".join(fold(label).split())):
            parent = link.parent
            if parent is not None and (parent.text() or "").strip(BLANK) == label:
                link.decompose()

    for node in tree.css('[style*="break" i]'):
        style = node.attributes.get("style") or ""
        if _BREAK_BEFORE.search(style):
            node.insert_before(_PG)
        if _BREAK_AFTER.search(style):
            node.insert_after(_PG)
    for node in tree.css("hr"):
        node.insert_after(_PG)
    for node in tree.css('[style*="inline-block" i]'):
        if not (node.text() or "").strip(BLANK):
            node.insert_after(" ")    # an empty inline-block is a tab stop: "(1)<span ...></span>Text"

    # A table holding another table is layout: one query finds them all (not one query per table), and
    # each walk up stops at a table already known to be layout (its ancestors are too): linear in depth.
    layout = set()
    for inner in tree.css("table table"):
        node = inner.parent
        while node is not None:
            if node.tag == "table":
                if node.mem_id in layout:
                    break
                layout.add(node.mem_id)
            node = node.parent
    # Each row and cell is marked once, by the table it belongs to (its nearest table): a block in a
    # layout table, in a table of one cell or nested in another table, else a row or cell of a data
    # table. (Marking every row and cell below each table made deep nesting quadratic or worse.) A
    # layout table holds other tables, so a data table's rows and cells are all its own.
    own: dict[int, list] = {}
    for part in tree.css("tr, td, th"):
        node = part.parent
        while node is not None and node.tag != "table":
            node = node.parent
        if node is not None:
            own.setdefault(node.mem_id, []).append(part)
    for table in tree.css("table"):
        parts = own.get(table.mem_id, [])
        cells = [part for part in parts if part.tag != "tr"]
        if table.mem_id in layout or len(cells) <= 1:
            for part in parts:
                part.insert_before(_B)
                part.insert_after(_B)
            table.insert_before(_B)
            table.insert_after(_B)
            continue
        node = table.parent
        while node is not None and node.tag != "table":
            node = node.parent
        if node is not None:    # a data table inside a layout table: its rows and cells are blocks of that one too
            for part in parts:
                part.insert_before(_B)
                part.insert_after(_B)
        table.insert_before(_TS)
        table.insert_after(_TE)
        for row in parts:
            if row.tag == "tr":
                row.insert_before(_RS)
                row.insert_after(_RE)
        for cell in cells:
            cell.insert_before(_CS)
            cell.insert_after(_CE)
    # One walk over the elements instead of three selector queries (the 46-type list is the slow one);
    # document order, as css() gives.
    blocks, breaks, pres = [], [], []
    for node in tree.root.traverse():
        tag = node.tag
        if tag in _BLOCK_TAG_SET:
            blocks.append(node)
        elif tag == "br":
            breaks.append(node)
        elif tag == "pre":
            pres.append(node)
    for node in blocks:
        node.insert_before(_B)
        node.insert_after(_B)
    for node in breaks:
        node.insert_after(_BR)
    for node in pres:
        node.insert_before(_PS)
        node.insert_after(_PE)
    for node in tree.css('sup, [style*="super" i]'):
        node.insert_before(_SUP)
        # A footnote mark printed as a superscript is bracketed, so "100<sup>2</sup>" reads "100(2)",
        # never the wrong number "1002"; ordinals ("1<sup>st</sup>") stay as they are.
        mark = (node.text(deep=True) or "").strip()
        size = len(mark) - mark.count(_M)     # a marker inside (a break) counts as one character
        if 0 < size <= 4 and mark[0] not in "([" and mark.lower() not in _ORDINALS:
            node.insert_before("(")
            node.insert_after(")")
    return body.text(deep=True) or ""


# === flattening: marked string -> items ============================================================

def _items(marked: str) -> list[_Para | _Tab | _Page]:
    items: list[_Para | _Tab | _Page] = []
    buf: list[str] = []
    brk = 0
    sup_first = False
    pre = 0
    table_depth = 0
    rows: list[list[str]] | None = None
    row: list[str] | None = None
    cell: list[str] | None = None

    def flush() -> None:
        nonlocal brk
        raw = buf[0] if len(buf) == 1 else "".join(buf)
        buf.clear()
        if pre:
            lines = [ln.rstrip(BLANK) for ln in raw.split("\n")]
            while lines and not lines[0].strip(BLANK):
                lines.pop(0)
            while lines and not lines[-1].strip(BLANK):
                lines.pop()
            if lines:
                items.append(_Para("\n".join(lines), brk or 2, pre=True))
                brk = 0
        else:
            text = _collapse(raw)
            if text:
                items.append(_Para(text, brk or 2, sup_first))
                brk = 0

    parts = _SPLIT.split(marked)    # text, mark, text, mark, ..., text
    parts.append(None)
    for k in range(0, len(parts) - 1, 2):
        part, mark = parts[k], parts[k + 1]
        if cell is not None:
            if part:
                cell.append(part)
            if mark not in _ROW_MARKS:
                if mark != _SUP and mark is not None:
                    cell.append(" ")
                continue
        elif part and (part.strip(BLANK) or ((pre or buf) and not (table_depth and rows is not None))):
            buf.append(part)   # (white space is stripped before a paragraph and dropped between rows)
        if mark == _B:
            if buf:
                flush()
            sup_first = False
            brk = 2
        elif mark == _CS:
            if table_depth == 1 and rows is not None:
                if row is None:
                    row = []
                cell = []
        elif mark == _CE:
            if table_depth == 1 and rows is not None:
                if cell is not None and row is not None:
                    row.append("".join(cell))
                cell = None
        elif mark == _RS:
            if table_depth == 1 and rows is not None:
                row = []
                cell = None
        elif mark == _RE:
            if table_depth == 1 and rows is not None:
                if row is not None:
                    if cell is not None:
                        row.append("".join(cell))
                    if any(c.strip(BLANK) for c in row):
                        rows.append(row)
                row = cell = None
        elif mark == _SUP:
            if not "".join(buf).strip(BLANK):
                sup_first = True
        elif mark is None:
            break
        elif mark == _BR:
            if pre:
                buf.append("\n")
            else:
                if buf:
                    flush()
                sup_first = False
                brk = max(brk, 1)
        elif mark == _PG or mark == _PS or mark == _PE:
            if buf:
                flush()
            sup_first = False
            brk = 2
            if mark == _PG:
                items.append(_Page(2))
            elif mark == _PS:
                pre += 1
            else:
                pre = max(0, pre - 1)
        elif mark == _TS:
            table_depth += 1
            if table_depth == 1:
                if buf:
                    flush()
                sup_first = False
                brk = 2
                rows = []
        elif mark == _TE:
            if table_depth == 1:
                if cell is not None and row is not None:
                    row.append("".join(cell))
                if row is not None and rows is not None and any(c.strip(BLANK) for c in row):
                    rows.append(row)
                if rows:
                    items.append(_Tab(rows, 2))
                if buf:   # text that sat in the table outside any cell
                    flush()
                sup_first = False
                rows = row = cell = None
                brk = 2
            table_depth = max(0, table_depth - 1)
    if cell is not None and row is not None:
        row.append("".join(cell))
    if row and rows is not None and any(c.strip(BLANK) for c in row):
        rows.append(row)
    if rows:
        items.append(_Tab(rows, 2))
    if buf:
        flush()
    return items


# === tables ========================================================================================

def _merge_cells(raw: list[str]) -> list[str]:
    """Non-empty cells of one row, with split-off ``$``, ``%``, ``)`` and footnote marks merged."""
    cells = [c for c in map(_collapse, raw) if c]
    out: list[str] = []
    carry = ""
    for c in cells:     # (the length and first-character tests only skip the regexes where they fail)
        if len(c) <= 3 and _JOIN_NEXT.fullmatch(c):
            carry += c
            continue
        if carry:
            c = carry + c
            carry = ""
        if out and ((len(c) <= 4 and _JOIN_PREV.fullmatch(c)) or
                    (c[0] in _NOTE_FIRST and _NOTE_MARK.fullmatch(c) and not _NUMERIC.fullmatch(out[-1]))):
            out[-1] += c
        else:
            out.append(c)
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def _classify(tab: _Tab) -> tuple[str, list[list[str]]]:
    """("table" | "list" | "column", merged rows)."""
    rows = [r for r in (_merge_cells(r) for r in tab.rows) if r]
    if not rows:
        return "column", rows
    if all(len(r) == 1 for r in rows):
        return "column", rows
    if all(len(r) == 2 and _LIST_MARK.fullmatch(r[0]) and len(r[1]) > len(r[0]) for r in rows):
        return "list", rows
    return "table", rows


# === page furniture ================================================================================

def _flatten_tables(items: list) -> list:
    """Real tables keep their merged rows; list and one-column tables become paragraphs."""
    out: list = []
    for it in items:
        if isinstance(it, _Tab):
            kind, rows = _classify(it)
            if kind == "table":
                out.append(_Tab(rows, it.brk, max(map(len, it.rows))))
            else:
                out.extend(_Para(" ".join(r), 2 if k == 0 else 1, from_table=True) for k, r in enumerate(rows))
        else:
            out.append(it)
    return out


def _join_lone_marks(items: list) -> list:
    """``(1)`` or a bullet alone in a paragraph (a floated box) joins the paragraph after it."""
    out: list = []
    for it in items:
        prev = out[-1] if out else None
        if (isinstance(it, _Para) and not it.pre and isinstance(prev, _Para) and not prev.pre
                and len(prev.text) <= 6 and _LONE_MARK.fullmatch(prev.text) and not _LONE_MARK.fullmatch(it.text)):
            out[-1] = _Para(f"{prev.text} {it.text}", prev.brk, prev.sup_first, False, prev.from_table)
        else:
            out.append(it)
    return out


def _drop_page_furniture(items: list) -> list:
    """Drop page numbers and running heads at page breaks, then rejoin paragraphs split by a break."""
    items = items + [_Page(0)]          # the end of the document closes the last page (one line)
    pages = [i for i, it in enumerate(items) if isinstance(it, _Page)]
    drop: set[int] = set()
    near: dict[str, list[int]] = {}
    for p in pages:
        depth = 2 if items[p].brk else 1
        for step in (-1, 1):
            j, seen = p + step, 0
            while 0 <= j < len(items) and seen < depth:
                it = items[j]
                if isinstance(it, _Page):
                    j += step
                    continue
                if not isinstance(it, _Para) or it.pre:
                    break
                seen += 1
                if _PAGE_NUMBER.fullmatch(it.text):
                    drop.add(j)
                elif len(it.text) <= _RUNNING_MAX:
                    near.setdefault(" ".join(fold(it.text).lower().split()), []).append(j)
                j += step
    for where in near.values():
        where = sorted(set(where))
        if len(where) >= 3:
            drop.update(where[1:])
    out: list = []
    after_break = False
    held: list = []          # "(continued)" lines after a table, until we know what follows the break
    for i, it in enumerate(items):
        if i in drop:
            continue
        if isinstance(it, _Page):
            after_break = True
            continue
        prev = out[-1] if out else None
        if after_break and isinstance(prev, _Tab) and isinstance(it, _Para) and _CONTINUED.search(it.text):
            held.append(it)
            continue
        if (after_break and isinstance(it, _Para) and isinstance(prev, _Para) and not it.pre and not prev.pre
                and it.text[:1].islower() and not _SENTENCE_END.search(prev.text)):
            # a sentence that runs on over a page break: one paragraph again
            out[-1] = _Para(f"{prev.text} {it.text}", prev.brk, prev.sup_first, False, prev.from_table)
        elif after_break and isinstance(it, _Tab) and isinstance(prev, _Tab) and it.columns == prev.columns:
            # a table continued on the next page: one table, without the repeated column heads
            rows = list(it.rows)
            while rows and rows[0] in prev.rows[:len(it.rows)] and len(rows) > 1:
                rows.pop(0)
            out[-1] = _Tab(prev.rows + rows, prev.brk, prev.columns)
            held.clear()
        else:
            out.extend(held)
            held.clear()
            out.append(it)
        after_break = False
    out.extend(held)
    return out


# === rendering: the one place where offsets are assigned ===========================================

def _render(items: list) -> HtmlText:
    """Write the items out as canonical text; every offset (cells, footnotes) is assigned here."""
    out: list[str] = []
    pos = 0
    tables: list[Table] = []
    after: list[int] = []                        # per table: index of the first item after it
    para_spans: dict[int, tuple[int, int]] = {}  # item index -> (start, end) of a paragraph

    for idx, it in enumerate(items):
        if pos:
            brk = "\n" if isinstance(it, _Para) and it.brk == 1 else "\n\n"
            out.append(brk)
            pos += len(brk)
        if isinstance(it, _Para):
            out.append(it.text)
            para_spans[idx] = (pos, pos + len(it.text))
            pos += len(it.text)
            continue
        cell_rows: list[tuple[Cell, ...]] = []
        for r, cells in enumerate(it.rows):
            if r:
                out.append("\n")
                pos += 1
            line: list[Cell] = []
            for k, c in enumerate(cells):
                if k:
                    out.append("\t")
                    pos += 1
                out.append(c)
                line.append(Cell(c, pos, pos + len(c)))
                pos += len(c)
            cell_rows.append(tuple(line))
        tables.append(Table(rows=tuple(cell_rows), start=cell_rows[0][0].start, end=cell_rows[-1][-1].end))
        after.append(idx + 1)

    pending: list[tuple[int, set[int]]] = []
    for t_index, first in enumerate(after):
        table = tables[t_index]
        notes: list[Cell] = []
        for row in reversed(table.rows):          # footnote rows at the end of the table itself
            if len(row) == 1 and _FOOTNOTE.match(row[0].text) and len(row[0].text) > 3:
                notes.insert(0, row[0])
            else:
                break
        j = first
        numbered = 0                              # "1. ...", "2. ...": footnotes numbered in sequence
        merged: set[int] = set()                  # notes continued after a page break (text set below)
        while j < len(items) and isinstance(items[j], _Para):
            para = items[j]
            if _RULE_LINE.fullmatch(para.text):
                j += 1
                continue
            bullet = bool(notes) and _BULLET.match(para.text) is not None   # a list inside a footnote
            number = _NUMBERED_NOTE.match(para.text)
            in_sequence = number is not None and int(number.group(1)) == numbered + 1
            cut = (bool(notes) and not _SENTENCE_END.search(notes[-1].text) and not bullet
                   and not (_FOOTNOTE.match(para.text) or para.sup_first or number))
            if cut:       # a footnote split by a page break ("... the managing member of Global" | "Management, ...")
                start, end = para_spans[j]
                notes[-1] = Cell(para.text, notes[-1].start, end)
                merged.add(len(notes) - 1)
                j += 1
                continue
            if not (_FOOTNOTE.match(para.text) or para.sup_first or bullet or in_sequence) or len(para.text) < 4:
                break
            if in_sequence:
                numbered += 1
            start, end = para_spans[j]
            notes.append(Cell(para.text, start, end))
            j += 1
        if notes:
            tables[t_index] = Table(rows=table.rows, start=table.start, end=table.end, footnotes=tuple(notes))
        if merged:
            pending.append((t_index, merged))
    text = "".join(out)
    for t_index, merged in pending:
        table = tables[t_index]
        notes = tuple(Cell(text[n.start:n.end], n.start, n.end) if k in merged else n
                      for k, n in enumerate(table.footnotes))
        tables[t_index] = Table(rows=table.rows, start=table.start, end=table.end, footnotes=notes)
    return HtmlText(text, tables)


# === entry points ==================================================================================

def html_to_text(html: str) -> HtmlText:
    """Canonical text and tables of an HTML document (see the module docstring for the rules)."""
    if not html.isascii() and _ANY_MARK.search(html):
        html = _ANY_MARK.sub("", html)
    tree = LexborHTMLParser(html)
    marked = _mark(tree)
    items = _items(marked)
    items = _flatten_tables(items)
    items = _join_lone_marks(items)
    items = _drop_page_furniture(items)
    return _render(items)


def html_document(text: str, *, doc_id: str, source_path: str, encoding: str) -> Document:
    """A :class:`Document` (media type ``text/html``) with canonical text and tables; sections are
    left empty for :func:`graph.sections.segment`."""
    result = html_to_text(text)
    doc = Document(doc_id=doc_id, source_path=source_path, text=result.text, media_type="text/html",
                   encoding=encoding, tables=result.tables, warnings=list(result.warnings))
    if not result.text.strip():
        doc.warnings.append("the HTML holds no visible text")
    return doc
