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
                        help="table (default; Turtle for CONSTRUCT/DESCRIBE), csv, tsv, json (SPARQL results "
                             "JSON), xml, html, turtle or ntriples")
    parser.add_argument("--store", choices=("memory", "oxigraph", "auto"), default="auto",
                        help="rdflib's Memory store, Oxigraph, or auto: by the size of graph.ttl (default)")
    parser.add_argument("--inferred", action="store_true",
                        help="also load inferred.ttl (written by `prospectus-kg reason`)")
    parser.add_argument("--max-width", type=int, default=TABLE_MAX_WIDTH, metavar="N",
                        help=f"widest table cell before an ellipsis (default {TABLE_MAX_WIDTH}; 0: no limit)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the result to FILE instead of stdout")


def _query_text(args) -> tuple[str, dict]:
    """The query text and its bindings, checked before the graph is loaded."""
    from pathlib import Path

    from prospectus_kg.errors import MissingInputError, QueryError, UsageError
    from prospectus_kg.graph.query.named import adhoc_bindings, get_named_query, parse_param_args

    given = [flag for flag, value in (("--name", args.name), ("--file", args.file), ("SPARQL", args.sparql))
             if value is not None]
    if len(given) != 1:
        raise UsageError("give exactly one query: --name NAME, --file Q.rq or the SPARQL text"
                         + (f" (got {' and '.join(given)})" if given else ""))
    values = parse_param_args(args.param)
    if args.name is not None:
        named = get_named_query(args.name)
        return named.text, named.bind(values)
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
    return text, adhoc_bindings(values)


def run(args) -> int:
    from prospectus_kg.errors import OutputError, UsageError
    from prospectus_kg.graph.query.results import serialize
    from prospectus_kg.graph.query.store import open_store

    if args.max_width < 0:
        raise UsageError("--max-width must be 0 or more")
    text, bindings = _query_text(args)
    store = open_store(args.folder, args.store, inferred=args.inferred)
    result = store.query(text, bindings)
    if result.kind == "select" and not result.rows and args.name is not None:
        _check_lookup_keys(store, args.name)
    fmt = args.format
    if result.kind == "graph" and fmt in ("csv", "tsv", "json", "xml"):
        raise UsageError(f"a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle or ntriples, not {fmt}")
    if result.kind != "graph" and fmt in ("turtle", "ntriples"):
        raise UsageError(f"a SELECT or ASK query gives solutions: use --format table, csv, tsv, json or xml, not {fmt}")
    output = serialize(result, fmt, store.prefixes, max_width=args.max_width)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as handle:
                handle.write(output)
        except OSError as exc:
            raise OutputError(f"cannot write {args.output}: {exc.strerror or exc}", document=args.output) from exc
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    return 0


def _check_lookup_keys(store, name: str) -> None:
    """A name parameter matches ``prosp:lookupKey``, which graphs built before it was added lack: say
    so rather than answer nothing."""
    from prospectus_kg.errors import QueryError
    from prospectus_kg.graph.query.named import get_named_query
    from prospectus_kg.ontology.terms import PROSP_NS

    if any(p.type == "name" for p in get_named_query(name).params) and \
            not store.query(f"ASK {{ ?s <{PROSP_NS}lookupKey> ?key }}").boolean:
        raise QueryError(f"query {name} matches names by prosp:lookupKey, which this graph does not have "
                         "(it was built by an older prospectus-kg)", suggestion="rebuild the graph folder with "
                         "`prospectus-kg build`")
