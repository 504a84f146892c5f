"""Response models of the REST resources (documented in OpenAPI, checked on the way out).

Keys are the terms of the published @context (/api/context.jsonld). A resource's own statements
are an open set (whatever the data states), so `Resource` allows keys beyond those declared.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AcrossCluster",
    "Comparison",
    "Completeness",
    "EvidenceCell",
    "EvidenceLink",
    "EvidenceMap",
    "EvidenceMapAcross",
    "Inconsistency",
    "InterventionDetail",
    "InterventionSummary",
    "MeasureSummary",
    "Page",
    "QuoteSummary",
    "Ref",
    "RelatedTheme",
    "Resource",
    "ReviewDetail",
    "ReviewSummary",
    "StudyDetail",
    "StudySummary",
    "ThemeDetail",
    "ThemeLink",
    "ThemeSummary",
    "ValueSource",
]

T = TypeVar("T")


class Ref(BaseModel):
    """A link to another resource: its IRI and label, with a few facts about it."""

    model_config = ConfigDict(extra="allow")
    id: str
    label: str | None = None


class Resource(BaseModel):
    """A resource's statements: `id`, `type` (compact IRIs) and one key per predicate."""

    model_config = ConfigDict(extra="allow")
    id: str
    type: list[str] = Field(default_factory=list)


class Page(BaseModel, Generic[T]):
    """One page of a list, with links to its neighbours (hydra:Collection)."""

    id: str
    type: str = "hydra:Collection"
    total: int | None = Field(
        None,
        description="Items in the whole list; left out of a page across reviews that was read "
        "without reaching the last review (follow `next`).",
    )
    page: int
    perPage: int
    first: str
    next: str | None = None
    prev: str | None = None
    items: list[T]


class ReviewSummary(BaseModel):
    id: str
    key: str
    title: str | None = None
    issued: str | None = None
    doi: str | None = None
    studyCount: int
    recordCount: int


class Comparison(BaseModel):
    """A statistic the review reports, beside what its records give: the check the ingest
    computed (`api/queries/review-checks.rq`)."""

    reportedStatistic: Ref
    check: str | None = Field(None, description="The IRI of the check in the graph.")
    aboutVariable: str | None = None
    kind: str | None = Field(None, description="minimum, median, count …")
    category: str | None = None
    unit: str | None = None
    denominator: str | None = None
    asPrinted: str | None = None
    reported: float | None = None
    computed: float | None = Field(
        None, description="The value the records give; only when they determine it."
    )
    lowerBound: float | None = Field(
        None, description="The lowest value the statistic can take whatever the unknowns are."
    )
    upperBound: float | None = Field(
        None, description="The highest value the statistic can take whatever the unknowns are."
    )
    knownCount: int | None = Field(None, description="Studies or records with a known value.")
    consideredCount: int | None = Field(None, description="Studies or records it is over.")
    supplementaryInputCount: int | None = Field(
        None, description="Known values from the supplementary graph, not the review's own."
    )
    tolerance: float | None = Field(None, description="Half a unit of the printed last digit.")
    status: str | None = Field(
        None, description="agrees, disagrees, not verifiable (inputs missing) or not checkable."
    )
    basis: str | None = Field(None, description="The check in one sentence.")
    agrees: bool | None = Field(
        None, description="True when the status is agrees, false when disagrees, else absent."
    )


class ReviewDetail(Resource):
    searchSources: list[Resource] = Field(default_factory=list)
    stages: list[Resource] = Field(default_factory=list)
    prisma: list[Resource] = Field(default_factory=list)
    criteria: list[Resource] = Field(default_factory=list)
    statistics: list[Resource] = Field(default_factory=list)
    statements: list[Resource] = Field(default_factory=list)
    comparisons: list[Comparison] = Field(default_factory=list)
    countries: dict[str, int] = Field(
        default_factory=dict, description="Studies per country (ISO code) in the data."
    )


class Inconsistency(BaseModel):
    """Where a review contradicts itself: a curator's note (inconsistencies.csv) or a failed
    check computed at ingest, with what it concerns."""

    id: str
    type: list[str] = Field(default_factory=list)
    key: str
    review: str
    origin: Literal["curated", "computed"] = Field(
        description="curated (the review folder's curator) or computed (spkg's checks)"
    )
    kind: str | None = Field(None, description="arithmetic, count, naming, citation or method")
    inconsistencyKind: str | None = Field(None, description="The kind as an ontology term.")
    explanation: str | None = None
    targets: list[Ref] = Field(
        default_factory=list,
        description="The statistics, themes, records, statements and stages it concerns.",
    )
    passage: str | None = Field(None, description="The passage it concerns, as printed.")


class StudySummary(BaseModel):
    id: str
    key: str
    review: str
    label: str | None = None
    countryCode: str | None = None
    sampleSize: int | None = None
    olderAdultsOnly: bool | None = None
    citationNumbers: list[int] = Field(default_factory=list)
    firstYear: int | None = None
    lastYear: int | None = None


class ValueSource(BaseModel):
    graph: str | None = Field(None, description="reported, supplementary or inferred")
    sourceKind: str | None = None
    note: str | None = None


class Completeness(BaseModel):
    """How much of the schema's study, sample and record fields the extraction filled."""

    completeness: float = Field(description="Share of fields with a value, 0–1.")
    fieldsFilled: int
    fieldsTotal: int
    missing: list[str] = Field(default_factory=list, description="file.csv:column left empty")


class ThemeLink(BaseModel):
    theme: Ref
    record: Ref
    evidence: list[str]


class QuoteSummary(BaseModel):
    id: str
    key: str | None = None
    text: str
    kind: str | None = None
    kindCertain: bool | None = None
    position: int | None = None
    theme: Ref | None = None
    record: Ref | None = None
    study: Ref | None = None
    speakerGender: str | None = None
    speakerRole: Ref | None = None
    speakerAgeLabel: str | None = None
    speakerAgeMin: int | None = None
    speakerAgeMax: int | None = None


class StudyDetail(Resource):
    sample: Resource | None = None
    records: list[Resource] = Field(default_factory=list)
    interventions: list[Resource] = Field(default_factory=list)
    themesSupported: list[ThemeLink] = Field(default_factory=list)
    quotes: list[QuoteSummary] = Field(default_factory=list)
    completeness: Completeness
    valueSources: dict[str, dict[str, ValueSource]] = Field(
        default_factory=dict,
        description="Per resource (study, sample, record …) and key: where the value comes from.",
    )


class ThemeSummary(BaseModel):
    id: str
    key: str
    review: str
    label: str | None = None
    definition: str | None = None
    position: int | None = None
    broader: str | None = None
    level: str | None = None
    levelLabel: str | None = None
    recordCount: int = 0
    quoteCount: int = 0
    subthemes: list[ThemeSummary] = Field(default_factory=list)


class ThemeDetail(Resource):
    subthemes: list[ThemeSummary] = Field(default_factory=list)
    supportingRecords: list[Ref] = Field(default_factory=list)
    supportingStudies: list[Ref] = Field(default_factory=list)
    quotes: list[QuoteSummary] = Field(default_factory=list)


class InterventionSummary(BaseModel):
    id: str
    key: str
    review: str
    label: str | None = None
    interventionType: Ref | None = None
    study: Ref
    deliveryMode: str | None = None
    hasLinkWorker: bool | None = None


class InterventionDetail(Resource):
    activities: list[Resource] = Field(default_factory=list)


class MeasureSummary(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    id: str
    review: str
    instrument: Ref
    construct_: str | None = Field(None, alias="construct")
    record: Ref
    study: Ref | None = None
    curatorNote: str | None = None


class EvidenceLink(BaseModel):
    """A theme ↔ intervention link and the evidence behind it."""

    theme: Ref
    intervention: Ref
    interventionType: Ref | None = None
    studies: list[Ref]
    records: list[Ref]
    quotes: list[Ref]
    studyCount: int
    recordCount: int
    quoteCount: int
    participants: int = Field(description="Sum of the sample sizes of the distinct studies.")


class EvidenceCell(BaseModel):
    theme: Ref
    interventionType: Ref
    studyCount: int
    recordCount: int
    quoteCount: int
    interventionCount: int
    links: dict[str, str] = Field(description="Where to drill down.")


class EvidenceMap(BaseModel):
    """A theme × intervention-type map. One review's map is whole; the map across reviews is
    paged by cells (reviews in key order), with the paging fields of a list."""

    id: str
    themes: list[Ref]
    interventionTypes: list[Ref]
    cells: list[EvidenceCell]
    total: int | None = None
    page: int | None = None
    perPage: int | None = None
    first: str | None = None
    next: str | None = None
    prev: str | None = None


class RelatedTheme(BaseModel):
    """A theme of another review a curator aligned with this one, read from this theme's side
    (`this predicate other`: broadMatch and narrowMatch swap when the file states it the other
    way round)."""

    id: str
    label: str | None = None
    review: str
    predicate: str = Field(
        description="skos:exactMatch, closeMatch, broadMatch, narrowMatch or relatedMatch"
    )
    statedAs: str = Field(description="`stated` (this theme is the file's subject) or `inverse`")
    justification: str
    curator: str
    curatorName: str | None = None
    date: str
    comment: str | None = None


class AcrossCluster(BaseModel):
    """Themes of several reviews joined by exactMatch/closeMatch (transitively), with the
    distinct studies behind them per intervention type (a study two reviews include counts once)."""

    id: str
    themes: list[Ref]
    reviews: list[str]
    cells: list[dict[str, Any]]
    studyCount: int


class EvidenceMapAcross(BaseModel):
    id: str
    interventionTypes: list[Ref]
    clusters: list[AcrossCluster]


def dump(model: BaseModel) -> dict[str, Any]:
    """The JSON form of a model, unset values left out."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)
