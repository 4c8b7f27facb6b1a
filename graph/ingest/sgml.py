"""EDGAR full submission ingest: the SGML ``.txt`` file EDGAR serves for an accession number.

The format is the EDGAR "public dissemination" submission (EDGAR Filer Manual, Volume II, and the
EDGAR Public Dissemination Service specification)::

    <SEC-DOCUMENT>0000000000-25-000042.txt : 20250331
    <SEC-HEADER>0000000000-25-000042.hdr.sgml : 20250331
    ACCESSION NUMBER:		0000000000-25-000042
    CONFORMED SUBMISSION TYPE:	S-3
    FILED AS OF DATE:		20250331
    FILER:
        COMPANY DATA:
            COMPANY CONFORMED NAME:        Quillfeather Robotics, Inc.
            CENTRAL INDEX KEY:             0000000042
    ...
    </SEC-HEADER>
    <DOCUMENT>
    <TYPE>S-3
    <SEQUENCE>1
    <FILENAME>d832814ds3.htm
    <TEXT>
    ... the document (HTML, possibly wrapped in <XBRL>, or plain text with <PAGE> markers) ...
    </TEXT>
    </DOCUMENT>
    <DOCUMENT> ... exhibits ... </DOCUMENT>
    </SEC-DOCUMENT>

The canonical text is the header block verbatim (``<SEC-HEADER>`` through ``</SEC-HEADER>``), a blank
line, then the primary document's canonical text: for HTML exactly what
:func:`graph.ingest_html.html_to_text` makes of it (so a filing's HTML file and its full submission
give the same prospectus text after the header), for plain text the text as filed with the lines that
are only a ``<PAGE>`` marker removed. The primary document is the ``<DOCUMENT>`` whose ``<TYPE>`` is
the submission's CONFORMED SUBMISSION TYPE, else the first one; exhibits are not read.

``Document.header`` maps a key to ``(value, span)``; the span indexes the canonical text and covers the
value as printed in the header:

==========================  =====================================  =====================================
key                         header field                           value
==========================  =====================================  =====================================
``accession_number``        ACCESSION NUMBER                       as printed (``0001193125-25-067858``)
``form_type``               CONFORMED SUBMISSION TYPE              as printed (``S-3``)
``filing_date``             FILED AS OF DATE                       ``YYYY-MM-DD`` (quote is ``YYYYMMDD``)
``company_name``            COMPANY CONFORMED NAME                 as printed
``cik``                     CENTRAL INDEX KEY                      as printed, 10 digits zero-padded
``state_of_incorporation``  STATE OF INCORPORATION                 as printed (``DE``)
``business_address``        BUSINESS ADDRESS block                 ``STREET 1, STREET 2, CITY, STATE ZIP``;
                                                                   the span covers the block's lines
                                                                   from STREET 1 to the last part used,
                                                                   so the value is not the quote
``sic``                     STANDARD INDUSTRIAL CLASSIFICATION     as printed (``BIOLOGICAL ... [2836]``)
``sic_code``                the code in brackets of the above      ``2836`` (span covers the digits)
``fiscal_year_end``         FISCAL YEAR END                        as printed, ``MMDD`` (``1231``)
``sec_file_number``         FILING VALUES / SEC FILE NUMBER        as printed (``333-286243``)
==========================  =====================================  =====================================

Company fields come from the first ``FILER:`` block (a submission may list several filers, for
example co-registrants; the first is the registrant), or, when there is none, from the first
``SUBJECT COMPANY:`` block. Keys whose field is absent are left out.
"""

from __future__ import annotations

import re

from prospectus_kg.errors import TruncatedInputError
from prospectus_kg.graph.ingest.html import html_to_text
from prospectus_kg.graph.ingest.text import strip_page_markers, text_tables
from prospectus_kg.graph.models import Cell, Document, Section, Span, Table
from prospectus_kg.graph.ingest.sections import segment

_HEADER = re.compile(r"<(SEC|IMS)-HEADER>.*?</\1-HEADER>", re.I | re.S)
_HEADER_OPEN = re.compile(r"<(SEC|IMS)-HEADER>", re.I)
_DOC_OPEN = re.compile(r"<DOCUMENT>", re.I)
_DOC_CLOSE = re.compile(r"</DOCUMENT>", re.I)
_TAG_LINE = re.compile(r"^<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*([^\n<]*)", re.I | re.M)
_TEXT_OPEN = re.compile(r"<TEXT>[ \t]*\n?", re.I)
_TEXT_CLOSE = re.compile(r"</TEXT>", re.I)   # and the line break before it (see _documents)
_XBRL_WRAP = re.compile(r"^\s*<XBRL>\s*(.*?)\s*(?:</XBRL>\s*)?$", re.I | re.S)
_HTML_HINT = re.compile(r"<(!doctype\s+html|html|body|head|div|p|table|font|center|pre|\?xml)\b", re.I)
#: One header line: indentation, KEY, the colon, and the value (possibly empty: a block opens).
_FIELD = re.compile(r"^([ \t]*)([A-Z0-9][A-Z0-9 ,()/&.'-]*?):[ \t]*([^\n]*?)[ \t]*$", re.M)
_OLD_TEXT_TAGS = re.compile(r"^[ \t]*<(PAGE|S|C|CAPTION|FN)>", re.I | re.M)
_SIC_CODE = re.compile(r"\[(\d{3,4})\]")


def _fields(header: str) -> list[tuple[int, str, str, int, int, int]]:
    """(indent, KEY, value, value start, value end, line start) for every ``KEY: value`` line."""
    out = []
    for m in _FIELD.finditer(header):
        indent = len(m.group(1).expandtabs(8))
        out.append((indent, m.group(2).strip().upper(), m.group(3), m.start(3), m.end(3), m.start(2)))
    return out


def _block(fields: list, i: int) -> list:
    """The fields nested under the block opened at ``fields[i]`` (deeper indentation)."""
    indent = fields[i][0]
    inner = []
    for f in fields[i + 1:]:
        if f[0] <= indent:
            break
        inner.append(f)
    return inner


def parse_header(header: str, offset: int = 0) -> dict[str, tuple[str, Span]]:
    """Header values with spans (``offset`` is where ``header`` starts in the canonical text)."""
    fields = _fields(header)
    result: dict[str, tuple[str, Span]] = {}

    def put(key: str, value: str, start: int, end: int) -> None:
        if value and end > start and key not in result:
            result[key] = (value, Span(offset + start, offset + end))

    top = fields[0][0] if fields else 0
    for indent, key, value, vs, ve, _ in fields:
        if indent != top or not value:
            continue
        if key == "ACCESSION NUMBER":
            put("accession_number", value, vs, ve)
        elif key == "CONFORMED SUBMISSION TYPE":
            put("form_type", value, vs, ve)
        elif key == "FILED AS OF DATE" and re.fullmatch(r"\d{8}", value):
            put("filing_date", f"{value[:4]}-{value[4:6]}-{value[6:]}", vs, ve)

    company = None
    for wanted in ("FILER", "SUBJECT COMPANY"):
        company = next((i for i, f in enumerate(fields) if f[1] == wanted and not f[2]), None)
        if company is not None:
            break
    if company is None:
        return result
    inner = _block(fields, company)
    simple = {"COMPANY CONFORMED NAME": "company_name", "CENTRAL INDEX KEY": "cik",
              "STATE OF INCORPORATION": "state_of_incorporation", "FISCAL YEAR END": "fiscal_year_end",
              "STANDARD INDUSTRIAL CLASSIFICATION": "sic", "SEC FILE NUMBER": "sec_file_number"}
    for k, (indent, key, value, vs, ve, _ls) in enumerate(inner):
        if key in simple and value:
            put(simple[key], value, vs, ve)
            if key == "STANDARD INDUSTRIAL CLASSIFICATION":
                m = _SIC_CODE.search(value)
                if m:
                    put("sic_code", m.group(1), vs + m.start(1), vs + m.end(1))
        elif key == "BUSINESS ADDRESS" and not value and "business_address" not in result:
            parts: dict[str, tuple[str, int, int, int]] = {}
            for sub in inner[k + 1:]:
                if sub[0] <= indent:
                    break
                if sub[2]:
                    parts.setdefault(sub[1], (sub[2], sub[3], sub[4], sub[5]))
            used = [parts[p] for p in ("STREET 1", "STREET 2", "CITY", "STATE", "ZIP") if p in parts]
            if not used:
                continue
            city_line = ", ".join(parts[p][0] for p in ("STREET 1", "STREET 2", "CITY", "STATE") if p in parts)
            value = f"{city_line} {parts['ZIP'][0]}" if "ZIP" in parts else city_line
            put("business_address", value, min(u[3] for u in used), max(u[2] for u in used))
    return result


def _documents(text: str, start: int) -> list[tuple[str, str, str]]:
    """(TYPE, FILENAME, body) for each ``<DOCUMENT>`` after ``start``; tolerant of missing closers."""
    docs = []
    opens = [m.end() for m in _DOC_OPEN.finditer(text, start)]
    for i, begin in enumerate(opens):
        stop = opens[i + 1] if i + 1 < len(opens) else len(text)
        close = _DOC_CLOSE.search(text, begin, stop)
        block = text[begin:close.start() if close else stop]
        tags: dict[str, str] = {}
        for m in _TAG_LINE.finditer(block):
            tags.setdefault(m.group(1).upper(), m.group(2).strip())
            if "TYPE" in tags and "FILENAME" in tags:
                break     # the only two read (their first lines): no need to scan the document's body
        t_open = _TEXT_OPEN.search(block)
        if t_open:
            t_close = _TEXT_CLOSE.search(block, t_open.end())
            stop = t_close.start() if t_close else len(block)
            if t_close and stop > t_open.end() and block[stop - 1] == "\n":
                stop -= 1     # (searching for "\n?</TEXT>" is the same, but slow: no literal to look for)
            body = block[t_open.end():stop]
        else:
            last = list(_TAG_LINE.finditer(block))
            body = block[last[-1].end():] if last else block
        docs.append((tags.get("TYPE", ""), tags.get("FILENAME", ""), body))
    return docs


def _is_html(filename: str, body: str) -> bool:
    if filename.lower().endswith((".htm", ".html", ".xhtml", ".xml")):
        return True
    if filename.lower().endswith(".txt"):
        return False
    head = body[:4096]
    if _OLD_TEXT_TAGS.search(head) and not re.search(r"<(html|body)\b", head, re.I):
        return False   # an old text filing: <PAGE>, <S>, <C> tags, perhaps <TABLE>
    return bool(_HTML_HINT.match(head.lstrip()[:200]) or re.search(r"<html\b", head, re.I))


def _shift_table(t: Table, delta: int) -> Table:
    def cell(c: Cell) -> Cell:
        return Cell(c.text, c.start + delta, c.end + delta)
    return Table(rows=tuple(tuple(cell(c) for c in row) for row in t.rows), start=t.start + delta,
                 end=t.end + delta, footnotes=tuple(cell(c) for c in t.footnotes))


def submission_document(text: str, *, doc_id: str, source_path: str, encoding: str) -> Document:
    """A :class:`Document` (media type ``application/edgar-submission``) for a full EDGAR submission.

    Raises :class:`~prospectus_kg.errors.TruncatedInputError` when the submission holds no
    ``<DOCUMENT>``. Sections: ``sec_header`` for the header block, then the primary document's.
    """
    m = _HEADER.search(text)
    if m:
        header, after = m.group(0), m.end()
    else:   # an unclosed header runs to the first <DOCUMENT>
        opened = _HEADER_OPEN.search(text)
        first_doc = _DOC_OPEN.search(text, opened.end()) if opened else None
        header = text[opened.start():first_doc.start() if first_doc else len(text)].rstrip() if opened else ""
        after = opened.start() + len(header) if opened else 0
    docs = _documents(text, after)
    if not docs:
        raise TruncatedInputError("EDGAR submission has no <DOCUMENT>: submission has no <DOCUMENT>",
                                  document=source_path,
                                  suggestion="download the complete submission, or give the filing's HTML")
    values = parse_header(header)
    form = values.get("form_type", ("", None))[0].strip().upper()
    primary = next((d for d in docs if form and d[0].strip().upper() == form), docs[0])
    doc_type, filename, body = primary
    warnings: list[str] = []
    if _XBRL_WRAP.match(body[:64]):
        body = _XBRL_WRAP.match(body).group(1)
    if _is_html(filename, body):
        result = html_to_text(body)
        primary_text, tables, warnings = result.text, result.tables, list(result.warnings)
    else:
        primary_text = strip_page_markers(body).strip("\n")
        tables = text_tables(primary_text)
    prefix = f"{header}\n\n" if header else ""
    delta = len(prefix)
    doc = Document(doc_id=doc_id, source_path=source_path, text=prefix + primary_text,
                   media_type="application/edgar-submission", encoding=encoding,
                   tables=[_shift_table(t, delta) for t in tables], header=values, warnings=warnings)
    if not header:
        doc.warnings.append("the submission has no <SEC-HEADER>")
    if not primary_text.strip():
        doc.warnings.append(f"the primary document ({doc_type or 'no type'}) holds no text")
    sections: list[Section] = []
    if header:
        sections.append(Section("sec_header", "SEC-HEADER", 0, 0, delta))
    for s in segment(primary_text):
        sections.append(Section(s.kind, s.title, s.start + delta, s.body_start + delta, s.end + delta))
    doc.sections = sections
    return doc
