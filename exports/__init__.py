"""Exporters: one module per target, all with the same protocol.

Each exporter module has
    ``add_arguments(parser)``: its options on ``prospectus-kg export TARGET`` (the folder and ``--out``
        are the command's);
    ``options(args) -> dict``: the parsed options checked and turned into ``write`` keywords (a
        :class:`~prospectus_kg.errors.UsageError` for a wrong combination);
    ``write(folder, out, **options) -> ExportSummary``.
``EXPORTERS`` is the one list of targets (name -> module under ``prospectus_kg.exports``), imported
lazily as rdflib's plugin registry does, so that exporting Turtle never imports pyvis or the Neo4j
driver. ``exporter(name)`` lists the names that exist when asked for one that does not. The command
``export`` is a loop over this table, and ``viz`` is ``export html``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class ExportSummary:
    """What an exporter did: the target, where it wrote (None: nothing written, e.g. a Bolt load only),
    what it counted, the files it wrote, and the lines the command prints."""

    target: str
    out: Path | None
    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def exporter(name: str):
    """The module that writes target ``name``."""
    if name not in EXPORTERS:
        raise UsageError(f"unknown export target {name!r}",
                         suggestion="available targets: " + ", ".join(sorted(EXPORTERS)))
    return importlib.import_module(f"{__name__}.{EXPORTERS[name][0]}")
