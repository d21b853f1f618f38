"""The five source documents and how to read them with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kodoku_graph.errors import DataDirError, SourceParseError


@dataclass(frozen=True)
class SourceFile:
    """A source document shipped unchanged in ``data/raw/``."""

    key: str
    name: str
    title: str


#: The sources, by the key the loaders use.
SOURCES: dict[str, SourceFile] = {
    s.key: s
    for s in [
        SourceFile(
            "lineup", "000_ca8d1dac931cfc32.txt", "2026-01-16 lineup of the plan's measures"
        ),
        SourceFile("ldp", "001_2f5fa063d9a0fec4.txt", "LDP recommendation R7 with 参考２ (R3–R6)"),
        SourceFile("status", "002_e2656c87001df674.txt", "FY2024 status report of the 2024 plan"),
        SourceFile(
            "outline", "003_9884ae59643bee2a.txt", "2021 plan outline and council membership"
        ),
        SourceFile("meeting", "004_e27298129e6a9c3e.txt", "2nd 孤独・孤立対策推進会議 minutes"),
    ]
}


#: The longest line a source may have (the longest real one has about 5,700 characters):
#: a longer one is refused before any loader sees it, so that pathological input (a
#: multi-megabyte line) cannot make a loader's regular expressions run for minutes.
MAX_LINE_CHARS = 20_000
#: The largest source file read (the largest real one has about 200 KB).
MAX_SOURCE_BYTES = 16 * 1024 * 1024


def check_data_dir(data_dir: Path) -> None:
    """Raise :class:`DataDirError` unless ``data_dir`` is a readable directory."""
    if not data_dir.exists():
        raise DataDirError(f"data directory {data_dir} does not exist")
    if not data_dir.is_dir():
        raise DataDirError(f"data directory {data_dir} is not a directory")
    try:
        next(iter(data_dir.iterdir()), None)
    except OSError as exc:
        raise DataDirError(f"data directory {data_dir} is not readable: {exc}") from exc


def read_source(data_dir: Path, key: str) -> list[str]:
    """The lines of source ``key`` (without line ends); line ``n`` is ``lines[n - 1]``.

    A file over :data:`MAX_SOURCE_BYTES` or a line over :data:`MAX_LINE_CHARS` characters
    is a :class:`SourceParseError` naming the line."""
    source = SOURCES[key]
    path = data_dir / source.name
    if not path.is_file():
        raise DataDirError(f"{path}: source file missing ({source.title})")
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceParseError(
                source.name,
                1,
                f"a text of at most {MAX_SOURCE_BYTES} bytes",
                f"{path.stat().st_size} bytes",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DataDirError(f"{path}: cannot read: {exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceParseError(
            source.name, line, "UTF-8 text", raw[exc.start : exc.end].hex()
        ) from exc
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if len(line) > MAX_LINE_CHARS:
            raise SourceParseError(
                source.name,
                i + 1,
                f"lines of at most {MAX_LINE_CHARS} characters",
                f"{len(line)} characters",
            )
    return lines
