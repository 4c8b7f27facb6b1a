"""The `prospectus-kg viz` page without a browser: self-contained, deterministic, escaped data, options.

(What the page does in a browser is in tests/browser/test_viz_browser.py.)
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape
import subprocess
import sys
from pathlib import Path

import pytest

from prospectus_kg.errors import QueryError, UsageError
from prospectus_kg.exports import exporter
from prospectus_kg.exports import html as H
from prospectus_kg.graph import analysis as A

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prospectus_kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


def page_json(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def seed_page(seed_folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "seed.html"
    result = cli("viz", str(seed_folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "32 entities, 46 links" in result.stdout
    return out


def test_exporter_table_names_html():
    assert exporter("html") is H


def test_page_is_self_contained(seed_page):
    html = seed_page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # nothing is loaded: no src/href attributes, no CSS imports or remote url(), no source map
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html, re.I)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "sourceMappingURL" not in html
    assert "vis-network" in html and "@version 9.1.2" in html
    # the CSP allows exactly the two inline scripts, by hash, and no network
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert not re.search(r"\.(inner|outer)HTML\s*[=+]|insertAdjacentHTML|document\.write|\beval\(|new Function",
                         scripts[1])


def test_page_data_matches_the_graph(seed_page, seed_folder):
    data = page_json(seed_page.read_text(encoding="utf-8"))
    G = A.load(seed_folder)
    assert len(data["nodes"]) == G.number_of_nodes() == 32
    assert [n["iri"] for n in data["nodes"]] == sorted(G.nodes)
    assert data["meta"]["initial"] is None and data["meta"]["focus"] is None
    assert data["meta"]["title"] == ("Capstone Turbine Corporation — Prospectus capstone-turbine-424b3-2003-01-13 "
                                     "(dated 2003-01-13)")
    kinds = {c["kind"]: c for c in data["classes"]}
    assert kinds["Filing"]["count"] == 7 and kinds["DistributionMethod"]["count"] == 10
    assert len({(c["color"], c["shape"]) for c in data["classes"]}) == len(data["classes"])
    # sizes follow degree
    by_label = {n["label"]: n for n in data["nodes"]}
    assert by_label["Capstone Turbine Corporation"]["size"] > by_label["Nevada Bond, LLC"]["size"]
    # one undirected edge per pair of affiliates, with its quote
    aff = [e for e in data["edges"] if e["undirected"]]
    assert len(aff) == 2 and all(e["label"] == "affiliate of" for e in aff)
    quotes = {data["prov"][i]["quote"] for e in aff for r in e["rels"] for i in r["prov"]}
    assert "Nevada Bond, LLC, an affiliate of the selling stockholder" in quotes
    # every link drawn once per ordered pair; every relation of the graph is in some edge
    pairs = [(e["from"], e["to"]) for e in data["edges"] if not e["undirected"]]
    assert len(pairs) == len(set(pairs))
    rels = {(r["s"], r["p"], r["o"]) for e in data["edges"] for r in e["rels"]}
    ids = {n["iri"]: n["id"] for n in data["nodes"]}
    assert rels == {(ids[u], p, ids[v]) for u, v, d in G.edges(data=True) for p in d["relations"]}
    # facts of a node carry their provenance
    nevada = by_label["Nevada Bond, LLC"]
    (name,) = [v for v in nevada["values"] if v["label"] == "name"]
    assert data["prov"][name["prov"][0]]["quote"] == "Nevada Bond, LLC"
    assert data["docs"][0]["text_file"] == "documents/capstone-turbine-424b3-2003-01-13.txt"


def test_same_input_same_bytes(seed_folder, seed_page, tmp_path):
    again = tmp_path / "again.html"
    assert cli("viz", str(seed_folder), "--out", str(again), "-q").returncode == 0
    assert again.read_bytes() == seed_page.read_bytes()


def test_json_for_html_escapes():
    text = H.json_for_html({"b": "</script><!-- & \u2028 \u2029 <img>", "a": 1})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert text.startswith('{"a":1,')
    assert json.loads(text) == {"b": "</script><!-- & \u2028 \u2029 <img>", "a": 1}


def test_vis_network_comes_from_pyvis():
    js = H.vis_network_js()
    assert js.lstrip().startswith("/**") and "vis-network" in js[:200]
    assert "</script" not in js.lower() and "sourceMappingURL" not in js


def test_focus_depth_and_types(seed_folder):
    G = A.load(seed_folder)
    data = H.page_data(G, focus="Nevada Bond", depth=1)
    labels = sorted(n["label"] for n in data["nodes"])
    assert labels == sorted(["Nevada Bond, LLC", "UT Leasing Services, Inc.",
                             "placement 1 (capstone-turbine-424b3-2003-01-13)",
                             "transfer UT Leasing Services, Inc. (capstone-turbine-424b3-2003-01-13)"])
    assert data["nodes"][data["meta"]["focus"]]["label"] == "Nevada Bond, LLC"
    assert data["meta"]["title"].endswith("— around Nevada Bond, LLC")
    assert len(H.page_data(G, focus="Nevada Bond", depth=0)["nodes"]) == 1
    parties = H.page_data(G, types=["Organization"])
    assert len(parties["nodes"]) == 6 and {e["label"] for e in parties["edges"]} == {"affiliate of", "auditor of"}
    assert len(H.page_data(G, types=["prosp:Filing", "offering"])["nodes"]) == 8
    with pytest.raises(UsageError, match="unknown class"):
        H.page_data(G, types=["Spaceship"])
    with pytest.raises(QueryError, match="ambiguous"):
        H.page_data(G, focus="Form 10-Q")


def test_large_graph_threshold(seed_folder):
    G = A.load(seed_folder)
    data = H.page_data(G, max_nodes=10)
    initial = data["meta"]["initial"]
    assert len(initial) == 10
    labels = {data["nodes"][i]["label"] for i in initial}
    assert "Capstone Turbine Corporation" in labels  # starts from the issuer
    assert "the issuer Capstone Turbine Corporation" == data["meta"]["start"]
    assert H.page_data(G, max_nodes=0)["meta"]["initial"] is None
    assert len(data["nodes"]) == 32  # everything is embedded for expansion


def test_viz_command_errors(seed_folder, tmp_path):
    result = cli("viz", str(seed_folder), "--out", str(tmp_path / "x.html"), "--types", "Spaceship")
    assert result.returncode == 2 and "unknown class(es) for --types: spaceship" in result.stderr
    assert "Organization" in result.stderr
    result = cli("viz", str(seed_folder), "--out", str(tmp_path / "x.html"), "--depth", "1")
    assert result.returncode == 2 and "--depth needs --focus" in result.stderr
    result = cli("viz", str(seed_folder), "--out", str(tmp_path / "x.html"), "--focus", "Acme")
    assert result.returncode == 5 and "no entity named 'Acme'" in result.stderr
    result = cli("viz", str(tmp_path / "missing"), "--out", str(tmp_path / "x.html"))
    assert result.returncode == 3
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("viz", str(seed_folder), "--out", str(blocker / "x.html"))
    assert result.returncode == 4 and "cannot write" in result.stderr
    assert not (tmp_path / "x.html").exists()
    for r in (result,):
        assert len(r.stderr.strip().splitlines()) == 1


def test_exporter_write_returns_summary(seed_folder, tmp_path):
    summary = H.write(seed_folder, tmp_path / "sub" / "page.html", title="<b>My title</b>")
    assert summary.counts["entities"] == 32 and "initial" not in summary.counts
    html = (tmp_path / "sub" / "page.html").read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;My title&lt;/b&gt;</title>" in html
    assert not list((tmp_path / "sub").glob(".*.tmp"))
