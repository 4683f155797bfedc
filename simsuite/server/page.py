"""What the page shell needs to know about a page: its language, its title, its messages.

Computed on the server for each request (by the Voilà pre-launch hook of
:mod:`simsuite.server.app`) and handed to the ``simsuite`` template through the notebook's
metadata, so the page speaks the learner's language before the kernel has started.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simsuite.i18n import SOURCE_LANGUAGE, available_languages, gettext, localized

#: Where the page shell's values travel from the hook to the template.
PAGE_KEY = "simsuite_page"


def page_language(value: str | None) -> str:
    """The language a page is shown in: ``?lang=`` when available, else English."""
    value = (value or "").strip()
    return value if value in available_languages() else SOURCE_LANGUAGE


def _cell_text(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_heading(notebook: Mapping[str, Any]) -> str | None:
    """The first level-1 heading of a notebook's Markdown cells."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for line in _cell_text(cell).splitlines():
            if line.strip().startswith("# "):
                return line.strip()[2:].strip()
    return None


def notebook_title(notebook: Mapping[str, Any], lang: str, fallback: str = "") -> str:
    """The app's name in ``lang``: ``metadata.simsuite.title`` (``{en: …, ru: …}``) when the
    notebook gives one, else its first heading, else ``fallback`` (never a file name when the
    notebook has a heading)."""
    meta = notebook.get("metadata", {}).get("simsuite", {}) or {}
    heading = notebook_heading(notebook)
    title = meta.get("title")
    if isinstance(title, Mapping):
        title = {SOURCE_LANGUAGE: heading or fallback, **title}
        return localized(title, lang)
    return heading or fallback


def fallback_title(path: str) -> str:
    """A readable name for a notebook without a heading: ``20_mass_event`` → "Mass event"."""
    stem = Path(path).stem
    words = stem.split("_")
    if words and words[0].isdigit():
        words = words[1:]
    text = " ".join(words) or stem
    return text[:1].upper() + text[1:]


def page_info(notebook: Mapping[str, Any], path: str, lang: str) -> dict[str, str]:
    """The values the template renders: language, title and the loading messages."""
    title = notebook_title(notebook, lang, fallback_title(path))
    site = gettext("simsuite training", lang)
    return {
        "lang": lang,
        "title": f"{title} · {site}",
        "heading": title,
        "loading": gettext("Opening “{title}”…", lang).format(title=title),
        # {done} and {total} are filled in the browser as cells run
        "progress": gettext("Preparing the exercise: step {done} of {total}…", lang),
        "ready": gettext("Ready.", lang),
        "noscript": gettext("This page needs JavaScript. Please enable it and reload.", lang),
        "feedback": gettext("Feedback", lang),
    }
