"""Build the in-memory graph (a networkx MultiDiGraph) from loader records.

Nodes are keyed by their model id and carry ``label``, ``src`` and the properties of
their label; edges are keyed by their type (one edge of a type per ordered pair unless a
distinct ``key`` is given) and carry ``type`` and ``src``.

>>> g = GraphBuilder()
>>> g.node("P1", "Pillar", "000.txt:19", no=1, title="声を上げやすい社会")
>>> g.graph.nodes["P1"]["title"]
'声を上げやすい社会'
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import networkx as nx

from kodoku_graph.errors import KodokuError
from kodoku_graph.graph.model import EDGES, NODES, edge_pair_ok
from kodoku_graph.loaders.lineup import Lineup
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.loaders.text import to_circled


class ModelError(KodokuError):
    """A node or edge that does not fit the data model (a bug in a loader)."""


class GraphBuilder:
    """Adds nodes and edges to a MultiDiGraph, checking them against the data model."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()

    def node(self, id: str, label: str, src: str, **props: Any) -> None:
        """Add (or update) node ``id`` of ``label``; unknown properties are a ModelError."""
        allowed = NODES[label].props
        extra = set(props) - set(allowed)
        if extra:
            raise ModelError(f"{label} {id}: properties not in the model: {sorted(extra)}")
        existing = self.graph.nodes.get(id)
        if existing is not None and existing["label"] != label:
            raise ModelError(f"id {id} is both {existing['label']} and {label}")
        if existing is None:
            self.graph.add_node(id, label=label, src=src, **props)
        else:
            existing.update(props)

    def edge(
        self, source: str, target: str, type: str, src: str, key: str | None = None, **props: Any
    ) -> None:
        """Add an edge of ``type``; both ends must exist with labels the model allows."""
        for end in (source, target):
            if end not in self.graph:
                raise ModelError(f"{type} {source}->{target}: node {end} does not exist")
        s_label, t_label = self.graph.nodes[source]["label"], self.graph.nodes[target]["label"]
        if not edge_pair_ok(type, s_label, t_label):
            raise ModelError(f"{type} does not connect {s_label} to {t_label}")
        extra = set(props) - set(EDGES[type].props)
        if extra:
            raise ModelError(
                f"{type} {source}->{target}: properties not in the model: {sorted(extra)}"
            )
        self.graph.add_edge(source, target, key=key or type, type=type, src=src, **props)


def add_ministries(b: GraphBuilder, registry: MinistryRegistry) -> None:
    """One Ministry node per canonical name of the registry."""
    for name in registry.canonical:
        b.node(
            name,
            "Ministry",
            registry.srcs[name],
            name=name,
            aliases=registry.aliases.get(name, []),
            kind=registry.kinds[name],
        )


def add_lineup(b: GraphBuilder, lineup: Lineup) -> None:
    """Pillars, policy areas, measures and their LISTED_IN, RELISTED_IN, IN_PILLAR and
    RESPONSIBLE_FOR edges; a Ministry's ``src`` becomes its first mention in the lineup."""
    for p in lineup.pillars:
        b.node(p.id, "Pillar", p.src, no=p.no, title=p.title)
    for a in lineup.areas:
        b.node(a.id, "PolicyArea", a.src, pillar=a.pillar, area=a.area, title=a.title)
        b.edge(a.id, f"P{a.pillar}", "IN_PILLAR", a.src)
    first_seen: set[str] = set()
    for m in lineup.measures:
        b.node(
            m.id,
            "Measure",
            m.src,
            no=m.no,
            name=m.name,
            ministries=m.ministries,
            page=m.page,
            pillar=m.pillar,
            area=m.area,
            components=[f"{c.name}【{'、'.join(c.ministries)}】" for c in m.components],
        )
        b.edge(m.id, f"P{m.pillar}-{m.area}", "LISTED_IN", m.src, page=m.page)
        for order, ministry in enumerate(m.ministries, start=1):
            if ministry not in first_seen:
                b.graph.nodes[ministry]["src"] = m.src
                first_seen.add(ministry)
            b.edge(ministry, m.id, "RESPONSIBLE_FOR", m.src, order=order)
    for r in lineup.relistings:
        mid = f"M{r.no:03d}"
        if mid not in b.graph:
            continue  # reported by check_relistings as relisting_of_undefined
        ref = (
            f"前出({r.ref_pillar}){''.join(map(to_circled, r.ref_areas))}: P. {r.ref_page}"
            if r.ref_pillar
            else ""
        )
        b.edge(mid, f"P{r.pillar}-{r.area}", "RELISTED_IN", r.src, ref=ref)


def add_co_responsibility(b: GraphBuilder) -> None:
    """One CO_RESPONSIBLE edge per unordered pair of ministries sharing a measure, from
    the name that sorts first, with the shared measure numbers and their count."""
    shared: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for _, data in b.graph.nodes(data=True):
        if data["label"] != "Measure":
            continue
        for x, y in combinations(sorted(set(data["ministries"])), 2):
            shared.setdefault((x, y), []).append((data["no"], data["src"]))
    for (x, y), items in sorted(shared.items()):
        items.sort()
        b.edge(
            x, y, "CO_RESPONSIBLE", items[0][1], measures=[n for n, _ in items], weight=len(items)
        )
