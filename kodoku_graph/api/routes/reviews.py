"""The review loop on the web: ``POST /reviews`` (a decision), the decision log, the
rebuild status, the review queue and audit pages, and the token form.

Reviewing is on only with ``KODOKU_REVIEW_TOKEN``: without it every route here answers 403
(``review_disabled``) and the pages show no buttons. A write needs ``Authorization: Bearer
<token>``, or the review cookie the token form sets (HttpOnly, SameSite=Strict; it holds
an HMAC of the token, not the token); a missing credential is 401, a wrong one 403. Every
write is checked to come from this origin (``Origin``, else ``Sec-Fetch-Site`` — browsers
send ``Origin: null`` under the pages' ``Referrer-Policy: no-referrer`` — else ``Referer``;
a cookie-authenticated write without any of them is refused). A decision is recorded in ``reviews.yaml`` and the graph is
rebuilt in the background (:class:`~kodoku_graph.api.state.Rebuilder`); the pages say
"updating" until the new build is swapped in.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from kodoku_graph.api import data
from kodoku_graph.api.deps import CatalogDep, SettingsDep, StoreDep, get_state
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.models import ErrorBody
from kodoku_graph.errors import (
    ForbiddenError,
    ParameterError,
    ReviewDisabledError,
    UnauthorizedError,
)
from kodoku_graph.graph.reviews import MAX_NOTE, MAX_REVIEWER
from kodoku_graph.queries.review import LOG_COLUMNS, decision_log, rows_csv, submit
from kodoku_graph.settings import Settings

router = APIRouter(tags=["reviews"])

#: Documented on every review operation (403 also: reviewing is off on this server).
REVIEW_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    403: {"model": ErrorBody, "description": "reviewing is off (no KODOKU_REVIEW_TOKEN), "
          "a wrong token, or another origin"},
}  # fmt: skip
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **REVIEW_RESPONSES,
    400: {"model": ErrorBody, "description": "a body that is not JSON"},
    401: {"model": ErrorBody, "description": "no token (Authorization: Bearer) and no cookie"},
    404: {"model": ErrorBody, "description": "an unknown recommendation or measure"},
}

#: The review cookie (an HMAC of the token) and the reviewer's name cookie.
COOKIE, NAME_COOKIE = "kodoku_review", "kodoku_reviewer"
COOKIE_MAX_AGE = 8 * 3600


class ReviewIn(BaseModel):
    """A reviewer's decision on one recommendation → measure link."""

    recommendation: str = Field(max_length=40, examples=["R3-T10-2"])
    measure: int = Field(ge=1, le=10_000, examples=[126])
    decision: Literal["accept", "reject"]
    note: str = Field(min_length=1, max_length=MAX_NOTE, description="why (required)")
    reviewer: str | None = Field(
        None, max_length=MAX_REVIEWER, description="default: the name given with the token"
    )


def enabled(settings: Settings) -> str:
    """The review token; :class:`ReviewDisabledError` (403) if reviewing is off."""
    if settings.review_token is None or not settings.review_token.get_secret_value():
        raise ReviewDisabledError(
            "reviewing is off on this server: set KODOKU_REVIEW_TOKEN to turn it on"
        )
    return settings.review_token.get_secret_value()


def cookie_value(token: str) -> str:
    """What the review cookie holds: an HMAC of the token (the token never leaves)."""
    return hmac.new(token.encode(), b"kodoku-review-cookie", hashlib.sha256).hexdigest()


def reviewer_name(request: Request) -> str:
    """The name given with the token form (its cookie), or ''."""
    return unquote(request.cookies.get(NAME_COOKIE, ""))[:MAX_REVIEWER]


def same_origin(request: Request, *, strict: bool) -> None:
    """:class:`ForbiddenError` unless the request comes from this origin. ``strict`` (a
    cookie-authenticated write): some origin evidence is required."""
    here = f"{request.url.scheme}://{request.headers.get('host', '')}"
    origin = request.headers.get("origin")
    # the pages' Referrer-Policy no-referrer makes browsers send "Origin: null" on a
    # same-origin POST; Sec-Fetch-Site then decides
    if origin is not None and origin != "null":
        if origin != here:
            raise ForbiddenError(f"cross-origin write refused (Origin {origin[:100]})")
        return
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        if site not in ("same-origin", "none"):
            raise ForbiddenError(f"cross-origin write refused (Sec-Fetch-Site {site[:40]})")
        return
    if origin == "null":
        raise ForbiddenError("cross-origin write refused (Origin null, no Sec-Fetch-Site)")
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        if f"{parts.scheme}://{parts.netloc}" != here:
            raise ForbiddenError("cross-origin write refused (Referer)")
        return
    if strict:
        raise ForbiddenError("a cookie-authenticated write must say its origin")


def authorize(request: Request, settings: Settings) -> None:
    """The write check: reviewing on, same origin, right token (Bearer or cookie)."""
    token = enabled(settings)
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise UnauthorizedError("expected Authorization: Bearer <review token>")
        same_origin(request, strict=False)
        if not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise ForbiddenError("wrong review token")
        return
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        raise UnauthorizedError(
            "a review needs Authorization: Bearer <token> or the token form's cookie"
        )
    same_origin(request, strict=True)
    if not hmac.compare_digest(cookie.encode(), cookie_value(token).encode()):
        raise ForbiddenError("wrong review token (give it again in the token form)")


def review_context(request: Request, settings: Settings) -> dict[str, Any]:
    """What the templates need to show (or hide) the review controls."""
    state = get_state(request)
    on = settings.review_token is not None and bool(settings.review_token.get_secret_value())
    signed_in = False
    if on:
        cookie = request.cookies.get(COOKIE, "")
        token = settings.review_token.get_secret_value()  # type: ignore[union-attr]
        signed_in = hmac.compare_digest(cookie.encode(), cookie_value(token).encode())
    return {
        "review_on": on, "signed_in": signed_in,
        "reviewer": reviewer_name(request) if signed_in else "",
        "updating": state.updating, "generation": state.generation, "max_note": MAX_NOTE,
    }  # fmt: skip


def status_doc(request: Request) -> dict[str, Any]:
    state = get_state(request)
    rb = state.rebuilder
    return {
        "updating": state.updating,
        "generation": state.generation,
        "last_rebuild_s": round(rb.last_seconds, 3) if rb else 0.0,
        "last_error": rb.last_error if rb else "",
    }


@router.post("/reviews", status_code=202, responses=WRITE_RESPONSES)
def post_review(
    request: Request, body: ReviewIn, settings: SettingsDep, store: StoreDep, catalog: CatalogDep
) -> JSONResponse:
    """Record a decision (accept or reject a recommendation → measure link, with a note)
    and rebuild the graph in the background; ``generation`` in ``GET /reviews/status``
    grows by one when the new build is served."""
    authorize(request, settings)
    reviewer = body.reviewer or reviewer_name(request) or "api"
    d = submit(
        settings, catalog, store, body.recommendation, body.measure, body.decision, body.note,
        reviewer=reviewer,
    )  # fmt: skip
    state = get_state(request)
    assert state.rebuilder is not None
    state.rebuilder.request()
    return JSONResponse(
        {"decision": {**d.entry(), "src": d.src}, **status_doc(request)}, status_code=202
    )


@router.get("/reviews/status", responses=REVIEW_RESPONSES)
def review_status(request: Request, settings: SettingsDep) -> dict[str, Any]:
    """Whether a rebuild after a decision is under way, and how many were served."""
    enabled(settings)
    return status_doc(request)


@router.get("/reviews", responses=REVIEW_RESPONSES)
def review_log(
    settings: SettingsDep,
    store: StoreDep,
    catalog: CatalogDep,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    disagrees: Annotated[
        bool, Query(description="only deciding decisions that disagree with the linker")
    ] = False,
) -> Response:
    """Every decision of reviews.yaml, newest first: who, when, why, what they saw,
    whether it decides its pair now and whether it disagrees with the linker. CSV cells
    that a spreadsheet would run as a formula are quoted."""
    enabled(settings)
    rows = decision_log(settings, catalog, store)
    if disagrees:
        rows = [r for r in rows if r["disagrees"] and r["state"] == "applied"]
    if format == "csv":
        return Response(
            rows_csv(rows, LOG_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="reviews.csv"'},
        )
    return JSONResponse({"count": len(rows), "items": rows})


# --------------------------------------------------------------------------- pages


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context)


@router.get("/explore/review", response_class=HTMLResponse, include_in_schema=False)
def queue_page(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    catalog: CatalogDep,
    year: Annotated[str | None, Query(max_length=4, pattern=r"^(202[1-5])?$")] = None,
    theme: Annotated[str | None, Query(max_length=4, pattern=r"^\d*$")] = None,
    ministry: Annotated[str | None, Query(max_length=100)] = None,
):
    """The review queue: undecided candidate links, highest confidence first."""
    enabled(settings)
    name = data.resolve_ministry(store, ministry) if ministry else ""
    params = {"pending": True, "year": int(year or 0), "theme": int(theme or 0), "ministry": name}
    rows = catalog.run(store, "review-candidates", params).records()
    given = {k: v for k, v in {"year": year, "theme": theme, "ministry": name}.items() if v}
    csv = "/queries/review-candidates?" + urlencode({**params, "format": "csv"})
    return render(
        request, "review_queue.html", title="レビュー review queue", rows=rows, filters=given,
        csv=csv, years=range(2021, 2026), ministries=[m["name"] for m in data.ministries(store)],
        **review_context(request, settings),
    )  # fmt: skip


@router.get("/explore/review/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, settings: SettingsDep, store: StoreDep, catalog: CatalogDep):
    """Every decision with who/when/why, and the links where the reviewer and the
    linker disagree."""
    enabled(settings)
    log = decision_log(settings, catalog, store)
    disagree = catalog.run(store, "review-disagreements", {"decision": ""}).records()
    return render(
        request, "review_audit.html", title="レビュー監査 review audit", log=log,
        disagree=disagree, **review_context(request, settings),
    )  # fmt: skip


@router.post("/explore/review/token", include_in_schema=False)
async def token_form(request: Request, settings: SettingsDep) -> Response:
    """The token form: a right token sets the review cookie (HttpOnly, SameSite=Strict)
    and the reviewer's name, then goes back to the page it came from."""
    token = enabled(settings)
    same_origin(request, strict=True)
    raw = (await request.body()).decode("utf-8", "replace")
    form = {k: v[0] for k, v in parse_qs(raw, max_num_fields=10).items()}
    if not hmac.compare_digest(form.get("token", "").encode(), token.encode()):
        raise ForbiddenError("wrong review token")
    name = " ".join(form.get("reviewer", "").split())[:MAX_REVIEWER]
    if not name:
        raise ParameterError("give your name: it is recorded with each decision")
    back = form.get("next") or "/explore/review"
    if not back.startswith("/") or back.startswith("//"):
        back = "/explore/review"
    resp = RedirectResponse(back, status_code=303)
    secure = request.url.scheme == "https"
    for key, value in ((COOKIE, cookie_value(token)), (NAME_COOKIE, quote(name))):
        resp.set_cookie(
            key, value, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict", secure=secure,
            path="/",
        )  # fmt: skip
    return resp
