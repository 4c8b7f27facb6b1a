"""The data flow is one-directional and visible in the folders (README "Architecture"): read every
module's imports and check that no stage imports from a later one.

    ingest -> extract -> build -> query ;  analysis, evaluate read built graphs ;  exports read graphs ;
    commands and cli (core/) sit on top ;  ontology/ and core's errors, atomic writes and folder reader
    depend on nothing of the build.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: installed package -> folder of the checkout (the same mapping as setup.py)
FOLDERS = {"prospectus_kg": "core", "prospectus_kg.graph": "graph", "prospectus_kg.ontology": "ontology",
           "prospectus_kg.exports": "exports"}

G = "prospectus_kg.graph"
LATER_THAN = {   # a module under the key may not import from any of these
    f"{G}.ingest": (f"{G}.extract", f"{G}.build", f"{G}.query", f"{G}.analysis", f"{G}.evaluate"),
    f"{G}.extract": (f"{G}.build", f"{G}.query", f"{G}.analysis", f"{G}.evaluate"),
    f"{G}.build": (f"{G}.query", f"{G}.analysis", f"{G}.evaluate"),
    f"{G}.query": (f"{G}.analysis", f"{G}.evaluate"),
    G: ("prospectus_kg.exports", "prospectus_kg.commands", "prospectus_kg.cli"),
    "prospectus_kg.exports": ("prospectus_kg.commands", "prospectus_kg.cli"),
    "prospectus_kg.ontology": (G, "prospectus_kg.exports", "prospectus_kg.commands", "prospectus_kg.cli"),
    "prospectus_kg.errors": ("prospectus_kg.",),
    "prospectus_kg.atomic": (G, "prospectus_kg.exports", "prospectus_kg.ontology", "prospectus_kg.commands"),
    "prospectus_kg.folder": (G, "prospectus_kg.exports", "prospectus_kg.ontology", "prospectus_kg.commands"),
}


def modules() -> dict[str, Path]:
    found = {}
    for package, folder in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def imports(path: Path, module: str) -> set[str]:
    """Every module ``path`` imports, anywhere in it (inside functions too), as absolute names."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: len(module.split(".")) - node.level + (path.name == "__init__.py")]
                base = ".".join(package + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


MODULES = modules()


def test_every_stage_folder_is_a_package():
    for stage in ("ingest", "extract", "build", "query"):
        assert f"{G}.{stage}" in MODULES, stage


def test_no_folder_at_the_root_is_named_like_the_package():
    """A process started in the checkout must import the installed package, never a folder of the same name."""
    assert not (ROOT / "prospectus_kg").exists()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_data_flow(module):
    rules = [(scope, banned) for scope, banned in LATER_THAN.items()
             if module == scope or module.startswith(scope + ".")]
    bad = sorted(name for name in imports(MODULES[module], module) for _scope, banned in rules
                 for b in banned if name == b.rstrip(".") or name.startswith(b if b.endswith(".") else b + "."))
    assert not bad, f"{module} imports from a later stage: {bad}"


def test_the_rules_can_fail(tmp_path):
    """The reader sees imports inside functions and relative imports (so the rule above is not vacuous)."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from ..build.pipeline import build\n    import prospectus_kg.graph.query\n")
    assert {f"{G}.build.pipeline", f"{G}.query"} <= imports(sample, f"{G}.ingest.sample")
