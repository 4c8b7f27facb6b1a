"""Materialising what the OWL reasoner concludes from a built graph, apart from the stated facts.

``prospectus-kg reason DIR`` loads the ontology and graph.ttl into owlready2 (as N-Triples made by
rdflib), runs HermiT (ontology/owl.py explains why not Pellet), and writes the conclusions to
``DIR/inferred.ttl``. graph.ttl is never modified.

What the reasoner sees: the reasoning view of graph.ttl (ontology/owl.py) *without* the role types
(Issuer, SellingStockholder, LegalCounsel, Auditor, Underwriter) the build asserts for convenience,
so those are derived from the relations through the role classes' definitions (e.g.
``Issuer ≡ issuerOf some Offering``). What is written:

* types HermiT derives for individuals (most specific first; super-classes of a node's stated or
  inferred types are left out as noise);
* property links: inverse (``issuerOf`` from ``issuer``), symmetric (``affiliateOf`` both ways),
  super-properties (``legalCounsel`` from ``issuerCounsel``; ``controlledBy`` from ``subsidiaryOf``) and
  transitive ones (``controls``). HermiT decides these; owlready2, which keeps a value and its inverse
  as one fact, does not store both directions, so the links are materialised here from the
  ontology's owl:inverseOf, owl:SymmetricProperty, rdfs:subPropertyOf and owl:TransitiveProperty
  axioms, with the premises each one follows from; HermiT's own property values are added too.

Marking scheme of inferred.ttl (one file, plain RDF, no named graphs):

* every inferred triple is written as a plain triple, so graph.ttl + inferred.ttl is the entailed
  graph that SPARQL, Neo4j and networkx can use as is;
* and it is described by one ``prosp:Inferred`` node (deterministic IRI under ``kg:inferred/``):
  ``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``; ``prosp:inferredBy`` the ``prosp:ReasonerRun``;
  ``prov:wasDerivedFrom`` the ``prosp:Assertion`` nodes of the stated facts it follows from (so every
  conclusion leads back to source sentences); ``prosp:alsoStated true`` when graph.ttl states it too.

A stated fact never appears in inferred.ttl unless the reasoner derived it independently, and then
it says so (``prosp:alsoStated``). Output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from prospectus_kg.atomic import write_file
from prospectus_kg.errors import ValidationFailed
from prospectus_kg.folder import GraphFolder
from prospectus_kg.ontology import owl
from prospectus_kg.ontology.namespace import ID, ONTOLOGY_VERSION_IRI, PROSP, bind_prefixes

Triple = tuple

HEADER = """\
# inferred.ttl: conclusions of the OWL reasoner, NOT statements of any document.
#
# Written by `prospectus-kg reason` from graph.ttl (never modified) and the prospectus-kg ontology,
# with {reasoner}. Each inferred triple appears twice:
#   1. as a plain triple, so loading graph.ttl together with this file gives the entailed graph;
#   2. described by a prosp:Inferred node: rdf:subject, rdf:predicate, rdf:object name the triple,
#      prosp:inferredBy the prosp:ReasonerRun below, prov:wasDerivedFrom the prosp:Assertion nodes of
#      the stated facts it follows from, and prosp:alsoStated true when graph.ttl states it as well.
# To keep only stated facts, load graph.ttl alone; in a merged graph, a triple is inferred when a
# prosp:Inferred node names it.
#
# {summary}

"""


@dataclass
class Inference:
    triple: Triple
    kind: str                                        # "type" | "link"
    premises: list[Triple] = field(default_factory=list)
    also_stated: bool = False
    by_hermit: bool = False


@dataclass
class ReasonResult:
    inferences: list[Inference]
    graph: Graph                 # what inferred.ttl holds
    run: URIRef
    seconds: float
    reasoner_seconds: float
    stated_roles_not_derived: list[Triple]

    @property
    def types(self) -> list[Inference]:
        return [i for i in self.inferences if i.kind == "type"]

    @property
    def links(self) -> list[Inference]:
        return [i for i in self.inferences if i.kind == "link"]


def _property_axioms(ontology: Graph):
    inverse: dict[URIRef, set[URIRef]] = defaultdict(set)
    for a, b in ontology.subject_objects(OWL.inverseOf):
        inverse[a].add(b)
        inverse[b].add(a)
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    supers: dict[URIRef, set[URIRef]] = defaultdict(set)
    for a, b in ontology.subject_objects(RDFS.subPropertyOf):
        if str(b).startswith(str(PROSP)):
            supers[a].add(b)
    return inverse, symmetric, transitive, supers


def property_closure(facts: set[Triple], ontology: Graph) -> dict[Triple, list[Triple]]:
    """New object-property triples entailed by inverse, symmetric, sub- and transitive properties.

    Returns each new triple with the premises of its first derivation.
    """
    inverse, symmetric, transitive, supers = _property_axioms(ontology)
    known: dict[Triple, list[Triple]] = {t: [] for t in facts}
    by_sp: dict[tuple, set] = defaultdict(set)   # (p, s) -> {o}
    by_po: dict[tuple, set] = defaultdict(set)   # (p, o) -> {s}
    new: dict[Triple, list[Triple]] = {}
    todo = list(facts)

    def add(triple, premises):
        if triple in known:
            return
        known[triple] = premises
        new[triple] = premises
        todo.append(triple)

    for s, p, o in facts:
        by_sp[(p, s)].add(o)
        by_po[(p, o)].add(s)
    while todo:
        s, p, o = t = todo.pop()
        by_sp[(p, s)].add(o)
        by_po[(p, o)].add(s)
        for q in inverse.get(p, ()):
            add((o, q, s), [t])
        if p in symmetric:
            add((o, p, s), [t])
        for q in supers.get(p, ()):
            add((s, q, o), [t])
        if p in transitive:
            for nxt in list(by_sp[(p, o)]):
                add((s, p, nxt), [t, (o, p, nxt)])
            for prev in list(by_po[(p, s)]):
                add((prev, p, o), [(prev, p, s), t])
    return new


def _assertions_by_fact(graph: Graph) -> dict[Triple, list[URIRef]]:
    index: dict[Triple, list] = defaultdict(list)
    for a in graph.subjects(RDF.type, PROSP.Assertion):
        s, p, o = graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object)
        if s is not None and p is not None and o is not None:
            index[(s, p, o)].append(a)
    return index


def _role_support(node, cls, ontology: Graph, stated: set[Triple], closure: dict) -> list[Triple]:
    """The stated (or derived) link that makes ``node`` a member of a role class ``cls``."""
    inverse, *_ = _property_axioms(ontology)
    props = set()
    for eq in ontology.objects(cls, OWL.equivalentClass):
        union = ontology.value(eq, OWL.unionOf)
        members = list(ontology.items(union)) if union is not None else [eq]
        props |= {ontology.value(m, OWL.onProperty) for m in members} - {None}
    support = []
    for p in sorted(props):
        support += sorted(t for t in stated if t[0] == node and t[1] == p)
        for q in inverse.get(p, ()):
            support += sorted(t for t in stated if t[2] == node and t[1] == q)
        support += sorted(t for t in closure if t[0] == node and t[1] == p)
    return support[:5]


def _stated_premises(triple: Triple, derivations: dict[Triple, list[Triple]], stated: set[Triple]) -> list[Triple]:
    """Follow a derived triple's premises back to stated triples."""
    out, seen, todo = [], set(), [triple]
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        if t in stated and t != triple:
            out.append(t)
        else:
            todo.extend(derivations.get(t, []))
    return sorted(out)


def reason(folder: GraphFolder) -> ReasonResult:
    """Run the reasoner over a graph folder; returns what inferred.ttl should hold (not yet written).

    Raises ExternalToolError (Java missing, reasoner failing: exit 2) and ValidationFailed when the
    graph is inconsistent with the ontology (exit 1: nothing can be concluded from it).
    """
    import owlready2  # noqa: F401 - fails early (exit 2) when the reasoner library is missing

    started = time.perf_counter()
    graph = folder.graph
    ontology = owl.load_ontology_graph()
    roles = set(owl.ROLE_CLASSES)
    view = owl.reasoning_view(graph, ontology, drop_types=roles)
    result = owl.run_hermit(view, ontology, infer_property_values=True)
    if not result.consistent:
        raise ValidationFailed("the graph is inconsistent with the ontology, so nothing can be inferred",
                               document=str(folder.path),
                               suggestion="run `prospectus-kg validate` to find the cause")
    found = owl.inferred_triples(result.world)
    stated_view = set(view)
    in_graph = set(graph)

    # Links: closure of the stated object-property facts, plus whatever HermiT stored.
    object_props = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    facts = {t for t in stated_view if t[1] in object_props}
    derivations = property_closure(facts, ontology)
    hermit_links = {t for t in found if t[1] in object_props}
    for t in hermit_links:
        derivations.setdefault(t, [])
    inferences: list[Inference] = []
    for t in sorted(derivations):
        if t in stated_view:
            continue
        inferences.append(Inference(t, "link", _stated_premises(t, derivations, facts),
                                    also_stated=t in in_graph, by_hermit=t in hermit_links))

    # Types: HermiT's, most specific only.
    supers = owl.subclass_closure(ontology)
    types: dict = defaultdict(set)
    for s, _p, o in view.triples((None, RDF.type, None)):
        types[s].add(o)
    new_types = defaultdict(set)
    for s, p, o in found:
        if p == RDF.type and str(o).startswith(str(PROSP)) and o not in types[s]:
            new_types[s].add(o)
    for s, classes in new_types.items():
        have = set().union(*(supers.get(c, {c}) - {c} for c in types[s] | classes))
        for cls in sorted(classes):
            if cls in have:
                continue  # implied by a more specific stated or inferred type
            support = _role_support(s, cls, ontology, facts, derivations) if cls in roles else []
            premises = sorted({p for t in support for p in ([t] if t in facts else _stated_premises(t, derivations, facts))})
            inferences.append(Inference((s, RDF.type, cls), "type", premises,
                                        also_stated=(s, RDF.type, cls) in in_graph, by_hermit=True))
    inferences.sort(key=lambda i: (i.kind != "type", i.triple))

    stated_roles = sorted(t for t in graph.triples((None, RDF.type, None)) if t[2] in roles)
    derived = {i.triple for i in inferences if i.kind == "type"}
    not_derived = [t for t in stated_roles if t not in derived]

    run = ID["reasoning/" + _digest(folder.graph_file.read_bytes(), str(ONTOLOGY_VERSION_IRI).encode())]
    out = _inferred_graph(inferences, run, _assertions_by_fact(graph))
    return ReasonResult(inferences, out, run, time.perf_counter() - started, result.seconds, not_derived)


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()[:16]


def reasoner_label() -> str:
    import owlready2

    return f"HermiT (bundled with owlready2 {owlready2.VERSION})"


def _inferred_graph(inferences: list[Inference], run: URIRef, assertions: dict) -> Graph:
    g = bind_prefixes(Graph())
    agent = ID["software/hermit"]
    g.add((run, RDF.type, PROSP.ReasonerRun))
    g.add((run, RDFS.label, Literal("OWL reasoning over graph.ttl")))
    g.add((run, PROV.used, ONTOLOGY_VERSION_IRI))
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((run, PROSP.softwareVersion, Literal(reasoner_label())))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal("HermiT OWL 2 reasoner")))
    for inf in inferences:
        s, p, o = inf.triple
        g.add(inf.triple)
        node = ID["inferred/" + _digest(f"{s} {p} {o}".encode())]
        g.add((node, RDF.type, PROSP.Inferred))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, PROSP.inferredBy, run))
        if inf.also_stated:
            g.add((node, PROSP.alsoStated, Literal(True)))
        for premise in inf.premises:
            for a in assertions.get(premise, []):
                g.add((node, PROV.wasDerivedFrom, a))
    return g


def write_inferred(folder: GraphFolder, result: ReasonResult, path: Path | None = None) -> Path:
    """Write inferred.ttl (atomically: a temporary file in the same folder, then renamed)."""
    target = path or folder.inferred_file
    summary = (f"{len(result.inferences)} inferred triples: {len(result.types)} types, "
               f"{len(result.links)} links.")
    text = HEADER.format(reasoner=reasoner_label(), summary=summary) + result.graph.serialize(format="turtle")
    return write_file(target, text)


def describe(graph: Graph, node) -> str:
    """A node for people: its name or label, else a prefixed name."""
    from prospectus_kg.ontology.validate import short

    for p in (PROSP.name, RDFS.label):
        value = graph.value(node, p)
        if value is not None:
            return str(value)
    return short(node)


def summary_lines(folder: GraphFolder, result: ReasonResult, target: Path) -> list[str]:
    from prospectus_kg.ontology.validate import short

    graph = folder.graph
    lines = [f"{target}: {len(result.inferences)} inferred triples ({len(result.types)} types, "
             f"{len(result.links)} links) in {result.seconds:.2f} s (HermiT {result.reasoner_seconds:.2f} s)"]
    for inf in result.inferences:
        s, p, o = inf.triple
        pred = "a" if p == RDF.type else short(p)
        obj = short(o) if p == RDF.type else describe(graph, o)
        mark = "  (also stated)" if inf.also_stated else ""
        lines.append(f"  {describe(graph, s)}  {pred}  {obj}{mark}")
    for s, _p, o in result.stated_roles_not_derived:
        lines.append(f"  note: graph.ttl states {describe(graph, s)} a {short(o)}, "
                     "but no relation in the graph supports it")
    return lines


__all__ = ["reason", "write_inferred", "property_closure", "ReasonResult", "Inference"]
