"""Rules are written for the language of prospectuses, never for a document: no party of a labelled
corpus filing is named in the product's code (comments and docstrings included) or in the extraction
fixtures, which are written from scratch with invented parties. The seed is the project's documented
reference input, so its parties may be named. Runs when the shared corpus is present."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, SEED

#: words of names that say nothing about a filing
COMMON_WORDS = {"The", "Bank", "Entities", "Affiliated", "Capital", "Fund", "Trust", "Partners", "Group", "Holdings",
                "Company", "Management", "Securities", "Investments", "Advisors", "Master", "Global", "Inc.", "LLC"}
PRODUCT = ("core", "graph", "exports", "ontology")
FIXTURES = ("tests/fixtures/extract", "tests/fixtures/ingest")


def gold_party_names() -> set[str]:
    names: set[str] = set()
    for path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        issuer = gold.get("issuer") or {}
        names.add(issuer.get("name") or "")
        for row in gold.get("selling_stockholders") or []:
            names.add(row.get("name") or "")
            names.update(row.get("holders") or [])
        for relation in gold.get("affiliations") or []:
            names.update((relation.get("subject") or "", relation.get("object") or ""))
        for key in ("legal_counsel", "auditors", "underwriters", "related_placement_agents", "financial_advisors",
                    "co_registrants"):
            names.update(v if isinstance(v, str) else (v or {}).get("name") or "" for v in gold.get(key) or [])
        names.update(v for v in (gold.get("transaction_roles") or {}).values() if isinstance(v, str))
    seed = SEED.read_text(encoding="utf-8")
    return {n for n in names if len(n) >= 6 and n not in seed}


def fingerprints(names: set[str]) -> set[str]:
    """What gives a party away: its whole name, and the first two words of it when both are capitalised
    ("Quorvane Pharmaceuticals" of "Quorvane Pharmaceuticals, Inc.", "J.P. Morgan" of "J.P. Morgan
    Securities LLC"), in lower case; a pair of common words ("The Bank", "Entities Affiliated") says
    nothing about a filing."""
    out = {" ".join(n.split()).lower() for n in names}
    for name in names:
        m = re.match(r"(?:The\s+)?([A-Z][\w.&+'-]*)\s+([A-Z][\w.&+'-]*)", name)
        if m and not ({m.group(1), m.group(2)} <= COMMON_WORDS):
            out.add(f"{m.group(1)} {m.group(2)}".lower())
    return out


def sources() -> list[Path]:
    files = [p for folder in PRODUCT for p in sorted((ROOT / folder).rglob("*.py"))]
    files += [p for folder in FIXTURES for p in sorted((ROOT / folder).rglob("*")) if p.is_file()]
    return files


def test_no_corpus_party_is_named_in_code_or_fixtures():
    if not (CORPUS / "gold").is_dir():
        pytest.skip("shared corpus not present")
    names = gold_party_names()
    assert len(names) > 100   # the check reads the gold files as they are
    seed = " ".join(SEED.read_text(encoding="utf-8").split()).lower()
    marks = sorted(f for f in fingerprints(names) if f not in seed)
    found = []
    for path in sources():
        # one line of lower-case text: a name wrapped over two comment lines is still the name
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split()).lower()
        found += [f"{path.relative_to(ROOT)}: {mark}" for mark in marks
                  if mark in text and re.search(rf"(?<![a-z0-9]){re.escape(mark)}(?![a-z0-9])", text)]
    assert not found, "\n".join(found)


def test_fingerprints_find_a_name_wrapped_and_in_another_case():
    marks = fingerprints({"Quorvane Pharmaceuticals, Inc.", "The Bank of Eastbrook"})
    assert "quorvane pharmaceuticals" in marks and "quorvane pharmaceuticals, inc." in marks
    assert "the bank" not in marks and "bank of" not in marks
