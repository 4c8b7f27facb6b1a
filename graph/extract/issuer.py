"""The issuer: legal name, aliases, organisation year, state, address, telephone, business.

Regulation S-K Item 503 (prospectus summary: "the address and telephone number of its principal
executive offices"); the cover page (Item 501) names the registrant. The name comes, in order of
preference, from a defining sentence ("All references to "Capstone," "we" or "us" are to Capstone
Turbine Corporation"; "Vigil Neuroscience, Inc. ("Vigil," "we" ...)"), the EDGAR header's conformed
name, or the first line of the cover; an all-capitals spelling is replaced by a mixed-case one found
elsewhere in the text.
"""

from __future__ import annotations

import datetime as dt
import re

from prospectus_kg.graph.models import ISSUER, PROSPECTUS, Section
from prospectus_kg.graph.names import find_organizations, normalise
from prospectus_kg.graph.textutil import YEAR, find_date, sentences, year

HANDLES = ("cover", "company", "summary", "about")

_Q = r"[\"']"
_DEFINITION_TO = re.compile(
    rf"(?:references?\s+(?:in\s+this\s+prospectus\s+)?to|the\s+terms?|the\s+words?)\s+"
    rf"(?P<aliases>(?:{_Q}[^\"'\n]{{1,40}}{_Q}\s*(?:,|or|and|,\s*or|,\s*and)?\s*){{1,8}})"
    rf"[^.\n]{{0,80}}?\b(?:are|is|refer|refers|mean|means)\s+(?:references\s+)?to\s+")
_DEFINITION_PAREN = re.compile(
    rf"\s*\((?:together\s+with\s+its\s+(?:consolidated\s+)?subsidiaries,?\s*)?(?:the\s+)?{_Q}"
    rf"(?P<aliases>[^)\n]{{1,120}})\)")
_ALIAS = re.compile(rf"{_Q}\s*([^\"'\n,]{{1,40}}?)\s*,?\s*{_Q}")
_FOUNDED = re.compile(r"\b(?:we|the\s+company)\s+(?:was|were)\s+(?:originally\s+)?"
                      r"(?:organized|incorporated|formed|founded)\b", re.I)
_US_STATES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
              "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
              "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
              "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
              "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
              "West Virginia|Wisconsin|Wyoming|British Columbia|Ontario|Cayman Islands|British Virgin Islands|"
              "Bermuda|Switzerland|Israel|Ireland|England and Wales|the Netherlands|Luxembourg|Jersey")
_STATE = re.compile(rf"\b(?:an?\s+(?P<a>{_US_STATES})\s+(?:corporation|limited liability company|company)|"
                    rf"(?:incorporated|organized|formed)\s+(?:in|under\s+the\s+laws\s+of)\s+(?:the\s+)?"
                    rf"(?:State\s+of\s+)?(?P<b>{_US_STATES})\b)")
_ADDRESS = re.compile(r"\bprincipal\s+(?:executive\s+)?offices?\s+(?:is|are)\s+(?:located\s+)?at\s+"
                      r"(?P<a>[^\n]{5,160}?(?:\b\d{5}(?:-\d{4})?\b|(?=,?\s+and\s+(?:our|the)\s+telephone)|(?=\.\s)))")
_PHONE = re.compile(r"\btelephone\s+number\b[^.\n]{0,80}?\bis\s+(?P<p>\+?\(?\d[\d\s().\-]{6,20}\d)")
_BUSINESS = re.compile(r"(?:We|The\s+Company)\s+(?:is|are)\s+an?\s+|We\s+(?:develop|design|manufacture|"
                       r"market|provide|offer|operate|sell|make|produce|engage|focus)\w*\b")


def extract(ctx, section: Section) -> None:
    text, folded = ctx.doc.text, ctx.folded
    s, e = section.body_start if section.kind != "cover" else section.start, section.end
    if section.kind == "cover":
        _cover_name(ctx, section)
        return
    for m in _DEFINITION_TO.finditer(folded, s, e):
        orgs = find_organizations(text, m.end(), min(e, m.end() + 120), folded=folded)
        if orgs and orgs[0].start == m.end():
            _set_issuer(ctx, orgs[0].name, orgs[0].start, orgs[0].end, m.start(), orgs[0].end, m.group("aliases"))
    for org in find_organizations(text, s, e, folded=folded):
        m = _DEFINITION_PAREN.match(folded, org.end, e)
        if m and re.search(r"\b(?:we|us|our|the company)\b", m.group("aliases"), re.I):
            _set_issuer(ctx, org.name, org.start, org.end, org.start, m.end(), m.group("aliases"))
    if not ctx.issuer_name:
        return
    for m in _FOUNDED.finditer(folded, s, e):
        sent_end = folded.find(".", m.end(), e)
        sent_end = e if sent_end < 0 else sent_end
        date = find_date(folded, m.end(), sent_end)
        found = YEAR.search(folded, m.end(), sent_end) if not date else None
        if date:
            ctx.add(ISSUER, "foundedYear", year(str(date[0].year)), m.start(), date[2])
        elif found:
            ctx.add(ISSUER, "foundedYear", year(found.group()), m.start(), found.end())
        break
    for m in _STATE.finditer(folded, s, e):
        ctx.add(ISSUER, "stateOfIncorporation", m.group("a") or m.group("b"), m.start(), m.end())
        break
    for m in _ADDRESS.finditer(folded, s, e):
        ctx.add(ISSUER, "address", text[m.start("a"):m.end("a")].strip(" ,"), m.start("a"), m.end("a"))
        break
    for m in _PHONE.finditer(folded, s, e):
        ctx.add(ISSUER, "telephone", m.group("p").strip(), m.start("p"), m.end("p"))
        break
    if section.kind == "company":
        for ss, se in sentences(folded, s, e):
            if _BUSINESS.match(folded, ss) and not _FOUNDED.match(folded, ss):
                ctx.add(ISSUER, "businessDescription", " ".join(text[ss:se].split()), ss, se)
                break


def _set_issuer(ctx, name: str, ns: int, ne: int, ds: int, de: int, aliases: str) -> None:
    if ctx.issuer_name and normalise(ctx.issuer_name) != normalise(name):
        return   # a later definition of another company (a subsidiary, a merger partner)
    ctx.issuer_name = ctx.issuer_name or name
    ctx.add(ISSUER, "name", name, ns, ne)
    for alias in _ALIAS.findall(aliases):
        alias = alias.strip()
        if alias and normalise(alias) != normalise(name):
            ctx.issuer_aliases.add(alias)
            ctx.add(ISSUER, "alias", alias, ds, de)


def _cover_name(ctx, section: Section) -> None:
    """The registrant's name printed on the cover's first line (often in capitals)."""
    text = ctx.doc.text
    first = re.search(r"\S[^\n]*", text[section.start:section.end])
    if not first:
        return
    ls, le = section.start + first.start(), section.start + first.end()
    line = first.group().strip()
    if not re.search(r"(?i)\b(inc\.?|incorporated|corporation|corp\.?|company|ltd\.?|limited|plc|"
                     r"s\.a\.|sa|ag|n\.v\.|llc|l\.p\.|lp|holdings|trust)$", line) or len(line) > 90:
        return
    ctx.cover_name = (line, ls, le)


def finish(ctx) -> None:
    """Fall back to the header's or the cover's name; record the cover mention and header facts."""
    header = ctx.doc.header
    cover = ctx.cover_name
    if not ctx.issuer_name:
        candidates = []
        if "company_name" in header:
            value, span = header["company_name"]
            candidates.append((value, span.start, span.end))
        if cover:
            candidates.append(cover)
        for raw, s, e in candidates:
            name = _mixed_case(ctx, raw)
            ctx.issuer_name = name
            ctx.add(ISSUER, "name", name if text_equal(ctx.doc.text[s:e], name) else ctx.doc.text[s:e].strip(), s, e)
            break
    if not ctx.issuer_name:
        return
    if cover and normalise(cover[0]) == normalise(ctx.issuer_name):
        ctx.add(ISSUER, "name", cover[0], cover[1], cover[2])
    for key, subject, predicate in HEADER_FACTS:
        if key in header:
            value, span = header[key]
            if predicate == "filingDate":
                value = dt.date.fromisoformat(value)
            ctx.add(subject, predicate, value, span.start, span.end)
    if "company_name" in header:
        ctx.add(PROSPECTUS, "filedBy", ISSUER, header["company_name"][1].start, header["company_name"][1].end)


#: EDGAR SGML header key -> (subject, property).
HEADER_FACTS = (("cik", ISSUER, "cik"), ("state_of_incorporation", ISSUER, "stateOfIncorporation"),
                ("business_address", ISSUER, "address"), ("sic", ISSUER, "sicCode"),
                ("fiscal_year_end", ISSUER, "fiscalYearEnd"), ("accession_number", PROSPECTUS, "accessionNumber"),
                ("form_type", PROSPECTUS, "formType"), ("filing_date", PROSPECTUS, "filingDate"))


def text_equal(a: str, b: str) -> bool:
    return " ".join(a.split()) == b


def _mixed_case(ctx, name: str) -> str:
    """A mixed-case spelling of an all-capitals name, found in the text; else the name as given."""
    if not name.isupper():
        return name
    key = normalise(name)
    for org in find_organizations(ctx.doc.text, folded=ctx.folded):
        if normalise(org.name) == key and not org.name.isupper():
            return org.name
    return name
