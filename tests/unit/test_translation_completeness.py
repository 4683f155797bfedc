"""Every language that learners can choose is complete: each interface string of
``simsuite.pot`` and each content text of ``content.pot`` has a translation that is not empty,
not fuzzy and keeps the ``{placeholders}`` of the English text, with every plural form filled.

A language becomes available as soon as ``simsuite/i18n/locales/<lang>.po`` exists
(:func:`simsuite.i18n.available_languages`), so these tests run for it from then on. Content
texts are checked the way :func:`simsuite.i18n.localized` serves them: from the ``<lang>`` key of
the data file's mapping, or else from the language's content catalogue (Russian lives mostly in
the data files, the other languages in ``locales/content/<lang>.po``). A text written in the data
file sits beside its English and may use the other slots the code fills for that language
(``{victim_dat}``); a catalogue entry keeps every slot of its English except the English
pronouns.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from simsuite.i18n import SOURCE_LANGUAGE, available_languages
from simsuite.i18n.content import content_texts

I18N = Path(resources.files("simsuite.i18n"))  # type: ignore[arg-type]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
LANGUAGES = [lang for lang in available_languages() if lang != SOURCE_LANGUAGE]
#: English pronouns the case renderer fills for the victim: a language may say them its own
#: way (Russian with {g:...}, Kyrgyz has one pronoun for both sexes) and leave them out.
PRONOUNS = {"{she}", "{She}", "{her}", "{Her}", "{him}", "{hers}"}


def _read(path: Path, lang: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _placeholders(text: str) -> list[str]:
    """The ``{name}`` slots a translation must keep (``{g:male/female}`` markers pick a word
    by sex and are written in each language's own words, so they are not compared)."""
    return sorted(p for p in PLACEHOLDER.findall(text) if not p.startswith("{g:"))


def _problems_of(message, translated) -> list[str]:
    """What is wrong with one catalogue entry's translation (empty list: nothing)."""
    if translated is None:
        return ["missing"]
    if translated.fuzzy:
        return ["fuzzy"]
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
    problems = []
    if isinstance(message.id, tuple) and len(strings) < 2:
        problems.append("plural forms missing")
    for form in strings:
        if not (form or "").strip():
            problems.append("empty")
        elif not any(_keeps(form, english) for english in ids):
            problems.append(f"placeholders {_placeholders(form)} != {_placeholders(ids[-1])}")
    return problems


def _keeps(translation: str, english: str) -> bool:
    """Every placeholder of the English text is kept (pronouns may go), and none is added."""
    wanted, given = set(_placeholders(english)), set(_placeholders(translation))
    return wanted - PRONOUNS <= given <= wanted


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_string_is_translated(lang):
    template = _read(I18N / "simsuite.pot")
    catalog = _read(I18N / "locales" / f"{lang}.po", lang)
    wrong = {}
    for message in template:
        if not message.id:
            continue
        problems = _problems_of(message, catalog.get(message.id, message.context))
        if problems:
            wrong[message.id if isinstance(message.id, str) else message.id[0]] = problems
    assert not wrong, f"{lang}: {len(wrong)} interface strings: {list(wrong.items())[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_entry_has_the_forms_of_the_language(lang):
    catalog = _read(I18N / "locales" / f"{lang}.po", lang)
    for message in catalog:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == catalog.num_plurals, (lang, message.id[0])
            assert all(form.strip() for form in message.string), (lang, message.id[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_content_text_is_translated(lang):
    """The mapping's own ``<lang>`` text, or else the content catalogue's entry."""
    path = I18N / "locales" / "content" / f"{lang}.po"
    catalog = _read(path, lang) if path.is_file() else None
    wrong = {}
    for file, key_path, text in content_texts():
        english = text[SOURCE_LANGUAGE]
        own = text.get(lang)
        if own and own.strip():
            # written in the data file beside the English: its slots are the code's business
            # (Russian says "ему" for {name}, or uses {victim_dat}, which the code fills too)
            continue
        entry = catalog.get(english) if catalog is not None else None
        problems = _problems_of(_Message(english), entry)
        if problems:
            wrong[f"{file}: {key_path}"] = problems
    assert not wrong, f"{lang}: {len(wrong)} content texts: {list(wrong.items())[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_content_template_is_covered_by_the_content_catalogue(lang):
    """Every entry of content.pot has its translation (for the data-file languages, such as
    Russian, the data files are the catalogue: checked by the test above)."""
    path = I18N / "locales" / "content" / f"{lang}.po"
    if not path.is_file():
        pytest.skip(f"{lang} keeps its content texts in the data files")
    template = _read(I18N / "content.pot")
    catalog = _read(path, lang)
    wrong = [
        message.id
        for message in template
        if message.id and _problems_of(message, catalog.get(message.id, message.context))
    ]
    assert not wrong, f"{lang}: {len(wrong)} content entries: {wrong[:10]}"


class _Message:
    def __init__(self, text: str) -> None:
        self.id = text
