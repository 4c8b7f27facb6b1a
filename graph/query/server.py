"""A read-only SPARQL 1.1 Protocol endpoint over a graph folder (Starlette + uvicorn).

Implements the query operation of the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/)
at ``/sparql``: ``GET ?query=``, ``POST`` of ``application/x-www-form-urlencoded`` (``query=``) and
``POST`` of ``application/sparql-query``. Results are negotiated from the ``Accept`` header (or a
``format=`` parameter): SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/),
XML (https://www.w3.org/TR/rdf-sparql-XMLres/), CSV and TSV
(https://www.w3.org/TR/sparql11-results-csv-tsv/), and for CONSTRUCT/DESCRIBE Turtle or N-Triples;
browsers get an HTML table. ``GET /sparql`` without a query returns a SPARQL 1.1 Service Description
(https://www.w3.org/TR/sparql11-service-description/).

Read-only: the update operation is refused with 403 (an ``update=`` field, an
``application/sparql-update`` body, or update text sent as a query), and the stores have no update
method at all. No query reaches the network: SERVICE (federated query) is refused with 400 by the
stores themselves, on the parsed algebra after escape processing (``\\u0053ERVICE`` too; see
``graph/query/store.py``), rdflib's SERVICE evaluation and ``FROM <url>`` loading are switched off, and
the worker processes refuse to open any connection or resolve any name (a Python audit hook). A
query dataset given by ``default-graph-uri``/``named-graph-uri`` is refused with 400 (the folder is
one default graph). Malformed SPARQL gets 400 with the parser's message.

Time limit, and why worker processes. Neither engine can stop a running query: rdflib has no
timeout and a Python thread cannot be killed; pyoxigraph 0.5 has no timeout or cancellation in its
Python API. So queries run in a small pool of worker processes (``--workers``, default: the number
of cores, at least 2), each of which loads the graph once and then hands each query to a query
process it forked (copy-on-write: the graph is shared, not copied). A query process answers one
query at a time and then waits for the next (forking one per query cost 3-8 ms of every query);
a new one is forked only when none is free, and each leaves after 1,000 queries. Each worker runs at most ``--per-worker`` queries
at once (default 4), so a few runaway queries cannot hold every place: a cheap query is still
answered while four run away. The web process waits at most ``--timeout`` seconds (default 5) for an
answer; past that the worker kills that query's process (SIGKILL: the query is stopped, not
abandoned, and its memory is returned) and the server answers 503 with a message. The worker and
its loaded graph go on. A request body (chunked or not) is read as it arrives and refused with 413
as soon as it passes the limit, never buffered whole.
Workers are plain ``python -c`` children talking over socket pairs (multiprocessing's "spawn"
re-imports the caller's ``__main__``, and "fork" is unsafe once the server's threads run). With the
``oxigraph`` store (``--store auto`` from 500 KB of Turtle) the workers share the folder's persistent
store (``.store/``, built once by the pool before the workers start, opened read-only by each: the
graph is on disk and in the page cache once, not in every worker), and a replacement worker is ready
in well under a second at any size. With ``memory`` and ``oxigraph-memory`` each worker holds its own
copy (about 2 KB a triple in rdflib, 0.5 KB in Oxigraph). A query process writes its answer from
pyoxigraph's terms directly (no rdflib conversion), and the worker's heap is frozen out of the
garbage collector before it forks, so a query process does not copy it by touching it.

The listening socket is made as TCP (``IPPROTO_TCP``) with ``TCP_NODELAY``: asyncio turns Nagle's
algorithm off on accepted connections only for a socket it recognises as TCP, and without that every
response over a kept-alive connection waited about 40 ms for the client's delayed acknowledgement.

Binding: 127.0.0.1 by default, with a ``Host`` header check against DNS rebinding while bound to a
loopback address. No CORS header by default: a page on another origin cannot read the answers;
``--cors ORIGIN`` (or ``--cors '*'``) allows a browser tool such as YASGUI.

The landing page ``/`` lists the named queries (escaped HTML) with forms to run them at
``/queries/<name>`` (parameters bound as values, never pasted into the query), and links to any
``*.html`` graph view in the folder (e.g. one written by ``prospectus-kg viz DIR --out DIR/graph.html``).
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from prospectus_kg.errors import GraphFolderError, ProspectusKGError, QueryError
from prospectus_kg.graph.query.formats import BY_NAME, endpoint_names, negotiation_table

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_HOST", "DEFAULT_PORT", "WorkerPool", "create_app", "running_server",
           "negotiate", "default_workers"]

log = logging.getLogger("prospectus_kg.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: seconds a query may run before its worker is killed
DEFAULT_TIMEOUT = 5.0
#: seconds a request may wait for a free worker (at least; twice the time limit when that is longer)
QUEUE_WAIT = 30.0
#: queries one worker runs at once (each in its own forked process): with the default of two workers,
#: four runaway queries still leave room for a cheap one
DEFAULT_PER_WORKER = 4
#: seconds a new worker may take to load the graph before the pool gives up on it
WORKER_START_TIMEOUT = 600.0
#: the largest query text accepted (bytes)
MAX_QUERY_BYTES = 1_000_000
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def default_workers() -> int:
    return max(2, min(os.cpu_count() or 2, 8))


# --- content negotiation -------------------------------------------------------------------------

#: media type -> result format, for SELECT/ASK and for CONSTRUCT/DESCRIBE, in order of preference
SOLUTION_TYPES: dict[str, str] = negotiation_table("solutions")
GRAPH_TYPES: dict[str, str] = negotiation_table("graph")
#: names accepted in ``format=`` (also ``output=``, as some endpoints use)
FORMAT_NAMES: dict[str, str] = endpoint_names()


def _accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as ``[(media range, q)]`` best first (stable for equal q)."""
    items = []
    for index, part in enumerate((header or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((pieces[0].lower(), q, index))
    items.sort(key=lambda item: (-item[1], item[2]))
    return [(media, q) for media, q, _ in items]


def _pick(ranges: list[tuple[str, float]], table: Mapping[str, str], default: str) -> str | None:
    if not ranges:
        return default
    for media, _q in ranges:
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            default_type = next(t for t, f in table.items() if f == default)
            if default_type.startswith(major):
                return default
            match = next((f for t, f in table.items() if t.startswith(major)), None)
            if match:
                return match
            continue
        if media in table:
            return table[media]
    return None


def negotiate(accept: str | None, format_param: str | None = None) -> tuple[str | None, str | None]:
    """``(solutions format, graph format)`` for an ``Accept`` header; ``None`` where nothing fits.

    ``format_param`` (``json``, ``csv``, ``turtle``, ...) overrides the header for the kind of result
    it applies to. Raises :class:`ValueError` for an unknown ``format_param``.
    """
    ranges = _accept(accept)
    solutions = _pick(ranges, SOLUTION_TYPES, "json")
    graph = _pick(ranges, GRAPH_TYPES, "turtle")
    if format_param:
        # a name, a media type, or a list of media types (as SPARQLWrapper sends for JSON-LD): the first known
        name = next((FORMAT_NAMES[key] for key in (part.split(";", 1)[0].strip().lower()
                                                   for part in format_param.split(",")) if key in FORMAT_NAMES), None)
        if name is None:
            raise ValueError(f"unknown format {format_param!r}; use one of {', '.join(sorted(set(FORMAT_NAMES)))}")
        if BY_NAME[name].graph:
            graph = name
        if BY_NAME[name].solutions:
            solutions = name
    return solutions, graph


# --- the worker pool -----------------------------------------------------------------------------

class QueryTimeout(QueryError):
    """A query ran past the time limit; its worker was killed."""


class PoolBusy(QueryError):
    """No worker became free in time."""


_WORKER_CODE = ("import sys; from prospectus_kg.graph.query.server import _worker_entry; "
                "_worker_entry(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == '1')")

#: audit events that would reach the network (https://docs.python.org/3/library/audit_events.html)
_NETWORK_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                             "socket.gethostbyaddr", "socket.sendto", "urllib.Request", "ftplib.connect",
                             "http.client.connect", "smtplib.connect", "webbrowser.open"})


def _forbid_network() -> None:  # pragma: no cover - child process
    """From now on this process cannot open a connection or resolve a name from Python (an audit hook;
    it is inherited by the forked query processes). Oxigraph's own HTTP client is kept out by
    :func:`~prospectus_kg.graph.query.store.refuse_federation`, which every store runs first."""
    def hook(event: str, args) -> None:
        if event in _NETWORK_EVENTS:
            raise PermissionError(f"no network access from a query worker ({event})")

    sys.addaudithook(hook)


def _worker_entry(fd: int, folder: str, store: str, inferred: bool) -> None:  # pragma: no cover - child process
    """``python -c`` entry of a worker: file descriptor ``fd`` is its end of a socket pair with the server."""
    from multiprocessing.connection import Connection

    _worker_main(Connection(fd), folder, store, inferred)


def _worker_main(conn, folder: str, store: str, inferred: bool) -> None:  # pragma: no cover - child process
    """A worker: load the graph once, then hand each query to a forked query process until the
    connection closes.

    Messages from the server: ``("query", request)`` followed by the file descriptor of a socket
    (passed with SCM_RIGHTS) on which the query process sends its pid and then its answer;
    ``("kill", pid)`` stops a query process (only while it runs a query and is this worker's unreaped
    child, so a pid can never be reused under it); ``None`` ends the worker and its queries. A query
    process that has answered waits for the next query (:func:`_start_query_process`); one is forked
    only when none is free.
    """
    from multiprocessing.reduction import recv_handle, send_handle

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the web process's to handle
    try:
        from prospectus_kg.graph.query.store import open_store

        loaded = open_store(folder, store, inferred=inferred)
        _warm(loaded)
    except ProspectusKGError as exc:
        conn.send(("failed", exc.one_line()))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it as an internal error
        conn.send(("crashed", f"{type(exc).__name__}: {exc}"))
        return
    with contextlib.suppress(Exception):
        _prctl()
    _forbid_network()
    # every object made so far goes to the collector's permanent generation: a query process never scans
    # (so never writes to, so never copies) the worker's heap, only what it makes itself
    gc.collect()
    gc.freeze()
    conn.send(("ready", {"store": loaded.kind, "triples": loaded.triple_count,
                         "load_seconds": loaded.load_seconds, "prefixes": loaded.prefixes}))
    from multiprocessing.connection import wait

    idle: list[_QueryProcess] = []
    busy: dict[int, _QueryProcess] = {}
    gone: set[int] = set()   # pids that ended, to reap

    def reap() -> None:
        for pid in list(gone):
            with contextlib.suppress(ChildProcessError):
                done, _status = os.waitpid(pid, os.WNOHANG)
                if not done:
                    continue
            gone.discard(pid)

    def drop(process: _QueryProcess) -> None:
        busy.pop(process.pid, None)
        if process in idle:
            idle.remove(process)
        with contextlib.suppress(OSError):
            process.conn.close()
        gone.add(process.pid)

    try:
        while True:
            reap()
            try:
                ready = wait([conn] + [p.conn for p in busy.values()], timeout=0.1)
            except OSError:
                return
            for process in [p for p in busy.values() if p.conn in ready]:
                try:
                    word = process.conn.recv()
                except (EOFError, OSError):   # killed (past the time limit) or crashed
                    drop(process)
                    continue
                del busy[process.pid]
                if word == "done" and len(idle) < IDLE_QUERY_PROCESSES:
                    idle.append(process)
                elif word == "done":   # enough are waiting: this one leaves
                    with contextlib.suppress(OSError):
                        process.conn.send(None)
                    drop(process)
                else:   # "retire": it answered its share of queries and is leaving
                    drop(process)
            if conn not in ready:
                continue
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            if message[0] == "kill":
                if message[1] in busy:   # only a process running a query, never an idle or reaped one
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(message[1], signal.SIGKILL)
                continue
            fd = recv_handle(conn)
            process = idle.pop() if idle else _start_query_process(conn, loaded, idle, busy)
            try:
                process.conn.send(message[1])
                send_handle(process.conn, fd, process.pid)
            except OSError:   # it died while idle: the server sees the answer socket close
                drop(process)
            else:
                busy[process.pid] = process
            os.close(fd)
    finally:
        for process in list(idle) + list(busy.values()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
            gone.add(process.pid)
        for pid in gone:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


@dataclass
class _QueryProcess:
    pid: int
    conn: Any


#: queries a query process answers before it leaves and a fresh one is forked (bounds what it copies)
QUERIES_PER_PROCESS = 1000
#: a query process leaves after a query that left it this much larger than when it was forked (its own
#: heap, and its copy of the store's block cache): a heavy query costs a fork, the memory is returned
QUERY_PROCESS_GROWTH = 16 * 1024 * 1024
#: query processes a worker keeps waiting when no query is running (the others leave)
IDLE_QUERY_PROCESSES = 2


def _resident_bytes() -> int:
    """This process's resident set size (Linux ``/proc/self/statm``; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _start_query_process(server_conn, loaded, idle, busy) -> _QueryProcess:  # pragma: no cover - child process
    """Fork a query process: it answers queries one at a time, each sent with the file descriptor of a
    socket on which it sends its pid and then the answer, and says ``done`` to the worker after each.

    A query process lives on after a query (a fork per query cost 3-8 ms of each query on this kind of
    machine), until it is killed (past the time limit: only that process and its query go; the worker
    and its other query processes go on), has answered :data:`QUERIES_PER_PROCESS` queries, or has
    grown by :data:`QUERY_PROCESS_GROWTH` since it was forked."""
    from multiprocessing.connection import Connection
    from multiprocessing.reduction import recv_handle

    mine, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the query process; leaves without running any cleanup
        code = 0
        try:
            _die_with_parent()
            mine.close()
            server_conn.close()
            for other in list(idle) + list(busy.values()):   # its siblings' ends: not its to hold
                with contextlib.suppress(OSError):
                    other.conn.close()
            control = Connection(theirs.detach())
            limit = _resident_bytes() + QUERY_PROCESS_GROWTH
            for answered in range(1, QUERIES_PER_PROCESS + 1):
                try:
                    request = control.recv()
                except EOFError:
                    break
                if request is None:
                    break
                fd = recv_handle(control)
                answer = Connection(fd)
                try:
                    answer.send(("pid", os.getpid()))
                    reply = _execute(loaded, request)
                    # the worker hears "done" before the server gets the answer, so the next query
                    # finds this process free rather than forking another
                    leave = answered >= QUERIES_PER_PROCESS or _resident_bytes() > limit
                    control.send("retire" if leave else "done")
                    answer.send(reply)
                except OSError:
                    leave = False   # the server stopped waiting; the next query is another's
                finally:
                    answer.close()
                if leave:
                    break
        except BaseException:  # noqa: BLE001 - the server sees the answer socket close
            code = 1
        os._exit(code)
    theirs.close()
    from multiprocessing.connection import Connection as _Connection

    return _QueryProcess(pid, _Connection(mine.detach()))


def _die_with_parent() -> None:  # pragma: no cover - child process
    """Linux: this process is killed when its parent (the worker) dies, so no query outlives its worker."""
    with contextlib.suppress(Exception):
        _prctl()(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@functools.lru_cache(maxsize=1)
def _prctl():  # pragma: no cover - child process
    """libc's ``prctl``, looked up once in the worker (importing ctypes in every query process took
    a few milliseconds of each query)."""
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl


def _warm(loaded) -> None:  # pragma: no cover - child process
    """Parse the named queries once before forking, so that no query process pays for it (rdflib's
    parser takes up to a few hundred milliseconds on a long query; the forked processes share the result)."""
    from prospectus_kg.graph.query.named import load_named_queries

    for query in load_named_queries().values():
        with contextlib.suppress(Exception):
            if loaded.kind == "memory":
                loaded._prepare(query.text, True)
            else:
                from prospectus_kg.graph.query.store import refuse_federation

                refuse_federation(query.text, loaded.prefixes)


def _execute(store, request: Mapping[str, Any]) -> tuple:
    """Run one request in a query process: ``("ok", media type, body)`` or ``("error", status, message)``."""
    from prospectus_kg.graph.query.results import serialize

    try:
        result = store.query(request["query"], request.get("bindings") or {}, raw=True)   # written out only
    except QueryError as exc:
        return ("error", 400, exc.one_line())
    except Exception as exc:  # noqa: BLE001 - e.g. RecursionError on a deeply nested query
        return ("error", 500, f"the query failed: {type(exc).__name__}: {exc}")
    fmt = request["graph_format"] if result.kind == "graph" else request["solution_format"]
    if fmt is None:
        kind = "a graph (CONSTRUCT/DESCRIBE)" if result.kind == "graph" else "solutions (SELECT/ASK)"
        offered = ", ".join(dict.fromkeys(GRAPH_TYPES if result.kind == "graph" else SOLUTION_TYPES))
        return ("error", 406, f"the query gives {kind}; none of the accepted media types fits (offered: {offered})")
    try:
        body = serialize(result, fmt, store.prefixes, title=request.get("title") or "Query results")
    except Exception as exc:  # noqa: BLE001 - a writer failing is reported, not fatal to the worker
        return ("error", 500, f"cannot write the result as {fmt}: {exc}")
    return ("ok", BY_NAME[fmt].content_type, body.encode("utf-8"))


@dataclass
class _Worker:
    process: Any
    conn: Any
    started: float = field(default_factory=time.monotonic)
    running: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    dead: bool = False


class WorkerPool:
    """Worker processes that each hold the graph and fork one process per query; a query past its time
    limit has its process killed, and the worker (with the loaded graph) goes on."""

    def __init__(self, folder: str | Path, store: str = "auto", *, inferred: bool = False,
                 size: int | None = None, per_worker: int = DEFAULT_PER_WORKER) -> None:
        from prospectus_kg.graph.query.store import choose_store

        self.folder = str(folder)
        self.inferred = inferred
        self.store = choose_store(folder, store, inferred=inferred)  # decided once: every worker the same
        if self.store == "oxigraph":
            # the persistent store, built here once (when missing or stale) rather than by every worker
            # at once; each worker then opens it read-only, and they share it through the page cache
            from prospectus_kg.folder import open_folder

            opened = open_folder(folder)
            opened.disk_store(opened.sources(inferred))
        self.size = size or default_workers()
        self.per_worker = max(1, per_worker)
        self.info: dict[str, Any] = {}
        self._workers: list[_Worker] = []
        self._all: set[int] = set()
        self._lock = threading.Lock()
        self._free = threading.Condition(self._lock)
        self._closed = False
        self.killed = 0
        self.killed_pids: list[int] = []
        #: the query processes that answered the latest queries (their pids, newest last)
        self.answered_by: collections.deque[int] = collections.deque(maxlen=1000)

    # lifecycle
    def start(self) -> WorkerPool:
        """Start every worker and wait until each has loaded the graph (errors raise here)."""
        pending = [self._spawn() for _ in range(self.size)]
        try:
            for worker in pending:
                self._wait_ready(worker)
        except BaseException:
            for worker in pending:
                self._kill(worker)
            raise
        with self._lock:
            self._workers = pending
        return self

    def _spawn(self) -> _Worker:
        # A plain ``python -c`` child talking over a socket pair, rather than multiprocessing: its
        # "spawn" start re-imports the parent's __main__ (breaking a script without a main guard, or
        # stdin), and "fork" is unsafe once the server's threads run.
        parent, child = socket.socketpair()
        try:
            process = subprocess.Popen(
                # -P: the current folder is not put on the import path, so a checkout's folders
                # can never stand in for the installed package
                [sys.executable, "-P", "-c", _WORKER_CODE, str(child.fileno()), self.folder, self.store,
                 "1" if self.inferred else "0"],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                close_fds=True, start_new_session=False)
        finally:
            child.close()
        from multiprocessing.connection import Connection

        with self._lock:
            self._all.add(process.pid)
        return _Worker(process, Connection(parent.detach()))

    def _wait_ready(self, worker: _Worker) -> None:
        if not worker.conn.poll(WORKER_START_TIMEOUT):
            raise GraphFolderError(f"a query worker did not load {self.folder} in {WORKER_START_TIMEOUT:.0f} s")
        try:
            message = worker.conn.recv()
        except (EOFError, OSError) as exc:  # not the graph's fault: the worker could not start (exit 70)
            raise RuntimeError(f"a query worker died while loading {self.folder}") from exc
        if message[0] == "crashed":
            raise RuntimeError(f"a query worker failed while loading {self.folder}: {message[1]}")
        if message[0] != "ready":
            raise GraphFolderError(f"cannot load the graph: {message[1]}", document=self.folder)
        self.info = message[1]

    def _kill(self, worker: _Worker) -> None:
        worker.dead = True
        with contextlib.suppress(Exception):
            worker.process.kill()
        with contextlib.suppress(Exception):
            worker.process.wait(5)
        with contextlib.suppress(Exception):
            worker.conn.close()
        with self._lock:
            self._all.discard(worker.process.pid)

    def _replace(self, worker: _Worker) -> None:
        """A worker died: take it out, and bring up a fresh one in the background."""
        with self._lock:
            if worker not in self._workers:
                return
            self._workers.remove(worker)
        self._kill(worker)

        def respawn() -> None:
            if self._closed:
                return
            fresh = self._spawn()
            try:
                self._wait_ready(fresh)
            except Exception as exc:  # noqa: BLE001 - logged; the pool runs one worker short
                log.error("could not start a replacement query worker: %s", exc)
                self._kill(fresh)
                return
            with self._free:
                if self._closed:
                    fresh.dead = True
                else:
                    self._workers.append(fresh)
                    self._free.notify_all()
            if fresh.dead:
                self._kill(fresh)

        threading.Thread(target=respawn, name="prospectus-kg-respawn", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            with contextlib.suppress(Exception), worker.lock:
                worker.conn.send(None)
            with contextlib.suppress(Exception):
                worker.process.wait(5)
            self._kill(worker)

    @property
    def worker_pids(self) -> set[int]:
        with self._lock:
            return set(self._all)

    # queries
    def _acquire(self, wait: float) -> _Worker:
        """The live worker running the fewest queries, once one has fewer than ``per_worker``."""
        deadline = time.monotonic() + wait
        with self._free:
            while True:
                open_ = [w for w in self._workers if not w.dead and w.running < self.per_worker]
                if open_:
                    worker = min(open_, key=lambda w: w.running)
                    worker.running += 1
                    return worker
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise PoolBusy(f"all {self.size} query workers stayed busy with {self.per_worker} queries each "
                                   f"for {wait:g} s", suggestion="try again shortly")
                self._free.wait(left)

    def _release(self, worker: _Worker) -> None:
        with self._free:
            worker.running -= 1
            self._free.notify()

    def run(self, request: Mapping[str, Any], timeout: float) -> tuple:
        """Run ``request`` in a process forked by a worker (blocking; call from a thread).

        Each worker runs at most ``per_worker`` queries at once; a request waits for a free place at most
        :data:`QUEUE_WAIT` seconds (or twice ``timeout``), else :class:`PoolBusy`. A query running longer
        than ``timeout`` is killed: :class:`QueryTimeout`.
        """
        from multiprocessing.connection import Connection
        from multiprocessing.reduction import send_handle

        worker = self._acquire(max(QUEUE_WAIT, 2 * timeout))
        mine, theirs = socket.socketpair()
        answer = Connection(mine.detach())
        try:
            try:
                with worker.lock:
                    worker.conn.send(("query", dict(request)))
                    send_handle(worker.conn, theirs.fileno(), worker.process.pid)
            except (OSError, ValueError):
                self._replace(worker)
                return ("error", 503, "a query worker stopped unexpectedly; it is being restarted, try again")
            finally:
                theirs.close()
            deadline = time.monotonic() + timeout
            try:
                if not answer.poll(timeout):
                    raise TimeoutError
                kind, pid = answer.recv()
                self.answered_by.append(pid)
                if not answer.poll(max(0.0, deadline - time.monotonic())):
                    self._stop(worker, pid)
                    raise TimeoutError
                return answer.recv()
            except TimeoutError:
                raise QueryTimeout(f"the query ran longer than the time limit of {timeout:g} s and was stopped",
                                   suggestion="narrow it (LIMIT, more specific patterns) or ask for a longer "
                                              "--timeout") from None
            except (EOFError, OSError) as exc:
                return ("error", 500, f"the query process stopped unexpectedly ({type(exc).__name__})")
        finally:
            answer.close()
            self._release(worker)

    def _stop(self, worker: _Worker, pid: int) -> None:
        """Ask ``worker`` to kill its query process ``pid``."""
        with self._lock:
            self.killed += 1
            self.killed_pids.append(pid)
        try:
            with worker.lock:
                worker.conn.send(("kill", pid))
        except (OSError, ValueError):
            self._replace(worker)


# --- the web application -------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _landing_template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["urlquote"] = lambda value: quote(str(value))
    env.filters["dict"] = dict
    return env.get_template("landing.html.j2")


def _landing_page(folder: Path, queries: Mapping[str, Any], info: Mapping[str, Any], timeout: float,
                  views: list[str]) -> str:
    """The landing page (``templates/landing.html.j2``, autoescaped): the named queries with forms."""
    return _landing_template().render(
        folder_name=folder.name, folder=str(folder), triples=info.get("triples", "?"), store=info.get("store", "?"),
        timeout=f"{timeout:g}", views=views, queries=list(queries.items()),
        formats=("html", "json", "csv", "tsv", "xml")) + "\n"


_SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:RDF_XML, formats:JSON-LD,
        formats:N-Quads ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def create_app(pool: WorkerPool, folder: str | Path, *, timeout: float = DEFAULT_TIMEOUT,
               allowed_hosts: list[str] | None = None, cors_origin: str | None = None):
    """The Starlette application serving ``pool``'s graph.

    ``cors_origin``: the value of ``Access-Control-Allow-Origin`` (e.g. ``*`` or ``https://yasgui.org``);
    ``None`` (the default) sends no CORS header, so a web page on another origin cannot read answers.
    """
    import anyio
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    from prospectus_kg.graph.query.named import load_named_queries, query_form

    folder = Path(folder)
    queries = load_named_queries()
    limiter = anyio.CapacityLimiter(max(64, pool.size * pool.per_worker * 4))
    cors = {"Access-Control-Allow-Origin": cors_origin, "Vary": "Origin"} if cors_origin else {}
    max_body = MAX_QUERY_BYTES * 3

    async def read_body(request: Request) -> bytes | None:
        """The request body, read as it arrives; ``None`` as soon as it passes ``max_body`` (chunked too)."""
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def views() -> list[str]:
        return sorted(p.name for p in folder.glob("*.html") if p.is_file())

    def error(status: int, message: str, extra: Mapping[str, str] | None = None) -> Response:
        headers = dict(cors)
        headers.update(extra or {})
        return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)

    async def execute(request: Request, text: str, bindings: Mapping[str, Any] | None, title: str) -> Response:
        if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
            return error(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
        if not text.strip():
            return error(400, "the query is empty")
        if query_form(text) == "update":
            return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        try:
            solution_format, graph_format = negotiate(request.headers.get("accept"),
                                                      request.query_params.get("format")
                                                      or request.query_params.get("output"))
        except ValueError as exc:
            return error(400, str(exc))
        job = {"query": text, "bindings": dict(bindings or {}), "solution_format": solution_format,
               "graph_format": graph_format, "title": title}
        try:
            reply = await anyio.to_thread.run_sync(pool.run, job, timeout, limiter=limiter)
        except QueryTimeout as exc:
            return error(503, exc.one_line())
        except PoolBusy as exc:
            return error(503, exc.one_line(), {"Retry-After": "1"})
        if reply[0] == "ok":
            headers = dict(cors)
            headers["Vary"] = ", ".join(filter(None, ("Accept", headers.get("Vary"))))
            return Response(reply[2], media_type=reply[1], headers=headers)
        return error(reply[1], reply[2])

    async def sparql(request: Request) -> Response:
        params = request.query_params
        if request.method == "OPTIONS":
            allow = {"Allow": "GET, POST, OPTIONS"}
            if cors:  # a CORS preflight is answered only when --cors allows an origin
                allow.update({**cors, "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                              "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "86400"})
            return Response(status_code=204, headers=allow)
        texts = params.getlist("query")
        if params.getlist("update"):
            return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        graphs = [g for key in ("default-graph-uri", "named-graph-uri") for g in params.getlist(key) if g]
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                length = int(request.headers.get("content-length") or 0)
            except ValueError:
                return error(400, "the Content-Length header is not a number")
            too_long = error(413, f"the request body is longer than {max_body} bytes", {"Connection": "close"})
            if length > max_body:
                return too_long
            if ctype == "application/sparql-update":
                return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
            if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
                return error(415, "POST a query as application/x-www-form-urlencoded (query=...) or as "
                                  "application/sparql-query")
            body = await read_body(request)
            if body is None:
                return too_long
            if ctype == "application/x-www-form-urlencoded":
                # parsed here (python-multipart, which Starlette's request.form() needs, is not a dependency)
                try:
                    fields = parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                      strict_parsing=False, max_num_fields=100)
                except (UnicodeDecodeError, ValueError) as exc:
                    return error(400, f"cannot read the form: {exc}")
                if fields.get("update"):
                    return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
                texts = texts + fields.get("query", [])
                graphs += [g for key in ("default-graph-uri", "named-graph-uri") for g in fields.get(key, []) if g]
            else:
                try:
                    texts = texts + [body.decode("utf-8")]
                except UnicodeDecodeError:
                    return error(400, "the query is not UTF-8")
        if graphs:
            return error(400, "default-graph-uri and named-graph-uri are not supported: the graph folder is one "
                              "default graph")
        if len(texts) > 1:
            return error(400, "give one query parameter, not several")
        if not texts:
            if request.method == "GET" and "text/html" in (request.headers.get("accept") or ""):
                return RedirectResponse("/", status_code=303)
            endpoint = str(request.url.replace(query=""))
            return Response(_SERVICE_DESCRIPTION.replace("{endpoint}", endpoint), media_type="text/turtle",
                            headers=cors)
        return await execute(request, texts[0], None, "Query results")

    async def landing(request: Request) -> Response:
        return HTMLResponse(_landing_page(folder, queries, pool.info, timeout, views()))

    async def list_queries(request: Request) -> Response:
        return JSONResponse([{**q.to_dict(), "url": f"/queries/{q.name}"} for q in queries.values()], headers=cors)

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        source = name.endswith(".rq")
        if source:
            name = name[:-3]
        query = queries.get(name)
        if query is None:
            return error(404, f"unknown query name {name!r}; available: {', '.join(queries)}")
        if source:
            return PlainTextResponse(query.text, headers=cors, media_type="application/sparql-query")
        values = {k: v for k, v in request.query_params.items() if k not in ("format", "output")}
        try:
            bindings = query.bind(values)
        except QueryError as exc:
            return error(400, exc.one_line())
        title = name + "".join(f" · {k}={v}" for k, v in values.items())
        return await execute(request, query.text, bindings, title)

    async def view(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in views():
            return error(404, f"no graph view {name!r} in the folder")
        return FileResponse(folder / name, media_type="text/html")

    routes = [
        Route("/", landing, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST", "OPTIONS"]),
        Route("/queries", list_queries, methods=["GET"]),
        Route("/queries/{name}", named, methods=["GET"]),
        Route("/view/{name}", view, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def allowed_hosts_for(host: str) -> list[str] | None:
    """Host names to accept while bound to ``host``: only loopback names on a loopback address."""
    if host in LOOPBACK or host.startswith("127."):
        return ["127.0.0.1", "localhost", "::1", "[::1]", host]
    return None


def bind_socket(host: str, port: int):
    """A listening-ready socket bound to ``(host, port)``; :class:`UsageError` when the port is taken."""
    from prospectus_kg.errors import UsageError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named explicitly: asyncio sets TCP_NODELAY on the connections it accepts only from a
    # listening socket whose ``proto`` says TCP (``socket.socket(family, SOCK_STREAM)`` says 0). Without
    # it Nagle's algorithm holds a response's body until the client acknowledges its headers, and the
    # client delays that acknowledgement: about 40 ms on every request over a kept-alive connection.
    # TCP_NODELAY is also set on the listening socket, which Linux copies to every accepted one.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         suggestion="choose another --port (or --host)") from exc
    return sock


@contextlib.contextmanager
def running_server(folder: str | Path, *, host: str = DEFAULT_HOST, port: int = 0, store: str = "auto",
                   timeout: float = DEFAULT_TIMEOUT, workers: int | None = None, inferred: bool = False,
                   log_level: str = "warning", cors_origin: str | None = None,
                   per_worker: int = DEFAULT_PER_WORKER) -> Iterator[tuple[str, WorkerPool]]:
    """Serve ``folder`` in a background thread: yields ``(base URL, pool)``; stops on exit.

    ``port=0`` takes a free port. For tests and benchmarks; ``prospectus-kg serve`` runs in the foreground.
    """
    import uvicorn

    sock = bind_socket(host, port)
    actual = sock.getsockname()[1]
    pool = WorkerPool(folder, store, inferred=inferred, size=workers, per_worker=per_worker)
    try:
        pool.start()
        app = create_app(pool, folder, timeout=timeout, allowed_hosts=allowed_hosts_for(host), cors_origin=cors_origin)
        server = uvicorn.Server(uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="uvicorn")
        thread.start()
        try:
            deadline = time.monotonic() + 30
            while not server.started and thread.is_alive() and time.monotonic() < deadline:
                time.sleep(0.02)
            if not server.started:
                raise RuntimeError("the server did not start")
            shown = f"[{host}]" if ":" in host else host
            yield f"http://{shown}:{actual}", pool
        finally:
            server.should_exit = True
            thread.join(10)
    finally:
        sock.close()
        pool.close()


def serve(folder: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, store: str = "auto",
          timeout: float = DEFAULT_TIMEOUT, workers: int | None = None, inferred: bool = False,
          access_log: bool = True, announce=print, cors_origin: str | None = None,
          per_worker: int = DEFAULT_PER_WORKER) -> None:
    """Serve ``folder`` in the foreground until interrupted."""
    import uvicorn

    started = time.perf_counter()
    sock = bind_socket(host, port)
    pool = WorkerPool(folder, store, inferred=inferred, size=workers, per_worker=per_worker)
    try:
        pool.start()
        info = pool.info
        shown = f"[{host}]" if ":" in host else host
        announce(f"{info['triples']} triples in the {info['store']} store; {pool.size} query workers "
                 f"({pool.per_worker} queries each at once) ready in "
                 f"{time.perf_counter() - started:.1f} s; time limit {timeout:g} s")
        announce(f"SPARQL endpoint: http://{shown}:{port}/sparql   named queries: http://{shown}:{port}/")
        app = create_app(pool, folder, timeout=timeout, allowed_hosts=allowed_hosts_for(host), cors_origin=cors_origin)
        server = uvicorn.Server(uvicorn.Config(app, log_level="info", access_log=access_log, lifespan="off"))
        server.run(sockets=[sock])
    finally:
        sock.close()
        pool.close()
