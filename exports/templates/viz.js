/* prospectus-kg graph browser (the page written by `prospectus-kg viz`).
 *
 * Every string in the data comes from untrusted documents. It reaches the page only through
 * textContent, createElement/createTextNode, vis-network labels (drawn on the canvas) and tooltips
 * (vis-network 9 inserts a string title with innerText, never as HTML): never through innerHTML,
 * never into a URL. The data is read with JSON.parse from a <script type="application/json"> element.
 * Positions are computed before the page is written; physics stays off, so the picture is settled
 * on the first frame.
 */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var NODES = DATA.nodes, EDGES = DATA.edges, PROV = DATA.prov, DOCS = DATA.docs, META = DATA.meta;
  var KINDS = {};
  var visible = {};
  DATA.classes.forEach(function (c) { KINDS[c.kind] = c; visible[c.kind] = true; });
  var edgesOf = NODES.map(function () { return []; });
  EDGES.forEach(function (e) { edgesOf[e.from].push(e.id); if (e.to !== e.from) edgesOf[e.to].push(e.id); });

  var loaded = new Set(), edgeLoaded = new Set();
  // Past this many drawn edges, edges are left out while dragging or zooming (frames stay cheap).
  var HIDE_EDGES_ON_MOVE = 2500, edgesHideOnMove = false, network = null;
  var nodeSet = new vis.DataSet(), edgeSet = new vis.DataSet();

  // ------------------------------------------------------------------ elements
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  var $ = function (id) { return document.getElementById(id); };

  // ------------------------------------------------------------------ vis items
  function visNode(n) {
    var k = KINDS[n.kind];
    return {
      id: n.id, label: n.short, title: n.label + "\n" + k.label, x: n.x, y: n.y, size: n.size,
      shape: k.shape, hidden: !visible[n.kind],
      color: { background: k.color, border: k.border,
               highlight: { background: k.color, border: "#111111" }, hover: { background: k.color, border: "#111111" } },
      borderWidth: n.kind === "Issuer" ? 2 : 1
    };
  }
  function visEdge(e) {
    var item = {
      id: e.id, from: e.from, to: e.to, label: e.label, title: e.title,
      dashes: e.undirected ? [6, 4] : false,
      hidden: !(visible[NODES[e.from].kind] && visible[NODES[e.to].kind])
    };
    if (e.undirected) {
      item.color = { color: "#b3563d", highlight: "#7a2a16", hover: "#7a2a16" };
      item.arrows = { to: { enabled: false } };
    }
    item.smooth = e.curve ? { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) }
                          : { enabled: false };
    return item;
  }
  function load(ids) {
    var add = [];
    ids.forEach(function (i) { if (!loaded.has(i)) { loaded.add(i); add.push(visNode(NODES[i])); } });
    if (!add.length) { return 0; }
    nodeSet.add(add);
    var eadd = [];
    add.forEach(function (vn) {
      edgesOf[vn.id].forEach(function (eid) {
        var e = EDGES[eid];
        if (!edgeLoaded.has(eid) && loaded.has(e.from) && loaded.has(e.to)) { edgeLoaded.add(eid); eadd.push(visEdge(e)); }
      });
    });
    edgeSet.add(eadd);
    if (network && !edgesHideOnMove && edgeSet.length > HIDE_EDGES_ON_MOVE) {
      edgesHideOnMove = true;
      network.setOptions({ interaction: { hideEdgesOnDrag: true, hideEdgesOnZoom: true } });
    }
    return add.length;
  }
  function neighbours(id) {
    var out = [];
    edgesOf[id].forEach(function (eid) { var e = EDGES[eid]; out.push(e.from === id ? e.to : e.from); });
    return out;
  }
  function expand(id) {
    var added = load(neighbours(id));
    updateStatus(added ? "added " + added + " neighbour(s) of " + NODES[id].label : null);
  }

  // ------------------------------------------------------------------ network
  load(META.initial === null ? NODES.map(function (n) { return n.id; }) : META.initial);
  var big = nodeSet.length > 1500;
  edgesHideOnMove = edgeSet.length > HIDE_EDGES_ON_MOVE;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: !big, tooltipDelay: 250, hideEdgesOnDrag: edgesHideOnMove, hideEdgesOnZoom: edgesHideOnMove,
                   navigationButtons: false, keyboard: false, multiselect: false },
    nodes: { shape: "dot", borderWidth: 1,
             font: { size: 13, face: "system-ui, sans-serif", color: "#1d2430", strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { width: 1, selectionWidth: 2, arrows: { to: { enabled: edgeSet.length <= 1000, scaleFactor: 0.55 } },
             smooth: { enabled: false },
             color: { color: "#8a96a8", highlight: "#1f4f8f", hover: "#1f4f8f", inherit: false },
             font: { size: 10.5, face: "system-ui, sans-serif", color: "#4a5565", strokeWidth: 3, strokeColor: "#ffffff",
                     align: "middle" } }
  };
  network = new vis.Network($("network"), { nodes: nodeSet, edges: edgeSet }, options);
  window.network = network;
  // Arrow heads are most of the cost of a frame on large graphs (about 7 µs each) and cannot be seen
  // when zoomed far out: past ARROW_EDGES drawn edges they are drawn only from ARROW_SCALE up.
  var ARROW_EDGES = 1000, ARROW_SCALE = 0.45, arrowsOn = options.edges.arrows.to.enabled;
  function arrowsForScale() {
    var want = edgeSet.length <= ARROW_EDGES || network.getScale() >= ARROW_SCALE;
    if (want !== arrowsOn) {
      arrowsOn = want;
      network.setOptions({ edges: { arrows: { to: { enabled: want, scaleFactor: 0.55 } } } });
    }
  }
  network.on("zoom", arrowsForScale);
  network.once("afterDrawing", arrowsForScale);
  network.once("afterDrawing", function () { window.kgFirstDraw = performance.now(); });

  // ------------------------------------------------------------------ title and status
  $("title").textContent = META.title;
  document.title = META.title;
  function updateStatus(extra) {
    var shown = 0, hiddenN = 0;
    nodeSet.forEach(function (vn) { if (vn.hidden) { hiddenN += 1; } else { shown += 1; } });
    var parts = [shown + " of " + NODES.length + " entities shown", EDGES.length + " links"];
    if (hiddenN) { parts.push(hiddenN + " hidden by the class filters"); }
    if (META.initial !== null) {
      parts.push("large graph: started from the neighbourhood of " + META.start + "; double-click a node to expand it");
    }
    if (extra) { parts.push(extra); }
    $("status").textContent = parts.join(" · ");
  }

  // ------------------------------------------------------------------ legend and filters
  var checkboxes = {};
  var SVGNS = "http://www.w3.org/2000/svg";
  function swatch(kind) {
    var k = KINDS[kind];
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "-8 -8 16 16");
    var shape;
    var poly = {
      diamond: "0,-7 7,0 0,7 -7,0", triangle: "0,-7 7,6 -7,6", triangleDown: "0,7 7,-6 -7,-6",
      hexagon: "7,0 3.5,6 -3.5,6 -7,0 -3.5,-6 3.5,-6",
      star: "0,-7.5 1.8,-2.4 7.1,-2.3 2.9,0.9 4.4,6 0,3 -4.4,6 -2.9,0.9 -7.1,-2.3 -1.8,-2.4"
    };
    if (k.shape === "square") {
      shape = document.createElementNS(SVGNS, "rect");
      shape.setAttribute("x", "-6"); shape.setAttribute("y", "-6"); shape.setAttribute("width", "12"); shape.setAttribute("height", "12");
    } else if (poly[k.shape]) {
      shape = document.createElementNS(SVGNS, "polygon");
      shape.setAttribute("points", poly[k.shape]);
    } else {
      shape = document.createElementNS(SVGNS, "circle");
      shape.setAttribute("r", "6");
    }
    shape.setAttribute("fill", k.color); shape.setAttribute("stroke", k.border);
    svg.appendChild(shape);
    return svg;
  }
  DATA.classes.forEach(function (c) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = c.kind; box.dataset.kind = c.kind;
    box.addEventListener("change", function () { visible[c.kind] = box.checked; applyFilters(); });
    checkboxes[c.kind] = box;
    label.appendChild(box);
    label.appendChild(swatch(c.kind));
    label.appendChild(el("span", "name", c.label));
    label.appendChild(el("span", "count", c.count));
    $("legend").appendChild(label);
  });
  function applyFilters() {
    var nu = [], eu = [];
    nodeSet.forEach(function (vn) {
      var hide = !visible[NODES[vn.id].kind];
      if (Boolean(vn.hidden) !== hide) { nu.push({ id: vn.id, hidden: hide }); }
    });
    edgeSet.forEach(function (ve) {
      var e = EDGES[ve.id];
      var hide = !(visible[NODES[e.from].kind] && visible[NODES[e.to].kind]);
      if (Boolean(ve.hidden) !== hide) { eu.push({ id: ve.id, hidden: hide }); }
    });
    nodeSet.update(nu);
    edgeSet.update(eu);
    updateStatus();
  }
  $("show-all").addEventListener("click", function () {
    Object.keys(visible).forEach(function (k) { visible[k] = true; checkboxes[k].checked = true; });
    applyFilters();
  });
  $("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // ------------------------------------------------------------------ search
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
  var INDEX = NODES.map(function (n) {
    return { strong: [n.name, n.label].concat(n.labels).filter(Boolean).map(norm),
             aliases: n.aliases.map(norm), names: [n.name].filter(Boolean).concat(n.aliases).map(norm),
             labels: [n.label].concat(n.labels).map(norm) };
  });
  function search(text) {
    var q = norm(text);
    if (!q) { return []; }
    var hits = [];
    INDEX.forEach(function (ix, i) {
      var tier = -1, via = null;
      if (ix.strong.indexOf(q) >= 0) { tier = 0; }
      else if (ix.aliases.indexOf(q) >= 0) { tier = 1; via = q; }
      else if (ix.names.some(function (x) { return x.indexOf(q) === 0; })) { tier = 2; }
      else if (ix.names.some(function (x) { return x.indexOf(q) >= 0; })) { tier = 3; }
      else if (ix.labels.some(function (x) { return x.indexOf(q) >= 0; })) { tier = 4; }
      if (tier >= 0) {
        if (tier >= 2 && !(NODES[i].name && norm(NODES[i].name).indexOf(q) >= 0)) {
          via = NODES[i].aliases.filter(function (a) { return norm(a).indexOf(q) >= 0; })[0] || null;
        }
        hits.push({ id: i, tier: tier, via: via });
      }
    });
    hits.sort(function (a, b) {
      return a.tier - b.tier || NODES[a.id].label.localeCompare(NODES[b.id].label) || a.id - b.id;
    });
    return hits.slice(0, 50);
  }
  var lastHits = [];
  function renderResults() {
    var ul = $("results");
    clear(ul);
    var text = $("search").value;
    lastHits = search(text);
    if (!norm(text)) { return; }
    if (!lastHits.length) { ul.appendChild(el("li", "none", "no match")); return; }
    lastHits.forEach(function (h) {
      var n = NODES[h.id];
      var li = el("li");
      var b = el("button");
      b.type = "button";
      b.appendChild(document.createTextNode(n.label + " "));
      b.appendChild(el("span", "kind", KINDS[n.kind].label + (h.via ? " · alias " + h.via : "")));
      b.addEventListener("click", function () { focusNode(h.id); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }
  $("search").addEventListener("input", renderResults);
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      renderResults();
      if (lastHits.length) { focusNode(lastHits[0].id); }
    }
  });

  function focusNode(id) {
    var n = NODES[id];
    if (!loaded.has(id)) { load([id].concat(neighbours(id))); }
    if (!visible[n.kind]) { visible[n.kind] = true; checkboxes[n.kind].checked = true; applyFilters(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
    updateStatus();
  }

  // ------------------------------------------------------------------ side panel
  function provBlock(parent, ids) {
    if (!ids || !ids.length) {
      parent.appendChild(el("div", "source", "no quote recorded (build metadata)"));
      return;
    }
    ids.forEach(function (pi) {
      var p = PROV[pi];
      if (p.quote !== null) { parent.appendChild(el("blockquote", "quote", p.quote)); }
      var bits = [];
      var d = p.doc !== null ? DOCS[p.doc] : null;
      if (d) { bits.push(d.label + (d.text_file ? " (" + d.text_file + ")" : "")); }
      if (p.start !== null) { bits.push("characters " + p.start + "–" + p.end); }
      if (p.section) { bits.push("section " + p.section); }
      parent.appendChild(el("div", "source", "source: " + (bits.length ? bits.join(" · ") : "unknown")));
    });
  }
  function nodeLink(id) {
    var b = el("button", "link", NODES[id].label);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function relationFact(parent, r, here) {
    var f = el("div", "fact");
    var head = el("div", "fact-head");
    if (r.s === here) { head.appendChild(el("span", "self", NODES[r.s].label)); }
    else { head.appendChild(nodeLink(r.s)); }
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "pred", r.label));
    head.appendChild(document.createTextNode(" "));
    if (r.o === here) { head.appendChild(el("span", "self", NODES[r.o].label)); }
    else { head.appendChild(nodeLink(r.o)); }
    f.appendChild(head);
    provBlock(f, r.prov);
    parent.appendChild(f);
  }
  function openPanel() { $("panel").hidden = false; }
  function showNode(id) {
    var n = NODES[id];
    var body = $("panel-body");
    clear(body);
    body.appendChild(el("h2", null, n.label));
    var classes = n.classes.join(", ");
    body.appendChild(el("div", "muted", KINDS[n.kind].label + (classes ? " (classes: " + classes + ")" : "")));
    body.appendChild(el("div", "iri", n.iri));
    if (n.aliases.length) { body.appendChild(el("div", null, "Also called: " + n.aliases.join("; "))); }
    body.appendChild(el("div", "muted", "Degree " + n.degree + " (node size follows degree centrality)"));
    if (!loaded.has(id) || neighbours(id).some(function (m) { return !loaded.has(m); })) {
      var more = el("button", "link", "show all neighbours");
      more.type = "button";
      more.addEventListener("click", function () { expand(id); showNode(id); });
      body.appendChild(more);
    }
    body.appendChild(el("h3", null, "Facts"));
    if (!n.values.length) { body.appendChild(el("div", "muted", "none")); }
    n.values.forEach(function (v) {
      var f = el("div", "fact");
      var head = el("div", "fact-head");
      head.appendChild(el("span", "pred", v.label));
      head.appendChild(document.createTextNode(": " + v.value));
      f.appendChild(head);
      provBlock(f, v.prov);
      body.appendChild(f);
    });
    body.appendChild(el("h3", null, "Relations"));
    var rels = [];
    edgesOf[id].forEach(function (eid) { EDGES[eid].rels.forEach(function (r) { rels.push(r); }); });
    if (!rels.length) { body.appendChild(el("div", "muted", "none")); }
    rels.forEach(function (r) { relationFact(body, r, id); });
    openPanel();
  }
  function showEdge(eid) {
    var e = EDGES[eid];
    var body = $("panel-body");
    clear(body);
    body.appendChild(el("h2", null, NODES[e.from].label + (e.undirected ? " — " : " → ") + NODES[e.to].label));
    body.appendChild(el("div", "muted", e.label + (e.undirected ? " (symmetric: drawn once, without direction)" : "")));
    body.appendChild(el("h3", null, "Facts"));
    e.rels.forEach(function (r) { relationFact(body, r, null); });
    openPanel();
  }
  function hidePanel() { $("panel").hidden = true; clear($("panel-body")); }
  $("panel-close").addEventListener("click", hidePanel);

  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { hidePanel(); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });

  window.kg = { data: DATA, focusNode: focusNode, showNode: showNode, showEdge: showEdge, expand: expand, search: search,
                arrowsForScale: arrowsForScale };
  updateStatus();
  if (META.focus !== null) { focusNode(META.focus); }
}());
