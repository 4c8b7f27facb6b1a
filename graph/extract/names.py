"""Finding and normalising party names.

``find_organizations`` locates legal-entity names in (folded) text by their shape: capitalised
words, joined by "&", "and", "of" or commas, ending in a legal-form suffix ("Inc.", "LLC",
"Corporation", "LLP", "L.P.", "Professional Corporation", "S.A." ...). ``find_person_at`` and
``person_before`` read a natural person's name in a given place ("Mr. Martin J. Avery controls ...").
``normalise`` folds the variants of one name ("Inc", "Inc.", "Incorporated"; "&" and "and";
punctuation and case) to the key the resolver derives IRIs from; ``legal_key`` drops the legal form
altogether (to find near-duplicates). ``strip_footnote_marks`` takes "(2)", "*" and superscripts off a
name printed in a table cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from prospectus_kg.graph.ingest.textrepair import clean_name
from prospectus_kg.graph.ingest.textrepair import fold

# Legal forms that end a name; the longest alternatives first. They may not occur inside a name,
# so "UT Leasing Services, Inc., United Technologies Corporation" is two names.
_HARD_SUFFIX = (r"Limited\s+Liability\s+Company|Limited\s+Partnership|Professional\s+Corporation|"
                r"Incorporated|Corporation|Limited|Inc\.?|Corp\.?|L\.L\.C\.?|LLC|L\.L\.P\.?|LLP|PLLC|"
                r"L\.P\.?|LP|Ltd\.?|P\.C\.?|PC|P\.\s?A\.?|S\.A\.?|SA|AG|N\.V\.?|NV|B\.V\.?|plc|PLC|GmbH|S\.p\.A\.?|"
                r"SE|SPC|ICAV|LLLP|Co\.|National\s+Association|Oyj|Oy|GMBH")
# Words that end a name but may also stand inside one ("Larkmoor Group, LLC").
_SOFT_SUFFIX = r"Company|Trust|Fund|Partners|Group|Holdings|Bank|Association|Foundation|University"
#: Every suffix starts with one of these letters; the lookahead below says so first, which lets the
#: regex skip all other positions quickly (~2.5x faster over a whole filing; same matches).
_SUFFIX_FIRST = "".join(sorted({alt[0] for alt in f"{_HARD_SUFFIX}|{_SOFT_SUFFIX}".split("|")}))
_SUFFIX_RE = re.compile(rf"(?=[{_SUFFIX_FIRST}])(?<![A-Za-z0-9])(?:(?P<hard>{_HARD_SUFFIX})|(?P<soft>{_SOFT_SUFFIX}))"
                        rf"(?![A-Za-z0-9])")
_HARD_ONLY = re.compile(rf"(?:{_HARD_SUFFIX})")
_ANY_SUFFIX = re.compile(rf",?\s+(?:{_HARD_SUFFIX}|{_SOFT_SUFFIX})(?![A-Za-z0-9])")
_HARD_FOLLOWS = re.compile(rf",?\s+(?:{_HARD_SUFFIX})(?![A-Za-z0-9])")
# A soft suffix inside a longer name: "Quillon Partners Master Fund Ltd.", "Tessaract Fund I, L.P.".
_LONGER_NAME = re.compile(rf"(?:[ \t]+(?:[A-Z][A-Za-z0-9'\-/]*|\([A-Z][A-Za-z.]{{0,15}}\)|&|[IVX]{{1,4}}|\d{{1,4}}(?:-[A-Z0-9]{{1,3}})?)){{1,4}}?,?[ \t]+"
                          rf"(?:{_HARD_SUFFIX}|{_SOFT_SUFFIX})(?![A-Za-z0-9])")
# An accounting or law firm's professional designation between its name and its legal form: "Grassi &
# Co., CPAs, P.C.", "Lane & Co., Certified Public Accountants, LLP".
_DESIGNATION = re.compile(rf",?\s+(?:CPAs|Certified\s+Public\s+Accountants|Chartered\s+(?:Professional\s+)?Accountants|"
                          rf"Attorneys(?:\s+at\s+Law)?),?\s+(?:{_HARD_SUFFIX})(?![A-Za-z0-9])")
#: a fund's series number after a legal form, then the name's own legal form: "Foo Management Co. VI, L.L.C."
_SERIES = re.compile(r"[IVX]{1,4}|\d{1,4}")
_SERIES_THEN_HARD = re.compile(rf"[ \t]+(?:[IVX]{{1,4}}|\d{{1,4}}),?[ \t]+(?:{_HARD_SUFFIX})(?![A-Za-z0-9])")
_DESIGNATION_WORD = re.compile(r"(?:CPAs|Certified\s+Public|Chartered|Attorneys)\b")
# A word, a short parenthesised part of a name ("(UK)", "(Cayman)"), "&", a comma, a line break, or
# any other single character.
_TOKEN = re.compile(r"\([A-Z][A-Za-z.]{0,15}(?: [A-Z][A-Za-z.]{0,15})?\)|[A-Za-z0-9][A-Za-z0-9'.\-+/]*|&|,|[\n\t]|[^\sA-Za-z0-9]")
_CONNECTORS = {"&", "+", "and", "of", "de", "du", "la", "for", "y", "e", "der", "von", ","}
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
    "consists", "consisting", "represents", "held", "c/o", "attn", "copies", "via", "per",
}
# A capitalised word before "of" that names a role or a document, not a part of the name:
# "Investment Manager of Ridgefall Capital Management, Inc.", "Opinion of Steinmann AG".
_ROLE_BEFORE_OF = {
    "manager", "managers", "partner", "partners", "member", "members", "director", "directors", "officer",
    "officers", "agent", "agents", "adviser", "advisor", "advisers", "advisors", "subsidiary", "subsidiaries",
    "affiliate", "affiliates", "division", "president", "chairman", "chairperson", "ceo", "cfo", "cio", "coo", "principal",
    "trustee", "trustees", "counsel", "opinion", "consent", "articles", "certificate", "description",
    "form", "amendment", "agreement", "statement", "report", "copy", "copies", "letter", "board", "affairs",
    "behalf", "account", "accounts", "shareholders", "stockholders", "owner", "owners", "founder", "head",
    "secretary", "treasurer", "controller", "employee", "employees", "parent", "chief",
    "shares", "stock", "units", "notes", "warrants", "bylaws", "charter", "plan", "exhibit", "schedule",
    "section", "item", "rule", "part", "laws", "law", "state", "commonwealth", "republic", "province",
    "government", "department", "ministry", "county", "city", "name", "names", "successor", "predecessor",
}
_DOCUMENT_OF = re.compile(r"\b(?:Articles|Memorandum|Certificate|Deed)\s+of\s+(?:Association|Incorporation|Formation|"
                          r"Organi[sz]ation|Trust)\b")
# A name followed by one of these is a statute or a document, not an entity.
_NOT_AFTER = re.compile(r"\s+(?:Law|Laws|Act|Code|Statute|Agreement|Agreements|Rules?|Regulations?)\b")
# "Incorporated by reference", "Limited to": an adjective, not a legal form.
_ADJECTIVE_AFTER = re.compile(r"\s+(?:by|herein|hereby|to|in|into|under|thereunder|therein|as|on|from)\b", re.I)
_GENERIC_WORDS = {
    "passive", "foreign", "investment", "holding", "company", "trust", "fund", "general", "limited",
    "partnership", "corporation", "registered", "exempted", "private", "public", "operating", "parent",
    "controlled", "reporting", "issuing", "acquiring", "surviving", "successor", "predecessor", "depositary",
    "special", "purpose", "acquisition", "blank", "check", "shell", "emerging", "growth", "smaller", "large",
    "accelerated", "filer", "the", "a", "an", "and", "of", "inc", "llc", "lp", "ltd", "corp", "co", "group",
    "partners", "holdings", "bank", "association", "foundation", "university", "new", "such", "other",
    "domestic", "regulated", "business", "development", "closed", "open", "end", "management", "mutual",
    "insurance", "life", "statutory", "liability", "professional", "federal", "state", "national",
    "commercial", "savings", "loan", "qualified", "institutional", "buyer", "accredited", "investor",
    "selling", "stockholder", "shareholder", "master", "feeder", "offshore", "onshore", "capital",
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
    """A word that can be part of a name: capitalised, a number with letters ("2019-A", "1st"), a series
    number or a year ("7", "2002"), or a short parenthesised part ("(UK)")."""
    return token[0].isupper() or (token[0].isdigit() and (any(c.isalpha() for c in token) or
                                                         (token.isdigit() and len(token) <= 4))) or \
        (token[0] == "(" and len(token) > 2)


def find_organizations(text: str, start: int = 0, end: int | None = None, *,
                       folded: str | None = None) -> list[NameMatch]:
    """Organisation names in ``text[start:end]``, with offsets into ``text``.

    Linear: each legal-form suffix found by one literal-led regex is extended backwards over
    capitalised words and connectors (never past the previous name), so long runs of capitals cannot
    make the search explode.
    """
    folded = fold(text) if folded is None else folded
    end = len(text) if end is None else end
    found: list[NameMatch] = []
    last_end = start
    for m in _SUFFIX_RE.finditer(folded, start, end):
        s_end = m.end()
        if s_end <= last_end:
            continue
        follow = folded[s_end:s_end + 40]
        if (_ANY_SUFFIX if m.group("soft") else _HARD_FOLLOWS).match(follow) or _DESIGNATION.match(follow) or \
                (m.group("soft") and _LONGER_NAME.match(follow)) or _SERIES_THEN_HARD.match(follow):
            continue   # "Larkmoor Group, LLC", "Trust Company", "& Co., LLC": the suffix that follows ends it
        statute = _NOT_AFTER.match(follow)
        if statute:
            last_end = s_end + statute.end()    # no later name reaches back over "... Corporation Law"
            continue
        suffix = m.group()
        if suffix in ("Incorporated", "Limited", "Corporation") and _ADJECTIVE_AFTER.match(follow):
            continue   # "Information Incorporated by Reference"
        if len(suffix) == 2 and re.match(r",?\s*\d{5}\b", follow):
            continue   # "Wilmington, SE 19801": a postal code, not a legal form
        floor = max(start, last_end, m.start() - 200)
        for doc in _DOCUMENT_OF.finditer(folded, floor, m.start()):
            floor = doc.end()        # "Articles of Association of Brisane Therapeutics SA"
        begin = _walk_back(folded, m.start(), floor)
        if begin is None:
            continue
        begin = _after_initial_repeat(folded, begin, m.start())
        begin = _after_last_list_comma(folded, begin, m.start())
        begin = _after_coordination(folded, begin, m.start())
        number = re.search(r"(?<![\w,.])\d{6,10}[ \t]+$", folded[max(floor, begin - 14):begin])
        if number and _NUMBERED_COMPANY.match(folded, begin - len(number.group()), s_end):
            begin -= len(number.group())   # a Canadian numbered company ("1234567 Ontario Ltd.") is named by its number
        lead = _LEADING_NUMBERS.match(folded, begin, m.start())
        if lead and _NUMBERED_COMPANY.match(folded, begin, s_end):
            lead = None
        if lead:     # a number is a word of a name ("Bond 7, LLC", "Fund 2002, L.P."), never its first one
            begin = lead.end()
            if begin >= m.start() or not _is_cap(folded[begin]):
                continue
        tail = _NAME_TAIL.match(folded, s_end, min(end, s_end + 80))
        if tail:       # "Foo Fund, SPC - Segregated Portfolio A", "Foo Holdings Ltd. (Cayman)"
            s_end = tail.end()
        name = clean_name(text[begin:s_end])
        if name.lower() in _NOT_NAMES or len(name) < 4 or _all_generic(name):
            continue
        if found and _PART_OF.fullmatch(folded, found[-1].end, begin):
            # "Foo Sub-Fund, a sub-fund of Foo Master Fund ICAV", "Foo Fund, a series of Foo Trust": the
            # name of a fund's compartment includes its umbrella's
            prev = found.pop()
            found.append(NameMatch(clean_name(text[prev.start:s_end]), prev.start, s_end))
        else:
            found.append(NameMatch(name, begin, s_end))
        last_end = s_end
    return found


#: what follows a legal form and still belongs to the name: a segregated portfolio of a segregated
#: portfolio company, a jurisdiction in parentheses, a ", GP" before the name's defined term ("Foo LLC, GP
#: ("Foo GP")")
_NAME_TAIL = re.compile(r",[ \t]+GP(?=[ \t]*\()|\s*[\u2014\u2013-]\s*Segregated\s+(?:[A-Z][A-Za-z]+\s+){0,2}Portfolio(?:\s+(?:[A-Z0-9]{1,3}|[IVX]{1,4})\b)?|"
                        r"\s+\((?:Cayman(?:\s+Islands)?|BVI|British\s+Virgin\s+Islands|Bermuda|Jersey|Guernsey|Luxembourg|"
                        r"Ireland|U\.?K\.?|U\.?S\.?A?\.?|Delaware|Hong\s+Kong|Singapore|Netherlands|Canada|Mauritius)\)")
_PART_OF = re.compile(r",\s+an?\s+(?:sub-?fund|series|segregated\s+portfolio|portfolio|compartment|cell)\s+of\s+(?:the\s+)?",
                      re.I)


_NUMBERED_COMPANY = re.compile(r"\d{6,10}[ \t]+(?:Ontario|Alberta|B\.C\.|British[ \t]+Columbia|Canada|Qu[eé]bec|Nova[ \t]+Scotia|"
                               r"Manitoba|Saskatchewan|New[ \t]+Brunswick)[ \t]+(?:Ltd|Limited|Inc|Corp|Corporation)\b")
_LEADING_NUMBERS = re.compile(r"(?:\d[\d,.]*[ \t]+)+")
_WORDS = re.compile(r"[a-z]+")
_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.")
_FIRST_WORD = re.compile(r"([A-Za-z/]+)\.?,?\s+")
_NAME_START = re.compile(r"[A-Z0-9(]")


def _all_generic(name: str) -> bool:
    words = _WORDS.findall(fold(name).lower())
    return all(w in _GENERIC_WORDS for w in words)


#: ``_walk_back`` first reads this many characters before the suffix (most names are shorter), and
#: reads back to the floor only when the walk reaches the first word read.
_WINDOW = 80


def _walk_back(folded: str, suffix_start: int, floor: int) -> int | None:
    # No token holds white space (a line break or TAB is a token of its own), so the tokens after a
    # space are the same whether the scan starts at the floor or at that space.
    space = folded.rfind(" ", floor, suffix_start - _WINDOW) if suffix_start - _WINDOW > floor else -1
    begin, whole = _walk_tokens(folded, _tokens(folded, floor if space < 0 else space, suffix_start))
    if whole and space >= 0:
        begin, whole = _walk_tokens(folded, _tokens(folded, floor, suffix_start))
    if begin is None:
        return None
    # Trim words that begin clauses ("In", "With", "Our"), then leading connectors.
    while True:
        m = _FIRST_WORD.match(folded, begin, suffix_start)
        if not m or m.group(1).lower() not in _LEADING_NOISE:
            break
        begin = m.end()
    if begin >= suffix_start or not _NAME_START.match(folded[begin]):
        return None
    return begin


def _tokens(folded: str, start: int, end: int) -> list[tuple[int, str]]:
    return [(t.start(), t.group()) for t in _TOKEN.finditer(folded, start, end)]


def _walk_tokens(folded: str, tokens: list[tuple[int, str]]) -> tuple[int | None, bool]:
    """Where the name before the suffix begins (None: no name), and whether the walk looked at the
    first of the tokens (or there were none): then tokens before them might have changed it."""
    begin: int | None = None
    pending: list[tuple[int, str]] = []       # connectors seen since the last accepted word
    count = 0
    k = len(tokens)
    while k > 0:
        k -= 1
        pos, tok = tokens[k]
        if tok == "\n" and soft_newline(folded, pos):
            continue       # a fixed-width paragraph wrapped inside the name
        if tok in ("\n", "\t") or count >= _MAX_TOKENS:
            break
        low = tok.lower()
        if low in _CONNECTORS:
            if low == "of":
                prev = _token_before(tokens, pos)
                if prev is not None and prev.lower().rstrip(".") in _ROLE_BEFORE_OF:
                    break      # "Investment Manager of Heights ...": the name starts after "of"
            if pending and (pending[-1][1] != "," or low != ","):
                pending.append((pos, tok))
                continue
            if not pending:
                pending.append((pos, tok))
                continue
            break
        # "Foo Management Co. VI, L.L.C.": a legal form before a fund's series number is inside the name
        series = begin is not None and k + 1 < len(tokens) and tokens[k + 1][0] == begin \
            and _SERIES.fullmatch(tokens[k + 1][1]) is not None and _HARD_ONLY.fullmatch(tok) is not None
        if not _is_cap(tok) or _HARD_ONLY.fullmatch(tok) and begin is not None and \
                not _DESIGNATION_WORD.match(folded, begin) and not series:
            break
        if tok.endswith(".") and not _INITIALS.fullmatch(tok) and not series:
            break          # the end of a previous sentence
        if begin is None and pending and pending[0][1] not in (",",):
            pending.clear()
        begin, pending, count = pos, [], count + 1
    return begin, k == 0


def soft_newline(folded: str, pos: int) -> bool:
    """Whether the line break at ``pos`` wraps a line of a paragraph (fixed-width text), rather than
    ending a paragraph, a heading or a table row: the line is long, the next is not blank."""
    if pos + 1 >= len(folded) or folded[pos + 1] == "\n":
        return False
    line_start = folded.rfind("\n", 0, pos) + 1
    line = folded[line_start:pos]
    return len(line) >= 50 and "\t" not in line and not line.rstrip().endswith((".", ":", ";")) \
        and not re.search(r"\S {3,}\S", line.strip())


def _token_before(tokens: list[tuple[int, str]], pos: int) -> str | None:
    prev = None
    for p, t in tokens:
        if p >= pos:
            break
        prev = t
    return prev


def _after_last_list_comma(folded: str, begin: int, suffix_start: int) -> int:
    """Where a name really begins when commas join its parts.

    "Abbot, Crane, Dwyer, Fenn, Gale and Hurst, P.C." is one name (a law firm's partners, one
    word each), "Larkmoor Group, LLC" too (the part after the comma is only the legal form); in
    "the Managed Accounts, Wrenfield Fund" the comma separates two names, so the last one begins
    after it.
    """
    body = folded[begin:suffix_start]
    parts = body.split(",")
    if len(parts) < 2:
        return begin
    # the part between the last comma and the suffix: "" for "Larkmoor Group, LLC"
    tail = parts[-1].strip()
    if _DESIGNATION_WORD.match(tail or parts[-2].strip()):
        return begin                       # "Grassi & Co., CPAs, P.C.": a designation, not a new name
    heads = [p.strip() for p in parts[:-1]]
    if not tail:
        heads, tail_has_words = heads[:-1], False
    else:
        tail_has_words = True
    if not heads:
        return begin
    if all(len(h.split()) == 1 for h in heads) and not any(re.fullmatch(r"[A-Z0-9]{2,}", h) for h in heads):
        return begin                       # "Abbot, Crane, Dwyer, Fenn, Gale and Hurst, P.C." (not "STWO, X Inc.")
    if len(heads) >= 2 and len(heads[0].split()) == 2 and all(len(h.split()) == 1 for h in heads[1:]) \
            and re.search(r"\s(?:&|and)\s", tail):
        return begin                       # "Corwin Hale, Pierson, Fenwick & Lowe Incorporated": partners' names
    # cut after the last comma that is followed by words of a new name
    cut = body.rfind(",") if tail_has_words else body.rfind(",", 0, body.rfind(","))
    new = begin + cut + 1
    while new < suffix_start and folded[new].isspace():
        new += 1
    m = re.match(r"(?:and|or)\s+", folded[new:suffix_start])
    if m:
        new += m.end()
    return new if new < suffix_start and re.match(r"[A-Z0-9(]", folded[new]) else begin


def _after_initial_repeat(folded: str, begin: int, suffix_start: int) -> int:
    """Where a name begins after a list that ends in an initial: "... Roe A and Roe C. Roe Capital
    GenPar, L.P." (a name does not repeat its first word after an initial: a sentence ended there)."""
    first = _FIRST_WORD.match(folded, begin, suffix_start)
    if not first:
        return begin
    word = first.group(1)
    for m in _INITIAL_THEN.finditer(folded, first.end(), suffix_start):
        if m.group(1) == word:
            return m.start(1)
    return begin


_INITIAL_THEN = re.compile(r"\b[A-Z]\.\s+([A-Za-z/]+)\b")
_US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma",
    "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "Puerto Rico", "Cayman Islands",
    "British Virgin Islands", "Bermuda", "Ontario", "Quebec", "British Columbia", "Alberta",
}
_AND = re.compile(r"\s+and\s+")
#: a defined term of one word that names a party by its role ("the Company"), never the first word of a name
_DEFINED_ROLES = {"Company", "Issuer", "Registrant", "Partnership", "Trust", "Fund", "Bank", "Corporation", "Parent",
                  "Borrower", "Purchaser", "Sponsor"}


_PAIR_BEFORE = re.compile(r"\b(?:both|between)\s+$", re.I)


def _after_coordination(folded: str, begin: int, suffix_start: int) -> int:
    """Where a name begins when "and" joins two names rather than two words of one name: "QRT Capital
    and QRT Capital GP, LLC" (a name of two or more words, then one that repeats its leading word: two
    parties; "Smith and Smith LLP" stays one), "Nevada and Hartwell Osgood LLP" (a place, then a
    firm). After "both" or "between" the "and" always joins two parties ("both Acme and Beta Trust
    Company are ...", "an agreement between Acme and Beta Corp.")."""
    body = folded[begin:suffix_start]
    if _PAIR_BEFORE.search(folded, max(0, begin - 9), begin):
        first = _AND.search(body)
        if first and body[first.end():first.end() + 1].isupper():
            return begin + first.end()
    for m in _AND.finditer(body):
        left, right = body[:m.start()].strip(" ,"), body[m.end():]
        if not right or not right[0].isupper():
            continue
        first_left = left.split()[0] if left.split() else ""
        first_right = right.split()[0]
        if (first_left == first_right and len(first_left) > 1 and len(left.split()) >= 2) or left in _US_STATES or \
                (left in _DEFINED_ROLES and re.search(r"\bthe\s+$", folded[max(0, begin - 5):begin], re.I)):
            return begin + m.end()      # ("between the Company and Ardent Capital SPC": two parties)
    return begin


_SUFFIX_CANON = [
    (r"\blimited liability company\b", "llc"), (r"\bl\s*l\s*c\b", "llc"),
    (r"\blimited partnership\b", "lp"), (r"\bl\s*p\b", "lp"), (r"\bl\s*l\s*p\b", "llp"),
    (r"\bprofessional corporation\b", "pc"), (r"\bp\s*c\b", "pc"),
    (r"\bincorporated\b", "inc"), (r"\bcorporation\b", "corp"), (r"\bcompany\b", "co"),
    (r"\blimited\b", "ltd"), (r"\bs\s*a\b", "sa"), (r"\bn\s*v\b", "nv"), (r"\bb\s*v\b", "bv"),
]
_SUFFIX_CANON_RES = [(re.compile(p), r) for p, r in _SUFFIX_CANON]


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The resolution key of a name: case, punctuation, accents and legal-form variants folded."""
    text = unicodedata.normalize("NFKD", fold(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)     # "l.l.c." -> "llc", "s.a." -> "sa"
    text = re.sub(r"[^a-z0-9]+", " ", text)
    for pattern, repl in _SUFFIX_CANON_RES:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


_LEGAL_FORMS = {"inc", "corp", "co", "ltd", "llc", "lp", "llp", "lllp", "pllc", "pc", "plc", "sa", "ag", "nv",
                "bv", "gmbh", "spa", "se", "spc", "icav", "sarl", "ab", "as", "oy", "kk", "pte", "pty"}


@lru_cache(maxsize=65536)
def legal_key(name: str) -> str:
    """``normalise`` with every legal-form word dropped: "Larkmoor Group, LLC" and "Larkmoor Group"
    share one key. For finding near-duplicates, not for identity (PwC SA and PwC LLP are two firms)."""
    words = normalise(name).split()
    kept = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(kept or words)


_CAP_TOKEN = re.compile(r"(?:[A-Z][A-Za-z0-9'’.\-+/]*|&|and|of|de)(?=[\s,();]|$)")
_NOT_A_FIRM = re.compile(r"^(?:the|our|we|this|these|such|each|any|all|prospectus|dated|page|table|per|total|"
                         r"public|proceeds|investing|neither|delivery|subject|company|registrant|issuer)\b|\bdated\b|"
                         r"\d{4}", re.I)


def capitalised_name_at(text: str, pos: int, end: int, *, folded: str | None = None) -> NameMatch | None:
    """A firm's name without a legal form starting at ``pos`` ("Cobalt Ridge Advisors", "Smith & Jones"):
    capitalised words joined by "&", "and", "of"; a legal name found there is preferred."""
    folded = fold(text) if folded is None else folded
    orgs = find_organizations(text, pos, min(end, pos + 200), folded=folded)
    if orgs and orgs[0].start == pos:
        return orgs[0]
    cur, stop = pos, pos
    while cur < end:
        m = _CAP_TOKEN.match(folded, cur, end)
        if not m or (m.group() in ("and", "of", "de", "&") and cur == pos):
            break
        if m.group() in ("and", "of", "de") and not re.match(r"\s+[A-Z]", folded[m.end():m.end() + 2]):
            break
        cur = m.end()
        if m.group() not in ("and", "of", "de", "&"):
            stop = cur
        sp = re.match(r"[ \t]+|[ \t]*\n[ \t]*", folded[cur:end])
        if not sp or ("\n" in sp.group() and not soft_newline(folded, cur + sp.group().index("\n"))):
            if m.group() not in ("and", "of", "de", "&") and re.match(r"[ \t]*\n\s*[A-Z]", folded[cur:end]):
                return None    # "... subsidiaries of Quarry\n\nTrust Corporation": a page break may cut the name
            break
        cur += sp.end()
    while stop > pos and folded[stop - 1] in " ,":
        stop -= 1
    if folded[stop - 1:stop] == "." and not re.search(r"(?:\b[A-Z]|\bCo|\bInc|\bCorp|\bLtd)\.$", folded[pos:stop]):
        stop -= 1          # the sentence's period, not an abbreviation
    if stop - pos < 3 or _NOT_A_FIRM.search(folded[pos:stop]):
        return None
    return NameMatch(clean_name(text[pos:stop]), pos, stop)


#: a fund, plan or portfolio named without a legal form where a list delimits it ("(vi) 500 shares held by
#: Foo Balanced Allocation Portfolio, (vii) ..."): capitalised words (numbers with letters, "401(k)",
#: "U.S.", a dash between a series and its fund) ending in a fund word, before a comma, ";", "(", " and
#: (" or the end of the sentence
_FUND_NAME = re.compile(r"[A-Z][\w.'&/-]*(?:\(\w\))?(?:[ \t]+(?:[A-Z0-9][\w.'&/-]*(?:\(\w\))?|[-\u2013\u2014]|of|for|the|&))"
                        r"{0,12}?[ \t]+(?:Portfolio|Plan|Fund|Funds|Trust|Account)(?=[ \t]*(?:[,;(]|\.(?:\s|$)|[ \t]+and[ \t]+\(|$))")


def fund_name_at(folded: str, pos: int, end: int) -> NameMatch | None:
    """A fund's name without a legal form starting at ``pos``, delimited by the list it stands in."""
    m = _FUND_NAME.match(folded, pos, end)
    if not m or re.match(r"(?:The|Our|This|These|Such|Each|Any|All|Its|Their)\b", m.group()):
        return None
    return NameMatch(clean_name(m.group()), m.start(), m.end())


_PERSON_HINT = re.compile(r"^(mr|ms|mrs|dr)\.?\s+", re.I)
_ORG_WORDS = re.compile(
    rf"\b(?:{_HARD_SUFFIX}|{_SOFT_SUFFIX}|Capital|Management|Partners|Advisors|Advisers|Securities|"
    r"Investments?|Ventures|Technologies|Services|Holdings|Associates|Markets|Financial|Pharma\w*|"
    r"Therapeutics|Laboratories|Sciences|Bank|Leasing|Systems|International|Global|Industries|Master|"
    r"Offshore|Strategic|Opportunit\w*|Equity|Equities|Asset|Assets|Healthcare|Biotech\w*|Life|Bio\w*|Medical|"
    r"Energy|Resources|Realty|Properties|Investors|Accounts?|Entities|Series|Funds|Sub|Trading|Plus)\b",
    re.I)
_NAME_WORD = r"[A-Z][a-z]+(?:[\-'][A-Z]?[a-z]+)?"
_PERSON_TOKEN = re.compile(rf"{_NAME_WORD}\.?|[A-Z]\.|Jr\.?|Sr\.?|II|III|IV|M\.D\.|Ph\.D\.|,")


@lru_cache(maxsize=65536)
def is_person(name: str) -> bool:
    """A guess from the name's shape: "Martin J. Avery" is a person, "Larkmoor Group, LLC" is not."""
    if _PERSON_HINT.match(name):
        return True
    if _ORG_WORDS.search(name):
        return False
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 5:
        return False
    if not all(_PERSON_TOKEN.fullmatch(w) for w in words):
        return False
    full = [w for w in words if re.fullmatch(_NAME_WORD, w)]
    return len(full) >= 2 or (len(full) == 1 and len(words) >= 2 and words[-1] == full[-1])


def strip_honorific(name: str) -> str:
    return _PERSON_HINT.sub("", name).strip()


def named_in_full(name: str) -> bool:
    """A person named by more than a surname ("Mr. Roe" alone is not: no fact about a surname)."""
    return len(strip_honorific(name).split()) >= 2


# A person's name: an optional honorific, first name or initial, middle initials or names, surname,
# an optional generational suffix. A stray period after the first name before a middle initial is a
# typo inside the name ("Carl. J. Brandt"), kept as printed.
_PERSON = re.compile(
    rf"(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?(?:[A-Z]\.\s*)?{_NAME_WORD}(?:\.(?=\s+[A-Z]\.\s+[A-Z][a-z]))?(?:\s+(?:[A-Z]\.|{_NAME_WORD})){{0,3}}"
    rf"(?:,?\s+(?:Jr|Sr)\.?|\s+(?:II|III|IV))?(?:,\s+(?:Ph\.\s?D|M\.\s?D|J\.\s?D|Esq)\.?)?")
_NOT_PERSON_START = {"The", "This", "That", "These", "Those", "Each", "Such", "Any", "All", "Both", "In", "By",
                     "As", "Our", "Its", "Their", "His", "Her", "We", "It", "For", "On", "At", "To", "Of",
                     "Under", "Pursuant", "Except", "Unless", "Consists", "Includes", "Represents", "Neither",
                     "Either", "Because", "Since", "Although", "If", "When", "Where", "While", "After",
                     "Before", "Upon", "Certain", "Other", "Shares", "Securities", "Common", "Preferred",
                     "Voting", "Investment", "Dispositive", "Beneficial", "Number", "Name", "Address"}


#: words of a title, never of a person's name ("Jane Roe, Chief Executive Officer, has ...")
_TITLE_WORDS = {"Chief", "Officer", "Director", "President", "Vice", "Secretary", "Treasurer", "Chairman", "Chairwoman",
                "Chairperson", "Executive", "Managing", "Controller", "Counsel", "Trustee", "Principal"}


def _person_ok(name: str) -> bool:
    words = name.split()
    if not words or words[0] in _NOT_PERSON_START or any(w in _TITLE_WORDS for w in words):
        return False
    bare = strip_honorific(name)
    if _ORG_WORDS.search(bare):
        return False
    return bool(_PERSON_HINT.match(name)) or is_person(bare)


def find_person_at(folded: str, pos: int, end: int) -> NameMatch | None:
    """A person's name starting exactly at ``pos`` ("Gordon Pell, as the Managing Member ...")."""
    m = _PERSON.match(folded, pos, end)
    while m:
        name = m.group().rstrip(", ")
        if _person_ok(name):
            return NameMatch(clean_name(name), m.start(), m.start() + len(name))
        # drop the last word and try again ("Mr. Cohen Disclaims" is not a name)
        shorter = m.group().rsplit(None, 1)[0] if len(m.group().split()) > 1 else ""
        if not shorter:
            return None
        m = _PERSON.fullmatch(folded, pos, pos + len(shorter))
    return None


def person_before(folded: str, pos: int, floor: int) -> NameMatch | None:
    """The longest person's name that ends exactly at ``pos`` ("... Mr. Martin J. Avery| controls")."""
    best = None
    window_start = max(floor, pos - 60)
    for m in re.finditer(r"(?<![A-Za-z.])(?=[A-Z])", folded[window_start:pos]):
        s = window_start + m.start()
        found = _PERSON.fullmatch(folded, s, pos)
        if found and _person_ok(found.group()):
            best = NameMatch(clean_name(found.group()), s, pos)
            break          # the earliest start is the longest name
    return best


_MARKS = re.compile(r"(?:\s*(?:\(\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*\)|\[\s*\d{1,2}\s*\]|[*†‡§#¹²³⁴⁵⁶⁷⁸⁹⁰]+)"
                    r"(?:\s*,\s*(?=\(|\[))?)+\s*$"
                    # a superscript mark flattened into the name: "Foo Capital LLC1", "Jane Doe2,3"
                    r"|(?<=[A-Za-z.)])\d{1,2}(?:,\d{1,2})*\s*$")


def strip_footnote_marks(name: str) -> str:
    """A table cell's name without its footnote marks: "Larkmoor(2)" -> "Larkmoor", "Corvane Inc.(4)*"
    -> "Corvane Inc.", "Foo Capital LLC1" -> "Foo Capital LLC" (a superscript printed flat); "Brisane
    Therapeutics (UK) Limited" keeps its "(UK)", "Fund 2" its number."""
    return _MARKS.sub("", name).rstrip(" ,")
