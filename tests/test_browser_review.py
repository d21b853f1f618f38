"""The review buttons and the queue in a real browser (headless Chromium via playwright, as
tests/test_browser.py), against uvicorn serving an app with a review token: sign in with
the token form, accept a link from the queue, see "updating", the reload, the link gone
from the queue and the gaps; reject a link on a recommendation page; add a measure.
Measures click → visible in gaps."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CURATED_DIR, DATA_DIR
from local_server import serve_in_thread
from pydantic import SecretStr

from kodoku_graph.api import create_app
from kodoku_graph.graph import artifacts
from kodoku_graph.graph.reviews import REVIEWS_FILE, load_reviews
from kodoku_graph.settings import PROJECT_ROOT, Settings

CHROMIUM = os.environ.get("KODOKU_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SHOTS = PROJECT_ROOT / "test-output"
TOKEN = "browser-review-token"
GAP, GAP_MEASURE = "R3-T10-2", 126  # see tests/test_reviews.py
LIKELY, LIKELY_MEASURE = "R4-T23-2", 6

if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)) and not os.environ.get("CI"):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def review_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("browser-review")
    curated = root / "curated"
    shutil.copytree(CURATED_DIR, curated)
    (curated / REVIEWS_FILE).unlink(missing_ok=True)
    s = Settings(
        home=root / "home", data_dir=DATA_DIR, curated_dir=curated, cypher=False,
        review_token=SecretStr(TOKEN),
    )  # fmt: skip
    artifacts.build(s)
    return s


@pytest.fixture(scope="module")
def server(review_settings: Settings):
    with serve_in_thread(create_app(review_settings)) as base:
        yield base


@pytest.fixture
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
        yield pg
        browser.close()


def gaps(base: str) -> set[str]:
    with urllib.request.urlopen(f"{base}/queries/unaddressed-recommendations") as r:
        return {row["id"] for row in json.load(r)["rows"]}


def test_review_in_the_browser(page, server: str, review_settings: Settings) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{server}/explore/review?year=2021")
    assert page.locator("form.review-form").count() == 0  # not signed in: no buttons
    page.fill("form.review-token input[name=reviewer]", "山田")
    page.fill("form.review-token input[name=token]", TOKEN)
    page.click("form.review-token button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/explore/review?year=2021"), (page.url, page.inner_text("main")[:300])
    assert "reviewing as 山田" in page.inner_text("main")
    row = page.locator(f'tr[data-recommendation="{GAP}"][data-measure="{GAP_MEASURE}"]')
    assert row.count() == 1
    assert GAP in gaps(server)
    row.locator("input[name=note]").fill("自治体モデルの横展開 = No. 126")
    t0 = time.perf_counter()
    with page.expect_navigation(timeout=120_000):  # the page reloads when the build is in
        row.locator("button[value=accept]").click()
        page.wait_for_selector("#updating:not([hidden])", timeout=10_000)
    seconds = time.perf_counter() - t0
    page.screenshot(path=str(SHOTS / "review-queue.png"), full_page=False)
    assert (
        page.locator(f'tr[data-recommendation="{GAP}"][data-measure="{GAP_MEASURE}"]').count() == 0
    )
    assert GAP not in gaps(server)
    print(f"\nbrowser: click accept → visible in gaps {seconds:.2f} s")

    # reject on the recommendation page; the decision shows in its row
    page.goto(f"{server}/explore/recommendations/{LIKELY}")
    row = page.locator(f'table.review-candidates tr[data-measure="{LIKELY_MEASURE}"]')
    assert row.locator("td").nth(4).inner_text() == "yes"  # linked now
    row.locator("input[name=note]").fill("<b>not</b> 広報")
    with page.expect_navigation(timeout=120_000):
        row.locator("button[value=reject]").click()
    row = page.locator(f'table.review-candidates tr[data-measure="{LIKELY_MEASURE}"]')
    assert row.locator("td").nth(4).inner_text() == "no"
    assert "reject — 山田" in row.locator("td.decision").inner_text()
    assert "<b>not</b> 広報" in row.locator("td.decision").inner_text()  # shown as text

    # add a measure the linker never proposed
    form = page.locator("form.review-add")
    form.locator("input[name=measure]").fill("1")
    form.locator("input[name=note]").fill("実態把握 covers 広報の評価")
    with page.expect_navigation(timeout=120_000):
        form.locator("button[value=accept]").click()
    row = page.locator('table.review-candidates tr[data-measure="1"]')
    assert row.locator("td").nth(4).inner_text() == "yes"
    page.screenshot(path=str(SHOTS / "review-recommendation.png"), full_page=True)

    # an error is shown in the form, as text
    form = page.locator("form.review-add")
    form.locator("input[name=measure]").fill("143")
    form.locator("input[name=note]").fill(" ")
    form.locator("button[value=accept]").click()
    page.wait_for_selector("form.review-add .review-msg.error")
    assert "note is required" in form.locator(".review-msg").inner_text()

    decided = [(d.recommendation, d.measure, d.decision, d.reviewer) for d in load_reviews(review_settings.curated_dir)]  # fmt: skip
    assert sorted(decided) == [
        (GAP, GAP_MEASURE, "accept", "山田"),
        (LIKELY, 1, "accept", "山田"),
        (LIKELY, LIKELY_MEASURE, "reject", "山田"),
    ]
    page.goto(f"{server}/explore/review/audit")
    assert page.locator("table.review-log tbody tr").count() == 3
    assert [e for e in page.errors if "status of 422" not in e] == []  # 422: the blank note
