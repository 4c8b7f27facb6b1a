"""``prospectus-kg validate DIR``: 0 conformant, 1 not conformant, 2 could not run (issue 4).

Graphs broken on purpose (no issuer, a negative share count, an entity affiliated with itself, an
assertion whose span does not match its quote, a date that is not a date) must each be rejected
with exit 1 and a report that names the problem. The tiny folder tests/fixtures/ontology/mini is
a hand-made miniature of a build (see make_mini.py); the end-to-end tests use the real build of
the seed prospectus when the build command exists.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF
import rdflib.namespace
from rdflib import Namespace

from prospectus_kg.cli import main
from prospectus_kg.ontology.namespace import ID, OA, PROSP

_XSD = Namespace(str(rdflib.namespace.XSD))  # a plain Namespace: pytest probes module attributes
MINI = Path(__file__).parent / "fixtures" / "ontology" / "mini"
OFFERING = ID["offering/mini"]


def copy_mini(tmp_path: Path, mutate=None, name: str = "g") -> Path:
    folder = tmp_path / name
    shutil.copytree(MINI, folder)
    if mutate is not None:
        graph = Graph().parse(folder / "graph.ttl")
        mutate(graph)
        (folder / "graph.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
    return folder


def validate(folder: Path, *extra: str, capsys) -> tuple[int, str]:
    code = main(["validate", str(folder), *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def assertion_of(graph: Graph, s, p):
    for a in graph.subjects(RDF.subject, s):
        if (a, RDF.predicate, p) in graph:
            return a
    raise AssertionError(f"no assertion for {s} {p}")


def test_mini_conforms(tmp_path, capsys):
    code, out = validate(copy_mini(tmp_path), capsys=capsys)
    assert code == 0, out
    assert "conforms" in out


def test_mini_conforms_json(tmp_path, capsys):
    code, out = validate(copy_mini(tmp_path), "--format", "json", "--no-owl", capsys=capsys)
    report = json.loads(out)
    assert code == 0 and report["conforms"] is True and report["problems"] == []
    assert report["checks"]["owl"]["ran"] is False


# --- graphs broken on purpose -----------------------------------------------------------------

def no_issuer(g: Graph) -> None:
    g.remove((OFFERING, PROSP.issuer, None))


def negative_share_count(g: Graph) -> None:
    old = next(g.objects(OFFERING, PROSP.sharesOffered))
    g.remove((OFFERING, PROSP.sharesOffered, old))
    g.add((OFFERING, PROSP.sharesOffered, Literal("-3994817", datatype=_XSD.integer)))
    a = assertion_of(g, OFFERING, PROSP.sharesOffered)
    g.set((a, RDF.object, Literal("-3994817", datatype=_XSD.integer)))


def self_affiliate(g: Graph) -> None:
    nb = ID["org/nb"]
    g.add((nb, PROSP.affiliateOf, nb))
    a = assertion_of(g, nb, PROSP.affiliateOf)
    g.set((a, RDF.object, nb))
    g.remove((nb, PROSP.affiliateOf, ID["org/utl"]))


def span_mismatch(g: Graph) -> None:
    a = assertion_of(g, ID["org/nb"], PROSP.affiliateOf)
    target = g.value(a, OA.hasTarget)
    for selector in g.objects(target, OA.hasSelector):
        if g.value(selector, OA.start) is not None:
            start = int(g.value(selector, OA.start))
            g.set((selector, OA.start, Literal(start + 7, datatype=_XSD.nonNegativeInteger)))
            g.set((selector, OA.end, Literal(start + 7 + 56, datatype=_XSD.nonNegativeInteger)))


def not_a_date(g: Graph) -> None:
    doc = ID["doc/mini"]
    old = next(g.objects(doc, PROSP.prospectusDate))
    g.remove((doc, PROSP.prospectusDate, old))
    g.add((doc, PROSP.prospectusDate, Literal("January 13, 2003")))


def not_a_date_ill_typed(g: Graph) -> None:
    doc = ID["doc/mini"]
    old = next(g.objects(doc, PROSP.prospectusDate))
    g.remove((doc, PROSP.prospectusDate, old))
    g.add((doc, PROSP.prospectusDate, Literal("2003-13-45", datatype=_XSD.date)))


def fact_without_assertion(g: Graph) -> None:
    g.add((ID["org/nb"], PROSP.controls, ID["org/utl"]))


def assertion_without_quote(g: Graph) -> None:
    a = assertion_of(g, ID["org/nb"], PROSP.affiliateOf)
    target = g.value(a, OA.hasTarget)
    for selector in list(g.objects(target, OA.hasSelector)):
        g.remove((selector, OA.exact, None))


def start_after_end(g: Graph) -> None:
    a = assertion_of(g, ID["org/nb"], PROSP.affiliateOf)
    target = g.value(a, OA.hasTarget)
    for selector in g.objects(target, OA.hasSelector):
        if g.value(selector, OA.start) is not None:
            start, end = g.value(selector, OA.start), g.value(selector, OA.end)
            g.set((selector, OA.start, end))
            g.set((selector, OA.end, start))


def organization_without_name(g: Graph) -> None:
    g.remove((ID["org/dt"], PROSP.name, None))


BROKEN = {
    # name: (mutation, words the report must contain)
    "no issuer": (no_issuer, ["offering has exactly one issuer", "kg:offering/mini", "prosp:issuer"]),
    "negative share count": (negative_share_count, ["share counts are non-negative integers", "-3994817",
                                                     "prosp:sharesOffered"]),
    "self affiliate": (self_affiliate, ["nobody is their own affiliate", "kg:org/nb", "Nevada Bond, LLC"]),
    "span mismatch": (span_mismatch, ["quote equals the canonical text at its span", "does not match",
                                      "documents/mini.txt"]),
    "not a date": (not_a_date, ["dates are dates", "prosp:prospectusDate", "January 13, 2003"]),
    "ill-typed date": (not_a_date_ill_typed, ["dates are dates", "2003-13-45"]),
    "fact without assertion": (fact_without_assertion, ["every fact has an assertion", "prosp:controls"]),
    "assertion without quote": (assertion_without_quote, ["oa:exact"]),
    "start after end": (start_after_end, ["a span has integer start < end"]),
    "organization without name": (organization_without_name, ["every organization has a name", "kg:org/dt"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_is_rejected(tmp_path, capsys, case):
    mutate, words = BROKEN[case]
    folder = copy_mini(tmp_path, mutate)
    code, out = validate(folder, "--no-owl", capsys=capsys)
    assert code == 1, out
    assert "does NOT conform" in out
    for word in words:
        assert word in out, f"{word!r} missing from the report:\n{out}"


def test_broken_graph_json_names_the_problem(tmp_path, capsys):
    code, out = validate(copy_mini(tmp_path, no_issuer), "--format", "json", "--no-owl", capsys=capsys)
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False
    [problem] = report["problems"]
    assert problem["check"] == "shacl" and problem["rule"] == "offering has exactly one issuer"
    assert problem["focus"] == "kg:offering/mini" and problem["path"] == "prosp:issuer"
    # the source sentence of the node, for the reader
    assert problem["source"]["text_file"] == "documents/mini.txt" and problem["source"]["quote"]


def test_owl_finds_self_affiliation_inconsistent(tmp_path, capsys):
    """affiliateOf is irreflexive in the ontology: HermiT rejects the graph too."""
    code, out = validate(copy_mini(tmp_path, self_affiliate), "--no-shacl", "--no-provenance", capsys=capsys)
    assert code == 1, out
    assert "[owl]" in out and "inconsistent" in out and "kg:org/nb prosp:affiliateOf itself" in out


def test_owl_finds_person_organization_clash(tmp_path, capsys):
    code, out = validate(copy_mini(tmp_path, lambda g: g.add((ID["org/dt"], RDF.type, PROSP.Person))),
                         "--no-shacl", "--no-provenance", capsys=capsys)
    assert code == 1, out
    assert "is both prosp:Organization and prosp:Person" in out


def test_missing_text_file_is_a_problem(tmp_path, capsys):
    folder = copy_mini(tmp_path)
    (folder / "documents" / "mini.txt").unlink()
    code, out = validate(folder, "--no-owl", capsys=capsys)
    assert code == 1
    assert "canonical text documents/mini.txt is missing" in out


# --- could not run: exit 2 --------------------------------------------------------------------

def test_missing_folder_exits_2(tmp_path, capsys):
    code, out = validate(tmp_path / "nope", capsys=capsys)
    assert code == 2 and "does not exist" in out


def test_folder_without_graph_exits_2(tmp_path, capsys):
    code, out = validate(tmp_path, capsys=capsys)
    assert code == 2 and "graph.ttl" in out


def test_unparsable_graph_exits_2(tmp_path, capsys):
    folder = copy_mini(tmp_path)
    (folder / "graph.ttl").write_text("this is not turtle <", encoding="utf-8")
    code, out = validate(folder, capsys=capsys)
    assert code == 2 and "cannot parse graph.ttl" in out


def test_java_missing_exits_2(tmp_path, capsys, monkeypatch):
    owlready2 = pytest.importorskip("owlready2")
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(tmp_path / "no-java" / "java"))
    code, out = validate(copy_mini(tmp_path), capsys=capsys)
    assert code == 2
    assert "Java" in out and "\n" == out[-1] and out.count("\n") == 1, out
    code, out = validate(copy_mini(tmp_path, name="h"), "--no-owl", capsys=capsys)
    assert code == 0, out


# --- end to end on the seed build --------------------------------------------------------------

SEED = Path(__file__).resolve().parents[1] / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory) -> Path:
    try:
        import prospectus_kg.commands.build  # noqa: F401
    except ImportError:
        pytest.skip("the build command is not there yet")
    out = tmp_path_factory.mktemp("seed") / "graph"
    code = main(["build", str(SEED), "--out", str(out)])
    if code != 0 or not (out / "graph.ttl").exists():
        pytest.skip(f"the seed build failed (exit {code})")
    return out


@pytest.mark.slow
def test_seed_build_validates(seed_folder, capsys):
    code, out = validate(seed_folder, capsys=capsys)
    assert code == 0, out


@pytest.mark.slow
@pytest.mark.parametrize("case", ["no issuer", "self affiliate", "span mismatch", "not a date"])
def test_seed_build_broken_is_rejected(seed_folder, tmp_path, capsys, case):
    folder = tmp_path / "broken"
    shutil.copytree(seed_folder, folder)
    graph = Graph().parse(folder / "graph.ttl")
    offering = next(graph.subjects(RDF.type, PROSP.Offering))
    doc = next(graph.subjects(RDF.type, PROSP.Prospectus))
    if case == "no issuer":
        graph.remove((offering, PROSP.issuer, None))
    elif case == "self affiliate":
        s = next(graph.subjects(PROSP.affiliateOf, None))
        graph.add((s, PROSP.affiliateOf, s))
    elif case == "span mismatch":
        selector = next(graph.subjects(OA.exact, None))
        graph.set((selector, OA.exact, Literal("a quote that is not in the text")))
    elif case == "not a date":
        graph.remove((doc, PROSP.prospectusDate, None))
        graph.add((doc, PROSP.prospectusDate, Literal("13 January 2003", datatype=_XSD.date)))
    (folder / "graph.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
    code, out = validate(folder, "--no-owl", capsys=capsys)
    assert code == 1, out


def test_symmetric_fact_is_covered_by_the_converse_assertion(tmp_path, capsys):
    folder = copy_mini(tmp_path, lambda g: g.add((ID["org/utl"], PROSP.affiliateOf, ID["org/nb"])))
    code, out = validate(folder, "--no-owl", capsys=capsys)
    assert code == 0, out


def test_graph_merged_with_inferred_conforms(tmp_path, capsys):
    """Inferred facts carry a prosp:Inferred node, which the provenance shape accepts."""
    folder = copy_mini(tmp_path)
    assert main(["reason", str(folder), "--quiet"]) == 0
    capsys.readouterr()
    merged = Graph().parse(folder / "graph.ttl").parse(folder / "inferred.ttl")
    (folder / "graph.ttl").write_text(merged.serialize(format="turtle"), encoding="utf-8")
    code, out = validate(folder, capsys=capsys)
    assert code == 0, out


def test_super_property_fact_is_covered_by_the_sub_property_assertion(tmp_path, capsys):
    """The sentence stating "general partner of" backs the convenience triple "controls"."""
    def mutate(g: Graph) -> None:
        nb, utl = ID["org/nb"], ID["org/utl"]
        a = assertion_of(g, nb, PROSP.affiliateOf)
        g.add((nb, PROSP.generalPartnerOf, utl))
        g.add((nb, PROSP.controls, utl))
        g.add((ID["assertion/gp"], RDF.type, PROSP.Assertion))
        for p, o in ((RDF.subject, nb), (RDF.predicate, PROSP.generalPartnerOf), (RDF.object, utl)):
            g.add((ID["assertion/gp"], p, o))
        g.add((ID["assertion/gp"], OA.hasTarget, g.value(a, OA.hasTarget)))
    code, out = validate(copy_mini(tmp_path, mutate), "--no-owl", capsys=capsys)
    assert code == 0, out


# --- the fast SHACL engine gives pySHACL's results -----------------------------------------------

def shacl_results(folder: Path, engine: str) -> list[tuple]:
    from prospectus_kg.folder import open_folder
    from prospectus_kg.ontology.validate import validate_folder

    report = validate_folder(open_folder(folder), checks=["shacl"], engine=engine)
    assert report.checks["shacl"].note.startswith(f"engine={engine}")
    return sorted(((p.rule, p.focus, p.path, p.value, p.message, p.severity) for p in report.problems), key=repr)


def more_breakage(g: Graph) -> None:
    """Several rules broken at once, and values of every kind where the shapes expect others."""
    doc = ID["doc/mini"]
    g.add((doc, PROSP.textFile, Literal("documents/other.txt")))                       # maxCount
    g.add((OFFERING, PROSP.issuer, Literal("Capstone")))                                # nodeKind, maxCount
    g.add((OFFERING, PROSP.sharesOffered, Literal("12", datatype=_XSD.integer)))        # datatype, maxCount
    g.add((OFFERING, PROSP.pricePerShare, Literal("abc", datatype=_XSD.decimal)))       # ill-typed
    g.add((OFFERING, PROSP.percentOwnedAfter, Literal("150.5", datatype=_XSD.decimal)))  # maxInclusive
    g.add((ID["org/nb"], PROSP.foundedYear, Literal("1999-01", datatype=_XSD.gYearMonth)))
    g.add((doc, PROSP.filingDate, Literal("2003", datatype=_XSD.gYear)))               # sh:or: conforms
    g.add((doc, PROSP.periodEnd, Literal("soon")))                                      # sh:or: not
    for selector in list(g.subjects(OA.exact, None))[:1]:
        g.set((selector, OA.exact, Literal("")))                                         # minLength


@pytest.mark.parametrize("case", sorted(BROKEN) + ["more breakage", "conforming"])
def test_fast_engine_gives_pyshacls_results(tmp_path, case):
    mutate = {"more breakage": more_breakage, "conforming": None}[case] if case in ("more breakage", "conforming") \
        else BROKEN[case][0]
    folder = copy_mini(tmp_path, mutate)
    assert shacl_results(folder, "fast") == shacl_results(folder, "pyshacl")


@pytest.mark.slow
def test_fast_engine_gives_pyshacls_results_on_the_seed(seed_folder, tmp_path):
    graph = Graph().parse(seed_folder / "graph.ttl")
    doc = next(graph.subjects(RDF.type, PROSP.Prospectus))
    graph.remove((next(graph.subjects(RDF.type, PROSP.Offering)), PROSP.issuer, None))
    graph.set((doc, PROSP.prospectusDate, Literal("13 January 2003", datatype=_XSD.date)))
    s = next(graph.subjects(PROSP.affiliateOf, None))
    graph.add((s, PROSP.affiliateOf, s))
    folder = tmp_path / "broken"
    shutil.copytree(seed_folder, folder)
    (folder / "graph.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
    for target in (seed_folder, folder):
        assert shacl_results(target, "fast") == shacl_results(target, "pyshacl")


def test_inference_asks_for_pyshacl(tmp_path, capsys):
    code, out = validate(copy_mini(tmp_path), "--no-owl", "--inference", "rdfs", capsys=capsys)
    assert code == 0 and "engine=pyshacl inference=rdfs" in out


def test_progress_is_on_stderr(tmp_path, capsys):
    code = main(["validate", str(copy_mini(tmp_path)), "--no-owl", "--progress"])
    captured = capsys.readouterr()
    assert code == 0 and "shacl: shape 1/" in captured.err and "validate [" in captured.err
    assert "validate [" not in captured.out


@pytest.mark.slow
def test_fast_engine_gives_pyshacls_results_on_a_synthetic_corpus(tmp_path):
    """Many documents sharing parties (the graphs the benchmark measures), as built."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic_corpus import generate

    generate(tmp_path / "docs", 4)
    assert main(["build", str(tmp_path / "docs"), "--out", str(tmp_path / "g"), "-q", "-j", "1"]) == 0
    assert shacl_results(tmp_path / "g", "fast") == shacl_results(tmp_path / "g", "pyshacl")
