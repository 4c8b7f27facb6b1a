"""Load rates of the Neo4j export into the test Neo4j (tests/neo4j_server: embedded Neo4j 5.26 with a
Bolt connector, jars fetched by ``tests/neo4j_server/fetch.sh``): by Bolt (``export neo4j --uri``, the
same statements as import.cypher, one transaction per batch) and by CSV (``neo4j-admin database import
full`` with the export README's command, into a new database).

For each graph folder (default: the seed and the development corpus, built into a temporary folder),
prints nodes and relationships per second:

* Bolt, cold: into an empty database just after the server started (every statement is planned once);
  the statements are made once before (the mapping from RDF is not timed), then sent as the CLI does;
* Bolt, warm: the same load again into a wiped database (plans cached), best of ``--repeat``;
* Bolt, rerun: the same load onto the loaded database (every MERGE matches: nothing is written);
* CSV: the import tool's own time ("IMPORT DONE in ...") and the wall time of the command (a JVM start).

Nothing is asserted; the machine's core count is printed with the figures.

    .venv/bin/python benchmarks/neo4j_load.py                      # seed and corpus
    .venv/bin/python benchmarks/neo4j_load.py /tmp/corpus --batch-size 5000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))

from _measure import machine  # noqa: E402
from server import Neo4jServer, admin, missing  # noqa: E402

SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "edgar"


def build_defaults(tmp: Path) -> list[Path]:
    from prospectus_kg.graph.build.pipeline import build

    folders = [tmp / "seed"]
    build([SEED], folders[0], jobs=1)
    if CORPUS.is_dir():
        folders.append(tmp / "corpus")
        build([CORPUS, SEED], folders[1], jobs=2)
    return folders


def wipe(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS").consume()
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
        driver.execute_query(f"DROP CONSTRAINT `{record['name']}`")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bolt_load(stmts: list, server: Neo4jServer) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the server, CPU seconds of this client) of one load of the
    statements (the mapping from RDF is done once, before, and not counted)."""
    from prospectus_kg.exports.neo4j_bolt import load

    server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
    summary = load(stmts, uri=server.uri, user="neo4j", password=server.password)
    return summary.seconds, cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu


def measure(folder: Path, tmp: Path, batch_size: int, repeat: int) -> dict:
    from prospectus_kg.exports import neo4j

    pg = neo4j.load_property_graph(folder)
    nodes, rels = len(pg.nodes), len(pg.relationships)
    stmts = neo4j.statements(pg, batch_size)
    row: dict = {"graph": folder.name, "nodes": nodes, "relationships": rels, "batch_size": batch_size,
                 "statements": len(stmts)}
    with Neo4jServer(tmp / f"bolt-{folder.name}") as server, server.driver() as driver:
        for kind in ("bolt_cold", "bolt_rerun"):
            row[f"{kind}_s"], row[f"{kind}_server_cpu_s"], row[f"{kind}_client_cpu_s"] = bolt_load(stmts, server)
        warm = []
        for _ in range(repeat):
            wipe(driver)
            warm.append(bolt_load(stmts, server))
        row["bolt_warm_s"], row["bolt_warm_server_cpu_s"], row["bolt_warm_client_cpu_s"] = min(warm)
    out = tmp / f"files-{folder.name}"
    neo4j.write(folder, out)
    readme = (out / "README.md").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(neo4j-admin database import full.*?)\n```", readme, re.S)[1].split("\ncypher-shell")[0]
    import shlex

    args = shlex.split(command.replace("\\\n", " "))[1:]
    started = time.perf_counter()
    done = admin(tmp / f"csv-{folder.name}", *args, cwd=out)
    row["csv_wall_s"] = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"neo4j-admin import failed: {done.stderr[-2000:] or done.stdout[-2000:]}")
    row["csv_tool_s"] = _import_seconds(done.stdout)
    for kind in ("bolt_cold", "bolt_warm", "bolt_rerun", "csv_tool", "csv_wall"):
        seconds = row[f"{kind}_s"]
        row[f"{kind}_nodes_per_s"] = round(nodes / seconds, 1)
        row[f"{kind}_rels_per_s"] = round(rels / seconds, 1)
    return row


def _import_seconds(stdout: str) -> float:
    """``IMPORT DONE in 11s 575ms.`` (or ``1m 2s 3ms``) -> seconds."""
    match = re.search(r"IMPORT DONE in ([^.]+)\.", stdout)
    if not match:
        raise SystemExit("neo4j-admin printed no IMPORT DONE line")
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|h|m|s)\b", match[1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="graph folders (default: seed and corpus, built)")
    parser.add_argument("--batch-size", type=int, default=1000, help="rows per statement (default 1000)")
    parser.add_argument("--repeat", type=int, default=2, help="warm Bolt loads, best kept (default 2)")
    parser.add_argument("--quick", action="store_true", help="the seed only, one warm load")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    reason = missing()
    if reason:
        raise SystemExit(reason)
    with tempfile.TemporaryDirectory(prefix="neo4j-bench-") as tmp_name:
        tmp = Path(tmp_name)
        folders = args.folders or build_defaults(tmp)
        if args.quick:
            folders, args.repeat = folders[:1], 1
        rows = [measure(folder, tmp, args.batch_size, args.repeat) for folder in folders]
    report = {**machine(), "load_average": os.getloadavg()[0], "neo4j": "5.26.30 (embedded, tests/neo4j_server)", "rows": rows}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['cpu_count']} cores, Python {report['python']}, Neo4j {report['neo4j']}")
    print(f"load average {os.getloadavg()[0]:.1f}; CPU: the server's and the client's CPU seconds of the load")
    print(f"{'graph':<10} {'nodes':>6} {'rels':>6} {'how':<11} {'seconds':>8} {'nodes/s':>9} {'rels/s':>9} {'CPU':>12}")
    for row in rows:
        for kind, label in (("bolt_cold", "Bolt cold"), ("bolt_warm", "Bolt warm"), ("bolt_rerun", "Bolt rerun"),
                            ("csv_tool", "CSV import"), ("csv_wall", "CSV + JVM")):
            cpu = (f"{row[kind + '_server_cpu_s']:.1f} + {row[kind + '_client_cpu_s']:.1f}"
                   if kind + "_server_cpu_s" in row else "")
            print(f"{row['graph']:<10} {row['nodes']:>6} {row['relationships']:>6} {label:<11} "
                  f"{row[kind + '_s']:>8.2f} {row[kind + '_nodes_per_s']:>9.0f} {row[kind + '_rels_per_s']:>9.0f} "
                  f"{cpu:>12}")


if __name__ == "__main__":
    main()
