"""A real classroom server (``python -m simsuite.server``, what ``make run`` starts) and
Debian's Chromium driven by Playwright. Shared pieces are in :mod:`browser_support`; the
checks every app page must pass are in :mod:`page_audit` (axe-core, text cut off, page shell).
"""

from __future__ import annotations

import os

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, classroom_server, new_page


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory):
    with classroom_server(tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context, page = new_page(browser)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = new_page(browser, "phone")
    yield page
    context.close()
