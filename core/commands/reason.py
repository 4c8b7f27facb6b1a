"""``prospectus-kg reason DIR``: run the OWL reasoner and write its conclusions to DIR/inferred.ttl.

HermiT (bundled with owlready2) over the ontology and graph.ttl; each inferred triple is written as a
plain triple and marked by a prosp:Inferred node (see ``prospectus_kg.ontology.reason`` and
ontology/README.md). graph.ttl is never modified. Exit 0 done, 1 the graph is inconsistent (nothing
can be inferred), 2 could not run (folder unreadable, Java missing, reasoner failing; temporary
files are removed either way).
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the inferred triples to FILE instead of DIR/inferred.ttl "
                        "('-': standard output, the summary then on stderr)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="summary on stdout as text (default) or JSON")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")


def run(args) -> int:
    from pathlib import Path

    from prospectus_kg.folder import open_folder
    from prospectus_kg.ontology.reason import reason, summary_lines, write_inferred

    folder = open_folder(args.folder)
    result = reason(folder)
    from prospectus_kg.atomic import is_stdout

    target = write_inferred(folder, result, Path(args.output) if args.output else None)
    summary = sys.stderr if is_stdout(args.output) else sys.stdout   # '-': the triples go to stdout
    if args.format == "json":
        payload = {
            "folder": str(folder.path), "output": str(target), "run": str(result.run),
            "seconds": round(result.seconds, 3), "reasoner_seconds": round(result.reasoner_seconds, 3),
            "inferred": [{"subject": str(i.triple[0]), "predicate": str(i.triple[1]), "object": str(i.triple[2]),
                          "kind": i.kind, "also_stated": i.also_stated,
                          "premises": [[str(x) for x in t] for t in i.premises]} for i in result.inferences],
            "stated_roles_not_derived": [[str(x) for x in t] for t in result.stated_roles_not_derived],
        }
        summary.write(json.dumps(payload, indent=2) + "\n")
    else:
        lines = summary_lines(folder, result, target)
        summary.write("\n".join(lines[:1] if args.quiet else lines) + "\n")
    return 0
