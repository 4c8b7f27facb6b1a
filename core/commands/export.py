"""``prospectus-kg export TARGET DIR``: a graph folder to another format or system.

Targets are the rows of ``prospectus_kg.exports.EXPORTERS``, each a sub-command whose options come
from its exporter module (``add_arguments``):

* ``turtle | ntriples | jsonld | trig DIR --out FILE [--with-inferred]``: RDF (TriG: the stated and
  the inferred triples as two named graphs);
* ``html DIR --out FILE.html [--focus NAME] [--depth N] [--types CLASS...] [--max-nodes N]``: the
  interactive page (``viz`` is this target);
* ``neo4j DIR --out OUT_DIR``: import.cypher, neo4j-admin CSV files and README.md;
  ``neo4j DIR --uri bolt://HOST:7687 [--user neo4j] [--password-env NEO4J_PASSWORD] [--database NAME]``:
  a live load over Bolt (both at once is fine); ``--naming neo4j|n10s``, ``--with-assertions``,
  ``--batch-size``.

Exit codes as for every command (README): 2 usage, 3 not a graph folder, 4 cannot write, 6 Neo4j
unreachable or refusing the credentials (the message says how many batches were committed).
"""

from __future__ import annotations

import argparse
import sys


def add_target_arguments(parser: argparse.ArgumentParser, target: str) -> None:
    """The folder, ``--out`` and the options of exporter ``target`` (shared with ``viz``)."""
    from prospectus_kg.exports import exporter

    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    needs_out = target != "neo4j"  # neo4j can load over Bolt without writing files
    parser.add_argument("--out", "-o", metavar="PATH", required=needs_out,
                        help="output folder (replaced if it is an earlier export)" if not needs_out else
                        "output file (required; '-': standard output; a FIFO or terminal is written through, "
                        "a link followed to the file it points to)")
    exporter(target).add_arguments(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    parser.set_defaults(target=target)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from prospectus_kg.exports import EXPORTERS

    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True,
                                    title="targets", parser_class=type(parser))
    for name, (_module, description) in EXPORTERS.items():
        add_target_arguments(targets.add_parser(name, help=description, description=description), name)


def run(args) -> int:
    from prospectus_kg.exports import exporter
    from prospectus_kg.folder import open_folder

    module = exporter(args.target)
    folder = open_folder(args.folder)  # a clear error for a path that is not a graph folder, whatever the target
    summary = module.write(folder, args.out, **module.options(args))
    if not args.quiet:
        from prospectus_kg.atomic import is_stdout

        stream = sys.stderr if is_stdout(args.out) else sys.stdout   # --out -: the export is on stdout
        for line in summary.lines:
            print(line, file=stream)
    return 0
