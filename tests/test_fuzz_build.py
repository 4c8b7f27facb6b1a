"""A fuzz test of ``prospectus-kg build`` (issue 17): a few hundred mutations of the seed and of one corpus
HTML filing, made with a fixed seed, built through the real command line.

Every mutated file is either built or refused as bad input: no internal error (exit 70, or "internal
error" / a dead worker in the report), and no hang (``--doc-timeout`` would report it as "timed out").
The mutations: bytes flipped, deleted, inserted and repeated; the file cut short; markup injected
(table cells, rows, nested tables, footnote markers, unclosed tags); control characters, NULs, BOMs,
homoglyphs and very long lines.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "capstone-turbine-424b3-2003-01-13.txt"
FILING = "0001193125-25-067858_S-3.html"
RANDOM_SEED = 17
SNIPPETS = [b"<table>", b"</table>", b"<tr>", b"</tr>", b"<td>", b"</td>", b"<td colspan=\"999999\">",
            b"<table><tr><td><table><tr><td>", b"<sup>(1)</sup>", b"(1)", b"*", b"<!--", b"<![CDATA[",
            b"<script>", b"</body></html>", b"\x00", b"\x1b[31m", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\r\n\r\n",
            b"\xd0\x93", b"\xe2\x80\x8e", b"&#0;", b"&#x110000;", b"&nbsp;" * 50, b"SELLING STOCKHOLDERS",
            b"PLAN OF DISTRIBUTION", b"LEGAL MATTERS", b"Inc., an affiliate of ", b"\t" * 40,
            b"x" * 20_000, b"1,000,000 " * 100]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.randrange(7)
        at = rng.randrange(len(out) + 1)
        if kind == 0 and out:            # flip bytes
            for _ in range(rng.randint(1, 32)):
                i = rng.randrange(len(out))
                out[i] = rng.randrange(256)
        elif kind == 1:                  # delete a span
            del out[at:at + rng.randint(1, 4096)]
        elif kind == 2:                  # insert random bytes
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif kind == 3:                  # repeat a span
            span = bytes(out[at:at + rng.randint(1, 2048)])
            out[at:at] = span * rng.randint(2, 20)
        elif kind == 4:                  # cut short
            del out[max(1, at):]
        else:                            # inject markup or odd characters
            out[at:at] = rng.choice(SNIPPETS) * rng.randint(1, 30)
    return bytes(out)


def test_mutated_inputs_never_crash_or_hang(tmp_path):
    from tests.conftest import corpus_dir

    filing = corpus_dir() / "edgar" / FILING
    rng = random.Random(RANDOM_SEED)
    folder = tmp_path / "mutants"
    folder.mkdir()
    count = 0
    for source, copies, suffix in ((SEED, 200, ".txt"), (filing, 100, ".html")):
        data = source.read_bytes()
        for i in range(copies):
            (folder / f"{source.stem[:24]}-{i:03d}{suffix}").write_bytes(mutate(data, rng))
            count += 1
    out = tmp_path / "graph"
    run = subprocess.run([sys.executable, "-m", "prospectus_kg.cli", "build", str(folder), "-o", str(out),
                          "--doc-timeout", "60", "-q"], capture_output=True, text=True, timeout=3600)
    assert run.returncode in (0, 3), run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    if run.returncode == 3:   # every document refused: the message says so in one line
        assert len(run.stderr.strip().splitlines()) == 1
        return
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) + len(report["failed"]) + _duplicates(report) == count
    bugs = [f for f in report["failed"] if "internal error" in f["error"] or "worker process died" in f["error"]
            or "timed out" in f["error"]]
    assert bugs == [], bugs[:5]


def _duplicates(report: dict) -> int:
    return sum(1 for w in report["warnings"] if "the same content as" in w)
