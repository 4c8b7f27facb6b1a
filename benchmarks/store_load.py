"""Load time of a graph folder's graph.ttl in each query store, to place ``AUTO_OXIGRAPH_BYTES``.

Builds synthetic graphs by repeating a real graph.ttl under renamed individual IRIs (each copy gets its
own ``kg:`` namespace, so the shape and the literal values stay those of real prospectuses), then
loads each into the rdflib Memory store and into Oxigraph (pyoxigraph), and times one named query.

    .venv/bin/python benchmarks/store_load.py GRAPH_FOLDER [--copies 1 4 16 64] [--query issuers]

Prints a table; nothing is asserted. Run on an idle machine; numbers are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ID = "https://w3id.org/prospectus-kg/id/"


def synthesize(source: Path, copies: int, out: Path) -> Path:
    """graph.ttl repeated ``copies`` times, each copy's individuals under ``kg:c<i>/``."""
    text = source.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "graph.ttl", "w", encoding="utf-8") as handle:
        for i in range(copies):
            copy = text.replace(f"<{ID}", f"<{ID}c{i}/")  # also renames the @prefix kg: line
            handle.write(copy)
            handle.write("\n")
    return out


def _median(runs: list[float]) -> float:
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="a graph folder written by prospectus-kg build")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", default="issuers", help="named query to time after loading")
    args = parser.parse_args(argv)

    from prospectus_kg.graph.query import load_named_queries
    from prospectus_kg.graph.store import open_store

    query = load_named_queries()[args.query]
    print(f"cores: {os.cpu_count()}  python {sys.version.split()[0]}")
    print(f"{'copies':>6} {'MB':>7} {'triples':>9} {'store':>9} {'load s':>8} {'query ms':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            folder = synthesize(args.folder / "graph.ttl", copies, Path(tmp) / f"x{copies}")
            size = (folder / "graph.ttl").stat().st_size / 1e6
            for kind in ("memory", "oxigraph"):
                loads, queries, triples = [], [], 0
                for _ in range(args.repeat):
                    gc.collect()
                    start = time.perf_counter()
                    store = open_store(folder, kind)
                    loads.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    store.query(query.text)
                    queries.append((time.perf_counter() - start) * 1000)
                    triples = store.triple_count
                    del store
                print(f"{copies:>6} {size:>7.1f} {triples:>9} {kind:>9} {_median(loads):>8.2f} {_median(queries):>9.1f}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
