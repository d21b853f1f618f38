"""The MCP server with the SDK's own client: ``kodoku mcp`` over stdio (a subprocess on the
session's build), every tool with good and bad input checked against the store and the
CLI, the resources and the prompt; the tools' lookups over every node of the graph; the
streamable HTTP mount of ``kodoku serve`` (KODOKU_MCP=on) in-process."""

from __future__ import annotations

import json
import re
from typing import Any

import anyio
import httpx
import pytest
from conftest import M127_MINISTRIES
from local_server import kodoku_mcp_params, serve_in_thread
from mcp import Client
from typer.testing import CliRunner

from kodoku_graph.api import create_app
from kodoku_graph.api.data import measures
from kodoku_graph.cli import app as cli_app
from kodoku_graph.graph.model import EDGES, NODES
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.mcp_server import GraphTools
from kodoku_graph.queries import QUERY_DIR, Catalog
from kodoku_graph.queries.output import natural_key
from kodoku_graph.settings import Settings

TOOLS = {"gaps", "run_query", "search", "node", "schema"}
M127_NAME = "高齢者等終身サポート事業者ガイドラインについて"

#: (tool, arguments) called in the stdio session, by a short key.
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "measure127": ("run_query", {"name": "measure", "params": {"no": 127}}),
    "unknown_query": ("run_query", {"name": "no-such-query"}),
    "bad_param_type": ("run_query", {"name": "measure", "params": {"no": "百二十七"}}),
    "unknown_param": ("run_query", {"name": "measure", "params": {"no": 1, "colour": "red"}}),
    "missing_param": ("run_query", {"name": "measure", "params": {}}),
    "gaps": ("gaps", {"limit": 1000}),
    "gaps_open": ("gaps", {"status": "open", "limit": 1000}),
    "gaps_p4": ("gaps", {"pillar": "４", "limit": 1000}),
    "gaps_ibasho": ("gaps", {"text": "居場所"}),
    "gaps_bad_status": ("gaps", {"status": "addressed"}),
    "gaps_bad_pillar": ("gaps", {"pillar": "P9"}),
    "search_ibasho": ("search", {"text": "居場所"}),
    "search_dv": ("search", {"text": "ＤＶ"}),
    "search_ministry": ("search", {"text": "こども家庭庁"}),
    "search_empty": ("search", {"text": "  "}),
    "node127": ("node", {"id": "M127"}),
    "node_unknown": ("node", {"id": "M999"}),
    "schema": ("schema", {}),
    "bad_type": ("gaps", {"year": "last year"}),
}


async def client_session(client: Client) -> dict[str, Any]:
    """Everything a client sees: tools, each call of :data:`CALLS`, resources, prompt."""
    out: dict[str, Any] = {"tools": {t.name: t for t in (await client.list_tools()).tools}}
    for key, (tool, args) in CALLS.items():
        out[key] = await client.call_tool(tool, args)
    resources = await client.list_resources()
    out["resources"] = {str(r.uri): r for r in resources.resources}
    out["catalog"] = (await client.read_resource("kodoku://catalog")).contents[0].text
    out["catalog_measure"] = (await client.read_resource("kodoku://catalog/measure")).contents[0]
    out["design"] = (await client.read_resource("kodoku://design")).contents[0].text
    out["prompt"] = await client.get_prompt("data_model")
    return out


@pytest.fixture(scope="module")
def stdio(settings: Settings, built: BuildResult) -> dict[str, Any]:
    """One session with ``kodoku mcp`` started over stdio on the session's build."""
    params = kodoku_mcp_params(
        {"KODOKU_HOME": str(settings.home), "KODOKU_DATA_DIR": str(settings.data_dir)}
    )

    async def main() -> dict[str, Any]:
        async with Client(params) as client:
            return await client_session(client)

    return anyio.run(main)


def doc(result: Any) -> dict[str, Any]:
    """The structured content of a successful call, checked against its JSON text."""
    assert not result.is_error, result.content[0].text
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def error_text(result: Any) -> str:
    assert result.is_error
    return result.content[0].text


@pytest.fixture(scope="module")
def cli_gaps(settings: Settings, built: BuildResult) -> list[dict[str, Any]]:
    """``kodoku gaps -f json`` on the session's build."""
    res = CliRunner().invoke(
        cli_app, ["gaps", "-f", "json"], env={"KODOKU_HOME": str(settings.home)}
    )
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)["rows"]


# --- the tools over stdio ---------------------------------------------------------------


def test_tools_listed_with_schemas_and_descriptions(stdio: dict[str, Any]) -> None:
    tools = stdio["tools"]
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert len(tool.description) > 80, tool.name
        assert tool.annotations.read_only_hint is True
        assert tool.input_schema["type"] == "object"
    assert tools["run_query"].input_schema["required"] == ["name"]
    assert tools["node"].input_schema["required"] == ["id"]
    assert tools["gaps"].input_schema["properties"]["year"]["type"] == "integer"
    assert "未対応" in tools["gaps"].description and "所管" in tools["gaps"].description


def test_run_query_measure_127(stdio: dict[str, Any]) -> None:
    d = doc(stdio["measure127"])
    assert d["count"] == 1 and not d["truncated"]
    [row] = d["rows"]
    assert row["name"] == M127_NAME
    assert row["ministries"] == M127_MINISTRIES
    assert row["src"] == "000_ca8d1dac931cfc32.txt:229"


def test_run_query_errors_list_valid_names_and_parameters(
    stdio: dict[str, Any], catalog: Catalog
) -> None:
    text = error_text(stdio["unknown_query"])
    assert "no-such-query" in text
    assert all(name in text for name in catalog.names())
    for key in ("bad_param_type", "unknown_param", "missing_param"):
        text = error_text(stdio[key])
        assert "measure(no: int (required)" in text, text
    assert "must be int" in error_text(stdio["bad_param_type"])
    assert "unknown parameter colour" in error_text(stdio["unknown_param"])
    assert "missing parameter no" in error_text(stdio["missing_param"])
    # an argument of the wrong JSON type is refused by the tool's input schema
    assert "year" in error_text(stdio["bad_type"])


def test_gaps_same_ids_as_the_cli(stdio: dict[str, Any], cli_gaps: list[dict[str, Any]]) -> None:
    d = doc(stdio["gaps"])
    assert [r["id"] for r in d["rows"]] == [r["id"] for r in cli_gaps]
    assert d["count"] == len(cli_gaps) == 93  # R3–R6 items and R7 asks, responded or open
    assert all(re.fullmatch(r"001_\w+\.txt:\d+", r["src"]) for r in d["rows"])
    assert all(r["status"] in ("responded", "open") for r in d["rows"])


def test_gaps_filters(stdio: dict[str, Any], cli_gaps: list[dict[str, Any]]) -> None:
    open_ids = [r["id"] for r in doc(stdio["gaps_open"])["rows"]]
    assert open_ids == [r["id"] for r in cli_gaps if r["status"] == "open"]
    assert len(open_ids) == 37
    p4 = [r["id"] for r in doc(stdio["gaps_p4"])["rows"]]
    assert p4 == [r["id"] for r in cli_gaps if "P4" in r["pillars"]] and len(p4) == 8
    ibasho = doc(stdio["gaps_ibasho"])["rows"]
    expected = ["R6-T40-1"]
    assert [r["id"] for r in ibasho] == expected
    assert expected == [r["id"] for r in cli_gaps if "居場所" in r["text"]]
    assert "responded, open" in error_text(stdio["gaps_bad_status"])
    assert "unknown pillar 'P9'" in error_text(stdio["gaps_bad_pillar"])


def test_gaps_carry_the_linkers_best_candidate(
    stdio: dict[str, Any], cli_gaps: list[dict[str, Any]], store: EmbeddedStore
) -> None:
    ibasho = {r["id"]: r for r in doc(stdio["gaps_ibasho"])["rows"]}
    # R6-T40-1 (相談員・ボランティアへの支援や居場所…) → No. 048 by text, but read: no
    # lineup measure carries it
    assert ibasho["R6-T40-1"]["best_measure"] == "M048"
    assert 0 < ibasho["R6-T40-1"]["confidence"] < 1
    assert ibasho["R6-T40-1"]["why"] == "no measure in the lineup"
    assert ibasho["R6-T40-1"]["best_ministries"] == ["厚生労働省"]
    measures = {row[0] for row in store.run("MATCH (m:Measure) RETURN m.id").rows}
    by_id = {r["id"]: r for r in cli_gaps}
    for row in doc(stdio["gaps"])["rows"]:
        assert row["best_measure"] in measures | {None, ""}
        assert (row["best_measure"], row["why"]) == (
            by_id[row["id"]]["best_measure"],
            by_id[row["id"]]["why"],
        )


def test_search_is_the_explorers_search(stdio: dict[str, Any], store: EmbeddedStore) -> None:
    for key, q in (("search_ibasho", "居場所"), ("search_dv", "ＤＶ")):
        d = doc(stdio[key])
        expected = [r["id"] for r in measures(store, q=q)]
        assert [m["id"] for m in d["measures"]["items"]] == expected and expected, key
    ibasho = doc(stdio["search_ibasho"])
    assert ibasho["measures"]["count"] == 6
    assert "M061" in [m["id"] for m in ibasho["measures"]["items"]]
    recs = ibasho["recommendations"]
    rec_texts = store.run("MATCH (r:Recommendation) RETURN r.id AS id, r.text AS text").records()
    matching = sorted((r["id"] for r in rec_texts if "居場所" in r["text"]), key=natural_key)
    assert recs["count"] == len(matching) > 20 and recs["truncated"] is True
    assert [r["id"] for r in recs["items"]] == matching[:20]  # the default limit, natural order
    ministries = doc(stdio["search_ministry"])["ministries"]["items"]
    assert [m["id"] for m in ministries] == ["こども家庭庁"]
    assert "give some text" in error_text(stdio["search_empty"])


def test_node_m127(stdio: dict[str, Any], built: BuildResult) -> None:
    d = doc(stdio["node127"])
    assert d["label"] == "Measure" and d["src"] == "000_ca8d1dac931cfc32.txt:229"
    assert d["properties"]["name"] == M127_NAME
    responsible = d["neighbours"]["RESPONSIBLE_FOR"]
    assert {n["id"] for n in responsible} == set(M127_MINISTRIES)
    assert all(n["direction"] == "in" and n["label"] == "Ministry" for n in responsible)
    assert [n["id"] for n in d["neighbours"]["LISTED_IN"]] == ["P3-4"]
    assert d["degree"] == built.graph.degree("M127")
    text = error_text(stdio["node_unknown"])
    assert "M999" in text and "search" in text


def test_schema_and_resources(stdio: dict[str, Any], catalog: Catalog) -> None:
    d = doc(stdio["schema"])
    assert list(d["labels"]) == list(NODES) and list(d["edge_types"]) == list(EDGES)
    assert d["labels"]["Measure"]["no"] == "INT64"
    assert d["edge_types"]["ADDRESSED_BY"]["pairs"] == [["Recommendation", "Measure"]]
    assert [q["name"] for q in d["catalog"]] == list(catalog.queries)
    assert {"kodoku://catalog", "kodoku://design"} <= set(stdio["resources"])
    assert [q["name"] for q in json.loads(stdio["catalog"])] == list(catalog.queries)
    assert stdio["catalog_measure"].text == (QUERY_DIR / "measure.cypher").read_text("utf-8")
    assert "kodoku-graph" in stdio["design"]
    prompt = stdio["prompt"].messages[0].content.text
    assert "src" in prompt and "ADDRESSED_BY" in prompt


# --- the lookups over the whole graph (in-process) ----------------------------------------


@pytest.fixture(scope="module")
def tools(settings: Settings, store: EmbeddedStore, catalog: Catalog) -> GraphTools:
    return GraphTools(settings, catalog, store)


def test_node_of_every_node_matches_the_graph(tools: GraphTools, built: BuildResult) -> None:
    g = built.graph
    for nid, data in g.nodes(data=True):
        d = tools.node(nid)
        assert d["label"] == data["label"] and d["src"] == data["src"], nid
        expected: dict[str, list[tuple[str, str]]] = {}
        for _, t, e in g.edges(nid, data=True):
            expected.setdefault(e["type"], []).append(("out", t))
        for s, _, e in g.in_edges(nid, data=True):
            expected.setdefault(e["type"], []).append(("in", s))
        got = {k: sorted((n["direction"], n["id"]) for n in v) for k, v in d["neighbours"].items()}
        assert got == {k: sorted(v) for k, v in expected.items()}, nid


def test_row_limit_applies(settings: Settings, store: EmbeddedStore, catalog: Catalog) -> None:
    small = GraphTools(settings.model_copy(update={"row_limit": 5}), catalog, store)
    d = small.run_query("measures-by-ministry", {"ministry": "内閣府"}, limit=1000)
    assert d["count"] == 5 and d["truncated"] is True
    assert small.gaps()["count"] == 5


# --- the HTTP mount ---------------------------------------------------------------------


def test_http_mount_off_by_default(client) -> None:
    assert client.post("/mcp", json={}).status_code == 404


def test_http_mount(settings: Settings, built: BuildResult) -> None:
    app = create_app(settings.model_copy(update={"mcp": True}))

    async def main(url: str) -> tuple[set[str], Any, Any]:
        async with Client(f"{url}/mcp") as client:
            names = {t.name for t in (await client.list_tools()).tools}
            good = await client.call_tool("run_query", {"name": "measure", "params": {"no": 127}})
            bad = await client.call_tool("node", {"id": "nope"})
            return names, good, bad

    with serve_in_thread(app) as url:
        names, good, bad = anyio.run(main, url)
        rest = httpx.get(f"{url}/measures/127").json()
    assert names == TOOLS
    assert doc(good)["rows"][0]["name"] == M127_NAME == rest["name"]
    assert "not_found" in error_text(bad)
