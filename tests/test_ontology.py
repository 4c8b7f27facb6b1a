"""The ontology file (ontology/prospectus.ttl) against the vocabulary contract (ONTOLOGY.md).

Checks: it parses in rdflib and loads in owlready2 (from N-Triples made by rdflib, since owlready2
cannot read Turtle); every contract term is declared with a label and a comment, with domain/range
where the contract gives one; the property characteristics the issue asks for; the alignment policy
(no FIBO import, only closeMatch toward FIBO roles); and the generated files match the ontology.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from prospectus_kg.ontology import generate
from prospectus_kg.ontology.namespace import ONTOLOGY_PATH, PROSP

CONTRACT_FILE = Path("/work/shared/ONTOLOGY.md")

#: The contract terms of ONTOLOGY.md, used when the shared file is not available.
CONTRACT_TERMS = """
Agreement Assertion Auditor DistributionMethod Document Filing Issuer LegalCounsel Listing LockUp Offering
Organization Party Person PrivatePlacement Prospectus Security SellingStockholder SellingStockholderPosition
ShareTransfer StrategicAlliance Underwriter accessionNumber address affiliateOf alias audited auditorOf
businessDescription cik controls date describes distributionMethod endDate exchangeName exemption filedBy
filingDate formType foundedYear holder incorporatesByReference issuer lastSaleDate lastSalePrice legalCounsel
listing name party periodEnd position proceedsToIssuer prospectusDate purchaser relatedTo restrictedParty
scope security securityClass sellingStockholder sharesOffered sharesOwnedAfter sharesOwnedBefore
stateOfIncorporation subsidiaryOf telephone territory tickerSymbol transferee transferor underwriter
""".split()

#: Terms the build uses beyond the contract (the lead engineer's list in issue 4's brief).
BUILD_TERMS = """
textFile sourceFile encoding mediaType sha256 section documentPart refersTo incorporatesFutureFilings
sharesOwnedBeforePlacement percentOwnedBefore percentOwnedAfter rowLabel issuerCounsel underwritersCounsel
sellingStockholderCounsel placementAgent salesAgent generalPartnerOf investmentManagerOf controlledBy
pricePerShare baseProspectusDate sicCode fiscalYearEnd softwareVersion Run Inferred inferredBy
""".split()


def contract_terms() -> list[str]:
    if CONTRACT_FILE.exists():
        names = set(re.findall(r"prosp:([A-Za-z]\w*)", CONTRACT_FILE.read_text(encoding="utf-8")))
        assert len(names) > 50, "ONTOLOGY.md changed shape: update the parser in this test"
        return sorted(names)
    return CONTRACT_TERMS


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def test_parses_in_rdflib_with_header(onto):
    header = list(onto.subjects(RDF.type, OWL.Ontology))
    assert header == [URIRef("https://w3id.org/prospectus-kg/ontology")]
    assert onto.value(header[0], OWL.versionIRI) is not None
    assert onto.value(header[0], URIRef("http://purl.org/dc/terms/license")) is not None


def test_loads_in_owlready2(onto):
    owlready2 = pytest.importorskip("owlready2")
    world = owlready2.World()
    data = onto.serialize(format="nt", encoding="utf-8")
    loaded = world.get_ontology("https://w3id.org/prospectus-kg/ontology").load(
        fileobj=io.BytesIO(data), format="ntriples")
    ns = loaded.get_namespace(str(PROSP))
    assert ns.Organization is not None and ns.affiliateOf is not None
    assert issubclass(ns.Organization, ns.Party)
    assert ns.affiliateOf in list(world.object_properties())
    assert owlready2.SymmetricProperty in ns.affiliateOf.is_a
    assert owlready2.TransitiveProperty in ns.controls.is_a


@pytest.mark.parametrize("name", contract_terms() + BUILD_TERMS)
def test_term_is_declared_and_documented(onto, name):
    term = PROSP[name]
    kinds = set(onto.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, f"prosp:{name} is not declared"
    assert onto.value(term, RDFS.label) is not None, f"prosp:{name} has no rdfs:label"
    comment = onto.value(term, RDFS.comment)
    assert comment is not None and len(str(comment)) > 10, f"prosp:{name} has no rdfs:comment"
    if OWL.ObjectProperty in kinds or OWL.DatatypeProperty in kinds:
        assert onto.value(term, RDFS.range) is not None, f"prosp:{name} has no range"


def test_every_declared_term_is_documented(onto):
    for term in generate.local_terms(onto):
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, RDFS.comment) is not None, term


CONTRACT_DOMAINS = {
    "describes": ("Prospectus", "Offering"), "issuer": ("Offering", "Organization"),
    "security": ("Offering", "Security"), "sellingStockholder": ("Offering", "Party"),
    "position": ("Offering", "SellingStockholderPosition"), "holder": ("SellingStockholderPosition", "Party"),
    "underwriter": ("Offering", "Organization"), "legalCounsel": ("Offering", "Organization"),
    "auditorOf": ("Organization", "Organization"), "audited": ("Organization", "Filing"),
    "incorporatesByReference": ("Prospectus", "Filing"), "affiliateOf": ("Party", "Party"),
    "controls": ("Party", "Party"), "subsidiaryOf": ("Organization", "Organization"),
    "purchaser": ("PrivatePlacement", "Party"), "transferor": ("ShareTransfer", "Party"),
    "transferee": ("ShareTransfer", "Party"), "restrictedParty": ("LockUp", "Party"),
    "listing": ("Security", "Listing"), "distributionMethod": ("Offering", "DistributionMethod"),
    # filedBy sits on prospectuses too: its domain is the looser Document.
    "filedBy": ("Document", "Organization"),
}


@pytest.mark.parametrize("name", sorted(CONTRACT_DOMAINS))
def test_contract_domain_and_range(onto, name):
    domain, rng = CONTRACT_DOMAINS[name]
    assert onto.value(PROSP[name], RDFS.domain) == PROSP[domain]
    assert onto.value(PROSP[name], RDFS.range) == PROSP[rng]


def test_union_domains(onto):
    members = set(generate._union_members(onto, onto.value(PROSP.party, RDFS.domain)))
    assert members == {PROSP.Agreement, PROSP.ShareTransfer, PROSP.PrivatePlacement}


def test_property_characteristics(onto):
    assert (PROSP.affiliateOf, RDF.type, OWL.SymmetricProperty) in onto
    assert (PROSP.affiliateOf, RDF.type, OWL.TransitiveProperty) not in onto
    assert (PROSP.controls, RDF.type, OWL.TransitiveProperty) in onto
    assert (PROSP.controls, OWL.inverseOf, PROSP.controlledBy) in onto
    assert (PROSP.subsidiaryOf, RDFS.subPropertyOf, PROSP.controlledBy) in onto
    assert (PROSP.issuer, RDF.type, OWL.FunctionalProperty) in onto
    for sub, sup in (("issuerCounsel", "legalCounsel"), ("underwritersCounsel", "legalCounsel"),
                     ("sellingStockholderCounsel", "legalCounsel"), ("placementAgent", "underwriter"),
                     ("salesAgent", "underwriter"), ("generalPartnerOf", "controls"),
                     ("investmentManagerOf", "controls")):
        assert (PROSP[sub], RDFS.subPropertyOf, PROSP[sup]) in onto


def test_role_classes_are_definable(onto):
    for role in ("Issuer", "SellingStockholder", "LegalCounsel", "Auditor", "Underwriter"):
        assert (PROSP[role], RDFS.subClassOf, PROSP.Party) in onto
        assert onto.value(PROSP[role], OWL.equivalentClass) is not None, role


def test_alignment_policy(onto):
    fibo = "https://spec.edmcouncil.org/fibo/"
    assert not list(onto.objects(None, OWL.imports))
    # FIBO role classes and properties only by skos:closeMatch, never by sub-class/-property.
    for role in ("Issuer", "Affiliate", "Auditor", "ExternalAuditor", "Shareholder", "ShareIssuer"):
        for s, p, o in onto.triples((None, None, None)):
            if isinstance(o, URIRef) and str(o).startswith(fibo) and str(o).endswith("/" + role):
                assert p in (SKOS.closeMatch, SKOS.relatedMatch), (s, p, o)
    for s, o in onto.subject_objects(RDFS.subPropertyOf):
        assert not str(o).startswith(fibo), (s, o)
    assert (PROSP.Organization, SKOS.closeMatch, None) in onto
    assert (PROSP.PrivatePlacement, RDFS.subClassOf,
            URIRef(fibo + "ontology/SEC/Securities/SecuritiesIssuance/PrivateOffering")) in onto


def test_no_dangling_prosp_reference(onto):
    declared = set(generate.local_terms(onto))
    for triple in onto:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(str(PROSP)) and not isinstance(node, BNode):
                assert node in declared, node


def test_generated_files_are_up_to_date(onto):
    for path, text in generate.outputs(onto).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run python -m prospectus_kg.ontology.generate")


def test_closed_namespace():
    assert PROSP.affiliateOf == URIRef("https://w3id.org/prospectus-kg/ontology#affiliateOf")
    with pytest.raises(AttributeError):
        PROSP.affilateOf  # noqa: B018 - the misspelling must raise


# --------------------------------------------------------------------------------------------------
# shapes.ttl: its targets come from the ontology
# --------------------------------------------------------------------------------------------------

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    from prospectus_kg.ontology.namespace import SHAPES_PATH
    return Graph().parse(SHAPES_PATH, format="turtle")


def test_shapes_name_only_ontology_terms(onto, shapes):
    declared = set(generate.local_terms(onto))
    for triple in shapes:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(str(PROSP)):
                assert node in declared, f"shapes.ttl names {node}, which prospectus.ttl does not define"


def test_every_object_property_needs_an_assertion(onto, shapes):
    shape = URIRef("https://w3id.org/prospectus-kg/shapes#FactHasAssertionShape")
    targets = set(shapes.objects(shape, URIRef(SH + "targetSubjectsOf")))
    props = {t for t in generate.local_terms(onto) if (t, RDF.type, OWL.ObjectProperty) in onto}
    assert targets == props - {PROSP.inferredBy}


def test_every_numeric_or_date_property_has_a_datatype_shape(onto, shapes):
    checked = set(shapes.objects(None, URIRef(SH + "path")))
    for t in generate.local_terms(onto):
        if (t, RDF.type, OWL.DatatypeProperty) not in onto:
            continue
        rng = onto.value(t, RDFS.range)
        if rng == URIRef("http://www.w3.org/2001/XMLSchema#string"):
            continue
        assert t in checked, f"no shape checks the datatype of {t}"
