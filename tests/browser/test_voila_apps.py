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


def test_landing_page_lists_the_apps(page, voila_url):
    page.goto(voila_url + "/")
    page.get_by_text("10_spot_the_indicators").first.wait_for()
    text = page.locator("body").inner_text()
    assert "00_start_here" in text and "20_mass_event_planner" in text
    page.goto(voila_url + "/voila/render/00_start_here.ipynb")
    gallery = page.locator(".simsuite-gallery")
    gallery.wait_for()
    assert "Spot the indicators" in gallery.inner_text()


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
