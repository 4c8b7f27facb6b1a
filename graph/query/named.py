"""Named SPARQL queries: the registry of ``graph/query/queries/*.rq`` and running a query with parameters.

Each ``.rq`` file is one question analysts ask, in standard SPARQL 1.1
(https://www.w3.org/TR/sparql11-query/), opening with a comment header that this module reads
(the format is documented in ``graph/query/queries/README.md``)::

    # name: affiliates
    # description: Parties linked to an organization through affiliation or control. More text,
    #   continued on indented comment lines.
    # param: org - name or alias of the organization, any case (required)
    # example: org=Nevada Bond, LLC

A parameter ``org`` is the query variable ``?org``. Its value is bound by the engine (rdflib
``initBindings``, Oxigraph ``substitutions``), never pasted into the text, so a value holding quotes,
braces or SPARQL keywords is only ever a value. A parameter has a type (``string`` by default;
``iri``, ``integer``, ``decimal``, ``boolean``, ``date``, ``name``) that decides the RDF term it becomes.
A ``name`` is bound to its lookup key (``graph/build/lookup.py``), which the query matches exactly against
``prosp:lookupKey``: any case and spacing of a name, alias, label or IRI finds the entity by an index
look-up instead of a scan of every name.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from prospectus_kg.errors import QueryError, UsageError

__all__ = ["rank_entities", "resolve_name", "QUERIES_DIR", "PARAM_TYPES", "Param", "NamedQuery", "load_named_queries", "get_named_query",
           "parse_header", "parse_param_args", "adhoc_bindings", "query_form"]

QUERIES_DIR = Path(__file__).resolve().with_name("queries")

#: parameter type -> XSD datatype local name (``None``: plain string; ``iri``: an IRI; ``name``: the
#: plain string of the value's lookup key)
PARAM_TYPES: dict[str, str | None] = {
    "string": None, "iri": "iri", "integer": "integer", "decimal": "decimal", "boolean": "boolean", "date": "date",
    "name": None,
}
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_VAR = r"[A-Za-z_][A-Za-z0-9_]*"
_KEY_LINE = re.compile(r"#\s*(name|description|param|example|wide)\s*:\s?(.*)\Z", re.IGNORECASE)
_PARAM = re.compile(rf"(?P<name>{_VAR})(?::(?P<type>[a-z]+))?\s+-\s+(?P<desc>.*?)\s*"
                    r"(?:\((?P<flag>required|optional)\))?\s*\Z", re.IGNORECASE)
_CONTINUATION = re.compile(r"#\s{2,}\S")
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)[.!?](?=\s+[A-Z(\"]|\s*\Z)")
_IRI_BAD = re.compile(r"[\s<>\"{}|^`\\]")


@dataclass(frozen=True)
class Param:
    """One parameter of a named query: the variable ``?name``, bound to a term of ``type``."""

    name: str
    type: str = "string"
    required: bool = True
    description: str = ""

    def to_term(self, value: str, query: str = "") -> Any:
        """The RDF term (rdflib) for the text ``value``; :class:`QueryError` when it does not fit the type."""
        from rdflib.namespace import XSD
        from rdflib.term import Literal, URIRef

        where = f" of query {query}" if query else ""
        kind = self.type
        try:
            if kind == "string":
                return Literal(value)
            if kind == "name":   # an IRI may come in angle brackets, as for the iri type
                from prospectus_kg.graph.build.lookup import lookup_key
                from prospectus_kg.ontology.terms import ID_NS
                stripped = value.strip()
                if stripped.startswith("<") and stripped.endswith(">"):
                    value = stripped[1:-1]
                elif stripped.startswith("kg:") and " " not in stripped:   # as `prospectus-kg path` reads it
                    value = ID_NS + stripped[3:]
                return Literal(lookup_key(value))
            if kind == "iri":
                value = value.strip()
                if value.startswith("<") and value.endswith(">"):
                    value = value[1:-1]
                if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or _IRI_BAD.search(value):
                    raise ValueError("not an absolute IRI")
                return URIRef(value)
            if kind == "integer":
                return Literal(int(value.strip().replace(",", "").replace("_", "")), datatype=XSD.integer)
            if kind == "decimal":
                return Literal(Decimal(value.strip().replace(",", "")), datatype=XSD.decimal)
            if kind == "boolean":
                lowered = value.strip().lower()
                if lowered not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError("not true or false")
                return Literal(lowered in ("true", "1", "yes"))
            if kind == "date":
                return Literal(datetime.date.fromisoformat(value.strip()), datatype=XSD.date)
        except (ValueError, InvalidOperation) as exc:
            raise QueryError(f"parameter {self.name}{where} must be {'an' if kind[0] in 'ai' else 'a'} {kind}: "
                             f"{value!r} is not ({exc})") from exc
        raise QueryError(f"parameter {self.name}{where} has an unknown type {kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "required": self.required, "description": self.description}


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its header and its text."""

    name: str
    description: str
    params: tuple[Param, ...]
    path: Path
    text: str
    examples: tuple[tuple[tuple[str, str], ...], ...] = field(default=())
    #: columns the text table shows in full, never cut (``# wide: path``): the ones that are the answer
    wide: tuple[str, ...] = field(default=())

    @property
    def summary(self) -> str:
        """The first sentence of the description."""
        match = _SENTENCE_END.search(self.description)
        return self.description[: match.end()] if match else self.description

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def bind(self, values: Mapping[str, str]) -> dict[str, Any]:
        """Parameter values (text) as bindings ``{variable: term}``.

        Raises :class:`QueryError` naming an unknown or a missing parameter, or a value of the wrong type.
        """
        known = ", ".join(p.name for p in self.params) or "none"
        for key in values:
            if self.param(key) is None:
                raise QueryError(f"query {self.name} has no parameter {key!r} (its parameters: {known})")
        bindings: dict[str, Any] = {}
        for param in self.params:
            if param.name in values:
                bindings[param.name] = param.to_term(values[param.name], self.name)
            elif param.required:
                raise QueryError(f"query {self.name} needs parameter {param.name!r} ({param.description})",
                                 suggestion=f"add --param {param.name}=VALUE")
        return bindings

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description,
                "parameters": [p.to_dict() for p in self.params],
                "examples": [dict(e) for e in self.examples], "path": str(self.path)}


def parse_header(text: str, path: Path | str = "<query>") -> tuple[dict[str, str], list[Param], list[dict[str, str]]]:
    """The comment header of a query file: ``({name, description}, params, examples)``.

    The header is the run of ``#`` lines at the top. ``# key: value`` starts a field (name,
    description, param, example); a comment line indented by two or more spaces (``#   more``)
    continues the field before it; anything else (a bare ``#``, a blank line, the query) ends it.
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    examples: list[dict[str, str]] = []
    raw: list[list[str]] = []  # [key, value] in order, continuations appended
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        match = _KEY_LINE.match(stripped)
        if match:
            raw.append([match.group(1).lower(), match.group(2).strip()])
        elif raw and _CONTINUATION.match(stripped):
            raw[-1][1] = f"{raw[-1][1]} {stripped.lstrip('#').strip()}".strip()
        else:
            break  # a bare "#" or a comment that is not indented ends the header
    for key, value in raw:
        if key == "wide":
            fields["wide"] = " ".join(filter(None, (fields.get("wide", ""), value.replace(",", " "))))
        elif key in ("name", "description"):
            if key in fields:
                raise QueryError(f"{path}: header has two '# {key}:' lines")
            fields[key] = value
        elif key == "param":
            match = _PARAM.match(value)
            if not match:
                raise QueryError(f"{path}: cannot read '# param: {value}'",
                                 suggestion="write '# param: NAME[:TYPE] - DESCRIPTION (required|optional)'")
            kind = (match.group("type") or "string").lower()
            if kind not in PARAM_TYPES:
                raise QueryError(f"{path}: parameter {match.group('name')} has unknown type {kind!r}",
                                 suggestion=f"use one of {', '.join(PARAM_TYPES)}")
            params.append(Param(match.group("name"), kind, (match.group("flag") or "required").lower() == "required",
                                match.group("desc")))
        elif key == "example":
            example = {}
            for part in value.split(" | "):
                name, sep, val = part.partition("=")
                if not sep:
                    raise QueryError(f"{path}: cannot read '# example: {value}'",
                                     suggestion="write '# example: NAME=VALUE [| NAME=VALUE]...'")
                example[name.strip()] = val.strip()
            examples.append(example)
    return fields, params, examples


def _projects(text: str, var: str) -> bool:
    """Whether the top-level SELECT of ``text`` names ``?var`` (or is ``SELECT *``); ASK/CONSTRUCT: yes."""
    body = re.sub(r"#[^\n]*", "", text)
    match = re.search(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", body, re.IGNORECASE | re.DOTALL)
    if not match:
        return True
    clause = match.group(1)
    return "*" in clause.split("(")[0] or re.search(rf"[?$]{re.escape(var)}\b", clause) is not None


def _load_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {path}: {exc}") from exc
    fields, params, examples = parse_header(text, path)
    name = fields.get("name") or path.stem
    if name != path.stem or not _NAME.match(name):
        raise QueryError(f"{path}: '# name: {name}' must be the file name without .rq, in lower-case-with-dashes")
    if not fields.get("description"):
        raise QueryError(f"{path}: the header has no '# description:'")
    for param in params:
        if not _projects(text, param.name):
            raise QueryError(f"{path}: parameter {param.name} must be projected by the SELECT clause",
                             suggestion="Oxigraph binds only projected variables; add ?" + param.name)
    known = {p.name for p in params}
    for example in examples:
        if set(example) - known:
            raise QueryError(f"{path}: example names unknown parameters {sorted(set(example) - known)}")
    wide = tuple(v.lstrip("?$") for v in fields.get("wide", "").split())
    return NamedQuery(name, fields["description"], tuple(params), path.resolve(), text,
                      tuple(tuple(e.items()) for e in examples), wide)


def load_named_queries(directory: Path | str | None = None) -> dict[str, NamedQuery]:
    """Every ``*.rq`` in ``directory`` (default: the shipped ``graph/query/queries``), by name, sorted."""
    folder = Path(directory) if directory is not None else QUERIES_DIR
    if not folder.is_dir():
        raise QueryError(f"no query folder at {folder}")
    queries = [_load_file(path) for path in sorted(folder.glob("*.rq"))]
    return {q.name: q for q in queries}


def get_named_query(name: str, directory: Path | str | None = None) -> NamedQuery:
    """The named query ``name``; :class:`QueryError` listing the names that exist when it is unknown."""
    queries = load_named_queries(directory)
    if name not in queries:
        raise QueryError(f"unknown query name {name!r}; available: {', '.join(queries)}",
                         suggestion="`prospectus-kg queries` lists them with their parameters")
    return queries[name]


def parse_param_args(items: Iterable[str] | None) -> dict[str, str]:
    """``key=value`` strings from ``--param`` as a dict; :class:`UsageError` for a malformed or repeated one."""
    values: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(_VAR, key):
            raise UsageError(f"--param {item!r} is not KEY=VALUE", suggestion="write e.g. --param org='Nevada Bond, LLC'")
        if key in values:
            raise UsageError(f"--param {key} is given twice")
        values[key] = value
    return values


def adhoc_bindings(values: Mapping[str, str]) -> dict[str, Any]:
    """Bindings for a query that has no header: ``<...>`` is an IRI, anything else a plain string."""
    bindings = {}
    for key, value in values.items():
        stripped = value.strip()
        if stripped.startswith("<") and stripped.endswith(">"):
            bindings[key] = Param(key, "iri").to_term(stripped)
        else:
            bindings[key] = Param(key).to_term(value)
    return bindings


def query_form(text: str) -> str:
    """``select``, ``ask``, ``construct``, ``describe`` or ``update`` for a query text (a cheap look at
    the first keyword after the prologue; the engine's parser has the last word)."""
    body = re.sub(r"#[^\n]*", " ", text)
    body = re.sub(r"(?is)^\s*((BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)\s*)*", "", body)
    word = re.match(r"\s*([A-Za-z]+)", body)
    first = word.group(1).upper() if word else ""
    if first in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return first.lower()
    if first in ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"):
        return "update"
    return ""


# --- names that are not exact: the same rules as `prospectus-kg path` --------------------------------

def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def rank_entities(text: str, candidates: Iterable[tuple[str, list[str], list[str], list[str]]]) -> list[str]:
    """The entities that ``text`` names, best tier only, from ``(iri, names, labels, aliases)``.

    Tiers, all ignoring case and spacing: an exact name or label, an exact alias, a name or alias
    starting with the text, a name or alias containing it, a label containing it. ``prospectus-kg
    path`` (``graph/analysis.find_entities``) and the named queries' ``name`` parameters
    (:func:`resolve_name`) both decide by this function, so a name finds the same entity in both.
    """
    q = _norm(text)
    if not q:
        return []
    tiers: list[list[str]] = [[] for _ in range(5)]
    for node, names, labels, aliases in candidates:
        strong = [_norm(x) for x in names + labels]
        weak = [_norm(x) for x in aliases]
        named = [_norm(x) for x in names + aliases]
        if q in strong:
            tiers[0].append(node)
        elif q in weak:
            tiers[1].append(node)
        elif any(x.startswith(q) for x in named):
            tiers[2].append(node)
        elif any(q in x for x in named):
            tiers[3].append(node)
        elif any(q in _norm(x) for x in labels):
            tiers[4].append(node)
    return next((sorted(t) for t in tiers if t), [])


_CANDIDATES = """
PREFIX prosp: <https://w3id.org/prospectus-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?q ?e ?p ?v WHERE {
  ?e prosp:lookupKey ?key .
  FILTER(CONTAINS(?key, ?q))
  VALUES ?p { prosp:name rdfs:label skos:prefLabel prosp:alias }
  ?e ?p ?v .
}
"""


def resolve_name(store, text: str) -> str | None:
    """The IRI of the one entity ``text`` names by :func:`rank_entities` (``None``: none does);
    :class:`QueryError` listing the candidates when it names several. ``store`` is a query store."""
    from rdflib.term import Literal

    from prospectus_kg.graph.build.lookup import lookup_key

    key = lookup_key(text)
    if not key:
        return None
    values: dict[str, dict[str, list[str]]] = {}
    for _q, e, p, v in store.query(_CANDIDATES, {"q": Literal(key)}).rows:   # ?q projected: Oxigraph binds only those
        found_values = values.setdefault(str(e), {}).setdefault(str(p).rsplit("#", 1)[-1], [])
        if str(v) not in found_values:
            found_values.append(str(v))
    candidates = []
    for iri, by in sorted(values.items()):
        names, rdfs_labels = sorted(by.get("name", [])), sorted(by.get("label", []))
        pref, aliases = sorted(by.get("prefLabel", [])), sorted(by.get("alias", []))
        label = (names or rdfs_labels or pref or [iri.rsplit("/", 1)[-1]])[0]
        candidates.append((iri, names[:1], [label, *sorted(set(rdfs_labels + pref))], aliases))
    found = rank_entities(text, candidates)
    if len(found) > 1:
        shown = "; ".join(f"<{n}>" for n in found[:4])
        more = f" and {len(found) - 4} more" if len(found) > 4 else ""
        raise QueryError(f"{text!r} is ambiguous: {shown}{more}", suggestion="give the full name or the IRI")
    return found[0] if found else None
