"""The fast catalogue reader gives what Babel's reader and ``.mo`` writer give, on every
shipped catalogue and on the corner cases of the format."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from simsuite.i18n.catalogue import parse_po, translations_from_po

LOCALES = Path(__file__).resolve().parents[2] / "simsuite" / "i18n" / "locales"
CATALOGUES = sorted(LOCALES.glob("*.po")) + sorted(LOCALES.glob("content/*.po"))


def by_babel(text: str, lang: str) -> gettext.GNUTranslations:
    catalog = read_po(io.StringIO(text), locale=lang)
    for message in list(catalog):
        if message.fuzzy and message.id:
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def answers(translations: gettext.GNUTranslations, text: str, lang: str) -> list:
    found = []
    for message in read_po(io.StringIO(text), locale=lang):
        if not message.id:
            continue
        if message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            for n in (0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111):
                if message.context:
                    found.append(translations.npgettext(message.context, singular, plural, n))
                else:
                    found.append(translations.ngettext(singular, plural, n))
        elif message.context:
            found.append(translations.pgettext(message.context, message.id))
        else:
            found.append(translations.gettext(message.id))
    return found


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALES)))
def test_every_shipped_catalogue_reads_as_babel_reads_it(path):
    text = path.read_text(encoding="utf-8")
    lang = path.stem
    assert answers(translations_from_po(text), text, lang) == answers(
        by_babel(text, lang), text, lang
    )


CORNERS = r'''# A catalogue.
msgid ""
msgstr ""
"Language: ru\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"Content-Type: text/plain; charset=utf-8\n"

# reviewed: false
msgid "Two\nlines, a \"quote\" and a \\ backslash"
msgstr "Две\nстроки, \"кавычка\" и \\ обратная косая"

#, fuzzy
msgid "Fuzzy"
msgstr "Неточно"

msgid "Untranslated"
msgstr ""

msgid ""
"Continued "
"over lines"
msgstr ""
"Продолжено "
"на строках"

msgctxt "menu"
msgid "Open"
msgstr "Открыть"

msgid "{n} case"
msgid_plural "{n} cases"
msgstr[0] "{n} дело"
msgstr[1] "{n} дела"
msgstr[2] ""

#~ msgid "Gone"
#~ msgstr "Ушло"
'''


def test_the_corner_cases_of_the_format():
    translations = translations_from_po(CORNERS)
    assert translations.gettext('Two\nlines, a "quote" and a \\ backslash') == (
        'Две\nстроки, "кавычка" и \\ обратная косая'
    )
    assert translations.gettext("Fuzzy") == "Fuzzy"  # fuzzy falls back to English
    assert translations.gettext("Untranslated") == "Untranslated"
    assert translations.gettext("Continued over lines") == "Продолжено на строках"
    assert translations.pgettext("menu", "Open") == "Открыть"
    assert translations.gettext("Open") == "Open"
    assert [translations.ngettext("{n} case", "{n} cases", n) for n in (1, 3, 5)] == [
        "{n} дело",
        "{n} дела",
        "{n} cases",  # an empty plural form falls back to English
    ]
    assert translations.gettext("Gone") == "Gone"
    assert answers(translations, CORNERS, "ru") == answers(by_babel(CORNERS, "ru"), CORNERS, "ru")


def test_a_broken_line_names_its_number():
    with pytest.raises(ValueError, match="line 3"):
        parse_po('msgid ""\nmsgstr ""\nthis is not po\n')
