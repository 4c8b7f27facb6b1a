"""prospectus-kg: provenance-rich RDF knowledge graphs from SEC prospectuses.

The Python API (``core/api.py``; imported on first use, so ``import prospectus_kg`` stays instant)::

    import prospectus_kg
    kg = prospectus_kg.build(["filing.htm"])          # or prospectus_kg.open("out/seed")
    kg.facts                                          # each fact with document, start, end, quote
    kg.graph                                          # an rdflib Graph
    kg.query("affiliates", org="Nevada Bond, LLC")    # a named query, or SPARQL text

The code lives in three sub-packages that mirror the top-level folders of the repository:
``prospectus_kg.graph`` (ingest, extract, resolve, build, query, analysis),
``prospectus_kg.ontology`` (the OWL ontology, SHACL shapes, reasoning) and
``prospectus_kg.exports`` (one module per output format).
"""

from __future__ import annotations

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (type checkers read it so)

__version__ = "0.1.0"

__all__ = ["build", "open", "KnowledgeGraph", "Fact", "__version__"]

if TYPE_CHECKING:
    from prospectus_kg.api import Fact, KnowledgeGraph, build, open  # noqa: A004


def __getattr__(name: str):
    """The API's names, imported from ``prospectus_kg.api`` when first asked for."""
    if name in ("build", "open", "KnowledgeGraph", "Fact"):
        from prospectus_kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'prospectus_kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
