"""Checks of catalog parameters against what the store holds, shared by the CLI and the API.

A parameter that names a ministry (``ministry``, or ``name`` of a ``ministry-*`` query)
takes a canonical name or any alias the store holds (``厚労省`` → ``厚生労働省``, matched
as :class:`~kodoku_graph.loaders.ministries.MinistryRegistry` matches: NFKC, case and
spaces ignored); a parameter named ``year`` (0 meaning "all") must be a year the store's
recommendations have. A value that is neither is a :class:`ParameterError` that lists the
valid values, so a typo is an error rather than zero rows.
"""

from __future__ import annotations

from typing import Any

from kodoku_graph.errors import NotFoundError, ParameterError
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.queries import Catalog, Param, Query


def ministry_registry(catalog: Catalog, store: Store) -> MinistryRegistry:
    """The registry's matching over the ministry names and aliases the store holds."""
    found = catalog.run(store, "ministry-list").records()
    return MinistryRegistry(
        canonical=[r["name"] for r in found],
        kinds={},
        aliases={r["name"]: r["aliases"] or [] for r in found},
    )


def resolve_ministry(catalog: Catalog, store: Store, text: str) -> str:
    """The canonical name of a ministry given by name or alias; an unknown one is a
    :class:`NotFoundError` listing the known names."""
    registry = ministry_registry(catalog, store)
    name = registry.resolve(text)
    if name is None:
        known = ", ".join(sorted(registry.canonical))
        raise NotFoundError(f"unknown ministry {text!r}; known ministries: {known}")
    return name


def names_ministry(query: Query, param: Param) -> bool:
    """Whether ``param`` of ``query`` is a ministry name (``ministry``, or ``name`` of a
    ``ministry-*`` query)."""
    return param.type == "str" and (
        param.name == "ministry" or (param.name == "name" and query.name.startswith("ministry-"))
    )


def is_year(param: Param) -> bool:
    """Whether ``param`` is a recommendation year (``year``, an int)."""
    return param.name == "year" and param.type == "int"


def recommendation_years(catalog: Catalog, store: Store) -> list[int]:
    """The calendar years of the store's recommendations, ascending."""
    rows = catalog.run(store, "recommendation-list").records()
    return sorted({r["recommendation"]["year"] for r in rows})


def check_params(
    catalog: Catalog, store: Store, name: str, raw: dict[str, Any] | None
) -> dict[str, Any]:
    """``raw`` parameters of catalog query ``name`` bound to their types, with each
    ministry given by its canonical name; an unknown ministry or a year outside the
    store's recommendations is a :class:`ParameterError` naming the valid values."""
    query = catalog.get(name)
    params = query.bind(raw or {})
    for p in query.params:
        value = params[p.name]
        if names_ministry(query, p) and value != "":
            try:
                params[p.name] = resolve_ministry(catalog, store, value)
            except NotFoundError as exc:
                raise ParameterError(f"query {name}: parameter {p.name}: {exc.message}") from None
        elif is_year(p) and value != p.coerce(p.default, name):
            years = recommendation_years(catalog, store)
            if value not in years:
                default = "" if p.required else f", or {p.default} for all"
                raise ParameterError(
                    f"query {name}: parameter {p.name} must be a year of the recommendations,"
                    f" {years[0]}–{years[-1]}{default}; got {value}"
                )
    return params
