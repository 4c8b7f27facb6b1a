"""Controlled vocabularies the build publishes as SKOS concept schemes.

Distribution methods (Regulation S-K Item 508, "Plan of distribution"): each prospectus words them
its own way; the concepts are shared across documents so that a query can compare filings. An item
that fits no concept becomes a concept of its own, named after its words.
"""

from __future__ import annotations

import re

#: slug -> (preferred label, pattern over the folded item text). First match wins.
DISTRIBUTION_METHODS: dict[str, tuple[str, str]] = {
    "block-trade": ("Block trade", r"\bblock\s+trades?\b"),
    "principal-purchase-and-resale": ("Purchase by a broker-dealer as principal and resale",
                                      r"\bpurchases?\s+by\s+(?:a\s+)?broker[- ]dealers?\s+as\s+principal|"
                                      r"\bbroker\s+or\s+dealer\s+as\s+principal"),
    "ordinary-brokerage": ("Ordinary brokerage transaction", r"\bordinary\s+brokerage\b"),
    "exchange-distribution": ("Exchange distribution", r"\bexchange\s+distribution\b|\bon\s+any\s+national\s+"
                              r"securities\s+exchange\b"),
    "off-exchange": ("Transaction otherwise than on an exchange or the over-the-counter market",
                     r"\botherwise\s+than\s+(?:on|in)\b"),
    "over-the-counter": ("Over-the-counter market transaction", r"\bover[- ]the[- ]counter\b"),
    "privately-negotiated": ("Privately negotiated transaction", r"\bprivately\s+negotiated\b|"
                             r"\bprivate\s+transactions?\b"),
    "options": ("Writing or settlement of options", r"\boptions?\b"),
    "short-sales": ("Short sales", r"\bshort\s+sales?\b"),
    "pledge": ("Pledge of securities", r"\bpledges?\b"),
    "distribution-to-partners": ("Distribution to partners, members or shareholders",
                                 r"\bdistribution[^.;]{0,60}\bto\s+its\s+(?:partners|members|stockholders|shareholders)"),
    "underwritten-offering": ("Through underwriters", r"\bthrough\s+underwriters\b|\bunderwritten\b"),
    "at-the-market": ("At-the-market offering", r"\bat[- ]the[- ]market\b"),
    "broker-dealer-agreement": ("Agreement with broker-dealers to sell a number of shares",
                                r"\bagree\s+with\s+(?:the\s+selling\s+\w+\s+to\s+sell|broker)"),
    "rule-144": ("Sale under Rule 144", r"\brule\s+144\b"),
    "combination": ("A combination of methods", r"\bcombination\s+of\b"),
    "other-lawful-method": ("Any other lawful method", r"\bany\s+other\s+method\s+permitted\b|"
                            r"\bother\s+method\s+permitted\b"),
}
_COMPILED = [(slug, re.compile(pattern, re.I)) for slug, (_label, pattern) in DISTRIBUTION_METHODS.items()]


def distribution_concept(item: str) -> tuple[str, str]:
    """(slug, label) of the concept a plan-of-distribution item names."""
    for slug, pattern in _COMPILED:
        if pattern.search(item):
            return slug, DISTRIBUTION_METHODS[slug][0]
    words = re.findall(r"[a-z]+", item.lower())[:8]
    label = " ".join(item.split()[:12])
    return "-".join(words) or "unnamed", label[:1].upper() + label[1:]
