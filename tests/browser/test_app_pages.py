"""Every app page as a learner meets it, in English and Russian, on a 1366x900 desktop and a
390x844 phone: the page shell (language, title, nothing fetched from outside), no text cut
off, and zero serious or critical axe-core violations.

Set ``SIMSUITE_SCREENSHOTS=DIR`` to keep a full-page screenshot of each.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import new_page
from page_audit import cut_off_text, open_app, page_shell, serious_violations

from simsuite.curriculum import load_curriculum
from simsuite.widgets.path import SELF_CHECK_PAGE, START_PAGE, SUMMARY_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass(frozen=True)
class App:
    name: str
    notebook: str
    ready: str  # the first usable widget
    title: dict[str, str]


def _title(notebook: str) -> dict[str, str]:
    data = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return data["metadata"]["simsuite"]["title"]


NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
#: the first usable widget of a page: a lesson's first section; a practice page's Check, the
#: tabletop's "Start planning" (its brief comes before the plan), or a tool's first control
READY = {
    "lesson": ".simsuite-lesson-section",
    "practice": ".simsuite-check, .simsuite-start-planning, .simsuite-planner select",
}
#: every page of the curriculum: the start page, each module's lesson and practice apps, the
#: self-check and the summary (a new module's pages are checked without touching this file)
APPS = [
    App("start", START_PAGE, ".simsuite-path-modules", _title(START_PAGE)),
    *(
        App(Path(page).stem, page, READY[kind], _title(page))
        for _module, kind, page in load_curriculum().activities()
    ),
    App("selfcheck", SELF_CHECK_PAGE, ".simsuite-submit", _title(SELF_CHECK_PAGE)),
    App("summary", SUMMARY_PAGE, ".simsuite-summary", _title(SUMMARY_PAGE)),
]


def screenshot_dir(tmp_path: Path) -> Path:
    kept = os.environ.get("SIMSUITE_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("app", APPS, ids=[app.name for app in APPS])
def test_app_page_fits_the_screen_and_passes_axe(browser, voila_url, app, lang, viewport, tmp_path):
    context, page = new_page(browser, viewport)
    try:
        url = f"{voila_url}/voila/render/{app.notebook}?seed=4242&lang={lang}"
        requested = open_app(page, url, app.ready)
        shell = page_shell(page, requested)
        assert shell["lang"] == lang
        assert shell["title"].startswith(app.title[lang]), shell["title"]
        assert shell["foreign"] == [], "the page asked for something outside this server"
        page.screenshot(
            path=screenshot_dir(tmp_path) / f"{app.name}-{lang}-{viewport}.png", full_page=True
        )
        assert cut_off_text(page) == []
        assert serious_violations(page) == []
        if app.notebook in ("10_spot_the_indicators.ipynb", "15_qualify_the_case.ipynb"):
            # the page with its feedback: the score table must fit and pass too
            page.locator(".simsuite-decision input[type=radio]").first.check()
            page.locator(".simsuite-check").click()
            page.locator(".simsuite-feedback .simsuite-breakdown").wait_for()
            page.screenshot(
                path=screenshot_dir(tmp_path) / f"{app.name}-{lang}-{viewport}-feedback.png",
                full_page=True,
            )
            assert cut_off_text(page) == []
            assert serious_violations(page) == []
    finally:
        context.close()
