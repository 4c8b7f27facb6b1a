"""The live load over Bolt, fast and without a server: batching, retries (including transient errors a
real server cannot be made to give on demand) and the created/matched summary, with fake driver
objects; the unreachable path for real, against closed and silent loopback ports; and the one source
of statements shared with import.cypher. The same loader against a real Neo4j server:
tests/test_neo4j_live.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from neo4j.exceptions import AuthError, ServiceUnavailable, TransientError

from prospectus_kg.errors import ServiceError, UsageError, exit_code_for
from prospectus_kg.exports import neo4j, neo4j_bolt
from prospectus_kg.exports.neo4j_cypher import render_statement

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------------
# A fake driver that behaves like a database holding uris (MERGE creates once, then matches)
# --------------------------------------------------------------------------------------------------

class FakeResult:
    def __init__(self, counters: dict) -> None:
        self._counters = SimpleNamespace(**counters)

    def consume(self):
        return SimpleNamespace(counters=self._counters)


class FakeTx:
    def __init__(self, db: "FakeDriver") -> None:
        self.db = db

    def run(self, cypher, **params):
        self.db.runs.append((cypher, params))
        rows = params.get("rows") or []
        counters = dict.fromkeys(neo4j_bolt.COUNTER_NAMES, 0)
        if "CREATE CONSTRAINT" in cypher:
            counters["constraints_added"] = 0 if self.db.constraint else 1
            self.db.constraint = True
        elif "MERGE (n:" in cypher:
            for row in rows:
                if row["uri"] not in self.db.nodes:
                    self.db.nodes[row["uri"]] = dict(row["props"])
                    counters["nodes_created"] += 1
                counters["properties_set"] += len(row["props"])
        elif "MERGE (a)-[r:" in cypher:
            rel_type = cypher.split("[r:`", 1)[1].split("`", 1)[0]
            for row in rows:
                key = (row["from"], rel_type, row["to"])
                if key not in self.db.rels:
                    self.db.rels.add(key)
                    counters["relationships_created"] += 1
                counters["properties_set"] += len(row["props"])
        return FakeResult(counters)


class FakeSession:
    def __init__(self, db: "FakeDriver", database) -> None:
        self.db, self.database = db, database

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        self.db.sessions_closed += 1
        if self.db.close_error is not None:
            raise self.db.close_error

    def execute_write(self, work, *args):
        """Like the driver's managed transaction: retried on a transient error (here: once)."""
        self.db.transactions += 1
        if self.db.fail_at is not None and self.db.transactions == self.db.fail_at:
            raise self.db.fail_with
        if self.db.transient_at == self.db.transactions:
            try:
                raise TransientError("deadlock detected")
            except TransientError:
                pass  # the driver would retry the unit of work: run it again below
        return work(FakeTx(self.db), *args)


class FakeDriver:
    def __init__(self, *, connect_failures: int = 0, connect_error: Exception | None = None,
                 fail_at: int | None = None, fail_with: BaseException | None = None, transient_at: int | None = None,
                 close_error: Exception | None = None):
        self.nodes: dict[str, dict] = {}
        self.rels: set[tuple] = set()
        self.constraint = False
        self.runs: list = []
        self.transactions = 0
        self.connect_calls = 0
        self.connect_failures = connect_failures
        self.connect_error = connect_error
        self.fail_at, self.fail_with, self.transient_at = fail_at, fail_with, transient_at
        self.closed = 0
        self.sessions_closed = 0
        self.close_error = close_error
        self.databases: list = []

    def factory(self, uri, auth, timeout):
        self.auth = auth
        return self

    def verify_connectivity(self):
        self.connect_calls += 1
        if self.connect_error is not None:
            raise self.connect_error
        if self.connect_calls <= self.connect_failures:
            raise ServiceUnavailable("connection refused")

    def session(self, database=None):
        self.databases.append(database)
        return FakeSession(self, database)

    def close(self):
        self.closed += 1


@pytest.fixture(scope="module")
def seed_statements(seed_folder):
    return neo4j.statements(neo4j.load_property_graph(seed_folder), batch_size=5)


def _load(stmts, driver, **options):
    sleeps = []
    options.setdefault("sleep", sleeps.append)
    summary = neo4j_bolt.load(stmts, uri="bolt://fake:7687", user="neo4j", password="secret",
                              driver_factory=driver.factory, **options)
    return summary, sleeps


# --------------------------------------------------------------------------------------------------
# Batching and summary
# --------------------------------------------------------------------------------------------------

def test_one_transaction_per_batch_rows_as_parameters(seed_statements):
    driver = FakeDriver()
    summary, _ = _load(seed_statements, driver, database="prospectus")
    assert driver.transactions == len(seed_statements) == summary.batches == summary.committed
    assert driver.databases == ["prospectus"] and driver.closed == 1 and driver.auth == ("neo4j", "secret")
    for (cypher, params), statement in zip(driver.runs, seed_statements):
        assert cypher == statement.cypher  # the very statement of import.cypher, with $rows
        assert params == ({"rows": statement.rows} if statement.rows is not None else {})
    node_rows = sum(len(s.rows) for s in seed_statements if s.kind == "nodes")
    rel_rows = sum(len(s.rows) for s in seed_statements if s.kind == "relationships")
    assert (summary.nodes_created, summary.nodes_matched) == (node_rows, 0)
    assert (summary.relationships_created, summary.relationships_matched) == (rel_rows, 0)
    assert summary.counters["constraints_added"] == 1
    assert "created" in summary.line() and f"{summary.batches}/{summary.batches} batches" in summary.line()


def test_rerun_changes_nothing_and_says_matched(seed_statements):
    driver = FakeDriver()
    first, _ = _load(seed_statements, driver)
    nodes, rels = dict(driver.nodes), set(driver.rels)
    second, _ = _load(seed_statements, driver)
    assert driver.nodes == nodes and driver.rels == rels
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert second.nodes_matched == first.nodes_created
    assert second.relationships_matched == first.relationships_created


def test_transient_error_retried_by_managed_transaction(seed_statements):
    driver = FakeDriver(transient_at=3)
    summary, _ = _load(seed_statements, driver)
    assert summary.committed == summary.batches
    assert summary.nodes_created == sum(len(s.rows) for s in seed_statements if s.kind == "nodes")


# --------------------------------------------------------------------------------------------------
# Connect retries and failures: one line, exit 6, and how much was loaded
# --------------------------------------------------------------------------------------------------

def test_connect_retried_with_back_off(seed_statements):
    driver = FakeDriver(connect_failures=2)
    summary, sleeps = _load(seed_statements, driver, connect_retries=3, retry_delay=0.5)
    assert driver.connect_calls == 3 and summary.connect_attempts == 3
    assert sleeps == [0.5, 1.0]
    assert summary.committed == summary.batches


def test_unavailable_after_bounded_retries(seed_statements):
    driver = FakeDriver(connect_failures=99)
    with pytest.raises(ServiceError) as caught:
        _load(seed_statements, driver, connect_retries=3)
    assert driver.connect_calls == 3 and driver.transactions == 0 and driver.closed == 1
    message = caught.value.one_line()
    assert "after 3 attempt(s)" in message and "nothing was loaded" in message
    assert exit_code_for(caught.value, "export") == 6


def test_wrong_password(seed_statements):
    driver = FakeDriver(connect_error=AuthError("The client is unauthorized due to authentication failure."))
    with pytest.raises(ServiceError) as caught:
        _load(seed_statements, driver)
    assert driver.connect_calls == 1  # credentials are not retried
    assert "refused the credentials of user 'neo4j'" in caught.value.one_line()
    assert "nothing was loaded" in caught.value.one_line()
    assert exit_code_for(caught.value, "export") == 6


def test_failure_mid_load_says_how_many_batches_were_committed(seed_statements):
    driver = FakeDriver(fail_at=4, fail_with=ServiceUnavailable("connection lost"))
    with pytest.raises(ServiceError) as caught:
        _load(seed_statements, driver)
    message = caught.value.one_line()
    assert f"3 of {len(seed_statements)} batches were committed" in message
    assert "run the same command again" in message
    assert "\n" not in message


def test_interrupt_is_not_replaced_by_the_session_close_error(seed_statements, capsys):
    """Regression (found against a real Neo4j, tests/test_neo4j_live.py): Ctrl-C inside the driver's
    socket code left the connection mid-message; closing the session then raised ``BufferError:
    Existing exports of data: object cannot be re-sized``, which replaced the KeyboardInterrupt, and
    the command ended as an internal error (exit 70) instead of interrupted (130)."""
    driver = FakeDriver(fail_at=4, fail_with=KeyboardInterrupt(),
                        close_error=BufferError("Existing exports of data: object cannot be re-sized"))
    with pytest.raises(KeyboardInterrupt):
        _load(seed_statements, driver)
    assert driver.sessions_closed == 1 and driver.closed == 1
    assert f"3 of {len(seed_statements)} batches were committed" in capsys.readouterr().err


def test_failure_is_not_replaced_by_the_session_close_error(seed_statements):
    driver = FakeDriver(fail_at=2, fail_with=ServiceUnavailable("connection lost"),
                        close_error=BufferError("Existing exports of data: object cannot be re-sized"))
    with pytest.raises(ServiceError, match=f"1 of {len(seed_statements)} batches were committed"):
        _load(seed_statements, driver)


def test_password_and_uri_checked_before_connecting(seed_statements):
    with pytest.raises(UsageError):
        neo4j_bolt.load(seed_statements, uri="bolt://x:1", user="neo4j", password=None)
    with pytest.raises(UsageError):
        neo4j_bolt.load(seed_statements, uri="http://x:1", user="neo4j", password="p")


# --------------------------------------------------------------------------------------------------
# One source of statements
# --------------------------------------------------------------------------------------------------

def test_bolt_and_script_share_their_statements(seed_folder, tmp_path, monkeypatch):
    """write(..., uri=...) hands the loader the statements whose rendering is import.cypher."""
    sent = []
    monkeypatch.setattr(neo4j_bolt, "load", lambda stmts, **kw: sent.extend(stmts) or SimpleNamespace(line=str))
    neo4j.write(seed_folder, tmp_path / "out", uri="bolt://localhost:7687", password="p", batch_size=7)
    script = (tmp_path / "out" / "import.cypher").read_text(encoding="utf-8")
    position = 0
    for statement in sent:
        text = render_statement(statement.cypher, statement.rows) + ";\n"
        found = script.find(text, position)
        assert found >= 0, statement.comment
        position = found + len(text)
    assert len(sent) == script.count(";\n\n// ") + 1  # every statement of the script was sent


# --------------------------------------------------------------------------------------------------
# For real: closed and silent loopback ports
# --------------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_closed_port_real_driver(seed_statements):
    started = time.perf_counter()
    with pytest.raises(ServiceError) as caught:
        neo4j_bolt.load(seed_statements, uri=f"bolt://127.0.0.1:{_free_port()}", user="neo4j", password="x",
                        connect_timeout=1, connect_retries=2, retry_delay=0.05)
    assert time.perf_counter() - started < 10
    assert "cannot reach Neo4j" in caught.value.one_line() and "nothing was loaded" in caught.value.one_line()


def test_silent_port_real_driver(seed_statements):
    """A port that accepts connections and never answers the Bolt handshake: bounded by the timeout."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        started = time.perf_counter()
        with pytest.raises(ServiceError):
            neo4j_bolt.load(seed_statements, uri=f"bolt://127.0.0.1:{server.getsockname()[1]}", user="neo4j",
                            password="x", connect_timeout=0.5, connect_retries=1)
        assert time.perf_counter() - started < 10


def test_cli_unreachable_one_line_exit_6(seed_folder):
    env = dict(os.environ, NEO4J_PASSWORD="x")
    done = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "export", "neo4j", str(seed_folder),
                           "--uri", f"bolt://127.0.0.1:{_free_port()}", "--connect-timeout", "1",
                           "--connect-retries", "1"], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 6, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach Neo4j" in lines[0] and "nothing was loaded" in lines[0]
