"""Valid and invalid examples for the shapes of shapes/synthesis-products.ttl (theme levels,
constructs, translations, study findings, what quotes and findings hang on)."""

from __future__ import annotations

from tests.shapes.cases import REC, Case, prop

__all__ = ["PRODUCT_CASES"]

_CONSTRUCT = "ex:$n-c a spkg:SecondOrderConstruct ."
_THIRD = "ex:$n-t a spkg:ThirdOrderConstruct ."

PRODUCT_CASES: list[Case] = [
    Case(
        "QuoteTargetShape",
        None,
        "Violation",
        "ex:$n a spkg:Quote ; spkg:illustratesConstruct ex:$n-c . " + _CONSTRUCT,
        "ex:$n a spkg:Quote ; spkg:quotedFrom ex:$n-rec . " + REC,
    ),
    prop(
        "QuoteTargetShape-illustratesConstruct",
        "spkg:Quote",
        "spkg:illustratesConstruct",
        "ex:$n-c",
        "ex:$n-rec",
        _CONSTRUCT + " " + REC,
    ),
    prop(
        "QuoteTargetShape-illustratesStudyFinding",
        "spkg:Quote",
        "spkg:illustratesStudyFinding",
        "ex:$n-f",
        "ex:$n-rec",
        "ex:$n-f a spkg:StudyFinding . " + REC,
    ),
    Case(
        "FindingTargetShape",
        None,
        "Violation",
        "ex:$n a spkg:Finding ; spkg:aboutConstruct ex:$n-c . " + _CONSTRUCT,
        'ex:$n a spkg:Finding ; spkg:findingStatement "It helped." .',
    ),
    prop(
        "FindingTargetShape-aboutConstruct",
        "spkg:Finding",
        "spkg:aboutConstruct",
        "ex:$n-c",
        "ex:$n-rec",
        _CONSTRUCT + " " + REC,
    ),
    prop(
        "CategoryShape-subthemeOf",
        "spkg:Category",
        "spkg:subthemeOf",
        "ex:$n-sf",
        "ex:$n-d",
        "ex:$n-sf a spkg:SynthesisedFinding . ex:$n-d a spkg:DescriptiveTheme .",
    ),
    Case(
        "ConstructShape",
        None,
        "Violation",
        "ex:$n a spkg:InterpretiveConstruct , spkg:FirstOrderConstruct .",
        "ex:$n a spkg:InterpretiveConstruct .",
    ),
    prop(
        "ConstructShape-prefLabel",
        "spkg:FirstOrderConstruct",
        "skos:prefLabel",
        '"Being heard"',
        None,
    ),
    prop(
        "ConstructShape-inScheme",
        "spkg:ThirdOrderConstruct",
        "skos:inScheme",
        "ex:$n-s",
        "ex:$n-rec",
        "ex:$n-s a spkg:ConstructScheme . " + REC,
    ),
    prop(
        "ConstructShape-fromRecord",
        "spkg:FirstOrderConstruct",
        "spkg:fromRecord",
        "ex:$n-rec",
        "ex:$n-study",
        REC,
    ),
    prop(
        "ConstructShape-underTheme",
        "spkg:ThirdOrderConstruct",
        "spkg:underTheme",
        "ex:$n-t",
        "ex:$n-rec",
        "ex:$n-t a spkg:AnalyticalTheme . " + REC,
    ),
    prop(
        "ConstructShape-constructText",
        "spkg:FirstOrderConstruct",
        "spkg:constructText",
        '"I was listened to."',
        "ex:$n-rec",
        REC,
    ),
    prop("ConstructShape-position", "spkg:ThirdOrderConstruct", "spkg:position", "2", "0"),
    prop(
        "SecondOrderConstructShape-fromRecord",
        "spkg:SecondOrderConstruct",
        "spkg:fromRecord",
        "ex:$n-rec",
        None,
        REC,
    ),
    Case(
        "TranslationShape",
        None,
        "Violation",
        "ex:$n a spkg:Translation , spkg:ReciprocalTranslation .",
        "ex:$n a spkg:Translation .",
    ),
    prop(
        "TranslationShape-used",
        "spkg:RefutationalTranslation",
        "prov:used",
        "ex:$n-c",
        "ex:$n-rec",
        _CONSTRUCT + " " + REC,
    ),
    Case(
        "TranslationInputShape",
        None,
        "Violation",
        "ex:$n a spkg:Translation , spkg:LineOfArgumentSynthesis ; prov:generated ex:$n-t . "
        "ex:$n-r spkg:hasTranslation ex:$n ; spkg:extractionStatus spkg:ReviewOnlyExtraction . "
        + _THIRD,
        "ex:$n a spkg:Translation , spkg:LineOfArgumentSynthesis ; prov:generated ex:$n-t . "
        "ex:$n-r spkg:hasTranslation ex:$n ; spkg:extractionStatus spkg:CompleteExtraction . "
        + _THIRD,
    ),
    prop(
        "TranslationShape-generated",
        "spkg:LineOfArgumentSynthesis",
        "prov:generated",
        "ex:$n-t",
        "ex:$n-c",
        _THIRD + " " + _CONSTRUCT,
    ),
    prop(
        "TranslationShape-translatesRecord",
        "spkg:ReciprocalTranslation",
        "spkg:translatesRecord",
        "ex:$n-rec",
        "ex:$n-study",
        REC,
    ),
    prop(
        "StudyFindingShape-studyFindingText",
        "spkg:StudyFinding",
        "spkg:studyFindingText",
        '"Link workers felt isolated."',
        '""',
    ),
    prop(
        "StudyFindingShape-fromRecord",
        "spkg:StudyFinding",
        "spkg:fromRecord",
        "ex:$n-rec",
        None,
        REC,
    ),
    prop(
        "StudyFindingShape-plausibility",
        "spkg:StudyFinding",
        "spkg:plausibility",
        "spkg:Credible",
        "spkg:Yes",
    ),
    prop(
        "StudyFindingShape-inCategory",
        "spkg:StudyFinding",
        "spkg:inCategory",
        "ex:$n-cat",
        "ex:$n-sf",
        "ex:$n-cat a spkg:Category . ex:$n-sf a spkg:SynthesisedFinding .",
    ),
    prop(
        "StudyFindingShape-illustration",
        "spkg:StudyFinding",
        "spkg:illustration",
        '"It was a lonely job."',
        "ex:$n-rec",
        REC,
    ),
    prop(
        "SpeakerRoleShape-participantRole",
        "spkg:Speaker",
        "spkg:participantRole",
        "ex:$n-role",
        "ex:$n-rec",
        "ex:$n-role a spkg:ParticipantRole . " + REC,
    ),
]
