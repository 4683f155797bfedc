"""A learner walks the police track in the browser: start page, pre-test, back, a lesson, next,
a practice app, progress kept across a reload, the summary; the language stays Russian."""

from __future__ import annotations

import re

import pytest

from simsuite.curriculum import load_curriculum, module_sequence

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TRACK = "police"


def render(voila_url: str, page: str, **query: str) -> str:
    params = "&".join(f"{k}={v}" for k, v in {"lang": "ru", "track": TRACK, **query}.items())
    return f"{voila_url}/voila/render/{page}?{params}"


def test_walk_the_police_track_in_russian(page, voila_url):
    curriculum = load_curriculum()
    pages = [name for _m, _k, name in module_sequence(curriculum, TRACK)]
    first_module = curriculum.track_modules(TRACK)[0]

    # the start page: tracks, modules in order, the next step is the pre-test
    page.goto(render(voila_url, "00_start_here.ipynb"))
    page.locator(".simsuite-path-modules").wait_for()
    text = page.locator(".simsuite-path-page").inner_text()
    assert "Выберите маршрут" in text and "Сотрудники полиции" in text
    assert "Входной тест" in text
    page.locator(".simsuite-next-link").click()

    # the pre-test, taken once: one answer, then submit (confirm the unanswered ones)
    page.locator(".simsuite-selfcheck-form").wait_for()
    page.locator(".simsuite-selfcheck-form input[type=radio]").first.check()
    page.locator(".simsuite-submit").click()
    page.get_by_text("ещё раз для подтверждения").wait_for()
    page.locator(".simsuite-submit").click()
    result = page.locator(".simsuite-summary")
    result.wait_for()
    assert "По компетенциям" in result.inner_text()
    page.wait_for_function(
        "() => (localStorage.getItem('simsuite-progress-v1') || '').includes('\"pre\"')"
    )

    # back to the path: the pre-test shows as taken, the next step is the first lesson
    page.get_by_role("link", name=re.compile("Назад к учебному маршруту")).first.click()
    page.locator(".simsuite-path-test-pre .simsuite-status-done").wait_for()
    next_link = page.locator(".simsuite-next-link")
    assert first_module.lesson in next_link.get_attribute("href")
    next_link.click()

    # the lesson, in Russian; "next" leads to the module's practice, keeping language and track
    page.locator(".simsuite-lesson-section").first.wait_for()
    assert "Чему вы научитесь" in page.locator(".simsuite-path-page").inner_text()
    following = page.get_by_role("link", name=re.compile("Далее")).first
    href = following.get_attribute("href")
    assert href.startswith(pages[pages.index(first_module.lesson) + 1])
    assert "lang=ru" in href and f"track={TRACK}" in href
    following.click()

    # the practice app: answer, Check, feedback; the attempt is recorded
    practice = first_module.practice[0].app
    page.locator(".simsuite-check").wait_for()
    page.locator(".simsuite-form input[type=checkbox]").first.check()
    page.locator(".simsuite-check").click()
    page.locator(".simsuite-feedback").wait_for()
    page.wait_for_function(
        f"() => (localStorage.getItem('simsuite-progress-v1') || '').includes('{practice}')"
    )

    # progress survives a reload of the start page
    page.goto(render(voila_url, "00_start_here.ipynb"))
    page.reload()
    module = page.locator(f".simsuite-module-{first_module.id}")
    module.locator(".simsuite-status-progress, .simsuite-status-done").wait_for()
    assert "лучший результат практики" in module.inner_text()

    # the summary lists the track's modules and the pre-test
    page.goto(render(voila_url, "95_summary.ipynb"))
    summary = page.locator(".simsuite-summary")
    summary.get_by_text("Итоги маршрута").wait_for()
    assert first_module.title["ru"] in summary.inner_text()
