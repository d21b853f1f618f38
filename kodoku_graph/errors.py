"""One exception root for the whole project.

Every error a user can cause (bad data directory, unparsable source, unknown query,
bad parameter, store problems) is a :class:`KodokuError`; the CLI prints its message on one
line and exits non-zero, the API turns it into a JSON error body with ``status``.
"""

from __future__ import annotations


class KodokuError(Exception):
    """Root of every error kodoku-graph raises on purpose."""

    #: HTTP status the API answers with for this error.
    status: int = 500
    #: Stable machine-readable error code (used in JSON error bodies).
    code: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataDirError(KodokuError):
    """The data directory is missing, unreadable or lacks a source file."""

    code = "data_dir"


class SourceParseError(KodokuError):
    """A source file does not have the structure its loader expects."""

    code = "source_parse"

    def __init__(self, file: str, line: int, expected: str, found: str = "") -> None:
        self.file, self.line, self.expected, self.found = file, line, expected, found
        detail = f" (found {found!r})" if found else ""
        super().__init__(f"{file}:{line}: expected {expected}{detail}")


class NotFoundError(KodokuError):
    """An id, name or query that does not exist."""

    status = 404
    code = "not_found"


class QueryNotFoundError(NotFoundError):
    """A query name that is not in the catalog."""

    code = "unknown_query"


class ParameterError(KodokuError):
    """A query or API parameter is missing or has the wrong type."""

    status = 422
    code = "bad_parameter"


class CypherSyntaxError(KodokuError):
    """An ad-hoc Cypher statement the store rejects as invalid."""

    status = 400
    code = "invalid_cypher"


class QueryFailedError(KodokuError):
    """A well-formed statement that fails while it runs (division by zero, overflow,
    a parameter value the store cannot take)."""

    status = 400
    code = "query_failed"


class ReadOnlyViolation(KodokuError):
    """A write was attempted through the read-only query path."""

    status = 403
    code = "write_forbidden"


class QueryTimeoutError(KodokuError):
    """A query ran longer than the configured time limit."""

    status = 504
    code = "timeout"


class StoreError(KodokuError):
    """The store is missing, unreachable or failed."""

    status = 503
    code = "store"


class BuildMissingError(StoreError):
    """No build has been made in the home directory yet."""

    code = "no_build"


class BuildDamagedError(StoreError):
    """The current build is incomplete or its files changed after it was written."""

    code = "damaged_build"


# --- ad-hoc Cypher: limits and isolation (kodoku_graph.api.sandbox) -----------------------


class CypherDisabledError(KodokuError):
    """``POST /cypher`` is turned off on this server (``KODOKU_CYPHER=off``)."""

    status = 403
    code = "cypher_disabled"


class QueryResourceError(KodokuError):
    """An ad-hoc statement needs more memory (or a bigger result) than a worker may use."""

    status = 400
    code = "resource_limit"


class QueryCrashedError(KodokuError):
    """The worker process running an ad-hoc statement died (it is replaced)."""

    status = 500
    code = "query_crashed"


class BusyError(StoreError):
    """Every ad-hoc query worker stayed busy for the whole time limit."""

    code = "busy"


class BodyTooLargeError(KodokuError):
    """A request body larger than the server accepts."""

    status = 413
    code = "body_too_large"


class IncompleteSourceError(SourceParseError):
    """A source document is cut short or extended: a number missing or beyond its last,
    a closing section missing (see :mod:`kodoku_graph.loaders.completeness`)."""

    code = "incomplete_source"

    def __init__(self, file: str, line: int, problem: str, more: int = 0) -> None:
        self.file, self.line, self.expected, self.found = file, line, problem, ""
        self.more = more
        also = f" (and {more} more finding{'s' if more != 1 else ''})" if more else ""
        KodokuError.__init__(
            self,
            f"{file}:{line}: {problem}{also}; the source looks incomplete"
            " (`kodoku build --allow-incomplete` builds anyway and lists every finding"
            " in the report)",
        )


# --- the review loop (kodoku_graph.api.routes.reviews) -----------------------------------


class ReviewDisabledError(KodokuError):
    """Reviewing is off on this server (no ``KODOKU_REVIEW_TOKEN``)."""

    status = 403
    code = "review_disabled"


class UnauthorizedError(KodokuError):
    """A write without credentials (no ``Authorization: Bearer`` header, no review cookie)."""

    status = 401
    code = "unauthorized"


class ForbiddenError(KodokuError):
    """A write with a wrong token, or from another origin."""

    status = 403
    code = "forbidden"
