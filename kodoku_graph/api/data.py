"""What the API and the explorer read from the store: one function per resource.

Every statement is a catalog query (``kodoku_graph/queries/*.cypher``; those only the API
uses are marked ``internal``), so the same text serves the embedded store and Neo4j and
tests/test_neo4j.py runs each on both. Filters that need Japanese text matching (NFKC)
run in Python over the few hundred rows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kodoku_graph.errors import NotFoundError
from kodoku_graph.graph.model import EDGES, NODES
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.loaders.text import match_key, nfkc
from kodoku_graph.queries import Catalog
from kodoku_graph.queries import params as query_params
from kodoku_graph.queries.output import natural_key


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The query catalog (loaded once)."""
    return Catalog.load()


def rows(store: Store, query: str, /, **params: Any) -> list[dict[str, Any]]:
    """The rows of catalog query ``query`` with typed ``params``."""
    return catalog().run(store, query, params).records()


def _one(store: Store, name: str, params: dict[str, Any], what: str) -> dict[str, Any]:
    found = rows(store, name, **params)
    if not found:
        raise NotFoundError(f"no {what}")
    return found[0]


# --- any node ----------------------------------------------------------------------------


def node(store: Store, nid: str) -> dict[str, Any]:
    """Node ``nid`` of any label: ``label`` and every property of its label."""
    return _one(store, "node", {"id": nid}, f"node {nid!r}")["node"]


def neighbourhood(store: Store, nid: str, depth: int = 1) -> list[dict[str, Any]]:
    """The edges around ``nid`` (within ``depth`` hops, see the ``neighbourhood`` query):
    ``source``, ``target``, ``edge`` (its properties, ``type`` included), ``source_node``,
    ``target_node``; each edge once, sorted by type, source and target."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for r in rows(store, "neighbourhood", id=nid, depth=depth):
        key = (r["source"], r["target"], r["edge"]["type"], r["edge"]["src"] or "")
        if key not in seen:
            seen.add(key)
            out.append(r)
    out.sort(key=lambda r: (r["edge"]["type"], natural_key(r["source"]), natural_key(r["target"])))
    return out


def counts(store: Store) -> dict[str, dict[str, int]]:
    """Nodes per label and edges per type as the store holds them (every model label and
    type, zeros included)."""
    nodes = {r["label"]: r["nodes"] for r in rows(store, "node-counts")}
    edges = {r["type"]: r["edges"] for r in rows(store, "edge-counts")}
    return {
        "nodes": {label: nodes.get(label, 0) for label in NODES},
        "edges": {t: edges.get(t, 0) for t in EDGES},
    }


# --- measures ----------------------------------------------------------------------------


def measures(
    store: Store,
    *,
    ministry: str | None = None,
    pillar: int | None = None,
    area: str | None = None,
    has_target: bool | None = None,
    q: str | None = None,
) -> list[dict[str, Any]]:
    """Measures in lineup order, filtered.

    ``ministry`` is a canonical name or an alias (NFKC); ``area`` a PolicyArea id
    (``P3-4``) where the measure is defined or listed again; ``q`` words that must all
    occur in the name or summary (NFKC, case and spaces ignored).
    """
    found = rows(store, "measure-list")
    if ministry:
        name = resolve_ministry(store, ministry)
        found = [r for r in found if name in (r["ministries"] or [])]
    if pillar is not None:
        found = [r for r in found if r["pillar"] == pillar]
    if area:
        key = nfkc(area).upper()
        found = [r for r in found if r["defined_in"] == key or key in r["relisted_in"]]
    if has_target is not None:
        found = [r for r in found if (r["targets"] > 0) == has_target]
    if q and q.strip():
        words = [match_key(w) for w in nfkc(q).split(" ") if w]
        found = [
            r
            for r in found
            if all(w in match_key(f"{r['name']} {r['summary'] or ''}") for w in words)
        ]
    return found


def measure(store: Store, no: int) -> dict[str, Any]:
    """One measure with ministries, areas, targets and the recommendations it addresses."""
    m = _one(store, "measure-node", {"no": no}, f"measure No. {no} (the lineup has 1–143)")[
        "measure"
    ]
    m["responsible"] = rows(store, "measure-responsible", no=no)
    areas = rows(store, "measure-areas", no=no)
    m["defined_in"] = [_area(a) for a in areas if a["via"] == "LISTED_IN"]
    m["relisted_in"] = [_area(a) for a in areas if a["via"] == "RELISTED_IN"]
    m["targets"] = [r["target"] for r in rows(store, "measure-targets", no=no)]
    m["recommendations"] = rows(store, "measure-recommendations", no=no)
    return m


def _area(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "via"}


# --- ministries --------------------------------------------------------------------------


def ministries(store: Store) -> list[dict[str, Any]]:
    """Every ministry with its number of measures and of co-responsible ministries."""
    found = rows(store, "ministry-list")
    partners: dict[str, set[str]] = {}
    for p in rows(store, "ministry-pairs", name=""):
        partners.setdefault(p["a"], set()).add(p["b"])
        partners.setdefault(p["b"], set()).add(p["a"])
    for r in found:
        r["partners"] = len(partners.get(r["name"], ()))
    return found


def resolve_ministry(store: Store, text: str) -> str:
    """The canonical name of a ministry given by name or alias (the registry's matching,
    over the names and aliases the store holds: :mod:`kodoku_graph.queries.params`, which
    the CLI uses too); an unknown one is a :class:`NotFoundError` listing the known names."""
    return query_params.resolve_ministry(catalog(), store, text)


def ministry(store: Store, name: str) -> dict[str, Any]:
    """One ministry with its measures and the ministries it shares measures with."""
    canonical = resolve_ministry(store, name)
    m = _one(store, "ministry-node", {"name": canonical}, f"ministry {name!r}")["ministry"]
    m["measures"] = rows(store, "ministry-measures", name=canonical)
    pairs = rows(store, "ministry-pairs", name=canonical)
    m["co_responsible"] = sorted(
        (
            {
                "ministry": p["b"] if p["a"] == canonical else p["a"],
                "shared": p["shared"],
                "measures": sorted(p["measures"] or []),
            }
            for p in pairs
        ),
        key=lambda r: (-r["shared"], r["ministry"]),
    )
    return m


# --- pillars -----------------------------------------------------------------------------


def pillars(store: Store) -> list[dict[str, Any]]:
    """The plan's pillars, each with its policy areas and their measure counts."""
    found = [r["pillar"] for r in rows(store, "pillar-list")]
    areas = rows(store, "pillar-areas")
    for p in found:
        p["areas"] = [a for a in areas if a["pillar"] == p["no"]]
    return found


# --- recommendations ---------------------------------------------------------------------


def recommendations(
    store: Store,
    *,
    year: int | None = None,
    theme: int | None = None,
    status: str | None = None,
    addressed: bool | None = None,
    pillar: int | None = None,
    min_confidence: float | None = None,
) -> list[dict[str, Any]]:
    """Recommendations by year and id (natural order), filtered; ``addressed=False`` are
    those no measure addresses (no ADDRESSED_BY edge); ``pillar`` those that concern the
    pillar (CONCERNS); ``min_confidence`` those whose best measure or candidate has at
    least this confidence."""
    found = [
        {**r["recommendation"], "measures": r["measures"]}
        for r in rows(store, "recommendation-list")
    ]
    found.sort(key=lambda r: (r["year"], natural_key(r["id"])))
    if year is not None:
        found = [r for r in found if r["year"] == year]
    if theme is not None:
        found = [r for r in found if r["theme"] == theme]
    if status:
        key = match_key(status)
        found = [r for r in found if match_key(r["status"] or "") == key]
    if addressed is not None:
        found = [r for r in found if bool(r["measures"]) == addressed]
    if pillar is not None:
        concern = {r["id"] for r in rows(store, "pillar-recommendations", pillar=pillar)}
        found = [r for r in found if r["id"] in concern]
    if min_confidence is not None:
        found = [r for r in found if (r.get("confidence") or 0.0) >= min_confidence]
    return found


def theme_titles(store: Store) -> dict[int, str]:
    """A title for each theme (row of 参考２, which names none): the text of its earliest
    recommendation (by year, then id)."""
    out: dict[int, str] = {}
    for r in recommendations(store):
        if r["theme"] and r["theme"] not in out:
            out[r["theme"]] = (r["text"] or "").strip("・ 　")
    return out


def is_gap(r: dict[str, Any]) -> bool:
    """Whether a recommendation row is a gap: an item or ask that is responded or open."""
    return r.get("kind") in ("item", "ask") and r.get("status") in ("responded", "open")


def recommendation(store: Store, rec_id: str) -> dict[str, Any]:
    """One recommendation with its theme, the government's response, the measures that
    address it, the pillars it concerns and its follow-ups."""
    r = _one(store, "recommendation-node", {"id": rec_id}, f"recommendation {rec_id!r}")[
        "recommendation"
    ]
    themes = rows(store, "recommendation-theme", id=rec_id)
    r["theme_node"] = themes[0] if themes else None
    r["responses"] = rows(store, "recommendation-responses", id=rec_id)
    r["measures"] = rows(store, "recommendation-measures", id=rec_id)
    r["pillars"] = rows(store, "recommendation-pillars", id=rec_id)
    links = rows(store, "recommendation-follow-ups", id=rec_id)
    for direction in ("follows_up", "followed_by"):
        r[direction] = sorted(
            (x["id"] for x in links if x["direction"] == direction), key=natural_key
        )
    return r
