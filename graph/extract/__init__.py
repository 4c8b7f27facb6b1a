"""Extraction: a :class:`Document` -> a list of :class:`Fact`.

Each extractor is a module in this package with ``HANDLES`` (the section kinds it reads, see
``graph.ingest.sections.SECTION_KINDS``) and ``extract(ctx, section)``, called once per section of those
kinds, in the order of ``EXTRACTORS``. The order matters where a later extractor uses what an earlier
one found (the issuer's name, the selling stockholders, the rows of a selling stockholder table for
its footnotes): that shared state lives on :class:`Context`, and each extractor declares the fields
it reads (``REQUIRES``) and fills (``PROVIDES``), as spaCy's pipeline components declare what they
assign; :func:`check_order` checks ``EXTRACTORS`` against them, and tests/test_extract_order.py checks
the declarations against each module's code. Dispatch is derived from ``HANDLES``; there is no second
table.

Names: ``Context.party`` records a party's name fact at once; ``Context.mention`` only notes where a
party was named, and its name fact is recorded with the first relation that uses it, so names that take
part in nothing add no node. ``Context.in_base`` tells whether an offset lies in a base prospectus
bundled after a supplement (which names no issuer, listing or agent of this offering), and
``Context.prospectus_at`` which of the two ``prosp:Prospectus`` nodes (``PROSPECTUS`` or
``BASE_PROSPECTUS``, see ``parts``) a statement there belongs to. After every extractor,
``filings.unify`` makes one Filing of the mentions of one real filing. Cost:
``Context.lower`` and ``graph.ingest.textutil.sentences_with`` find sentences by literal keywords, and
``Context.scan`` reads a block (a footnote) for names once.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Iterable

from prospectus_kg.graph.models import BASE_PROSPECTUS, PROSPECTUS, Document, EntityRef, Fact, Section, Span, Value
from prospectus_kg.graph.ingest.textrepair import fold

#: Extractor modules in the order they run.
EXTRACTORS = ("issuer", "offering", "selling_table", "selling", "footnotes", "transactions", "structure", "incorporation",
              "experts", "counsel", "underwriters", "distribution", "parts", "references")
_PARTIES = ("Organization", "Person")
_DEGREE = re.compile(r",\s+(?:Ph\.\s?D|M\.\s?D|J\.\s?D|Esq)\.?$")
_FS_TITLE = re.compile(r"FINANCIAL\s+STATEMENTS|INDEPENDENT\s+REGISTERED\s+PUBLIC\s+ACCOUNTING\s+FIRM|"
                       r"INDEPENDENT\s+AUDITORS?['’]?\s+REPORT", re.I)


@dataclass
class Context:
    """What one document's extractors share: the text, the facts so far, and what they found."""

    doc: Document
    folded: str
    facts: list[Fact] = field(default_factory=list)
    issuer_name: str | None = None
    issuer_aliases: set[str] = field(default_factory=set)
    selling_stockholders: list[EntityRef] = field(default_factory=list)
    placements: list[EntityRef] = field(default_factory=list)
    security_class: str | None = None
    cover_name: tuple[str, int, int] | None = None
    section: Section | None = None
    #: selling stockholder table rows read by ``selling_table`` (for ``footnotes``)
    selling_rows: list = field(default_factory=list)
    base_start: int = 0
    #: state an extractor keeps between its sections and its ``finish``
    scratch: dict = field(default_factory=dict)
    #: the folded text in lower case (same length), for fast keyword search
    lower: str = ""
    _seen: set = field(default_factory=set)
    _pending: dict = field(default_factory=dict)
    _blocks: list = field(default_factory=list)
    _named: set = field(default_factory=set)

    def __post_init__(self) -> None:
        starts = [s.start for s in self.doc.sections if s.kind == "base_prospectus"]
        self.base_start = min(starts) if starts else len(self.doc.text)
        lower = self.folded.lower()
        self.lower = lower if len(lower) == len(self.folded) else self.folded

    def in_financial_statements(self, pos: int) -> bool:
        """Whether ``pos`` lies in the financial statements (F-pages: from the first section headed as
        an index to financial statements or an auditor's report), where "the Company", "we" and the
        document's defined terms may name the reporting entity of those statements, not the issuer."""
        if "fs_start" not in self.scratch:
            starts = [s.start for s in self.doc.sections if s.kind == "other" and _FS_TITLE.search(s.title)]
            self.scratch["fs_start"] = min(starts) if starts else len(self.doc.text)
        return pos >= self.scratch["fs_start"]

    def in_base(self, pos: int) -> bool:
        """Whether ``pos`` lies in the base prospectus bundled after a prospectus supplement."""
        return pos >= self.base_start

    def prospectus_at(self, pos: int) -> EntityRef:
        """The prospectus a statement at ``pos`` belongs to: the supplement, or its bundled base prospectus."""
        return BASE_PROSPECTUS if self.in_base(pos) else PROSPECTUS

    def add(self, subject: EntityRef, predicate: str, obj: EntityRef | Value, start: int, end: int) -> None:
        """Record a fact whose evidence is ``text[start:end]`` (white space trimmed off the span)."""
        text = self.doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        key = (subject, predicate, obj, start, end)
        if key in self._seen or end <= start:
            return
        self._seen.add(key)
        if predicate == "name":
            self._named.add(subject)
        else:
            for ref in (subject, obj):
                if isinstance(ref, EntityRef) and ref.kind in _PARTIES and ref not in self._named \
                        and ref in self._pending:
                    name, ns, ne, where = self._pending[ref]
                    current, self.section = self.section, where
                    self.add(ref, "name", name, ns, ne)
                    self.section = current
        self.facts.append(Fact(subject, predicate, obj, Span(start, end),
                               self.section.kind if self.section else ""))
        if predicate == "name" and subject.kind == "Person" and isinstance(obj, str):
            bare = _DEGREE.sub("", obj)
            if bare != obj:        # "Ada Lind, Ph.D." is also known as "Ada Lind"
                self.add(subject, "alias", bare, start, end)

    def party(self, name: str, start: int, end: int, kind: str | None = None) -> EntityRef:
        """A party mentioned by name at ``text[start:end]``: records its name fact and returns its ref.

        ``kind`` forces ``Organization`` or ``Person``; by default the name's shape decides."""
        ref = self.mention(name, start, end, kind)
        self.add(ref, "name", ref.key, start, end)
        return ref

    def mention(self, name: str, start: int, end: int, kind: str | None = None) -> EntityRef:
        """A party mentioned at ``text[start:end]``, without a fact yet: its name fact is recorded when
        the first relation that uses it is (so names that take part in nothing add no node)."""
        from prospectus_kg.graph.extract.names import clean_name, is_person, strip_honorific
        name = clean_name(name)
        if kind == "Person" or (kind is None and is_person(name)):
            ref = EntityRef("Person", strip_honorific(name))
            honorific = re.match(r"(?:Mr|Ms|Mrs|Dr)\.?\s+", self.doc.text[start:end])
            if honorific:
                start += honorific.end()      # the span quotes the name, not "Mr."
        else:
            article = re.match(r"The\s+(?=\S+\s+\S)", name)
            if article and self.doc.text[start:start + 4] == name[:4]:
                # "The Halvorsen Group Inc." is the party "Halvorsen Group Inc." (one key either way)
                name, start = name[article.end():], start + article.end()
            ref = EntityRef("Organization", name)
        self._pending.setdefault(ref, (ref.key, start, end, self.section))
        return ref

    def organizations(self, start: int, end: int) -> list:
        """``names.find_organizations`` over ``text[start:end]``, served from the scan of an enclosing
        block (``scan``) when there is one, so footnotes are scanned once, not once per question."""
        from prospectus_kg.graph.extract.names import find_organizations
        for bs, be, found in self._blocks:
            if bs <= start and end <= be:
                return [o for o in found if start <= o.start and o.end <= end]
        return find_organizations(self.doc.text, start, end, folded=self.folded)

    def scan(self, start: int, end: int) -> list:
        """Scan ``text[start:end]`` for organisation names once; later ``organizations`` calls inside
        it reuse the result."""
        from prospectus_kg.graph.extract.names import find_organizations
        for bs, be, found in self._blocks:
            if bs == start and be == end:
                return found
        found = find_organizations(self.doc.text, start, end, folded=self.folded)
        self._blocks.append((start, end, found))
        return found

    def value_facts(self, predicate: str) -> list[Fact]:
        return [f for f in self.facts if f.predicate == predicate]


def _modules():
    return [importlib.import_module(f"{__name__}.{name}") for name in EXTRACTORS]


def check_order(modules=None) -> None:
    """Every extractor's ``REQUIRES`` is ``PROVIDES``-ed by one that runs before it (``EXTRACTORS``)."""
    provided: set[str] = set()
    for module in modules or _modules():
        missing = set(module.REQUIRES) - provided
        if missing:
            raise RuntimeError(f"extractor {module.__name__} runs before what provides {sorted(missing)}")
        provided |= set(module.PROVIDES)


def extract(doc: Document) -> list[Fact]:
    """Every fact the document states, each with the span of canonical text it came from."""
    ctx = Context(doc=doc, folded=fold(doc.text))
    for module in _modules():
        sections: Iterable[Section] = [s for s in doc.sections if s.kind in module.HANDLES]
        for section in sections:
            ctx.section = section
            module.extract(ctx, section)
        if hasattr(module, "finish"):
            ctx.section = None
            module.finish(ctx)
    from prospectus_kg.graph.extract.filings import unify
    from prospectus_kg.graph.extract.offering import describes
    ctx.section = None
    describes(ctx)
    return unify(ctx.facts)
