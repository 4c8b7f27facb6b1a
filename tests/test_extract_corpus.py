"""Extraction on the shared corpus (skipped without it): an EDGAR full submission and its primary
document as HTML state the same facts (plus the header's), and a graph of all corpus documents and the
seed has one node per real entity."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

CORPUS = Path(os.environ.get("PROSPECTUS_KG_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus")


@pytest.fixture(scope="module")
def vigil_pair():
    from prospectus_kg.graph.ingest.load import load_document
    edgar = CORPUS / "edgar"
    if not (edgar / "0001193125-25-067858.txt").exists() or not (edgar / "0001193125-25-067858_S-3.html").exists():
        pytest.skip("corpus not found (set PROSPECTUS_KG_CORPUS)")
    return (load_document(edgar / "0001193125-25-067858.txt"), load_document(edgar / "0001193125-25-067858_S-3.html"))


def test_submission_states_what_its_html_document_states_plus_the_header(vigil_pair):
    from prospectus_kg.graph.extract import extract
    submission, html = vigil_pair
    delta = len(submission.text) - len(html.text)
    assert submission.text[delta:] == html.text      # the same canonical text after the header
    header = next(s for s in submission.sections if s.kind == "sec_header")

    def key(fact, shift):
        return fact.subject, fact.predicate, fact.obj, fact.span.start - shift, fact.span.end - shift, fact.section

    sub_facts, html_facts = extract(submission), extract(html)
    body = {key(f, delta) for f in sub_facts if f.span.start >= header.end}
    assert body == {key(f, 0) for f in html_facts}
    from_header = {(f.subject.key, f.predicate) for f in sub_facts if f.span.start < header.end}
    assert {("@issuer", "cik"), ("@prospectus", "accessionNumber"), ("@prospectus", "filingDate")} <= from_header


#: Organisations whose names differ only in their legal form and which are nevertheless two entities.
KNOWN_DISTINCT = {
    # two member firms of one network: Switzerland (ADC Therapeutics' auditor) and the US (Vigil's)
    frozenset({"PricewaterhouseCoopers SA", "PricewaterhouseCoopers LLP"}),
    # one broker-dealer's name before and after its conversion from a corporation to an LLC (2010), in two
    # filings fifteen years apart; neither states the change, so the build keeps the two legal names apart
    frozenset({"J.P. Morgan Securities, Inc.", "J.P. Morgan Securities LLC"}),
    # a US parent and its Austrian subsidiary, each named in its own sentence of one filing ("Rozmin and its US
    # parent company EuroGas Inc."; "EuroGas Group, through its Austrian subsidiary EuroGas GmbH")
    frozenset({"EuroGas GmbH", "EuroGas Inc."}),
}


def _parties(graph):
    from rdflib import URIRef
    from rdflib.namespace import RDF
    prosp = "https://w3id.org/prospectus-kg/ontology#"
    out = {}
    for cls in ("Organization", "Person"):
        for node in graph.subjects(RDF.type, URIRef(prosp + cls)):
            names = list(graph.objects(node, URIRef(prosp + "name")))
            out[node] = (cls, names)
    return out


def test_one_node_per_real_entity(corpus_folder):
    """Sound near-duplicate checks, beyond IRIs (which already fold case, punctuation and suffix
    spellings): every party has one canonical name; no two organisations share a name once the legal form
    is dropped entirely ("Redmile Group" and "Redmile Group, LLC"), unless listed as known distinct; no
    person is known by a surname only or by a name another person's name ends with ("Hawkins" and
    "W. Lawrence Hawkins"); an issuer's two documents (submission and HTML) share its node."""
    from rdflib import Graph

    from prospectus_kg.graph.extract.names import legal_key
    graph = Graph().parse(corpus_folder / "graph.ttl")
    parties = _parties(graph)
    assert parties, "no parties built"
    by_key = defaultdict(set)
    persons = []
    for node, (cls, names) in parties.items():
        assert len(names) == 1, (node, names)
        name = str(names[0])
        if cls == "Organization":
            by_key[legal_key(name)].add(name)
        else:
            persons.append(name)
    # two names of one stem with different legal forms that the graph relates to each other (the LLC
    # that is the general partner of the LP) are two parties by the document's own statement
    related = set()
    node_of = {str(names[0]): node for node, (cls, names) in parties.items() if cls == "Organization"}
    for s, _p, o in graph:
        if s in parties and o in parties and s != o:
            related.add(frozenset((s, o)))
    duplicates = [names for names in by_key.values() if len(names) > 1 and frozenset(names) not in KNOWN_DISTINCT
                  and not (len(names) == 2 and frozenset(node_of[n] for n in names) in related)]
    assert duplicates == []
    for name in persons:
        assert len(name.split()) >= 2, name
        assert not [other for other in persons if other != name and other.endswith(" " + name.split()[-1])
                    and name.endswith(other)], name
    issuers = {str(n) for n in graph.subjects(predicate=None, object=None)
               if re.search(r"/org/vigil-neuroscience", str(n))}
    assert len(issuers) == 1


_LINKS = {"of", "and", "&", "for", "de", "du", "la"}
_GENERIC = {"company", "issuer", "registrant", "selling", "underwriters", "underwriter", "agent", "agents",
            "representative", "representatives", "purchaser", "purchasers", "holders", "offering"}


def test_no_party_is_a_phrase_or_a_placeholder(corpus_folder):
    from rdflib import Graph
    graph = Graph().parse(corpus_folder / "graph.ttl")
    for _node, (_cls, names) in _parties(graph).items():
        name = str(names[0])
        assert not re.search(r"[\[\]●]|^(?:our|we|entities affiliated)\b|\b(?:Articles|Description|Consent|Opinion)"
                             r" of\b", name, re.I), name
        # "the Company", "the Selling Stockholders" are phrases; a proper name may begin with a capital
        # "The" ("The Harbor Bank of Maine", "The Quill Group, Inc."): capitalised words and a legal form
        # or at least three words
        if re.match(r"the\b", name, re.I):
            words = name.split()
            assert name.startswith("The ") and all(w[:1].isupper() or w in _LINKS for w in words[1:]) \
                and (len(words) >= 3 or re.search(r"\b(?:Inc|LLC|Corp|Ltd|LP|L\.P|PLC|Company)\b\.?$", name)) \
                and words[1].strip(",").lower() not in _GENERIC, name
