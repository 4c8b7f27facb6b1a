"""RDF exports of a graph folder: Turtle, N-Triples, JSON-LD and TriG.

Specs: RDF 1.1 Turtle, N-Triples and TriG (W3C Recommendations, 2014), JSON-LD 1.1 (W3C, 2020).
rdflib writes them. ``with_inferred`` adds the reasoner's conclusions (DIR/inferred.ttl, written by
``prospectus-kg reason``): merged into the one graph for Turtle, N-Triples and JSON-LD, and as a named
graph of its own in TriG, beside the named graph of the stated facts:

* ``<https://w3id.org/prospectus-kg/id/graph/stated>``: graph.ttl, the facts with their provenance;
* ``<https://w3id.org/prospectus-kg/id/graph/inferred>``: inferred.ttl (its plain triples and the
  prosp:Inferred nodes that describe them).

Output is deterministic (N-Triples lines are sorted; rdflib sorts Turtle and TriG subjects) and
written atomically (a temporary file beside the target, then renamed).
"""

from __future__ import annotations

import json
from pathlib import Path

from prospectus_kg.atomic import write_file
from prospectus_kg.errors import OutputError, UsageError
from prospectus_kg.exports import ExportSummary
from prospectus_kg.graph.query.formats import FORMATS as ALL_FORMATS

#: export target -> rdflib serializer name (graph/query/formats.py is the one table of formats)
FORMATS = {f.name: f.rdflib for f in ALL_FORMATS if f.export}
STATED_GRAPH = "https://w3id.org/prospectus-kg/id/graph/stated"
INFERRED_GRAPH = "https://w3id.org/prospectus-kg/id/graph/inferred"


def _sorted_json(value, in_list: bool = False):
    """JSON-LD with every array sorted (except @list): rdflib emits values in set order, which
    changes with the hash seed; sets of values have no order in RDF, so sorting loses nothing."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _trig(parts) -> bytes:
    """TriG with the named graphs in the given order (rdflib writes a dataset's graphs in set order,
    which changes with the hash seed): each graph is written alone, the prefix lines merged."""
    from rdflib import Dataset, URIRef

    from prospectus_kg.ontology.namespace import bind_prefixes

    prefixes: set[str] = set()
    bodies: list[str] = []
    for name, graph in parts:
        dataset = bind_prefixes(Dataset())
        named = dataset.graph(URIRef(name))
        for triple in graph:
            named.add(triple)
        lines = dataset.serialize(format="trig", encoding="utf-8").decode("utf-8").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix "))
        bodies.append("\n".join(line for line in lines if not line.startswith("@prefix ")).strip("\n"))
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n\n".join(bodies) + "\n").encode("utf-8")


def _inferred(folder):


    if not folder.inferred_file.is_file():
        raise UsageError(f"{folder.path} has no inferred.ttl", document=str(folder.path),
                         suggestion=f"run `prospectus-kg reason {folder.path}` first, or leave out --with-inferred")
    return folder.rdflib_graph([folder.inferred_file])


def serialize(folder, fmt: str, *, with_inferred: bool = False) -> bytes:
    """The graph folder's graph (and its inferred triples) in format ``fmt`` (a key of FORMATS)."""
    from rdflib import Graph, URIRef

    from prospectus_kg.ontology.namespace import bind_prefixes

    if fmt not in FORMATS:
        raise UsageError(f"unknown RDF format {fmt!r}", suggestion="use one of " + ", ".join(FORMATS))
    stated = folder.graph
    inferred = _inferred(folder) if with_inferred else None
    if fmt == "trig":
        parts = [(STATED_GRAPH, stated)] + ([(INFERRED_GRAPH, inferred)] if inferred is not None else [])
        return _trig(parts)
    graph = bind_prefixes(Graph())
    for source in (stated, inferred):
        if source is not None:
            for triple in sorted(source):
                graph.add(triple)
    if fmt == "ntriples":
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = sorted(line for line in text.splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "jsonld":
        iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
        iris |= {str(o.datatype) for _s, _p, o in graph if getattr(o, "datatype", None)}
        context = {prefix: str(namespace) for prefix, namespace in graph.namespaces()
                   if any(iri.startswith(str(namespace)) for iri in iris)}
        text = graph.serialize(format="json-ld", context=dict(sorted(context.items())), indent=2)
        return (json.dumps(_sorted_json(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False)
                + "\n").encode("utf-8")
    return graph.serialize(format="turtle", encoding="utf-8")


def add_arguments(parser) -> None:
    parser.add_argument("--with-inferred", action="store_true",
                        help="add DIR/inferred.ttl (from `prospectus-kg reason`); TriG keeps it as its own named graph")


def options(args) -> dict:
    return {"format": args.target, "with_inferred": args.with_inferred}


def write(folder, out, *, format: str = "turtle", with_inferred: bool = False) -> ExportSummary:  # noqa: A002
    """Write the graph folder ``folder`` as RDF in ``format`` to the file ``out`` (atomically)."""
    from prospectus_kg.folder import GraphFolder, open_folder

    if out is None:
        raise UsageError("no output file", suggestion="give --out FILE")
    folder = folder if isinstance(folder, GraphFolder) else open_folder(folder)
    data = serialize(folder, format, with_inferred=with_inferred)
    out = Path(out)
    if out.is_dir():
        raise OutputError("output is a folder", document=str(out), suggestion="give a file name")
    write_file(out, data)
    return ExportSummary(format, out, {"bytes": len(data)}, [out.name], [f"{format} -> {out}"])
