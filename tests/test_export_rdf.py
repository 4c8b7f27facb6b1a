"""``prospectus-kg export turtle|ntriples|jsonld|trig``: round trips isomorphic with graph.ttl, TriG
with the stated and inferred triples as two named graphs, deterministic bytes, atomic writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from prospectus_kg.errors import UsageError
from prospectus_kg.exports import rdf

ROOT = Path(__file__).resolve().parents[1]
PARSE = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}

# A small inferred.ttl in the format `prospectus-kg reason` writes (plain triple + prosp:Inferred node),
# so these tests need no Java.
INFERRED = """@prefix prosp: <https://w3id.org/prospectus-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<https://w3id.org/prospectus-kg/id/org/ut-leasing-services-inc> prosp:affiliateOf
    <https://w3id.org/prospectus-kg/id/org/nevada-bond-llc> .
<https://w3id.org/prospectus-kg/id/inferred/1> a prosp:Inferred ;
    rdf:subject <https://w3id.org/prospectus-kg/id/org/ut-leasing-services-inc> ;
    rdf:predicate prosp:affiliateOf ;
    rdf:object <https://w3id.org/prospectus-kg/id/org/nevada-bond-llc> ;
    prosp:inferredBy <https://w3id.org/prospectus-kg/id/reasoning/1> .
"""


@pytest.fixture(scope="module")
def reasoned(seed_folder, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reasoned") / "graph"
    shutil.copytree(seed_folder, folder)
    (folder / "inferred.ttl").write_text(INFERRED, encoding="utf-8")
    return folder


def _cli(*args: str, seed: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    return subprocess.run([sys.executable, "-m", "prospectus_kg.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


@pytest.mark.parametrize("target", ["turtle", "ntriples", "jsonld"])
def test_round_trip_isomorphic(seed_folder, seed_graph, tmp_path, target):
    out = rdf.write(seed_folder, tmp_path / f"out.{target}", format=target).out
    assert isomorphic(Graph().parse(out, format=PARSE[target]), seed_graph)


def test_trig_stated_graph_is_graph_ttl(seed_folder, seed_graph, tmp_path):
    out = rdf.write(seed_folder, tmp_path / "out.trig", format="trig").out
    dataset = Dataset()
    dataset.parse(out, format="trig")
    assert isomorphic(dataset.graph(URIRef(rdf.STATED_GRAPH)), seed_graph)
    assert len(dataset.graph(URIRef(rdf.INFERRED_GRAPH))) == 0


def test_trig_with_inferred_has_two_named_graphs(reasoned, seed_graph, tmp_path):
    out = rdf.write(reasoned, tmp_path / "out.trig", format="trig", with_inferred=True).out
    dataset = Dataset()
    dataset.parse(out, format="trig")
    assert isomorphic(dataset.graph(URIRef(rdf.STATED_GRAPH)), seed_graph)
    assert isomorphic(dataset.graph(URIRef(rdf.INFERRED_GRAPH)), Graph().parse(data=INFERRED, format="turtle"))
    text = out.read_text(encoding="utf-8")
    assert text.index(rdf.STATED_GRAPH) < text.index(rdf.INFERRED_GRAPH)


@pytest.mark.parametrize("target", ["turtle", "ntriples", "jsonld"])
def test_with_inferred_merges_for_single_graph_formats(reasoned, seed_graph, tmp_path, target):
    out = rdf.write(reasoned, tmp_path / "out", format=target, with_inferred=True).out
    merged = seed_graph + Graph().parse(data=INFERRED, format="turtle")
    assert isomorphic(Graph().parse(out, format=PARSE[target]), merged)


def test_with_inferred_needs_inferred_ttl(seed_folder, tmp_path):
    with pytest.raises(UsageError, match="inferred.ttl"):
        rdf.write(seed_folder, tmp_path / "out.trig", format="trig", with_inferred=True)
    assert not (tmp_path / "out.trig").exists()
    done = _cli("export", "trig", str(seed_folder), "--out", str(tmp_path / "o.trig"), "--with-inferred")
    assert done.returncode == 2 and "prospectus-kg reason" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("target", ["turtle", "ntriples", "jsonld", "trig"])
def test_cli_output_is_deterministic_across_hash_seeds(reasoned, tmp_path, target):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.{target}"
        done = _cli("export", target, str(reasoned), "--out", str(out), "--with-inferred", seed=seed)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_ntriples_sorted(seed_folder, tmp_path):
    lines = rdf.write(seed_folder, tmp_path / "g.nt", format="ntriples").out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_atomic_and_bad_output(seed_folder, tmp_path):
    from prospectus_kg.errors import OutputError

    target = tmp_path / "g.ttl"
    target.write_text("earlier")
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError):
        rdf.write(seed_folder, tmp_path / "folder", format="turtle")
    rdf.write(seed_folder, target, format="turtle")
    assert target.read_text(encoding="utf-8").startswith("@prefix")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "g.ttl"]  # no temporary file left


@pytest.mark.parametrize("args, words", [
    (["export", "turtle", "{seed}"], "--out"),
    (["export", "turtle", "{seed}", "--out", "{tmp}/x.ttl", "--uri", "bolt://localhost:7687"], "--uri"),
    (["export", "jsonld", "{seed}", "--out", "{tmp}/x", "--naming", "n10s"], "--naming"),
])
def test_cli_usage_errors(seed_folder, tmp_path, args, words):
    done = _cli(*[a.format(seed=seed_folder, tmp=tmp_path) for a in args])
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_cli_writes_the_file(seed_folder, seed_graph, tmp_path):
    done = _cli("export", "turtle", str(seed_folder), "--out", str(tmp_path / "g.ttl"))
    assert done.returncode == 0, done.stderr
    assert isomorphic(Graph().parse(tmp_path / "g.ttl"), seed_graph)
