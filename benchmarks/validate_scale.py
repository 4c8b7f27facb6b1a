"""How ``prospectus-kg validate`` scales: time and memory at 20k, 100k and 500k triples.

Builds synthetic corpora (``synthetic_corpus.generate``: about 1,700 triples a prospectus) to the
triple counts asked for, then runs ``prospectus-kg validate`` on each as a fresh process, sampling
the peak memory of its process tree (the reasoner's Java included) from /proc::

    .venv/bin/python benchmarks/validate_scale.py                          # 20k, 100k, 500k triples
    .venv/bin/python benchmarks/validate_scale.py --triples 500000 --engine pyshacl --timeout 1800
    .venv/bin/python benchmarks/validate_scale.py --quick --json           # a smoke test

It prints one row per size (or one JSON object with ``--json``), always with the core count: the
wall time of the whole command, each check's own seconds (from the JSON report), the peak memory and
the verdict. The SHACL engine is ``--engine`` (``fast`` by default, or ``pyshacl``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine, peak_rss_of_command  # noqa: E402
from synthetic_corpus import generate  # noqa: E402

TRIPLES_PER_DOCUMENT = 1690   # measured on the synthetic corpus (16.6 M triples for 10,000 documents)


def cli() -> list[str]:
    return [sys.executable, "-m", "prospectus_kg.cli"]


def build(work: Path, target: int, jobs: int) -> tuple[Path, int, int]:
    documents = max(1, math.ceil(target / TRIPLES_PER_DOCUMENT))
    corpus, out = work / f"corpus-{documents}", work / f"graph-{documents}"
    if not (out / "graph.ttl").is_file():
        generate(corpus, documents)
        subprocess.run([*cli(), "build", str(corpus), "--out", str(out), "-q", "-j", str(jobs)], check=True)
    import pyoxigraph as ox

    with open(out / "graph.ttl", "rb") as handle:
        triples = sum(1 for _ in ox.parse(handle, format=ox.RdfFormat.TURTLE))
    return out, documents, triples


def measure(folder: Path, engine: str, timeout: float, no_owl: bool) -> dict:
    report_file = folder.parent / f"{folder.name}.validate.json"
    command = ["timeout", str(int(timeout)), *cli(), "validate", str(folder), "--format", "json",
               "--shacl-engine", engine, "--output", str(report_file)] + (["--no-owl"] if no_owl else [])
    report_file.unlink(missing_ok=True)
    wall, peak, code = peak_rss_of_command(command)
    row = {"seconds": round(wall, 2), "peak_rss_mib": round(peak, 1), "exit": code}
    if code == 124:
        row["verdict"] = f"not finished in {timeout:g} s"
        return row
    report = json.loads(report_file.read_text(encoding="utf-8"))
    row["verdict"] = "conforms" if report["conforms"] else f"{len(report['problems'])} problem(s)"
    for name, check in report["checks"].items():
        row[f"{name}_s"] = round(check["seconds"], 2) if check["ran"] else None
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[20_000, 100_000, 500_000],
                        help="graph sizes to measure (default 20000 100000 500000)")
    parser.add_argument("--engine", choices=("fast", "pyshacl"), default="fast")
    parser.add_argument("--no-owl", action="store_true", help="leave out the OWL check (HermiT)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is stopped (default 900)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="build workers")
    parser.add_argument("--work", metavar="DIR", help="keep corpora and graphs here (reused when present)")
    parser.add_argument("--quick", action="store_true", help="one graph of about 2,000 triples (a smoke test)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    sizes = [2000] if args.quick else args.triples
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="validate-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for target in sizes:
            folder, documents, triples = build(work, target, args.jobs)
            row = {"target": target, "documents": documents, "triples": triples, "engine": args.engine}
            row.update(measure(folder, args.engine, args.timeout, args.no_owl))
            rows.append(row)
            if not args.json:
                print(f"{triples:>9,} triples ({documents} documents): {row['seconds']:7.2f} s, "
                      f"peak {row['peak_rss_mib']:7.1f} MiB, shacl {row.get('shacl_s')} s, owl {row.get('owl_s')} s, "
                      f"provenance {row.get('provenance_s')} s: {row['verdict']}", flush=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    report = {**machine(), "engine": args.engine, "rows": rows}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['cpu_count']} cores, Python {report['python']}, SHACL engine {args.engine}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
