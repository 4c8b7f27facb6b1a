"""Text repair for matching only: the canonical text is never changed.

``fold`` maps every character to exactly one character, so an offset found in the folded text is the
same offset in the canonical text. It undoes what real filings carry: homoglyphs from other scripts
(the seed's table of contents prints "Гhe Company" with a Cyrillic Ghe), typographic quotes and
dashes, no-break and zero-width spaces, and left-to-right marks (U+200E, common in EDGAR HTML).
"""

from __future__ import annotations

import re
import unicodedata

# Latin look-alikes from Cyrillic and Greek. U+0413 (Cyrillic Ghe) is not in Unicode's confusables
# list for "T", but it stands for "T" in the seed prospectus, so it is mapped here on purpose.
_HOMOGLYPHS = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Г": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
}
_PUNCTUATION = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u200e": " ", "\u200f": " ", "\ufeff": " ",
    "\u2022": "-", "\u25cf": "-", "\u25aa": "-", "\u00b7": "-", "\uf0b7": "-", "\u2023": "-",
}
_TABLE = str.maketrans({**_HOMOGLYPHS, **_PUNCTUATION})
_CHANGED = re.compile("[" + re.escape("".join(_HOMOGLYPHS) + "".join(_PUNCTUATION)) + "]")
_REPLACEMENT = {**_HOMOGLYPHS, **_PUNCTUATION}
#: The characters that are white space once folded (``str.isspace`` ones and those ``fold`` makes a
#: space), so that ``fold(text).strip() == fold(text.strip(FOLD_BLANK))``.
FOLD_BLANK = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
             "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + "".join(k for k, v in _PUNCTUATION.items() if v == " ")


def fold(text: str) -> str:
    """The text with look-alike characters replaced one for one (same length, same offsets).

    Only the characters that change are visited (``str.translate`` looks at every character and is
    ~20x slower on long, mostly-ASCII filings). A whole filing holds few of them: a ``replace`` for each
    one present is cheaper than a regex pass (every replacement is ASCII, so none makes another).
    """
    if text.isascii():
        return text
    if len(text) > _LONG:
        for old, new in _REPLACEMENT.items():
            if old in text:
                text = text.replace(old, new)
        return text
    return _CHANGED.sub(lambda m: _REPLACEMENT[m.group()], text)


_LONG = 5000


_SPACES = re.compile(r"\s+")
_NAME_TABLE = str.maketrans({**_HOMOGLYPHS, **{k: " " for k, v in _PUNCTUATION.items() if v == " "}})


def clean_name(raw: str) -> str:
    """A name as printed, made presentable: homoglyphs and odd spaces repaired, white space collapsed.

    Typographic dashes and quotes in a name are kept ("Stonebridge Partners LLC – Series A").
    """
    text = raw.translate(_NAME_TABLE)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip(" ,;:")
