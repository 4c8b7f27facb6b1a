"""Named query latency (p50/p99) on graphs of 10k, 100k and 1M triples, in both query stores.

Each graph is a real build (``prospectus_kg.graph.build.pipeline.build``) of as many synthetic prospectuses
(``benchmarks/synthetic_corpus.py``) as it takes to reach the triple count, so it has the shape of
a corpus: shared investors, law firms and auditors across documents, one Assertion per fact.

Every named query (``graph/query/queries/*.rq``, through ``graph.query``) runs in

* ``pyoxigraph``: pyoxigraph alone, the same query text and bindings, solutions materialised as
  pyoxigraph terms (the floor);
* ``oxigraph-memory``: the project's ``OxigraphMemoryStore`` (``graph.store``: the Turtle in
  Oxigraph's memory store), results converted to the shared ``QueryResult``;
* ``oxigraph``: the project's ``OxigraphStore``: the folder's persistent store (``.store/``, RocksDB,
  opened read-only; built first when missing, which its load time then includes);
* ``memory``: the project's ``MemoryStore``, rdflib's Memory store and SPARQL engine.

Targets (issue 8): on the 1M-triple graph every named query within 2x of pyoxigraph alone, and at
least 10x faster than rdflib Memory. Queries with a parameter get a value that occurs in the graph
(the party with the most relations). Slow engines run fewer repetitions (``--budget`` seconds per
query and store, at least one run); p99 of few runs is their maximum.

    .venv/bin/python benchmarks/query_latency.py                       # 10k, 100k, 1M triples
    .venv/bin/python benchmarks/query_latency.py --sizes 10000 100000 --stores pyoxigraph oxigraph
    .venv/bin/python benchmarks/query_latency.py --make-graph 1000000 DIR   # only write the graph folder
    .venv/bin/python benchmarks/query_latency.py --quick --json        # smoke test
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine, percentile  # noqa: E402

STORES = ("pyoxigraph", "oxigraph-memory", "oxigraph", "memory")


def make_graph(triples: int, out: Path, *, jobs: int | None = None, seed: int = 0) -> dict:
    """Build a graph folder of about ``triples`` triples from synthetic prospectuses; its counts."""
    from synthetic_corpus import generate
    from prospectus_kg.graph.build.pipeline import build
    jobs = jobs or os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="pkg-graph-", dir=out.parent if out.parent.exists() else None))
    try:
        probe = generate(work / "probe", 8, seed=seed)
        per_doc = build(probe, work / "probe-graph", jobs=jobs).triples / len(probe)
        n = max(1, math.ceil(triples / per_doc))
        for _attempt in range(3):  # a corpus shares parties, so the triples grow a little slower than n
            shutil.rmtree(work / "corpus", ignore_errors=True)
            generate(work / "corpus", n, seed=seed)
            summary = build([work / "corpus"], out, jobs=jobs)
            if summary.triples >= triples:
                break
            n = math.ceil(n * triples / summary.triples * 1.01)
        return {"documents": summary.documents, "triples": summary.triples, "seconds": round(summary.seconds, 2)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _parameter_value(folder: Path) -> str:
    """The name of the party with the most relations in the graph (a meaningful parameter)."""
    import pyoxigraph as ox
    store = ox.Store()
    store.load(path=str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    answer = store.query("""PREFIX prosp: <https://w3id.org/prospectus-kg/ontology#>
        SELECT ?name (COUNT(*) AS ?n) WHERE {
          { ?p prosp:affiliateOf|prosp:generalPartnerOf|prosp:investmentManagerOf|prosp:controls ?x }
          UNION { ?x prosp:affiliateOf|prosp:generalPartnerOf|prosp:investmentManagerOf|prosp:controls ?p }
          ?p prosp:name ?name } GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1""")
    rows = list(answer)
    return rows[0][0].value if rows else "Nevada Bond, LLC"


def _queries(value: str) -> list[tuple[str, str, dict]]:
    """(name, text, bindings as rdflib terms) for every named query."""
    from prospectus_kg.graph.query.named import load_named_queries
    out = []
    for name, q in load_named_queries().items():
        params = {p.name: value for p in q.params if p.required}
        out.append((name, q.text, q.bind(params)))
    return out


class _RawOxigraph:
    """pyoxigraph alone: the floor the project's store is measured against."""

    def __init__(self, folder: Path, prefixes: dict[str, str]) -> None:
        import pyoxigraph as ox
        self.ox = ox
        self.prefixes = prefixes
        self.store = ox.Store()
        self.store.load(path=str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE)

    def run(self, text: str, bindings: dict) -> int:
        from prospectus_kg.graph.query.store import _to_ox
        subs = {self.ox.Variable(k): _to_ox(v) for k, v in bindings.items()} or None
        answer = self.store.query(text, prefixes=self.prefixes, substitutions=subs)
        if isinstance(answer, self.ox.QueryBoolean):
            return 1
        if isinstance(answer, self.ox.QueryTriples):
            return len(list(answer))
        width = range(len(answer.variables))
        return len([tuple(s[i] for i in width) for s in answer])


class _Project:
    def __init__(self, folder: Path, kind: str) -> None:
        from prospectus_kg.graph.query.store import open_store
        self.store = open_store(folder, kind)

    def run(self, text: str, bindings: dict) -> int:
        result = self.store.query(text, bindings)
        return len(result.rows) if result.kind == "select" else len(result.triples or []) if result.kind == "graph" else 1


def open_engine(kind: str, folder: Path):
    if kind == "pyoxigraph":
        from prospectus_kg.graph.query.store import read_prefixes
        return _RawOxigraph(folder, read_prefixes(folder / "graph.ttl"))
    return _Project(folder, kind)


class _Timeout(BaseException):  # not an Exception: the stores turn those into QueryError
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _run_with_timeout(engine, text: str, bindings: dict, timeout: float) -> int | None:
    """The row count, or None when the run took longer than ``timeout`` seconds (rdflib evaluates in
    Python, so a timer signal can stop it; a pyoxigraph query only notices after it returns)."""
    import signal
    if not timeout or not hasattr(signal, "setitimer"):
        return engine.run(text, bindings)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return engine.run(text, bindings)
    except _Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_queries(engine, queries, reps: int, budget: float, timeout: float = 0) -> dict:
    out = {}
    for name, text, bindings in queries:
        started = time.perf_counter()
        rows = _run_with_timeout(engine, text, bindings, timeout)  # warm-up (and the row count)
        first = time.perf_counter() - started
        if rows is None:  # stopped: the time is a lower bound
            out[name] = {"rows": None, "runs": 1, "timed_out": True, "p50_ms": round(first * 1000, 3),
                         "p99_ms": round(first * 1000, 3)}
            print(f"  {type(engine).__name__} {name}: stopped after {first:.0f} s", file=sys.stderr, flush=True)
            continue
        # a query slower than the budget is not run twice: its one run is the measurement
        times: list[float] = [first] if first > budget else []
        spent = first if first > budget else 0.0
        while len(times) < reps and (spent < budget or not times):
            started = time.perf_counter()
            engine.run(text, bindings)
            took = time.perf_counter() - started
            times.append(took)
            spent += took
        out[name] = {"rows": rows, "runs": len(times), "p50_ms": round(percentile(times, 50) * 1000, 3),
                     "p99_ms": round(percentile(times, 99) * 1000, 3)}
        print(f"  {type(engine).__name__} {name}: {out[name]}", file=sys.stderr, flush=True)
    return out


def measure(folder: Path, stores: list[str], reps: int, budget: float, timeout: float = 0) -> dict:
    value = _parameter_value(folder)
    queries = _queries(value)
    result = {"parameter": value, "stores": {}}
    for kind in stores:
        gc.collect()
        started = time.perf_counter()
        engine = open_engine(kind, folder)
        load = time.perf_counter() - started
        print(f"{folder.name}: {kind} loaded in {load:.2f} s", file=sys.stderr, flush=True)
        result["stores"][kind] = {"load_s": round(load, 3), "queries": time_queries(engine, queries, reps, budget, timeout)}
        del engine
        gc.collect()
    return result


def ratios(stores: dict) -> dict:
    """Per query: oxigraph / pyoxigraph (target <= 2) and memory / oxigraph (target >= 10), on p50."""
    out = {}
    names = next(iter(stores.values()))["queries"].keys()
    for name in names:
        r = {}
        p50 = {k: v["queries"][name]["p50_ms"] for k, v in stores.items()}
        if "oxigraph" in p50 and "pyoxigraph" in p50:
            r["oxigraph_over_pyoxigraph"] = round(p50["oxigraph"] / max(p50["pyoxigraph"], 1e-3), 2)
        if "oxigraph-memory" in p50 and "pyoxigraph" in p50:
            r["oxigraph_memory_over_pyoxigraph"] = round(p50["oxigraph-memory"] / max(p50["pyoxigraph"], 1e-3), 2)
        if "oxigraph" in p50 and "memory" in p50:
            r["memory_over_oxigraph"] = round(p50["memory"] / max(p50["oxigraph"], 1e-3), 1)
            if stores["memory"]["queries"][name].get("timed_out"):
                r["memory_timed_out"] = True  # the ratio is a lower bound
        out[name] = r
    return out


def _print(size: int, graph: dict, m: dict, stores: list[str]) -> None:
    print(f"\n{graph['triples']:,} triples ({graph['documents']} synthetic prospectuses, built in {graph['seconds']} s); "
          f"parameter value {m['parameter']!r}")
    print("load s: " + ", ".join(f"{k} {v['load_s']}" for k, v in m["stores"].items()))
    head = f"{'query':<24}{'rows':>7}" + "".join(f"{k + ' p50/p99 ms':>28}" for k in stores) + "   ox/pyox  mem/ox"
    print(head)
    rat = ratios(m["stores"])
    for name in m["stores"][stores[0]]["queries"]:
        rows = m["stores"][stores[0]]["queries"][name]["rows"]
        cells = "".join(f"{m['stores'][k]['queries'][name]['p50_ms']:>14.2f}/{m['stores'][k]['queries'][name]['p99_ms']:<13.2f}"
                        for k in stores)
        r = rat[name]
        mem = (">=" if r.get("memory_timed_out") else "") + str(r.get("memory_over_oxigraph", ""))
        print(f"{name:<24}{rows if rows is not None else '-':>7}{cells}{r.get('oxigraph_over_pyoxigraph', ''):>9} {mem:>7}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES))
    parser.add_argument("--reps", type=int, default=30, help="runs per query and store (default 30)")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per query and store before fewer runs")
    parser.add_argument("--timeout", type=float, default=120.0, help="stop one run of a query after this many "
                        "seconds and report the time as a lower bound (default 120; 0: never)")
    parser.add_argument("--work", metavar="DIR", help="keep graph folders here (reused when present)")
    parser.add_argument("--make-graph", nargs=2, metavar=("TRIPLES", "DIR"), help="only build a graph folder")
    parser.add_argument("--quick", action="store_true", help="one tiny graph, 3 runs (a smoke test)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args(argv)
    if args.make_graph:
        counts = make_graph(int(args.make_graph[0]), Path(args.make_graph[1]))
        print(json.dumps(counts))
        return 0
    if args.quick:
        args.sizes, args.reps, args.budget = [3_000], 3, 2.0
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="pkg-latency-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in args.sizes:
            folder = work / f"graph-{size}"
            if (folder / "build-report.json").exists():
                counts = json.loads((folder / "build-report.json").read_text())["counts"]
                graph = {"documents": counts["documents"], "triples": counts["triples"], "seconds": None}
            else:
                graph = make_graph(size, folder)
            m = measure(folder, args.stores, args.reps, args.budget, args.timeout)
            results.append({"target_triples": size, **graph, **m, "ratios": ratios(m["stores"])})
            if args.work:  # keep what is measured so far
                (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
            if not args.json:
                _print(size, graph, m, args.stores)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    report = {"benchmark": "query_latency", **machine(), "reps": args.reps, "results": results}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"\ncores: {report['cpu_count']}, python {report['python']}; targets on 1M triples: ox/pyox <= 2, "
              "mem/ox >= 10")
    return 0


if __name__ == "__main__":
    sys.exit(main())
