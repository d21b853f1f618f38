"""Shared fixtures: the real data, built once per test session into a temporary home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kodoku_graph.graph import artifacts
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import PROJECT_ROOT, Settings

DATA_DIR = PROJECT_ROOT / "data" / "raw"
CURATED_DIR = PROJECT_ROOT / "data" / "curated"
#: No. 127's ministries in the order of its 【…】 (000_ca8d1dac931cfc32.txt:229).
M127_MINISTRIES = [
    "内閣官房",
    "内閣府",
    "金融庁",
    "消費者庁",
    "総務省",
    "法務省",
    "厚生労働省",
    "経済産業省",
    "国土交通省",
]


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at the shipped data and a fresh temporary KODOKU_HOME."""
    home = tmp_path_factory.mktemp("kodoku-home")
    return Settings(home=home, data_dir=DATA_DIR, curated_dir=CURATED_DIR)


@pytest.fixture(scope="session")
def built(settings: Settings) -> BuildResult:
    """The real graph, built once: store, graph.json and report.json written to the home."""
    return artifacts.build(settings).result


@pytest.fixture(scope="session")
def built_auto(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real data linked by the automatic linker alone: the curated files without the
    linking file (data/curated/recommendation_links.yaml), in memory (no store)."""
    from kodoku_graph.graph.linking import CURATED_FILE
    from kodoku_graph.graph.pipeline import build_graph

    curated = tmp_path_factory.mktemp("curated-auto")
    for f in CURATED_DIR.iterdir():
        if f.is_file() and f.name != CURATED_FILE:
            shutil.copy(f, curated / f.name)
    return build_graph(DATA_DIR, curated)


@pytest.fixture(scope="session")
def store(built: BuildResult, settings: Settings) -> EmbeddedStore:
    """A read-only connection to the embedded store of the real data."""
    s = EmbeddedStore(settings.store_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw, for tests that damage the sources."""
    dst = tmp_path / "raw"
    dst.mkdir()
    for f in DATA_DIR.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


@pytest.fixture(scope="session")
def api_app(built: BuildResult, settings: Settings):
    """The real FastAPI app on the built store (started: lifespan entered)."""
    from fastapi.testclient import TestClient

    from kodoku_graph.api import create_app

    app = create_app(settings)
    with TestClient(app):
        yield app


@pytest.fixture(scope="session")
def client(api_app):
    """An in-process HTTP client of the running app."""
    from fastapi.testclient import TestClient

    return TestClient(api_app)


# A real Neo4j 5.26 (started here, or $NEO4J_URI): see tests/neo4j_fixture.py.
from neo4j_fixture import (  # noqa: E402, F401
    neo4j_driver,
    neo4j_loaded,
    neo4j_server,
    neo4j_store,
    pytest_terminal_summary,
)
