"""Command-line start-up: ``prospectus-kg --help`` and building the seed, as fresh processes.

Each command runs ``--runs`` times as a new process (the median is reported, with min and max), the
way a user meets it. It also lists which heavy libraries each command imports (``-X importtime``):
``--help`` and ``build`` must import none of owlready2, pyvis, networkx, the web stack (starlette,
uvicorn), neo4j or pyshacl; those belong to the commands that need them.

Targets (issue 8): ``--help`` under 0.3 s; the seed built in under 1 s wall from a cold start::

    .venv/bin/python benchmarks/cli_startup.py
    .venv/bin/python benchmarks/cli_startup.py --runs 3 --json     # smoke test
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine, time_command  # noqa: E402

SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
HEAVY = ("owlready2", "pyvis", "networkx", "starlette", "uvicorn", "neo4j", "pyshacl", "jinja2", "httpx",
         "pyoxigraph", "oxrdflib", "selectolax", "rdflib")
#: Heavy libraries a command may import (build makes triples with rdflib, by design).
ALLOWED = {"help": set(), "build": {"rdflib", "selectolax"}}


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("prospectus-kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "prospectus_kg.cli"]


def heavy_imports(args: list[str]) -> tuple[list[str], float]:
    """(heavy top-level packages imported, cumulative import seconds) when running the CLI with ``args``."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "prospectus_kg.cli", *args],
                         capture_output=True, text=True)
    found, total = set(), 0
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cumulative, raw = line[len("import time:"):].split("|")
        cumulative, name = cumulative.strip(), raw.rstrip()
        if cumulative.isdigit() and name.startswith(" ") and not name.startswith("  "):  # top level
            total += int(cumulative)
        top = name.strip().split(".")[0]
        if top in HEAVY:
            found.add(top)
    return sorted(found), round(total / 1e6, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="fresh processes per command (default 11)")
    parser.add_argument("--quick", action="store_true", help="3 runs (a smoke test)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    work = Path(tempfile.mkdtemp(prefix="pkg-startup-"))
    cli = _cli()
    try:
        rows = []
        commands = {
            "help": ["--help"],
            "build": ["build", str(SEED), "--out", str(work / "seed"), "-q", "--jobs", str(os.cpu_count() or 1)],
        }
        baseline = time_command([sys.executable, "-c", "pass"], runs)
        for name, cmd in commands.items():
            timing = time_command(cli + cmd, runs)
            heavy, import_s = heavy_imports(cmd)
            rows.append({"command": "prospectus-kg " + " ".join(cmd).replace(str(work), "$TMP").replace(str(ROOT) + "/", ""),
                         "name": name, **timing, "imports_s": import_s, "heavy_imports": heavy,
                         "unexpected_heavy_imports": sorted(set(heavy) - ALLOWED[name])})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"benchmark": "cli_startup", **machine(), "python_startup_median_s": baseline["median_s"], "rows": rows}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{'command':<70}{'median s':>9}{'min':>8}{'max':>8}{'imports s':>10}  heavy libraries imported")
        for r in rows:
            print(f"{r['command']:<70}{r['median_s']:>9.3f}{r['min_s']:>8.3f}{r['max_s']:>8.3f}{r['imports_s']:>10.3f}  "
                  f"{', '.join(r['heavy_imports']) or '-'}")
        print(f"cores: {report['cpu_count']}, python {report['python']} (bare interpreter start "
              f"{baseline['median_s']:.3f} s), median of {runs} fresh processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
