"""Exporters: one module per target, each with ``write(folder, out, **options)``.

``EXPORTERS`` is the one list of targets (name -> module under ``prospectus_kg.exports``), imported
lazily as rdflib's plugin registry does, so that exporting Turtle never imports pyvis or the Neo4j
driver. ``exporter(name)`` lists the names that exist when asked for one that does not.
"""

from __future__ import annotations

import importlib

from prospectus_kg.errors import UsageError

#: target name -> (module, one-line description)
EXPORTERS: dict[str, tuple[str, str]] = {
    "turtle": ("rdf", "RDF Turtle (graph.ttl with or without inferred triples)"),
    "ntriples": ("rdf", "RDF N-Triples"),
    "jsonld": ("rdf", "JSON-LD"),
    "trig": ("rdf", "TriG: stated and inferred triples as two named graphs"),
    "html": ("html", "self-contained interactive HTML graph (pyvis + vis-network, offline)"),
    "neo4j": ("neo4j", "Neo4j: Cypher script, neo4j-admin CSVs, or a live load over Bolt"),
}


def exporter(name: str):
    """The module that writes target ``name``."""
    if name not in EXPORTERS:
        raise UsageError(f"unknown export target {name!r}",
                         suggestion="available targets: " + ", ".join(sorted(EXPORTERS)))
    return importlib.import_module(f"{__name__}.{EXPORTERS[name][0]}")
