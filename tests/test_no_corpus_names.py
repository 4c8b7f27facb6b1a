"""Rules are written for the language of prospectuses, never for a document: no party of a labelled
corpus filing is named in the product's code (comments and docstrings included) or in the extraction
fixtures, which are written from scratch with invented parties. The seed is the project's documented
reference input, so its parties may be named. Runs when the shared corpus is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, SEED

#: institutions every prospectus names in the same role, not parties of one filing
GENERIC = {"The Depository Trust Company"}
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
    return {n for n in names if len(n) >= 6 and n not in GENERIC and n not in seed}


def sources() -> list[Path]:
    files = [p for folder in PRODUCT for p in sorted((ROOT / folder).rglob("*.py"))]
    files += [p for folder in FIXTURES for p in sorted((ROOT / folder).rglob("*")) if p.is_file()]
    return files


def test_no_corpus_party_is_named_in_code_or_fixtures():
    if not (CORPUS / "gold").is_dir():
        pytest.skip("shared corpus not present")
    names = gold_party_names()
    assert len(names) > 100   # the check reads the gold files as they are
    found = [f"{path.relative_to(ROOT)}: {name}" for path in sources()
             for text in [path.read_text(encoding="utf-8", errors="replace")] for name in sorted(names) if name in text]
    assert not found, "\n".join(found)
