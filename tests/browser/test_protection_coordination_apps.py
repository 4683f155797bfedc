"""The protection and coordination apps as a learner meets them: Voilà in Chromium, in English
and Russian; a partly right answer, Check, the verdict; then on a 390x844 phone nothing is cut."""

from __future__ import annotations

import pytest
from page_audit import cut_off_text

from simsuite.activities.institutions import TYPE as INSTITUTIONS
from simsuite.activities.needs_assessment import TYPE as NEEDS
from simsuite.activities.reprisal_risk import TYPE as PLANNER
from simsuite.activities.reprisal_risk.evaluate import rating_field
from simsuite.i18n import _, language

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = 13
LANGS = ("en", "ru")


def open_app(page, voila_url, notebook, lang):
    # the kernel runs the page before Voilà finishes sending it: on a busy machine that takes
    # minutes, so wait for the app's first control rather than for the page's load event
    page.set_default_timeout(300_000)
    page.goto(f"{voila_url}/voila/render/{notebook}?seed={SEED}&lang={lang}",
              wait_until="commit")
    page.locator(".simsuite-check").wait_for()
    assert f"{SEED}" in page.locator(".simsuite-case-number").inner_text()


def score_text(result, lang):
    with language(lang):
        return _("Score: {percent:.0f}%").format(percent=result.score * 100)


def check_and_read(page):
    page.locator(".simsuite-check").click()
    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    return feedback.inner_text()


def nothing_cut_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("document.documentElement.clientWidth <= 390")
    cut = cut_off_text(page)  # the shared page audit: what runs off the screen or is cut
    assert cut == [], cut
    assert page.evaluate("document.documentElement.scrollWidth <= 391")


@pytest.mark.parametrize("lang", LANGS)
def test_plan_protection_scores_the_register_and_shows_the_matrix(page, voila_url, lang):
    scenario = PLANNER.generate({"jurisdiction": "KG"}, SEED, lang)
    key = scenario.key
    solution = PLANNER.solution(key)
    missed = key.priority[-1]  # one priority threat left out: a partly right answer
    open_app(page, voila_url, "51_plan_protection.ipynb", lang)
    answer = {**solution, "threats": set(solution["threats"]) - {missed}}
    for threat in answer["threats"]:
        page.locator(f".simsuite-threats-{threat} input").check()
        for axis in ("likelihood", "impact"):
            value = answer[rating_field(axis, threat)]
            label = dict(scenario.public.levels)[value]
            page.locator(f".simsuite-{axis}-{threat} select").select_option(label=label)
    for field in ("vulnerabilities", "capacities", "measures", "emergency"):
        for option in answer[field]:
            page.locator(f".simsuite-{field}-{option} input").check()
    # the learner's own register follows what they enter
    page.locator(".simsuite-rr-live table").wait_for()
    expected = PLANNER.evaluate(key, answer, lang)
    assert 0 < expected.score < 1
    text = check_and_read(page)
    assert score_text(expected, lang) in text
    missed_label = dict(scenario.public.candidates)[missed]
    assert missed_label in text
    matrices = page.locator(".simsuite-matrix img")
    matrices.first.wait_for()
    assert matrices.count() == 2  # before and after the plan
    assert all(matrices.nth(i).get_attribute("alt") for i in range(2))
    assert page.locator(".simsuite-matrix-words li").count() == len(answer["threats"])
    nothing_cut_on_a_phone(page)


@pytest.mark.parametrize("lang", LANGS)
def test_who_does_what_names_the_institution_that_carries_a_duty(page, voila_url, lang):
    scenario = INSTITUTIONS.generate({}, SEED, lang)
    key, public = scenario.key, scenario.public
    solution = INSTITUTIONS.solution(key)
    options = dict(public.options)
    wrong = next(i for i in options if i not in list(key.carriers.values())[0])
    answer = {**solution, "who_1": wrong}
    open_app(page, voila_url, "61_who_does_what.ipynb", lang)
    for n in range(1, len(public.duties) + 1):
        page.locator(f".simsuite-field-who_{n} select").select_option(
            label=options[answer[f"who_{n}"]])
    for n in range(1, len(public.statements) + 1):
        index = 0 if answer[f"holds_{n}"] else 1
        page.locator(f".simsuite-field-holds_{n} input[type=radio]").nth(index).check()
    expected = INSTITUTIONS.evaluate(key, answer, lang)
    text = check_and_read(page)
    assert score_text(expected, lang) in text
    right = options[list(key.carriers.values())[0][0]]
    assert right in text
    nothing_cut_on_a_phone(page)


@pytest.mark.parametrize("lang", LANGS)
def test_assess_the_response_rates_and_ranks(page, voila_url, lang):
    scenario = NEEDS.generate({"maturity": "mixed"}, SEED, lang)
    key, public = scenario.key, scenario.public
    solution = NEEDS.solution(key)
    answer = {**solution, "ranking": list(reversed(solution["ranking"]))}
    open_app(page, voila_url, "62_assess_the_response.ipynb", lang)
    levels = [level for level, _label in public.levels]
    for field in (f for f in solution if f != "ranking"):
        radios = page.locator(f".simsuite-field-{field} input[type=radio]")
        radios.nth(levels.index(answer[field])).check()
    recommendations = dict(public.recommendations)
    dropdowns = page.locator(".simsuite-field-ranking select")
    for position, recommendation in enumerate(answer["ranking"]):
        dropdowns.nth(position).select_option(label=recommendations[recommendation])
    expected = NEEDS.evaluate(key, answer, lang)
    assert expected.score < 1
    text = check_and_read(page)
    assert score_text(expected, lang) in text
    nothing_cut_on_a_phone(page)
