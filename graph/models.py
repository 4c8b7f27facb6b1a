"""The plain data that flows through the pipeline: ingest -> extract -> resolve -> build.

Nothing here knows RDF. A :class:`Document` is what ingest makes of a file; extractors turn it into
:class:`Fact` objects, each with the :class:`Span` of canonical text it came from; resolve gives every
:class:`EntityRef` an IRI; only ``graph.build`` turns facts into triples.

Offsets are 0-based, end-exclusive indexes into ``Document.text`` (the canonical text that the build
writes beside the graph), so ``document.text[span.start:span.end] == span.quote(document)``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of canonical text: ``text[start:end]``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def quote(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a document under one heading (Regulation S-K item, e.g. ``selling_stockholders``)."""

    kind: str          # canonical key, see graph.sections.SECTION_KINDS
    title: str         # the heading as printed
    start: int         # where the heading starts
    body_start: int    # where the text after the heading starts
    end: int           # where the next section starts


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cells, with offsets into the canonical text, and its footnotes."""

    rows: tuple[tuple[Cell, ...], ...]
    start: int
    end: int
    footnotes: tuple[Cell, ...] = ()


@dataclass(slots=True)
class Document:
    """One input document after ingest: canonical text plus structure and metadata.

    ``doc_id`` names the document in IRIs and file names; ``header`` holds EDGAR SGML header values
    (``accession_number``, ``form_type``, ``filing_date``, ``company_name``, ``cik``,
    ``state_of_incorporation``, ``business_address``) with the spans of header text they came from.
    """

    doc_id: str
    source_path: str
    text: str
    media_type: str                  # "text/plain", "text/html" or "application/edgar-submission"
    encoding: str                    # the codec the bytes were decoded with
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    header: dict[str, tuple[str, Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""

    def sections_of(self, *kinds: str) -> list[Section]:
        return [s for s in self.sections if s.kind in kinds]


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A mention of an entity before resolution.

    ``kind`` is an ontology class local name (``Organization``, ``Person``, ``Filing``, ``Offering``,
    ``PrivatePlacement``, ``Security``, ``Listing``, ``StrategicAlliance``, ``LockUp``,
    ``ShareTransfer``, ``SellingStockholderPosition``, ``DistributionMethod``, ``Agreement``,
    ``Prospectus``). ``key`` identifies it: the legal name for parties, or a local key (the
    resolver makes it unique per document where the thing is document-local). The placeholders
    ``ISSUER``, ``OFFERING``, ``PROSPECTUS`` and ``SECURITY`` stand for the document's own.
    """

    kind: str
    key: str


ISSUER = EntityRef("Organization", "@issuer")
OFFERING = EntityRef("Offering", "@offering")
PROSPECTUS = EntityRef("Prospectus", "@prospectus")
#: the base prospectus bundled after a prospectus supplement (a second prosp:Prospectus of the document)
BASE_PROSPECTUS = EntityRef("Prospectus", "@base")
SECURITY = EntityRef("Security", "@security")

Value = Union[str, int, bool, Decimal, _dt.date, "GYear", "GYearMonth"]


@dataclass(frozen=True, slots=True)
class GYear:
    year: int

    def __str__(self) -> str:
        return f"{self.year:04d}"


@dataclass(frozen=True, slots=True)
class GYearMonth:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement the document makes: ``subject predicate object``, with its evidence.

    ``predicate`` is an ontology property local name (``affiliateOf``, ``sharesOffered``, ...) or
    ``type`` for a class membership (then ``obj`` is the class local name as a string).
    ``obj`` is an :class:`EntityRef` for relations and a plain value for attributes.
    """

    subject: EntityRef
    predicate: str
    obj: EntityRef | Value
    span: Span
    section: str = ""

    @property
    def is_relation(self) -> bool:
        return isinstance(self.obj, EntityRef)
