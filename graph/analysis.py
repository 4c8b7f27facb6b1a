"""Network analysis of a built graph with networkx: entities, party components, chains, centrality, paths.

What is an entity
    An IRI with an ``rdf:type`` in the ``prosp:`` namespace other than the provenance and bookkeeping
    classes ``prosp:Assertion``, ``prosp:Run``, ``prosp:ReasonerRun`` and ``prosp:Inferred``. So
    parties, documents, filings, offerings, placements, securities, listings, agreements, transfers,
    positions and distribution methods are entities; assertions, their ``oa:SpecificResource`` targets
    and ``oa:TextPositionSelector``/``oa:TextQuoteSelector`` selectors, build runs and the SKOS concept
    scheme are not (they are never nodes). Blank nodes are never entities.

The entity graph
    :func:`entity_graph` reads the triples once (as performance.md advises: one pass, literals become
    node attributes, not nodes) into an ``nx.DiGraph``: one node per entity (attributes ``label``,
    ``name``, ``aliases``, ``classes``, ``kind`` and ``values``) and one edge per ordered pair of
    entities that some stated triple links, with ``relations``: predicate IRI -> tuple of
    :class:`Provenance` (the quote, source document and span of each ``prosp:Assertion`` of that
    triple). ``G.graph["documents"]`` describes the source documents. The triples come from an rdflib
    Graph (:func:`triples_from_rdflib`) or straight from ``graph.ttl`` through pyoxigraph
    (:func:`triples_from_file`, about ten times faster to parse than rdflib's Memory store).

The party graph
    Parties (``prosp:Party`` and its subclasses and roles) linked when a fact relates two of them
    directly (``affiliateOf``, ``controls``, ``auditorOf`` ...) or when both take part in the same
    agreement, share transfer or private placement. Offerings and documents do not link their parties:
    every party named in a prospectus would otherwise be one component.

Vocabulary values
    Distribution methods (and any ``skos:Concept``) are shared values, not actors or deals: every
    offering that may use block trades links to "Block trade". Centrality and shortest chains do not
    pass through them (they are still entities, nodes of the picture, and endpoints of a chain).

Chains
    Affiliate chains follow ``prosp:affiliateOf`` in either direction (it is symmetric); for each
    connected group of affiliates the chain is its longest shortest path (the whole chain when the
    group is a line: Nevada Bond, LLC - UT Leasing Services, Inc. - United Technologies Corporation).
    Control chains are the maximal directed paths of control, from a controller that nobody controls
    down to a party that controls nobody: ``controls``, ``generalPartnerOf``, ``investmentManagerOf``
    and ``parentOf`` point from controller to controlled, ``subsidiaryOf`` and ``controlledBy`` the
    other way.

Algorithms run on copies, never on subgraph views (performance.md: betweenness on an 884-node view
took 0.68 s, on a copy 0.11 s). networkx is imported inside functions so that importing this module
stays cheap; the HTML page's layout (``exports/layout.py``) is pure Python (networkx's layouts need numpy, which the project does
not depend on) and deterministic.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple

from prospectus_kg.errors import GraphFolderError, QueryError
from prospectus_kg.ontology.terms import ID_NS, OA_NS, PREFIXES, PROSP_NS

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from prospectus_kg.folder import GraphFolder

PROSP, ID, OA = PROSP_NS, ID_NS, OA_NS
RDF, RDFS, SKOS, XSD = (PREFIXES[p] for p in ("rdf", "rdfs", "skos", "xsd"))

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
SKOS_PREF_LABEL = SKOS + "prefLabel"
NAME = PROSP + "name"
ALIAS = PROSP + "alias"
LOOKUP_KEY = PROSP + "lookupKey"
AFFILIATE_OF = PROSP + "affiliateOf"

#: Classes whose members are provenance or bookkeeping, never entities.
NON_ENTITY_CLASSES = frozenset(PROSP + c for c in ("Assertion", "Run", "ReasonerRun", "Inferred"))
#: Classes that make an entity a party.
PARTY_CLASSES = frozenset(("Party", "Organization", "Person", "Issuer", "SellingStockholder", "LegalCounsel",
                           "Auditor", "Underwriter"))
#: Entities that link the parties taking part in them (see "The party graph" above).
JOINING_CLASSES = frozenset(("Agreement", "StrategicAlliance", "LockUp", "ShareTransfer", "PrivatePlacement"))
#: Control predicates: local name -> True when the subject is the controller.
CONTROL_PREDICATES = {"controls": True, "generalPartnerOf": True, "investmentManagerOf": True, "parentOf": True,
                      "subsidiaryOf": False, "controlledBy": False}
#: The class an entity is drawn and filtered as: the first of these it has (roles before kinds).
KIND_ORDER = ("Issuer", "Underwriter", "SellingStockholder", "LegalCounsel", "Auditor", "Person", "Organization",
              "Party", "Prospectus", "Filing", "Document", "PrivatePlacement", "Offering", "Security", "Listing",
              "StrategicAlliance", "LockUp", "Agreement", "ShareTransfer", "SellingStockholderPosition",
              "DistributionMethod")
#: Above this many entities, betweenness is estimated from a fixed sample of sources.
BETWEENNESS_EXACT_MAX = 1000
BETWEENNESS_SAMPLE = 300


# ----------------------------------------------------------------------------------------------------------
# Terms and triples

class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (or None) and language tag (or None)."""

    value: str
    datatype: str | None = None
    lang: str | None = None


#: A triple as plain Python values: IRIs are ``str``, blank nodes ``"_:" + id``, literals :class:`Lit`.
Triple = tuple[str, str, "str | Lit"]


def triples_from_rdflib(graph: Any) -> Iterator[Triple]:
    """The triples of an rdflib Graph as plain values."""
    from rdflib import BNode, Literal

    def term(t):
        if isinstance(t, Literal):
            return Lit(str(t), str(t.datatype) if t.datatype else None, t.language or None)
        if isinstance(t, BNode):
            return "_:" + str(t)
        return str(t)

    for s, p, o in graph:
        yield term(s), str(p), term(o)


def triples_from_file(path: str | Path) -> Iterator[Triple]:
    """The triples of a Turtle file (read by :func:`prospectus_kg.folder.read_turtle`)."""
    import pyoxigraph as ox

    from prospectus_kg.folder import read_turtle

    def term(t):
        if isinstance(t, ox.Literal):
            dt = t.datatype.value if t.datatype is not None else None
            if t.language or dt == XSD + "string":
                dt = None
            return Lit(t.value, dt, t.language or None)
        if isinstance(t, ox.BlankNode):
            return "_:" + t.value
        return t.value

    for quad in read_turtle(Path(path)):
        yield term(quad.subject), quad.predicate.value, term(quad.object)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


@lru_cache(maxsize=1)
def term_labels() -> dict[str, str]:
    """rdfs:label of every ontology term (English), read from ontology/prospectus.ttl."""
    from prospectus_kg.ontology.namespace import ONTOLOGY_PATH

    labels: dict[str, str] = {}
    try:
        for s, p, o in triples_from_file(ONTOLOGY_PATH):
            if p == RDFS_LABEL and isinstance(o, Lit) and o.lang in (None, "en") and s.startswith(PROSP):
                labels.setdefault(s, o.value)
    except GraphFolderError:  # pragma: no cover - the ontology ships with the package
        pass
    return labels


def term_label(iri: str) -> str:
    """A readable label for a predicate or class IRI ("affiliate of" for prosp:affiliateOf)."""
    label = term_labels().get(iri)
    if label:
        return label
    name = local_name(iri)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower() if name else iri


def kind_of(classes: Iterable[str]) -> str:
    """The class an entity is drawn and filtered as (local name), from its prosp: class local names."""
    names = set(classes)
    for kind in KIND_ORDER:
        if kind in names:
            return kind
    return min(names) if names else "Thing"


# ----------------------------------------------------------------------------------------------------------
# The entity graph

@dataclass(frozen=True, order=True)
class Provenance:
    """Where one fact was stated: the assertion, the source document, the span and the quote."""

    source: str | None
    start: int | None
    end: int | None
    quote: str | None
    section: str | None
    assertion: str

    def to_dict(self, documents: dict[str, dict] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"assertion": self.assertion, "source": self.source, "start": self.start,
                               "end": self.end, "quote": self.quote, "section": self.section}
        if documents and self.source in documents:
            out["document"] = documents[self.source].get("label")
            out["text_file"] = documents[self.source].get("text_file")
        return out


def _int(value: Any) -> int | None:
    try:
        return int(value.value if isinstance(value, Lit) else value)
    except (TypeError, ValueError):
        return None


def entity_graph(triples: Iterable[Triple]) -> nx.DiGraph:
    """The entities and the relations between them as an ``nx.DiGraph`` (see the module docstring)."""
    import networkx as nx

    types: dict[str, set[str]] = defaultdict(set)
    values: dict[str, list[tuple[str, Lit]]] = defaultdict(list)
    links: list[tuple[str, str, str]] = []
    a_subject: dict[str, str] = {}
    a_predicate: dict[str, str] = {}
    a_object: dict[str, Any] = {}
    a_targets: dict[str, list[str]] = defaultdict(list)
    a_section: dict[str, str] = {}
    t_source: dict[str, str] = {}
    t_selectors: dict[str, list[str]] = defaultdict(list)
    sel_start: dict[str, Any] = {}
    sel_end: dict[str, Any] = {}
    sel_exact: dict[str, str] = {}

    special = {
        RDF + "subject": a_subject, RDF + "predicate": a_predicate, RDF + "object": a_object,
        OA + "hasSource": t_source, OA + "start": sel_start, OA + "end": sel_end,
    }
    for s, p, o in triples:
        if p == RDF_TYPE:
            if not isinstance(o, Lit):
                types[s].add(o)
            continue
        target = special.get(p)
        if target is not None:
            target[s] = o
            continue
        if p == OA + "hasTarget":
            a_targets[s].append(o)
        elif p == OA + "hasSelector":
            t_selectors[s].append(o)
        elif p == OA + "exact" and isinstance(o, Lit):
            sel_exact[s] = o.value
        elif isinstance(o, Lit):
            if p != LOOKUP_KEY:  # the queries' index, not something the text states
                values[s].append((p, o))
        else:
            links.append((s, p, o))
    # prosp:section on an assertion is provenance, not a value of the assertion "entity"
    for s in a_subject:
        for p, o in values.get(s, ()):
            if p == PROSP + "section":
                a_section[s] = o.value

    entities = sorted(s for s, ts in types.items()
                      if not s.startswith("_:") and any(t.startswith(PROSP) and t not in NON_ENTITY_CLASSES
                                                          for t in ts)
                      and not (ts & NON_ENTITY_CLASSES))
    entity_set = set(entities)

    # provenance of each stated triple, keyed by (s, p, o)
    provenance: dict[tuple, list[Provenance]] = defaultdict(list)
    for a, s in a_subject.items():
        p, o = a_predicate.get(a), a_object.get(a)
        if p is None or o is None:
            continue
        targets = a_targets.get(a) or [None]
        for t in targets:
            start = end = quote = source = None
            if t is not None:
                source = t_source.get(t)
                for sel in t_selectors.get(t, ()):
                    if sel in sel_start:
                        start, end = _int(sel_start[sel]), _int(sel_end.get(sel))
                    if sel in sel_exact:
                        quote = sel_exact[sel]
            provenance[(s, p, _key(o))].append(Provenance(source, start, end, quote, a_section.get(a), a))
    for key in provenance:
        provenance[key].sort()

    G = nx.DiGraph()
    documents: dict[str, dict] = {}
    for e in entities:
        classes = sorted(local_name(t) for t in types[e] if t.startswith(PROSP))
        other_classes = sorted(t for t in types[e] if not t.startswith(PROSP))
        vals = sorted(values.get(e, ()), key=lambda pv: (pv[0], pv[1].value, pv[1].datatype or "", pv[1].lang or ""))
        names = [o.value for p, o in vals if p == NAME]
        labels = [o.value for p, o in vals if p == RDFS_LABEL]
        pref = [o.value for p, o in vals if p == SKOS_PREF_LABEL]
        aliases = [o.value for p, o in vals if p == ALIAS]
        label = (names or labels or pref or [local_name(e)])[0]
        G.add_node(e, label=label, name=names[0] if names else None, labels=sorted(set(labels + pref)),
                   aliases=aliases, classes=classes, other_classes=other_classes, kind=kind_of(classes),
                   values=tuple(vals))
        if "Prospectus" in classes or "Document" in classes:
            documents[e] = {"label": label, "text_file": _first(vals, PROSP + "textFile"),
                            "source_file": _first(vals, PROSP + "sourceFile"),
                            "date": _first(vals, PROSP + "prospectusDate")}
    for s, p, o in sorted(links):
        if s in entity_set and o in entity_set and s != o:
            if not G.has_edge(s, o):
                G.add_edge(s, o, relations={})
            G.edges[s, o]["relations"][p] = tuple(provenance.get((s, p, o), ()))
    for src in t_source.values():
        if isinstance(src, str) and src not in documents:
            documents[src] = {"label": local_name(src), "text_file": None, "source_file": None, "date": None}
    G.graph["documents"] = documents
    G.graph["provenance"] = dict(provenance)
    G.graph["links_out"] = _outside_links(links, entity_set)
    return G


def _outside_links(links, entity_set) -> dict[str, list[tuple[str, str]]]:
    """Links from an entity to an IRI that is not an entity (kept as values for the side panel)."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in links:
        if s in entity_set and o not in entity_set and not o.startswith("_:"):
            out[s].append((p, o))
    return dict(out)


def _first(vals, predicate: str) -> str | None:
    return next((o.value for p, o in vals if p == predicate), None)


def _key(o: Any) -> Any:
    return tuple(o) if isinstance(o, Lit) else o


def value_provenance(G: nx.DiGraph, entity: str, predicate: str, value: Lit) -> tuple[Provenance, ...]:
    """The provenance of one value of an entity."""
    return tuple(G.graph["provenance"].get((entity, predicate, _key(value)), ()))


def load(folder: GraphFolder | str | Path) -> nx.DiGraph:
    """The entity graph of a graph folder (checked with ``open_folder``; parsed with pyoxigraph)."""
    from prospectus_kg.folder import GraphFolder, open_folder

    gf = folder if isinstance(folder, GraphFolder) else open_folder(folder)
    return entity_graph(triples_from_file(gf.graph_file))


# ----------------------------------------------------------------------------------------------------------
# Finding entities by name

def find_entities(G: nx.DiGraph, text: str) -> list[str]:
    """The entities that ``text`` names, best tier only (see :func:`find_entity`)."""
    query = text.strip()
    if query.startswith("<") and query.endswith(">"):
        query = query[1:-1]
    if query.startswith("kg:"):
        query = ID + query[3:]
    elif query.startswith("prosp:"):
        query = PROSP + query[6:]
    if re.match(r"^[a-z][a-z0-9+.-]*:", query) and not query.startswith("_:") and " " not in query:
        return [query] if query in G else []
    from prospectus_kg.graph.query.named import rank_entities

    return rank_entities(query, ((node, [data["name"]] if data["name"] else [], [data["label"], *data["labels"]],
                                  data["aliases"]) for node, data in G.nodes(data=True)))


def find_entity(G: nx.DiGraph, text: str) -> str:
    """The one entity that ``text`` names: an IRI (full, ``<...>`` or ``kg:...``), a name, a label or an alias.

    Tried in order: exact name or label, exact alias, a name or alias starting with the text, a name
    or alias containing it, a label containing it (all case-insensitive); the first tier with a match
    decides. Raises :class:`QueryError` when nothing matches or when the text names several entities.
    """
    found = find_entities(G, text)
    if not found:
        raise QueryError(f"no entity named {text!r}", suggestion="give a name, an alias or an IRI from the graph "
                         "(`prospectus-kg query` lists them)")
    if len(found) > 1:
        shown = "; ".join(f"{G.nodes[n]['label']} <{n}>" for n in found[:4])
        more = f" and {len(found) - 4} more" if len(found) > 4 else ""
        raise QueryError(f"{text!r} is ambiguous: {shown}{more}", suggestion="give the full name or the IRI")
    return found[0]


# ----------------------------------------------------------------------------------------------------------
# Structure: party graph, components, chains, centrality, paths

def is_party(G: nx.DiGraph, node: str) -> bool:
    return bool(PARTY_CLASSES & set(G.nodes[node]["classes"]))


def is_vocabulary(G: nx.DiGraph, node: str) -> bool:
    """A value from a shared vocabulary (a distribution method, any skos:Concept), not an actor or a deal."""
    data = G.nodes[node]
    return "DistributionMethod" in data["classes"] or SKOS + "Concept" in data["other_classes"]


def undirected(G: nx.DiGraph, *, vocabulary: bool = True, keep: Iterable[str] = ()) -> nx.Graph:
    """The entity graph without directions, as a copy (nodes and edges in sorted order). With
    ``vocabulary=False`` the shared vocabulary values (distribution methods) are left out, except ``keep``."""
    import networkx as nx

    kept = set(keep)
    nodes = sorted(n for n in G.nodes if vocabulary or n in kept or not is_vocabulary(G, n))
    present = set(nodes)
    U = nx.Graph()
    U.add_nodes_from(nodes)
    U.add_edges_from(sorted(tuple(sorted((u, v))) for u, v in G.edges if u in present and v in present))
    return U


def party_graph(G: nx.DiGraph) -> nx.Graph:
    """Parties linked directly or through a shared agreement, transfer or placement (a copy)."""
    import networkx as nx

    P = nx.Graph()
    parties = sorted(n for n in G if is_party(G, n))
    P.add_nodes_from(parties)
    party_set = set(parties)
    pairs: set[tuple[str, str]] = set()
    for u, v in G.edges:
        if u in party_set and v in party_set:
            pairs.add(tuple(sorted((u, v))))
    for n in G:
        if JOINING_CLASSES & set(G.nodes[n]["classes"]):
            members = sorted({m for m in (*G.successors(n), *G.predecessors(n)) if m in party_set})
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    P.add_edges_from(sorted(pairs))
    return P


def _by_label(G: nx.DiGraph):
    return lambda n: (G.nodes[n]["label"].casefold(), n)


def components(G: nx.DiGraph) -> list[list[str]]:
    """Connected components of the party graph, largest first, members sorted by label."""
    import networkx as nx

    P = party_graph(G)
    comps = [sorted(c, key=_by_label(G)) for c in nx.connected_components(P)]
    comps.sort(key=lambda c: (-len(c), _by_label(G)(c[0])))
    return comps


@dataclass
class Hop:
    """One step of a chain: from ``source`` to ``target`` by ``predicate``; ``forward`` is False when the
    fact is stated the other way round (target predicate source)."""

    source: str
    target: str
    predicate: str
    forward: bool
    provenance: tuple[Provenance, ...] = ()


@dataclass
class Chain:
    nodes: list[str]
    hops: list[Hop]
    members: list[str] = field(default_factory=list)


def _hop(G: nx.DiGraph, a: str, b: str, predicates: Iterable[str] | None = None) -> Hop:
    """The hop from a to b: a stated relation a->b (preferred) or b->a, among ``predicates`` if given."""
    wanted = set(predicates) if predicates is not None else None
    for (s, t, forward) in ((a, b, True), (b, a, False)):
        if G.has_edge(s, t):
            rels = G.edges[s, t]["relations"]
            for p in sorted(rels, key=_relation_rank):
                if wanted is None or p in wanted:
                    return Hop(a, b, p, forward, rels[p])
    raise KeyError((a, b))  # pragma: no cover - callers pass adjacent nodes


def _relation_rank(p: str) -> tuple[int, str]:
    # Prefer the specific relation over its generic super-property when several link the same pair.
    return (1 if p == PROSP + "party" else 0, p)


def affiliate_chains(G: nx.DiGraph) -> list[Chain]:
    """Groups of affiliates (prosp:affiliateOf, either direction), each with its longest chain."""
    import networkx as nx

    A = nx.Graph()
    A.add_edges_from(sorted(tuple(sorted((u, v))) for u, v, d in G.edges(data=True) if AFFILIATE_OF in d["relations"]))
    chains = []
    key = _by_label(G)
    for comp in nx.connected_components(A):
        sub = A.subgraph(comp).copy()
        path = _longest_shortest_path(sub, key)
        if key(path[-1]) < key(path[0]):
            path.reverse()
        hops = [_hop(G, a, b, [AFFILIATE_OF]) for a, b in zip(path, path[1:])]
        chains.append(Chain(path, hops, sorted(comp, key=key)))
    chains.sort(key=lambda c: (-len(c.nodes), -len(c.members), key(c.nodes[0])))
    return chains


def _longest_shortest_path(U: nx.Graph, key) -> list[str]:
    """A diameter path of a connected graph: exact up to 300 nodes, a double BFS sweep above."""
    import networkx as nx

    nodes = sorted(U, key=key)
    sources = nodes if len(nodes) <= 300 else None
    if sources is None:
        far = nodes[0]
        for _ in range(2):
            lengths = nx.single_source_shortest_path_length(U, far)
            far = min(lengths, key=lambda n: (-lengths[n], key(n)))
        sources = [far]
    best: tuple | None = None
    for s in sources:
        lengths = nx.single_source_shortest_path_length(U, s)
        t = min(lengths, key=lambda n: (-lengths[n], key(n)))
        cand = (-lengths[t], key(s), key(t), s, t)
        if best is None or cand < best:
            best = cand
    s, t = best[3], best[4]
    return _bfs_path(U, s, t, key)


def _bfs_path(U, s: str, t: str, key) -> list[str]:
    """The shortest path s..t, ties broken by neighbour labels (deterministic)."""
    parent = {s: None}
    queue = deque([s])
    while queue:
        n = queue.popleft()
        if n == t:
            break
        for m in sorted(U[n], key=key):
            if m not in parent:
                parent[m] = n
                queue.append(m)
    path = [t]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    return path[::-1]


def control_graph(G: nx.DiGraph) -> nx.DiGraph:
    """Controller -> controlled, one edge per pair, with the stated (predicate, forward) that gives it."""
    import networkx as nx

    C = nx.DiGraph()
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
        for p in sorted(d["relations"]):
            if not p.startswith(PROSP) or local_name(p) not in CONTROL_PREDICATES:
                continue
            controller, controlled = (u, v) if CONTROL_PREDICATES[local_name(p)] else (v, u)
            if controller == controlled or C.has_edge(controller, controlled):
                continue
            C.add_edge(controller, controlled, hop=Hop(controller, controlled, p, controller == u,
                                                       d["relations"][p]))
    return C


def control_chains(G: nx.DiGraph, limit: int = 10_000) -> tuple[list[Chain], bool]:
    """Maximal control paths (controller first); ``True`` as second value when ``limit`` cut the list."""
    C = control_graph(G)
    key = _by_label(G)
    roots = sorted((n for n in C if C.in_degree(n) == 0), key=key)
    # control cycles have no root: start them at their smallest member
    reached: set[str] = set()
    chains: list[Chain] = []
    truncated = False

    def walk(path: list[str]) -> None:
        nonlocal truncated
        if len(chains) >= limit:
            truncated = True
            return
        reached.update(path)
        nexts = [m for m in sorted(C.successors(path[-1]), key=key) if m not in path]
        if not nexts:
            if len(path) > 1:
                chains.append(Chain(list(path), [C.edges[a, b]["hop"] for a, b in zip(path, path[1:])]))
            return
        for m in nexts:
            walk(path + [m])

    for r in roots:
        walk([r])
    for n in sorted(C, key=key):
        if n not in reached:
            walk([n])
    chains.sort(key=lambda c: (-len(c.nodes), [key(n) for n in c.nodes]))
    return chains, truncated


@dataclass
class Centrality:
    node: str
    degree: int
    degree_centrality: float
    betweenness: float


def centrality(G: nx.DiGraph, top: int | None = 10, parties_only: bool = True) -> tuple[list[Centrality], bool]:
    """Degree and betweenness centrality over the undirected entity graph (every entity but the shared
    vocabulary values, which would make every seller in every deal "near" every other), ranked by
    betweenness, then degree. Second value: True when betweenness was estimated
    from a fixed sample of sources (graphs above ``BETWEENNESS_EXACT_MAX`` entities)."""
    import networkx as nx

    U = undirected(G, vocabulary=False)
    if U.number_of_nodes() == 0:
        return [], False
    degree = nx.degree_centrality(U) if U.number_of_nodes() > 1 else {n: 0.0 for n in U}
    sampled = U.number_of_nodes() > BETWEENNESS_EXACT_MAX
    k = BETWEENNESS_SAMPLE if sampled else None
    between = nx.betweenness_centrality(U, k=k, seed=0 if sampled else None, normalized=True)
    rows = [Centrality(n, U.degree(n), degree[n], between[n]) for n in U
            if not parties_only or is_party(G, n)]
    key = _by_label(G)
    rows.sort(key=lambda r: (-round(r.betweenness, 12), -r.degree, key(r.node)))
    return (rows[:top] if top else rows), sampled


def shortest_chain(G: nx.DiGraph, a: str, b: str, directed: bool = False) -> list[Hop]:
    """The shortest chain of relations from entity ``a`` to entity ``b``.

    Relations are walked in either direction unless ``directed`` (then only as stated, except the
    symmetric prosp:affiliateOf). Chains do not pass through shared vocabulary values (a distribution
    method links every offering that may use it, which says nothing about who is tied to whom);
    ``a`` or ``b`` may be one. Among chains of equal length the one through the alphabetically
    first neighbours is chosen. Raises :class:`QueryError` when no chain exists.
    """
    import networkx as nx

    if a == b:
        return []
    key = _by_label(G)
    if directed:
        D = nx.DiGraph()
        D.add_nodes_from(G)
        for u, v, d in G.edges(data=True):
            if (is_vocabulary(G, u) and u not in (a, b)) or (is_vocabulary(G, v) and v not in (a, b)):
                continue
            D.add_edge(u, v)
            if AFFILIATE_OF in d["relations"]:
                D.add_edge(v, u)
        adj = D.succ
    else:
        adj = undirected(G, vocabulary=False, keep=(a, b)).adj
    parent: dict[str, str | None] = {a: None}
    queue = deque([a])
    while queue and b not in parent:
        n = queue.popleft()
        for m in sorted(adj[n], key=key):
            if m not in parent:
                parent[m] = n
                queue.append(m)
    if b not in parent:
        how = "directed " if directed else ""
        raise QueryError(f"no {how}chain of relations links {G.nodes[a]['label']!r} and {G.nodes[b]['label']!r}",
                         suggestion=None if directed else "they are in different components of the graph")
    path = [b]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    path.reverse()
    hops = []
    for x, y in zip(path, path[1:]):
        if directed and not G.has_edge(x, y):
            hops.append(_hop(G, x, y, [AFFILIATE_OF]))
        else:
            hops.append(_hop(G, x, y))
    return hops


# ----------------------------------------------------------------------------------------------------------
# Reports

def analyze(G: nx.DiGraph, top: int = 10) -> dict[str, Any]:
    """Everything ``prospectus-kg analyze`` reports, as plain JSON-ready data."""
    docs = G.graph.get("documents", {})
    comps = components(G)
    central, sampled = centrality(G, top=top)
    controls, truncated = control_chains(G)
    ref = lambda n: {"iri": n, "label": G.nodes[n]["label"]}  # noqa: E731
    parties = sum(len(c) for c in comps)
    return {
        "entities": G.number_of_nodes(),
        "links": G.number_of_edges(),
        "parties": parties,
        "components": [{"size": len(c), "parties": [ref(n) for n in c]} for c in comps],
        "affiliate_chains": [chain_dict(G, c, docs) for c in affiliate_chains(G)],
        "control_chains": [chain_dict(G, c, docs) for c in controls],
        "control_chains_truncated": truncated,
        "central_parties": [{**ref(r.node), "degree": r.degree, "degree_centrality": round(r.degree_centrality, 6),
                             "betweenness": round(r.betweenness, 6)} for r in central],
        "betweenness": "sampled" if sampled else "exact",
    }


def hop_dict(G: nx.DiGraph, h: Hop, documents: dict | None = None) -> dict[str, Any]:
    documents = documents if documents is not None else G.graph.get("documents", {})
    return {"from": {"iri": h.source, "label": G.nodes[h.source]["label"]},
            "to": {"iri": h.target, "label": G.nodes[h.target]["label"]},
            "predicate": h.predicate, "relation": term_label(h.predicate), "stated_forward": h.forward,
            "provenance": [p.to_dict(documents) for p in h.provenance]}


def chain_dict(G: nx.DiGraph, c: Chain, documents: dict | None = None) -> dict[str, Any]:
    out = {"length": len(c.hops), "nodes": [{"iri": n, "label": G.nodes[n]["label"]} for n in c.nodes],
           "hops": [hop_dict(G, h, documents) for h in c.hops]}
    if c.members:
        out["members"] = [{"iri": n, "label": G.nodes[n]["label"]} for n in c.members]
    return out
