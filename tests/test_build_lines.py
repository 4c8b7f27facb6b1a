"""graph/build/triples.py makes N-Triples lines without rdflib: the same terms rdflib would make.

The lines go straight into graph.ttl (through the sorted sink), and a literal's rdflib ``n3()`` form goes
into the assertion IRIs, so every lexical form, datatype and escape must be rdflib's exactly.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from prospectus_kg.graph.build.triples import (RUN_PLACEHOLDER, assertion_triples, document_lines, literal_terms,
                                       prosp, prosp_terms, rdflib_literal)
from prospectus_kg.graph.models import ISSUER, OFFERING, PROSPECTUS, EntityRef, Fact, GYear, GYearMonth, Span
from prospectus_kg.graph.build.ntwriter import TURTLE_PREFIXES, nt_line, nt_term
from prospectus_kg.graph.build.resolve import BASE, Resolver

TRICKY_TEXT = ["plain", "", 'say "hi"', "back\\slash", "tab\there", "cr\rlf", "a\nb", 'ends in quote"\nx"',
               'x\n"""y"""', '\n"', "Ünïcödé — “quotes” \u2028 \x85 \x0b", "<not an iri>", "\\\"", "a\\\nb\"",
               "trailing\\", "line\n", "\n", '"\n"', "€ 1,000", "@en", "^^<http://x>"]
VALUES = (TRICKY_TEXT + [0, 1, 7, 10 ** 30, -1, -(10 ** 20), True, False]
          + [Decimal(d) for d in ("0", "1.50", "-2.25", "1E+3", "1e-7", "0.000", "123456789.123456789", "-0")]
          + [dt.date(2003, 1, 13), dt.date(1, 1, 1), dt.date(9999, 12, 31)]
          + [GYear(y) for y in (1, 9, 99, 999, 1998, 2025, 9999)] + [GYearMonth(2024, 12), GYearMonth(5, 1)]
          + [Decimal("NaN"), Decimal("Infinity"), dt.datetime(2003, 1, 13, 10, 30), GYear(0), GYear(12345), 1.5])


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_literals_are_rdflibs(value):
    lit = rdflib_literal(value)
    assert literal_terms(value) == (nt_term(lit), lit.n3())


def test_prosp_terms_are_the_ontologys():
    from prospectus_kg.ontology.namespace import PROSP
    defined = {n for n in PROSP.__annotations__ if not n.startswith("_")}
    assert prosp_terms() == defined and len(defined) > 100
    for name in sorted(defined):
        assert prosp(name) == f"<{PROSP[name]}>"
    with pytest.raises(AttributeError):
        PROSP["noSuchTerm"]
    with pytest.raises(AttributeError, match="noSuchTerm"):
        prosp("noSuchTerm")


def test_turtle_prefixes_are_the_ontologys():
    from prospectus_kg.ontology.namespace import PREFIXES
    assert TURTLE_PREFIXES == {p: PREFIXES[p] for p in TURTLE_PREFIXES}


@pytest.mark.parametrize("o", [URIRef(BASE + "org/b"), Literal("the Company"), Literal("two\nlines"),
                               Literal(5, datatype=XSD.nonNegativeInteger), Literal("x", lang="en")], ids=repr)
def test_assertion_triples_are_the_pattern(o):
    """The rdflib form of an assertion (used by fixtures) against the pattern written out by hand."""
    from rdflib.namespace import PROV, RDF
    from prospectus_kg.graph.build.triples import _hash
    from prospectus_kg.ontology.namespace import OA, PROSP
    doc, s, p, run = URIRef(BASE + "doc/d"), URIRef(BASE + "org/a"), PROSP.affiliateOf, URIRef(BASE + "run/r")
    a = URIRef(f"{BASE}assertion/{_hash(doc, s, p, o.n3() if isinstance(o, Literal) else o, 3, 9)}")
    t, pos, q = URIRef(f"{a}/target"), URIRef(f"{a}/position"), URIRef(f"{a}/quote")
    nn = XSD.nonNegativeInteger
    expected = {(a, RDF.type, PROSP.Assertion), (a, RDF.type, OA.Annotation), (a, OA.motivatedBy, OA.describing),
                (a, RDF.subject, s), (a, RDF.predicate, p), (a, RDF.object, o), (a, OA.hasTarget, t),
                (a, PROV.wasGeneratedBy, run), (a, PROSP.section, Literal("experts")),
                (a, PROSP.documentPart, Literal("base_prospectus")), (t, RDF.type, OA.SpecificResource),
                (t, OA.hasSource, doc), (t, OA.hasSelector, pos), (t, OA.hasSelector, q),
                (pos, RDF.type, OA.TextPositionSelector), (pos, OA.start, Literal(3, datatype=nn)),
                (pos, OA.end, Literal(9, datatype=nn)), (q, RDF.type, OA.TextQuoteSelector),
                (q, OA.exact, Literal('a "quote"\n'))}
    got = set(assertion_triples(doc, s, p, o, 3, 9, 'a "quote"\n', "experts", run, "base_prospectus"))
    assert got == expected


def test_document_lines_parse_as_n_triples():
    a, b = EntityRef("Organization", "Acme Widgets, Inc."), EntityRef("Organization", "Beta LLC")
    facts = [Fact(ISSUER, "name", "Acme Widgets, Inc.", Span(0, 18)), Fact(b, "name", "Beta LLC", Span(20, 28)),
             Fact(b, "affiliateOf", ISSUER, Span(20, 40), "selling_stockholders"),
             Fact(OFFERING, "sharesOffered", 1000, Span(41, 46)), Fact(a, "placementAgent", b, Span(0, 28))]
    meta = {"doc_id": "d", "text_file": "documents/d.txt", "source_name": 'in/"odd" name.txt',
            "media_type": "text/plain", "encoding": "utf-8", "sha256": "00", "parts": [(41, 99, "base_prospectus")]}
    iris = Resolver().resolve("d", facts)
    names: list[tuple] = []
    lines = document_lines(meta, facts, ["q"] * len(facts), iris, names)
    assert all(line.endswith(" .\n") for line in lines)
    g = Graph().parse(data="".join(lines), format="nt")
    assert len(g) == len(set(lines))
    assert [n[:2] for n in names] == [(iris[ISSUER], "Acme Widgets, Inc."), (iris[b], "Beta LLC")]
    doc = URIRef(iris[PROSPECTUS])
    assert (doc, URIRef("https://w3id.org/prospectus-kg/ontology#sourceFile"), Literal('in/"odd" name.txt')) in g
    underwriter = URIRef("https://w3id.org/prospectus-kg/ontology#underwriter")
    assert (URIRef(iris[a]), underwriter, URIRef(iris[b])) in g           # the super-property is stated too
    assert (URIRef(RUN_PLACEHOLDER), URIRef("http://www.w3.org/ns/prov#used"), doc) in g
    assert nt_line(doc, URIRef("https://w3id.org/prospectus-kg/ontology#encoding"), Literal("utf-8")) in lines


def test_quotes_stay_with_their_facts_when_facts_are_dropped():
    """A document that names no issuer drops the facts about the issuer; the quotes of the others stay theirs."""
    from prospectus_kg.graph.build.pipeline import document_result
    text = "ACME filed the 10-K. Beta LLC is the selling stockholder."
    filing, beta = EntityRef("Filing", "10-K|filed-2024-01-01"), EntityRef("Organization", "Beta LLC")
    facts = [Fact(filing, "filedBy", ISSUER, Span(0, 19)), Fact(OFFERING, "sellingStockholder", beta, Span(21, 57))]
    quotes = [f.span.quote(text) for f in facts]
    meta = {"doc_id": "d", "text_file": "documents/d.txt", "source_name": "d.txt", "media_type": "text/plain",
            "encoding": "utf-8", "sha256": "00", "parts": []}
    result = document_result(meta, facts, quotes, Resolver())
    assert result.facts == 1
    lines = result.lines + [line for _first, nt, _ttl, _n in result.blocks for line in nt.decode().split("\n")]
    exact = [line for line in lines if "#exact>" in line]
    assert exact == [line for line in exact if '"Beta LLC is the selling stockholder."' in line] and len(exact) == 1


def test_building_imports_no_rdflib():
    """Workers and the main process make the graph without importing rdflib (~65 ms a process)."""
    code = ("import sys, tempfile, pathlib; from prospectus_kg.graph.build.pipeline import build; "
            "d = pathlib.Path(tempfile.mkdtemp()); "
            "build([sys.argv[1]], d / 'g', jobs=1); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyoxigraph')))")
    from pathlib import Path
    seed = Path(__file__).resolve().parents[1] / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
    run = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def _assertion_cases():
    from prospectus_kg.graph.build.triples import PROSP_NS
    doc = BASE + "doc/0001-23-456789"
    odd_doc = BASE + "doc/odd name<1>"
    org, other = BASE + "org/acme-inc", BASE + "org/b c"
    objects = [f"<{org}>", f"<{BASE}distribution-method/block-trade>", '"plain"', '"say \\"hi\\" \\\\ now"',
               '"7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>', '"x"@en',
               '"2003-01-13"^^<http://www.w3.org/2001/XMLSchema#date>', f"<{BASE}org/b%20c>",
               '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>']
    quotes = ["the quote", 'a "quoted" \\ back\nslash\r\u2028 sep', ""]
    cases = []
    for i, o in enumerate(objects):
        for j, (section, part) in enumerate([("selling_stockholders", None), ("", "base_prospectus"), ("", None),
                                             ("experts", "base_prospectus")]):
            p = f"<{PROSP_NS}affiliateOf>" if o.startswith("<") else "<http://www.w3.org/2000/01/rdf-schema#label>"
            cases.append(((odd_doc if j == 2 else doc), (other if i % 2 else org), p, o, o, 10 * i + j,
                          10 * i + j + 5, quotes[(i + j) % 3], section, part))
    return cases


def test_assertion_blocks_are_what_the_turtle_writer_writes():
    """The template that writes an assertion's Turtle in the worker = TurtleWriter on its lines."""
    from prospectus_kg.graph.build.triples import ASSERTION_KEY_LENGTH, ASSERTION_PREFIX, assertion_blocks, assertion_lines
    from prospectus_kg.graph.build.ntwriter import nt_iri, turtle_blocks
    run = f"<{RUN_PLACEHOLDER}>"
    plain: list[str] = []
    made: dict = {}
    cases = _assertion_cases()
    # the same assertion twice, once with another section: one subject, written from the union of the lines
    cases.append(cases[0][:8] + ("experts", None))
    for doc, s, p, o, key, start, end, quote, section, part in cases:
        args = (doc, nt_iri(doc), s, nt_iri(s), p, o, key, start, end, quote, section, run, part)
        assertion_lines(plain, *args)
        assertion_lines([], *args, blocks=made)
    rest, expected = turtle_blocks(plain, ASSERTION_PREFIX, ASSERTION_KEY_LENGTH, TURTLE_PREFIXES)
    assert rest == [] and len(expected) == len(cases) - 1
    assert sorted(assertion_blocks(made)) == sorted(expected)


def test_blocks_give_the_bytes_of_writing_every_line(tmp_path):
    """A build (assertions written as Turtle in the workers) = TurtleWriter over its sorted N-Triples."""
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic_corpus import generate
    from prospectus_kg.graph.build.ntwriter import write_graph
    from prospectus_kg.graph.build.pipeline import build
    folder = tmp_path / "in"
    generate(folder, 6)
    build([folder], tmp_path / "g", jobs=2, ntriples=True)
    lines = (tmp_path / "g" / "graph.nt").read_text(encoding="utf-8").split("\n")[:-1]
    write_graph([[line + "\n" for line in lines]], tmp_path / "plain.ttl", None, TURTLE_PREFIXES)
    assert (tmp_path / "plain.ttl").read_bytes() == (tmp_path / "g" / "graph.ttl").read_bytes()


@pytest.mark.parametrize("chunk", [1, 2, 10**6])
def test_name_statements_make_each_mention_one_block_however_they_are_chunked(chunk):
    """Name mentions become assertion blocks; a mention seen twice in one document is one block even
    when the chunks are as small as can be, and the chunks together say what one chunk says."""
    from prospectus_kg.graph.build.triples import name_statements
    resolver = Resolver()
    org, other = f"{BASE}org/beta-llc", f"{BASE}org/gamma-inc"
    mentions = []
    for d in range(3):
        doc = f"{BASE}doc/d{d}"
        for iri, spelling, start in ((org, "Beta LLC", 10), (org, "BETA L.L.C.", 40), (org, "Beta LLC", 10),
                                     (other, "Gamma, Inc.", 70)):
            resolver.note_spelling(iri, spelling)
            mentions.append((iri, spelling, start + d, start + d + len(spelling), spelling, "Experts", doc))
    chunks = list(name_statements(resolver, mentions, chunk=chunk))
    lines = [line for part, _blocks in chunks for line in part]
    blocks = [block for _lines, part in chunks for block in part]
    whole_lines, whole_blocks = zip(*name_statements(resolver, mentions))
    assert sorted(set(lines)) == sorted({line for part in whole_lines for line in part})
    assert sorted(blocks) == sorted(block for part in whole_blocks for block in part)
    assert len(blocks) == 9 and len({block[0] for block in blocks}) == 9   # 12 mentions, 3 repeated
    assert all(line.split(" ")[0] not in {b[0].split(" ")[0] for b in blocks} for line in lines)
    if chunk == 1:
        assert len(chunks) == 3   # one a document (the organizations' lines come with the first)
