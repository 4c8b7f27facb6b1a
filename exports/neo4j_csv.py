"""CSV files for ``neo4j-admin database import full``, from the Neo4j export's property graph.

Spec: Neo4j Operations Manual, "Import > Import header format" (CSV header format). Each file's first
line is its header, ``<name>:<field_type>`` per column:

* nodes: ``uri:ID(Resource)`` (the id, in the id space ``Resource``, also stored as property ``uri``),
  ``:LABEL`` (``Resource;Issuer;Organization;Party``), then one column per property key, typed:
  ``sharesOffered:long``, ``prospectusDate:date``, ``proceedsToIssuer:boolean``, ``lastSaleDate:date``,
  ``alias:string[]``; an untyped column is a string. Arrays and labels are split on the array
  delimiter (``;``, or ``|`` or U+001F when a value holds a ``;``: README.md gives the option);
* relationships: ``:START_ID(Resource),:END_ID(Resource),:TYPE,source,start:long,end:long,quote,
  section,assertionCount:long``;
* n10s's ``_GraphConfig`` / ``_NsPrefDef`` (``--naming n10s``): no id column (never linked).

Node files are grouped by label set and column types, so a value keeps its own type even when the
same key holds a date on one node and a string (an xsd:gYearMonth) on another. Cells: RFC 4180
quoting (``"`` doubled, fields with commas, quotes or line breaks quoted; load with
``--multiline-fields=true``); booleans are ``true``/``false``; a missing property is an empty cell.
Rows are sorted and lines end in LF, so the files are byte-identical for the same graph.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from prospectus_kg.errors import OutputError

ID_SPACE = "Resource"
ARRAY_DELIMITERS = (";", "|", "\x1f")
RELATIONSHIP_HEADER = (f":START_ID({ID_SPACE})", f":END_ID({ID_SPACE})", ":TYPE", "source", "start:long",
                       "end:long", "quote", "section", "assertionCount:long")
_REL_KEYS = ("source", "start", "end", "quote", "section", "assertionCount")


def delimiter_option(delimiter: str) -> str:
    """How ``--array-delimiter`` names the delimiter."""
    return "U+001F" if delimiter == "\x1f" else delimiter


def choose_array_delimiter(pg) -> str:
    """The first delimiter that occurs in no array element (neo4j-admin has no escape for it)."""
    arrays = [v for node in pg.nodes for v in node.props.values() if isinstance(v, list)]
    arrays += [v for meta in pg.meta for v in meta.props.values() if isinstance(v, list)]
    texts = [_cell(element, "") for array in arrays for element in array]
    for delimiter in ARRAY_DELIMITERS:
        if not any(delimiter in text for text in texts):
            return delimiter
    raise OutputError("every array delimiter (';', '|', U+001F) occurs in some array value",
                      suggestion="export with the Cypher script or over Bolt instead")


def _cell(value: Any, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    if isinstance(value, list):
        return delimiter.join(_cell(v, delimiter) for v in value)
    raise TypeError(f"no CSV cell for {type(value).__name__}")


def _column(key: str, value: Any) -> str:
    from prospectus_kg.exports.neo4j import value_kind

    kind = value_kind(value)
    return key if kind == "string" else f"{key}:{kind}"


def _node_groups(nodes) -> list[tuple[tuple[str, ...], list]]:
    """Nodes by label set; a label set splits into several files only where one key holds values
    of different types (a column has one type), e.g. ``date:date`` and ``date`` (an xsd:gYearMonth)."""
    by_labels: dict[tuple[str, ...], list] = defaultdict(list)
    for node in nodes:
        by_labels[node.labels].append(node)
    groups = []
    for labels in sorted(by_labels):
        files: list[tuple[dict[str, str], list]] = []
        for node in by_labels[labels]:
            kinds = {k: _column(k, v) for k, v in node.props.items()}
            for columns, members in files:
                if all(columns.get(k, c) == c for k, c in kinds.items()):
                    columns.update(kinds)
                    members.append(node)
                    break
            else:
                files.append((dict(kinds), [node]))
        groups.extend((labels, members) for _columns, members in files)
    return groups


def csv_files(pg, delimiter: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(file name, header, rows) of every CSV file, in a fixed order."""
    files: list[tuple[str, list[str], list[list[str]]]] = []
    for meta in pg.meta:
        header = [":LABEL"] + [_column(k, v) for k, v in meta.props.items()]
        files.append((f"nodes_{meta.label}.csv", header,
                      [[meta.label] + [_cell(v, delimiter) for v in meta.props.values()]]))
    for labels, nodes in _node_groups(pg.nodes):
        columns: dict[str, str] = {}
        for node in nodes:
            columns.update((k, _column(k, v)) for k, v in node.props.items())
        keys = sorted(columns)
        base = "_".join(labels[1:]) or labels[0]
        name = f"nodes_{base}.csv"
        if any(f[0] == name for f in files):
            name = f"nodes_{base}_{sum(1 for f in files if f[0].startswith(f'nodes_{base}.') or f[0].startswith(f'nodes_{base}_')) + 1}.csv"
        header = [f"uri:ID({ID_SPACE})", ":LABEL", *(columns[k] for k in keys)]
        rows = [[node.uri, delimiter.join(node.labels), *(_cell(node.props.get(k), delimiter) for k in keys)]
                for node in nodes]
        files.append((name, header, rows))
    by_type: dict[str, list] = defaultdict(list)
    for rel in pg.relationships:
        by_type[rel.type].append(rel)
    for rel_type in sorted(by_type):
        rows = [[rel.start, rel.end, rel.type, *(_cell(rel.props.get(k), delimiter) for k in _REL_KEYS)]
                for rel in by_type[rel_type]]
        files.append((f"relationships_{rel_type}.csv", list(RELATIONSHIP_HEADER), rows))
    return files


def write_csv_files(pg, folder: Path) -> tuple[list[str], str]:
    """Write the CSV files into ``folder``; return their names and the array delimiter used."""
    delimiter = choose_array_delimiter(pg)
    names = []
    for name, header, rows in csv_files(pg, delimiter):
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerow(header)
            writer.writerows(rows)
        names.append(name)
    return names, delimiter
