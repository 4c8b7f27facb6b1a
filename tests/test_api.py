"""The Python API (core/api.py): the README's example runs as written, and the API's promises hold."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import prospectus_kg
from prospectus_kg.errors import GraphFolderError, QueryError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


def readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def test_the_readme_example_runs(monkeypatch, capsys):
    blocks = readme_python_blocks()
    assert blocks, "README.md has no python block"
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)  # noqa: S102 - the documented example itself
    out = capsys.readouterr().out
    assert "1 document, 104 facts" in out
    assert "Nevada Bond, LLC -affiliateOf-> UT Leasing Services, Inc. <-affiliateOf- United Technologies Corporation" in out
    assert "UT Leasing Services, Inc." in out
    kg = namespace["kg"]
    assert kg.temporary and not kg.path.exists()    # close() removed the temporary folder


def test_import_is_light_and_the_names_are_there():
    light = subprocess.run([sys.executable, "-c", "import sys, prospectus_kg; "
                            "print(sorted({'rdflib', 'pyoxigraph', 'pyshacl', 'owlready2'} & set(sys.modules)))"],
                           capture_output=True, text=True)
    assert light.returncode == 0 and light.stdout.strip() == "[]"
    assert {"build", "open", "KnowledgeGraph", "Fact"} <= set(dir(prospectus_kg))


def test_build_into_a_folder_and_open_it_again(tmp_path, seed_folder):
    kg = prospectus_kg.build([SEED], tmp_path / "g", jobs=1, store="oxigraph")
    assert not kg.temporary and (tmp_path / "g" / "graph.ttl").is_file()
    again = prospectus_kg.open(tmp_path / "g", store="memory")
    assert again.summary is None and again.report["documents"]
    assert kg.facts == again.facts and len(kg.facts) == kg.summary.facts
    assert (tmp_path / "g" / "graph.ttl").read_bytes() == (Path(seed_folder) / "graph.ttl").read_bytes()
    for fact in kg.facts:
        assert kg.text(fact)[fact.start:fact.end] == fact.quote
        assert (fact.subject, fact.predicate, fact.object) in kg.graph
    kg.close()
    assert (tmp_path / "g").is_dir()   # a folder given as out is the user's: close() keeps it


def test_facts_carry_typed_values(seed_folder):
    kg = prospectus_kg.open(seed_folder)
    shares = [f for f in kg.facts if str(f.predicate).endswith("#sharesOffered")]
    assert shares and all(isinstance(f.value, int) for f in shares) and 3994817 in {f.value for f in shares}
    assert isinstance(kg.graph, Graph)


def test_query_parameters_for_named_and_adhoc_queries(seed_folder):
    kg = prospectus_kg.open(seed_folder)
    by_name = kg.query("evidence", entity="UT Leasing Services, Inc.")
    by_iri = kg.query("evidence", entity=URIRef("https://w3id.org/prospectus-kg/id/org/ut-leasing-services-inc"))
    assert [row[1:] for row in by_name.rows] == [row[1:] for row in by_iri.rows] and len(by_name) > 0
    adhoc = kg.query("SELECT ?a WHERE { ?a oa:start ?s }", s=4010)   # an int is matched as the number it is
    memory = prospectus_kg.open(seed_folder, store="memory").query(
        "SELECT ?a WHERE { ?a oa:start ?s }", {"s": prospectus_kg.open(seed_folder).facts[0].start})
    assert len(memory) >= 1 and adhoc.kind == "select"
    with pytest.raises(QueryError, match="unknown query name"):
        kg.query("no-such-query")
    with pytest.raises(QueryError, match="needs parameter|missing|required"):
        kg.query("affiliates")
    with pytest.raises(QueryError, match="malformed SPARQL"):
        kg.query("SELECT WHERE {")


def test_open_refuses_what_is_not_a_graph_folder(tmp_path):
    with pytest.raises(GraphFolderError):
        prospectus_kg.open(tmp_path)
    with pytest.raises(GraphFolderError):
        prospectus_kg.open(tmp_path, inferred=True) if (tmp_path / "graph.ttl").exists() else prospectus_kg.open(tmp_path)


def test_a_temporary_build_is_removed_when_collected():
    import gc

    kg = prospectus_kg.build(SEED, jobs=1)
    path = kg.path
    assert path.is_dir()
    del kg
    gc.collect()
    assert not path.exists() and not path.parent.exists()


def test_a_failed_temporary_build_leaves_nothing(tmp_path):
    before = set(os.listdir(os.environ.get("TMPDIR", "/tmp")))
    with pytest.raises(prospectus_kg.errors.ProspectusKGError):
        prospectus_kg.build(tmp_path / "missing.txt", jobs=1)
    after = set(os.listdir(os.environ.get("TMPDIR", "/tmp")))
    assert not {name for name in after - before if name.startswith("prospectus-kg-")}
