"""A cold ``prospectus-kg query`` (a fresh process) against ``oxigraph query`` on a stored database (issue 20).

On one graph folder (default: a synthetic graph of ``--triples`` triples, made as
``benchmarks/query_latency.py`` makes its graphs, or ``FOLDER``), in one run, each command a fresh
process, median of ``--runs``:

* ``oxigraph query --location DB``: the Oxigraph CLI (``pip install oxigraph``, pyoxigraph's version) on
  the folder's persistent store (``.store/.../oxigraph``: the same database ours opens), results as CSV;
* ``prospectus-kg query DIR --store oxigraph``: ours on that store, opened read-only (the default for
  a graph of this size), as a table and as CSV;
* ``prospectus-kg query DIR --store oxigraph-memory``: the Turtle loaded into memory, which is what
  every ``query`` did before the persistent store (fewer runs: seconds each);

and once, the first use: building the persistent store (``.store/``) from graph.nt or graph.ttl (which
also leaves the compiled bytecode of the later runs, as an installed tool has it).
Printed: seconds per command, the ratio to ``oxigraph query``, and the machine's core count.

    .venv/bin/python benchmarks/cold_query.py                       # a 1M-triple graph, made first
    .venv/bin/python benchmarks/cold_query.py FOLDER --runs 11
    .venv/bin/python benchmarks/cold_query.py --quick --json        # the seed, for the smoke test
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import built_seed, machine  # noqa: E402

QUERY = "SELECT ?name WHERE { ?o a prosp:SellingStockholder ; prosp:name ?name } ORDER BY ?name LIMIT 20"


#: the processes run as an installed tool does: with compiled bytecode (kept in a folder of the run;
#: ``PYTHONDONTWRITEBYTECODE`` would make every fresh process compile our modules again, ~25 ms)
_ENV = {**os.environ, "PYTHONPATH": ""}
_ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def _timed(command: list[str], runs: int) -> tuple[float, str]:
    times, output = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=_ENV)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[:500]}")
        output = done.stdout
    return statistics.median(times), output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, help="a graph folder (default: made, --triples)")
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the graph made (default 1M)")
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per command (default 7)")
    parser.add_argument("--memory-runs", type=int, default=3, help="runs of --store oxigraph-memory (default 3)")
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph")))
    parser.add_argument("--quick", action="store_true", help="the seed, 3 runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not Path(args.oxigraph).exists():
        parser.error(f"{args.oxigraph} not found: pip install oxigraph (the version of pyoxigraph)")
    cli = [sys.executable, "-m", "prospectus_kg.cli"]
    from prospectus_kg.folder import STORE_DIR, open_folder
    from prospectus_kg.ontology.namespace import PREFIXES

    with tempfile.TemporaryDirectory() as tmp:
        _ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        folder = args.folder
        if args.quick and folder is None:
            folder = built_seed(Path(tmp) / "seed")
            args.runs, args.memory_runs = 3, 1
        elif folder is None:
            from query_latency import make_graph

            folder = Path(tmp) / "graph"
            make_graph(args.triples, folder)
        # the first use: the persistent store built from the folder's files (timed in a fresh process)
        shutil.rmtree(folder / STORE_DIR, ignore_errors=True)
        first, _ = _timed(cli + ["query", str(folder), QUERY, "--store", "oxigraph", "--format", "csv"], 1)
        disk = open_folder(folder).disk_store(create=False)
        database, triples = disk.path / "oxigraph", disk.triples
        del disk
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
        rows = {
            "oxigraph query (stored database)": _timed(
                [args.oxigraph, "query", "--location", str(database), "--query", prologue + QUERY,
                 "--results-format", "csv"], args.runs),
            "prospectus-kg query --store oxigraph (table)": _timed(
                cli + ["query", str(folder), QUERY, "--store", "oxigraph"], args.runs),
            "prospectus-kg query --store oxigraph --format csv": _timed(
                cli + ["query", str(folder), QUERY, "--store", "oxigraph", "--format", "csv"], args.runs),
            "prospectus-kg query --store oxigraph-memory (as before)": _timed(
                cli + ["query", str(folder), QUERY, "--store", "oxigraph-memory", "--format", "csv"], args.memory_runs),
        }
    base = rows["oxigraph query (stored database)"][0]
    same = rows["prospectus-kg query --store oxigraph --format csv"][1].replace("\r\n", "\n") == \
        rows["oxigraph query (stored database)"][1].replace("\r\n", "\n")
    report = {**machine(), "graph": {"folder": str(args.folder or ("seed" if args.quick else "synthetic")),
                                              "triples": triples},
              "query": QUERY, "runs": args.runs, "first_use_with_store_build_s": round(first, 3),
              "seconds": {name: round(t, 3) for name, (t, _out) in rows.items()},
              "ratio_to_oxigraph": {name: round(t / base, 2) for name, (t, _out) in rows.items()},
              "same_csv_as_oxigraph": same}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        m = report
        print(f"machine: {m['cpu_count']} cores, Python {m['python']}, {m['platform']}")
        print(f"graph: {triples:,} triples; query: {QUERY}")
        print(f"first use (builds .store/, then answers): {first:.2f} s")
        for name, (t, _out) in rows.items():
            print(f"{name:58s} {t:7.3f} s  {t / base:6.2f}x")
        print(f"same CSV as oxigraph query: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
