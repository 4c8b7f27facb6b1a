"""Filings incorporated by reference outside the list (Form S-3 Item 12 names them in the list; the text
often points to one again): "The consolidated financial statements incorporated in this prospectus by
reference to our Annual Report on Form 10-K for the year ended December 31, 2024 ...", "our Quarterly
Report on Form 10-Q ..., which is incorporated herein by reference". Run after every other extractor, so
that a filing already listed (or named by the experts) keeps the evidence and section it had; a
filing the list did not name becomes an incorporated filing of the part it is named in. Only the
filing itself counts as incorporated (not "... Form 40-F, and the other documents incorporated by
reference herein", not "incorporated by reference to Exhibit 3.1"), only reports with a period or a
date (never a registration statement), and never in a sentence that says "not incorporated".
"""

from __future__ import annotations

import re

from prospectus_kg.graph.extract.filings import filings_in, form_of
from prospectus_kg.graph.extract.incorporation import _NOT_INCORPORATED
from prospectus_kg.graph.ingest.textutil import keyword_positions, sentences

HANDLES = ()
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ()
#: "... Form 10-K for the year ended ..., which is incorporated herein by reference"; "incorporated in
#: this prospectus by reference to our Annual Report on Form 10-K ..."
_HERE = r"(?:herein|(?:in|into)\s+this\s+prospectus(?:\s+supplement)?)"
_INCORPORATED_ANYWHERE = re.compile(rf"incorporated\s+(?:{_HERE}\s+by\s+reference|by\s+reference\s+{_HERE})"
                                    r"(?!\s+to\s+(?:the\s+)?exhibit)", re.I)
_IT_IS_INCORPORATED = re.compile(rf"[^;]{{0,150}}?,\s*(?:which|each\s+of\s+which)\s+(?:is|are|has\s+been|have\s+been)\s+"
                                 rf"(?:hereby\s+)?(?:specifically\s+)?incorporated\s+(?:{_HERE}\s+by\s+reference|by\s+reference\s+{_HERE})",
                                 re.I)
_BY_REFERENCE_TO = re.compile(rf"incorporated\s+(?:{_HERE}\s+by\s+reference|by\s+reference\s+{_HERE})\s+(?:to|from)\s+"
                              r"[^;.]{0,120}$", re.I)
_REPORT_FORMS = ("10-K", "10-Q", "20-F", "40-F", "8-K", "6-K", "DEF 14A", "DEFA14A", "8-A", "10-KSB", "10-QSB", "11-K")


def extract(ctx, section) -> None:
    pass


def finish(ctx) -> None:
    folded, lower = ctx.folded, ctx.lower
    listed = ctx.scratch.setdefault("incorporation_spans", [])
    # the literal "incorporated" is found at C speed; the phrase is tested only there
    hits = [p for p in keyword_positions(lower, ("incorporated",)) if _INCORPORATED_ANYWHERE.match(folded, p)
            and not any(ls <= p < le for ls, le in listed)]
    done = set()
    for hit in hits:
        line_start = folded.rfind("\n", 0, hit) + 1
        line_end = folded.find("\n", hit)
        line_end = len(folded) if line_end < 0 else line_end
        if line_end - line_start < 200:     # a fixed-width paragraph: widen to the blank lines around it
            para = folded.rfind("\n\n", 0, hit)
            line_start = para + 2 if para >= 0 else 0
            para = folded.find("\n\n", hit)
            line_end = para if para >= 0 else len(folded)
        if not form_of(folded, line_start, line_end):
            continue
        sentence = next(((s, e) for s, e in sentences(folded, line_start, line_end) if s <= hit < e), None)
        if sentence is None or sentence in done:
            continue
        done.add(sentence)
        ss, se = sentence
        if _NOT_INCORPORATED.search(folded, ss, se) or not form_of(folded, ss, se):
            continue
        part = ctx.prospectus_at(ss)
        already = {f.obj for f in ctx.facts if f.predicate == "incorporatesByReference" and f.subject == part}
        # a trial: the facts of filings that turn out not incorporated (or already listed) are taken back
        n, seen = len(ctx.facts), set(ctx._seen)
        keep = set()
        for ref, fs, fe in filings_in(ctx, ss, se):
            if ref.key.split("|")[0].split("/")[0] in _REPORT_FORMS and ref not in already and (
                    _BY_REFERENCE_TO.search(folded, max(ss, fs - 200), fs) or _IT_IS_INCORPORATED.match(folded, fe, se)):
                keep.add(ref)
        kept = [f for f in ctx.facts[n:] if f.subject in keep]
        ctx.facts[n:] = kept
        ctx._seen = seen | {(f.subject, f.predicate, f.obj, f.span.start, f.span.end) for f in kept}
        for ref in sorted(keep, key=lambda r: r.key):
            ctx.add(part, "incorporatesByReference", ref, ss, se)
