"""Where ``--store auto`` should switch from rdflib's Memory store to Oxigraph (``AUTO_OXIGRAPH_BYTES``).

For each graph folder given (and for synthetic enlargements of the first: its graph.ttl repeated under
renamed individual IRIs, ``--copies``), loads graph.ttl into each store and runs every named query
once cold (as ``prospectus-kg query`` does: parse + run) and once warm (as the endpoint's workers do,
the parse cached). Prints load seconds, the sum over the named queries of cold and warm milliseconds,
and the slowest warm query. Nothing is asserted.

    .venv/bin/python benchmarks/store_load.py /tmp/seed /tmp/corpus --copies 4
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from prospectus_kg.ontology.terms import ID_NS as ID


def synthesize(source: Path, copies: int, out: Path) -> Path:
    """graph.ttl repeated ``copies`` times, each copy's individuals under ``kg:c<i>/``."""
    text = source.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "graph.ttl", "w", encoding="utf-8") as handle:
        for i in range(copies):
            handle.write(text.replace(f"<{ID}", f"<{ID}c{i}/"))  # also renames the @prefix kg: line
            handle.write("\n")
    return out


def _params(store) -> dict[str, str]:
    """A value for each parameter: the most linked party's name."""
    result = store.query("""SELECT ?name (COUNT(*) AS ?n) WHERE {
        { ?p prosp:affiliateOf|prosp:controls|prosp:generalPartnerOf|prosp:investmentManagerOf ?x }
        UNION { ?x prosp:affiliateOf|prosp:controls|prosp:generalPartnerOf|prosp:investmentManagerOf ?p }
        ?p prosp:name ?name } GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1""")
    name = str(result.rows[0][0]) if result.rows else "Nevada Bond, LLC"
    return {"org": name, "entity": name}


def measure(folder: Path, kind: str) -> dict:
    from prospectus_kg.graph.query.named import load_named_queries
    from prospectus_kg.graph.query.store import open_store

    gc.collect()
    start = time.perf_counter()
    store = open_store(folder, kind)
    load = time.perf_counter() - start
    params = _params(store)
    cold = warm = 0.0
    slowest = (0.0, "")
    for q in load_named_queries().values():
        bindings = q.bind({p.name: params[p.name] for p in q.params})
        start = time.perf_counter()
        store.query(q.text, bindings)
        cold += time.perf_counter() - start
        start = time.perf_counter()
        store.query(q.text, bindings)
        seconds = time.perf_counter() - start
        warm += seconds
        slowest = max(slowest, (seconds, q.name))
    return {"triples": store.triple_count, "load": load, "cold": cold, "warm": warm, "slowest": slowest}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", type=Path, nargs="+", help="graph folders written by prospectus-kg build")
    parser.add_argument("--copies", type=int, nargs="*", default=[], help="also the first folder repeated N times")
    args = parser.parse_args(argv)

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'graph':>14} {'MB':>6} {'triples':>8} {'store':>8} {'load s':>7} {'cold ms':>8} {'warm ms':>8}  slowest warm")
    with tempfile.TemporaryDirectory() as tmp:
        folders = [(f.name, f) for f in args.folders]
        folders += [(f"{args.folders[0].name}x{n}", synthesize(args.folders[0] / "graph.ttl", n, Path(tmp) / f"x{n}"))
                    for n in args.copies]
        for label, folder in folders:
            size = (folder / "graph.ttl").stat().st_size / 1e6
            for kind in ("memory", "oxigraph"):
                m = measure(folder, kind)
                print(f"{label:>14} {size:>6.2f} {m['triples']:>8} {kind:>8} {m['load']:>7.2f} {m['cold'] * 1000:>8.0f} "
                      f"{m['warm'] * 1000:>8.0f}  {m['slowest'][1]} {m['slowest'][0] * 1000:.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
