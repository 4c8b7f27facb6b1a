"""HTML export: one self-contained, offline, interactive page of a built graph (``prospectus-kg viz``).

The page is our own template (``templates/viz.html.j2`` with ``viz.js`` and ``viz.css``) with the
vis-network 9.1.2 that ships inside the pyvis package inlined. pyvis is used only to find that file:
its own template (0.3.2) loads vis-network and Bootstrap from CDNs even in "local"/"in_line" mode,
renders its Jinja template with autoescape off, inserts node titles that contain ``href`` with
``innerHTML`` (so a hostile entity name would run), and leaves physics on, which stalls past about a
thousand nodes (``shared/research/pyvis-pitfalls.md``, ``performance.md``).

What the page guarantees
    * Offline: no URL is loaded. vis-network, the script and the styles are inline; fonts are the
      system's; a Content-Security-Policy (``default-src 'none'``, scripts allowed only by the SHA-256
      of the two inline scripts) blocks any request and any injected script even if one slipped in.
    * Hostile text stays text: all data (names, quotes, IRIs) is JSON inside
      ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, read
      with ``JSON.parse``, and shown with ``textContent`` / ``createElement`` only. Tooltips are plain
      strings, which vis-network 9 inserts with ``innerText``. The title is autoescaped by Jinja.
    * Scale: positions are computed here (:func:`prospectus_kg.exports.layout.force_layout`, seeded),
      physics is off, so the picture is settled on its first frame. Above ``max_nodes`` entities the
      page opens on the neighbourhood of the issuer(s) and grows on double-click (all data embedded).
    * Deterministic: sorted JSON, seeded layout, no timestamps: same folder, same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from prospectus_kg import __version__
from prospectus_kg.atomic import write_file
from prospectus_kg.errors import UsageError
from prospectus_kg.exports import ExportSummary
from prospectus_kg.exports.layout import force_layout

TEMPLATES = Path(__file__).resolve().with_name("templates")
VIS_VERSION = "9.1.2"
#: Above this many entities the page starts from the issuers' neighbourhood (see the README).
DEFAULT_MAX_NODES = 1500
DEFAULT_DEPTH = 2
LABEL_CHARS = 42

#: kind (see analysis.KIND_ORDER) -> (fill colour, border colour, vis-network shape)
KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "Issuer": ("#f2b701", "#9a7400", "star"),
    "Underwriter": ("#7f3c8d", "#4d2256", "diamond"),
    "SellingStockholder": ("#e73f74", "#9c1d45", "dot"),
    "LegalCounsel": ("#11a579", "#0a6a4e", "square"),
    "Auditor": ("#3969ac", "#213f69", "triangle"),
    "Person": ("#f97b22", "#a94c0c", "dot"),
    "Organization": ("#4c8ed9", "#2a5a92", "dot"),
    "Party": ("#6fa8dc", "#3d6f9c", "dot"),
    "Prospectus": ("#3b3b3b", "#111111", "square"),
    "Filing": ("#a5aab3", "#6b7079", "square"),
    "Document": ("#7d828a", "#4a4e55", "square"),
    "PrivatePlacement": ("#80ba5a", "#4d7a31", "hexagon"),
    "Offering": ("#2e9e44", "#1b6029", "hexagon"),
    "Security": ("#a0522d", "#6b3219", "diamond"),
    "Listing": ("#cf8a5c", "#8f5730", "triangle"),
    "StrategicAlliance": ("#e68310", "#9a5608", "triangleDown"),
    "LockUp": ("#b07aa1", "#74506a", "triangleDown"),
    "Agreement": ("#d4a6c8", "#8e6585", "triangleDown"),
    "ShareTransfer": ("#17becf", "#0e7f8a", "triangle"),
    "SellingStockholderPosition": ("#ff9d9a", "#b3605d", "square"),
    "DistributionMethod": ("#b6d7a8", "#6e9160", "dot"),
}
OTHER_STYLE = ("#c7c7c7", "#7f7f7f", "dot")


# ----------------------------------------------------------------------------------------------------------
# Entry point

def add_arguments(parser) -> None:
    parser.add_argument("--focus", metavar="NAME_OR_IRI",
                        help="show only the neighbourhood of this entity (a name, an alias or an IRI)")
    parser.add_argument("--depth", type=int, default=None, metavar="N",
                        help=f"hops around --focus (default {DEFAULT_DEPTH})")
    parser.add_argument("--types", nargs="+", metavar="CLASS",
                        help="keep only entities of these classes, e.g. `--types Organization Person` "
                             "(give DIR before --types)")
    parser.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N",
                        help=f"above N entities open on the issuers' neighbourhood and expand on double-click "
                             f"(default {DEFAULT_MAX_NODES}; 0 draws everything)")
    parser.add_argument("--title", help="the page title (default: the prospectus and its issuer)")


def options(args) -> dict[str, Any]:
    if args.depth is not None and not args.focus:
        raise UsageError("--depth needs --focus", suggestion="add --focus NAME_OR_IRI")
    depth = DEFAULT_DEPTH if args.depth is None else args.depth
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    if args.max_nodes < 0:
        raise UsageError("--max-nodes must be 0 or more")
    return {"focus": args.focus, "depth": depth, "types": args.types, "max_nodes": args.max_nodes,
            "title": args.title}


def write(folder: str | Path, out: str | Path, **options: Any) -> ExportSummary:
    """Write the page for graph folder ``folder`` to ``out``; returns a summary (counts, bytes).

    Options: ``focus`` (a name, alias or IRI), ``depth`` (hops around the focus, default 2),
    ``types`` (class names to keep), ``max_nodes`` (the large-graph threshold, 0 = never),
    ``title`` (instead of the prospectus and issuer).
    """
    from prospectus_kg.graph.analysis import load

    G = load(folder)
    data = page_data(G, **options)
    html = render(data)
    out = Path(out)
    write_file(out, html)
    counts = {"entities": len(data["nodes"]), "links": len(data["edges"]), "bytes": len(html.encode("utf-8"))}
    initial = data["meta"]["initial"]
    start = ""
    if initial is not None:
        counts["initial"] = len(initial)
        start = f"; opens on {len(initial)} of them"
    line = f"{counts['entities']} entities, {counts['links']} links{start} -> {out} ({counts['bytes'] // 1024} KiB)"
    return ExportSummary("html", out, counts, [out.name], [line])


# ----------------------------------------------------------------------------------------------------------
# The data the page shows

def page_data(G, *, focus: str | None = None, depth: int = DEFAULT_DEPTH, types: Iterable[str] | None = None,
              max_nodes: int = DEFAULT_MAX_NODES, title: str | None = None) -> dict[str, Any]:
    """The JSON-ready data of the page for entity graph ``G`` (see ``analysis.entity_graph``)."""
    from prospectus_kg.graph import analysis as A

    full = G
    if types:
        G = _keep_types(G, list(types))
    focus_iri = None
    if focus:
        if depth < 0:
            raise UsageError("--depth must be 0 or more")
        focus_iri = A.find_entity(G, focus)
        U = A.undirected(G)
        keep = {focus_iri}
        frontier = [focus_iri]
        for _ in range(depth):
            frontier = sorted({m for n in frontier for m in U[n]} - keep)
            keep.update(frontier)
        G = G.subgraph(keep).copy()
    order = sorted(G.nodes)
    ids = {n: i for i, n in enumerate(order)}
    U = A.undirected(G)
    degree = dict(U.degree())
    top_degree = max(degree.values(), default=0) or 1
    pos = force_layout(order, U.edges)
    documents = full.graph.get("documents", {})
    doc_ids: dict[str, int] = {}
    prov_ids: dict[tuple, int] = {}

    def prov_index(items) -> list[int]:
        out = []
        for p in items:
            doc = None
            if p.source is not None:
                doc = doc_ids.setdefault(p.source, len(doc_ids))
            key = (doc, p.start, p.end, p.quote, p.section)
            out.append(prov_ids.setdefault(key, len(prov_ids)))
        return sorted(set(out))

    nodes = []
    for n in order:
        d = G.nodes[n]
        values = []
        for p, lit in d["values"]:
            provs = A.value_provenance(full, n, p, lit)
            if p in (A.RDFS_LABEL, A.SKOS_PREF_LABEL) and not provs:
                continue  # the label the build made up: it is the heading already
            values.append({"label": A.term_label(p), "p": p, "value": lit.value, "prov": prov_index(provs)})
        for p, o in full.graph.get("links_out", {}).get(n, ()):
            provs = full.graph["provenance"].get((n, p, o), ())
            values.append({"label": A.term_label(p), "p": p, "value": o, "prov": prov_index(provs)})
        x, y = pos[n]
        nodes.append({
            "id": ids[n], "iri": n, "label": d["label"], "short": _short(d["label"]), "name": d["name"],
            "labels": [x_ for x_ in d["labels"] if x_ != d["label"]], "aliases": d["aliases"],
            "kind": d["kind"], "classes": d["classes"], "x": x, "y": y, "degree": degree.get(n, 0),
            "size": round(8 + 30 * math.sqrt(degree.get(n, 0) / top_degree), 1), "values": values,
        })

    edges = _visual_edges(G, ids, full, prov_index)
    prov = [None] * len(prov_ids)
    for (doc, start, end, quote, section), i in prov_ids.items():
        prov[i] = {"doc": doc, "start": start, "end": end, "quote": quote, "section": section}
    docs = [None] * len(doc_ids)
    for iri, i in doc_ids.items():
        info = documents.get(iri, {})
        docs[i] = {"iri": iri, "label": info.get("label") or A.local_name(iri), "text_file": info.get("text_file"),
                   "source_file": info.get("source_file")}

    counts: dict[str, int] = defaultdict(int)
    for node in nodes:
        counts[node["kind"]] += 1
    rank = {k: i for i, k in enumerate(A.KIND_ORDER)}
    classes = []
    for kind in sorted(counts, key=lambda k: (rank.get(k, len(rank)), k)):
        color, border, shape = KIND_STYLE.get(kind, OTHER_STYLE)
        label = A.term_label(A.PROSP + kind)
        classes.append({"kind": kind, "label": label[:1].upper() + label[1:], "color": color, "border": border,
                        "shape": shape, "count": counts[kind]})

    initial, start = None, None
    if max_nodes and len(order) > max_nodes:
        initial, start = _initial_view(G, U, order, ids, degree, max_nodes)
    meta = {
        "title": title or _title(full, focus_iri),
        "generator": f"prospectus-kg {__version__}",
        "focus": ids[focus_iri] if focus_iri is not None else None,
        "initial": initial, "start": start, "max_nodes": max_nodes,
        "entities_in_graph": full.number_of_nodes(),
    }
    return {"meta": meta, "classes": classes, "nodes": nodes, "edges": edges, "prov": prov, "docs": docs}


def _keep_types(G, types: list[str]):
    names = {t.strip().split(":")[-1].split("#")[-1].casefold() for t in types if t.strip()}
    from prospectus_kg.graph.analysis import PROSP, local_name, term_labels

    available = sorted({c for _n, d in G.nodes(data=True) for c in (*d["classes"], d["kind"])})
    ontology = {local_name(t) for t in term_labels() if t.startswith(PROSP) and local_name(t)[:1].isupper()}
    known = {c.casefold() for c in (*available, *ontology)}
    unknown = sorted(t for t in names if t not in known)
    if unknown:
        raise UsageError(f"unknown class(es) for --types: {', '.join(unknown)}",
                         suggestion="classes in this graph: " + ", ".join(available))
    keep = [n for n, d in G.nodes(data=True) if {c.casefold() for c in (*d["classes"], d["kind"])} & names]
    return G.subgraph(keep).copy()


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def _visual_edges(G, ids: dict[str, int], full, prov_index) -> list[dict[str, Any]]:
    """One drawn edge per ordered pair of entities (its relations listed in one label), and one
    undirected edge per pair of affiliates whichever way (or both ways) the affiliation was stated."""
    from prospectus_kg.graph import analysis as A

    groups: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        for p in sorted(d["relations"], key=A._relation_rank):
            rel = {"s": ids[u], "o": ids[v], "p": p, "label": A.term_label(p),
                   "prov": prov_index(d["relations"][p])}
            if p == A.AFFILIATE_OF:
                a, b = sorted((ids[u], ids[v]))
                groups[("a", a, b)].append(rel)
            else:
                groups[("d", ids[u], ids[v])].append(rel)
    keys = sorted(groups, key=lambda k: (min(k[1], k[2]), max(k[1], k[2]), k[0], k[1]))
    by_pair: dict[tuple[int, int], int] = defaultdict(int)
    edges = []
    for i, key in enumerate(keys):
        kind, a, b = key
        rels = sorted(groups[key], key=lambda r: (r["s"], r["o"], A._relation_rank(r["p"])))
        labels = list(dict.fromkeys(r["label"] for r in rels))
        pair = (min(a, b), max(a, b))
        nth = by_pair[pair]
        by_pair[pair] += 1
        curve = 0.0 if nth == 0 else 0.25 * ((nth + 1) // 2) * (1 if nth % 2 else -1)
        if curve and a > b:
            curve = -curve
        edges.append({"id": i, "from": a, "to": b, "undirected": kind == "a", "label": ", ".join(labels),
                      "title": ", ".join(labels), "curve": curve, "rels": rels})
    return edges


def _initial_view(G, U, order, ids, degree, limit: int) -> tuple[list[int], str]:
    """The entities shown first on a large graph: the issuers, then their neighbours, then theirs (up
    to two hops), the best-connected first, until ``limit``."""
    issuers = sorted((n for n in order if "Issuer" in G.nodes[n]["classes"]), key=lambda n: (-degree[n], n))
    if issuers:
        start = "the issuer" if len(issuers) == 1 else f"the {len(issuers)} issuers"
        if len(issuers) == 1:
            start = "the issuer " + G.nodes[issuers[0]]["label"]
        seeds = issuers[:limit]
    else:
        best = min(order, key=lambda n: (-degree[n], n))
        seeds = [best]
        start = "the best-connected entity " + G.nodes[best]["label"]
    shown = list(seeds)
    seen = set(seeds)
    frontier = seeds
    for _ in range(2):
        nxt = sorted({m for n in frontier for m in U[n]} - seen, key=lambda n: (-degree[n], n))
        room = limit - len(shown)
        if room <= 0:
            break
        nxt = nxt[:room]
        shown.extend(nxt)
        seen.update(nxt)
        frontier = nxt
    return sorted(ids[n] for n in shown), start


def _title(G, focus: str | None) -> str:
    from prospectus_kg.graph import analysis as A

    prospectuses = sorted((n for n, d in G.nodes(data=True) if "Prospectus" in d["classes"]),
                          key=lambda n: G.nodes[n]["label"])
    issuers: list[str] = []
    for p in prospectuses:
        for off in sorted(G.successors(p)):
            if A.PROSP + "describes" in G.edges[p, off]["relations"]:
                for iss in sorted(G.successors(off)):
                    if A.PROSP + "issuer" in G.edges[off, iss]["relations"]:
                        label = G.nodes[iss]["label"]
                        if label not in issuers:
                            issuers.append(label)
    for label in sorted(d["label"] for n, d in G.nodes(data=True) if "Issuer" in d["classes"]):
        if label not in issuers:
            issuers.append(label)
    if len(prospectuses) == 1:
        p = prospectuses[0]
        date = G.graph.get("documents", {}).get(p, {}).get("date")
        title = G.nodes[p]["label"] + (f" (dated {date})" if date else "")
        if issuers:
            title = f"{', '.join(issuers)} — {title}"
    elif prospectuses:
        shown = ", ".join(issuers[:3]) + (f" and {len(issuers) - 3} more" if len(issuers) > 3 else "")
        title = f"{len(prospectuses)} prospectuses" + (f" — issuers: {shown}" if issuers else "")
    else:
        title = "prospectus-kg graph"
    if focus:
        title += f" — around {G.nodes[focus]['label']}"
    return title


# ----------------------------------------------------------------------------------------------------------
# Rendering

def json_for_html(data: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element: sorted keys, and
    ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX`` escapes (still valid JSON)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's standalone build, from the copy that ships inside the pyvis package."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.origin:
        raise UsageError("pyvis is not installed", suggestion="pip install pyvis (it ships vis-network)")
    root = Path(spec.origin).parent
    for rel in (f"lib/vis-{VIS_VERSION}/vis-network.min.js", f"templates/lib/vis-{VIS_VERSION}/vis-network.min.js"):
        path = root / rel
        if path.is_file():
            break
    else:
        raise UsageError(f"vis-network {VIS_VERSION} not found inside pyvis at {root}",
                         suggestion="install pyvis 0.3.2")
    text = path.read_text(encoding="utf-8")
    # no source-map fetch: drop the comment that points at vis-network.min.js.map
    # (split on "\n" only: the minified code holds U+2028 and other characters that splitlines() breaks on)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))
    _check_inline_script(text, path.name)
    return text


def _check_inline_script(text: str, name: str) -> None:
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise UsageError(f"{name} cannot be inlined safely (it contains </script or <!--)")


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    app = (TEMPLATES / "viz.js").read_text(encoding="utf-8")
    _check_inline_script(app, "viz.js")
    css = (TEMPLATES / "viz.css").read_text(encoding="utf-8")
    return app, css


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(data: dict[str, Any]) -> str:
    """The page for ``data`` (from :func:`page_data`)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    vis_js = vis_network_js()
    app_js, css = _assets()
    csp = ("default-src 'none'; script-src " + _sha256(vis_js) + " " + _sha256(app_js) + "; "
           "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; "
           "object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'")
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True)
    template = env.get_template("viz.html.j2")
    return template.render(title=data["meta"]["title"], generator=data["meta"]["generator"], csp=csp, css=css,
                           vis_js=vis_js, app_js=app_js, data_json=json_for_html(data))


__all__ = ["write", "page_data", "render", "json_for_html", "vis_network_js", "DEFAULT_MAX_NODES"]
