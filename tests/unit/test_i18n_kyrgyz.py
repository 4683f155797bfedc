"""Kyrgyz through Babel: dates, numbers and plural forms as CLDR gives them for ``ky``.

Kyrgyz keeps the noun in the singular after a numeral ("1 суроо", "2 суроо"): CLDR has two
plural categories (one, other) and the catalogue header says ``nplurals=2; plural=(n != 1)``.
The catalogue is read from ``locales/`` once Kyrgyz is available, else from ``locales/drafts/``.
"""

from __future__ import annotations

import datetime
from importlib import resources

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from simsuite.i18n import _compiled, format_date, format_number, format_percent

QUESTIONS = (
    "{n} question. You can take this test once: answer what you can, then submit. You will see "
    "which answers were right and where to study the others.",
    "{n} questions. You can take this test once: answer what you can, then submit. You will see "
    "which answers were right and where to study the others.",
)


def _parts() -> tuple[str, ...]:
    folder = resources.files("simsuite.i18n").joinpath("locales")
    if folder.joinpath("ky.po").is_file():
        return ("locales", "ky.po")
    return ("locales", "drafts", "ky.po")


def test_dates_and_numbers_in_kyrgyz():
    assert format_date(datetime.date(2026, 11, 29), "ky") == "2026-ж., 29-ноя."
    assert format_number(12345.5, "ky") == "12\xa0345,5"
    assert format_number(2.5, "ky", digits=1) == "2,5"
    assert format_percent(0.45, "ky") == "45%"


def test_the_catalogue_declares_the_plural_rule_of_cldr():
    with resources.files("simsuite.i18n").joinpath(*_parts()).open("rb") as handle:
        catalog = read_po(handle, locale="ky")
    assert catalog.num_plurals == 2
    assert catalog.plural_expr == "(n != 1)"
    locale = Locale.parse("ky")
    assert (locale.plural_form(1), locale.plural_form(2), locale.plural_form(5)) == (
        "one",
        "other",
        "other",
    )


@pytest.mark.parametrize("n", [1, 2, 5, 21])
def test_one_question_two_questions(n):
    translations = _compiled(_parts(), "ky")
    text = translations.ngettext(*QUESTIONS, n).format(n=n)
    assert text.startswith(f"{n} суроо."), text
