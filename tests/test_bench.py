"""The benchmark suite cannot rot: its quick mode runs here end to end, and the pieces it
relies on (the scale generator, the Python query versions, the bulk store writers, the
pruned status-report similarity) are checked against the real data.

No timing is asserted (speed goes in bench/): these tests check answers and structure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kodoku_graph.graph import editions
from kodoku_graph.graph.export import counts
from kodoku_graph.graph.model import EDGES, NODES
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.graph.stores import embedded
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.loaders.similarity import TextIndex, ngrams
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT))

from bench.pyqueries import PY_QUERIES, PyGraph, run_py  # noqa: E402
from bench.scale import HUBS, grow  # noqa: E402


def test_quick_bench_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    proc = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "bench" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## Machine and versions",
        "## Goals",
        "## 1. Build from raw text",
        "## 2. Catalog queries",
        "## 3. HTTP API",
        "## 4. Scale",
    ):
        assert heading in text
    # every catalog query and example has a row; the Python answers matched the store
    catalog = Catalog.load()
    for name in catalog.names():
        assert f"| `{name}`" in text
    assert "The Python answers equal the LadybugDB answers row for row." in text
    # every stage of the pipeline is timed, and the scale table reaches ×10
    assert "| stage `status-report` |" in text and "| stage `ministry-network` |" in text
    assert "| 10 | 8,917 | 26,951 |" in text  # the real graph (916 nodes, 2,921 rels) grown ×10
    assert "API not available" not in text


def test_grow_keeps_ids_unique_and_degrees_real(built: BuildResult) -> None:
    g = built.graph
    big = grow(g, 3)
    hubs = sum(1 for _, d in g.nodes(data=True) if d["label"] in HUBS)
    hub_edges = sum(
        1 for s, t in g.edges() if g.nodes[s]["label"] in HUBS and g.nodes[t]["label"] in HUBS
    )
    assert big.number_of_nodes() == 3 * (g.number_of_nodes() - hubs) + hubs
    assert big.number_of_edges() == 3 * (g.number_of_edges() - hub_edges) + hub_edges
    # copy 0 is the real graph; a copy has the same out-degree per node, shifted numbers
    assert big.nodes["M127"] == g.nodes["M127"]
    assert big.nodes["M127@2"]["no"] == 2127
    assert big.out_degree("M127@2") == g.out_degree("M127")
    assert big.nodes["R4-T1-1@1"]["year"] == g.nodes["R4-T1-1"]["year"] + 5

    # a ministry (hub) is responsible for three times as many measures
    def responsible(graph, ministry: str) -> int:
        return sum(1 for _, _, d in graph.out_edges(ministry, data=True)
                   if d["type"] == "RESPONSIBLE_FOR")  # fmt: skip

    assert responsible(big, "法務省") == 3 * responsible(g, "法務省") > 0
    # numbers that queries look up stay unique
    nos = [d["no"] for _, d in big.nodes(data=True) if d["label"] == "Measure"]
    assert len(nos) == len(set(nos)) == 3 * 143


def test_grown_graph_loads_and_answers(built: BuildResult, tmp_path: Path) -> None:
    big = grow(built.graph, 2)
    path = tmp_path / "x2.lbdb"
    written = embedded.create_database(big, path)
    assert written == {"nodes": big.number_of_nodes(), "relationships": big.number_of_edges()}
    store = EmbeddedStore(path)
    cat = Catalog.load()
    try:
        assert len(cat.run(store, "measure", {"no": 127}).rows) == 1
        assert cat.run(store, "measure", {"no": 1127}).rows[0][0] == "M127@1"
        unaddressed = cat.run(store, "unaddressed-recommendations", {}).rows
        assert len(unaddressed) == 2 * len(PyGraph(built.graph).unaddressed_recommendations(0))
    finally:
        store.close()


@pytest.mark.parametrize("name", sorted(PY_QUERIES))
def test_python_queries_equal_the_store(
    name: str, built: BuildResult, store: EmbeddedStore, catalog: Catalog
) -> None:
    pg = PyGraph(built.graph)
    query = catalog.get(name)
    for ex in query.examples:
        expected = catalog.run(store, name, ex).rows
        assert expected, f"{name} {ex} returns no rows"
        assert run_py(pg, name, query.bind(ex)) == expected


def _dump(path: Path) -> dict[str, list[str]]:
    s = EmbeddedStore(path)
    try:
        out = {lb: sorted(map(repr, s.run(f"MATCH (n:{lb}) RETURN n").rows)) for lb in NODES}
        for t in EDGES:
            out[t] = sorted(map(repr, s.run(f"MATCH (a)-[r:{t}]->(b) RETURN a.id, b.id, r").rows))
    finally:
        s.close()
    return out


def test_copy_and_unwind_store_the_same_values(built: BuildResult, tmp_path: Path) -> None:
    """The bulk COPY path stores exactly what the row-by-row path stores: every node and
    relationship with every property (nulls, empty strings, lists, floats)."""
    a = embedded.create_database(built.graph, tmp_path / "copy.lbdb")
    b = embedded.create_database(built.graph, tmp_path / "unwind.lbdb", method="unwind")
    assert (
        a
        == b
        == {
            "nodes": built.graph.number_of_nodes(),
            "relationships": built.graph.number_of_edges(),
        }
    )
    copied, unwound = _dump(tmp_path / "copy.lbdb"), _dump(tmp_path / "unwind.lbdb")
    assert copied == unwound
    assert sum(len(v) for v in copied.values()) == sum(
        sum(c.values()) for c in counts(built.graph).values()
    )


def test_copy_keeps_awkward_values(tmp_path: Path) -> None:
    import networkx as nx

    g = nx.MultiDiGraph()
    texts = ["", 'a "quoted", comma\nnew line', "=lead", "[x", "]", "back\\slash", None]
    for i, t in enumerate(texts):
        g.add_node(f"P{i}", label="Pillar", src=f"f:{i}", no=i, title=t)
    g.add_node("M1", label="Meeting", src="f:9", agenda=["", "a,b", "c\nd"], no=None)
    g.add_node("M2", label="Meeting", src="f:10", agenda=[])
    embedded.create_database(g, tmp_path / "odd.lbdb")
    s = EmbeddedStore(tmp_path / "odd.lbdb")
    try:
        got = dict(s.run("MATCH (p:Pillar) RETURN p.id, p.title").rows)
        assert got == {f"P{i}": t for i, t in enumerate(texts)}
        rows = dict(s.run("MATCH (m:Meeting) RETURN m.id, m.agenda").rows)
        assert rows == {"M1": ["", "a,b", "c\nd"], "M2": []}
    finally:
        s.close()


def test_search_over_postings_equals_the_full_scan(built: BuildResult) -> None:
    """TextIndex.search visits only documents sharing an n-gram; the scores are the same
    floating-point numbers as the dot product over every document."""
    measures = {m.id: m.name for m in built.records.lineup.measures}
    idx = TextIndex(measures)
    for rec in [n for n, d in built.graph.nodes(data=True) if d["label"] == "Recommendation"]:
        text = built.graph.nodes[rec]["text"]
        q = idx._weigh(ngrams(text, idx.sizes))
        full = sorted(
            (
                (-s, k)
                for k, d in idx.vectors.items()
                if (s := sum(w * d.get(g, 0.0) for g, w in q.items())) > 0
            )
        )[:5]
        assert [(m.id, m.score) for m in idx.search(text)] == [(k, round(-s, 4)) for s, k in full]


def test_score_matrix_exact_where_assign_can_use_it(built: BuildResult) -> None:
    rows, measures = built.records.status.rows, built.records.lineup.measures
    matrix = editions.score_matrix(rows, measures)
    lowered = 0
    for i, r in enumerate(rows):
        for j, m in enumerate(measures):
            exact = editions.similarity(r, m)
            floor = (
                editions.ORDER_ONLY_MIN
                if set(r.ministries) & set(m.ministries)
                else editions.THRESHOLD
            )
            if exact >= floor:
                assert matrix[i][j] == exact, (r.no, m.no)
            else:
                assert matrix[i][j] <= exact
                lowered += matrix[i][j] < exact
    assert lowered > 0  # the pruning does skip work
