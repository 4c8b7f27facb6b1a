"""Query: named SPARQL queries, stores, result formats and the HTTP endpoint."""
