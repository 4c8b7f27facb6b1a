"""``prospectus-kg path DIR A B``: the shortest chain of relations between two entities, with quotes.

A and B are names, aliases or IRIs (``kg:org/...`` works too); a name that matches several entities,
or none, is an error (exit 5) that lists the candidates. Each hop is printed with its relation, the
direction in which the document states it, and the quote, source document and span of its assertion.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("source", metavar="A", help="the first entity: a name, an alias or an IRI")
    parser.add_argument("target", metavar="B", help="the second entity")
    parser.add_argument("--directed", action="store_true",
                        help="follow relations only in their stated direction (affiliateOf either way)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or JSON")


def run(args: argparse.Namespace) -> int:
    from prospectus_kg.graph.analysis import find_entity, hop_dict, load, shortest_chain

    G = load(args.folder)
    a = find_entity(G, args.source)
    b = find_entity(G, args.target)
    hops = [hop_dict(G, h) for h in shortest_chain(G, a, b, directed=args.directed)]
    if args.format == "json":
        result = {"from": {"iri": a, "label": G.nodes[a]["label"]}, "to": {"iri": b, "label": G.nodes[b]["label"]},
                  "length": len(hops), "hops": hops}
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        return 0
    sys.stdout.write(to_text(G.nodes[a]["label"], hops))
    return 0


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def to_text(start: str, hops: list[dict]) -> str:
    lines = [_one_line(start)]
    if not hops:
        lines.append("  (the same entity)")
    for hop in hops:
        rel = hop["relation"]
        arrow = f"--{rel}-->" if hop["stated_forward"] else f"<--{rel}--"
        lines.append(f"  {arrow} {_one_line(hop['to']['label'])}")
        if not hop["provenance"]:
            lines.append("        (no quote recorded)")
        for p in hop["provenance"]:
            if p.get("quote") is not None:
                lines.append(f"        \"{_one_line(p['quote'])}\"")
            where = [p.get("text_file") or p.get("document") or p.get("source") or "unknown source"]
            if p.get("start") is not None:
                where.append(f"characters {p['start']}-{p['end']}")
            if p.get("section"):
                where.append(f"section {p['section']}")
            lines.append("        " + ", ".join(where))
    lines.append(f"{len(hops)} hop(s)")
    return "\n".join(lines) + "\n"
