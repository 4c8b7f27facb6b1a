"""Cypher text of the Neo4j export: the one escaping function, names, values, statements.

The escaping is read back two ways: by the Cypher Manual's escape table (``decode_cypher_string``)
and, where Node.js is there, by Neo4j's own lexer (the string literal tokens it cuts must be exactly
the literals we wrote, decoding to exactly the original text).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timezone

import pytest
from neo4j_support import decode_cypher_string, lint

from prospectus_kg.exports.neo4j_cypher import (cypher_name, cypher_string, cypher_value, render_statement,
                                                rows_literal)

HOSTILE = [
    "",
    "plain",
    "O'Brien",
    "'",
    "''",
    "\\",
    "\\'",
    "'\\",
    "\\\\'",
    "ends with backslash \\",
    "O'Brien \"Holdings\" \\ '}) DETACH DELETE n // Capital, LLC",
    "'}) MATCH (n) DETACH DELETE n //",
    "\"}); DROP CONSTRAINT n10s_unique_uri; //",
    "line\nbreak",
    "crlf\r\nand cr\r",
    "tab\there",
    "form\ffeed back\bspace",
    "\\n is not a newline here, nor \\u0041",
    "nul-free controls \x01\x07\x1b\x1f\x7f\x85\x9f",
    "separators \u2028 \u2029 and bom \ufeff",
    "unicode Ünïcødé — ✓ 中文 עברית",
    "astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
    "/* comment */ // comment",
    "`backtick` ``",
    "$rows $param {map: 1}",
    ";",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_cypher_string_reads_back_exactly(text):
    literal = cypher_string(text)
    assert decode_cypher_string(literal) == text
    assert "\n" not in literal and "\r" not in literal  # a value never breaks a statement's lines


def test_cypher_string_random_texts_read_back():
    alphabet = "ab'\"\\\n\r\t\b\f\x00\x01\x1f\x7f\u0085\u2028\u2029\ufeffé中😀`;/*{}$ "
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert decode_cypher_string(cypher_string(text)) == text


def test_cypher_string_escapes_only_what_it_must_and_what_is_invisible():
    assert cypher_string("O'Brien") == "'O\\'Brien'"
    assert cypher_string("a\\b") == "'a\\\\b'"
    assert cypher_string('say "x"') == "'say \"x\"'"
    assert cypher_string("a\nb") == "'a\\nb'"
    assert cypher_string("\x07") == "'\\u0007'"
    assert cypher_string("\u2028") == "'\\u2028'"
    assert cypher_string("é中😀") == "'é中😀'"  # printable unicode stays as it is (UTF-8 file)


def test_names_are_backtick_quoted_and_only_plain_identifiers():
    assert cypher_name("Organization") == "`Organization`"
    assert cypher_name("prosp__affiliateOf") == "`prosp__affiliateOf`"
    assert cypher_name("_GraphConfig") == "`_GraphConfig`"
    for bad in ("", "a b", "a`b", "1abc", "x:y", "Org'"):
        with pytest.raises(ValueError):
            cypher_name(bad)


def test_values():
    assert cypher_value(True) == "true" and cypher_value(False) == "false"  # not 1 / 0
    assert cypher_value(3994817) == "3994817"
    assert cypher_value(-5) == "-5"
    assert cypher_value(0.1) == "0.1"
    assert cypher_value(date(2003, 1, 13)) == "date('2003-01-13')"
    assert cypher_value(datetime(2003, 1, 13, 9, 30)) == "localdatetime('2003-01-13T09:30:00')"
    assert cypher_value(datetime(2003, 1, 13, 9, 30, tzinfo=timezone.utc)) == "datetime('2003-01-13T09:30:00+00:00')"
    assert cypher_value(["b", "a"]) == "['b', 'a']"
    assert cypher_value({"uri": "x", "props": {"n": 1}}) == "{`uri`: 'x', `props`: {`n`: 1}}"
    assert cypher_value(None) == "null"
    with pytest.raises(ValueError):
        cypher_value(float("nan"))
    with pytest.raises(TypeError):
        cypher_value(object())


def test_render_statement_puts_the_rows_in_place_of_the_one_parameter():
    cypher = "UNWIND $rows AS row MERGE (n:`Resource` {uri: row.uri})"
    text = render_statement(cypher, [{"uri": "a'b"}])
    assert text == "UNWIND [\n  {`uri`: 'a\\'b'}\n] AS row MERGE (n:`Resource` {uri: row.uri})"
    assert rows_literal([]) == "[\n\n]"
    with pytest.raises(ValueError):
        render_statement("RETURN $rows, $rows", [{}])
    with pytest.raises(ValueError):
        render_statement("RETURN $rows", None)
    assert render_statement("RETURN 1", None) == "RETURN 1"


@pytest.mark.integration  # runs Neo4j's own lexer (Node.js)
def test_neo4j_lexer_cuts_our_literals_where_we_meant():
    """Each literal, put in a statement, is one string token for Neo4j's lexer, decoding to the text."""
    rows = [{"uri": f"u{i}", "props": {"text": text}} for i, text in enumerate(HOSTILE)]
    statement = render_statement("UNWIND $rows AS row MERGE (n:`Resource` {uri: row.uri}) SET n += row.props",
                                 rows) + ";"
    report = lint(statement, "--strings")
    assert report["errors"] == 0, report["diagnostics"]
    assert report["statements"] == 1  # no value ended the statement early
    tokens = report["strings"][0]
    assert tokens == [t for row in rows for t in (cypher_string(row["uri"]), cypher_string(row["props"]["text"]))]
    assert [decode_cypher_string(t) for t in tokens[1::2]] == HOSTILE
