"""200 generated cases per available language read as finished text: no unfilled ``{slot}``
or ``{g:...}`` marker, and (outside English) no English word left outside the names of
people, places and companies."""

from __future__ import annotations

import re

import pytest

from simsuite.i18n import SOURCE_LANGUAGE, available_languages
from simsuite.trafficking import GeneratorParams, generate_case
from simsuite.trafficking.render import placeholder_values

UNFILLED = re.compile(r"\{[^{}]*\}|\{|\}")
#: Common English words that no translated sentence should keep.
ENGLISH = (
    "the", "and", "with", "was", "were", "she", "he", "her", "his", "him", "they", "who",
    "for", "from", "into", "that", "not", "had", "has", "after", "before", "when", "police",
    "dollars", "years", "job", "work", "family",
)  # fmt: skip
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
PARAMS = [
    GeneratorParams(jurisdiction=code, age_band=band, non_trafficking_share=share,
                    difficulty=difficulty)
    for code in ("KG", "AZ", "UZ", "PALERMO")
    for band in ("adult", "child")
    for share in (0.0, 0.5)
    for difficulty in ("easy", "hard")
]  # fmt: skip
COUNT = 200
#: English-only shortcuts of the renderer: a translated text must not show them.
PRONOUNS = {"she", "She", "her", "Her", "him"}


def _cases():
    for index in range(COUNT):
        yield generate_case(1000 + index * 7, PARAMS[index % len(PARAMS)])


@pytest.mark.parametrize("lang", available_languages())
def test_200_cases_have_no_unfilled_slot(lang):
    for case in _cases():
        text = case.render(lang)
        assert text.strip(), case.case_id
        assert not UNFILLED.search(text), (lang, case.case_id, UNFILLED.findall(text)[:5], text)


@pytest.mark.parametrize(
    "lang", [lang for lang in available_languages() if lang != SOURCE_LANGUAGE]
)
def test_200_cases_keep_no_english_word_outside_names(lang):
    for case in _cases():
        text = case.render(lang)
        for key, value in placeholder_values(case, lang).items():
            if key not in PRONOUNS and isinstance(value, str) and value:
                text = text.replace(value, " ")
        found = ENGLISH_WORD.findall(text)
        assert not found, (lang, case.case_id, found[:5], text)
