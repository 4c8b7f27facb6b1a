"""The issuer: legal name, aliases, former names, organisation year, state, address, telephone, business.

Regulation S-K Item 503 (prospectus summary: "the address and telephone number of its principal
executive offices"); the cover page (Item 501, and the registration statement's facing page: "(Exact
name of registrant as specified in its charter)") names the registrant. The name comes, in order of
preference, from a defining sentence ("All references to "Capstone," "we" or "us" are to Capstone
Turbine Corporation"; ""Quorvane," "the Company," "we" ... refer to Quorvane Pharmaceuticals, Inc.";
"Belfry Pharma, Inc. and its subsidiaries are collectively referred to herein as "Belfry", ... "we"";
"Lumen Ridge Neuroscience, Inc. ("Lumen Ridge," "we" ...)"), the facing page's "(Exact name of registrant ...)"
line, the first line of the cover that is a company name, or the EDGAR header's conformed name; an
all-capitals spelling is replaced by a mixed-case one found elsewhere in the text. A base prospectus
bundled after a supplement (often in the issuer's former name) is not read for any of this.

State of incorporation, address and telephone are taken from sentences about the issuer ("We were
incorporated in the State of Delaware", "We are a Delaware corporation", "Our principal executive
offices are located at ..."); a sentence about another company ("..., a Delaware corporation
("Belfryton")") is not. EDGAR header values (CIK, state, business address, form, filing date,
accession number) are recorded with the header's spans.
"""

from __future__ import annotations

import datetime as dt
import re

from prospectus_kg.graph.models import ISSUER, OFFERING, PROSPECTUS, Section
from prospectus_kg.graph.extract.names import find_organizations, normalise
from prospectus_kg.graph.ingest.textutil import ABBREVIATIONS, YEAR, find_date, sentences, year

HANDLES = ("cover", "company", "summary", "about")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ("issuer_name", "issuer_aliases", "cover_name")

_Q = r"[\"']"
_QUOTED = rf"{_Q}[^\"'\n]{{1,40}}{_Q}"
# A run of defined terms: "Quorvane," "QRVN," "the Company," "we," "us," "our"
# (the lookahead names the characters a run starts with: the regex skips other positions ~3x faster)
_RUN = re.compile(rf"(?=[t\"'])(?:(?:the\s+)?{_QUOTED}\s*(?:,|or|and|,\s*or|,\s*and)?\s*){{2,10}}")
_RUN_THEN = re.compile(r"(?:and\s+similar\s+terms\s+|and\s+other\s+similar\s+terms\s+)?[^.\n]{0,80}?\b(?:are|is|refer|refers|"
                       r"mean|means|shall\s+mean)(?:,?\s+(?:collectively|together|jointly),?)?\s+(?:references\s+)?to\s+")
_BEFORE_RUN = re.compile(r"(?:\s+and\s+its\s+(?:consolidated\s+)?subsidiar(?:y|ies))?,?\s+(?:are|is)\s+(?:collectively\s+)?"
                         r"referred\s+to\s+(?:herein\s+|in\s+this\s+prospectus(?:\s+supplement)?\s+)?as\s+$")
_DEFINITION_PAREN = re.compile(
    rf"\s*\((?:together\s+with\s+its\s+(?:consolidated\s+)?subsidiaries,?\s*)?(?:the\s+)?"
    rf"(?P<aliases>{_Q}[^)\n]{{1,120}})\)")
_DESCRIBED = re.compile(r",\s+an?\s+[^()\"'.;:]{3,80}?\b(?:corporation|company|partnership|trust|bank|association)"
                       r"\s*,?(?=\s*\()", re.I)
_ALIAS = re.compile(rf"{_Q}\s*([^\"'\n,]{{1,40}}?)\s*,?\s*{_Q}")
_WE = re.compile(r"\b(?:we|us|our|the\s+[\"']?company)\b", re.I)
# A leading (?=[...]) names the letters a match starts with: the scan then skips other positions quickly.
_FORMER = re.compile(r"(?=[fpu])\b(?:formerly\s+(?:known\s+as\s+)?|previously\s+known\s+as\s+|"
                     r"under\s+the\s+(?:corporate\s+)?name\s+)", re.I)
_FOUNDED = re.compile(r"\b(?:we|the\s+company)\s+(?:was|were)\s+(?:originally\s+)?"
                      r"(?:organized|incorporated|formed|founded)\b", re.I)
_FOUNDED_VERB = re.compile(r"(?=w)\b(?:was|were)\s+(?:originally\s+)?(?:organized|incorporated|formed|founded)\b", re.I)
_US_STATES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
              "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
              "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
              "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
              "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
              "West Virginia|Wisconsin|Wyoming|British Columbia|Ontario|Alberta|Quebec|Cayman Islands|"
              "British Virgin Islands|Bermuda|Switzerland|Israel|Ireland|England and Wales|the Netherlands|"
              "Luxembourg|Jersey|Guernsey|Canada|Australia|Germany|France|Denmark|Sweden|Singapore|Marshall Islands")
_STATE = re.compile(rf"(?=[aiofr])\b(?:an?\s+(?P<a>{_US_STATES})\s+(?:corporation|limited liability company|company|"
                    rf"exempted company|public limited company|stock corporation|statutory trust|business trust)|"
                    rf"(?:incorporated|organized|formed|registered)(?:\s+as\s+an?\s+[a-z ]{{3,60}}?)?\s+(?:in|under\s+"
                    rf"the\s+laws\s+of)\s+(?:the\s+)?(?:State\s+of\s+|Province\s+of\s+|Commonwealth\s+of\s+)?"
                    rf"(?P<b>{_US_STATES})\b)")
_REINCORPORATED = re.compile(rf"\b(?:re-?incorporated|redomiciled|re-?domesticated|domesticated|converted)\s+"
                             rf"(?:as\s+an?\s+[a-z ]{{3,40}}?\s+)?(?:in|under\s+the\s+laws\s+of|into)\s+(?:the\s+)?"
                             rf"(?:State\s+of\s+|an?\s+)?(?P<b>{_US_STATES})\b(?P<a>)", re.I)
_ADDRESS = re.compile(r"(?=[pchrem])(?:\b(?:principal\s+(?:executive\s+|corporate\s+|business\s+|registered\s+)?"
                      r"(?:and\s+\w+\s+)?offices?|(?:corporate\s+)?headquarters|executive\s+offices?|"
                      r"registered\s+office)(?:\s+of\s+[^.\n]{3,120}?)?\s+(?:is|are)\s+(?:located\s+)?at\s+|"
                      r"\bmaintain\s+(?:our\s+)?(?:principal\s+)?(?:executive\s+)?offices?\s+at\s+)"
                      r"(?P<a>[^\n]{5,160}?(?:\b\d{5}(?:-\d{4})?\b|(?=,?\s+and\s+(?:our|the|its)\s+telephone)|"
                      r"(?<!Ave)(?<!Bldg)(?<!St)(?<!Blvd)(?<!Rd)(?<!Ste)(?<!No)(?<!Fl)(?<!Dr)(?<!Pkwy)(?<!Ct)(?<!Ln)"
                      r"(?<!Hwy)(?<!Pl)(?<![A-Z])(?=\.\s)))")
_CARE_OF = re.compile(r"(?=[pchrm])\b(?:principal\s+(?:executive\s+|corporate\s+|business\s+)?offices?|(?:corporate\s+)?"
                      r"headquarters|executive\s+offices?|registered\s+office|mailing\s+address)(?:\s+of\s+[^.\n]{3,120}?)?\s+(?:is|are)\s+"
                      r"(?:located\s+)?(?P<care>in\s+care\s+of|c/o)\s+(?P<co>[A-Z][^,;\n]{2,100}?(?:,\s+as\s+[^,;\n]{3,60}?)?),"
                      r"\s+(?:at\s+|located\s+at\s+)?(?P<a>\d[^\n]{4,160}?\b\d{5}(?:-\d{4})?\b)", re.I)
_OUR = re.compile(r"\b(?:our|we)\b", re.I)
# "The principal executive offices of the Company (of the Trust) are ..."
_OWN_OFFICES = re.compile(r"\boffices?\s+of\s+the\s+(?:company|issuer|registrant|trust|issuing\s+entity)\s+(?:is|are)\b", re.I)
_PHONE = re.compile(r"(?=t)\btelephone\s+number\b[^.\n]{0,80}?\bis\s+(?P<p>\+?\(?\d[\d\s().\-]{6,20}\d)")
_BUSINESS = re.compile(r"(?:We|The\s+Company)\s+(?:is|are)\s+an?\s+|We\s+(?:develop|design|manufacture|"
                       r"market|provide|offer|operate|sell|make|produce|engage|focus)\w*\b")
_ISSUING_ENTITY = re.compile(r"^[ \t]*(?:the\s+)?issuing\s+entity[ \t]*$", re.I | re.M)
_ISSUING_ENTITY_INLINE = re.compile(r"(?:^|\t|[ \xa0]{2,})[ \t\xa0]*(?P<n>[A-Z](?:(?![ \xa0]{2})[^()\n\t]){2,100}?(?:Trust|Fund|LLC|Inc\.|Corporation|Company)"
                                    r"(?: \d{4}-[A-Z0-9]{1,4})?)\s*(?:\((?:central\s+index\s+key|cik)[^)\n]*\)\s*)?,?[ \t]*"
                                    r"(?:as\s+)?issuing\s+entity\b", re.I | re.M)
_CAPS_NAME = re.compile(r"(?!PROSPECTUS\b|PRELIMINARY\b|SUBJECT\b)[A-Z0-9][A-Z0-9&.,'\u2019\- ]{1,70}?,?\s+"
                        r"(?:INC|CORP|CORPORATION|COMPANY|CO|LLC|L\.L\.C|LTD|LIMITED|L\.P|LP|PLC|N\.V|S\.A|TRUST)\.?")
_AS_ISSUER = re.compile(r",?\s+as\s+(?:the\s+)?issuer\b(?!\s+of\s+(?:its|their|the\s+\d{4}|certain|other|prior))", re.I)
_NOT_THE_NAME = re.compile(r"[ \t]*(?:\(?(?:sponsored|managed|advised|administered)\s+by\b|\(?formerly\b|c/o\b)", re.I)
_EXACT_NAME = re.compile(r"\(\s*exact\s+name\s+of\s+(?:the\s+)?registrant", re.I)


def extract(ctx, section: Section) -> None:
    if ctx.in_base(section.start):
        if section.kind != "cover" and ctx.issuer_name and not ctx.value_facts("stateOfIncorporation"):
            _base_state(ctx, section.body_start, section.end)
        return
    text, folded = ctx.doc.text, ctx.folded
    s, e = section.body_start if section.kind != "cover" else section.start, section.end
    if section.kind == "cover":
        _cover_name(ctx, section)
    _definitions(ctx, s, e)
    if not (ctx.issuer_name or ctx.cover_name) or section.kind == "cover":
        return
    issuer_subject = _issuer_subject(ctx)
    for m in _FOUNDED_VERB.finditer(folded, s, e):
        # "We were organized in 1988"; "Halcyon Robotics, Inc. ("Halcyon") was incorporated ... in 2004"
        start = _sentence_start(folded, m.start(), s)
        if not issuer_subject.match(folded, start):
            continue
        sent_end = next((se for ss, se in sentences(folded, start, e)), e)
        date = find_date(folded, m.end(), sent_end)
        found = YEAR.search(folded, m.end(), sent_end) if not date else None
        if date:
            ctx.add(ISSUER, "foundedYear", year(str(date[0].year)), start, date[2])
        elif found:
            ctx.add(ISSUER, "foundedYear", year(found.group()), start, found.end())
        break
    if not ctx.value_facts("stateOfIncorporation"):
        _state_sentences(ctx, s, e, issuer_subject)
    care_of = ctx.lower.find("care of", s, e) >= 0 or ctx.lower.find("c/o", s, e) >= 0
    found = [*_ADDRESS.finditer(folded, s, e), *(_CARE_OF.finditer(folded, s, e) if care_of else ())]
    for m in sorted(found, key=lambda m: m.start()):
        # whose offices: the issuer's ("Our ...", "Acme's ...", "The ... offices of Acme and Acme Sub are
        # ..."), not a sponsor's or a trustee's in a section on the transaction parties
        ss = _sentence_start(folded, m.start(), s)
        lead = folded[ss:m.start("a")]
        if not (issuer_subject.match(folded, ss) or _OUR.search(lead) or issuer_subject.search(lead)
                or _OWN_OFFICES.search(lead)):
            continue
        address = text[m.start("a"):m.end("a")].strip(" ,")
        if "co" in m.groupdict():
            # "The Trust's principal offices are in care of Acme Bank, as owner trustee, at 1 Main Street, ...":
            # a trust's address is its trustee's, written "c/o Acme Bank, as owner trustee, 1 Main Street, ..."
            address = f"c/o {' '.join(text[m.start('co'):m.end('co')].split())}, {address}"
            ctx.add(ISSUER, "address", address, m.start("care"), m.end("a"))
        else:
            ctx.add(ISSUER, "address", address, m.start("a"), m.end("a"))
        break
    for m in _PHONE.finditer(folded, s, e):
        ctx.add(ISSUER, "telephone", m.group("p").strip(), m.start("p"), m.end("p"))
        break
    if section.kind == "company":
        for ss, se in sentences(folded, s, e):
            if _BUSINESS.match(folded, ss) and not _FOUNDED.match(folded, ss):
                ctx.add(ISSUER, "businessDescription", " ".join(text[ss:se].split()), ss, se)
                break


def _state_sentences(ctx, s: int, e: int, issuer_subject: re.Pattern) -> None:
    """The state of incorporation from a sentence about the issuer ("We are a Delaware corporation")."""
    folded = ctx.folded
    for m in _STATE.finditer(folded, s, e):
        ss = _sentence_start(folded, m.start(), s)
        if not issuer_subject.match(folded, ss) or _OTHER_COMPANY.search(folded, ss, m.start()):
            continue
        # "We were originally incorporated in California in 1997 and reincorporated in Delaware in 2000":
        # the state it moved to is its state now
        later = _REINCORPORATED.search(folded, m.end(), min(e, m.end() + 200))
        if later and "." not in _ABBREVIATED.sub("", folded[m.end():later.start()]):
            m = later
        ctx.add(ISSUER, "stateOfIncorporation", m.group("a") or m.group("b"), m.start(), m.end())
        return


_OTHER_COMPANY = re.compile(r"\b(?:acquired|merger|merged|subsidiar)")
_ABBREVIATED = re.compile(r"\b(?:Inc|Corp|Co|No)\.")


def _base_state(ctx, s: int, e: int) -> None:
    """A bundled base prospectus is not read for the issuer, except for its state of incorporation when
    the supplement states none: in the base's defining sentence of the same company ("... refer to Acme,
    Inc., a Delaware corporation") or in a sentence about it ("We are a Delaware corporation")."""
    text, folded = ctx.doc.text, ctx.folded
    key = normalise(ctx.issuer_name)
    if '"' in folded[s:e] or "'" in folded[s:e]:
        for run in _RUN.finditer(folded, s, e):
            then = _RUN_THEN.match(folded, run.end(), e) if _WE.search(run.group()) else None
            if then:
                orgs = find_organizations(text, then.end(), min(e, then.end() + 150), folded=folded)
                if orgs and orgs[0].start == then.end() and normalise(orgs[0].name) == key:
                    _described_state(ctx, orgs[0].end, e)
                    break
    if not ctx.value_facts("stateOfIncorporation"):
        _state_sentences(ctx, s, e, _issuer_subject(ctx))


def _sentence_start(folded: str, pos: int, floor: int) -> int:
    """Where the sentence around ``pos`` begins ("Inc. (" is no sentence end)."""
    line = max(folded.rfind("\n", floor, pos) + 1, floor)
    for m in reversed(list(_SENTENCE_END.finditer(folded, line, pos))):
        word = re.search(r"([A-Za-z.]+)[.!?][\"')]*\s+$", folded[max(line, m.start() - 12):m.end()])
        if word and (word.group(1).lower().rstrip(".") in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        return m.end()
    return line


_SENTENCE_END = re.compile(r"[.!?][\"')]*\s+(?=[\"(]?[A-Z])")


def _issuer_subject(ctx) -> re.Pattern:
    # before a defining sentence names it, the cover's name stands for the issuer
    known = ctx.issuer_name
    if not known and ctx.cover_name:
        if "cover_mixed_case" not in ctx.scratch:
            ctx.scratch["cover_mixed_case"] = _mixed_case(ctx, ctx.cover_name[0])
        known = ctx.scratch["cover_mixed_case"]
    names = sorted({known, *ctx.issuer_aliases}, key=len, reverse=True)
    names = [re.escape(n) for n in names if n and n.lower() not in ("we", "us", "our")]
    own = ["We", "The\\s+Company", "Our\\s+company", "The\\s+Issuing\\s+Entity"]
    if known and re.search(r"\bTrust\b", known):
        own.append("The\\s+Trust")        # an asset-backed issuing entity calls itself "the Trust"
    alternatives = "|".join([*own, *names])
    return re.compile(rf"(?:{alternatives})(?![A-Za-z0-9])")


def _definitions(ctx, s: int, e: int) -> None:
    text, folded = ctx.doc.text, ctx.folded
    quoted = '"' in folded[s:e] or "'" in folded[s:e]
    if quoted or (not ctx.issuer_name and ctx.lower.find("as issuer", s, e) >= 0):
        for run in _RUN.finditer(folded, s, e) if quoted else ():
            aliases = run.group()
            if not _WE.search(aliases):
                continue
            then = _RUN_THEN.match(folded, run.end(), e)
            if then:
                orgs = find_organizations(text, then.end(), min(e, then.end() + 150), folded=folded)
                if orgs and orgs[0].start == then.end():
                    if _set_issuer(ctx, orgs[0].name, orgs[0].start, orgs[0].end, run.start(), orgs[0].end, aliases):
                        _described_state(ctx, orgs[0].end, e)   # "... refer to Acme, Inc., a Delaware corporation"
                    continue
            lead = _BEFORE_RUN.search(folded, max(s, run.start() - 120), run.start())
            if lead:
                orgs = find_organizations(text, max(s, lead.start() - 150), lead.start(), folded=folded)
                if orgs and orgs[-1].end == lead.start():
                    o = orgs[-1]
                    _set_issuer(ctx, o.name, o.start, o.end, o.start, run.end(), aliases)
        for org in find_organizations(text, s, e, folded=folded):
            # "Halcyon Robotics, Inc. ("Halcyon," "we" ...)"; "Halcyon Robotics, Inc., a New York
            # corporation (the "Company")": the description between name and parenthesis gives the state
            described = _DESCRIBED.match(folded, org.end, e) if folded.startswith((", a", ", A"), org.end) else None
            after = described.end() if described else org.end
            m = _DEFINITION_PAREN.match(folded, after, e)
            if m is None and folded[after:after + 2] in ("'s", "\u2019s"):
                m = _DEFINITION_PAREN.match(folded, after + 2, e)     # "Acme, Inc.'s ("Acme") common stock"
            if m and not _defines_we(m.group()) and ctx.cover_name and not described \
                    and normalise(org.name) == normalise(ctx.issuer_name or ctx.cover_name[0]):
                # the issuer's own short name: "NextGrid Power, Inc. ("NGP")"
                for alias in _ALIAS.findall(m.group("aliases")):
                    alias = alias.strip()
                    if alias and normalise(alias) != normalise(org.name) and alias not in ctx.issuer_aliases:
                        ctx.issuer_aliases.add(alias)
                        ctx.add(ISSUER, "alias", alias, org.start, m.end())
            role = _AS_ISSUER.match(folded, m.end() if m else org.end, e)
            if role and not ctx.issuer_name:
                # "the credit risk of Quarry Finance LLC ("Quarry Finance"), as issuer of the notes, and ..."
                _set_issuer(ctx, org.name, org.start, org.end, org.start, role.end(), m.group("aliases") if m else "")
                continue
            if m and _defines_we(m.group()):
                if _set_issuer(ctx, org.name, org.start, org.end, org.start, m.end(), m.group("aliases")) \
                        and described and not ctx.value_facts("stateOfIncorporation"):
                    state = _STATE.search(folded, described.start(), described.end())
                    if state and state.group("a"):
                        ctx.add(ISSUER, "stateOfIncorporation", state.group("a"), state.start(), state.end())
    if ctx.issuer_name:
        _former_names(ctx, s, e)


_COMMA_SPACE = re.compile(r",?\s+")


def _described_state(ctx, pos: int, e: int) -> None:
    """The state in a description right after the issuer's name in its defining sentence ("... refer to
    Acme, Inc., a Delaware corporation, and its subsidiaries")."""
    if ctx.value_facts("stateOfIncorporation"):
        return
    folded = ctx.folded
    m = _COMMA_SPACE.match(folded, pos, e)
    state = _STATE.match(folded, m.end()) if m else None
    if state and state.group("a") and state.end() <= e:
        ctx.add(ISSUER, "stateOfIncorporation", state.group("a"), state.start(), state.end())


_WE_TERMS = {"we", "us", "our", "company", "the company", "issuer", "the issuer"}


def _defines_we(paren: str) -> bool:
    """Whether a parenthesis of defined terms defines the issuer's own terms ("(the "Company")", "("Acme,"
    "we" or "us")"), not another party's ("("Dalmore" or, in its capacity as our broker-dealer, the
    "Managing Broker-Dealer")" mentions "our" only outside its quotes)."""
    if re.search(r"\bthe\s+[\"']company[\"']", paren, re.I):
        return True
    return any(" ".join(a.lower().split()) in _WE_TERMS for a in _ALIAS.findall(paren))


def _former_names(ctx, s: int, e: int) -> None:
    """ "Belfry Pharma, Inc., formerly known as Marrowind Therapeutics, Inc." -> an alias of the issuer."""
    text, folded = ctx.doc.text, ctx.folded
    for m in _FORMER.finditer(folded, s, e):
        orgs = find_organizations(text, m.end(), min(e, m.end() + 120), folded=folded)
        if not orgs or orgs[0].start not in (m.end(), m.end() + 1):
            continue
        o = orgs[0]
        if normalise(o.name) == normalise(ctx.issuer_name):
            continue
        if o.name not in ctx.issuer_aliases:
            ctx.issuer_aliases.add(o.name)
            ctx.add(ISSUER, "alias", o.name, m.start(), o.end)


def _set_issuer(ctx, name: str, ns: int, ne: int, ds: int, de: int, aliases: str) -> bool:
    """Record ``name`` as the issuer's (with its defined aliases); False when another company is the issuer."""
    if ctx.issuer_name and normalise(ctx.issuer_name) != normalise(name):
        return False   # a later definition of another company (a subsidiary, a merger partner)
    ctx.issuer_name = ctx.issuer_name or name
    ctx.add(ISSUER, "name", name, ns, ne)
    for alias in _ALIAS.findall(aliases):
        alias = alias.strip()
        if alias and normalise(alias) != normalise(name):
            ctx.issuer_aliases.add(alias)
            ctx.add(ISSUER, "alias", alias, ds, de)
    return True


def _cover_name(ctx, section: Section) -> None:
    """The registrant's name on the cover: the line above "(Exact name of registrant as specified in its
    charter)", else the first line of the cover that is a company's name and nothing else."""
    if ctx.cover_name:
        return
    text, folded = ctx.doc.text, ctx.folded
    exact = _EXACT_NAME.search(folded, section.start, section.end)
    if exact:
        line_start = folded.rfind("\n", section.start, exact.start())
        prev_end = line_start
        while prev_end > section.start and folded[prev_end - 1] in " \n\t":
            prev_end -= 1
        prev_start = folded.rfind("\n", section.start, prev_end) + 1
        if folded[line_start + 1:exact.start()].strip():    # "ACME, INC. (Exact name of ...)" on one line
            prev_start, prev_end = line_start + 1, exact.start()
        while _NOT_THE_NAME.match(folded, prev_start) and prev_start > section.start:
            # "Acme Index ETF" / "Sponsored by Acme Asset Management Ltd." above "(Exact name ...)"
            prev_end = prev_start - 1
            while prev_end > section.start and folded[prev_end - 1] in " \n\t":
                prev_end -= 1
            prev_start = folded.rfind("\n", section.start, prev_end) + 1
        line = text[prev_start:prev_end].strip()
        lead = len(text[prev_start:prev_end]) - len(text[prev_start:prev_end].lstrip())
        if line and len(line) <= 120:
            ctx.cover_name = (line, prev_start + lead, prev_start + lead + len(line))
            return
    reach = min(section.end, section.start + 6000)
    asset_backed = ctx.lower.find("issuing entity", section.start, reach) >= 0
    inline = _ISSUING_ENTITY_INLINE.search(folded, section.start, reach) if asset_backed else None
    if inline:
        # "Acme Credit Card Master Trust (Central Index Key Number 0001234567) Issuing Entity"
        ctx.cover_name = (" ".join(text[inline.start("n"):inline.end("n")].split()), inline.start("n"), inline.end("n"))
        return
    role = _ISSUING_ENTITY.search(folded, section.start, reach) if asset_backed else None
    if role:
        # an asset-backed cover: "Acme Auto Receivables 2025-1 Owner Trust" / "Issuing Entity"
        above = re.search(r"([^\n]+)\n\s*$", folded[max(section.start, role.start() - 300):role.start()])
        if above:
            ls = role.start() - len(above.group()) + (len(above.group(1)) - len(above.group(1).lstrip()))
            line = text[ls:ls + len(above.group(1).strip())]
            if 3 <= len(line) <= 120 and line[:1].isalnum() and not line.endswith((".", ":")):
                ctx.cover_name = (line, ls, ls + len(line))
                return
    pos = section.start
    limit = min(section.end, section.start + 4000)
    for m in re.finditer(r"[^\n]+", folded[pos:limit]):
        line = m.group().strip()
        if not line or len(line) > 90:
            continue
        ls = pos + m.start() + (len(m.group()) - len(m.group().lstrip()))
        orgs = find_organizations(text, ls, ls + len(line), folded=folded)
        if orgs and orgs[0].start == ls and orgs[0].end == ls + len(line):
            ctx.cover_name = (orgs[0].name, ls, ls + len(line))
            return
        if _CAPS_NAME.fullmatch(line):       # "ACME PAGING CORP." in capitals, alone on its line
            ctx.cover_name = (" ".join(text[ls:ls + len(line)].split()), ls, ls + len(line))
            ctx.scratch["cover_name_from_capitals"] = True    # a fallback, not evidence beside a definition
            return


def finish(ctx) -> None:
    """Fall back to the cover's or the header's name; record the cover mention and header facts."""
    header = ctx.doc.header
    cover = ctx.cover_name
    named_from_cover = not ctx.issuer_name
    if not ctx.issuer_name:
        candidates = []
        if cover:
            candidates.append(cover)
        if "company_name" in header:
            value, span = header["company_name"]
            candidates.append((value, span.start, span.end))
        for raw, s, e in candidates:
            name = _mixed_case(ctx, raw)
            ctx.issuer_name = name
            ctx.add(ISSUER, "name", name, s, e)     # the quote may be in capitals; the value is the name
            break
    if not ctx.issuer_name:
        return
    if cover and normalise(cover[0]) == normalise(ctx.issuer_name) and not (
            ctx.scratch.get("cover_name_from_capitals") and not named_from_cover):
        ctx.add(ISSUER, "name", ctx.issuer_name, cover[1], cover[2])   # "ACME, INC." on the cover: evidence
    _co_registrants(ctx)
    _facing_page(ctx)
    stated = {p for p in ("address", "stateOfIncorporation") if ctx.value_facts(p)}
    for key, subject, predicate in HEADER_FACTS:
        if predicate in stated:
            continue     # the prospectus states its own (the header holds the filer's current record)
        if key in header:
            value, span = header[key]
            if predicate == "filingDate":
                value = dt.date.fromisoformat(value)
            ctx.add(subject, predicate, value, span.start, span.end)
    if "company_name" in header:
        ctx.add(PROSPECTUS, "filedBy", ISSUER, header["company_name"][1].start, header["company_name"][1].end)


_FACING_STATE = re.compile(r"\(\s*state\s+or\s+other\s+jurisdiction\b", re.I)
_FACING_ADDRESS = re.compile(r"\(\s*address(?:es)?,?\s+including\s+zip\s+code\b[^)]{0,200}?\bprincipal\s+executive\s+offices?",
                             re.I)
_PHONE_LINE = re.compile(r"\s*(?:telephone:?\s*)?\+?[\d\s().\-]{7,22}\s*")
_CELLS = re.compile(r"\t|\s{3,}")
_STATE_NAME = re.compile(rf"(?:State\s+of\s+)?(?P<s>{_US_STATES})", re.I)


def _facing_page(ctx) -> None:
    """The registration statement's facing page (Forms S-1, S-3, F-1, F-3): the state of incorporation
    above "(State or other jurisdiction of incorporation or organization)" and the address above
    "(Address, including zip code, ... of registrant's principal executive offices)", when the text
    states them nowhere else."""
    cover = next((s for s in ctx.doc.sections if s.kind == "cover"), None)
    if cover is None:
        return
    text, folded = ctx.doc.text, ctx.folded
    if not ctx.value_facts("stateOfIncorporation"):
        m = _FACING_STATE.search(folded, cover.start, cover.end)
        if m:
            above = _lines_above(folded, m.start(), cover.start, 1)
            if above:
                ls, le = above[0]
                first = _CELLS.split(folded[ls:le].strip())[0]
                start = folded.find(first, ls, le)
                state = _STATE_NAME.fullmatch(first)
                if state:
                    ctx.add(ISSUER, "stateOfIncorporation", state.group("s"), start + state.start("s"), start + len(first))
    if not ctx.value_facts("address"):
        m = _FACING_ADDRESS.search(folded, cover.start, cover.end)
        if m:
            lines = []
            for ls, le in _lines_above(folded, m.start(), cover.start, 6):
                line = folded[ls:le].strip()
                if _PHONE_LINE.fullmatch(line) and not lines:
                    continue          # the telephone number under the address
                if line.startswith("(") or line.endswith((":", ")")) or "\t" in line or _is_name_line(ctx, ls, le):
                    break
                lines.append((ls, le))
                if len(lines) == 4:
                    break
            if lines and any(ch.isdigit() for ls, le in lines for ch in folded[ls:le]):
                lines.reverse()
                parts = [" ".join(text[ls:le].split()) for ls, le in lines]
                ctx.add(ISSUER, "address", ", ".join(p.strip(" ,") for p in parts), lines[0][0], lines[-1][1])


_EXACT_NAME_CELL = re.compile(r"\(\s*exact\s+name\s+of\s+(?:the\s+)?(?:co-?)?registrants?\b[^)]*\)", re.I)
_JURISDICTION_CELL = re.compile(r"\(\s*(?:state|province)\s+or\s+other\s+jurisdiction\b[^)]*\)", re.I)
_ADDRESS_CELL = re.compile(r"\(\s*address(?:es)?\b[^)]*\bprincipal\s+executive\s+offices?\s*\)", re.I)
_TRAILING_PHONE = re.compile(r"\s*(?:telephone:?\s*)?(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{3}\)\s*|\d{3}[.\-])\d{3}[\s.\-]\d{4}\s*$", re.I)


def _co_registrants(ctx) -> None:
    """A joint registration statement prints its registrants side by side on the facing page, one
    column each ("ACME CORP (Exact name of Registrant ...) | ACME FINANCE LLC (Exact name of Registrant
    ...)", then their jurisdictions and addresses in the same columns): every registrant but the issuer
    is a co-issuer of the prospectus, with the jurisdiction and address printed in its column (the
    issuer's own are read by ``_facing_page``). Guarantors in a table of additional registrants are not."""
    cover = next((s for s in ctx.doc.sections if s.kind == "cover"), None)
    if cover is None:
        return
    text, folded = ctx.doc.text, ctx.folded
    names = _cells_before(folded, _EXACT_NAME_CELL, cover.start, cover.end)
    if len(names) < 2:
        return
    issuer_key = normalise(ctx.issuer_name)
    states = _cells_before(folded, _JURISDICTION_CELL, cover.start, cover.end)
    addresses = _cells_before(folded, _ADDRESS_CELL, cover.start, cover.end)
    for column, (ns, ne) in enumerate(names):
        raw = " ".join(text[ns:ne].split())
        name = _mixed_case(ctx, raw)
        if not name:
            continue
        if normalise(name) == issuer_key or normalise(raw) == issuer_key:
            ref = ISSUER      # the issuer's own column: its jurisdiction and address, unless stated elsewhere
        else:
            ref = ctx.party(name, ns, ne)
            ctx.add(OFFERING, "coIssuer", ref, ns, ne)
        if len(states) == len(names) and not (ref == ISSUER and ctx.value_facts("stateOfIncorporation")):
            ss, se = states[column]
            state = _STATE_NAME.match(folded, ss, se)
            if state and folded[state.end():se].strip(" ,").lower() in ("", "canada", "united states", "usa"):
                ctx.add(ref, "stateOfIncorporation", state.group("s"), state.start("s"), state.end("s"))
        if len(addresses) == len(names) and not (ref == ISSUER and ctx.value_facts("address")):
            as_, ae = addresses[column]
            phone = _TRAILING_PHONE.search(folded, as_, ae)
            ae = phone.start() if phone else ae
            if any(ch.isdigit() for ch in folded[as_:ae]):
                ctx.add(ref, "address", " ".join(text[as_:ae].split()).strip(" ,"), as_, ae)


def _cells_before(folded: str, label: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the value printed before each ``label`` on the first line that holds it twice or
    more, cells separated by tabs ("Ontario, Canada (Province or other ...)\tDelaware (State or ...)")."""
    pos = start
    while True:
        m = label.search(folded, pos, end)
        if m is None:
            return []
        ls = folded.rfind("\n", start, m.start()) + 1
        le = folded.find("\n", m.end(), end)
        le = end if le < 0 else le
        hits = list(label.finditer(folded, ls, le))
        if len(hits) >= 2:
            out = []
            prev = ls
            for h in hits:
                cell_start = max(prev, folded.rfind("\t", prev, h.start()) + 1)
                value = folded[cell_start:h.start()]
                lead = len(value) - len(value.lstrip())
                out.append((cell_start + lead, cell_start + len(value.rstrip())))
                prev = h.end()
            return out if all(e > s for s, e in out) else []
        pos = le


def _lines_above(folded: str, pos: int, floor: int, count: int) -> list[tuple[int, int]]:
    """(start, end) of up to ``count`` non-blank lines above the line holding ``pos``, nearest first,
    leading white space skipped."""
    out = []
    end = folded.rfind("\n", floor, pos)
    while end > floor and len(out) < count:
        start = folded.rfind("\n", floor, end) + 1
        line = folded[start:end]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((start + lead, start + len(line.rstrip())))
        end = start - 1
    return out


def _is_name_line(ctx, ls: int, le: int) -> bool:
    orgs = find_organizations(ctx.doc.text, ls, le, folded=ctx.folded)
    return bool(orgs) and orgs[0].start == ls and orgs[0].end >= le - 1


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
    first = name.split()[0].rstrip(",.")
    text, folded = ctx.doc.text, ctx.folded
    acronym = (first,) if len(first) <= 4 else ()
    for variant in sorted({first.capitalize(), first[:1] + first[1:].lower(), *acronym}):
        # "ACME FINANCE LLC" -> "Acme Finance LLC"; "QX CAPITAL LLC" -> "QX Capital LLC" (an acronym stays)
        pos = folded.find(variant)
        tries = 0
        while pos >= 0 and tries < 50:
            tries += 1
            orgs = find_organizations(text, pos, min(len(text), pos + len(name) + 20), folded=folded)
            if orgs and orgs[0].start == pos and normalise(orgs[0].name) == key and not orgs[0].name.isupper():
                return orgs[0].name
            pos = folded.find(variant, pos + 1)
    return name
