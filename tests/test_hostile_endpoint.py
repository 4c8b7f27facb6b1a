"""The endpoint against hostile requests, over a real loopback socket (issue 17).

* No query makes the server send a request: a loopback listener records every connection, and every
  spelling of SERVICE (escapes, lower case, SILENT, in a sub-query) is refused on both stores while
  nothing arrives; ``FROM <url>`` loads nothing either.
* A chunked request body is refused with 413 while it is still being sent (it is never buffered whole).
* CORS is off unless ``--cors`` gives an origin.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import httpx
import pytest

pytestmark = pytest.mark.integration


class Listener:
    """A loopback TCP listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.arrived: list[bytes] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.arrived.append(conn.recv(4096) or b"(connected)")
                except OSError:
                    self.arrived.append(b"(connected)")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    found = Listener()
    yield found
    found.close()


def spellings(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    escaped_url = url.replace("h", "\\u0068", 1)
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0073\\u0065rvice <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{escaped_url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} LIMIT 1",
        f"ASK {{ {{ ?a ?b ?c }} UNION {{ SERVICE\t<{url}>{{?s ?p ?o}} }} }}",
        f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_no_spelling_of_service_sends_a_request(seed_folder, listener, store):
    from prospectus_kg.graph.query.server import running_server

    with running_server(seed_folder, store=store, workers=1) as (url, pool), \
            httpx.Client(base_url=url, timeout=60) as client:
        assert pool.info["store"] == store
        for query in spellings(listener.port):
            for response in (client.get("/sparql", params={"query": query}),
                             client.post("/sparql", content=query.encode(),
                                         headers={"Content-Type": "application/sparql-query"})):
                assert response.status_code == 400, (query, response.text)
                assert "SERVICE" in response.text
        # a dataset named by URL is not fetched either (the answer is about the local graph, or an error)
        for query in (f"SELECT * FROM <http://127.0.0.1:{listener.port}/g> WHERE {{ ?s ?p ?o }} LIMIT 1",
                      f"SELECT * FROM NAMED <http://127.0.0.1:{listener.port}/n> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
            client.get("/sparql", params={"query": query})
        # the word inside a string, an IRI, a name or a variable is no call
        fine = ('SELECT ?service WHERE { ?service <http://example.org/service> "SERVICE Corp" } LIMIT 1',
                'PREFIX service: <http://example.org/> ASK { ?s service:name ?o }')
        for query in fine:
            assert client.get("/sparql", params={"query": query}).status_code == 200, query
    assert listener.arrived == []


def test_rdflib_itself_sends_nothing_once_locked_down(listener):
    """Behind the algebra check: rdflib's engine, locked down, refuses SERVICE when evaluating it."""
    from rdflib import Graph
    from rdflib.plugins.sparql.processor import prepareQuery

    from prospectus_kg.errors import QueryError
    from prospectus_kg.graph.query.store import lock_down_rdflib

    lock_down_rdflib()
    query = prepareQuery(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}")
    with pytest.raises(QueryError, match="SERVICE"):
        list(Graph().query(query))
    assert listener.arrived == []


def test_the_query_command_refuses_service_too(seed_folder, listener):
    for store in ("memory", "oxigraph"):
        run = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "query", str(seed_folder),
                              f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
                              "--store", store],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 5, run.stderr
        assert "SERVICE" in run.stderr and "Traceback" not in run.stderr
    assert listener.arrived == []


def test_a_chunked_body_is_refused_while_it_streams(seed_folder):
    """4 MB sent chunked, the final chunk never sent: a server that buffered the body would wait for it
    forever; this one answers 413 as soon as the limit is passed."""
    from prospectus_kg.graph.query.server import MAX_QUERY_BYTES, running_server

    with running_server(seed_folder, workers=1) as (url, pool):
        host, port = url.rsplit("//", 1)[1].split(":")
        with socket.create_connection((host, int(port)), timeout=60) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b"#" * 65536
            sent = 0
            try:
                while sent < MAX_QUERY_BYTES * 4:
                    sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
            except OSError:
                pass  # the server stopped reading and closed: fine, its answer is waiting
            answer = b""
            while b"\r\n\r\n" not in answer:
                part = sock.recv(4096)
                if not part:
                    break
                answer += part
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        # and the server goes on serving
        with httpx.Client(base_url=url, timeout=60) as client:
            assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_cors_only_when_asked(seed_folder):
    from prospectus_kg.graph.query.server import running_server

    query = {"query": "ASK { ?s ?p ?o }"}
    with running_server(seed_folder, workers=1) as (url, pool), httpx.Client(base_url=url, timeout=60) as client:
        response = client.get("/sparql", params=query, headers={"Origin": "https://evil.example"})
        assert response.status_code == 200 and "access-control-allow-origin" not in response.headers
        preflight = client.options("/sparql", headers={"Origin": "https://evil.example",
                                                       "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in preflight.headers
    with running_server(seed_folder, workers=1, cors_origin="https://yasgui.example") as (url, pool), \
            httpx.Client(base_url=url, timeout=60) as client:
        response = client.get("/sparql", params=query, headers={"Origin": "https://yasgui.example"})
        assert response.headers["access-control-allow-origin"] == "https://yasgui.example"


def test_serve_has_a_cors_option():
    run = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "serve", "--help"], capture_output=True, text=True,
                         timeout=60)
    assert "--cors" in run.stdout and "--per-worker" in run.stdout
