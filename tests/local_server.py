"""Servers on this machine for tests and bench/: a free loopback port, the app served by
uvicorn in a thread, and ``kodoku serve`` in a subprocess (bench/ puts tests/ on
``sys.path`` and imports this module as ``local_server``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mcp.client.stdio import StdioServerParameters


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_in_thread(app: Any, *, timeout_s: float = 60) -> Iterator[str]:
    """Serve the ASGI ``app`` with uvicorn on 127.0.0.1:<free port> in a thread; yields
    its base URL and stops the server on exit."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def start_kodoku_serve(
    env: dict[str, str], *, timeout_s: float, capture_stderr: bool = False
) -> tuple[subprocess.Popen, str]:
    """``kodoku serve`` in a subprocess on 127.0.0.1:<free port>, with ``env`` added to this
    process's environment; its process and base URL once ``/health`` answers 200. Raises
    RuntimeError (with the tail of its stderr when captured) if it exits, and kills it if it
    does not answer within ``timeout_s``."""
    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from kodoku_graph.cli import app; app()", "serve",
         "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if capture_stderr else subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            raise RuntimeError(f"kodoku serve exited {tail}".strip())
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("kodoku serve did not start")


def kodoku_command() -> str:
    """The ``kodoku`` script of this environment (beside the interpreter, else on PATH)."""
    beside = Path(sys.executable).with_name("kodoku")
    found = str(beside) if beside.exists() else shutil.which("kodoku")
    if not found:
        raise RuntimeError("the kodoku script is not installed (pip install -e .)")
    return found


def kodoku_mcp_params(env: dict[str, str]) -> StdioServerParameters:
    """The SDK's ``StdioServerParameters`` that start ``kodoku mcp`` with ``env``."""
    from mcp.client.stdio import StdioServerParameters

    return StdioServerParameters(command=kodoku_command(), args=["mcp"], env=env)
