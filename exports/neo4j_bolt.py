"""Live load of the Neo4j export into a running database over Bolt, with the official ``neo4j`` driver.

The statements are those of ``import.cypher`` (``neo4j.statements``), sent with their rows as the
``$rows`` parameter: values from documents never enter the query text. One managed write transaction
per batch (``session.execute_write``: the driver retries transient errors such as deadlocks and
leader switches within ``max_transaction_retry_time``); connecting is retried a few times on
ServiceUnavailable, with back-off. A tqdm bar shows progress on a terminal, and the summary counts
nodes and relationships created vs matched from each result's ``consume().counters``.

Failures become :class:`~prospectus_kg.errors.ServiceError` (exit 6) with one line: the server cannot
be reached, the credentials are refused, or the load stopped after ``k`` of ``n`` batches (committed
batches stay: every statement MERGEs, so running the same load again completes it). The driver is
imported inside :func:`load`; tests pass ``driver_factory`` to run the batching, retry and summary
logic without a server.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from prospectus_kg.errors import ServiceError, UsageError

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
COUNTER_NAMES = ("nodes_created", "relationships_created", "properties_set", "labels_added",
                 "constraints_added", "nodes_deleted", "relationships_deleted")


@dataclass
class LoadSummary:
    uri: str
    database: str | None
    batches: int
    committed: int = 0
    node_rows: int = 0
    relationship_rows: int = 0
    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTER_NAMES, 0))
    connect_attempts: int = 0
    seconds: float = 0.0

    @property
    def nodes_created(self) -> int:
        return self.counters["nodes_created"]

    @property
    def nodes_matched(self) -> int:
        return self.node_rows - self.counters["nodes_created"]

    @property
    def relationships_created(self) -> int:
        return self.counters["relationships_created"]

    @property
    def relationships_matched(self) -> int:
        return self.relationship_rows - self.counters["relationships_created"]

    def line(self) -> str:
        where = self.uri + (f" (database {self.database})" if self.database else "")
        return (f"loaded into {where}: nodes {self.nodes_created} created, {self.nodes_matched} matched; "
                f"relationships {self.relationships_created} created, {self.relationships_matched} matched; "
                f"{self.counters['properties_set']} properties set; "
                f"{self.committed}/{self.batches} batches committed in {self.seconds:.2f} s")


def _counters(counters: Any) -> dict[str, int]:
    return {name: int(getattr(counters, name, 0) or 0) for name in COUNTER_NAMES}


def _run_batch(tx, cypher: str, rows: list[dict] | None) -> dict[str, int]:
    result = tx.run(cypher, rows=rows) if rows is not None else tx.run(cypher)
    return _counters(result.consume().counters)


def _default_driver(uri: str, auth: tuple[str, str], connect_timeout: float):
    import neo4j

    # connection_timeout bounds the TCP connect; connection_acquisition_timeout also bounds the Bolt
    # handshake (60 s by default: a port that accepts but never answers would hang that long).
    return neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=connect_timeout,
                                      connection_acquisition_timeout=connect_timeout,
                                      max_transaction_retry_time=30.0, user_agent="prospectus-kg")


def load(statements, *, uri: str, user: str, password: str | None, database: str | None = None,
         connect_timeout: float = 10.0, connect_retries: int = 3, retry_delay: float = 0.5,
         progress: bool = False, driver_factory: Callable[..., Any] | None = None,
         sleep: Callable[[float], None] = time.sleep) -> LoadSummary:
    """Run ``statements`` (from ``neo4j.statements``) against the database at ``uri``."""
    from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

    started = time.perf_counter()
    statements = list(statements)
    summary = LoadSummary(uri=uri, database=database, batches=len(statements))
    if password is None:
        raise UsageError("no password for the Neo4j user", suggestion="set the environment variable named by "
                         "--password-env (default NEO4J_PASSWORD)")
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise UsageError(f"cannot use Neo4j URI {uri!r}: the scheme must be one of {', '.join(BOLT_SCHEMES)}",
                         suggestion="give bolt://HOST:7687 (one server) or neo4j://HOST:7687 (a cluster)")
    factory = driver_factory or _default_driver
    try:
        driver = factory(uri, (user, password), connect_timeout)
    except (ConfigurationError, ValueError) as exc:
        raise UsageError(f"cannot use Neo4j URI {uri!r}: {exc}",
                         suggestion="give bolt://HOST:PORT or neo4j://HOST:PORT") from exc
    try:
        _connect(driver, summary, connect_retries, retry_delay, sleep, uri, user)
        bar = _bar(len(statements), progress)
        session = driver.session(database=database)
        try:
            for statement in statements:
                counters = session.execute_write(_run_batch, statement.cypher, statement.rows)
                summary.committed += 1
                for name, value in counters.items():
                    summary.counters[name] += value
                if statement.kind == "nodes":
                    summary.node_rows += len(statement.rows)
                elif statement.kind == "relationships":
                    summary.relationship_rows += len(statement.rows)
                if bar is not None:
                    bar.update(1)
        except BaseException:
            # Closing a session whose connection was cut mid-message can raise on its own (after
            # Ctrl-C inside the driver's socket code: "BufferError: Existing exports of data"); the
            # error to report is the first one, so it must not be replaced by that.
            _close_quietly(session)
            raise
        else:
            session.close()
        finally:
            if bar is not None:
                bar.close()
    except AuthError as exc:
        raise ServiceError(f"Neo4j at {uri} refused the credentials of user {user!r} ({_reason(exc)})"
                           + _partial(summary), suggestion="check --user and the password variable") from exc
    except ServiceError:
        raise
    except KeyboardInterrupt:
        if summary.committed:
            print(f"neo4j load interrupted{_partial(summary)}; {_suggestion(summary)}", file=sys.stderr)
        raise
    except (ServiceUnavailable, Neo4jError, DriverError, OSError) as exc:
        raise ServiceError(f"Neo4j load failed at {uri}: {_reason(exc)}" + _partial(summary),
                           suggestion=_suggestion(summary)) from exc
    finally:
        _close_quietly(driver)
    summary.seconds = time.perf_counter() - started
    return summary


def _connect(driver, summary: LoadSummary, retries: int, delay: float, sleep, uri: str, user: str) -> None:
    """verify_connectivity, retried on ServiceUnavailable with doubling delays (bounded)."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    attempts = max(1, retries)
    for attempt in range(1, attempts + 1):
        summary.connect_attempts = attempt
        try:
            driver.verify_connectivity()
            return
        except (ServiceUnavailable, SessionExpired) as exc:
            if attempt == attempts:
                raise ServiceError(f"cannot reach Neo4j at {uri} after {attempts} attempt(s): {_reason(exc)}; "
                                   "nothing was loaded",
                                   suggestion="is the server running, and is the address and port right?") from exc
            sleep(delay * 2 ** (attempt - 1))


def _close_quietly(closeable) -> None:
    """Close a session or driver whose connection may be broken, without hiding the error at hand."""
    try:
        closeable.close()
    except Exception:  # noqa: BLE001 - closing a broken session or driver must not hide the real error
        pass


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


def _partial(summary: LoadSummary) -> str:
    if summary.committed == 0:
        return "; nothing was loaded"
    return (f"; {summary.committed} of {summary.batches} batches were committed before the failure "
            "(the database holds part of the graph)")


def _suggestion(summary: LoadSummary) -> str:
    if summary.committed == 0:
        return "check the server and the database name"
    return "run the same command again: every statement MERGEs, so it completes the load without duplicates"


def _bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="batch", desc="neo4j", file=sys.stderr, leave=False)
