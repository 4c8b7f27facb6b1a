"""The SPARQL 1.1 Protocol endpoint over a real loopback socket: GET and POST, content negotiation,
read-only (updates refused, data unchanged), the time limit (a runaway query is stopped while another
client is served), errors, named queries and the landing page, and a bounded load (no timings asserted).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

NEVADA = "Nevada Bond, LLC"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIME_LIMIT = 3.0


@pytest.fixture(scope="module")
def folder(seed_folder, tmp_path_factory):
    """The seed graph folder with an HTML graph view whose name needs escaping."""
    target = tmp_path_factory.mktemp("served") / "graph"
    shutil.copytree(seed_folder, target)
    (target / "graph.html").write_text("<!doctype html><title>graph view</title><p>view</p>", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def server(folder):
    from prospectus_kg.graph.query.server import running_server

    with running_server(folder, timeout=TIME_LIMIT, workers=2) as (url, pool):
        yield url, pool


@pytest.fixture()
def client(server):
    with httpx.Client(base_url=server[0], timeout=60) as c:
        yield c


def triples(client) -> int:
    r = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


# --- protocol ------------------------------------------------------------------------------------

def test_get_post_form_and_post_direct_give_the_same_results(client):
    query = f'SELECT ?o WHERE {{ ?o prosp:name "{NEVADA}" }}'
    accept = {"Accept": "application/sparql-results+json"}
    got = client.get("/sparql", params={"query": query}, headers=accept)
    form = client.post("/sparql", data={"query": query}, headers=accept)
    direct = client.post("/sparql", content=query.encode(), headers={**accept, "Content-Type": "application/sparql-query"})
    for r in (got, form, direct):
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        assert r.json() == {"head": {"vars": ["o"]}, "results": {"bindings": [
            {"o": {"type": "uri", "value": "https://w3id.org/prospectus-kg/id/org/nevada-bond-llc"}}]}}
    assert "access-control-allow-origin" not in got.headers  # CORS is off unless --cors allows an origin


@pytest.mark.parametrize("accept, media, check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: ET.fromstring(b)),
    ("text/csv", "text/csv", lambda b: list(csv.reader(io.StringIO(b.decode()))) [1:]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().startswith("?name\n\"")),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", lambda b: b"<table>" in b),
    ("*/*", "application/sparql-results+json", lambda b: json.loads(b)),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", lambda b: ET.fromstring(b)),
    ("", "application/sparql-results+json", lambda b: json.loads(b)),
])
def test_content_negotiation_for_solutions(client, accept, media, check):
    r = client.get("/sparql", params={"query": "SELECT ?name WHERE { ?o prosp:name ?name }"},
                   headers={"Accept": accept} if accept else {})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert check(r.content)


def test_content_negotiation_for_graphs_and_ask(client):
    from rdflib import Graph

    construct = "CONSTRUCT { ?o prosp:name ?n } WHERE { ?o prosp:name ?n }"
    r = client.post("/sparql", data={"query": construct}, headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=r.text, format="turtle")) == 6
    r = client.post("/sparql", data={"query": construct}, headers={"Accept": "application/n-triples"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=r.text, format="nt")) == 6
    # a client that only asked for result formats still gets a graph from the default choice of */*
    r = client.post("/sparql", data={"query": construct}, headers={"Accept": "application/sparql-results+json, */*;q=0.1"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = client.post("/sparql", data={"query": construct}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 406
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>true</boolean>" in r.content
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "json"}, headers={"Accept": "image/png"})
    assert r.json() == {"head": {}, "boolean": True}


def test_service_description_and_landing_redirect(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "sd:SPARQL11Query" in r.text
    r = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


# --- read-only -----------------------------------------------------------------------------------

def test_updates_are_refused_and_the_data_is_unchanged(client):
    before = triples(client)
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    delete = "DELETE WHERE { ?s ?p ?o }"
    attempts = [
        client.post("/sparql", data={"update": insert}),
        client.post("/sparql", content=delete.encode(), headers={"Content-Type": "application/sparql-update"}),
        client.post("/sparql", data={"query": insert}),
        client.post("/sparql", content=("PREFIX x: <http://x/>\n" + delete).encode(),
                    headers={"Content-Type": "application/sparql-query"}),
        client.get("/sparql", params={"query": "LOAD <http://example.org/data.ttl>"}),
        client.get("/sparql", params={"update": "CLEAR ALL"}),
    ]
    for r in attempts:
        assert r.status_code == 403, r.text
        assert "read-only" in r.text
    assert triples(client) == before
    r = client.get("/sparql", params={"query": "ASK { <http://example.org/a> ?p ?o }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.json()["boolean"] is False


def test_service_dataset_and_malformed_queries_get_400(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.text
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"})
    assert r.status_code == 400 and "default-graph-uri" in r.text
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x prosp:name "})
    assert r.status_code == 400 and r.text.startswith("malformed SPARQL:")
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s nope:p ?o }"})
    assert r.status_code == 400 and "nope" in r.text
    r = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400
    r = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    # a string that merely contains the word SERVICE is fine
    r = client.get("/sparql", params={"query": 'ASK { FILTER("SERVICE" != "x") } # SERVICE'})
    assert r.status_code == 200


def test_host_header_is_checked_on_loopback(client):
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


# --- time limit ----------------------------------------------------------------------------------

def test_a_runaway_query_is_stopped_while_another_client_is_served(server, client):
    url, pool = server
    before_pids = pool.worker_pids
    runaway: dict = {}

    def run_away():
        with httpx.Client(base_url=url, timeout=60) as other:
            start = time.monotonic()
            runaway["response"] = other.post("/sparql", data={"query": RUNAWAY})
            runaway["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=run_away)
    thread.start()
    time.sleep(0.5)  # the runaway query is running now
    served = client.get("/sparql", params={"query": f'ASK {{ ?o prosp:name "{NEVADA}" }}'},
                        headers={"Accept": "application/sparql-results+json"})
    assert served.status_code == 200 and served.json()["boolean"] is True
    assert "response" not in runaway  # served while the runaway query was still running
    thread.join(60)
    response = runaway["response"]
    assert response.status_code == 503
    assert "time limit" in response.text and "stopped" in response.text
    assert runaway["seconds"] < TIME_LIMIT + 10
    # the process that ran it was killed (it is gone); the workers, with their loaded graph, go on
    assert pool.worker_pids == before_pids
    pid = pool.killed_pids[-1]
    deadline = time.monotonic() + 60
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)
    assert triples(client) > 2000


def test_query_processes_are_kept_between_queries(folder):
    """One worker: twenty queries in a row are answered by one query process, not twenty forks; a
    runaway query's process is killed and the next query gets another one."""
    from prospectus_kg.graph.query.server import running_server

    with running_server(folder, timeout=2.0, workers=1) as (url, pool):
        workers = pool.worker_pids
        with httpx.Client(base_url=url, timeout=60) as c:
            for _ in range(20):
                assert c.get("/sparql", params={"query": COUNT},
                             headers={"Accept": "application/sparql-results+json"}).status_code == 200
            answered = list(pool.answered_by)
            assert len(answered) == 20 and len(set(answered)) == 1
            assert c.post("/sparql", data={"query": RUNAWAY}).status_code == 503
            (killed,) = pool.killed_pids
            assert killed == pool.answered_by[-1]
            assert triples(c) > 2000
            assert pool.answered_by[-1] != killed   # a fresh query process answered
            assert pool.worker_pids == workers   # the worker itself went on


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_four_runaway_queries_do_not_hold_every_worker(folder):
    """Two workers, four runaway queries running: a cheap ASK is answered while all four still run."""
    from prospectus_kg.graph.query.server import running_server

    limit = 60.0  # the runaway queries run until stopped at this limit, long after the ASK is answered
    with running_server(folder, timeout=limit, workers=2) as (url, pool):
        started = threading.Barrier(5)
        answers: list = []

        def run_away():
            with httpx.Client(base_url=url, timeout=limit + 30) as other:
                started.wait()
                answers.append(other.post("/sparql", data={"query": RUNAWAY}).status_code)

        threads = [threading.Thread(target=run_away) for _ in range(4)]
        for thread in threads:
            thread.start()
        started.wait()
        time.sleep(0.5)  # the four are running
        with httpx.Client(base_url=url, timeout=limit) as c:
            served = c.get("/sparql", params={"query": f'ASK {{ ?o prosp:name "{NEVADA}" }}'},
                           headers={"Accept": "application/sparql-results+json"})
        assert served.status_code == 200 and served.json()["boolean"] is True
        assert answers == []  # none of the runaway queries had ended (they end at the time limit)
        assert pool.killed == 0
    for thread in threads:  # closing the pool ended them
        thread.join(limit + 30)


def test_the_time_limit_stops_oxigraph_queries_too(folder):
    from prospectus_kg.graph.query.server import running_server

    with running_server(folder, store="oxigraph", timeout=1.5, workers=2) as (url, pool):
        with httpx.Client(base_url=url, timeout=60) as c:
            assert pool.info["store"] == "oxigraph"
            r = c.post("/sparql", data={"query": RUNAWAY})
            assert r.status_code == 503 and "time limit of 1.5 s" in r.text
            assert pool.killed == 1
            assert triples(c) > 2000


# --- named queries and the landing page ----------------------------------------------------------

def test_named_queries_over_http(client):
    r = client.get("/queries/affiliates", params={"org": NEVADA, "format": "json"})
    assert r.status_code == 200
    paths = {b["partyName"]["value"]: b["path"]["value"] for b in r.json()["results"]["bindings"]}
    assert paths["United Technologies Corporation"].endswith("<-affiliateOf- United Technologies Corporation")
    r = client.get("/queries/affiliates", params={"org": NEVADA}, headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html") and "United Technologies Corporation" in r.text
    r = client.get("/queries/affiliates")
    assert r.status_code == 400 and "needs parameter 'org'" in r.text
    r = client.get("/queries/nope")
    assert r.status_code == 404 and "affiliates" in r.text
    r = client.get("/queries/selling-stockholders", headers={"Accept": "text/csv"})
    assert '"UT Leasing Services, Inc.",3994817' in r.text
    r = client.get("/queries/evidence.rq")
    assert r.status_code == 200 and "# name: evidence" in r.text
    listed = client.get("/queries").json()
    assert {q["name"] for q in listed} >= {"affiliates", "evidence", "issuers"}
    # a hostile value is a value: nothing breaks out of the query, HTML output is escaped
    r = client.get("/queries/evidence", params={"entity": '<script>alert(1)</script>" } UNION { ?s ?p ?o'},
                   headers={"Accept": "text/html"})
    assert r.status_code == 200 and "<script>alert" not in r.text and "0 row(s)" in r.text


def test_landing_page_lists_queries_and_links_the_graph_view(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    for name in ("selling-stockholders", "affiliates", "evidence", "shared-parties", "distribution-methods"):
        assert f'href="/queries/{name}' in page or f'action="/queries/{name}"' in page
    assert 'value="Nevada Bond, LLC"' in page  # the example fills the parameter form
    assert "&lt;-affiliateOf-" in page and "<-affiliateOf-" not in page  # descriptions are escaped
    assert 'href="/view/graph.html"' in page
    view = client.get("/view/graph.html")
    assert view.status_code == 200 and "graph view" in view.text
    assert client.get("/view/graph.ttl").status_code == 404
    assert client.get("/view/..%2Fgraph.html").status_code == 404


# --- no Nagle delay on a kept-alive connection ----------------------------------------------------

def test_a_kept_alive_connection_gets_no_nagle_delay(server):
    """Requests over one kept-alive connection. With Nagle's algorithm on the accepted socket, the body
    of each response waits for the client's delayed acknowledgement of its headers: about 40 ms every
    time (measured 44-65 ms here before the fix), a delay no query on the seed comes near (0.3-5 ms).
    The threshold, 25 ms for the median of nine, can only be crossed by that delay."""
    import http.client
    import statistics
    from urllib.parse import quote, urlsplit

    parts = urlsplit(server[0])
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        for path in ("/queries", "/sparql?query=" + quote(f'ASK {{ ?o prosp:name "{NEVADA}" }}')):
            seconds = []
            for _ in range(11):
                start = time.perf_counter()
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                response = conn.getresponse()
                body = response.read()
                seconds.append(time.perf_counter() - start)
                assert response.status == 200 and body
            assert statistics.median(seconds[2:]) < 0.025, (path, [round(s * 1000, 1) for s in seconds])
    finally:
        conn.close()


def test_the_listening_socket_is_tcp_with_nodelay():
    import socket

    from prospectus_kg.graph.query.server import bind_socket

    sock = bind_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP   # what asyncio checks before setting TCP_NODELAY itself
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        sock.close()


# --- bounded load --------------------------------------------------------------------------------

def test_bounded_load_all_succeed(server):
    """300 queries from 12 threads; every one answers 200 (timings are the benchmark's business)."""
    url, _pool = server
    queries = [("/sparql", {"query": "SELECT ?n WHERE { ?o prosp:name ?n }"}),
               ("/queries/affiliates", {"org": NEVADA}),
               ("/queries/issuers", {}),
               ("/sparql", {"query": COUNT})]

    def worker(index: int) -> list[int]:
        codes = []
        with httpx.Client(base_url=url, timeout=60) as c:
            for i in range(25):
                path, params = queries[(index + i) % len(queries)]
                codes.append(c.get(path, params=params, headers={"Accept": "application/sparql-results+json"}).status_code)
        return codes

    with ThreadPoolExecutor(12) as pool:
        codes = [code for batch in pool.map(worker, range(12)) for code in batch]
    assert len(codes) == 300
    assert codes.count(200) == 300, {c: codes.count(c) for c in set(codes)}


# --- pieces --------------------------------------------------------------------------------------

def test_negotiate():
    from prospectus_kg.graph.query.server import negotiate

    assert negotiate(None) == ("json", "turtle")
    assert negotiate("text/csv") == ("csv", None)
    assert negotiate("text/*") == ("csv", "turtle")
    assert negotiate("application/n-triples, text/csv;q=0.2") == ("csv", "ntriples")
    assert negotiate("text/csv", "turtle") == ("csv", "turtle")
    with pytest.raises(ValueError):
        negotiate(None, "pdf")


def test_serve_command_errors(capsys, tmp_path, seed_folder):
    import socket

    from prospectus_kg.cli import main

    assert main(["serve", str(tmp_path / "missing")]) == 3
    assert main(["serve", str(seed_folder), "--timeout", "0"]) == 2
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        assert main(["serve", str(seed_folder), "--port", str(taken.getsockname()[1])]) == 2
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot listen on 127.0.0.1" in err
