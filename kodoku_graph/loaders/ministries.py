"""The ministry registry: canonical names of ministries and agencies, with aliases.

The registry lives in ``data/curated/ministries.yaml``. Every loader resolves ministry
strings through :meth:`MinistryRegistry.resolve`; a string it cannot resolve is reported
as ``unknown_ministry`` and never becomes a new ministry.

>>> reg = MinistryRegistry.load(default_registry_path())
>>> reg.resolve("享生労働省")
'厚生労働省'
>>> reg.resolve("ＮＰＯ法人") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kodoku_graph.errors import DataDirError
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.text import match_key, src
from kodoku_graph.settings import PROJECT_ROOT

#: Separators between ministries inside 【…】 or a ministry cell.
MINISTRY_SEPARATORS = re.compile(r"[、,，・･/／\s]+")


def default_registry_path() -> Path:
    """``data/curated/ministries.yaml`` of the project checkout."""
    return PROJECT_ROOT / "data" / "curated" / "ministries.yaml"


@dataclass
class MinistryRegistry:
    """Canonical ministry names, their aliases and kinds."""

    canonical: list[str]
    kinds: dict[str, str]
    aliases: dict[str, list[str]]
    #: provenance of each entry: ``ministries.yaml:LINE``
    srcs: dict[str, str] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for name in self.canonical:
            self._index[match_key(name)] = name
            for alias in self.aliases.get(name, []):
                self._index[match_key(alias)] = name

    @classmethod
    def load(cls, path: Path) -> MinistryRegistry:
        """Read the registry YAML; a malformed file is a :class:`DataDirError`."""
        try:
            text = path.read_text(encoding="utf-8")
            doc = yaml.safe_load(text)
            entries = doc["ministries"]
            canonical = [e["name"] for e in entries]
            kinds = {e["name"]: e.get("kind", "other") for e in entries}
            aliases = {e["name"]: [a["alias"] for a in e.get("aliases") or []] for e in entries}
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise DataDirError(f"{path}: cannot read the ministry registry: {exc}") from exc
        srcs = {}
        for n, line in enumerate(text.splitlines(), start=1):
            m = re.match(r"^\s*-\s*name:\s*(\S+)", line)
            if m:
                srcs[m.group(1)] = src(path.name, n)
        return cls(canonical=canonical, kinds=kinds, aliases=aliases, srcs=srcs)

    def resolve(self, text: str) -> str | None:
        """The canonical name for ``text`` (a name or alias), or ``None``."""
        return self._index.get(match_key(text))

    def prefix(self, text: str) -> str | None:
        """The canonical name of the longest registry name or alias that ``text`` starts
        with (after normalisation), or ``None``.

        >>> reg = MinistryRegistry.load(default_registry_path())
        >>> reg.prefix("内閣府男女共同参画局長"), reg.prefix("内閣官房内閣審議官")
        ('内閣府', '内閣官房')
        """
        key = match_key(text)
        best = ""
        for k in self._index:
            if key.startswith(k) and len(k) > len(best):
                best = k
        return self._index[best] if best else None

    def split(self, text: str) -> tuple[list[str], list[str]]:
        """Split a ministry list (``内閣府、法務省`` or ``消費者庁・農林水産省``).

        Returns the canonical names in order (duplicates kept once) and the parts that
        did not resolve.

        >>> reg = MinistryRegistry.load(default_registry_path())
        >>> reg.split("消費者庁・農林水産省")
        (['消費者庁', '農林水産省'], [])
        """
        found: list[str] = []
        unknown: list[str] = []
        for part in MINISTRY_SEPARATORS.split(text):
            if not part:
                continue
            name = self.resolve(part)
            if name is None:
                unknown.append(part)
            elif name not in found:
                found.append(name)
        return found, unknown

    def split_reported(self, text: str, src: str, report: QualityReport) -> list[str]:
        """:meth:`split`, reporting each part that does not resolve as ``unknown_ministry``
        at ``src``; returns the canonical names."""
        found, unknown = self.split(text)
        for part in unknown:
            report.add(
                "unknown_ministry", src, f"ministry string {part!r} is not in the registry", part
            )
        return found
