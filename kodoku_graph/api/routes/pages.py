"""The explorer: server-rendered pages over the same data functions as the JSON API."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from kodoku_graph.api import data
from kodoku_graph.api.deps import CatalogDep, SettingsDep, StoreDep
from kodoku_graph.api.routes.reviews import review_context
from kodoku_graph.api.tables import csv_response
from kodoku_graph.errors import NotFoundError
from kodoku_graph.graph.model import RecommendationStatus
from kodoku_graph.queries.output import natural_sorted, order_columns
from kodoku_graph.queries.params import check_params
from kodoku_graph.settings import Settings
from kodoku_graph.viz.neighbourhood import (
    COLORS,
    LABEL_JA,
    View,
    ministry_network,
    node_label,
    node_url,
    node_view,
    short,
)

router = APIRouter(prefix="", include_in_schema=False, default_response_class=HTMLResponse)

Depth = Annotated[int, Query(ge=1, le=2, description="hops shown around the node (1–2)")]


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context)


def view_context(view: View) -> dict[str, Any]:
    return {
        "network": {
            "nodes": view.nodes,
            "edges": view.edges,
            "options": view.options,
            "clusters": view.clusters,
        },
        "legend": view.legend,
        "physics": view.physics,
    }


def render_node(
    request: Request,
    template: str,
    store: Any,
    settings: Settings,
    center: str,
    depth: int,
    **context: Any,
) -> HTMLResponse:
    """A page centred on node ``center``: its neighbourhood view at ``depth`` and its
    neighbours table (both read from the store), plus the page's own ``context``."""
    node = data.node(store, center)
    around = data.neighbourhood(store, center, depth)
    view = node_view(node, around, depth, physics_max_nodes=settings.viz_physics_max_nodes)
    near = around if depth == 1 else data.neighbourhood(store, center, 1)
    return render(
        request, template, depth=depth, node_id=center, neighbours=neighbours(center, near),
        **context, **view_context(view),
    )  # fmt: skip


def neighbours(nid: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nodes one hop from ``nid`` (from the ``neighbourhood`` rows at depth 1): edge
    type, direction, label, name, page and provenance."""
    out = []
    for r in rows:
        if nid not in (r["source"], r["target"]):
            continue
        direction = "out" if r["source"] == nid else "in"
        other = r["target_node"] if direction == "out" else r["source_node"]
        label = other.get("label") or ""
        out.append({
            "edge": r["edge"]["type"], "direction": direction, "id": other["id"], "label": label,
            "label_ja": LABEL_JA.get(label, label),
            "name": node_label(other["id"], other).replace("\n", " "),
            "url": node_url(other["id"], other), "edge_src": r["edge"].get("src") or "",
        })  # fmt: skip
    out.sort(key=lambda r: (r["edge"], r["direction"], r["label"], data.natural_key(r["id"])))
    return out


@router.get("/")
def home(request: Request, store: StoreDep):
    """Headline numbers, the unaddressed recommendations, the pillars and areas."""
    c = data.counts(store)
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
    settings: SettingsDep,
    no: int,
    depth: Depth = 1,
):
    """One measure: its properties, neighbours and neighbourhood view."""
    m = data.measure(store, no)
    return render_node(
        request, "measure.html", store, settings, m["id"], depth,
        title=f"No.{no:03d} {m['name']}", m=m,
    )  # fmt: skip


@router.get("/explore/ministries")
def ministries_page(
    request: Request,
    store: StoreDep,
    links: Annotated[
        int, Query(ge=0, le=20, description="strongest links shown per ministry; 0 for all")
    ] = 2,
):
    """Every ministry and the cross-ministry network (its backbone first)."""
    view = ministry_network_view(store, links)
    return render(
        request, "ministries.html", title="府省庁ネットワーク ministry network",
        rows=data.ministries(store), links=links, **view_context(view),
    )  # fmt: skip


def ministry_network_view(store: Any, links: int) -> View:
    """The network of the ``ministry-network`` and ``ministry-links`` queries, with the
    names of what each pair shares."""
    run = data.rows
    link_rows = run(store, "ministry-links", ministry="")
    councils = sorted({c for r in link_rows for c in r["councils"] or []})
    return ministry_network(
        run(store, "ministry-network", community=0),
        link_rows,
        show=links,
        measure_names={m["no"]: m["name"] for m in data.measures(store)},
        recommendation_texts={r["id"]: r["text"] or "" for r in data.recommendations(store)},
        council_names={c: data.node(store, c).get("name") or c for c in councils},
    )


@router.get("/explore/ministries/{name}")
def ministry_page(
    request: Request, store: StoreDep, settings: SettingsDep,
    name: Annotated[str, Path(max_length=100)], depth: Depth = 1,
):  # fmt: skip
    """One ministry: its measures, co-responsible ministries and neighbourhood."""
    m = data.ministry(store, name)
    return render_node(
        request, "ministry.html", store, settings, m["id"], depth, title=m["name"], m=m
    )  # fmt: skip


@router.get("/explore/recommendations")
def recommendations_page(
    request: Request,
    store: StoreDep,
    year: Annotated[str | None, Query(max_length=4, pattern=r"^(202[1-5])?$")] = None,
    status: Annotated[RecommendationStatus | Literal[""] | None, Query()] = None,
    theme: Annotated[str | None, Query(max_length=4, pattern=r"^\d*$")] = None,
    pillar: Annotated[str | None, Query(pattern=r"^[1-4]?$")] = None,
    addressed: Annotated[str | None, Query(pattern=r"^(true|false)?$")] = None,
):
    """The recommendations, filtered by year, status, theme, pillar and whether a measure
    addresses them (the form's choices are in the URL: a filtered page can be shared; an
    empty field of the form means "all")."""

    def number(text: str | None) -> int | None:
        return int(text) if text else None

    return _recommendations(
        request, store, year=number(year), status=status or None, theme=number(theme),
        pillar=number(pillar), addressed={"true": True, "false": False}.get(addressed or ""),
    )  # fmt: skip


def _recommendations(
    request: Request,
    store: Any,
    *,
    year: int | None,
    status: str | None,
    theme: int | None,
    pillar: int | None,
    addressed: bool | None,
) -> HTMLResponse:
    filters = {
        "year": year, "status": status, "theme": theme,
        "pillar": pillar, "addressed": addressed,
    }  # fmt: skip
    rows = data.recommendations(store, **filters)
    given = {
        k: (str(v).lower() if isinstance(v, bool) else v)
        for k, v in filters.items()
        if v not in (None, "")
    }
    csv = "/recommendations?" + urlencode({**given, "format": "csv"})
    return render(
        request, "recommendations.html", title="提言 recommendations", rows=rows, csv=csv,
        excel=csv + "&bom=1", json_url="/recommendations?" + urlencode({**given, "limit": 500}),
        filters=given, addressed=addressed, titles=data.theme_titles(store),
        statuses=[s.value for s in RecommendationStatus], years=range(2021, 2026),
        pillars=data.pillars(store),
    )  # fmt: skip


@router.get("/explore/themes/{row}")
def theme_page(request: Request, store: StoreDep, row: Annotated[int, Path(ge=1, le=1000)]):
    """One theme of 参考２ across the years R3→R7: each year's recommendations, the
    measures linked to them, and the government's response."""
    lineage = data.rows(store, "recommendation-lineage", theme=row)
    if not lineage:
        raise NotFoundError(f"no theme {row} (参考２ has rows 1–70)")
    title = data.theme_titles(store).get(row, "")
    years: dict[int, list[dict[str, Any]]] = {}
    for r in sorted(lineage, key=lambda r: (r["year"], data.natural_key(r["id"]))):
        years.setdefault(r["year"], []).append(r)
    return render(
        request, "theme.html", title=f"提言テーマ T{row} {short(title, 40)}", row=row,
        theme_title=title, years=years, response=lineage[0]["response"],
    )  # fmt: skip


@router.get("/explore/queries")
def queries_page(request: Request, catalog: CatalogDep):
    """Every catalog query, public first, with its parameters."""
    items = sorted(catalog.queries.values(), key=lambda q: (q.internal, q.name))
    return render(request, "queries.html", title="クエリ catalog queries", items=items)


@router.get("/explore/queries/{name}")
def query_page(
    request: Request,
    store: StoreDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    name: Annotated[str, Path(max_length=100)],
):
    """A form for the query's typed parameters (filled from the URL, else its first
    example), the result table, and JSON/CSV links for the same parameters."""
    query = catalog.get(name)
    given = {k: v for k, v in request.query_params.items() if k in {p.name for p in query.params}}
    values = given if given else dict(query.examples[0])
    bound = check_params(catalog, store, query.name, values)
    result = catalog.run(store, query.name, bound, timeout_ms=settings.query_timeout_ms)
    result = natural_sorted(result, order_columns(query.text, result.columns))
    qs = urlencode(values)
    return render(
        request, "query.html", title=f"クエリ {query.name}", query=query, values=values,
        result=result.records(), columns=result.columns,
        json_url=f"/queries/{quote(query.name)}?{qs}",
        csv_url=f"/queries/{quote(query.name)}?{urlencode({**values, 'format': 'csv'})}",
        excel_url=f"/queries/{quote(query.name)}?{urlencode({**values, 'format': 'csv', 'bom': 1})}",
    )  # fmt: skip


@router.get("/explore/recommendations/{rec_id}")
def recommendation_page(
    request: Request, store: StoreDep, settings: SettingsDep,
    rec_id: Annotated[str, Path(max_length=100)], depth: Depth = 1,
):  # fmt: skip
    """One recommendation with its neighbourhood (and, with reviewing on, its candidate
    links with accept/reject buttons and an "add a measure" form)."""
    r = data.recommendation(store, rec_id)
    review = review_context(request, settings)
    candidates = (
        data.rows(store, "recommendation-candidates", id=rec_id) if review["review_on"] else []
    )
    return render_node(
        request, "recommendation.html", store, settings, rec_id, depth, title=rec_id, r=r,
        theme_titles=data.theme_titles(store), candidates=candidates, **review,
    )  # fmt: skip


@router.get("/explore/nodes/{nid}")
def node_page(
    request: Request, store: StoreDep, settings: SettingsDep,
    nid: Annotated[str, Path(max_length=100)], depth: Depth = 1,
):  # fmt: skip
    """Any node (pillar, policy area, target, theme, response) with its neighbourhood."""
    d = data.node(store, nid)
    label = d.get("label") or ""
    props = {k: v for k, v in d.items() if k not in ("id", "label") and v not in (None, "", [])}
    return render_node(
        request, "node.html", store, settings, nid, depth,
        title=f"{LABEL_JA.get(label, label)} {nid}", nid=nid, label=label,
        props=props, color=COLORS.get(label),
    )  # fmt: skip


@router.get("/explore/nodes/{nid}/neighbours.csv", response_class=Response)
def neighbours_csv(store: StoreDep, nid: Annotated[str, Path(max_length=100)]):
    """The neighbours table of any node as CSV."""
    data.node(store, nid)  # 404 for an unknown id
    rows = neighbours(nid, data.neighbourhood(store, nid, 1))
    cols = ["edge", "direction", "id", "label", "name", "url", "edge_src"]
    return csv_response(rows, cols, f"neighbours-{nid}")
