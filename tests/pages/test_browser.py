"""The explorer's pages in headless Chromium over a real `uvicorn` server: each page of the seed
review and of a second review loads, passes axe-core with no serious or critical violation and is
photographed to tests/artifacts/; an evidence-map cell opens its studies; the quote finder finds
by a word and a filter.

Debian's chromium and chromium-driver come from `make browser`, axe-core from `make node-assets`
(npm, api/static/explorer); the test skips only when they are absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.rest.conftest import ROOT
from tests.browser import CHROMEDRIVER, CHROMIUM, chromium

AXE = ROOT / "api" / "static" / "explorer" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and AXE.exists()),
    reason="chromium, chromium-driver (make browser) or axe-core (make node-assets) missing",
)

PAGES = {
    "seed": {
        "theme": "/id/theme/liebmann-2022/T1.2",
        "study": "/id/study/liebmann-2022/S52",
        "record": "/id/record/work/sha256-94aa807e1880f2959871bf1880008752",
        "review": "/id/review/liebmann-2022",
        "evidence-map": "/evidence-map/liebmann-2022",
        "quotes": "/quotes?q=belonging",
    },
    "tiny": {
        "theme": "/id/theme/tiny-2020/T1",
        "study": "/id/study/tiny-2020/S1",
        "record": "/id/record/doi/10.1136/bmjopen-2016-015203",
        "review": "/id/review/tiny-2020",
        "evidence-map": "/evidence-map/tiny-2020",
        "quotes": "/quotes?review=tiny-2020",
    },
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with chromium(tmp_path_factory.mktemp("chromium-profile"), timeout_s=90) as driver:
        yield driver


def _axe(driver: object) -> list[dict]:
    """axe-core's serious and critical violations on the page open in `driver`."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("review", sorted(PAGES))
def test_pages_open_pass_axe_and_are_photographed(served: str, browser: object, review: str):
    from selenium.webdriver.common.by import By

    driver = browser
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES[review].items():
        driver.get(served + path)
        headings = driver.find_elements(By.TAG_NAME, "h1")
        assert headings and headings[0].text, f"{path}: {driver.page_source[:500]}"
        assert driver.find_elements(By.CSS_SELECTOR, 'nav[aria-label="Evidence explorer"]')
        assert _axe(driver) == [], f"{path}: accessibility violations"
        driver.save_screenshot(str(ARTIFACTS / f"explorer-{review}-{name}.png"))


def test_evidence_map_cell_opens_its_studies(served: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(f"{served}/evidence-map/liebmann-2022")
    cell = driver.find_element(By.CSS_SELECTOR, 'a[data-cell="T1--community-group-programme"]')
    cell.click()
    WebDriverWait(driver, 30).until(
        lambda d: "Greenfield 2017" in d.find_element(By.ID, "cell-detail").text
    )
    panel = driver.find_element(By.ID, "cell-detail")
    assert "Increased sense of wellbeing × community group programme" in panel.text
    assert driver.switch_to.active_element == panel  # focus follows the opened list
    # The keyboard reaches the cells: they are links.
    assert cell.get_attribute("href").endswith("type=community-group-programme#cell-detail")
    driver.save_screenshot(str(ARTIFACTS / "explorer-seed-evidence-map-cell.png"))


def test_quote_finder_by_word_and_filter(served: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(f"{served}/quotes")
    box = driver.find_element(By.NAME, "q")
    box.send_keys("belonging")
    Select(driver.find_element(By.NAME, "gender")).select_by_value("female")
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    results = driver.find_element(By.ID, "quote-results").text
    assert "I really felt a sense of belonging there" in results
    assert "male, 75-79 years" not in results
    assert "gender=female" in driver.current_url
    driver.save_screenshot(str(ARTIFACTS / "explorer-seed-quotes-filtered.png"))
