"""A lean start (issue 20): ``prospectus-kg build`` loads no query store, one document runs in the
build's own process (under its time limit), and compiled regular expressions are kept between runs
(``core/regexcache.py``) without changing a byte of the output."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from prospectus_kg.graph.build.pipeline import FAULT_ENV, build

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
CLI = [sys.executable, "-m", "prospectus_kg.cli"]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _env(cache: Path | str) -> dict:
    return dict(os.environ, PROSPECTUS_KG_CACHE_DIR=str(cache))


def test_the_build_command_imports_no_query_store_and_starts_no_worker(tmp_path):
    """The command's own process builds one document: no rdflib, no pyoxigraph, no multiprocessing."""
    code = ("import sys; from prospectus_kg.cli import main; "
            "code = main(['build', sys.argv[1], '--out', sys.argv[2], '-q']); "
            "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'pyoxigraph', 'multiprocessing'}))")
    run = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path / "g")], capture_output=True, text=True,
                         env=_env(tmp_path / "cache"))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "0 []"
    assert (tmp_path / "g" / "graph.ttl").is_file()


def test_one_document_in_this_process_gives_the_folder_a_worker_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("PROSPECTUS_KG_CACHE_DIR", str(tmp_path / "cache"))
    alone = build([SEED], tmp_path / "alone", jobs=2)                 # one document: this process
    serial = build([SEED], tmp_path / "serial", jobs=1, doc_timeout=0)
    assert alone.documents == serial.documents == 1
    assert _files(tmp_path / "alone") == _files(tmp_path / "serial")
    # a crash injected for the test needs a worker to die in: such a build still uses one
    monkeypatch.setenv(FAULT_ENV, "crash:nothing-of-this-name.txt")
    assert build([SEED], tmp_path / "worker", jobs=1).documents == 1
    assert _files(tmp_path / "worker") == _files(tmp_path / "alone")


def test_one_document_past_its_time_limit_is_stopped_in_this_process(tmp_path, monkeypatch):
    import signal
    import time

    from prospectus_kg.errors import DocumentTimeoutError
    monkeypatch.setenv("PROSPECTUS_KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(FAULT_ENV, f"hang:{SEED.name}")
    started = time.monotonic()
    with pytest.raises(DocumentTimeoutError, match="it was stopped") as info:
        build([SEED], tmp_path / "g", jobs=2, doc_timeout=0.5)
    assert time.monotonic() - started < 30
    assert SEED.name in info.value.one_line() and "timed out" in info.value.one_line()
    assert not (tmp_path / "g").exists()
    # the alarm is the build's own: handler and timer are as they were
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_caller_s_alarm_is_left_alone(tmp_path, monkeypatch):
    """A program that uses SIGALRM itself keeps it: the document then runs in a worker."""
    import signal
    monkeypatch.setenv("PROSPECTUS_KG_CACHE_DIR", str(tmp_path / "cache"))
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 60)
        summary = build([SEED], tmp_path / "g", jobs=1)
        assert summary.documents == 1
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_regex_cache_is_written_used_and_changes_nothing(tmp_path):
    cache = tmp_path / "cache"
    first = subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "first"), "-q"], env=_env(cache),
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    (written,) = cache.iterdir()
    header, entries = marshal.loads(written.read_bytes())
    assert header[1] == sys.hexversion and len(entries) > 200
    # every entry makes the very pattern re compiles from its text
    for pattern, flags, _final, *_rest in entries:
        from prospectus_kg import regexcache
        made = regexcache._entry((type(pattern), pattern, flags), re._compiler.compile(pattern, flags))
        assert made is not None and made[0] == pattern
    # a run with the cache: the same folder, byte for byte, as one without any cache; the file is not rewritten
    before = written.stat().st_mtime_ns
    again = subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "again"), "-q"], env=_env(cache),
                           capture_output=True, text=True)
    none = subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "none"), "-q"], env=_env(""),
                          capture_output=True, text=True)
    assert again.returncode == none.returncode == 0
    assert _files(tmp_path / "first") == _files(tmp_path / "again") == _files(tmp_path / "none")
    assert written.stat().st_mtime_ns == before


def test_the_cached_patterns_are_the_compiled_ones(tmp_path):
    """In a process that loaded the cache, each cached pattern equals a fresh compilation of its text."""
    cache = tmp_path / "cache"
    subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "g"), "-q"], env=_env(cache), check=True)
    code = ("import re; from prospectus_kg import regexcache; n = regexcache.load(); "
            "import prospectus_kg.graph.extract, prospectus_kg.graph.ingest.load; "
            "same = all(p == re._compiler.compile(k[1], k[2]) for k, p in list(re._cache.items())); "
            "print(n > 200, same, sum(k not in regexcache._loaded for k in re._cache))")
    run = subprocess.run([sys.executable, "-c", code], env=_env(cache), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    loaded, same, compiled_here = run.stdout.split()
    assert loaded == same == "True" and compiled_here == "0"   # importing them compiled nothing


@pytest.mark.parametrize("content", [b"", b"not marshal at all", marshal.dumps(("another header", [])), "bad-code"],
                         ids=["empty", "garbage", "foreign", "bad-code"])
def test_a_broken_cache_file_is_ignored_and_replaced(tmp_path, content, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    if content == "bad-code":   # this Python's header, and code the engine refuses
        from prospectus_kg import regexcache
        content = marshal.dumps((regexcache._header(), [("x", 0, 32, [1, 2, 3], 0, {}, ())]))
    from prospectus_kg import regexcache
    monkeypatch.setenv("PROSPECTUS_KG_CACHE_DIR", str(cache))
    target = Path(regexcache._path())
    target.write_bytes(content)
    run = subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "g")], env=_env(cache),
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "1 document, 104 facts" in run.stdout and "Traceback" not in run.stderr
    header, entries = marshal.loads(target.read_bytes())
    assert header[1] == sys.hexversion and len(entries) > 200


def test_an_unwritable_cache_folder_is_no_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "g"), "-q"], env=_env(blocker / "cache"),
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == ""


def test_the_cache_holds_the_modules_patterns_whatever_the_documents(tmp_path):
    """A text filing's build writes the patterns of the HTML reader too, and none made from a document
    or a folder name; a later build of other documents leaves the file as it is."""
    cache = tmp_path / "cache"
    run = subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "unusual-folder-name"), "-q"],
                         env=_env(cache), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    (written,) = cache.iterdir()
    _header, entries = marshal.loads(written.read_bytes())
    texts = [e[0] for e in entries]
    from prospectus_kg.graph.ingest import html
    held = [v.pattern for v in vars(html).values() if isinstance(v, re.Pattern)]
    assert held and set(held) <= set(texts)
    assert not any("unusual" in t for t in texts if isinstance(t, str))
    before = written.read_bytes()
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.txt").write_bytes(SEED.read_bytes().replace(b"Capstone", b"Capstane"))
    run = subprocess.run(CLI + ["build", str(folder), "--out", str(tmp_path / "g"), "-j", "2", "-q"], env=_env(cache),
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert written.read_bytes() == before


def test_the_cache_loads_into_a_process_whose_re_cache_is_full(tmp_path):
    """A process that compiled many patterns before (a notebook, an application) still gets them."""
    cache = tmp_path / "cache"
    subprocess.run(CLI + ["build", str(SEED), "--out", str(tmp_path / "g"), "-q"], env=_env(cache), check=True)
    code = ("import re; [re.compile(f'x{i}y') for i in range(600)]; from prospectus_kg import regexcache; "
            "n = regexcache.load(); import prospectus_kg.graph.extract.names; "
            "print(n > 200, all(k in re._cache for k in regexcache._loaded), len(re._cache) <= 512 + n)")
    run = subprocess.run([sys.executable, "-c", code], env=_env(cache), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True", "True"]   # all put in, none dropped on import, bounded
