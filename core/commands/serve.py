"""``prospectus-kg serve DIR``: a read-only SPARQL 1.1 Protocol endpoint over a graph folder.

Serves ``/sparql`` (GET and POST, results in JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML, JSON-LD or
N-Quads for CONSTRUCT/DESCRIBE; ``format=`` by name or media type),
a landing page at ``/`` listing the named queries, and any ``*.html`` graph view in the folder.
Binds to 127.0.0.1 unless ``--host`` says otherwise. Each query runs in a worker process and is
stopped after ``--timeout`` seconds (see ``prospectus_kg.graph.query.server`` for why and how).
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from prospectus_kg.graph.query.server import DEFAULT_HOST, DEFAULT_PER_WORKER, DEFAULT_PORT, DEFAULT_TIMEOUT

    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; 0.0.0.0 exposes "
                             "the endpoint to the network)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"stop a query after this many seconds (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="query worker processes, each holding the graph (default: cores, at least 2)")
    parser.add_argument("--per-worker", type=int, default=DEFAULT_PER_WORKER, metavar="N",
                        help=f"queries each worker runs at once, each in its own process (default {DEFAULT_PER_WORKER}); "
                             "a few runaway queries then cannot hold every worker")
    parser.add_argument("--cors", metavar="ORIGIN", default=None,
                        help="send Access-Control-Allow-Origin: ORIGIN so that pages on that origin (or '*': any) "
                             "can query the endpoint from a browser (default: no CORS header)")
    parser.add_argument("--store", choices=("memory", "oxigraph", "oxigraph-memory", "auto"), default="auto",
                        help="rdflib's Memory store; Oxigraph: the folder's persistent store (.store/, built on "
                             "first use), or oxigraph-memory: the Turtle loaded into memory; or auto: memory "
                             "or oxigraph by the size of graph.ttl (default)")
    parser.add_argument("--inferred", action="store_true",
                        help="also load inferred.ttl (written by `prospectus-kg reason`)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no access log")


def run(args) -> int:
    from prospectus_kg.errors import UsageError
    from prospectus_kg.folder import open_folder
    from prospectus_kg.graph.query.server import serve

    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    if args.per_worker < 1:
        raise UsageError("--per-worker must be 1 or more")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be between 0 and 65535")
    folder = open_folder(args.folder)
    serve(folder.path, host=args.host, port=args.port, store=args.store, timeout=args.timeout,
          workers=args.workers, inferred=args.inferred, access_log=not args.quiet, cors_origin=args.cors,
          per_worker=args.per_worker,
          announce=lambda line: print(line, file=sys.stderr, flush=True))
    return 0
