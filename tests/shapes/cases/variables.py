"""Valid and invalid examples for the shapes of shapes/variables.ttl (participant groups, study
design and methods, topic variables and their values)."""

from __future__ import annotations

from tests.shapes.cases import Case, prop

__all__ = ["VARIABLE_CASES"]

_ROLE = "<https://w3id.org/spkg/id/participant-role/link-workers>"
_DESIGN = "<https://w3id.org/spkg/id/study-design/qualitative>"
_METHOD = "<https://w3id.org/spkg/id/data-collection-method/focus-groups>"
_ANALYSIS = "<https://w3id.org/spkg/id/analysis-method/thematic-analysis>"
_VARIABLE = "ex:$n-v a spkg:TopicVariable ."
_GROUP = "spkg:ParticipantGroup"
_RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"

VARIABLE_CASES: list[Case] = [
    Case(
        "ParticipantGroupShape-sample",
        None,
        "Violation",
        f"ex:$n a {_GROUP} . ex:$n-s a spkg:Sample ; spkg:hasParticipantGroup ex:$n .",
        f"ex:$n a {_GROUP} .",
    ),
    prop("ParticipantGroupShape-participantRole", _GROUP, "spkg:participantRole", _ROLE, _DESIGN),
    prop("ParticipantGroupShape-groupSize", _GROUP, "spkg:groupSize", "6", "0"),
    Case(
        "ParticipantGroupShape-groupMinimumAge",
        "https://w3id.org/spkg/ontology#groupMinimumAge",
        "Violation",
        f"ex:$n a {_GROUP} ; spkg:groupMinimumAge 40 ; spkg:groupMaximumAge 74 .",
        f"ex:$n a {_GROUP} ; spkg:groupMinimumAge 80 ; spkg:groupMaximumAge 74 .",
    ),
    prop(
        "ParticipantGroupShape-groupFemalePercent",
        _GROUP,
        "spkg:groupFemalePercent",
        "50.0",
        "120.0",
    ),
    prop("StudyDesignShape-studyDesign", "spkg:Study", "spkg:studyDesign", _DESIGN, _ROLE),
    prop(
        "StudyDesignShape-usesDataCollectionMethod",
        "spkg:Study",
        "spkg:usesDataCollectionMethod",
        _METHOD,
        _ANALYSIS,
    ),
    prop(
        "StudyDesignShape-usesAnalysisMethod",
        "spkg:Study",
        "spkg:usesAnalysisMethod",
        _ANALYSIS,
        _METHOD,
    ),
    prop("TopicVariableShape-notation", "spkg:TopicVariable", "skos:notation", '"visits"', None),
    prop("TopicVariableShape-label", "spkg:TopicVariable", "rdfs:label", '"visits"', None),
    prop(
        "TopicVariableShape-variableLevel",
        "spkg:TopicVariable",
        "spkg:variableLevel",
        '"study"',
        '"intervention"',
    ),
    prop(
        "TopicVariableShape-variableDatatype",
        "spkg:TopicVariable",
        "spkg:variableDatatype",
        '"integer"',
        '"number"',
    ),
    Case(
        "TopicVariableShape-declaredBy",
        None,
        "Violation",
        "ex:$n a spkg:TopicVariable . ex:$n-r a spkg:Review ; spkg:declaresVariable ex:$n .",
        "ex:$n a spkg:TopicVariable .",
    ),
    prop(
        "VariableValueShape-ofVariable",
        "spkg:VariableValue",
        "spkg:ofVariable",
        "ex:$n-v",
        "ex:$n-x",
        _VARIABLE + " ex:$n-x a spkg:Study .",
    ),
    prop("VariableValueShape-valueFor", "spkg:VariableValue", "spkg:valueFor", "ex:$n-s", '"S1"'),
    Case(
        "VariableValueShape-value",
        _RDF_VALUE,
        "Violation",
        f'ex:$n a spkg:VariableValue ; <{_RDF_VALUE}> "12" .',
        f"ex:$n a spkg:VariableValue ; <{_RDF_VALUE}> ex:$n-v . " + _VARIABLE,
    ),
]
