"""Shared fixtures: the seed example, the shared corpus (when present), and built graph folders.

The corpus lives outside the repository (``../shared/corpus``, or ``PROSPECTUS_KG_CORPUS``); tests that
need it are skipped when it is absent. Built folders are made once per session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
CORPUS = Path(os.environ.get("PROSPECTUS_KG_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_dir() -> Path:
    if not (CORPUS / "edgar").is_dir():
        pytest.skip("shared corpus not present")
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _regex_cache(tmp_path_factory):
    """The compiled-pattern cache of the session's builds (``core/regexcache.py``) in a folder of its
    own, not the user's: the first build writes it, the others (and the CLI they start) use it."""
    if "PROSPECTUS_KG_CACHE_DIR" not in os.environ:
        os.environ["PROSPECTUS_KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_folder(tmp_path_factory) -> Path:
    """The seed built once into a graph folder."""
    from prospectus_kg.graph.build.pipeline import build
    out = tmp_path_factory.mktemp("seed") / "graph"
    build([SEED], out, jobs=1)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_folder):
    from rdflib import Graph
    return Graph().parse(seed_folder / "graph.ttl")


@pytest.fixture(scope="session")
def corpus_folder(tmp_path_factory) -> Path:
    """All corpus HTML filings, the full SGML submission and the seed, built into one graph folder."""
    corpus = corpus_dir()
    from prospectus_kg.graph.build.pipeline import build
    out = tmp_path_factory.mktemp("corpus") / "graph"
    build([corpus / "edgar", SEED], out, jobs=2)
    return out


#: fixtures that make a test slow (they build or read the whole shared corpus)
_SLOW_FIXTURES = {"corpus_folder", "corpus_evaluation"}
#: modules whose tests run the tool against a real process or server: the endpoint's worker processes,
#: Neo4j's Cypher linter (Node.js), the OWL reasoner (Java)
_INTEGRATION_MODULES = {"test_server", "test_neo4j_lint", "test_reason", "test_validate", "test_benchmarks_smoke"}


def pytest_collection_modifyitems(config, items):
    """Mark tests ``slow`` and ``integration`` by what they use, so the fast inner loop
    (``-m "not integration and not browser and not slow"``) needs no list kept by hand."""
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in _INTEGRATION_MODULES:
            item.add_marker(pytest.mark.integration)
