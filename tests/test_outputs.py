"""Output targets (core/atomic.py): ``-`` is standard output; a FIFO or a link to one is written
through, never replaced; a link to a regular file is followed (the file replaced, the link kept); a
socket is refused with a clear message. Only temporary folders are used, never a real /dev path."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from prospectus_kg.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def read_fifo(path: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def reader():
        with open(path, "rb") as handle:
            got.append(handle.read())
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, got


def test_dash_writes_the_export_to_standard_output(seed_folder, tmp_path):
    result = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "export", "ntriples", str(seed_folder),
                             "--out", "-"], capture_output=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected_file = tmp_path / "x.nt"
    assert main(["export", "ntriples", str(seed_folder), "--out", str(expected_file), "-q"]) == 0
    assert result.stdout == expected_file.read_bytes()
    assert b"-> -" in result.stderr            # the summary goes to stderr, out of the data's way
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("argv", [("query", "{folder}", "--name", "issuers", "--format", "csv", "--output", "{out}"),
                                  ("export", "turtle", "{folder}", "--out", "{out}"),
                                  ("export", "html", "{folder}", "--out", "{out}")])
@pytest.mark.parametrize("through_link", [False, True])
def test_a_fifo_is_written_through_never_replaced(capsys, seed_folder, tmp_path, argv, through_link):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    thread, got = read_fifo(fifo)
    code, _out, err = run(capsys, *[a.format(folder=seed_folder, out=target) for a in argv])
    thread.join(30)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    if through_link:
        assert os.path.islink(target) and os.readlink(target) == str(fifo)
    assert got and len(got[0]) > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"pipe", target.name})   # no temporary left


def test_a_link_to_a_regular_file_is_followed_and_kept(capsys, seed_folder, tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old\n")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    code, _out, err = run(capsys, "export", "turtle", seed_folder, "--out", link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    plain = tmp_path / "plain.ttl"
    assert main(["export", "turtle", str(seed_folder), "--out", str(plain), "-q"]) == 0
    assert real.read_bytes() == plain.read_bytes()


def test_a_dangling_link_creates_the_file_it_names(capsys, seed_folder, tmp_path):
    link = tmp_path / "link.nt"
    link.symlink_to(tmp_path / "new.nt")
    code, _out, err = run(capsys, "export", "ntriples", seed_folder, "--out", link)
    assert code == 0, err
    assert link.is_symlink() and (tmp_path / "new.nt").stat().st_size > 100


def test_a_socket_is_refused_and_left_alone(capsys, seed_folder, tmp_path):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        code, out, err = run(capsys, "export", "ntriples", seed_folder, "--out", path)
    finally:
        server.close()
    assert code == 4 and out == ""
    assert "it is a socket, not a file" in err and len(err.strip().splitlines()) == 1
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_folder_is_refused(capsys, seed_folder, tmp_path):
    code, _out, err = run(capsys, "query", seed_folder, "--name", "issuers", "--output", tmp_path)
    assert code == 4 and "it is a folder" in err


def test_a_build_into_a_link_to_a_folder_replaces_the_folder_and_keeps_the_link(capsys, seed_path, tmp_path):
    real = tmp_path / "real"
    link = tmp_path / "out"
    code, _out, err = run(capsys, "build", seed_path, "--out", real, "-q", "-j", "1")
    assert code == 0, err
    link.symlink_to(real)
    code, _out, err = run(capsys, "build", seed_path, "--out", link, "-q", "-j", "1")
    assert code == 0, err
    assert link.is_symlink() and (real / "graph.ttl").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "real"]


def test_reason_output_dash_is_turtle_on_stdout(seed_folder, tmp_path):
    pytest.importorskip("owlready2")
    result = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "reason", str(seed_folder), "--output", "-"],
                            capture_output=True, text=True, cwd=tmp_path)
    if result.returncode == 2:
        pytest.skip(f"the reasoner cannot run here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert "@prefix" in result.stdout and "inferred triples" in result.stderr
    assert not (tmp_path / "-").exists()
