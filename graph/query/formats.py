"""The one table of output formats: each format's name, media types, file extension and engine names.

Every place that names a format derives what it needs from :data:`FORMATS`: the result writers
(``results.py``), the endpoint's content negotiation and ``format=`` names (``server.py``), the
``query --format`` choices, and the RDF export targets (``exports/rdf.py``). A format's first media
type is the one a response is sent with; the others are what a client may also ask for it by.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    media_types: tuple[str, ...]       #: the first is sent; the others are accepted in ``Accept``
    extension: str
    solutions: bool = False            #: a query's SELECT/ASK results can be written in it
    graph: bool = False                #: a query's CONSTRUCT/DESCRIBE results can be written in it
    export: bool = False               #: an RDF file ``prospectus-kg export`` writes
    served: bool = True                #: offered by the endpoint (when it writes results)
    names: tuple[str, ...] = ()        #: other names accepted in the endpoint's ``format=``
    rdflib: str | None = None          #: rdflib's serializer name
    oxigraph: str | None = None        #: pyoxigraph's ``RdfFormat``/``QueryResultsFormat`` member
    charset: bool = False              #: sent with ``; charset=utf-8``

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.charset else "")


FORMATS: tuple[Format, ...] = (
    Format("json", ("application/sparql-results+json", "application/json"), ".srj", solutions=True,
           names=("srj",), oxigraph="JSON"),
    Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), ".srx", solutions=True,
           names=("srx",), oxigraph="XML"),
    Format("csv", ("text/csv",), ".csv", solutions=True, oxigraph="CSV", charset=True),
    Format("tsv", ("text/tab-separated-values", "text/plain"), ".tsv", solutions=True, oxigraph="TSV", charset=True),
    Format("turtle", ("text/turtle", "application/x-turtle", "text/n3"), ".ttl", graph=True, export=True,
           names=("ttl", "n3"),
           rdflib="turtle", oxigraph="TURTLE", charset=True),
    Format("ntriples", ("application/n-triples", "text/plain"), ".nt", graph=True, export=True, names=("nt",),
           rdflib="nt", oxigraph="N_TRIPLES"),
    Format("rdfxml", ("application/rdf+xml",), ".rdf", graph=True, names=("rdf", "rdf+xml"), rdflib="xml",
           oxigraph="RDF_XML"),
    Format("jsonld", ("application/ld+json",), ".jsonld", graph=True, export=True, names=("json-ld",),
           rdflib="json-ld", oxigraph="JSON_LD"),
    Format("nquads", ("application/n-quads",), ".nq", graph=True, names=("nq",), rdflib="nquads", oxigraph="N_QUADS"),
    Format("trig", ("application/trig",), ".trig", export=True, rdflib="trig", oxigraph="TRIG"),
    Format("table", ("text/plain",), ".txt", solutions=True, graph=True, served=False),
    Format("html", ("text/html",), ".html", solutions=True, graph=True, charset=True),
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}


def names(kind: str) -> tuple[str, ...]:
    """Names of the formats of ``kind``: "solutions", "graph" (query results) or "export" (RDF files)."""
    return tuple(f.name for f in FORMATS if getattr(f, kind))


def negotiation_table(kind: str) -> dict[str, str]:
    """media type -> format name for the served formats of ``kind`` ("solutions" or "graph"), in order of
    preference: each format's own media type first, in table order, then the other media types."""
    chosen = [f for f in FORMATS if f.served and getattr(f, kind)]
    table: dict[str, str] = {}
    for f in chosen:
        table.setdefault(f.media_type, f.name)
    for f in chosen:
        for media in f.media_types[1:]:
            table.setdefault(media, f.name)
    return table


def endpoint_names() -> dict[str, str]:
    """Names a client may give in ``format=``: each served format's name, its other names and its media
    types (as SPARQLWrapper sends them; a media type two formats share goes to the first)."""
    served = [f for f in FORMATS if f.served and (f.solutions or f.graph)]
    names = {alias: f.name for f in served for alias in (f.name, *f.names)}
    for f in served:
        for media in f.media_types:
            names.setdefault(media, f.name)
    return names
