"""The "Qualify the case" app as a learner meets it: Voilà in Chromium, a partly right answer."""

from __future__ import annotations

import re

import pytest

from simsuite.activities.qualification import (
    QualificationAnswer,
    QualificationExercise,
    evaluate_qualification,
)
from simsuite.activities.qualification.widget import css_id

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def seed_with_absorption(start: int = 4242) -> int:
    """A trafficking case with an absorbed and a cumulative offence, so one can be missed."""
    for seed in range(start, start + 500):
        key = QualificationExercise.generate(seed).key
        if key.is_trafficking and key.absorbed and key.cumulative and key.part:
            return seed
    raise AssertionError("no case with absorbed and cumulative offences near the start seed")


def test_qualify_the_case_scores_and_names_what_was_missed(page, voila_url):
    seed = seed_with_absorption()
    exercise = QualificationExercise.generate(seed)
    key = exercise.key
    options = exercise.public.options()
    article = options.article(key.article)
    missed = sorted(key.absorbed)[0]

    page.goto(f"{voila_url}/voila/render/15_qualify_the_case.ipynb?seed={seed}")
    page.locator(".simsuite-check").wait_for()
    assert f"Case no. KG-{seed}" in page.locator(".simsuite-case-number").inner_text()
    assert exercise.public.narrative.split(".")[0] in page.locator(".simsuite-case").inner_text()

    # right: decision, article, part, the cumulative charges; missed: the absorbed offences
    page.locator(".simsuite-decision input[type=radio]").nth(0).check()
    page.locator(".simsuite-article select").select_option(label=article.text("en"))
    part = article.part(key.part)
    page.locator(".simsuite-part select").select_option(label=article.part_text(part, "en"))
    for offence in key.cumulative:
        page.locator(f".simsuite-cumulative-{css_id(offence)} input").check()
    page.locator(".simsuite-check").click()

    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    answer = QualificationAnswer.parse(True, key.article, key.part, None, key.cumulative)
    expected = evaluate_qualification(key, answer, "en")
    assert 0 < expected.score < 1
    assert f"Score: {expected.score * 100:.0f}%" in text
    missed_label = f"Absorbed: {options.article(missed).short('en')}"
    assert re.search(re.escape(missed_label) + r".*Missed", text)
    # the expert's reasoning cites the pack rule's source, step by step
    reasoning = page.locator(".simsuite-reasoning").inner_text()
    assert "Qualification: " in reasoning and "[Source: Kyrgyz police manual" in reasoning


def test_contradictory_answers_get_a_prompt_and_no_score(page, voila_url):
    seed = seed_with_absorption()
    exercise = QualificationExercise.generate(seed)
    options = exercise.public.options()
    offence = options.offences[0]
    neighbour = options.neighbours[0]

    page.goto(f"{voila_url}/voila/render/15_qualify_the_case.ipynb?seed={seed}")
    page.locator(".simsuite-check").wait_for()
    page.locator(".simsuite-decision input[type=radio]").nth(0).check()
    page.locator(".simsuite-neighbour select").select_option(label=neighbour.text("en"))
    page.locator(f".simsuite-absorbed-{css_id(offence.id)} input").check()
    page.locator(f".simsuite-cumulative-{css_id(offence.id)} input").check()
    page.locator(".simsuite-check").click()

    prompt = page.locator(".simsuite-prompt")
    prompt.wait_for()
    text = prompt.inner_text()
    assert "neighbouring offence" in text and "both as absorbed and as charged" in text
    assert page.locator(".simsuite-score").count() == 0


def test_another_law_pack_is_another_case_number(page, voila_url):
    page.goto(f"{voila_url}/voila/render/15_qualify_the_case.ipynb?seed=5")
    number = page.locator(".simsuite-case-number")
    number.wait_for()
    assert "KG-5" in number.inner_text()
    label = page.locator(".simsuite-jurisdiction option", has_text="(AZ)").inner_text()
    page.locator(".simsuite-jurisdiction select").select_option(label=label)
    page.wait_for_function(
        "document.querySelector('.simsuite-case-number').innerText.includes('AZ-5')"
    )
