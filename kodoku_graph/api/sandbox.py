"""Ad-hoc Cypher in a pool of worker processes, so no statement can hurt the API process.

Each worker (started by ``multiprocessing``'s forkserver) opens the embedded store
read-only itself, from a picklable :class:`WorkerSpec`, with a bounded buffer pool and
database mapping, one engine thread, a lower CPU priority (``nice``), no core files and an
address-space limit (``RLIMIT_AS``): a statement that wants more memory fails inside the
worker. LadybugDB lets several processes open one database read-only at the same time
(the API process keeps its own read-only connection for the catalog and the pages).

:meth:`Sandbox.run` hands one statement to an idle worker and waits at most the time
limit (the engine's own limit is set too; parsing is not covered by it): past it, or when
the worker dies (a segfault in the engine), the worker is killed and replaced in the
background, and the request gets :class:`~kodoku_graph.errors.QueryTimeoutError` (504) or
:class:`~kodoku_graph.errors.QueryCrashedError` (500). Rows are read one by one and cut at
the row limit (one more is read to tell ``truncated``); the pickled answer is bounded too.

The Neo4j backend needs no sandbox (the server enforces READ access mode and the
transaction timeout): :func:`run_neo4j_capped` streams its rows with the same cap.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import pickle
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from kodoku_graph.errors import (
    BusyError,
    KodokuError,
    ParameterError,
    QueryCrashedError,
    QueryResourceError,
    QueryTimeoutError,
    StoreError,
)
from kodoku_graph.settings import Settings

log = logging.getLogger(__name__)

MiB = 1 << 20
#: Largest pickled answer a worker sends (rows are already cut at the row limit).
MAX_ANSWER_BYTES = 32 * MiB
#: How long past the time limit a worker may take before it is killed.
GRACE_S = 0.3
#: Engine messages of a statement that ran out of the worker's memory.
_MEMORY = ("Buffer manager exception", "bad_alloc", "Unable to allocate", "Mmap for size")


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to open the store (picklable: sent to the new process)."""

    path: str
    memory_bytes: int
    buffer_pool_bytes: int
    max_db_bytes: int
    threads: int = 1
    nice: int = 10

    @classmethod
    def for_settings(cls, settings: Settings) -> WorkerSpec:
        """The spec of ``settings``: a quarter of the memory limit for the buffer pool,
        the database mapping a power of two at least twice the store file."""
        memory = settings.cypher_memory_mb * MiB
        size = settings.store_path.stat().st_size if settings.store_path.exists() else 0
        max_db = 256 * MiB
        while max_db < 2 * size:
            max_db *= 2
        return cls(
            path=str(settings.store_path),
            memory_bytes=memory,
            buffer_pool_bytes=memory // 4,
            max_db_bytes=max_db,
            threads=settings.cypher_threads,
        )


@dataclass
class AdhocResult:
    """Columns, rows (at most the row limit) and whether rows were cut."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


def _worker_main(spec: WorkerSpec, conn: Connection) -> None:  # pragma: no cover - child
    """The worker loop: open the store read-only under the limits, then answer jobs
    ``(cypher, params, limit, timeout_ms)`` until the pipe closes."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (spec.memory_bytes, spec.memory_bytes))
    os.nice(spec.nice)
    import ladybug

    from kodoku_graph.graph.stores.embedded import _plain

    try:
        db = ladybug.Database(
            spec.path,
            read_only=True,
            buffer_pool_size=spec.buffer_pool_bytes,
            max_num_threads=spec.threads,
            max_db_size=spec.max_db_bytes,
        )
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            cypher, params, limit, timeout_ms = conn.recv()
        except (EOFError, OSError):
            return
        answer: tuple[Any, ...]
        try:
            c = ladybug.Connection(db)  # a fresh connection: no session state carries over
            try:
                c.set_query_timeout(timeout_ms)
                res = c.execute(cypher, params)
                if isinstance(res, list):
                    res = res[-1]
                columns = res.get_column_names()
                rows: list[list[Any]] = []
                while len(rows) <= limit and res.has_next():
                    rows.append([_plain(v) for v in res.get_next()])
                answer = ("ok", columns, rows[:limit], len(rows) > limit)
            finally:
                c.close()
        except MemoryError:
            answer = ("memory", "out of memory")
        except (TypeError, ValueError, OverflowError) as exc:  # a parameter it cannot take
            answer = ("param", str(exc))
        except Exception as exc:  # the engine's RuntimeError, or a value it cannot convert
            answer = ("error", str(exc).strip() or type(exc).__name__)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", "out of memory"))
        if len(data) > MAX_ANSWER_BYTES:
            data = pickle.dumps(("memory", f"the answer is larger than {MAX_ANSWER_BYTES} bytes"))
        conn.send_bytes(data)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    pid: int = 0
    replaced: bool = False


@dataclass
class Sandbox:
    """A pool of ``size`` worker processes running ad-hoc Cypher on the embedded store."""

    spec: WorkerSpec
    size: int = 2
    start_timeout_s: float = 60.0
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue, init=False)
    _all: set[int] = field(default_factory=set, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _closed: bool = field(default=False, init=False)
    _workers: dict[int, _Worker] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(["ladybug", __name__])
        started = [self._start() for _ in range(self.size)]
        for w in started:
            self._idle.put(self._ready(w))
        threading.Thread(target=self._watch, name="kodoku-cypher-watch", daemon=True).start()

    def _watch(self) -> None:
        """Replace a worker that dies while idle (killed from outside, out of memory)."""
        while not self._closed:
            time.sleep(0.25)
            with self._lock:
                dead = [w for w in self._workers.values() if not w.process.is_alive()]
            for w in dead:
                if not self._closed:
                    self._replace(w)

    # --- workers -------------------------------------------------------------------------

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_worker_main, args=(self.spec, child), name="kodoku-cypher", daemon=True
        )
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def _ready(self, w: _Worker) -> _Worker:
        """Wait for ``w`` to open the store; :class:`StoreError` if it cannot."""
        try:
            if not w.conn.poll(self.start_timeout_s):
                raise StoreError("a Cypher worker did not start in time")
            msg = w.conn.recv()
        except (EOFError, OSError):
            w.process.join(timeout=2)
            msg = ("failed", f"the worker exited with {w.process.exitcode}")
        except StoreError:
            self._kill(w)
            raise
        if msg[0] != "ready":
            self._kill(w)
            raise StoreError(f"a Cypher worker cannot open the store: {msg[1]}")
        w.pid = msg[1]
        with self._lock:
            self._workers[w.pid] = w
        return w

    def _kill(self, w: _Worker) -> None:
        with self._lock:
            self._workers.pop(w.pid, None)
        try:
            w.process.kill()
        except Exception:  # already gone
            pass
        w.process.join(timeout=5)
        w.conn.close()

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` and start its replacement in the background (once per worker)."""
        with self._lock:
            if w.replaced:
                return
            w.replaced = True
        self._kill(w)

        def respawn() -> None:
            for attempt in range(5):
                if self._closed:
                    return
                try:
                    new = self._ready(self._start())
                except StoreError as exc:
                    log.warning("respawning a Cypher worker failed: %s", exc)
                    time.sleep(0.5 * (attempt + 1))
                    continue
                if self._closed:
                    self._kill(new)
                else:
                    self._idle.put(new)
                return

        threading.Thread(target=respawn, name="kodoku-cypher-respawn", daemon=True).start()

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return sorted(pid for pid, w in self._workers.items() if w.process.is_alive())

    # --- running -------------------------------------------------------------------------

    def run(
        self, cypher: str, params: dict[str, Any] | None, *, limit: int, timeout_ms: int
    ) -> AdhocResult:
        """Run one (already checked) statement in a worker, within ``timeout_ms`` in all
        (waiting for a free worker included), keeping at most ``limit`` rows."""
        if self._closed:
            raise StoreError("the Cypher workers are shut down")
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            try:
                w = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise BusyError("every Cypher worker is busy: try again later") from None
            if w.process.is_alive():
                break
            self._replace(w)  # died while idle (killed from outside): replace, take another
        remaining = deadline - time.monotonic()
        if remaining <= 0.001:
            self._idle.put(w)
            raise QueryTimeoutError("query exceeded the time limit (waiting for a worker)")
        healthy = False
        try:
            w.conn.send((cypher, params or {}, limit, max(1, int(remaining * 1000))))
            if not w.conn.poll(remaining + GRACE_S):
                raise QueryTimeoutError("query exceeded the time limit and was stopped")
            answer = pickle.loads(w.conn.recv_bytes(MAX_ANSWER_BYTES + 4096))
            healthy = True
        except (EOFError, OSError, pickle.UnpicklingError):
            raise QueryCrashedError(
                "the statement crashed its worker process (replaced; the server is fine)"
            ) from None
        finally:
            if healthy:
                self._idle.put(w)
            else:
                self._replace(w)
        return _result(answer)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers.values())
        for w in workers:
            self._kill(w)


def _result(answer: tuple[Any, ...]) -> AdhocResult:
    """A worker's answer as a result, or the project's error."""
    from kodoku_graph.graph.stores.embedded import _translate

    kind = answer[0]
    if kind == "ok":
        return AdhocResult(columns=answer[1], rows=answer[2], truncated=answer[3])
    message = str(answer[1])
    first = message.splitlines()[0] if message else kind
    if kind == "param":
        raise ParameterError(f"a parameter value the store cannot take: {first}")
    if kind == "memory" or any(m in message for m in _MEMORY):
        raise QueryResourceError(f"the statement needs more memory than allowed: {first}")
    err = _translate(RuntimeError(message))
    if isinstance(err, KodokuError):
        raise err
    raise StoreError(f"embedded store: {first}")


def run_neo4j_capped(
    store: Any, cypher: str, params: dict[str, Any] | None, *, limit: int, timeout_ms: int
) -> AdhocResult:
    """Run ``cypher`` on a :class:`~kodoku_graph.graph.stores.neo4j.Neo4jStore` in a READ
    transaction with the server-side ``timeout_ms``, reading at most ``limit + 1`` rows."""
    import neo4j
    from neo4j import exceptions as n4e

    from kodoku_graph.graph.stores.neo4j import plain, translate

    try:
        with store._driver.session(
            database=store.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            with session.begin_transaction(timeout=timeout_ms / 1000) as tx:
                result = tx.run(cypher, params or {})
                columns = list(result.keys())
                rows: list[list[Any]] = []
                for record in result:
                    rows.append([plain(v) for v in record.values()])
                    if len(rows) > limit:
                        break
                tx.rollback()  # read-only: nothing to keep
    except n4e.Neo4jError as exc:
        raise translate(exc, store.uri) from None
    except n4e.DriverError as exc:
        raise StoreError(f"Neo4j at {store.uri}: {exc}") from None
    return AdhocResult(columns=columns, rows=rows[:limit], truncated=len(rows) > limit)
