"""How the time to read and extract ONE document grows with its shape (issue 17): the scaling exponents.

Three synthetic inputs, each doubled in one dimension while everything else stays put:

* ``rows``: an HTML prospectus whose selling-stockholder table has N rows (each with a footnote marker,
  the footnotes below the table);
* ``nesting``: an HTML prospectus whose selling-stockholder section holds a table nested N deep;
* ``line``: a plain-text prospectus whose selling-stockholder section is one line of N KB (no newline).

For each size it times ``load_document`` + ``extract`` in this process (the work of one build worker on
the document; best of ``--repeat``), then prints the exponent between consecutive sizes,
``log2(t(2N) / t(N))`` (1.0 is linear, 2.0 quadratic), the least-squares slope over all sizes, and the
core count. A dimension stops doubling once one measurement passes ``--budget`` seconds. With
``--profile`` it prints where the time of the largest size of each dimension goes (cProfile, top
functions by cumulative and own time)::

    .venv/bin/python benchmarks/input_scaling.py                      # the default sizes
    .venv/bin/python benchmarks/input_scaling.py --only nesting --profile
    .venv/bin/python benchmarks/input_scaling.py --quick --json        # smoke test
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine  # noqa: E402

HEAD = """<html><body>
<p>PROSPECTUS</p><p>Example Holdings, Inc.</p>
<p>This prospectus relates to the resale of up to 1,000,000 shares of common stock of Example Holdings, Inc.
by the selling stockholders named herein.</p>
<p><b>SELLING STOCKHOLDERS</b></p>
<p>The following table sets forth information regarding the selling stockholders.</p>
"""
TAIL = """<p><b>PLAN OF DISTRIBUTION</b></p>
<p>The selling stockholders may sell the shares through Morgan Stanley &amp; Co. LLC in ordinary brokerage
transactions.</p>
<p><b>LEGAL MATTERS</b></p><p>The validity of the shares will be passed upon by Smith &amp; Jones LLP.</p>
</body></html>
"""


def selling_rows(n: int) -> str:
    """An HTML prospectus with a selling-stockholder table of ``n`` rows and a footnote per row."""
    rows = [f"<tr><td>Investor Fund {i} LP<sup>({i % 50 + 1})</sup></td><td>{1000 + i:,}</td>"
            f"<td>{500 + i:,}</td><td>{500:,}</td><td>*</td></tr>" for i in range(n)]
    notes = [f"<p>({k}) Investor Manager {k} LLC is the general partner of the fund and may be deemed an "
             f"affiliate of Example Broker {k} Inc.</p>" for k in range(1, 51)]
    return (HEAD + "<table><tr><th>Name</th><th>Shares owned before</th><th>Shares offered</th>"
            "<th>Shares owned after</th><th>Percent</th></tr>\n" + "\n".join(rows) + "</table>\n"
            + "\n".join(notes) + TAIL)


def nested_tables(depth: int) -> str:
    """An HTML prospectus whose selling-stockholder section holds a table nested ``depth`` deep."""
    inner = "<tr><td>Alpha Partners LP</td><td>1,000</td><td>500</td></tr>"
    opening = "<table><tr><td>" * depth
    closing = "</td></tr></table>" * depth
    return HEAD + opening + "<table>" + inner + "</table>" + closing + TAIL


def long_line(kib: int) -> str:
    """A plain-text prospectus whose selling-stockholder section is one line of ``kib`` KiB."""
    sentence = ("Alpha Capital Partners LP, an affiliate of Beta Securities LLC, is offering 1,000 shares of "
                "common stock; ")
    line = (sentence * (kib * 1024 // len(sentence) + 1))[: kib * 1024]
    return ("PROSPECTUS\n\nExample Holdings, Inc.\n\nSELLING STOCKHOLDERS\n\n" + line
            + "\n\nPLAN OF DISTRIBUTION\n\nThe selling stockholders may sell through brokers.\n\n"
            "LEGAL MATTERS\n\nThe validity of the shares will be passed upon by Smith & Jones LLP.\n")


DIMENSIONS = {
    # name: (generator, suffix, default sizes, quick sizes, unit)
    "rows": (selling_rows, ".html", [250, 500, 1000, 2000, 4000], [20, 40], "rows"),
    "nesting": (nested_tables, ".html", [25, 50, 100, 200, 400], [4, 8], "levels"),
    "line": (long_line, ".txt", [128, 256, 512, 1024, 2048], [4, 8], "KiB"),
}


def work(path: Path) -> int:
    """Read and extract one document, as a build worker does; the number of facts."""
    from prospectus_kg.graph.extract import extract
    from prospectus_kg.graph.ingest.load import load_document

    return len(extract(load_document(path)))


def measure(path: Path, repeat: int) -> tuple[float, int]:
    best, facts = math.inf, 0
    for _ in range(repeat):
        start = time.perf_counter()
        facts = work(path)
        best = min(best, time.perf_counter() - start)
    return best, facts


def profile(path: Path, top: int = 12) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    work(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return "\n".join(line for line in out.getvalue().splitlines() if line.strip())


def slope(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log t against log N."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _t in points]
    ys = [math.log(max(t, 1e-9)) for _n, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(DIMENSIONS), action="append", help="measure only these")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per size (default 3)")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="stop doubling a dimension once one run takes longer (seconds, default 30)")
    parser.add_argument("--quick", action="store_true", help="two tiny sizes per dimension (smoke test)")
    parser.add_argument("--profile", action="store_true", help="profile the largest size of each dimension")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report = {**machine(), "dimensions": {}}
    with tempfile.TemporaryDirectory(prefix="input-scaling-") as tmp:
        for name, (make, suffix, _sizes, quick, _unit) in DIMENSIONS.items():   # warm up: imports, compiled patterns
            warm = Path(tmp, f"warm-{name}{suffix}")
            warm.write_text(make(quick[0]), encoding="utf-8")
            work(warm)
        for name in args.only or list(DIMENSIONS):
            make, suffix, sizes, quick, unit = DIMENSIONS[name]
            points, rows = [], []
            for size in (quick if args.quick else sizes):
                path = Path(tmp, f"{name}-{size}{suffix}")
                path.write_text(make(size), encoding="utf-8")
                seconds, facts = measure(path, 1 if args.quick else args.repeat)
                points.append((size, seconds))
                rows.append({"size": size, "bytes": path.stat().st_size, "seconds": round(seconds, 4),
                             "facts": facts})
                if not args.json:
                    print(f"{name:8} {size:>6} {unit:6} {path.stat().st_size / 1024:9.0f} KiB  {seconds:9.3f} s  "
                          f"{facts:6} facts", file=sys.stderr, flush=True)
                if seconds > args.budget:
                    break
            steps = [{"from": a, "to": b, "exponent": round(math.log2(tb / ta) / math.log2(b / a), 3)}
                     for (a, ta), (b, tb) in zip(points, points[1:]) if ta > 0]
            fitted = slope(points)
            entry = {"unit": unit, "runs": rows, "exponents": steps,
                     "slope": round(fitted, 3) if fitted is not None else None}
            if args.profile and points:
                entry["profile"] = profile(Path(tmp, f"{name}-{points[-1][0]}{suffix}"))
            report["dimensions"][name] = entry
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"cores: {report['cpu_count']}  python {report['python']}")
    print(f"{'dimension':10} {'exponents per doubling':40} {'slope':>6}  (1.0 linear; the target is <= 1.1)")
    for name, entry in report["dimensions"].items():
        steps = " ".join(f"{s['exponent']:.2f}" for s in entry["exponents"])
        flag = "" if entry["slope"] is None or max([s["exponent"] for s in entry["exponents"]] or [0]) <= 1.1 \
            else "  > 1.1"
        print(f"{name:10} {steps:40} {entry['slope'] if entry['slope'] is not None else '-':>6}{flag}")
        if "profile" in entry:
            print(f"\n--- profile: {name} at {entry['runs'][-1]['size']} {entry['unit']} ---\n{entry['profile']}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
