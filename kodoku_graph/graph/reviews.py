"""Reviewers' decisions on recommendation → measure links: ``reviews.yaml`` in the curated
directory (``KODOKU_CURATED_DIR``).

One entry per decision: recommendation, measure number, decision (``accept`` or
``reject``), reviewer, time (UTC, ISO 8601), note, and the evidence the reviewer saw
(the link's method, confidence and evidence at the time). Entries are kept sorted by
recommendation (natural order), measure and time, with keys in a fixed order, so the file
diffs and merges well in git: two reviewers deciding different links touch different
lines. A pair decided twice keeps both entries (the audit trail); the latest decides.

Writers (:func:`record`) take an exclusive ``fcntl`` lock on ``reviews.yaml.lock``, read
the file, add their entry and replace the file atomically (write a temporary file, fsync,
``os.replace``): concurrent writers, threads or processes, never lose a decision.

The build applies the decisions over the automatic links
(:func:`kodoku_graph.graph.linking.link_recommendations`): an accepted link becomes
``ADDRESSED_BY`` with method ``reviewed`` (confidence 1, whatever the linker scored), a
rejected one never becomes a link; a decision naming a recommendation or measure the
graph does not have goes into the data-quality report (kind ``review_unknown_id``).

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> e = record(d, "R3-1", 12, "accept", "the 養成講座 is this ask", reviewer="tanaka")
>>> [(x.recommendation, x.measure_id, x.decision, x.line) for x in load_reviews(d)]
[('R3-1', 'M012', 'accept', 6)]
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from kodoku_graph.errors import ParameterError, SourceParseError

REVIEWS_FILE = "reviews.yaml"
DECISIONS = ("accept", "reject")
#: Longest note (characters); longer notes are refused.
MAX_NOTE = 500
#: Longest reviewer name and evidence text (characters).
MAX_REVIEWER = 80
MAX_EVIDENCE = 500
#: The keys of an entry, in the order they are written.
KEYS = ("recommendation", "measure", "decision", "reviewer", "at", "note", "evidence")
HEADER = """\
# Reviewers' decisions on recommendation → measure links (`kodoku review`, POST /reviews).
# One entry per decision, sorted by recommendation, measure and time; the latest entry of a
# pair decides: accept → ADDRESSED_BY method `reviewed`, reject → never a link. Written
# under a file lock by kodoku_graph/graph/reviews.py; keep it in git.
"""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_REC_ID = re.compile(r"^R\d+-[A-Za-z0-9-]+$")


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision on one link, with the line of ``reviews.yaml`` it is on."""

    recommendation: str
    measure: int
    decision: str
    reviewer: str
    at: str
    note: str
    evidence: str
    line: int = 0

    @property
    def measure_id(self) -> str:
        """The Measure node id (``M012``)."""
        return f"M{self.measure:03d}"

    @property
    def src(self) -> str:
        """Provenance: ``reviews.yaml:LINE``."""
        return f"{REVIEWS_FILE}:{self.line}"

    def entry(self) -> dict[str, Any]:
        """The YAML entry (keys in :data:`KEYS` order)."""
        return {k: getattr(self, k) for k in KEYS}


def clean_text(text: str, limit: int, what: str) -> str:
    """``text`` stripped, without control characters (newlines and tabs become spaces);
    longer than ``limit`` characters is a :class:`ParameterError`.

    >>> clean_text("  a\\nb ", 10, "note")
    'a b'
    """
    text = _CONTROL.sub("", re.sub(r"[\r\n\t]+", " ", text or "")).strip()
    if len(text) > limit:
        raise ParameterError(f"{what} longer than {limit} characters ({len(text)})")
    return text


def make_decision(
    recommendation: str,
    measure: int | str,
    decision: str,
    note: str,
    *,
    reviewer: str,
    evidence: str = "",
    at: str | None = None,
) -> Decision:
    """A checked :class:`Decision` (a bad value is a :class:`ParameterError`)."""
    rec = (recommendation or "").strip()
    if not _REC_ID.match(rec):
        raise ParameterError(f"recommendation id {recommendation!r}: expected e.g. R3-12 or R7-A1")
    try:
        no = int(str(measure).strip().lstrip("Mm"))
    except ValueError:
        raise ParameterError(f"measure {measure!r}: expected a lineup number (1–143)") from None
    if no < 1:
        raise ParameterError(f"measure {measure!r}: expected a lineup number (1–143)")
    if decision not in DECISIONS:
        raise ParameterError(f"decision {decision!r}: expected accept or reject")
    note = clean_text(note, MAX_NOTE, "note")
    if not note:
        raise ParameterError("a note is required: say why")
    who = clean_text(reviewer, MAX_REVIEWER, "reviewer")
    if not who:
        raise ParameterError("a reviewer name is required")
    return Decision(
        recommendation=rec,
        measure=no,
        decision=decision,
        reviewer=who,
        at=at or datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        note=note,
        evidence=clean_text(evidence, MAX_EVIDENCE, "evidence")[:MAX_EVIDENCE],
    )


def _natural(text: str) -> tuple[Any, ...]:
    """Numbers inside ids by value: R3-T2 before R3-T10."""
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p
    )


def sort_key(d: Decision) -> tuple[Any, ...]:
    """The file's order: recommendation (natural), measure, time."""
    return (_natural(d.recommendation), d.measure, d.at)


def load_reviews(curated_dir: Path) -> list[Decision]:
    """Every decision of ``curated_dir/reviews.yaml`` in file order (missing file: none).
    A malformed entry is a :class:`SourceParseError` naming its line."""
    path = curated_dir / REVIEWS_FILE
    if not path.is_file():
        return []
    return parse_reviews(path.read_text(encoding="utf-8"))


def parse_reviews(text: str) -> list[Decision]:
    """The decisions of a ``reviews.yaml`` text (see :func:`load_reviews`)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceParseError(
            REVIEWS_FILE, (mark.line + 1) if mark else 1, "valid YAML", str(exc)
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("decisions") or [], list):
        raise SourceParseError(REVIEWS_FILE, 1, "a mapping with a list `decisions`", str(doc)[:80])
    nodes: list[Any] = []
    if root is not None:
        for key, value in root.value:
            if key.value == "decisions" and isinstance(value, yaml.SequenceNode):
                nodes = value.value
    out = []
    for n, entry in enumerate(doc.get("decisions") or []):
        line = nodes[n].start_mark.line + 1 if n < len(nodes) else 1
        if not isinstance(entry, dict):
            raise SourceParseError(REVIEWS_FILE, line, "a decision mapping", str(entry)[:80])
        missing = [k for k in ("recommendation", "measure", "decision", "reviewer", "at", "note")
                   if entry.get(k) in (None, "")]  # fmt: skip
        if missing:
            raise SourceParseError(
                REVIEWS_FILE, line, f"a decision with {', '.join(missing)}", str(entry)[:80]
            )
        try:
            d = make_decision(
                str(entry["recommendation"]),
                entry["measure"],
                str(entry["decision"]),
                str(entry["note"]),
                reviewer=str(entry["reviewer"]),
                evidence=str(entry.get("evidence") or ""),
                at=str(entry["at"]),
            )
        except ParameterError as exc:
            raise SourceParseError(REVIEWS_FILE, line, "a valid decision", exc.message) from None
        out.append(Decision(**{**d.__dict__, "line": line}))
    return out


def dump_reviews(decisions: list[Decision]) -> str:
    """The ``reviews.yaml`` text of ``decisions`` (sorted, keys in a fixed order)."""
    entries = [d.entry() for d in sorted(decisions, key=sort_key)]
    body = yaml.safe_dump({"decisions": entries}, allow_unicode=True, sort_keys=False, width=10_000)
    return HEADER + body


def effective(decisions: list[Decision]) -> dict[tuple[str, str], Decision]:
    """The deciding (latest) decision of each (recommendation, measure id) pair."""
    out: dict[tuple[str, str], Decision] = {}
    for d in sorted(decisions, key=lambda d: d.at):
        out[(d.recommendation, d.measure_id)] = d
    return out


@contextmanager
def locked(curated_dir: Path) -> Iterator[None]:
    """An exclusive lock on ``reviews.yaml.lock`` (one writer at a time, across processes)."""
    curated_dir.mkdir(parents=True, exist_ok=True)
    with open(curated_dir / (REVIEWS_FILE + ".lock"), "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def record(
    curated_dir: Path,
    recommendation: str,
    measure: int | str,
    decision: str,
    note: str,
    *,
    reviewer: str,
    evidence: str = "",
) -> Decision:
    """Add one decision to ``curated_dir/reviews.yaml`` (locked, atomic replace); returns it
    with its line in the new file."""
    d = make_decision(recommendation, measure, decision, note, reviewer=reviewer, evidence=evidence)
    path = curated_dir / REVIEWS_FILE
    with locked(curated_dir):
        decisions = load_reviews(curated_dir) + [d]
        text = dump_reviews(decisions)
        fd, tmp = tempfile.mkstemp(prefix=f".{REVIEWS_FILE}.", dir=curated_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            else:
                os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    for x in parse_reviews(text):
        if x.recommendation == d.recommendation and x.measure == d.measure and x.at == d.at:
            return x
    return d  # pragma: no cover - the entry was just written
