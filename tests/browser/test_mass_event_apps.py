"""The mass-event pages as a learner meets them: Voilà in Chromium.

The tabletop from the brief to the after-action review (a verdict at Check, a response to every
incident, the review), and both mass-event pages readable at a 390 px phone and a 1366 px
desktop: no element whose content is wider than its box (nothing cut off or sticking out).
"""

from __future__ import annotations

import pytest
from page_audit import cut_off_text, serious_violations

from simsuite.activities.tabletop.activity import TYPE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = 7
TABLETOP = "25_mass_event_tabletop.ipynb"
PLANNER = "20_mass_event_planner.ipynb"
#: elements whose content is wider than their box (the widget's own hidden parts excluded)
CUT = """
(root) => {
  const cut = [];
  for (const el of document.querySelectorAll(root + ', ' + root + ' *')) {
    if (el.offsetParent === null || el.clientWidth === 0) continue;
    // a slider's handle sits half outside its track by design
    if (typeof el.className === 'string' && el.className.includes('noUi-')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      cut.push((el.className && el.className.baseVal === undefined ? el.className : el.tagName)
        + ' [' + el.scrollWidth + ' > ' + el.clientWidth + '] '
        + (el.innerText || '').slice(0, 60));
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth + 1) cut.push('page wider than the window');
  return cut;
}
"""


def open_page(browser, url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    # the machine may be busy: wait for what is needed, generously
    page.set_default_timeout(300_000)
    page.goto(url)
    return context, page


def assert_nothing_cut(page, root):
    cut = page.evaluate(CUT, root)
    assert not cut, cut


def check(page, css):
    page.locator(f"{css} input").check()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_tabletop_pages_fit_the_screen(browser, voila_url, width, height):
    context, page = open_page(
        browser, f"{voila_url}/voila/render/{TABLETOP}?seed={SEED}", width, height
    )
    try:
        page.locator(".simsuite-start-planning").wait_for()
        page.wait_for_function("!document.querySelector('.simsuite-drawing')")  # the map
        assert page.locator(".simsuite-tabletop img").count() >= 1
        assert_nothing_cut(page, ".simsuite-tabletop")
        page.locator(".simsuite-start-planning").click()
        page.locator(".simsuite-check").wait_for()
        page.locator(".simsuite-live-figures table").wait_for()
        assert_nothing_cut(page, ".simsuite-tabletop")
        # the plan page passes the same checks as every page (the page test sees the brief)
        assert cut_off_text(page) == []
        assert serious_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_planner_fits_the_screen_and_the_map_follows_the_venue(browser, voila_url, width, height):
    context, page = open_page(browser, f"{voila_url}/voila/render/{PLANNER}", width, height)
    try:
        page.locator(".simsuite-summary table").wait_for()
        # the figures follow the controls (drawn once the page is out)
        page.locator(".simsuite-risks img").wait_for()
        page.locator(".simsuite-venue-map img").wait_for()
        assert page.locator(".simsuite-drawing").count() == 0
        assert_nothing_cut(page, ".simsuite-planner")
        assert "Tinchsoy" in page.locator(".simsuite-venue-map img").get_attribute("alt")
        page.locator(".simsuite-venue select").select_option(label="Bahorgul Festival Park")
        page.wait_for_function(
            "document.querySelector('.simsuite-venue-map img').alt.includes('Bahorgul')"
        )
        text = page.locator(".simsuite-summary").inner_text()
        assert "missed" in text  # the preset's evacuation time misses its target
        assert "vom-floor-tier" not in page.locator(".simsuite-planner").inner_text()
        assert_nothing_cut(page, ".simsuite-planner")
    finally:
        context.close()


def test_tabletop_from_brief_to_after_action_review(browser, voila_url):
    scenario = TYPE.generate({}, SEED, "en")
    brief, solution = scenario.public, TYPE.solution(scenario.key)
    context, page = open_page(
        browser, f"{voila_url}/voila/render/{TABLETOP}?seed={SEED}", 1366, 900
    )
    try:
        page.locator(".simsuite-start-planning").wait_for()
        assert brief.title in page.locator(".simsuite-brief").inner_text()
        page.locator(".simsuite-start-planning").click()

        # a first Check with only the lead named: the verdict flags the targets missed
        page.locator(".simsuite-lead select").select_option(
            label=dict(brief.options["plan_lead"])[solution["plan_lead"]]
        )
        page.locator(".simsuite-check").click()
        verdict = page.locator(".simsuite-plan-feedback .simsuite-tabletop-feedback")
        verdict.wait_for()
        assert "Missed." in verdict.inner_text()

        # the plan that meets every target
        if solution["admission_cap"] is not None:
            page.locator(".simsuite-admit input").fill(str(solution["admission_cap"]))
            page.locator(".simsuite-admit input").press("Enter")
        page.locator(".simsuite-width input").fill(str(solution["exit_width_added_m"]))
        page.locator(".simsuite-width input").press("Enter")
        for name in ("stewards", "police", "medical_posts"):
            page.locator(f".simsuite-{name} input").fill(str(solution[name]))
            page.locator(f".simsuite-{name} input").press("Enter")
        for measure in solution["mitigations"]:
            check(page, f".simsuite-measure-{measure}")
        for task in solution["plan_tasks"]:
            check(page, f".simsuite-task-{task}")
        for agency in solution["plan_officers"]:
            check(page, f".simsuite-officer-{agency}")
        steps = dict(brief.options["plan_sequence"])
        for number, step in enumerate(solution["plan_sequence"], start=1):
            page.locator(f".simsuite-sequence-{number} select").select_option(label=steps[step])
        pairs = [pair for pair, _label in brief.options["plan_risk_owners"]]
        for pair in solution["plan_risk_owners"]:
            hazard = pair.split(":")[0]
            index = [p for p in pairs if p.startswith(hazard + ":")].index(pair)
            page.locator(f".simsuite-owner-{hazard} input[type=radio]").nth(index).check()
        for route in solution["plan_routes"]:
            check(page, ".simsuite-route-" + route.replace(">", "--"))
        for hazard in solution["plan_algorithms"]:
            check(page, f".simsuite-algorithm-{hazard}")
        page.locator(".simsuite-check").click()
        page.wait_for_function(
            "document.querySelector('.simsuite-plan-feedback').innerText.includes('Score: 100%')"
        )
        verdict_text = page.locator(".simsuite-plan-feedback").inner_text()
        assert "Missed." not in verdict_text and "Evacuation time" in verdict_text

        # the conduct phase: every incident in turn
        page.locator(".simsuite-start-event").click()
        for inject in brief.injects:
            page.locator(".simsuite-inject").get_by_text(inject["title"]).wait_for()
            for action in solution[f"response_{inject['id']}"]:
                check(page, f".simsuite-action-{action}")
            page.locator(".simsuite-respond").click()
            page.locator(".simsuite-inject-feedback .simsuite-right").wait_for()
            page.locator(".simsuite-next-inject").click()

        review = page.locator(".simsuite-review")
        review.wait_for()
        text = review.inner_text()
        assert "After-action review" in text and "Every target met" in text
        assert "What went well" in text and "What to change" in text
        assert "Score: 100%" in text
    finally:
        context.close()


def test_planner_works_with_the_keyboard_alone(browser, voila_url):
    """Tab to the venue, choose another with the arrow keys, move the attendance slider with
    the keyboard, tick a measure with the space bar: the figures follow every time."""
    context, page = open_page(
        browser, f"{voila_url}/voila/render/{PLANNER}?lang=ru", 1366, 900
    )
    try:
        summary = page.locator(".simsuite-summary")
        summary.locator("table").wait_for()
        page.locator("#loading").wait_for(state="detached")
        # Tab from the top of the page until the venue dropdown has the focus
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('.simsuite-venue') !== null"):
                break
        else:
            raise AssertionError("the venue dropdown cannot be reached with Tab")
        before = summary.inner_text()
        page.keyboard.press("ArrowDown")
        page.wait_for_function(
            "!document.querySelector('.simsuite-venue-map img').alt.includes('Тинчсой')"
        )
        page.wait_for_function(
            "(before) => document.querySelector('.simsuite-summary').innerText !== before",
            arg=before,
        )
        # the attendance slider: Tab to its handle, then the arrow keys
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('.simsuite-attendance') !== null"):
                break
        else:
            raise AssertionError("the attendance slider cannot be reached with Tab")
        admitted = summary.inner_text()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "(before) => document.querySelector('.simsuite-summary').innerText !== before",
            arg=admitted,
        )
        # a measure: Tab to its checkbox, Space ticks it
        box = page.locator(".simsuite-mitigation-capacity_cap input")
        for _ in range(30):
            page.keyboard.press("Tab")
            if box.evaluate("el => el === document.activeElement"):
                break
        else:
            raise AssertionError("the measures cannot be reached with Tab")
        page.keyboard.press("Space")
        assert box.is_checked()
        # every control a keyboard user reaches has a name a screen reader says
        unnamed = page.evaluate(
            """() => [...document.querySelectorAll(
                     '.simsuite-planner input, .simsuite-planner select')]
                 .filter(el => el.offsetParent !== null)
                 .filter(el => !(el.getAttribute('aria-label') || el.labels?.length
                                 || el.getAttribute('aria-labelledby') || el.title))
                 .map(el => el.outerHTML.slice(0, 80))"""
        )
        assert unnamed == []
    finally:
        context.close()
