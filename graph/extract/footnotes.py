"""Control and affiliation statements in selling stockholder footnotes (Regulation S-K Item 507 and
Item 403 practice: the natural persons with voting or dispositive power over each holder's shares).

Each footnote of a selling stockholder table (and each paragraph of prose in the Selling Security
Holders section) is read sentence by sentence; a statement becomes one fact whose span is the
sentence:

* "X is the general partner of Y" -> ``X generalPartnerOf Y``; "X is the investment manager to each of
  the Larkmoor Funds" -> ``investmentManagerOf`` each fund; "X is the sole manager / the managing
  member of Y" -> ``X controls Y``. "X, as the investment manager of Y" likewise. The first role named
  decides ("the general partner and investment manager of" is ``generalPartnerOf``). "X is the general
  partner of, and may be deemed to beneficially own securities owned by, Y and Z": the objects are the
  names that end the sentence.
* "X controls (each of) Y and Z" -> ``X controls Y``; "Y is controlled by X" likewise.
* "X has (sole) voting and dispositive power / discretionary authority to vote and dispose of the
  shares held by Y", "X maintains investment and voting power with respect to the securities held by
  ... funds it manages, including Y", "X has been delegated the legal power to vote ... on behalf of
  the selling stockholder" -> ``X controls Y`` (Y: the name after "held by", "including" or "on behalf
  of", or the holders of the rows that cite the footnote). "Voting and dispositive power over the
  shares held by Y is held by X" likewise.
* "X is a wholly owned subsidiary of Y" -> ``X subsidiaryOf Y``; "X is an affiliate of Y" ->
  ``X affiliateOf Y``.

* "The natural person with voting and dispositive power over the shares held by Y is X" (Item 507's
  answer) and "X is the natural person with ..." -> ``X controls Y``; "Y, whose general partner is X",
  "The general partner of Y is X" -> the role, the other way round; "X has the right to appoint a
  majority of the board of Y" -> ``X controls Y``.
* A person's coordinated titles ("Jane Roe serves as Managing Partner of A, the Managing Member of B,
  the general partner of A, and the Managing Member of C"): the person's roles (managing member,
  manager) are the person's, the entity roles (general partner) stay with the name before them.
  "In his capacity as Managing Member of X" (no article) is control for the roles that govern an
  entity; "..., the general partner of Y and, in such capacity, has voting control over ..." gives the
  power to the holder of that role.
* A holder annotated with its control person in a table cell ("Foo Ltd (the control person is Jane
  Roe)") -> ``Jane Roe controls Foo Ltd``.

Not control: hedged or shared statements ("may be deemed to have voting power", "may exercise voting
power", "has shared voting and dispositive power", "are (the) managing members of"), job titles ("in
his capacity as Investment Manager of", "is a portfolio manager of", "serves as the principal of"),
a "held by" inside a disclaimer, disclaimers.

Names: organisations by their legal-form suffix; terms a footnote defines ("Wrenfield Management, LP
("Wrenfield Management")", "(the "Master Fund")", "(... together with Larkmoor Capital, ..., the
"Larkmoor Funds")" for a group); persons after an honorific or in the subject place of a statement.
"Mr. Pell" is the person of that surname named in full in the same footnotes ("R. Gordon
Pell") when there is exactly one; otherwise the statement is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from prospectus_kg.graph.models import ISSUER, EntityRef, Section
from prospectus_kg.graph.extract.names import (find_person_at, fund_name_at, is_person, legal_key, named_in_full,
                                               normalise, person_before, strip_honorific)
from prospectus_kg.graph.ingest.textutil import sentences, sentences_with

HANDLES = ("selling_stockholders", "other", "cover", "summary", "about", "company", "offering", "risk_factors",
           "use_of_proceeds", "dilution", "private_placement", "capital_stock", "plan_of_distribution", "underwriting",
           "legal_matters", "experts", "where_to_find", "incorporation_by_reference", "forward_looking",
           "base_prospectus")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ("selling_rows", "selling_stockholders")
PROVIDES = ()

_ROLE_WORDS = (r"(?:managing\s+|investment\s+)?general\s+partners?|(?:discretionary\s+)?investment\s+(?:manager|adviser|advisor)s?|"
               r"(?:investment\s+)?sub-?(?:adviser|advisor)s?|portfolio\s+managers?|managing\s+(?:member|partner)s?|"
               r"sole\s+(?:members?|managers?|general\s+partners?|trustees?|shareholders?|stockholders?|owners?)|managers?|"
               r"control(?:ling)?\s+(?:persons?|shareholders?|stockholders?|members?)")
_ROLE = re.compile(rf"(?=[MmIiGgDdSsPpCc])\b(?P<role>{_ROLE_WORDS})(?:\s+and\s+(?:the\s+|a\s+)?(?:{_ROLE_WORDS}))*(?:,?\s+or\s+(?:{_ROLE_WORDS})"
                   rf"(?:,\s+as\s+applicable,)?)?\s+(?:of|to|for|at|on\s+behalf\s+of|"
                   rf"with\s+(?:sole\s+)?(?:voting\s+|investment\s+|dispositive\s+)?power\b[^.;]{{0,120}}?\b(?:owned|held)\s+"
                   rf"(?:directly\s+)?by)\b", re.I)
_ROLE_LEAD = re.compile(r"(?:(?:\b(?P<verb>(?:is|are)(?:\s+also|\s+currently)?|serves\s+as|acts\s+as)|(?P<as>,?\s*(?:in\s+(?:his|her|its|their)\s+capacity\s+)?"
                        r"\bas)|(?P<appositive>,)|(?P<andthe>,?\s+and))\s+(?:the|its|an?)\s+(?:sole\s+)?|\b(?:serves|acts)\s+as\s+|\bare\s+|"
                        r"(?P<capacity>\bin\s+(?P<pronoun>his|her|their|its)\s+capacit(?:y|ies)\s+as\s+)|"
                        r"(?P<kind>,\s+an?\s+(?:[A-Za-z.]+\s+){1,5}and\s+(?:the\s+|its\s+)?))$", re.I)
#: the roles by which a person governs an entity (a stated capacity without an article counts only for
#: these: "in his capacity as Managing Member of X"; "in his capacity as Investment Manager of X" is a
#: job title at a firm, and so is "Portfolio Manager")
_GOVERNING_ROLE = re.compile(r"(?:managing\s+|sole\s+)?(?:general\s+partner|member|partner|manager|trustee)s?|"
                             r"sole\s+(?:shareholder|stockholder|owner)s?|control(?:ling)?\s+\w+", re.I)
#: "X is managed by Y", "X, an investment fund managed by Y": Y controls X
_MANAGED_BY = re.compile(r"(?=[IiAa,])(?:\b(?:is|are)\s+|(?:,|\b(?:is|are))\s+(?:an?\s+|and\s+(?=investment\s+fund\s))?(?:private\s+)?"
                         r"(?:investment\s+)?(?:fund|entity|vehicle|account|partnership)s?\s+)(?:managed|advised)\s+by\s+", re.I)
_CONTROLS = re.compile(r"\b(?:controls|(?:owns|holds)\s+(?:a\s+)?(?:controlling\s+interest|majority(?:\s+interest)?)\s+in|"
                       r"is\s+the\s+(?:indirect\s+|direct\s+)?(?:majority|controlling)\s+(?:owner|shareholder|"
                       r"stockholder|member)\s+of)\s+", re.I)
#: "X (indirectly) owns a majority of our common shares": X controls the issuer
_MAJORITY_OF_US = re.compile(r"\b(?:owns|holds)\s+(?:a\s+)?majority\s+of\s+(?:the\s+)?(?:outstanding\s+)?(?:voting\s+power\s+of\s+)?"
                             r"our\s+(?:outstanding\s+)?(?:common\s+|voting\s+|capital\s+)?(?:shares|stock|equity)", re.I)
_CONTROLLED_BY = re.compile(r"\b(?P<lead>is|are|and)\s+(?:directly\s+|indirectly\s+|ultimately\s+)?controlled\s+by\s+(?:(?:its|their)\s+"
                            r"(?:(?:members|partners|managers|owners|shareholders|stockholders)\s+|(?:[a-z-]+\s+){0,2}(?:founder|chairman|"
                            r"chairperson|principal|owner|sole\s+member|managing\s+member|general\s+partner|chief\s+executive\s+officer),\s+))?",
                            re.I)
#: "X has the right to appoint a majority of the board of managers of Y": X controls Y
_APPOINT = re.compile(r"\b(?:has|have|holds?)\s+the\s+(?:sole\s+|exclusive\s+|contractual\s+)?right\s+to\s+(?:appoint|designate|elect|"
                      r"nominate)(?:\s+(?:or|and)\s+(?:remove|appoint|designate|elect))?\s+a\s+majority\s+of\s+(?:the\s+)?(?:members\s+of\s+"
                      r"(?:the\s+|its\s+)?)?(?:board\s+of\s+(?:directors|managers)|directors|managers|board)\s+of\s+", re.I)
_POWER = re.compile(   # (the lookahead names the first letters: the scan skips other positions ~2x faster)
    r"(?=[hmepr])\b(?:has|have|holds|hold|maintains|maintain|exercises|exercise|possesses|retains|"
    r"has\s+been\s+delegated|have\s+been\s+delegated)\s+(?:sole\s+|full\s+|exclusive\s+)?(?:the\s+)?(?:legal\s+)?"
    r"(?:discretionary\s+(?:authority|power)|(?:voting|investment|dispositive)(?:\s*(?:,|and/or|and|or)\s*"
    r"(?:voting|investment|dispositive))*\s+(?:power|control|authority|discretion)|power\s+to\s+(?:vote|direct))",
    re.I)
_INVERSE_ROLE = re.compile(r"(?:\b(?P<whose>whose)|\b[Tt]he)\s+(?:sole\s+)?(?P<irole>(?:managing\s+)?general\s+partner|(?:discretionary\s+)?"
                           r"investment\s+(?:manager|adviser|advisor)|managing\s+(?:member|partner)|sole\s+(?:member|manager)|manager)"
                           r"(?(whose)\s+(?:is|are)\s+|\s+of\s+)", re.I)
_NATURAL_PERSON = re.compile(
    r"\bnatural\s+persons?\s+(?:who\s+(?:has|have|holds?|exercises?)\s+|with\s+|that\s+(?:has|have|holds?|exercises?)\s+|"
    r"having\s+|exercising\s+)(?:sole\s+)?(?:the\s+)?(?:voting|investment|dispositive)(?:\s*(?:,|and/or|and|or)\s*(?:voting|"
    r"investment|dispositive))*\s+(?:power|control|authority|discretion)s?\b", re.I)
_IS_ARE = re.compile(r",?\s+(?:is|are)\s+(?:each\s+)?")
_POWER_HELD_BY = re.compile(
    r"\b(?:voting|investment|dispositive)(?:\s*(?:,|and/or|and|or)\s*(?:voting|investment|dispositive))*\s+"
    r"(?:power|control|authority)\s+(?:over|with\s+respect\s+to|of)\s+[^;]{0,160}?\b(?:is|are)\s+(?:held|exercised)\s+"
    r"(?:solely\s+)?by\s+", re.I)
_OBJECT_LEAD = re.compile(r"\b(?:held|owned)\s+(?:(?:directly\s+or\s+indirectly|directly|indirectly|of\s+record)\s+)*by\s+|"
                          r"\bincluding\s+|\bon\s+behalf\s+of\s+|\bover\s+(?=(?-i:[A-Z]))", re.I)
#: words that may open a sentence before its subject: "As such, Mr. Roe exercises ..."
_OPENER = re.compile(r"(?:As\s+such|Accordingly|In\s+addition|Therefore|As\s+a\s+result),\s+", re.I)
_DEFAULT_OBJECT = re.compile(r"\bsuch\s+(?:securities|shares)\b|\bthese\s+(?:securities|shares)\b|\bthe\s+(?:securities|"
                             r"shares)\s+(?:held|owned|reported|listed|offered|beneficially)\b", re.I)
_SUBSIDIARY = re.compile(r"(?=[IiAa,])(?:(?:\b(?:is|are)|,)\s+(?:each\s+)?an?\s+(?:direct\s+|indirect\s+)?(?:(?:wholly|majority)[- ]owned\s+)?"
                         r"(?:direct\s+|indirect\s+)?subsidiary\s+of|\b(?:is|are)\s+(?:directly\s+|indirectly\s+)?"
                         r"(?:wholly|majority)[- ]owned\s+by)\s+", re.I)
_AFFILIATE = re.compile(r"\b(?:is|are)\s+(?:an?\s+)?affiliates?\s+of\s+", re.I)
_HEDGE = re.compile(r"\bmay\s+(?:also\s+)?be\s+deemed\b|\bcould\s+be\s+deemed\b|\bdisclaim|\bshared\b|\bwhich\b|\bwho\b",
                    re.I)
_WE = re.compile(r"\b(?:[Ww]e|us|the\s+Company)\b")
_SELLER = re.compile(r"\b(?:the|such|each|that)\s+selling\s+(?:stock|share|security\s?|unit|note)holders?\b", re.I)
_MESSRS = re.compile(r"\bMessrs\.?\s+(?P<names>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:,\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)*,?\s+and\s+"
                     r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s+(?=[A-Z])")
_ALIAS_DEF = re.compile(r"\(\s*(?:the\s+|collectively,?\s+(?:the\s+)?|together,?\s+(?:the\s+)?|each,?\s+an?\s+|"
                        r"hereinafter\s+(?:the\s+)?)?\"(?P<a>[^\"\n]{1,60})\"")
_REFERS_TO = re.compile(r"\b[Rr]eferences?\s+(?:in\s+this\s+prospectus\s+(?:supplement\s+)?)?to\s+(?:the\s+)?"
                        r"\"(?P<a>[^\"\n]{1,40})\"\s+(?:refer|refers|are|is)\s+to\s+(?:the\s+)?")
_ARE_TO = re.compile(r"(?:^|(?<=[\s\u2022\u00b7;:]))\"[^\"\n]{1,40}\"(?:,?\s+(?:or|and)\s+\"[^\"\n]{1,40}\")*\s+(?:(?:are|is|refers?)\s+to|"
                     r"means)\s+(?:the\s+)?(?=[A-Z])")
#: a term defined in words after the name: 'X, which we refer to as "T",', 'X (referred to herein as "T")'
_REFER_AS = re.compile(r"(?:,\s*|\s*\(\s*)(?:which\s+(?:we|is|are)\s+(?:(?:collectively|together)\s+)?(?:refer(?:red)?\s+to|call(?:ed)?)|"
                       r"(?:collectively\s+|together\s+)?referred\s+to(?:\s+herein|\s+in\s+this\s+(?:prospectus|document)"
                       r"(?:\s+supplement)?)?|hereinafter\s+(?:referred\s+to|called))\s+as\s+(?:the\s+)?\"(?P<a>[^\"\n]{1,40})\"")
_OR_ALIAS = re.compile(r"(?=,)(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}){0,2}(?:,?\s+as\s+(?:the\s+|its\s+)?[a-z][a-z ]{0,30}?)?"
                       r",\s+or\s+(?P<coll>collectively\s+|together\s+)?(?:the\s+)?(?:\"(?P<q>[^\"\n]{1,40})\"|(?P<a>[A-Z][A-Z0-9&]{1,11})"
                       r"(?=[\s,.;)])|(?P<w>[A-Z][a-z]+(?:\s+[A-Z][A-Za-z]+){0,2})(?=,))")
_GROUP_DEF = re.compile(r"\"(?P<first>[^\"\n]{1,60}?),?\"\s*,?\s+and,?\s+together\s+with\s+(?P<list>[^\"\n]{1,300}?),?\s+"
                        r"(?:the\s+|collectively\s+)?\"(?P<g>[^\"\n]{1,60})\"")
_NOTE_LEAD = re.compile(r"\s*(?:\(\s*(?:\d{1,2}|[a-z])\s*\)|\d{1,2}[.)]?(?=\s+[A-Z\"(])|[*†‡§]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*")
_ADVERB = re.compile(r"\s+(?:also|further|currently|directly|indirectly|ultimately|together)\s*$", re.I)
_APPOSITIVE = re.compile(r",\s+(?:as\s+(?:the\s+|its\s+|an?\s+)?|in\s+(?:his|her|its|their|such)\s+capacity(?:\s+as\s+[^,;()\"]{1,60})?,?\s*)?"
                         r"(?:(?:an?|the|our|its|one\s+of\s+our)\s+[^,;()\"]{1,60}|(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})(?:'s|’s)\s+"
                         r"[a-z][a-z -]{1,40})?,\s*(?:which\s+|who\s+)?$", re.I)
_RELATIVE = re.compile(r",\s+(?:who|which)\s+[^,;()\"]{1,110},\s*$", re.I)
_GAP = re.compile(r"\s*(?:\((?:[^()]{0,80})\))?\s*(?:'s|’s)?\s*(?:,\s*(?:which|who)\s*)?$")
_LIST_SEP = re.compile(r"\s*(?:\([^()]{0,80}\))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)\s*(?:the\s+)?")


@dataclass
class Mention:
    refs: list[EntityRef]
    start: int
    end: int


@dataclass
class Registry:
    """The names a block of footnotes defines: alias key -> entities; surname -> persons."""

    aliases: dict[str, list[EntityRef]] = field(default_factory=dict)
    alias_text: dict[str, str] = field(default_factory=dict)
    known: dict[str, EntityRef] = field(default_factory=dict)     # legal_key -> entity
    default: list[EntityRef] = field(default_factory=list)
    #: (number of aliases, single-party terms, their pattern), for ``alias_mentions``
    terms: tuple | None = None
    #: (number of known parties, names without legal form, their pattern), for ``_bare_mentions``
    bare: tuple | None = None
    #: "we", "us" and "the Company" stand for the issuer (the prose of the prospectus itself)
    issuer_words: bool = False

    def know(self, ref: EntityRef) -> None:
        """Remember a party by its name without legal form; the fuller name wins ("Quillon Capital,
        LLC" over the "Quillon Capital" of an "Entities affiliated with" row)."""
        if ref.kind in ("Organization", "Person") and not ref.key.startswith("@"):
            key = legal_key(ref.key)
            if key not in self.known or (len(ref.key) > len(self.known[key].key)
                                         and legal_key(self.known[key].key) == normalise(self.known[key].key)):
                self.known[key] = ref


def extract(ctx, section: Section) -> None:
    _annotated_holders(ctx, section)
    rows = [r for r in ctx.selling_rows if section.start <= r.start < section.end]
    tables = []
    for r in rows:
        if r.table is not None and all(t is not r.table for t in tables):
            tables.append(r.table)
    covered: list[tuple[int, int]] = []
    for table in tables:
        table_rows = [r for r in rows if r.table is table]
        registry = Registry()
        for r in table_rows:
            for ref in ([r.named] if r.named else []) + r.holders:
                registry.know(ref)
        notes = list(table.footnotes)
        for note in notes:
            ctx.scan(note.start, note.end)
        for note in notes:
            learn(ctx, registry, note.start, note.end)
        for note in notes:
            citing = [r for r in table_rows if any(n is note for n in r.notes)]
            registry.default = [h for r in citing for h in r.holders]
            statements(ctx, registry, note.start, note.end)
        covered.append((table.start, max([table.end] + [n.end for n in notes])))
    if section.kind != "selling_stockholders" and _reads_prose(ctx, section):
        # the same grammar over the prose of every other section (control statements in the business,
        # capital stock or related-party sections); tables' footnotes were read above
        registry = seeded(document_registry(ctx))
        registry.issuer_words = True
        prose = _outside(section.body_start, section.end, covered + [(t.start, t.end) for t in ctx.doc.tables])
        for s, e in prose:
            if _STATEMENT_WORD.search(ctx.folded, s, e):
                statements(ctx, registry, s, e, prose=True, keyed=True)
        return
    if section.kind == "selling_stockholders":
        registry = Registry(default=list(ctx.selling_stockholders) if len(ctx.selling_stockholders) == 1 else [])
        for ref in ctx.selling_stockholders:
            registry.know(ref)
        prose = _outside(section.body_start, section.end, covered + [(t.start, t.end) for t in ctx.doc.tables])
        for s, e in prose:
            learn(ctx, registry, s, e)
        for s, e in prose:
            statements(ctx, registry, s, e, prose=True)


_CONTROL_NOTE = re.compile(r"\(\s*(?:the\s+)?(?:control(?:ling)?\s+person|natural\s+person\s+with\s+(?:sole\s+)?(?:voting|"
                           r"investment|dispositive)(?:\s+and\s+(?:voting|investment|dispositive))?\s+(?:power|control))\s*(?:is|:)\s+",
                           re.I)


def _annotated_holders(ctx, section: Section) -> None:
    """A holder's name annotated with the person who controls it, in a table cell or a list ("Foo
    Capital Ltd (the control person is Jane Roe)", "Foo LLC (natural person with voting power: Jane
    Roe)"): the person controls the holder."""
    lower, folded = ctx.lower, ctx.folded
    pos = lower.find("person", section.start, section.end)
    while pos >= 0:
        m = _CONTROL_NOTE.search(folded, max(section.start, pos - 60), min(section.end, pos + 80))
        if m and m.start() <= pos:
            person = find_person_at(folded, m.end(), min(section.end, m.end() + 60))
            close = person is not None and re.match(r"\s*\)", folded[person.end:person.end + 3])
            if close and named_in_full(person.name):
                named = _name_before(ctx, m.start(), section.start)
                if named is not None:
                    ctx.add(ctx.mention(person.name, person.start, person.end, "Person"), "controls", named[0],
                            named[1], person.end + len(close.group()))
            pos = lower.find("person", max(m.end(), pos + 1), section.end)
            continue
        pos = lower.find("person", pos + 1, section.end)


def _name_before(ctx, paren: int, floor: int) -> tuple[EntityRef, int] | None:
    """The party named right before ``paren`` on its line or in its cell: a legal name, or the
    capitalised words that fill the cell ("Plover Capital")."""
    folded = ctx.folded
    line_start = max(folded.rfind("\n", floor, paren), folded.rfind("\t", floor, paren)) + 1
    orgs = [o for o in ctx.organizations(line_start, paren) if re.fullmatch(r"\s*", folded[o.end:paren])]
    if orgs:
        o = orgs[-1]
        return ctx.mention(o.name, o.start, o.end), o.start
    cell = folded[line_start:paren].strip()
    if re.fullmatch(r"[A-Z][\w&.'-]*(?:\s+(?:[A-Z0-9][\w&.'-]*|of|and|&)){1,5}", cell) and not is_person(cell):
        s = line_start + folded[line_start:paren].index(cell)
        return ctx.mention(cell, s, s + len(cell)), s
    return None


#: sections whose prose states who controls whom: the business and its structure, the summary, the
#: offering, capital stock, principal holders and related parties (risk factors, tax, plan of
#: distribution, experts and the financial statements are not read for control)
_CONTROL_SECTIONS = ("cover", "summary", "about", "company", "offering", "private_placement", "capital_stock")
_CONTROL_TITLES = re.compile(r"STOCKHOLDER|SHAREHOLDER|OWNERSHIP|RELATIONSHIP|RELATED|TRANSACTION|CORPORATE|STRUCTURE|PRESENTATION|"
                             r"REORGANI[SZ]ATION|HISTORY|SPONSOR|MANAGEMENT|ORGANI[SZ]ATION|PRINCIPAL", re.I)


def _reads_prose(ctx, section: Section) -> bool:
    if ctx.in_financial_statements(section.start):
        return False
    return section.kind in _CONTROL_SECTIONS or (section.kind == "other" and bool(_CONTROL_TITLES.search(section.title)))


def _outside(start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], start
    for s, e in sorted(spans):
        if e <= pos or s >= end:
            continue
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        out.append((pos, end))
    return out


# --- names ------------------------------------------------------------------------------------------

def learn(ctx, registry: Registry, start: int, end: int) -> None:
    """Record the terms defined in ``text[start:end]``: "X ("Alias")", "(the "Master Fund")", groups."""
    folded = ctx.folded
    if '"' not in folded[start:end] and ", or " not in folded[start:end]:
        return
    orgs = ctx.organizations(start, end)
    for m in _ALIAS_DEF.finditer(folded, start, end):
        alias = m.group("a").strip()
        paren = m.start()
        target = None
        before = [o for o in orgs if o.end <= paren and paren - o.end <= 90]
        if before:
            o = before[-1]
            gap = folded[o.end:paren]
            if re.fullmatch(r"\s*(?:'s|’s)?\s*|,\s+an?\s+[^,()\"]{1,70}?\s*|\s*,\s*|"
                            r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}){0,2},?\s+as\s+(?:the\s+|its\s+)?[a-z][a-z ]{0,30}\s*",
                            gap):     # "X, New York, New York, as depositary ("DTC")"
                target = ctx.mention(o.name, o.start, o.end)
        if target is None:
            person = person_before(folded, len(folded[:paren].rstrip()), max(start, paren - 60))
            if person:
                target = ctx.mention(person.name, person.start, person.end, "Person")
        if target is None:
            continue
        key = normalise(alias)
        if key and key != normalise(target.key):
            registry.aliases.setdefault(key, [target])
            registry.alias_text[key] = alias
        registry.know(target)
    for m in _REFER_AS.finditer(folded, start, end):
        # 'Foo Motor Finance Corporation, which we refer to as "FMFC", is the sponsor'
        named = [o for o in orgs if o.end == m.start()]
        if named:
            target = ctx.mention(named[0].name, named[0].start, named[0].end)
            key = normalise(m.group("a"))
            if key and key != normalise(target.key):
                registry.aliases.setdefault(key, [target])
                registry.alias_text[key] = m.group("a")
            registry.know(target)
    for m in _REFERS_TO.finditer(folded, start, end):
        # 'References in this prospectus to "Five Star" refer to Five Star Energy LLC'
        after = [o for o in orgs if o.start == m.end()]
        if after:
            target = ctx.mention(after[0].name, after[0].start, after[0].end)
            key = normalise(m.group("a"))
            if key and key != normalise(target.key):
                registry.aliases.setdefault(key, [target])
                registry.alias_text[key] = m.group("a")
            registry.know(target)
    if '" ' in folded[start:end]:
        for m in _ARE_TO.finditer(folded, start, end):
            # a glossary entry: '"Sponsor" or "founders" are to Foo Sponsor LLC, a Delaware ...'
            after = [o for o in orgs if o.start == m.end()]
            if not after:
                continue
            target = ctx.mention(after[0].name, after[0].start, after[0].end)
            for alias in re.findall(r'"([^"\n]{1,40})"', m.group()):
                key = normalise(alias)
                if key and key != normalise(target.key):
                    registry.aliases.setdefault(key, [target])
                    registry.alias_text[key] = alias
            registry.know(target)
    for m in _OR_ALIAS.finditer(folded, start, end):
        # "The Eastbrook Clearing Company, or ECC," / "..., or the "Trustee""
        or_at = m.start() + m.group().rfind(", or")
        before = [o for o in orgs if o.end == m.start() or (o.start < m.start() < o.end <= or_at)]
        if before:
            alias = m.group("q") or m.group("a") or m.group("w")
            if m.group("w") and m.group("w").split()[0] != before[-1].name.split()[0]:
                continue     # "Foo Ventures III, LLC, or Foo," (a short form of the name), not "X, or Y, ..."
            target = ctx.mention(before[-1].name, before[-1].start, before[-1].end)
            targets = [target]
            if m.group("coll") and len(before) >= 1:
                # "A and B, or collectively C,": the term stands for both
                pair = [o for o in orgs if o.end <= before[-1].start and
                        re.fullmatch(r"\s*(?:,\s*)?and\s+", folded[o.end:before[-1].start])]
                if not pair:
                    continue
                targets = [ctx.mention(pair[-1].name, pair[-1].start, pair[-1].end), target]
            key = normalise(alias)
            if key and all(key != normalise(t.key) for t in targets):
                registry.aliases.setdefault(key, targets)
                registry.alias_text[key] = alias
            for t in targets:
                registry.know(t)
    _group_definitions(ctx, registry, orgs, start, end)
    for m in _GROUP_DEF.finditer(folded, start, end):
        members = []
        first = registry.aliases.get(normalise(m.group("first")))
        if first:
            members += first
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("list")):
            found = registry.aliases.get(normalise(part.strip()))
            if found:
                members += [r for r in found if r not in members]
        if len(members) >= 2:
            key = normalise(m.group("g"))
            registry.aliases[key] = members
            registry.alias_text[key] = m.group("g")


_TOGETHER = re.compile(r"\(\s*(?P<how>together\s+with|collectively|together)\b(?P<list>[^()\"]{0,300}?),?\s*(?:the\s+)?"
                       r"\"(?P<g>[^\"\n]{1,60})\"\s*\)", re.I)
_HELD_BY_LIST = re.compile(r"\b(?:held|owned)\s+(?:(?:directly|indirectly|of\s+record)\s+)?by\s+", re.I)
_HELD_LEAD = re.compile(r"\b(?:held|owned)\s+(?:(?:directly|indirectly|of\s+record)\s+)?by\s+$", re.I)


def _group_definitions(ctx, registry: Registry, orgs, start: int, end: int) -> None:
    """ "X (together with Y and Z, the "Funds")" and "X, Y and Z (collectively, the "Funds")"."""
    folded = ctx.folded
    for m in _TOGETHER.finditer(folded, start, end):
        members: list[EntityRef] = []
        with_list = m.group("how").lower().startswith("together with")
        if with_list:
            before = [o for o in orgs if o.end <= m.start() and re.fullmatch(r"\s*", folded[o.end:m.start()])]
            if before:
                members.append(ctx.mention(before[-1].name, before[-1].start, before[-1].end))
            listed = [o for o in orgs if m.start("list") <= o.start and o.end <= m.end("list")]
        else:
            listed = []
            pos = m.start()
            for o in reversed([o for o in orgs if o.end <= m.start()]):
                gap = folded[o.end:pos]
                if listed and not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*", gap):
                    break
                if not listed and not re.fullmatch(r"\s*", gap):
                    break
                listed.insert(0, o)
                pos = o.start
        if len(listed) < 2 and not with_list:
            # "(i) 100 shares held by A, (ii) 50 shares held by B and ... (together, the "Accounts")": the
            # holders the sentence enumerates
            sentence_start = next((a for a, b in sentences(folded, start, end) if a <= m.start() < b), start)
            listed = [o for o in orgs if sentence_start <= o.start and o.end <= m.start()
                      and _HELD_LEAD.search(folded, max(start, o.start - 30), o.start)]
            for lead in _HELD_BY_LIST.finditer(folded, sentence_start, m.start()):
                if not any(o.start == lead.end() for o in orgs):
                    fund = fund_name_at(folded, lead.end(), m.start() + 1)
                    if fund is not None and normalise(fund.name) not in registry.aliases:
                        # "(vi) 500 shares held by Foo Allocation Portfolio, (vii) ..."
                        listed.append(fund)
            listed.sort(key=lambda o: o.start)
        for o in listed:
            term = registry.aliases.get(normalise(o.name))
            if term and folded[o.start - 1:o.start] != '"':
                members += term    # "(together with Fund II and Fund LP, the "Funds")": terms, not new names
                continue
            members.append(registry.known.get(legal_key(o.name)) or ctx.mention(o.name, o.start, o.end))
        if with_list:
            for key, refs in list(registry.aliases.items()):
                alias = registry.alias_text.get(key, "")
                if alias and re.search(rf"(?<![\w]){re.escape(alias)}(?![\w])", m.group("list")):
                    members += [r for r in refs if r not in members]
        members = list(dict.fromkeys(members))
        if len(members) >= 2:
            key = normalise(m.group("g"))
            registry.aliases[key] = members
            registry.alias_text[key] = m.group("g")


@dataclass(frozen=True)
class _Span:
    s: int
    e: int

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


@lru_cache(maxsize=4096)
def _alias_re(alias: str) -> re.Pattern:
    # (a term may be printed across a line or page break: "Global\n\nManagement")
    return re.compile(rf"(?<![\w\"]){_spaced(alias)}(?![\w\"])")


def _spaced(alias: str) -> str:
    return r"\s+".join(re.escape(w) for w in alias.split())


def document_registry(ctx) -> Registry:
    """The terms the whole document defines ("The Eastbrook Clearing Company ("ECC")", "ACME Holdings
    Corp. (the "Parent")"), read once: each definition is read in a small window around it."""
    found = ctx.scratch.get("footnotes.document_registry")
    if found is None:
        found = Registry()
        folded = ctx.folded
        last = -1
        defs = [[m.start(), m.end()] for m in _ALIAS_DEF.finditer(folded)]
        lower = ctx.lower
        for literal, pattern, before, extra in ((", or ", _OR_ALIAS, 90, 0), ("reference", _REFERS_TO, 1, 120),
                                                ('" are to ', _ARE_TO, 90, 120), ('" is to ', _ARE_TO, 50, 120),
                                                ('" means ', _ARE_TO, 50, 120), (' as "', _REFER_AS, 90, 0)):
            pos = lower.find(literal)
            while pos >= 0:       # (the literal first: these patterns are slow to try everywhere)
                # the match that holds this literal (an earlier definition may lie in the window too)
                m = next((m for m in pattern.finditer(folded, max(0, pos - before), min(len(folded), pos + 80))
                          if m.start() <= pos < m.end()), None)
                if m:
                    defs.append([m.start(), m.end() + extra])
                pos = lower.find(literal, pos + 1)
        defs.sort()
        for ms_, me_ in defs:
            if me_ <= last:
                continue       # (read with the window before)
            m = _Span(ms_, me_)
            ws, we = max(0, m.start() - 240), min(len(folded), m.end() + 5)
            learn(ctx, found, ws, we)
            last = we
        ctx.scratch["footnotes.document_registry"] = found
    return found


def seeded(base: Registry) -> Registry:
    """A new registry that starts from the terms ``base`` knows."""
    return Registry(aliases=dict(base.aliases), alias_text=dict(base.alias_text), known=dict(base.known))


def alias_mentions(ctx, registry: Registry, start: int, end: int) -> list[tuple[EntityRef, int, int]]:
    """Where ``text[start:end]`` uses a term that stands for one party (one pattern for all terms)."""
    if registry.terms is None or registry.terms[0] != len(registry.aliases):
        single = {registry.alias_text[k]: refs[0] for k, refs in registry.aliases.items()
                  if len(refs) == 1 and len(registry.alias_text[k]) >= 2}
        pattern = _terms_re(tuple(sorted(single, key=lambda a: (-len(a), a)))) if single else None
        registry.terms = (len(registry.aliases), single, pattern)
    _n, single, pattern = registry.terms
    if pattern is None:
        return []
    return [(single[m.group()], m.start(), m.end()) for m in pattern.finditer(ctx.folded, start, end)]


@lru_cache(maxsize=64)
def _terms_re(terms: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w\"])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w\"])")


def mentions(ctx, registry: Registry, start: int, end: int) -> list[Mention]:
    """Parties named in ``text[start:end]``, by position; longer mentions win where they overlap."""
    folded = ctx.folded
    out: list[Mention] = []
    for o in ctx.organizations(start, end):
        if o.start > 0 and folded[o.start - 1] == '"':
            continue               # the term being defined, not a mention
        key = normalise(o.name)
        if key in registry.aliases:
            out.append(Mention(list(registry.aliases[key]), o.start, o.end))
            continue
        known = registry.known.get(legal_key(o.name))
        if known is not None and not _same_party(known.key, o.name):
            known = None       # "GP II LLC" and "GP II LP" are two entities
        ref = known if known is not None and len(known.key) >= len(o.name) else ctx.mention(o.name, o.start, o.end)
        registry.know(ref)
        out.append(Mention([ref], o.start, o.end))
    for key, refs in registry.aliases.items():
        alias = registry.alias_text[key]
        if folded.find(alias.split()[0] if alias.split() else alias, start, end) < 0:
            continue               # (the pattern matches the alias's words: not here)
        for m in _alias_re(alias).finditer(folded, start, end):
            out.append(Mention(list(refs), m.start(), m.end()))
    if not registry.issuer_words:
        for ref, s_, e_ in _bare_mentions(registry, folded, start, end):
            out.append(Mention([ref], s_, e_))
    if registry.issuer_words:
        for m in _WE.finditer(folded, start, end):
            out.append(Mention([ISSUER], m.start(), m.end()))
    for m in _SELLER.finditer(folded, start, end):
        if registry.default:
            out.append(Mention(list(registry.default), m.start(), m.end()))
    for m in _MESSRS.finditer(folded, start, end):
        # "Messrs. Roe and Doe": each surname the one person of that name nearby
        names = [n for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("names")) if n]
        refs = [_person_ref(ctx, registry, n, m.start(), m.end(), start) for n in names]
        if refs and all(r is not None for r in refs):
            out.append(Mention(list(dict.fromkeys(refs)), m.start(), m.end()))
    for m in _HONORIFIC.finditer(folded, start, end):
        person = find_person_at(folded, m.start(), end)
        if person is None:
            continue
        ref = _person_ref(ctx, registry, person.name, person.start, person.end, start)
        if ref is not None:
            out.append(Mention([ref], person.start, person.end))
    out.sort(key=lambda x: (x.start, -(x.end - x.start)))
    result: list[Mention] = []
    for m in out:
        if result and m.start < result[-1].end:
            continue
        result.append(m)
    return result


_LEGAL_TAIL = re.compile(r",?\s+(?:L\.?L\.?C|L\.?P|L\.?L\.?L\.?P|L\.?L\.?P|Ltd|Limited|Inc|Incorporated|Corp|Corporation|"
                         r"PLC|plc|S\.?A|N\.?V|B\.?V|AG|GmbH|SPC)\.?$")


def _bare_mentions(registry: Registry, folded: str, start: int, end: int) -> list[tuple[EntityRef, int, int]]:
    """Where a block names a party it knows without the legal form ("Foo Capital Partners" for "Foo
    Capital Partners, L.P."): names of two or more words, printed in full elsewhere in the block."""
    if registry.bare is None or registry.bare[0] != len(registry.known):
        bare: dict[str, EntityRef] = {}
        for ref in registry.known.values():
            if ref.kind != "Organization":
                continue
            short = _LEGAL_TAIL.sub("", ref.key)
            if short != ref.key and len(short.split()) >= 2 and short[:1].isupper():
                bare.setdefault(short, ref)
        pattern = re.compile(r"(?<![\w\"])(?:" + "|".join(re.escape(b) for b in sorted(bare, key=lambda b: (-len(b), b)))
                             + r")(?![\w\"]|,?\s+(?:L\.?L\.?C|L\.?P|Ltd|Limited|Inc|Corp|LLC|LP)\b)") if bare else None
        registry.bare = (len(registry.known), bare, pattern)
    _n, bare, pattern = registry.bare
    if pattern is None:
        return []
    return [(bare[m.group()], m.start(), m.end()) for m in pattern.finditer(folded, start, end)]


def _same_party(a: str, b: str) -> bool:
    """Whether two names with one ``legal_key`` name one party: the same name, or one of them printed
    without a legal form ("Hill Fund" and "Hill Fund LP"); never two different legal forms."""
    na, nb = normalise(a), normalise(b)
    return na == nb or legal_key(a) == na or legal_key(b) == nb


def _person_ref(ctx, registry: Registry, name: str, s: int, e: int, floor: int) -> EntityRef | None:
    """A person's ref; "Mr. Hawkins" resolves to the one full name of that surname in the block."""
    bare = strip_honorific(name)
    words = bare.split()
    if len(words) >= 2:
        ref = ctx.mention(name, s, e, "Person")
        registry.know(ref)
        return ref
    surname = words[0] if words else ""
    candidates = {r for r in registry.known.values() if r.kind == "Person" and r.key.split()[-1] == surname}
    if not candidates:
        folded = ctx.folded
        lo = max(0, floor - 20000)
        for m in re.finditer(rf"(?<![A-Za-z.])((?:[A-Z]\.[ \t]*|[A-Z][a-z]+[ \t]+)(?:[A-Z]\.[ \t]+|[A-Z][a-z]+[ \t]+){{0,2}})"
                             rf"{re.escape(surname)}\b", folded[lo:e]):     # (a name is on one line)
            full = m.group().strip()
            if full.split()[0] in ("Mr.", "Ms.", "Mrs.", "Dr.", "Mr", "Ms", "Mrs", "Dr"):
                full = strip_honorific(full)
            if len(full.split()) >= 2 and not re.match(r"(?:The|Each|Of|And|By|In)\b", full):
                candidates.add(EntityRef("Person", full))
                registry.known.setdefault(legal_key(full), EntityRef("Person", full))
                ctx.mention(full, lo + m.start(), lo + m.start() + len(m.group().rstrip()), "Person")
    if len(candidates) > 1 and len({(r.key.split()[0], r.key.split()[-1]) for r in candidates}) == 1:
        # "Jon Roe" and "Jon Q. Roe": one person printed with and without a middle initial
        return max(candidates, key=lambda r: (len(r.key), r.key))
    if len(candidates) == 1:
        return next(iter(candidates))
    return None


# --- statements -------------------------------------------------------------------------------------

def _subject(ctx, registry: Registry, ms: list[Mention], pos: int, ss: int) -> Mention | None:
    """The mention that ends just before ``pos`` (an alias in parentheses or "'s" may come between)."""
    folded = ctx.folded
    appositive = _APPOSITIVE.search(folded, max(ss, pos - 90), pos)
    if appositive:      # "X, a director of our company, is the manager of Y"
        pos = appositive.start()
    else:
        relative = _RELATIVE.search(folded, max(ss, pos - 130), pos)
        if relative:    # "A and B, who collectively own 90% of X, have the right to ..."
            pos = relative.start()
    adverb = _ADVERB.search(folded, max(ss, pos - 20), pos)
    if adverb:          # "Mr. Roe also is the majority owner of Y"
        pos = adverb.start()
    for m in reversed(ms):
        if m.end <= pos and _GAP.match(folded[m.end:pos]):
            return m
        if m.end <= pos:
            break
    end = pos
    while end > ss and folded[end - 1] in " ,":
        end -= 1
    person = person_before(folded, end, ss)
    if person and any(m.start < person.end and person.start < m.end for m in ms):
        person = None       # a party's name ("Foo Public Equities"), not a person's
    if person:
        ref = _person_ref(ctx, registry, person.name, person.start, person.end, ss)
        if ref is not None:
            return Mention([ref], person.start, person.end)
    return None


#: roles a person holds in a firm (a chain of titles attaches them to the person)
_PERSON_ROLE = re.compile(r"managing\s+(?:member|partner)|manager|sole\s+(?:member|manager)|control(?:ling)?\s+person",
                          re.I)
#: "..., and the Managing Member of": a sentence that coordinates titles
_TITLE_LIST = re.compile(r",\s+and\s+(?:the\s+|its\s+|an?\s+)?(?:sole\s+)?(?:managing\s+(?:member|partner)|manager|"
                         r"control(?:ling)?\s+person)\s+of\b", re.I)
_SUCH_CAPACITY = re.compile(r"\band,?\s+in\s+such\s+capacit(?:y|ies),\s*$", re.I)
_MODAL = re.compile(r"\b(?:may|might|could|would|will)\s+(?:also\s+|each\s+|jointly\s+)?$", re.I)
_CLAUSE_START = re.compile(r"(?:;|,?\s+and|,\s+but|,\s+while)\s+(?:the\s+)?$", re.I)
_PERSON_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _person_list(ctx, person, end: int) -> Mention:
    """The person named at the start of a sentence, with the persons coordinated after it ("Jane Roe and
    John Doe, the members of the investment committee of X, have voting power ..."): one mention."""
    folded = ctx.folded
    refs = [ctx.mention(person.name, person.start, person.end, "Person")]
    stop = person.end
    while True:
        sep = _PERSON_AND.match(folded, stop, end)
        if not sep:
            break
        nxt = find_person_at(folded, sep.end(), end)
        if nxt is None or not named_in_full(nxt.name):
            break
        refs.append(ctx.mention(nxt.name, nxt.start, nxt.end, "Person"))
        stop = nxt.end
        if "and" in sep.group():
            break
    return Mention(refs, person.start, stop)


_EACH_OF = re.compile(r"\b(?:each|both|all)\s+of\s+(?:the\s+)?$", re.I)


def _group(ctx, ms: list[Mention], subject: Mention, ss: int, registry: Registry | None = None) -> Mention:
    """The coordinated subjects that end with ``subject`` ("Each of A and B is controlled by",
    "A, B and C are managed by", "A and B, each a subsidiary of"): one mention standing for all, when
    the list opens the sentence or follows "each of"; otherwise ``subject`` itself."""
    folded = ctx.folded
    group = [subject]
    for m in reversed([m for m in ms if m.end <= subject.start]):
        if not _LIST_SEP.fullmatch(folded[m.end:group[0].start]):
            break
        group.insert(0, m)
    while all(r.kind == "Person" for r in group[0].refs):     # "Jane Roe and John Doe are ..."
        sep = re.search(r"(?:,\s*(?:and\s+)?|\s+and\s+)$", folded[max(ss, group[0].start - 8):group[0].start])
        if not sep:
            break
        at = group[0].start - len(sep.group())
        person = person_before(folded, at, ss)
        if person is None:
            break
        if not named_in_full(person.name):
            # "Mr. Roe and Jane Doe": the one person of that surname named in full nearby, or nobody
            ref = _person_ref(ctx, registry, person.name, person.start, person.end, ss) \
                if registry is not None and _HONORIFIC.match(person.name) else None
            if ref is None:
                break
            group.insert(0, Mention([ref], person.start, person.end))
            continue
        group.insert(0, Mention([ctx.mention(person.name, person.start, person.end, "Person")], person.start, person.end))
    if len(group) == 1:
        return subject
    head = folded[ss:group[0].start]
    if not (head.strip() == "" or _EACH_OF.search(head)):
        return subject
    refs = [r for m in group for r in m.refs]
    return Mention(list(dict.fromkeys(refs)), group[0].start, subject.end)


def _objects_or_person(ctx, ms: list[Mention], pos: int, end: int) -> list[Mention]:
    """``_objects``, or the person named at ``pos`` ("... is managed by Tobias Wren")."""
    found = _objects(ms, pos, ctx.folded)
    if found:
        return found
    person = find_person_at(ctx.folded, pos, end)
    if person and named_in_full(person.name):
        return [Mention([ctx.mention(person.name, person.start, person.end, "Person")], person.start, person.end)]
    return []       # ("Mr. Roe" alone: the mentions resolve it when one person of that name is near)


_TYPO_SEP = re.compile(r"\.\s+(?=[A-Z][^.;]{0,60},\s)")


def _objects(ms: list[Mention], pos: int, folded: str) -> list[Mention]:
    """The coordinated list of mentions that starts at ``pos`` ("each of A, B and C")."""
    lead = re.match(r"\s*(?:the\s+following\s+(?:funds|entities|accounts|partnerships|vehicles|clients)\s*:\s*|each\s+of\s+|"
                    r"all\s+of\s+|both\s+|any\s+of\s+)?(?:the\s+)?", folded[pos:pos + 50], re.I)
    pos += lead.end() if lead else 0
    out: list[Mention] = []
    typo = 0
    for m in ms:
        if m.start < pos:
            continue
        if m.start != pos:
            break
        if out and _NEW_CLAUSE.match(folded, m.end):
            break          # "... manager of A and B is the general partner of A": B opens a new clause
        out.append(m)
        sep = _LIST_SEP.match(folded, m.end)
        if not sep and len(out) == 1 and lead and "each" in lead.group().lower():
            sep = _TYPO_SEP.match(folded, m.end)     # "each of A. B, C and D": a period typo in the list
            typo = 1 if sep else 0
        if not sep:
            break
        pos = sep.end()
    if typo and (len(out) < 3 or not re.match(r"\s*\.", folded[out[-1].end:out[-1].end + 3])):
        return out[:1]     # (only a list of names without a verb, ended by its period, continues the list)
    return out


def _trailing(ms: list[Mention], se: int, folded: str) -> list[Mention]:
    """The coordinated list of mentions that ends the sentence ("... owned by, Y and Z.")."""
    end = se
    while end > 0 and folded[end - 1] in " .;)":
        end -= 1
    out: list[Mention] = []
    for m in reversed(ms):
        if m.end > end:
            continue
        gap = folded[m.end:end]
        if not out and not re.fullmatch(r"\s*(?:\([^()]{0,80}\))?\s*", gap):
            break
        if out and not _LIST_SEP.fullmatch(folded[m.end:out[0].start]):
            break
        out.insert(0, m)
        end = m.start
    return out


def _emit(ctx, subject: Mention, predicate: str, objects: list[Mention], ss: int, se: int, inverse=False) -> bool:
    done = False
    for o in objects:
        for a in subject.refs:
            for b in o.refs:
                if normalise(a.key) == normalise(b.key):
                    continue
                if inverse:
                    ctx.add(b, predicate, a, ss, se)
                else:
                    ctx.add(a, predicate, b, ss, se)
                done = True
    return done


_HEDGE_BEFORE = re.compile(r"\b(?:may|might|could|will|would|not|no\s+longer|formerly|previously)\b[^,;]{0,20}$", re.I)
#: after a list member: a verb, or an appositive role of its own ("Each of A, the general partner of the
#: Funds, and B, the general partner of A, has ...": B opens a new subject, it is not a second object)
_NEW_CLAUSE = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?(?:\s(?:is|are|was|were|has|have|serves|acts|controls|holds|owns|"
                         rf"manages|exercises|shares|may|will)\b|,\s+(?:the|its)\s+(?:sole\s+)?(?:{_ROLE_WORDS})\s+(?:of|to)\b)", re.I)
_STATEMENT_WORD = re.compile(r"partner|manag|advis|control|power|authority|discretion|subsidiar|affiliate|owned\s+by|"
                             r"member|owner|interest|majority", re.I)


#: literal words without which no sentence of prose states control (relations of subsidiaries and
#: affiliates in prose are read by graph.extract.transactions)
_PROSE_KEYWORDS = ("general partner", "managing member", "managing partner", "manager of", "manager to", "managers of",
                   "manager on behalf", "investment adviser", "investment advisor", "sub-advis", "subadvis",
                   "sole member", "sole manager", "sole shareholder", "sole stockholder", "sole owner", "control person",
                   "controlling person", "controlling shareholder", "controlling stockholder", "controlling member",
                   "controlled by", "controls ", "managed by", "advised by", "dispositive", "voting power",
                   "voting control", "investment power", "investment control", "investment discretion",
                   "controlling interest", "majority owner", "discretionary authority", "affiliate of", "affiliates of",
                   "majority of our")


@lru_cache(maxsize=2)
def _trigger(prose: bool) -> re.Pattern:
    """One pattern that any statement the grammar reads must match somewhere in its sentence."""
    patterns = [_ROLE, _CONTROLS, _MANAGED_BY, _CONTROLLED_BY, _POWER, _POWER_HELD_BY, _AFFILIATE, _MAJORITY_OF_US, _APPOINT,
                _NATURAL_PERSON, _INVERSE_ROLE]
    if not prose:
        patterns += [_SUBSIDIARY, _AFFILIATE]
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.I)


_EACH_OF_END = re.compile(r"\beach\s+of\s+(?:the\s+)?[A-Z][^,;.]{0,60}\.$")
_LIST_START = re.compile(r"[A-Z][\w.&'-]*(?:\s+[A-Z(][\w.&'()-]*){0,5},\s+(?!(?:L\.?L\.?C|L\.?P|Inc|Ltd|Limited|Corp)\b)[A-Z]")


def _page_joined(folded: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A footnote's sentences, those cut by a page break made whole again: a sentence that stops
    without closing punctuation goes on in the next paragraph of the footnote ("... is the general
    partner of | Foo Fund LP.")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _EACH_OF_END.search(folded, out[-1][0], out[-1][1]) and _LIST_START.match(folded, s, e):
            out[-1] = (out[-1][0], e)     # "... of each of A. B, C and D.": a period typo inside a list
        elif out and folded[out[-1][1] - 1] not in ".;:!?\")]*" and not folded[out[-1][0]:out[-1][1]].isupper() and \
                "\n" in folded[out[-1][1]:s] and not folded[out[-1][1]:s].strip():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def statements(ctx, registry: Registry, start: int, end: int, prose: bool = False, keyed: bool = False) -> None:
    """Read the relation statements of ``text[start:end]``. ``keyed``: only the sentences that hold a
    keyword of the grammar are split out (long prose of a whole section)."""
    folded = ctx.folded
    trigger = _trigger(prose)
    spans = sentences_with(folded, _PROSE_KEYWORDS, start, end, ctx.lower) if keyed else sentences(folded, start, end)
    if not prose:
        spans = _page_joined(folded, list(spans))
    for ss, se in spans:
        lead = _NOTE_LEAD.match(folded, ss, se)
        if lead and lead.end() > ss and (folded[ss] in "(*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰" or folded[ss].isdigit()):
            ss = lead.end()
        if ss >= se:
            continue
        if not _STATEMENT_WORD.search(folded, ss, se) or not trigger.search(folded, ss, se):
            continue
        ms = mentions(ctx, registry, ss, se)
        if not ms:
            continue
        subjects_done: set[int] = set()
        #: a person's coordinated titles ("Jane Roe serves as Managing Partner of A, the Managing Member of
        #: B (..., the general partner of A), and the Managing Member of C"): object start -> the person
        chain: dict[int, Mention] = {}
        capacity: Mention | None = None
        titles = _TITLE_LIST.search(folded, ss, se) is not None
        for m in _ROLE.finditer(folded, ss, se):
            lead_m = _ROLE_LEAD.search(folded, max(ss, m.start() - 60), m.start())
            if not lead_m:
                continue
            role = " ".join(m.group("role").lower().split())
            whole = " ".join(m.group().lower().split())
            if lead_m.group("capacity") and lead_m.group("pronoun").lower() != "its" and not _GOVERNING_ROLE.fullmatch(role):
                continue     # "in his capacity as Portfolio Manager of X": a job title
            if lead_m.group("andthe"):
                # "..., and the Managing Member of C": one more title of the person the sentence is about
                if not (titles and chain and _GOVERNING_ROLE.fullmatch(role)):
                    continue
                subject = list(chain.values())[-1]
            else:
                at = lead_m.start()
                if lead_m.group("capacity"):
                    while at > ss and folded[at - 1] in " ,":
                        at -= 1     # "Foo Advisors LLC, in its capacity as investment manager to ..."
                subject = _subject(ctx, registry, ms, at, ss)
            if subject is None:
                continue
            if lead_m.group("appositive") and titles and subject.start in chain and _PERSON_ROLE.fullmatch(role):
                subject = chain[subject.start]      # a title of the person, not of the entity before it
            after = folded[m.end():m.end() + 3]
            objects = _trailing(ms, se, folded) if after.lstrip().startswith(",") else _objects(ms, m.end(), folded)
            plural = re.match(r"are\b", lead_m.group().strip(), re.I) and ISSUER not in subject.refs
            if plural and re.fullmatch(r"are\s+", lead_m.group(), re.I) and not re.search(r"control|general partner", whole):
                continue     # "A and B are managing members of X": one of several members, not its manager
            if plural and re.fullmatch(r"(?:managing\s+)?(?:members?|partners?)|managers?", role) and \
                    not re.search(r"control|general partner", whole):
                continue     # "A and B are the managing members of X": neither alone governs X
            subject = _group(ctx, ms, subject, ss, registry)
            if role.startswith("portfolio") and "control" not in whole and all(r.kind == "Person" for r in subject.refs):
                continue     # "Jane Roe is a portfolio manager of X": a job title at the firm
            if all(r.kind == "Person" for r in subject.refs) and _PERSON_ROLE.fullmatch(role):
                for o in objects:
                    chain[o.start] = subject
            if re.fullmatch(r"sole (?:members?|shareholders?|stockholders?|owners?)", role) and \
                    all(r.kind == "Organization" for r in subject.refs):
                # an entity that is the sole member of an LLC owns it: the LLC is its subsidiary
                if _emit(ctx, subject, "subsidiaryOf", objects, ss, se, inverse=True):
                    subjects_done.add(subject.start)
                continue
            predicate = ("generalPartnerOf" if "general partner" in role and "managing general" not in role
                         else "investmentManagerOf" if role.startswith(("investment", "discretionary", "portfolio", "sub"))
                         else "controls")
            if _emit(ctx, subject, predicate, objects, ss, se):
                subjects_done.add(subject.start)
                capacity = subject      # "..., the general partner of Y and, in such capacity, has ..."
        for m in _CONTROLS.finditer(folded, ss, se):
            subject = _subject(ctx, registry, ms, m.start(), ss)
            if subject is not None:
                _emit(ctx, subject, "controls", _objects(ms, m.end(), folded), ss, se)
        if registry.issuer_words:
            for m in _MAJORITY_OF_US.finditer(folded, ss, se):
                subject = _subject(ctx, registry, ms, m.start(), ss)
                if subject is not None and ISSUER not in subject.refs and \
                        not _HEDGE_BEFORE.search(folded, max(ss, m.start() - 30), m.start() + 1):
                    _emit(ctx, subject, "controls", [Mention([ISSUER], m.start(), m.end())], ss, se)
        for m in _MANAGED_BY.finditer(folded, ss, se):
            subject = _subject(ctx, registry, ms, m.start(), ss)
            if subject is not None and not _HEDGE_BEFORE.search(folded, max(ss, m.start() - 30), m.start() + 1):
                _emit(ctx, _group(ctx, ms, subject, ss), "controls", _objects_or_person(ctx, ms, m.end(), se)[:1],
                      ss, se, inverse=True)
        for m in _APPOINT.finditer(folded, ss, se):
            subject = _subject(ctx, registry, ms, m.start(), ss)
            if subject is not None and not _HEDGE_BEFORE.search(folded, max(ss, m.start() - 30), m.start() + 1):
                _emit(ctx, _group(ctx, ms, subject, ss, registry), "controls", _objects(ms, m.end(), folded)[:1], ss, se)
        for m in _CONTROLLED_BY.finditer(folded, ss, se):
            if m.group("lead").lower() == "and":
                # "X is wholly owned by ... and controlled by Y": the subject of the sentence's first verb
                verb = re.search(r"\s(?:is|are)\s", folded[ss:m.start()])
                if verb is None or "," in folded[ss + verb.end():m.start()]:
                    continue
                subject = _subject(ctx, registry, ms, ss + verb.start(), ss)
                if subject is not None:
                    _emit(ctx, _group(ctx, ms, subject, ss), "controls", _objects_or_person(ctx, ms, m.end(), se), ss, se,
                          inverse=True)
                continue
            subject = _subject(ctx, registry, ms, m.start(), ss)
            if subject is not None:
                _emit(ctx, _group(ctx, ms, subject, ss), "controls", _objects_or_person(ctx, ms, m.end(), se), ss, se,
                      inverse=True)
        opener = _OPENER.match(folded, ss, se)
        first = opener.end() if opener else ss
        for m in _POWER.finditer(folded, ss, se):
            if _MODAL.search(folded, max(ss, m.start() - 30), m.start()):
                continue        # "X may exercise voting power over ...": hedged
            subject = ms[0] if ms[0].start - first <= 2 else None
            near = _subject(ctx, registry, ms, m.start(), ss)
            if near is not None and near.start > first + 2 and \
                    _CLAUSE_START.search(folded, max(ss, near.start - 10), near.start) and \
                    len(_group(ctx, ms, near, ss).refs) == len(near.refs):     # (not "Each of A and B has")
                subject = near  # "A has sole voting power over ... and B has sole dispositive power over ..."
            by_capacity = capacity is not None and _SUCH_CAPACITY.search(folded, max(ss, m.start() - 40), m.start())
            if by_capacity:
                subject = capacity      # the party whose role the sentence just stated
            elif subject is None:       # a person named in full opens the sentence
                person = find_person_at(folded, first, se)
                if person and named_in_full(person.name) and person.end <= m.start():
                    subject = _group(ctx, ms, _person_list(ctx, person, se), ss)
            if subject is None or (subject.start in subjects_done and not by_capacity) or subject.end > m.start():
                continue
            if _HEDGE.search(folded, subject.end, m.start()):
                continue
            objects: list[Mention] = []
            lead_o = _OBJECT_LEAD.search(folded, m.end(), se)
            if lead_o and re.search(r"\bdisclaim", folded[m.end():lead_o.start()], re.I):
                continue        # "... through a committee, each of whom disclaims ... the shares held by X"
            if lead_o:          # (only the first: a later "held by" belongs to another clause)
                objects = _objects(ms, lead_o.end(), folded)
            named = lead_o is not None and folded[lead_o.end():lead_o.end() + 1].isupper()
            if not objects and not named and registry.default and _DEFAULT_OBJECT.search(folded, m.end(), se):
                objects = [Mention(list(registry.default), m.start(), m.end())]
            _emit(ctx, subject, "controls", objects, ss, se)
        for m in _INVERSE_ROLE.finditer(folded, ss, se):
            # "X, whose general partner is Y" / "The general partner of X is Y": Y holds the role over X
            role = " ".join(m.group("irole").lower().split())
            if m.group("whose"):
                held = None
                for o in reversed(ms):
                    if o.end <= m.start() and re.fullmatch(r"\s*(?:\([^()]{0,80}\))?\s*,?\s*|\s+(?:is|are)\s+an?\s+[a-z][a-z -]{0,40}\s*",
                                                          folded[o.end:m.start()]):
                        held = [o]
                        break
                    if o.end <= m.start():
                        break
                at = m.end()
            else:
                if folded[ss:m.start()].strip():
                    continue          # ("the general partner of X is Y" opens its sentence)
                held = _objects(ms, m.end(), folded)[:1]
                verb = _IS_ARE.match(folded, held[0].end) if held else None
                if not verb:
                    continue
                at = verb.end()
            holders = _objects_or_person(ctx, ms, at, se)[:1]
            if not held or not holders or _HEDGE_BEFORE.search(folded, max(ss, m.start() - 30), m.start() + 1):
                continue
            predicate = ("generalPartnerOf" if "general partner" in role
                         else "investmentManagerOf" if role.startswith(("investment", "discretionary", "sub"))
                         else "controls")
            _emit(ctx, holders[0], predicate, held, ss, se)
        for m in _NATURAL_PERSON.finditer(folded, ss, se):
            # "The natural person with voting and dispositive power over the shares held by X is P" (the
            # Item 507 answer); "P is the natural person with voting ... control over the shares held by X"
            if _HEDGE_BEFORE.search(folded, max(ss, m.start() - 30), m.start() + 1):
                continue
            lead_o = _OBJECT_LEAD.search(folded, m.end(), se)
            held = _objects(ms, lead_o.end(), folded) if lead_o else []
            if not held and registry.default and not (lead_o and folded[lead_o.end():lead_o.end() + 1].isupper()):
                held = [Mention(list(registry.default), m.start(), m.end())]
            before = re.search(r"\b(?:is|are)\s+(?:the\s+|a\s+)?$", folded[max(ss, m.start() - 10):m.start()])
            if before:
                persons = _subject(ctx, registry, ms, m.start() - len(before.group()), ss)
            else:
                verb = _IS_ARE.search(folded, (held[-1].end if held and lead_o else m.end()), se)
                person = find_person_at(folded, verb.end(), se) if verb else None
                persons = _person_list(ctx, person, se) if person is not None and \
                    named_in_full(person.name) else None
            if persons is not None and held:
                _emit(ctx, persons, "controls", held, ss, se)
        for m in _POWER_HELD_BY.finditer(folded, ss, se):
            controllers = _objects(ms, m.end(), folded)
            if not controllers:     # "... is exercised by Jane Roe and John Doe"
                person = find_person_at(folded, m.end(), se)
                if person is not None and named_in_full(person.name):
                    controllers = [_person_list(ctx, person, se)]
            if len(controllers) != 1:
                continue
            held = None
            for o in _OBJECT_LEAD.finditer(folded, m.start(), m.end()):
                held = _objects(ms, o.end(), folded)
                if held:
                    break
            if not held and registry.default:
                held = [Mention(list(registry.default), m.start(), m.end())]
            _emit(ctx, controllers[0], "controls", held or [], ss, se)
        if prose:
            # subsidiaries and affiliates of organisations in prose: graph.extract.transactions; a person
            # stated to be an affiliate of a party ("Mr. Roe, one of our directors, is an affiliate of X")
            for m in _AFFILIATE.finditer(folded, ss, se):
                subject = _subject(ctx, registry, ms, m.start(), ss)
                if subject is None:
                    continue
                objects = _objects_or_person(ctx, ms, m.end(), se)[:1]
                if all(r.kind == "Person" for r in subject.refs) or \
                        (objects and all(r.kind == "Person" for r in objects[0].refs)):
                    # (and "Foo Ventures V, L.P. is an affiliate of Mr. Roe, a former director")
                    _emit(ctx, _group(ctx, ms, subject, ss), "affiliateOf", objects, ss, se)
            continue
        for pattern, predicate in ((_SUBSIDIARY, "subsidiaryOf"), (_AFFILIATE, "affiliateOf")):
            for m in pattern.finditer(folded, ss, se):
                subject = _subject(ctx, registry, ms, m.start(), ss)
                objects = _objects(ms, m.end(), folded)[:1]
                if subject is not None:
                    _emit(ctx, _group(ctx, ms, subject, ss), predicate, objects, ss, se)
