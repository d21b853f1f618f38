"""Latency of the API and the explorer under a short local load (loopback only).

Starts uvicorn with the real app on a free 127.0.0.1 port, sends a bounded number of
requests from a few client threads to each URL, and prints p50/p99 (ms) per URL as JSON.

    python bench/api_latency.py [--requests 400] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import uvicorn

from kodoku_graph.api import create_app
from kodoku_graph.cli import open_store
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400, help="requests per URL (bounded)")
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()

    settings = Settings()
    open_store(settings).close()  # build first if missing
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
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
    with httpx.Client(base_url=base, timeout=30) as client:
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
                "p99_ms": round(percentile(times, 99), 2),
                "rps": round(args.requests / wall, 1),
            }
    server.should_exit = True
    thread.join(timeout=30)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
