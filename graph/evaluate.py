"""Scoring a built graph against gold files: per field and per document precision, recall and F1.

A gold file (``corpus/gold/<accession>_<form>.json``, hand-checked facts of one EDGAR filing) is
matched to the built documents whose id or ``prosp:accessionNumber`` is its accession number: the
document id equals the accession, starts with the accession followed by ``-`` (an HTML file named
``<accession>_S-3.html`` gets the id ``<accession>-s-3``; a second document of one accession gets the
suffix ``-2``), or the document's ``prosp:accessionNumber`` is the accession. When several documents
match (an EDGAR full submission and its primary document as HTML), each is scored; the first in
sorted order of document id is the *primary* match and is the only one counted in the totals, the
others are reported as extra rows with ``primary: false`` and ``agrees_with_primary`` (whether each
field's extracted items are the same as the primary's, the CIK aside).

Only what the document itself asserted is scored: the facts come from the ``prosp:Assertion`` nodes
whose ``oa:hasSource`` is the document (the graph may merge many documents; provenance keeps them
apart). Names are compared with :func:`prospectus_kg.graph.extract.names.normalise` (case, punctuation,
accents and legal-form spellings folded: "Inc" = "Inc." = "Incorporated"); a node matches a gold name
when any of its names (``prosp:name`` or ``prosp:alias``) normalises to the gold name's key.

How each field is matched
-------------------------
``issuer``
    One item per gold key that is not null: ``name`` (any name of the offering's ``prosp:issuer``; when
    it names none of them but a ``prosp:coIssuer`` of the offering, a co-registrant of a joint filing,
    that co-issuer is scored instead, its state and address included),
    ``cik`` (compared as an integer; scored only for documents read from an EDGAR submission, since
    an HTML primary document does not print its CIK), ``ticker`` (``prosp:tickerSymbol``, upper
    case), ``exchange`` (``prosp:exchangeName``, case-insensitive, a leading "The" ignored; both read
    from the listings of the offering's ``prosp:security`` when the build links one with a symbol, so a
    warrant's own listing is not a second ticker of the issuer, else from every listing but those of a
    security the build classed as warrants, units, rights or notes),
    ``state_of_incorporation`` (case-insensitive, "State of"/"the" and US postal abbreviations
    folded: "DE" = "Delaware") and ``address`` (lower case, punctuation dropped, US state names
    folded to postal codes, "Suite" = "Ste"). The built side has one item per key for which the
    document asserted a value; it is correct when *every* distinct value asserted for that key
    matches the gold value (so a second, wrong ticker from a bundled base prospectus is an error).
``selling_stockholders``
    One item per gold row and per ``prosp:SellingStockholderPosition`` of the document's offering.
    A gold row matches a position (one to one) when its shares offered equal the position's
    ``prosp:sharesOffered`` (not compared when the gold value is null) and its name matches the
    position's ``prosp:rowLabel`` (footnote marks stripped) or the name of one of its holders. Where
    the gold file lists only the first rows of a long table (``selling_stockholders_total`` greater
    than the rows listed), up to that many unmatched positions cannot be checked: they count as
    neither built nor spurious (a position beyond the table's total still counts as spurious).
``holders``
    The legal holders a row's footnote names (gold ``holders``, e.g. the funds behind "Entities
    affiliated with Larkmoor Group, LLC"): one item per gold holder name, and on the built side one
    item per ``prosp:holder`` of a position that is not the entity its row label names.
``affiliations``
    Gold relations and built ``affiliateOf``, ``controls``, ``controlledBy``, ``generalPartnerOf``,
    ``investmentManagerOf``, ``subsidiaryOf`` and ``parentOf`` assertions are both reduced to one of
    three shapes: ``control(controller, controlled)`` (gold ``managed_by(A, B)`` and
    ``controlled_by(A, B)`` are ``control(B, A)``; ``general_partner_of(A, B)`` is ``control(A, B)``;
    built ``controls``, ``generalPartnerOf`` and ``investmentManagerOf`` keep their direction,
    ``controlledBy`` is reversed), ``subsidiary(child, parent)`` (``subsidiary_of``, built
    ``subsidiaryOf``; ``parentOf`` reversed) and ``affiliate{A, B}`` (``affiliate_of`` and built
    ``affiliateOf``, without direction, as the property is symmetric). Items match when the shape and
    both names match; duplicates collapse (a general partner stated twice is one item).
``incorporated_documents``
    A gold entry is (form, ``period_or_date``, part), the part being ``base_prospectus`` or ``main``
    (any other gold part, e.g. "supplement", is ``main``).
    A built item is a Filing the document (or its ``prosp:baseProspectus``) ``prosp:incorporatesByReference``, with the part the
    build recorded on that assertion (``prosp:documentPart``, else ``main``); its keys are its form
    with each of its ``prosp:periodEnd``, ``prosp:filingDate`` and ``prosp:date`` values. A gold
    entry is found when some built item of the same part has its key; a built item is correct when
    some gold entry of its part has one of its keys. (One filing may be listed twice in a gold file,
    e.g. a 10-K and "the description of our common stock contained in Exhibit 4.3 to" that 10-K;
    both are found by the one Filing.) Forms are compared in upper case, "Schedule 14A"/"14A" as
    "DEF 14A", "8-A12B" as "8-A".
``counsel``
    Gold ``legal_counsel`` names against the firms the document names as ``prosp:legalCounsel``,
    ``prosp:issuerCounsel``, ``prosp:underwritersCounsel`` or ``prosp:sellingStockholderCounsel`` of
    its offering. Where the gold file gives ``legal_counsel_roles``, a firm counts as found only
    with the same role ("issuer" = issuerCounsel; "underwriters", "placement agents", "sales agents"
    = underwritersCounsel; "selling stockholders" = sellingStockholderCounsel).
``auditors``
    Gold ``auditors`` against the subjects of the document's ``prosp:auditorOf`` assertions.
``underwriters``
    Gold ``underwriters`` against the objects of the document's ``prosp:underwriter``,
    ``prosp:placementAgent`` and ``prosp:salesAgent`` assertions. Agents of other offerings (gold
    ``related_placement_agents``) are not underwriters: naming one is an error.

Precision is correct built items / built items, recall is found gold items / gold items (the two
counts differ only where one built item can stand for two gold entries, as above), F1 their harmonic
mean. A field with no items on either side has no score (shown as "-"). Totals are micro-averaged:
counts are summed over documents and fields before dividing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from prospectus_kg.errors import InputError
from prospectus_kg.ontology.terms import OA_NS, PREFIXES, PROSP_NS
from prospectus_kg.graph.extract.names import normalise, strip_footnote_marks

FIELDS = ("issuer", "selling_stockholders", "holders", "affiliations", "incorporated_documents", "counsel",
          "auditors", "underwriters")

PROSP, _OA, _RDF = PROSP_NS, OA_NS, PREFIXES["rdf"]

_STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca", "colorado": "co",
    "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga", "hawaii": "hi", "idaho": "id",
    "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky", "louisiana": "la",
    "maine": "me", "maryland": "md", "massachusetts": "ma", "michigan": "mi", "minnesota": "mn",
    "mississippi": "ms", "missouri": "mo", "montana": "mt", "nebraska": "ne", "nevada": "nv",
    "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc",
    "north dakota": "nd", "ohio": "oh", "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn", "texas": "tx",
    "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa", "west virginia": "wv",
    "wisconsin": "wi", "wyoming": "wy", "district of columbia": "dc", "puerto rico": "pr",
}
_STATE_RE = re.compile(r"\b(" + "|".join(sorted(_STATES, key=len, reverse=True)) + r")\b")
_ADDRESS_WORDS = {"suite": "ste", "street": "st", "avenue": "ave", "road": "rd", "drive": "dr", "floor": "fl",
                  "boulevard": "blvd", "building": "bldg"}


# --- normalisation of values -----------------------------------------------------------------------

def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", normalise(text) if text else "").split())


def norm_exchange(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(str(text).lower().split()))


def norm_state(text: str) -> str:
    t = re.sub(r"^(?:the\s+)?(?:state\s+of\s+)?", "", " ".join(str(text).lower().split())).strip(" .")
    return _STATES.get(t, t)


def norm_address(text: str) -> str:
    t = " ".join(re.sub(r"[^a-z0-9]+", " ", normalise(str(text))).split())
    t = _STATE_RE.sub(lambda m: _STATES[m.group(1)], t)
    return " ".join(_ADDRESS_WORDS.get(w, w) for w in t.split())


def norm_form(text: str) -> str:
    t = " ".join(str(text).upper().split())
    t = re.sub(r"^(?:SCHEDULE|FORM)\s+", "", t)
    if t in ("14A", "DEF14A", "DEF 14A", "DEFINITIVE PROXY STATEMENT"):
        return "DEF 14A"
    return re.sub(r"^8-A12[BG]", "8-A", t)


def norm_cik(text: Any) -> str:
    digits = re.sub(r"\D", "", str(text))
    return str(int(digits)) if digits else ""


# --- scores ----------------------------------------------------------------------------------------

@dataclass
class Score:
    """Counts for one field of one document (or a total)."""

    gold: int = 0            # gold items
    built: int = 0           # built items
    found: int = 0           # gold items that were found (recall numerator)
    correct: int = 0         # built items that are right (precision numerator)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.correct / self.built if self.built else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p = 0.0 if p is None else p
        r = 0.0 if r is None else r
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.built += other.built
        self.found += other.found
        self.correct += other.correct

    def as_dict(self, details: bool = True) -> dict:
        out: dict[str, Any] = {"gold": self.gold, "built": self.built, "found": self.found, "correct": self.correct,
                               "precision": _round(self.precision), "recall": _round(self.recall),
                               "f1": _round(self.f1)}
        if details:
            out["missed"] = self.missed
            out["spurious"] = self.spurious
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def match_sets(gold: list, built: list, same: Callable[[Any, Any], bool], show: Callable[[Any], str] = str) -> Score:
    """Many-to-many matching: a gold item is found if some built item is ``same``; a built item is
    correct if it is ``same`` as some gold item."""
    score = Score(gold=len(gold), built=len(built))
    for g in gold:
        if any(same(g, b) for b in built):
            score.found += 1
        else:
            score.missed.append(show(g))
    for b in built:
        if any(same(g, b) for g in gold):
            score.correct += 1
        else:
            score.spurious.append(show(b))
    return score


def match_one_to_one(gold: list, built: list, same: Callable[[Any, Any], bool],
                     show_gold: Callable[[Any], str] = str, show_built: Callable[[Any], str] = str) -> Score:
    """Greedy one-to-one matching in gold order."""
    score = Score(gold=len(gold), built=len(built))
    used: set[int] = set()
    for g in gold:
        hit = next((i for i, b in enumerate(built) if i not in used and same(g, b)), None)
        if hit is None:
            score.missed.append(show_gold(g))
        else:
            used.add(hit)
            score.found += 1
            score.correct += 1
    score.spurious = [show_built(b) for i, b in enumerate(built) if i not in used]
    return score


# --- the built graph, as plain data ----------------------------------------------------------------

@dataclass
class BuiltDocument:
    """What one document asserted: (subject, predicate local name, object, part) tuples."""

    iri: str
    doc_id: str
    accession: str | None
    media_type: str | None
    facts: list[tuple[str, str, Any, str]] = field(default_factory=list)

    def objects(self, subject: str | None, predicate: str) -> list:
        return [o for s, p, o, _ in self.facts if p == predicate and (subject is None or s == subject)]

    def pairs(self, *predicates: str) -> list[tuple[str, str, Any, str]]:
        return [f for f in self.facts if f[1] in predicates]


@dataclass
class BuiltGraph:
    documents: dict[str, BuiltDocument]
    names: dict[str, set[str]]            # node IRI -> every name and alias
    values: dict[tuple[str, str], list]   # (node IRI, predicate local name) -> values (all documents)

    def node_names(self, node: str) -> set[str]:
        return self.names.get(node, set())

    def keys(self, node: str) -> set[str]:
        return {normalise(n) for n in self.node_names(node)}

    def label(self, node: str) -> str:
        names = sorted(self.node_names(node), key=lambda n: (n.isupper(), -len(n)))
        return names[0] if names else node.rsplit("/", 1)[-1]


def load_built(graph) -> BuiltGraph:
    """Read an rdflib Graph written by ``prospectus-kg build`` into plain dictionaries."""
    from rdflib import Literal, URIRef

    def local(term) -> str | None:
        text = str(term)
        return text[len(PROSP):] if text.startswith(PROSP) else None

    def value(term):
        if isinstance(term, Literal):
            v = term.toPython()
            return v if not isinstance(v, Literal) else str(v)
        return str(term)

    a_type = URIRef(PROSP + "Assertion")
    rdf_type = URIRef(_RDF + "type")
    documents: dict[str, BuiltDocument] = {}
    for doc in graph.subjects(rdf_type, URIRef(PROSP + "Prospectus")):
        iri = str(doc)
        acc = graph.value(doc, URIRef(PROSP + "accessionNumber"))
        media = graph.value(doc, URIRef(PROSP + "mediaType"))
        documents[iri] = BuiltDocument(iri, iri.rsplit("/", 1)[-1], str(acc) if acc else None,
                                       str(media) if media else None)
    names: dict[str, set[str]] = {}
    values: dict[tuple[str, str], list] = {}
    for s, p, o in graph:
        name = local(p)
        if name in ("name", "alias"):
            names.setdefault(str(s), set()).add(str(o))
        elif name is not None and isinstance(o, Literal):
            values.setdefault((str(s), name), []).append(value(o))
    subj, pred, obj = URIRef(_RDF + "subject"), URIRef(_RDF + "predicate"), URIRef(_RDF + "object")
    target, source = URIRef(_OA + "hasTarget"), URIRef(_OA + "hasSource")
    part_p = URIRef(PROSP + "documentPart")
    for a in graph.subjects(rdf_type, a_type):
        p = local(graph.value(a, pred))
        t = graph.value(a, target)
        src = graph.value(t, source) if t is not None else None
        if p is None or src is None or str(src) not in documents:
            continue
        part = graph.value(a, part_p)
        documents[str(src)].facts.append((str(graph.value(a, subj)), p, value(graph.value(a, obj)),
                                          str(part) if part else "main"))
    return BuiltGraph(documents, names, values)


# --- per-field scoring ------------------------------------------------------------------------------

def _offering(doc: BuiltDocument) -> str | None:
    found = doc.objects(doc.iri, "describes")
    if found:
        return found[0]
    issuers = [s for s, p, _o, _ in doc.facts if p == "issuer" and "/offering/" in s]
    return issuers[0] if issuers else None


def _name_matches(bg: BuiltGraph, node: str, gold_name: str) -> bool:
    return normalise(gold_name) in bg.keys(node)


_OTHER_CLASSES = ("warrants", "units", "rights", "notes")


def score_issuer(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    g = gold.get("issuer") or {}
    offering = _offering(doc)
    issuers = sorted({o for s, p, o, _ in doc.facts if p == "issuer" and (offering is None or s == offering)})
    co_issuers = sorted({o for s, p, o, _ in doc.facts if p == "coIssuer" and (offering is None or s == offering)})
    if g.get("name") and co_issuers and not any(_name_matches(bg, i, g["name"]) for i in issuers):
        # a joint registration statement's co-registrants issue under one prospectus: the gold's issuer
        # may be any of them, and its keys are read from the one it names
        issuers = [i for i in co_issuers if _name_matches(bg, i, g["name"])][:1] or issuers
    built: dict[str, list] = {}
    if issuers:
        built["name"] = issuers
    for key, predicate in (("cik", "cik"), ("state_of_incorporation", "stateOfIncorporation"),
                           ("address", "address")):
        vals = [o for s, p, o, _ in doc.facts if p == predicate and s in issuers]
        if vals:
            built[key] = vals
    # the listing of the offered security when the build links one (a warrant's own symbol is no
    # second ticker of the issuer's stock), else every listing the document states
    listings = {o for sec in doc.objects(offering, "security") for o in doc.objects(sec, "listing")} if offering else set()
    listed = [s for s, p, _o, _ in doc.facts if p == "tickerSymbol" and s in listings]
    if not listed:
        # no offered security with a symbol (a universal shelf): every listing but those of a security
        # the build classed as another kind (the public warrants' symbol and market are not the issuer's)
        others = {s for s, p, o, _ in doc.facts if p == "securityClass" and str(o) in _OTHER_CLASSES}
        other_listings = {o for sec in others for o in doc.objects(sec, "listing")}
        listings = {s for s, p, _o, _ in doc.facts if p in ("tickerSymbol", "exchangeName")} - other_listings
        listed = [s for s, p, _o, _ in doc.facts if p == "tickerSymbol" and s in listings]
    for key, predicate in (("ticker", "tickerSymbol"), ("exchange", "exchangeName")):
        vals = [o for s, p, o, _ in doc.facts if p == predicate and (not listed or s in listings)]
        if vals:
            built[key] = vals
    same = {
        "name": lambda gv, bv: _name_matches(bg, bv, gv),
        "cik": lambda gv, bv: norm_cik(gv) == norm_cik(bv),
        "ticker": lambda gv, bv: str(gv).upper() == str(bv).upper(),
        "exchange": lambda gv, bv: norm_exchange(gv) == norm_exchange(bv),
        "state_of_incorporation": lambda gv, bv: norm_state(gv) == norm_state(bv),
        "address": lambda gv, bv: norm_address(gv) == norm_address(bv),
    }
    score = Score()
    from_submission = doc.media_type == "application/edgar-submission"
    for key, check in same.items():
        if key == "cik" and not from_submission:
            continue
        gv = g.get(key)
        bvs = built.get(key, [])
        show = (lambda v: bg.label(v)) if key == "name" else str
        if gv is not None:
            score.gold += 1
            if any(check(gv, bv) for bv in bvs):
                score.found += 1
            else:
                score.missed.append(f"{key}: {gv}")
        if bvs:
            score.built += 1
            distinct = {show(v) for v in bvs}
            if gv is not None and all(check(gv, bv) for bv in bvs):
                score.correct += 1
            else:
                score.spurious.append(f"{key}: " + " | ".join(sorted(distinct)))
    return score


def _positions(doc: BuiltDocument) -> list[dict]:
    offering = _offering(doc)
    out = []
    for s, p, o, _ in doc.facts:
        if p == "position" and (offering is None or s == offering):
            out.append({"iri": o, "label": next(iter(doc.objects(o, "rowLabel")), None),
                        "shares": next(iter(doc.objects(o, "sharesOffered")), None),
                        "holders": sorted(set(doc.objects(o, "holder")))})
    unique = {p["iri"]: p for p in out}
    return [unique[k] for k in sorted(unique)]


def score_selling(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    rows = gold.get("selling_stockholders") or []
    positions = _positions(doc)

    def same(g, p) -> bool:
        if g.get("shares_offered") is not None and p["shares"] != g["shares_offered"]:
            return False
        key = normalise(g["name"])
        if p["label"] and normalise(strip_footnote_marks(p["label"])) == key:
            return True
        return any(key in bg.keys(h) for h in p["holders"])

    def show_built(p) -> str:
        who = p["label"] or ", ".join(bg.label(h) for h in p["holders"])
        return f"{who}: {p['shares']}"

    score = match_one_to_one(rows, positions, same, lambda g: f"{g['name']}: {g.get('shares_offered')}", show_built)
    unlisted = (gold.get("selling_stockholders_total") or 0) - len(rows)
    if unlisted > 0:
        # the gold lists only the first rows of a long table (corpus convention): as many unmatched
        # positions as there are unlisted rows cannot be checked and count neither way
        unchecked = min(unlisted, len(score.spurious))
        score.built -= unchecked
        score.spurious = score.spurious[unchecked:]
    return score


def score_holders(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    gold_items = [h for row in gold.get("selling_stockholders") or [] for h in row.get("holders") or []]
    built_items = []
    for p in _positions(doc):
        label_key = normalise(strip_footnote_marks(p["label"])) if p["label"] else None
        for h in p["holders"]:
            if label_key is None or label_key not in bg.keys(h):
                built_items.append(h)
    return match_sets(gold_items, sorted(set(built_items)), lambda g, b: _name_matches(bg, b, g),
                      lambda x: x if not x.startswith("http") else bg.label(x))


_GOLD_SHAPES = {"managed_by": ("control", True), "controlled_by": ("control", True),
                "general_partner_of": ("control", False), "investment_manager_of": ("control", False),
                "controls": ("control", False), "subsidiary_of": ("subsidiary", False),
                "parent_of": ("subsidiary", True), "affiliate_of": ("affiliate", False)}
_BUILT_SHAPES = {"controls": ("control", False), "generalPartnerOf": ("control", False),
                 "investmentManagerOf": ("control", False), "controlledBy": ("control", True),
                 "subsidiaryOf": ("subsidiary", False), "parentOf": ("subsidiary", True),
                 "affiliateOf": ("affiliate", False)}


def score_affiliations(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    gold_items = []
    for rel in gold.get("affiliations") or []:
        shape, flip = _GOLD_SHAPES.get(rel["relation"], (rel["relation"], False))
        a, b = (rel["object"], rel["subject"]) if flip else (rel["subject"], rel["object"])
        gold_items.append((shape, a, b))
    gold_items = list(dict.fromkeys(gold_items))
    built_items = []
    for s, p, o, _ in doc.pairs(*_BUILT_SHAPES):
        shape, flip = _BUILT_SHAPES[p]
        built_items.append((shape,) + ((o, s) if flip else (s, o)))
    built_items = list(dict.fromkeys(built_items))

    def same(g, b) -> bool:
        if g[0] != b[0]:
            return False
        if _name_matches(bg, b[1], g[1]) and _name_matches(bg, b[2], g[2]):
            return True
        return g[0] == "affiliate" and _name_matches(bg, b[1], g[2]) and _name_matches(bg, b[2], g[1])

    return match_sets(gold_items, built_items, same, lambda x: f"{x[0]}({bg.label(x[1]) if x[1].startswith('http') else x[1]}, "
                                                            f"{bg.label(x[2]) if x[2].startswith('http') else x[2]})")


def _gold_part(part: str | None) -> str:
    """A gold entry's part: ``base_prospectus``, else ``main`` (a gold file may call the main part
    "supplement", the part a supplement's own list sits in)."""
    return "base_prospectus" if part == "base_prospectus" else "main"


def score_incorporated(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    gold_items = [(norm_form(g["form"]), str(g.get("period_or_date")), _gold_part(g.get("part")))
                  for g in gold.get("incorporated_documents") or []]
    built_items = []
    prospectuses = {doc.iri, *doc.objects(doc.iri, "baseProspectus")}
    for s, p, o, part in doc.facts:
        if p != "incorporatesByReference" or s not in prospectuses:
            continue
        forms = {norm_form(f) for f in bg.values.get((o, "formType"), [])}
        dates = {str(d) for key in ("periodEnd", "filingDate", "date") for d in bg.values.get((o, key), [])}
        built_items.append((o, part, frozenset((f, d) for f in forms for d in dates)))
    built_items = list(dict.fromkeys(built_items))

    def same(g, b) -> bool:
        return g[2] == b[1] and (g[0], g[1]) in b[2]

    def show_built(b) -> str:
        keys = sorted(b[2])
        return f"{keys[0][0] if keys else '?'} {'/'.join(d for _f, d in keys)} ({b[1]})"

    return match_sets(gold_items, built_items, same, lambda x: show_built(x) if isinstance(x[0], str) and
                      x[0].startswith("http") else f"{x[0]} {x[1]} ({x[2]})")


_ROLES = {"issuer": "issuerCounsel", "company": "issuerCounsel", "underwriters": "underwritersCounsel",
          "underwriter": "underwritersCounsel", "placement agents": "underwritersCounsel",
          "placement agent": "underwritersCounsel", "sales agents": "underwritersCounsel",
          "sales agent": "underwritersCounsel", "selling stockholders": "sellingStockholderCounsel",
          "selling stockholder": "sellingStockholderCounsel", "selling shareholders": "sellingStockholderCounsel"}
_COUNSEL = ("legalCounsel", "issuerCounsel", "underwritersCounsel", "sellingStockholderCounsel")


def score_counsel(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    roles = gold.get("legal_counsel_roles") or {}
    gold_items = [(name, _ROLES.get(str(roles.get(name, "")).lower())) for name in gold.get("legal_counsel") or []]
    built_roles: dict[str, set[str]] = {}
    for _s, p, o, _ in doc.pairs(*_COUNSEL):
        built_roles.setdefault(o, set())
        if p != "legalCounsel":
            built_roles[o].add(p)
    built_items = sorted(built_roles)

    def same(g, b) -> bool:
        return _name_matches(bg, b, g[0]) and (g[1] is None or g[1] in built_roles[b])

    return match_sets(gold_items, built_items, same,
                      lambda x: f"{x[0]}" + (f" ({x[1]})" if x[1] else "") if isinstance(x, tuple)
                      else f"{bg.label(x)} ({', '.join(sorted(built_roles[x])) or 'no role'})")


def _names_field(bg: BuiltGraph, gold_names: list[str], nodes: Iterable[str]) -> Score:
    return match_sets(list(gold_names), sorted(set(nodes)), lambda g, b: _name_matches(bg, b, g),
                      lambda x: x if not x.startswith("http") else bg.label(x))


def score_auditors(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    return _names_field(bg, gold.get("auditors") or [], (s for s, _p, _o, _ in doc.pairs("auditorOf")))


def score_underwriters(bg: BuiltGraph, doc: BuiltDocument, gold: dict) -> Score:
    return _names_field(bg, gold.get("underwriters") or [],
                        (o for _s, _p, o, _ in doc.pairs("underwriter", "placementAgent", "salesAgent")))


SCORERS: dict[str, Callable[[BuiltGraph, BuiltDocument, dict], Score]] = {
    "issuer": score_issuer, "selling_stockholders": score_selling, "holders": score_holders,
    "affiliations": score_affiliations, "incorporated_documents": score_incorporated, "counsel": score_counsel,
    "auditors": score_auditors, "underwriters": score_underwriters,
}


# --- the whole evaluation ---------------------------------------------------------------------------

@dataclass
class DocumentResult:
    gold_file: str
    accession: str
    doc_id: str | None
    primary: bool
    fields: dict[str, Score]
    agrees_with_primary: bool | None = None
    disagreements: list[str] = field(default_factory=list)

    @property
    def total(self) -> Score:
        total = Score()
        for s in self.fields.values():
            total.add(s)
        return total


@dataclass
class Evaluation:
    gold_dir: str
    built_dir: str
    documents: list[DocumentResult]
    unmatched_gold: list[str]

    def field_totals(self) -> dict[str, Score]:
        totals = {f: Score() for f in FIELDS}
        for d in self.documents:
            if d.primary:
                for f, s in d.fields.items():
                    totals[f].add(s)
        return totals

    def overall(self) -> Score:
        total = Score()
        for s in self.field_totals().values():
            total.add(s)
        return total

    def as_dict(self) -> dict:
        return {
            "gold_dir": self.gold_dir, "built_dir": self.built_dir,
            "overall": self.overall().as_dict(details=False),
            "fields": {f: s.as_dict(details=False) for f, s in self.field_totals().items()},
            "documents": [{"gold_file": d.gold_file, "accession": d.accession, "doc_id": d.doc_id,
                           "primary": d.primary, "agrees_with_primary": d.agrees_with_primary,
                           "disagreements": d.disagreements, "total": d.total.as_dict(details=False),
                           "fields": {f: s.as_dict() for f, s in d.fields.items()}} for d in self.documents],
            "unmatched_gold": self.unmatched_gold,
        }


def load_gold(gold_dir: str | Path) -> list[tuple[str, dict]]:
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise InputError("gold folder does not exist or is not a folder", document=str(folder),
                         suggestion="give the folder of gold-label JSON files")
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read gold file: {exc}", document=str(path)) from exc
        if not isinstance(data, dict):
            raise InputError("gold file is not a JSON object", document=str(path),
                             suggestion="each gold file is a JSON object of hand-checked facts")
        if not data.get("accession"):   # a filing kept without its accession number: matched by file name
            data = {**data, "accession": re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")}
        out.append((path.name, data))
    if not out:
        raise InputError("gold folder holds no .json files", document=str(folder))
    return out


def matching_documents(bg: BuiltGraph, accession: str) -> list[BuiltDocument]:
    docs = [d for d in bg.documents.values()
            if d.doc_id == accession or d.doc_id.startswith(accession + "-") or d.accession == accession]
    return sorted(docs, key=lambda d: d.doc_id)


def _built_signature(doc: DocumentResult) -> dict[str, tuple]:
    return {f: (s.correct, s.built, tuple(sorted(s.spurious))) for f, s in doc.fields.items()}


def evaluate(gold_dir: str | Path, built_dir: str | Path) -> Evaluation:
    """Score the graph folder ``built_dir`` against every gold file in ``gold_dir``."""
    from prospectus_kg.folder import open_folder
    folder = open_folder(built_dir)
    bg = load_built(folder.graph)
    results: list[DocumentResult] = []
    unmatched: list[str] = []
    for name, gold in load_gold(gold_dir):
        docs = matching_documents(bg, gold["accession"])
        if not docs:
            unmatched.append(name)
            empty = BuiltDocument("", "", None, None)
            results.append(DocumentResult(name, gold["accession"], None, True,
                                          {f: SCORERS[f](bg, empty, gold) for f in FIELDS}))
            continue
        first: DocumentResult | None = None
        for i, doc in enumerate(docs):
            result = DocumentResult(name, gold["accession"], doc.doc_id, i == 0,
                                    {f: SCORERS[f](bg, doc, gold) for f in FIELDS})
            if first is None:
                first = result
            else:
                a, b = _built_signature(first), _built_signature(result)
                a["issuer"] = b["issuer"] = ()   # the CIK is scored for submissions only
                result.disagreements = sorted(f for f in FIELDS if a[f] != b[f])
                result.agrees_with_primary = not result.disagreements
            results.append(result)
    return Evaluation(str(gold_dir), str(built_dir), results, unmatched)


# --- output -----------------------------------------------------------------------------------------

def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def format_table(ev: Evaluation) -> str:
    """Two aligned tables: per field (totals over primary documents) and per document.

    ``gold found`` is how many gold items the graph holds (recall's numerator, over ``gold``),
    ``built right`` how many built items are right (precision's numerator, over ``built``)."""
    lines = []

    def counts(s: Score) -> str:
        return f"{s.gold:>5} {s.found:>6} {s.built:>6} {s.correct:>6} {_fmt(s.precision):>5} {_fmt(s.recall):>5} " \
               f"{_fmt(s.f1):>5}"

    columns = f"{'gold':>5} {'found':>6} {'built':>6} {'right':>6} {'P':>5} {'R':>5} {'F1':>5}"
    header = f"{'field':<24} {columns}"
    lines += [header, "-" * len(header)]
    for f, s in ev.field_totals().items():
        lines.append(f"{f:<24} {counts(s)}")
    lines.append("-" * len(header))
    lines.append(f"{'overall (micro)':<24} {counts(ev.overall())}")
    lines.append("")
    width = max([len(d.doc_id or "(no document)") for d in ev.documents] + [8])
    header = f"{'document':<{width}} {columns}  note"
    lines += [header, "-" * len(header)]
    for d in ev.documents:
        note = "" if d.primary else ("also; agrees" if d.agrees_with_primary else
                                      "also; differs in " + ", ".join(d.disagreements))
        if d.doc_id is None:
            note = "no built document for this gold file"
        lines.append(f"{d.doc_id or '(no document)':<{width}} {counts(d.total)}  {note}".rstrip())
    return "\n".join(lines) + "\n"


def format_details(ev: Evaluation) -> str:
    """What was missed and what was spurious, per document and field."""
    lines = []
    for d in ev.documents:
        if not d.primary:
            continue
        for f, s in d.fields.items():
            for m in s.missed:
                lines.append(f"{d.doc_id}\t{f}\tmissed\t{m}")
            for m in s.spurious:
                lines.append(f"{d.doc_id}\t{f}\tspurious\t{m}")
    return "\n".join(lines) + ("\n" if lines else "")
