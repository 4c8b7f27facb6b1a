"""How the `prospectus-kg viz` page scales: synthetic graphs of 100, 1,000 and 5,000 entities.

For each size the script writes a graph folder with rdflib (prospectus-like: prospectuses, offerings,
issuers, selling stockholders with positions and affiliates, counsel, auditors, filings, distribution
methods; every relation with its prosp:Assertion, target and selectors), renders the page twice
(everything drawn, ``--max-nodes 0``; and the default large-graph threshold), opens each in Debian's
chromium through Playwright from the file system, and measures:

* time to first draw: ``performance.now()`` at vis-network's first ``afterDrawing`` event;
* frame: the mean time of one full redraw (``network.redraw()``, synchronous), i.e. the cost of each
  frame while panning or zooming, with the whole graph in view and zoomed in to 100 % on one node;
* dragging: the median time between two frames while the mouse drags the view across the canvas
  (one move every 16 ms; Playwright's own round trips put the floor at about 30 ms here, so only
  figures above that say something about the page; edges are left out while moving once more than
  2,500 are drawn);
* settled: whether any node moved between the first draw and one second later (physics off: none).

Usage: ``.venv/bin/python benchmarks/viz_scale.py [--sizes 100 1000 5000] [--repeat 3] [--keep DIR]``.
Not a test; ``tests/test_viz.py`` runs a tiny version of it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def write_synthetic_folder(out: str | Path, entities: int, seed: int = 1) -> dict[str, int]:
    """A graph folder with exactly ``entities`` entities, written with rdflib; returns counts."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from prospectus_kg.graph.build.triples import assertion_triples

    from prospectus_kg.ontology.terms import ID_NS, OA_NS, PROSP_NS

    P = Namespace(PROSP_NS)
    OA = Namespace(OA_NS)
    K = ID_NS
    rng = random.Random(seed)
    g = Graph()
    g.bind("prosp", P)
    g.bind("oa", OA)
    g.bind("kg", K)
    out = Path(out)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    made = 0
    text_parts: dict[str, list[str]] = {}
    counters = {"assertions": 0}
    RUN = URIRef(K + "run/synthetic")

    def entity(path: str, classes: list[str], label: str, name: bool = False) -> URIRef | None:
        nonlocal made
        if made >= entities:
            return None
        node = URIRef(K + path)
        for c in classes:
            g.add((node, RDF.type, P[c]))
        g.add((node, RDFS.label, Literal(label)))
        if name:
            g.add((node, P.name, Literal(label)))
        made += 1
        return node

    def state(doc: str, s, p, o, quote: str) -> None:
        if s is None or o is None:
            return
        g.add((s, p, o))
        parts = text_parts.setdefault(doc, [])
        start = sum(len(x) + 1 for x in parts)
        parts.append(quote)
        counters["assertions"] += 1
        for triple in assertion_triples(URIRef(K + "doc/" + doc), s, p, o, start, start + len(quote), quote, "", RUN):
            g.add(triple)

    methods = [entity(f"distribution-method/m{i}", ["DistributionMethod"], f"Method {i}") for i in range(10)]
    for m in methods:
        if m is not None:
            g.add((m, RDF.type, SKOS.Concept))
    firms = [entity(f"org/law-{i}", ["Organization", "Party", "LegalCounsel"], f"Law Firm {i} LLP", True)
             for i in range(max(2, entities // 250))]
    auditors = [entity(f"org/audit-{i}", ["Organization", "Party", "Auditor"], f"Audit {i} LLP", True)
                for i in range(max(1, entities // 800))]
    deal = 0
    while made < entities:
        deal += 1
        doc = f"deal-{deal:05d}"
        pro = entity(f"doc/{doc}", ["Prospectus"], f"Prospectus {doc}")
        if pro is not None:
            g.add((pro, P.textFile, Literal(f"documents/{doc}.txt")))
        off = entity(f"offering/{doc}", ["Offering"], f"Offering of {doc}")
        issuer = entity(f"org/issuer-{deal}", ["Organization", "Party", "Issuer"], f"Issuer {deal} Inc.", True)
        state(doc, pro, P.describes, off, f"This prospectus describes the offering {deal}.")
        state(doc, off, P.issuer, issuer, f"Issuer {deal} Inc. is offering shares.")
        sec = entity(f"security/{deal}", ["Security"], f"common stock of issuer {deal}")
        state(doc, off, P.security, sec, "common stock")
        state(doc, off, P.legalCounsel, rng.choice(firms), "passed upon by counsel")
        if auditors:
            state(doc, rng.choice(auditors), P.auditorOf, issuer, "audited by")
        for m in rng.sample(methods, 3):
            state(doc, off, P.distributionMethod, m, "may sell in block trades")
        for f in range(2):
            filing = entity(f"filing/{deal}/{f}", ["Filing"], f"Form 10-Q {deal}-{f}")
            state(doc, pro, P.incorporatesByReference, filing, "incorporated by reference")
            state(doc, filing, P.filedBy, issuer, "filed by the issuer")
        sellers = []
        for s_i in range(rng.randint(2, 8)):
            seller = entity(f"org/seller-{deal}-{s_i}", ["Organization", "Party", "SellingStockholder"],
                            f"Seller {deal}-{s_i} Fund, L.P.", True)
            state(doc, off, P.sellingStockholder, seller, f"Seller {deal}-{s_i} Fund, L.P.")
            position = entity(f"position/{deal}/{s_i}", ["SellingStockholderPosition"], f"position {deal}-{s_i}")
            state(doc, off, P.position, position, "shares offered")
            state(doc, position, P.holder, seller, "held by")
            if sellers and rng.random() < 0.4:
                state(doc, seller, P.affiliateOf, rng.choice(sellers), f"Seller {deal}-{s_i} Fund, L.P., an affiliate")
            sellers.append(seller)
        if rng.random() < 0.3 and sellers:
            gp = entity(f"org/gp-{deal}", ["Organization", "Party"], f"GP {deal} LLC", True)
            state(doc, gp, P.generalPartnerOf, sellers[0], "the general partner of the fund")
    for doc, parts in text_parts.items():
        (out / "documents" / f"{doc}.txt").write_text("\n".join(parts) + "\n", encoding="utf-8")
    g.serialize(out / "graph.ttl", format="turtle")
    return {"entities": made, "triples": len(g), "assertions": counters["assertions"]}


def measure_page(page_path: str | Path, browser=None) -> dict[str, object]:
    """Open a page from the file system in chromium and measure it (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    def run(b):
        page = b.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(Path(page_path).resolve().as_uri())
        deadline = time.monotonic() + 120
        while page.evaluate("() => window.kgFirstDraw === undefined"):
            if time.monotonic() > deadline:
                raise TimeoutError("no first draw within 120 s")
            time.sleep(0.02)
        first = page.evaluate("() => window.kgFirstDraw")
        before = page.evaluate("() => JSON.stringify(window.network.getPositions())")
        shown = page.evaluate("() => window.network.body.data.nodes.length")
        frame = page.evaluate("""() => {
            let n = 0; const count = () => { n += 1; };
            window.network.on('afterDrawing', count);
            const t = performance.now();
            for (let i = 0; i < 10; i++) { window.network.redraw(); }
            const ms = (performance.now() - t) / 10;
            // zoomed in to 100 % on the first node: labels and arrow heads are drawn too
            const first = window.network.body.data.nodes.getIds()[0];
            window.network.moveTo({position: window.network.getPositions([first])[first], scale: 1.0, animation: false});
            window.kg.arrowsForScale();
            const t2 = performance.now();
            for (let i = 0; i < 10; i++) { window.network.redraw(); }
            const zoomed = (performance.now() - t2) / 10;
            window.network.off('afterDrawing', count);
            window.network.fit({animation: false});
            return [ms, n, zoomed];
        }""")
        # a real drag across the canvas, one mouse move every 16 ms: the median time between frames
        page.evaluate("() => { window.__frames = []; window.network.on('afterDrawing', "
                      "() => window.__frames.push(performance.now())); }")
        box = page.locator("#network canvas").bounding_box()
        # start on empty canvas (a drag that starts on a node moves the node, not the view)
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        for dx in range(0, 400, 7):
            if page.evaluate("(p) => window.network.getNodeAt(p) === undefined",
                             {"x": box["width"] / 2 - dx, "y": box["height"] / 2}):
                cx = box["x"] + box["width"] / 2 - dx
                break
        page.mouse.move(cx, cy)
        page.mouse.down()
        for i in range(1, 41):
            page.mouse.move(cx + 6 * i, cy + 3 * i)
            page.wait_for_timeout(16)
        page.mouse.up()
        stamps = page.evaluate("() => window.__frames")
        gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]))
        pan = gaps[len(gaps) // 2] if gaps else float("nan")
        page.evaluate("() => window.network.fit({animation: false})")
        time.sleep(1.0)
        after = page.evaluate("() => JSON.stringify(window.network.getPositions())")
        physics = page.evaluate("() => window.network.physics.physicsEnabled")
        page.close()
        return {"first_draw_ms": round(first), "frame_ms": round(frame[0], 1), "frames": frame[1],
                "frame_zoomed_ms": round(frame[2], 1), "pan_frame_ms": round(pan, 1),
                "shown": shown, "settled": before == after and not physics, "errors": errors}

    if browser is not None:
        return run(browser)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return run(b)
        finally:
            b.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--keep", metavar="DIR", help="keep the graph folders and pages here")
    parser.add_argument("--repeat", type=int, default=3, help="browser runs per page; the median is shown (default 3)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from prospectus_kg.exports.html import DEFAULT_MAX_NODES, write

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="viz-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for n in args.sizes:
                folder = work / f"graph-{n}"
                shutil.rmtree(folder, ignore_errors=True)
                t = time.perf_counter()
                counts = write_synthetic_folder(folder, n)
                gen_s = time.perf_counter() - t
                for mode, max_nodes in (("all drawn", 0), (f"threshold {DEFAULT_MAX_NODES}", DEFAULT_MAX_NODES)):
                    if mode != "all drawn" and n <= DEFAULT_MAX_NODES:
                        continue
                    page = work / f"graph-{n}-{max_nodes}.html"
                    t = time.perf_counter()
                    summary = write(folder, page, max_nodes=max_nodes)
                    viz_s = time.perf_counter() - t
                    runs = [measure_page(page, browser) for _ in range(max(1, args.repeat))]
                    m = {key: statistics.median(r[key] for r in runs)
                         for key in ("first_draw_ms", "frame_ms", "frame_zoomed_ms", "pan_frame_ms")}
                    m.update(shown=runs[0]["shown"], settled=all(r["settled"] for r in runs),
                             errors=[e for r in runs for e in r["errors"]])
                    rows.append({"entities": counts["entities"], "links": summary.counts["links"], "triples": counts["triples"],
                                 "mode": mode, "gen_s": gen_s, "viz_s": viz_s, "kib": summary.counts["bytes"] // 1024, **m})
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"viz scale on {os.cpu_count()} cores (chromium {CHROMIUM}, headless, no GPU; "
          f"browser figures: median of {max(1, args.repeat)} runs)")
    head = ("entities", "links", "triples", "mode", "shown at open", "viz s", "HTML KiB", "first draw ms",
            "redraw ms (all in view)", "redraw ms (100 %)", "ms between frames while dragging", "settled", "errors")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print(f"| {r['entities']:,} | {r['links']:,} | {r['triples']:,} | {r['mode']} | {r['shown']:,} | "
              f"{r['viz_s']:.2f} | {r['kib']:,} | {r['first_draw_ms']:,.0f} | {r['frame_ms']:.1f} | "
              f"{r['frame_zoomed_ms']:.1f} | {r['pan_frame_ms']:.1f} | "
              f"{'yes' if r['settled'] else 'NO'} | {len(r['errors'])} |")
    return 0 if all(not r["errors"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
