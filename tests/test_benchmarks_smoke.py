"""Each benchmark script runs at a small size and prints well-formed figures (issue 8).

Nothing here asserts a time: the machines are shared and noisy. The scripts run as a user would run
them, as fresh processes with ``--quick --json``; the JSON they print is checked for its shape.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


def run_json(script: str, *args: str) -> dict:
    run = subprocess.run([sys.executable, str(BENCHMARKS / script), *args, "--json"], capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["cpu_count"] >= 1 and report["python"]
    return report


def _positive(row: dict, *keys: str) -> None:
    for key in keys:
        assert isinstance(row[key], (int, float)) and row[key] > 0, (key, row)


def test_build_throughput_smoke(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    from synthetic_corpus import generate
    generate(tmp_path / "docs", 3)
    report = run_json("build_throughput.py", str(tmp_path / "docs"), str(SEED), "--quick")
    (row,) = report["rows"]
    assert row["documents"] == row["built"] == 4 and row["failed"] == 0
    _positive(row, "input_mb", "cold_s", "cold_docs_per_s", "cold_mb_per_s", "warm_s", "warm_docs_per_s",
              "warm_mb_per_s", "triples")


def test_synthetic_corpus_smoke():
    report = run_json("synthetic_corpus.py", "--quick", "--jobs", "2")
    assert [r["n"] for r in report["runs"]] == [5, 10]
    for row in report["runs"]:
        assert row["documents"] == row["n"]
        _positive(row, "seconds", "documents_per_s", "mb_per_s", "peak_rss_mib", "facts", "triples")
    (e,) = report["exponents"]
    assert (e["from"], e["to"]) == (5, 10) and isinstance(e["exponent"], float)


def test_synthetic_documents_are_extracted(tmp_path):
    """The generator's prospectuses hold what the extractors look for, in text and in HTML."""
    sys.path.insert(0, str(BENCHMARKS))
    from collections import Counter
    from synthetic_corpus import generate
    from prospectus_kg.graph.extract import extract
    from prospectus_kg.graph.ingest.load import load_document
    paths = generate(tmp_path, 6)
    assert {p.suffix for p in paths} == {".txt", ".htm"}
    for path in paths:
        kinds = Counter(f.predicate for f in extract(load_document(path)))
        for predicate in ("issuer", "distributionMethod", "incorporatesByReference", "auditorOf", "legalCounsel",
                          "tickerSymbol"):
            assert kinds[predicate] >= 1, (path.name, predicate, kinds)
    assert generate(tmp_path / "again", 6)[0].read_bytes() == paths[0].read_bytes()   # deterministic


def test_query_latency_smoke():
    report = run_json("query_latency.py", "--quick")
    (result,) = report["results"]
    assert result["triples"] > 1000
    stores = result["stores"]
    assert set(stores) == {"pyoxigraph", "oxigraph-memory", "oxigraph", "memory"}
    names = set(stores["oxigraph"]["queries"])
    assert names and all(set(s["queries"]) == names for s in stores.values())
    for store in stores.values():
        for q in store["queries"].values():
            assert q["runs"] >= 1 and q["p99_ms"] >= q["p50_ms"] > 0
    assert set(result["ratios"]) == names


def test_cold_query_smoke():
    report = run_json("cold_query.py", "--quick")
    assert report["graph"]["triples"] > 1000 and report["same_csv_as_oxigraph"] is True
    assert len(report["seconds"]) == 4 and all(t > 0 for t in report["seconds"].values())
    assert report["first_use_with_store_build_s"] > 0


def test_endpoint_vs_oxigraph_smoke():
    report = run_json("endpoint_vs_oxigraph.py", "--quick")
    assert set(report["loads"]) == {"cheap", "medium"}
    for by_server in report["loads"].values():
        assert set(by_server) == {"prospectus-kg", "oxigraph"}
        for row in by_server.values():
            assert row["statuses"] == {"200": 60} and row["p99_ms"] >= row["p50_ms"] > 0
    assert report["ratio"]["cheap"] > 0 and report["rss_mib"]["prospectus-kg"] > 0 and report["rss_mib"]["oxigraph"] > 0


def test_cli_startup_smoke():
    report = run_json("cli_startup.py", "--quick")
    rows = {r["name"]: r for r in report["rows"]}
    assert {"help", "build", "first run"} <= set(rows) <= {"help", "build", "first run", "one HTML filing",
                                                          "five filings"}
    for row in rows.values():
        _positive(row, "median_s", "min_s", "max_s", "cpu_s")
        assert row["unexpected_heavy_imports"] == [], row
    comparison = report["comparison"]
    assert comparison["edgartools_source"].startswith("documented") and comparison["build: CPU / edgartools cold"]


def test_build_phases_smoke():
    report = run_json("build_phases.py", "--quick")
    assert report["documents"] == 1 and report["triples"] > 1000 and report["cpu_count"] >= 1
    _positive(report, "seconds", "read_and_extract_s", "write_graph_s")
    assert report["read_and_extract_s"] + report["write_graph_s"] <= report["seconds"]
    merge = run_json("build_phases.py", "--quick", "--merge-only")
    assert merge["lines"] > 100 and merge["blocks_nt"] == merge["blocks_ttl"] > 10 and merge["spilled_runs"] == 0
    for key in ("merge_lines_s", "merge_blocks_nt_s", "merge_blocks_ttl_s"):   # the seed's: may round to 0
        assert isinstance(merge[key], float) and merge[key] >= 0, (key, merge)


def test_file_writes_smoke():
    report = run_json("file_writes.py", "--quick")
    rows = report["rows"]
    assert {r["write_bytes"] for r in rows} >= {8192, 65536, 1 << 20}
    for row in rows:
        assert row["megabytes"] == 16 and row["wall_s_median"] >= 0 and row["system_s_median"] >= 0


def test_input_scaling_smoke():
    """Issue 17: the exponents of one document's time in its selling-table rows, table nesting and line length."""
    report = run_json("input_scaling.py", "--quick")
    assert set(report["dimensions"]) == {"rows", "nesting", "line"}
    for entry in report["dimensions"].values():
        assert [r["size"] for r in entry["runs"]] and all(r["facts"] > 0 for r in entry["runs"])
        (step,) = entry["exponents"]
        assert isinstance(step["exponent"], float) and isinstance(entry["slope"], float)


def test_validate_scale_smoke():
    report = run_json("validate_scale.py", "--quick", "--no-owl")
    (row,) = report["rows"]
    assert row["exit"] == 0 and row["verdict"] == "conforms" and row["triples"] > 1000
    _positive(row, "seconds", "peak_rss_mib", "shacl_s")


@pytest.mark.integration
@pytest.mark.slow
def test_neo4j_load_smoke():
    sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))
    from server import missing
    if missing():
        pytest.skip(missing())
    report = run_json("neo4j_load.py", "--quick")
    (row,) = report["rows"]
    assert row["graph"] == "seed" and row["nodes"] > 0 and row["relationships"] > 0
    for kind in ("bolt_cold", "bolt_warm", "bolt_rerun", "csv_tool", "csv_wall"):
        _positive(row, f"{kind}_s", f"{kind}_nodes_per_s", f"{kind}_rels_per_s")
