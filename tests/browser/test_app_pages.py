"""Every app page as a learner meets it, in English and Russian, on a 1366x900 desktop and a
390x844 phone: the page shell (language, title, nothing fetched from outside), no text cut
off, and zero serious or critical axe-core violations.

Set ``SIMSUITE_SCREENSHOTS=DIR`` to keep a full-page screenshot of each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import new_page
from page_audit import cut_off_text, open_app, page_shell, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass(frozen=True)
class App:
    name: str
    notebook: str
    ready: str  # the first usable widget
    title: dict[str, str]


APPS = [
    App(
        "start",
        "00_start_here.ipynb",
        ".simsuite-gallery a",
        {"en": "simsuite: self-paced curriculum", "ru": "simsuite: учебная программа"},
    ),
    App(
        "spot",
        "10_spot_the_indicators.ipynb",
        ".simsuite-check",
        {"en": "Spot the indicators", "ru": "Найдите признаки"},
    ),
    App(
        "qualify",
        "15_qualify_the_case.ipynb",
        ".simsuite-check",
        {"en": "Qualify the case", "ru": "Квалификация кейса"},
    ),
]
#: Being reworked elsewhere; it passes once it uses the helpers of simsuite.widgets.common
#: (app_box for its controls, figure_widget for its plots: see docs/architecture.md).
PLANNER = App(
    "planner",
    "20_mass_event_planner.ipynb",
    ".widget-dropdown select",
    {"en": "Mass-event planner", "ru": "Mass-event planner"},
)
PLANNER_GAPS = (
    "the planner's labels and tables are cut off on a phone and its plots have no text "
    "alternative (axe image-alt, critical) until it adopts the shared helpers"
)


def screenshot_dir(tmp_path: Path) -> Path:
    kept = os.environ.get("SIMSUITE_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(
    "app",
    [*APPS, pytest.param(PLANNER, marks=pytest.mark.xfail(reason=PLANNER_GAPS, strict=False))],
    ids=[*(app.name for app in APPS), PLANNER.name],
)
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
        if app.ready == ".simsuite-check":
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
