"""``prospectus-kg analyze DIR``: the structure of a graph folder, by networkx.

Connected components of the party graph, affiliate chains (``affiliateOf`` either way), control
chains (``controls``, ``subsidiaryOf``, ``parentOf``, ``controlledBy``, ``generalPartnerOf``,
``investmentManagerOf``) and the most central parties (degree and betweenness over the entity graph).
Definitions: ``prospectus_kg.graph.analysis``.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="readable tables (default) or JSON with every hop's quote")
    parser.add_argument("--top", type=int, default=10, metavar="N", help="how many central parties (default 10)")


def run(args: argparse.Namespace) -> int:
    from prospectus_kg.errors import UsageError
    from prospectus_kg.graph.analysis import analyze, load

    if args.top < 1:
        raise UsageError("--top must be 1 or more")
    report = analyze(load(args.folder), top=args.top)
    if args.format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        sys.stdout.write(to_table(report))
    return 0


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _chain_line(chain: dict) -> str:
    parts = [chain["nodes"][0]["label"]]
    for hop in chain["hops"]:
        arrow = f" -{hop['relation']}-> " if hop["stated_forward"] else f" <-{hop['relation']}- "
        parts.append(arrow + hop["to"]["label"])
    return "".join(parts)


def to_table(report: dict) -> str:
    """The report as plain-text tables (document strings are printed as text, one line each)."""
    out: list[str] = []
    comps = report["components"]
    sizes = [c["size"] for c in comps]
    out.append(f"Entity graph: {report['entities']} entities, {report['links']} linked pairs; "
               f"{report['parties']} parties")
    out.append("")
    out.append(f"Party graph components: {len(comps)}"
               + (f" (largest {sizes[0]}; {sizes.count(1)} parties stand alone)" if comps else ""))
    for i, comp in enumerate(c for c in comps if c["size"] > 1):
        names = "; ".join(_clip(p["label"], 60) for p in comp["parties"][:12])
        more = f"; … {comp['size'] - 12} more" if comp["size"] > 12 else ""
        out.append(f"  {i + 1:>3}. {comp['size']:>4} parties: {names}{more}")
    out.append("")
    out.append(f"Affiliate chains (prosp:affiliateOf, either direction): {len(report['affiliate_chains'])}")
    for i, chain in enumerate(report["affiliate_chains"]):
        members = len(chain.get("members", chain["nodes"]))
        extra = f" [{members} affiliates in the group]" if members > len(chain["nodes"]) else ""
        out.append(f"  {i + 1:>3}. {_chain_line(chain)}{extra}")
    out.append("")
    trunc = " (list truncated)" if report["control_chains_truncated"] else ""
    out.append(f"Control chains (controller first): {len(report['control_chains'])}{trunc}")
    for i, chain in enumerate(report["control_chains"]):
        out.append(f"  {i + 1:>3}. {_chain_line(chain)}")
    out.append("")
    how = "estimated from a sample of sources" if report["betweenness"] == "sampled" else "exact"
    out.append(f"Most central parties (undirected entity graph; betweenness {how})")
    rows = report["central_parties"]
    if rows:
        width = min(max(len(r["label"]) for r in rows), 60)
        out.append(f"  {'rank':>4}  {'party':<{width}}  {'degree':>6}  {'deg. centr.':>11}  {'betweenness':>11}")
        for i, r in enumerate(rows):
            out.append(f"  {i + 1:>4}  {_clip(r['label'], width):<{width}}  {r['degree']:>6}  "
                       f"{r['degree_centrality']:>11.4f}  {r['betweenness']:>11.4f}")
    else:
        out.append("  no parties")
    return "\n".join(out) + "\n"
