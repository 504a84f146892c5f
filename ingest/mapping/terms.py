"""The ontology terms the mapping uses for things the data dictionary leaves to code.

data/README.md's Term column fixes the term of each cell; this table adds the classes of the
things a row becomes, the links between them, and the individuals that enum values name. Kept in
one place so a test can check every term against ontology/spkg.ttl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ingest.namespaces import BCIO
from ingest.schema import PUBLICATION_TYPES
from ingest.schema.countries import COUNTRY_QIDS

__all__ = [
    "BCIO_SOCIAL_PRESCRIBING",
    "COLUMN_TERMS",
    "COUNTRY_QIDS",
    "ENUM_INDIVIDUALS",
    "PUBLICATION_CLASSES",
    "SOCIAL_PRESCRIBING_TYPES",
    "Vocabulary",
    "camel",
]

# The BCIO class of social prescribing; interventions of a social-prescribing type are typed so.
BCIO_SOCIAL_PRESCRIBING: URIRef = BCIO.BCIO_050357

# Intervention types that are social prescribing (BCIO_050357) or narrower, by their key in the
# `id/intervention-type/` scheme; the build reads the same from the ontology when it declares it.
SOCIAL_PRESCRIBING_TYPES: frozenset[str] = frozenset(
    {
        "social-prescribing",
        "link-worker-social-prescribing",
        "community-navigation",
        "arts-on-prescription",
        "museums-on-prescription",
        "community-referral",
    }
)


def camel(value: str) -> str:
    """`title-abstract-screening` → `TitleAbstractScreening` (the local name of an individual)."""
    return "".join(part[:1].upper() + part[1:] for part in value.replace("_", "-").split("-"))


# A record's publication type → the local name of its class, the same in spkg and in FaBiO
# (`spkg:JournalArticle`, `fabio:JournalArticle`).
PUBLICATION_CLASSES: dict[str, str] = {kind: camel(kind) for kind in PUBLICATION_TYPES}

# (file, column) → {enum value: local name} where the local name is not simply camel(value).
ENUM_INDIVIDUALS: dict[tuple[str, str], dict[str, str]] = {
    ("records.csv", "appraisal_tool"): {"CASP": "CASP", "AACODS": "AACODS"},
    ("interventions.csv", "mode"): {
        "group": "GroupDelivery",
        "one-to-one": "OneToOneDelivery",
        "mixed": "MixedDelivery",
    },
    ("appraisal_items.csv", "answer"): {"yes": "Yes", "no": "No", "cant-tell": "CantTell"},
    ("quotes.csv", "speaker_gender"): {
        "female": "Female",
        "male": "Male",
        "not-specified": "GenderNotSpecified",
    },
    ("quotes.csv", "kind"): {
        "participant": "ParticipantQuote",
        "author-interpretation": "AuthorInterpretation",
    },
    ("criteria.csv", "kind"): {
        "inclusion": "InclusionCriterion",
        "exclusion": "ExclusionCriterion",
    },
    ("themes.csv", "level"): {
        "descriptive": "DescriptiveTheme",
        "analytical": "AnalyticalTheme",
        "category": "Category",
        "synthesised-finding": "SynthesisedFinding",
    },
    ("constructs.csv", "order"): {
        "first-order": "FirstOrderConstruct",
        "second-order": "SecondOrderConstruct",
        "third-order": "ThirdOrderConstruct",
    },
    ("translations.csv", "kind"): {
        "reciprocal": "ReciprocalTranslation",
        "refutational": "RefutationalTranslation",
        "line-of-argument": "LineOfArgumentSynthesis",
    },
    ("review.csv", "review_type"): {
        "qualitative-meta-synthesis": "QualitativeMetaSynthesis",
        "qualitative-evidence-synthesis": "QualitativeEvidenceSynthesis",
        "mixed-methods-review": "MixedMethodsReview",
        "systematic-review": "SystematicReview",
    },
}

# (file, column) → spkg local name (or a CURIE of a shared vocabulary) of a plain literal cell.
# Columns that become links, types or individuals are mapped in code and are not listed here.
COLUMN_TERMS: dict[str, dict[str, str]] = {
    "review.csv": {
        "journal": "venue",
        "volume": "bibo:volume",
        "article_number": "articleNumber",
        "doi": "bibo:doi",
        "protocol_registration": "protocolRegistration",
        "review_question": "reviewQuestion",
        "aims": "aims",
        "synthesis_method": "synthesisMethod",
        "search_date": "searchDate",
        "search_start": "searchStart",
        "languages": "searchLanguage",
        "languages_found": "languageFound",
        "date_restrictions": "dateRestriction",
        "hand_searching": "handSearching",
        "lived_experience_involvement": "livedExperienceInvolvement",
        "reporting_guideline": "reportingGuideline",
        "included_study_count": "includedStudyCount",
        "extraction": "extractionStatus",
        "pmid": "fabio:hasPubMedId",
    },
    "search_sources.csv": {
        "name": "rdfs:label",
        "platform": "platform",
        "fields_searched": "fieldsSearched",
        "note": "rdfs:comment",
    },
    "screening.csv": {
        "position": "position",
        "performed_by": "performedBy",
        "checked_by": "checkedBy",
        "checked_share": "checkedShare",
        "checked_description": "checkingDescription",
        "software": "software",
        "cohen_kappa": "cohensKappa",
        "kappa_interpretation": "kappaInterpretation",
        "disagreements": "disagreementResolution",
        "description": "dcterms:description",
    },
    "prisma.csv": {
        "unit": "countedUnit",
        "literature": "literature",
        "count": "count",
        "note": "rdfs:comment",
    },
    "criteria.csv": {"category": "criterionCategory", "text": "criterionText"},
    "records.csv": {
        "citation_number": "citationNumber",
        "publication_type_as_stated": "publicationTypeAsStated",
        "peer_reviewed": "peerReviewed",
        "first_author": "firstAuthor",
        "venue": "venue",
        "locator": "locator",
        "doi": "bibo:doi",
        "pmid": "fabio:hasPubMedId",
        "published_during_covid": "publishedDuringCovid",
        "follow_up": "hasFollowUp",
        "follow_up_description": "followUpDescription",
        "aims": "aims",
        "data_collection": "dataCollectionMethod",
        "analysis_method": "analysisMethod",
        "original_themes": "originalTheme",
        "notes": "curatorNote",
    },
    "studies.csv": {
        "label": "rdfs:label",
        "data_collection_start": "dataCollectionStart",
        "data_collection_end": "dataCollectionEnd",
        "data_collection_year_stated": "dataCollectionPeriodStated",
        "notes": "curatorNote",
    },
    # studies.csv columns stated on the sample node
    "studies.csv#sample": {
        "sample_size": "sampleSize",
        "female_pct": "femalePercent",
        "male_pct": "malePercent",
        "other_gender_pct": "otherGenderPercent",
        "gender_reported": "genderReported",
        "age_min": "minimumAge",
        "age_max": "maximumAge",
        "age_max_open": "maximumAgeOpen",
        "ages_reported": "agesReported",
        "age_note": "ageNote",
        "older_adults_only": "olderAdultsOnly",
        "population": "population",
    },
    "participant_groups.csv": {
        "role_as_stated": "roleAsStated",
        "size": "groupSize",
        "age_min": "groupMinimumAge",
        "age_max": "groupMaximumAge",
        "age_note": "groupAgeNote",
        "female_pct": "groupFemalePercent",
        "description": "dcterms:description",
    },
    "interventions.csv": {
        "name": "rdfs:label",
        "description": "dcterms:description",
        "link_worker": "hasLinkWorker",
        "link_worker_title": "linkWorkerTitle",
        "setting": "setting",
        "duration": "durationDescription",
        "duration_weeks": "durationWeeks",
    },
    "activities.csv": {"description": "dcterms:description"},
    "measures.csv": {"note": "curatorNote"},
    "appraisal_items.csv": {"note": "curatorNote"},
    "themes.csv": {
        "position": "position",
        "label": "skos:prefLabel",
        "description": "skos:definition",
        "stated_record_count": "statedRecordCount",
        "stated_record_share": "statedRecordShare",
        "stated_all_records": "statedAllRecords",
        "stated_subtheme_count": "statedSubthemeCount",
        "stated_subtheme_count_where": "statedSubthemeCountSource",
        "abstract_label": "skos:altLabel",
    },
    "theme_support.csv": {"evidence": "supportEvidence"},
    "findings.csv": {"kind": "findingKind", "statement": "findingStatement"},
    # findings.csv columns stated on the CERQual assessment node
    "findings.csv#cerqual": {
        "cerqual_methodological": "methodologicalLimitations",
        "cerqual_coherence": "coherence",
        "cerqual_adequacy": "adequacy",
        "cerqual_relevance": "relevance",
        "cerqual_confidence": "overallConfidence",
        "cerqual_explanation": "confidenceExplanation",
    },
    "quotes.csv": {
        "position": "position",
        "kind_certain": "kindCertain",
        "text": "quoteText",
        "note": "curatorNote",
    },
    # quotes.csv columns stated on the speaker node
    "quotes.csv#speaker": {
        "speaker_age_label": "speakerAgeLabel",
        "speaker_age_min": "speakerAgeMin",
        "speaker_age_max": "speakerAgeMax",
    },
    "aggregates.csv": {
        "variable": "aboutVariable",
        "statistic": "statistic",
        "category": "category",
        "value": "value",
        "unit": "unit",
        "denominator": "denominator",
        "as_printed": "asPrinted",
    },
    "statements.csv": {"position": "position", "text": "statementText"},
    "constructs.csv": {
        "label": "skos:prefLabel",
        "text": "constructText",
        "position": "position",
    },
    "translations.csv": {"description": "dcterms:description"},
    "study_findings.csv": {
        "text": "studyFindingText",
        "illustration": "illustration",
        "plausibility": "plausibility",
        "locator": "findingLocator",
    },
}


@dataclass(frozen=True)
class Vocabulary:
    """What the mapping reads from the ontology: which properties take individuals, the
    individual of each enum value (by `skos:notation` within the property's range), and which
    intervention types are social prescribing or narrower."""

    object_properties: frozenset[str] = frozenset()
    individuals: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    social_prescribing: frozenset[str] = SOCIAL_PRESCRIBING_TYPES

    @classmethod
    def from_ontology(cls, ontology: Graph) -> Vocabulary:
        """Read the vocabulary from an ontology graph (already under the configured base)."""
        props = frozenset(str(p) for p in ontology.subjects(RDF.type, OWL.ObjectProperty))
        by_class: dict[str, dict[str, URIRef]] = {}
        for node, notation in ontology.subject_objects(SKOS.notation):
            if isinstance(node, URIRef):
                for klass in ontology.objects(node, RDF.type):
                    by_class.setdefault(str(klass), {})[str(notation)] = node
        individuals: dict[tuple[str, str], URIRef] = {}
        for prop in props:
            for rng in ontology.objects(URIRef(prop), RDFS.range):
                for value, node in by_class.get(str(rng), {}).items():
                    individuals.setdefault((prop, value), node)
        social = _narrower_notations(ontology, BCIO_SOCIAL_PRESCRIBING)
        return cls(props, individuals, social or SOCIAL_PRESCRIBING_TYPES)

    def individual(self, predicate: URIRef, value: str) -> URIRef | None:
        """The individual an enum value names as object of `predicate`, if the ontology has it."""
        return self.individuals.get((str(predicate), value))

    def takes_individual(self, predicate: URIRef) -> bool:
        return str(predicate) in self.object_properties


def _narrower_notations(ontology: Graph, bcio: URIRef) -> frozenset[str]:
    """Notations of the concepts matching BCIO social prescribing and everything narrower."""
    roots = [
        s
        for p in (SKOS.closeMatch, SKOS.exactMatch, OWL.sameAs)
        for s in ontology.subjects(p, bcio)
    ]
    found: set[str] = set()
    for root in roots:
        for concept in ontology.transitive_subjects(SKOS.broader, root):
            notation = ontology.value(concept, SKOS.notation)
            if notation is not None:
                found.add(str(notation))
    return frozenset(found)
