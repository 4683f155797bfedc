"""Each language a learner can choose, as the learner meets it: the start page and one app,
answered and checked, show no English outside the names of people and places and the titles
of the sources cited; the page says its language and the links keep it."""

from __future__ import annotations

import re

import pytest
from browser_support import new_page
from page_audit import open_app, page_shell

from simsuite.activities.identification.exercise import IdentificationExercise
from simsuite.i18n import SOURCE_LANGUAGE, available_languages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGES = available_languages()
#: English words no translated page should show (short, common, never part of a name)
ENGLISH = (
    "the", "and", "with", "was", "were", "she", "his", "him", "they", "who", "for", "from",
    "into", "that", "not", "has", "after", "before", "when", "your", "you", "this", "case",
    "answer", "check", "score", "right", "wrong", "missed", "sources", "next", "steps",
    "indicators", "victim", "loading", "executing", "new", "module", "lesson", "practice",
)  # fmt: skip
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
#: what the learner reads, less the titles of cited documents (quoted as published)
VISIBLE_TEXT = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('.simsuite-source, script, style, [hidden], code')
        .forEach(e => e.remove());
    return body.innerText;
}"""


def english_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in ENGLISH_WORD.finditer(text)})


def assert_in_language(lang: str, text: str, where: str) -> None:
    found = english_words(text)
    if lang == SOURCE_LANGUAGE:  # the check itself reads the page: English shows its words
        assert len(found) > 3, (where, found)
    else:
        assert not found, (lang, where, found)


def _seed_with_indicators() -> int:
    return next(s for s in range(4242, 4742) if IdentificationExercise.generate(s).key.present)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_start_page_and_an_app_speak_the_learners_language(browser, voila_url, lang):
    context, page = new_page(browser)
    try:
        open_app(page, f"{voila_url}/?lang={lang}", ".simsuite-path-modules")
        assert page_shell(page, [])["lang"] == lang
        assert_in_language(lang, page.evaluate(VISIBLE_TEXT), "start page")
        # the link to an app keeps the language
        link = page.locator(".simsuite-path-modules a[href*='10_spot_the_indicators']").first
        assert f"lang={lang}" in (link.get_attribute("href") or "")

        seed = _seed_with_indicators()
        indicator = sorted(IdentificationExercise.generate(seed).key.present)[0]
        open_app(
            page,
            f"{voila_url}/voila/render/10_spot_the_indicators.ipynb?seed={seed}&lang={lang}",
            ".simsuite-check",
        )
        assert page_shell(page, [])["lang"] == lang
        page.locator(f".simsuite-indicator-{indicator} input").check()
        page.locator(".simsuite-decision input[type=radio]").nth(0).check()
        page.locator(".simsuite-check").click()
        page.locator(".simsuite-feedback .simsuite-score").wait_for()
        assert_in_language(lang, page.evaluate(VISIBLE_TEXT), "Spot the indicators, Check")
    finally:
        context.close()
