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
method at all. SERVICE (federated query) is refused with 400: both engines would fetch any URL. A
query dataset given by ``default-graph-uri``/``named-graph-uri`` is refused with 400 (the folder is
one default graph). Malformed SPARQL gets 400 with the parser's message.

Time limit, and why worker processes. Neither engine can stop a running query: rdflib has no
timeout and a Python thread cannot be killed; pyoxigraph 0.5 has no timeout or cancellation in its
Python API. So queries run in a small pool of worker processes (``--workers``, default: the number
of cores, at least 2), each of which loads the graph once. The web process hands a query to an idle
worker and waits at most ``--timeout`` seconds (default 5); past that it kills the worker (SIGKILL:
the query is stopped, not abandoned, and its memory is returned), answers 503 with a message, and
starts a fresh worker in the background. The other workers go on serving other clients meanwhile.
Workers are plain ``python -c`` children talking over socket pairs (multiprocessing's "spawn"
re-imports the caller's ``__main__``, and "fork" is unsafe once the server's threads run). Each
worker holds its own copy of the graph (about 2 KB per triple in the Memory store, 0.5 KB in
Oxigraph; ``--store auto`` picks Oxigraph for large graphs); a replacement worker is ready after
its load time (a second or two for the seed and the shared corpus).

Binding: 127.0.0.1 by default, with a ``Host`` header check against DNS rebinding while bound to a
loopback address. ``Access-Control-Allow-Origin: *`` is sent on ``/sparql`` so that YASGUI and
notebooks in a browser can query the endpoint.

The landing page ``/`` lists the named queries (escaped HTML) with forms to run them at
``/queries/<name>`` (parameters bound as values, never pasted into the query), and links to any
``*.html`` graph view in the folder (e.g. one written by ``prospectus-kg viz DIR --out DIR/graph.html``).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import queue
import re
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
        name = FORMAT_NAMES.get(format_param.strip().lower())
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


def _worker_entry(fd: int, folder: str, store: str, inferred: bool) -> None:  # pragma: no cover - child process
    """``python -c`` entry of a worker: file descriptor ``fd`` is its end of a socket pair with the server."""
    from multiprocessing.connection import Connection

    _worker_main(Connection(fd), folder, store, inferred)


def _worker_main(conn, folder: str, store: str, inferred: bool) -> None:  # pragma: no cover - child process
    """A worker process: load the graph once, then answer requests until the connection closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the web process's to handle
    try:
        from prospectus_kg.graph.query.store import open_store

        loaded = open_store(folder, store, inferred=inferred)
    except ProspectusKGError as exc:
        conn.send(("failed", exc.one_line()))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it as an internal error
        conn.send(("crashed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", {"store": loaded.kind, "triples": loaded.triple_count,
                         "load_seconds": loaded.load_seconds, "prefixes": loaded.prefixes}))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        conn.send(_execute(loaded, request))


def _execute(store, request: Mapping[str, Any]) -> tuple:
    """Run one request in a worker: ``("ok", media type, body)`` or ``("error", status, message)``."""
    from prospectus_kg.graph.query.results import serialize

    try:
        result = store.query(request["query"], request.get("bindings") or {})
    except QueryError as exc:
        return ("error", 400, exc.one_line())
    except Exception as exc:  # noqa: BLE001 - e.g. RecursionError on a deeply nested query: the worker lives on
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


class WorkerPool:
    """Worker processes that each hold the graph; a query past its time limit kills its worker."""

    def __init__(self, folder: str | Path, store: str = "auto", *, inferred: bool = False,
                 size: int | None = None) -> None:
        from prospectus_kg.graph.query.store import choose_store

        self.folder = str(folder)
        self.inferred = inferred
        self.store = choose_store(folder, store, inferred=inferred)  # decided once: every worker the same
        self.size = size or default_workers()
        self.info: dict[str, Any] = {}
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[int] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0

    # lifecycle
    def start(self) -> WorkerPool:
        """Start every worker and wait until each has loaded the graph (errors raise here)."""
        pending = [self._spawn() for _ in range(self.size)]
        try:
            for worker in pending:
                self._wait_ready(worker)
                self._idle.put(worker)
        except BaseException:
            for worker in pending:
                self._kill(worker)
            raise
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
        with contextlib.suppress(Exception):
            worker.process.kill()
        with contextlib.suppress(Exception):
            worker.process.wait(5)
        with contextlib.suppress(Exception):
            worker.conn.close()
        with self._lock:
            self._all.discard(worker.process.pid)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now and bring up a fresh one in the background."""
        self._kill(worker)
        self.killed += 1

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
            if self._closed:
                self._kill(fresh)
            else:
                self._idle.put(fresh)

        threading.Thread(target=respawn, name="prospectus-kg-respawn", daemon=True).start()

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            self._kill(worker)

    @property
    def worker_pids(self) -> set[int]:
        with self._lock:
            return set(self._all)

    # queries
    def run(self, request: Mapping[str, Any], timeout: float) -> tuple:
        """Run ``request`` on an idle worker (blocking; call from a thread).

        Raises :class:`PoolBusy` when no worker becomes free within :data:`QUEUE_WAIT` seconds (or twice
        ``timeout``) and :class:`QueryTimeout` when the query runs longer than ``timeout`` (its worker
        is killed and replaced).
        """
        wait = max(QUEUE_WAIT, 2 * timeout)
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {wait:g} s",
                           suggestion="try again shortly") from None
        try:
            worker.conn.send(dict(request))
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than the time limit of {timeout:g} s and was stopped",
                                   suggestion="narrow it (LIMIT, more specific patterns) or ask for a longer --timeout")
            reply = worker.conn.recv()
        except QueryTimeout:
            raise
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return ("error", 500, f"the query worker stopped unexpectedly ({type(exc).__name__}); it was restarted")
        self._idle.put(worker)
        return reply


# --- the web application -------------------------------------------------------------------------

_SERVICE_RE = re.compile(r"(?<![?$\w:])SERVICE\b", re.IGNORECASE)
_STRIP_RE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|'
                       r'<[^<>"{}|^`\\\s]*>|#[^\n]*')


def _uses_service(text: str) -> bool:
    """Whether a query calls SERVICE (strings, IRIs and comments are skipped)."""
    return bool(_SERVICE_RE.search(_STRIP_RE.sub(" ", text)))


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
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def create_app(pool: WorkerPool, folder: str | Path, *, timeout: float = DEFAULT_TIMEOUT,
               allowed_hosts: list[str] | None = None):
    """The Starlette application serving ``pool``'s graph."""
    import anyio
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    from prospectus_kg.graph.query.named import load_named_queries, query_form

    folder = Path(folder)
    queries = load_named_queries()
    limiter = anyio.CapacityLimiter(max(64, pool.size * 8))
    cors = {"Access-Control-Allow-Origin": "*"}

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
        if _uses_service(text):
            return error(400, "SERVICE (federated query) is not allowed by this endpoint")
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
            headers["Vary"] = "Accept"
            return Response(reply[2], media_type=reply[1], headers=headers)
        return error(reply[1], reply[2])

    async def sparql(request: Request) -> Response:
        params = request.query_params
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={**cors, "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                                      "Access-Control-Allow-Headers": "Content-Type, Accept",
                                                      "Access-Control-Max-Age": "86400"})
        texts = params.getlist("query")
        if params.getlist("update"):
            return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        graphs = [g for key in ("default-graph-uri", "named-graph-uri") for g in params.getlist(key) if g]
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            length = int(request.headers.get("content-length") or 0)
            if length > MAX_QUERY_BYTES * 3:
                return error(413, f"the request body is longer than {MAX_QUERY_BYTES * 3} bytes")
            if ctype == "application/sparql-update":
                return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
            if ctype == "application/x-www-form-urlencoded":
                # parsed here (python-multipart, which Starlette's request.form() needs, is not a dependency)
                try:
                    fields = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True,
                                      strict_parsing=False, max_num_fields=100)
                except (UnicodeDecodeError, ValueError) as exc:
                    return error(400, f"cannot read the form: {exc}")
                if fields.get("update"):
                    return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
                texts = texts + fields.get("query", [])
                graphs += [g for key in ("default-graph-uri", "named-graph-uri") for g in fields.get(key, []) if g]
            elif ctype == "application/sparql-query":
                body = await request.body()
                try:
                    texts = texts + [body.decode("utf-8")]
                except UnicodeDecodeError:
                    return error(400, "the query is not UTF-8")
            else:
                return error(415, "POST a query as application/x-www-form-urlencoded (query=...) or as "
                                  "application/sparql-query")
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
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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
                   log_level: str = "warning") -> Iterator[tuple[str, WorkerPool]]:
    """Serve ``folder`` in a background thread: yields ``(base URL, pool)``; stops on exit.

    ``port=0`` takes a free port. For tests and benchmarks; ``prospectus-kg serve`` runs in the foreground.
    """
    import uvicorn

    sock = bind_socket(host, port)
    actual = sock.getsockname()[1]
    pool = WorkerPool(folder, store, inferred=inferred, size=workers)
    try:
        pool.start()
        app = create_app(pool, folder, timeout=timeout, allowed_hosts=allowed_hosts_for(host))
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
          access_log: bool = True, announce=print) -> None:
    """Serve ``folder`` in the foreground until interrupted."""
    import uvicorn

    started = time.perf_counter()
    sock = bind_socket(host, port)
    pool = WorkerPool(folder, store, inferred=inferred, size=workers)
    try:
        pool.start()
        info = pool.info
        shown = f"[{host}]" if ":" in host else host
        announce(f"{info['triples']} triples in the {info['store']} store; {pool.size} query workers ready in "
                 f"{time.perf_counter() - started:.1f} s; time limit {timeout:g} s")
        announce(f"SPARQL endpoint: http://{shown}:{port}/sparql   named queries: http://{shown}:{port}/")
        app = create_app(pool, folder, timeout=timeout, allowed_hosts=allowed_hosts_for(host))
        server = uvicorn.Server(uvicorn.Config(app, log_level="info", access_log=access_log, lifespan="off"))
        server.run(sockets=[sock])
    finally:
        sock.close()
        pool.close()
