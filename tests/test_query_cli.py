"""``prospectus-kg queries`` and ``prospectus-kg query``: listing, the output formats, both stores, and
one-line errors with their exit codes (malformed SPARQL, unknown name, missing parameter: 5; missing or
unreadable graph folder: 3; conflicting arguments: 2)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from prospectus_kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
NEVADA = "Nevada Bond, LLC"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- queries -------------------------------------------------------------------------------------

def test_queries_table_lists_name_parameters_description_and_path(capsys):
    code, out, err = run(capsys, "queries")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "PARAMETERS", "DESCRIPTION", "PATH"]
    affiliates = next(line for line in lines if line.startswith("affiliates "))
    assert " org " in affiliates and affiliates.rstrip().endswith(str(ROOT / "graph" / "query" / "queries" / "affiliates.rq"))
    for name in ("selling-stockholders", "evidence", "shared-parties", "distribution-methods"):
        assert any(line.startswith(name + " ") for line in lines)


def test_queries_json(capsys):
    code, out, _ = run(capsys, "queries", "--format", "json")
    assert code == 0
    listed = {q["name"]: q for q in json.loads(out)}
    assert len(listed) >= 12
    evidence = listed["evidence"]
    assert evidence["parameters"] == [{"name": "entity", "type": "name", "required": True,
                                       "description": evidence["parameters"][0]["description"]}]
    for q in listed.values():
        assert Path(q["path"]).is_absolute() and Path(q["path"]).is_file()
        assert q["description"]


# --- query: formats ------------------------------------------------------------------------------

def test_table_is_aligned_and_shortened(capsys, seed_folder):
    code, out, err = run(capsys, "query", seed_folder, "--name", "affiliates", "--param", f"org={NEVADA}",
                         "--max-width", "40")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "org"
    assert len({line.index("|") for line in lines[:4] if "|" in line}) == 1  # columns line up
    assert set(lines[1]) <= {"-", "+"}
    assert "kg:org/ut-leasing-services-inc" in out  # IRIs shortened with the graph's prefixes
    # the two-link path is longer than 40 characters, and it is the answer: shown whole (# wide: path)
    assert "Nevada Bond, LLC -affiliateOf-> UT Leasing Services, Inc. <-affiliateOf- United Technologies Corporation" in out
    assert lines[-1] == "(2 rows)"


def test_csv_json_tsv_xml(capsys, seed_folder):
    code, out, _ = run(capsys, "query", seed_folder, "-n", "selling-stockholders", "--format", "csv")
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["sellerName"] == "UT Leasing Services, Inc." and row["sharesOffered"] == "3994817"
    assert out.endswith("\r\n")

    code, out, _ = run(capsys, "query", seed_folder, "-n", "affiliates", "-p", f"org={NEVADA}", "--format", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["org", "from", "partyName", "length", "path", "party"]
    lengths = {b["partyName"]["value"]: b["length"] for b in doc["results"]["bindings"]}
    assert lengths["United Technologies Corporation"] == {
        "type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}

    code, out, _ = run(capsys, "query", seed_folder, "-n", "issuers", "--format", "tsv")
    header, first = out.splitlines()[:2]
    assert header.startswith("?name\t?ticker") and first.startswith('"Capstone Turbine Corporation"\t"CPST"')

    code, out, _ = run(capsys, "query", seed_folder, "-n", "lockups", "--format", "xml")
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"


def test_ask_and_construct(capsys, seed_folder):
    from rdflib import Graph

    code, out, _ = run(capsys, "query", seed_folder, f'ASK {{ ?o prosp:name "{NEVADA}" }}')
    assert (code, out) == (0, "true\n")
    code, out, _ = run(capsys, "query", seed_folder, "ASK { ?o prosp:name \"nobody\" }", "--format", "json")
    assert json.loads(out) == {"head": {}, "boolean": False}
    construct = "CONSTRUCT { ?o prosp:affiliateOf ?p } WHERE { ?o prosp:affiliateOf ?p }"
    code, out, _ = run(capsys, "query", seed_folder, construct)
    assert code == 0 and out.startswith("@prefix")
    assert len(Graph().parse(data=out, format="turtle")) == 2
    code, out, _ = run(capsys, "query", seed_folder, construct, "--format", "ntriples")
    assert len(Graph().parse(data=out, format="nt")) == 2
    code, _, err = run(capsys, "query", seed_folder, construct, "--format", "csv")
    assert code == 2 and "use --format turtle or ntriples" in err


def test_file_stdin_output_and_adhoc_parameters(capsys, seed_folder, tmp_path, monkeypatch):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?who ?o WHERE { ?o prosp:name ?who }", encoding="utf-8")
    code, out, _ = run(capsys, "query", seed_folder, "--file", query, "--param", f"who={NEVADA}", "--format", "csv")
    assert code == 0 and out.splitlines()[1] == f'"{NEVADA}",https://w3id.org/prospectus-kg/id/org/nevada-bond-llc'
    monkeypatch.setattr(sys, "stdin", io.StringIO("SELECT ?o WHERE { ?o prosp:name ?n } ORDER BY ?o LIMIT 1"))
    code, out, _ = run(capsys, "query", seed_folder, "--file", "-", "--format", "csv")
    assert out.splitlines()[1] == "https://w3id.org/prospectus-kg/id/org/capstone-turbine-corp"
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "query", seed_folder, "-n", "issuers", "--format", "json", "-o", target)
    assert code == 0 and out == "" and json.loads(target.read_text())["results"]["bindings"]
    code, out, _ = run(capsys, "query", seed_folder, "SELECT ?x WHERE { ?x prosp:name ?n }", "-p", "x=<https://w3id.org/prospectus-kg/id/org/nevada-bond-llc>",
                       "--format", "csv")
    assert out.splitlines()[1:] == ["https://w3id.org/prospectus-kg/id/org/nevada-bond-llc"]


@pytest.mark.parametrize("name, params", [("affiliates", [f"org={NEVADA}"]), ("evidence", ["entity=UT Leasing Services, Inc."]),
                                          ("distribution-methods", []), ("incorporated-documents", [])])
def test_both_stores_print_the_same_bytes(capsys, seed_folder, name, params):
    outputs = []
    for store in ("memory", "oxigraph"):
        argv = ["query", seed_folder, "-n", name, "--store", store, "--format", "json"]
        for p in params:
            argv += ["-p", p]
        code, out, _ = run(capsys, *argv)
        assert code == 0
        outputs.append(out)
    assert outputs[0] == outputs[1]


# --- query: errors -------------------------------------------------------------------------------

def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("prospectus-kg query: error: ")
    return lines[0]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_malformed_sparql_exits_5_with_the_parser_message(capsys, seed_folder, store):
    code, out, err = run(capsys, "query", seed_folder, "SELECT ?x WHERE { ?x prosp:name }", "--store", store)
    assert code == 5 and out == ""
    assert "malformed SPARQL" in _one_line_error(err)


def test_unknown_name_missing_parameter_and_usage(capsys, seed_folder):
    code, _, err = run(capsys, "query", seed_folder, "--name", "afilliates")
    line = _one_line_error(err)
    assert code == 5 and "unknown query name 'afilliates'" in line and "affiliates" in line and "evidence" in line
    code, _, err = run(capsys, "query", seed_folder, "--name", "affiliates")
    assert code == 5 and "needs parameter 'org'" in _one_line_error(err)
    code, _, err = run(capsys, "query", seed_folder, "--name", "evidence", "--param", "entity")
    assert code == 2 and "is not KEY=VALUE" in _one_line_error(err)
    code, _, err = run(capsys, "query", seed_folder, "SELECT * WHERE {}", "--name", "issuers")
    assert code == 2 and "exactly one query" in _one_line_error(err)
    code, _, err = run(capsys, "query", seed_folder, "--name", "issuers", "SELECT * WHERE {}")
    assert code == 2 and "unrecognized arguments" in _one_line_error(err)  # argparse's own usage error
    code, _, err = run(capsys, "query", seed_folder)
    assert code == 2
    code, _, err = run(capsys, "query", seed_folder, "--file", "/nonexistent/q.rq")
    assert code == 3 and "does not exist" in _one_line_error(err)
    code, _, err = run(capsys, "query", seed_folder, "   ")
    assert code == 5 and "empty" in _one_line_error(err)



@pytest.mark.slow  # rebuilds the seed's graph without its lookup keys through rdflib
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_graph_without_lookup_keys_is_told_to_rebuild(capsys, tmp_path, seed_folder, store):
    """A graph built before prosp:lookupKey: a name query says so (exit 5) instead of answering nothing;
    the same query on the seed's own graph answers, and a name that is absent is simply no rows."""
    import pyoxigraph as ox
    import shutil
    old = tmp_path / "old"
    shutil.copytree(seed_folder, old)
    graph = ox.Store()
    graph.load(path=str(old / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    key = ox.NamedNode("https://w3id.org/prospectus-kg/ontology#lookupKey")
    for quad in list(graph.quads_for_pattern(None, key, None)):
        graph.remove(quad)
    graph.dump(output=str(old / "graph.ttl"), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    code, out, err = run(capsys, "query", old, "--name", "affiliates", "--param", "org=Nevada Bond, LLC", "--store", store)
    assert code == 5 and out == "" and "rebuild" in _one_line_error(err) and "lookupKey" in err
    code, out, _ = run(capsys, "query", seed_folder, "--name", "affiliates", "--param", "org=Nevada Bond, LLC",
                       "--store", store)
    assert code == 0 and "UT Leasing Services, Inc." in out
    code, out, _ = run(capsys, "query", seed_folder, "--name", "affiliates", "--param", "org=Nobody LLC",
                       "--store", store)
    assert code == 0 and "(0 rows)" in out

def test_unreadable_graph_folder_exits_3(capsys, tmp_path):
    code, _, err = run(capsys, "query", tmp_path / "missing", "-n", "issuers")
    assert code == 3 and "does not exist" in _one_line_error(err)
    code, _, err = run(capsys, "query", tmp_path, "-n", "issuers")
    assert code == 3 and "holds no graph.ttl" in _one_line_error(err)
    (tmp_path / "graph.ttl").write_bytes(b"@prefix p: <http://x/> .\np:a p:b \xff\xfe")
    for store in ("memory", "oxigraph"):
        code, _, err = run(capsys, "query", tmp_path, "-n", "issuers", "--store", store)
        assert code == 3 and "cannot parse graph.ttl" in _one_line_error(err)


def test_a_real_process_prints_one_line_and_no_traceback(tmp_path, seed_folder):
    cli = [sys.executable, "-m", "prospectus_kg.cli", "query"]
    cases = [([seed_folder, "SELEC * WHERE {}"], 5), ([seed_folder, "-n", "nope"], 5),
             ([seed_folder, "-n", "affiliates"], 5), ([tmp_path, "-n", "issuers"], 3)]
    for args, expected in cases:
        done = subprocess.run(cli + [str(a) for a in args], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == expected, done.stderr
        assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


# --- names: the named queries find what `path` finds; the answer column is never cut --------------

@pytest.mark.parametrize("name", ["Nevada Bond", "nevada bond, llc", "NEVADA  BOND, LLC", "UT Leasing", "United Tech",
                                  "kg:org/nevada-bond-llc", "no such party"])
def test_affiliates_and_path_agree_on_names(capsys, seed_folder, name):
    path_code, path_out, path_err = run(capsys, "path", seed_folder, name, "Capstone Turbine Corporation",
                                        "--format", "json")
    code, out, err = run(capsys, "query", seed_folder, "--name", "affiliates", "--param", f"org={name}",
                         "--format", "json")
    assert code == 0, err
    starts = {b["from"]["value"] for b in json.loads(out)["results"]["bindings"]}
    if path_code == 0:
        assert starts == {json.loads(path_out)["from"]["label"]}
    else:
        assert "no entity named" in path_err and starts == set()


def test_an_ambiguous_name_is_an_error_in_both(capsys, seed_folder):
    """"Corporation" is in several names: both commands say so and list them (exit 5)."""
    path_code, _out, path_err = run(capsys, "path", seed_folder, "Corporation", "Nevada Bond, LLC")
    code, _out, err = run(capsys, "query", seed_folder, "--name", "affiliates", "--param", "org=Corporation")
    assert path_code == code == 5
    assert "ambiguous" in path_err and "ambiguous" in err


def test_the_affiliates_path_column_is_never_cut(capsys, seed_folder):
    code, out, _err = run(capsys, "query", seed_folder, "--name", "affiliates", "--param", f"org={NEVADA}",
                          "--max-width", "20")
    assert code == 0
    assert "Nevada Bond, LLC -affiliateOf-> UT Leasing Services, Inc. <-affiliateOf- United Technologies Corporation" in out
    assert "…" in out   # the other columns are still cut at --max-width
