"""The explorer: server-rendered pages over the same data functions as the JSON API."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from kodoku_graph.api import data
from kodoku_graph.api.deps import GraphDep, SettingsDep, StoreDep
from kodoku_graph.api.tables import csv_response
from kodoku_graph.errors import NotFoundError
from kodoku_graph.graph.export import counts
from kodoku_graph.settings import Settings
from kodoku_graph.viz.neighbourhood import (
    COLORS,
    LABEL_JA,
    View,
    ministry_network,
    node_label,
    node_url,
    node_view,
)

router = APIRouter(prefix="", include_in_schema=False, default_response_class=HTMLResponse)

Depth = Annotated[int, Query(ge=1, le=2, description="hops shown around the node (1–2)")]


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context)


def view_context(view: View) -> dict[str, Any]:
    return {
        "network": {"nodes": view.nodes, "edges": view.edges, "options": view.options},
        "legend": view.legend,
        "physics": view.physics,
    }


def render_node(
    request: Request,
    template: str,
    graph: Any,
    settings: Settings,
    center: str,
    depth: int,
    **context: Any,
) -> HTMLResponse:
    """A page centred on node ``center``: its neighbourhood view at ``depth`` and its
    neighbours table, plus the page's own ``context``."""
    view = node_view(graph, center, depth, physics_max_nodes=settings.viz_physics_max_nodes)
    return render(
        request, template, depth=depth, node_id=center, neighbours=neighbours(graph, center),
        **context, **view_context(view),
    )  # fmt: skip


def neighbours(graph: Any, nid: str) -> list[dict[str, Any]]:
    """The nodes one hop from ``nid``: edge type, direction, label, name, page and provenance."""
    if nid not in graph:
        raise NotFoundError(f"no node {nid!r}")
    out = []
    for direction, edges in (
        ("out", graph.out_edges(nid, data=True)),
        ("in", graph.in_edges(nid, data=True)),
    ):
        for s, t, d in edges:
            other = t if direction == "out" else s
            od = graph.nodes[other]
            out.append({
                "edge": d["type"], "direction": direction, "id": other, "label": od["label"],
                "label_ja": LABEL_JA.get(od["label"], od["label"]),
                "name": node_label(other, od).replace("\n", " "), "url": node_url(other, od),
                "edge_src": d.get("src", ""),
            })  # fmt: skip
    out.sort(key=lambda r: (r["edge"], r["direction"], r["label"], r["id"]))
    return out


@router.get("/")
def home(request: Request, store: StoreDep, graph: GraphDep):
    """Headline numbers, the unaddressed recommendations, the pillars and areas."""
    c = counts(graph)
    measures = data.measures(store)
    recs = data.recommendations(store)
    unaddressed = [r for r in recs if data.is_gap(r)]
    headline = [
        ("施策 measures", c["nodes"]["Measure"], "/explore/measures"),
        ("府省庁 ministries", c["nodes"]["Ministry"], "/explore/ministries"),
        (
            "複数府省庁の施策 shared measures",
            sum(1 for m in measures if len(m["ministries"] or []) > 1),
            "/explore/measures?shared=1",
        ),
        ("再掲 re-listings", c["edges"]["RELISTED_IN"], "/queries/relisted-measures"),
        ("府省庁の組 co-responsible pairs", c["edges"]["CO_RESPONSIBLE"], "/explore/ministries"),
        (
            "目標のある施策 measures with a target",
            sum(1 for m in measures if m["targets"]),
            "/explore/measures?has_target=true",
        ),
        ("提言 recommendations", len(recs), "/explore/recommendations"),
        ("未対応の提言 unaddressed", len(unaddressed), "/queries/unaddressed-recommendations"),
    ]
    return render(
        request, "home.html", title="孤独・孤立対策 graph", headline=headline,
        unaddressed=unaddressed[:100], unaddressed_total=len(unaddressed), pillars=data.pillars(store),
    )  # fmt: skip


@router.get("/explore/measures")
def measure_search(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    ministry: Annotated[str | None, Query(max_length=100)] = None,
    pillar: Annotated[int | None, Query(ge=1, le=4)] = None,
    area: Annotated[str | None, Query(max_length=10)] = None,
    has_target: bool | None = None,
    shared: Annotated[bool, Query(description="only measures of more than one ministry")] = False,
):
    """Search and filter the measures."""
    filters = {
        "q": q,
        "ministry": ministry,
        "pillar": pillar,
        "area": area,
        "has_target": has_target,
    }
    rows = data.measures(store, **filters)
    if shared:
        rows = [r for r in rows if len(r["ministries"] or []) > 1]
    given = {k: v for k, v in filters.items() if v not in (None, "")}
    csv = "/measures?" + urlencode({**given, "limit": 500, "format": "csv"})
    return render(
        request, "measures.html", title="施策 measures", rows=rows, q=q or "", filters=given,
        csv=csv, ministries=data.ministries(store),
    )  # fmt: skip


@router.get("/explore/measures/{no}")
def measure_page(
    request: Request,
    store: StoreDep,
    graph: GraphDep,
    settings: SettingsDep,
    no: int,
    depth: Depth = 1,
):
    """One measure: its properties, neighbours and neighbourhood view."""
    m = data.measure(store, no)
    return render_node(
        request, "measure.html", graph, settings, m["id"], depth,
        title=f"No.{no:03d} {m['name']}", m=m,
    )  # fmt: skip


@router.get("/explore/ministries")
def ministries_page(request: Request, store: StoreDep, graph: GraphDep):
    """Every ministry and the co-responsibility network."""
    view = ministry_network(graph)
    return render(
        request, "ministries.html", title="府省庁 ministries", rows=data.ministries(store),
        **view_context(view),
    )  # fmt: skip


@router.get("/explore/ministries/{name}")
def ministry_page(
    request: Request, store: StoreDep, graph: GraphDep, settings: SettingsDep,
    name: Annotated[str, Path(max_length=100)], depth: Depth = 1,
):  # fmt: skip
    """One ministry: its measures, co-responsible ministries and neighbourhood."""
    m = data.ministry(store, name)
    return render_node(
        request, "ministry.html", graph, settings, m["id"], depth, title=m["name"], m=m
    )  # fmt: skip


@router.get("/explore/recommendations")
def recommendations_page(request: Request, store: StoreDep, addressed: bool | None = None):
    """The recommendations, filtered by whether a measure addresses them."""
    rows = data.recommendations(store, addressed=addressed)
    csv = "/recommendations?" + urlencode(
        {
            **({} if addressed is None else {"addressed": str(addressed).lower()}),
            "limit": 500,
            "format": "csv",
        }
    )
    return render(
        request,
        "recommendations.html",
        title="提言 recommendations",
        rows=rows,
        csv=csv,
        addressed=addressed,
    )


@router.get("/explore/recommendations/{rec_id}")
def recommendation_page(
    request: Request, store: StoreDep, graph: GraphDep, settings: SettingsDep,
    rec_id: Annotated[str, Path(max_length=100)], depth: Depth = 1,
):  # fmt: skip
    """One recommendation with its neighbourhood."""
    r = data.recommendation(store, rec_id)
    return render_node(
        request, "recommendation.html", graph, settings, rec_id, depth, title=rec_id, r=r
    )  # fmt: skip


@router.get("/explore/nodes/{nid}")
def node_page(
    request: Request, graph: GraphDep, settings: SettingsDep,
    nid: Annotated[str, Path(max_length=100)], depth: Depth = 1,
):  # fmt: skip
    """Any node (pillar, policy area, target, theme, response) with its neighbourhood."""
    if nid not in graph:
        raise NotFoundError(f"no node {nid!r}")
    d = graph.nodes[nid]
    props = {k: v for k, v in d.items() if k != "label" and v not in (None, "", [])}
    return render_node(
        request, "node.html", graph, settings, nid, depth,
        title=f"{LABEL_JA.get(d['label'], d['label'])} {nid}", nid=nid, label=d["label"],
        props=props, color=COLORS.get(d["label"]),
    )  # fmt: skip


@router.get("/explore/nodes/{nid}/neighbours.csv", response_class=Response)
def neighbours_csv(graph: GraphDep, nid: Annotated[str, Path(max_length=100)]):
    """The neighbours table of any node as CSV."""
    rows = neighbours(graph, nid)
    cols = ["edge", "direction", "id", "label", "name", "url", "edge_src"]
    return csv_response(rows, cols, f"neighbours-{nid}")
