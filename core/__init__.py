"""prospectus-kg: provenance-rich RDF knowledge graphs from SEC prospectuses.

The code lives in three sub-packages that mirror the top-level folders of the repository:
``prospectus_kg.graph`` (ingest, extract, resolve, build, query, analysis),
``prospectus_kg.ontology`` (the OWL ontology, SHACL shapes, reasoning) and
``prospectus_kg.exports`` (one module per output format).
"""

__version__ = "0.1.0"
