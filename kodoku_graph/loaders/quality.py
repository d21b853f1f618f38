"""The data-quality report: whatever a loader cannot place, and why.

Loaders never drop input silently: a line they cannot place, a disagreement between two
parts of a source, or an unknown ministry string becomes a :class:`Problem` with its
provenance (``file:line``). Stages add counters (rows read, rows matched …) to ``stats``.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field


class Problem(BaseModel):
    """One data-quality finding, located at ``src`` (``file:line``)."""

    kind: str
    src: str
    message: str
    text: str = ""


class QualityReport(BaseModel):
    """Problems and counters collected while building the graph."""

    problems: list[Problem] = Field(default_factory=list)
    stats: dict[str, dict[str, int | float]] = Field(default_factory=dict)

    def add(self, kind: str, src: str, message: str, text: str = "") -> None:
        """Record one problem."""
        self.problems.append(Problem(kind=kind, src=src, message=message, text=text))

    def stat(self, section: str, name: str, value: int | float) -> None:
        """Set counter ``name`` of ``section`` (e.g. ``("lineup", "measures")``)."""
        self.stats.setdefault(section, {})[name] = value

    def by_kind(self) -> dict[str, int]:
        """Number of problems per kind, sorted by kind."""
        return dict(sorted(Counter(p.kind for p in self.problems).items()))

    def of_kind(self, kind: str) -> list[Problem]:
        """The problems of one kind, in the order they were found."""
        return [p for p in self.problems if p.kind == kind]
