"""Build throughput on real prospectuses: MB/s and documents/s, cold and warm.

*Cold* is ``prospectus-kg build`` as a fresh process (interpreter start, imports, worker start-up,
extraction, writing the folder), the median of ``--runs``. *Warm* calls
``prospectus_kg.graph.build.pipeline.build`` again in a process that has built once already (imports
done; each build still starts its own workers). To measure a steady rate rather than start-up, each
document is built ``--repeat`` times (copies under distinct names, so a build of the corpus folder
with ``--repeat 10`` is 10x the documents).

Two sets by default: every corpus document, and the typical HTML prospectuses of 300-500 KB (the
issue's target: >= 40 per second on 2 cores)::

    .venv/bin/python benchmarks/build_throughput.py                    # ../shared/corpus/edgar + the seed
    .venv/bin/python benchmarks/build_throughput.py path/to/folder     # any folder of filings
    .venv/bin/python benchmarks/build_throughput.py --quick --json     # smoke test
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine, time_command  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("PROSPECTUS_KG_CORPUS", ROOT.parent / "shared" / "corpus")) / "edgar"
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
SUFFIXES = {".txt", ".htm", ".html", ".xhtml", ".sgml", ".nc", ".text"}


def inputs_of(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
    return files


def stage(files: list[Path], folder: Path, repeat: int) -> Path:
    """A folder holding ``repeat`` copies (hard links where possible) of each file."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(repeat):
        for f in files:
            target = folder / f"copy{k:03d}-{f.name}"
            try:
                os.link(f, target)
            except OSError:
                shutil.copyfile(f, target)
    return folder


def measure(name: str, files: list[Path], work: Path, repeat: int, runs: int, jobs: int) -> dict:
    folder = stage(files, work / f"in-{name}", repeat)
    documents = len(files) * repeat
    size = sum(f.stat().st_size for f in files) * repeat
    out = work / f"out-{name}"
    cold = time_command([sys.executable, "-m", "prospectus_kg.cli", "build", str(folder), "--out", str(out), "-q",
                         "--jobs", str(jobs)], runs)
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    from prospectus_kg.graph.build.pipeline import build
    build([folder], out, jobs=jobs)          # warm-up: imports, caches
    times, main_cpu, worker_cpu = [], [], []
    for _ in range(runs):
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        build([folder], out, jobs=jobs)
        times.append(time.perf_counter() - started)
        own2, children2 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        main_cpu.append(own2.ru_utime + own2.ru_stime - own.ru_utime - own.ru_stime)
        worker_cpu.append(children2.ru_utime + children2.ru_stime - children.ru_utime - children.ru_stime)
    warm = statistics.median(times)
    row = {"set": name, "documents": documents, "built": report["counts"]["documents"],
           "failed": len(report["failed"]), "triples": report["counts"]["triples"], "input_mb": round(size / 1e6, 2),
           "cold_s": cold["median_s"], "cold_docs_per_s": round(documents / cold["median_s"], 1),
           "cold_mb_per_s": round(size / 1e6 / cold["median_s"], 2), "cold_cpu_s": cold["cpu_s"],
           "cpu_ms_per_doc": round(cold["cpu_s"] / documents * 1000, 1),
           # the rate the cores could sustain if nothing else ran: cores / CPU seconds per document
           "cpu_bound_docs_per_s": round((os.cpu_count() or 1) * documents / max(cold["cpu_s"], 1e-9), 1),
           "warm_s": round(warm, 4),
           # where the CPU goes in a warm build: the main process (merging, writing the graph: serial)
           # and the worker processes (reading, extracting, making each document's lines: parallel)
           "warm_main_cpu_ms_per_doc": round(statistics.median(main_cpu) / documents * 1000, 1),
           "warm_worker_cpu_ms_per_doc": round(statistics.median(worker_cpu) / documents * 1000, 1),
           "warm_docs_per_s": round(documents / warm, 1), "warm_mb_per_s": round(size / 1e6 / warm, 2)}
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path, help="files or folders (default: the shared corpus and "
                        "the seed)")
    parser.add_argument("--repeat", type=int, default=10, help="copies of each document per build (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement; the median is reported")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--quick", action="store_true", help="one copy, one run (a smoke test)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.runs = 1, 1
    if args.inputs:
        sets = {"given": inputs_of(args.inputs)}
    else:
        corpus = inputs_of([DEFAULT_CORPUS]) if DEFAULT_CORPUS.is_dir() else []
        sets = {"corpus+seed": corpus + [SEED]}
        typical = [f for f in corpus if f.suffix.lower() in (".htm", ".html") and 300_000 <= f.stat().st_size <= 520_000]
        if typical:
            sets["html-300-500KB"] = typical
    sets = {k: v for k, v in sets.items() if v}
    if not sets:
        raise SystemExit("no input documents")
    work = Path(tempfile.mkdtemp(prefix="pkg-throughput-"))
    load_before = os.getloadavg()
    rows = []
    try:
        for name, files in sets.items():
            rows.append(measure(name, files, work, args.repeat, args.runs, args.jobs))
            if not args.json:
                r = rows[-1]
                print(f"{r['set']:<16} {r['documents']:>5} docs {r['input_mb']:>7.1f} MB | cold {r['cold_s']:7.2f} s "
                      f"{r['cold_docs_per_s']:6.1f} docs/s {r['cold_mb_per_s']:6.2f} MB/s | warm {r['warm_s']:7.2f} s "
                      f"{r['warm_docs_per_s']:6.1f} docs/s {r['warm_mb_per_s']:6.2f} MB/s | CPU {r['cpu_ms_per_doc']:.1f} "
                      f"ms/doc -> {r['cpu_bound_docs_per_s']:.1f} docs/s on idle cores (warm: main "
                      f"{r['warm_main_cpu_ms_per_doc']:.1f}, workers {r['warm_worker_cpu_ms_per_doc']:.1f} ms/doc)",
                      flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # the machine is shared: the load average says how much else ran (more than 0 on 2 cores slows builds)
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    report = {"benchmark": "build_throughput", **machine(), "jobs": args.jobs, "repeat": args.repeat,
              "runs": args.runs, "load_average_1_5_15_min": load, "rows": rows}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"cores: {report['cpu_count']}, jobs: {args.jobs}, python {report['python']}, median of {args.runs} "
              f"run(s), each document x{args.repeat}; load average before {load['before'][0]}, after "
              f"{load['after'][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
