"""Build outputs on disk: the embedded store, graph.json and report.json, as one unit.

A build writes everything into a fresh directory ``$KODOKU_HOME/builds/<id>/`` and then
swaps the symbolic link ``$KODOKU_HOME/current`` to it (``os.replace`` of a link is
atomic), so readers see either the old build or the new one, never a mix. A build killed
at any moment leaves ``current`` as it was; its directory is removed by the next build.
A ``manifest.json`` written last records the SHA-256 of the store and the two JSON files
(the store is opened read-only and never changes after the build); a build
without one, or whose files do not match it, is damaged and :func:`check_build` refuses it.

>>> import tempfile
>>> from kodoku_graph.settings import Settings
>>> s = Settings(home=Path(tempfile.mkdtemp()))
>>> check_build(s)
Traceback (most recent call last):
...
kodoku_graph.errors.BuildMissingError: no build in ... yet: run `kodoku build`
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kodoku_graph.errors import BuildDamagedError, BuildMissingError
from kodoku_graph.graph.export import counts, write_json
from kodoku_graph.graph.pipeline import STAGES, BuildResult, build_graph
from kodoku_graph.graph.stores.embedded import create_database
from kodoku_graph.settings import Settings

#: The files of one build, written in this order; the manifest is written last.
GRAPH_JSON, REPORT_JSON, STORE, MANIFEST = (
    "graph.json",
    "report.json",
    "store.lbdb",
    "manifest.json",
)
#: How many build steps :func:`build` reports to ``progress`` (stages + store + files).
STEPS = len(STAGES) + 2


@dataclass
class BuildOutput:
    """A finished build: the graph and report, what the store holds, where it went."""

    result: BuildResult
    written: dict[str, int]
    directory: Path


def report_document(result: BuildResult) -> dict[str, Any]:
    """The data-quality report as a JSON-able document."""
    return {
        "counts": counts(result.graph),
        "stats": result.report.stats,
        "problems_by_kind": result.report.by_kind(),
        "problems": [p.model_dump() for p in result.report.problems],
        "timings_s": {k: round(v, 4) for k, v in result.timings.items()},
    }


def build(
    settings: Settings,
    progress: Callable[[str], None] | None = None,
    *,
    allow_incomplete: bool = False,
) -> BuildOutput:
    """Build the graph from ``settings.data_dir`` and publish store, graph.json and
    report.json under ``settings.home`` as one unit (see the module docstring).

    ``progress`` is called with the name of each step as it starts (:data:`STEPS` calls).
    A failure leaves the previous build in place and raises; a source document that is
    cut short or extended is a failure unless ``allow_incomplete`` (see
    :func:`~kodoku_graph.graph.pipeline.build_graph`).
    """
    settings.home.mkdir(parents=True, exist_ok=True)
    with _build_lock(settings.home):
        remove_stale(settings.home)
        result = build_graph(
            settings.data_dir,
            settings.curated_dir,
            progress=progress,
            allow_incomplete=allow_incomplete,
        )
        directory = _new_build_dir(settings.home)
        if progress:
            progress("embedded store")
        t0 = time.perf_counter()
        written = create_database(result.graph, directory / STORE)
        result.timings["embedded-store"] = time.perf_counter() - t0
        if progress:
            progress("graph.json")
        t0 = time.perf_counter()
        write_json(result.graph, result.meta, directory / GRAPH_JSON)
        report = json.dumps(report_document(result), ensure_ascii=False, indent=1) + "\n"
        (directory / REPORT_JSON).write_text(report, encoding="utf-8")
        result.timings["export"] = time.perf_counter() - t0
        _write_manifest(directory, result.meta, written)
        _publish(settings.home, directory)
        remove_stale(settings.home)
    return BuildOutput(result=result, written=written, directory=directory)


def rebuild(settings: Settings, backend: str | None = None) -> BuildOutput:
    """:func:`build`, and with the Neo4j backend also reload Neo4j from the new graph
    (idempotent, and pruned: edges and nodes the new graph no longer has are removed, so
    a rejected link disappears there too). Used after a reviewer's decision."""
    output = build(settings)
    if (backend or settings.backend) == "neo4j":
        from kodoku_graph.graph.stores import neo4j as neo4j_store

        driver = neo4j_store.connect(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value()
        )
        try:
            neo4j_store.import_graph(driver, output.result.graph, prune=True)
        finally:
            driver.close()
    return output


def ensure_built(settings: Settings, notify: Callable[[str], None] | None = None) -> None:
    """Build if ``settings.home`` holds no build yet; refuse a damaged one."""
    try:
        check_build(settings)
    except BuildMissingError:
        if notify:
            notify(f"no build in {settings.home}: building it first")
        build(settings)


def check_build(settings: Settings) -> dict[str, Any]:
    """The manifest of the current build; :class:`BuildMissingError` if there is none,
    :class:`BuildDamagedError` if a file is missing or does not match the manifest."""
    current = settings.home / "current"
    if not current.is_symlink() and not current.exists():
        raise BuildMissingError(f"no build in {settings.home} yet: run `kodoku build`")
    manifest_path = current / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildDamagedError(
            f"damaged build at {current.resolve()}: cannot read {MANIFEST} ({exc.__class__.__name__});"
            " run `kodoku build`"
        ) from None
    if not (current / STORE).exists():
        raise BuildDamagedError(f"damaged build at {current.resolve()}: {STORE} is missing")
    for name, digest in manifest.get("sha256", {}).items():
        path = current / name
        if not path.is_file() or _sha256(path) != digest:
            raise BuildDamagedError(
                f"damaged build at {current.resolve()}: {name} is missing or changed since the"
                " build; run `kodoku build`"
            )
    return manifest


def remove_stale(home: Path) -> list[Path]:
    """Delete build directories that are neither the current build nor the one before it
    (killed builds, old builds). Returns what was removed."""
    builds = home / "builds"
    if not builds.is_dir():
        return []
    keep = {_target(home / "current"), _target(home / "previous")}
    removed = [p for p in home.glob(".*.*") if p.is_symlink()]  # links of a killed swap
    for link in removed:
        link.unlink()
    for d in sorted(builds.iterdir()):
        if d.resolve() not in keep:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


def _target(link: Path) -> Path | None:
    return link.resolve() if link.is_symlink() else None


def _new_build_dir(home: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    directory = home / "builds" / f"{stamp}-{os.getpid()}-{secrets.token_hex(3)}"
    directory.mkdir(parents=True)
    return directory


def _write_manifest(directory: Path, meta: dict[str, Any], written: dict[str, int]) -> None:
    manifest = {
        "built_at": meta["built_at"],
        "generator": meta["generator"],
        "store": {"file": STORE, **written},
        "sha256": {name: _sha256(directory / name) for name in (GRAPH_JSON, REPORT_JSON, STORE)},
    }
    tmp = directory / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _fsync_dir_files(directory)
    os.replace(tmp, directory / MANIFEST)


def _publish(home: Path, directory: Path) -> None:
    """Point ``home/current`` at ``directory`` (and ``home/previous`` at the old build)."""
    current = home / "current"
    old = _target(current)
    if old is not None:
        _swap_link(home / "previous", old)
    _swap_link(current, directory)


def _swap_link(link: Path, target: Path) -> None:
    tmp = link.with_name(f".{link.name}.{secrets.token_hex(4)}")
    tmp.symlink_to(os.path.relpath(target, link.parent))
    os.replace(tmp, link)


def _fsync_dir_files(directory: Path) -> None:
    for name in (STORE, GRAPH_JSON, REPORT_JSON, MANIFEST + ".tmp"):
        path = directory / name
        with open(path, "rb") as f:
            os.fsync(f.fileno())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def _build_lock(home: Path) -> Iterator[None]:
    """One build at a time per home (another waits)."""
    with open(home / ".build.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
