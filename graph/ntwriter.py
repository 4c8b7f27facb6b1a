"""Writing a large graph deterministically, in bounded memory: N-Triples lines, sorted, then Turtle.

The build makes millions of triples for a big corpus. Holding them in rdflib's Memory store costs
~1.6 GB and ~30 s per million triples and its Turtle serializer ~40 s more (see
``shared/research/performance.md``), so the build does not keep a store at all. Each triple becomes
one N-Triples line (RDF 1.1 canonical form: only ``\\\\``, ``"``, ``\\n`` and ``\\r`` escaped, UTF-8
otherwise) and goes into a :class:`SortedLines` sink: a set that, when it grows past its budget, is
sorted and spilled to a run file. At the end the runs are merged (``heapq.merge``), duplicates
dropped, and the sorted stream is written as ``graph.ttl`` (and optionally ``graph.nt``).

Sorting the lines makes the output independent of the order triples arrived in, so serial and
parallel builds, and two builds of the same inputs, are byte-identical. Lines that share a subject
are contiguous in sorted order (they share the prefix ``<subject> ``), which is what lets
:class:`TurtleWriter` group them without looking back.

Only plain IRIs and literals occur (the build makes no blank nodes).
"""

from __future__ import annotations

import heapq
import io
import os
import pickle
import re
from bisect import bisect_left
from itertools import groupby, islice
from pathlib import Path
from typing import IO, Iterable, Iterator

#: Prefixes written at the head of graph.ttl (the namespaces the build uses), as rdflib would bind them;
#: the same as ``prospectus_kg.ontology.namespace.PREFIXES`` (a test compares them), here so that
#: building imports no rdflib.
TURTLE_PREFIXES = {"kg": "https://w3id.org/prospectus-kg/id/", "oa": "http://www.w3.org/ns/oa#",
                   "prosp": "https://w3id.org/prospectus-kg/ontology#", "prov": "http://www.w3.org/ns/prov#",
                   "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                   "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
                   "xsd": "http://www.w3.org/2001/XMLSchema#"}
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")


def _percent(match: re.Match) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def nt_iri(iri: str) -> str:
    """``<iri>``; characters an IRI may not hold (space, quotes, angle brackets ...) percent-encoded."""
    if _IRI_UNSAFE.search(iri):
        iri = _IRI_UNSAFE.sub(_percent, iri)
    return f"<{iri}>"


def nt_string(text: str) -> str:
    """A quoted N-Triples string (canonical escapes only)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return f'"{text}"'


def nt_term(term) -> str:
    """The N-Triples form of an rdflib ``URIRef`` or ``Literal`` (no blank nodes in our graphs)."""
    datatype = getattr(term, "datatype", False)
    if datatype is False:  # a URIRef (a Literal always has the attribute, None when plain)
        return nt_iri(term)
    lexical = nt_string(str(term))
    if term.language:
        return f"{lexical}@{term.language}"
    if datatype is not None and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return f"{lexical}^^<{datatype}>"
    return lexical


_PREDICATES: dict[str, str] = {}


def nt_line(s, p, o) -> str:
    """One N-Triples line (with its newline) for an rdflib triple."""
    pred = _PREDICATES.get(p)
    if pred is None:
        pred = nt_iri(p)
        if len(_PREDICATES) < 10_000:  # predicates are few; bound the cache all the same
            _PREDICATES[p] = pred
    return f"{nt_iri(s)} {pred} {nt_term(o)} .\n"


class SortedLines:
    """A set of N-Triples lines that spills sorted runs to ``work_dir`` past ``budget`` characters.

    ``sorted_unique()`` yields every line added, once each, in code-point (= UTF-8 byte) order.
    Memory stays near ``budget`` characters (plus Python's per-string overhead) however many lines
    are added; disk use is about the size of the N-Triples.
    """

    def __init__(self, work_dir: str | Path, budget: int = 96 * 1024 * 1024) -> None:
        self.work_dir = Path(work_dir)
        self.budget = budget
        self._lines: set[str] = set()
        self._blocks: list[Block] = []
        self._chars = 0
        self._runs: list[Path] = []
        self._block_runs: list[Path] = []
        self.added = 0
        #: Read by more than one process (a forked writer): the runs are then left for the work
        #: folder's removal, not deleted by whichever reader finishes first.
        self.shared = False

    def add(self, line: str) -> None:
        self.added += 1
        if line not in self._lines:
            self._lines.add(line)
            self._chars += len(line) + 64  # + the str object and set slot
            if self._chars > self.budget:
                self._spill()

    def update(self, lines: Iterable[str]) -> None:
        """Add many lines at once (a document's): cheaper than ``add`` per line. Duplicates are
        counted against the budget too, which only makes spills a little earlier."""
        batch = lines if isinstance(lines, list) else list(lines)
        self.added += len(batch)
        self._lines.update(batch)
        self._chars += sum(map(len, batch)) + 64 * len(batch)
        if self._chars > self.budget:
            self._spill()

    def add_blocks(self, blocks: list[Block]) -> None:
        """Add blocks made by :func:`turtle_blocks`: (the sorted N-Triples lines of some subjects as one
        text, the same as Turtle, the number of lines). No line or other block may share a subject
        with a block."""
        self._blocks += blocks
        self.added += sum(block[2] for block in blocks)
        self._chars += sum(len(nt) + len(ttl) + 180 for nt, ttl, _n in blocks)
        if self._chars > self.budget:
            self._spill()

    def _spill(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if self._lines:
            run = self.work_dir / f"run-{len(self._runs):05d}.nt"
            with open(run, "w", encoding="utf-8", newline="\n") as fh:
                fh.writelines(sorted(self._lines))
            self._runs.append(run)
        if self._blocks:
            run = self.work_dir / f"run-{len(self._block_runs):05d}.blocks"
            self._blocks.sort()
            with open(run, "wb") as fh:
                # small batches: the merge holds one batch of every run at once
                batch: list[Block] = []
                size = 0
                for block in self._blocks:
                    batch.append(block)
                    size += len(block[0]) + len(block[1])
                    if size > _BATCH_CHARS:
                        pickle.dump(batch, fh, protocol=pickle.HIGHEST_PROTOCOL)
                        batch, size = [], 0
                if batch:
                    pickle.dump(batch, fh, protocol=pickle.HIGHEST_PROTOCOL)
            self._block_runs.append(run)
        self._lines = set()
        self._blocks = []
        self._chars = 0

    @property
    def spilled_runs(self) -> int:
        return len(self._runs) + len(self._block_runs)

    def sorted_lines(self) -> list[str] | Iterator[str]:
        """``sorted_unique()``, as a list when nothing was spilled (cheaper to merge blocks into)."""
        if self._runs:
            return self.sorted_unique()
        lines = sorted(self._lines)
        self._lines = set()
        return lines

    def sorted_blocks(self) -> Iterator[Block]:
        """Every block added, once, in the order of its N-Triples text; consumed like ``sorted_unique``."""
        in_memory = sorted(self._blocks)
        self._blocks = []
        streams = [in_memory] + [pickled_batches(run) for run in self._block_runs]
        try:
            yield from _unique(heapq.merge(*streams) if len(streams) > 1 else in_memory)
        finally:
            if not self.shared:
                _remove(self._block_runs)
                self._block_runs = []

    def sorted_unique(self) -> Iterator[str]:
        """Every distinct line in sorted order; the sink is consumed (runs are deleted afterwards,
        unless ``shared``)."""
        in_memory = sorted(self._lines)
        self._lines = set()
        if not self._runs:
            yield from in_memory
            return
        handles = [open(run, encoding="utf-8", newline="\n") for run in self._runs]
        try:
            yield from _unique(heapq.merge(in_memory, *handles))
        finally:
            for fh in handles:
                fh.close()
            if not self.shared:
                _remove(self._runs)
                self._runs = []


def _unique(items: Iterable) -> Iterator:
    """Sorted ``items`` without repeats."""
    previous = None
    for item in items:
        if item != previous:
            yield item
            previous = item


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


#: Lines written as Turtle ahead of the stream (``turtle_blocks``): N-Triples text, Turtle, line count.
Block = tuple[str, str, int]
#: Characters of blocks per pickled batch in a run file (see ``SortedLines._spill``).
_BATCH_CHARS = 256 * 1024


def pickled_batches(path: str | Path) -> Iterator:
    """The items of the lists pickled one after another into the file at ``path``, in order."""
    with open(path, "rb") as fh:
        while True:
            try:
                batch = pickle.load(fh)
            except EOFError:
                return
            yield from batch


def turtle_blocks(lines: list[str], prefix: str, key_length: int,
                  prefixes: dict[str, str]) -> tuple[list[str], list[Block]]:
    """Take out of ``lines`` those whose subject starts with ``prefix`` and make them blocks, already
    written as Turtle: the lines that share their first ``key_length`` characters are one block, as
    (their sorted N-Triples text, the same as Turtle). Returns (the other lines, the blocks).

    For the caller to promise: every line of the graph with such a subject is here (a block holds all
    of its subjects' lines), and no other subject starts with a block's first ``key_length``
    characters. A block is (their sorted N-Triples text, the same as Turtle, the number of lines).
    Then a block sorts among the other lines and blocks of the graph as its lines would,
    and :func:`write_graph` puts its Turtle in their place: the bytes of writing its lines. The build
    makes each assertion's four subjects (``.../assertion/HASH``, ``/target``, ``/position``,
    ``/quote``) a block in the worker process that read its document, so the main process only
    copies them into the graph.
    """
    inner = sorted({line for line in lines if line.startswith(prefix)})
    if not inner:
        return lines, []
    rest = [line for line in lines if not line.startswith(prefix)]
    buffer = io.StringIO()
    writer = TurtleWriter(buffer, prefixes, head=False)
    blocks = []
    for _key, group in groupby(inner, key=lambda line: line[:key_length]):
        group = list(group)
        writer.feed(group)
        writer.close()
        blocks.append(("".join(group), buffer.getvalue(), len(group)))
        buffer.seek(0)
        buffer.truncate()
    return rest, blocks


class TurtleWriter:
    """Writes sorted N-Triples lines as Turtle: prefixed names, one block per subject, ``a`` first.

    The output is what rdflib's serializer would say, in the same spirit (``@prefix`` head, subject
    blocks separated by a blank line, ``;`` between predicates, ``,`` between objects), but made in
    one pass over a stream: memory holds one subject's lines at a time.
    """

    def __init__(self, fh: IO[str], prefixes: dict[str, str], head: bool = True) -> None:
        self.fh = fh
        # longest namespace first, so the most specific prefix wins
        self._namespaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self._cache: dict[str, str] = {}
        self._subject: str | None = None
        self._types: list[str] = []
        self._pairs: list[tuple[str, str]] = []
        self.triples = 0
        if head:   # without: Turtle to put after other Turtle (``turtle_blocks``)
            for prefix in sorted(prefixes):
                fh.write(f"@prefix {prefix}: <{prefixes[prefix]}> .\n")
            fh.write("\n")

    def _name(self, iri: str) -> str:
        """``<iri>`` -> ``prefix:local`` where the local part is a plain name, else unchanged."""
        cached = self._cache.get(iri)
        if cached is not None:
            return cached
        short = iri
        body = iri[1:-1]
        for ns, prefix in self._namespaces:
            if body.startswith(ns):
                local = body[len(ns):]
                if _LOCAL_NAME.match(local):
                    short = f"{prefix}:{local}"
                break
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[iri] = short
        return short

    def _object(self, obj: str) -> str:
        if obj[0] == "<":
            return self._cache.get(obj) or self._name(obj)
        # a typed literal ends in "^^<datatype>"; a plain or language-tagged one ends in '"' or a tag,
        # so text inside a string that merely looks like a datatype is never touched
        if obj[-1] == ">":
            cut = obj.rfind('"^^<')
            if cut > 0:
                return obj[:cut + 3] + self._name(obj[cut + 3:])
        return obj

    def add(self, line: str) -> None:
        """Take the next line of the sorted N-Triples stream."""
        self.feed((line,))

    def feed(self, lines: Iterable[str]) -> None:
        """Take the next lines of the sorted N-Triples stream (the fast way to write many)."""
        subject, types, pairs = self._subject, self._types, self._pairs
        flush = self._flush
        count = 0
        for line in lines:
            # subject and predicate are IRIs, which hold no space: the object is the rest, less " .\n"
            s, p, o = line.split(" ", 2)
            if s != subject:
                if subject is not None:
                    flush(subject, types, pairs)
                subject, types, pairs = s, [], []
            if p == RDF_TYPE:
                types.append(o[:-3])
            else:
                pairs.append((p, o[:-3]))
            count += 1
        self._subject, self._types, self._pairs = subject, types, pairs
        self.triples += count

    def _flush(self, subject: str, types: list[str], pairs: list[tuple[str, str]]) -> None:
        # rdf:type first (as "a"), then the other predicates in their sorted order
        obj, name, cache = self._object, self._name, self._cache
        out = [cache.get(subject) or name(subject)]
        if types:
            out.append(" a " + ",\n        ".join([obj(o) for o in types]))
        previous = None
        for p, o in pairs:
            if p == previous:
                out.append(",\n        " + obj(o))
            else:
                out.append((" ;\n    " if previous is not None or types else " ") + (cache.get(p) or name(p))
                           + " " + obj(o))
                previous = p
        out.append(" .\n\n")
        self.fh.write("".join(out))

    def close(self) -> None:
        if self._subject is not None:
            self._flush(self._subject, self._types, self._pairs)
        self._subject, self._types, self._pairs = None, [], []


def write_graph(lines: Iterable[str], ttl_path: Path | None, nt_path: Path | None, prefixes: dict[str, str],
                replace: tuple[str, str] | None = None, progress=None,
                blocks: Iterable[Block] | None = None) -> int:
    """Write sorted unique N-Triples ``lines`` to ``ttl_path`` and/or ``nt_path``; return the count.

    ``replace`` = (placeholder, value) substitutes a term that was not known while the lines were
    made (the build run's IRI); the placeholder must sort like the value against every other line.
    ``blocks`` (sorted, see :func:`turtle_blocks`) go in their places among the lines.
    """
    count = 0
    with (open(ttl_path, "w", encoding="utf-8", newline="\n") if ttl_path else _Null()) as ttl, \
            (open(nt_path, "w", encoding="utf-8", newline="\n") if nt_path else _Null()) as nt:
        writer = TurtleWriter(ttl, prefixes) if ttl_path else None
        old, new = replace if replace else (None, None)
        for batch in _batches(lines, blocks):
            if type(batch) is tuple:      # a block: its subjects' Turtle as it is
                nt_text, ttl_text, size = batch
                if writer is not None:
                    writer.close()
                    ttl.write(ttl_text.replace(old, new) if old is not None else ttl_text)
                if nt_path:
                    nt.write(nt_text.replace(old, new) if old is not None else nt_text)
            else:
                if old is not None:
                    batch = [line.replace(old, new) if old in line else line for line in batch]
                if writer is not None:
                    writer.feed(batch)
                if nt_path:
                    nt.write("".join(batch))
                size = len(batch)
            count += size
            if progress is not None:
                progress.update(size)
        if writer is not None:
            writer.close()
    return count


def _batches(lines: Iterable[str], blocks: Iterable[Block] | None) -> Iterator[list[str] | Block]:
    """Lists of consecutive lines and, between them, blocks, in the order of their N-Triples. A block
    sorts by its N-Triples text: it shares no subject with the lines, so its first line decides, and
    in the same way as that line would."""
    if isinstance(lines, list):   # all in memory: cut the list where each block goes
        start = 0
        for block in (blocks or ()):
            end = bisect_left(lines, block[0], start)
            if end > start:
                yield lines[start:end]
                start = end
            yield block
        for start in range(start, len(lines), 65536):
            yield lines[start:start + 65536]
        return
    if blocks is None:
        iterator = iter(lines)
        while batch := list(islice(iterator, 65536)):
            yield batch
        return
    batch: list[str] = []
    for item in heapq.merge(lines, blocks, key=_first_line):
        if type(item) is str:
            batch.append(item)
            if len(batch) >= 65536:
                yield batch
                batch = []
        else:
            if batch:
                yield batch
                batch = []
            yield item
    if batch:
        yield batch


def _first_line(item: str | Block) -> str:
    return item if type(item) is str else item[0]


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def write(self, _text: str) -> None:
        return None
