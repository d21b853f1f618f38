"""The API under attack: normal clients' latency with and without clients that send
statements running into the /cypher time limit (loopback only, bounded loops).

Starts ``kodoku serve`` in a subprocess on a free 127.0.0.1 port (the embedded store of
KODOKU_HOME, built first if missing), then runs two phases of ``--duration`` seconds:

* quiet: ``--clients`` threads loop over normal requests (health, resources, a catalog
  query, an explorer page);
* under attack: the same, plus ``--attackers`` threads that each send, back to back, a
  statement that runs until the time limit stops it (a cross product of the nodes).

Prints a markdown table: requests, requests/s, p50 and p99 (ms) and errors of the normal
clients per phase, and the attackers' statements with their status and how far past the
limit they were answered.

    python bench/attack.py [--duration 30] [--clients 8] [--attackers 2] [--timeout-ms 5000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests") not in sys.path:  # run as a script: the test servers
    sys.path.insert(0, str(ROOT / "tests"))

from local_server import start_kodoku_serve  # noqa: E402

#: What normal clients ask for, in turn.
NORMAL = [
    ("GET", "/health"),
    ("GET", "/measures?limit=20"),
    ("GET", "/measures/127"),
    ("GET", "/queries/measure?no=127"),
    ("GET", "/pillars"),
    ("GET", "/explore/measures/127"),
]
#: A statement that runs until the time limit stops it.
SLOW = "MATCH (a), (b), (c) WHERE a.src + b.src + c.src = 'x' RETURN count(*) AS n"
#: Upper bound on the requests of one client in one phase (the loops are bounded).
MAX_REQUESTS = 200_000


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] if xs else float("nan")


@dataclass
class Phase:
    """What one phase measured."""

    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    attacks: list[tuple[int, float]] = field(default_factory=list)  # (status, seconds)


def start_server(timeout_ms: int, home: str | None = None) -> tuple[subprocess.Popen, str]:
    """``kodoku serve`` with the time limit ``timeout_ms`` (and KODOKU_HOME ``home``)."""
    env = {"KODOKU_QUERY_TIMEOUT_MS": str(timeout_ms)}
    if home:
        env["KODOKU_HOME"] = home
    try:
        return start_kodoku_serve(env, timeout_s=300)
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from exc


def run_phase(base: str, name: str, clients: int, attackers: int, duration: float) -> Phase:
    phase = Phase(name)
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def normal(k: int) -> None:
        lat: list[float] = []
        errors = 0
        with httpx.Client(base_url=base, timeout=60) as http:
            for i in range(MAX_REQUESTS):
                if time.monotonic() >= stop:
                    break
                method, url = NORMAL[(i + k) % len(NORMAL)]
                t0 = time.perf_counter()
                try:
                    ok = http.request(method, url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                lat.append(time.perf_counter() - t0)
                errors += not ok
        with lock:
            phase.latencies += lat
            phase.errors += errors

    def attacker() -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            for _ in range(MAX_REQUESTS):
                if time.monotonic() >= stop:
                    break
                t0 = time.perf_counter()
                try:
                    status = http.post("/cypher", json={"cypher": SLOW}).status_code
                except httpx.HTTPError:
                    status = 0
                with lock:
                    phase.attacks.append((status, time.perf_counter() - t0))

    threads = [threading.Thread(target=normal, args=(k,)) for k in range(clients)]
    threads += [threading.Thread(target=attacker) for _ in range(attackers)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # normal clients stop at the deadline; an attacker's last statement may run past it
    phase.seconds = min(time.perf_counter() - t0, duration)
    return phase


def report(phases: list[Phase], args: argparse.Namespace) -> str:
    limit = args.timeout_ms / 1000
    lines = [
        f"Normal clients: {args.clients} threads looping over {len(NORMAL)} requests "
        f"(health, resources, a catalog query, an explorer page); attackers: "
        f"{args.attackers} threads sending `{SLOW}` back to back; time limit "
        f"{args.timeout_ms} ms; {args.duration:g} s per phase; loopback.",
        "",
        "| phase | normal requests | requests/s | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for ph in phases:
        n = len(ph.latencies)
        lines.append(
            f"| {ph.name} | {n} | {n / ph.seconds:.1f} | {percentile(ph.latencies, 50) * 1000:.1f} "
            f"| {percentile(ph.latencies, 99) * 1000:.1f} | {ph.errors} |"
        )
    attacked = [ph for ph in phases if ph.attacks]
    if attacked:
        lines += [
            "",
            "| attack statements | statuses | answered after (s): min / max | past the limit (s): max |",
            "| ---: | --- | --- | ---: |",
        ]
        for ph in attacked:
            took = [s for _, s in ph.attacks]
            statuses = ", ".join(
                f"{k}×{v}" for k, v in sorted(Counter(c for c, _ in ph.attacks).items())
            )
            lines.append(
                f"| {len(ph.attacks)} | {statuses} | {min(took):.2f} / {max(took):.2f} "
                f"| {max(took) - limit:+.2f} |"
            )
    if len(phases) == 2 and phases[0].latencies and phases[1].latencies:
        q, a = (percentile(ph.latencies, 99) for ph in phases)
        lines += ["", f"p99 under attack / quiet p99: {a / q:.2f}× (goal ≤ 2×)"]
    return "\n".join(lines)


def measure(args: argparse.Namespace) -> str:
    """Both phases against a fresh ``kodoku serve``; the markdown report."""
    proc, base = start_server(args.timeout_ms, getattr(args, "home", None))
    try:
        run_phase(base, "warm-up", args.clients, 0, min(3.0, args.duration))
        phases = [
            run_phase(base, "quiet", args.clients, 0, args.duration),
            run_phase(base, "under attack", args.clients, args.attackers, args.duration),
        ]
        alive = proc.poll() is None and httpx.get(base + "/health").status_code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return report(phases, args) + f"\n\nserver alive after the run: {'yes' if alive else 'NO'}"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--attackers", type=int, default=2)
    ap.add_argument("--timeout-ms", type=int, default=5000, help="the server's time limit")
    ap.add_argument("--home", default=None, help="KODOKU_HOME of the server (default: env)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    print(measure(parse_args(argv)))


if __name__ == "__main__":
    main()
