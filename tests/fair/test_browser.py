"""Headless Chromium on the landing page and the SPARQL editor, served by a uvicorn process.

Screenshots go to tests/artifacts/ (git-ignored). Debian's chromium and chromium-driver are
installed by `make setup` (the `browser` target); the test skips only when they are absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import chromium, needs_chromium
from tests.fair.conftest import ROOT
from tests.serving import start_server, stop_server

ARTIFACTS = ROOT / "tests" / "artifacts"
STUDY_QUERY = (
    "SELECT ?study ?label WHERE { ?study a <https://w3id.org/spkg/ontology#Study> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)

pytestmark = needs_chromium


@pytest.fixture
def server(tiny_store: Path, tmp_path: Path) -> Iterator[str]:
    """The service in its own uvicorn process on 127.0.0.1 over the tiny review."""
    served = start_server(tiny_store, tmp_path)
    try:
        yield served.url
    finally:
        stop_server(served)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    with chromium(tmp_path / "chromium-profile") as driver:
        yield driver


def test_landing_page_and_sparql_editor(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wait = WebDriverWait(driver, 60)

    driver.get(f"{server}/")
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert heading.startswith("spkg: a linked-data knowledge graph")
    cells = driver.find_elements(By.CSS_SELECTOR, "#reviews td.num")
    assert [c.text for c in cells] == ["3", "2", "3", "2"]
    # The figures are real images drawn by the server (naturalWidth > 0 once loaded).
    wait.until(
        lambda d: d.execute_script(
            "return [...document.images].every(i => i.complete && i.naturalWidth > 0)"
        )
    )
    driver.save_screenshot(str(ARTIFACTS / "landing.png"))

    driver.get(f"{server}/sparql-editor")
    wait.until(lambda d: d.execute_script("return !!(window.spkgYasgui && Yasgui)"))
    tab_names = driver.execute_script(
        "return Object.values(window.spkgYasgui.persistentConfig.persistedJson.tabConfig)"
        ".map(t => t.name)"
    )
    assert "studies" in tab_names and "reviews" in tab_names
    driver.execute_script(
        "const tab = window.spkgYasgui.getTab(); tab.setQuery(arguments[0]); tab.query();",
        STUDY_QUERY,
    )
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".yasr"), "Todd 2017"))
    results = driver.find_element(By.CSS_SELECTOR, ".yasr").text
    assert "Smith 2017" in results and "Todd 2017" in results
    driver.save_screenshot(str(ARTIFACTS / "sparql-editor.png"))


@pytest.fixture
def kinds_server(tmp_path: Path) -> Iterator[str]:
    """The service over the meta-ethnography and meta-aggregation fixtures."""
    from tests.api.rest.conftest import build_store

    kinds = ROOT / "tests" / "fixtures" / "kinds"
    store = build_store(
        tmp_path / "store", [kinds / "meta-ethnography-2020", kinds / "meta-aggregation-2021"]
    )
    (tmp_path / "served").mkdir()
    served = start_server(store, tmp_path / "served")
    try:
        yield served.url
    finally:
        stop_server(served)


def test_meta_ethnography_pages_pass_axe(kinds_server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    from tests.pages.test_browser import AXE, _axe

    if not AXE.exists():
        pytest.skip("axe-core is not installed (make node-assets)")
    driver = browser
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    review = "meta-ethnography-2020"
    for name, path, landmark in (
        ("review", f"/id/review/{review}", "translations"),
        ("theme", f"/id/theme/{review}/T1.1.1", "theme-level"),
    ):
        driver.get(f"{kinds_server}{path}")
        assert driver.find_element(By.ID, landmark).is_displayed()
        driver.save_screenshot(str(ARTIFACTS / f"explorer-meta-ethnography-{name}.png"))
        assert _axe(driver) == [], f"{path}: accessibility violations"
