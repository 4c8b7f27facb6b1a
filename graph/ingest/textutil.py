"""Small text utilities shared by the extractors: sentences, dates, numbers, list items.

All functions return offsets into the text they were given (the canonical text), and match on the
folded text (``graph.textrepair.fold``), which has the same length.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Iterator

import sentencex

from prospectus_kg.graph.models import GYear, GYearMonth

#: Abbreviations that end with a period inside a sentence (``graph.extract.issuer`` reads them too).
ABBREVIATIONS = {"inc", "corp", "co", "ltd", "no", "nos", "mr", "ms", "mrs", "dr", "st", "jr", "sr",
                  "u.s", "l.p", "n.w", "s.a", "n.v", "p.c", "l.l.c", "vs", "e.g", "i.e", "etc", "sec",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                  "approx", "esq", "llc", "lp", "plc", "seq", "b.v", "a.g", "al", "n.a"}
#: A legal form that ends a name: "... held by Foo Partners, L.L.P. The shares ..." ends a sentence
#: after it when a capitalised word follows that does not continue the name ("Halverson Stokes & Co.
#: LLC", "Pell & Co. Incorporated").
_LEGAL_END = re.compile(r"(?:\b(?:Inc|Corp|Co|Ltd|LLC|LP|LLP|PLC|plc|PLLC)|(?<![A-Za-z.])(?:L\.L\.C|L\.L\.P|L\.P|"
                        r"P\.C|P\.A|S\.A|N\.V|B\.V|A\.G|N\.A))\.$")
#: a line that ends inside a person's name: an initial or a title
_OPEN_NAME_END = re.compile(r"(?:^|\s)(?:[A-Z]|Mr|Ms|Mrs|Dr|Messrs)\.$")
_STOP = re.compile(r"\.[\"')\]]*[ \t]+(?=[\"']?[A-Z])")
#: a legal form next (after a fund's series number: "Foo Management Co. VI, L.L.C.")
_LEGAL_FORM_NEXT = re.compile(r"[\"'(\[]?(?:(?:[IVX]{1,4}|\d{1,4}),?\s+)?(?:Inc|LLC|L\.?P|LLP|L\.L\.[CP]|Ltd|Limited|Corp|Corporation|Incorporated|Co|"
                              r"Company|PLC|plc|SA|S\.A|AG|NV|N\.V|P\.C|PC)\b")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


#: "(ii)", "(a)", "(1)": sentencex reads a list item from such a marker to the next as one sentence
#: ("(1) Consists of ... held by Foo LLC. Mr. Lane has voting power ..."); it is given them unbracketed.
_ENUMERATOR = re.compile(r"\((?:[ivxlc]{1,5}|[A-Za-z]|\d{1,3})\)")


def _unbracket(m: re.Match) -> str:
    return " " + m.group()[1:-1] + " "


def _ascii(ch: re.Match) -> str:
    c = ch.group()
    return " " if c.isspace() else ("X" if c.isupper() else "x") if c.isalpha() else "-"


def sentences(folded: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in ``folded[start:end]``, white space trimmed.

    A line break ends a sentence (an HTML block is one line), except inside a paragraph of
    fixed-width text wrapped at a long line. Inside a line, the boundaries are sentencex's
    (Wikimedia's rule-based segmenter, in Rust: it knows initials, "Inc.", "No.", "U.S.", "e.g."
    and ~2x faster than a regex pass here), given the text with every non-ASCII character replaced
    by one ASCII character (so its offsets are ours, and no multi-byte character reaches it); then a
    legal form that ends a name ends the sentence before a capitalised word that does not continue
    the name ("... Foo Partners, L.L.P. The ...").
    """
    end = len(folded) if end is None else end
    cur = start
    pos = folded.find("\n", start, end)
    while pos >= 0:
        if not _wrapped(folded, pos, end):
            yield from _split(folded, cur, pos)
            cur = pos + 1
        pos = folded.find("\n", pos + 1, end)
    yield from _split(folded, cur, end)


def _wrapped(folded: str, pos: int, end: int) -> bool:
    """Whether the line break at ``pos`` wraps a long line of a fixed-width paragraph."""
    if pos + 1 >= end or folded[pos + 1] == "\n":
        return False
    line = folded[folded.rfind("\n", 0, pos) + 1:pos].rstrip()
    if not line or line.endswith((";", ":", "!", "?")) or "\t" in line:
        return False
    # a narrower fixed-width paragraph: the next line goes on in lower case ("... and the related\n
    # financial statements", "... Group, Inc.\nappearing in"), or this one leaves a parenthesis open
    nxt = folded[pos + 1:pos + 3].lstrip(" ")
    if nxt[:1].islower():
        return True
    if line.endswith(".") and not (len(line) >= 40 and (_OPEN_NAME_END.search(line) or
                                                         (_LEGAL_END.search(line) and nxt[:1] in "(,"))):
        return False     # (a name goes on: "... is the President of Mr. Jon Q.\nRoe", "Foo, L.P.\n("Foo")")
    if len(line) > 60 or nxt[:1] == "&" or line.count("(") > line.count(")"):
        return True
    # a 40-60 column text going on: the next line's first word would not have fit on this one (as a
    # text wrapped at a fixed width breaks), or the next line opens with a number or a parenthesis
    stop = folded.find("\n", pos + 1, end)
    following = folded[pos + 1:stop if stop >= 0 else end]
    word = following.split(None, 1)[0] if following.strip() else ""
    return len(line) >= 40 and (nxt[:1] in "0123456789(" or len(line) + 1 + len(word) > max(len(line), len(following.rstrip())))


def _split(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = folded[start:end]
    if not chunk.strip():
        return
    if "." not in chunk and "?" not in chunk and "!" not in chunk:
        yield from _trimmed(folded, start, end)
        return
    if not chunk.isascii():
        chunk = _NON_ASCII.sub(_ascii, chunk)
    if "(" in chunk:
        chunk = _ENUMERATOR.sub(_unbracket, chunk)
    cuts = [c for c in (b["end_index"] for b in sentencex.get_sentence_boundaries("en", chunk)) if _kept(chunk, c)]
    for m in _STOP.finditer(chunk):
        if m.end() not in cuts and _LEGAL_END.search(chunk, max(0, m.start() - 8), m.start() + 1) \
                and not _LEGAL_FORM_NEXT.match(chunk, m.end()):
            cuts.append(m.end())
    cur = 0
    for cut in sorted(set(cuts)):
        yield from _trimmed(folded, start + cur, start + cut)
        cur = cut
    yield from _trimmed(folded, start + cur, end)


_STARTER = re.compile(r"(?:We|Our|The|This|These|Its|It|In|On|As|Such|Each|If|For|Since|Under|Pursuant|Any|All|"
                      r"No|None|There|They|A|An)\b")
_LAST_TOKEN = re.compile(r"(\S+)\s+$")
_WORD_BEFORE_STOP = re.compile(r"(?:^|[^A-Za-z.])([A-Za-z][A-Za-z.]*)$")
_NEVER_LAST = {"mr", "ms", "mrs", "dr", "messrs", "no", "nos", "st", "jr", "sr", "vs", "v", "e.g", "i.e", "cf"}


def _kept(chunk: str, cut: int) -> bool:
    """Whether a boundary sentencex proposes is one: after white space that follows ".", "!" or "?"
    (sentencex also breaks before list markers "(ii)" and inside "101.PRE"), before a word that is not
    lower case, and not after a title, "No." or an initial that the next name word continues ("Ms.
    Lane", "non-U.S.", "Robert A. Lane")."""
    if cut >= len(chunk) or not chunk[cut - 1].isspace() or chunk[cut].islower():
        return cut >= len(chunk)
    m = _LAST_TOKEN.search(chunk, max(0, cut - 40), cut)
    token = m.group(1).rstrip("\"')]") if m else ""
    if not token.endswith((".", "!", "?")):
        return False
    m = _WORD_BEFORE_STOP.search(token, 0, len(token) - 1)
    word = m.group(1).lower() if m and token.endswith(".") else ""
    if word in _NEVER_LAST:
        return False
    if len(word) == 1 and not _STARTER.match(chunk, cut):
        return False
    if _TYPO_IN_NAME.match(chunk, cut) and _NAME_BEFORE.search(chunk, max(0, cut - 40), cut):
        return False       # "Jane Roe and Carl. J. Brandt have ...": a stray period inside a person's name
    return not (word in _LEGAL_WORDS and _LEGAL_FORM_NEXT.match(chunk, cut))


#: an initial and a surname after a stray period, and a first name after "and" or a comma before it
_TYPO_IN_NAME = re.compile(r"[A-Z]\.\s+[A-Z][a-z]+\b")
_NAME_BEFORE = re.compile(r"(?:\band|,)\s+[A-Z][a-z]+\.\s+$")
_LEGAL_WORDS = {"inc", "corp", "co", "ltd", "llc", "lp", "l.p", "l.l.c", "l.l.p", "llp", "plc", "s.a", "n.v",
                "b.v", "p.c", "p.a", "a.g", "n.a"}
def _trimmed(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield s, e


MONTHS = ("january february march april may june july august september october november december").split()
_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
# (the lookahead names the letters a month starts with: the regex skips other positions ~2x faster)
DATE = re.compile(rf"(?=[jfmasond])\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(key) + 1


def parse_date(m: re.Match) -> dt.date | None:
    try:
        return dt.date(int(m.group("year")), _month(m.group("month")), int(m.group("day")))
    except ValueError:
        return None


def find_date(folded: str, start: int, end: int) -> tuple[dt.date, int, int] | None:
    for m in DATE.finditer(folded, start, end):
        value = parse_date(m)
        if value:
            return value, m.start(), m.end()
    return None


def find_dates(folded: str, start: int, end: int) -> list[tuple[dt.date, int, int]]:
    out = []
    for m in DATE.finditer(folded, start, end):
        value = parse_date(m)
        if value:
            out.append((value, m.start(), m.end()))
    return out


def month_year(m: re.Match) -> GYearMonth:
    return GYearMonth(int(m.group("year")), _month(m.group("month")))


def year(text: str) -> GYear:
    return GYear(int(text))


NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d)|(?<![\w.,])\d+(?![\w,]*\d)")


def to_int(text: str) -> int | None:
    digits = text.replace(",", "").strip()
    return int(digits) if digits.isdigit() else None


def to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        return None


_MARKER = re.compile(r"[ \t]*(?:[-*o](?=\s)\s*)?(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)](?=\s)\s*)?")
_ITEM = re.compile(r"^[ \t]*(?:[-*o]\s+)?(?:\(?(?:[a-z]|[ivx]+|\d{1,2})[.)]\s+)?", re.M)


def _continues(folded: str, item: list[int] | None, line: str) -> bool:
    """Whether a flush-left ``line`` continues ``item`` (wrapped fixed-width text): the item stops
    without a sentence's or an item's end, or the line starts in lower case."""
    if item is None:
        return False
    last = folded[item[0]:item[1]].rstrip()
    return bool(last) and (not last.endswith((".", ";", ":", "!", "?")) or line[:1].islower())


def list_items(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Items of a list ("- (b) ...", "(c) ...", "1. ...", "- ...") in ``folded[start:end]``, markers excluded.

    Tolerant of inconsistent markers (the seed's first item has "-" but no "(a)"): a line is an item
    when it starts with any marker; a line that starts with a space continues the previous item.
    """
    items: list[list[int]] = []
    pos = start
    blank = False
    for line in folded[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip():
            blank = True
            continue
        after_blank, blank = blank, False
        marker = _MARKER.match(line)
        has_marker = marker and marker.end() > 0 and marker.group().strip()
        if has_marker:
            items.append([line_start + marker.end(), line_end])
        elif items and not after_blank and (line.startswith((" ", "\t")) or _continues(folded, items[-1], line)):
            # an indented line continues the item (or the prose) before it; so does a flush-left line
            # of a fixed-width text when the item before it stops mid-sentence
            if items[-1] is not None:
                items[-1][1] = line_end
        else:
            items.append(None)  # prose between lists ends the current list
    out = []
    for item in items:
        if item is None:
            if out and out[-1] is not None:
                out.append(None)
            continue
        s, e = item
        while e > s and folded[e - 1] in " ;,.\t":
            e -= 1
        if folded[e - 4:e] == " and" or folded[e - 3:e] == " or":
            e = folded.rfind(" ", s, e)
            while e > s and folded[e - 1] in " ;,":
                e -= 1
        if e > s:
            out.append((s, e))
    # keep the longest run of consecutive items
    runs, run = [], []
    for x in out:
        if x is None:
            runs.append(run)
            run = []
        else:
            run.append(x)
    runs.append(run)
    return max(runs, key=len) if runs else []


def keyword_positions(lower: str, keywords: tuple[str, ...], start: int = 0, end: int | None = None) -> list[int]:
    """Sorted start offsets of lower-case literal ``keywords`` in ``lower[start:end]`` (C-speed
    ``str.find``, far cheaper than a case-insensitive alternation)."""
    end = len(lower) if end is None else end
    out: list[int] = []
    for word in keywords:
        pos = lower.find(word, start, end)
        while pos >= 0:
            out.append(pos)
            pos = lower.find(word, pos + 1, end)
    return sorted(out)


def sentences_with(folded: str, pattern, start: int = 0, end: int | None = None,
                   lower: str | None = None) -> Iterator[tuple[int, int]]:
    """The sentences of ``folded[start:end]`` that contain a match of ``pattern``, in order, each once.

    ``pattern`` is a compiled regex, or a tuple of lower-case literal keywords found in ``lower``
    (the folded text lower-cased, same length). Much cheaper than splitting a long section into
    sentences to test each: only the lines (HTML paragraphs) with a hit are split.
    """
    end = len(folded) if end is None else end
    if isinstance(pattern, tuple):
        hits = keyword_positions(lower if lower is not None else folded.lower(), pattern, start, end)
    else:
        hits = [m.start() for m in pattern.finditer(folded, start, end)]
    done_to = start
    for hit in hits:
        if hit < done_to:
            continue
        line_start = max(folded.rfind("\n", start, hit) + 1, start)
        line_end = folded.find("\n", hit, end)
        line_end = end if line_end < 0 else line_end
        if line_end - line_start < 200 and "\t" not in folded[line_start:line_end]:
            # a fixed-width paragraph spans several lines: widen to the blank lines around it
            para_start = folded.rfind("\n\n", start, hit)
            para_end = folded.find("\n\n", hit, end)
            line_start = max(para_start + 2, start) if para_start >= 0 else start
            line_end = para_end if para_end >= 0 else end
        wanted = [h for h in hits if line_start <= h < line_end]
        for ss, se in sentences(folded, line_start, line_end):
            if ss >= done_to and any(ss <= h < se for h in wanted):
                yield ss, se
        done_to = line_end


