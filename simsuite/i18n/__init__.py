"""The translation layer: every user-facing string goes through here.

Two kinds of text are translated:

* interface strings in code, wrapped in ``_("English text")`` (``ngettext`` for a message
  whose form depends on a number); catalogues are standard
  gettext ``.po`` files under ``simsuite/i18n/locales/<lang>.po`` (extract with
  ``pybabel extract``), read at run time so no compile step is needed;
* content in data files (indicator labels, case templates, item texts), stored as
  ``{en: ..., ru: ...}`` mappings and resolved with :func:`localized`.

English is the source language and the fallback for anything not yet translated.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import gettext as gettext_module
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from simsuite.i18n.catalogue import translations_from_po

SOURCE_LANGUAGE = "en"
#: Languages the design must carry. A language is usable once it has a catalogue file.
PLANNED_LANGUAGES = ("en", "ru", "ky", "az", "uz")

_current = contextvars.ContextVar("simsuite_language", default=SOURCE_LANGUAGE)


@cache
def _translations(lang: str) -> gettext_module.NullTranslations:
    """The language's catalogue as gettext translations (plural rules from its header).

    The ``.po`` file is compiled in memory: no compile step, and fuzzy or empty entries fall
    back to English.
    """
    return _compiled(("locales", f"{lang}.po"), lang)


def _compiled(parts: tuple[str, ...], lang: str) -> gettext_module.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return gettext_module.NullTranslations()
    resource = resources.files("simsuite.i18n").joinpath(*parts)
    if not resource.is_file():
        return gettext_module.NullTranslations()
    return translations_from_po(resource.read_text(encoding="utf-8"))


@cache
def available_languages() -> tuple[str, ...]:
    """Languages with a catalogue (plus English, which needs none). The shipped catalogues do
    not change while simsuite runs, and the law engine asks for every open fact."""
    folder = Path(__file__).with_name("locales")
    found = {SOURCE_LANGUAGE}
    for entry in folder.iterdir():
        if entry.name.endswith(".po"):
            found.add(entry.name[: -len(".po")])
    return tuple(lang for lang in PLANNED_LANGUAGES if lang in found) + tuple(
        sorted(found - set(PLANNED_LANGUAGES))
    )


def check_language(lang: str) -> str:
    from simsuite.errors import UserInputError

    if lang not in available_languages():
        raise UserInputError(
            gettext("Unknown language {lang!r}.").format(lang=lang),
            where="--lang",
            allowed=", ".join(available_languages()),
        )
    return lang


def get_language() -> str:
    return _current.get()


def set_language(lang: str) -> None:
    _current.set(check_language(lang))


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Temporarily switch the interface language (for a report, a widget, a test)."""
    token = _current.set(check_language(lang))
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str, lang: str | None = None) -> str:
    """Translate ``message`` into ``lang`` (default: the current language)."""
    return _translations(lang or _current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The form of a message for the number ``n`` in ``lang`` (Russian has three: 1 случай,
    2 случая, 5 случаев), by the plural rule of the language's catalogue."""
    return _translations(lang or _current.get()).ngettext(singular, plural, n)


def babel_locale(lang: str | None = None) -> str:
    """The CLDR locale behind a language code (Uzbek is written in Latin script)."""
    lang = lang or _current.get()
    return {"uz": "uz_Latn"}.get(lang, lang)


def format_number(value: float, lang: str | None = None, digits: int | None = None) -> str:
    """A number as the language writes it (decimal comma, group separators)."""
    from babel.numbers import format_decimal

    pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=babel_locale(lang))


def format_percent(share: float, lang: str | None = None) -> str:
    """A share (0..1) as a whole percentage in the language's style ("45 %" in Russian)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(share, locale=babel_locale(lang))


def format_date(value: datetime.date, lang: str | None = None) -> str:
    """A date in the language's medium style ("29 нояб. 2026 г.")."""
    from babel.dates import format_date as babel_date

    return babel_date(value, format="medium", locale=babel_locale(lang))


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


@cache
def _content_translations(lang: str) -> gettext_module.NullTranslations:
    """The content catalogue of a language (see :mod:`simsuite.i18n.content`)."""
    return _compiled(("locales", "content", f"{lang}.po"), lang)


def localized(value: str | Mapping[str, str], lang: str | None = None) -> str:
    """Resolve a content-data text: a plain string, or a mapping of language to text.

    A mapping without the language is looked up in the language's content catalogue (the
    English text is the key), then falls back to English."""
    if isinstance(value, str):
        return gettext(value, lang)
    lang = lang or _current.get()
    if lang in value and value[lang]:
        return value[lang]
    english = value[SOURCE_LANGUAGE]
    if lang == SOURCE_LANGUAGE or not english:  # "" would look up the catalogue's header
        return english
    return _content_translations(lang).gettext(english)
