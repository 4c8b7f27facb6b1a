"""The `prospectus-kg viz` page in a real browser (Debian chromium + Playwright), opened from the file system.

Seed page: no request leaves the file, no console error, one node per entity, search focuses
"Nevada Bond", a real mouse click on the Nevada Bond - UT Leasing link shows its quote, class
filters hide and show, a screenshot lands in test-artifacts/. Hostile names (<img onerror>, <script>)
are shown as text and run nothing. A tiny run of benchmarks/viz_scale.py completes.

"Entity" (what becomes a node): every IRI that has an rdf:type in the prosp: namespace other than
prosp:Assertion, prosp:Run, prosp:ReasonerRun and prosp:Inferred. Assertions, their oa targets and
selectors, runs and the SKOS concept scheme are provenance or bookkeeping, never nodes.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, open_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ENTITY_COUNT = """
PREFIX prosp: <https://w3id.org/prospectus-kg/ontology#>
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?c . FILTER(isIRI(?s)) FILTER(STRSTARTS(STR(?c), STR(prosp:)))
  FILTER(?c NOT IN (prosp:Assertion, prosp:Run, prosp:ReasonerRun, prosp:Inferred))
  FILTER NOT EXISTS { ?s a ?x . FILTER(?x IN (prosp:Assertion, prosp:Run, prosp:ReasonerRun, prosp:Inferred)) }
}"""
NEVADA = "Nevada Bond, LLC"
SELLER = "UT Leasing Services, Inc."
QUOTE = "Nevada Bond, LLC, an affiliate of the selling stockholder"


def entity_count(graph) -> int:
    return int(next(iter(graph.query(ENTITY_COUNT)))[0])


def viz(folder: Path, out: Path, *extra: str) -> Path:
    subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "viz", str(folder), "--out", str(out), "-q", *extra],
                   check=True, cwd=ROOT)
    return out


@pytest.fixture(scope="module")
def seed_page(seed_folder, tmp_path_factory) -> Path:
    return viz(seed_folder, tmp_path_factory.mktemp("viz") / "seed.html")


def node_id(w, label: str) -> int:
    ids = w.js("(label) => window.kg.data.nodes.filter(n => n.label === label).map(n => n.id)", label)
    assert len(ids) == 1, (label, ids)
    return ids[0]


def panel_text(w) -> str:
    return w.js("() => document.getElementById('panel').hidden ? '' : document.getElementById('panel-body').textContent")


def test_seed_page_offline_counts_search_click_filters(browser, seed_page, seed_graph):
    w = open_page(browser, seed_page)
    page = w.page
    try:
        # one node per entity; the vis.Network is window.network
        expected = entity_count(seed_graph)
        assert expected == 32
        assert w.js("() => window.network.body.data.nodes.length") == expected
        assert w.js("() => window.network instanceof vis.Network")
        assert "Capstone Turbine Corporation" in page.title() and "2003-01-13" in page.title()
        # the symmetric affiliation is one undirected edge per pair
        affiliate = w.js("""() => window.kg.data.edges.filter(e => e.rels.some(r => r.label === 'affiliate of'))
                                     .map(e => e.undirected)""")
        assert affiliate == [True, True]
        assert w.js("() => window.network.physics.physicsEnabled") is False

        # search: type, Enter -> the node is selected, centred and described
        nevada, seller = node_id(w, NEVADA), node_id(w, SELLER)
        page.fill("#search", "Nevada Bond")
        assert page.locator("#results li").first.text_content().startswith(NEVADA)
        page.press("#search", "Enter")
        assert w.js("() => window.network.getSelectedNodes()") == [nevada]
        assert w.js("() => document.querySelector('#panel h2').textContent") == NEVADA
        centre = w.js("() => window.network.getViewPosition()")
        pos = w.js("(id) => window.network.getPositions([id])[id]", nevada)
        assert abs(centre["x"] - pos["x"]) < 1 and abs(centre["y"] - pos["y"]) < 1
        page.click("#panel-close")
        assert panel_text(w) == ""

        # a real mouse click on the middle of the Nevada Bond - UT Leasing link
        edge = w.js("""([a, b]) => window.kg.data.edges.filter(e =>
                         (e.from === a && e.to === b) || (e.from === b && e.to === a)).map(e => e.id)""", [nevada, seller])
        assert len(edge) == 1
        edge = edge[0]
        a, b = (w.js("(id) => window.network.getPositions([id])[id]", i) for i in (nevada, seller))
        mid = {"x": (a["x"] + b["x"]) / 2, "y": (a["y"] + b["y"]) / 2}
        w.js("(p) => window.network.moveTo({position: p, scale: 1.0, animation: false})", mid)
        box = page.locator("#network canvas").bounding_box()
        target = None
        for t in (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7):
            canvas_point = {"x": a["x"] + (b["x"] - a["x"]) * t, "y": a["y"] + (b["y"] - a["y"]) * t}
            dom = w.js("(p) => window.network.canvasToDOM(p)", canvas_point)
            if (w.js("(p) => window.network.getEdgeAt(p)", dom) == edge
                    and w.js("(p) => window.network.getNodeAt(p)", dom) is None):
                target = dom
                break
        assert target is not None, "no point of the edge is free of other nodes and edges"
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
        assert w.js("() => window.network.getSelectedEdges()") == [edge]
        text = panel_text(w)
        assert QUOTE in text
        assert "affiliate of" in text and "characters 4010–4067" in text
        assert "capstone-turbine-424b3-2003-01-13" in text
        quotes = w.js("() => [...document.querySelectorAll('#panel blockquote')].map(q => q.textContent)")
        assert QUOTE in quotes

        # filters: unticking Filing hides the 7 filings and their links, ticking shows them again
        def hidden_filings():
            return w.js("""() => window.kg.data.nodes.filter(n => n.kind === 'Filing')
                              .map(n => window.network.body.data.nodes.get(n.id).hidden === true)""")

        assert hidden_filings() == [False] * 7
        page.locator("#legend input[data-kind='Filing']").uncheck()
        assert hidden_filings() == [True] * 7
        assert w.js("""() => window.network.body.data.edges.get().filter(e => e.hidden).length""") > 0
        assert "7 hidden by the class filters" in page.text_content("#status")
        assert w.js("() => window.network.body.data.nodes.length") == expected  # hidden, not removed
        page.locator("#legend input[data-kind='Filing']").check()
        assert hidden_filings() == [False] * 7
        assert w.js("""() => window.network.body.data.edges.get().filter(e => e.hidden).length""") == 0

        # the screenshot is a test artefact
        w.js("() => window.network.fit({animation: false})")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "viz-seed.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000

        assert w.outside_requests == []
        assert w.console_errors == []
        assert w.page_errors == []
        assert w.dialogs == []
    finally:
        page.close()


def test_large_graph_opens_on_issuer_and_expands(browser, seed_folder, tmp_path):
    page_path = viz(seed_folder, tmp_path / "small-threshold.html", "--max-nodes", "8")
    w = open_page(browser, page_path)
    try:
        shown = w.js("() => window.network.body.data.nodes.length")
        assert shown == 8
        issuer = node_id(w, "Capstone Turbine Corporation")
        assert w.js("(id) => window.network.body.data.nodes.get(id) !== null", issuer)
        assert "double-click a node to expand it" in w.page.text_content("#status")
        # double-click the issuer: its neighbours join
        degree = w.js("(id) => window.kg.data.nodes[id].degree", issuer)
        w.js("(id) => window.network.moveTo({position: window.network.getPositions([id])[id], scale: 1.0, "
             "animation: false})", issuer)
        box = w.page.locator("#network canvas").bounding_box()
        dom = w.js("(id) => window.network.canvasToDOM(window.network.getPositions([id])[id])", issuer)
        w.page.mouse.dblclick(box["x"] + dom["x"], box["y"] + dom["y"])
        loaded = w.js("(id) => window.network.getConnectedNodes(id).length", issuer)
        assert loaded == degree
        # search reaches entities that are not drawn yet
        w.page.fill("#search", "Nevada Bond")
        w.page.press("#search", "Enter")
        nevada = node_id(w, NEVADA)
        assert w.js("() => window.network.getSelectedNodes()") == [nevada]
        assert w.outside_requests == [] and w.console_errors == [] and w.page_errors == []
    finally:
        w.page.close()


# ------------------------------------------------------------------------------------------------------
# Hostile text

IMG = "<img src=x onerror=alert(1)> Holdings, LLC"
SCRIPT = "<script>alert(2)</script> Partners, L.P."
ISSUER = "Evil </script><script>alert(3)</script> Corp"
HOSTILE_QUOTE = "<img src=x onerror=alert(4)> Holdings, LLC, an affiliate of <script>alert(2)</script> Partners \u2028&amp; </script>"


def hostile_folder(out: Path) -> Path:
    """A graph folder made by hand with rdflib: entity names, aliases, labels, quotes and values that are markup."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS

    from prospectus_kg.graph.build.triples import assertion_triples

    P = Namespace("https://w3id.org/prospectus-kg/ontology#")
    K = "https://w3id.org/prospectus-kg/id/"
    g = Graph()
    doc, off = URIRef(K + "doc/hostile"), URIRef(K + "offering/hostile")
    img, scr, iss = URIRef(K + "org/img"), URIRef(K + "org/script"), URIRef(K + "org/issuer")
    g.add((doc, RDF.type, P.Prospectus))
    g.add((doc, RDFS.label, Literal("Prospectus <b onmouseover=alert(5)>hostile</b>")))
    g.add((doc, P.textFile, Literal("documents/hostile.txt")))
    g.add((off, RDF.type, P.Offering))
    g.add((off, RDFS.label, Literal("Offering <iframe src=javascript:alert(6)>")))
    for node, name in ((img, IMG), (scr, SCRIPT), (iss, ISSUER)):
        g.add((node, RDF.type, P.Organization))
        g.add((node, RDF.type, P.Party))
        g.add((node, P.name, Literal(name)))
        g.add((node, RDFS.label, Literal(name)))
    g.add((iss, RDF.type, P.Issuer))
    g.add((iss, P.alias, Literal("<svg onload=alert(7)>")))
    g.add((iss, P.address, Literal("javascript:alert(8)")))
    g.add((img, RDF.type, P.SellingStockholder))
    text = HOSTILE_QUOTE + "\n"
    facts = [(doc, P.describes, off), (off, P.issuer, iss), (off, P.sellingStockholder, img),
             (img, P.affiliateOf, scr), (iss, P.address, Literal("javascript:alert(8)"))]
    for s, p, o in facts:
        g.add((s, p, o))
        for triple in assertion_triples(doc, s, p, o, 0, len(HOSTILE_QUOTE), HOSTILE_QUOTE, "selling_stockholders",
                                        URIRef(K + "run/hostile")):
            g.add(triple)
    (out / "documents").mkdir(parents=True)
    (out / "documents" / "hostile.txt").write_text(text, encoding="utf-8")
    g.serialize(out / "graph.ttl", format="turtle")
    return out


def test_hostile_names_render_as_text(browser, tmp_path):
    folder = hostile_folder(tmp_path / "hostile")
    page_path = viz(folder, tmp_path / "hostile.html")
    raw = page_path.read_text(encoding="utf-8")
    assert "<img" not in raw and "<svg" not in raw and "<iframe" not in raw and "<b " not in raw
    assert "<script>alert" not in raw and "alert(3)</script>" not in raw
    w = open_page(browser, page_path)
    page = w.page
    try:
        assert ISSUER in page.title()
        assert ISSUER in page.text_content("#title")
        # the search results show the names as text
        page.fill("#search", "<img src=x")
        first = page.locator("#results li button").first
        assert first.text_content().startswith(IMG)
        first.click()
        assert page.text_content("#panel h2") == IMG
        page.fill("#search", "<svg onload")
        assert "alias <svg onload=alert(7)>" in page.text_content("#results")
        page.press("#search", "Enter")
        assert page.text_content("#panel h2") == ISSUER
        assert "javascript:alert(8)" in page.text_content("#panel")
        # the quote of the affiliation, through the edge's panel
        edge = w.js("() => window.kg.data.edges.find(e => e.undirected).id")
        w.js("(id) => window.kg.showEdge(id)", edge)
        quotes = w.js("() => [...document.querySelectorAll('#panel blockquote')].map(q => q.textContent)")
        assert quotes == [HOSTILE_QUOTE]
        # the tooltip of the hostile node is text (vis-network 9 sets a string title with innerText)
        img = node_id(w, IMG)
        w.js("(id) => window.network.moveTo({position: window.network.getPositions([id])[id], scale: 1.0, "
             "animation: false})", img)
        box = page.locator("#network canvas").bounding_box()
        dom = w.js("(id) => window.network.canvasToDOM(window.network.getPositions([id])[id])", img)
        page.mouse.move(box["x"] + dom["x"] - 3, box["y"] + dom["y"] - 3)
        page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"])
        page.wait_for_timeout(800)
        tip = w.js("""() => { const t = document.querySelector('div.vis-tooltip');
                              return t && {text: t.innerText, elements: [...t.querySelectorAll('*')].map(e => e.tagName),
                                           visible: getComputedStyle(t).visibility}; }""")
        # (innerText turns the line break into a <br>; nothing else becomes an element)
        assert tip == {"text": IMG + "\nSelling stockholder", "elements": ["BR"], "visible": "visible"}
        # nothing ran, nothing was added to the page, nothing was fetched
        assert w.dialogs == []
        assert w.page_errors == []
        assert w.console_errors == []
        assert w.outside_requests == []
        assert w.js("() => document.querySelectorAll('img, svg image, iframe, object, embed').length") == 0
        assert w.js("() => document.scripts.length") == 3
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "viz-hostile.png"))
    finally:
        page.close()


def test_hostile_text_prospectus_builds_and_renders(browser, seed_path, tmp_path):
    """The same markup inside a text prospectus goes through the builder and the page runs nothing."""
    text = seed_path.read_text(encoding="utf-8")
    text = text.replace(SELLER, IMG).replace(NEVADA, "<script>alert(2)</script> Bond, LLC")
    source = tmp_path / "hostile-424b3.txt"
    source.write_text(text, encoding="utf-8")
    folder = tmp_path / "kg"
    subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", str(source), "--out", str(folder), "-q"],
                   check=True, cwd=ROOT)
    page_path = viz(folder, tmp_path / "built.html")
    raw = page_path.read_text(encoding="utf-8")
    assert "<img" not in raw and "<script>alert" not in raw
    w = open_page(browser, page_path)
    try:
        names = w.js("() => window.kg.data.nodes.map(n => n.label)")
        assert "Capstone Turbine Corporation" in names
        for hostile in ("<img", "<script"):  # whatever the builder kept is shown as text
            for n in (n for n in names if hostile in n):
                w.page.fill("#search", n)
                w.page.press("#search", "Enter")
                assert w.page.text_content("#panel h2") == n
        assert w.dialogs == [] and w.page_errors == [] and w.console_errors == [] and w.outside_requests == []
    finally:
        w.page.close()


def test_benchmark_smoke(tmp_path):
    """benchmarks/viz_scale.py on a tiny graph: it completes and prints a well-formed table."""
    spec = importlib.util.spec_from_file_location("viz_scale", ROOT / "benchmarks" / "viz_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not Path(module.CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "viz_scale.py"), "--sizes", "60", "--repeat", "1"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("viz scale on ") and "cores" in lines[0]
    assert lines[1].startswith("| entities | links |")
    assert lines[2].startswith("|---|")
    cells = [c.strip() for c in lines[3].strip("|").split("|")]
    assert len(cells) == len(lines[1].strip("|").split("|"))
    assert cells[0] == "60" and cells[3] == "all drawn" and cells[11] == "yes" and cells[12] == "0"
    assert int(cells[7].replace(",", "")) > 0
