"""Every app page as a learner meets it, in English and Russian, on a 1366x900 desktop and a
390x844 phone (the page opened once per language, then resized): the page shell (language,
title, nothing fetched from outside), no text cut off, and zero serious or critical axe-core
violations.

Set ``SIMSUITE_SCREENSHOTS=DIR`` to keep a full-page screenshot of each.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_catalog import curriculum_pages
from browser_support import VIEWPORTS, new_page
from page_audit import cut_off_text, open_app, page_shell, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


APPS = curriculum_pages()


def screenshot_dir() -> Path | None:
    """Where to keep the screenshots, if anyone asked for them (a full-page shot of a long
    page takes up to a second: the checks below do not need it)."""
    kept = os.environ.get("SIMSUITE_SCREENSHOTS")
    if not kept:
        return None
    folder = Path(kept)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settled(page) -> None:
    """Wait until the page has laid itself out at its new size (two animation frames)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def check_at_each_size(page, shots: Path | None, name: str, order=("phone", "desktop")) -> None:
    """The same page at each size, in ``order`` (the first is the size it is open at): nothing
    cut off, no serious axe finding. Resizing the open page is what its layout answers to (CSS
    width rules); the kernel does not know the screen, so one page load serves both sizes."""
    for viewport in order:
        page.set_viewport_size(VIEWPORTS[viewport])
        settled(page)
        if shots is not None:
            page.screenshot(path=shots / f"{name}-{viewport}.png", full_page=True)
        assert cut_off_text(page) == [], viewport
        assert serious_violations(page) == [], viewport


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("app", APPS, ids=[app.name for app in APPS])
def test_app_page_fits_the_screen_and_passes_axe(browser, voila_url, app, lang):
    context, page = new_page(browser, "phone")
    try:
        url = f"{voila_url}/voila/render/{app.notebook}?seed=4242&lang={lang}"
        requested = open_app(page, url, app.ready)
        shell = page_shell(page, requested)
        assert shell["lang"] == lang
        assert shell["title"].startswith(app.title[lang]), shell["title"]
        assert shell["foreign"] == [], "the page asked for something outside this server"
        # figures drawn after the controls (the planner's) are checked too
        page.wait_for_function("!document.querySelector('.simsuite-drawing')")
        shots = screenshot_dir()
        check_at_each_size(page, shots, f"{app.name}-{lang}")
        if app.notebook in ("10_spot_the_indicators.ipynb", "15_qualify_the_case.ipynb"):
            # the page with its feedback: the score table must fit and pass too
            page.locator(".simsuite-decision input[type=radio]").first.check()
            page.locator(".simsuite-check").click()
            page.locator(".simsuite-feedback .simsuite-breakdown").wait_for()
            check_at_each_size(page, shots, f"{app.name}-{lang}-feedback", ("desktop", "phone"))
    finally:
        context.close()
