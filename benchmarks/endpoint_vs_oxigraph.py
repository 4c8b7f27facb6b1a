"""The endpoint against ``oxigraph serve-read-only`` on the same data, in one run (issue 20).

Both servers are started as separate processes on free loopback ports over the same graph folder: ours
is ``prospectus-kg serve DIR --store oxigraph`` (the folder's persistent store, ``.store/``, built first
when missing), Oxigraph's is ``oxigraph serve-read-only --location`` on that very database (the
``oxigraph`` package from PyPI, of pyoxigraph's version: the same on-disk format). Then the same loads
run against each, one after the other: ``--clients`` threads, each with its own kept-alive HTTP
connection, POSTing the same SPARQL text (full PREFIX declarations, so neither server's own prefixes
matter) with ``Accept: application/sparql-results+json``:

* ``cheap``: the names of 50 organizations (``LIMIT 50``);
* ``medium``: the selling stockholders with their shares (the ``selling-stockholders`` named query).

Printed per load and server: queries/s, p50/p90/p99 latency, errors, the ratio ours/Oxigraph's
queries/s, and the resident memory (RSS, summed over the server's process tree, after the load; and
PSS, which counts the pages the processes share once), and the machine's core count. Nothing is asserted.

    .venv/bin/python benchmarks/endpoint_vs_oxigraph.py GRAPH_FOLDER
    .venv/bin/python benchmarks/endpoint_vs_oxigraph.py --seed --requests 400
    .venv/bin/python benchmarks/endpoint_vs_oxigraph.py GRAPH_FOLDER --clients 8 --requests 2000 --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import _descendants, built_seed, machine, percentile, tree_rss_mib  # noqa: E402


def tree_pss_mib(pid: int) -> float:
    """The proportional set size summed over ``pid`` and its descendants: memory shared between them
    (the forked query processes share the worker's pages) counted once, not once per process."""
    total = 0
    for one in [pid] + _descendants(pid):
        try:
            with open(f"/proc/{one}/smaps_rollup", encoding="ascii") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def _prologue() -> str:
    from prospectus_kg.ontology.namespace import PREFIXES

    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def loads() -> dict[str, str]:
    from prospectus_kg.graph.query.named import load_named_queries

    prologue = _prologue()
    return {
        "cheap": prologue + "SELECT ?name WHERE { ?o a prosp:Organization ; prosp:name ?name } LIMIT 50",
        "medium": prologue + load_named_queries()["selling-stockholders"].text,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 600) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.post(url, content=b"ASK {}", headers={"Content-Type": "application/sparql-query"},
                          timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


def run_load(url: str, query: str, clients: int, requests: int, warmup: int) -> dict:
    import httpx

    body = query.encode("utf-8")
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    with httpx.Client(timeout=120) as client:
        for _ in range(warmup):
            client.post(url, content=body, headers=headers)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(requests))

    def loop(_index: int) -> None:
        with httpx.Client(timeout=120) as client:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                start = time.perf_counter()
                response = client.post(url, content=body, headers=headers)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    wall = time.perf_counter()
    with ThreadPoolExecutor(clients) as executor:
        list(executor.map(loop, range(clients)))
    wall = time.perf_counter() - wall
    return {"queries_per_s": round(len(latencies) / wall, 1), "p50_ms": round(percentile(latencies, 50) * 1000, 2),
            "p90_ms": round(percentile(latencies, 90) * 1000, 2), "p99_ms": round(percentile(latencies, 99) * 1000, 2),
            "statuses": statuses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, help="a graph folder")
    parser.add_argument("--seed", action="store_true", help="build the seed example and serve that")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=1000, help="cheap queries per server (default 1000)")
    parser.add_argument("--medium-requests", type=int, default=200, help="medium queries per server (default 200)")
    parser.add_argument("--workers", type=int, default=None, help="our query workers (default: the server's)")
    parser.add_argument("--loads", nargs="+", default=["cheap", "medium"], choices=["cheap", "medium"])
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph")),
                        help="the oxigraph command (pip install oxigraph)")
    parser.add_argument("--quick", action="store_true", help="a small run (the seed, 60 queries)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.seed, args.requests, args.medium_requests = True, 60, 60
    if not Path(args.oxigraph).exists():
        parser.error(f"{args.oxigraph} not found: pip install oxigraph (the version of pyoxigraph)")
    from prospectus_kg.folder import open_folder

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            if not args.seed:
                parser.error("give a graph folder, or --seed")
            folder = built_seed(Path(tmp) / "seed")
        started = time.perf_counter()
        disk = open_folder(folder).disk_store()   # built here when missing, so neither server pays for it
        store_seconds = time.perf_counter() - started
        database = disk.path / "oxigraph"
        triples = disk.triples
        del disk
        queries = loads()
        results: dict = {name: {} for name in args.loads}
        memory: dict = {}
        shared: dict = {}
        servers = {
            "prospectus-kg": lambda port: [sys.executable, "-m", "prospectus_kg.cli", "serve", str(folder), "--port",
                                           str(port), "--store", "oxigraph", "--quiet", "--timeout", "60"]
                                          + (["--workers", str(args.workers)] if args.workers else []),
            "oxigraph": lambda port: [args.oxigraph, "serve-read-only", "--location", str(database), "--bind",
                                      f"127.0.0.1:{port}"],
        }
        for server, command in servers.items():
            port = _free_port()
            process = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       cwd=tmp, env={**os.environ, "PYTHONPATH": ""})
            try:
                url = f"http://127.0.0.1:{port}" + ("/sparql" if server == "prospectus-kg" else "/query")
                _wait(url, process)
                for name in args.loads:
                    count = args.requests if name == "cheap" else args.medium_requests
                    results[name][server] = run_load(url, queries[name], args.clients, count, warmup=2 * args.clients)
                memory[server] = round(tree_rss_mib(process.pid), 1)
                shared[server] = round(tree_pss_mib(process.pid), 1)
            finally:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    report = {**machine(), "graph": {"folder": str(args.folder or "seed"), "triples": triples,
                                              "store_built_s": round(store_seconds, 2)},
              "clients": args.clients, "requests": {"cheap": args.requests, "medium": args.medium_requests},
              "loads": results, "rss_mib": memory, "pss_mib": shared,
              "ratio": {name: round(r["prospectus-kg"]["queries_per_s"] / r["oxigraph"]["queries_per_s"], 3)
                        for name, r in results.items()},
              "memory_ratio": round(memory["prospectus-kg"] / memory["oxigraph"], 2) if memory.get("oxigraph") else None}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        m = report
        print(f"machine: {m['cpu_count']} cores, Python {m['python']}, {m['platform']}")
        print(f"graph: {triples:,} triples ({report['graph']['folder']}); {args.clients} clients, "
              f"{args.requests} cheap and {args.medium_requests} medium queries per server")
        for name, by_server in results.items():
            for server, r in by_server.items():
                print(f"{name:7s} {server:14s} {r['queries_per_s']:8.1f} q/s  p50 {r['p50_ms']:7.2f} ms  "
                      f"p90 {r['p90_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  statuses {r['statuses']}")
            print(f"{name:7s} ratio prospectus-kg / oxigraph: {report['ratio'][name]:.3f}x queries/s")
        print(f"memory (RSS of the server's processes): prospectus-kg {memory.get('prospectus-kg')} MiB, "
              f"oxigraph {memory.get('oxigraph')} MiB ({report['memory_ratio']}x); PSS (shared pages counted "
              f"once): {shared.get('prospectus-kg')} MiB, {shared.get('oxigraph')} MiB")
    ok = all(set(r["statuses"]) == {200} for by_server in results.values() for r in by_server.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
