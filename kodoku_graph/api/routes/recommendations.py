from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kodoku_graph.api import data
from kodoku_graph.api.deps import SettingsDep, StoreDep
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.models import (
    ErrorBody,
    RecommendationDetail,
    RecommendationList,
    RecommendationSummary,
)
from kodoku_graph.api.tables import CSV_CONTENT, BomParam, Format, FormatParam, listing
from kodoku_graph.graph.model import RecommendationStatus

router = APIRouter(prefix="/recommendations", tags=["recommendations"], responses=ERROR_RESPONSES)


@router.get("", response_model=RecommendationList, responses=CSV_CONTENT)
def list_recommendations(
    store: StoreDep,
    settings: SettingsDep,
    year: Annotated[
        int | None, Query(ge=2021, le=2025, description="2021 (R3) … 2025 (R7)")
    ] = None,
    theme: Annotated[
        int | None, Query(ge=1, le=1000, description="row of the theme table (参考２)")
    ] = None,
    status: Annotated[
        RecommendationStatus | None,
        Query(
            description="addressed (a response or curated entry names a measure), "
            "likely_addressed (text evidence only), responded (an answer, no measure), open, "
            "not_an_ask (R7 background)"
        ),
    ] = None,
    min_confidence: Annotated[
        float | None,
        Query(
            ge=0.0, le=1.0, description="only those whose best measure or candidate is this sure"
        ),
    ] = None,
    addressed: Annotated[
        bool | None, Query(description="false: those no measure addresses")
    ] = None,
    pillar: Annotated[
        int | None, Query(ge=1, le=4, description="those concerning this pillar (1–4)")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    format: FormatParam = Format.json,
    bom: BomParam = False,
):
    """The ruling party's recommendations, by year, filtered."""
    rows = data.recommendations(
        store,
        year=year,
        theme=theme,
        status=status.value if status else None,
        addressed=addressed,
        pillar=pillar,
        min_confidence=min_confidence,
    )
    return listing(
        rows,
        limit=limit,
        offset=offset,
        settings=settings,
        format=format,
        item=RecommendationSummary,
        name="recommendations",
        model=RecommendationList,
        bom=bom,
    )


@router.get("/{rec_id}", response_model=RecommendationDetail, responses={404: {"model": ErrorBody}})
def get_recommendation(
    store: StoreDep, rec_id: Annotated[str, Path(max_length=100, description="e.g. R4-T12-1")]
):
    """One recommendation with its theme, response, addressing measures and follow-ups."""
    return data.recommendation(store, rec_id)
