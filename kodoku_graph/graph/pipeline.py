"""From data/raw to one graph: the build stages, in order, each timed.

Each stage reads what earlier stages left in the :class:`BuildContext` and adds nodes and
edges through ``ctx.builder``; problems go to ``ctx.report``. New source documents add a
stage to :data:`STAGES`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from kodoku_graph import __version__
from kodoku_graph.errors import IncompleteSourceError
from kodoku_graph.graph import network
from kodoku_graph.graph.build import GraphBuilder, add_co_responsibility, add_lineup, add_ministries
from kodoku_graph.graph.councils import add_meeting, add_outline
from kodoku_graph.graph.editions import EditionMatch, load_overrides, match_editions
from kodoku_graph.graph.linking import link_recommendations, load_curated
from kodoku_graph.graph.mentions import Mention, link_statements
from kodoku_graph.graph.recommendations import add_recommendations
from kodoku_graph.graph.reviews import Decision, load_reviews
from kodoku_graph.graph.status import add_status
from kodoku_graph.loaders import completeness
from kodoku_graph.loaders.completeness import Extents, Finding, load_extents
from kodoku_graph.loaders.ldp import Ldp, parse_ldp
from kodoku_graph.loaders.lineup import Lineup, parse_lineup
from kodoku_graph.loaders.meeting import Meeting, parse_meeting
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.loaders.outline import Outline, parse_outline
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.sources import SOURCES, check_data_dir, read_source
from kodoku_graph.loaders.status_report import StatusReport, parse_status_report

#: A parsed source document.
T = TypeVar("T")


@dataclass
class Records:
    """What the stages loaded and matched, each set by the stage named beside it."""

    registry: MinistryRegistry = field(init=False)  # registry
    lineup: Lineup = field(init=False)  # lineup
    status: StatusReport = field(init=False)  # status-report
    status_matches: list[EditionMatch] = field(init=False)  # status-report
    curated_links: dict[str, Any] = field(init=False)  # ldp
    reviews: list[Decision] = field(init=False)  # ldp (reviews.yaml)
    ldp: Ldp = field(init=False)  # ldp
    outline: Outline = field(init=False)  # outline
    meeting: Meeting = field(init=False)  # meeting
    mentions: list[Mention] = field(init=False)  # meeting


@dataclass
class BuildContext:
    """What the stages share: inputs, the graph being built, the report, loaded records."""

    data_dir: Path
    curated_dir: Path
    #: where each source ends (``completeness.yaml``); ``None``: not checked
    extents: Extents | None = None
    #: build even if a source is incomplete (every finding still goes to the report)
    allow_incomplete: bool = False
    report: QualityReport = field(default_factory=QualityReport)
    builder: GraphBuilder = field(default_factory=GraphBuilder)
    records: Records = field(default_factory=Records)

    @property
    def registry(self) -> MinistryRegistry:
        return self.records.registry

    def load(
        self, key: str, parse: Callable[..., T], check: Callable[..., list[Finding]]
    ) -> tuple[T, list[Finding]]:
        """Read source ``key`` once, ``parse`` it (a loader's ``parse_X``) and ``check`` it
        is complete (:mod:`~kodoku_graph.loaders.completeness`, when extents are known):
        the parsed document and the completeness findings."""
        lines = read_source(self.data_dir, key)
        doc = parse(lines, self.registry, self.report)
        if self.extents is None:
            return doc, []
        findings = check(doc, lines, getattr(self.extents, key))
        self.complete(key, findings)
        return doc, findings

    def complete(self, key: str, findings: list[Finding]) -> None:
        """Put the completeness ``findings`` of source ``key`` in the report; raise
        :class:`IncompleteSourceError` for the first unless incomplete sources are allowed."""
        for f in findings:
            self.report.add(f.kind, f.src, f.message, f.text)
        self.report.stat("completeness", key, len(findings))
        if findings and not self.allow_incomplete:
            first = findings[0]
            raise IncompleteSourceError(first.file, first.line, first.message, len(findings) - 1)


def stage_registry(ctx: BuildContext) -> None:
    """Read the ministry registry and add one Ministry node per canonical name."""
    ctx.records.registry = MinistryRegistry.load(ctx.curated_dir / "ministries.yaml")
    add_ministries(ctx.builder, ctx.registry)


def stage_lineup(ctx: BuildContext) -> None:
    """000: the 2026 lineup — pillars, areas, measures, (再掲), responsibilities."""
    lineup, findings = ctx.load("lineup", parse_lineup, completeness.check_lineup)
    # a measure beyond the last is a finding, not one more measure
    strays = {f.number for f in findings if f.kind == "stray_number"}
    lineup.measures = [m for m in lineup.measures if m.no not in strays]
    lineup.relistings = [r for r in lineup.relistings if r.no not in strays]
    ctx.records.lineup = lineup
    add_lineup(ctx.builder, lineup)


def stage_status_report(ctx: BuildContext) -> None:
    """002: the FY2024 status report — rows matched to the lineup, status fields, targets."""
    status, _ = ctx.load("status", parse_status_report, completeness.check_status_report)
    overrides = load_overrides(ctx.curated_dir / "status_overrides.yaml")
    matches = match_editions(status, ctx.records.lineup, overrides, ctx.report)
    ctx.records.status = status
    ctx.records.status_matches = matches
    add_status(ctx.builder, status, matches, ctx.report)


def stage_co_responsibility(ctx: BuildContext) -> None:
    """CO_RESPONSIBLE edges between ministries that share measures."""
    add_co_responsibility(ctx.builder)


def stage_ldp(ctx: BuildContext) -> None:
    """001: the LDP recommendations R3–R7, themes, responses (after the lineup: pillars)."""
    ctx.records.curated_links = load_curated(ctx.curated_dir)
    ctx.records.reviews = load_reviews(ctx.curated_dir)
    ldp, _ = ctx.load("ldp", parse_ldp, completeness.check_ldp)
    ctx.records.ldp = ldp
    add_recommendations(ctx.builder, ldp, ctx.records.curated_links)


def stage_linking(ctx: BuildContext) -> None:
    """CITES, CANDIDATE and ADDRESSED_BY links with evidence, reviewers' decisions
    (reviews.yaml) applied; Recommendation.status."""
    link_recommendations(
        ctx.builder, ctx.records.curated_links, ctx.report, reviews=ctx.records.reviews
    )


def stage_outline(ctx: BuildContext) -> None:
    """003: the 2021 wording of the basic policies and the 連絡調整会議's members."""
    outline, _ = ctx.load("outline", parse_outline, completeness.check_outline)
    ctx.records.outline = outline
    add_outline(ctx.builder, outline, ctx.records.lineup)


def stage_meeting(ctx: BuildContext) -> None:
    """004: the 2025-02-07 推進会議 — attendance, statements, statement→measure MENTIONS."""
    meeting, _ = ctx.load("meeting", parse_meeting, completeness.check_meeting)
    mentions = link_statements(meeting, ctx.records.lineup.measures)
    ctx.records.meeting = meeting
    ctx.records.mentions = mentions
    ctx.report.stat("meeting", "mentions", len(mentions))
    add_meeting(ctx.builder, meeting, mentions)


def stage_ministry_network(ctx: BuildContext) -> None:
    """Network metrics on the Ministry nodes and MINISTRY_LINK edges (graph/network.py).
    Keep this stage last: it reads every edge the stages before it added."""
    h = network.annotate(ctx.builder.graph, ctx.builder)
    ctx.report.stat("ministry-network", "links", h.number_of_edges())
    ctx.report.stat("ministry-network", "communities", len(set(network.communities(h).values())))


#: The curated file that declares where each source document ends.
COMPLETENESS_YAML = "completeness.yaml"

#: The build stages in order: (name, function).
STAGES: list[tuple[str, Callable[[BuildContext], None]]] = [
    ("registry", stage_registry),
    ("lineup", stage_lineup),
    ("status-report", stage_status_report),
    ("co-responsibility", stage_co_responsibility),
    ("ldp", stage_ldp),
    ("linking", stage_linking),
    ("outline", stage_outline),
    ("meeting", stage_meeting),
    # keep last: it reads the edges of every stage above (measures, councils, recommendations)
    ("ministry-network", stage_ministry_network),
]


@dataclass
class BuildResult:
    """The built graph, its data-quality report, stage timings (seconds) and metadata."""

    graph: nx.MultiDiGraph
    report: QualityReport
    timings: dict[str, float]
    meta: dict[str, Any]
    records: Records


def source_digests(data_dir: Path) -> list[dict[str, str]]:
    """File name and SHA-256 of each source document."""
    out = []
    for s in SOURCES.values():
        path = data_dir / s.name
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        out.append({"file": s.name, "title": s.title, "sha256": digest})
    return out


def build_graph(
    data_dir: Path,
    curated_dir: Path,
    progress: Callable[[str], None] | None = None,
    *,
    allow_incomplete: bool = False,
) -> BuildResult:
    """Run every stage on ``data_dir``; raise a KodokuError on unusable input.

    Each source is checked for completeness against ``curated_dir/completeness.yaml``
    (:mod:`kodoku_graph.loaders.completeness`): a source cut short or extended raises
    :class:`IncompleteSourceError` unless ``allow_incomplete`` (then the findings are only
    in the report)."""
    check_data_dir(data_dir)
    ctx = BuildContext(
        data_dir=data_dir,
        curated_dir=curated_dir,
        extents=load_extents(curated_dir / COMPLETENESS_YAML),
        allow_incomplete=allow_incomplete,
    )
    timings: dict[str, float] = {}
    for name, fn in STAGES:
        if progress:
            progress(name)
        t0 = time.perf_counter()
        fn(ctx)
        timings[name] = time.perf_counter() - t0
    g = ctx.builder.graph
    meta = {
        "generator": f"kodoku-graph {__version__}",
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sources": source_digests(data_dir),
        "lineup_date": ctx.records.lineup.date,
    }
    return BuildResult(graph=g, report=ctx.report, timings=timings, meta=meta, records=ctx.records)
