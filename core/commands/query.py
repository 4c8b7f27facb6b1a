"""``prospectus-kg query DIR``: run a named or given SPARQL 1.1 query over a built graph folder.

The query is one of: ``--name NAME`` (a named query from ``graph/query/queries``, with ``--param
KEY=VALUE`` for its parameters), ``--file Q.rq`` (``-`` reads standard input), or the query text as
the second argument. Parameters are bound by the engine as values of the query's variables, never
pasted into its text. Output: an aligned table for people (default), or the W3C formats: CSV, TSV,
SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/) and XML; CONSTRUCT and
DESCRIBE print Turtle (or N-Triples).

Errors are one line on stderr: malformed SPARQL, an unknown query name, a missing parameter
(exit 5); a missing or unreadable graph folder (exit 3); conflicting arguments (exit 2).
"""

from __future__ import annotations

import argparse
import sys

def add_arguments(parser: argparse.ArgumentParser) -> None:
    from prospectus_kg.graph.query.results import FORMATS, TABLE_MAX_WIDTH

    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("sparql", nargs="?", metavar="SPARQL", help="the query text (or use --name / --file)")
    parser.add_argument("--name", "-n", metavar="NAME", help="run a named query (see `prospectus-kg queries`)")
    parser.add_argument("--file", "-f", metavar="Q.rq", help="read the query from a file ('-': standard input)")
    parser.add_argument("--param", "-p", action="append", metavar="KEY=VALUE", default=[],
                        help="bind the query variable ?KEY to VALUE (repeatable); for a query that is not "
                             "named, <...> is an IRI and anything else a string")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (default; Turtle for CONSTRUCT/DESCRIBE); for SELECT/ASK csv, tsv, json "
                             "(SPARQL results JSON), xml, html; for CONSTRUCT/DESCRIBE turtle, ntriples, rdfxml, "
                             "jsonld, nquads, html")
    parser.add_argument("--store", choices=("memory", "oxigraph", "oxigraph-memory", "auto"), default="auto",
                        help="rdflib's Memory store; Oxigraph: the folder's persistent store (.store/, built on "
                             "first use), or oxigraph-memory: the Turtle loaded into memory; or auto: memory "
                             "or oxigraph by the size of graph.ttl (default)")
    parser.add_argument("--inferred", action="store_true",
                        help="also load inferred.ttl (written by `prospectus-kg reason`)")
    parser.add_argument("--max-width", type=int, default=TABLE_MAX_WIDTH, metavar="N",
                        help=f"widest table cell before an ellipsis (default {TABLE_MAX_WIDTH}; 0: no limit)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the result to FILE instead of stdout "
                        "(a FIFO or terminal is written through, a link followed)")


def _query_text(args) -> tuple[str, dict]:
    """The query (a name or SPARQL text) and its parameters, checked before the graph is loaded."""
    from pathlib import Path

    from prospectus_kg.errors import MissingInputError, QueryError, UsageError
    from prospectus_kg.graph.query.named import get_named_query, parse_param_args

    given = [flag for flag, value in (("--name", args.name), ("--file", args.file), ("SPARQL", args.sparql))
             if value is not None]
    if len(given) != 1:
        raise UsageError("give exactly one query: --name NAME, --file Q.rq or the SPARQL text"
                         + (f" (got {' and '.join(given)})" if given else ""))
    values = parse_param_args(args.param)
    if args.name is not None:
        get_named_query(args.name).bind(values)   # an unknown name or a bad parameter, before loading
        return args.name, values
    if args.file is not None:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            path = Path(args.file)
            if not path.is_file():
                raise MissingInputError(f"query file {path} does not exist", document=str(path))
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise QueryError(f"cannot read query file {path}: {exc}") from exc
    else:
        text = args.sparql
    if not text.strip():
        raise QueryError("the query is empty")
    if text.strip() == text.strip().lower() and " " not in text.strip():
        raise QueryError(f"malformed SPARQL: {text.strip()!r} is not a query",
                         suggestion="run a named query with --name")
    return text, values


def run(args) -> int:
    """A thin layer over the Python API: ``prospectus_kg.open(DIR).query(...)``, written in a format."""
    from prospectus_kg.api import open as open_graph
    from prospectus_kg.errors import UsageError
    from prospectus_kg.graph.query.results import serialize

    if args.max_width < 0:
        raise UsageError("--max-width must be 0 or more")
    query, values = _query_text(args)
    kg = open_graph(args.folder, store=args.store, inferred=args.inferred)
    result = kg._query(query, values, raw=True)   # written out only: pyoxigraph terms as they come
    fmt = args.format
    from prospectus_kg.graph.query.formats import BY_NAME, names

    if result.kind == "graph" and not BY_NAME[fmt].graph:
        raise UsageError(f"a CONSTRUCT or DESCRIBE query gives a graph: use --format {' or '.join(names('graph'))}, "
                         f"not {fmt}")
    if result.kind != "graph" and not BY_NAME[fmt].solutions:
        raise UsageError(f"a SELECT or ASK query gives solutions: use --format {' or '.join(names('solutions'))}, "
                         f"not {fmt}")
    wide = ()
    if args.name is not None:
        from prospectus_kg.graph.query.named import get_named_query
        wide = get_named_query(args.name).wide   # the answer's own columns (# wide:) are never cut
    output = serialize(result, fmt, kg.store.prefixes, max_width=args.max_width, wide=wide)
    if args.output:
        from prospectus_kg.atomic import write_file

        write_file(args.output, output)
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    return 0
