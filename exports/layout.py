"""Positions for the HTML page's graph: a seeded Fruchterman-Reingold layout in pure Python.

networkx's layouts need numpy, which the project does not depend on; this one is O(n) per iteration
(grid-cell repulsion above 100 nodes) and gives the same positions on every machine.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict, deque
from typing import Iterable


def force_layout(nodes: Iterable[str], edges: Iterable[tuple[str, str]], *, satellites: Iterable[str] = (),
                 hub_degree: int = 30, seed: int = 7, edge_length: float = 120.0) -> dict[str, tuple[float, float]]:
    """Positions for a graph: each component laid out by Fruchterman-Reingold from a radial start, the
    components packed in rows, largest first. Pure Python and seeded, so the same graph gives the same
    positions on every machine; about O(n) per iteration (grid-cell repulsion above 100 nodes).

    ``satellites`` (shared vocabulary values such as distribution methods, linked to many offerings)
    take no part in the forces, which they would knot into one ball; each is then put near the middle
    of its neighbours, or laid out like any node when it has none. Hubs are treated the same way: a
    node with ``hub_degree`` links or more, most of whose neighbours have other links too (a law firm
    that counsels hundreds of offerings, an issuer's long list of filings): the deals around them are
    then laid out one by one, compactly, instead of as one knot."""
    order = sorted(set(nodes))
    index = {n: i for i, n in enumerate(order)}
    edges = list(edges)
    sat = {index[n] for n in satellites if n in index}
    neighbours: list[set[int]] = [set() for _ in order]
    for u, v in edges:
        if u in index and v in index and u != v and index[u] not in sat and index[v] not in sat:
            neighbours[index[u]].add(index[v])
            neighbours[index[v]].add(index[u])
    for i, near in enumerate(neighbours):
        if len(near) >= hub_degree and sum(1 for j in near if len(neighbours[j]) == 1) < len(near) / 2:
            sat.add(i)
    sat_adj: dict[int, set[int]] = defaultdict(set)
    adj: list[set[int]] = [set() for _ in order]
    for u, v in edges:
        if u in index and v in index and u != v:
            a, b = index[u], index[v]
            if a in sat or b in sat:
                if a in sat and b not in sat:
                    sat_adj[a].add(b)
                if b in sat and a not in sat:
                    sat_adj[b].add(a)
                continue
            adj[a].add(b)
            adj[b].add(a)
    placed_later = {i for i in sat if sat_adj.get(i)}
    seen = [False] * len(order)
    comps: list[list[int]] = []
    for i in range(len(order)):
        if seen[i] or i in placed_later:
            continue
        comp, queue = [], deque([i])
        seen[i] = True
        while queue:
            n = queue.popleft()
            comp.append(n)
            for m in sorted(adj[n]):
                if not seen[m]:
                    seen[m] = True
                    queue.append(m)
        comps.append(sorted(comp))
    comps.sort(key=lambda c: (-len(c), c[0]))
    rng = random.Random(seed)
    boxes = []
    for comp in comps:
        pos = _layout_component(comp, adj, rng)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((comp, pos, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    # shelf packing, in units of the ideal edge length
    margin = 1.5
    area = sum((w + margin) * (h + margin) for _c, _p, _x, _y, w, h in boxes)
    width = max(max((w for *_r, w, _h in boxes), default=0.0) + margin, math.sqrt(area) * 1.2)
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for _comp, pos, minx, miny, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h + margin, 0.0
        for n, (px, py) in pos.items():
            out[order[n]] = (round((x + px - minx) * edge_length, 1), round((y + py - miny) * edge_length, 1))
        x += w + margin
        row_h = max(row_h, h)
    # satellites near the middle of their neighbours; those that share a middle go round it on a
    # Fermat spiral (golden angle), so that they do not pile up
    around: dict[tuple[float, float], int] = defaultdict(int)
    for i in sorted(placed_later):
        near = sorted(sat_adj[i])
        cx = round(sum(out[order[j]][0] for j in near) / len(near), 1)
        cy = round(sum(out[order[j]][1] for j in near) / len(near), 1)
        nth = around[(cx, cy)]
        around[(cx, cy)] += 1
        angle = nth * 2.399963
        r = edge_length * 0.9 * math.sqrt(nth + 1)
        out[order[i]] = (round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1))
    # centre the picture on the origin
    if out:
        cx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
        cy = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
        out = {n: (round(px - cx), round(py - cy)) for n, (px, py) in out.items()}
    return out


def _layout_component(comp: list[int], adj: list[set[int]], rng: random.Random) -> dict[int, tuple[float, float]]:
    n = len(comp)
    if n == 1:
        return {comp[0]: (0.0, 0.0)}
    pos = _radial_start(comp, adj)
    for i in comp:  # a little noise so that no two nodes coincide
        x, y = pos[i]
        pos[i] = (x + rng.uniform(-0.05, 0.05), y + rng.uniform(-0.05, 0.05))
    if n == 2:
        return pos
    exact = n <= 100
    iterations = 30 + int(8 * math.sqrt(n)) if exact else 50 if n <= 3000 else 30
    members = comp
    edges = [(u, v) for u in comp for v in sorted(adj[u]) if u < v]
    px = {i: pos[i][0] for i in comp}
    py = {i: pos[i][1] for i in comp}
    k = 1.0
    k2 = k * k
    span = max(max(px.values()) - min(px.values()), max(py.values()) - min(py.values()), 1.0)
    t = span / 10.0
    cool = t / (iterations + 1)
    # hubs push harder (as ForceAtlas2's degree-weighted repulsion), which keeps hub pairs apart
    mass = {i: math.sqrt(1.0 + len(adj[i])) for i in comp}
    cell = 2.0 * k
    for _ in range(iterations):
        dx = dict.fromkeys(members, 0.0)
        dy = dict.fromkeys(members, 0.0)
        if exact:
            for a_i, a in enumerate(members):
                ax, ay, ma = px[a], py[a], mass[a]
                for b in members[a_i + 1:]:
                    ddx, ddy = ax - px[b], ay - py[b]
                    d2 = ddx * ddx + ddy * ddy or 1e-9
                    f = k2 * ma * mass[b] / d2
                    dx[a] += ddx * f
                    dy[a] += ddy * f
                    dx[b] -= ddx * f
                    dy[b] -= ddy * f
        else:
            grid: dict[tuple[int, int], list[int]] = defaultdict(list)
            for a in members:
                grid[(int(px[a] // cell), int(py[a] // cell))].append(a)
            limit2 = cell * cell
            for (gx, gy), here in grid.items():
                near = []
                for ox in (-1, 0, 1):
                    for oy in (-1, 0, 1):
                        near.extend(grid.get((gx + ox, gy + oy), ()))
                for a in here:
                    ax, ay, ma = px[a], py[a], mass[a]
                    fx = fy = 0.0
                    for b in near:
                        if b == a:
                            continue
                        ddx, ddy = ax - px[b], ay - py[b]
                        d2 = ddx * ddx + ddy * ddy or 1e-9
                        if d2 < limit2:
                            f = k2 * ma * mass[b] / d2
                            fx += ddx * f
                            fy += ddy * f
                    dx[a] += fx
                    dy[a] += fy
        for u, v in edges:
            ddx, ddy = px[u] - px[v], py[u] - py[v]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 1e-9
            f = d / k
            dx[u] -= ddx * f
            dy[u] -= ddy * f
            dx[v] += ddx * f
            dy[v] += ddy * f
        for a in members:
            d = math.sqrt(dx[a] * dx[a] + dy[a] * dy[a])
            if d > 0:
                step = min(d, t) / d
                px[a] += dx[a] * step
                py[a] += dy[a] * step
        t = max(t - cool, 0.01)
    return {i: (px[i], py[i]) for i in comp}


def _radial_start(comp: list[int], adj: list[set[int]]) -> dict[int, tuple[float, float]]:
    """A radial tree layout of a BFS tree from the best-connected node; each ring is long enough for
    its nodes to sit one edge length apart, and each subtree gets an angle in proportion to its size."""
    root = min(comp, key=lambda i: (-len(adj[i]), i))
    parent = {root: -1}
    depth = {root: 0}
    order = [root]
    queue = deque([root])
    while queue:
        n = queue.popleft()
        for m in sorted(adj[n]):
            if m not in parent:
                parent[m] = n
                depth[m] = depth[n] + 1
                order.append(m)
                queue.append(m)
    children: dict[int, list[int]] = defaultdict(list)
    for n in order[1:]:
        children[parent[n]].append(n)
    size = {n: 1 for n in order}
    for n in reversed(order[1:]):
        size[parent[n]] += size[n]
    per_depth: dict[int, int] = defaultdict(int)
    for n in order:
        per_depth[depth[n]] += 1
    radius: dict[int, float] = {0: 0.0}
    for d in range(1, max(depth.values()) + 1):
        radius[d] = max(radius[d - 1] + 1.0, per_depth[d] / (2 * math.pi))
    angle = {root: (0.0, 2 * math.pi)}
    pos = {root: (0.0, 0.0)}
    for n in order:
        lo, hi = angle[n]
        kids = children.get(n, [])
        total = sum(size[c] for c in kids)
        at = lo
        for c in kids:
            share = (hi - lo) * size[c] / total
            angle[c] = (at, at + share)
            mid = at + share / 2
            r = radius[depth[c]]
            pos[c] = (r * math.cos(mid), r * math.sin(mid))
            at += share
    return pos
