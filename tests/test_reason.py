"""``prospectus-kg reason DIR``: HermiT's conclusions in DIR/inferred.ttl, each marked (issue 4).

On the seed (and on the mini fixture that imitates it): UT Leasing is a SellingStockholder,
Capstone an Issuer, Deloitte an Auditor, the affiliate links hold both ways, and Nevada Bond is NOT
inferred to be an affiliate of United Technologies (affiliateOf is symmetric, not transitive).
On a small inline graph: controls is transitive and subsidiaryOf implies control. Java missing or
the reasoner failing: one clear line, exit 2, no temporary file left behind.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from prospectus_kg.cli import main
from prospectus_kg.ontology.namespace import ID, PROSP, PROV

pytest.importorskip("owlready2")

MINI = Path(__file__).parent / "fixtures" / "ontology" / "mini"
ORG = {key: ID[f"org/{key}"] for key in ("mini", "utl", "nb", "utc", "wsgr", "dt")}


def run_reason(folder: Path, *extra: str, capsys) -> tuple[int, str]:
    code = main(["reason", str(folder), *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def inferred_of(folder: Path) -> Graph:
    return Graph().parse(folder / "inferred.ttl", format="turtle")


def is_marked(g: Graph, s, p, o) -> bool:
    """The triple is there, and a prosp:Inferred node names it with its reasoner run."""
    if (s, p, o) not in g:
        return False
    for node in g.subjects(RDF.subject, s):
        if (node, RDF.predicate, p) in g and (node, RDF.object, o) in g and (node, RDF.type, PROSP.Inferred) in g:
            return g.value(node, PROSP.inferredBy) is not None
    return False


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reason") / "mini"
    shutil.copytree(MINI, folder)
    assert main(["reason", str(folder), "--quiet"]) == 0
    return folder


def test_mini_role_types(mini):
    g = inferred_of(mini)
    assert is_marked(g, ORG["utl"], RDF.type, PROSP.SellingStockholder)
    assert is_marked(g, ORG["mini"], RDF.type, PROSP.Issuer)
    assert is_marked(g, ORG["dt"], RDF.type, PROSP.Auditor)
    assert is_marked(g, ORG["wsgr"], RDF.type, PROSP.LegalCounsel)


def test_mini_symmetric_and_inverse_links(mini):
    g = inferred_of(mini)
    assert is_marked(g, ORG["utl"], PROSP.affiliateOf, ORG["nb"])
    assert is_marked(g, ORG["utl"], PROSP.affiliateOf, ORG["utc"])
    assert is_marked(g, ORG["mini"], PROSP.issuerOf, ID["offering/mini"])
    assert is_marked(g, ORG["mini"], PROSP.hasAuditor, ORG["dt"])


def test_mini_affiliation_is_not_transitive(mini):
    g = inferred_of(mini)
    for a, b in ((ORG["nb"], ORG["utc"]), (ORG["utc"], ORG["nb"]), (ORG["nb"], ORG["nb"])):
        assert (a, PROSP.affiliateOf, b) not in g


def test_inferred_facts_lead_back_to_sentences(mini):
    g, stated = inferred_of(mini), Graph().parse(mini / "graph.ttl")
    for node in g.subjects(RDF.type, PROSP.Inferred):
        sources = list(g.objects(node, PROV.wasDerivedFrom))
        assert sources, f"{node} has no prov:wasDerivedFrom"
        for a in sources:
            assert (a, RDF.type, PROSP.Assertion) in stated



def test_stated_facts_are_not_repeated(mini):
    g, stated = inferred_of(mini), Graph().parse(mini / "graph.ttl")
    for node in g.subjects(RDF.type, PROSP.Inferred):
        triple = (g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object))
        if triple in stated:
            assert g.value(node, PROSP.alsoStated) == Literal(True), triple


def test_graph_is_not_modified_and_output_is_deterministic(tmp_path, capsys):
    folder = tmp_path / "m"
    shutil.copytree(MINI, folder)
    before = hashlib.sha256((folder / "graph.ttl").read_bytes()).hexdigest()
    assert run_reason(folder, capsys=capsys)[0] == 0
    first = (folder / "inferred.ttl").read_bytes()
    assert run_reason(folder, capsys=capsys)[0] == 0
    assert (folder / "inferred.ttl").read_bytes() == first
    assert hashlib.sha256((folder / "graph.ttl").read_bytes()).hexdigest() == before


def test_role_types_stated_by_the_build_are_marked_also_stated(tmp_path, capsys):
    folder = tmp_path / "m"
    shutil.copytree(MINI, folder)
    g = Graph().parse(folder / "graph.ttl")
    g.add((ORG["utl"], RDF.type, PROSP.SellingStockholder))
    g.add((ORG["nb"], RDF.type, PROSP.Underwriter))  # nothing supports it
    (folder / "graph.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    code, out = run_reason(folder, capsys=capsys)
    assert code == 0
    inferred = inferred_of(folder)
    assert is_marked(inferred, ORG["utl"], RDF.type, PROSP.SellingStockholder)
    node = next(n for n in inferred.subjects(RDF.object, PROSP.SellingStockholder))
    assert inferred.value(node, PROSP.alsoStated) == Literal(True)
    assert (ORG["nb"], RDF.type, PROSP.Underwriter) not in inferred
    assert "no relation in the graph supports it" in out


# --- transitive control, on a small inline graph ----------------------------------------------

CONTROL_TTL = """
@prefix prosp: <https://w3id.org/prospectus-kg/ontology#> .
@prefix kg: <https://w3id.org/prospectus-kg/id/> .
kg:a a prosp:Organization ; prosp:name "A" ; prosp:controls kg:b .
kg:b a prosp:Organization ; prosp:name "B" ; prosp:controls kg:c .
kg:c a prosp:Organization ; prosp:name "C" .
kg:s a prosp:Organization ; prosp:name "S" ; prosp:subsidiaryOf kg:c .
kg:gp a prosp:Organization ; prosp:name "GP" ; prosp:generalPartnerOf kg:a .
kg:x a prosp:Organization ; prosp:name "X" ; prosp:affiliateOf kg:a .
"""


@pytest.fixture(scope="module")
def control(tmp_path_factory) -> Graph:
    folder = tmp_path_factory.mktemp("control")
    (folder / "graph.ttl").write_text(CONTROL_TTL, encoding="utf-8")
    assert main(["reason", str(folder), "--quiet"]) == 0
    return inferred_of(folder)


@pytest.mark.parametrize("s,o", [("a", "c"), ("c", "s"), ("b", "s"), ("a", "s"), ("gp", "a"), ("gp", "c"), ("gp", "s")])
def test_controls_is_transitive(control, s, o):
    assert is_marked(control, ID[s], PROSP.controls, ID[o])
    assert is_marked(control, ID[o], PROSP.controlledBy, ID[s])


def test_control_is_not_affiliation_and_not_reflexive(control):
    for n in ("a", "b", "c", "s", "gp"):
        assert (ID[n], PROSP.controls, ID[n]) not in control
    assert (ID["x"], PROSP.affiliateOf, ID["b"]) not in control
    assert is_marked(control, ID["a"], PROSP.affiliateOf, ID["x"])
    assert (ID["a"], PROSP.affiliateOf, ID["b"]) not in control


# --- an inconsistent graph: exit 1 -----------------------------------------------------------

def test_inconsistent_graph_exits_1(tmp_path, capsys):
    (tmp_path / "graph.ttl").write_text(CONTROL_TTL + "kg:a prosp:affiliateOf kg:a .\n", encoding="utf-8")
    code, out = run_reason(tmp_path, capsys=capsys)
    assert code == 1 and "inconsistent" in out
    assert not (tmp_path / "inferred.ttl").exists()


# --- could not run: exit 2, nothing left behind ------------------------------------------------

@pytest.fixture
def watched_tmp(tmp_path, monkeypatch) -> Path:
    """Point every temporary file of the run at an empty directory we can inspect afterwards."""
    watch = tmp_path / "tmp"
    watch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(watch))
    return watch


def test_java_missing_exits_2_and_cleans_up(tmp_path, capsys, monkeypatch, watched_tmp):
    import owlready2

    folder = tmp_path / "m"
    shutil.copytree(MINI, folder)
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(tmp_path / "no-java" / "java"))
    code, out = run_reason(folder, capsys=capsys)
    assert code == 2
    assert out.count("\n") == 1 and "Java" in out, out
    assert list(watched_tmp.iterdir()) == []
    assert not (folder / "inferred.ttl").exists()


def test_java_not_on_path_exits_2(tmp_path, capsys, monkeypatch, watched_tmp):
    import owlready2

    folder = tmp_path / "m"
    shutil.copytree(MINI, folder)
    monkeypatch.setattr(owlready2, "JAVA_EXE", "java")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    code, out = run_reason(folder, capsys=capsys)
    assert code == 2 and "Java" in out
    assert list(watched_tmp.iterdir()) == []


def test_reasoner_failing_exits_2_and_cleans_up(tmp_path, capsys, monkeypatch, watched_tmp):
    """A Java that runs but fails (as Pellet does on Java 17): owlready2 would leave its dump behind."""
    import owlready2

    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Exception in thread \"main\" java.lang.UnsupportedClassVersionError: boom' >&2\nexit 1\n")
    fake.chmod(0o755)
    folder = tmp_path / "m"
    shutil.copytree(MINI, folder)
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(fake))
    code, out = run_reason(folder, capsys=capsys)
    assert code == 2
    assert out.count("\n") == 1 and "reasoner failed" in out and "UnsupportedClassVersionError" in out, out
    assert list(watched_tmp.iterdir()) == []


def test_missing_folder_exits_2(tmp_path, capsys):
    code, out = run_reason(tmp_path / "nope", capsys=capsys)
    assert code == 2 and "does not exist" in out


# --- end to end on the seed build --------------------------------------------------------------

SEED = Path(__file__).resolve().parents[1] / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[Graph, Graph]:
    try:
        import prospectus_kg.commands.build  # noqa: F401
    except ImportError:
        pytest.skip("the build command is not there yet")
    out = tmp_path_factory.mktemp("seed") / "graph"
    if main(["build", str(SEED), "--out", str(out)]) != 0:
        pytest.skip("the seed build failed")
    assert main(["reason", str(out), "--quiet"]) == 0
    return Graph().parse(out / "graph.ttl"), inferred_of(out)


def _org(stated: Graph, *words: str):
    for node in set(stated.subjects(RDF.type, PROSP.Organization)):
        name = " ".join(str(n) for n in stated.objects(node, PROSP.name)).lower()
        if all(w.lower() in name for w in words):
            return node
    raise AssertionError(f"no organization named like {words}")


@pytest.mark.slow
def test_seed_inferences(seed):
    stated, inferred = seed
    utl, cap, dt = _org(stated, "UT Leasing"), _org(stated, "Capstone"), _org(stated, "Deloitte")
    nb, utc = _org(stated, "Nevada Bond"), _org(stated, "United Technologies")
    assert is_marked(inferred, utl, RDF.type, PROSP.SellingStockholder)
    assert is_marked(inferred, cap, RDF.type, PROSP.Issuer)
    assert is_marked(inferred, dt, RDF.type, PROSP.Auditor)
    both = stated + inferred
    assert (nb, PROSP.affiliateOf, utl) in both and (utl, PROSP.affiliateOf, nb) in both
    for triple in ((nb, PROSP.affiliateOf, utl), (utl, PROSP.affiliateOf, nb)):
        assert triple in stated or is_marked(inferred, *triple)
    assert (nb, PROSP.affiliateOf, utc) not in both and (utc, PROSP.affiliateOf, nb) not in both
