"""The prospectus-kg vocabulary as Python names. GENERATED from prospectus.ttl: do not edit.

Regenerate with ``python -m prospectus_kg.ontology.generate`` after editing
``ontology/prospectus.ttl``; ``tests/test_ontology.py`` fails when this file is out of date.

``PROSP`` is a closed rdflib ``DefinedNamespace`` (``rdflib/tools/defined_namespace_creator.py``):
``PROSP.affiliateOf`` is the IRI of the term, and a term that the ontology does not define raises
``AttributeError`` where it is used. ``ID`` is the namespace of individuals (prefix ``kg:``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib.graph import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

from prospectus_kg.ontology.terms import ID_NS, OA_NS, PREFIXES, PROSP_NS

__all__ = [
    "PROSP", "ID", "OA", "SCHEMA", "PROV", "SKOS", "RDF", "RDFS", "OWL", "XSD", "DCTERMS", "SDO",
    "PREFIXES", "ONTOLOGY_IRI", "ONTOLOGY_VERSION_IRI", "ONTOLOGY_PATH", "SHAPES_PATH", "bind_prefixes",
]

#: The ontology file (the single source of truth) and the SHACL shapes, beside this module.
ONTOLOGY_PATH = Path(__file__).resolve().with_name("prospectus.ttl")
SHAPES_PATH = Path(__file__).resolve().with_name("shapes.ttl")

ID = Namespace(ID_NS)
OA = Namespace(OA_NS)
SCHEMA = SDO
ONTOLOGY_IRI = URIRef("https://w3id.org/prospectus-kg/ontology")
ONTOLOGY_VERSION_IRI = URIRef("https://w3id.org/prospectus-kg/ontology/0.1.0")


class PROSP(DefinedNamespace):
    """prospectus-kg ontology: https://w3id.org/prospectus-kg/ontology# (version https://w3id.org/prospectus-kg/ontology/0.1.0)."""

    _NS = Namespace(PROSP_NS)
    _fail = True

    # Classes
    Agreement: URIRef  # agreement
    Assertion: URIRef  # assertion
    Auditor: URIRef  # auditor
    DistributionMethod: URIRef  # distribution method
    Document: URIRef  # document
    Filing: URIRef  # filing
    Inferred: URIRef  # inferred statement
    Issuer: URIRef  # issuer
    LegalCounsel: URIRef  # legal counsel
    Listing: URIRef  # listing
    LockUp: URIRef  # lock-up
    Offering: URIRef  # offering
    Organization: URIRef  # organization
    Party: URIRef  # party
    Person: URIRef  # person
    PrivatePlacement: URIRef  # private placement
    Prospectus: URIRef  # prospectus
    ReasonerRun: URIRef  # reasoner run
    Run: URIRef  # build run
    Security: URIRef  # security
    SellingStockholder: URIRef  # selling stockholder
    SellingStockholderPosition: URIRef  # selling stockholder position
    ShareTransfer: URIRef  # share transfer
    StrategicAlliance: URIRef  # strategic alliance
    Underwriter: URIRef  # underwriter

    # Object properties
    affiliateOf: URIRef  # affiliate of
    audited: URIRef  # audited
    auditorOf: URIRef  # auditor of
    baseProspectus: URIRef  # base prospectus
    coIssuer: URIRef  # co-issuer
    controlledBy: URIRef  # controlled by
    controls: URIRef  # controls
    describedBy: URIRef  # described by
    describes: URIRef  # describes
    distributionMethod: URIRef  # distribution method
    filedBy: URIRef  # filed by
    generalPartnerOf: URIRef  # general partner of
    hasAuditor: URIRef  # has auditor
    holder: URIRef  # holder
    holderOf: URIRef  # holder of
    incorporatedByReferenceIn: URIRef  # incorporated by reference in
    incorporatesByReference: URIRef  # incorporates by reference
    inferredBy: URIRef  # inferred by
    investmentManagerOf: URIRef  # investment manager of
    issuer: URIRef  # issuer
    issuerCounsel: URIRef  # issuer's counsel
    issuerOf: URIRef  # issuer of
    legalCounsel: URIRef  # legal counsel
    legalCounselOf: URIRef  # legal counsel of
    listing: URIRef  # listing
    parentOf: URIRef  # parent of
    party: URIRef  # party
    placementAgent: URIRef  # placement agent
    position: URIRef  # position
    purchaser: URIRef  # purchaser
    refersTo: URIRef  # refers to
    relatedTo: URIRef  # related to
    restrictedParty: URIRef  # restricted party
    salesAgent: URIRef  # sales agent
    security: URIRef  # security
    sellingStockholder: URIRef  # selling stockholder
    sellingStockholderCounsel: URIRef  # selling stockholders' counsel
    sellingStockholderIn: URIRef  # selling stockholder in
    subsidiaryOf: URIRef  # subsidiary of
    transferee: URIRef  # transferee
    transferor: URIRef  # transferor
    underwriter: URIRef  # underwriter
    underwriterOf: URIRef  # underwriter of
    underwritersCounsel: URIRef  # underwriters' counsel

    # Datatype properties
    accessionNumber: URIRef  # accession number
    address: URIRef  # address
    alias: URIRef  # alias
    alsoStated: URIRef  # also stated
    baseProspectusDate: URIRef  # base prospectus date
    businessDescription: URIRef  # business description
    cik: URIRef  # CIK
    date: URIRef  # date
    documentPart: URIRef  # document part
    encoding: URIRef  # encoding
    endDate: URIRef  # end date
    exchangeName: URIRef  # exchange name
    exemption: URIRef  # exemption
    filingDate: URIRef  # filing date
    fiscalYearEnd: URIRef  # fiscal year end
    formType: URIRef  # form type
    foundedYear: URIRef  # founded year
    incorporatesFutureFilings: URIRef  # incorporates future filings
    lastSaleDate: URIRef  # last sale date
    lastSalePrice: URIRef  # last sale price
    lookupKey: URIRef  # lookup key
    mediaType: URIRef  # media type
    name: URIRef  # name
    percentOwnedAfter: URIRef  # percent owned after
    percentOwnedBefore: URIRef  # percent owned before
    periodEnd: URIRef  # period end
    pricePerShare: URIRef  # price per share
    proceedsToIssuer: URIRef  # proceeds to issuer
    prospectusDate: URIRef  # prospectus date
    rowLabel: URIRef  # row label
    scope: URIRef  # scope
    section: URIRef  # section
    securityClass: URIRef  # security class
    sha256: URIRef  # SHA-256
    sharesOffered: URIRef  # shares offered
    sharesOwnedAfter: URIRef  # shares owned after
    sharesOwnedBefore: URIRef  # shares owned before
    sharesOwnedBeforePlacement: URIRef  # shares owned before placement
    sicCode: URIRef  # SIC code
    softwareVersion: URIRef  # software version
    sourceFile: URIRef  # source file
    stateOfIncorporation: URIRef  # state of incorporation
    telephone: URIRef  # telephone
    territory: URIRef  # territory
    textFile: URIRef  # text file
    tickerSymbol: URIRef  # ticker symbol


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (``prosp:``, ``kg:``, ``oa:``, ``prov:``, FIBO ...) on ``graph``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
