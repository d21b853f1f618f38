"""All settings in one pydantic-settings class (environment prefix ``KODOKU_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where data and stores live, which backend to use, and the API's limits.

    Every field can be set from the environment: ``KODOKU_HOME``, ``KODOKU_DATA_DIR``,
    ``KODOKU_BACKEND``…; the Neo4j credentials also from ``NEO4J_URI``, ``NEO4J_USER`` and
    ``NEO4J_PASSWORD``.
    """

    model_config = SettingsConfigDict(env_prefix="KODOKU_", extra="ignore", populate_by_name=True)

    home: Path = Field(default=Path(".kodoku"), description="where build output goes")
    data_dir: Path = Field(default=PROJECT_ROOT / "data" / "raw", description="the source texts")
    curated_dir: Path = Field(default=PROJECT_ROOT / "data" / "curated", description="curated YAML")
    backend: Literal["embedded", "neo4j"] = "embedded"
    neo4j_uri: str = Field(default="bolt://127.0.0.1:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(
        default=SecretStr("kodoku-graph"), validation_alias="NEO4J_PASSWORD"
    )
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout_ms: int = Field(default=5000, ge=1, description="time limit of one query")
    row_limit: int = Field(
        default=1000, ge=1, description="most rows an ad-hoc Cypher query returns"
    )
    page_size: int = Field(default=50, ge=1, description="default `limit` of list resources")
    max_page_size: int = Field(default=500, ge=1, description="largest `limit` a list accepts")
    mcp: bool = Field(
        default=False, description="mount the MCP server at /mcp in `kodoku serve` (KODOKU_MCP=on)"
    )
    viz_physics_max_nodes: int = Field(
        default=30, ge=0, description="bigger neighbourhood views: fixed layout, physics off"
    )
    # --- ad-hoc Cypher and request limits (see README "Security") ------------------------
    cypher: bool = Field(default=True, description="serve POST /cypher (KODOKU_CYPHER=off: 403)")
    cypher_workers: int = Field(
        default=2, ge=1, le=32, description="worker processes running ad-hoc Cypher"
    )
    cypher_memory_mb: int = Field(
        default=1024, ge=512, description="address-space limit of one Cypher worker (MiB)"
    )
    cypher_threads: int = Field(default=1, ge=1, description="engine threads of one worker")
    cypher_max_tokens: int = Field(default=2000, ge=10, description="tokens of one statement")
    cypher_max_depth: int = Field(default=32, ge=2, description="bracket nesting of one statement")
    review_token: SecretStr | None = Field(
        default=None,
        description="token of the review routes (KODOKU_REVIEW_TOKEN); unset: they answer 403",
    )
    max_body_bytes: int = Field(
        default=1 << 20, ge=1024, description="largest request body (larger: 413)"
    )

    @property
    def store_path(self) -> Path:
        """The embedded LadybugDB database of the current build."""
        return self.build_dir / "store.lbdb"

    @property
    def build_dir(self) -> Path:
        """The current build (a link swapped atomically by each build, see
        :mod:`kodoku_graph.graph.artifacts`)."""
        return self.home / "current"

    @property
    def graph_json(self) -> Path:
        """The graph export written by ``kodoku build``."""
        return self.build_dir / "graph.json"

    @property
    def report_json(self) -> Path:
        """The data-quality report written by ``kodoku build``."""
        return self.build_dir / "report.json"


@lru_cache
def get_settings() -> Settings:
    """The settings of this process (read once from the environment)."""
    return Settings()
