from __future__ import annotations

from fastapi import APIRouter

from kodoku_graph.api import data
from kodoku_graph.api.deps import StoreDep
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.models import PillarList
from kodoku_graph.api.tables import CSV_CONTENT, Format, FormatParam, csv_response

router = APIRouter(prefix="/pillars", tags=["pillars"], responses=ERROR_RESPONSES)


@router.get("", response_model=PillarList, responses=CSV_CONTENT)
def list_pillars(store: StoreDep, format: FormatParam = Format.json):
    """The plan's four pillars with their policy areas and measure counts
    (CSV: one row per area)."""
    rows = data.pillars(store)
    if format is Format.csv:
        flat = [
            {
                "pillar": p["no"],
                "pillar_title": p["title"],
                **{k: a[k] for k in ("id", "area", "title", "listed", "relisted", "src")},
            }
            for p in rows
            for a in p["areas"]
        ]
        return csv_response(
            flat,
            ["pillar", "pillar_title", "id", "area", "title", "listed", "relisted", "src"],
            "pillars",
        )
    return PillarList(total=len(rows), items=rows)
