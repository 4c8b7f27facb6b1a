"""Naming other SEC filings: "Annual Report on Form 10-K for the fiscal year ended December 31, 2001".

Shared by the extractors for incorporation by reference (Form S-3 Item 12), risk factors and experts.
A filing is identified by form, issuer, and the period it covers (10-K, 10-Q), the meeting it is for
(proxy statements), or its date (8-K and others); the resolver turns that key into one IRI.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import ISSUER, EntityRef
from prospectus_kg.graph.textutil import find_dates

FORM = re.compile(r"\b(?:Form|Schedule)\s+(?P<form>10-K(?:SB|405)?(?:/A)?|10-Q(?:SB)?(?:/A)?|8-K(?:/A)?|"
                  r"8-A(?:12[BG])?(?:/A)?|20-F(?:/A)?|40-F|6-K|S-[1348](?:/A)?|F-[13]|14A|DEF\s?14A)\b")
PROXY = re.compile(r"\b(?:definitive\s+)?proxy\s+statements?\b", re.I)
_PERIOD = re.compile(r"\b(?:fiscal\s+)?(?:years?|quarters?|periods?|fiscal\s+quarters?)\s+ended\s+", re.I)
_FILED = re.compile(r"\bfiled\b[^.;\n]{0,40}?\bon\s+|\bfiled\s+(?:with\s+the\s+(?:SEC|Commission)\s+)?", re.I)
_DATED = re.compile(r"\b(?:dated|dated\s+as\s+of)\s+", re.I)
_MEETING = re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+annual\s+meeting\b", re.I)


def form_of(folded: str, start: int, end: int) -> tuple[str, int, int] | None:
    m = FORM.search(folded, start, end)
    if m:
        form = m.group("form").replace("DEF14A", "DEF 14A")
        return ("DEF 14A" if form in ("14A", "DEF 14A") else form), m.start(), m.end()
    p = PROXY.search(folded, start, end)
    if p:
        return "DEF 14A", p.start(), p.end()
    return None


def filing_ref(form: str, qualifier: str) -> EntityRef:
    return EntityRef("Filing", f"{form}|{qualifier}")


def filings_in(ctx, start: int, end: int) -> list[tuple[EntityRef, int, int]]:
    """Every filing named in ``text[start:end]``, with its facts recorded; (ref, span start, span end).

    One Filing per period, meeting or date: "Forms 10-Q for the quarters ended March 31, June 30 and
    September 30, 2002" names three. Filing dates pair with periods in order when the counts match.
    """
    folded = ctx.folded
    found = form_of(folded, start, end)
    if not found:
        return []
    form, fs, fe = found
    dates = find_dates(folded, start, end)
    period_m = _PERIOD.search(folded, start, end)
    filed_m = _FILED.search(folded, start, end)
    periods, filed = [], []
    for value, ds, de in dates:
        if period_m and ds >= period_m.end() and (not filed_m or ds < filed_m.start() or filed_m.start() < period_m.start()):
            periods.append((value, ds, de))
        else:
            filed.append((value, ds, de))
    refs: list[tuple[EntityRef, int, int]] = []
    if form.startswith(("10-K", "10-Q", "20-F", "40-F")) and periods:
        for i, (value, ds, de) in enumerate(periods):
            ref = filing_ref(form, f"period-{value.isoformat()}")
            _filing_facts(ctx, ref, form, fs, fe)
            ctx.add(ref, "periodEnd", value, ds, de)
            if len(filed) == len(periods) or (len(filed) == 1 and len(periods) == 1):
                ctx.add(ref, "filingDate", filed[i][0], filed[i][1], filed[i][2])
            refs.append((ref, min(fs, ds), de))
    elif form == "DEF 14A" and _MEETING.search(folded, start, end):
        m = _MEETING.search(folded, start, end)
        ref = filing_ref(form, f"meeting-{m.group('year')}")
        _filing_facts(ctx, ref, form, fs, fe)
        ctx.add(ref, "label", " ".join(ctx.doc.text[fs:m.end()].split()) + " of Stockholders"
                if folded[m.end():m.end() + 16].lower().startswith(" of stockholders") else
                " ".join(ctx.doc.text[fs:m.end()].split()), fs, m.end())
        refs.append((ref, fs, m.end()))
    elif dates:
        dated = _DATED.search(folded, start, end)
        for value, ds, de in (filed or dates):
            predicate = "date" if dated and ds >= dated.end() and not filed_m else "filingDate"
            ref = filing_ref(form, f"{'dated' if predicate == 'date' else 'filed'}-{value.isoformat()}")
            _filing_facts(ctx, ref, form, fs, fe)
            ctx.add(ref, predicate, value, ds, de)
            refs.append((ref, min(fs, ds), de))
    return refs


def _filing_facts(ctx, ref: EntityRef, form: str, fs: int, fe: int) -> None:
    ctx.add(ref, "formType", form, fs, fe)
    ctx.add(ref, "filedBy", ISSUER, fs, fe)

