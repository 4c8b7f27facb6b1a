"""``prospectus-kg build`` against hostile and odd inputs, through the real command line (issue 17).

Special files are refused before anything reads them; a file read is never read past ``--max-bytes``;
a full disk (a real one: a small tmpfs when this machine lets us mount one, and always a real
file-size limit, RLIMIT_FSIZE with SIGXFSZ ignored, which makes writes fail with EFBIG) is exit 4 with
the path and leaves nothing behind; outputs inside inputs are not read back; identical inputs are
built once; UTF-32 is decoded; temporary folders of killed builds are removed by the next build;
names are printed escaped; the graph does not depend on the working folder.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prospectus_kg.graph.build.pipeline import FAULT_ENV

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"


def cli(*args: str, cwd: Path | None = None, env: dict | None = None, preexec=None,
        timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prospectus_kg.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, preexec_fn=preexec, timeout=timeout)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


def one_line_error(run: subprocess.CompletedProcess, code: int) -> str:
    assert run.returncode == code, (run.returncode, run.stderr)
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


# --- special files -----------------------------------------------------------------------------------

def test_a_fifo_is_refused_before_it_is_read(tmp_path):
    fifo = tmp_path / "prospectus.txt"
    os.mkfifo(fifo)
    line = one_line_error(cli("build", str(fifo), "-o", str(tmp_path / "g"), timeout=120), 3)
    assert "named pipe" in line and "prospectus.txt" in line
    assert not (tmp_path / "g").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_link_to_a_device_is_refused(tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    link = tmp_path / "filing.htm"
    link.symlink_to(device)
    line = one_line_error(cli("build", str(link), "-o", str(tmp_path / "g"), timeout=120), 3)
    assert "character device" in line


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        line = one_line_error(cli("build", str(path), "-o", str(tmp_path / "g"), timeout=120), 3)
        assert "socket" in line
    finally:
        server.close()


def test_special_files_inside_a_folder_are_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    os.mkfifo(folder / "blocked.txt")
    (folder / "zero.htm").symlink_to("/dev/zero")
    run = cli("build", str(folder), "-o", str(tmp_path / "g"), timeout=300)
    assert run.returncode == 0, run.stderr
    assert "1 document," in run.stdout


def test_a_file_that_reports_no_size_is_still_read_only_up_to_the_limit(tmp_path):
    """A /proc file is a regular file whose size reads 0: the limit holds on what is read."""
    source = Path("/proc/self/maps")
    if not source.exists() or source.stat().st_size != 0:
        pytest.skip("no /proc file that reports size 0")
    link = tmp_path / "maps.txt"
    link.symlink_to(source)
    line = one_line_error(cli("build", str(link), "-o", str(tmp_path / "g"), "--max-bytes", "200"), 3)
    assert "over the limit of 200 bytes" in line


# --- a full disk -------------------------------------------------------------------------------------

def file_size_limit(limit: int):
    """preexec: writes past ``limit`` bytes fail with EFBIG (SIGXFSZ ignored, as a full disk fails them)."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def distinct_copies(folder: Path, count: int) -> None:
    folder.mkdir()
    text = SEED.read_bytes()
    for i in range(count):
        (folder / f"filing-{i}.txt").write_bytes(text + f"\nCopy {i}.\n".encode())


def test_graph_ttl_that_cannot_be_written_is_exit_4(tmp_path):
    out = tmp_path / "g"
    # the document text (14 KB) fits, graph.ttl (150 KB) does not
    line = one_line_error(cli("build", str(SEED), "-o", str(out), "-j", "1", preexec=file_size_limit(60_000)), 4)
    assert "cannot write graph.ttl" in line and str(out) in line
    assert not out.exists() and leftovers(tmp_path) == []


def test_a_folder_build_that_cannot_write_its_documents_stops(tmp_path):
    distinct_copies(tmp_path / "in", 4)
    out = tmp_path / "g"
    line = one_line_error(cli("build", str(tmp_path / "in"), "-o", str(out), "-j", "2",
                              preexec=file_size_limit(8_000)), 4)
    assert "cannot write documents/" in line and str(out) in line
    assert not out.exists() and leftovers(tmp_path) == []


@pytest.fixture()
def small_tmpfs(tmp_path):
    """A 96 KB tmpfs (a real full disk), when this machine lets the tests mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not shutil.which("mount") or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)],
                                                   capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root); the RLIMIT_FSIZE tests cover the same path")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_no_space_for_graph_ttl_on_a_real_full_disk(tmp_path, small_tmpfs):
    out = small_tmpfs / "g"
    line = one_line_error(cli("build", str(SEED), "-o", str(out), "-j", "1"), 4)
    assert "cannot write graph.ttl" in line and "No space left on device" in line
    assert list(small_tmpfs.iterdir()) == []


def test_no_space_for_documents_on_a_real_full_disk(tmp_path, small_tmpfs):
    distinct_copies(tmp_path / "in", 12)   # 12 x 14 KB of document text: more than the disk holds
    out = small_tmpfs / "g"
    line = one_line_error(cli("build", str(tmp_path / "in"), "-o", str(out), "-j", "2"), 4)
    assert "No space left on device" in line
    assert list(small_tmpfs.iterdir()) == []


# --- the small ones ----------------------------------------------------------------------------------

def test_an_output_inside_its_input_is_not_read_back(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    out = folder / "graph"
    first = cli("build", str(folder), "-o", str(out))
    assert first.returncode == 0 and "1 document," in first.stdout, first.stderr
    before = (out / "graph.ttl").read_bytes()
    again = cli("build", str(folder), "-o", str(out))
    assert again.returncode == 0 and "1 document," in again.stdout, again.stderr
    assert "a graph folder" in again.stderr and "not read" in again.stderr
    # and another graph folder elsewhere inside the input is not read either
    shutil.copytree(out, folder / "old-build")
    third = cli("build", str(folder), "-o", str(tmp_path / "other"))
    assert third.returncode == 0 and "1 document," in third.stdout, third.stderr
    assert (out / "graph.ttl").read_bytes() == before == (tmp_path / "other" / "graph.ttl").read_bytes()


def test_the_same_content_twice_is_built_once_with_a_warning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    os.link(folder / "a.txt", folder / "b.txt")          # a hard link
    shutil.copy(SEED, folder / "c.txt")                   # a copy
    run = cli("build", str(folder), str(folder / "a.txt"), "-o", str(tmp_path / "g"))   # and a.txt again
    assert run.returncode == 0, run.stderr
    assert "1 document," in run.stdout
    assert run.stderr.count("the same content as a.txt: built once") == 3, run.stderr
    report = json.loads((tmp_path / "g" / "build-report.json").read_text(encoding="utf-8"))
    assert [d["source_name"] for d in report["documents"]] == ["a.txt"]
    assert [p.name for p in (tmp_path / "g" / "documents").iterdir()] == [f"{report['documents'][0]['doc_id']}.txt"]


def test_utf32_with_a_bom_is_decoded(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    source = tmp_path / "seed-utf32.txt"
    source.write_bytes(text.encode("utf-32"))   # with its BOM
    run = cli("build", str(source), "-o", str(tmp_path / "g"))
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "g" / "build-report.json").read_text(encoding="utf-8"))
    (doc,) = report["documents"]
    assert doc["encoding"] == "utf-32"
    written = (tmp_path / "g" / doc["text_file"]).read_text(encoding="utf-8")
    assert "\x00" not in written and written.lstrip("\ufeff") == text.replace("\r\n", "\n")
    assert doc["facts"] > 50


def test_temporary_folders_of_a_killed_build_are_removed_by_the_next(tmp_path):
    folder = tmp_path / "in"
    distinct_copies(folder, 3)
    out = tmp_path / "g"
    env = dict(os.environ, **{FAULT_ENV: "hang:filing-1.txt"})
    process = subprocess.Popen([sys.executable, "-m", "prospectus_kg.cli", "build", str(folder), "-o", str(out),
                                "-j", "2", "--doc-timeout", "0"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not leftovers(tmp_path):
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)   # the build and its workers, as the OOM killer would
    process.wait(60)
    stale = leftovers(tmp_path)
    assert stale and all(str(process.pid) in name for name in stale)
    # a temporary folder of a build that is still running (this process) is left alone
    from prospectus_kg.atomic import new_folder
    alive = new_folder(out)
    run = cli("build", str(folder), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert leftovers(tmp_path) == [alive.name]
    shutil.rmtree(alive)


def test_names_are_printed_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "evil\x1b]0;pwned\x07\x1b[31m.txt").write_bytes(b"")
    run = cli("build", str(folder), "-o", str(tmp_path / "g"))
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "evil\\x1b]0;pwned\\x07\\x1b[31m.txt" in run.stderr
    stopped = cli("build", str(folder / "evil\x1b]0;pwned\x07\x1b[31m.txt"), "-o", str(tmp_path / "h"))
    line = one_line_error(stopped, 3)
    assert "\x1b" not in line and "\\x1b[31m" in line


def test_the_graph_does_not_depend_on_the_working_folder(tmp_path):
    folder = tmp_path / "filings" / "edgar"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    a = cli("build", str(folder), "-o", str(tmp_path / "a"), cwd=tmp_path)
    b = cli("build", "edgar", "-o", str(tmp_path / "b"), cwd=tmp_path / "filings")
    c = cli("build", "seed.txt", "-o", str(tmp_path / "c"), cwd=folder)
    for run in (a, b, c):
        assert run.returncode == 0, run.stderr
    graphs = {(tmp_path / name / "graph.ttl").read_bytes() for name in "abc"}
    reports = {(tmp_path / name / "build-report.json").read_bytes() for name in "abc"}
    assert len(graphs) == 1 and len(reports) == 1
    assert b'"seed.txt"' in graphs.pop()
    rooted = cli("build", str(folder), "-o", str(tmp_path / "r"), "--root", str(tmp_path / "filings"))
    assert rooted.returncode == 0, rooted.stderr
    assert b'"edgar/seed.txt"' in (tmp_path / "r" / "graph.ttl").read_bytes()
    outside = cli("build", str(folder), "-o", str(tmp_path / "x"), "--root", str(tmp_path / "elsewhere"))
    assert "not inside --root" in one_line_error(outside, 2)
