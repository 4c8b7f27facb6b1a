"""Where a large build spends its time: reading and extracting the documents, then writing the graph.

Builds a folder in this process (``prospectus_kg.graph.build.pipeline.build``) and times the two phases by
wrapping ``graph.pipeline._write_graph``: everything before it (workers ingesting and extracting, the
main process resolving and collecting lines, spilling sorted runs), and the final sorted merge and
write of graph.ttl (and graph.nt). The first runs on every core; the second is the serial tail (two
processes at most), so if anything made the build grow faster than its documents, it would show
there first::

    .venv/bin/python benchmarks/synthetic_corpus.py --generate-only /tmp/s10k --sizes 10000
    .venv/bin/python benchmarks/build_phases.py /tmp/s10k
    .venv/bin/python benchmarks/build_phases.py /tmp/s10k --merge-only   # time the sorted merge alone
    .venv/bin/python benchmarks/build_phases.py /tmp/s10k --no-release   # graph files written without fadvise
    .venv/bin/python benchmarks/build_phases.py --quick --json      # smoke test (the seed)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine  # noqa: E402

SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


def measure(inputs: list[Path], jobs: int, merge_only: bool = False, release: bool = True) -> dict:
    import prospectus_kg.graph.build.ntwriter as ntwriter
    import prospectus_kg.graph.build.pipeline as pipeline

    marks: dict[str, float] = {}
    merge: dict = {}
    original = pipeline._write_graph

    def merge_alone(sink, *_args, **_kwargs) -> int:
        """Instead of writing the graph: merge the sink's sorted lines, then its sorted blocks as the
        graph.nt writer reads them (their N-Triples) and as the graph.ttl writer does (their Turtle)."""
        sink.shared = True           # the runs are read twice
        unspilled = list(sink._blocks)
        runs, timings = sink.spilled_runs, {}
        for name, batches in (("lines", sink.line_batches), ("blocks_nt", lambda: sink.block_batches("nt")),
                              ("blocks_ttl", lambda: sink.block_batches("ttl"))):
            sink._blocks = list(unspilled)
            started = time.perf_counter()
            merge[name] = sum(map(len, batches()))
            timings[f"merge_{name}_s"] = round(time.perf_counter() - started, 3)
        merge.update(spilled_runs=runs, **timings)
        return 0

    inner = merge_alone if merge_only else original

    def timed(*args, **kwargs):
        marks["write_start"] = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            marks["write_end"] = time.perf_counter()

    pipeline._write_graph = timed
    fadvise = ntwriter._FADVISE
    if not release:
        ntwriter._FADVISE = None
    out = Path(tempfile.mkdtemp(prefix="pkg-phases-")) / "graph"
    try:
        started, cpu = time.perf_counter(), time.process_time()
        summary = pipeline.build([str(p) for p in inputs], out, jobs=jobs)
        total = time.perf_counter() - started
        return {"documents": summary.documents, "triples": summary.triples, "seconds": round(total, 3),
                "read_and_extract_s": round(marks["write_start"] - started, 3),
                "write_graph_s": round(marks["write_end"] - marks["write_start"], 3),
                "main_process_cpu_s": round(time.process_time() - cpu, 2), "jobs": jobs, **merge}
    finally:
        pipeline._write_graph = original
        ntwriter._FADVISE = fadvise
        shutil.rmtree(out.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path, help="files or folders to build")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--quick", action="store_true", help="build the seed (a smoke test)")
    parser.add_argument("--merge-only", action="store_true", help="instead of writing the graph, time the sorted "
                        "merge of its lines and of its assertion blocks (the output folder is then incomplete)")
    parser.add_argument("--no-release", action="store_true", help="write the graph files without handing their "
                        "pages to the disk as they grow (to compare; see graph/build/ntwriter.py _Output)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    inputs = [SEED] if args.quick or not args.inputs else args.inputs
    result = {"benchmark": "build_phases", **machine(),
              **measure(inputs, args.jobs, args.merge_only, release=not args.no_release)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['documents']:,} documents, {result['triples']:,} triples in {result['seconds']} s: "
              f"reading and extracting {result['read_and_extract_s']} s, writing the graph "
              f"{result['write_graph_s']} s; main process CPU {result['main_process_cpu_s']} s "
              f"(cores: {result['cpu_count']}, jobs: {result['jobs']})")
        if args.merge_only:
            print(f"merge only: {result['lines']:,} lines in {result['merge_lines_s']} s, {result['blocks_nt']:,} "
                  f"assertion blocks in {result['merge_blocks_nt_s']} s (their N-Triples) and "
                  f"{result['merge_blocks_ttl_s']} s (their Turtle), from {result['spilled_runs']} spilled runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
