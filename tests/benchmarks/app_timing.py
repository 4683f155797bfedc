"""Time to the first usable widget of each app page, against a one-button Voilà page.

Each round opens every page once, in a rotating order, each in a fresh browser context (no
cache, a new kernel), and measures from the navigation to the moment the page's first usable
control is visible and the loading message is gone, with a pause between pages (a learner
reads before opening the next one; the warm kernels refill meanwhile). The one-button page
is served by the same server, so the ratio is the app's own cost. Used by ``make bench``
and, for the choice between a template and preheated kernels, by hand
(``python tests/benchmarks/app_timing.py URL``).
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from app_catalog import curriculum_pages  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS  # noqa: E402

FLOOR = "floor"
BETWEEN_PAGES_S = 4


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    ready: str


#: Pages as served from a folder holding the lessons and the floor notebook: the floor, then
#: every page of the curriculum (named by its English title).
PAGES = (
    Page(FLOOR, "one_button.ipynb", ".simsuite-check"),
    *(Page(app.title["en"], app.notebook, app.ready) for app in curriculum_pages()),
)


def measure(base_url, pages=PAGES, rounds: int = 5, query: str = "seed=4242"):
    """Seconds to the first usable widget, per page name, one value per round.

    ``base_url`` is one server's address, or a mapping of page name to address (to time
    pages of two servers side by side)."""
    from playwright.sync_api import sync_playwright

    bases = base_url if isinstance(base_url, dict) else {page.name: base_url for page in pages}
    times: dict[str, list[float]] = {page.name: [] for page in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for round_ in range(rounds):
                order = pages[round_ % len(pages):] + pages[: round_ % len(pages)]
                for page in order:
                    context = browser.new_context(viewport=VIEWPORTS["desktop"])
                    tab = context.new_page()
                    tab.set_default_timeout(300_000)
                    start = time.perf_counter()
                    address = f"{bases[page.name]}/voila/render/{page.path}?{query}"
                    tab.goto(address, wait_until="commit")
                    tab.locator(page.ready).first.wait_for(state="visible")
                    tab.locator("#loading").wait_for(state="detached")
                    times[page.name].append(time.perf_counter() - start)
                    tab.goto("about:blank")  # leave the page: its kernel is shut down
                    context.close()
                    # a learner reads before the next page; meanwhile the warm pool refills,
                    # as it does between one learner's pages in a class
                    time.sleep(BETWEEN_PAGES_S)
        finally:
            browser.close()
    return times


def summary(times: dict[str, list[float]], floor_name: str = FLOOR):
    """Median seconds and the ratio to the floor page, per page name."""
    floor = statistics.median(times[floor_name])
    return {
        name: {"median_s": statistics.median(values), "ratio": statistics.median(values) / floor}
        for name, values in times.items()
    }


if __name__ == "__main__":
    result = summary(measure(sys.argv[1], rounds=int(sys.argv[2]) if len(sys.argv) > 2 else 3))
    for name, row in result.items():
        print(f"{name:22s} {row['median_s']:.2f} s  {row['ratio']:.2f}x")
