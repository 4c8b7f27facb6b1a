"""``prospectus-kg queries``: the named SPARQL queries shipped in ``graph/query/queries/*.rq``.

Lists each query's name, description, parameters and the absolute path of its file, as an aligned
table (the first sentence of each description) or as JSON (everything, for tools).
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="an aligned table for people (default) or JSON with the full descriptions")


#: widest description in the table (the JSON has the whole text)
SUMMARY_WIDTH = 80


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _params(query) -> str:
    return ", ".join(p.name + ("" if p.required else "?") for p in query.params) or "-"


def run(args) -> int:
    from prospectus_kg.graph.query.named import load_named_queries

    queries = load_named_queries()
    if args.format == "json":
        sys.stdout.write(json.dumps([q.to_dict() for q in queries.values()], indent=2, ensure_ascii=False) + "\n")
        return 0
    rows = [("NAME", "PARAMETERS", "DESCRIPTION", "PATH")]
    rows += [(q.name, _params(q), _cut(q.summary, SUMMARY_WIDTH), str(q.path)) for q in queries.values()]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(row[:3], widths)) + "  " + row[3] + "\n")
    sys.stdout.write("\nRun one with: prospectus-kg query DIR --name NAME [--param KEY=VALUE]...\n")
    return 0
