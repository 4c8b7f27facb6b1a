"""Command-line start-up: ``--help``, a one-filing build and a five-filing batch as fresh processes,
the import time of each module group, and edgartools side by side.

Each command runs ``--runs`` times as a new process (median, min and max wall seconds, and the median
CPU seconds of the process and its workers, which hardly change when other programs compete for the
cores). Figures are those of an installed tool: compiled bytecode and the compiled-pattern cache
(``core/regexcache.py``) are in place, as after a first run (both kept in a temporary folder of the
benchmark; ``PYTHONDONTWRITEBYTECODE`` is ignored for its processes). The row ``first run`` builds the
seed with an empty pattern cache each time, as the first build after an install or a code change.

Rows:

* ``help``: ``prospectus-kg --help``;
* ``one filing``: the seed (``examples/``), as the issue measures it; ``one HTML filing``: the first of
  the five below;
* ``five filings``: five real S-3/424B HTML filings of 170-520 KB from the shared corpus in one build
  (all cores), the batch of the side-by-side bar.

Import time per module group: a fresh process imports the groups in order, third-party libraries
first (so that each group of the project's own shows its own cost), as the build does (the pattern
cache loaded first), and again without the pattern cache (what compiling the patterns costs).

Each command also lists the heavy libraries it imports (``-X importtime``): ``--help`` none, ``build``
at most selectolax (HTML); rdflib, pyoxigraph, the web stack, owlready2, pyvis, networkx, neo4j and
pyshacl belong to the commands that need them.

edgartools (the tool users would pick instead): with ``--edgartools PYTHON`` (an interpreter that has
``edgartools`` installed, in a virtual environment of its own, e.g. ``python -m venv /tmp/et &&
/tmp/et/bin/pip install edgartools==5.62.1``) the same filings are parsed by it
(``edgar.documents.parse_html``, then the text and tables: parsing and extraction, no graph): cold as
a fresh process, and warm per filing in a process that has parsed them once. Without it the figures of
``../shared/research/performance.md`` stand in (edgartools 5.62.1 on this machine's kind: 1.5-1.9 s as
a fresh process, 120-310 ms a filing warm). Targets (issue 20): the one-filing cold build at most
0.08x edgartools' cold time; the five-filing batch, per filing, at most 0.25x edgartools' warm time per
filing::

    .venv/bin/python benchmarks/cli_startup.py
    .venv/bin/python benchmarks/cli_startup.py --edgartools /tmp/et/bin/python
    .venv/bin/python benchmarks/cli_startup.py --quick --json     # smoke test
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine, time_command  # noqa: E402

SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
CORPUS = Path(os.environ.get("PROSPECTUS_KG_CORPUS", ROOT.parent / "shared" / "corpus")) / "edgar"
#: Five real S-3 and 424B filings of 170-520 KB (HTML), as in the edgartools measurement.
FIVE = ("0000950103-25-008153_S-3.html", "0001104659-24-132924_424B4.html", "0001108205-25-000026_424B5.html",
        "0001193125-22-186192_S-3.html", "0001193125-25-012209_S-3.html")
HEAVY = ("owlready2", "pyvis", "networkx", "starlette", "uvicorn", "neo4j", "pyshacl", "jinja2", "httpx",
         "pyoxigraph", "oxrdflib", "selectolax", "rdflib")
#: Heavy libraries a command may import (an HTML filing is parsed with selectolax).
ALLOWED = {"help": set(), "build": {"selectolax"}}
#: edgartools 5.62.1 on this machine's kind (../shared/research/performance.md): seconds.
EDGARTOOLS_DOCUMENTED = {"cold_s": (1.5, 1.9), "warm_per_filing_s": (0.120, 0.310)}
THIRD_PARTY = ("selectolax.lexbor", "sentencex", "dateutil.parser", "tqdm", "rdflib", "oxrdflib", "pyoxigraph",
               "pyshacl", "owlready2", "networkx", "pyvis", "jinja2", "starlette", "uvicorn", "neo4j", "zstandard")

#: Run in a fresh process: import the module groups in order; print {group: [wall s, cpu s, modules]}.
GROUPS_SCRIPT = r"""
import importlib, json, os, pkgutil, sys, time
third_party = sys.argv[1].split(",")
out = {}
def group(name, modules):
    w, c, n = time.perf_counter(), time.process_time(), len(sys.modules)
    for m in modules:
        try:
            importlib.import_module(m)
        except ImportError:
            pass
    out[name] = [time.perf_counter() - w, time.process_time() - c, len(sys.modules) - n]
def package(name):
    p = importlib.import_module(name)
    return [f"{name}.{m.name}" for m in pkgutil.iter_modules(p.__path__)]
group("third-party", third_party)
group("core (cli, api, errors, folder, atomic)", ["prospectus_kg.cli", "prospectus_kg.commands.build",
      "prospectus_kg.api", "prospectus_kg.folder", "prospectus_kg.atomic", "prospectus_kg.regexcache"])
if os.environ.get("PROSPECTUS_KG_CACHE_DIR"):
    w, c = time.perf_counter(), time.process_time()
    from prospectus_kg import regexcache
    regexcache.load()
    out["pattern cache load"] = [time.perf_counter() - w, time.process_time() - c, 0]
for stage in ("ingest", "extract", "build"):
    group(stage, package(f"prospectus_kg.graph.{stage}"))
group("query", package("prospectus_kg.graph.query"))
group("exports", package("prospectus_kg.exports"))
print(json.dumps(out))
"""


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("prospectus-kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "prospectus_kg.cli"]


def _env(work: Path, cache: Path | str) -> dict:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(work / "pycache"), PROSPECTUS_KG_CACHE_DIR=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def heavy_imports(args: list[str], env: dict) -> tuple[list[str], float]:
    """(heavy top-level packages imported, cumulative import seconds) when running the CLI with ``args``."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "prospectus_kg.cli", *args],
                         capture_output=True, text=True, env=env)
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


def import_groups(env: dict, runs: int) -> dict:
    """Median wall and CPU seconds of importing each module group, over ``runs`` fresh processes."""
    samples: dict[str, list] = {}
    for _ in range(runs):
        run = subprocess.run([sys.executable, "-c", GROUPS_SCRIPT, ",".join(THIRD_PARTY)], capture_output=True,
                             text=True, env=env, check=True)
        for name, values in json.loads(run.stdout).items():
            samples.setdefault(name, []).append(values)
    return {name: {"wall_s": round(statistics.median(v[0] for v in values), 4),
                   "cpu_s": round(statistics.median(v[1] for v in values), 4), "modules": values[0][2]}
            for name, values in samples.items()}


EDGAR_SCRIPT = r"""
import json, sys, time
w0, c0 = time.perf_counter(), time.process_time()
import edgar
from edgar.documents import parse_html
imports = [time.perf_counter() - w0, time.process_time() - c0]
def parse(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        doc = parse_html(fh.read())
    return len(doc.text()), len(doc.tables)
warm = sys.argv[1] == "warm"
for path in sys.argv[2:]:
    parse(path)
per = []
if warm:
    for path in sys.argv[2:]:
        w, c = time.perf_counter(), time.process_time()
        parse(path)
        per.append([time.perf_counter() - w, time.process_time() - c])
print(json.dumps({"imports": imports, "per_filing": per, "version": getattr(edgar, "__version__", "?")}))
"""


def edgartools(python: str, files: list[Path], runs: int) -> dict:
    """edgartools on the same filings: cold (fresh processes, one filing and five) and warm per filing."""
    script = [python, "-c", EDGAR_SCRIPT]
    one = time_command(script + ["cold", str(files[0])], runs)
    five = time_command(script + ["cold", *map(str, files)], max(1, runs // 2))
    warm = json.loads(subprocess.run(script + ["warm", *map(str, files)], capture_output=True, text=True,
                                     check=True).stdout)
    return {"version": warm["version"], "cold_one": one, "cold_five": five,
            "imports_s": round(warm["imports"][0], 4),
            "warm_per_filing_s": round(statistics.mean(p[0] for p in warm["per_filing"]), 4),
            "warm_per_filing_cpu_s": round(statistics.mean(p[1] for p in warm["per_filing"]), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="fresh processes per command (default 11)")
    parser.add_argument("--quick", action="store_true", help="3 runs, no import groups (a smoke test)")
    parser.add_argument("--edgartools", metavar="PYTHON", help="an interpreter with edgartools installed: "
                        "measure it side by side on the same filings")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    work = Path(tempfile.mkdtemp(prefix="pkg-startup-"))
    cli = _cli()
    five = [CORPUS / name for name in FIVE]
    have_five = all(p.is_file() for p in five)
    jobs = str(os.cpu_count() or 1)
    try:
        env = _env(work, work / "cache")
        commands = {
            "help": ["--help"],
            "build": ["build", str(SEED), "--out", str(work / "out"), "-q", "--jobs", jobs],
            "first run": ["build", str(SEED), "--out", str(work / "out"), "-q", "--jobs", jobs],
        }
        if have_five:
            commands["one HTML filing"] = ["build", str(five[0]), "--out", str(work / "out"), "-q", "--jobs", jobs]
            commands["five filings"] = ["build", *map(str, five), "--out", str(work / "out"), "-q", "--jobs", jobs]
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        baseline = time_command([sys.executable, "-c", "pass"], runs, env=env)
        subprocess.run(cli + commands["build"], env=env, check=True)           # bytecode and the pattern cache
        if have_five:
            subprocess.run(cli + commands["five filings"], env=env, check=True)
        rows = []
        for name, cmd in commands.items():
            if name == "first run":   # an empty pattern cache every time (bytecode stays)
                timings = [time_command(cli + cmd, 1, env=_env(work, tempfile.mkdtemp(dir=work))) for _ in range(runs)]
                timing = {"runs": runs, **{k: round(statistics.median(t[k] for t in timings), 4)
                                           for k in ("median_s", "cpu_s")},
                          "min_s": min(t["min_s"] for t in timings), "max_s": max(t["max_s"] for t in timings)}
            else:
                timing = time_command(cli + cmd, runs, env=env)
            heavy, import_s = heavy_imports(cmd, env) if name in ALLOWED else ([], None)
            shown = "prospectus-kg " + " ".join(cmd).replace(str(work), "$TMP").replace(str(ROOT) + "/", "")
            if name == "five filings":
                shown = f"prospectus-kg build <{len(five)} filings> --out $TMP/out -q --jobs {jobs}"
            rows.append({"command": shown.replace(str(CORPUS) + "/", ""), "name": name, **timing,
                         "imports_s": import_s, "heavy_imports": heavy,
                         "unexpected_heavy_imports": sorted(set(heavy) - ALLOWED.get(name, set()))})
        groups = None if args.quick else {"with pattern cache": import_groups(env, 5),
                                          "without": import_groups(_env(work, ""), 5)}
        edgar = edgartools(args.edgartools, five, runs) if args.edgartools and have_five else None
        load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"benchmark": "cli_startup", **machine(), "python_startup_median_s": baseline["median_s"],
              "load_average": [load_before, load_after], "rows": rows, "import_groups": groups,
              "edgartools": edgar, "comparison": _comparison(rows, edgar)}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{'command':<78}{'median s':>9}{'min':>7}{'max':>7}{'CPU s':>7}  heavy libraries imported")
    for r in rows:
        print(f"{r['command'][:77]:<78}{r['median_s']:>9.3f}{r['min_s']:>7.3f}{r['max_s']:>7.3f}{r['cpu_s']:>7.3f}  "
              f"{', '.join(r['heavy_imports']) or '-'}")
    print(f"cores: {report['cpu_count']}, python {report['python']} (bare interpreter start "
          f"{baseline['median_s']:.3f} s), median of {runs} fresh processes, load average "
          f"{load_before:.2f} before, {load_after:.2f} after")
    if groups:
        print(f"\n{'import time per module group (fresh process, in order)':<48}{'wall ms':>9}{'CPU ms':>8}"
              f"{'modules':>9}{'no pattern cache: CPU ms':>26}")
        for name, g in groups["with pattern cache"].items():
            other = groups["without"].get(name)
            without = f"{1000 * other['cpu_s']:.1f}" if other else "-"
            print(f"{name:<48}{1000 * g['wall_s']:>9.1f}{1000 * g['cpu_s']:>8.1f}{g['modules']:>9}{without:>26}")
    print()
    for line in _comparison_lines(report["comparison"], edgar):
        print(line)
    return 0


def _comparison(rows: list[dict], edgar: dict | None) -> dict:
    by = {r["name"]: r for r in rows}
    out: dict = {}
    if edgar:
        cold, warm = (edgar["cold_one"]["median_s"],) * 2, (edgar["warm_per_filing_s"],) * 2
        out["edgartools_source"] = f"measured (edgartools {edgar['version']})"
    else:
        cold, warm = EDGARTOOLS_DOCUMENTED["cold_s"], EDGARTOOLS_DOCUMENTED["warm_per_filing_s"]
        out["edgartools_source"] = "documented (../shared/research/performance.md)"
    out["edgartools_cold_s"], out["edgartools_warm_per_filing_s"] = list(cold), list(warm)
    for name in ("build", "one HTML filing"):
        if name in by:
            out[f"{name}: cold / edgartools cold"] = [round(by[name]["median_s"] / c, 3) for c in cold[::-1]]
            out[f"{name}: CPU / edgartools cold"] = [round(by[name]["cpu_s"] / c, 3) for c in cold[::-1]]
    if "five filings" in by:
        per = by["five filings"]["median_s"] / len(FIVE)
        out["five filings: per filing s"] = round(per, 4)
        out["five filings: per filing / edgartools warm per filing"] = [round(per / w, 3) for w in warm[::-1]]
    return out


def _comparison_lines(comparison: dict, edgar: dict | None) -> list[str]:
    lines = [f"edgartools: {comparison['edgartools_source']}"]
    if edgar:
        lines.append(f"  cold, one filing {edgar['cold_one']['median_s']:.3f} s (CPU {edgar['cold_one']['cpu_s']:.3f}); "
                     f"five filings {edgar['cold_five']['median_s']:.3f} s; imports {edgar['imports_s']:.3f} s; "
                     f"warm {1000 * edgar['warm_per_filing_s']:.0f} ms a filing (CPU "
                     f"{1000 * edgar['warm_per_filing_cpu_s']:.0f})")
    for key, value in comparison.items():
        if key.startswith(("build", "one HTML", "five filings")):
            shown = "-".join(f"{v:g}" for v in value) if isinstance(value, list) else f"{value:g}"
            target = (" (target <= 0.08)" if "/ edgartools cold" in key else
                      " (target <= 0.25)" if "/ edgartools warm" in key else "")
            lines.append(f"  {key.replace('build:', 'one filing (the seed):')}: {shown}{target}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
