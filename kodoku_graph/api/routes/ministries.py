from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from kodoku_graph.api import data
from kodoku_graph.api.deps import StoreDep
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.models import ErrorBody, MinistryDetail, MinistryList, MinistrySummary
from kodoku_graph.api.tables import CSV_CONTENT, Format, FormatParam, csv_response

router = APIRouter(prefix="/ministries", tags=["ministries"], responses=ERROR_RESPONSES)


@router.get("", response_model=MinistryList, responses=CSV_CONTENT)
def list_ministries(store: StoreDep, format: FormatParam = Format.json):
    """Every ministry, most measures first, with its number of co-responsible ministries."""
    rows = data.ministries(store)
    if format is Format.csv:
        return csv_response(rows, list(MinistrySummary.model_fields), "ministries")
    return MinistryList(total=len(rows), items=rows)


@router.get("/{name}", response_model=MinistryDetail, responses={404: {"model": ErrorBody}})
def get_ministry(
    store: StoreDep,
    name: Annotated[str, Path(max_length=100, description="canonical name or alias")],
):
    """One ministry: its measures and the ministries it shares measures with."""
    return data.ministry(store, name)
