"""The built graph in memory (networkx), for the explorer's views."""

from __future__ import annotations

import json

import networkx as nx

from kodoku_graph.settings import Settings


def graph_from_document(doc: dict) -> nx.MultiDiGraph:
    """A MultiDiGraph from the DESIGN.md JSON export (``label``/``type`` kept as attributes).

    >>> g = graph_from_document({"nodes": [{"id": "P1", "label": "Pillar", "properties": {"no": 1}}],
    ...                          "edges": []})
    >>> g.nodes["P1"]
    {'label': 'Pillar', 'no': 1}
    """
    g = nx.MultiDiGraph()
    for n in doc["nodes"]:
        g.add_node(n["id"], label=n["label"], **n["properties"])
    for e in doc["edges"]:
        g.add_edge(e["source"], e["target"], type=e["type"], **e["properties"])
    return g


def load_graph(settings: Settings) -> nx.MultiDiGraph:
    """The graph of ``settings.graph_json`` (the current build's export)."""
    return graph_from_document(json.loads(settings.graph_json.read_text(encoding="utf-8")))
