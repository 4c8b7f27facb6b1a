"""Bad input through the real command line: one line on stderr, a documented exit code, no traceback,
and no output folder left behind (core/errors.py EXIT_CODES; README "Exit codes")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prospectus_kg.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def assert_clean_failure(result: subprocess.CompletedProcess, code: int, words: str, out: Path) -> None:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert words in lines[0].lower(), lines[0]
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")], "temp folder left"


@pytest.mark.parametrize("name,content,code,words", [
    ("empty.txt", b"", 3, "empty"),
    ("blank.txt", b"   \n\n  \t\n", 3, "empty"),
    ("binary.bin.txt", bytes(range(256)) * 40, 3, "binary"),
    ("report.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 3, "pdf"),
    ("cut.html", b"<html><body><p>Selling Stockholders</p><table><tr><td>Acme Capital, LLC</td>", 3, "truncated"),
    ("cut-submission.txt", b"<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER: 0000000000-25-000001\n</SEC-HEADER>\n"
                           b"<DOCUMENT>\n<TYPE>S-3\n<TEXT>\n<html><body><p>We", 3, "truncated"),
    ("header-only.txt", b"<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER: 0000000000-25-000001\n"
                        b"CONFORMED SUBMISSION TYPE: S-3\n</SEC-HEADER>\n</SEC-DOCUMENT>\n", 3, "document"),
])
def test_bad_file(tmp_path, name, content, code, words):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out"
    assert_clean_failure(cli("build", str(src), "--out", str(out)), code, words, out)


def test_missing_path(tmp_path):
    out = tmp_path / "out"
    assert_clean_failure(cli("build", str(tmp_path / "nope.txt"), "--out", str(out)), 3, "no such file", out)


def test_folder_without_prospectus(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "picture.png").write_bytes(b"\x89PNG\r\n")
    out = tmp_path / "out"
    assert_clean_failure(cli("build", str(tmp_path / "docs"), "--out", str(out)), 3, "no prospectus", out)


def test_folder_of_only_bad_files(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = cli("build", str(tmp_path / "docs"), "--out", str(out), "-q")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert not out.exists()


def test_output_is_a_foreign_folder(tmp_path, seed_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    result = cli("build", str(seed_path), "--out", str(out))
    assert result.returncode == 4 and "not a graph folder" in result.stderr
    assert (out / "precious.txt").read_text() == "keep me"


def test_not_a_prospectus_builds_with_a_warning(tmp_path):
    src = tmp_path / "recipe.txt"
    src.write_text("Pancakes\n\nMix flour, eggs and milk. Fry in butter until golden.\n")
    out = tmp_path / "out"
    result = cli("build", str(src), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "is this a prospectus" in result.stderr
    from rdflib import Graph
    from prospectus_kg.ontology.namespace import PROSP
    g = Graph().parse(out / "graph.ttl")
    assert len(list(g.subjects(predicate=PROSP.name))) == 0
    assert len(g) < 40


def test_cp1252_input_is_decoded_and_recorded(tmp_path):
    text = ("ACME WIDGETS, INC.\n\n1,000,000 SHARES OF COMMON STOCK\n\nSELLING STOCKHOLDER\n\n"
            "The name of the selling stockholder is Caf\xe9 Holdings, LLC \u201cCaf\xe9\u201d.\n")
    src = tmp_path / "acme.txt"
    src.write_bytes(text.encode("cp1252"))
    out = tmp_path / "out"
    assert cli("build", str(src), "--out", str(out), "-q").returncode == 0
    canonical = (out / "documents" / "acme.txt").read_text(encoding="utf-8")
    assert "Café Holdings, LLC “Café”" in canonical
    assert 'prosp:encoding "cp1252"' in (out / "graph.ttl").read_text(encoding="utf-8")


def test_unknown_verb_and_usage_errors(tmp_path):
    result = cli("frobnicate")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    result = cli("build", "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_hostile_text_stays_data(tmp_path):
    """Text full of quotes, markup and Cypher becomes literal strings in the graph, nothing more."""
    hostile = "<img src=x onerror=alert(1)> <script>alert(2)</script> \"Q\" '}) DETACH DELETE n // \\ end"
    src = tmp_path / "hostile.txt"
    src.write_text("EVIL CORP\n\n100,000 SHARES OF COMMON STOCK\n\nTHE COMPANY\n\n"
                   "All references to \"Evil\" or \"we\" are to Evil Corp. "
                   f"We develop {hostile} widgets.\n\nSELLING STOCKHOLDER\n\n"
                   "The name of the selling stockholder is O'Brien Capital, LLC.\n")
    out = tmp_path / "out"
    result = cli("build", str(src), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr
    from rdflib import Graph
    from prospectus_kg.ontology.namespace import PROSP
    g = Graph().parse(out / "graph.ttl")
    assert f"We develop {hostile} widgets." in {str(o) for o in g.objects(predicate=PROSP.businessDescription)}
    assert "O'Brien Capital, LLC" in {str(o) for o in g.objects(predicate=PROSP.name)}
