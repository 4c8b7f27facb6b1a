"""The package as a user installs it: the built wheel in a fresh virtual environment, run from the
repository root (where a folder named like the package would shadow it) and from another folder.

Also checks that every folder holding an ``__init__.py`` is a package of the wheel, and its data files
(ontology, named queries, templates) are in it: the package list is derived from the folders (setup.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
FOLDERS = {"prospectus_kg": "core", "prospectus_kg/graph": "graph", "prospectus_kg/ontology": "ontology",
           "prospectus_kg/exports": "exports"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a clean copy of the sources (a build/ folder left in the checkout by an
    earlier build could carry modules that no longer exist)."""
    source = tmp_path_factory.mktemp("source") / "prospectus-kg"
    at_root = {".git", ".venv", "build", "dist", "node_modules", "out", "test-artifacts", ".cache"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
        return skip | (at_root & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, source, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("prospectus_kg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies (from the index, as a user gets them)."""
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    done = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return env / "bin" / "prospectus-kg"


def test_every_package_folder_and_data_file_is_in_the_wheel(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package, folder in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            member = f"{package}/{init.relative_to(ROOT / folder).as_posix()}"
            assert member in names, f"{init.relative_to(ROOT)} is missing from the wheel"
    for data in ("prospectus_kg/ontology/prospectus.ttl", "prospectus_kg/ontology/shapes.ttl",
                 "prospectus_kg/graph/query/queries/affiliates.rq", "prospectus_kg/graph/query/templates/landing.html.j2",
                 "prospectus_kg/exports/templates/viz.html.j2", "prospectus_kg/exports/templates/neo4j-readme.md.j2"):
        assert data in names, data
    assert not any(n.startswith(("core/", "graph/", "tests/")) for n in names)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_one_request(cli: Path, folder: Path, cwd: Path) -> str:
    port = _free_port()
    server = subprocess.Popen([str(cli), "serve", str(folder), "--port", str(port), "--workers", "1", "--quiet"],
                              cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/sparql?{query}",
                                                 headers={"Accept": "text/csv"})
                with urllib.request.urlopen(request, timeout=10) as answer:
                    return answer.read().decode("utf-8")
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize("where", ["root", "elsewhere"])
def test_every_command_runs_from_the_installed_wheel(installed, tmp_path, where):
    cwd = ROOT if where == "root" else tmp_path
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = tmp_path / "seed"

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([str(installed), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{args[0]}: {done.stderr}"
        assert "Traceback" not in done.stderr
        return done

    run("build", str(SEED), "--out", str(out))
    answer = run("query", str(out), "--name", "affiliates", "--param", "org=Nevada Bond, LLC", "--format", "csv")
    assert "United Technologies Corporation" in answer.stdout
    assert int(_serve_one_request(installed, out, cwd).splitlines()[1]) > 1000
    run("viz", str(out), "--out", str(tmp_path / "seed.html"))
    assert (tmp_path / "seed.html").stat().st_size > 10_000
    run("validate", str(out))
    run("export", "neo4j", str(out), "--out", str(tmp_path / "neo4j"))
    assert (tmp_path / "neo4j" / "import.cypher").is_file()
