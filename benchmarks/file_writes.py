"""What writing a large file costs on this machine, by the size of each ``write`` and with or without
handing the written pages to the disk as the file grows.

The graph writers (``graph/build/ntwriter.py``, ``_Output``) write gigabytes at the end of a large build.
This measures the two habits of the kernel they work around: a ``write`` of a megabyte or more can
cost several times as much per byte as one of 64 KB, and pages written pile up in the page cache
until the kernel throttles the writer (``posix_fadvise`` DONTNEED every 64 MB starts their write-back
and drops those already written). Each case writes ``--mb`` megabytes to a new file in ``--dir``
and deletes it; the figures are wall time and system time, with the order of the cases shuffled per
round so that the state of the page cache favours none::

    .venv/bin/python benchmarks/file_writes.py                      # 3,000 MB, 3 rounds
    .venv/bin/python benchmarks/file_writes.py --quick --json       # smoke test (16 MB)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import machine  # noqa: E402

RELEASE_BYTES = 64 * 1024 * 1024
CASES = [(8192, False), (65536, False), (262144, False), (1 << 20, False), (4 << 20, False), (65536, True)]


def write_once(path: Path, total: int, size: int, release: bool) -> tuple[float, float]:
    """Write ``total`` bytes in ``write`` calls of ``size``; (wall s, system s)."""
    data = b"x" * size
    started, before = time.perf_counter(), os.times()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        written = previous = last = 0
        while written < total:
            written += os.write(fd, data)
            if release and written - last >= RELEASE_BYTES:
                os.posix_fadvise(fd, previous, written - previous, os.POSIX_FADV_DONTNEED)
                previous, last = last, written
    finally:
        os.close(fd)
    after = os.times()
    wall = time.perf_counter() - started
    os.unlink(path)
    return wall, after.system - before.system


def measure(folder: Path, megabytes: int, rounds: int, seed: int = 0) -> list[dict]:
    cases = [c for c in CASES if not c[1] or hasattr(os, "posix_fadvise")]
    results: dict[tuple, list] = {c: [] for c in cases}
    rng = random.Random(seed)
    for _ in range(rounds):
        order = cases[:]
        rng.shuffle(order)
        for size, release in order:
            results[(size, release)].append(write_once(folder / "file_writes.bin", megabytes << 20, size, release))
    return [{"write_bytes": size, "release_every_64mb": release, "megabytes": megabytes,
             "wall_s_median": round(statistics.median(w for w, _ in runs), 3),
             "system_s_median": round(statistics.median(s for _, s in runs), 3),
             "system_s_min": round(min(s for _, s in runs), 3), "system_s_max": round(max(s for _, s in runs), 3)}
            for (size, release), runs in results.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=3000, help="megabytes per file (default 3000, about graph.nt "
                        "for 10,000 synthetic prospectuses)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="where to write (default: the temporary folder)")
    parser.add_argument("--quick", action="store_true", help="16 MB, one round (a smoke test)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    megabytes, rounds = (16, 1) if args.quick else (args.mb, args.rounds)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        rows = measure(Path(folder), megabytes, rounds)
    if args.json:
        print(json.dumps({"benchmark": "file_writes", **machine(), "rows": rows}, indent=2))
        return 0
    print(f"writing {megabytes:,} MB, median of {rounds} (cores: {os.cpu_count()})")
    for row in rows:
        how = f"{row['write_bytes'] // 1024:>5} KB writes" + (", released every 64 MB" if row["release_every_64mb"] else "")
        print(f"  {how:<40} wall {row['wall_s_median']:6.2f} s   system {row['system_s_median']:6.2f} s "
              f"({row['system_s_min']:.2f}-{row['system_s_max']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
