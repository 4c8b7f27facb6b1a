"""Build: resolved facts -> RDF triples, as N-Triples lines (the only step that makes triples).

Every fact becomes one plain triple (so SPARQL, reasoning and Neo4j see it directly) and one
``prosp:Assertion`` (also an ``oa:Annotation``) that reifies it: ``rdf:subject``/``rdf:predicate``/
``rdf:object``, the source document, a ``oa:TextPositionSelector`` (0-based, end-exclusive offsets into
the canonical text) and a ``oa:TextQuoteSelector`` with the exact quote, and the build run that made
it. All IRIs are derived from content, never from time or memory addresses, so the same inputs give
the same triples. See ONTOLOGY.md, "Provenance pattern".

The build never holds rdflib terms: each triple is made directly as one canonical N-Triples line
(``graph.ntwriter``: ``<s> <p> o .`` with its newline), which is what the sorted sink stores. This
module imports no rdflib (worker processes make these lines, and importing rdflib costs ~65 ms a
process); the literals it writes are the ones rdflib's ``Literal`` would make (the same lexical forms
and datatypes; ``tests/test_build_lines.py`` compares them). :func:`assertion_triples` is the same
pattern as rdflib triples, for code that builds small graphs by hand (test fixtures, benchmarks).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Iterable, Iterator

from prospectus_kg import __version__
from prospectus_kg.graph.build.lookup import lookup_key
from prospectus_kg.graph.models import PROSPECTUS, EntityRef, Fact, GYear, GYearMonth
from prospectus_kg.graph.build.ntwriter import (TURTLE_PREFIXES, Block, TurtleWriter, make_block, nt_iri, nt_string,
                                          turtle_blocks)
from prospectus_kg.graph.build.resolve import BASE, Resolver
from prospectus_kg.graph.extract.vocabulary import DISTRIBUTION_METHODS
from prospectus_kg.ontology.terms import OA_NS, PREFIXES, PROSP_NS

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS, XSD_NS, PROV_NS, SKOS_NS = (PREFIXES[p] for p in ("rdfs", "xsd", "prov", "skos"))

#: Relation -> role class (local name) its object (or, for auditorOf, its subject) is given, for convenience.
ROLE_OF_OBJECT = {"issuer": "Issuer", "sellingStockholder": "SellingStockholder", "legalCounsel": "LegalCounsel",
                  "underwriter": "Underwriter", "placementAgent": "Underwriter", "salesAgent": "Underwriter"}
ROLE_OF_SUBJECT = {"auditorOf": "Auditor"}
#: Sub-properties that also state their super-property, so queries need no reasoner.
SUPER_PROPERTY = {"issuerCounsel": "legalCounsel", "underwritersCounsel": "legalCounsel",
                  "sellingStockholderCounsel": "legalCounsel", "placementAgent": "underwriter",
                  "salesAgent": "underwriter", "generalPartnerOf": "controls", "investmentManagerOf": "controls"}
DISTRIBUTION_SCHEME = f"{BASE}distribution-methods"
#: The run's IRI hashes every document read, so it is known only at the end: lines carry this
#: placeholder (it sorts like any run IRI) and the writer replaces it (``graph.ntwriter.write_graph``).
RUN_PLACEHOLDER = f"{BASE}run/{'~' * 20}"
#: Every line of an assertion starts with these characters (``<.../assertion/`` and its 20-character
#: hash, which covers the document), whichever of its four subjects it is about; no other line does.
ASSERTION_PREFIX = f"<{BASE}assertion/"
ASSERTION_KEY_LENGTH = len(ASSERTION_PREFIX) + 20


# --- terms ------------------------------------------------------------------------------------

def prosp_terms() -> frozenset[str]:
    """The local names the ontology defines: those ``PROSP`` (a closed rdflib namespace) accepts,
    from the generated, rdflib-free ``ontology/terms.py`` (a test checks it against ``PROSP``)."""
    from prospectus_kg.ontology.terms import TERMS
    return TERMS


def prosp(name: str) -> str:
    """``<https://w3id.org/prospectus-kg/ontology#name>``; a name the ontology lacks raises AttributeError
    (as ``PROSP.name`` does), so an extractor bug cannot put an undefined term into a graph."""
    term = _PROSP_CACHE.get(name)
    if term is None:
        if name not in prosp_terms():
            raise AttributeError(f"term '{name}' not in namespace '{PROSP_NS}'")
        term = _PROSP_CACHE[name] = f"<{PROSP_NS}{name}>"
    return term


_PROSP_CACHE: dict[str, str] = {}


def predicate_iri(name: str) -> str:
    """The N-Triples form of a fact's predicate."""
    return _LABEL if name == "label" else prosp(name)


def key_lines(out: list[str], node: str, *names: str, iri: str = "") -> None:
    """Append the ``prosp:lookupKey`` lines of ``node`` (an N-Triples term): the key of each of its
    ``names`` (a name, alias or label) and, for a labelled entity, of its plain ``iri``
    (``graph/build/lookup.py``: what a query's ``name`` parameter is matched against)."""
    key = prosp("lookupKey")
    out += (f"{node} {key} {nt_string(lookup_key(text))} .\n" for text in (*names, iri) if text)


_TYPE, _SUBJECT, _PREDICATE, _OBJECT = (f"<{RDF_NS}{n}>" for n in ("type", "subject", "predicate", "object"))
_LABEL = f"<{RDFS_NS}label>"
_ANNOTATION, _MOTIVATED_BY, _DESCRIBING, _HAS_TARGET = (f"<{OA_NS}{n}>" for n in
                                                        ("Annotation", "motivatedBy", "describing", "hasTarget"))
_SPECIFIC_RESOURCE, _HAS_SOURCE, _HAS_SELECTOR = (f"<{OA_NS}{n}>" for n in
                                                  ("SpecificResource", "hasSource", "hasSelector"))
_POSITION_SELECTOR, _START, _END = (f"<{OA_NS}{n}>" for n in ("TextPositionSelector", "start", "end"))
_QUOTE_SELECTOR, _EXACT = f"<{OA_NS}TextQuoteSelector>", f"<{OA_NS}exact>"
_GENERATED_BY, _USED, _ACTIVITY = f"<{PROV_NS}wasGeneratedBy>", f"<{PROV_NS}used>", f"<{PROV_NS}Activity>"
_CONCEPT, _IN_SCHEME, _PREF_LABEL, _CONCEPT_SCHEME = (f"<{SKOS_NS}{n}>" for n in
                                                     ("Concept", "inScheme", "prefLabel", "ConceptScheme"))
_NON_NEGATIVE = f"^^<{XSD_NS}nonNegativeInteger>"
_DATATYPE = {bool: f"^^<{XSD_NS}boolean>", Decimal: f"^^<{XSD_NS}decimal>", dt.date: f"^^<{XSD_NS}date>",
             GYear: f"^^<{XSD_NS}gYear>", GYearMonth: f"^^<{XSD_NS}gYearMonth>"}


def literal_terms(value) -> tuple[str, str]:
    """(N-Triples form, rdflib ``n3()`` form) of the literal for a fact's value.

    The datatypes match the ontology's ranges and the lexical forms are rdflib's: booleans ``true``
    /``false``; integers ``xsd:nonNegativeInteger`` (``xsd:integer`` below 0); decimals
    ``format(d, 'f')``; dates ISO; gYear and gYearMonth as printed; anything else its ``str`` as a
    plain literal. The n3 form goes into assertion IRIs (as it always has); it equals the N-Triples
    form except for text with a line break, which rdflib writes in triple quotes. Rare values (non-finite
    decimals, subclasses of the usual types) are made by rdflib itself.
    """
    kind = type(value)
    if kind is str:
        text = nt_string(value)
        return text, (text if "\n" not in value else _n3_multiline(value))
    if kind is int:
        text = f'"{value}"' + (_NON_NEGATIVE if value >= 0 else f"^^<{XSD_NS}integer>")
    elif kind is bool:
        text = ('"true"' if value else '"false"') + _DATATYPE[bool]
    elif kind is Decimal and value.is_finite():
        text = f'"{value:f}"' + _DATATYPE[Decimal]
    elif kind is dt.date:
        text = f'"{value.isoformat()}"' + _DATATYPE[dt.date]
    elif kind in (GYear, GYearMonth) and 1 <= value.year <= 9999:
        text = f'"{value}"' + _DATATYPE[kind]
    else:
        return _rdflib_literal_terms(value)
    return text, text


def _n3_multiline(text: str) -> str:
    """rdflib's ``Literal(text).n3()`` for a plain literal holding a line break (triple-quoted)."""
    encoded = text.replace("\\", "\\\\")
    if '"""' in text:
        encoded = encoded.replace('"""', '\\"\\"\\"')
    if encoded[-1] == '"' and encoded[-2] != "\\":
        encoded = encoded[:-1] + "\\" + '"'
    return '"""%s"""' % encoded.replace("\r", "\\r")


def rdflib_literal(value):
    """The rdflib ``Literal`` for a fact's value (what :func:`literal_terms` writes)."""
    from rdflib import Literal
    from rdflib.namespace import XSD
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


def _rdflib_literal_terms(value) -> tuple[str, str]:
    from prospectus_kg.graph.build.ntwriter import nt_term
    lit = rdflib_literal(value)
    return nt_term(lit), lit.n3()


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


def run_iri(doc_hashes: Iterable[str]) -> str:
    return f"{BASE}run/{_hash(__version__, *sorted(doc_hashes))}"


# --- the provenance pattern --------------------------------------------------------------------

def assertion_lines(out: list[str], doc: str, doc_nt: str, s: str, s_nt: str, p: str, o: str, o_key: str,
                    start: int, end: int, quote: str, section: str, run: str, part: str | None = None,
                    blocks: dict | None = None) -> None:
    """Append the lines of one ``prosp:Assertion`` of ``s p o`` to ``out``.

    ``doc`` and ``s`` are plain IRIs, ``doc_nt`` and ``s_nt`` the same as N-Triples terms; ``p``, ``o``
    and ``run`` are N-Triples terms; ``o_key`` is what the assertion's IRI hashes for the object: the
    IRI of an entity, or the rdflib n3 form of a literal.

    With ``blocks`` (a dict) the lines go there instead, under the assertion's key, with the same
    written as Turtle (see :func:`assertion_blocks`).
    """
    a = f"<{BASE}assertion/{_hash(doc, s, p[1:-1], o_key, start, end)}"
    target, position, exact = f"{a}/target>", f"{a}/position>", f"{a}/quote>"
    subject = a + ">"
    quote_nt = nt_string(quote)
    section_nt = nt_string(section) if section else ""
    part_nt = nt_string(part) if part else ""
    group = [f"{subject} {_TYPE} {_ASSERTION} .\n", f"{subject} {_TYPE} {_ANNOTATION} .\n",
             f"{subject} {_MOTIVATED_BY} {_DESCRIBING} .\n", f"{subject} {_SUBJECT} {s_nt} .\n",
             f"{subject} {_PREDICATE} {p} .\n", f"{subject} {_OBJECT} {o} .\n",
             f"{subject} {_HAS_TARGET} {target} .\n", f"{subject} {_GENERATED_BY} {run} .\n",
             f"{target} {_TYPE} {_SPECIFIC_RESOURCE} .\n", f"{target} {_HAS_SOURCE} {doc_nt} .\n",
             f"{target} {_HAS_SELECTOR} {position} .\n", f"{target} {_HAS_SELECTOR} {exact} .\n",
             f"{position} {_TYPE} {_POSITION_SELECTOR} .\n", f'{position} {_START} "{start}"{_NON_NEGATIVE} .\n',
             f'{position} {_END} "{end}"{_NON_NEGATIVE} .\n', f"{exact} {_TYPE} {_QUOTE_SELECTOR} .\n",
             f"{exact} {_EXACT} {quote_nt} .\n"]
    if section:
        group.append(f"{subject} {_SECTION} {section_nt} .\n")
    if part:
        group.append(f"{subject} {_PART} {part_nt} .\n")
    if blocks is None:
        out += group
        return
    seen = blocks.get(a)
    if seen is None:
        blocks[a] = (group, _assertion_turtle(a, doc_nt, s_nt, p, o, run, start, end, quote_nt, section_nt, part_nt))
    else:   # the same assertion made twice (its lines may differ, e.g. in section): written from the union
        blocks[a] = (seen[0] + group, None)


def assertion_blocks(blocks: dict) -> list[Block]:
    """The assertions :func:`assertion_lines` put in ``blocks`` as the blocks ``graph.ntwriter`` writes
    in their places (``make_block``). The Turtle is made from a template of the pattern,
    the text ``TurtleWriter`` writes for those lines (``tests/test_build_lines.py`` compares them);
    an assertion made twice, and any assertion if the template cannot be used, by ``TurtleWriter``."""
    made: list[Block] = []
    other: list[str] = []
    for group, turtle in blocks.values():
        if turtle is None or _turtle_names() is None:
            other += group
        else:
            group.sort()
            made.append(make_block(group, turtle))
    if other:
        made += turtle_blocks(other, ASSERTION_PREFIX, ASSERTION_KEY_LENGTH, TURTLE_PREFIXES)[1]
    return made


_NAMES: list = []


def _turtle_names():
    """(TurtleWriter, the prefixed names the template writes) or None where assertion IRIs would not
    be written in full (a prefix for them), so that the template does not apply."""
    if not _NAMES:
        import io
        writer = TurtleWriter(io.StringIO(), TURTLE_PREFIXES, head=False)
        sample = f"{ASSERTION_PREFIX}{'0' * 20}"
        if any(writer.name(sample + end) != sample + end for end in (">", "/target>", "/position>", "/quote>")):
            _NAMES.append(None)
        else:
            terms = {k: writer.name(v) for k, v in (
                ("type", _TYPE), ("position", _POSITION_SELECTOR), ("end", _END), ("start", _START),
                ("quote", _QUOTE_SELECTOR), ("exact", _EXACT), ("resource", _SPECIFIC_RESOURCE),
                ("selector", _HAS_SELECTOR), ("source", _HAS_SOURCE), ("annotation", _ANNOTATION),
                ("assertion", _ASSERTION), ("object", _OBJECT), ("predicate", _PREDICATE), ("subject", _SUBJECT),
                ("target", _HAS_TARGET), ("motivated", _MOTIVATED_BY), ("describing", _DESCRIBING),
                ("generated", _GENERATED_BY), ("part", _PART), ("section", _SECTION))}
            terms["nonneg"] = writer.object(f'"0"{_NON_NEGATIVE}')[3:]
            _NAMES.append((writer, terms))
    return _NAMES[0]


def _assertion_turtle(a: str, doc: str, s: str, p: str, o: str, run: str, start: int, end: int, quote: str,
                      section: str, part: str) -> str | None:
    """An assertion's four subjects as TurtleWriter writes them (``a`` is its IRI without the ">")."""
    names = _turtle_names()
    if names is None:
        return None
    writer, t = names
    return writer.assertion_block(t, a, doc, s, p, o, run, start, end, quote, section, part)


_ASSERTION, _SECTION, _PART = (f"<{PROSP_NS}{n}>" for n in ("Assertion", "section", "documentPart"))
#: predicates whose value is a name an entity is looked up by (``key_lines``)
_NAMING = frozenset((_LABEL, f"<{PROSP_NS}name>", f"<{PROSP_NS}alias>"))


def assertion_triples(doc_iri, s, p, o, start: int, end: int, quote: str, section: str, run,
                      part: str | None = None) -> Iterator[tuple]:
    """The same assertion as rdflib triples (``doc_iri``, ``s``, ``p``, ``run`` URIRefs; ``o`` a URIRef or
    Literal), for code that builds a small graph by hand. Made by :func:`assertion_lines` and read back."""
    from rdflib import Graph, Literal
    from prospectus_kg.graph.build.ntwriter import nt_term
    lines: list[str] = []
    key = o.n3() if isinstance(o, Literal) else str(o)
    assertion_lines(lines, str(doc_iri), nt_term(doc_iri), str(s), nt_term(s), nt_term(p), nt_term(o), key, start,
                    end, quote, section, nt_term(run), part)
    yield from Graph().parse(data="".join(lines), format="nt")


# --- a document ---------------------------------------------------------------------------------

def document_lines(meta: dict, facts: list[Fact], quotes: list[str], iris: dict[EntityRef, str],
                   names: list[tuple], run: str = RUN_PLACEHOLDER, blocks: dict | None = None) -> list[str]:
    """The N-Triples lines of one document: its Prospectus node, its facts and their assertions.

    Party name facts become no lines here: they are appended to ``names`` as (entity IRI, spelling,
    start, end, quote, section, document IRI), because an entity's canonical name is chosen once all
    documents are read (``name_statements``). ``run`` is the run's IRI (by default the placeholder).
    With ``blocks`` (a dict), the assertions go there (see :func:`assertion_lines`), not in the lines.
    """
    out: list[str] = []
    doc_raw = iris[PROSPECTUS]
    doc = nt_iri(doc_raw)
    run_nt = f"<{run}>"
    doc_id = meta["doc_id"]
    out += (f"{doc} {_TYPE} {prosp('Prospectus')} .\n",
            f"{doc} {_LABEL} {nt_string(f'Prospectus {doc_id}')} .\n",
            f"{doc} {prosp('textFile')} {nt_string(meta['text_file'])} .\n",
            f"{doc} {prosp('sourceFile')} {nt_string(meta['source_name'])} .\n",
            f"{doc} {prosp('mediaType')} {nt_string(meta['media_type'])} .\n",
            f"{doc} {prosp('encoding')} {nt_string(meta['encoding'])} .\n",
            f"{doc} {prosp('sha256')} {nt_string(meta['sha256'])} .\n",
            f"{run_nt} {_USED} {doc} .\n")
    key_lines(out, doc, f"Prospectus {doc_id}", iri=doc_raw)
    typed: set[str] = set()
    parts = meta.get("parts", [])
    for fact, quote in zip(facts, quotes):
        subject, obj, span = fact.subject, fact.obj, fact.span
        s_raw = iris[subject]
        if fact.predicate == "name" and subject.kind in ("Organization", "Person"):
            names.append((s_raw, str(obj), span.start, span.end, quote, fact.section, doc_raw))
            continue
        p = predicate_iri(fact.predicate)
        s = nt_iri(s_raw)
        if isinstance(obj, EntityRef):
            o_key = iris[obj]
            o = nt_iri(o_key)
        else:
            o, o_key = literal_terms(obj)
        for ref, raw, node in ((subject, s_raw, s), (obj, o_key, o)):
            if raw not in typed and isinstance(ref, EntityRef):
                typed.add(raw)
                _type_lines(out, ref, node, raw, doc_id)
        part = next((name for start, end, name in parts if start <= span.start < end), None)
        for predicate in ((p, prosp(SUPER_PROPERTY[fact.predicate])) if fact.predicate in SUPER_PROPERTY else (p,)):
            # a sub-property's fact states its super-property too, with the same evidence
            out.append(f"{s} {predicate} {o} .\n")
            if predicate in _NAMING and isinstance(obj, str):
                key_lines(out, s, obj, iri=s_raw if predicate == _LABEL else "")
            assertion_lines(out, doc_raw, doc, s_raw, s, predicate, o, o_key, span.start, span.end, quote,
                            fact.section, run_nt, part, blocks)
        if fact.predicate in ROLE_OF_OBJECT and isinstance(obj, EntityRef):
            out.append(f"{o} {_TYPE} {prosp(ROLE_OF_OBJECT[fact.predicate])} .\n")
        if fact.predicate in ROLE_OF_SUBJECT:
            out.append(f"{s} {_TYPE} {prosp(ROLE_OF_SUBJECT[fact.predicate])} .\n")
    return out


def _type_lines(out: list[str], ref: EntityRef, node: str, raw: str, doc_id: str) -> None:
    out.append(f"{node} {_TYPE} {prosp(ref.kind)} .\n")
    if ref.kind == "DistributionMethod":
        label = DISTRIBUTION_METHODS.get(ref.key, (ref.key.replace("-", " ").capitalize(),))[0]
        out += (f"{node} {_TYPE} {_CONCEPT} .\n", f"{node} {_IN_SCHEME} <{DISTRIBUTION_SCHEME}> .\n",
                f"{node} {_PREF_LABEL} {nt_string(label)}@en .\n")
    elif ref.kind not in ("Organization", "Person") and not ref.key.startswith("@"):
        label = _label(ref, doc_id)
    elif ref.kind == "Offering":
        label = f"Offering described by prospectus {doc_id}"
    elif ref.kind == "Prospectus" and ref.key == "@base":
        label = f"Base prospectus bundled in {doc_id}"
    else:
        return
    out.append(f"{node} {_LABEL} {nt_string(label)} .\n")
    key_lines(out, node, label, iri=raw)


def _label(ref: EntityRef, doc_id: str) -> str:
    if ref.kind == "Filing":
        form, _, qualifier = ref.key.partition("|")
        how, _, when = qualifier.partition("-")
        words = {"period": "for the period ended", "filed": "filed", "dated": "dated", "meeting": "for the annual meeting"}
        from prospectus_kg.graph.extract.filings import TITLED
        title = form if any(form == kind for kind, _pattern in TITLED) else f"Form {form}"   # a title, no SEC form
        return f"{title} {words.get(how, how)} {when}".strip()
    if ref.kind == "SellingStockholderPosition":
        return f"{ref.key}: selling stockholder position in {doc_id}"
    if ref.kind == "Security":
        return ref.key
    if ref.kind == "Listing":
        return f"{ref.key} listing"
    return f"{ref.key.replace('-', ' ')} ({doc_id})"


# --- once every document is read ----------------------------------------------------------------

def name_statements(resolver: Resolver, names: Iterable[tuple], run: str = RUN_PLACEHOLDER,
                    chunk: int = 4096) -> Iterator[tuple[list[str], list[Block]]]:
    """Names, aliases and labels of parties, once all documents are read; each mention is an assertion.

    ``names`` holds (entity IRI, spelling, start, end, quote, section, doc IRI) for every name mention,
    a document's mentions together. The canonical spelling becomes ``prosp:name`` and ``rdfs:label``;
    other spellings ``prosp:alias``. Yields (lines, assertion blocks) about ``chunk`` mentions at a
    time (see :func:`assertion_blocks`), cut between documents: an assertion's IRI hashes its
    document's, so an assertion made twice is made in one chunk and becomes one block.
    """
    canonical = {iri: resolver.canonical_name(iri) for iri in resolver.spellings}
    name_p, alias_p, party = prosp("name"), prosp("alias"), prosp("Party")
    out: list[str] = []
    for iri, name in sorted(canonical.items()):
        node = nt_iri(iri)
        literal = nt_string(name)
        kind = resolver.kinds.get(iri, "Organization")
        out += (f"{node} {name_p} {literal} .\n", f"{node} {_LABEL} {literal} .\n",
                f"{node} {_TYPE} {prosp(kind)} .\n", f"{node} {_TYPE} {party} .\n")
        key_lines(out, node, name, iri=iri)
    run_nt = f"<{run}>"
    made: dict = {}
    previous = None
    for iri, spelling, start, end, quote, section, doc_iri in names:
        if doc_iri != previous and len(made) >= chunk:
            yield out, assertion_blocks(made)
            out, made = [], {}
        previous = doc_iri
        node = nt_iri(iri)
        o, o_key = literal_terms(spelling)
        if spelling == canonical[iri]:
            p = name_p
        else:
            p = alias_p
            out.append(f"{node} {alias_p} {o} .\n")
            key_lines(out, node, spelling)
        assertion_lines(out, doc_iri, nt_iri(doc_iri), iri, node, p, o, o_key, start, end, quote, section, run_nt,
                        blocks=made)
    yield out, assertion_blocks(made)


def scheme_lines() -> list[str]:
    scheme, label = f"<{DISTRIBUTION_SCHEME}>", nt_string("Distribution methods (Regulation S-K Item 508)")
    out = [f"{scheme} {_TYPE} {_CONCEPT_SCHEME} .\n", f"{scheme} {_LABEL} {label} .\n",
           f"{scheme} {_PREF_LABEL} {label}@en .\n"]
    key_lines(out, scheme, "Distribution methods (Regulation S-K Item 508)", iri=DISTRIBUTION_SCHEME)
    return out


def run_lines(run: str = RUN_PLACEHOLDER) -> list[str]:
    node = f"<{run}>"
    return [f"{node} {_TYPE} {prosp('Run')} .\n", f"{node} {_TYPE} {_ACTIVITY} .\n",
            f"{node} {_LABEL} {nt_string(f'prospectus-kg {__version__} build')} .\n",
            f"{node} {prosp('softwareVersion')} {nt_string(__version__)} .\n"]
