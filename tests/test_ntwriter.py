"""The streaming N-Triples/Turtle writer (graph/ntwriter.py) keeps every literal exactly, including
text that looks like N-Triples syntax, quotes, backslashes, newlines and Unicode line separators."""

from __future__ import annotations

import io

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from prospectus_kg.graph.ntwriter import TurtleWriter, nt_line
from prospectus_kg.ontology.namespace import PREFIXES

S = URIRef("https://w3id.org/prospectus-kg/id/org/x")
P = URIRef("https://w3id.org/prospectus-kg/ontology#name")
TRICKY = [
    'a"^^<http://www.w3.org/2001/XMLSchema#date>',
    'x"^^<https://w3id.org/prospectus-kg/ontology#name>"',
    'back\\slash "q" \n new\tline \u2028 \r',
    "'}) DETACH DELETE n //",
    "<script>alert(1)</script> & <img src=x>",
]


def _turtle(terms) -> Graph:
    buf = io.StringIO()
    writer = TurtleWriter(buf, PREFIXES)
    for line in sorted({nt_line(S, P, t) for t in terms}):
        writer.add(line)
    writer.close()
    return Graph().parse(data=buf.getvalue(), format="turtle")


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_literal_round_trips(text):
    assert set(_turtle([Literal(text)]).objects(S, P)) == {Literal(text)}


def test_typed_and_tagged_literals_keep_their_type():
    terms = [Literal("2020-01-01", datatype=XSD.date), Literal("0.88", datatype=XSD.decimal),
             Literal("Block trade", lang="en"), Literal(TRICKY[0])]
    assert set(_turtle(terms).objects(S, P)) == set(terms)
