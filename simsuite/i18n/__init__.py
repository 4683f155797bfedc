"""The translation layer: every user-facing string goes through here.

Two kinds of text are translated:

* interface strings in code, wrapped in ``_("English text")``; catalogues are standard
  gettext ``.po`` files under ``simsuite/i18n/locales/<lang>.po`` (extract with
  ``pybabel extract``), read at run time so no compile step is needed;
* content in data files (indicator labels, case templates, item texts), stored as
  ``{en: ..., ru: ...}`` mappings and resolved with :func:`localized`.

English is the source language and the fallback for anything not yet translated.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"
#: Languages the design must carry. A language is usable once it has a catalogue file.
PLANNED_LANGUAGES = ("en", "ru", "ky", "az", "uz")

_current = contextvars.ContextVar("simsuite_language", default=SOURCE_LANGUAGE)


@cache
def _catalogue(lang: str) -> Mapping[str, str]:
    if lang == SOURCE_LANGUAGE:
        return {}
    resource = resources.files("simsuite.i18n").joinpath("locales", f"{lang}.po")
    if not resource.is_file():
        return {}
    with resource.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def available_languages() -> tuple[str, ...]:
    """Languages with a catalogue (plus English, which needs none)."""
    folder = resources.files("simsuite.i18n").joinpath("locales")
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
    return _catalogue(lang or _current.get()).get(message, message)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


def localized(value: str | Mapping[str, str], lang: str | None = None) -> str:
    """Resolve a content-data text: a plain string, or a mapping of language to text."""
    if isinstance(value, str):
        return gettext(value, lang)
    lang = lang or _current.get()
    if lang in value and value[lang]:
        return value[lang]
    return value[SOURCE_LANGUAGE]
