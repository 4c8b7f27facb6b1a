"""``prospectus-kg viz DIR --out FILE.html``: a self-contained, offline, interactive view of a graph folder.

The page (``prospectus_kg.exports.html``) inlines vis-network, loads nothing from the network, shows
every document string as text, and is laid out before it opens (physics off). Above ``--max-nodes``
entities it opens on the issuers' neighbourhood and grows on double-click.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from prospectus_kg.exports.html import DEFAULT_DEPTH, DEFAULT_MAX_NODES

    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("--out", "-o", required=True, metavar="FILE.html", help="the page to write")
    parser.add_argument("--focus", metavar="NAME_OR_IRI",
                        help="show only the neighbourhood of this entity (a name, an alias or an IRI)")
    parser.add_argument("--depth", type=int, default=None, metavar="N",
                        help=f"hops around --focus (default {DEFAULT_DEPTH})")
    parser.add_argument("--types", nargs="+", metavar="CLASS",
                        help="keep only entities of these classes, e.g. `viz DIR --out F --types Organization Person` "
                             "(give DIR before --types)")
    parser.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N",
                        help=f"above N entities open on the issuers' neighbourhood and expand on double-click "
                             f"(default {DEFAULT_MAX_NODES}; 0 draws everything)")
    parser.add_argument("--title", help="the page title (default: the prospectus and its issuer)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def run(args: argparse.Namespace) -> int:
    from prospectus_kg.errors import UsageError
    from prospectus_kg.exports.html import write

    from prospectus_kg.exports.html import DEFAULT_DEPTH

    if args.depth is not None and not args.focus:
        raise UsageError("--depth needs --focus", suggestion="add --focus NAME_OR_IRI")
    depth = DEFAULT_DEPTH if args.depth is None else args.depth
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    if args.max_nodes < 0:
        raise UsageError("--max-nodes must be 0 or more")
    summary = write(args.folder, args.out, focus=args.focus, depth=depth, types=args.types,
                    max_nodes=args.max_nodes, title=args.title)
    if not args.quiet:
        start = "" if summary["initial"] is None else f"; opens on {summary['initial']} of them"
        print(f"{summary['entities']} entities, {summary['links']} links{start} -> {summary['out']} "
              f"({summary['bytes'] // 1024} KiB)", file=sys.stderr)
    return 0
