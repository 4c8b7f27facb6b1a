"""Bounded load on the SPARQL endpoint: latency percentiles of a fixed number of queries.

Starts ``prospectus-kg serve``'s server (``graph.server.running_server``) on a free loopback port over a
graph folder, then sends ``--requests`` queries from ``--clients`` threads (each with its own HTTP
connection), a mix of named queries and plain ``/sparql`` queries, and prints p50/p90/p99/max latency,
throughput, errors, and the machine's core count. Nothing is asserted; a test checks only that a
bounded load succeeds (``tests/test_server.py``).

    .venv/bin/python benchmarks/endpoint_load.py GRAPH_FOLDER
    .venv/bin/python benchmarks/endpoint_load.py GRAPH_FOLDER --clients 12 --requests 600 --store oxigraph
    .venv/bin/python benchmarks/endpoint_load.py --seed      # builds the seed example into a temp folder

Without a folder and with ``--seed`` it builds ``examples/capstone-turbine-424b3-2003-01-13.txt`` first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: the mix: (path, params); ``{org}`` is replaced by a name that has affiliations in the graph
MIX = [
    ("/sparql", {"query": "SELECT ?name WHERE { ?o a prosp:Organization ; prosp:name ?name } LIMIT 50"}),
    ("/queries/selling-stockholders", {}),
    ("/queries/affiliates", {"org": "{org}"}),
    ("/queries/issuers", {}),
    ("/queries/evidence", {"entity": "{org}"}),
    ("/sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a a prosp:Assertion }"}),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _linked_name(folder: Path) -> str:
    from prospectus_kg.graph.query.store import open_store

    store = open_store(folder, "oxigraph")
    result = store.query("""SELECT ?name (COUNT(*) AS ?n) WHERE {
        { ?p prosp:affiliateOf|prosp:controls|prosp:generalPartnerOf|prosp:investmentManagerOf ?x }
        UNION { ?x prosp:affiliateOf|prosp:controls|prosp:generalPartnerOf|prosp:investmentManagerOf ?p }
        ?p prosp:name ?name } GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1""")
    return str(result.rows[0][0]) if result.rows else "Nevada Bond, LLC"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, help="a graph folder (default with --seed: the seed, built)")
    parser.add_argument("--seed", action="store_true", help="build the seed example and serve that")
    parser.add_argument("--clients", type=int, default=12, help="concurrent client threads (default 12)")
    parser.add_argument("--requests", type=int, default=600, help="queries in all (default 600)")
    parser.add_argument("--workers", type=int, default=None, help="query worker processes (default: the server's)")
    parser.add_argument("--store", default="auto", choices=("memory", "oxigraph", "auto"))
    parser.add_argument("--timeout", type=float, default=30.0, help="the server's per-query time limit")
    parser.add_argument("--warmup", type=int, default=None, help="unmeasured queries first (default: 2 per worker per kind)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)

    import httpx

    from prospectus_kg.graph.query.server import running_server

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            if not args.seed:
                parser.error("give a graph folder, or --seed")
            from prospectus_kg.graph.build.pipeline import build

            folder = Path(tmp) / "seed"
            build([ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"], folder, jobs=1)
        org = _linked_name(folder)
        mix = [(path, {k: v.replace("{org}", org) for k, v in params.items()}) for path, params in MIX]
        started = time.perf_counter()
        with running_server(folder, store=args.store, timeout=args.timeout, workers=args.workers) as (url, pool):
            startup = time.perf_counter() - started
            latencies: list[float] = []
            statuses: dict[int, int] = {}
            lock = threading.Lock()
            counter = iter(range(args.requests))
            warmup = args.warmup if args.warmup is not None else 2 * pool.size * len(mix)

            with httpx.Client(base_url=url, timeout=120) as client:  # every worker parses every query once
                for i in range(warmup):
                    path, params = mix[i % len(mix)]
                    client.get(path, params=params, headers={"Accept": "application/sparql-results+json"})

            def client_loop(index: int) -> None:
                with httpx.Client(base_url=url, timeout=120) as client:
                    while True:
                        with lock:
                            n = next(counter, None)
                        if n is None:
                            return
                        path, params = mix[(n + index) % len(mix)]
                        start = time.perf_counter()
                        response = client.get(path, params=params, headers={"Accept": "application/sparql-results+json"})
                        elapsed = time.perf_counter() - start
                        with lock:
                            latencies.append(elapsed)
                            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

            wall = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as executor:
                list(executor.map(client_loop, range(args.clients)))
            wall = time.perf_counter() - wall
            info = dict(pool.info)
            workers = pool.size

    report = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "graph": {"folder": str(args.folder or "seed"), "triples": info.get("triples"), "store": info.get("store")},
        "server": {"workers": workers, "startup_s": round(startup, 2), "time_limit_s": args.timeout},
        "load": {"clients": args.clients, "requests": len(latencies), "wall_s": round(wall, 2),
                 "queries_per_s": round(len(latencies) / wall, 1) if wall else None, "statuses": statuses},
        "latency_ms": {"p50": round(percentile(latencies, 50) * 1000, 1), "p90": round(percentile(latencies, 90) * 1000, 1),
                       "p99": round(percentile(latencies, 99) * 1000, 1), "max": round(max(latencies) * 1000, 1),
                       "mean": round(statistics.fmean(latencies) * 1000, 1)},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        m, g, s, load, lat = report["machine"], report["graph"], report["server"], report["load"], report["latency_ms"]
        print(f"machine: {m['cores']} cores, Python {m['python']}, {m['platform']}")
        print(f"graph: {g['triples']} triples, {g['store']} store; {s['workers']} query workers ready in {s['startup_s']} s")
        print(f"load: {load['requests']} queries from {load['clients']} clients in {load['wall_s']} s "
              f"({load['queries_per_s']} queries/s); statuses {load['statuses']}")
        print(f"latency: p50 {lat['p50']} ms, p90 {lat['p90']} ms, p99 {lat['p99']} ms, max {lat['max']} ms")
    return 0 if set(statuses) == {200} else 1


if __name__ == "__main__":
    sys.exit(main())
