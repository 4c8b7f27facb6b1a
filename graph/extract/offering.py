"""The offering: shares, class of security, prospectus date, listing and last sale, proceeds.

Regulation S-K Item 501 (outside front cover: title and amount of securities, the market for them
and the trading symbol, the date of the prospectus) and Item 504 (use of proceeds). A blank left in a
preliminary prospectus ("Prospectus dated           , 2025", "$    per share") yields no fact.
"""

from __future__ import annotations

import re

from prospectus_kg.graph.models import ISSUER, OFFERING, PROSPECTUS, EntityRef, Section
from prospectus_kg.graph.ingest.textutil import find_date, sentences_with, to_decimal, to_int

HANDLES = ("cover", "summary", "offering", "use_of_proceeds", "company", "about")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ("issuer_name",)
PROVIDES = ("security_class",)

_CLASS = (r"(?:shares\s+of\s+(?:our\s+|its\s+)?)?(?P<cls>(?:class\s+[a-z]\s+)?(?:common\s+stock|common\s+shares|"
          r"ordinary\s+shares|american\s+depositary\s+shares|preferred\s+stock))")
_SHARES = re.compile(rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:shares\s+of\s+(?:our\s+)?)?{_CLASS}", re.I)
_SHARES_PLAIN = re.compile(rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+)\s+shares\s+(?:of\s+)?{_CLASS}", re.I)
# A leading (?=[...]) names the letters a match starts with: the scan then skips other positions quickly.
_DATE_OF = re.compile(r"(?=[tp])(?:the\s+date\s+of\s+this\s+prospectus(?:\s+supplement)?\s+is|"
                      r"(?:this\s+)?prospectus(?:\s+supplement)?\s+(?:is\s+)?dated)\s+", re.I)
_BASE_DATE = re.compile(r"\(\s*to\s+(?:the\s+)?prospectus\s+dated\s+|\baccompanying\s+(?:base\s+)?prospectus,?\s+dated\s+|"
                        r"\bbase\s+prospectus,?\s+dated\s+", re.I)
_PRELIMINARY = re.compile(r"\bsubject\s+to\s+completion[,.]?\s+(?:preliminary\s+prospectus\s+)?dated\s+", re.I)
_TITLE = re.compile(r"^[ \t]*(?:preliminary\s+prospectus(?:\s+supplement)?|prospectus(?:\s+supplement)?|"
                    r"subject\s+to\s+completion)\b", re.I | re.M)
_LISTED = re.compile(r"(?=[qlt])\b(?:quoted|listed|traded|trades)\s+on\s+(?:the\s+)?(?P<ex>(?:The\s+)?(?:Nasdaq|NASDAQ|"
                     r"New\s+York\s+Stock\s+Exchange|NYSE|American\s+Stock\s+Exchange|OTC|OTCQB|OTCQX|"
                     r"Toronto\s+Stock\s+Exchange|TSX|Cboe|CBOE|London\s+Stock\s+Exchange)[A-Za-z ]{0,40}?)\s*(?:\([^()]{1,30}\))?\s*(?:,\s*or\s+[^,]{1,30},)?"
                     r"\s*,?\s+under\s+the\s+"
                     r"(?:trading\s+|ticker\s+)?symbols?\s+\"?(?P<sym>[A-Z][A-Z.]{0,5}?)\.?\"?(?![A-Za-z.])")
_LAST_SALE = re.compile(r"\blast\s+(?:reported\s+)?sale\s+price\s+of\s+(?:our\s+)?(?:common\s+(?:stock|shares)|"
                        r"ordinary\s+shares|shares)[^.\n]{0,80}?\bwas\s+\$?\s*(?P<p>\d+(?:\.\d+)?)(?:\s+per\s+share)?",
                        re.I)
_SALE_OR_PROCEEDS = ("proceeds", "sale price", "closing price")
_NO_PROCEEDS = re.compile(r"\bwe\s+will\s+not\s+receive\s+any\s+(?:of\s+the\s+)?(?:net\s+)?proceeds\b", re.I)
_PROCEEDS = re.compile(r"\b(?:we\s+(?:expect|estimate|intend)\s+(?:to\s+)?(?:that\s+)?(?:the\s+)?net\s+proceeds|"
                       r"net\s+proceeds\s+to\s+us\b)", re.I)


def security_ref(ctx) -> EntityRef:
    return EntityRef("Security", ctx.security_class or "common stock")


def extract(ctx, section: Section) -> None:
    if ctx.in_base(section.start):
        return     # the base prospectus's cover, dates and listing are not this offering's
    text, folded = ctx.doc.text, ctx.folded
    s, e = section.start if section.kind == "cover" else section.body_start, section.end
    if section.kind == "cover":
        title = _TITLE.search(folded, s, e)
        top = title.start() if title else s
        if not ctx.value_facts("sharesOffered"):
            for pattern, reach in ((_SHARES_PLAIN, 3000), (_SHARES, 1500)):
                m = next((m for m in pattern.finditer(folded, top, min(e, top + reach)) if _offered_here(folded, m)), None)
                if m and to_int(m.group("n")):
                    _shares(ctx, m)
                    break
        _dates(ctx, top, e)
        _price(ctx, section)
    elif section.kind == "offering" and not ctx.value_facts("sharesOffered"):
        _offering_table(ctx, section)
    for m in _LISTED.finditer(folded, s, e):
        sec = _listed_security(ctx, m.start())
        listing = EntityRef("Listing", m.group("sym"))
        exchange = " ".join(text[m.start("ex"):m.end("ex")].split())
        ctx.add(sec, "listing", listing, m.start(), m.end())
        ctx.add(listing, "tickerSymbol", m.group("sym"), m.start("sym"), m.end("sym"))
        # the market's name, not its operator's legal form ("NYSE American LLC" is "NYSE American")
        exchange = re.sub(r"^[Tt]he\s+|,?\s+(?:LLC|L\.L\.C\.|Inc\.?)$", "", exchange)
        ctx.add(listing, "exchangeName", exchange, m.start("ex"), m.end("ex"))
    if section.kind == "cover" and "plain_listing" not in ctx.scratch:
        m = _LISTED_PLAIN.search(folded, s, e)
        if m:
            ctx.scratch["plain_listing"] = (m.start(), m.end(), m.start("ex"), m.end("ex"))
    for ss, se in sentences_with(folded, _SALE_OR_PROCEEDS, s, e, ctx.lower):
        m = _LAST_SALE.search(folded, ss, se)
        if m and ctx.value_facts("tickerSymbol"):
            listing = next(f.subject for f in ctx.value_facts("tickerSymbol"))
            price = to_decimal(m.group("p"))
            if price is not None:
                ctx.add(listing, "lastSalePrice", price, m.start(), m.end())
            date = find_date(folded, ss, se)
            if date:
                ctx.add(listing, "lastSaleDate", date[0], date[1], m.end() if date[1] < m.start() else date[2])
        if _NO_PROCEEDS.search(folded, ss, se):
            ctx.add(OFFERING, "proceedsToIssuer", False, ss, se)
        elif _PROCEEDS.search(folded, ss, se) and section.kind in ("use_of_proceeds", "summary", "offering"):
            ctx.add(OFFERING, "proceedsToIssuer", True, ss, se)


_OFFER_WORDS = re.compile(r"\b(?:offer\w*|resale|resell\w*|sell\w*|selling|sale\s+of|registering|issu\w*)\b[^.;]{0,80}$",
                          re.I)


_LISTED_PLAIN = re.compile(r"(?=[cs])\b(?:common\s+stock|common\s+shares|ordinary\s+shares|shares)\b[^.;]{0,80}?\b(?:is|are)\s+"
                          r"(?:currently\s+|principally\s+)?(?:traded|listed|quoted)\s+on\s+(?:the\s+)?"
                          r"(?P<ex>(?:American|New\s+York|Toronto|London)\s+Stock\s+Exchange|Nasdaq\s+(?:Global\s+Select|"
                          r"Global|Capital)\s+Market|Nasdaq\s+National\s+Market|NYSE\s+American)\b", re.I)
_SECURITY_NOUN = re.compile(r"\b(?P<n>warrants?|units?|rights|notes|preferred\s+(?:stock|shares)|depositary\s+shares|"
                            r"common\s+(?:stock|shares)|ordinary\s+shares|shares)\b", re.I)
_OTHER_SECURITIES = {"warrant": "warrants", "warrants": "warrants", "unit": "units", "units": "units",
                     "rights": "rights", "notes": "notes"}


def _listed_security(ctx, pos: int) -> EntityRef:
    """The security a listing sentence is about: "our public warrants are listed on ... under the symbol
    "ACMEW"" lists the warrants, not the common stock (the last security named before "listed" in its
    clause); by default the offering's security."""
    folded = ctx.folded
    clause = max(folded.rfind(".", 0, pos), folded.rfind(";", 0, pos), folded.rfind(" and ", 0, pos), pos - 120)
    nouns = list(_SECURITY_NOUN.finditer(folded, clause + 1, pos))
    if nouns:
        noun = " ".join(nouns[-1].group("n").lower().split())
        if noun in _OTHER_SECURITIES:
            sec = EntityRef("Security", _OTHER_SECURITIES[noun])
            ctx.add(sec, "securityClass", _OTHER_SECURITIES[noun], nouns[-1].start(), nouns[-1].end())
            return sec
    return security_ref(ctx)


def _offered_here(folded: str, m) -> bool:
    """A share count on the cover is the amount offered when it is a title line ("608,197 Shares of
    Common Stock", "Up to 5,376,340 Shares ...") or follows words of offering in its sentence (not
    "... based on 12,345,678 shares of common stock outstanding")."""
    line_start = folded.rfind("\n", 0, m.start()) + 1
    line_end = folded.find("\n", m.end())
    line_end = len(folded) if line_end < 0 else line_end
    if line_end - line_start <= 120 and re.fullmatch(r"\s*(?:up\s+to\s+|an\s+aggregate\s+of\s+)?", folded[line_start:m.start()], re.I):
        return True
    return bool(_OFFER_WORDS.search(folded, max(line_start, m.start() - 120), m.start()))


def _shares(ctx, m) -> None:
    ctx.security_class = " ".join(m.group("cls").lower().split())
    sec = security_ref(ctx)
    ctx.add(PROSPECTUS, "describes", OFFERING, m.start(), m.end())
    ctx.add(OFFERING, "sharesOffered", to_int(m.group("n")), m.start(), m.end())
    ctx.add(OFFERING, "security", sec, m.start(), m.end())
    ctx.add(sec, "securityClass", ctx.security_class, m.start("cls"), m.end("cls"))


def _dates(ctx, s: int, e: int) -> None:
    """The prospectus date; a supplement's "(To Prospectus dated ...)" is its base prospectus's date.
    A blank date ("Prospectus dated            , 2025") gives nothing; a preliminary prospectus's
    "Subject to Completion, dated June 30, 2025" is its date when no other is printed."""
    folded = ctx.folded
    base = set()
    for m in _BASE_DATE.finditer(folded, s, e):
        date = find_date(folded, m.end(), min(e, m.end() + 25))
        if date and date[1] == m.end():
            ctx.add(PROSPECTUS, "baseProspectusDate", date[0], m.start(), date[2])
        base.add(m.end())
    found = False
    for m in _DATE_OF.finditer(folded, s, e):
        if m.end() in base or re.search(r"\(\s*to\s+(?:the\s+)?$", folded[max(s, m.start() - 8):m.start()], re.I):
            continue
        date = find_date(folded, m.end(), min(e, m.end() + 25))
        if date and date[1] == m.end():
            ctx.add(PROSPECTUS, "prospectusDate", date[0], m.start(), date[2])
            found = True
            break
    if not found:
        m = _PRELIMINARY.search(folded, s, e)
        if m:
            date = find_date(folded, m.end(), min(e, m.end() + 25))
            if date and date[1] == m.end():
                ctx.add(PROSPECTUS, "prospectusDate", date[0], m.start(), date[2])


_PER_SHARE_HEAD = re.compile(r"\s*per\s+(?:share|ordinary\s+share|common\s+share|ads)(?:\s+of\s+common\s+stock)?\s*", re.I)
_PRICE_ROW = re.compile(r"\s*(?:public\s+)?offering\s+price|\s*price\s+to\s+(?:the\s+)?public", re.I)
_DOLLARS = re.compile(r"\$\s*(?P<v>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\.\d+)")


def _price(ctx, section: Section) -> None:
    """The public offering price per share from the cover's price table ("Public offering price |
    $5.103 | $3,103,629.29" under "Per Share | Total"). A blank ("$") gives nothing; a price per share
    and accompanying warrant is no price per share."""
    folded = ctx.folded
    for table in ctx.doc.tables:
        if not (section.start <= table.start < section.end) or len(table.rows) < 2:
            continue
        head = table.rows[0]
        if not _PER_SHARE_HEAD.fullmatch(folded[head[0].start:head[0].end]):
            continue
        for row in table.rows[1:]:
            if len(row) != len(head) + 1 or not _PRICE_ROW.match(folded, row[0].start, row[0].end):
                continue
            m = _DOLLARS.search(folded, row[1].start, row[1].end)
            value = to_decimal(m.group("v")) if m else None
            if value is not None and value > 0:
                ctx.add(OFFERING, "pricePerShare", value, row[0].start, row[1].end)
            return


_OFFERED_ROW = re.compile(r"(?:common\s+(?:stock|shares)|ordinary\s+shares|shares|securities)\s+(?:being\s+)?offered\b", re.I)


def _offering_table(ctx, section: Section) -> None:
    """ "Common stock offered by the selling stockholders | Up to 5,376,340 shares" in The Offering."""
    folded = ctx.folded
    for table in ctx.doc.tables:
        if not (section.body_start <= table.start < section.end):
            continue
        for row in table.rows:
            if len(row) < 2 or not _OFFERED_ROW.search(folded, row[0].start, row[0].end):
                continue
            m = _SHARES_PLAIN.search(folded, row[1].start, row[1].end) or \
                re.compile(r"(?P<n>\d{1,3}(?:,\d{3})+)\s+(?P<cls>shares)", re.I).search(folded, row[1].start, row[1].end)
            if m and to_int(m.group("n")):
                _shares(ctx, m)
                return


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _capitalised(name: str) -> int:
    return sum(w[:1].isupper() for w in name.split())


def _one_exchange_name(ctx) -> None:
    """One listing printed with its exchange's full and short name ("the New York Stock Exchange" and
    "the NYSE", "The Nasdaq Global Select Market" and "Nasdaq"), or in two cases ("the OTC Pink Market"
    and "the OTC Pink market"): the short or lower-case name's facts take the full, capitalised name
    (their quotes stay as printed)."""
    from prospectus_kg.graph.models import Fact
    by_listing: dict = {}
    for f in ctx.facts:
        if f.predicate == "exchangeName":
            by_listing.setdefault(f.subject, set()).add(f.obj)
    for i, f in enumerate(ctx.facts):
        names = by_listing.get(f.subject) if f.predicate == "exchangeName" else None
        if not names or len(names) < 2:
            continue
        longer = sorted((n for n in names if n != f.obj and len(n) > len(f.obj)
                         and (n.lower().startswith(f.obj.lower() + " ") or _initials(n) == f.obj.replace(".", ""))),
                        key=lambda n: (-len(n), n))
        longer = longer or sorted(n for n in names if n.lower() == f.obj.lower() and _capitalised(n) > _capitalised(f.obj))
        if longer:
            ctx.facts[i] = Fact(f.subject, f.predicate, longer[0], f.span, f.section)


# Item 201(a): the principal market of a stock without an exchange listing, named anywhere ("Our common
# stock is quoted on the OTCQB", "The Company currently trades on the OTC Markets", "... traded on the
# Pink Sheets on the OTC Markets": the marketplace, whose tier it names first). Not "may never be quoted
# on", "intends to apply for quotation on", "was quoted on".
_OTC = re.compile(r"(?=[costw])\b(?:(?:our\s+|its\s+|the\s+company['\u2019]s\s+)?(?:common\s+(?:stock|shares)|ordinary\s+"
                  r"shares|shares)|the\s+company|we)\s+(?:(?:is|are)\s+(?:currently\s+|presently\s+)?(?:traded|listed|"
                  r"quoted)|(?:currently\s+|presently\s+)?trades?)\s+on\s+(?:the\s+)?(?:(?P<tier>OTCQX|OTCQB|OTC\s+Pink|"
                  r"Pink\s+(?:Sheets|Open\s+Market)|OTC\s+Bulletin\s+Board|OTCBB)(?:\s+(?:tier|marketplace|market))?"
                  r"(?:\s+(?:on|of)\s+the\s+(?P<ops>OTC\s?Markets))?|(?P<ex>OTC\s?Markets))\b", re.I)


def _over_the_counter(ctx) -> None:
    for ss, se in sentences_with(ctx.folded, ("otc", "pink"), 0, ctx.base_start, ctx.lower):
        m = _OTC.search(ctx.folded, ss, se)
        if m is None:
            continue
        group = "ops" if m.group("ops") else ("ex" if m.group("ex") else "tier")
        exchange = "OTC Markets" if group != "tier" else " ".join(m.group("tier").split())
        listing = EntityRef("Listing", exchange)
        ctx.add(security_ref(ctx), "listing", listing, m.start(), m.end())
        ctx.add(listing, "exchangeName", exchange, m.start(group), m.end(group))
        return


def finish(ctx) -> None:
    """The offering's issuer, with the cover name (or the defining sentence) as evidence; an exchange
    named without a symbol ("Common Stock ... is traded on the American Stock Exchange") when no
    listing with a symbol is stated; one name per exchange of a listing."""
    if "plain_listing" in ctx.scratch and not ctx.value_facts("exchangeName"):
        s, e, es, ee = ctx.scratch["plain_listing"]
        exchange = " ".join(ctx.doc.text[es:ee].split())
        listing = EntityRef("Listing", exchange)
        ctx.add(security_ref(ctx), "listing", listing, s, e)
        ctx.add(listing, "exchangeName", exchange, es, ee)
    if not ctx.value_facts("exchangeName"):
        _over_the_counter(ctx)
    _one_exchange_name(ctx)
    if {f.obj for f in ctx.value_facts("proceedsToIssuer")} == {True, False}:
        # an offering of new shares beside the selling stockholders' ("we will not receive any proceeds
        # from the sale of shares by the selling stockholders"; "we estimate the net proceeds to us ..."):
        # the issuer does receive proceeds, from its own shares
        ctx.facts[:] = [f for f in ctx.facts if not (f.predicate == "proceedsToIssuer" and f.obj is False)]
    if ctx.issuer_name and ctx.facts:
        names = [f for f in ctx.facts if f.subject == ISSUER and f.predicate == "name"]
        if names:
            first = min(names, key=lambda f: f.span.start)
            ctx.add(OFFERING, "issuer", ISSUER, first.span.start, first.span.end)


def describes(ctx) -> None:
    """The prospectus describes its offering whenever the text states anything of the offering, not
    only a share count on the cover (notes, a trust's certificates, a universal shelf). Run after every
    extractor; evidence is the first statement about the offering, the cover's issuer name when there
    is one."""
    if any(f.predicate == "describes" for f in ctx.facts):
        return
    stated = [f for f in ctx.facts if f.subject == OFFERING]
    if stated:
        first = min(stated, key=lambda f: (f.predicate != "issuer", f.span.start, f.span.end))
        ctx.add(PROSPECTUS, "describes", OFFERING, first.span.start, first.span.end)
