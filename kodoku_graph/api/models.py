"""The API's public response models (what the OpenAPI schema documents)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StrictBool, StrictStr, field_validator

# --- errors ------------------------------------------------------------------------------


class ErrorItem(BaseModel):
    """One problem with a request parameter."""

    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    """Every error answer: ``{"ok": false, "status", "code", "message"[, "errors"]}``."""

    ok: bool = False
    status: int
    code: str
    message: str
    errors: list[ErrorItem] | None = None


# --- shared ------------------------------------------------------------------------------


class Page(BaseModel):
    """Paging of a list resource: the total before ``limit``/``offset`` were applied."""

    total: int
    limit: int
    offset: int


class MeasureRef(BaseModel):
    no: int
    id: str
    name: str


# --- measures ----------------------------------------------------------------------------


class MeasureSummary(BaseModel):
    """A measure in a list."""

    id: str = Field(examples=["M127"])
    no: int
    name: str
    ministries: list[str]
    pillar: int
    defined_in: str = Field(description="PolicyArea id where the measure is defined, e.g. P3-4")
    relisted_in: list[str] = Field(description="PolicyArea ids where it is listed again (再掲)")
    targets: int = Field(description="number of TargetMetric nodes (HAS_TARGET)")
    summary: str | None
    page: int | None
    src: str


class MeasureList(Page):
    items: list[MeasureSummary]


class Responsible(BaseModel):
    name: str
    position: int = Field(description="position in the measure's 【…】 list (1-based)")


class AreaRef(BaseModel):
    id: str
    pillar: int
    area: int
    title: str
    pillar_title: str


class TargetMetricOut(BaseModel):
    id: str
    src: str
    text: str | None
    value: float | None
    unit: str | None
    deadline_fy: int | None
    kind: str | None = Field(None, description="always target (baselines/actuals: ReportedFigure)")
    comparator: str | None = Field(None, description="以上 | 以下 | 程度 | 未満")
    annual: bool | None = Field(None, description="recurring (毎年, 令和N年度以降…年間)")
    start_fy: int | None = Field(None, description="first fiscal year of an annual target")
    column: str | None = Field(None, description="goal | review: the 002 column it stands in")
    line: int | None = Field(None, description="line of 002")
    span: str | None = Field(None, description="the exact clause around the number")
    qualitative: str | None = Field(None, description="original wording of a share")
    actual: float | None = Field(None, description="latest actual reported for it")
    actual_unit: str | None = None
    actual_year: int | None = Field(None, description="fiscal year the actual is of")
    achieved: bool | None = Field(None, description="the report says it was (not) reached")
    met: bool | None = Field(None, description="the actual reaches the value (computed)")


class AddressingRecommendation(BaseModel):
    id: str
    year: int | None
    text: str | None
    method: str | None
    score: float | None


class MeasureDetail(BaseModel):
    """One measure with its neighbours."""

    id: str
    no: int
    name: str
    ministries: list[str]
    page: int | None
    pillar: int | None
    area: int | None
    components: list[str] | None
    fy2024_no: int | None
    summary: str | None
    goal: str | None
    achievement: str | None
    review: str | None
    url: str | None
    url_broken: bool | None = Field(None, description="the URL still looks broken")
    url_raw: str | None = Field(None, description="the URL cell as printed")
    summary_quality: str | None = Field(None, description="clean | fragment | garbled | empty")
    goal_quality: str | None = None
    achievement_quality: str | None = None
    review_quality: str | None = None
    src: str
    responsible: list[Responsible]
    defined_in: list[AreaRef]
    relisted_in: list[AreaRef]
    targets: list[TargetMetricOut]
    recommendations: list[AddressingRecommendation]


# --- ministries --------------------------------------------------------------------------


class MinistrySummary(BaseModel):
    name: str
    kind: str | None
    aliases: list[str]
    measures: int
    partners: int = Field(description="ministries it shares at least one measure with")
    src: str


class MinistryList(BaseModel):
    total: int
    items: list[MinistrySummary]


class MinistryMeasure(MeasureRef):
    position: int
    ministries: list[str]


class CoResponsible(BaseModel):
    ministry: str
    shared: int
    measures: list[int]


class MinistryDetail(BaseModel):
    id: str
    name: str
    kind: str | None
    aliases: list[str]
    src: str
    measures: list[MinistryMeasure]
    co_responsible: list[CoResponsible]


# --- pillars -----------------------------------------------------------------------------


class AreaOut(BaseModel):
    id: str
    area: int
    title: str
    listed: int
    relisted: int
    src: str


class PillarOut(BaseModel):
    id: str
    no: int
    title: str
    src: str
    areas: list[AreaOut]


class PillarList(BaseModel):
    total: int
    items: list[PillarOut]


# --- recommendations ---------------------------------------------------------------------


class RecommendationSummary(BaseModel):
    id: str
    reiwa: int | None
    year: int | None
    theme: int | None
    text: str | None
    section: str | None
    status: str | None
    src: str
    measures: list[int] = Field(description="numbers of the measures that address it")
    kind: str | None = Field(
        None, description="item, ask, proposal (split into asks) or background"
    )
    parent: str | None = Field(None, description="the proposal of an R7 ask")
    best_measure: str | None = Field(
        None, description="the best linked measure, or for a gap its best candidate"
    )
    confidence: float | None = Field(None, description="calibrated confidence 0–1 of best_measure")
    best_evidence: str | None = None
    gap_reason: str | None = Field(
        None,
        description="why it is a gap: no candidate, below threshold, no measure in the "
        "lineup, kind: organisation/legislation/international/tax/other; 'not an ask'; '' "
        "when addressed",
    )


class RecommendationList(Page):
    items: list[RecommendationSummary]


class ThemeOut(BaseModel):
    id: str
    row: int | None
    response: str | None


class ResponseOut(BaseModel):
    id: str
    text: str | None
    src: str


class AddressedBy(BaseModel):
    no: int
    name: str
    method: str | None
    score: float | None
    evidence: str | None


class PillarConcern(BaseModel):
    no: int
    title: str
    via: str | None


class RecommendationDetail(RecommendationSummary):
    theme_node: ThemeOut | None
    responses: list[ResponseOut]
    pillars: list[PillarConcern]
    follows_up: list[str]
    followed_by: list[str]
    measures: list[AddressedBy]  # type: ignore[assignment]


# --- queries -----------------------------------------------------------------------------


class ParamOut(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    doc: str


class QueryInfo(BaseModel):
    name: str
    description: str
    params: list[ParamOut]
    columns: list[str]
    examples: list[dict[str, str]]
    internal: bool = False


class QueryCatalog(BaseModel):
    total: int
    items: list[QueryInfo]


class QueryRows(BaseModel):
    """Rows of a query: ``rows`` are objects keyed by column."""

    name: str | None = None
    columns: list[str]
    rows: list[dict[str, Any]]
    count: int
    truncated: bool = False


Int64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
Scalar = StrictBool | Int64 | float | StrictStr


class CypherRequest(BaseModel):
    """A read-only Cypher statement with parameters."""

    cypher: str = Field(
        min_length=1,
        max_length=20000,
        examples=["MATCH (m:Measure {no: $no}) RETURN m.name AS name"],
    )
    params: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict, examples=[{"no": 127}])
    limit: int | None = Field(default=None, ge=1, description="row limit (at most the server's)")
    timeout_ms: int | None = Field(
        default=None,
        ge=100,
        description="time limit in ms (at least 100: a worker process answers; at most the"
        " server's)",
    )

    @field_validator("params", mode="before")
    @classmethod
    def _int64(cls, value: Any) -> Any:
        """An integer beyond INT64 is refused (422), not silently turned into a float."""
        for key, item in value.items() if isinstance(value, dict) else ():
            for x in item if isinstance(item, list) else [item]:
                if isinstance(x, int) and not isinstance(x, bool) and not -(2**63) <= x < 2**63:
                    raise ValueError(f"parameter {key}: an integer beyond the 64-bit range")
        return value


class Health(BaseModel):
    status: str
    backend: str
    version: str
    queries: int
    nodes: dict[str, int]
    edges: dict[str, int]
