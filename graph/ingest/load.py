"""Ingest: a file's bytes -> :class:`~prospectus_kg.graph.models.Document`.

Detects what a file is (plain text, HTML, or an EDGAR full submission with an SGML header), decodes
it (BOM, then UTF-8, else cp1252, else latin-1; the codec is recorded), refuses what is not a
document (empty, binary, truncated markup, too large) with an :mod:`~prospectus_kg.errors`
exception, and segments the canonical text into sections. HTML that merely lacks ``</body>`` and
``</html>`` (many filings and saved pages do) is read, with a warning; only evidence of a cut (the
text ends inside a tag, a character reference, an open table or row, or a word) is refused.

For plain text the canonical text is the input with line endings normalised to ``\\n`` and nothing
else changed, so an offset can be checked by opening the file.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from prospectus_kg.errors import (BinaryInputError, EmptyInputError, EncodingError, InputError, InputTooLargeError,
                                  MissingInputError, TruncatedInputError)
from prospectus_kg.graph.models import Document
from prospectus_kg.graph.ingest.sections import segment

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_BINARY_MAGIC = {
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (or an Office file)", b"\x1f\x8b": "a gzip file",
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"\x7fELF": "an executable", b"\xd0\xcf\x11\xe0": "an old Office file",
}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_ACCESSION = re.compile(rb"(?<!\d)(\d{10}-\d{2}-\d{6})(?!\d)")
_SGML_START = re.compile(rb"<(SEC-DOCUMENT|SEC-HEADER|IMS-DOCUMENT|IMS-HEADER)>", re.I)
_HTML_START = re.compile(rb"<(!doctype\s+html|html|body|head|div|p|table|font)\b", re.I)
_HTML_DOCUMENT = re.compile(rb"<(!doctype\s+html|html|body)\b", re.I)
# Old EDGAR text filings mark their layout with these SGML tags; they are not HTML.
_TEXT_FILING_TAGS = re.compile(rb"^<(PAGE|S|C|CAPTION|FN)>", re.I | re.M)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """At most ``max_bytes`` of a regular file, whatever size it reports (a device reports 0).

    Devices, FIFOs and sockets are refused before a byte is read (a FIFO would block forever,
    ``/dev/zero`` never ends); the file is opened without blocking and checked again on the open
    descriptor, so it cannot be swapped for one between the check and the read.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise MissingInputError("no such file or directory", document=str(path),
                                suggestion="check the path") from None
    except OSError as exc:
        raise MissingInputError(f"cannot read the file ({exc.strerror})", document=str(path)) from exc
    _refuse_special(info.st_mode, path)
    if info.st_size > max_bytes:
        raise _too_large(path, f"file is {info.st_size:,} bytes", max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise MissingInputError(f"cannot read the file ({exc.strerror})", document=str(path)) from exc
    try:
        _refuse_special(os.fstat(fd).st_mode, path)
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 24, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise MissingInputError(f"cannot read the file ({exc.strerror})", document=str(path)) from exc
    finally:
        os.close(fd)
    if size > max_bytes:
        raise _too_large(path, "file grew while being read, or is", max_bytes)
    return b"".join(chunks)


def refuse_special_file(path: Path) -> None:
    """Raise :class:`InputError` (exit 3) when ``path`` is a device, FIFO, socket or folder; reads nothing."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return  # missing or unreadable: reported when it is read
    _refuse_special(mode, Path(path))


def _refuse_special(mode: int, path: Path) -> None:
    """Refuse anything but a regular file (the one-line message names what it is)."""
    if stat.S_ISREG(mode):
        return
    what = ("a directory" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "not a regular file")
    raise InputError(f"{what}, not a regular file: not read", document=str(path),
                     suggestion="give a prospectus saved as a file")


def _too_large(path: Path, what: str, max_bytes: int) -> InputTooLargeError:
    return InputTooLargeError(f"{what} over the limit of {max_bytes:,} bytes", document=str(path),
                              suggestion="raise --max-bytes if this is intended")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, codec). Refuses empty and binary input."""
    if not data.strip():
        raise EmptyInputError("file is empty", document=name, suggestion="give a prospectus in text or HTML")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"file is {what}, not text or HTML", document=name,
                                   suggestion="use the filing's text or HTML version from EDGAR")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32 (before UTF-16: same first two bytes)
        candidates = ["utf-32"]
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        head = data[:65536]
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if b"\x00" in head or controls > len(head) // 100:
            raise BinaryInputError("file holds binary data, not text or HTML", document=name,
                                   suggestion="give a prospectus in text or HTML")
        candidates = ["utf-8", "cp1252", "latin-1"]
    for codec in candidates:
        try:
            return data.decode(codec), codec.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise EncodingError("cannot decode the file as UTF-8, UTF-16, cp1252 or latin-1", document=name)


def sniff(data: bytes) -> str:
    """The media type: ``application/edgar-submission``, ``text/html`` or ``text/plain``."""
    head = data[:4096]
    if _SGML_START.search(head):
        return "application/edgar-submission"
    if _HTML_DOCUMENT.search(head):
        return "text/html"
    if _HTML_START.search(head.lstrip()[:1024]) and not _TEXT_FILING_TAGS.search(data[:65536]):
        return "text/html"
    return "text/plain"


def normalise_newlines(text: str) -> str:
    if "\r" not in text:      # one fast scan; replacing "\r\n" is a slower two-character search
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def default_doc_id(path: Path, data: bytes) -> str:
    """The accession number when the file name or its first bytes carry one, else a slug of the name."""
    for source in (path.name.encode(), data[:4096]):
        m = _ACCESSION.search(source)
        if m:
            return m.group(1).decode()
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or hashlib.sha256(data).hexdigest()[:16]


_OPEN_TAG_AT_END = re.compile(r"<[^<>]*$")
_ENTITY_AT_END = re.compile(r"&#?[A-Za-z0-9]{0,31}$")
_TAG = re.compile(r"<(/?)(table|tr|td|th)\b", re.I)


def html_cut_evidence(text: str) -> str | None:
    """Why an HTML text that lacks ``</html>`` and ``</body>`` looks cut, or None when it looks complete.

    Many real filings and saved pages simply omit the closing tags; only evidence of a cut counts:
    ending inside a tag ("<td sty"), an entity ("&nbs"), a table or a table row left open, or a word
    (text that ends on a letter, a digit or a comma rather than a tag or a sentence's end)."""
    tail = text[-65536:].rstrip()
    if not tail:
        return None
    if _OPEN_TAG_AT_END.search(tail[-4096:]):
        return "ends inside a tag"
    if _ENTITY_AT_END.search(tail[-40:]):
        return "ends inside a character reference"
    depth = {"table": 0, "tr": 0}
    for m in _TAG.finditer(tail):
        name = m.group(2).lower()
        if name in ("td", "th"):
            continue
        depth[name] = max(0, depth[name] + (-1 if m.group(1) else 1))
    if depth["tr"] or depth["table"]:
        return "ends inside a table"
    if not tail.endswith(">") and (tail[-1].isalnum() or tail[-1] in ",-"):
        return "ends inside a word"
    return None


def check_not_truncated(text: str, media_type: str, name: str) -> list[str]:
    """Refuse input that shows evidence of being cut; return warnings for input that only lacks its
    closing tags."""
    tail = text[-4096:].lower()
    if media_type == "text/html" and "</html" not in tail and "</body" not in tail:
        why = html_cut_evidence(text)
        if why:
            raise TruncatedInputError(f"HTML {why} and has no </html>: the file looks truncated", document=name,
                                      suggestion="download the filing again")
        return ["the HTML has no closing </html> or </body>; read as complete (it ends at a tag boundary)"]
    if media_type == "application/edgar-submission":
        if "<document>" in text[:1 << 20].lower() and "</document>" not in tail and "</sec-document>" not in tail:
            raise TruncatedInputError("EDGAR submission ends inside a <DOCUMENT>: the file looks truncated",
                                      document=name, suggestion="download the submission again")
    return []


def load_document(path: str | Path, *, doc_id: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file and return its :class:`Document` (canonical text, sections, tables, header)."""
    path = Path(path)
    name = str(path)
    data = read_bytes(path, max_bytes)
    text, codec = decode(data, name)
    media_type = sniff(data)
    text = normalise_newlines(text)
    notes = check_not_truncated(text, media_type, name)
    doc_id = doc_id or default_doc_id(path, data)
    if media_type == "application/edgar-submission":
        from prospectus_kg.graph.ingest.sgml import submission_document
        doc = submission_document(text, doc_id=doc_id, source_path=name, encoding=codec)
    elif media_type == "text/html":
        from prospectus_kg.graph.ingest.html import html_document
        doc = html_document(text, doc_id=doc_id, source_path=name, encoding=codec)
    else:
        doc = Document(doc_id=doc_id, source_path=name, text=text, media_type=media_type, encoding=codec)
        from prospectus_kg.graph.ingest.text import text_tables
        doc.tables = text_tables(text)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.warnings[:0] = notes
    if not doc.sections:
        doc.sections = segment(doc.text)
    return doc
