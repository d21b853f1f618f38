"""The review rebuild on Neo4j: `artifacts.rebuild` with the neo4j backend reloads the
server idempotently and prunes what the new graph no longer has (a rejected link)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import CURATED_DIR, DATA_DIR
from pydantic import SecretStr

from kodoku_graph.graph import artifacts
from kodoku_graph.graph.export import counts
from kodoku_graph.graph.reviews import REVIEWS_FILE, record
from kodoku_graph.graph.stores import neo4j as n4
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings

GAP, GAP_MEASURE = "R3-T10-2", 126  # see tests/test_reviews.py
LIKELY, LIKELY_MEASURE = "R4-T23-2", 6


def test_rebuild_reloads_neo4j_and_prunes(
    neo4j_server, neo4j_loaded, neo4j_driver, built, tmp_path: Path
) -> None:
    curated = tmp_path / "curated"
    shutil.copytree(CURATED_DIR, curated)
    (curated / REVIEWS_FILE).unlink(missing_ok=True)
    s = Settings(
        home=tmp_path / "home", data_dir=DATA_DIR, curated_dir=curated, backend="neo4j",
        neo4j_uri=neo4j_server.uri, neo4j_user=neo4j_server.user,
        neo4j_password=SecretStr(neo4j_server.password),
    )  # fmt: skip
    record(curated, GAP, GAP_MEASURE, "accept", "横展開", reviewer="t")
    record(curated, LIKELY, LIKELY_MEASURE, "reject", "not 広報", reviewer="t")
    store = n4.Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    cat = Catalog.load()

    def links(rec: str) -> dict[int, str]:
        return {
            r["no"]: r["method"]
            for r in cat.run(store, "recommendation-measures", {"id": rec}).records()
        }

    try:
        assert LIKELY_MEASURE in links(LIKELY) and GAP_MEASURE not in links(GAP)
        for _ in range(2):  # twice: idempotent
            out = artifacts.rebuild(s)
            assert n4.counts(neo4j_driver) == counts(out.result.graph)
            assert links(GAP) == {GAP_MEASURE: "reviewed"}
            assert LIKELY_MEASURE not in links(LIKELY)  # pruned: the old edge is gone
            gaps = {r["id"] for r in cat.run(store, "unaddressed-recommendations", {}).records()}
            assert GAP not in gaps
    finally:  # leave the session's graph as the other Neo4j tests expect it
        store.close()
        n4.import_graph(neo4j_driver, built.graph, prune=True)
    assert n4.counts(neo4j_driver) == counts(built.graph)
