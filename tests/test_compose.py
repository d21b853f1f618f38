"""docker-compose.yml and the Dockerfile, checked without a Docker engine: services, ports,
volumes, healthcheck, and environment names and defaults against the project's Settings."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
import yaml

from kodoku_graph.cli import app
from kodoku_graph.settings import PROJECT_ROOT, Settings

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
DEFAULT_RE = re.compile(r"\$\{(\w+):-([^}]*)\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def settings_env_names() -> set[str]:
    """The environment variables Settings reads."""
    return set(_field_names().values())


def ports(service: dict) -> dict[int, int]:
    """container port → host port."""
    out = {}
    for spec in service.get("ports", []):
        host, container = str(spec).split(":")[-2:]
        out[int(container)] = int(host)
    return out


def test_services(compose: dict) -> None:
    assert set(compose["services"]) == {"neo4j", "api"}


def test_neo4j_service(compose: dict) -> None:
    neo = compose["services"]["neo4j"]
    assert neo["image"] == "neo4j:5.26-community"
    assert ports(neo) == {7474: 7474, 7687: 7687}
    [volume] = neo["volumes"]
    name, mount = volume.split(":")
    assert mount == "/data" and name in compose["volumes"]  # a named volume
    test = neo["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL" and "7474" in test[1]
    user, _, password = neo["environment"]["NEO4J_AUTH"].partition("/")
    defaults = Settings.model_fields
    assert user == defaults["neo4j_user"].default
    [(var, default)] = DEFAULT_RE.findall(password)
    assert var == "NEO4J_PASSWORD"
    assert default == defaults["neo4j_password"].default.get_secret_value()
    assert len(default) >= 8  # Neo4j 5's minimum password length
    # the host's default NEO4J_URI reaches the published Bolt port
    assert urlparse(defaults["neo4j_uri"].default).port == ports(neo)[7687]


def test_api_service(compose: dict) -> None:
    api = compose["services"]["api"]
    neo = compose["services"]["neo4j"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert set(env) <= settings_env_names(), set(env) - settings_env_names()
    assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "KODOKU_BACKEND"} <= set(env)
    uri = urlparse(env["NEO4J_URI"])
    assert (uri.scheme, uri.hostname, uri.port) == ("bolt", "neo4j", 7687)
    assert uri.port in ports(neo)
    assert env["KODOKU_BACKEND"] == "neo4j"
    assert DEFAULT_RE.findall(env["NEO4J_PASSWORD"]) == DEFAULT_RE.findall(
        neo["environment"]["NEO4J_AUTH"]
    )
    assert ports(api) == {int(env["KODOKU_PORT"]): int(env["KODOKU_PORT"])}
    # every value is accepted by Settings
    plain = {k: v for k, v in env.items() if "${" not in str(v)}
    s = Settings(**{f: plain[n] for f, n in _field_names().items() if n in plain})
    assert s.backend == "neo4j" and s.port == int(env["KODOKU_PORT"])


def _field_names() -> dict[str, str]:
    """Settings field name → the environment variable it is read from."""
    out = {}
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        out[name] = alias if isinstance(alias, str) else f"KODOKU_{name.upper()}"
    return out


def test_dockerfile_and_entrypoint() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    entry = (PROJECT_ROOT / "docker" / "entrypoint.sh").read_text(encoding="utf-8")
    assert "COPY data ./data" in dockerfile and "KODOKU_DATA_DIR=/app/data/raw" in dockerfile
    assert (PROJECT_ROOT / "data" / "raw").is_dir()
    assert 'kodoku load --neo4j "$NEO4J_URI"' in entry
    assert "kodoku serve --backend neo4j --host 0.0.0.0" in entry
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert "load" in commands
