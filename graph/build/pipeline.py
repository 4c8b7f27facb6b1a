"""The build pipeline: input paths -> a graph folder, streamed, in parallel, written atomically.

``collect_inputs`` expands files and folders. ``process_document`` runs in a worker process (``jobs``
of them, default all cores, forked with ingest and extraction already loaded; a build of one document
runs it in its own process, under the same time limit): it reads one file,
extracts its facts, writes the document's canonical text, resolves the document's entities on its
own and makes its N-Triples lines, its assertions already written as Turtle blocks. The main process
consumes the results *as they arrive, in input order* (a bounded window of documents is in flight, so
memory does not grow with the corpus): it keeps what needs every document (CIKs, the kinds and name
spellings of parties; a document whose CIK an earlier one gave to another name is resolved again
here) and drops the rest into a sorted, de-duplicated sink that spills to disk past a memory budget
(``graph.ntwriter``); at the end the sorted stream is written as ``graph.ttl`` (and ``graph.nt`` for
large graphs). Sorting makes the output independent of timing: serial and parallel builds are
byte-identical.

Everything is written into a temporary folder beside the output, moved into place only when the
build succeeded; an error, Ctrl-C or a dead worker removes it (workers are stopped first).

Failure per document: a file that cannot be read (``InputError``), an unexpected exception inside
ingest or extraction (a bug), a worker process that dies on it (a crash, the OOM killer), or a
document that takes longer than the time limit (``doc_timeout``: its worker is killed and replaced)
is reported with the document's path. With ``keep_going`` (the default when a folder is given) the
document is skipped and listed in ``build-report.json``; otherwise the build stops. To learn whether
a document kills workers, the one a dead worker was reading is run again alone in a fresh process.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import stat
import sys
import time
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from prospectus_kg.atomic import new_folder, replace_folder
from prospectus_kg.errors import (DocumentTimeoutError, InputError, MissingInputError, NoDocumentsError,
                                  OutputError, ProspectusKGError)
from prospectus_kg.folder import DOCUMENTS_DIR, GRAPH_FILE, REPORT_FILE, STORE_DIR, GraphFolder

INPUT_SUFFIXES = {".txt", ".htm", ".html", ".xhtml", ".sgml", ".nc", ".text"}
KEY_SECTIONS = ("selling_stockholders", "plan_of_distribution", "legal_matters", "experts",
                "incorporation_by_reference")
#: Sorted N-Triples sibling of graph.ttl, written when the graph is large (or asked for).
NTRIPLES_FILE = "graph.nt"
#: Above this many triples the build also writes graph.nt (``ntriples=None``).
NTRIPLES_THRESHOLD = 1_000_000
#: Environment variable for fault injection in tests: ``crash:NAME`` (the worker dies on the file
#: named NAME), ``raise:NAME`` (extraction raises on it), ``hang:NAME`` (it never finishes: sleeps an
#: hour), ``sleep:SECONDS`` (every document is slow).
FAULT_ENV = "PROSPECTUS_KG_FAULT"
_WORK_DIR = ".work"
#: Documents in flight per worker; bounds the memory held by results waiting for their turn.
_WINDOW_PER_JOB = 4
#: Seconds a document may take (ingest, extraction, its lines) before it is stopped (``doc_timeout``).
DEFAULT_DOC_TIMEOUT = 120.0
#: Worker deaths that no single document reproduces before the build gives up.
_MAX_UNEXPLAINED_DEATHS = 3


@dataclass
class DocumentResult:
    """What a worker sends back for one document: compact, made to be cheap for the main process.

    The worker resolves the document's entities on its own and makes its N-Triples ``lines``
    (``graph.build.document_lines``); those of its assertions come as ``blocks``, already written as
    Turtle (``graph.ntwriter.turtle_blocks``), so that the main process only copies them. What needs every document is left to the main process: the
    spellings of party names (the canonical name is chosen at the end; ``names`` is the pickled list
    of name mentions, written to the log as is), the first kind seen of each party (``kinds``), and
    the CIKs (``by_cik``: when an earlier document gave the CIK to another party IRI, the main process
    resolves the document again from ``redo``, the pickled facts and quotes).

    ``error`` is set when the document could not be built; ``error_kind`` then says why:
    ``input`` (unreadable), ``internal`` (an exception in ingest, extraction or making triples),
    ``crash`` (the worker process died) or ``timeout`` (it took longer than the time limit).
    """

    meta: dict
    lines: list[str] = field(default_factory=list)
    blocks: list[tuple[str, str, int]] = field(default_factory=list)
    names: bytes = b""
    spellings: list[tuple[str, str]] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    by_cik: dict[str, str] = field(default_factory=dict)
    facts: int = 0
    predicates: dict[str, int] = field(default_factory=dict)
    redo: bytes | None = None
    error: str | None = None
    error_kind: str | None = None
    size: int = 0


@dataclass
class BuildSummary:
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    facts: int = 0
    triples: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    bytes: int = 0
    jobs: int = 1
    inputs: int = 0
    #: seconds spent building the persistent query store (``query_store``; 0 when not asked)
    store_seconds: float = 0.0


def collect_inputs(inputs: list[str | Path], out: str | Path | None = None,
                   skipped: list[str] | None = None) -> list[tuple[Path, bool]]:
    """(file, came from a folder) for every input, folders expanded in sorted order.

    A file named on the command line must be a regular file (a device, FIFO or socket is refused
    before anything reads it). Inside a folder, hidden files and folders, the output folder ``out``
    and every graph folder (one holding build-report.json and graph.ttl, e.g. an earlier output) are
    left out, each noted in ``skipped``: a build never reads its own output back in.
    """
    from prospectus_kg.graph.ingest.load import refuse_special_file
    files: list[tuple[Path, bool]] = []
    out_real = os.path.realpath(out) if out is not None else None
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise MissingInputError("no such file or directory", document=str(path), suggestion="check the path")
        if path.is_dir():
            found: list[Path] = []
            for folder, dirs, names in os.walk(path, followlinks=False):
                keep = []
                for d in sorted(dirs):
                    child = os.path.join(folder, d)
                    if d.startswith("."):
                        continue
                    if os.path.realpath(child) == out_real or _is_graph_folder(child):
                        if skipped is not None:
                            skipped.append(f"{child}: a graph folder (an earlier output) inside an input folder, "
                                           "not read")
                        continue
                    keep.append(d)
                dirs[:] = keep
                found.extend(Path(folder, n) for n in names if not n.startswith(".")
                             and Path(n).suffix.lower() in INPUT_SUFFIXES and os.path.isfile(os.path.join(folder, n)))
            found.sort()
            if not found:
                raise NoDocumentsError("folder holds no prospectus (.txt, .htm, .html files)", document=str(path),
                                       suggestion="give files or a folder of EDGAR filings")
            files.extend((p, True) for p in found)
        else:
            refuse_special_file(path)
            files.append((path, False))
    return files


def _is_graph_folder(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, REPORT_FILE)) and os.path.isfile(os.path.join(folder, GRAPH_FILE))


def recorded_names(inputs: list[str | Path], files: list[tuple[Path, bool]], root: str | Path | None) -> list[str]:
    """The name each file is recorded under (``prosp:sourceFile``, build-report.json): its path relative
    to ``root``, or by default to the input it came from (a file: its name; a folder: the path inside
    it), with ``/`` separators, so the graph does not depend on the working folder."""
    from prospectus_kg.errors import UsageError
    bases: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            count = sum(1 for p, from_dir in files if from_dir and _inside(p, path))
            bases.extend([path] * count)
        else:
            bases.append(path.parent)
    names = []
    for (file, _from_dir), base in zip(files, bases):
        anchor = Path(root) if root is not None else base
        try:
            relative = Path(os.path.abspath(file)).relative_to(os.path.abspath(anchor))
        except ValueError:
            raise UsageError(f"input {file} is not inside --root {anchor}",
                             suggestion="give a --root that holds every input") from None
        names.append(relative.as_posix())
    return names


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def assign_doc_ids(paths: list[Path]) -> list[str]:
    """Unique document ids: the accession number or file-name slug, suffixed where two collide."""
    from prospectus_kg.graph.ingest.load import default_doc_id
    ids = []
    seen: Counter = Counter()
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
            try:
                head = os.read(fd, 4096) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
            finally:
                os.close(fd)
        except OSError:
            head = b""  # reported when the document itself is read
        base = default_doc_id(path, head)
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def _fault(path: str) -> None:
    """Test-only fault injection (see ``FAULT_ENV``); does nothing unless the variable is set."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    kind, _, arg = spec.partition(":")
    if kind == "sleep":
        time.sleep(float(arg))
    elif Path(path).name == arg:
        if kind == "crash":
            os._exit(70)
        if kind == "raise":
            raise RuntimeError(f"injected fault ({FAULT_ENV}={spec})")
        if kind == "hang":
            time.sleep(3600)


def _where(exc: BaseException) -> str:
    """``module.py:line in function`` of the innermost frame of our own code that raised."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "prospectus" in f.filename
              or "/graph/" in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f" at {Path(f.filename).name}:{f.lineno} in {f.name}"


def process_document(path: str, doc_id: str, documents_dir: str, max_bytes: int,
                     name: str | None = None) -> DocumentResult:
    """Ingest + extract one file, write its canonical text, make its lines. Runs in worker processes.

    ``name``: what the file is recorded as (default: ``path``). Never raises for a problem with the
    document: the error comes back in the result, so one bad or buggy document does not stop the
    others. A document text that cannot be written (no space, no permission) comes back as an
    ``output`` error, which stops the build.
    """
    from prospectus_kg.graph.extract import extract
    from prospectus_kg.graph.ingest.load import load_document
    name = name or path
    failed = {"doc_id": doc_id, "source_name": name}
    try:
        _fault(path)
        doc = load_document(path, doc_id=doc_id, max_bytes=max_bytes)
        doc.source_path = name
        facts = extract(doc)
        text_file = Path(documents_dir, f"{doc_id}.txt")
        try:
            text_file.write_text(doc.text, encoding="utf-8", newline="\n")
        except OSError as exc:
            return DocumentResult(failed, error=f"cannot write {DOCUMENTS_DIR}/{text_file.name}: "
                                  f"{exc.strerror or exc}", error_kind="output")
        quotes = [f.span.quote(doc.text) for f in facts]
    except ProspectusKGError as exc:
        message = exc.one_line()
        if name != path and message.startswith(path):
            message = name + message[len(path):]
        return DocumentResult(failed, error=message, error_kind="input")
    except Exception as exc:  # noqa: BLE001 - a bug in ingest or extraction must not lose the run
        message = f"{name}: internal error{_where(exc)} ({type(exc).__name__}: {exc})"
        return DocumentResult(failed, error=" ".join(message.split()), error_kind="internal")
    kinds = sorted({s.kind for s in doc.sections})
    warnings = list(doc.warnings)
    missing = [k for k in KEY_SECTIONS if k not in kinds]
    if not facts:
        warnings.append("no prospectus facts found: is this a prospectus?")
    elif missing:
        warnings.append("sections not found: " + ", ".join(missing))
    meta = {"doc_id": doc_id, "source_name": name, "text_file": f"{DOCUMENTS_DIR}/{doc_id}.txt",
            "media_type": doc.media_type, "encoding": doc.encoding, "sha256": doc.sha256, "sections": kinds,
            "warnings": warnings,
            "parts": _parts(doc)}
    try:
        from prospectus_kg.graph.build.resolve import Resolver
        resolver = Resolver()
        result = document_result(meta, facts, quotes, resolver)
        result.kinds = resolver.kinds
        result.by_cik = resolver.by_cik
        if resolver.by_cik:   # another document may have given this CIK to another name first
            result.redo = pickle.dumps((facts, quotes), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not lose the run
        return DocumentResult(failed, error=_triples_error(name, exc), error_kind="internal")
    result.size = _size(path)
    return result


def document_result(meta: dict, facts: list, quotes: list[str], resolver) -> DocumentResult:
    """Resolve a document's entities with ``resolver`` and make its lines (in a worker, with a resolver
    of its own; in the main process with the build's, when a CIK says so)."""
    from prospectus_kg.graph.build.triples import ASSERTION_KEY_LENGTH, ASSERTION_PREFIX, assertion_blocks, document_lines
    from prospectus_kg.graph.build.ntwriter import TURTLE_PREFIXES, turtle_blocks
    iris = resolver.resolve(meta["doc_id"], facts)
    # facts about an entity that did not resolve (the issuer of a document that names none) are dropped
    kept = [(f, q) for f, q in zip(facts, quotes)
            if all(not hasattr(r, "kind") or r in iris for r in (f.subject, f.obj))]
    if len(kept) < len(facts):   # never silent: said in the document's warnings (build-report.json, stderr)
        dropped = Counter(f.predicate for f in facts) - Counter(f.predicate for f, _q in kept)
        n = len(facts) - len(kept)
        meta = {**meta, "warnings": [*meta.get("warnings", []),
                                     f"{n} fact{'s' if n != 1 else ''} about the issuer dropped, as the document names "
                                     f"no issuer: " + ", ".join(f"{p} {c}" for p, c in sorted(dropped.items()))]}
    facts = [f for f, _q in kept]
    names: list[tuple] = []
    # the document's assertions (their IRIs hash the document's: no other document makes them) come
    # as blocks, written as Turtle here
    made: dict = {}
    quotes = [q for _f, q in kept]
    lines = document_lines(meta, facts, quotes, iris, names, blocks=made)
    blocks = assertion_blocks(made)
    if any(line.startswith(ASSERTION_PREFIX) for line in lines):   # a line about an assertion outside them
        names.clear()
        lines, blocks = turtle_blocks(document_lines(meta, facts, quotes, iris, names), ASSERTION_PREFIX,
                                      ASSERTION_KEY_LENGTH, TURTLE_PREFIXES)
    return DocumentResult(meta, lines, blocks, pickle.dumps(names, protocol=pickle.HIGHEST_PROTOCOL) if names else b"",
                          [(n[0], n[1]) for n in names], facts=len(facts), predicates=Counter(f.predicate for f in facts))


def _merge_entities(result: DocumentResult, resolver) -> DocumentResult:
    """Take a worker's result into the build's cross-document state (``resolver``): CIKs, the kinds
    and the name spellings of parties. Returns the result, or, when an earlier document gave this
    document's CIK to another party, a result made again here with the build's resolver."""
    if any(resolver.by_cik.setdefault(cik, iri) != iri for cik, iri in result.by_cik.items()):
        facts, quotes = pickle.loads(result.redo)
        redone = document_result(result.meta, facts, quotes, resolver)
        redone.size = result.size
        result = redone
    else:
        for iri, kind in result.kinds.items():
            resolver.kinds.setdefault(iri, kind)
    for iri, spelling in result.spellings:
        resolver.note_spelling(iri, spelling)
    return result


def _triples_error(path: str, exc: BaseException) -> str:
    return " ".join(f"{path}: internal error{_where(exc)} while making triples ({type(exc).__name__}: {exc})".split())


def _parts(doc) -> list[tuple[int, int, str]]:
    """(start, end, part): a supplement's bundled base prospectus runs from its first heading to the end."""
    starts = [s.start for s in doc.sections if s.kind == "base_prospectus"]
    return [(min(starts), len(doc.text), "base_prospectus")] if starts else []


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# --- running documents: in this process, or in worker processes ------------------------------

def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: only the main process handles it (and stops workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        # if the build is killed outright (SIGKILL), the kernel ends us too, even in a hanging document
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


class _Terminated(SystemExit):
    """SIGTERM during a build: unwinds like Ctrl-C, so the temporary folder is removed."""


def _on_sigterm(signum, frame) -> None:
    raise _Terminated(128 + signum)


#: ``fork`` on Linux only: macOS's system frameworks are not fork-safe (CPython's default there is spawn).
_FORK = sys.platform.startswith("linux")


def _context():
    """``fork`` on Linux: a worker starts in ~1 ms with the modules the main process has loaded
    (``iter_results`` loads ingest and extraction first), instead of importing them again; elsewhere
    the platform's default."""
    import multiprocessing
    return multiprocessing.get_context("fork" if _FORK else None)


def _preload() -> None:
    """Import what workers use before they are forked, so that it is done once, not once per worker.

    Ingest and extraction import their parsers and extractors (and compile their patterns) on first
    use: ~60 ms of the first document a worker reads."""
    import importlib
    import pkgutil
    import prospectus_kg.graph.build as build
    import prospectus_kg.graph.extract as extract
    import prospectus_kg.graph.ingest as ingest
    names = [f"{stage.__name__}.{m.name}" for stage in (ingest, extract) for m in pkgutil.iter_modules(stage.__path__)]
    names += [f"{build.__name__}.{m}" for m in ("triples", "resolve")]
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:  # an optional parser that is not installed: the worker reports it
            pass


def _worker_main(conn, parent: int, documents_dir: str, max_bytes: int) -> None:
    """A worker process: run the documents it is sent, one at a time, and send each result back."""
    _worker_init()
    from prospectus_kg import regexcache
    regexcache.load()   # a forked worker has the patterns already; a spawned one (not Linux) takes them here
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:      # the build died without stopping us
                return
        message = conn.recv()
        if message is None:
            return
        index, (path, doc_id, name) = message
        conn.send((index, process_document(path, doc_id, documents_dir, max_bytes, name)))


class _Worker:
    """One worker process and the documents sent to it (in order; the first is the one it runs).

    ``started`` is when the first document started at the latest: when it was sent to an idle worker,
    or when the result before it came back."""

    def __init__(self, ctx, documents_dir: str, max_bytes: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, os.getpid(), documents_dir, max_bytes),
                                   daemon=True)
        try:
            self.process.start()
        except BaseException:
            self.conn.close()
            raise
        finally:
            child.close()
        self.queue: deque[int] = deque()
        self.started = 0.0

    def send(self, index: int, task: tuple[str, str, str]) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.conn.send((index, task))
        self.queue.append(index)

    def receive(self) -> tuple[int, DocumentResult]:
        """The result of the first document; raises EOFError (or another error) when the worker died."""
        index, result = self.conn.recv()
        if not self.queue or index != self.queue[0]:
            raise EOFError("a worker answered out of turn")
        self.queue.popleft()
        self.started = time.monotonic()
        return index, result

    def overdue(self, limit: float | None, now: float) -> bool:
        return bool(limit) and bool(self.queue) and now - self.started > limit

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.kill()
        self.conn.close()

    def kill(self) -> None:
        """Stop it now, whatever it is doing (a document past the time limit), and reap it."""
        try:
            self.process.kill()
            self.process.join(timeout=10)
        except (OSError, AttributeError, AssertionError, ValueError):
            pass
        self.conn.close()


#: Documents sent to a worker ahead of its answers, so it never waits for the main process.
_PREFETCH = 2


def _crashed(path: str, doc_id: str, name: str) -> DocumentResult:
    return DocumentResult({"doc_id": doc_id, "source_name": name},
                          error=f"{name}: the worker process died while reading this document (a crash in a "
                          "parser, or killed by the system for memory)", error_kind="crash")


def _timed_out(path: str, doc_id: str, name: str, limit: float, worker: bool = True) -> DocumentResult:
    stopped = "its worker process was stopped" if worker else "it was stopped"
    return DocumentResult({"doc_id": doc_id, "source_name": name},
                          error=f"{name}: timed out: reading and extracting it took longer than {limit:g} s; "
                          f"{stopped}", error_kind="timeout")


def _isolated(ctx, task: tuple[str, str, str], documents_dir: str, max_bytes: int,
              limit: float | None) -> DocumentResult:
    """Run one document in a fresh worker of its own: the way to learn whether it kills workers."""
    worker = _Worker(ctx, documents_dir, max_bytes)
    clean = False
    try:
        worker.send(0, task)
        if not worker.conn.poll(limit or None):
            return _timed_out(*task, limit)
        try:
            result = worker.receive()[1]
        except Exception:  # noqa: BLE001 - EOFError, or a message cut short by the death
            return _crashed(*task)
        clean = True
        return result
    finally:
        worker.stop() if clean else worker.kill()


class _Alarm(BaseException):
    """The time limit of a document run in this process (not an ``Exception``: nothing in ingest or
    extraction catches it)."""


def _alarm_free() -> bool:
    """Whether one document can run in this process under a time limit: in the main thread, on a
    system with interval timers, with no alarm of the caller's set (its handler and timer stay
    untouched)."""
    import threading
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


def _runs_here(documents: int, jobs: int, timeout: float | None) -> bool:
    """Whether the documents run in this process: with one job and no time limit, or when there is one
    document (under its time limit when it has one, see :func:`_in_process`)."""
    if jobs <= 1 and not timeout:
        return True
    crash = os.environ.get(FAULT_ENV, "").startswith("crash:")   # a test's fault that needs a worker to kill
    return documents == 1 and not crash and (not timeout or _alarm_free())


def _in_process(task: tuple[str, str, str], documents_dir: str, max_bytes: int,
                limit: float | None) -> DocumentResult:
    """One document in this process, no worker to start: a build of one file costs the document's own
    work. The time limit is an interval timer whose signal stops the document wherever it is (also in a
    long regular-expression search, which checks for signals). A crash in a parser ends the command
    here instead of a worker; with one document there is nothing else to save, and the temporary folder
    is removed by the next build into the same output."""
    path, doc_id, name = task
    if not limit:
        return process_document(path, doc_id, documents_dir, max_bytes, name)

    def on_alarm(signum, frame):
        raise _Alarm()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return process_document(path, doc_id, documents_dir, max_bytes, name)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Alarm:
        return _timed_out(path, doc_id, name, limit, worker=False)
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def iter_results(tasks: list[tuple[str, str, str]], documents_dir: str | Path, jobs: int, max_bytes: int,
                 timeout: float | None = None) -> Iterator[DocumentResult]:
    """One result per task, in task order, as soon as each is ready (never all collected first).

    With one job and no ``timeout``, or with one document, the documents run in this process (see
    :func:`_in_process`). Otherwise they run in worker processes; a document that takes longer than
    ``timeout`` seconds gets a ``timeout`` result, and its worker is killed and replaced. A worker that dies has its document run again alone in a
    fresh process, to learn whether that document kills workers (``crash``) or the death was not its.
    """
    documents_dir = str(documents_dir)
    if not tasks:
        return
    if _runs_here(len(tasks), jobs, timeout):
        for task in tasks:
            yield _in_process(task, documents_dir, max_bytes, timeout)
        return
    ctx = _context()
    from multiprocessing.connection import wait
    count = min(max(jobs, 1), len(tasks))
    if count > 1 and ctx.get_start_method() == "fork":   # one worker imports what it uses itself
        _preload()
    window = count * _WINDOW_PER_JOB
    workers: list[_Worker] = []
    ready: dict[int, DocumentResult] = {}
    again: deque[int] = deque()     # sent to a worker that was stopped before it began them
    next_task = next_out = unexplained = 0
    clean = False

    def replace(i: int) -> list[int]:
        """Kill worker i and start another; the documents it had; the first was begun, the rest not."""
        queue = list(workers[i].queue)
        workers[i].kill()
        workers[i] = _Worker(ctx, documents_dir, max_bytes)
        again.extend(sorted(queue[1:]))
        return queue[:1]

    def died(i: int) -> None:
        nonlocal unexplained
        for suspect in replace(i):   # run its document alone: does it kill workers, or was it not its fault?
            ready[suspect] = _isolated(ctx, tasks[suspect], documents_dir, max_bytes, timeout)
            if ready[suspect].error_kind in ("crash", "timeout"):
                return
        unexplained += 1
        if unexplained >= _MAX_UNEXPLAINED_DEATHS:
            raise ProspectusKGError(f"worker processes died {unexplained} times, and no document makes them die "
                                    "when run alone", suggestion="check free memory, or build with fewer --jobs")

    try:
        for _ in range(count):   # one by one: a start that fails leaves the others in the list to stop
            workers.append(_Worker(ctx, documents_dir, max_bytes))
        while next_out < len(tasks):
            if next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
                continue
            for i, worker in enumerate(workers):
                while len(worker.queue) < _PREFETCH and (again or (next_task < len(tasks)
                                                                   and next_task - next_out < window)):
                    if again:
                        index = again.popleft()
                    else:
                        index, next_task = next_task, next_task + 1
                    try:
                        worker.send(index, tasks[index])
                    except OSError:           # it died since its last answer
                        again.appendleft(index)
                        died(i)
                        break
            busy = [w for w in workers if w.queue]
            if not busy:
                continue
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + timeout - now for w in busy)) if timeout else None
            answered = set(wait([w.conn for w in busy], wait_for))
            now = time.monotonic()
            for i, worker in enumerate(workers):
                if worker.conn in answered:
                    try:
                        index, result = worker.receive()
                    except Exception:  # noqa: BLE001 - EOFError, or a message cut short by the death
                        died(i)
                        continue
                    ready[index] = result
                elif worker.overdue(timeout, now):
                    for late in replace(i):
                        ready[late] = _timed_out(*tasks[late], timeout)
        clean = True
    finally:
        for worker in workers:
            worker.stop() if clean else worker.kill()


# --- the build --------------------------------------------------------------------------------

def _progress(total: int, enabled: bool, unit: str = "doc", desc: str | None = None):
    if not enabled:
        return None
    import tqdm as _tqdm
    _tqdm.tqdm.monitor_interval = 0  # no monitor thread (workers may be forked later)
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        sized = size.columns > 0 and size.lines > 0
    except (OSError, ValueError, AttributeError):
        sized = False
    # a terminal that reports no size (some CI and editor terminals) gets a fixed width, not nothing
    width = {"dynamic_ncols": True} if sized else {"ncols": 100, "nrows": 40}
    return _tqdm.tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False, unit_scale=unit != "doc",
                      smoothing=0.1, **width)


class _NameLog:
    """Name mentions (entity, spelling, span, quote, section, document), kept on disk until the end.

    A party's canonical name is chosen once every document is read, so its name assertions are made
    last; logging them to a file keeps memory flat however many documents there are.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = open(path, "wb")

    def add_pickled(self, names: bytes) -> None:
        """Add a list of mentions a worker pickled already."""
        if names:
            self._fh.write(names)

    def __iter__(self) -> Iterator[tuple]:
        from prospectus_kg.graph.build.ntwriter import pickled_items
        self._fh.close()
        return pickled_items(self.path)

    def close(self) -> None:
        self._fh.close()


def build(inputs: list[str | Path], out: str | Path, **options) -> BuildSummary:
    """Build a graph folder; see :func:`_build` for the options. SIGTERM (``kill``, ``timeout``) is
    turned into an exception for the duration, so a terminated build cleans up like an interrupted one."""
    import threading
    if threading.current_thread() is not threading.main_thread():
        return _build(inputs, out, **options)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _build(inputs, out, **options)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _build(inputs: list[str | Path], out: str | Path, *, jobs: int = 1, keep_going: bool | None = None,
          max_bytes: int | None = None, progress: bool = False, ntriples: bool | None = None,
          memory_budget: int | None = None, on_warning: Callable[[str], None] | None = None,
          doc_timeout: float | None = DEFAULT_DOC_TIMEOUT, root: str | Path | None = None,
          query_store: bool = False) -> BuildSummary:
    """Build a graph folder at ``out`` from prospectus files and folders.

    ``keep_going`` (default: on when a folder was given) skips a document that cannot be read, or on
    which ingest or extraction fails, and reports it; otherwise the first bad document stops the
    build. ``ntriples`` writes ``graph.nt`` beside ``graph.ttl`` (default: when the graph has more than
    ``NTRIPLES_THRESHOLD`` triples). ``memory_budget`` bounds the characters of triples held in memory
    before they spill to disk. ``doc_timeout`` (seconds; 0 or None: no limit) stops a document whose
    reading and extraction take longer, kills the worker that ran it, and reports it as failed (skipped
    with ``keep_going``; else the build stops with :class:`DocumentTimeoutError`). Nothing is left at
    ``out`` unless the build succeeds.

    ``query_store`` also builds the folder's persistent Oxigraph store (``.store/``, see
    ``prospectus_kg.folder``; otherwise the first query builds it), loaded from graph.nt when written.

    ``root``: inputs are recorded relative to it (default: each input's own folder; see
    :func:`recorded_names`). A file whose content (SHA-256) equals an earlier input's is built once, with
    a warning. A file that cannot be written (no space, no permission: documents, graph.ttl, the
    report) stops the build with :class:`OutputError` (exit 4), whatever ``keep_going`` says.
    Temporary folders of earlier builds into ``out`` that died (SIGKILL) are removed first.
    """
    from prospectus_kg import regexcache
    regexcache.load()   # before ingest and extraction compile their patterns (workers inherit them)
    from prospectus_kg.graph.build.triples import RUN_PLACEHOLDER, name_statements, run_iri, run_lines, scheme_lines
    from prospectus_kg.graph.ingest.load import DEFAULT_MAX_BYTES
    from prospectus_kg.graph.build.ntwriter import TURTLE_PREFIXES, SortedLines
    from prospectus_kg.graph.build.resolve import Resolver
    started = time.perf_counter()
    out = Path(out)
    notices: list[str] = []
    files = collect_inputs(inputs, out, notices)
    keep_going = any(from_dir for _p, from_dir in files) if keep_going is None else keep_going
    paths = [p for p, _ in files]
    recorded = recorded_names(inputs, files, root)
    doc_ids = assign_doc_ids(paths)
    _check_output(out)
    tmp = new_folder(out)
    summary = BuildSummary(jobs=max(1, min(jobs, len(paths))), inputs=len(paths))
    summary.warnings.extend(notices)
    bar = None
    writing = f"{DOCUMENTS_DIR}/ and the build's work files"
    try:
        (tmp / DOCUMENTS_DIR).mkdir()
        work = tmp / _WORK_DIR
        work.mkdir()
        sink = SortedLines(work, **({"budget": memory_budget} if memory_budget else {}))
        names = _NameLog(work / "names.pickle")
        report_docs = open(work / "documents.json", "w", encoding="utf-8")
        tasks = [(str(p), d, n) for p, d, n in zip(paths, doc_ids, recorded)]
        first_of: dict[str, str] = {}   # content hash -> the input that gave it first
        resolver = Resolver()
        predicate_counts: Counter = Counter()
        hashes: list[str] = []
        limit = doc_timeout if doc_timeout and 0 < doc_timeout < float("inf") else None
        results = iter_results(tasks, tmp / DOCUMENTS_DIR, summary.jobs, max_bytes or DEFAULT_MAX_BYTES, limit)
        bar = _progress(len(tasks), progress)
        try:
            for result in results:
                if bar is not None:
                    bar.update(1)
                source = result.meta["source_name"]
                if not result.error:
                    try:
                        result = _merge_entities(result, resolver)
                    except Exception as exc:  # noqa: BLE001 - a bug on one document must not lose the run
                        result.error, result.error_kind = _triples_error(source, exc), "internal"
                if result.error_kind == "output":   # the disk, not the document: nothing else can be written
                    raise OutputError(result.error, document=str(out),
                                      suggestion="free some space or check the permissions, then build again")
                if result.error:
                    if not keep_going:
                        if result.error_kind == "input":
                            raise InputError(result.error)
                        if result.error_kind == "timeout":
                            raise DocumentTimeoutError(result.error, suggestion="--doc-timeout sets the limit "
                                                       "(0: none); --keep-going skips such documents")
                        raise ProspectusKGError(result.error, suggestion="--keep-going skips such documents; "
                                                "please report the error")
                    summary.failed.append((source, result.error))
                    # a document that failed after its text was written leaves no text behind
                    (tmp / DOCUMENTS_DIR / f"{result.meta['doc_id']}.txt").unlink(missing_ok=True)
                    continue
                earlier = first_of.get(result.meta["sha256"])
                if earlier is not None:   # the same file twice, a hard link, a copy: built once
                    summary.warnings.append(f"{source}: the same content as {earlier}: built once")
                    (tmp / DOCUMENTS_DIR / f"{result.meta['doc_id']}.txt").unlink(missing_ok=True)
                    continue
                first_of[result.meta["sha256"]] = source
                sink.update(result.lines)
                sink.add_blocks(result.blocks)
                names.add_pickled(result.names)
                meta = result.meta
                hashes.append(meta["sha256"])
                predicate_counts.update(result.predicates)
                summary.documents += 1
                summary.facts += result.facts
                summary.bytes += result.size
                for w in meta["warnings"]:
                    summary.warnings.append(f"{source}: {w}")
                entry = {k: meta[k] for k in ("doc_id", "source_name", "text_file", "media_type",
                                              "encoding", "sha256", "sections", "warnings")}
                entry["facts"] = result.facts
                report_docs.write(json.dumps(entry, ensure_ascii=False) + "\n")
                if bar is not None:
                    bar.set_postfix_str(f"{summary.facts:,} facts", refresh=False)
                del result, meta
        finally:
            results.close()  # stops the workers before the temporary folder may be removed
            if bar is not None:
                bar.close()
                bar = None
        report_docs.close()
        if summary.documents == 0:
            raise NoDocumentsError("no document could be read: " + "; ".join(e for _p, e in summary.failed))
        for lines, blocks in name_statements(resolver, names):
            sink.update(lines)
            sink.add_blocks(blocks)
        names.close()
        sink.update(scheme_lines())
        sink.update(run_lines())
        writing = GRAPH_FILE
        summary.triples = _write_graph(sink, tmp, ntriples, TURTLE_PREFIXES,
                                       (f"<{RUN_PLACEHOLDER}>", f"<{run_iri(hashes)}>"), progress, summary.jobs)
        writing = REPORT_FILE
        _write_report(tmp / REPORT_FILE, work / "documents.json", summary, predicate_counts)
        shutil.rmtree(work)
        if query_store:
            writing = STORE_DIR
            started_store = time.perf_counter()
            if GraphFolder(tmp).disk_store() is None:
                raise OutputError(f"cannot write {STORE_DIR}", document=str(out))
            summary.store_seconds = time.perf_counter() - started_store
        replace_folder(tmp, out)
    except OSError as exc:
        if bar is not None:
            bar.close()
        _remove(tmp)
        if isinstance(exc, ProspectusKGError):
            raise
        # no space, no permission, a file too large for the file system: the output, never the input
        raise OutputError(f"cannot write {writing}: {exc.strerror or exc}", document=str(out),
                          suggestion="free some space or check the permissions, then build again") from exc
    except BaseException:
        if bar is not None:
            bar.close()
        _remove(tmp)
        raise
    summary.seconds = time.perf_counter() - started
    if on_warning:
        for w in summary.warnings:
            on_warning(w)
    return summary


def _write_graph(sink, tmp: Path, ntriples: bool | None, prefixes: dict[str, str], replace, progress: bool,
                 jobs: int) -> int:
    """Write the sink's sorted lines as graph.ttl (and graph.nt). With graph.nt and two jobs, a forked
    process writes graph.nt while this one writes graph.ttl, each merging the sorted runs on its own:
    writing the graph is the serial tail of a large build, and the other core is idle by then (for
    10,000 prospectuses 12.0 s instead of 19.6, ``benchmarks/build_phases.py``)."""
    from prospectus_kg.graph.build.ntwriter import write_graph
    if ntriples is None:
        ntriples = sink.added > NTRIPLES_THRESHOLD  # decided on lines made; duplicates are few
    ttl_path, nt_path = tmp / GRAPH_FILE, (tmp / NTRIPLES_FILE if ntriples else None)
    bar = _progress(sink.added, progress and sink.added > 200_000, unit="triple", desc="writing graph")
    try:
        if nt_path is None or jobs < 2 or not _FORK:   # the forked writer shares the sink without a copy
            return write_graph(sink.line_batches(), ttl_path, nt_path, prefixes, replace, bar,
                               sink.block_batches("both" if nt_path else "ttl"))
        sink.shared = True   # both processes read the runs; the work folder's removal deletes them
        context = _context()
        receiver, sender = context.Pipe(duplex=False)
        other = context.Process(target=_write_ntriples, args=(sink, nt_path, prefixes, replace, sender), daemon=True)
        other.start()
        sender.close()
        outcome = None
        try:
            count = write_graph(sink.line_batches(), ttl_path, None, prefixes, replace, bar, sink.block_batches("ttl"))
            try:
                outcome = receiver.recv()
            except EOFError:   # it died without a word (killed)
                outcome = ("error", "it ended without a word")
        finally:
            if outcome is None and other.is_alive():  # this process failed or was interrupted
                other.terminate()
            other.join()
            receiver.close()
        if outcome[0] != "ok":
            raise OutputError(f"cannot write {NTRIPLES_FILE}: the process writing it failed "
                              f"({outcome[1]}; exit code {other.exitcode})")
        if outcome[1] != count:  # both read the same sink: a difference is a bug
            raise OutputError(f"{NTRIPLES_FILE} has {outcome[1]:,} triples and {GRAPH_FILE} {count:,}")
        return count
    finally:
        if bar is not None:
            bar.close()


def _write_ntriples(sink, nt_path: Path, prefixes, replace, sender) -> None:
    """In a forked process: graph.nt alone; sends ("ok", triples) or ("error", message)."""
    from prospectus_kg.graph.build.ntwriter import write_graph
    _worker_init()
    try:
        sender.send(("ok", write_graph(sink.line_batches(), None, nt_path, prefixes, replace, None,
                                       sink.block_batches("nt"))))
    except BaseException as exc:  # noqa: BLE001 - reported by the build process, as one line
        sender.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()


def _write_report(path: Path, documents_log: Path, summary: BuildSummary, predicate_counts: Counter) -> None:
    """build-report.json, the same bytes ``json.dumps(report, indent=2)`` gives, streamed document by
    document from the log so the report of 10,000 documents is never held in memory."""
    tail = {"failed": [{"source_name": p, "error": e} for p, e in summary.failed],
            "counts": {"documents": summary.documents, "facts": summary.facts, "triples": summary.triples,
                       "facts_by_kind": dict(sorted(predicate_counts.items()))},
            "warnings": summary.warnings}
    with open(path, "w", encoding="utf-8", newline="\n") as fh, open(documents_log, encoding="utf-8") as log:
        fh.write('{\n  "documents": [')
        first = True
        for line in log:
            entry = json.dumps(json.loads(line), indent=2, ensure_ascii=False).replace("\n", "\n    ")
            fh.write(("\n    " if first else ",\n    ") + entry)
            first = False
        fh.write("\n  ],\n" if not first else "],\n")
        rest = json.dumps(tail, indent=2, ensure_ascii=False)
        fh.write(rest[2:] + "\n")


def _remove(tmp: Path) -> None:
    for _attempt in range(3):
        shutil.rmtree(tmp, ignore_errors=True)
        if not tmp.exists():
            return
        time.sleep(0.2)


def _check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError("output exists and is a file", document=str(out), suggestion="choose a folder name")
    if out.is_dir() and any(out.iterdir()) and not (out / REPORT_FILE).exists():
        raise OutputError("output folder exists, is not empty and is not a graph folder", document=str(out),
                          suggestion="choose a new folder; an earlier graph folder is replaced")


