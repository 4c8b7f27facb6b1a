"""Running the OWL reasoner (HermiT, bundled with owlready2) over the ontology and a built graph.

Shared by ``prospectus-kg validate`` (consistency) and ``prospectus-kg reason`` (materialisation).
Measured facts this module works around (research/ontology-alignment.md, owlready2 0.51, Java 17):

* owlready2 reads RDF/XML, OWL/XML and N-Triples only, not Turtle: rdflib writes N-Triples for it.
* HermiT supports only the OWL 2 datatype map: xsd:date, xsd:gYear and xsd:gYearMonth make it stop
  with UnsupportedDatatypeException, so it runs with ``--ignoreUnsupportedDatatypes``; ill-typed
  literals (which SHACL reports) are left out of what it sees.
* Pellet fails on owlready2 0.50/0.51 with Java 17 (its jar needs Java 25); HermiT works. See README.
* owlready2 dumps the world to a temporary N-Triples file and leaves it behind when Java fails: every
  run here happens with ``tempfile.tempdir`` pointed at a private directory that is always removed.

The reasoner sees a *view* of the graph: the ontology, the rdf:type triples toward ontology classes,
and the triples whose predicate is an ontology property. Provenance nodes' reification vocabulary
(rdf:subject/rdf:predicate/rdf:object, oa:, prov:) is not OWL 2 DL and is left out.
owlready2 and its Java subprocess are imported and started only inside these functions.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from prospectus_kg.errors import ExternalToolError
from prospectus_kg.ontology.namespace import ONTOLOGY_PATH, PROSP

INFERENCES_IRI = "http://inferrences/"  # where owlready2 stores what the reasoner found (sic)
ROLE_CLASSES = (PROSP.Issuer, PROSP.SellingStockholder, PROSP.LegalCounsel, PROSP.Auditor, PROSP.Underwriter)
REASONER = "HermiT"

_tempdir_lock = threading.Lock()


def load_ontology_graph(path: Path = ONTOLOGY_PATH) -> Graph:
    return Graph().parse(path, format="turtle")


def ontology_properties(ontology: Graph) -> set[URIRef]:
    """The object and datatype properties the ontology declares (prosp: ones)."""
    props = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        props |= {p for p in ontology.subjects(RDF.type, kind) if str(p).startswith(str(PROSP))}
    return props


def ontology_classes(ontology: Graph) -> set[URIRef]:
    return {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}


#: Classes of provenance nodes: about the graph, not about the world; the reasoner does not see them.
PROVENANCE_CLASSES = (PROSP.Assertion, PROSP.Inferred, PROSP.Run, PROSP.ReasonerRun)


def reasoning_view(data: Graph | list[tuple], ontology: Graph, *, drop_types: frozenset[URIRef] | set[URIRef] = frozenset()) -> Graph:
    """The part of ``data`` the reasoner should see (see the module docstring).

    Kept: rdf:type triples toward prosp: classes, and triples whose predicate is a prosp: property,
    about subjects that are not provenance nodes (assertions, inferred statements, runs).
    ``drop_types`` leaves out rdf:type triples toward those classes, so the reasoner has to derive
    them from the relations (``reason`` does this for the role classes).
    """
    props = ontology_properties(ontology)
    classes = {c for c in ontology_classes(ontology) if str(c).startswith(str(PROSP))}
    rdf_type = RDF.type
    if isinstance(data, Graph):
        skip = {s for c in PROVENANCE_CLASSES for s in data.subjects(rdf_type, c)}
    else:   # a list of triples (validate reads graph.ttl once, without making an rdflib Graph)
        provenance = set(PROVENANCE_CLASSES)
        skip = {s for s, p, o in data if p == rdf_type and o in provenance}
    kept_classes = classes - set(drop_types)

    def kept():
        for s, p, o in data:
            if s in skip or not isinstance(s, URIRef):
                continue
            if p == rdf_type:
                if o in kept_classes:
                    yield s, p, o
            elif p in props:
                if isinstance(o, Literal) and getattr(o, "ill_typed", False):
                    continue  # SHACL reports it; HermiT would stop on it
                yield s, p, o

    view = Graph()
    view.addN((s, p, o, view) for s, p, o in kept())
    return view


def java_executable() -> str:
    """The Java program owlready2 will run, or raise ExternalToolError when there is none."""
    import owlready2

    java = owlready2.JAVA_EXE
    found = shutil.which(java) if not os.path.isabs(java) else (java if os.access(java, os.X_OK) else None)
    if not found:
        raise ExternalToolError(f"Java is needed for the {REASONER} reasoner but {java!r} was not found",
                                suggestion="install a Java runtime (e.g. apt-get install default-jre-headless)"
                                           " or set owlready2.JAVA_EXE")
    return found


@contextlib.contextmanager
def private_tempdir() -> Iterator[Path]:
    """A private temporary directory that owlready2's temporary files go to; removed on exit."""
    with _tempdir_lock:
        path = Path(tempfile.mkdtemp(prefix="prospectus-kg-owl-"))
        saved = tempfile.tempdir
        tempfile.tempdir = str(path)
        try:
            yield path
        finally:
            tempfile.tempdir = saved
            shutil.rmtree(path, ignore_errors=True)


@dataclass
class ReasonerResult:
    consistent: bool
    seconds: float
    world: object | None  # the owlready2 World (None when inconsistent)
    message: str = ""


def run_hermit(view: Graph, ontology: Graph, *, infer_property_values: bool = False) -> ReasonerResult:
    """Load ontology + view into a fresh owlready2 World and run HermiT.

    Returns ``consistent=False`` for an inconsistent ontology; raises ExternalToolError when Java
    is missing or the reasoner fails. Temporary files are always removed.
    """
    try:
        import owlready2
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ExternalToolError("owlready2 is not installed", suggestion="pip install owlready2") from exc
    java_executable()
    data = (ontology + view).serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        world.get_ontology(str(ONTOLOGY_PATH.as_uri())).load(fileobj=io.BytesIO(data), format="ntriples")
    except Exception as exc:  # noqa: BLE001 - owlready2 raises plain exceptions on bad input
        raise ExternalToolError(f"owlready2 could not load the graph: {exc}") from exc
    start = time.perf_counter()
    with private_tempdir():
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=infer_property_values, debug=0,
                                           ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerResult(False, time.perf_counter() - start, None, "the graph is inconsistent with the ontology")
        except owlready2.OwlReadyJavaError as exc:
            first = _first_java_line(str(exc))
            raise ExternalToolError(f"the {REASONER} reasoner failed: {first}",
                                    suggestion="rerun with --debug for the Java output") from exc
        except OSError as exc:  # Java vanished or cannot start
            raise ExternalToolError(f"cannot run Java for the {REASONER} reasoner: {exc}",
                                    suggestion="install a Java runtime or set owlready2.JAVA_EXE") from exc
    return ReasonerResult(True, time.perf_counter() - start, world)


def _first_java_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("Java error message is") and not line.startswith("at "):
            return line[:300]
    return "unknown error"


def inferred_triples(world) -> Graph:
    """What owlready2 stored as the reasoner's conclusions (the ``http://inferrences/`` graph)."""
    graph = Graph()
    row = world.graph.execute("SELECT c FROM ontologies WHERE iri=?", (INFERENCES_IRI,)).fetchone()
    if row is None:
        return graph
    for s, p, o in world.graph.execute("SELECT s, p, o FROM objs WHERE c=?", (row[0],)).fetchall():
        if s < 0 or o < 0:  # blank nodes: class expressions, not facts about individuals
            continue
        graph.add((URIRef(world._unabbreviate(s)), URIRef(world._unabbreviate(p)), URIRef(world._unabbreviate(o))))
    return graph


def subclass_closure(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class -> itself and its named super-classes (rdfs:subClassOf*)."""
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in ontology_classes(ontology):
        seen, todo = {cls}, [cls]
        while todo:
            for sup in ontology.objects(todo.pop(), RDFS.subClassOf):
                if isinstance(sup, URIRef) and sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closure[cls] = seen
    return closure
