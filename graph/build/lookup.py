"""Lookup keys: the one normal form in which a name is matched, by the build and by the queries.

The build writes ``prosp:lookupKey`` for each name, alias and label of an entity, and for its IRI;
a named query's ``name`` parameter (``graph/query/named.py``) is bound to the key of the value typed, so
that ``?e prosp:lookupKey ?org`` is an exact, indexed match in both query engines, whatever the case
or spacing the user typed. Comparing ``LCASE(?name)`` with the value instead scans every name.
"""

from __future__ import annotations

import unicodedata

__all__ = ["lookup_key"]


def lookup_key(text: str) -> str:
    """NFKC, white space collapsed and stripped, Unicode case folding: ``"Nevada  Bond, LLC"`` ->
    ``"nevada bond, llc"``."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()
