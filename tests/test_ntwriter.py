"""The streaming N-Triples/Turtle writer (graph/build/ntwriter.py) keeps every literal exactly, including
text that looks like N-Triples syntax, quotes, backslashes, newlines and Unicode line separators."""

from __future__ import annotations

import io

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from prospectus_kg.graph.build.ntwriter import TurtleWriter, nt_line
from prospectus_kg.ontology.namespace import PREFIXES

S = URIRef("https://w3id.org/prospectus-kg/id/org/x")
P = URIRef("https://w3id.org/prospectus-kg/ontology#name")
TRICKY = [
    'a"^^<http://www.w3.org/2001/XMLSchema#date>',
    'x"^^<https://w3id.org/prospectus-kg/ontology#name>"',
    'back\\slash "q" \n new\tline \u2028 \r',
    "'}) DETACH DELETE n //",
    "<script>alert(1)</script> & <img src=x>",
]


def _turtle(terms) -> Graph:
    buf = io.StringIO()
    writer = TurtleWriter(buf, PREFIXES)
    for line in sorted({nt_line(S, P, t) for t in terms}):
        writer.add(line)
    writer.close()
    return Graph().parse(data=buf.getvalue(), format="turtle")


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_literal_round_trips(text):
    assert set(_turtle([Literal(text)]).objects(S, P)) == {Literal(text)}


def test_typed_and_tagged_literals_keep_their_type():
    terms = [Literal("2020-01-01", datatype=XSD.date), Literal("0.88", datatype=XSD.decimal),
             Literal("Block trade", lang="en"), Literal(TRICKY[0])]
    assert set(_turtle(terms).objects(S, P)) == set(terms)


# --- merging spilled runs ---------------------------------------------------------------------------

def _random_streams(rng, count: int, universe: list) -> list[list[list]]:
    """``count`` streams, each a sorted sample of ``universe`` cut into lists of random lengths
    (some empty), so that repeats fall within a stream's list, across its lists and across streams."""
    streams = []
    for _ in range(count):
        items = sorted(rng.choices(universe, k=rng.randrange(0, 60)))
        lists, start = [], 0
        while start < len(items):
            end = start + rng.randrange(0, 9)
            lists.append(items[start:end])
            start = end
        streams.append(lists)
    return streams


@pytest.mark.parametrize("seed", range(40))
def test_merge_batches_is_the_sorted_union(seed):
    import random
    from prospectus_kg.graph.build.ntwriter import merge_batches
    rng = random.Random(seed)
    universe = [f"<s{rng.randrange(50):02d}> <p> \"{rng.choice('aé€𝄞')}\" .\n" for _ in range(80)]
    if seed % 2:   # blocks: tuples compared by their N-Triples text first
        universe = [(line, line.encode(), line.upper().encode(), 1) for line in universe]
    streams = _random_streams(rng, rng.randrange(1, 30), universe)   # past 8: merged as a tree
    merged = list(merge_batches([iter(lists) for lists in streams]))
    flat = [item for batch in merged for item in batch]
    assert flat == sorted({item for lists in streams for batch in lists for item in batch})
    assert all(merged), "no empty list is yielded"


def test_merge_batches_of_nothing():
    from prospectus_kg.graph.build.ntwriter import merge_batches
    assert list(merge_batches([])) == []
    assert list(merge_batches([iter([[], []]), iter([])])) == []


def test_blocks_go_between_the_lines_where_their_first_line_sorts(tmp_path):
    """write_graph puts each block among the lines by its first line, whatever the lists' cuts."""
    from prospectus_kg.graph.build.ntwriter import TURTLE_PREFIXES, turtle_blocks, write_graph
    base = "https://w3id.org/prospectus-kg/id/"
    lines = sorted(f"<{base}{kind}/{n:03d}> <{base}p{k}> \"{n}\" .\n"
                   for kind in ("assertion", "doc", "org") for n in range(60) for k in range(2))
    # subjects whose number has a 1 in it are blocks (runs of one to ten), the others lines
    chosen = [line for line in lines if "1" in line.split(" ")[0]]
    rest = [line for line in lines if line not in chosen]
    left, blocks = turtle_blocks(chosen, f"<{base}", len(f"<{base}assertion/000"), TURTLE_PREFIXES)
    assert len(blocks) == 3 * 15 and not left
    whole = tmp_path / "whole.nt"
    write_graph([lines], None, whole, TURTLE_PREFIXES)
    for size in (1, 2, 7, 1000):
        cut = tmp_path / f"cut{size}.nt"
        count = write_graph([rest[i:i + size] for i in range(0, len(rest), size)], None, cut, TURTLE_PREFIXES,
                            blocks=[blocks[i:i + size] for i in range(0, len(blocks), size)])
        assert count == len(lines)
        assert cut.read_bytes() == whole.read_bytes()


def test_spilled_blocks_come_whole_or_as_one_part(tmp_path):
    """A spilled run keeps a block's N-Triples and Turtle apart; each part, and both, read back right."""
    from prospectus_kg.graph.build.ntwriter import SortedLines, make_block
    blocks = [make_block([f"<s{n:03d}> <p> \"é{n}\" .\n"], f"<s{n:03d}> <p> \"é{n}\" .\n\n") for n in range(200)]
    expected = sorted(set(blocks))
    for part, keep in (("both", lambda b: b), ("nt", lambda b: (b[0], b[1], b"", b[3])),
                       ("ttl", lambda b: (b[0], b"", b[2], b[3]))):
        sink = SortedLines(tmp_path / part, budget=2000)
        for start in range(0, 200, 7):
            sink.add_blocks(blocks[start:start + 7] + blocks[start // 2:start // 2 + 3])   # with repeats
        assert sink.spilled_runs > 5
        got = [block for batch in sink.block_batches(part) for block in batch]
        assert got == [keep(b) for b in expected]
        assert not list((tmp_path / part).glob("run-*"))


def test_output_hands_written_pages_to_the_disk_without_changing_them(tmp_path, monkeypatch):
    """graph files past _RELEASE_BYTES are released as they grow; the bytes are what was written."""
    import prospectus_kg.graph.build.ntwriter as ntwriter
    calls = []
    monkeypatch.setattr(ntwriter, "_RELEASE_BYTES", 1000)
    monkeypatch.setattr(ntwriter, "_WRITE_SIZE", 300)
    if ntwriter._FADVISE is not None:
        real = ntwriter.os.posix_fadvise
        monkeypatch.setattr(ntwriter.os, "posix_fadvise", lambda *a: calls.append(a[1:3]) or real(*a))
    expected = []
    with ntwriter._Output(tmp_path / "out.txt") as out:
        for n in range(400):
            text = f"line {n} ünïcode — {'x' * (n % 50)}\n"
            if n % 3:
                out.write_bytes(text.encode())
            else:
                text *= 40          # longer than a write: written in slices
                out.write_text(text)
            expected.append(text)
            out.release()
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "".join(expected)
    if ntwriter._FADVISE is not None:
        assert len(calls) > 10 and calls[0][0] == 0
        assert all(b[0] <= a[0] + a[1] for a, b in zip(calls, calls[1:])), "every byte is released"
