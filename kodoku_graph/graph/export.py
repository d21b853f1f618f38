"""Export the graph: JSON (the export format of docs/design.md), GraphML, or one CSV file
per label and edge type.

JSON format::

    {"meta": {...}, "nodes": [{"id", "label", "properties"}],
     "edges": [{"source", "target", "type", "properties"}]}

``properties`` hold every model property (``src`` included); nodes are sorted by label
and id, edges by type, source and target, so two builds of the same data are identical
apart from ``meta.built_at``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from kodoku_graph.graph.model import EDGES, NODES


def counts(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Nodes per label and edges per type (every model label and type, zeros included)."""
    labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    types = Counter(d["type"] for _, _, d in graph.edges(data=True))
    return {
        "nodes": {label: labels.get(label, 0) for label in NODES},
        "edges": {t: types.get(t, 0) for t in EDGES},
    }


def to_document(graph: nx.MultiDiGraph, meta: dict[str, Any]) -> dict[str, Any]:
    """The graph as the JSON export document."""
    nodes = [
        {
            "id": nid,
            "label": d["label"],
            "properties": {k: v for k, v in d.items() if k != "label" and v is not None},
        }
        for nid, d in graph.nodes(data=True)
    ]
    nodes.sort(key=lambda n: (n["label"], n["id"]))
    edges = [
        {
            "source": s,
            "target": t,
            "type": d["type"],
            "properties": {k: v for k, v in d.items() if k != "type" and v is not None},
        }
        for s, t, d in graph.edges(data=True)
    ]
    edges.sort(
        key=lambda e: (
            e["type"],
            e["source"],
            e["target"],
            json.dumps(e["properties"], ensure_ascii=False, sort_keys=True),
        )
    )
    return {"meta": {**meta, "counts": counts(graph)}, "nodes": nodes, "edges": edges}


def write_json(graph: nx.MultiDiGraph, meta: dict[str, Any], path: Path) -> None:
    """Write the JSON document (UTF-8, Japanese kept readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = to_document(graph, meta)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _scalar(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write GraphML; list properties become JSON strings, absent values are omitted."""
    flat = nx.MultiDiGraph()
    for nid, d in graph.nodes(data=True):
        flat.add_node(nid, **{k: _scalar(v) for k, v in d.items() if v is not None})
    for s, t, k, d in graph.edges(keys=True, data=True):
        flat.add_edge(s, t, key=k, **{a: _scalar(v) for a, v in d.items() if v is not None})
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(flat, path, encoding="utf-8")


def write_csv(graph: nx.MultiDiGraph, directory: Path) -> list[Path]:
    """Write ``nodes-LABEL.csv`` and ``edges-TYPE.csv`` files into ``directory``.

    Columns are ``id, src`` plus the label's properties (``source, target, src`` plus the
    type's properties for edges); lists are written as JSON. Returns the files written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    doc = to_document(graph, {})
    tables = [
        (f"nodes-{label}.csv", ["id", "src", *nt.props],
         [{"id": n["id"], "label": n["label"], **n["properties"]}
          for n in doc["nodes"] if n["label"] == label])
        for label, nt in NODES.items()
    ] + [
        (f"edges-{type_}.csv", ["source", "target", "src", *et.props],
         [{"source": e["source"], "target": e["target"], "type": e["type"], **e["properties"]}
          for e in doc["edges"] if e["type"] == type_])
        for type_, et in EDGES.items()
    ]  # fmt: skip
    written = []
    for name, cols, rows in tables:
        path = directory / name
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            w.writerows([_scalar(row.get(c, "")) for c in cols] for row in rows)
        written.append(path)
    return written
