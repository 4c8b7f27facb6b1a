"""Naming other SEC filings: "Annual Report on Form 10-K for the fiscal year ended December 31, 2001".

Shared by the extractors for incorporation by reference (Form S-3 Item 12), risk factors and experts.
A filing is identified by form, issuer, and the period it covers (10-K, 10-Q), the meeting it is for
(proxy statements), or its date (8-K and others); the resolver turns that key into one IRI.

A stretch of text (one list item) is cut at each form it names ("Form 10-K ..., as amended by Form
10-K/A, filed ...": two filings); the dates after a form belong to it. Among those, a date after
"filed" (or "furnished") is a filing date, a date after "ended" a period: "quarters ended March 31,
2024, filed with the SEC on May 15, 2024, June 30, 2024, filed ... on August 15, 2024" pairs each
period with its own filing date, "quarters ended March 31, June 30 and September 30, 2025 that we
filed with the SEC on May 12, August 5 and November 13, 2025, respectively" pairs them in order.
"filed on April 4, 2024, as amended on June 17, 2024, May 22, 2024": the date after "as amended on"
is an amendment of the filing before it (an 8-K/A), the dates after it other filings of the form.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import ISSUER, EntityRef
from prospectus_kg.graph.ingest.textutil import find_dates

# A leading (?=[...]) names the letters a match starts with: the scan then skips other positions quickly.
FORM = re.compile(r"(?=[FSfs])\b(?:[Ff]orm|FORM|Schedule|SCHEDULE)\s+(?P<form>10-K(?:SB|405|T)?(?:/A)?|10-Q(?:SB)?(?:/A)?|8-K(?:/A)?|"
                  r"8-A(?:12[BG])?(?:/A)?|20-F(?:/A)?|40-F(?:/A)?|6-K(?:/A)?|S-[1348](?:/A)?|F-[1-4](?:/A)?|"
                  r"11-K|14A|DEF\s?14A|14C|DEF\s?14C)\b")
PROXY = re.compile(r"(?=[dp])\b(?:definitive\s+)?proxy\s+statements?\b", re.I)
_PERIOD = re.compile(r"\b(?:ended|ending)\s+", re.I)
_FILED = re.compile(r"\b(?:filed|furnished)\b", re.I)
_DATED = re.compile(r"\bdated\s+(?:as\s+of\s+)?$", re.I)
_AMENDED = re.compile(r"\bas\s+amended\s+(?:on|by)\s+(?:a\s+)?(?:Form\s+\S+\s*,?\s*(?:filed\s+)?(?:with\s+the\s+\w+\s+)?"
                      r"(?:on|of)?\s*)?$", re.I)
_MEETING = re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+annual\s+meeting\b", re.I)
PERIODIC = ("10-K", "10-Q", "20-F", "40-F", "10-KSB", "10-QSB", "10-K405", "10-KT")


def _canon(form: str) -> str:
    form = " ".join(form.split())
    if form in ("14A", "DEF 14A", "DEF14A"):
        return "DEF 14A"
    if form in ("14C", "DEF 14C", "DEF14C"):
        return "DEF 14C"
    return re.sub(r"^8-A12[BG]", "8-A", form)


def form_mentions(folded: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(form, start, end) of every form named in ``folded[start:end]``; a proxy statement is a DEF 14A."""
    out = [(_canon(m.group("form")), m.start(), m.end()) for m in FORM.finditer(folded, start, end)]
    for p in PROXY.finditer(folded, start, end):
        if not any(f == "DEF 14A" and 0 <= fs - p.end() <= 30 for f, fs, _fe in out):
            out.append(("DEF 14A", p.start(), p.end()))
    return sorted(out, key=lambda x: x[1])


def form_of(folded: str, start: int, end: int) -> tuple[str, int, int] | None:
    found = form_mentions(folded, start, end)
    return found[0] if found else None


_REPORT_TITLE = re.compile(r"(?=[AQC])\b(?P<t>Annual|Quarterly|Current)\s+Reports?\b(?!\s+(?:on|of)\s+(?:Form|Schedule)\b)")


def _report_titles(ctx, start: int, end: int, forms: list) -> list[tuple[str, int, int]]:
    """ "Exhibit 4.3 to the Annual Report filed with the Commission on March 8, 2022": a report named by its
    capitalised title alone is the issuer's 10-K (10-Q, 8-K) when the document names those forms and no
    foreign annual report form (20-F, 40-F)."""
    if "Report" not in ctx.folded[start:end]:
        return []
    kinds = ctx.scratch.get("report_titles")
    if kinds is None:
        lower = ctx.lower
        domestic = lower.find("form 10-k") >= 0 and lower.find("form 20-f") < 0 and lower.find("form 40-f") < 0
        kinds = ctx.scratch["report_titles"] = {"Annual": "10-K", "Quarterly": "10-Q", "Current": "8-K"} if domestic else {}
    out = []
    for m in _REPORT_TITLE.finditer(ctx.folded, start, end) if kinds else ():
        if not any(m.start() <= fs <= m.end() + 12 for _f, fs, _fe in forms):
            out.append((kinds[m.group("t")], m.start(), m.end()))
    return out


def filing_ref(form: str, qualifier: str) -> EntityRef:
    return EntityRef("Filing", f"{form}|{qualifier}")


def filings_in(ctx, start: int, end: int) -> list[tuple[EntityRef, int, int]]:
    """Every filing named in ``text[start:end]``, with its facts recorded; (ref, span start, span end)."""
    folded = ctx.folded
    forms = form_mentions(folded, start, end)
    titled = _report_titles(ctx, start, end, forms)
    if titled:
        forms = sorted(forms + titled, key=lambda x: x[1])
    if not forms:
        return []
    # a proxy statement "on Schedule 14A": one mention
    merged: list[tuple[str, int, int]] = []
    for f in forms:
        if merged and merged[-1][0] == f[0] and f[1] - merged[-1][2] <= 30:
            merged[-1] = (f[0], merged[-1][1], f[2])
            continue
        merged.append(f)
    merged = _listed(folded, start, merged)
    refs: list[tuple[EntityRef, int, int]] = []
    previous_period = None
    for i, (form, fs, fe) in enumerate(merged):
        seg_end = merged[i + 1][1] if i + 1 < len(merged) else end
        found, previous_period = _segment(ctx, form, fs, fe, seg_end, previous_period)
        refs.extend(found)
    return refs


_INTO = re.compile(r"\bincorporated\s+(?:herein\s+)?(?:by\s+reference\s+)?(?:in|into)\s+(?:our|the|its|such)\b[^;:]{0,40}$", re.I)
_SUPPLEMENT_TO = re.compile(r"\b(?:supplement\s+to\s+(?:the\s+|our\s+|its\s+)?|additional\s+)(?:definitive\s+)?"
                            r"(?:proxy\s+(?:statement|materials|soliciting\s+materials)\s+(?:on\s+)?)?$", re.I)


def _listed(folded: str, start: int, mentions: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The mentions that name a filing of the item, not a filing it only points into.

    "the portions of our Definitive Proxy Statement on Schedule 14A that are incorporated by reference
    into our Annual Report on Form 10-K, filed ... on April 22, 2022": the 10-K is where the portions
    went (its mention is dropped; the date after it stays with the proxy statement). "our Annual
    Report on Form 10-K ... (including the information incorporated by reference into our Annual Report
    on Form 10-K from our Definitive Proxy Statement on Schedule 14A filed on April 17, 2023)": the
    second 10-K mention is dropped, the proxy statement it draws from is incorporated too. A proxy
    statement named after "supplement to the" is the supplement (form DEFA14A)."""
    out: list[tuple[str, int, int]] = []
    prev_end = start
    for form, fs, fe in mentions:
        between = folded[prev_end:fs]
        prev_end = fe
        if _INTO.search(between):
            continue
        if form == "DEF 14A" and _SUPPLEMENT_TO.search(folded, max(start, fs - 80), fs):
            form = "DEFA14A"
        out.append((form, fs, fe))
    return out


def _segment(ctx, form: str, fs: int, fe: int, end: int, inherited_period):
    folded = ctx.folded
    dates = find_dates(folded, fe, end)
    kinds: list[str] = []     # "period", "filed", "dated", "amended" per date
    prev_end = fe
    period_on = False
    filed_marks = 0
    for _value, ds, _de in dates:
        between = folded[prev_end:ds]
        if _FILED.search(between):
            filed_marks += 1
        prev_end = _de
    prev_end = fe
    mode = None
    for _value, ds, de in dates:
        between = folded[prev_end:ds]
        if _AMENDED.search(between):
            kind = "amended"
        elif _FILED.search(between):
            kind = "filed"
        elif _DATED.search(between):
            kind = "dated"
        elif _PERIOD.search(between):
            kind = "period"
            period_on = True
        elif mode == "amended":
            kind = "filed"        # "as amended on June 17, 2024, May 22, 2024": more filings of the form
        elif mode == "filed" and filed_marks >= 2 and period_on:
            kind = "period"       # interleaved: "March 31, 2024, filed ... May 15, 2024, June 30, 2024, filed ..."
        elif mode is not None:
            kind = mode
        else:
            kind = "filed"
        kinds.append(kind)
        mode = kind
        prev_end = de
    refs: list[tuple[EntityRef, int, int]] = []
    periodic = form.split("/")[0] in PERIODIC
    if form == "DEF 14A" and _MEETING.search(folded, fs, end) and not dates:
        m = _MEETING.search(folded, fs, end)
        ref = filing_ref(form, f"meeting-{m.group('year')}")
        _filing_facts(ctx, ref, form, fs, fe)
        label = " ".join(ctx.doc.text[fs:m.end()].split())
        if folded[m.end():m.end() + 16].lower().startswith(" of stockholders"):
            label += " of Stockholders"
        ctx.add(ref, "label", label, fs, m.end())
        return [(ref, fs, m.end())], inherited_period
    periods = [(d, ds, de) for (d, ds, de), k in zip(dates, kinds) if k == "period"]
    filed = [(d, ds, de) for (d, ds, de), k in zip(dates, kinds) if k == "filed"]
    # an amendment with a date of its own ("Form 10-K/A filed on May 1, 2023") is a filing of the period
    # before it; one named without a date ("as amended by Form 10-K/A") is no filing we can identify
    if periodic and not periods and inherited_period and form.endswith("/A") and filed:
        periods = [inherited_period]
    if periodic and periods:
        for i, (value, ds, de) in enumerate(periods):
            qualifier = f"period-{value.isoformat()}"
            pair = filed[i] if len(filed) == len(periods) else (filed[0] if len(filed) == 1 and len(periods) == 1
                                                                 else None)
            if form.endswith("/A") and pair:
                qualifier += f"-filed-{pair[0].isoformat()}"
            ref = filing_ref(form, qualifier)
            _filing_facts(ctx, ref, form, fs, fe)
            ctx.add(ref, "periodEnd", value, ds, de)
            if pair:
                ctx.add(ref, "filingDate", pair[0], pair[1], pair[2])
            refs.append((ref, min(fs, ds), max(de, pair[2] if pair else de)))
        # "for the year ended December 31, 2022, as filed ... on April 17, 2023, as amended on May 1,
        # 2023": the amendment is a filing of its own (a 10-K/A of the same period)
        amended = [(d, ds, de) for (d, ds, de), k in zip(dates, kinds) if k == "amended"]
        if len(periods) == 1 and not form.endswith("/A"):
            for value, ds, de in amended:
                ref = filing_ref(f"{form}/A", f"period-{periods[0][0].isoformat()}-filed-{value.isoformat()}")
                _filing_facts(ctx, ref, f"{form}/A", fs, fe)
                ctx.add(ref, "periodEnd", periods[0][0], periods[0][1], periods[0][2])
                ctx.add(ref, "filingDate", value, ds, de)
                refs.append((ref, min(fs, ds), de))
        last_period = periods[-1] if not form.endswith("/A") else inherited_period
        return refs, last_period
    for (value, ds, de), kind in zip(dates, kinds):
        if kind == "period":
            continue
        this_form = form if kind != "amended" or form.endswith("/A") else f"{form}/A"
        predicate = "date" if kind == "dated" else "filingDate"
        ref = filing_ref(this_form, f"{'dated' if kind == 'dated' else 'filed'}-{value.isoformat()}")
        _filing_facts(ctx, ref, this_form, fs, fe)
        ctx.add(ref, predicate, value, ds, de)
        refs.append((ref, min(fs, ds), de))
    return refs, inherited_period


def _filing_facts(ctx, ref: EntityRef, form: str, fs: int, fe: int) -> None:
    ctx.add(ref, "formType", form, fs, fe)
    ctx.add(ref, "filedBy", ISSUER, fs, fe)


def unify(facts: list) -> list:
    """One Filing per real filing within a document: a periodic report named by its filing date alone
    ("our Annual Report on Form 10-K filed on March 3, 2025") is the one named elsewhere in the text by
    its period and that filing date ("... for the year ended December 31, 2024, filed ... on March 3,
    2025"), when exactly one such report is named; its facts move to that node (every mention stays
    provenance). Returns the facts with the references replaced (duplicates dropped)."""
    from prospectus_kg.graph.models import Fact
    by_filed: dict[tuple[str, object], set] = {}
    for f in facts:
        if f.predicate == "filingDate" and isinstance(f.subject, EntityRef) and f.subject.kind == "Filing":
            form, _, qualifier = f.subject.key.partition("|")
            if qualifier.startswith("period-") and form.split("/")[0] in PERIODIC:
                by_filed.setdefault((form, f.obj), set()).add(f.subject)
    moved: dict[EntityRef, EntityRef] = {}
    # "the definitive proxy statement for the 2024 annual meeting" is the one DEF 14A the document names
    # as filed in 2024 (one annual meeting proxy a year), when it names exactly one
    proxies_filed: dict[str, set] = {}
    for f in facts:
        if isinstance(f.subject, EntityRef) and f.subject.key.startswith("DEF 14A|filed-"):
            proxies_filed.setdefault(f.subject.key[len("DEF 14A|filed-"):][:4], set()).add(f.subject)
    for f in facts:
        if isinstance(f.subject, EntityRef) and f.subject.key.startswith("DEF 14A|meeting-"):
            targets = proxies_filed.get(f.subject.key[len("DEF 14A|meeting-"):], set())
            if len(targets) == 1:
                moved[f.subject] = next(iter(targets))
    for f in facts:
        ref = f.subject
        if f.predicate == "filingDate" and isinstance(ref, EntityRef) and ref.kind == "Filing":
            form, _, qualifier = ref.key.partition("|")
            targets = by_filed.get((form, f.obj), set())
            if qualifier.startswith("filed-") and len(targets) == 1:
                moved[ref] = next(iter(targets))
    if not moved:
        return facts
    out, seen = [], set()
    for f in facts:
        s = moved.get(f.subject, f.subject)
        o = moved.get(f.obj, f.obj) if isinstance(f.obj, EntityRef) else f.obj
        g = Fact(s, f.predicate, o, f.span, f.section) if (s, o) != (f.subject, f.obj) else f
        key = (g.subject, g.predicate, g.obj, g.span.start, g.span.end)
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out


#: Filings named by their title, without an SEC form number (a Canadian issuer's MJDS list under Form
#: F-10/F-3/40-F; National Instrument 44-101 Item 11): document kind -> pattern. The kind is recorded as
#: the filing's ``formType``.
TITLED = (
    ("Annual Information Form", r"annual\s+information\s+form"),
    ("MD&A", r"management[’'`]?s\s+discussion\s+and\s+analysis"),
    ("Information Circular", r"management\s+(?:information\s+|proxy\s+)?circular|information\s+circular"),
    ("Material Change Report", r"material\s+change\s+reports?"),
    ("Business Acquisition Report", r"business\s+acquisition\s+reports?"),
    ("Interim Financial Statements", r"(?:unaudited\s+)?(?:condensed\s+)?interim\s+(?:condensed\s+)?"
                                     r"(?:consolidated\s+)?financial\s+statements"),
    ("Annual Financial Statements", r"(?:audited\s+)?(?:annual\s+)?(?:comparative\s+)?consolidated\s+financial\s+statements"),
    ("Annual Report", r"annual\s+report"),
)
_TITLED = re.compile("|".join(f"(?P<t{i}>{p})" for i, (_k, p) in enumerate(TITLED)), re.I)
_TITLE_DATE = re.compile(r"\b(?:(?P<period>(?:fiscal\s+)?years?\s+ended|(?:three|six|nine|twelve)[\s-]+months?\s+ended|"
                         r"(?:fiscal\s+)?quarters?\s+ended|periods?\s+ended)|(?P<dated>dated)|(?P<filed>filed(?:\s+\w+){0,6}\s+on))\s+$",
                         re.I)


def titled_filings(ctx, start: int, end: int) -> list[tuple[EntityRef, int, int]]:
    """The filing an item names by its title ("TRC's management's discussion and analysis for the year
    ended December 31, 2024"; "the management information circular dated April 22, 2024"): the first
    title in the item, with the first date that a period, "dated" or "filed ... on" introduces."""
    folded = ctx.folded
    m = _TITLED.search(folded, start, end)
    if not m:
        return []
    kind = TITLED[int(m.lastgroup[1:])][0]
    for value, ds, de in find_dates(folded, m.end(), end):
        how = _TITLE_DATE.search(folded, max(m.end(), ds - 60), ds)
        if not how:
            continue
        if how.group("period"):
            ref, predicate = filing_ref(kind, f"period-{value.isoformat()}"), "periodEnd"
        elif how.group("dated"):
            ref, predicate = filing_ref(kind, f"dated-{value.isoformat()}"), "date"
        else:
            ref, predicate = filing_ref(kind, f"filed-{value.isoformat()}"), "filingDate"
        _filing_facts(ctx, ref, kind, m.start(), m.end())
        ctx.add(ref, predicate, value, ds, de)
        return [(ref, m.start(), de)]
    return []
