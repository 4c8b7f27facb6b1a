r"""Cypher text for the Neo4j export: escaped literals, quoted names, and the ``import.cypher`` script.

Spec: the Cypher string literal grammar of Neo4j 5 / Cypher 25 (Cypher Manual, "Values and types >
String literals"; lexer rule ``STRING_LITERAL1 : '\'' (~['\\] | EscapeSequence)* '\''`` with
``EscapeSequence : '\\' .`` in Cypher25Lexer.g4, shipped with ``@neo4j-cypher/language-support``). A
single-quoted literal ends at the first ``'`` not escaped by a backslash; the escapes Neo4j reads are
``\\ \' \" \n \r \t \b \f`` and ``\uXXXX`` (four hex digits, one UTF-16 code unit). Names (labels,
relationship types, property keys) are backtick-quoted (``ESCAPED_SYMBOLIC_NAME : '`' (~'`' | '``')* '`'``).

Every value that comes from a document goes through :func:`cypher_string` and nothing else; names
come only from the ontology (see ``prospectus_kg.exports.neo4j``) and are quoted by
:func:`cypher_name` all the same.

The script is the Bolt loader's statements, rendered: each statement of
:func:`prospectus_kg.exports.neo4j.statements` holds ``$rows`` exactly once, and
:func:`render_statement` puts the rows there as one list literal, a row per line. One source of
statements, two ways to send the rows.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

# Characters written as an escape inside a single-quoted literal. Besides the two that must be
# escaped (quote, backslash) every line break and control character is escaped too, so a
# statement never spans lines because of a value, and no invisible character reaches the file.
_SHORT_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(
    "[\\\\'\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]"  # C0, DEL, C1, line/para separators, BOM, lone surrogates
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _SHORT_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def cypher_string(text: str) -> str:
    r"""``text`` as a single-quoted Cypher string literal that reads back as exactly ``text``.

    ``O'Brien \ '}) DETACH DELETE n //`` becomes ``'O\'Brien \\ \'}) DETACH DELETE n //'``: the
    quotes and the backslash are escaped, so the whole text stays one literal.
    """
    return "'" + _NEEDS_ESCAPE.sub(_escape, text) + "'"


def cypher_name(name: str) -> str:
    """A label, relationship type or property key, backtick-quoted.

    Names come from the ontology, never from documents; one that is not a plain identifier means a
    bug in the mapping, so it is refused rather than quoted.
    """
    if not _NAME.match(name):
        raise ValueError(f"not a Neo4j name from the ontology: {name!r}")
    return f"`{name}`"


def cypher_value(value: Any) -> str:
    """A Python value of the property graph (see ``neo4j.py``) as a Cypher literal expression."""
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no Cypher literal for {value!r}")
        return repr(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, datetime):  # before date: datetime is a date
        function = "datetime" if value.tzinfo is not None else "localdatetime"
        return f"{function}({cypher_string(value.isoformat())})"
    if isinstance(value, date):
        return f"date({cypher_string(value.isoformat())})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{cypher_name(k)}: {cypher_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def rows_literal(rows: list[dict[str, Any]]) -> str:
    """The rows of a batch as one Cypher list literal, one row per line."""
    return "[\n" + ",\n".join("  " + cypher_value(row) for row in rows) + "\n]"


def render_statement(cypher: str, rows: list[dict[str, Any]] | None) -> str:
    """A parameterised statement with its rows written in place of ``$rows``."""
    if rows is None:
        if "$rows" in cypher:
            raise ValueError("statement expects $rows")
        return cypher
    if cypher.count("$rows") != 1:
        raise ValueError("a batch statement holds $rows exactly once")
    return cypher.replace("$rows", rows_literal(rows))


def write_script(path, statements, header: list[str]) -> None:
    """Write ``import.cypher``: comment lines, then each statement ended by ``;`` (UTF-8, LF)."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for line in header:
            handle.write(f"// {line}\n" if line else "//\n")
        for statement in statements:
            handle.write(f"\n// {statement.comment}\n")
            handle.write(render_statement(statement.cypher, statement.rows))
            handle.write(";\n")
