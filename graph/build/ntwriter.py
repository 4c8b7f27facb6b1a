"""Writing a large graph deterministically, in bounded memory: N-Triples lines, sorted, then Turtle.

The build makes millions of triples for a big corpus. Holding them in rdflib's Memory store costs
~1.6 GB and ~30 s per million triples and its Turtle serializer ~40 s more (see
``shared/research/performance.md``), so the build does not keep a store at all. Each triple becomes
one N-Triples line (RDF 1.1 canonical form: only ``\\\\``, ``"``, ``\\n`` and ``\\r`` escaped, UTF-8
otherwise) and goes into a :class:`SortedLines` sink: a set that, when it grows past its budget, is
sorted and spilled to a run file. At the end the runs are merged (:func:`merge_batches`), duplicates
dropped, and the sorted stream is written as ``graph.ttl`` (and optionally ``graph.nt``).

Sorting the lines makes the output independent of the order triples arrived in, so serial and
parallel builds, and two builds of the same inputs, are byte-identical. Lines that share a subject
are contiguous in sorted order (they share the prefix ``<subject> ``), which is what lets
:class:`TurtleWriter` group them without looking back.

Only plain IRIs and literals occur (the build makes no blank nodes).
"""

from __future__ import annotations

import io
import math
import os
import pickle
import re
from bisect import bisect_left, bisect_right
from itertools import chain, compress, groupby, islice, repeat
from operator import itemgetter, ne
from pathlib import Path
from typing import IO, Iterable, Iterator

from prospectus_kg.ontology.terms import PREFIXES

#: Prefixes written at the head of graph.ttl (the namespaces the build uses), as rdflib would bind them;
#: taken from the generated, rdflib-free ``prospectus_kg.ontology.terms`` so that building imports no rdflib.
TURTLE_PREFIXES = {p: PREFIXES[p] for p in ("kg", "oa", "prosp", "prov", "rdf", "rdfs", "skos", "xsd")}
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

    ``line_batches()`` yields every line added, once each, in code-point (= UTF-8 byte) order.
    Memory stays near ``budget`` characters (plus Python's per-string overhead) however many lines
    are added; disk use is about a twentieth of the N-Triples (the runs are compressed).
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
        """Add blocks (:func:`make_block`). No line or other block may share a subject with a block."""
        self._blocks += blocks
        self.added += sum([block[3] for block in blocks])
        self._chars += sum([len(first) + len(nt) + len(ttl) + 250 for first, nt, ttl, _n in blocks])
        if self._chars > self.budget:
            self._spill()

    def _spill(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if self._lines:
            run = self.work_dir / f"run-{len(self._runs):05d}.lines"
            lines = sorted(self._lines)
            _write_run(run, ((batch,) for batch in _cut(lines, sum(map(len, lines)))))
            self._runs.append(run)
        if self._blocks:
            run = self.work_dir / f"run-{len(self._block_runs):05d}.blocks"
            self._blocks.sort()
            chars = sum([len(nt) + len(ttl) for _first, nt, ttl, _n in self._blocks])
            _write_run(run, map(_block_parts, _cut(self._blocks, chars)))
            self._block_runs.append(run)
        self._lines = set()
        self._blocks = []
        self._chars = 0

    @property
    def spilled_runs(self) -> int:
        return len(self._runs) + len(self._block_runs)

    def line_batches(self) -> Iterator[list[str]]:
        """Every distinct line, in sorted order, as consecutive lists; the sink is consumed (runs are
        deleted afterwards, unless ``shared``)."""
        in_memory = sorted(self._lines)
        self._lines = set()
        try:
            yield from merge_batches([_slices(in_memory)] + [_run_lists(run) for run in self._runs])
        finally:
            if not self.shared:
                _remove(self._runs)
                self._runs = []

    def block_batches(self, part: str = "both") -> Iterator[list[Block]]:
        """Every block added, once, in the order of its N-Triples text; consumed like ``line_batches``.
        With ``part`` "nt" or "ttl", spilled blocks come with only their N-Triples or only their Turtle
        (the other ``b""``): a writer of one file decompresses only what it writes."""
        in_memory = sorted(self._blocks)
        self._blocks = []
        wanted = {"both": (0, 1), "nt": (0,), "ttl": (1,)}[part]
        try:
            yield from merge_batches([_slices(in_memory)] + [_run_lists(run, 2, wanted) for run in self._block_runs])
        finally:
            if not self.shared:
                _remove(self._block_runs)
                self._block_runs = []


def merge_batches(streams: list[Iterator[list]]) -> Iterator[list]:
    """Merge streams of sorted lists into one stream of sorted lists, without repeats.

    ``heapq.merge`` runs Python code for every item, and more of it the more streams there are. Here
    Python works per list: each round cuts every stream's current list at the smallest of their last
    items (nothing later in any stream can sort before it), and one ``list.sort`` merges the pieces in
    C (it finds them already sorted and gallops between them). A round touches every stream and ends
    about one list, so past ``_FAN_IN`` streams they are merged in groups first, and the groups'
    merges merged (a tree): Python's work per item then grows with the logarithm of the number of
    runs, not with the number, and writing a graph of ten thousand prospectuses costs per line what
    writing one of a thousand does.
    """
    if len(streams) > _FAN_IN:
        size = math.ceil(len(streams) / math.ceil(len(streams) / _FAN_IN))   # groups as even as can be
        return merge_batches([merge_batches(group) for group in _slices(streams, size)])
    return _merge_few(streams)


#: Streams merged in one round at most (see :func:`merge_batches`).
_FAN_IN = 8


def _merge_few(streams: list[Iterator[list]]) -> Iterator[list]:
    live = []   # [current list, index of its first unused item, its stream]
    for stream in streams:
        batch = _next_nonempty(stream)
        if batch is not None:
            live.append([batch, 0, stream])
    previous = _NOTHING
    while live:
        if len(live) == 1:   # one stream left: its lists as they are
            batch, start, stream = live.pop()
            pieces: Iterable[list] = chain((batch[start:],), stream)
        else:
            bound = min(entry[0][-1] for entry in live)
            parts = []
            for entry in live:
                batch, start = entry[0], entry[1]
                cut = bisect_right(batch, bound, start)
                parts.append(batch[start:cut])
                if cut < len(batch):
                    entry[1] = cut
                else:
                    entry[0], entry[1] = _next_nonempty(entry[2]), 0
            live = [entry for entry in live if entry[0] is not None]
            merged = list(chain.from_iterable(parts))
            merged.sort()
            pieces = (merged,)
        for piece in pieces:
            unique = _unique(piece)
            if unique and unique[0] == previous:   # a stream may repeat an item across its lists
                del unique[0]
            if unique:
                previous = unique[-1]
                yield unique


def _next_nonempty(stream: Iterator[list]) -> list | None:
    for batch in stream:
        if batch:
            return batch
    return None


_NOTHING = object()


def _unique(items: list) -> list:
    """Sorted ``items`` without repeats (compared in C: no item is hashed)."""
    if len(items) < 2:
        return list(items)
    return list(compress(items, chain((True,), map(ne, islice(items, 1, None), items))))


def _slices(items: list, size: int = 65536) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _cut(items: list, chars: int) -> Iterator[list]:
    """Sorted ``items`` (of about ``chars`` characters in all) in lists of about ``_BATCH_CHARS``
    characters: the merge holds one list of every run at once."""
    return _slices(items, max(1, len(items) * _BATCH_CHARS // max(1, chars)))


def _block_parts(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """``blocks`` as two lists, one without their Turtle, one without their N-Triples."""
    firsts, nts, ttls, counts = zip(*blocks)
    empty = repeat(b"")
    return list(zip(firsts, nts, empty, counts)), list(zip(firsts, empty, ttls, counts))


def _write_run(path: Path, records: Iterable[tuple[list, ...]]) -> None:
    """Write a run: records of one or more lists, each list pickled and compressed with Zstandard, and
    each record headed by the sizes of its lists. Sorted N-Triples compress about twentyfold at over
    1 GB/s, and a large build spills gigabytes: written plain, they fill the page cache and the kernel
    throttles every later write, the graph's own included (``benchmarks/build_phases.py``)."""
    import zstandard
    compress = zstandard.ZstdCompressor(level=1).compress
    with open(path, "wb") as fh:
        for lists in records:
            frames = [compress(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)) for items in lists]
            fh.write(b"".join([len(frame).to_bytes(8, "little") for frame in frames]))
            fh.writelines(frames)


def _run_lists(path: Path, width: int = 1, wanted: tuple[int, ...] = (0,)) -> Iterator[list]:
    """The lists of a run written by :func:`_write_run` with ``width`` lists a record: of each record,
    the list at the one position ``wanted``, or the blocks made whole again from two (both parts)."""
    import zstandard
    decompress = zstandard.ZstdDecompressor().decompress
    with open(path, "rb") as fh:
        while header := fh.read(8 * width):
            lists = []
            for k in range(width):
                size = int.from_bytes(header[8 * k:8 * k + 8], "little")
                if k in wanted:
                    lists.append(pickle.loads(decompress(fh.read(size))))
                else:
                    fh.seek(size, 1)
            if len(lists) == 1:
                yield lists[0]
            else:    # the blocks' N-Triples from the first, their Turtle from the second
                nt, ttl = lists
                yield list(zip(map(_FIRST, nt), map(itemgetter(1), nt), map(itemgetter(2), ttl),
                               map(itemgetter(3), nt)))


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


#: Lines written as Turtle ahead of the stream (:func:`make_block`): the first line, the lines and the
#: same as Turtle (both UTF-8, to be copied as they are), the number of lines.
Block = tuple[str, bytes, bytes, int]
_FIRST = itemgetter(0)   # a block's first line, by which it sorts
#: Characters per list in a run file (see :func:`_write_run`).
_BATCH_CHARS = 256 * 1024


def pickled_items(path: str | Path) -> Iterator:
    """The items of the lists pickled one after another into the file at ``path``, in order."""
    with open(path, "rb") as fh:
        while True:
            try:
                batch = pickle.load(fh)
            except EOFError:
                return
            yield from batch


def make_block(lines: list[str], turtle: str) -> Block:
    """A block of sorted N-Triples ``lines`` (all the lines of their subjects) and the same as ``turtle``.

    It sorts among the other lines and blocks of the graph by its first line: it shares no subject with
    them, so that line's place is the place of all of them, and :func:`write_graph` copies its bytes
    there. It holds them encoded already: the graph's writers then join, search and write bytes,
    never re-encoding text (with one non-ASCII character a joined text would be wide throughout)."""
    return lines[0], "".join(lines).encode(), turtle.encode(), len(lines)


def turtle_blocks(lines: list[str], prefix: str, key_length: int,
                  prefixes: dict[str, str]) -> tuple[list[str], list[Block]]:
    """Take out of ``lines`` those whose subject starts with ``prefix`` and make them blocks, already
    written as Turtle: the lines that share their first ``key_length`` characters are one block
    (:func:`make_block`). Returns (the other lines, the blocks).

    For the caller to promise: every line of the graph with such a subject is here (a block holds all
    of its subjects' lines), and no other subject starts with a block's first ``key_length``
    characters. The build makes each assertion's four subjects (``.../assertion/HASH``, ``/target``,
    ``/position``, ``/quote``) a block in the worker process that read its document, so the main
    process only copies them into the graph.
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
        blocks.append(make_block(group, buffer.getvalue()))
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

    def name(self, iri: str) -> str:
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

    def object(self, obj: str) -> str:
        """An N-Triples object as Turtle: an IRI as :meth:`name`, a typed literal with a prefixed datatype."""
        if obj[0] == "<":
            return self._cache.get(obj) or self.name(obj)
        # a typed literal ends in "^^<datatype>"; a plain or language-tagged one ends in '"' or a tag,
        # so text inside a string that merely looks like a datatype is never touched
        if obj[-1] == ">":
            cut = obj.rfind('"^^<')
            if cut > 0:
                return obj[:cut + 3] + self.name(obj[cut + 3:])
        return obj

    def assertion_block(self, t: dict[str, str], a: str, doc: str, s: str, p: str, o: str, run: str, start: int,
                        end: int, quote: str, section: str, part: str) -> str:
        """The Turtle this writer makes from the sorted lines of one ``prosp:Assertion`` pattern (its four
        subjects: ``a``, ``a/position``, ``a/quote``, ``a/target``), made directly from its values.

        ``a`` is the assertion's IRI without its closing ``>``; ``t`` holds the pattern's vocabulary as
        this writer names it (``triples._turtle_names``). ``tests/test_build_lines.py`` checks that the
        text is the one :meth:`feed` writes for the same lines."""
        cache, name, nonneg = self._cache, self.name, t["nonneg"]
        text = (f"{a}/position> a {t['position']} ;\n    {t['end']} \"{end}\"{nonneg} ;\n"
                f"    {t['start']} \"{start}\"{nonneg} .\n\n"
                f"{a}/quote> a {t['quote']} ;\n    {t['exact']} {quote} .\n\n"
                f"{a}/target> a {t['resource']} ;\n    {t['selector']} {a}/position>,\n        {a}/quote> ;\n"
                f"    {t['source']} {cache.get(doc) or name(doc)} .\n\n"
                f"{a}> a {t['annotation']},\n        {t['assertion']} ;\n    {t['object']} {self.object(o)} ;\n"
                f"    {t['predicate']} {cache.get(p) or name(p)} ;\n    {t['subject']} {cache.get(s) or name(s)} ;\n"
                f"    {t['target']} {a}/target> ;\n    {t['motivated']} {t['describing']} ;\n"
                f"    {t['generated']} {cache.get(run) or name(run)}")
        if part:
            text += f" ;\n    {t['part']} {part}"
        if section:
            text += f" ;\n    {t['section']} {section}"
        return text + " .\n\n"

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
        obj, name, cache = self.object, self.name, self._cache
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


def write_graph(lines: Iterable[list[str]], ttl_path: Path | None, nt_path: Path | None, prefixes: dict[str, str],
                replace: tuple[str, str] | None = None, progress=None,
                blocks: Iterable[list[Block]] = ()) -> int:
    """Write sorted unique N-Triples ``lines`` (given as consecutive lists, e.g. ``line_batches()``) to
    ``ttl_path`` and/or ``nt_path``; return the count.

    ``replace`` = (placeholder, value) substitutes a term that was not known while the lines were
    made (the build run's IRI); the placeholder must sort like the value against every other line.
    ``blocks`` (sorted lists, see :func:`make_block`) go in their places among the lines.
    """
    count = 0
    with _Output(ttl_path) as ttl, _Output(nt_path) as nt:
        writer = TurtleWriter(ttl.fh, prefixes) if ttl_path else None
        old, new = replace if replace else (None, None)
        old_bytes, new_bytes = (old.encode(), new.encode()) if replace else (b"", b"")
        for are_blocks, piece in _interleave(lines, blocks):
            if are_blocks:      # their subjects' Turtle as it is
                size = sum([block[3] for block in piece])
                if writer is not None:
                    writer.close()
                    data = b"".join([block[2] for block in piece])
                    ttl.write_bytes(data.replace(old_bytes, new_bytes) if old is not None else data)
                if nt_path:
                    data = b"".join([block[1] for block in piece])
                    nt.write_bytes(data.replace(old_bytes, new_bytes) if old is not None else data)
            else:
                if old is not None:
                    piece = [line.replace(old, new) if old in line else line for line in piece]
                if writer is not None:
                    writer.feed(piece)
                if nt_path:
                    nt.write_text("".join(piece))
                size = len(piece)
            ttl.release()
            nt.release()
            count += size
            if progress is not None:
                progress.update(size)
        if writer is not None:
            writer.close()
    return count


class _Output:
    """A UTF-8 text file written once, front to back (nothing when ``path`` is None).

    Two habits of the kernel on this kind of machine make writing gigabytes slow, and this avoids
    both (``benchmarks/file_writes.py``; ``benchmarks/build_phases.py DIR [--no-release]``):

    - one ``write`` of a megabyte or more costs several times as much per byte as one of 64 KB
      (3 GB: 3.4 s of system time against 0.6 s), and a file object hands a long string over in
      one: long texts are written ``_WRITE_SIZE`` at a time;
    - pages written pile up in the page cache until the kernel throttles the writer: past every
      ``_RELEASE_BYTES`` the pages written so far are handed to the disk (``posix_fadvise``
      DONTNEED, which starts their write-back and drops those already written). Writing the graph of
      10,000 prospectuses (4 GB, two processes) took 5.1-6.1 s instead of 7.1-8.1 s.
    """

    def __init__(self, path: Path | None) -> None:
        self.fh = open(path, "w", encoding="utf-8", newline="\n") if path else None
        self._marks = (0, 0)   # where the two last releases ended

    def __enter__(self) -> "_Output":
        return self

    def __exit__(self, *exc) -> None:
        if self.fh is not None:
            self.fh.close()

    def write_text(self, text: str) -> None:
        if len(text) <= _WRITE_SIZE:
            self.fh.write(text)
            return
        for start in range(0, len(text), _WRITE_SIZE):
            self.fh.write(text[start:start + _WRITE_SIZE])

    def write_bytes(self, data: bytes) -> None:
        """UTF-8 ``data`` after what the file holds."""
        self.fh.flush()
        view = memoryview(data)
        for start in range(0, len(data), _WRITE_SIZE):
            self.fh.buffer.write(view[start:start + _WRITE_SIZE])

    def release(self) -> None:
        if self.fh is None or _FADVISE is None:
            return
        previous, last = self._marks
        end = self.fh.buffer.tell()
        if end - last >= _RELEASE_BYTES:
            self.fh.flush()
            # from the release before last: its pages have been written back by now, and go too
            os.posix_fadvise(self.fh.fileno(), previous, end - previous, _FADVISE)
            self._marks = (last, end)


_WRITE_SIZE = 65536
_RELEASE_BYTES = 64 * 1024 * 1024
_FADVISE = getattr(os, "POSIX_FADV_DONTNEED", None)   # Linux; not on macOS or Windows


def _interleave(lines: Iterable[list[str]], blocks: Iterable[list[Block]]) -> Iterator[tuple[bool, list]]:
    """(False, consecutive lines) and (True, consecutive blocks), in the order of their N-Triples. A
    block sorts by its N-Triples text: it shares no subject with the lines, so its first line decides,
    and in the same way as that line would. Python works per change from lines to blocks, not per item."""
    lines, blocks = iter(lines), iter(blocks)
    line_list, block_list = _next_nonempty(lines), _next_nonempty(blocks)
    i = j = 0
    while line_list is not None and block_list is not None:
        if line_list[i] < block_list[j][0]:
            cut = bisect_left(line_list, block_list[j][0], i)
            yield False, line_list[i:cut]
            i = cut
        else:
            cut = bisect_left(block_list, line_list[i], j, key=_FIRST)
            yield True, block_list[j:cut]
            j = cut
        if i == len(line_list):
            line_list, i = _next_nonempty(lines), 0
        if j == len(block_list):
            block_list, j = _next_nonempty(blocks), 0
    if line_list is not None:
        yield False, line_list[i:]
        for line_list in lines:
            yield False, line_list
    if block_list is not None:
        yield True, block_list[j:]
        for block_list in blocks:
            yield True, block_list
