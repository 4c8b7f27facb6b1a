"""The persistent Oxigraph store beside a graph folder (``.store/``, ``prospectus_kg.folder``): built on
first use or by ``build --query-store``, found again without rebuilding, rebuilt when graph.ttl's hash
changes, built once by concurrent first users, opened read-only, and giving the same answers as the
in-memory stores."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prospectus_kg.folder import STORE_DIR, open_folder
from prospectus_kg.graph.query.store import open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture()
def folder(seed_folder, tmp_path):
    target = tmp_path / "graph"
    shutil.copytree(seed_folder, target, ignore=shutil.ignore_patterns(STORE_DIR))
    return target


def _stores(folder: Path) -> list[str]:
    root = folder / STORE_DIR
    return sorted(p.name for p in root.iterdir() if p.name != ".lock") if root.exists() else []


def _count(store) -> int:
    return int(store.query(COUNT).rows[0][0])


def test_first_use_builds_it_and_the_next_opens_it(folder):
    assert _stores(folder) == []
    first = open_store(folder, "oxigraph")
    (name,) = _stores(folder)
    assert name.startswith("graph-") and first.disk is not None
    built = (folder / STORE_DIR / name / "meta.json").stat().st_mtime_ns
    second = open_store(folder, "oxigraph")
    assert _stores(folder) == [name]
    assert (folder / STORE_DIR / name / "meta.json").stat().st_mtime_ns == built   # not rebuilt
    memory = open_store(folder, "oxigraph-memory")
    assert memory.disk is None
    assert _count(first) == _count(second) == _count(memory) == memory.triple_count == second.triple_count


def test_a_changed_graph_gets_a_new_store_and_the_old_one_goes(folder):
    open_store(folder, "oxigraph")
    (old,) = _stores(folder)
    before = _count(open_store(folder, "oxigraph"))
    with open(folder / "graph.ttl", "a", encoding="utf-8") as handle:
        handle.write("\n<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    store = open_store(folder, "oxigraph")
    (new,) = _stores(folder)
    assert new != old
    assert _count(store) == before + 1
    assert store.query("ASK { <urn:x:a> <urn:x:b> <urn:x:c> }").boolean is True


def test_a_copied_folder_finds_its_store_by_hash(folder, tmp_path):
    open_store(folder, "oxigraph")
    (name,) = _stores(folder)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    os.utime(copy / "graph.ttl", ns=(1_000_000_000, 1_000_000_000))   # another modification time
    meta = (copy / STORE_DIR / name / "meta.json").stat().st_mtime_ns
    store = open_store(copy, "oxigraph")
    assert _stores(copy) == [name] and (copy / STORE_DIR / name / "meta.json").stat().st_mtime_ns == meta
    assert _count(store) == store.triple_count


def test_concurrent_first_users_build_it_once(folder):
    code = ("import sys; from prospectus_kg.graph.query.store import open_store; "
            "s = open_store(sys.argv[1], 'oxigraph'); print(s.query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }').rows[0][0])")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0]
    assert len(set(outputs)) == 1 and int(outputs[0]) > 2000
    (name,) = _stores(folder)   # one store, no temporary folder left
    assert name.startswith("graph-")


def test_a_build_killed_half_way_leaves_nothing_the_next_one_keeps(folder):
    root = folder / STORE_DIR
    root.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    import socket
    import re
    host = re.sub(r"[^A-Za-z0-9]+", "_", socket.gethostname()) or "host"
    stale = root / f".tmp-{host}-{dead.stdout.strip()}-abc"
    (stale / "oxigraph").mkdir(parents=True)
    unfinished = root / "graph-0000000000000000"   # no meta.json: never used
    unfinished.mkdir()
    open_store(folder, "oxigraph")
    assert not stale.exists() and not unfinished.exists()
    assert len(_stores(folder)) == 1


def test_the_store_is_opened_read_only(folder):
    store = open_store(folder, "oxigraph")
    with pytest.raises((OSError, RuntimeError), match="read-write|read-only|read only"):
        store.store.update("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    assert store.query("ASK { <urn:x:a> ?p ?o }").boolean is False


def test_inferred_triples_get_their_own_store(folder):
    (folder / "inferred.ttl").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    plain = open_store(folder, "oxigraph")
    both = open_store(folder, "oxigraph", inferred=True)
    assert sorted(name.rsplit("-", 1)[0] for name in _stores(folder)) == ["graph", "graph+inferred"]
    assert _count(both) == _count(plain) + 1


def test_build_query_store_writes_the_same_files_and_the_store(tmp_path):
    from prospectus_kg.graph.build.pipeline import build

    seed = Path(__file__).resolve().parents[1] / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
    plain = build([seed], tmp_path / "plain", jobs=1)
    stored = build([seed], tmp_path / "stored", jobs=1, query_store=True)
    assert plain.store_seconds == 0 and stored.store_seconds > 0
    assert not (tmp_path / "plain" / STORE_DIR).exists()
    assert len(_stores(tmp_path / "stored")) == 1

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and p.relative_to(root).parts[0] != STORE_DIR}

    assert files(tmp_path / "plain") == files(tmp_path / "stored")
    disk = open_folder(tmp_path / "stored").disk_store(create=False)
    assert disk is not None and disk.triples == plain.triples
