"""Self-paced apps as a learner meets them: Voilà in Chromium, clicks and feedback."""

from __future__ import annotations

import re

import pytest

from simsuite.activities.identification import IdentificationExercise

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def seed_with_indicators(start: int = 4242, minimum: int = 2) -> int:
    """A case that shows indicators, so ticking and missing can both be exercised."""
    for seed in range(start, start + 500):
        if len(IdentificationExercise.generate(seed).key.present) >= minimum:
            return seed
    raise AssertionError("no case with enough indicators near the start seed")


def test_the_address_opens_the_start_page_which_lists_the_apps(page, voila_url):
    page.goto(voila_url + "/?lang=ru")
    path = page.locator(".simsuite-path-modules")
    path.wait_for()  # the condition the test needs, not a time
    assert page.url.endswith("/voila/render/00_start_here.ipynb?lang=ru")
    text = page.locator(".simsuite-path-page").inner_text()
    assert "Выберите маршрут" in text and "Найдите признаки" in text
    # a module's practice link keeps the language of the page
    page.locator(".simsuite-module-identification .simsuite-module-pages a").nth(1).click()
    page.locator(".simsuite-check").wait_for()
    assert "lang=ru" in page.url and page.evaluate("document.documentElement.lang") == "ru"


def test_the_file_list_is_still_there_for_whoever_needs_it(page, voila_url):
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    # this page has failed now and then in a busy suite and never alone: if it fails, say what
    # the page and its requests did
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"console {m.type}: {m.text}"))
    page.on("requestfailed", lambda r: seen.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and seen.append(f"HTTP {r.status}: {r.url}"))
    page.goto(voila_url + "/voila/tree")
    try:
        page.get_by_text("20_mass_event_planner").first.wait_for()
    except PlaywrightTimeoutError:
        raise AssertionError("the file list did not show:\n" + "\n".join(seen[-40:])) from None


def test_spot_the_indicators_gives_feedback_on_what_was_missed(page, voila_url):
    seed = seed_with_indicators()
    exercise = IdentificationExercise.generate(seed)
    present = sorted(exercise.key.present)
    ticked, missed = present[:-1], present[-1]

    page.goto(f"{voila_url}/voila/render/10_spot_the_indicators.ipynb?seed={seed}")
    page.locator(".simsuite-check").wait_for()
    assert f"Case no. {seed}" in page.locator(".simsuite-case-number").inner_text()
    # the learner reads the case as prose
    assert exercise.public.narrative.split(".")[0] in page.locator(".simsuite-case").inner_text()
    for indicator in ticked:
        page.locator(f".simsuite-indicator-{indicator} input").check()
    decision = 0 if exercise.key.presumed_victim else 1
    page.locator(".simsuite-decision input[type=radio]").nth(decision).check()
    page.locator(".simsuite-check").click()

    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    expected = exercise.check(set(ticked), exercise.key.presumed_victim)
    assert f"Score: {expected.score * 100:.0f}%" in text
    # the score is explained: each part's worth and what it earned
    breakdown = page.locator(".simsuite-breakdown").inner_text()
    assert "Indicators" in breakdown and "Next steps" in breakdown
    assert "50%" in breakdown and "25%" in breakdown
    missed_label = dict(exercise.public.options())[missed]
    assert re.search(re.escape(missed_label) + r".*Missed", text)
    assert exercise.key.evidence[missed].rstrip(" .") in text

    page.locator(".simsuite-new").click()
    page.wait_for_function(
        f"!document.querySelector('.simsuite-case-number').innerText.includes('{seed}')"
    )
    # the old feedback goes with the old case (the browser applies updates as they arrive)
    page.locator(".simsuite-feedback").wait_for(state="detached")
    assert page.locator(".simsuite-feedback").count() == 0


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= 0 && r.top < window.innerHeight && r.height > 0; }""",
        selector,
    )


def test_check_brings_the_feedback_into_view_and_announces_it(phone_page, voila_url):
    """On a phone the feedback is far below Check: it must scroll into view, take focus and
    sit in a live region; an empty answer gets a prompt, not a score."""
    page = phone_page
    seed = seed_with_indicators()
    exercise = IdentificationExercise.generate(seed)
    page.goto(f"{voila_url}/voila/render/10_spot_the_indicators.ipynb?seed={seed}&lang=ru")
    check = page.locator(".simsuite-check")
    check.wait_for()
    panel = page.locator(".simsuite-feedback-panel")
    assert panel.get_attribute("aria-live") == "polite"
    assert panel.get_attribute("aria-label") == "Отзыв"
    group = page.locator(".simsuite-decision [role=radiogroup]")
    assert group.get_attribute("aria-labelledby")

    check.click()
    prompt = page.locator(".simsuite-prompt")
    prompt.wait_for()
    assert "Пока без оценки" in prompt.inner_text() and "%" not in panel.inner_text()
    page.wait_for_function("document.activeElement.classList.contains('simsuite-feedback-panel')")
    assert in_view(page, ".simsuite-feedback-panel")

    for indicator in sorted(exercise.key.present):
        page.locator(f".simsuite-indicator-{indicator} input").check()
    page.locator(".simsuite-decision input[type=radio]").nth(0).check()
    page.evaluate("window.scrollTo(0, 0)")  # the learner scrolled back up to the case
    check.click()
    page.locator(".simsuite-feedback .simsuite-score").wait_for()
    page.wait_for_function(
        """() => { const r = document.querySelector('.simsuite-feedback-panel')
                     .getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"""
    )
    assert "Балл:" in panel.inner_text()
