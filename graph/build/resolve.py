"""Resolve: one IRI per real-world entity, across all documents of a build.

Parties get ``id/org/<key>`` or ``id/person/<key>``, where the key is the normalised legal name
(``graph.names.normalise``: "Inc", "Inc." and "Incorporated" are one; punctuation, case and accents
folded). An EDGAR header's CIK merges a filer with the entity of the same CIK seen before. Things
that exist only in one document (its offering, positions, placements, agreements) get IRIs under the
document's id; filings and securities hang off their issuer. The placeholders of
``graph.models`` ("@issuer", "@offering", ...) become the document's own entities.

Plain strings only: ``graph.build`` turns them into rdflib terms.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from prospectus_kg.graph.models import BASE_PROSPECTUS, ISSUER, OFFERING, PROSPECTUS, EntityRef, Fact
from prospectus_kg.graph.extract.names import normalise
from prospectus_kg.ontology.terms import ID_NS

BASE = ID_NS
_LOCAL_PATHS = {"PrivatePlacement": "placement", "ShareTransfer": "transfer", "StrategicAlliance": "agreement",
                "Agreement": "agreement", "LockUp": "lockup", "SellingStockholderPosition": "position"}


def slug(text: str) -> str:
    """A readable, IRI-safe key; non-Latin text falls back to a hash."""
    key = re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")
    return key[:80] or "h" + hashlib.sha1(text.encode()).hexdigest()[:12]


@dataclass
class Resolver:
    """Cross-document state: CIK -> party IRI, and every spelling seen for each party."""

    by_cik: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    kinds: dict[str, str] = field(default_factory=dict)

    def party_iri(self, ref: EntityRef) -> str:
        folder = "person" if ref.kind == "Person" else "org"
        iri = f"{BASE}{folder}/{slug(ref.key)}"
        self.kinds.setdefault(iri, ref.kind)
        return iri

    def resolve(self, doc_id: str, facts: list[Fact], header: dict | None = None) -> dict[EntityRef, str]:
        """IRIs for every entity the document's facts mention (facts without an issuer drop theirs)."""
        issuer_name = next((f.obj for f in facts if f.subject == ISSUER and f.predicate == "name"), None)
        iris: dict[EntityRef, str] = {PROSPECTUS: f"{BASE}doc/{doc_id}", OFFERING: f"{BASE}offering/{doc_id}",
                                      BASE_PROSPECTUS: f"{BASE}doc/{doc_id}/base-prospectus"}
        if issuer_name:
            issuer_iri = self.party_iri(EntityRef("Organization", str(issuer_name)))
            cik = next((f.obj for f in facts if f.subject == ISSUER and f.predicate == "cik"), None)
            if cik:
                issuer_iri = self.by_cik.setdefault(str(cik), issuer_iri)
            iris[ISSUER] = issuer_iri
        issuer_key = iris[ISSUER].rsplit("/", 1)[1] if ISSUER in iris else f"unknown-{doc_id}"
        for fact in facts:
            for ref in (fact.subject, fact.obj):
                if isinstance(ref, EntityRef) and ref not in iris and ref != ISSUER:
                    iris[ref] = self._iri(ref, doc_id, issuer_key)
        return iris

    def _iri(self, ref: EntityRef, doc_id: str, issuer_key: str) -> str:
        if ref.kind in ("Organization", "Person"):
            return self.party_iri(ref)
        if ref.kind == "Filing":
            form, _, qualifier = ref.key.partition("|")
            return f"{BASE}filing/{issuer_key}/{slug(form)}/{qualifier}"
        if ref.kind == "Security":
            return f"{BASE}security/{issuer_key}/{slug(ref.key)}"
        if ref.kind == "Listing":
            return f"{BASE}listing/{issuer_key}/{slug(ref.key)}"
        if ref.kind == "DistributionMethod":
            return f"{BASE}distribution-method/{ref.key}"
        return f"{BASE}{_LOCAL_PATHS.get(ref.kind, slug(ref.kind))}/{doc_id}/{slug(ref.key)}"

    def note_spelling(self, iri: str, spelling: str) -> None:
        counts = self.spellings[iri]
        counts[spelling] = counts.get(spelling, 0) + 1

    def canonical_name(self, iri: str) -> str:
        """The spelling to call an entity by: mixed case over capitals, then the most used, then the
        alphabetically first (so the choice does not depend on the order documents arrive in)."""
        counts = self.spellings[iri]
        return min(counts, key=lambda s: (s.isupper(), -counts[s], s))
