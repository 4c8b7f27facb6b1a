"""The build pipeline at scale and under failure: determinism across --jobs, bad documents among good
ones, dead workers, Ctrl-C, streaming, and the sorted N-Triples / Turtle writer (issue 8)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prospectus_kg.errors import InputError, ProspectusKGError
from prospectus_kg.graph.build.pipeline import FAULT_ENV, build, iter_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_corpus import generate  # noqa: E402

SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Twelve synthetic prospectuses (text and HTML) and the seed."""
    folder = tmp_path_factory.mktemp("corpus") / "in"
    generate(folder, 12)
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    """What a build writes, byte for byte: every file but the derived query store (``.store/``)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != ".store"}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


def test_serial_and_parallel_builds_are_byte_identical(corpus, tmp_path):
    serial = build([corpus], tmp_path / "serial", jobs=1)
    parallel = build([corpus], tmp_path / "parallel", jobs=2)
    assert serial.documents == parallel.documents == 13
    assert serial.triples == parallel.triples > 10_000
    a, b = _files(tmp_path / "serial"), _files(tmp_path / "parallel")
    assert a.keys() == b.keys()
    assert {"graph.ttl", "build-report.json", "documents/capstone-turbine-424b3-2003-01-13.txt"} <= a.keys()
    for name in a:
        assert a[name] == b[name], name


def test_spilling_to_disk_changes_nothing(corpus, tmp_path):
    """Two jobs: graph.nt is written by a forked process while this one writes graph.ttl, both from
    spilled runs here; the same bytes as one process writing both from memory."""
    in_memory = build([corpus], tmp_path / "memory", jobs=1, ntriples=True)
    spilled = build([corpus], tmp_path / "spilled", jobs=2, ntriples=True, memory_budget=200_000)
    assert in_memory.triples == spilled.triples
    for name in ("graph.ttl", "graph.nt", "build-report.json"):
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "spilled" / name).read_bytes(), name



@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failing_ntriples_writer_fails_the_build_cleanly(corpus, tmp_path, monkeypatch, how):
    """The process writing graph.nt raises, or dies without a word: one OutputError, no output folder
    and no temporary folder."""
    from prospectus_kg.errors import OutputError
    from prospectus_kg.graph.build import pipeline

    def broken(sink, nt_path, prefixes, replace, sender):
        if how == "raises":
            sender.send(("error", "OSError: [Errno 28] No space left on device"))
        os._exit(9)

    monkeypatch.setattr(pipeline, "_write_ntriples", broken)
    with pytest.raises(OutputError, match="graph.nt: the process writing it failed") as info:
        build([corpus], tmp_path / "out", jobs=2, ntriples=True)
    assert ("No space left" in str(info.value)) == (how == "raises")
    assert not (tmp_path / "out").exists() and _leftovers(tmp_path) == []

def test_turtle_and_ntriples_hold_the_same_graph(corpus, tmp_path):
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.compare import isomorphic
    out = tmp_path / "g"
    summary = build([corpus], out, jobs=2, ntriples=True)
    nt = (out / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    assert nt == sorted(set(nt)) and len(nt) == summary.triples
    ttl, ntg = Graph().parse(out / "graph.ttl", format="turtle"), Graph().parse(out / "graph.nt", format="nt")
    assert len(ttl) == summary.triples and isomorphic(ttl, ntg)
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == summary.triples
    report = json.loads((out / "build-report.json").read_text())
    assert report["counts"]["triples"] == summary.triples


def test_graph_nt_only_for_large_graphs_by_default(tmp_path):
    build([SEED], tmp_path / "seed")
    assert (tmp_path / "seed" / "graph.ttl").is_file()
    assert not (tmp_path / "seed" / "graph.nt").exists()


def test_ntriples_writer_escapes_and_round_trips(tmp_path):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD
    from prospectus_kg.graph.build.ntwriter import SortedLines, nt_line, write_graph
    s = URIRef("https://w3id.org/prospectus-kg/id/org/a")
    p = URIRef("https://w3id.org/prospectus-kg/ontology#name")
    objects = [Literal('say "hi"\\ now\nnext\rline\ttab'), Literal("Ünïcödé — “quotes” \u2028 sep"),
               Literal("7", datatype=XSD.nonNegativeInteger), Literal("label", lang="en"),
               URIRef("https://w3id.org/prospectus-kg/id/org/b c<d>"), Literal("")]
    sink = SortedLines(tmp_path / "work", budget=100)   # spills after every line or two
    for o in objects:
        sink.add(nt_line(s, p, o))
        sink.add(nt_line(s, p, o))                        # duplicates are dropped
    assert sink.spilled_runs > 1
    count = write_graph(sink.line_batches(), tmp_path / "g.ttl", tmp_path / "g.nt",
                        {"prosp": "https://w3id.org/prospectus-kg/ontology#", "kg": "https://w3id.org/prospectus-kg/id/",
                         "xsd": str(XSD)})
    assert count == len(objects)
    ttl, nt = Graph().parse(tmp_path / "g.ttl", format="turtle"), Graph().parse(tmp_path / "g.nt", format="nt")
    expected = {o if not isinstance(o, URIRef) else URIRef("https://w3id.org/prospectus-kg/id/org/b%20c%3Cd%3E")
                for o in objects}
    assert set(ttl.objects(s, p)) == set(nt.objects(s, p)) == expected
    assert not list((tmp_path / "work").glob("run-*"))  # runs are removed once merged


def test_bad_documents_among_good_ones_are_reported_and_skipped(corpus, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for p in sorted(corpus.iterdir())[:4]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.htm").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    html = next(p for p in sorted(corpus.iterdir()) if p.suffix == ".htm").read_text(encoding="utf-8")
    (folder / "truncated.html").write_text(html[: len(html) // 2], encoding="utf-8")
    out = tmp_path / "out"
    summary = build([folder], out, jobs=2)   # a folder: keep going by default
    assert summary.documents == 4
    failed = dict(summary.failed)
    assert set(failed) == {"empty.txt", "binary.htm", "truncated.html"}
    assert "empty" in failed["empty.txt"]
    assert "truncated" in failed["truncated.html"]
    report = json.loads((out / "build-report.json").read_text())
    assert {f["source_name"] for f in report["failed"]} == set(failed)
    assert report["counts"]["documents"] == 4
    # stopping at the first bad document leaves nothing behind
    with pytest.raises(InputError):
        build([folder], tmp_path / "stopped", jobs=2, keep_going=False)
    assert not (tmp_path / "stopped").exists()
    assert _leftovers(tmp_path) == []


def test_bad_document_through_the_cli(corpus, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for p in sorted(corpus.iterdir())[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"  \n")
    run = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", str(folder), "-o", str(tmp_path / "g")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "skipped empty.txt" in run.stderr
    assert "2 documents," in run.stdout and "1 skipped" in run.stdout
    assert "\r" not in run.stderr          # no progress bar when piped
    stopped = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", str(folder), "-o",
                              str(tmp_path / "h"), "--stop-on-error"], capture_output=True, text=True)
    assert stopped.returncode == 3 and "empty.txt" in stopped.stderr
    assert not (tmp_path / "h").exists()


def test_exception_in_extraction_is_caught_per_document(corpus, tmp_path, monkeypatch):
    victim = sorted(corpus.iterdir())[3]
    monkeypatch.setenv(FAULT_ENV, f"raise:{victim.name}")
    summary = build([corpus], tmp_path / "kept", jobs=2)
    assert summary.documents == 12
    ((source, error),) = summary.failed
    assert source == victim.name
    assert "internal error" in error and "RuntimeError" in error and victim.name in error
    with pytest.raises(ProspectusKGError, match=victim.name):
        build([corpus], tmp_path / "stopped", jobs=1, keep_going=False)
    assert not (tmp_path / "stopped").exists() and _leftovers(tmp_path) == []


def test_killed_worker_names_the_document_and_leaves_no_folder(corpus, tmp_path, monkeypatch):
    victim = sorted(corpus.iterdir())[5]
    monkeypatch.setenv(FAULT_ENV, f"crash:{victim.name}")
    with pytest.raises(ProspectusKGError) as info:
        build([corpus], tmp_path / "stopped", jobs=2, keep_going=False)
    assert victim.name in info.value.one_line() and "worker process died" in info.value.one_line()
    assert not (tmp_path / "stopped").exists()
    assert _leftovers(tmp_path) == []


def test_killed_worker_with_keep_going_skips_only_that_document(corpus, tmp_path, monkeypatch):
    victim = sorted(corpus.iterdir())[5]
    monkeypatch.setenv(FAULT_ENV, f"crash:{victim.name}")
    summary = build([corpus], tmp_path / "kept", jobs=2)
    assert summary.documents == 12
    assert [s for s, _e in summary.failed] == [victim.name]
    monkeypatch.delenv(FAULT_ENV)
    clean = build([corpus], tmp_path / "clean", jobs=1, keep_going=True)
    # the same graph as a build without that document: nothing of it, nothing lost of the others
    folder = tmp_path / "without"
    folder.mkdir()
    for p in corpus.iterdir():
        if p != victim:
            (folder / p.name).write_bytes(p.read_bytes())
    assert clean.documents == 13
    without = build([folder], tmp_path / "without-graph", jobs=1)
    assert without.triples == summary.triples


def test_killed_worker_through_the_cli(corpus, tmp_path):
    victim = sorted(corpus.iterdir())[2]
    env = dict(os.environ, **{FAULT_ENV: f"crash:{victim.name}"})
    run = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", str(corpus), "-o", str(tmp_path / "g"),
                          "-j", "2", "--stop-on-error"], capture_output=True, text=True, env=env)
    assert run.returncode == 70
    assert victim.name in run.stderr and "worker process died" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "g").exists() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 128 + signal.SIGTERM)],
                         ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_leaves_no_partial_folder(tmp_path, signum, code):
    folder = tmp_path / "many"
    generate(folder, 40)
    out = tmp_path / "graph"
    env = dict(os.environ, **{FAULT_ENV: "sleep:0.2"})
    # Ctrl-C as at a terminal: a shell starts background commands (``... &``) with SIGINT ignored, and
    # a build inheriting that rightly ignores it too, so the test's own disposition must not leak in
    process = subprocess.Popen([sys.executable, "-m", "prospectus_kg.cli", "build", str(folder), "-o", str(out),
                                "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:   # wait until documents are being written into the temporary folder
        tmp = [p for p in tmp_path.iterdir() if p.name.startswith(".graph.tmp-")]
        if tmp and len(list((tmp[0] / "documents").glob("*.txt"))) >= 2:
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the build did not start writing")
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code, (stdout, stderr)
    assert b"Traceback" not in stderr
    if signum == signal.SIGINT:
        assert b"interrupted" in stderr
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_results_stream_in_input_order_with_bounded_lookahead(corpus, tmp_path):
    docs = tmp_path / "documents"
    docs.mkdir()
    paths = sorted(corpus.iterdir())
    tasks = [(str(p), f"d{i:02d}", p.name) for i, p in enumerate(paths)]
    results = iter_results(tasks, docs, 2, 1 << 28)
    try:
        first = next(results)
        assert first.meta["doc_id"] == "d00"
        # at most the window (4 per worker) is in flight: the rest of the corpus is not read yet
        assert len(list(docs.glob("*.txt"))) <= 1 + 2 * 4
        rest = [r.meta["doc_id"] for r in results]
    finally:
        results.close()
    assert rest == [f"d{i:02d}" for i in range(1, len(paths))]
    one_by_one = tmp_path / "serial"
    one_by_one.mkdir()
    serial = iter_results(tasks[:3], one_by_one, 1, 1 << 28)
    next(serial)
    assert [p.name for p in one_by_one.iterdir()] == ["d00.txt"]   # serial: one document at a time
    serial.close()


def test_summary_counts_and_rate(corpus, tmp_path):
    from prospectus_kg.commands.build import summary_line
    summary = build([corpus], tmp_path / "g", jobs=2)
    assert summary.bytes == sum(p.stat().st_size for p in corpus.iterdir())
    assert summary.jobs == 2 and summary.inputs == 13
    line = summary_line(summary, "g")
    assert line.startswith("13 documents, ") and "documents/s" in line and "MB/s" in line and "2 jobs" in line


def _live_children() -> list[int]:
    """Processes whose parent is this one and that are still running (zombies are reaped ones' leftovers)."""
    me, found = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == me and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@pytest.mark.slow  # waits for a document time limit
def test_hanging_document_times_out_and_is_skipped(corpus, tmp_path, monkeypatch):
    victim = sorted(corpus.iterdir())[4]
    monkeypatch.setenv(FAULT_ENV, f"hang:{victim.name}")
    others = set(_live_children())          # processes other tests left running
    started = time.monotonic()
    parallel = build([corpus], tmp_path / "parallel", jobs=2, doc_timeout=2)
    assert time.monotonic() - started < 60
    assert parallel.documents == 12
    ((source, error),) = parallel.failed
    assert source == victim.name and "timed out" in error and victim.name in error
    report = json.loads((tmp_path / "parallel" / "build-report.json").read_text())
    assert report["failed"] == [{"source_name": victim.name, "error": error}]
    assert victim.name not in {d["source_name"] for d in report["documents"]}
    assert set(_live_children()) <= others  # the hanging worker was killed, the others stopped
    # one job runs in a worker process too (so that a hanging document can be stopped): same folder
    serial = build([corpus], tmp_path / "serial", jobs=1, doc_timeout=2)
    assert serial.failed == parallel.failed
    a, b = _files(tmp_path / "serial"), _files(tmp_path / "parallel")
    assert a.keys() == b.keys() and all(a[k] == b[k] for k in a)
    # and the graph is the one of a build without that document
    monkeypatch.delenv(FAULT_ENV)
    folder = tmp_path / "without"
    folder.mkdir()
    for p in corpus.iterdir():
        if p != victim:
            (folder / p.name).write_bytes(p.read_bytes())
    without = build([folder], tmp_path / "without-graph", jobs=2)
    assert without.triples == parallel.triples
    assert ((tmp_path / "without-graph" / "graph.ttl").read_text(encoding="utf-8").replace(str(folder), str(corpus))
            == (tmp_path / "parallel" / "graph.ttl").read_text(encoding="utf-8"))


@pytest.mark.slow  # waits for a document time limit
def test_hanging_document_with_stop_on_error_fails_the_build(corpus, tmp_path, monkeypatch):
    from prospectus_kg.errors import DocumentTimeoutError, exit_code_for
    victim = sorted(corpus.iterdir())[1]
    monkeypatch.setenv(FAULT_ENV, f"hang:{victim.name}")
    others = set(_live_children())
    with pytest.raises(DocumentTimeoutError) as info:
        build([corpus], tmp_path / "stopped", jobs=2, keep_going=False, doc_timeout=1.5)
    assert victim.name in info.value.one_line() and "timed out" in info.value.one_line()
    assert exit_code_for(info.value, "build") == 124
    assert not (tmp_path / "stopped").exists() and _leftovers(tmp_path) == []
    assert set(_live_children()) <= others


@pytest.mark.slow  # waits for a document time limit
def test_hanging_document_through_the_cli(corpus, tmp_path):
    victim = sorted(corpus.iterdir())[3]
    env = dict(os.environ, **{FAULT_ENV: f"hang:{victim.name}"})
    cli = [sys.executable, "-m", "prospectus_kg.cli", "build", str(corpus), "-j", "2", "--doc-timeout", "1.5"]
    run = subprocess.run(cli + ["-o", str(tmp_path / "g"), "--stop-on-error"], capture_output=True, text=True, env=env,
                         timeout=120)
    assert run.returncode == 124, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert victim.name in line and "timed out" in line and "--doc-timeout" in line
    assert not (tmp_path / "g").exists() and _leftovers(tmp_path) == []
    kept = subprocess.run(cli + ["-o", str(tmp_path / "k")], capture_output=True, text=True, env=env, timeout=120)
    assert kept.returncode == 0, kept.stderr
    assert f"skipped {victim.name}: timed out" in kept.stderr and "12 documents," in kept.stdout
    assert not (tmp_path / "k" / "documents" / f"{victim.stem}.txt").exists()
    help_text = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", "--help"], capture_output=True,
                               text=True).stdout
    assert "--doc-timeout" in help_text and "124" in help_text
    bad = subprocess.run(cli[:-1] + ["-1", "-o", str(tmp_path / "b")], capture_output=True, text=True)
    assert bad.returncode == 2 and "--doc-timeout" in bad.stderr


@pytest.mark.slow  # waits for a document time limit
def test_no_time_limit_waits(corpus, tmp_path, monkeypatch):
    """``doc_timeout=0`` (and None) means no limit: a slow document is waited for."""
    victim = sorted(corpus.iterdir())[0]
    monkeypatch.setenv(FAULT_ENV, "sleep:0.3")
    summary = build([corpus], tmp_path / "g", jobs=2, doc_timeout=0)
    assert summary.documents == 13 and not summary.failed
    from prospectus_kg.errors import DocumentTimeoutError
    with pytest.raises(DocumentTimeoutError, match=victim.name):   # one file stops on error; 0.1 s < the sleep
        build([victim], tmp_path / "h", jobs=1, doc_timeout=0.1)
    assert not (tmp_path / "h").exists()


def test_facts_dropped_in_resolution_are_reported(tmp_path):
    """A document that names no issuer cannot state facts about it: they are dropped, and said so in the
    document's warnings (build-report.json and the command's output), never silently."""
    source = tmp_path / "no-issuer.txt"
    source.write_text("EXPERTS\n\nThe consolidated financial statements incorporated in this prospectus by reference "
                      "have been audited by Marlowe & Finch LLP, an independent registered public accounting firm, "
                      "as stated in their report.\n\nLEGAL MATTERS\n\nThe validity of the shares offered hereby will be "
                      "passed upon for us by Hartley Quinn LLP.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", str(source), "--out", str(tmp_path / "g")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 fact about the issuer dropped" in done.stderr and "auditorOf 1" in done.stderr
    report = json.loads((tmp_path / "g" / "build-report.json").read_text(encoding="utf-8"))
    (document,) = report["documents"]
    assert any("about the issuer dropped" in w for w in document["warnings"])
