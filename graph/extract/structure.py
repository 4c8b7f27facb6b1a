"""Corporate-structure relations stated in narrative prose (the summary, the business, the corporate
reorganisation of an Up-C, merger narratives, related-party transactions, Item 701 lists of unregistered
sales, management biographies).

Each statement becomes one fact whose span is the sentence that states it:

* lists in apposition: "A and B, each a (wholly owned) subsidiary of Y", "A and B are wholly owned
  subsidiaries of Y", "Each of A and B is an indirect subsidiary of Y" -> each ``subsidiaryOf`` Y;
* possessives and "its": "Y's wholly owned Irish subsidiary, X", "Y and its subsidiaries A, B and C",
  "Y, through its Dutch subsidiary X", "X and its US parent company Y", "Y and its affiliated company
  X", "Y and its affiliates, including A and B", "Y has designated its subsidiary, X" (no verb of sale or
  acquisition between), "Y participates in Z through its subsidiary X" ("its" is the subject's);
* the issuer's own: "our affiliates, including A, B and C" (``affiliateOf`` the issuer), "our parent
  company, Y", "our controlling shareholder, Y", "through our subsidiary, <a short name the document
  gives in full>", "OpCo, of which we are the sole managing member";
* Item 701 and 403: "X (the control person is Y)", also in table rows; "X, whose sole member is Y" (an
  entity that is the sole member owns X; a person controls it); "X, whose managing member is Y"; "X,
  of which Y is the general partner"; "X which is controlled by Y"; "Jane Roe, her companies A and B";
* appositives of control or affiliation: "X, a company controlled by Y", "X, an entity owned and
  controlled by Y", "X, an entity affiliated with Y", "X, a ... member firm of ... affiliated with Y",
  "X, a member of the Y Group", "X is a national banking association and a wholly owned subsidiary of Y",
  "X is an affiliate of A and B" (named without legal form), "A, the underwriter, and B, the trustee, are
  affiliates";
* merger narratives: "with X surviving (the merger) as a wholly owned subsidiary of Y", "with X
  continuing as the surviving corporation and as our wholly owned subsidiary" (the state after a merger
  the sentence tells as done);
* a second verb sharing its subject: "Y directly controls us and, as a result, indirectly controls X";
  "Y owns a majority of our shares and owns a majority of the equity interests in A and B";
* majority stakes and powers: "Y owns a majority of the (equity / voting / membership) interests in X";
  "Y owns (and controls the voting power of) approximately 62% of our common stock" (more than half; "As
  of <date>, Y owned ..." too); "Y has the ability to direct the voting of a majority of the voting power
  of our common stock"; "A and B have the right to appoint a majority of the board of managers of X";
  "Jane Roe, through her control of Y, controls our business";
* in the financial statements, "the Company" is the entity they define so ('X and subsidiaries (the
  "Company")'): "Z, a wholly owned subsidiary of the Company and the parent company of W", "Z, an
  affiliate of the Company", "the Company has an agreement with certain affiliates consisting of A, B and
  its subsidiaries, and C".

Terms: the document's defined terms (graph.extract.footnotes.document_registry), group terms
('references to "T" collectively refer to A and B'), glossary entries ('"sponsor" are to X') and a
capitalised term used in lower case after "our"/"the" ("our sponsor").

A party without a legal-form suffix ("Kessel, the midstream subsidiary of Velmora") is taken only where
the appositive makes it a party: a capitalised name in the object place of a verb or preposition before
", a ... subsidiary of", or after "subsidiary of".

Not read: hedged ("may be deemed"), denied ("is not"), past ("prior to the merger, X was a subsidiary
of", "formerly"), future ("will become a wholly owned subsidiary", "upon the closing, X will"), stakes
that are not control ("holds a 49% interest in", "a majority of the economic interest in ... as a
non-controlling interest holder"), conditions ("if the loan defaults"), sales ("sold its subsidiary").
In the financial statements "we" and "the Company" are the reporting entity, not necessarily the issuer,
and are never read as the issuer. A symmetric ``affiliateOf`` between
two parties that a control or subsidiary fact of the document already relates is not added (control is
the stronger statement and implies affiliation, SEC Rule 405).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from prospectus_kg.graph.models import ISSUER, EntityRef, Section
from prospectus_kg.graph.extract.footnotes import Mention, _objects, document_registry, mentions, seeded
from prospectus_kg.graph.extract.names import capitalised_name_at, legal_key, named_in_full, normalise
from prospectus_kg.graph.ingest.textutil import sentences_with

HANDLES = ("selling_stockholders", "private_placement", "summary", "company", "offering", "about", "other", "cover",
           "risk_factors", "forward_looking", "use_of_proceeds", "dilution", "capital_stock", "plan_of_distribution", "underwriting",
           "legal_matters", "experts", "where_to_find", "incorporation_by_reference", "base_prospectus")
#: what this extractor reads from the Context that earlier ones filled, and what it fills (checked by
#: tests/test_extract_order.py against the code)
REQUIRES = ()
PROVIDES = ()

_MODS = r"(?:(?:direct|indirect|wholly[- ]owned|majority[- ]owned|100%[- ]owned|principal|operating|primary|sole)\s+)"
_PLACE = r"(?-i:[A-Z][a-z]+\s+|U\.S\.\s+|US\s+)?"
#: words in the clause before a statement that put it in the past, the future or in doubt
_NOT_NOW = re.compile(r"\b(?:will|would|shall|may|might|could|prior\s+to|before|formerly|former|previously|was|were|"
                      r"had\s+been|until|no\s+longer|not|expects?|expected|intends?|proposed|pending|if|whether|"
                      r"deemed|disclaims?)\b", re.I)

#: words that put an appositive or relative clause (which has its own tense) in doubt or in the past
_NOT_NOW_APPOSITIVE = re.compile(r"\b(?:formerly|former|previously|prior\s+to|until|no\s+longer|not|may|might|could|deemed|"
                                 r"disclaims?)\b", re.I)
_EACH_SUBSIDIARY = re.compile(rf"(?:,\s+(?:each\s+(?:of\s+which\s+is\s+)?|both\s+|all\s+)(?:an?\s+)?|\s+are\s+(?:each\s+)?(?:an?\s+)?|"
                              rf"\s+is\s+(?:an?\s+)?)"
                              rf"{_MODS}*{_PLACE}{_MODS}*subsidiar(?:y|ies)\s+of\s+(?:the\s+)?", re.I)
_POSSESSIVE = re.compile(rf"\s*(?:'s|’s)\s+{_MODS}*{_PLACE}{_MODS}*(?P<rel>subsidiar(?:y|ies)|affiliates?|"
                         rf"parent(?:\s+company)?|affiliated\s+compan(?:y|ies))\s*,?\s+(?:including\s+)?", re.I)
_ITS = re.compile(rf"(?:\s*\([^()]{{1,60}}\))?\s*(?:,\s*)?(?:and|or|through|via|together\s+with)\s+(?:one\s+of\s+)?its\s+"
                  rf"{_MODS}*{_PLACE}{_MODS}*(?P<rel>subsidiar(?:y|ies)|affiliates?|parent(?:\s+company)?|"
                  rf"affiliated\s+{_PLACE}compan(?:y|ies))\s*,?\s+(?:including\s+|such\s+as\s+)?", re.I)
_OUR = re.compile(rf"\b(?:our|the\s+Company['’]s)\s+(?:(?P<parent>{_PLACE}parent(?:\s+company)?|controlling\s+"
                  rf"(?:shareholder|stockholder))\s*,?\s+|(?P<aff>affiliates|affiliated\s+companies)\s*,?\s+"
                  rf"(?:including|such\s+as|namely)\s+|(?P<sub>{_MODS}*{_PLACE}{_MODS}*subsidiary)\s*,\s+)", re.I)
_CONTROL_PERSON = re.compile(r"\s*\(\s*(?:the\s+|whose\s+|its\s+)?control(?:ling)?\s+persons?\s+(?:(?:of\s+which\s+)?(?:is|are)"
                             r"|:)\s+", re.I)
_WHOSE = re.compile(r"(?:\s*\([^()]{1,60}\))?(?:\s+(?:established|formed|incorporated|organized)\s+[^,;()]{0,40}?)?"
                    r"\s*,?\s+whose\s+(?P<role>sole\s+(?:member|participant|shareholder|stockholder|"
                    r"owner|general\s+partner|manager)|managing\s+member|general\s+partner|controlling\s+(?:shareholder|"
                    r"stockholder|member))\s+is\s+", re.I)
_WHICH_IS = re.compile(r"(?:\s*\([^()]{1,60}\))?\s*,?\s+(?:which|that)\s+is\s+(?:(?:directly|indirectly|ultimately)\s+)?"
                       r"(?P<rel>controlled|(?:wholly|majority)[- ]owned)\s+by\s+", re.I)
_HIS_COMPANIES = re.compile(rf",?\s+(?:and\s+)?(?:his|her)\s+(?:own\s+)?{_PLACE}(?:compan(?:y|ies)|firms?|entit(?:y|ies))\s*,?\s+",
                            re.I)
#: "X is a national banking association and a wholly owned subsidiary of Y"
_KIND_AND_SUBSIDIARY = re.compile(rf"\s+is\s+an?\s+(?:[a-z][\w\-]*\s+){{1,5}}and\s+(?:an?\s+|the\s+)?{_MODS}*{_PLACE}{_MODS}*subsidiary\s+of\s+"
                                  rf"(?:the\s+)?", re.I)
#: "A, an underwriter, and B, the trustee, are affiliates (of each other)"
_ARE_AFFILIATES = re.compile(r"\b(?:are|were)\s+(?:each\s+other['’]s\s+)?affiliates(?:\s+of\s+each\s+other|\s+of\s+one\s+another)?(?:\s*[.;]?\s*$|\s*,?\s+and\s+(?-i:[a-z]))",
                             re.I)
#: "X, a member of the Velmora Group": a member of a group of companies is an affiliate of the group
_MEMBER_OF_GROUP = re.compile(r"(?:\s*\([^()]{1,60}\))?(?:,\s+or\s+[A-Z][\w&]*)?,\s+(?:a|one)\s+member\s+of\s+(?:the\s+)?"
                              r"(?=(?:[A-Z][\w&\-]*\s+){1,4}[Gg]roup\b)")
#: "Y has designated its subsidiary, X, as ...": "its" is the subject that opens the sentence
_ITS_SUBSIDIARY = re.compile(rf"\bits\s+{_MODS}*{_PLACE}{_MODS}*subsidiary\s*,?\s+", re.I)
_DISPOSAL = re.compile(r"\b(?:s[eo]ll|sold|divest|dispos|spun|spin|spin-off|transferr|contribut|distribut|merg|former|acqui|purchas|"
                       r"deconsolidat|liquidat|dissolv)", re.I)
#: "Y has the ability to direct the voting of a majority of the voting power of our common stock";
#: "Y has the right to appoint a majority of the board of managers of X"
_DIRECTS_MAJORITY = re.compile(r"\b(?:has|have|having|holds|hold)\s+the\s+(?:sole\s+)?(?:ability|right|power)\s+to\s+(?:(?P<vote>direct\s+"
                               r"the\s+voting\s+of|vote|control)\s+(?:a\s+)?majority\s+of\s+(?:the\s+)?(?:combined\s+)?(?:voting\s+power|"
                               r"outstanding\s+shares)\s+of\s+our\b|(?:appoint|elect|designate)\s+a\s+majority\s+of\s+(?:the\s+members\s+of\s+)?"
                               r"(?:the\s+|its\s+)?(?:board|managing\s+board)(?:\s+of\s+(?:directors|managers))?\s+of\s+(?:the\s+)?)", re.I)
#: "Jane Roe, through her control of Y, controls our business": she controls Y (and the issuer)
_THROUGH_CONTROL = re.compile(r",\s+through\s+(?:his|her|its|their)\s+(?:control|ownership)\s+of\s+(?:the\s+)?", re.I)
#: "OpCo, of which we are the sole managing member"
_OF_WHICH = re.compile(r"(?:\s*\([^()]{1,60}\))?,\s+of\s+which\s+(?P<y>we|[A-Z][^,;]{1,80}?)\s+(?:is|are)\s+(?:currently\s+)?(?:the|its)\s+"
                       r"(?P<role>sole\s+managing\s+member|managing\s+member|sole\s+member|general\s+partner|sole\s+general\s+"
                       r"partner|manager|sole\s+manager|sole\s+shareholder|sole\s+stockholder|sole\s+owner)\b")
_APPOSITIVE = re.compile(r"(?:,?\s*\([^()]{1,60}\))?,\s+(?:an?|the)\s+(?P<mid>[^,;()\"]{0,160}?)\s*(?P<rel>(?:(?:wholly|majority)"
                         r"[- ])?owned\s+and\s+controlled\s+by|(?:(?:directly|indirectly|ultimately)\s+)?controlled\s+by|"
                         r"affiliated\s+with|affiliate\s+of|(?:(?:wholly|majority)[- ]owned\s+)?(?:portfolio\s+company|subsidiary)\s+of)\s+"
                         r"(?:the\s+)?", re.I)
_SURVIVING = re.compile(rf"\bwith\s+(?:the\s+)?(?P<x>(?:(?!\bwith\s)[^;]){{2,80}}?)\s+(?:surviving|continuing)\s+(?:(?:the\s+(?:merger|business\s+"
                        rf"combination)|as\s+the\s+surviving\s+(?:corporation|company|entity)(?:\s+(?:in|of)\s+the\s+"
                        rf"(?:merger|business\s+combination))?)\s+)?(?:and\s+)?as\s+(?:(?P<our>our)\s+|an?\s+|the\s+)?"
                        rf"{_MODS}*subsidiary(?:\s+of\s+(?:the\s+)?)?", re.I | re.S)
_FUTURE = re.compile(r"\b(?:will|would|shall|is\s+expected|are\s+expected|expects?|proposed|pending|if|whether|upon\s+"
                     r"consummation|to\s+be)\b", re.I)
_AND_CONTROLS = re.compile(r"\band\s*,?\s*(?:(?:as\s+a\s+result|therefore|accordingly|thereby|in\s+turn|also)\s*,?\s*)?"
                           r"(?:directly\s+|indirectly\s+)?controls\s+", re.I)
_MAJORITY_IN = re.compile(r"\b(?:owns|holds)\s+(?:(?:directly\s+or\s+indirectly|directly|indirectly)\s+)?(?:a\s+)?majority\s+of\s+"
                          r"the\s+(?:outstanding\s+)?(?:equity|voting|membership|ownership|partnership|limited\s+partner(?:ship)?|"
                          r"capital)\s+(?:interests?|securities|units|stock|shares)\s+(?:in|of)\s+", re.I)
_PERCENT_OF_US = re.compile(r"\b(?P<verb>owns|holds|controls|owns\s+and\s+controls|(?:beneficially\s+)?owned|held)\s+(?:(?:directly\s+or\s+"
                            r"indirectly|directly|indirectly)\s+)?(?:the\s+voting\s+power\s+of\s+|shares\s+representing\s+)?"
                            r"(?:approximately\s+|about\s+|over\s+|more\s+than\s+)?(?P<pct>\d{2,3}(?:\.\d+)?)\s?%\s+of\s+(?:the\s+)?"
                            r"(?:(?:outstanding\s+)?(?:shares|voting\s+power|combined\s+voting\s+power)\s+of\s+)?(?:all\s+of\s+)?"
                            r"our\s+(?:outstanding\s+)?(?:common\s+|voting\s+|capital\s+)?(?:stock|shares|equity|Common\s+Stock)",
                            re.I)
_IS_AFFILIATE = re.compile(r"\s+(?:is|are)\s+(?:an?\s+)?affiliates?\s+of\s+(?:the\s+)?", re.I)
#: the cheap tests a sentence must pass before its parties are looked up: (a literal in lower case, a
#: pattern that starts with the words of one rule above), tried only where the literal occurs (the
#: rules' own patterns start with optional spaces and are slow to search for)
_TRIGGERS = tuple((literal, re.compile(pattern, re.I)) for literal, pattern in (
    ("subsidiar", r"subsidiar(?:y|ies)\s+of|\beach\s+(?:of\s+which\s+is\s+)?an?\s|['’]s\s+(?:[\w\-.]+\s+){0,3}subsidiar\w*\s*,?"
                  r"\s+(?-i:[A-Z])|\b(?:its|our)\s+(?:[\w\-.]+\s+){0,3}subsidiar\w*\s*,?\s+(?:including\s+)?(?-i:[A-Z])|"
                  r"\bour\s+(?:[\w\-.]+\s+){0,3}subsidiary\s*,\s+(?-i:[A-Z])"),
    ("affiliat", r"['’]s\s+(?:[\w\-.]+\s+){0,3}affiliat\w*\s*,?\s+(?:including\s+)?(?-i:[A-Z])|\b(?:its|our)\s+(?:[\w\-.]+\s+){0,3}"
                 r"affiliat\w*(?:\s+(?:\w+\s+)?compan(?:y|ies))?\s*,?\s+(?:including\s+|such\s+as\s+|namely\s+)?(?-i:[A-Z])|"
                 r"affiliated\s+with|affiliates?\s+of\s+(?:the\s+)?(?-i:[A-Z])|\bare\s+(?:each\s+other['’]s\s+)?affiliates|"
                 r"affiliates\s*,?\s+(?:consisting|including|namely|such)"),
    ("parent", r"\b(?:its|our)\s+(?:[\w\-.]+\s+){0,2}parent|['’]s\s+(?:[\w\-.]+\s+){0,3}parent"),
    ("control", r"control(?:ling)?\s+persons?\s|\bour\s+controlling|\b(?:which|that)\s+is\s+(?:\w+\s+)?controlled|controlled\s+by|"
                r"\bcontrols\s|through\s+(?:his|her|its|their)\s+control"),
    ("whose", r"\bwhose\s+(?:sole|managing|general|controlling)\s"),
    ("of which", r"\bof\s+which\s+[^,;]{1,80}?\s+(?:is|are)\s+(?:currently\s+)?(?:the|its)\s+(?:sole|managing|general|manager)"),
    ("owned by", r"\b(?:which|that)\s+is\s+(?:\w+\s+)?(?:wholly|majority)"),
    ("companies", r"\b(?:his|her)\s+(?:own\s+)?(?:\w+\s+)?companies"),
    ("portfolio compan", r"portfolio\s+company"),
    ("surviv", r"\bsurviving\b"),
    ("continuing", r"\bcontinuing\s+as"),
    ("majority of the", r"majority\s+of\s+the\s+(?:outstanding\s+)?(?:equity|voting|membership|ownership|partnership|limited|capital|"
                        r"members|board)"),
    ("% of", r"\d\s?%\s+of\s+(?:the\s+)?(?:(?:outstanding\s+)?(?:shares|voting\s+power|combined\s+voting\s+power)\s+of\s+)?"
          r"(?:all\s+of\s+)?our\s"),
    ("member of the", r"\bmember\s+of\s+the\s+(?-i:(?:[A-Z][\w&\-]*\s+){1,4}[Gg]roup)"),
    ("ability to direct", r"ability\s+to\s+direct"),
    ("right to ", r"right\s+to\s+(?:appoint|elect|designate)"),
    ("power to ", r"power\s+to\s+(?:appoint|elect|designate)"),
    ("ownership of", r"through\s+(?:his|her|its|their)\s+ownership"),
))


class _Hits:
    """Where a trigger matches, for ``sentences_with`` (its ``finditer``): each literal's hits tested
    in a small window, so only the paragraphs that hold a statement are split into sentences."""

    def __init__(self, ctx):
        self.ctx = ctx

    def finditer(self, folded: str, start: int, end: int):
        found = self.ctx.scratch.get("structure.hits")
        if found is None:           # (the whole document once; each section takes its part)
            lower, found, size = self.ctx.lower, [], len(folded)
            for literal, pattern in _TRIGGERS:
                pos = lower.find(literal)
                while pos >= 0:
                    m = pattern.search(folded, max(0, pos - 60), min(size, pos + 160))
                    if m:
                        found.append(m.start())
                    pos = lower.find(literal, max(pos + 1, m.end() if m else 0))
            found.sort()
            self.ctx.scratch["structure.hits"] = found
        return [_At(p) for p in found[bisect_left(found, start):bisect_left(found, end)]]


class _At(int):
    def start(self) -> int:
        return int(self)


def _triggered(ctx, ss: int, se: int) -> bool:
    lower, folded = ctx.lower, ctx.folded
    for literal, pattern in _TRIGGERS:
        pos = lower.find(literal, ss, se)
        if pos >= 0 and pattern.search(folded, max(ss, pos - 60), se):
            return True
    return False
_REPORTING = re.compile(r"(?:the\s+)?(?:Company|Partnership|Registrant)|we|us|We|Us", re.I)
#: a glossary entry: '"sponsor" or "founders" are to Ardent Peak Sponsor LLC'
_GLOSSARY = re.compile(r"(?m)^[\s\-•·*]*\"(?P<a>[^\"\n]{1,40})\"(?:\s+or\s+(?:our\s+)?\"(?P<b>[^\"\n]{1,40})\")?\s+"
                       r"(?:are|is|refers?)\s+to\s+(?:the\s+|our\s+)?")
_LIST_SEP = re.compile(r"\s*(?:\([^()]{0,80}\))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+)\s*(?:the\s+)?$")
#: a word before a capitalised name that makes the name the object of a verb or preposition
_OBJECT_PLACE = re.compile(r"(?:\b(?:with|at|for|of|by|from|to|and|including|joined|founded|led|acquired)|,)\s+$")
#: one-word terms of a merger narrative that name a role, not a party
_SECURITY_WORDS = re.compile(r"\b(?:Stock|Shares?|Units?|Notes?|Warrants?|Class|Series|Preferred|Common|Board|Act|Agreement|"
                             r"Plan|Project|Program|Committee|Offering|Merger|Transaction|Chairman|Chairwoman|Chair|Chief|"
                             r"Officer|Director|President|Executive|Trustee|Founder)s?\b")
_ROLE_TERMS = {"parent", "purchaser", "buyer", "seller", "sponsor", "issuer", "registrant", "guarantor", "holdings",
               "company", "merger sub", "acquiror", "target", "opco", "pubco", "newco"}


def extract(ctx, section: Section) -> None:
    own = not ctx.in_financial_statements(section.start)
    registry = _registry(ctx, own)
    folded = ctx.folded
    skip = [(t.start, max([t.end] + [n.end for n in t.footnotes])) for t in ctx.doc.tables
            if section.start <= t.start < section.end]
    for ss, se in sentences_with(folded, _Hits(ctx), section.body_start, section.end, ctx.lower):
        if any(s <= ss < e for s, e in skip):
            if _CONTROL_PERSON.search(folded, ss, se):      # an Item 701 table row
                _control_person(ctx, mentions(ctx, registry, ss, se), ss, se)
            continue
        ss, se = _rejoined(folded, ss, se, section.body_start, section.end)
        if not _triggered(ctx, ss, se):
            continue
        ms = mentions(ctx, registry, ss, se)
        ms = _with_lower_terms(ctx, registry, ms, ss, se)
        if not own:       # in the financial statements "the Company" is the reporting entity
            ms = _reporting_entity(ctx, ms, ss, se)
        _each_subsidiary(ctx, ms, ss, se)
        _possessive(ctx, ms, ss, se)
        _its(ctx, ms, ss, se)
        if own:
            _ours(ctx, ms, ss, se)
        _control_person(ctx, ms, ss, se)
        _whose(ctx, ms, ss, se)
        _which_is(ctx, ms, ss, se)
        _of_which(ctx, ms, ss, se, own)
        _his_companies(ctx, ms, ss, se)
        _appositive(ctx, ms, ss, se)
        _surviving(ctx, ms, ss, se, own)
        _second_verb(ctx, ms, ss, se)
        _majority(ctx, ms, ss, se, own)
        _affiliate_of_names(ctx, ms, ss, se)
        _kind_and_subsidiary(ctx, ms, ss, se)
        _are_affiliates(ctx, ms, ss, se)
        _member_of_group(ctx, ms, ss, se)
        _its_subsidiary(ctx, ms, ss, se)
        _directs_majority(ctx, ms, ss, se, own)
        _through_control(ctx, ms, ss, se, own)
        _affiliates_consisting_of(ctx, ms, ss, se)


_CUT_END = re.compile(r"(?:\b(?:of|and|or|the|a|an|to|by|with|for|in|its|their|our)|[a-z,])[ \t]*$")


def _rejoined(folded: str, ss: int, se: int, lo: int, hi: int) -> tuple[int, int]:
    """A sentence that a page or line break of the filing cut into two paragraphs, joined again: the
    paragraph before ends without closing punctuation in a lower-case word or a function word, and the
    next one goes on ("a member firm of\n\nthe global organization ... affiliated with\n\nVelmora
    International Limited, ..."). At most one paragraph each way."""
    before = folded.rfind("\n\n", lo, ss)
    if before >= 0 and re.fullmatch(r"\s*", folded[before:ss]) and re.match(r"[a-z]", folded[ss:ss + 1]):
        prev = folded.rfind("\n\n", lo, before)
        start = prev + 2 if prev >= 0 else lo
        if _CUT_END.search(folded, start, before) and before - start < 600:
            dot = max(folded.rfind(". ", start, before), folded.rfind("? ", start, before))
            ss = dot + 2 if dot >= 0 else start
    if re.fullmatch(r"\s*", folded[se:se + 2]) and folded[se:se + 2] == "\n\n" and _CUT_END.search(folded, max(ss, se - 12), se):
        nxt = se + 2
        end = folded.find("\n\n", nxt, hi)
        end = hi if end < 0 else end
        dot = re.search(r"[.;](?=\s|$)", folded[nxt:end])
        if end - nxt < 600:
            se = nxt + (dot.end() if dot else end - nxt)
    return ss, se


def finish(ctx) -> None:
    """Drop the ``affiliateOf`` facts this module added between two parties a control or subsidiary
    fact relates (the stronger statement says more)."""
    added = ctx.scratch.get("structure.affiliates")
    if not added:
        return
    strong = {frozenset((f.subject, f.obj)) for f in ctx.facts
              if f.predicate in ("controls", "generalPartnerOf", "investmentManagerOf", "subsidiaryOf", "parentOf",
                                 "controlledBy")}
    drop = {id(f) for f in added if frozenset((f.subject, f.obj)) in strong}
    if drop:
        ctx.facts[:] = [f for f in ctx.facts if id(f) not in drop]


def _registry(ctx, own: bool):
    key = f"structure.registry.{own}"
    registry = ctx.scratch.get(key)
    if registry is None:
        registry = seeded(document_registry(ctx))
        registry.issuer_words = own
        _group_terms(ctx, registry)
        ctx.scratch[key] = registry
    return registry


_FKA_TERM = re.compile(r"(?:f/k/a|formerly\s+known\s+as)\s+[^\"()]{2,80}?\s*\(\s*(?:the\s+)?\"(?P<a>[^\"\n]{1,40})\"\s*\)")
_REFERS_TO_GROUP = re.compile(r"\b[Rr]eferences?\s+(?:in\s+this\s+prospectus\s+(?:supplement\s+)?)?to\s+(?:the\s+)?"
                              r"\"(?P<a>[^\"\n]{1,40})\"\s+(?:collectively\s+)?(?:refer|refers|are|is)\s+(?:collectively\s+)?to\s+"
                              r"(?:the\s+)?")


_COMPANY_DEF = re.compile(r"(?:\s+and\s+(?:its\s+)?(?:consolidated\s+)?subsidiaries)?,?\s*\(\s*(?:together,?\s+|collectively,?\s+)?"
                          r"(?:the\s+)?\"Company\"\s*\)")


def _reporting_entity(ctx, ms: list[Mention], ss: int, se: int) -> list[Mention]:
    """In the financial statements "the Company" is the entity those statements define so ("Ridgeline
    Holdings LLC and subsidiaries (the "Company")", nearest before, in the financial statements); "we"
    and "us", and "the Company" without such a definition, are no party there."""
    defs = ctx.scratch.get("structure.company_defs")
    if defs is None:
        defs = []
        folded = ctx.folded
        pos = folded.find('"Company"')
        while pos >= 0:
            if ctx.in_financial_statements(pos):
                window = max(0, pos - 200)
                for m in _COMPANY_DEF.finditer(folded, window, pos + 12):
                    orgs = [o for o in ctx.organizations(window, m.start() + 1) if o.end == m.start()]
                    if orgs:
                        defs.append((m.end(), ctx.mention(orgs[-1].name, orgs[-1].start, orgs[-1].end)))
            pos = folded.find('"Company"', pos + 1)
        ctx.scratch["structure.company_defs"] = defs
    out = []
    extra = [Mention([ISSUER], w.start(1), w.end(1)) for w in re.finditer(r"\b[Tt]he\s+(Company)\b", ctx.folded[ss:se])]
    for w in extra:
        w.start += ss
        w.end += ss
    ms = sorted(ms + [w for w in extra if not any(m.start <= w.start < m.end for m in ms)], key=lambda m: m.start)
    for m in ms:
        text = ctx.folded[m.start:m.end]
        if _REPORTING.fullmatch(text):
            if re.fullmatch(r"(?:the\s+)?Company", text, re.I):
                before = [ref for end, ref in defs if end <= ss]
                if before:
                    out.append(Mention([before[-1]], m.start, m.end))
            continue
        out.append(m)
    return out


def _literal_matches(folded: str, literal: str, pattern: re.Pattern) -> list[re.Match]:
    """``pattern`` matched where ``literal`` occurs (the pattern starts with it); far cheaper than a
    regex scan of the whole document."""
    out, pos = [], folded.find(literal)
    while pos >= 0:
        m = pattern.match(folded, pos)
        if m:
            out.append(m)
        pos = folded.find(literal, pos + 1)
    return out


def _group_terms(ctx, registry) -> None:
    """Terms that stand for several parties: 'references to "Ridgeline" collectively refer to Ridgeline
    Ops and Ridgeline Water LLC' (the members may be terms defined before)."""
    folded = ctx.folded
    pos = ctx.lower.find("collectively refer")
    while pos >= 0:
        m = _REFERS_TO_GROUP.search(folded, max(0, pos - 80), min(len(folded), pos + 40))
        if m:
            members = _objects(mentions(ctx, registry, m.end(), min(len(folded), m.end() + 300)), m.end(), folded)
            refs = list(dict.fromkeys(r for x in members for r in x.refs))
            key = normalise(m.group("a"))
            if len(refs) >= 2 and key:
                registry.aliases[key] = refs
                registry.alias_text[key] = m.group("a")
        pos = ctx.lower.find("collectively refer", pos + 1)
    for m in (m for literal in ("f/k/a", "formerly known as") for m in _literal_matches(folded, literal, _FKA_TERM)):
        # 'X, a Delaware corporation, f/k/a W ("Legacy X")': the term names X, not its former name W
        orgs = [o for o in ctx.organizations(max(0, m.start() - 200), m.start() + 1) if o.end <= m.start()]
        if orgs and re.fullmatch(r"(?:,\s+an?\s+[^,()\"]{1,70})?,?\s*", folded[orgs[-1].end:m.start()]):
            key = normalise(m.group("a"))
            if key:
                registry.aliases[key] = [ctx.mention(orgs[-1].name, orgs[-1].start, orgs[-1].end)]
                registry.alias_text[key] = m.group("a")
    pos = folded.find('" are to ')
    while pos >= 0:
        m = _GLOSSARY.search(folded, max(0, folded.rfind("\n", 0, pos)), pos + 12)
        if m:
            found = [o for o in ctx.organizations(m.end(), min(len(folded), m.end() + 200)) if o.start == m.end()]
            if found:
                ref = ctx.mention(found[0].name, found[0].start, found[0].end)
                for term in (m.group("a"), m.group("b")):
                    key = normalise(term or "")
                    if key and key not in registry.aliases and key != normalise(found[0].name):
                        registry.aliases[key] = [ref]
                        registry.alias_text[key] = term
        pos = folded.find('" are to ', pos + 1)


def _with_lower_terms(ctx, registry, ms: list[Mention], ss: int, se: int) -> list[Mention]:
    """A one-word term defined with a capital ("the "Sponsor"") and used in lower case after "our" or
    "the" ("our sponsor is ...") stands for the same party."""
    terms = ctx.scratch.get("structure.lower_terms")
    if terms is None:
        terms = {}
        for key, refs in registry.aliases.items():
            text = registry.alias_text.get(key, "")
            if len(refs) == 1 and re.fullmatch(r"[A-Z][a-z]{3,}", text) and normalise(text) not in ("company", "issuer"):
                terms[text.lower()] = refs[0]
        ctx.scratch["structure.lower_terms"] = terms
    lower = ctx.lower
    extra = []
    for term, ref in terms.items():
        pos = lower.find(term, ss, se)
        while pos >= 0:
            if re.search(r"\b(?:our|the)\s+$", ctx.folded[max(ss, pos - 5):pos], re.I) and \
                    ctx.folded[pos:pos + len(term)] == term and not re.match(r"[\w\"]", ctx.folded[pos + len(term):pos + len(term) + 1]) \
                    and not any(m.start <= pos < m.end for m in ms):
                extra.append(Mention([ref], pos, pos + len(term)))
            pos = lower.find(term, pos + 1, se)
    return sorted(ms + extra, key=lambda m: m.start) if extra else ms


def _kind_and_subsidiary(ctx, ms, ss, se) -> None:
    """ "X is a national banking association and a wholly owned subsidiary of Y"."""
    folded = ctx.folded
    for x in ms:
        m = _KIND_AND_SUBSIDIARY.match(folded, x.end, se)
        if m and not _doubted(folded, ss, ss, m.end()) and not re.search(r"\b(?:former|non)\b", m.group(), re.I):
            _relate(ctx, [x], "subsidiaryOf", _at(ctx, ms, m.end(), se, many=False), ss, se)


def _are_affiliates(ctx, ms, ss, se) -> None:
    """ "A, an underwriter, and B, the trustee, are affiliates": the two parties the sentence opens with."""
    folded = ctx.folded
    m = _ARE_AFFILIATES.search(folded, ss, se)
    if not m:
        return
    before: list[Mention] = []
    for x in (x for x in ms if x.end <= m.start()):
        if before and {r.key for r in x.refs} == {r.key for r in before[-1].refs}:
            continue    # "B, the Indenture Trustee and the Servicer": the roles B's terms name are B
        before.append(x)
    subject = _subject_of_sentence(ctx, ms, ss)
    if len(before) != 2 or subject is None or subject is not before[0] or \
            not re.search(r"(?:,\s*|\s)and\s+(?:the\s+)?$", folded[max(ss, before[1].start - 8):before[1].start]) or \
            _doubted(folded, ss, ss, m.start() + 4):
        return
    _relate(ctx, [before[0]], "affiliateOf", [before[1]], ss, se)


def _member_of_group(ctx, ms, ss, se) -> None:
    """ "X, a member of the Velmora Group"."""
    folded = ctx.folded
    for x in ms:
        m = _MEMBER_OF_GROUP.match(folded, x.end, se)
        if m and not _doubted(folded, ss, ss, x.start):
            _relate(ctx, [x], "affiliateOf", _at(ctx, ms, m.end(), se, many=False), ss, se)


def _its_subsidiary(ctx, ms, ss, se) -> None:
    """ "Y has designated its subsidiary, X, as its agent": "its" is the subject that opens the sentence,
    unless a verb of disposal comes between ("Y sold its subsidiary X")."""
    folded = ctx.folded
    for m in _ITS_SUBSIDIARY.finditer(folded, ss, se):
        before = [x for x in ms if x.end <= m.start()]
        if not before or ISSUER in before[-1].refs:
            continue
        subject = before[-1]
        between = folded[subject.end:m.start()]
        if re.match(r"\s*(?:\([^()]*\))?\s*,?\s*(?:and|or|together)\b", between):
            continue            # (read by _its)
        if re.search(r"\b(?:through|via)\s*$", between):
            # "X participates in Y through its subsidiary Z": "its" is the subject's
            subject = _subject_of_sentence(ctx, ms, ss)
            if subject is None or ISSUER in subject.refs or _ITS.match(folded, subject.end, se):
                continue        # (read by _its)
            between = folded[subject.end:m.start()]
        if len(between) > (120 if subject is not before[-1] else 50) or re.search(r"[,;()]", between) or \
                _DISPOSAL.search(folded, _clause_start(folded, ss, m.start()), m.start()) or \
                _doubted(folded, ss, subject.end, m.start()):
            continue
        xs = [x for x in ms if x.start == m.end()]
        _relate(ctx, xs[:1], "subsidiaryOf", [subject], ss, se)


def _directs_majority(ctx, ms, ss, se, own: bool) -> None:
    """ "Y has the ability to direct the voting of a majority of the voting power of our common stock";
    "A and B have the right to appoint a majority of the board of managers of X" (each controls X)."""
    from prospectus_kg.graph.extract.names import person_before
    folded = ctx.folded
    for m in _DIRECTS_MAJORITY.finditer(folded, ss, se):
        subjects = _subjects_before(ctx, ms, m.start(), ss)
        if not subjects:
            person = person_before(folded, _before_parenthesis(folded, ss, m.start()), ss)
            if person is not None and named_in_full(person.name):
                subjects = [Mention([ctx.mention(person.name, person.start, person.end, "Person")], person.start, person.end)]
        if not subjects or _doubted(folded, ss, subjects[-1].end, m.start()) or \
                _CONDITION_AFTER.search(folded, m.end(), _clause_end(folded, m.end(), se)):
            continue
        if m.group("vote"):
            if own:
                _relate(ctx, subjects, "controls", [Mention([ISSUER], m.start(), m.end())], ss, se)
        else:
            _relate(ctx, subjects, "controls", _objects(ms, m.end(), folded)[:1], ss, se)


_CONDITION_AFTER = re.compile(r"\b(?:if|unless|until|in\s+the\s+event|upon\s+the\s+occurrence|subject\s+to)\b", re.I)


def _clause_end(folded: str, pos: int, se: int) -> int:
    semi = folded.find(";", pos, se)
    return semi if semi >= 0 else se


def _before_parenthesis(folded: str, ss: int, pos: int) -> int:
    """``pos`` moved before a parenthesis (or a relative clause between commas) that ends there."""
    m = re.search(r"\s*(?:\([^()]{0,120}\)|,\s+(?:who|which)\s[^,;]{0,120},)\s*$", folded[max(ss, pos - 140):pos])
    return pos - len(m.group()) if m else pos


def _subjects_before(ctx, ms, pos: int, ss: int) -> list[Mention]:
    """The subject (a coordinated list when it opens the sentence) of a verb at ``pos``."""
    end = _before_parenthesis(ctx.folded, ss, pos)
    found = _list_before(ctx, [m for m in ms if m.end <= end], end, ss)
    found = [m for m in found if m.end <= end]
    if len(found) > 1 and found[0] is not _subject_of_sentence(ctx, ms, ss):
        found = found[-1:]
    return found


def _through_control(ctx, ms, ss, se, own: bool) -> None:
    """ "Jane Roe, through her control of Y, controls our business": she controls Y, and the issuer."""
    from prospectus_kg.graph.extract.names import person_before
    folded = ctx.folded
    for m in _THROUGH_CONTROL.finditer(folded, ss, se):
        xs = [x for x in ms if x.end == m.start()]
        if not xs:
            person = person_before(folded, m.start(), ss)
            if person is None or person.end != m.start() or not named_in_full(person.name):
                continue
            xs = [Mention([ctx.mention(person.name, person.start, person.end, "Person")], person.start, person.end)]
        if _doubted(folded, ss, ss, m.start()):
            continue
        ys = _objects(ms, m.end(), folded)[:1]
        _relate(ctx, xs, "controls", ys, ss, se)
        if ys and own:
            rest = re.match(r"(?:\s*\([^()]{0,60}\))?\s*,\s+(?:directly\s+or\s+indirectly\s+)?controls\s+(?:us\b|our\b|the\s+Company\b)",
                            folded[ys[0].end:se])
            if rest:
                _relate(ctx, xs, "controls", [Mention([ISSUER], ss, ss)], ss, se)


_AFFILIATES_LIST = re.compile(r"\b(?:certain|the\s+following)\s+affiliates\s*,?\s+(?:consisting\s+of|including|namely|"
                              r"such\s+as)\s+", re.I)
_GROUP_SEP = re.compile(r"(?:\s+and\s+(?:its|their)\s+(?:respective\s+)?(?:consolidated\s+)?subsidiaries)?\s*"
                        r"(?:\([^()]{0,60}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _affiliates_consisting_of(ctx, ms, ss, se) -> None:
    """ "Y has a services agreement with certain affiliates consisting of A, B and its subsidiaries, and
    C": each is an affiliate of Y (the subject that opens the sentence)."""
    folded = ctx.folded
    for m in _AFFILIATES_LIST.finditer(folded, ss, se):
        owner = _subject_of_sentence(ctx, ms, ss)
        if owner is None or owner.end > m.start() or _doubted(folded, ss, owner.end, m.start()):
            continue
        members, pos = [], m.end()
        for x in ms:
            if x.start < pos:
                continue
            if x.start != pos:
                break
            members.append(x)
            sep = _GROUP_SEP.match(folded, x.end, se)
            if not sep:
                break
            pos = sep.end()
        _relate(ctx, members, "affiliateOf", [owner], ss, se)


def _affiliate_of_names(ctx, ms, ss, se) -> None:
    """ "X is an affiliate of Ardent Capital and Tollgate Asset Management": the named parties without a
    legal form (with one, graph.extract.transactions reads them)."""
    folded = ctx.folded
    for x in ms:
        m = _IS_AFFILIATE.match(folded, x.end, se)
        if not m or _objects(ms, m.end(), folded) or any(r.kind != "Organization" for r in x.refs) or \
                _doubted(folded, ss, ss, x.start):
            continue
        name = _name_at(ctx, m.end(), se)
        if name is None:
            continue
        names = [name]
        text = folded[name.start:name.end]
        parts = re.split(r"\s+and\s+", text)
        if len(parts) == 2 and all(len(p.split()) >= 2 for p in parts):
            # "Ardent Capital and Tollgate Asset Management": two firms, not one
            second = name.start + text.index(parts[1], len(parts[0]))
            names = [_named(ctx, parts[0], name.start, name.start + len(parts[0])), _named(ctx, parts[1], second, name.end)]
        _relate(ctx, [x], "affiliateOf", names, ss, se)


def _add(ctx, a: EntityRef, predicate: str, b: EntityRef, ss: int, se: int) -> None:
    if a == b or normalise(a.key) == normalise(b.key):
        return
    before = len(ctx.facts)
    ctx.add(a, predicate, b, ss, se)
    if predicate == "affiliateOf" and len(ctx.facts) > before:
        ctx.scratch.setdefault("structure.affiliates", []).append(ctx.facts[-1])


def _relate(ctx, subjects: list[Mention], predicate: str, objects: list[Mention], ss: int, se: int) -> None:
    folded = ctx.folded
    for x in subjects + objects:
        if re.search(r"\d[ \t]*\Z", folded[max(0, x.start - 3):x.start]) or folded[x.end:x.end + 1] == "-":
            return        # a name cut by the name finder ("1409 Ontario Ltd.", "Ada Lind- Moss"): not this party
    for s in subjects:
        for o in objects:
            for a in s.refs:
                for b in o.refs:
                    _add(ctx, _fuller(ctx, a), predicate, _fuller(ctx, b), ss, se)


def _fuller(ctx, ref: EntityRef) -> EntityRef:
    """An organisation named with a word like "Holdings" but no legal form, by the full name the
    document gives it elsewhere ("Pyle Holdings" and "Pyle Holdings Ltd")."""
    if ref.kind != "Organization" or ref.key.startswith("@") or legal_key(ref.key) != normalise(ref.key):
        return ref
    return _full_name(ctx, ref.key) or ref


def _clause_start(folded: str, ss: int, pos: int) -> int:
    """Where the clause holding ``pos`` begins: after the last ";" or sentence start."""
    semi = folded.rfind(";", ss, pos)
    return semi + 1 if semi >= 0 else ss


def _doubted(folded: str, ss: int, a: int, b: int) -> bool:
    """Whether the words from the clause start (or ``a``) to ``b`` put the statement in doubt, past or future."""
    return bool(_NOT_NOW.search(folded, max(_clause_start(folded, ss, b), a), b))


def _list_before(ctx, ms: list[Mention], pos: int, ss: int) -> list[Mention]:
    """The coordinated mentions that end at ``pos`` ("A, B and C" before ", each a subsidiary of")."""
    folded = ctx.folded
    out: list[Mention] = []
    for m in reversed([m for m in ms if m.end <= pos]):
        gap = folded[m.end:out[0].start if out else pos]
        if not out and not re.fullmatch(r"\s*(?:\([^()]{0,80}\))?\s*", gap):
            break
        if out and not _LIST_SEP.fullmatch(gap + " "):
            break
        out.insert(0, m)
    return out


def _at(ctx, ms: list[Mention], pos: int, se: int, many: bool = True) -> list[Mention]:
    """The mentions (a coordinated list, or one when not ``many``) that start at ``pos``; else a
    capitalised name there."""
    found = _objects(ms, pos, ctx.folded)
    if found:
        return found if many else found[:1]
    name = _name_at(ctx, pos, se)
    return [name] if name is not None else []


def _list_at(ctx, ms: list[Mention], pos: int, se: int) -> list[Mention]:
    """A coordinated list at ``pos`` whose items are named parties or short names the document gives in
    full elsewhere ("Pyle Holding, Pyle Werke GmbH and Pyle Koffie GmbH")."""
    folded, out = ctx.folded, []
    while pos < se:
        item = next((m for m in ms if m.start == pos), None)
        if item is None:
            name = capitalised_name_at(ctx.doc.text, pos, se, folded=folded)
            known = _full_name(ctx, name.name) if name is not None and _party_like(name.name) else None
            if known is None:
                break
            ctx.add(known, "alias", name.name, name.start, name.end)
            item = Mention([known], name.start, name.end)
        out.append(item)
        sep = re.match(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?", folded[item.end:se])
        if not sep:
            break
        pos = item.end + sep.end()
    return out


def _name_at(ctx, pos: int, se: int) -> Mention | None:
    found = capitalised_name_at(ctx.doc.text, pos, se, folded=ctx.folded)
    if found is None or not _party_like(found.name):
        return None
    if re.match(r"(?:Mr|Ms|Mrs|Dr|Messrs)\.?\s", found.name) and not named_in_full(found.name):
        return None     # "an entity controlled by Mr. Roe": a surname alone names no party
    after = ctx.folded[found.end:found.end + 2]
    if after and not re.match(r"[\s,.;:)(]", after):
        return None
    if re.match(r"\s*[-–—]|\s+based\b", ctx.folded[found.end:found.end + 8]):
        return None     # "the Reno - Nevada based group", "a Tokyo-based firm": a place
    if ctx.folded.find(f'"{found.name}"') >= 0 and _full_name(ctx, found.name) is None:
        return None     # a term the document defines ("LSX" refers to our predecessor) and we could not resolve
    return _named(ctx, found.name, found.start, found.end)


def _named(ctx, name: str, start: int, end: int) -> Mention:
    """A mention of a party named without a legal form."""
    known = _full_name(ctx, name)
    if known is not None:
        # "Ardent Capital" where the document names "Ardent Capital, LLC": that party, by its short name
        ctx.add(known, "alias", name, start, end)
        return Mention([known], start, end)
    return Mention([ctx.mention(name, start, end)], start, end)


def _full_name(ctx, name: str) -> EntityRef | None:
    """The party a name without a legal form stands for when the document also names it with one
    ("Ardent Capital" and "Ardent Capital, LLC")."""
    cache = ctx.scratch.setdefault("structure.full_names", {})
    if name in cache:
        return cache[name]
    found = None
    if legal_key(name) == normalise(name):
        folded, pos, tries = ctx.folded, ctx.folded.find(name), 0
        while pos >= 0 and tries < 40 and found is None:
            tries += 1
            for o in ctx.organizations(pos, min(len(folded), pos + len(name) + 30)):
                if o.start == pos and legal_key(o.name) == legal_key(name) and normalise(o.name) != normalise(name):
                    found = ctx.mention(o.name, o.start, o.end)
                    break
            pos = folded.find(name, pos + 1)
    cache[name] = found
    return found


def _name_before(ctx, pos: int, ss: int) -> Mention | None:
    """A capitalised name that ends at ``pos`` in the object place of a verb or preposition
    ("served with Kessel, the midstream subsidiary of ...")."""
    folded = ctx.folded
    end = pos
    while end > ss and folded[end - 1] == " ":
        end -= 1
    m = re.search(r"(?:(?<=\s)|^)((?:[A-Z][A-Za-z0-9'’.\-&]*|&)(?:[ ](?:[A-Z][A-Za-z0-9'’.\-&]*|&|of|and)){0,5})$",
                  folded[max(ss, end - 80):end])
    if not m:
        return None
    start = end - len(m.group(1))
    if start <= ss or not _OBJECT_PLACE.search(folded[max(ss, start - 20):start]):
        return None
    return _name_at(ctx, start, end)


def _party_like(name: str) -> bool:
    key = normalise(name)
    return bool(key) and key not in _ROLE_TERMS and not key.startswith(("legacy ", "new ")) \
        and not re.fullmatch(r"[a-z]{1,2}", key) and not _SECURITY_WORDS.search(name)


# --- the rules ---------------------------------------------------------------------------------------

def _each_subsidiary(ctx, ms, ss, se) -> None:
    """ "A and B, each a subsidiary of Y"; "A and B are wholly owned subsidiaries of Y"."""
    folded = ctx.folded
    for m in _EACH_SUBSIDIARY.finditer(folded, ss, se):
        subjects = _list_before(ctx, ms, m.start(), ss)
        if re.match(r"\s+is\b", m.group()):
            # "Each of A and B is a subsidiary of Y" (one subject: graph.extract.transactions reads it)
            if len(subjects) < 2 or not re.search(r"\b(?:each|both)\s+of\s+(?:the\s+)?$|^\W*(?:each|both)\s+$",
                                                    folded[ss:subjects[0].start], re.I):
                continue
        elif len(subjects) < 2 and not re.match(r",\s+each", m.group(), re.I) and "are" not in m.group().lower():
            continue
        if not subjects or _doubted(folded, ss, subjects[-1].end, m.start() + 1):
            continue
        parent = _at(ctx, ms, m.end(), se, many=False)
        _relate(ctx, subjects, "subsidiaryOf", parent, ss, se)


def _possessive(ctx, ms, ss, se) -> None:
    """ "Y's wholly owned Irish subsidiary, X"; "Y's affiliate X"."""
    folded = ctx.folded
    for y in ms:
        m = _POSSESSIVE.match(folded, y.end, se)
        if not m or _doubted(folded, ss, ss, y.start):
            continue
        rel = m.group("rel").lower()
        xs = _objects(ms, m.end(), folded)
        if not rel.startswith("subsidiar"):
            xs = xs[:1] if rel.startswith("parent") else xs
        _its_relation(ctx, y, rel, xs, ss, se)


def _its_relation(ctx, y: Mention, rel: str, xs: list[Mention], ss: int, se: int) -> None:
    if rel.startswith("subsidiar"):
        _relate(ctx, xs, "subsidiaryOf", [y], ss, se)
    elif rel.startswith("parent"):
        _relate(ctx, [y], "subsidiaryOf", xs[:1], ss, se)
    else:
        _relate(ctx, xs, "affiliateOf", [y], ss, se)


def _its(ctx, ms, ss, se) -> None:
    """ "Y and its subsidiaries A, B and C"; "Y, through its Dutch subsidiary X"; "X and its US
    parent company Y"; "Y and its affiliates, including A and B"."""
    folded = ctx.folded
    for y in ms + _short_names_before(ctx, ms, ss, se):
        m = _ITS.match(folded, y.end, se)
        if not m or _doubted(folded, ss, ss, y.start):
            continue
        if re.match(r"(?:\s*\([^()]*\))?\s+(?:through|via)\b", m.group()) and y is not _subject_of_sentence(ctx, ms, ss):
            continue      # "X participates in Y through its subsidiary Z": "its" is X's, the subject
        xs = _objects(ms, m.end(), folded)
        rel = m.group("rel").lower()
        if rel.startswith("subsidiar") and re.search(r"\bsubsidiaries\b", rel) is None:
            xs = xs[:1]
        if xs and _ITS.match(folded, xs[0].end, se):
            continue      # "A and its subsidiaries, B and its subsidiaries, and C": a list of groups
        _its_relation(ctx, y, rel, xs, ss, se)


def _short_names_before(ctx, ms, ss, se) -> list[Mention]:
    """The name without a legal form that opens the sentence before "and its", when the document also
    names it in full ("Pyle and its parent company ..." where "Pyle s.a." is named)."""
    out = []
    for m in re.finditer(r"^([A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+){0,2})\s+and\s+its\s", ctx.folded[ss:se]):
        start, end = ss + m.start(1), ss + m.end(1)
        if any(x.start <= start < x.end for x in ms):
            continue
        known = _full_name(ctx, m.group(1))
        if known is not None:
            out.append(Mention([known], start, end))
    return out


def _ours(ctx, ms, ss, se) -> None:
    """ "our affiliates, including A, B and C"; "our parent company, Y"."""
    folded = ctx.folded
    issuer = Mention([ISSUER], ss, ss)
    for m in _OUR.finditer(folded, ss, se):
        if (_NOT_NOW_APPOSITIVE if m.group("sub") else _NOT_NOW).search(folded, max(ss, m.start() - (20 if m.group("sub") else 40)),
                                                                           m.start()) or re.search(
                r"\b(?:any|one|some|certain|former|an)\s+of\s+$|\bformer\s+$", folded[max(ss, m.start() - 20):m.start()], re.I):
            continue
        if m.group("sub"):
            # "through our subsidiary, Ridgeway Solar, we ...": a short name the document also gives in
            # full (with a legal form graph.extract.transactions reads it)
            name = capitalised_name_at(ctx.doc.text, m.end(), se, folded=folded)
            known = _full_name(ctx, name.name) if name is not None and not _objects(ms, m.end(), folded) else None
            if known is not None and re.match(r"\s*[,;.]", folded[name.end:name.end + 2]):
                ctx.add(known, "alias", name.name, name.start, name.end)
                _relate(ctx, [Mention([known], name.start, name.end)], "subsidiaryOf", [issuer], ss, se)
        elif m.group("aff"):
            _relate(ctx, _objects(ms, m.end(), folded), "affiliateOf", [issuer], ss, se)
        else:
            parent = _objects(ms, m.end(), folded)[:1]
            if m.group("parent").lower().startswith("controlling"):
                _relate(ctx, parent, "controls", [issuer], ss, se)
            else:
                _relate(ctx, [issuer], "subsidiaryOf", parent, ss, se)


def _control_person(ctx, ms, ss, se) -> None:
    """Item 701 lists: "X (the control person is Y)"."""
    folded = ctx.folded
    for m in _CONTROL_PERSON.finditer(folded, ss, se):
        xs = [x for x in ms if x.end == m.start()]
        if not xs:       # a name without a legal form opening a table cell or following a preposition
            cell = max(folded.rfind("\t", ss, m.start()), folded.rfind("\n", ss, m.start())) + 1
            name = _name_at(ctx, cell, m.start()) if cell > ss else _name_before(ctx, m.start(), ss)
            xs = [name] if name is not None and name.end == m.start() else []
        controllers = _objects(ms, m.end(), folded) or _persons_at(ctx, m.end(), se)
        _relate(ctx, controllers, "controls", xs[:1], ss, se)


def _persons_at(ctx, pos: int, se: int) -> list[Mention]:
    from prospectus_kg.graph.extract.names import find_person_at
    out = []
    while True:
        person = find_person_at(ctx.folded, pos, se)
        if person is None or not named_in_full(person.name):
            return out
        out.append(Mention([ctx.mention(person.name, person.start, person.end, "Person")], person.start, person.end))
        sep = re.match(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)", ctx.folded[person.end:se])
        if not sep:
            return out
        pos = person.end + sep.end()


def _whose(ctx, ms, ss, se) -> None:
    """ "X, whose sole member is Y" (Y owns X, or controls it if Y is a person); "X, whose managing
    member is Y" (Y controls X)."""
    folded = ctx.folded
    for x in ms:
        m = _WHOSE.match(folded, x.end, se)
        if not m:
            continue
        ys = _objects(ms, m.end(), folded)[:1] or _persons_at(ctx, m.end(), se)[:1]
        role = " ".join(m.group("role").lower().split())
        for y in ys:
            owner = role.startswith("sole") and not role.endswith(("general partner", "manager"))
            if owner and all(r.kind == "Organization" for r in y.refs):
                _relate(ctx, [x], "subsidiaryOf", [y], ss, se)
            else:
                _relate(ctx, [y], "controls", [x], ss, se)


def _of_which(ctx, ms, ss, se, own: bool) -> None:
    """ "OpCo, of which we are the sole managing member" (we control OpCo); "X, of which Y is the sole
    member" (Y owns X, or controls it if a person); "..., of which Y is the general partner"."""
    folded = ctx.folded
    for x in ms:
        m = _OF_WHICH.match(folded, x.end, se)
        if not m or _NOT_NOW_APPOSITIVE.search(folded, m.start(), m.end()):
            continue
        if m.group("y") == "we":
            if not own:
                continue
            ys = [Mention([ISSUER], m.start("y"), m.end("y"))]
        else:
            ys = [y for y in ms if y.start == m.start("y") and y.end == m.end("y")] or \
                 [p for p in _persons_at(ctx, m.start("y"), m.end("y")) if p.end == m.end("y")]
        role = " ".join(m.group("role").lower().split())
        for y in ys[:1]:
            if role.startswith("sole") and role.endswith(("member", "shareholder", "stockholder", "owner")) and \
                    "managing" not in role and all(r.kind == "Organization" for r in y.refs) and ISSUER not in y.refs:
                _relate(ctx, [x], "subsidiaryOf", [y], ss, se)
            elif "general partner" in role:
                _relate(ctx, [y], "generalPartnerOf", [x], ss, se)
            else:
                _relate(ctx, [y], "controls", [x], ss, se)


def _which_is(ctx, ms, ss, se) -> None:
    """ "X which is controlled by Y" (without the comma the footnote grammar wants)."""
    folded = ctx.folded
    for x in ms:
        m = _WHICH_IS.match(folded, x.end, se)
        if not m or _NOT_NOW_APPOSITIVE.search(folded, max(ss, x.start - 30), x.start) or \
                _NOT_NOW_APPOSITIVE.search(folded, m.end(), min(se, m.end() + 80)):
            continue
        ys = _objects(ms, m.end(), folded)[:1] or _persons_at(ctx, m.end(), se)[:1]
        if m.group("rel").lower() == "controlled":
            _relate(ctx, ys, "controls", [x], ss, se)
        else:
            _relate(ctx, [x], "subsidiaryOf", ys, ss, se)


def _his_companies(ctx, ms, ss, se) -> None:
    """ "Anton Pyle, his Dutch companies Pyle Holding GmbH and Pyle Werke GmbH": the person controls each."""
    from prospectus_kg.graph.extract.names import person_before
    folded = ctx.folded
    for m in _HIS_COMPANIES.finditer(folded, ss, se):
        person = person_before(folded, m.start(), ss)
        if person is None or not named_in_full(person.name) or person.end != m.start() or \
                _NOT_NOW_APPOSITIVE.search(folded, max(ss, person.start - 30), m.end()):
            continue
        owner = Mention([ctx.mention(person.name, person.start, person.end, "Person")], person.start, person.end)
        _relate(ctx, [owner], "controls", _list_at(ctx, ms, m.end(), se), ss, se)


def _appositive(ctx, ms, ss, se) -> None:
    """ "X, a company controlled by Y"; "X, an entity affiliated with Y"; "X, a member firm of ...
    affiliated with Y"; "X, the midstream subsidiary of Y" (either without a legal form); "X, a wholly
    owned portfolio company of Y"."""
    folded = ctx.folded
    for m in _APPOSITIVE.finditer(folded, ss, se):
        mid = m.group("mid")
        if _NOT_NOW.search(mid) or re.search(r"\b(?:which|who|that)\s+(?:was|were|had)\b|\b(?:between|among)\b|"
                                             r"\b(?:and|or)\s+(?!an?\s)", mid, re.I):
            # ("X, a joint venture between a developer and funds affiliated with Y": the participle
            # belongs to the other noun)
            continue
        rel = m.group("rel").lower()
        inside = [x for x in ms if m.start() < x.start < m.start("rel")]
        if inside:
            continue                      # another party between: not this appositive
        subjects = [x for x in ms if x.end <= m.start() and re.fullmatch(r"\s*(?:\([^()]{0,60}\))?\s*",
                                                                          folded[x.end:m.start()])]
        subject = subjects[-1] if subjects else _name_before(ctx, m.start(), ss)
        if subject is None:
            continue
        if rel.endswith(("subsidiary of", "portfolio company of", "affiliate of")):
            named = _objects(ms, m.end(), folded)[:1]
            reporting = bool(named) and bool(_REPORTING.fullmatch(folded[named[0].start:named[0].end]))
            if not subjects or "portfolio" in rel or not named or reporting:
                # (both named, not the reporting entity: graph.extract.transactions reads them)
                if not re.fullmatch(r"\s*(?:[\w\-]+\s+){0,4}", mid + " ") or re.search(r"\b(?:former|non|minority)\b", mid):
                    continue
                parent = named or _at(ctx, ms, m.end(), se, many=False)
                _relate(ctx, [subject], "affiliateOf" if rel == "affiliate of" else "subsidiaryOf", parent, ss, se)
                if parent and rel != "affiliate of":
                    # "X, a wholly owned subsidiary of Y and the parent company of Z"
                    more = re.match(r"\s+and\s+the\s+(?:direct\s+|indirect\s+)?parent(?:\s+company)?\s+of\s+", folded[parent[0].end:se])
                    if more:
                        _relate(ctx, _objects(ms, parent[0].end + more.end(), folded)[:1], "subsidiaryOf", [subject], ss, se)
            continue
        objects = _at(ctx, ms, m.end(), se)
        if "affiliated" in rel:
            _relate(ctx, [subject], "affiliateOf", objects, ss, se)
        else:
            _relate(ctx, objects[:1], "controls", [subject], ss, se)


def _surviving(ctx, ms, ss, se, own: bool) -> None:
    """ "..., with X surviving the merger as a wholly owned subsidiary of Y"; "with X continuing as the
    surviving corporation and as our wholly owned subsidiary"."""
    folded = ctx.folded
    for m in _SURVIVING.finditer(folded, ss, se):
        if _FUTURE.search(folded, _clause_start(folded, ss, m.start()), m.start()):
            continue
        xs = [x for x in ms if x.start == m.start("x") and x.end == m.end("x")]
        if not xs:
            name = _name_at(ctx, m.start("x"), m.end("x"))
            xs = [name] if name is not None and name.end == m.end("x") else []
        if not xs:
            continue
        if m.group("our"):
            if own:
                _relate(ctx, xs, "subsidiaryOf", [Mention([ISSUER], ss, ss)], ss, se)
            continue
        if not m.group().rstrip().endswith("of"):
            continue
        _relate(ctx, xs, "subsidiaryOf", _at(ctx, ms, m.end(), se, many=False), ss, se)


def _subject_of_sentence(ctx, ms, ss: int) -> Mention | None:
    from prospectus_kg.graph.extract.footnotes import _OPENER
    opener = _OPENER.match(ctx.folded, ss)
    first = opener.end() if opener else ss
    return ms[0] if ms and re.fullmatch(r"[\W\d]{0,3}(?:the\s+)?", ctx.folded[first:ms[0].start], re.I) else None


def _second_verb(ctx, ms, ss, se) -> None:
    """ "Y directly controls us and, as a result, indirectly controls X": the second verb shares the
    subject of the first."""
    folded = ctx.folded
    for m in _AND_CONTROLS.finditer(folded, ss, se):
        subject = _subject_of_sentence(ctx, ms, ss)
        if subject is None or subject.end > m.start() or \
                not re.search(r"\bcontrols\s", folded[subject.end:m.start()]) or \
                _doubted(folded, ss, subject.end, m.start()):
            continue
        _relate(ctx, [subject], "controls", _objects(ms, m.end(), folded), ss, se)


def _majority(ctx, ms, ss, se, own: bool) -> None:
    """ "Y owns a majority of the equity interests in X"; "Y owns ... 62% of our common stock"."""
    folded = ctx.folded
    for m in _MAJORITY_IN.finditer(folded, ss, se):
        subject = _verb_subject(ctx, ms, m.start(), ss)
        if subject is None or _doubted(folded, ss, subject.end, m.start()):
            continue
        _relate(ctx, [subject], "controls", _objects(ms, m.end(), folded), ss, se)
    if not own:
        return
    for m in _PERCENT_OF_US.finditer(folded, ss, se):
        if float(m.group("pct")) <= 50:
            continue
        if m.group("verb").lower().endswith(("owned", "held")) and not re.match(r"\W*As\s+of\s+[^,;]{4,30},\s", folded[ss:m.start()]):
            continue      # "owned" states the present only in "As of <date>, X owned ..."
        subject = _verb_subject(ctx, ms, m.start(), ss)
        if subject is None or ISSUER in subject.refs or _doubted(folded, ss, ss, m.start()) or \
                re.search(r"\b(?:after|following|upon)\s+(?:this|the)\s+offering\b", folded[ss:se], re.I):
            continue
        _relate(ctx, [subject], "controls", [Mention([ISSUER], m.start(), m.end())], ss, se)


def _verb_subject(ctx, ms, pos: int, ss: int) -> Mention | None:
    """The subject of a verb at ``pos``: the mention just before it, or, after "and", the subject that
    opens the sentence ("Y owns a majority of our shares and owns ...")."""
    folded = ctx.folded
    if re.search(r"\band\s+$", folded[max(ss, pos - 6):pos]):
        return _subject_of_sentence(ctx, ms, ss)
    found = None
    for m in reversed(ms):
        if m.end <= pos:
            if re.fullmatch(r"\s*(?:\([^()]{0,60}\))?\s*(?:(?:directly|indirectly|currently|also|together)\s+)*", folded[m.end:pos]):
                found = m
            break
    return found
