"""Helpers shared by the benchmark scripts: the machine's description, timing fresh processes, and
the peak memory of a process tree.

Peak memory is the largest *sum* of resident set sizes of a command and all its descendants (the
build's worker processes), sampled every 50 ms from ``/proc``. Where ``/proc`` is missing it falls back
to ``ru_maxrss`` of the children, which counts only the largest single process.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def machine() -> dict:
    """What the figures were measured on."""
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def tree_rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants now, in MiB."""
    return sum(_rss_kib(p) for p in _descendants(pid)) / 1024


def peak_rss_of_command(command: list[str], *, cwd: str | Path | None = None, env: dict | None = None,
                        interval: float = 0.05, cpu: list | None = None) -> tuple[float, float, int]:
    """Run ``command``; return (wall seconds, peak MiB of its process tree, exit code). When ``cpu`` is a
    list, the CPU seconds of the command and the processes it waited for are appended to it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    peak = 0.0
    have_proc = os.path.isdir("/proc/self")
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mib(process.pid))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True) if have_proc else None
    if sampler:
        sampler.start()
    code = process.wait()
    wall = time.perf_counter() - started
    done.set()
    if sampler:
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if not have_proc or peak == 0:
        peak = after.ru_maxrss / 1024
    return wall, peak, code


def time_command(command: list[str], runs: int, *, cwd: str | Path | None = None, env: dict | None = None,
                 check: bool = True) -> dict:
    """Median, min and max wall seconds of ``runs`` fresh processes of ``command``."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if check and result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    # CPU seconds of the command and every process it waited for (the build's workers): unlike wall
    # time, they hardly change when other programs compete for the cores.
    return {"runs": runs, "median_s": round(statistics.median(times), 4), "min_s": round(min(times), 4),
            "max_s": round(max(times), 4), "cpu_s": round(statistics.median(cpu), 4)}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def built_seed(folder: Path) -> Path:
    """The seed example built into ``folder`` (for a benchmark given no graph folder of its own)."""
    from prospectus_kg.graph.build.pipeline import build

    build([Path(__file__).resolve().parents[1] / "examples" / "capstone-turbine-424b3-2003-01-13.txt"], folder, jobs=1)
    return folder


def python() -> str:
    return sys.executable
