"""The hand-made gold list of 002's targets, baselines and actuals
(tests/targets_002.yaml) and the source text it quotes: fixtures and helpers shared by
test_targets.py (the extractor against the list) and test_targets_list.py (the list's
integrity)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kodoku_graph.settings import PROJECT_ROOT

GOLD = Path(__file__).with_name("targets_002.yaml")
SOURCE = PROJECT_ROOT / "data" / "raw" / "002_e2656c87001df674.txt"


def squash(text: str | None) -> str:
    """``text`` without any whitespace (``None`` → ``''``)."""
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def gold() -> dict:
    """The gold list as loaded from tests/targets_002.yaml."""
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    """The lines of 002 (``source_lines[n - 1]`` is line n)."""
    return SOURCE.read_text(encoding="utf-8").split("\n")
