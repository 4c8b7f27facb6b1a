"""SHACL at corpus scale: the shapes of ``shapes.ttl`` checked over indexes of the graph and Oxigraph.

pySHACL evaluates every constraint node by node over an rdflib graph: 10 s for 22k triples, and more
than 25 minutes for 513k. This engine gives the same validation results (``tests/test_validate.py``
compares the two on every broken fixture, the seed and a synthetic corpus) in a few seconds:

* the graph is read once (pyoxigraph's parser) into per-predicate indexes of the file's own terms
  (Oxigraph's store would turn ``xsd:nonNegativeInteger`` into ``xsd:integer``, which ``sh:datatype``
  must see as written);
* each property shape's values are taken from the indexes for all its focus nodes at once and checked
  in Python, with rdflib's rules for literals (well-formedness, comparisons), as pySHACL does;
* each SPARQL-based constraint (``sh:sparql``) runs once on an Oxigraph store holding the graph and the
  ontology, with ``$this`` joined to the shape's targets instead of pre-bound per focus node.

It implements the SHACL Core components the shapes use (targets: class with sub-classes, subjects of;
paths: predicates and sequences; sh:minCount, sh:maxCount, sh:nodeKind, sh:datatype, sh:minInclusive,
sh:maxInclusive, sh:minLength, sh:lessThan, sh:or of such shapes; sh:message; sh:severity) and
SPARQL-based constraints. A shape using anything else raises :class:`Unsupported`, and ``validate``
then runs pySHACL (``--shacl-engine pyshacl`` asks for it always).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from prospectus_kg.folder import rdflib_term

SH = "http://www.w3.org/ns/shacl#"


def sh(name: str) -> URIRef:
    return URIRef(SH + name)


class Unsupported(Exception):
    """The shapes use a SHACL feature this engine does not implement."""


#: the constraint parameters understood on a property shape (and inside sh:or)
_PARAMETERS = {sh(n) for n in ("path", "minCount", "maxCount", "nodeKind", "datatype", "minInclusive",
                               "maxInclusive", "minLength", "lessThan", "or", "message", "severity", "name",
                               "description", "order", "group")} | {RDFS.label, RDFS.comment}
_NODE_PARAMETERS = {sh(n) for n in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode",
                                    "property", "sparql", "message", "severity", "deactivated")} | \
    {RDF.type, RDFS.label, RDFS.comment}


@dataclass
class Result:
    """One validation result, as pySHACL reports it (rdflib terms)."""

    focus: Any
    path: Any
    value: Any
    shape: Any
    messages: list[str]
    severity: URIRef = field(default_factory=lambda: sh("Violation"))
    component: URIRef | None = None


class Data:
    """The triples of graph.ttl (and the ontology) indexed by predicate, as rdflib terms of the file."""

    def __init__(self, triples: Iterable[tuple]) -> None:
        self.by_predicate: dict[Any, dict[Any, list]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            self.by_predicate[p][s].append(o)

    def values(self, node, path) -> list:
        """The distinct values of ``path`` (a predicate, or a tuple: a sequence) from ``node``."""
        nodes = [node]
        for step in (path if isinstance(path, tuple) else (path,)):
            index = self.by_predicate.get(step)
            if index is None:
                return []
            following: list = []
            for n in nodes:
                following.extend(index.get(n, ()))
            nodes = list(dict.fromkeys(following))
        return nodes

    def subjects_of(self, predicate) -> list:
        return list(self.by_predicate.get(predicate, {}))

    def instances(self, cls) -> list:
        """Nodes of type ``cls`` or of a sub-class of it (rdfs:subClassOf*, in data and ontology)."""
        sub = self.by_predicate.get(RDFS.subClassOf, {})
        parents: dict = defaultdict(list)
        for child, supers in sub.items():
            for s in supers:
                parents[s].append(child)
        classes, todo = {cls}, [cls]
        while todo:
            for child in parents.get(todo.pop(), ()):
                if child not in classes:
                    classes.add(child)
                    todo.append(child)
        found = []
        for node, types in self.by_predicate.get(RDF.type, {}).items():
            if any(t in classes for t in types):
                found.append(node)
        return found


@dataclass
class _Constraint:
    parameter: URIRef
    value: Any


@dataclass
class _PropertyShape:
    node: Any
    path: Any              # a predicate, or a tuple of predicates
    path_term: Any         # the sh:path node as written (for sh:resultPath)
    constraints: list[_Constraint]
    messages: list[str]
    severity: URIRef


@dataclass
class _NodeShape:
    node: Any
    targets: list[tuple[str, Any]]
    properties: list[_PropertyShape]
    sparql: list[tuple[Any, str, list[str]]]     # (constraint node, SELECT text with prefixes, messages)
    messages: list[str]
    severity: URIRef


def _messages(shapes: Graph, node) -> list[str]:
    return sorted(str(m) for m in shapes.objects(node, sh("message")))


def _path(shapes: Graph, node):
    if isinstance(node, URIRef):
        return node
    if isinstance(node, BNode) and (node, RDF.first, None) in shapes:
        steps = tuple(Collection(shapes, node))
        if all(isinstance(s, URIRef) for s in steps):
            return steps
    raise Unsupported(f"property path {node!r}")


def _prefixes(shapes: Graph, constraint) -> str:
    lines = []
    for source in shapes.objects(constraint, sh("prefixes")):
        for declaration in shapes.objects(source, sh("declare")):
            prefix, namespace = shapes.value(declaration, sh("prefix")), shapes.value(declaration, sh("namespace"))
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def read_shapes(shapes: Graph) -> list[_NodeShape]:
    """The node shapes of ``shapes``; :class:`Unsupported` for a feature this engine lacks."""
    node_shapes = []
    for node in sorted(set(shapes.subjects(RDF.type, sh("NodeShape"))), key=str):
        unknown = {p for p in shapes.predicates(node, None)} - _NODE_PARAMETERS
        if unknown:
            raise Unsupported(f"node shape {node} uses {sorted(map(str, unknown))}")
        targets = [("class", c) for c in shapes.objects(node, sh("targetClass"))]
        targets += [("subjectsOf", p) for p in shapes.objects(node, sh("targetSubjectsOf"))]
        targets += [("objectsOf", p) for p in shapes.objects(node, sh("targetObjectsOf"))]
        targets += [("node", n) for n in shapes.objects(node, sh("targetNode"))]
        properties = []
        for prop in shapes.objects(node, sh("property")):
            unknown = {p for p in shapes.predicates(prop, None)} - _PARAMETERS
            if unknown:
                raise Unsupported(f"property shape of {node} uses {sorted(map(str, unknown))}")
            path_term = shapes.value(prop, sh("path"))
            constraints = [_Constraint(p, o) for p, o in shapes.predicate_objects(prop)
                           if p not in (sh("path"), sh("message"), sh("severity"), sh("name"), sh("description"),
                                        sh("order"), sh("group"), RDFS.label, RDFS.comment)]
            for c in constraints:
                if c.parameter == sh("or"):
                    alternatives = list(Collection(shapes, c.value))
                    for alternative in alternatives:
                        inner = set(shapes.predicates(alternative, None))
                        if inner != {sh("datatype")}:
                            raise Unsupported(f"sh:or alternative with {sorted(map(str, inner))}")
                    c.value = [shapes.value(a, sh("datatype")) for a in alternatives]
            properties.append(_PropertyShape(prop, _path(shapes, path_term), path_term, constraints,
                                             _messages(shapes, prop),
                                             shapes.value(prop, sh("severity")) or sh("Violation")))
        sparql = []
        for constraint in shapes.objects(node, sh("sparql")):
            select = shapes.value(constraint, sh("select"))
            if select is None:
                raise Unsupported(f"SPARQL constraint of {node} without sh:select")
            sparql.append((constraint, _prefixes(shapes, constraint) + "\n" + str(select),
                           _messages(shapes, constraint) or _messages(shapes, node)))
        node_shapes.append(_NodeShape(node, targets, properties, sparql, _messages(shapes, node),
                                      shapes.value(node, sh("severity")) or sh("Violation")))
    return node_shapes


# --- value checks, as pySHACL does them (rdflib's literal semantics) -------------------------------

_XSD_STRING, _LANG_STRING = XSD.string, RDF.langString


def _conforms_datatype(value, datatype) -> bool:
    if not isinstance(value, Literal):
        return False
    if datatype == _XSD_STRING:
        return value.language is None and (value.datatype is None or value.datatype == _XSD_STRING)
    if datatype == _LANG_STRING:
        return value.language is not None
    return value.datatype == datatype and not value.ill_typed


def _compare(value, bound, op: Callable[[Any, Any], bool]) -> bool:
    """``op(value, bound)`` on the literals' values; not comparable (or ill-typed) is False."""
    if not isinstance(value, Literal) or not isinstance(bound, Literal) or value.ill_typed:
        return False
    a, b = value.toPython(), bound.toPython()
    if isinstance(a, str) != isinstance(b, str):   # a literal of unknown type is its text: no order with numbers
        return False
    try:
        return bool(op(a, b))
    except TypeError:
        return False


_KINDS = {sh("IRI"): (URIRef,), sh("BlankNode"): (BNode,), sh("Literal"): (Literal,),
          sh("BlankNodeOrIRI"): (BNode, URIRef), sh("BlankNodeOrLiteral"): (BNode, Literal),
          sh("IRIOrLiteral"): (URIRef, Literal)}


def _node_kind(value, kind) -> bool:
    return isinstance(value, _KINDS.get(kind, ()))


_MIN_COUNT, _MAX_COUNT, _NODE_KIND, _DATATYPE, _OR = (sh(n) for n in ("minCount", "maxCount", "nodeKind", "datatype", "or"))
_MIN_INCLUSIVE, _MAX_INCLUSIVE, _MIN_LENGTH, _LESS_THAN = (sh(n) for n in ("minInclusive", "maxInclusive", "minLength",
                                                                           "lessThan"))
_COMPONENTS = {p: sh(p.rsplit("#", 1)[-1][0].upper() + p.rsplit("#", 1)[-1][1:] + "ConstraintComponent")
               for p in (_MIN_COUNT, _MAX_COUNT, _NODE_KIND, _DATATYPE, _OR, _MIN_INCLUSIVE, _MAX_INCLUSIVE,
                         _MIN_LENGTH, _LESS_THAN)}


def _value_test(c: _Constraint) -> Callable[[Any], bool] | None:
    """For a constraint on each value: the test a conforming value passes (None: not such a constraint)."""
    kind, bound = c.parameter, c.value
    if kind == _NODE_KIND:
        return lambda v: _node_kind(v, bound)
    if kind == _DATATYPE:
        return lambda v: _conforms_datatype(v, bound)
    if kind == _OR:
        return lambda v: any(_conforms_datatype(v, d) for d in bound)
    if kind == _MIN_INCLUSIVE:
        return lambda v: _compare(v, bound, lambda a, b: a >= b)
    if kind == _MAX_INCLUSIVE:
        return lambda v: _compare(v, bound, lambda a, b: a <= b)
    if kind == _MIN_LENGTH:
        return lambda v: not isinstance(v, BNode) and len(str(v)) >= int(bound)
    return None


def _check_property(data: Data, shape: _PropertyShape, focus_nodes: list, node_shape) -> list[Result]:
    results = []
    counts, tests, less_than = [], [], []
    for c in shape.constraints:
        if c.parameter in (_MIN_COUNT, _MAX_COUNT):
            counts.append((c.parameter == _MIN_COUNT, int(c.value), _COMPONENTS[c.parameter]))
        elif c.parameter == _LESS_THAN:
            less_than.append(c.value)
        else:
            test = _value_test(c)
            if test is None:
                raise Unsupported(f"constraint {c.parameter}")
            tests.append((test, _COMPONENTS[c.parameter]))
    values_of, path = data.values, shape.path

    def result(focus, value, component):
        results.append(Result(focus, shape.path_term, value, shape.node, shape.messages, shape.severity, component))

    for focus in focus_nodes:
        values = values_of(focus, path)
        for is_min, bound, component in counts:
            if (len(values) < bound) if is_min else (len(values) > bound):
                result(focus, None, component)
        for test, component in tests:
            for v in values:
                if not test(v):
                    result(focus, v, component)
        for other in less_than:
            others = values_of(focus, other)
            for v in values:
                for w in others:
                    if not _compare(v, w, lambda a, b: a < b):
                        result(focus, v, _COMPONENTS[_LESS_THAN])
    return results


def _focus_nodes(data: Data, shape: _NodeShape) -> list:
    found: dict = {}
    for kind, term in shape.targets:
        if kind == "class":
            nodes = data.instances(term)
        elif kind == "subjectsOf":
            nodes = data.subjects_of(term)
        elif kind == "objectsOf":
            nodes = [o for objects in data.by_predicate.get(term, {}).values() for o in objects]
        else:
            nodes = [term]
        found.update(dict.fromkeys(nodes))
    return list(found)


def _target_pattern(shape: _NodeShape) -> str:
    """A SPARQL group binding ``?this`` to the shape's focus nodes."""
    parts = []
    for kind, term in shape.targets:
        if kind == "class":
            parts.append(f"{{ ?this a/<{RDFS.subClassOf}>* <{term}> }}")
        elif kind == "subjectsOf":
            parts.append(f"{{ ?this <{term}> ?_targetObject }}")
        elif kind == "objectsOf":
            parts.append(f"{{ ?_targetSubject <{term}> ?this }}")
        else:
            parts.append(f"{{ VALUES ?this {{ {term.n3()} }} }}")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _joined_select(select: str, shape: _NodeShape) -> str:
    """The constraint's SELECT with ``$this`` a variable joined to the targets (one query, not one per node)."""
    import re

    text = re.sub(r"\$this\b", "?this", select)
    match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if match is None:
        raise Unsupported("SPARQL constraint without WHERE {")
    head = text[:match.start()]
    if not re.search(r"\?this\b", head):
        raise Unsupported("SPARQL constraint that does not select $this")
    return text[:match.end()] + " " + _target_pattern(shape) + " " + text[match.end():]


def _closing_brace(text: str, opening: int) -> int:
    """The index of the ``}`` matching ``text[opening] == "{"`` (strings, IRIs and comments skipped)."""
    depth, i = 0, opening
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            i = text.index(ch, i + 1) if ch in text[i + 1:] else len(text)
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise Unsupported("unbalanced braces in a SPARQL constraint")


def _anti_joins(query: str) -> str:
    """``FILTER NOT EXISTS { P }`` of the outermost WHERE group as ``OPTIONAL { P BIND(true AS ?m) }
    FILTER(!BOUND(?m))`` at the group's end.

    The same solutions: a FILTER applies to its whole group wherever it is written, so the pattern
    moves to the end, where every variable of the group is bound; a solution that P extends is dropped
    (every extension has ?m bound), one that it does not is kept once, with P's own variables unbound.
    The rewrite is made only when P's own variables appear nowhere else in the query. Oxigraph runs a
    NOT EXISTS as a scan per solution (5.5 s for 500 facts of a 22k-triple graph) and the OPTIONAL as
    a join (0.02 s); rdflib runs the original text well, so only this engine rewrites it.
    """
    import re

    match = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE)
    if match is None:
        return query
    start = match.end() - 1
    end = _closing_brace(query, start)
    body = query[start + 1:end]
    kept, moved, position, number = [], [], 0, 0
    for found in re.finditer(r"FILTER\s+NOT\s+EXISTS\s*\{", body, re.IGNORECASE):
        if found.start() < position:
            continue
        opening = found.end() - 1
        closing = _closing_brace(body, opening)
        inner = body[opening + 1:closing]
        outside = query[:start + 1] + body[:found.start()] + body[closing + 1:] + query[end:]
        inner_vars = set(re.findall(r"[?$]([A-Za-z_0-9]+)", inner))
        outer_vars = set(re.findall(r"[?$]([A-Za-z_0-9]+)", outside))
        own = inner_vars - outer_vars
        if any(re.search(rf"[?$]{v}\b", outside) for v in own) or re.search(r"\bSELECT\b", inner, re.IGNORECASE):
            continue
        number += 1
        marker = f"?_absent{number}"
        kept.append(body[position:found.start()])
        moved.append(f"OPTIONAL {{ {inner} BIND(true AS {marker}) }} FILTER(!BOUND({marker}))")
        position = closing + 1
    if not moved:
        return query
    kept.append(body[position:])
    return query[:start + 1] + "".join(kept) + "\n" + "\n".join(moved) + "\n" + query[end:]


def validate_data(data: Data, store, shapes: Graph, progress: Callable[[str], None] | None = None) -> list[Result]:
    """Validation results of ``data`` (the file's triples with the ontology mixed in, as pySHACL mixes
    its ``ont_graph``) against ``shapes``; ``store`` is a pyoxigraph Store holding the same triples, for
    SPARQL-based constraints. :class:`Unsupported` when the shapes need more than this engine has."""
    node_shapes = read_shapes(shapes)
    results: list[Result] = []
    for number, shape in enumerate(node_shapes, 1):
        if progress:
            progress(f"shape {number}/{len(node_shapes)}: {str(shape.node).rsplit('#', 1)[-1]}")
        focus_nodes = _focus_nodes(data, shape) if shape.properties else []
        for prop in shape.properties:
            results.extend(_check_property(data, prop, focus_nodes, shape))
        for _constraint, select, messages in shape.sparql:
            answer = store.query(_anti_joins(_joined_select(select, shape)))
            names = [v.value for v in answer.variables]
            for solution in answer:
                row = dict(zip(names, (rdflib_term(t) for t in solution)))
                results.append(Result(row.get("this"), row.get("path"), row.get("value"), shape.node,
                                      messages, shape.severity, sh("SPARQLConstraintComponent")))
    return results


class IndexGraph:
    """The few rdflib ``Graph`` reads the provenance check and the source finder make, over :class:`Data`."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self._reverse: dict = {}

    def objects(self, subject, predicate):
        return iter(self.data.by_predicate.get(predicate, {}).get(subject, ()))

    def value(self, subject, predicate):
        found = self.data.by_predicate.get(predicate, {}).get(subject)
        return found[0] if found else None

    def subjects(self, predicate, obj):
        reverse = self._reverse.get(predicate)
        if reverse is None:
            reverse = self._reverse[predicate] = defaultdict(list)
            for s, objects in self.data.by_predicate.get(predicate, {}).items():
                for o in objects:
                    reverse[o].append(s)
        return iter(dict.fromkeys(reverse.get(obj, ())))


def shapes_graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")
