"""``prospectus-kg export TARGET DIR``: a graph folder to another format or system.

Targets are the rows of ``prospectus_kg.exports.EXPORTERS``:

* ``turtle | ntriples | jsonld | trig DIR --out FILE [--with-inferred]``: RDF (TriG: the stated and
  the inferred triples as two named graphs);
* ``neo4j DIR --out OUT_DIR``: import.cypher, neo4j-admin CSV files and README.md;
  ``neo4j DIR --uri bolt://HOST:7687 [--user neo4j] [--password-env NEO4J_PASSWORD] [--database NAME]``:
  a live load over Bolt (both at once is fine); ``--naming neo4j|n10s``, ``--with-assertions``,
  ``--batch-size``;
* any other target (``html``) gets ``--out``.

Exit codes as for every command (README): 2 usage, 3 not a graph folder, 4 cannot write, 6 Neo4j
unreachable or refusing the credentials (the message says how many batches were committed).
"""

from __future__ import annotations

import argparse
import os
import sys

RDF_TARGETS = ("turtle", "ntriples", "jsonld", "trig")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from prospectus_kg.exports import EXPORTERS

    parser.add_argument("target", metavar="TARGET",
                        help="one of: " + ", ".join(f"{name} ({desc})" for name, (_m, desc) in EXPORTERS.items()))
    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("--out", "-o", metavar="PATH",
                        help="output file (RDF targets) or folder (neo4j: replaced if it is an earlier export)")
    rdf = parser.add_argument_group("RDF targets")
    rdf.add_argument("--with-inferred", action="store_true",
                     help="add DIR/inferred.ttl (from `prospectus-kg reason`); TriG keeps it as its own named graph")
    neo = parser.add_argument_group("neo4j")
    neo.add_argument("--naming", choices=("neo4j", "n10s"), default="neo4j",
                     help="neo4j: Organization, AFFILIATE_OF, name (default); n10s: SHORTEN names "
                          "prosp__Organization, prosp__affiliateOf, plus _NsPrefDef and _GraphConfig nodes")
    neo.add_argument("--with-assertions", action="store_true",
                     help="also write one Assertion node per extracted fact (provenance of values too)")
    neo.add_argument("--batch-size", type=int, default=1000, metavar="N", help="rows per statement (default 1000)")
    neo.add_argument("--uri", metavar="URI", help="load into the running database at bolt://HOST:PORT or neo4j://...")
    neo.add_argument("--user", default="neo4j", help="database user (default neo4j)")
    neo.add_argument("--password-env", default="NEO4J_PASSWORD", metavar="VAR",
                     help="environment variable holding the password (default NEO4J_PASSWORD)")
    neo.add_argument("--database", metavar="NAME", help="database name (default: the server's default)")
    neo.add_argument("--connect-timeout", type=float, default=10.0, metavar="S",
                     help="seconds to wait for a connection and the Bolt handshake (default 10)")
    neo.add_argument("--connect-retries", type=int, default=3, metavar="N",
                     help="attempts to connect when the server is unavailable (default 3, with back-off)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def _refuse(args, names: tuple[str, ...], target: str) -> None:
    from prospectus_kg.errors import UsageError

    defaults = {"with_inferred": False, "naming": "neo4j", "with_assertions": False, "batch_size": 1000,
                "uri": None, "database": None}
    given = [n for n in names if getattr(args, n) != defaults[n]]
    if given:
        flags = ", ".join("--" + n.replace("_", "-") for n in given)
        raise UsageError(f"{flags} does not apply to target {target}")


def run(args) -> int:
    from prospectus_kg.errors import UsageError
    from prospectus_kg.exports import exporter

    module = exporter(args.target)  # lists the targets when the name is unknown
    from prospectus_kg.folder import open_folder

    if args.target == "neo4j":
        _refuse(args, ("with_inferred",), args.target)
        if args.out is None and args.uri is None:
            raise UsageError("nothing to do", suggestion="give --out DIR for the files, --uri bolt://... to load, "
                             "or both")
        if args.uri is None and args.database is not None:
            raise UsageError("--database applies to a live load", suggestion="give --uri bolt://HOST:7687 too")
        folder = open_folder(args.folder)
        password = os.environ.get(args.password_env) if args.uri else None
        if args.uri and password is None:
            raise UsageError(f"environment variable {args.password_env} is not set",
                             suggestion=f"export {args.password_env}=... (the password of user {args.user})")
        summary = module.write(folder, args.out, naming=args.naming, with_assertions=args.with_assertions,
                               batch_size=args.batch_size, uri=args.uri, user=args.user, password=password,
                               database=args.database, connect_timeout=args.connect_timeout,
                               connect_retries=args.connect_retries,
                               progress=sys.stderr.isatty() and not args.quiet)
        if not args.quiet:
            if summary.out is not None:
                csvs = sum(1 for f in summary.files if f.endswith(".csv"))
                print(f"{summary.nodes} nodes, {summary.relationships} relationships, {summary.statements} "
                      f"statements -> {summary.out}/ (import.cypher, {csvs} CSV files, README.md)")
            if summary.load is not None:
                print(summary.load.line())
        return 0

    _refuse(args, ("naming", "with_assertions", "batch_size", "uri", "database"), args.target)
    if args.out is None:
        raise UsageError(f"export {args.target} needs --out", suggestion="give --out FILE")
    options = {}
    if args.target in RDF_TARGETS:
        options = {"format": args.target, "with_inferred": args.with_inferred}
    elif args.with_inferred:
        raise UsageError(f"--with-inferred does not apply to target {args.target}")
    open_folder(args.folder)  # a clear error for a path that is not a graph folder, whatever the target
    module.write(args.folder, args.out, **options)
    if not args.quiet:
        print(f"{args.target} -> {args.out}")
    return 0
