"""What the API and the explorer read from the store: one function per resource.

Every function takes a :class:`~kodoku_graph.graph.stores.base.Store` and runs plain Cypher of
the common subset (no ``labels()``, ``type()`` or ``toString()``), so the same code serves
the embedded store and Neo4j. Filters that need Japanese text matching (NFKC) run in
Python over the few hundred rows.
"""

from __future__ import annotations

from typing import Any

from kodoku_graph.errors import NotFoundError
from kodoku_graph.graph.model import NODES
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.loaders.text import match_key, nfkc


def returns(label: str, var: str) -> str:
    """A RETURN list of every property of ``label`` (``id``, ``src`` and the model's).

    >>> returns("Pillar", "p")
    'p.id AS id, p.src AS src, p.`no` AS `no`, p.`title` AS `title`'
    """
    props = ["id", "src"] + [f"`{p}`" for p in NODES[label].props]
    return ", ".join(f"{var}.{p} AS {p}" for p in props)


def _one(store: Store, cypher: str, params: dict[str, Any], what: str) -> dict[str, Any]:
    rows = store.run(cypher, params).records()
    if not rows:
        raise NotFoundError(f"no {what}")
    return rows[0]


# --- measures ----------------------------------------------------------------------------

MEASURES = """
MATCH (m:Measure)-[:LISTED_IN]->(home:PolicyArea)
OPTIONAL MATCH (m)-[:HAS_TARGET]->(t:TargetMetric)
WITH m, home, count(t) AS targets
OPTIONAL MATCH (m)-[:RELISTED_IN]->(a:PolicyArea)
WITH m, home, targets, a
ORDER BY a.id
SKIP 0
WITH m, home, targets, collect(a.id) AS relisted_in
RETURN m.id AS id, m.no AS no, m.name AS name, m.ministries AS ministries,
       home.pillar AS pillar, home.id AS defined_in, relisted_in, targets,
       m.summary AS summary, m.page AS page, m.src AS src
ORDER BY no
"""


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
    rows = store.run(MEASURES).records()
    if ministry:
        name = resolve_ministry(store, ministry)
        rows = [r for r in rows if name in (r["ministries"] or [])]
    if pillar is not None:
        rows = [r for r in rows if r["pillar"] == pillar]
    if area:
        key = nfkc(area).upper()
        rows = [r for r in rows if r["defined_in"] == key or key in r["relisted_in"]]
    if has_target is not None:
        rows = [r for r in rows if (r["targets"] > 0) == has_target]
    if q and q.strip():
        words = [match_key(w) for w in nfkc(q).split(" ") if w]
        rows = [
            r
            for r in rows
            if all(w in match_key(f"{r['name']} {r['summary'] or ''}") for w in words)
        ]
    return rows


def measure(store: Store, no: int) -> dict[str, Any]:
    """One measure with ministries, areas, targets and the recommendations it addresses."""
    m = _one(
        store,
        f"MATCH (m:Measure {{no: $no}}) RETURN {returns('Measure', 'm')}",
        {"no": no},
        f"measure No. {no} (the lineup has 1–143)",
    )
    p = {"no": no}
    m["responsible"] = store.run(
        "MATCH (mi:Ministry)-[r:RESPONSIBLE_FOR]->(m:Measure {no: $no}) "
        "RETURN mi.name AS name, r.`order` AS position ORDER BY position, name",
        p,
    ).records()
    m["defined_in"] = _areas(store, "LISTED_IN", no)
    m["relisted_in"] = _areas(store, "RELISTED_IN", no)
    m["targets"] = store.run(
        f"MATCH (m:Measure {{no: $no}})-[:HAS_TARGET]->(t:TargetMetric) "
        f"RETURN {returns('TargetMetric', 't')} ORDER BY id",
        p,
    ).records()
    m["recommendations"] = store.run(
        "MATCH (r:Recommendation)-[e:ADDRESSED_BY]->(m:Measure {no: $no}) "
        "RETURN r.id AS id, r.year AS year, r.text AS text, e.method AS method, e.score AS score "
        "ORDER BY year, id",
        p,
    ).records()
    return m


def _areas(store: Store, edge: str, no: int) -> list[dict[str, Any]]:
    return store.run(
        f"MATCH (m:Measure {{no: $no}})-[:{edge}]->(a:PolicyArea)-[:IN_PILLAR]->(p:Pillar) "
        "RETURN a.id AS id, a.pillar AS pillar, a.area AS area, a.title AS title, "
        "p.title AS pillar_title ORDER BY id",
        {"no": no},
    ).records()


# --- ministries --------------------------------------------------------------------------

MINISTRIES = """
MATCH (mi:Ministry)
OPTIONAL MATCH (mi)-[:RESPONSIBLE_FOR]->(m:Measure)
WITH mi, count(m) AS measures
RETURN mi.name AS name, mi.kind AS kind, mi.aliases AS aliases, measures, mi.src AS src
ORDER BY measures DESC, name
"""


def ministries(store: Store) -> list[dict[str, Any]]:
    """Every ministry with its number of measures and of co-responsible ministries."""
    rows = store.run(MINISTRIES).records()
    pairs = store.run(
        "MATCH (a:Ministry)-[:CO_RESPONSIBLE]->(b:Ministry) RETURN a.name AS a, b.name AS b"
    ).records()
    partners: dict[str, set[str]] = {}
    for p in pairs:
        partners.setdefault(p["a"], set()).add(p["b"])
        partners.setdefault(p["b"], set()).add(p["a"])
    for r in rows:
        r["partners"] = len(partners.get(r["name"], ()))
    return rows


def resolve_ministry(store: Store, text: str) -> str:
    """The canonical name of a ministry given by name or alias (the registry's matching,
    over the names and aliases the store holds); an unknown one is a
    :class:`NotFoundError` listing the known names."""
    rows = store.run("MATCH (mi:Ministry) RETURN mi.name AS name, mi.aliases AS aliases").records()
    registry = MinistryRegistry(
        canonical=[r["name"] for r in rows],
        kinds={},
        aliases={r["name"]: r["aliases"] or [] for r in rows},
    )
    name = registry.resolve(text)
    if name is None:
        known = ", ".join(sorted(registry.canonical))
        raise NotFoundError(f"unknown ministry {text!r}; known ministries: {known}")
    return name


def ministry(store: Store, name: str) -> dict[str, Any]:
    """One ministry with its measures and the ministries it shares measures with."""
    canonical = resolve_ministry(store, name)
    m = _one(
        store,
        f"MATCH (mi:Ministry {{name: $name}}) RETURN {returns('Ministry', 'mi')}",
        {"name": canonical},
        f"ministry {name!r}",
    )
    m["measures"] = store.run(
        "MATCH (mi:Ministry {name: $name})-[r:RESPONSIBLE_FOR]->(m:Measure) "
        "RETURN m.no AS no, m.id AS id, m.name AS name, r.`order` AS position, "
        "m.ministries AS ministries ORDER BY no",
        {"name": canonical},
    ).records()
    pairs = store.run(
        "MATCH (a:Ministry)-[c:CO_RESPONSIBLE]->(b:Ministry) "
        "WHERE a.name = $name OR b.name = $name "
        "RETURN a.name AS a, b.name AS b, c.weight AS shared, c.measures AS measures",
        {"name": canonical},
    ).records()
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
    rows = store.run(f"MATCH (p:Pillar) RETURN {returns('Pillar', 'p')} ORDER BY `no`").records()
    areas = store.run(
        """
        MATCH (a:PolicyArea)-[:IN_PILLAR]->(p:Pillar)
        OPTIONAL MATCH (m:Measure)-[:LISTED_IN]->(a)
        WITH p, a, count(m) AS listed
        OPTIONAL MATCH (r:Measure)-[:RELISTED_IN]->(a)
        WITH p, a, listed, count(r) AS relisted
        RETURN p.no AS pillar, a.id AS id, a.area AS area, a.title AS title, listed, relisted,
               a.src AS src
        ORDER BY pillar, area
        """
    ).records()
    for p in rows:
        p["areas"] = [a for a in areas if a["pillar"] == p["no"]]
    return rows


# --- recommendations ---------------------------------------------------------------------

RECOMMENDATIONS = f"""
MATCH (r:Recommendation)
OPTIONAL MATCH (r)-[:ADDRESSED_BY]->(m:Measure)
WITH r, m
ORDER BY m.no
SKIP 0
WITH r, collect(m.no) AS measures
RETURN {returns("Recommendation", "r")}, measures
ORDER BY year, id
"""


def recommendations(
    store: Store,
    *,
    year: int | None = None,
    theme: int | None = None,
    status: str | None = None,
    addressed: bool | None = None,
    min_confidence: float | None = None,
) -> list[dict[str, Any]]:
    """Recommendations by year, filtered; ``addressed=False`` are those no measure
    addresses (no ADDRESSED_BY edge); ``min_confidence``: those whose best measure or
    candidate has at least this confidence."""
    rows = store.run(RECOMMENDATIONS).records()
    if year is not None:
        rows = [r for r in rows if r["year"] == year]
    if theme is not None:
        rows = [r for r in rows if r["theme"] == theme]
    if status:
        key = match_key(status)
        rows = [r for r in rows if match_key(r["status"] or "") == key]
    if addressed is not None:
        rows = [r for r in rows if bool(r["measures"]) == addressed]
    if min_confidence is not None:
        rows = [r for r in rows if (r.get("confidence") or 0.0) >= min_confidence]
    return rows


def is_gap(r: dict[str, Any]) -> bool:
    """Whether a recommendation row is a gap: an item or ask that is responded or open."""
    return r.get("kind") in ("item", "ask") and r.get("status") in ("responded", "open")


def recommendation(store: Store, rec_id: str) -> dict[str, Any]:
    """One recommendation with its theme, the government's response, the measures that
    address it, the pillars it concerns and its follow-ups."""
    r = _one(
        store,
        f"MATCH (r:Recommendation {{id: $id}}) RETURN {returns('Recommendation', 'r')}",
        {"id": rec_id},
        f"recommendation {rec_id!r}",
    )
    p = {"id": rec_id}
    themes = store.run(
        "MATCH (r:Recommendation {id: $id})-[:ON_THEME]->(t:RecommendationTheme) "
        "RETURN t.id AS id, t.row AS row, t.response AS response",
        p,
    ).records()
    r["theme_node"] = themes[0] if themes else None
    r["responses"] = store.run(
        "MATCH (r:Recommendation {id: $id})-[:ANSWERED_BY]->(s:Response) "
        "RETURN s.id AS id, s.text AS text, s.src AS src ORDER BY id",
        p,
    ).records()
    r["measures"] = store.run(
        "MATCH (r:Recommendation {id: $id})-[e:ADDRESSED_BY]->(m:Measure) "
        "RETURN m.no AS no, m.name AS name, e.method AS method, e.score AS score, "
        "e.evidence AS evidence ORDER BY no",
        p,
    ).records()
    r["pillars"] = store.run(
        "MATCH (r:Recommendation {id: $id})-[e:CONCERNS]->(pl:Pillar) "
        "RETURN pl.no AS no, pl.title AS title, e.via AS via ORDER BY no",
        p,
    ).records()
    r["follows_up"] = [
        row["id"]
        for row in store.run(
            "MATCH (r:Recommendation {id: $id})-[:FOLLOWS_UP]->(o:Recommendation) "
            "RETURN o.id AS id ORDER BY id",
            p,
        ).records()
    ]
    r["followed_by"] = [
        row["id"]
        for row in store.run(
            "MATCH (o:Recommendation)-[:FOLLOWS_UP]->(r:Recommendation {id: $id}) "
            "RETURN o.id AS id ORDER BY id",
            p,
        ).records()
    ]
    return r
