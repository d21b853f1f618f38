"""The data model (docs/design.md), in code.

Store schemas (LadybugDB tables, Neo4j constraints) and the export are generated from
:data:`NODES` and :data:`EDGES`. Every node has ``id`` (its primary key) and ``src``;
every edge has ``src``. Every node also stores its label as the property ``label``, and
every edge its type as ``type``: the common dialect of LadybugDB and Neo4j has no
``labels()``/``label()``/``type()`` function that answers alike, so the catalog's generic
queries (a node by id, a neighbourhood, counts) read these properties instead. The graph
in memory already holds them as the ``label``/``type`` attributes; the export keeps them
outside ``properties``, as before.

>>> NODES["Measure"].props["no"]
'INT64'
>>> EDGES["LISTED_IN"].pairs
(('Measure', 'PolicyArea'),)
>>> NODES["Pillar"].props["label"], EDGES["IN_PILLAR"].props["type"]
('STRING', 'STRING')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

#: Property types, named as in LadybugDB. ``STRING[]`` etc. are lists.
PropType = str


@dataclass(frozen=True)
class NodeType:
    """A node label with its properties (besides ``id`` and ``src``)."""

    label: str
    props: dict[str, PropType] = field(default_factory=dict)


@dataclass(frozen=True)
class EdgeType:
    """A relationship type, the label pairs it connects, and its properties (besides ``src``)."""

    type: str
    pairs: tuple[tuple[str, str], ...]
    props: dict[str, PropType] = field(default_factory=dict)


#: The property that holds a node's label in the stores.
LABEL_PROP = "label"
#: The property that holds an edge's type in the stores.
TYPE_PROP = "type"


def _nodes(*types: NodeType) -> dict[str, NodeType]:
    """Node types by label, each given the ``label`` property (its own label)."""
    return {t.label: NodeType(t.label, {**t.props, LABEL_PROP: "STRING"}) for t in types}


def _edges(*types: EdgeType) -> dict[str, EdgeType]:
    """Edge types by type, each given the ``type`` property (its own type)."""
    return {t.type: EdgeType(t.type, t.pairs, {**t.props, TYPE_PROP: "STRING"}) for t in types}


NODES: dict[str, NodeType] = _nodes(
    NodeType(
        "Measure",
        {
            "no": "INT64",
            "name": "STRING",
            "ministries": "STRING[]",
            "page": "INT64",
            "pillar": "INT64",
            "area": "INT64",
            "components": "STRING[]",
            "fy2024_no": "INT64",
            "summary": "STRING",
            "goal": "STRING",
            "achievement": "STRING",
            "review": "STRING",
            "url": "STRING",
            # FY2024 status report: how the 2024 row was matched, URL repair
            "url_broken": "BOOLEAN",
            "url_raw": "STRING",
            "fy2024_confidence": "DOUBLE",
            "fy2024_method": "STRING",
            "fy2024_src": "STRING",
            "plan_change": "STRING",
            # quality flags of the FY2024 display texts: clean | fragment | garbled | empty,
            # with the reason (loaders/display.py)
            "summary_quality": "STRING",
            "summary_quality_note": "STRING",
            "goal_quality": "STRING",
            "goal_quality_note": "STRING",
            "achievement_quality": "STRING",
            "achievement_quality_note": "STRING",
            "review_quality": "STRING",
            "review_quality_note": "STRING",
        },
    ),
    NodeType(
        "Ministry",
        {
            "name": "STRING",
            "aliases": "STRING[]",
            "kind": "STRING",
            # network metrics, computed by graph/network.py at build time
            "degree": "INT64",
            "weighted_degree": "DOUBLE",
            "betweenness": "DOUBLE",
            "community": "INT64",
        },
    ),
    NodeType("Pillar", {"no": "INT64", "title": "STRING"}),
    NodeType("PolicyArea", {"pillar": "INT64", "area": "INT64", "title": "STRING"}),
    NodeType(
        "TargetMetric",
        {
            "text": "STRING",
            "value": "DOUBLE",
            "unit": "STRING",
            "deadline_fy": "INT64",
            "origin": "STRING",
            "actual": "DOUBLE",
            "achieved": "BOOLEAN",
            # the target model of loaders/targets.py (issue 13): kind is always "target"
            # here (baselines and actuals are ReportedFigure nodes); column = origin;
            # line/span: where it stands in 002; ratio shares carry their wording in
            # qualitative; annual targets have start_fy instead of deadline_fy.
            "kind": "STRING",
            "comparator": "STRING",
            "annual": "BOOLEAN",
            "start_fy": "INT64",
            "deadline_stated": "BOOLEAN",
            "column": "STRING",
            "line": "INT64",
            "span": "STRING",
            "qualitative": "STRING",
            "per": "STRING",
            "numeric": "BOOLEAN",
            # derived from the latest ReportedFigure measuring it (FIGURE_OF)
            "actual_year": "INT64",
            "actual_unit": "STRING",
            "actual_text": "STRING",
            "baseline": "DOUBLE",
            "baseline_year": "INT64",
            "met": "BOOLEAN",
        },
    ),
    # A baseline or actual figure stated in 002 (kind baseline | actual), with the fiscal
    # year it is of; FIGURE_OF the target it measures, where the row states one.
    NodeType(
        "ReportedFigure",
        {
            "kind": "STRING",
            "text": "STRING",
            "value": "DOUBLE",
            "unit": "STRING",
            "comparator": "STRING",
            "year": "INT64",
            "column": "STRING",
            "line": "INT64",
            "span": "STRING",
            "qualitative": "STRING",
            "per": "STRING",
            "numeric": "BOOLEAN",
        },
    ),
    NodeType(
        "StatusRow",
        {
            "no": "INT64",
            "name": "STRING",
            "ministries": "STRING[]",
            "url": "STRING",
            "plan_change": "STRING",
            "name_quality": "STRING",
            "name_quality_note": "STRING",
            "url_broken": "BOOLEAN",
            "url_raw": "STRING",
        },
    ),
    # years: in how many of the years R3–R6 the theme was raised (distinct years of its items)
    NodeType("RecommendationTheme", {"row": "INT64", "response": "STRING", "years": "INT64"}),
    NodeType(
        "Recommendation",
        {
            "reiwa": "INT64",
            "year": "INT64",
            "theme": "INT64",
            "text": "STRING",
            "section": "STRING",
            "status": "STRING",
            "year_uncertain": "BOOLEAN",
            "displaced": "BOOLEAN",
            # item (参考２), ask (R7), proposal (R7, split into asks), background (R7)
            "kind": "STRING",
            "parent": "STRING",  # the proposal of an ask
            # the best linked measure (or, for a gap, the best candidate below the
            # threshold), its calibrated confidence 0–1 and evidence; why a gap is one
            "best_measure": "STRING",
            "confidence": "DOUBLE",
            "best_evidence": "STRING",
            "gap_reason": "STRING",
        },
    ),
    NodeType("Response", {"text": "STRING"}),
    # the 2021 outline (003), councils and the 2025-02-07 meeting (004).
    # A basic policy's wording in one edition of the plan: P1@2021 (003), P1@2026 (000).
    NodeType(
        "PolicyEdition",
        {
            "pillar": "INT64",
            "year": "INT64",
            "title": "STRING",
            "focus": "STRING",
            "document": "STRING",
        },
    ),
    NodeType(
        "Council",
        {"name": "STRING", "established": "STRING", "decision": "STRING", "secretariat": "STRING"},
    ),
    NodeType(
        "Meeting",
        {
            "no": "INT64",
            "council": "STRING",
            "name": "STRING",
            "date": "STRING",
            "time": "STRING",
            "place": "STRING",
            "agenda": "STRING[]",
        },
    ),
    # One speaker's turn in the minutes; MENTIONS start here.
    NodeType(
        "Statement",
        {
            "meeting": "STRING",
            "no": "INT64",
            "speaker": "STRING",
            "ministry": "STRING",
            "kind": "STRING",
            "text": "STRING",
        },
    ),
)

EDGES: dict[str, EdgeType] = _edges(
    EdgeType("LISTED_IN", (("Measure", "PolicyArea"),), {"page": "INT64"}),
    EdgeType("RELISTED_IN", (("Measure", "PolicyArea"),), {"ref": "STRING"}),
    EdgeType("IN_PILLAR", (("PolicyArea", "Pillar"),)),
    EdgeType("RESPONSIBLE_FOR", (("Ministry", "Measure"),), {"order": "INT64"}),
    EdgeType(
        "CO_RESPONSIBLE", (("Ministry", "Ministry"),), {"measures": "INT64[]", "weight": "INT64"}
    ),
    EdgeType("HAS_TARGET", (("Measure", "TargetMetric"),)),
    EdgeType("HAS_FIGURE", (("Measure", "ReportedFigure"),)),
    EdgeType("FIGURE_OF", (("ReportedFigure", "TargetMetric"),)),
    EdgeType(
        "STATUS_OF",
        (("StatusRow", "Measure"),),
        {"confidence": "DOUBLE", "method": "STRING", "basis": "STRING"},
    ),
    EdgeType("ON_THEME", (("Recommendation", "RecommendationTheme"),)),
    EdgeType("FOLLOWS_UP", (("Recommendation", "Recommendation"),)),
    EdgeType("ANSWERED_BY", (("Recommendation", "Response"),)),
    EdgeType("CITES", (("Response", "Measure"),), {"evidence": "STRING", "score": "DOUBLE"}),
    EdgeType(
        "ADDRESSED_BY",
        (("Recommendation", "Measure"),),
        {"method": "STRING", "score": "DOUBLE", "evidence": "STRING", "confidence": "DOUBLE"},
    ),
    # Every pair the linker considered with some evidence (confidence > 0) and every pair
    # a reviewer decided (reviews.yaml): the automatic verdict (confidence, method,
    # evidence; automatic = linked without reviews) and the deciding review, if any
    # (decision accept | reject | '', reviewer, note, decided_at). The review queue and
    # the audit read these; ADDRESSED_BY stays the answer.
    EdgeType(
        "CANDIDATE",
        (("Recommendation", "Measure"),),
        {
            "confidence": "DOUBLE",
            "method": "STRING",
            "evidence": "STRING",
            "automatic": "BOOLEAN",
            "decision": "STRING",
            "reviewer": "STRING",
            "note": "STRING",
            "decided_at": "STRING",
        },
    ),
    EdgeType("PART_OF", (("Recommendation", "Recommendation"),)),
    EdgeType("CONCERNS", (("Recommendation", "Pillar"),), {"via": "STRING"}),
    # the 2021 outline (003), councils and the 2025-02-07 meeting (004)
    EdgeType("EDITION_OF", (("PolicyEdition", "Pillar"),), {"changes": "STRING[]"}),
    EdgeType("MEMBER_OF", (("Ministry", "Council"),), {"role": "STRING", "position": "STRING"}),
    EdgeType("MEETING_OF", (("Meeting", "Council"),)),
    EdgeType(
        "ATTENDED",
        (("Ministry", "Meeting"),),
        {"person": "STRING", "title": "STRING", "proxy": "BOOLEAN", "order": "INT64"},
    ),
    EdgeType(
        "STATED",
        (("Ministry", "Meeting"),),
        {"statement": "STRING", "text": "STRING", "order": "INT64"},
    ),
    EdgeType("SPOKEN_AT", (("Statement", "Meeting"),)),
    EdgeType(
        "MENTIONS",
        (("Statement", "Measure"),),
        {"evidence": "STRING", "score": "DOUBLE", "terms": "STRING[]", "method": "STRING"},
    ),
    # The ministry network of graph/network.py: one edge per unordered pair, from the name
    # that sorts first; weight = sum over shared measures, councils, recommendations of
    # 1 / (number of ministries sharing it - 1).
    EdgeType(
        "MINISTRY_LINK",
        (("Ministry", "Ministry"),),
        {
            "weight": "DOUBLE",
            "measures": "INT64[]",
            "councils": "STRING[]",
            "recommendations": "STRING[]",
        },
    ),
)


def edge_pair_ok(edge_type: str, src_label: str, dst_label: str) -> bool:
    """Whether the model allows an edge of ``edge_type`` from ``src_label`` to ``dst_label``."""
    return (src_label, dst_label) in EDGES[edge_type].pairs


class RecommendationStatus(StrEnum):
    """``Recommendation.status``: how far the graph shows a recommendation answered."""

    addressed = "addressed"  # its response, a curated entry or a reviewer names the measure
    likely_addressed = "likely_addressed"  # text evidence only (ADDRESSED_BY text, confidence)
    responded = "responded"  # the government answered it (ANSWERED_BY), naming no measure
    open = "open"  # none of these
    not_an_ask = "not_an_ask"  # R7 background: facts, findings, a pointer to the annex
