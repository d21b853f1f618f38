"""Latency of the API and the explorer under a short local load (loopback only).

Starts uvicorn with the real app on a free 127.0.0.1 port, sends a bounded number of
requests from a few client threads to each URL, and prints p50/p99 (ms) per URL as JSON.

    python bench/api_latency.py [--requests 400] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "tests"):  # run as a script: `bench`, the package, test servers
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from local_server import serve_in_thread  # noqa: E402

from bench.run import quantile  # noqa: E402
from kodoku_graph.api import create_app  # noqa: E402
from kodoku_graph.graph.artifacts import ensure_built  # noqa: E402
from kodoku_graph.queries import Catalog  # noqa: E402
from kodoku_graph.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400, help="requests per URL (bounded)")
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()

    settings = Settings()
    ensure_built(settings)
    query = (
        "unaddressed-recommendations"
        if "unaddressed-recommendations" in Catalog.load().queries
        else "measure"
    )
    urls = [
        f"/queries/{query}" + ("?no=127" if query == "measure" else ""),
        "/explore/measures/127",
        "/measures/127",
    ]
    out = {
        "requests_per_url": args.requests,
        "threads": args.threads,
        "catalog_query": query,
        "urls": {},
    }
    with (
        serve_in_thread(create_app(settings)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        for url in urls:
            for _ in range(10):  # warm-up
                client.get(url).raise_for_status()

            def one(_: int, url: str = url) -> float:
                t0 = time.perf_counter()
                client.get(url).raise_for_status()
                return (time.perf_counter() - t0) * 1000

            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.threads) as pool:
                times = list(pool.map(one, range(args.requests)))
            wall = time.perf_counter() - t0
            out["urls"][url] = {
                "p50_ms": round(statistics.median(times), 2),
                "p99_ms": round(quantile(times, 0.99), 2),
                "rps": round(args.requests / wall, 1),
            }
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
