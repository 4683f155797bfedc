"""The start page of the self-paced curriculum: a card per app, read from the notebooks."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets

from simsuite.i18n import _, get_language, language, localized
from simsuite.server.page import notebook_heading, notebook_title
from simsuite.widgets.common import app_box, notice_html, page_parameters


@dataclass(frozen=True)
class AppCard:
    path: str
    title: str
    summary: str


def _summary(data: dict, heading: str, lang: str) -> str:
    """``metadata.simsuite.summary`` in ``lang`` if given, else the first paragraph after the
    heading (skipping the content note)."""
    meta = data.get("metadata", {}).get("simsuite", {}) or {}
    if isinstance(meta.get("summary"), dict) and (lang in meta["summary"] or lang == "en"):
        first = _first_paragraph(data, heading)
        return localized({"en": first, **meta["summary"]}, lang)
    return _first_paragraph(data, heading)


def _first_paragraph(data: dict, heading: str) -> str:
    for cell in data.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell.get("source", []))
        if f"# {heading}" not in text:
            continue
        after = text.split(f"# {heading}", 1)[1]
        paragraphs = [p.strip() for p in after.split("\n\n") if p.strip()]
        return next((p for p in paragraphs if not p.startswith(("#", "**Content note"))), "")
    return ""


def read_card(notebook: Path, lang: str = "en") -> AppCard | None:
    """Title (``metadata.simsuite.title`` or the first heading) and summary of a lesson."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    heading = notebook_heading(data)
    if heading is None:
        return None
    title = notebook_title(data, lang, heading)
    return AppCard(notebook.name, title, _summary(data, heading, lang))


def app_cards(folder: str | Path = ".", lang: str = "en") -> list[AppCard]:
    cards = []
    for notebook in sorted(Path(folder).glob("*.ipynb")):
        if notebook.name.startswith("00_"):
            continue  # the start page itself
        card = read_card(notebook, lang)
        if card:
            cards.append(card)
    return cards


def gallery(folder: str | Path = ".", lang: str | None = None) -> widgets.VBox:
    """A card per app; links keep the page language (``?lang=``)."""
    notices: tuple[str, ...] = ()
    if lang is None:
        page = page_parameters()
        lang, notices = page["lang"] or get_language(), page["notices"]
    suffix = f"?lang={quote(lang)}" if lang != "en" else ""
    with language(lang):
        items = "".join(
            f'<li class="simsuite-app-card"><a href="{html.escape(card.path + suffix)}">'
            f"<b>{html.escape(card.title)}</b></a><br>{html.escape(card.summary)}</li>"
            for card in app_cards(folder, lang)
        )
        heading = html.escape(_("Apps of the curriculum"))
    panel = widgets.HTML(
        f'{notice_html(notices)}<h2>{heading}</h2><ul class="simsuite-gallery" '
        f'style="line-height:1.5; padding-left: 1.2em">{items}</ul>'
    ).add_class("simsuite-gallery-panel")
    return app_box([panel], "simsuite-start")
