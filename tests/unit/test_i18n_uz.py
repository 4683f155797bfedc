"""Uzbek (Latin script): formatting through Babel's uz_Latn locale, plurals and the catalogues."""

from __future__ import annotations

import datetime
import re
import string
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from simsuite.i18n import (
    available_languages,
    babel_locale,
    format_date,
    format_number,
    format_percent,
    gettext,
    localized,
    ngettext,
)

NBSP = "\xa0"
#: English pronoun and gender markers that Uzbek (which has no grammatical gender) drops
PRONOUNS = {"g", "she", "her", "him", "hers", "he", "his", "She", "Her", "He", "His", "Hers"}
CATALOGUES = (("locales", "uz.po"), ("locales", "content", "uz.po"))


def _catalogue(parts):
    resource = resources.files("simsuite.i18n").joinpath(*parts)
    if not resource.is_file():
        pytest.skip("the Uzbek catalogue is not installed")
    with resource.open("rb") as handle:
        return read_po(handle, locale="uz")


def _fields(text: str) -> list[str]:
    names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    return sorted(set(names) - PRONOUNS)


def test_uzbek_is_available_and_formats_as_uz_latn():
    assert "uz" in available_languages()
    assert babel_locale("uz") == "uz_Latn"
    assert format_number(1234567.891, "uz", digits=2) == f"1{NBSP}234{NBSP}567,89"
    assert format_number(12300, "uz", digits=0) == f"12{NBSP}300"
    assert format_percent(0.45, "uz") == "45%"
    assert format_date(datetime.date(2026, 11, 29), "uz") == "29-noy, 2026"


def test_uzbek_plurals_follow_cldr_one_and_other():
    catalog = _catalogue(CATALOGUES[0])
    assert catalog.num_plurals == 2
    assert catalog.plural_expr == "(n != 1)"
    singular = "{n} question has no answer yet. Submit anyway? Press Submit again to confirm."
    plural = "{n} questions have no answer yet. Submit anyway? Press Submit again to confirm."
    # Uzbek keeps the noun singular after a number ("5 ta savol"): both forms read the same
    one, five = (ngettext(singular, plural, n, "uz").format(n=n) for n in (1, 5))
    assert one.startswith("1 ta savol") and five.startswith("5 ta savol")


def test_interface_and_content_texts_resolve_in_uzbek():
    assert gettext("Check", "uz") == "Tekshirish"
    assert localized({"en": "Trafficking in persons", "ru": "Торговля людьми"}, "uz") == (
        "Odam savdosi"
    )
    # an empty English text stays empty (it must not fetch the catalogue's header)
    assert localized({"en": "", "ru": "УК КР"}, "uz") == ""


@pytest.mark.parametrize("parts", CATALOGUES, ids=["interface", "content"])
def test_every_uzbek_entry_is_translated_unreviewed_and_keeps_its_placeholders(parts):
    catalog = _catalogue(parts)
    messages = [m for m in catalog if m.id]
    assert messages
    for message in messages:
        # "#." as the brief asks, and "# " too: `pybabel update` keeps only the translator's comment
        assert "reviewed: false" in message.auto_comments + message.user_comments, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id
        for text in strings:
            assert _fields(text) == _fields(ids[0]), message.id
            assert not re.search(r"[А-Яа-яЁё]", text.replace("КИБ", "")), message.id
            # the official Latin alphabet: oʻ, gʻ and the tutuq belgisi, no ASCII apostrophe
            assert not re.search(r"[A-Za-z]'[A-Za-z]", text), message.id
