"""Finding and normalising party names.

``find_organizations`` locates legal-entity names in (folded) text by their shape: capitalised
words, joined by "&", "and", "of" or commas, ending in a legal-form suffix ("Inc.", "LLC",
"Corporation", "LLP", "L.P.", "Professional Corporation", "S.A." ...). ``normalise`` folds the
variants of one name ("Inc", "Inc.", "Incorporated"; "&" and "and"; punctuation and case) to the key
the resolver derives IRIs from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from prospectus_kg.graph.textrepair import clean_name, fold

# Legal forms that end a name; the longest alternatives first. They may not occur inside a name,
# so "UT Leasing Services, Inc., United Technologies Corporation" is two names.
_HARD_SUFFIX = (r"Limited\s+Liability\s+Company|Limited\s+Partnership|Professional\s+Corporation|"
                r"Incorporated|Corporation|Limited|Inc\.?|Corp\.?|L\.L\.C\.?|LLC|L\.L\.P\.?|LLP|PLLC|"
                r"L\.P\.?|LP|Ltd\.?|P\.C\.?|PC|S\.A\.?|SA|AG|N\.V\.?|NV|B\.V\.?|plc|PLC|GmbH|S\.p\.A\.?|"
                r"SE|SPC|LLLP|Co\.")
# Words that end a name but may also stand inside one ("Redmile Group, LLC").
_SOFT_SUFFIX = r"Company|Trust|Fund|Partners|Group|Holdings|Bank|Association|Foundation|University"
_SUFFIX_RE = re.compile(rf"(?<![A-Za-z0-9])(?:(?P<hard>{_HARD_SUFFIX})|(?P<soft>{_SOFT_SUFFIX}))(?![A-Za-z0-9])")
_HARD_ONLY = re.compile(rf"(?:{_HARD_SUFFIX})")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'.\-]*|&|,|[\n\t]|[^\sA-Za-z0-9]")
_CONNECTORS = {"&", "and", "of", "de", "du", "la", "for", "y", "e", "der", "von", ","}
_MAX_TOKENS = 14
# Words that begin sentences or clauses, never names; trimmed from the front of a match.
_LEADING_NOISE = {
    "in", "on", "for", "with", "by", "our", "each", "both", "as", "under", "pursuant", "because", "if",
    "when", "although", "see", "and", "or", "to", "from", "of", "at", "that", "which", "such", "all",
    "any", "this", "these", "its", "their", "his", "her", "we", "us", "it", "a", "an", "mr", "ms", "mrs",
    "dr", "affiliates", "affiliate", "entities", "affiliated", "whereas", "upon", "after", "before",
    "between", "among", "name", "holders", "holder", "note", "notes", "total", "including",
    "collectively", "together", "sec", "also", "only", "then", "thereafter", "following", "certain",
    "is", "are", "was", "were", "be", "has", "have", "had", "will", "may", "shall", "can", "not", "no",
}
_NOT_NAMES = {
    "the company", "company", "the commission", "commission", "the trust", "the fund", "the partners",
    "the group", "the bank", "exchange act", "securities act", "the selling stockholder", "fund",
    "trust", "group", "partners", "bank", "holdings", "the holdings",
}


@dataclass(frozen=True, slots=True)
class NameMatch:
    name: str      # as printed, cleaned
    start: int
    end: int


def _is_cap(token: str) -> bool:
    return token[0].isupper() or (token[0].isdigit() and any(c.isalpha() for c in token))


def find_organizations(text: str, start: int = 0, end: int | None = None, *,
                       folded: str | None = None) -> list[NameMatch]:
    """Organisation names in ``text[start:end]``, with offsets into ``text``.

    Linear: each legal-form suffix found by one literal-led regex is extended backwards over
    capitalised words and connectors, so long runs of capitals cannot make the search explode.
    """
    folded = fold(text) if folded is None else folded
    end = len(text) if end is None else end
    found: list[NameMatch] = []
    last_end = -1
    for m in _SUFFIX_RE.finditer(folded, start, end):
        s_end = m.end()
        if m.group("soft") and re.match(rf",?\s+(?:{_HARD_SUFFIX})(?![A-Za-z])", folded[s_end:s_end + 40]):
            continue   # "Redmile Group, LLC": the hard suffix that follows ends the name
        if s_end <= last_end:
            continue
        begin = _walk_back(folded, m.start(), max(start, m.start() - 200))
        if begin is None:
            continue
        name = clean_name(text[begin:s_end])
        if name.lower() in _NOT_NAMES or len(name) < 4:
            continue
        found.append(NameMatch(name, begin, s_end))
        last_end = s_end
    return found


def _walk_back(folded: str, suffix_start: int, floor: int) -> int | None:
    tokens = [(t.start(), t.group()) for t in _TOKEN.finditer(folded, floor, suffix_start)]
    begin: int | None = None
    pending: list[tuple[int, str]] = []       # connectors seen since the last accepted word
    count = 0
    for pos, tok in reversed(tokens):
        if tok in ("\n", "\t") or count >= _MAX_TOKENS:
            break
        low = tok.lower()
        if low in _CONNECTORS:
            if pending and (pending[-1][1] != "," or low != ","):
                pending.append((pos, tok))
                continue
            if not pending:
                pending.append((pos, tok))
                continue
            break
        if not _is_cap(tok) or _HARD_ONLY.fullmatch(tok) and begin is not None:
            break
        if tok.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", tok):
            break          # the end of a previous sentence
        if begin is None and pending and pending[0][1] not in (",",):
            pending.clear()
        begin, pending, count = pos, [], count + 1
    if begin is None:
        return None
    # Trim words that begin clauses ("In", "With", "Our"), then leading connectors.
    while True:
        m = re.match(r"([A-Za-z]+)\.?,?\s+", folded[begin:suffix_start])
        if not m or m.group(1).lower() not in _LEADING_NOISE:
            break
        begin += m.end()
    if begin >= suffix_start or not re.match(r"[A-Z0-9]", folded[begin]):
        return None
    return begin


_SUFFIX_CANON = [
    (r"\blimited liability company\b", "llc"), (r"\bl\s*l\s*c\b", "llc"),
    (r"\blimited partnership\b", "lp"), (r"\bl\s*p\b", "lp"), (r"\bl\s*l\s*p\b", "llp"),
    (r"\bprofessional corporation\b", "pc"), (r"\bp\s*c\b", "pc"),
    (r"\bincorporated\b", "inc"), (r"\bcorporation\b", "corp"), (r"\bcompany\b", "co"),
    (r"\blimited\b", "ltd"), (r"\bs\s*a\b", "sa"), (r"\bn\s*v\b", "nv"), (r"\bb\s*v\b", "bv"),
]


def normalise(name: str) -> str:
    """The resolution key of a name: case, punctuation, accents and legal-form variants folded."""
    text = unicodedata.normalize("NFKD", fold(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)     # "l.l.c." -> "llc", "s.a." -> "sa"
    text = re.sub(r"[^a-z0-9]+", " ", text)
    for pattern, repl in _SUFFIX_CANON:
        text = re.sub(pattern, repl, text)
    return " ".join(text.split())


_PERSON_HINT = re.compile(r"^(mr|ms|mrs|dr)\.?\s+", re.I)
_ORG_WORDS = re.compile(
    rf"\b(?:{_HARD_SUFFIX}|{_SOFT_SUFFIX}|Capital|Management|Partners|Advisors|Advisers|Securities|"
    r"Investments?|Ventures|Technologies|Services|Holdings|Associates|Markets|Financial|Pharma\w*|"
    r"Therapeutics|Laboratories|Sciences|Bank|Leasing|Systems|International|Global|Industries)\b",
    re.I)


def is_person(name: str) -> bool:
    """A guess from the name's shape: "Steven A. Cohen" is a person, "Redmile Group, LLC" is not."""
    if _PERSON_HINT.match(name):
        return True
    if _ORG_WORDS.search(name):
        return False
    words = name.split()
    return 2 <= len(words) <= 4 and all(re.fullmatch(r"[A-Z][a-z'\-]+|[A-Z]\.", w) for w in words)


def strip_honorific(name: str) -> str:
    return _PERSON_HINT.sub("", name).strip()
