"""What the application holds while it runs: the store and the catalog. Every page, count
and network is read from the store (graph.json is an export only).

After a reviewer's decision the graph is rebuilt in the background (:class:`Rebuilder`)
and the new build swapped in (:meth:`AppState.swap`) without a restart: requests that
started on the old store finish on it; it is closed at the next swap (or at shutdown).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kodoku_graph.api.readpool import concurrent_store
from kodoku_graph.graph import artifacts
from kodoku_graph.graph.artifacts import ensure_built
from kodoku_graph.graph.stores import open_store
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings

log = logging.getLogger(__name__)


def open_backend(settings: Settings) -> Store:
    """The store of ``settings.backend``. For the embedded store the current build is
    checked first (and made if there is none); a Neo4j server is read as it is, nothing
    local is built or read."""
    if settings.backend == "embedded":
        ensure_built(settings)
    return open_store(settings)


@dataclass
class AppState:
    """The running application's resources (opened by the lifespan, closed at shutdown)."""

    settings: Settings
    store: Store
    catalog: Catalog
    #: how many builds were swapped in since the start (the pages poll it)
    generation: int = 0
    #: called with the new store after each swap (the MCP tools, the Cypher sandbox)
    on_swap: list[Callable[[Store], None]] = field(default_factory=list)
    rebuilder: Rebuilder | None = None
    _retired: list[Store] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, settings: Settings) -> AppState:
        store = concurrent_store(open_backend(settings))  # no lock for every read
        state = cls(settings=settings, store=store, catalog=Catalog.load())
        state.rebuilder = Rebuilder(state)
        return state

    @property
    def updating(self) -> bool:
        """Whether a rebuild is under way (the pages say "updating")."""
        return self.rebuilder is not None and self.rebuilder.busy

    def swap(self, store: Store) -> None:
        """Serve ``store`` from now on; the store before it is closed at the next swap."""
        with self._lock:
            old, self.store = self.store, store
            retired, self._retired = self._retired, [old] if old is not store else []
            self.generation += 1
        for s in retired:
            s.close()
        for fn in self.on_swap:
            fn(store)

    def close(self) -> None:
        if self.rebuilder is not None:
            self.rebuilder.stop()
        with self._lock:
            stores, self._retired = [self.store, *self._retired], []
        for s in stores:
            s.close()


class Rebuilder:
    """Rebuilds in one background thread after :meth:`request`; requests that come while
    it builds are served by one more build after it (none is lost, none runs twice at
    once). Each build is swapped into the :class:`AppState` (embedded: a new store on the
    new ``current``; Neo4j: the server is reloaded, the store stays)."""

    def __init__(self, state: AppState) -> None:
        self.state = state
        self._cond = threading.Condition()
        self._pending = False
        self._running = False
        self._stopped = False
        self.last_error = ""
        self.last_seconds = 0.0

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._pending or self._running

    def request(self) -> None:
        """Ask for a rebuild (returns at once)."""
        with self._cond:
            self._pending = True
            if not self._running and not self._stopped:
                self._running = True
                threading.Thread(target=self._loop, name="kodoku-rebuild", daemon=True).start()

    def wait(self, timeout: float = 120.0) -> bool:
        """Block until no rebuild is pending or running (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending or self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
        self.wait(timeout=60.0)

    def _loop(self) -> None:
        while True:
            with self._cond:
                if not self._pending or self._stopped:
                    self._running = False
                    self._pending = False
                    self._cond.notify_all()
                    return
                self._pending = False
            self._build_once()

    def _build_once(self) -> None:
        settings = self.state.settings
        t0 = time.perf_counter()
        try:
            artifacts.rebuild(settings)
            if settings.backend == "embedded":
                self.state.swap(concurrent_store(open_store(settings)))
            else:
                self.state.swap(self.state.store)
            self.last_error = ""
        except Exception as exc:  # the old build stays served; the status shows why
            log.exception("rebuild after a review failed")
            self.last_error = f"{exc.__class__.__name__}: {exc}"
        self.last_seconds = time.perf_counter() - t0
