"""Generate the files derived from ``ontology/prospectus.ttl`` (the single source of truth).

* ``ontology/namespace.py``: a closed rdflib ``DefinedNamespace`` (``PROSP``) with one attribute per
  term, following ``rdflib/tools/defined_namespace_creator.py``, so ``PROSP.affiliateOf`` works and a
  misspelt term raises ``AttributeError`` where it is used;
* ``ontology/terms.py``: the same local names as a plain ``frozenset``, for the build, which makes
  its N-Triples lines without importing rdflib;
* ``ontology/README.md``: tables of the classes and properties (and a diagram), so the
  documentation cannot drift from the ontology.

Run ``python -m prospectus_kg.ontology.generate`` after editing ``prospectus.ttl``; ``--check``
exits 1 when a generated file is out of date (``tests/test_ontology.py`` does the same).
The output depends only on the Turtle file (no dates, sorted terms), so regenerating is idempotent.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "prospectus.ttl"
NAMESPACE_FILE = HERE / "namespace.py"
TERMS_FILE = HERE / "terms.py"
README_FILE = HERE / "README.md"

#: The prefixes prospectus.ttl declares: the one place the namespace strings are written by hand.
DECLARED = dict(re.findall(r"^@prefix\s+([\w-]*):\s*<([^>]+)>\s*\.", ONTOLOGY_FILE.read_text(encoding="utf-8"), re.M))
PROSP_NS = DECLARED["prosp"]
ID_NS = DECLARED["kg"]

#: Prefixes bound by ``bind_prefixes`` even where the ontology's own triples do not use them.
EXTRA_PREFIXES = {p: DECLARED[p] for p in ("kg", "oa", "prov")}

#: The order in which term kinds are listed.
KINDS = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (OWL.AnnotationProperty, "Annotation properties"),
    (OWL.NamedIndividual, "Individuals"),
)


def load_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """The ontology as an rdflib graph."""
    return Graph().parse(path, format="turtle")


def term_kind(graph: Graph, term: URIRef) -> URIRef:
    """The first of ``KINDS`` that ``term`` is typed with (its OWL kind)."""
    types = set(graph.objects(term, RDF.type))
    for kind, _title in KINDS:
        if kind in types:
            return kind
    return next(iter(sorted(types)), RDFS.Resource)


def local_terms(graph: Graph) -> list[URIRef]:
    """Every IRI of the prosp: namespace that the ontology types (declares), sorted."""
    return sorted({s for s in graph.subjects(RDF.type, None)
                   if isinstance(s, URIRef) and str(s).startswith(PROSP_NS) and str(s) != PROSP_NS})


def local_name(term: URIRef) -> str:
    return str(term)[len(PROSP_NS):]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def english(graph: Graph, term: URIRef, prop: URIRef) -> str:
    """The English (or untagged) value of ``prop`` on ``term``, as one line ("" if none)."""
    values = [o for o in graph.objects(term, prop) if isinstance(o, Literal)]
    values.sort(key=lambda o: (o.language not in ("en", None), str(o)))
    return _one_line(values[0]) if values else ""


def ontology_prefixes(graph: Graph) -> dict[str, str]:
    """The prefixes declared in prospectus.ttl (plus ``EXTRA_PREFIXES``), those its triples use."""
    used = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef):
                used.add(str(node))
    prefixes: dict[str, str] = {}
    for prefix, ns in graph.namespaces():
        ns = str(ns)
        if prefix and any(u.startswith(ns) for u in used):
            prefixes[str(prefix)] = ns
    prefixes.pop("prosp", None)
    prefixes.update(EXTRA_PREFIXES)
    core = ("prosp", "kg", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "oa", "org", "schema")
    ordered = {"prosp": PROSP_NS}
    for p in core[1:]:
        if p in prefixes:
            ordered[p] = prefixes.pop(p)
    ordered.update(sorted(prefixes.items()))
    return ordered


# --------------------------------------------------------------------------------------------------
# namespace.py
# --------------------------------------------------------------------------------------------------

NAMESPACE_HEADER = '''"""The prospectus-kg vocabulary as Python names. GENERATED from prospectus.ttl: do not edit.

Regenerate with ``python -m prospectus_kg.ontology.generate`` after editing
``ontology/prospectus.ttl``; ``tests/test_ontology.py`` fails when this file is out of date.

``PROSP`` is a closed rdflib ``DefinedNamespace`` (``rdflib/tools/defined_namespace_creator.py``):
``PROSP.affiliateOf`` is the IRI of the term, and a term that the ontology does not define raises
``AttributeError`` where it is used. ``ID`` is the namespace of individuals (prefix ``kg:``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib.graph import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

from prospectus_kg.ontology.terms import ID_NS, OA_NS, PREFIXES, PROSP_NS

__all__ = [
    "PROSP", "ID", "OA", "SCHEMA", "PROV", "SKOS", "RDF", "RDFS", "OWL", "XSD", "DCTERMS", "SDO",
    "PREFIXES", "ONTOLOGY_IRI", "ONTOLOGY_VERSION_IRI", "ONTOLOGY_PATH", "SHAPES_PATH", "bind_prefixes",
]

#: The ontology file (the single source of truth) and the SHACL shapes, beside this module.
ONTOLOGY_PATH = Path(__file__).resolve().with_name("prospectus.ttl")
SHAPES_PATH = Path(__file__).resolve().with_name("shapes.ttl")

ID = Namespace(ID_NS)
OA = Namespace(OA_NS)
SCHEMA = SDO
'''

NAMESPACE_FOOTER = '''

def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (``prosp:``, ``kg:``, ``oa:``, ``prov:``, FIBO ...) on ``graph``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
'''


def render_namespace(graph: Graph) -> str:
    """The text of ``namespace.py`` for the ontology ``graph``."""
    onto = next(graph.subjects(RDF.type, OWL.Ontology))
    version_iri = graph.value(onto, OWL.versionIRI)
    title = english(graph, onto, URIRef("http://purl.org/dc/terms/title"))
    out = [NAMESPACE_HEADER]
    out.append(f'ONTOLOGY_IRI = URIRef("{onto}")\n')
    out.append(f'ONTOLOGY_VERSION_IRI = URIRef("{version_iri}")\n')
    out.append("\n\nclass PROSP(DefinedNamespace):\n")
    out.append(f'    """{title}: {PROSP_NS} (version {version_iri})."""\n\n')
    out.append("    _NS = Namespace(PROSP_NS)\n")
    out.append("    _fail = True\n")
    terms = local_terms(graph)
    extras = []
    for kind, heading in KINDS:
        group = [t for t in terms if term_kind(graph, t) == kind]
        if not group:
            continue
        out.append(f"\n    # {heading}\n")
        for term in group:
            name = local_name(term)
            label = english(graph, term, RDFS.label)
            if name.isidentifier() and not keyword.iskeyword(name):
                out.append(f"    {name}: URIRef  # {label}\n")
            else:
                extras.append((name, label))
    others = [t for t in terms if term_kind(graph, t) not in {k for k, _ in KINDS}]
    if others:
        out.append("\n    # Other terms\n")
        for term in others:
            out.append(f"    {local_name(term)}: URIRef  # {english(graph, term, RDFS.label)}\n")
    if extras:
        out.append("\n    # Valid non-python identifiers\n    _extras = [\n")
        out.extend(f'        "{name}",  # {label}\n' for name, label in extras)
        out.append("    ]\n")
    out.append(NAMESPACE_FOOTER)
    return "".join(out)


def render_terms(graph: Graph) -> str:
    """The text of ``terms.py``: the local names ``PROSP`` accepts, for code that runs without rdflib."""
    names = sorted(local_name(t) for t in local_terms(graph))
    prefixes = "{\n" + "".join(f'    "{p}": "{ns}",\n' for p, ns in ontology_prefixes(graph).items()) + "}"
    body = "".join(f'    "{name}",\n' for name in names)
    return ('"""The local names of the prospectus-kg vocabulary, without rdflib. GENERATED from prospectus.ttl:\n'
            'do not edit (``python -m prospectus_kg.ontology.generate``).\n\n'
            "The build makes N-Triples lines without rdflib (``graph/build/triples.py``) and checks each term it writes\n"
            'against ``TERMS``, as the closed ``PROSP`` namespace (``namespace.py``) does. The namespace\n'
            'strings are written here once, from the prefixes prospectus.ttl declares; every other module\n'
            'imports them from here.\n"""\n\n'
            f'PROSP_NS = "{PROSP_NS}"\nID_NS = "{ID_NS}"\nOA_NS = "{DECLARED["oa"]}"\n\n'
            "#: Prefix -> namespace, as declared in prospectus.ttl (``kg:`` is the namespace of individuals).\n"
            f"PREFIXES: dict[str, str] = {prefixes}\n\n"
            f'TERMS = frozenset({{\n{body}}})\n')


# --------------------------------------------------------------------------------------------------
# README.md
# --------------------------------------------------------------------------------------------------

def _curie(graph: Graph, node, prefixes: dict[str, str]) -> str:
    if isinstance(node, BNode):
        members = _union_members(graph, node)
        if members:
            return " ∪ ".join(_curie(graph, m, prefixes) for m in members)
        return _restriction_text(graph, node, prefixes) or "(anonymous)"
    text = str(node)
    best = ""
    for prefix, ns in prefixes.items():
        if text.startswith(ns) and len(ns) > len(best):
            best = ns
            name = f"{prefix}:{text[len(ns):]}"
    for prefix, ns in (("xsd", "http://www.w3.org/2001/XMLSchema#"),):
        if not best and text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return name if best else f"<{text}>"


def _union_members(graph: Graph, node) -> list:
    union = graph.value(node, OWL.unionOf)
    return list(Collection(graph, union)) if union is not None else []


def _restriction_text(graph: Graph, node, prefixes: dict[str, str]) -> str:
    prop = graph.value(node, OWL.onProperty)
    some = graph.value(node, OWL.someValuesFrom)
    if prop is not None and some is not None:
        return f"{_curie(graph, prop, prefixes)} some {_curie(graph, some, prefixes)}"
    return ""


def _definition(graph: Graph, term: URIRef, prefixes: dict[str, str]) -> str:
    parts = []
    for eq in graph.objects(term, OWL.equivalentClass):
        members = _union_members(graph, eq)
        if members:
            parts.append(" or ".join(_curie(graph, m, prefixes) for m in members))
        else:
            parts.append(_curie(graph, eq, prefixes))
    return "; ".join(sorted(parts))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_readme(graph: Graph, prose: str = "") -> str:
    """The text of ``README.md`` for the ontology ``graph``."""
    prefixes = ontology_prefixes(graph)
    onto = next(graph.subjects(RDF.type, OWL.Ontology))
    version = graph.value(onto, OWL.versionInfo)
    version_iri = graph.value(onto, OWL.versionIRI)
    licence = graph.value(onto, URIRef("http://purl.org/dc/terms/license"))
    terms = local_terms(graph)
    classes = [t for t in terms if term_kind(graph, t) == OWL.Class]
    objprops = [t for t in terms if term_kind(graph, t) == OWL.ObjectProperty]
    dataprops = [t for t in terms if term_kind(graph, t) == OWL.DatatypeProperty]

    def c(node):
        return _curie(graph, node, prefixes)

    def align(term):
        items = [c(o) for o in graph.objects(term, SKOS.closeMatch)]
        items += [f"~{c(o)}" for o in graph.objects(term, SKOS.relatedMatch)]
        return ", ".join(sorted(items))

    out = [
        "<!-- GENERATED from prospectus.ttl by `python -m prospectus_kg.ontology.generate`: do not edit. -->\n",
        "# The prospectus-kg ontology\n\n",
        f"{_one_line(english(graph, onto, URIRef('http://purl.org/dc/terms/description')))}\n\n",
        f"* Namespace `{PROSP_NS}` (prefix `prosp:`); individuals under `{ID_NS}` (prefix `kg:`).\n",
        f"* Version {version} (`{version_iri}`), licence <{licence}>.\n",
        f"* {len(classes)} classes, {len(objprops)} object properties, {len(dataprops)} datatype properties.\n",
        "* Source of truth: [`prospectus.ttl`](prospectus.ttl); SHACL shapes: [`shapes.ttl`](shapes.ttl).\n\n",
    ]
    if prose:
        out.append(prose.strip() + "\n\n")

    out.append("## Classes\n\n")
    out.append("| class | label | subclass of | defined as (reasoner infers it) | alignment (closeMatch; ~relatedMatch) | comment |\n")
    out.append("|---|---|---|---|---|---|\n")
    for t in classes:
        supers = ", ".join(sorted(c(o) for o in graph.objects(t, RDFS.subClassOf) if not isinstance(o, BNode)))
        out.append(f"| `{c(t)}` | {_cell(english(graph, t, RDFS.label))} | {_cell(supers)} | "
                   f"{_cell(_definition(graph, t, prefixes))} | {_cell(align(t))} | "
                   f"{_cell(english(graph, t, RDFS.comment))} |\n")

    def characteristics(t):
        names = []
        for kind, short in ((OWL.FunctionalProperty, "functional"), (OWL.InverseFunctionalProperty, "inverse functional"),
                            (OWL.SymmetricProperty, "symmetric"), (OWL.AsymmetricProperty, "asymmetric"),
                            (OWL.TransitiveProperty, "transitive"), (OWL.IrreflexiveProperty, "irreflexive"),
                            (OWL.ReflexiveProperty, "reflexive")):
            if (t, RDF.type, kind) in graph:
                names.append(short)
        inverses = set(graph.objects(t, OWL.inverseOf)) | set(graph.subjects(OWL.inverseOf, t))
        names += [f"inverse of {c(i)}" for i in sorted(inverses)]
        names += [f"⊑ {c(s)}" for s in sorted(graph.objects(t, RDFS.subPropertyOf))]
        return ", ".join(names)

    for title, group in (("Object properties", objprops), ("Datatype properties", dataprops)):
        out.append(f"\n## {title}\n\n")
        out.append("| property | label | domain → range | characteristics | alignment | comment |\n")
        out.append("|---|---|---|---|---|---|\n")
        for t in group:
            domain = ", ".join(c(o) for o in graph.objects(t, RDFS.domain)) or "–"
            rng = ", ".join(c(o) for o in graph.objects(t, RDFS.range)) or "–"
            out.append(f"| `{c(t)}` | {_cell(english(graph, t, RDFS.label))} | {_cell(domain)} → {_cell(rng)} | "
                       f"{_cell(characteristics(t))} | {_cell(align(t))} | {_cell(english(graph, t, RDFS.comment))} |\n")

    # A diagram of the object properties between named classes (mermaid, rendered by GitHub).
    out.append("\n## Diagram\n\nObject properties between classes (named inverses and sub-properties omitted), and the class hierarchy.\n\n")
    out.append("```mermaid\nflowchart LR\n")
    inverse_named = {o for o in graph.objects(None, OWL.inverseOf)}
    for t in classes:
        out.append(f"    {local_name(t)}[\"{local_name(t)}\"]\n")
    for t in classes:
        for sup in sorted(graph.objects(t, RDFS.subClassOf)):
            if isinstance(sup, URIRef) and str(sup).startswith(PROSP_NS):
                out.append(f"    {local_name(t)} -. subClassOf .-> {local_name(sup)}\n")
    for t in objprops:
        if t in inverse_named or any(str(s).startswith(PROSP_NS) for s in graph.objects(t, RDFS.subPropertyOf)):
            continue
        domains = _named_classes(graph, graph.value(t, RDFS.domain))
        ranges = _named_classes(graph, graph.value(t, RDFS.range))
        for d in domains:
            for r in ranges:
                out.append(f"    {local_name(d)} -- {local_name(t)} --> {local_name(r)}\n")
    out.append("```\n")
    return "".join(out)


def _named_classes(graph: Graph, node) -> list[URIRef]:
    if node is None:
        return []
    if isinstance(node, BNode):
        return [m for m in _union_members(graph, node) if str(m).startswith(PROSP_NS)]
    return [node] if str(node).startswith(PROSP_NS) else []


README_PROSE_FILE = HERE / "README.prose.md"


def outputs(graph: Graph | None = None) -> dict[Path, str]:
    """Every generated file and the text it should have."""
    graph = graph if graph is not None else load_ontology()
    prose = README_PROSE_FILE.read_text(encoding="utf-8") if README_PROSE_FILE.exists() else ""
    return {NAMESPACE_FILE: render_namespace(graph), TERMS_FILE: render_terms(graph),
            README_FILE: render_readme(graph, prose)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m prospectus_kg.ontology.generate",
                                     description="Regenerate namespace.py, terms.py and README.md from prospectus.ttl.")
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if args.check and stale:
        print("out of date: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
