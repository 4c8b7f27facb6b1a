"""The extractors' declarations (REQUIRES, PROVIDES) hold: the order of EXTRACTORS satisfies them, and
they say what each module's code reads and fills on the shared Context (read from its source, through
the helper modules it imports)."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from prospectus_kg.graph import extract
from prospectus_kg.graph.extract import EXTRACTORS, Context, check_order

FOLDER = Path(extract.__file__).parent
#: the Context fields one extractor fills for later ones (the rest are the text, the facts and bookkeeping)
SHARED = {"issuer_name", "issuer_aliases", "cover_name", "selling_stockholders", "placements", "security_class",
          "selling_rows"}
_FILLS = {"append", "extend", "add", "update", "insert", "setdefault"}


def usage(module: str, seen: frozenset = frozenset()) -> tuple[set[str], set[str]]:
    """(fields read, fields filled) on ``ctx`` in ``graph/extract/<module>.py`` and the extract helper
    modules it imports (not other extractors, which run on their own)."""
    tree = ast.parse((FOLDER / f"{module}.py").read_text(encoding="utf-8"))
    reads: set[str] = set()
    fills: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ctx" \
                and node.attr in SHARED:
            (fills if isinstance(node.ctx, ast.Store) else reads).add(node.attr)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _FILLS:
            target = node.func.value
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "ctx" \
                    and target.attr in SHARED:
                fills.add(target.attr)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("prospectus_kg.graph.extract."):
            helper = node.module.rsplit(".", 1)[1]
            if helper not in EXTRACTORS and helper not in seen:
                more_reads, more_fills = usage(helper, seen | {module})
                reads |= more_reads
                fills |= more_fills
    return reads, fills


def test_the_shared_fields_are_context_fields():
    assert SHARED <= {f.name for f in dataclasses.fields(Context)}


def test_extractors_run_after_what_they_require():
    check_order()


def test_check_order_refuses_a_wrong_order():
    first = SimpleNamespace(__name__="a", REQUIRES=("issuer_name",), PROVIDES=())
    second = SimpleNamespace(__name__="b", REQUIRES=(), PROVIDES=("issuer_name",))
    check_order([second, first])
    with pytest.raises(RuntimeError, match="issuer_name"):
        check_order([first, second])


@pytest.mark.parametrize("name", EXTRACTORS)
def test_declarations_say_what_the_code_does(name):
    module = importlib.import_module(f"prospectus_kg.graph.extract.{name}")
    reads, fills = usage(name)
    assert fills <= set(module.PROVIDES), f"{name} fills {sorted(fills - set(module.PROVIDES))} without PROVIDES"
    assert reads - fills <= set(module.REQUIRES), f"{name} reads {sorted(reads - fills - set(module.REQUIRES))} without REQUIRES"
    assert set(module.REQUIRES) <= reads, f"{name} REQUIRES {sorted(set(module.REQUIRES) - reads)} it never reads"
    assert set(module.PROVIDES) <= fills, f"{name} PROVIDES {sorted(set(module.PROVIDES) - fills)} it never fills"
