"""Latency of the MCP tools, as an assistant sees them: ``kodoku mcp`` started over stdio
with the SDK's client, each call repeated, p50/p99 (ms) per call printed as JSON, with the
time from launch to the first answer (``startup``: process, imports, handshake, tools/list).

    python bench/mcp_latency.py [--repeat 50] [--home .kodoku]

The first call of gaps and search reads and indexes the measure texts / search index once
(``first`` per call); the rest are from the cached index.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import Client

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "tests"):  # run as a script: the package, the test servers
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from local_server import kodoku_mcp_params  # noqa: E402

from bench.run import quantile  # noqa: E402
from kodoku_graph.graph.artifacts import ensure_built  # noqa: E402
from kodoku_graph.settings import Settings  # noqa: E402

#: The calls measured: label → (tool, arguments).
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "gaps": ("gaps", {}),
    "gaps text=居場所": ("gaps", {"text": "居場所"}),
    "run_query measure no=127": ("run_query", {"name": "measure", "params": {"no": 127}}),
    "run_query area-coverage": ("run_query", {"name": "area-coverage"}),
    "search 居場所": ("search", {"text": "居場所"}),
    "node M127": ("node", {"id": "M127"}),
    "node 内閣府": ("node", {"id": "内閣府"}),
    "schema": ("schema", {}),
    "run_query unknown (error)": ("run_query", {"name": "nope"}),
}


async def measure(home: Path, repeat: int) -> dict[str, Any]:
    params = kodoku_mcp_params({"KODOKU_HOME": str(home.resolve())})
    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    async with Client(params) as client:
        await client.list_tools()
        out["startup_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        for label, (tool, args) in CALLS.items():
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                await client.call_tool(tool, args)
                times.append((time.perf_counter() - t) * 1000)
            out[label] = {
                "first": round(times[0], 1),
                "p50": round(quantile(times, 0.5), 1),
                "p99": round(quantile(times, 0.99), 1),
                "n": repeat,
            }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=50, help="calls per tool and arguments")
    ap.add_argument("--home", type=Path, default=None, help="build home (default: $KODOKU_HOME)")
    args = ap.parse_args()
    settings = Settings(home=args.home) if args.home else Settings()
    ensure_built(settings)
    result = anyio.run(measure, settings.home, args.repeat)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
