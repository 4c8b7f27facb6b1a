"""Every statement of import.cypher passes Neo4j's own Cypher parser and linter
(``lintCypherQuery`` from ``@neo4j-cypher/language-support``, run offline by tools/cypher-lint.mjs):
for the seed, the corpus graph, and documents whose names hold quotes, backslashes, line breaks and
Cypher fragments. For those, the string literals Neo4j's lexer cuts are exactly the values of the
rows, read back to the same text.

Skipped when Node.js or node_modules is missing (run ``npm ci``), failed instead when CI is set.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from neo4j_support import (HOSTILE_NAME, decode_cypher_string, errors, hostile_folder, hostile_strings, lint,
                           require_linter)

from prospectus_kg.exports import neo4j

ROOT = Path(__file__).resolve().parents[1]


def _schema(tmp_path: Path, naming: str, with_assertions: bool = False) -> Path:
    """The names the export may use (ontology terms), for the linter's undeclared-name warnings."""
    vocab = neo4j.vocabulary(naming)
    labels = [neo4j.RESOURCE, *vocab.labels.values()]
    rels = list(vocab.relationships.values())
    keys = ["uri", "props", "from", "to", *vocab.properties.values(), *neo4j.PROVENANCE_KEYS]  # + row keys
    if with_assertions:
        rels += ["rdf__subject", "rdf__object"] if naming == "n10s" else ["SUBJECT", "OBJECT"]
        keys += ["predicate", "value", "documentPart"]
    if naming == "n10s":
        labels += ["_GraphConfig", "_NsPrefDef"]
    path = tmp_path / f"schema-{naming}-{with_assertions}.json"
    path.write_text(json.dumps({"labels": labels, "relationshipTypes": rels, "propertyKeys": keys}))
    return path


def _export(folder: Path, out: Path, **options) -> Path:
    neo4j.write(folder, out, **options)
    return out / "import.cypher"


def _assert_clean(report: dict, statements: int | None = None) -> None:
    assert report["statements"] > 0
    assert errors(report) == [], errors(report)[:3]
    assert report["warnings"] == 0, report["diagnostics"][:3]
    if statements is not None:
        assert report["statements"] == statements


@pytest.fixture(autouse=True)
def _linter():
    require_linter()


@pytest.mark.parametrize("naming, with_assertions, cypher", [
    ("neo4j", False, "5"), ("neo4j", False, "25"), ("n10s", True, "5"),
])
def test_seed_script_lints_clean(seed_folder, tmp_path, naming, with_assertions, cypher):
    script = _export(seed_folder, tmp_path / "out", naming=naming, with_assertions=with_assertions)
    pg = neo4j.load_property_graph(seed_folder, naming=naming, with_assertions=with_assertions)
    report = lint(script, "--cypher", cypher, "--schema", str(_schema(tmp_path, naming, with_assertions)))
    _assert_clean(report, len(neo4j.statements(pg)))


def test_parameterised_statements_lint_clean(seed_folder, tmp_path):
    """The Bolt form of the statements (rows as $rows) is valid Cypher too."""
    stmts = neo4j.statements(neo4j.load_property_graph(seed_folder, naming="n10s"))
    text = ";\n".join(s.cypher for s in stmts) + ";\n"
    _assert_clean(lint(text, "--schema", str(_schema(tmp_path, "n10s"))), len(stmts))


def test_corpus_script_lints_clean(corpus_folder, tmp_path):
    script = _export(corpus_folder, tmp_path / "out")
    _assert_clean(lint(script, "--schema", str(_schema(tmp_path, "neo4j"))))


def _expected_tokens(statement) -> list[str]:
    """The strings of a statement's rows, in the order the script writes them (dates as their text)."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            found.append(value)
        elif isinstance(value, date):
            found.append(value.isoformat())

    walk(statement.rows or [])
    return found


@pytest.mark.parametrize("naming, versions", [("neo4j", ("25", "5")), ("n10s", ("5",))])
def test_hostile_names_lint_clean_and_read_back_exactly(tmp_path, naming, versions):
    folder = hostile_folder(tmp_path / "hostile")
    script = _export(folder, tmp_path / "out", naming=naming, with_assertions=True, batch_size=4)
    pg = neo4j.load_property_graph(folder, naming=naming, with_assertions=True)
    stmts = neo4j.statements(pg, batch_size=4)
    for cypher in versions:
        report = lint(script, "--strings", "--cypher", cypher, "--schema", str(_schema(tmp_path, naming, True)))
        _assert_clean(report, len(stmts))  # no value ended a statement early or opened a new one
    decoded = [[decode_cypher_string(token) for token in tokens] for tokens in report["strings"]]
    for statement, values in zip(stmts, decoded):
        assert values == _expected_tokens(statement), statement.comment
    every = {value for values in decoded for value in values}
    for text in hostile_strings():
        assert text in every, text
    assert script.read_text(encoding="utf-8").count("\n") < 200  # values never broke lines


def test_hostile_text_through_the_extractor_lints_clean(seed_path, tmp_path):
    """The seed with its selling stockholder renamed to a hostile name, built by the real pipeline."""
    from prospectus_kg.graph.build.pipeline import build

    text = seed_path.read_text(encoding="utf-8").replace("UT Leasing Services, Inc.", HOSTILE_NAME)
    source = tmp_path / "hostile-424b3.txt"
    source.write_text(text, encoding="utf-8")
    build([source], tmp_path / "graph", jobs=1)
    script = _export(tmp_path / "graph", tmp_path / "out", with_assertions=True)
    report = lint(script, "--strings", "--schema", str(_schema(tmp_path, "neo4j", True)))
    _assert_clean(report)
    decoded = {decode_cypher_string(t) for tokens in report["strings"] for t in tokens}
    assert any(HOSTILE_NAME in value for value in decoded)


def test_linter_finds_errors(tmp_path):
    """The linter is not a rubber stamp: a broken literal, an unknown function, a missing $param."""
    report = lint("UNWIND [{name: 'O'Brien'}] AS row RETURN row;\nRETURN nosuch(1);\nRETURN $other;\n")
    assert report["statements"] == 3
    assert {d["statement"] for d in errors(report)} == {0, 1, 2}
