"""Valid and invalid Turtle examples for every named shape, one row per shape.

`$n` is replaced by the case's own node name, so all cases of one kind share one graph.
`prop` builds the common case of one property on one node; other cases spell out their Turtle.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CASES", "PREFIXES"]

PREFIXES = """
@prefix ex: <https://w3id.org/spkg/id/test/> .
@prefix spkg: <https://w3id.org/spkg/ontology#> .
@prefix instrument: <https://w3id.org/spkg/id/instrument/> .
@prefix itype: <https://w3id.org/spkg/id/intervention-type/> .
@prefix atype: <https://w3id.org/spkg/id/activity-type/> .
@prefix aitem: <https://w3id.org/spkg/id/appraisal-item/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""

_NS = {
    "spkg": "https://w3id.org/spkg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "bibo": "http://purl.org/ontology/bibo/",
    "fabio": "http://purl.org/spar/fabio/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
}


@dataclass(frozen=True)
class Case:
    shape: str  # local name under https://w3id.org/spkg/shapes#
    path: str | None  # the expected sh:resultPath (full IRI), None for node-level results
    severity: str  # Violation or Warning
    valid: str
    invalid: str


def _iri(curie: str | None) -> str | None:
    if curie is None:
        return None
    prefix, local = curie.split(":", 1)
    return _NS[prefix] + local


def prop(shape, cls, path, good, bad, extra="", severity="Violation") -> Case:
    """One node of `cls`; the valid one has `path good`, the invalid `path bad` (None: absent)."""
    valid = f"ex:$n a {cls} ; {path} {good} . {extra}"
    invalid = f"ex:$n a {cls} ; {path} {bad} . {extra}" if bad else f"ex:$n a {cls} . {extra}"
    return Case(shape, _iri(path), severity, valid, invalid)


REC = "ex:$n-rec a spkg:JournalArticle . ex:$n-study a spkg:Study ."
NOT_REC = "ex:$n-study"
W = "Warning"

CASES: list[Case] = [
    # core.ttl
    prop("ReviewShape-title", "spkg:QualitativeMetaSynthesis", "dcterms:title", '"A review"', None),
    prop(
        "ReviewShape-issued",
        "spkg:Review",
        "dcterms:issued",
        '"2022"^^xsd:gYear',
        '"1850"^^xsd:gYear',
    ),
    prop(
        "ReviewShape-doi",
        "spkg:Review",
        "bibo:doi",
        '"10.1186/s12913-022-08656-1"',
        '"https://doi.org/10.1186/x"',
    ),
    prop("PubMedIdShape-pmid", "spkg:Review", "fabio:hasPubMedId", '"37232248"', '"PMID:37232248"'),
    prop(
        "ReviewShape-includesRecord",
        "spkg:Review",
        "spkg:includesRecord",
        "ex:$n-rec",
        NOT_REC,
        REC,
        severity=W,
    ),
    Case(
        "ReviewRecordsShape",
        None,
        W,
        "ex:$n a spkg:Review ; spkg:extractionStatus spkg:ReviewOnlyExtraction .",
        "ex:$n a spkg:Review ; spkg:extractionStatus spkg:PartialExtraction .",
    ),
    prop(
        "ReviewShape-searchDate",
        "spkg:Review",
        "spkg:searchDate",
        '"2021-04"^^xsd:gYearMonth',
        '"April 2021"',
    ),
    prop("ReviewShape-handSearching", "spkg:Review", "spkg:handSearching", "true", '"yes"'),
    prop(
        "ReviewShape-hasThemeScheme",
        "spkg:Review",
        "spkg:hasThemeScheme",
        "ex:$n-s",
        "ex:$n-rec",
        "ex:$n-s a spkg:ThemeScheme . " + REC,
    ),
    prop("SearchSourceShape-label", "spkg:BibliographicDatabase", "rdfs:label", '"MEDLINE"', None),
    prop("ReviewStageShape-position", "spkg:ReviewStage", "spkg:position", "1", "0"),
    prop("ReviewStageShape-checkedShare", "spkg:ReviewStage", "spkg:checkedShare", "20.0", "120.0"),
    prop("ReviewStageShape-cohensKappa", "spkg:ReviewStage", "spkg:cohensKappa", "0.83", "1.5"),
    prop("FlowCountShape-count", "spkg:FlowCount", "spkg:count", "0", "-1"),
    prop(
        "FlowCountShape-fromSource",
        "spkg:FlowCount",
        "spkg:fromSource",
        "ex:$n-src",
        "ex:$n-rec",
        "ex:$n-src a spkg:HandSearch . " + REC,
    ),
    prop(
        "EligibilityCriterionShape-criterionText",
        "spkg:InclusionCriterion",
        "spkg:criterionText",
        '"Qualitative studies"',
        None,
    ),
    prop(
        "RecordShape-reportsStudy",
        "spkg:Inclusion",
        "spkg:reportsStudy",
        "ex:$n-study",
        None,
        REC,
    ),
    prop("RecordShape-peerReviewed", "spkg:Report", "spkg:peerReviewed", "false", None),
    prop(
        "InclusionShape-inReview",
        "spkg:Inclusion",
        "spkg:inReview",
        "ex:$n-review",
        None,
        "ex:$n-review a spkg:Review .",
    ),
    prop(
        "InclusionShape-includedRecord",
        "spkg:Inclusion",
        "spkg:includedRecord",
        "ex:$n-rec",
        None,
        REC,
    ),
    prop("RecordShape-citationNumber", "spkg:Inclusion", "spkg:citationNumber", "42", "0"),
    prop(
        "RecordShape-issued",
        "spkg:Record",
        "dcterms:issued",
        '"2006"^^xsd:gYear',
        '"2150"^^xsd:gYear',
    ),
    prop(
        "RecordShape-doi", "spkg:Record", "bibo:doi", '"10.1136/bmjopen-2017-015203"', '"10.12/x"'
    ),
    prop("RecordShape-hasFollowUp", "spkg:Inclusion", "spkg:hasFollowUp", "true", "1"),
    prop(
        "RecordShape-onlyPartOfSampleLonely",
        "spkg:Inclusion",
        "spkg:onlyPartOfSampleLonely",
        "true",
        '"true"',
    ),
    prop(
        "RecordShape-publishedDuringCovid",
        "spkg:Inclusion",
        "spkg:publishedDuringCovid",
        "false",
        '"no"',
    ),
    prop(
        "RecordShape-usedMeasurement",
        "spkg:Inclusion",
        "spkg:usedMeasurement",
        "ex:$n-m",
        "ex:$n-rec",
        "ex:$n-m a spkg:Measurement . " + REC,
    ),
    prop(
        "StudyShape-hasSample",
        "spkg:Study",
        "spkg:hasSample",
        "ex:$n-s",
        "ex:$n-rec",
        "ex:$n-s a spkg:Sample . " + REC,
    ),
    prop("StudyShape-countryCode", "spkg:Study", "spkg:countryCode", '"GB"', '"uk"'),
    prop(
        "StudyShape-dataCollectionStart",
        "spkg:Study",
        "spkg:dataCollectionStart",
        '"2017"^^xsd:gYear',
        '"2017-06-01"^^xsd:date',
    ),
    prop(
        "StudyShape-dataCollectionEnd",
        "spkg:Study",
        "spkg:dataCollectionEnd",
        '"2018-09"^^xsd:gYearMonth',
        '"Sept 2018"',
    ),
    prop("SampleShape-sampleSize", "spkg:Sample", "spkg:sampleSize", "1101", "0"),
    prop("SampleShape-femalePercent", "spkg:Sample", "spkg:femalePercent", "63.9", "100.5"),
    prop("SampleShape-malePercent", "spkg:Sample", "spkg:malePercent", "32.7", "-0.1"),
    prop(
        "SampleShape-otherGenderPercent", "spkg:Sample", "spkg:otherGenderPercent", "3.4", "101.0"
    ),
    prop("SampleShape-minimumAge", "spkg:Sample", "spkg:minimumAge", "18", "-1"),
    prop("SampleShape-maximumAge", "spkg:Sample", "spkg:maximumAge", "81", "121"),
    prop("SampleShape-maximumAgeOpen", "spkg:Sample", "spkg:maximumAgeOpen", "true", '"81+"'),
    prop("SampleShape-olderAdultsOnly", "spkg:Sample", "spkg:olderAdultsOnly", "true", '"yes"'),
    prop(
        "InterventionShape-evaluatedIn",
        "spkg:Intervention",
        "spkg:evaluatedIn",
        "ex:$n-study",
        None,
        REC,
    ),
    prop(
        "InterventionShape-hasActivity",
        "spkg:Intervention",
        "spkg:hasActivity",
        "ex:$n-a",
        "ex:$n-rec",
        "ex:$n-a a spkg:Activity . " + REC,
    ),
    prop(
        "InterventionShape-hasLinkWorker",
        "spkg:Intervention",
        "spkg:hasLinkWorker",
        "true",
        '"navigator"',
    ),
    prop(
        "InterventionShape-durationWeeks", "spkg:Intervention", "spkg:durationWeeks", "12.0", "0.0"
    ),
    prop("ActivityShape-activityType", "spkg:Activity", "spkg:activityType", "atype:arts", None),
    prop(
        "MeasurementShape-instrument",
        "spkg:Measurement",
        "spkg:instrument",
        "instrument:wemwbs",
        None,
    ),
    prop(
        "AppraisalShape-appraises",
        "spkg:Appraisal",
        "spkg:appraises",
        "ex:$n-rec",
        "ex:$n-study",
        REC,
    ),
    prop("AppraisalShape-appraisalTool", "spkg:Appraisal", "spkg:appraisalTool", "spkg:CASP", None),
    prop("AppraisalShape-appraisalScore", "spkg:Appraisal", "spkg:appraisalScore", "10", "-1"),
    Case(
        "AppraisalMaximumScoreShape",
        None,
        "Violation",
        "ex:$n a spkg:Appraisal ; spkg:appraisalTool spkg:MMAT ; spkg:appraisalScore 5 .",
        "ex:$n a spkg:Appraisal ; spkg:appraisalTool ex:$n-tool ; spkg:appraisalScore 31 . "
        "ex:$n-tool a spkg:AppraisalTool ; spkg:maximumScore 30 .",
    ),
    prop(
        "AppraisalShape-hasItemAnswer",
        "spkg:Appraisal",
        "spkg:hasItemAnswer",
        "ex:$n-i",
        "ex:$n-rec",
        "ex:$n-i a spkg:ItemAnswer . " + REC,
    ),
    Case(
        "AACODSScoreShape",
        None,
        "Violation",
        "ex:$n a spkg:Appraisal ; spkg:appraisalTool spkg:AACODS ; spkg:appraisalScore 6 .",
        "ex:$n a spkg:Appraisal ; spkg:appraisalTool spkg:AACODS ; spkg:appraisalScore 7 .",
    ),
    prop(
        "ItemAnswerShape-appraisalItem",
        "spkg:ItemAnswer",
        "spkg:appraisalItem",
        "aitem:casp-1",
        None,
    ),
    prop("ItemAnswerShape-answer", "spkg:ItemAnswer", "spkg:answer", "spkg:Yes", None),
    prop(
        "ThemeSchemeShape-hasTopConcept",
        "spkg:ThemeScheme",
        "skos:hasTopConcept",
        "ex:$n-t",
        "ex:$n-sub",
        "ex:$n-t a spkg:Theme . ex:$n-sub a spkg:Subtheme .",
    ),
    prop(
        "ThemeShape-prefLabel",
        "spkg:Theme",
        "skos:prefLabel",
        '"Increased sense of wellbeing"',
        None,
    ),
    prop(
        "ThemeShape-inScheme",
        "spkg:Theme",
        "skos:inScheme",
        "ex:$n-s",
        "ex:$n-rec",
        "ex:$n-s a spkg:ThemeScheme . " + REC,
    ),
    prop("ThemeShape-position", "spkg:Theme", "spkg:position", "3", '"3"'),
    prop("ThemeShape-statedRecordCount", "spkg:Theme", "spkg:statedRecordCount", "19", "-2"),
    prop(
        "SubthemeShape-prefLabel", "spkg:Subtheme", "skos:prefLabel", '"Sense of belonging"', None
    ),
    prop(
        "SubthemeShape-inScheme",
        "spkg:Subtheme",
        "skos:inScheme",
        "ex:$n-s",
        None,
        "ex:$n-s a spkg:ThemeScheme .",
    ),
    prop(
        "SubthemeShape-subthemeOf",
        "spkg:Subtheme",
        "spkg:subthemeOf",
        "ex:$n-sub",
        "ex:$n-rec",
        "ex:$n-sub a spkg:Subtheme . " + REC,
    ),
    prop("SubthemeShape-position", "spkg:Subtheme", "spkg:position", "1", "0"),
    prop(
        "ThemeSupportShape-supportsTheme",
        "spkg:ThemeSupport",
        "spkg:supportsTheme",
        "ex:$n-t",
        "ex:$n-rec",
        "ex:$n-t a spkg:Theme . " + REC,
    ),
    prop(
        "ThemeSupportShape-supportingRecord",
        "spkg:ThemeSupport",
        "spkg:supportingRecord",
        "ex:$n-rec",
        "ex:$n-study",
        REC,
    ),
    prop(
        "QuoteShape-quoteText",
        "spkg:ParticipantQuote",
        "spkg:quoteText",
        '"I feel less alone."',
        None,
    ),
    prop(
        "QuoteShape-quotedFrom",
        "spkg:AuthorInterpretation",
        "spkg:quotedFrom",
        "ex:$n-rec",
        None,
        REC,
    ),
    prop(
        "QuoteShape-illustratesTheme",
        "spkg:Quote",
        "spkg:illustratesTheme",
        "ex:$n-t",
        "ex:$n-rec",
        "ex:$n-t a spkg:Subtheme . " + REC,
    ),
    prop("QuoteShape-position", "spkg:Quote", "spkg:position", "7", None),
    prop("QuoteShape-kindCertain", "spkg:Quote", "spkg:kindCertain", "false", None),
    prop(
        "QuoteShape-wasAttributedTo",
        "spkg:Quote",
        "prov:wasAttributedTo",
        "ex:$n-sp",
        "ex:$n-rec",
        "ex:$n-sp a spkg:Speaker . " + REC,
    ),
    prop("SpeakerShape-speakerAgeMin", "spkg:Speaker", "spkg:speakerAgeMin", "65", "150"),
    prop("SpeakerShape-speakerAgeMax", "spkg:Speaker", "spkg:speakerAgeMax", "69", "69.5"),
    prop(
        "FindingShape-aboutTheme",
        "spkg:Finding",
        "spkg:aboutTheme",
        "ex:$n-t",
        "ex:$n-rec",
        "ex:$n-t a spkg:Theme . " + REC,
    ),
    prop(
        "FindingShape-findingStatement",
        "spkg:Finding",
        "spkg:findingStatement",
        '"Participants felt less lonely."',
        None,
    ),
    prop(
        "FindingShape-basedOnRecord",
        "spkg:Finding",
        "spkg:basedOnRecord",
        "ex:$n-rec",
        "ex:$n-study",
        REC,
    ),
    prop(
        "FindingShape-hasCERQualAssessment",
        "spkg:Finding",
        "spkg:hasCERQualAssessment",
        "ex:$n-c",
        "ex:$n-rec",
        "ex:$n-c a spkg:CERQualAssessment . " + REC,
    ),
    prop(
        "CERQualAssessmentShape-confidenceExplanation",
        "spkg:CERQualAssessment",
        "spkg:confidenceExplanation",
        '"Minor concerns about adequacy."',
        "ex:$n-rec",
        REC,
    ),
    prop("ReportedStatisticShape-value", "spkg:ReportedStatistic", "spkg:value", "19.0", '"19"'),
    prop(
        "ReportedStatisticShape-asPrinted",
        "spkg:ReportedStatistic",
        "spkg:asPrinted",
        '"a median of 19"',
        None,
    ),
    prop(
        "ReportedStatisticShape-namesRecord",
        "spkg:ReportedStatistic",
        "spkg:namesRecord",
        "ex:$n-rec",
        "ex:$n-study",
        REC,
    ),
    prop(
        "StatementShape-statementText",
        "spkg:Limitation",
        "spkg:statementText",
        '"One reviewer screened most records."',
        None,
    ),
    prop("StatementShape-position", "spkg:Strength", "spkg:position", "1", None),
    prop(
        "ValueSourceShape-sourceFile", "spkg:ValueSource", "spkg:sourceFile", '"studies.csv"', None
    ),
    prop(
        "ValueSourceShape-aboutResource",
        "spkg:ValueSource",
        "spkg:aboutResource",
        "ex:$n-study",
        '"studies.csv"',
        REC,
    ),
    prop(
        "TextQuoteSelectorShape-exact",
        "oa:TextQuoteSelector",
        "oa:exact",
        '"I feel less alone."',
        None,
    ),
    prop(
        "SpecificResourceShape-hasSource",
        "oa:SpecificResource",
        "oa:hasSource",
        "ex:$n-rec",
        "ex:$n-study",
        REC,
    ),
    # values.ttl
    prop(
        "ReviewStageValueShape-stageType",
        "spkg:ReviewStage",
        "spkg:stageType",
        "spkg:TitleAbstractScreening",
        "spkg:Identified",
    ),
    prop(
        "FlowCountValueShape-flowStage",
        "spkg:FlowCount",
        "spkg:flowStage",
        "spkg:Identified",
        "spkg:Coding",
    ),
    prop(
        "FlowCountValueShape-countedUnit",
        "spkg:FlowCount",
        "spkg:countedUnit",
        "spkg:StudiesUnit",
        "spkg:PercentUnit",
    ),
    prop(
        "FlowCountValueShape-literature",
        "spkg:FlowCount",
        "spkg:literature",
        "spkg:GreyLiterature",
        '"grey"',
    ),
    prop(
        "EligibilityCriterionValueShape-criterionCategory",
        "spkg:ExclusionCriterion",
        "spkg:criterionCategory",
        "spkg:LanguageCriterion",
        "spkg:Female",
    ),
    prop(
        "RecordValueShape-lonelinessAssessment",
        "spkg:Inclusion",
        "spkg:lonelinessAssessment",
        "spkg:StandardisedAndSelfReport",
        '"both"',
    ),
    prop(
        "InterventionValueShape-interventionType",
        "spkg:Intervention",
        "spkg:interventionType",
        "itype:befriending",
        "atype:befriending",
    ),
    prop(
        "InterventionValueShape-deliveryMode",
        "spkg:Intervention",
        "spkg:deliveryMode",
        "spkg:OneToOneDelivery",
        "spkg:Yes",
    ),
    prop(
        "ActivityValueShape-activityType",
        "spkg:Activity",
        "spkg:activityType",
        "atype:luncheon-club",
        "itype:befriending",
    ),
    prop(
        "MeasurementValueShape-instrument",
        "spkg:Measurement",
        "spkg:instrument",
        "instrument:ucla-loneliness-scale",
        "spkg:CASP",
    ),
    prop(
        "MeasurementValueShape-construct",
        "spkg:Measurement",
        "spkg:construct",
        "spkg:Loneliness",
        '"loneliness"',
    ),
    prop(
        "AppraisalValueShape-appraisalTool",
        "spkg:Appraisal",
        "spkg:appraisalTool",
        "spkg:AACODS",
        "instrument:wemwbs",
    ),
    prop(
        "ItemAnswerValueShape-appraisalItem",
        "spkg:ItemAnswer",
        "spkg:appraisalItem",
        "aitem:aacods-date",
        "aitem:casp-11",
    ),
    prop("ItemAnswerValueShape-answer", "spkg:ItemAnswer", "spkg:answer", "spkg:CantTell", '"yes"'),
    prop(
        "ThemeSupportValueShape-supportEvidence",
        "spkg:ThemeSupport",
        "spkg:supportEvidence",
        "spkg:CitedEvidence",
        "spkg:Computed",
    ),
    prop(
        "SpeakerValueShape-speakerGender",
        "spkg:Speaker",
        "spkg:speakerGender",
        "spkg:GenderNotSpecified",
        '"female"',
    ),
    prop(
        "FindingValueShape-findingKind",
        "spkg:Finding",
        "spkg:findingKind",
        "spkg:DrawbackFinding",
        "spkg:Limitation",
    ),
    prop(
        "CERQualAssessmentValueShape-methodologicalLimitations",
        "spkg:CERQualAssessment",
        "spkg:methodologicalLimitations",
        "spkg:MinorConcerns",
        "spkg:HighConfidence",
    ),
    prop(
        "CERQualAssessmentValueShape-coherence",
        "spkg:CERQualAssessment",
        "spkg:coherence",
        "spkg:NoOrVeryMinorConcerns",
        '"minor"',
    ),
    prop(
        "CERQualAssessmentValueShape-adequacy",
        "spkg:CERQualAssessment",
        "spkg:adequacy",
        "spkg:ModerateConcerns",
        "spkg:No",
    ),
    prop(
        "CERQualAssessmentValueShape-relevance",
        "spkg:CERQualAssessment",
        "spkg:relevance",
        "spkg:SeriousConcerns",
        "spkg:LowConfidence",
    ),
    prop(
        "CERQualAssessmentValueShape-overallConfidence",
        "spkg:CERQualAssessment",
        "spkg:overallConfidence",
        "spkg:VeryLowConfidence",
        "spkg:SeriousConcerns",
    ),
    prop(
        "ReportedStatisticValueShape-aboutVariable",
        "spkg:ReportedStatistic",
        "spkg:aboutVariable",
        "spkg:SampleSizeVariable",
        "spkg:MedianStatistic",
    ),
    prop(
        "ReportedStatisticValueShape-statistic",
        "spkg:ReportedStatistic",
        "spkg:statistic",
        "spkg:MedianStatistic",
        "spkg:SampleSizeVariable",
    ),
    prop(
        "ReportedStatisticValueShape-unit",
        "spkg:ReportedStatistic",
        "spkg:unit",
        "spkg:ParticipantsUnit",
        '"participants"',
    ),
    prop(
        "ValueSourceValueShape-sourceKind",
        "spkg:ValueSource",
        "spkg:sourceKind",
        "spkg:PrimaryPaper",
        "spkg:Yes",
    ),
    # recommended.ttl
    prop(
        "SampleRecommendedShape-sampleSize",
        "spkg:Sample",
        "spkg:sampleSize",
        "34",
        None,
        severity=W,
    ),
    prop(
        "SampleRecommendedShape-femalePercent",
        "spkg:Sample",
        "spkg:femalePercent",
        "46.7",
        None,
        severity=W,
    ),
    prop(
        "SampleRecommendedShape-minimumAge",
        "spkg:Sample",
        "spkg:minimumAge",
        "40",
        None,
        severity=W,
    ),
    prop(
        "SampleRecommendedShape-maximumAge",
        "spkg:Sample",
        "spkg:maximumAge",
        "74",
        None,
        severity=W,
    ),
    prop(
        "StudyRecommendedShape-hasSample",
        "spkg:Study",
        "spkg:hasSample",
        "ex:$n-s",
        None,
        "ex:$n-s a spkg:Sample .",
        severity=W,
    ),
    prop(
        "RecordRecommendedShape-doi",
        "spkg:JournalArticle",
        "bibo:doi",
        '"10.1111/hex.12090"',
        None,
        severity=W,
    ),
    # cross-record.ttl
    Case(
        "SampleAgeOrderShape-minimumAge",
        _iri("spkg:minimumAge"),
        "Violation",
        "ex:$n a spkg:Sample ; spkg:minimumAge 18 ; spkg:maximumAge 81 .",
        "ex:$n a spkg:Sample ; spkg:minimumAge 90 ; spkg:maximumAge 60 .",
    ),
    Case(
        "SpeakerAgeOrderShape-speakerAgeMin",
        _iri("spkg:speakerAgeMin"),
        "Violation",
        "ex:$n a spkg:Speaker ; spkg:speakerAgeMin 65 ; spkg:speakerAgeMax 69 .",
        "ex:$n a spkg:Speaker ; spkg:speakerAgeMin 70 ; spkg:speakerAgeMax 69 .",
    ),
    Case(
        "ThemeSupportedShape",
        None,
        "Violation",
        "ex:$n a spkg:Theme . ex:$n-sub spkg:subthemeOf ex:$n . "
        "ex:$n-q spkg:illustratesTheme ex:$n-sub ; spkg:quotedFrom ex:$n-rec . " + REC,
        "ex:$n a spkg:Theme . ex:$n-sub spkg:subthemeOf ex:$n . "
        "ex:$n-q spkg:illustratesTheme ex:$n-sub .",
    ),
    Case(
        "ThemeSupportedPartlyExtractedShape",
        None,
        W,
        "ex:$n a spkg:Theme ; skos:inScheme ex:$n-s . "
        "ex:$n-r spkg:hasThemeScheme ex:$n-s ; spkg:extractionStatus spkg:ReviewOnlyExtraction . "
        "ex:$n-q spkg:illustratesTheme ex:$n ; spkg:quotedFrom ex:$n-rec . " + REC,
        "ex:$n a spkg:Theme ; skos:inScheme ex:$n-s . "
        "ex:$n-r spkg:hasThemeScheme ex:$n-s ; spkg:extractionStatus spkg:PartialExtraction .",
    ),
    Case(
        "GenderSumShape",
        None,
        "Violation",
        "ex:$n a spkg:Sample ; spkg:femalePercent 63.9 ; spkg:malePercent 32.7 ; "
        "spkg:otherGenderPercent 3.4 .",
        "ex:$n a spkg:Sample ; spkg:femalePercent 60.0 ; spkg:malePercent 30.0 ; "
        "spkg:otherGenderPercent 5.0 .",
    ),
    Case(
        "SubthemeSchemeShape",
        _iri("spkg:subthemeOf"),
        "Violation",
        "ex:$n a spkg:Subtheme ; skos:inScheme ex:$n-s ; spkg:subthemeOf ex:$n-t . "
        "ex:$n-t skos:inScheme ex:$n-s .",
        "ex:$n a spkg:Subtheme ; skos:inScheme ex:$n-s ; spkg:subthemeOf ex:$n-t . "
        "ex:$n-t skos:inScheme ex:$n-other .",
    ),
    Case(
        "StudyRecordsAgreeShape",
        None,
        "Violation",
        "ex:$n a spkg:Study . "
        "ex:$n-r1 spkg:reportsStudy ex:$n ; spkg:onlyPartOfSampleLonely true . "
        "ex:$n-r2 spkg:reportsStudy ex:$n ; spkg:onlyPartOfSampleLonely true .",
        "ex:$n a spkg:Study . "
        "ex:$n-r1 spkg:reportsStudy ex:$n ; spkg:onlyPartOfSampleLonely true . "
        "ex:$n-r2 spkg:reportsStudy ex:$n ; spkg:onlyPartOfSampleLonely false .",
    ),
    # inconsistencies (core.ttl and values.ttl)
    prop(
        "InconsistencyShape-inconsistencyKind",
        "spkg:Inconsistency",
        "spkg:inconsistencyKind",
        "spkg:CountInconsistency",
        None,
    ),
    prop(
        "InconsistencyShape-bodyValue",
        "spkg:Inconsistency",
        "oa:bodyValue",
        '"The three shares add up to 106 %."',
        None,
    ),
    prop(
        "InconsistencyShape-hasTarget",
        "spkg:Inconsistency",
        "oa:hasTarget",
        "ex:$n-statistic",
        '"the shares"',
    ),
    prop(
        "InconsistencyShape-motivatedBy",
        "spkg:Inconsistency",
        "oa:motivatedBy",
        "oa:assessing",
        "oa:classifying",
    ),
    prop(
        "InconsistencyValueShape-inconsistencyKind",
        "spkg:Inconsistency",
        "spkg:inconsistencyKind",
        "spkg:ArithmeticInconsistency",
        "spkg:Yes",
    ),
    # aggregate checks (core.ttl and values.ttl)
    prop(
        "AggregateCheckShape-checks",
        "spkg:AggregateCheck",
        "spkg:checks",
        "ex:$n-stat",
        "ex:$n-rec",
        "ex:$n-stat a spkg:ReportedStatistic . " + REC,
    ),
    prop(
        "AggregateCheckShape-checkStatus",
        "spkg:AggregateCheck",
        "spkg:checkStatus",
        "spkg:NotVerifiable",
        None,
    ),
    Case(
        "AggregateCheckShape-knownCount",
        _iri("spkg:knownCount"),
        "Violation",
        "ex:$n a spkg:AggregateCheck ; spkg:knownCount 13 ; spkg:consideredCount 18 .",
        "ex:$n a spkg:AggregateCheck ; spkg:knownCount 19 ; spkg:consideredCount 18 .",
    ),
    prop(
        "AggregateCheckShape-consideredCount",
        "spkg:AggregateCheck",
        "spkg:consideredCount",
        "18",
        "-1",
    ),
    Case(
        "AggregateCheckShape-supplementaryInputCount",
        _iri("spkg:supplementaryInputCount"),
        "Violation",
        "ex:$n a spkg:AggregateCheck ; spkg:knownCount 13 ; spkg:supplementaryInputCount 11 .",
        "ex:$n a spkg:AggregateCheck ; spkg:knownCount 13 ; spkg:supplementaryInputCount 14 .",
    ),
    prop(
        "AggregateCheckShape-computedValue",
        "spkg:AggregateCheck",
        "spkg:computedValue",
        "26.5",
        '"26.5"',
    ),
    prop(
        "AggregateCheckShape-wasGeneratedBy",
        "spkg:AggregateCheck",
        "prov:wasGeneratedBy",
        "ex:$n-run",
        None,
    ),
    prop(
        "AggregateCheckValueShape-checkStatus",
        "spkg:AggregateCheck",
        "spkg:checkStatus",
        "spkg:Agrees",
        "spkg:Yes",
    ),
]
