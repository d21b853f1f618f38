from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kodoku_graph.api import data
from kodoku_graph.api.deps import SettingsDep, StoreDep
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.models import ErrorBody, MeasureDetail, MeasureList, MeasureSummary
from kodoku_graph.api.tables import CSV_CONTENT, BomParam, Format, FormatParam, listing

router = APIRouter(prefix="/measures", tags=["measures"], responses=ERROR_RESPONSES)


@router.get(
    "",
    response_model=MeasureList,
    responses={**CSV_CONTENT, 404: {"model": ErrorBody, "description": "unknown ministry"}},
)
def list_measures(
    store: StoreDep,
    settings: SettingsDep,
    ministry: Annotated[
        str | None, Query(max_length=100, description="canonical name or alias, e.g. 法務省")
    ] = None,
    pillar: Annotated[int | None, Query(ge=1, le=4)] = None,
    area: Annotated[
        str | None,
        Query(
            pattern=r"^[PpＰｐ][1-4１-４]-[1-9１-９]$",
            description="PolicyArea id, e.g. P3-4 (defined or listed again there)",
        ),
    ] = None,
    has_target: Annotated[
        bool | None,
        Query(description="only measures with (true) or without (false) a TargetMetric"),
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="words in the name or summary (NFKC-normalised)"),
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    format: FormatParam = Format.json,
    bom: BomParam = False,
):
    """The measures of the 2026 lineup, in order, filtered; CSV with ``format=csv``."""
    rows = data.measures(
        store, ministry=ministry, pillar=pillar, area=area, has_target=has_target, q=q
    )
    return listing(
        rows,
        limit=limit,
        offset=offset,
        settings=settings,
        format=format,
        item=MeasureSummary,
        name="measures",
        model=MeasureList,
        bom=bom,
    )


@router.get("/{no}", response_model=MeasureDetail, responses={404: {"model": ErrorBody}})
def get_measure(
    store: StoreDep,
    no: Annotated[int, Path(ge=-(2**63), le=2**63 - 1, description="measure number (1–143)")],
):
    """One measure with its ministries, areas, targets and addressing recommendations."""
    return data.measure(store, no)
