"""Build: resolved facts -> RDF triples (the only step that makes triples).

Every fact becomes one plain triple (so SPARQL, reasoning and Neo4j see it directly) and one
``prosp:Assertion`` (also an ``oa:Annotation``) that reifies it: ``rdf:subject``/``rdf:predicate``/
``rdf:object``, the source document, a ``oa:TextPositionSelector`` (0-based, end-exclusive offsets into
the canonical text) and a ``oa:TextQuoteSelector`` with the exact quote, and the build run that made
it. All IRIs are derived from content, never from time or memory addresses, so the same inputs give
the same triples. See ONTOLOGY.md, "Provenance pattern".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from prospectus_kg import __version__
from prospectus_kg.graph.models import PROSPECTUS, EntityRef, Fact, GYear, GYearMonth
from prospectus_kg.graph.resolve import BASE, Resolver
from prospectus_kg.graph.vocabulary import DISTRIBUTION_METHODS
from prospectus_kg.ontology.namespace import OA, PROSP

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: Relation -> role class its object (or, for auditorOf, its subject) is given, for convenience.
ROLE_OF_OBJECT = {"issuer": PROSP.Issuer, "sellingStockholder": PROSP.SellingStockholder,
                  "legalCounsel": PROSP.LegalCounsel, "underwriter": PROSP.Underwriter,
                  "placementAgent": PROSP.Underwriter, "salesAgent": PROSP.Underwriter}
ROLE_OF_SUBJECT = {"auditorOf": PROSP.Auditor}
#: Sub-properties that also state their super-property, so queries need no reasoner.
SUPER_PROPERTY = {"issuerCounsel": "legalCounsel", "underwritersCounsel": "legalCounsel",
                  "sellingStockholderCounsel": "legalCounsel", "placementAgent": "underwriter",
                  "salesAgent": "underwriter", "generalPartnerOf": "controls", "investmentManagerOf": "controls"}
DISTRIBUTION_SCHEME = URIRef(f"{BASE}distribution-methods")


def literal(value) -> Literal:
    """The typed literal for a fact's value (the datatypes match the ontology's ranges)."""
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.nonNegativeInteger if value >= 0 else XSD.integer)
    if isinstance(value, Decimal):
        return Literal(value, datatype=XSD.decimal)
    if isinstance(value, dt.date):
        return Literal(value, datatype=XSD.date)
    if isinstance(value, GYear):
        return Literal(str(value), datatype=XSD.gYear)
    if isinstance(value, GYearMonth):
        return Literal(str(value), datatype=XSD.gYearMonth)
    return Literal(str(value))


def predicate_iri(name: str) -> URIRef:
    return RDFS.label if name == "label" else PROSP[name]


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


def run_iri(doc_hashes: Iterable[str]) -> URIRef:
    return URIRef(f"{BASE}run/{_hash(__version__, *sorted(doc_hashes))}")


# The terms every assertion uses, looked up once (a Namespace attribute costs ~0.5 us a time, and a
# build makes ~20 of them per fact).
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = RDF.type, RDF.subject, RDF.predicate, RDF.object
_ASSERTION, _SECTION, _PART = PROSP.Assertion, PROSP.section, PROSP.documentPart
_ANNOTATION, _MOTIVATED_BY, _DESCRIBING, _HAS_TARGET = OA.Annotation, OA.motivatedBy, OA.describing, OA.hasTarget
_SPECIFIC_RESOURCE, _HAS_SOURCE, _HAS_SELECTOR = OA.SpecificResource, OA.hasSource, OA.hasSelector
_POSITION_SELECTOR, _START, _END = OA.TextPositionSelector, OA.start, OA.end
_QUOTE_SELECTOR, _EXACT = OA.TextQuoteSelector, OA.exact
_GENERATED_BY, _NON_NEGATIVE = PROV.wasGeneratedBy, XSD.nonNegativeInteger


_LITERALS: dict[object, Literal] = {}


def _cached_literal(value: int | str) -> Literal:
    """An offset (``xsd:nonNegativeInteger``) or a section name as a Literal, reused: facts share
    sentences, so the same offsets and section names recur (a Literal costs ~2.5 us to make)."""
    lit = _LITERALS.get(value)
    if lit is None:
        if len(_LITERALS) > 65536:
            _LITERALS.clear()
        lit = _LITERALS[value] = Literal(value, datatype=_NON_NEGATIVE) if type(value) is int else Literal(value)
    return lit


def assertion_triples(doc_iri: URIRef, s: URIRef, p: URIRef, o, start: int, end: int, quote: str,
                      section: str, run: URIRef, part: str | None = None) -> Iterator[Triple]:
    a = URIRef(f"{BASE}assertion/{_hash(doc_iri, s, p, o.n3() if isinstance(o, Literal) else o, start, end)}")
    target, position, exact = URIRef(f"{a}/target"), URIRef(f"{a}/position"), URIRef(f"{a}/quote")
    yield a, _TYPE, _ASSERTION
    yield a, _TYPE, _ANNOTATION
    yield a, _MOTIVATED_BY, _DESCRIBING
    yield a, _SUBJECT, s
    yield a, _PREDICATE, p
    yield a, _OBJECT, o
    yield a, _HAS_TARGET, target
    yield a, _GENERATED_BY, run
    if section:
        yield a, _SECTION, _cached_literal(section)
    if part:
        yield a, _PART, _cached_literal(part)
    yield target, _TYPE, _SPECIFIC_RESOURCE
    yield target, _HAS_SOURCE, doc_iri
    yield target, _HAS_SELECTOR, position
    yield target, _HAS_SELECTOR, exact
    yield position, _TYPE, _POSITION_SELECTOR
    yield position, _START, _cached_literal(start)
    yield position, _END, _cached_literal(end)
    yield exact, _TYPE, _QUOTE_SELECTOR
    yield exact, _EXACT, Literal(quote)


def document_triples(meta: dict, facts: list[Fact], quotes: list[str], iris: dict[EntityRef, str],
                     resolver: Resolver, run: URIRef, names: list[tuple]) -> Iterator[Triple]:
    """The triples of one document: its Prospectus node, its facts and their assertions.

    Party name facts become no triples here: they are noted on the resolver and appended to
    ``names``, because an entity's canonical name is chosen once all documents are read
    (``name_triples``).
    """
    doc = URIRef(iris[PROSPECTUS])
    yield doc, RDF.type, PROSP.Prospectus
    yield doc, RDFS.label, Literal(f"Prospectus {meta['doc_id']}")
    yield doc, PROSP.textFile, Literal(meta["text_file"])
    yield doc, PROSP.sourceFile, Literal(meta["source_name"])
    yield doc, PROSP.mediaType, Literal(meta["media_type"])
    yield doc, PROSP.encoding, Literal(meta["encoding"])
    yield doc, PROSP.sha256, Literal(meta["sha256"])
    yield run, PROV.used, doc
    typed: set[str] = set()
    parts = meta.get("parts", [])
    for fact, quote in zip(facts, quotes):
        s = URIRef(iris[fact.subject])
        if fact.predicate == "name" and fact.subject.kind in ("Organization", "Person"):
            resolver.note_spelling(str(s), str(fact.obj))
            names.append((str(s), str(fact.obj), fact.span.start, fact.span.end, quote, fact.section, str(doc)))
            continue
        p = predicate_iri(fact.predicate)
        o = URIRef(iris[fact.obj]) if isinstance(fact.obj, EntityRef) else literal(fact.obj)
        for ref, node in ((fact.subject, s), (fact.obj, o)):
            if isinstance(ref, EntityRef) and str(node) not in typed:
                typed.add(str(node))
                yield from _type_triples(ref, node, meta["doc_id"])
        part = next((name for start, end, name in parts if start <= fact.span.start < end), None)
        stated = [p] + ([PROSP[SUPER_PROPERTY[fact.predicate]]] if fact.predicate in SUPER_PROPERTY else [])
        for predicate in stated:     # a sub-property's fact states its super-property too, same evidence
            yield s, predicate, o
            yield from assertion_triples(doc, s, predicate, o, fact.span.start, fact.span.end, quote,
                                         fact.section, run, part)
        if fact.predicate in ROLE_OF_OBJECT and isinstance(o, URIRef):
            yield o, RDF.type, ROLE_OF_OBJECT[fact.predicate]
        if fact.predicate in ROLE_OF_SUBJECT:
            yield s, RDF.type, ROLE_OF_SUBJECT[fact.predicate]


def _type_triples(ref: EntityRef, node: URIRef, doc_id: str) -> Iterator[Triple]:
    cls = PROSP[ref.kind]
    yield node, RDF.type, cls
    if ref.kind == "DistributionMethod":
        label = DISTRIBUTION_METHODS.get(ref.key, (ref.key.replace("-", " ").capitalize(),))[0]
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.inScheme, DISTRIBUTION_SCHEME
        yield node, SKOS.prefLabel, Literal(label, lang="en")
        yield node, RDFS.label, Literal(label)
    elif ref.kind not in ("Organization", "Person") and not ref.key.startswith("@"):
        yield node, RDFS.label, Literal(_label(ref, doc_id))
    elif ref.kind == "Offering":
        yield node, RDFS.label, Literal(f"Offering described by prospectus {doc_id}")


def _label(ref: EntityRef, doc_id: str) -> str:
    if ref.kind == "Filing":
        form, _, qualifier = ref.key.partition("|")
        how, _, when = qualifier.partition("-")
        words = {"period": "for the period ended", "filed": "filed", "dated": "dated", "meeting": "for the annual meeting"}
        return f"Form {form} {words.get(how, how)} {when}".strip()
    if ref.kind == "SellingStockholderPosition":
        return f"{ref.key}: selling stockholder position in {doc_id}"
    if ref.kind == "Security":
        return ref.key
    if ref.kind == "Listing":
        return f"{ref.key} listing"
    return f"{ref.key.replace('-', ' ')} ({doc_id})"


def name_triples(resolver: Resolver, names: list[tuple], run: URIRef) -> Iterator[Triple]:
    """Names, aliases and labels of parties, once all documents are read; each mention is an assertion.

    ``names`` holds (entity IRI, spelling, start, end, quote, section, doc IRI) for every name mention.
    The canonical spelling becomes ``prosp:name`` and ``rdfs:label``; other spellings ``prosp:alias``.
    """
    canonical = {iri: resolver.canonical_name(iri) for iri in resolver.spellings}
    for iri, name in sorted(canonical.items()):
        node = URIRef(iri)
        yield node, PROSP.name, Literal(name)
        yield node, RDFS.label, Literal(name)
        kind = resolver.kinds.get(iri, "Organization")
        yield node, RDF.type, PROSP[kind]
        yield node, RDF.type, PROSP.Party
    for iri, spelling, start, end, quote, section, doc_iri in names:
        node = URIRef(iri)
        p = PROSP.name if spelling == canonical[iri] else PROSP.alias
        if p == PROSP.alias:
            yield node, PROSP.alias, Literal(spelling)
        yield from assertion_triples(URIRef(doc_iri), node, p, Literal(spelling), start, end, quote, section, run)


def scheme_triples() -> Iterator[Triple]:
    yield DISTRIBUTION_SCHEME, RDF.type, SKOS.ConceptScheme
    yield DISTRIBUTION_SCHEME, RDFS.label, Literal("Distribution methods (Regulation S-K Item 508)")
    yield DISTRIBUTION_SCHEME, SKOS.prefLabel, Literal("Distribution methods (Regulation S-K Item 508)", lang="en")


def run_triples(run: URIRef) -> Iterator[Triple]:
    yield run, RDF.type, PROSP.Run
    yield run, RDF.type, PROV.Activity
    yield run, RDFS.label, Literal(f"prospectus-kg {__version__} build")
    yield run, PROSP.softwareVersion, Literal(__version__)
