"""The Neo4j export loaded into a real Neo4j 5 server and read back through the official driver.

The server is test tooling (tests/neo4j_server/: embedded Neo4j with a Bolt connector on a free
loopback port, jars from Maven Central, data in a temporary folder, stopped by PID). Against it:

* ``import.cypher`` run statement by statement (as cypher-shell does) for the seed, the development
  corpus and the hostile-names graph: every node, label, property value (with its type) and
  relationship read back equals graph.ttl, and Neo4j itself finds each quote at ``start``/``end`` in
  the document text; running it again changes nothing;
* the Bolt loader (``export neo4j --uri``, the real command): the same graph; a second run creates
  nothing; interrupted (Ctrl-C) and run again, it ends complete; a wrong password and a server
  that goes away mid-load give exit 6, and the batches it says were committed are exactly those in
  the database after a restart;
* the neo4j-admin CSV files, imported by ``neo4j-admin database import full`` with the command of the
  export's README, then served: the same graph.

No fakes: every check reads what the server holds.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j_support import (HOSTILE_ALIASES, HOSTILE_NAME, HOSTILE_SECTION, HOSTILE_SHARES, check_against_graph,
                           hostile_folder)

from prospectus_kg.errors import ServiceError, exit_code_for
from prospectus_kg.exports import neo4j

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))
from server import Neo4jServer, admin, missing  # noqa: E402

pytestmark = [pytest.mark.integration]


def require_server() -> None:
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI is set: scripts/setup.sh --test must fetch it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    require_server()
    server = Neo4jServer(tmp_path_factory.mktemp("neo4j-home")).start()
    yield server
    server.stop()


def wipe(driver) -> None:
    """An empty database: no nodes, no constraints, no indexes but Neo4j's own lookup indexes."""
    with driver.session() as session:  # an implicit transaction, as CALL ... IN TRANSACTIONS needs
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS").consume()
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
        driver.execute_query(f"DROP CONSTRAINT `{record['name']}`")
    for record in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").records:
        driver.execute_query(f"DROP INDEX `{record['name']}` IF EXISTS")


@pytest.fixture
def db(neo4j_server):
    with neo4j_server.driver() as driver:
        wipe(driver)
        yield driver


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_folder(tmp_path_factory.mktemp("hostile") / "graph")


# --------------------------------------------------------------------------------------------------
# Reading the database back
# --------------------------------------------------------------------------------------------------

def native(value):
    """A value from the driver as plain Python (neo4j.time types -> datetime types)."""
    if isinstance(value, list):
        return [native(v) for v in value]
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native else value


def read_graph(driver) -> tuple[dict, list]:
    """Every node and relationship, in the shape of neo4j_support.read_export."""
    nodes: dict[str, dict] = {}
    for record in driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").records:
        props = {key: native(value) for key, value in record["props"].items()}
        # n10s's _GraphConfig and _NsPrefDef have no uri (check_against_graph finds any such node)
        key = props.get("uri") or "no uri: " + ":".join(sorted(record["labels"]))
        assert key not in nodes, f"node {key} twice"
        nodes[key] = {"labels": set(record["labels"]), "props": props}
    rels = [{"start": r["start"], "end": r["end"], "type": r["type"],
             "props": {key: native(value) for key, value in r["props"].items()}}
            for r in driver.execute_query("MATCH (a)-[r]->(b) RETURN a.uri AS start, type(r) AS type, "
                                          "b.uri AS end, properties(r) AS props").records]
    return nodes, rels


def snapshot(driver) -> tuple:
    """The whole database as comparable text (nodes, relationships, constraints)."""
    nodes, rels = read_graph(driver)
    constraints = sorted(r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records)
    return (sorted(repr((u, sorted(n["labels"]), sorted(n["props"].items()))) for u, n in nodes.items()),
            sorted(repr((r["start"], r["type"], r["end"], sorted(r["props"].items()))) for r in rels),
            constraints)


def check_quotes_in_neo4j(driver, folder: Path) -> int:
    """Neo4j's own ``substring`` finds every relationship's quote in its document's text at start/end
    (Cypher counts code points, as Python does), and no relationship backed by an assertion lacks
    its provenance. Returns how many quotes were checked."""
    missing_provenance = driver.execute_query(
        "MATCH ()-[r]->() WHERE r.assertionCount > 0 AND "
        "(r.source IS NULL OR r.start IS NULL OR r.end IS NULL OR r.quote IS NULL) RETURN count(r) AS n").records
    assert missing_provenance[0]["n"] == 0
    checked = 0
    documents = driver.execute_query("MATCH (d:Prospectus) WHERE d.textFile IS NOT NULL "
                                     "RETURN d.uri AS uri, d.textFile AS file").records
    assert documents
    for doc in documents:
        with open(folder / doc["file"], encoding="utf-8", newline="") as handle:
            text = handle.read()
        record = driver.execute_query(
            "MATCH ()-[r]->() WHERE r.source = $uri "
            "RETURN count(r) AS n, count(CASE WHEN substring($text, r.start, r.end - r.start) = r.quote "
            "THEN 1 END) AS equal", uri=doc["uri"], text=text).records[0]
        assert record["equal"] == record["n"], doc["uri"]
        checked += record["n"]
    unknown = driver.execute_query("MATCH ()-[r]->() WHERE r.source IS NOT NULL AND NOT EXISTS { "
                                   "MATCH (d:Prospectus {uri: r.source}) } RETURN count(r) AS n").records
    assert unknown[0]["n"] == 0, "a relationship whose source is no Prospectus node"
    return checked


def check_loaded(driver, folder: Path) -> None:
    """The database holds exactly the folder's graph, with every quote where it says."""
    nodes, rels = read_graph(driver)
    check_against_graph(folder, nodes, rels)
    assert check_quotes_in_neo4j(driver, folder) > 0


# --------------------------------------------------------------------------------------------------
# import.cypher, statement by statement
# --------------------------------------------------------------------------------------------------

def script_statements(path: Path) -> list[str]:
    """The statements of import.cypher as cypher-shell reads them: comment lines dropped, each
    statement ended by ``;`` at the end of a line (values never hold a raw line break: they are escaped)."""
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.split("\n") if not line.startswith("//"))
    return [s.strip() for s in body.split(";\n") if s.strip()]


def run_script(driver, path: Path) -> dict[str, int]:
    """Run every statement in its own transaction; the summed counters."""
    totals = {"nodes_created": 0, "relationships_created": 0, "constraints_added": 0, "properties_set": 0}
    with driver.session() as session:
        for statement in script_statements(path):
            counters = session.run(statement).consume().counters
            for key in totals:
                totals[key] += getattr(counters, key)
    return totals


def _script_round_trip(db, folder: Path, out: Path) -> None:
    neo4j.write(folder, out)
    pg = neo4j.load_property_graph(folder)
    first = run_script(db, out / "import.cypher")
    assert first["nodes_created"] == len(pg.nodes)
    assert first["relationships_created"] == len(pg.relationships)
    assert first["constraints_added"] == 1
    check_loaded(db, folder)
    before = snapshot(db)
    again = run_script(db, out / "import.cypher")
    assert (again["nodes_created"], again["relationships_created"], again["constraints_added"]) == (0, 0, 0)
    assert snapshot(db) == before


def test_script_seed(db, seed_folder, tmp_path):
    _script_round_trip(db, seed_folder, tmp_path / "out")


def test_script_hostile(db, hostile, tmp_path):
    _script_round_trip(db, hostile, tmp_path / "out")
    org = db.execute_query("MATCH (o:SellingStockholder) RETURN o.name AS name, o.alias AS alias").records
    assert [(r["name"], r["alias"]) for r in org] == [(HOSTILE_NAME, sorted(HOSTILE_ALIASES))]
    shares = db.execute_query("MATCH (o:Offering) RETURN o.sharesOffered AS n").records[0]["n"]
    assert shares == HOSTILE_SHARES and shares > 2 ** 32
    sections = db.execute_query("MATCH ()-[r]->() RETURN DISTINCT r.section AS s").records
    assert {r["s"] for r in sections} == {HOSTILE_SECTION, None}
    # the hostile section named DROP CONSTRAINT: the constraint is still there
    assert [r["name"] for r in db.execute_query("SHOW CONSTRAINTS YIELD name").records] == ["n10s_unique_uri"]


@pytest.mark.slow
def test_script_corpus(db, corpus_folder, tmp_path):
    _script_round_trip(db, corpus_folder, tmp_path / "out")


@pytest.mark.parametrize("options", [{"naming": "n10s"}, {"with_assertions": True}], ids=["n10s", "assertions"])
def test_script_variants(db, seed_folder, tmp_path, options):
    """The n10s names (with _GraphConfig and _NsPrefDef) and the Assertion nodes load as the exporter
    counted them: labels and relationship types, each with its count; a second run creates nothing."""
    from collections import Counter

    out = tmp_path / "out"
    neo4j.write(seed_folder, out, **options)
    pg = neo4j.load_property_graph(seed_folder, **options)
    first = run_script(db, out / "import.cypher")
    assert first["nodes_created"] == len(pg.nodes) + len(pg.meta)
    assert first["relationships_created"] == len(pg.relationships)
    labels = Counter(label for node in pg.nodes for label in node.labels) + Counter(m.label for m in pg.meta)
    got = db.execute_query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").records
    assert {r["label"]: r["n"] for r in got} == dict(labels)
    types = Counter(rel.type for rel in pg.relationships)
    got = db.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n").records
    assert {r["type"]: r["n"] for r in got} == dict(types)
    for meta in pg.meta:
        stored = db.execute_query(f"MATCH (m:`{meta.label}`) RETURN properties(m) AS props").records
        assert [{k: native(v) for k, v in r["props"].items()} for r in stored] == [meta.props]
    before = snapshot(db)
    again = run_script(db, out / "import.cypher")
    assert (again["nodes_created"], again["relationships_created"]) == (0, 0)
    assert snapshot(db) == before


# --------------------------------------------------------------------------------------------------
# The Bolt loader, through the real command
# --------------------------------------------------------------------------------------------------

def export_cli(server: Neo4jServer, folder: Path, *extra: str, password: str | None = None,
               **popen) -> subprocess.CompletedProcess | subprocess.Popen:
    env = dict(os.environ, TEST_NEO4J_PASSWORD=password or server.password)
    args = [sys.executable, "-m", "prospectus_kg.cli", "export", "neo4j", str(folder), "--uri", server.uri,
            "--password-env", "TEST_NEO4J_PASSWORD", *extra]
    if popen:
        return subprocess.Popen(args, env=env, cwd=ROOT, text=True, **popen)
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _bolt_round_trip(server, db, folder: Path) -> None:
    pg = neo4j.load_property_graph(folder)
    done = export_cli(server, folder, "--batch-size", "7")
    assert done.returncode == 0, done.stderr
    assert (f"nodes {len(pg.nodes)} created, 0 matched; relationships {len(pg.relationships)} created, 0 matched"
            in done.stdout + done.stderr)
    check_loaded(db, folder)
    before = snapshot(db)
    again = export_cli(server, folder)
    assert again.returncode == 0, again.stderr
    assert (f"nodes 0 created, {len(pg.nodes)} matched; relationships 0 created, {len(pg.relationships)} matched"
            in again.stdout + again.stderr)
    assert snapshot(db) == before


def test_bolt_seed(neo4j_server, db, seed_folder):
    _bolt_round_trip(neo4j_server, db, seed_folder)


def test_bolt_hostile(neo4j_server, db, hostile):
    _bolt_round_trip(neo4j_server, db, hostile)


@pytest.mark.slow
def test_bolt_corpus(neo4j_server, db, corpus_folder):
    _bolt_round_trip(neo4j_server, db, corpus_folder)


def test_bolt_and_script_give_the_same_database(neo4j_server, db, seed_folder, tmp_path):
    done = export_cli(neo4j_server, seed_folder)
    assert done.returncode == 0, done.stderr
    by_bolt = snapshot(db)
    wipe(db)
    neo4j.write(seed_folder, tmp_path / "out")
    run_script(db, tmp_path / "out" / "import.cypher")
    assert snapshot(db) == by_bolt


def test_bolt_wrong_password_exit_6(neo4j_server, db, seed_folder):
    done = export_cli(neo4j_server, seed_folder, password="not-the-password")
    assert done.returncode == 6, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) <= 2 and "refused the credentials" in lines[0] and "Traceback" not in done.stderr
    assert "nothing was loaded" in lines[0]
    assert db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0


def test_bolt_interrupted_then_rerun_completes(neo4j_server, db, seed_folder, tmp_path):
    """Ctrl-C during a load (one batch per row, so it is mid-way): exit 130, part of the graph in the
    database; the same command again completes it, equal to an uninterrupted load."""
    process = export_cli(neo4j_server, seed_folder, "--batch-size", "1", stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no node arrived"
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    pg = neo4j.load_property_graph(seed_folder)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    loaded = db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    rels = db.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    assert 0 < loaded + rels < len(pg.nodes) + len(pg.relationships), "not interrupted mid-way"
    match = re.search(r"(\d+) of (\d+) batches were committed", err)
    assert match, err
    again = export_cli(neo4j_server, seed_folder)
    assert again.returncode == 0, again.stderr
    check_loaded(db, seed_folder)
    interrupted_then_rerun = snapshot(db)
    wipe(db)
    assert export_cli(neo4j_server, seed_folder).returncode == 0
    assert snapshot(db) == interrupted_then_rerun


class _Tripwire:
    """A statement that runs ``action`` (e.g. kills the server) when the loader takes it up."""

    def __init__(self, statement, action) -> None:
        self._statement, self._action = statement, action
        self.rows, self.kind, self.comment = statement.rows, statement.kind, statement.comment

    @property
    def cypher(self) -> str:
        self._action()
        return self._statement.cypher


def test_server_going_away_mid_load(seed_folder, tmp_path):
    """The server is killed (SIGKILL) after k batches: exit 6, the message says k of n were committed
    and nothing more; after a restart on the same data the database holds exactly those k batches,
    and the same load run again completes the graph."""
    require_server()
    server = Neo4jServer(tmp_path / "home").start()
    try:
        pg = neo4j.load_property_graph(seed_folder)
        stmts = neo4j.statements(pg, batch_size=5)
        k = len(stmts) // 2
        tripped = [*stmts[:k], _Tripwire(stmts[k], server.kill), *stmts[k + 1:]]
        from prospectus_kg.exports.neo4j_bolt import load

        with pytest.raises(ServiceError) as failure:
            load(tripped, uri=server.uri, user="neo4j", password=server.password, connect_timeout=5.0)
        assert exit_code_for(failure.value) == 6
        message = str(failure.value)
        assert f"{k} of {len(stmts)} batches were committed" in message, message
        assert "\n" not in message
        server = Neo4jServer(server.home, port=server.port).start()  # the same data, restarted
        committed = stmts[:k]
        with server.driver() as driver:
            nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
            rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
            assert nodes == sum(len(s.rows) for s in committed if s.kind == "nodes")
            assert rels == sum(len(s.rows) for s in committed if s.kind == "relationships")
            summary = load(stmts, uri=server.uri, user="neo4j", password=server.password)
            assert summary.committed == len(stmts)
            assert summary.nodes_created == len(pg.nodes) - nodes
            check_loaded(driver, seed_folder)
    finally:
        server.kill()


# --------------------------------------------------------------------------------------------------
# The neo4j-admin CSV files, imported by neo4j-admin with the README's command
# --------------------------------------------------------------------------------------------------

def readme_import_arguments(out: Path) -> list[str]:
    """The arguments of the ``neo4j-admin database import full`` command in the export's README."""
    import shlex

    readme = (out / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(neo4j-admin database import full.*?)\n```", readme, re.S)[1]
    command = block.split("\ncypher-shell")[0]
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:4] == ["neo4j-admin", "database", "import", "full"]
    return words[1:]


def _admin_import(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    neo4j.write(folder, out)
    home = tmp_path / "home"
    done = admin(home, *readme_import_arguments(out), cwd=out)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    pg = neo4j.load_property_graph(folder)
    assert re.search(rf"\b{len(pg.nodes)} nodes\b", done.stdout), done.stdout[-2000:]
    assert re.search(rf"\b{len(pg.relationships)} relationships\b", done.stdout), done.stdout[-2000:]
    with Neo4jServer(home) as server, server.driver() as driver:
        check_loaded(driver, folder)
        # the README's second command: the constraint, created after the import
        driver.execute_query(neo4j.CONSTRAINT)
        assert [r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records] == ["n10s_unique_uri"]
        # and the script on top of the imported database changes nothing
        before = snapshot(driver)
        again = run_script(driver, out / "import.cypher")
        assert (again["nodes_created"], again["relationships_created"]) == (0, 0)
        assert snapshot(driver) == before


@pytest.mark.slow
def test_admin_import_seed(seed_folder, tmp_path):
    require_server()
    _admin_import(seed_folder, tmp_path)


@pytest.mark.slow
def test_admin_import_hostile(hostile, tmp_path):
    require_server()
    _admin_import(hostile, tmp_path)


@pytest.mark.slow
def test_admin_import_corpus(corpus_folder, tmp_path):
    require_server()
    _admin_import(corpus_folder, tmp_path)


# --------------------------------------------------------------------------------------------------
# The analyst's questions in Cypher (exports/NEO4J.md) against the named SPARQL queries
# --------------------------------------------------------------------------------------------------

P = "https://w3id.org/prospectus-kg/ontology#"
QUESTION_COLUMNS = {
    "selling-stockholders": ["issuerName", "sellerName", "sharesOffered", "sharesOwnedBefore", "percentOwnedBefore",
                             "sharesOwnedAfter", "percentOwnedAfter", "sharesOwnedBeforePlacement", "seller",
                             "prospectus"],
    "affiliates": ["from", "partyName", "length", "path", "party"],
    "incorporated-documents": ["prospectus", "formType", "periodEnd", "date", "filingDate", "filedBy", "title",
                               "filing"],
    "counsel-and-auditors": ["issuerName", "role", "firmName", "auditedForm", "auditedPeriod", "firm", "prospectus"],
}


def cypher_questions() -> dict[str, str]:
    """The ```cypher blocks of exports/NEO4J.md that open with ``// question: NAME``."""
    text = (ROOT / "exports" / "NEO4J.md").read_text(encoding="utf-8")
    return dict(re.findall(r"```cypher\n// question: (\S+)\n(.*?)```", text, re.S))


def _plain(value) -> str | None:
    """A cell as comparable text: numbers and decimals as their text, dates in ISO form, and our
    ontology's IRIs (SPARQL's ?role) in Neo4j's relationship type style."""
    if value is None:
        return None
    if hasattr(value, "iso_format"):
        return value.iso_format()
    text = str(value)
    if text.startswith(P):
        return neo4j.upper_snake(text[len(P):])
    return text


def _neo4j_path(path: str | None) -> str | None:
    """A SPARQL path ``A -affiliateOf-> B`` in Neo4j's names: ``A -AFFILIATE_OF-> B``."""
    if path is None:
        return None
    return re.sub(r" (<?-)([a-z][A-Za-z]+)(->?) ", lambda m: f" {m[1]}{neo4j.upper_snake(m[2])}{m[3]} ", path)


def sparql_answers(store, name: str, params: dict) -> list[tuple]:
    from prospectus_kg.graph.query.named import get_named_query

    query = get_named_query(name)
    columns = QUESTION_COLUMNS[name]
    rows = [tuple(_plain(row.get(c)) for c in columns) for row in store.query(query.text, query.bind(params)).dicts()]
    if "path" in columns:
        at = columns.index("path")
        rows = [row[:at] + (_neo4j_path(row[at]),) + row[at + 1:] for row in rows]
    return sorted(rows, key=repr)


def cypher_answers(driver, name: str, params: dict) -> list[tuple]:
    records = driver.execute_query(cypher_questions()[name], params).records
    return sorted((tuple(_plain(r.get(c)) for c in QUESTION_COLUMNS[name]) for r in records), key=repr)


def test_every_question_is_documented():
    assert set(cypher_questions()) == set(QUESTION_COLUMNS)


def test_affiliate_chain_in_the_seed(neo4j_server, db, seed_folder):
    assert export_cli(neo4j_server, seed_folder).returncode == 0
    rows = db.execute_query(cypher_questions()["affiliates"], org="Nevada Bond, LLC").records
    chain = {r["partyName"]: (r["length"], r["path"]) for r in rows}
    assert chain["United Technologies Corporation"] == (
        2, "Nevada Bond, LLC -AFFILIATE_OF-> UT Leasing Services, Inc. <-AFFILIATE_OF- United Technologies Corporation")
    assert chain["UT Leasing Services, Inc."] == (1, "Nevada Bond, LLC -AFFILIATE_OF-> UT Leasing Services, Inc.")
    # any case, an alias or the IRI
    by_iri = db.execute_query(cypher_questions()["affiliates"],
                              org="https://w3id.org/prospectus-kg/id/org/nevada-bond-llc").records
    assert {r["partyName"] for r in by_iri} == set(chain)
    assert len(db.execute_query(cypher_questions()["affiliates"], org="NEVADA BOND, LLC").records) == len(rows)


def _compare_questions(db, folder: Path) -> None:
    from prospectus_kg.graph.query.store import open_store

    store = open_store(folder, "oxigraph")
    for name in ("selling-stockholders", "incorporated-documents", "counsel-and-auditors"):
        expected = sparql_answers(store, name, {})
        assert expected, name
        assert cypher_answers(db, name, {}) == expected, name
    # affiliates: from every party that has an affiliation or control link
    starts = [r["name"] for r in db.execute_query(
        "MATCH (n)-[:AFFILIATE_OF|CONTROLS|CONTROLLED_BY|SUBSIDIARY_OF|PARENT_OF|GENERAL_PARTNER_OF|"
        "INVESTMENT_MANAGER_OF]-() WHERE n.name IS NOT NULL RETURN DISTINCT n.name AS name ORDER BY name").records]
    assert starts
    for org in starts:
        expected = sparql_answers(store, "affiliates", {"org": org})
        assert expected, org
        assert cypher_answers(db, "affiliates", {"org": org}) == expected, org


def test_questions_seed(neo4j_server, db, seed_folder):
    assert export_cli(neo4j_server, seed_folder).returncode == 0
    _compare_questions(db, seed_folder)


@pytest.mark.slow
def test_questions_corpus(neo4j_server, db, corpus_folder):
    assert export_cli(neo4j_server, corpus_folder).returncode == 0
    _compare_questions(db, corpus_folder)
