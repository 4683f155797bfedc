"""The start page of the self-paced curriculum: a card per app, read from the notebooks."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from simsuite.i18n import _


@dataclass(frozen=True)
class AppCard:
    path: str
    title: str
    summary: str


def read_card(notebook: Path) -> AppCard | None:
    """Title (first heading) and summary (first paragraph after it) of a lesson notebook."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in data.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell.get("source", []))
        lines = [line.strip() for line in text.splitlines()]
        heading = next((line for line in lines if line.startswith("# ")), None)
        if heading is None:
            continue
        after = text.split(heading, 1)[1]
        paragraphs = [p.strip() for p in after.split("\n\n") if p.strip()]
        summary = next((p for p in paragraphs if not p.startswith(("#", "**Content note"))), "")
        return AppCard(notebook.name, heading[2:].strip(), summary)
    return None


def app_cards(folder: str | Path = ".") -> list[AppCard]:
    cards = []
    for notebook in sorted(Path(folder).glob("*.ipynb")):
        if notebook.name.startswith("00_"):
            continue  # the start page itself
        card = read_card(notebook)
        if card:
            cards.append(card)
    return cards


def gallery(folder: str | Path = ".") -> widgets.HTML:
    items = "".join(
        f'<li class="simsuite-app"><a href="{html.escape(card.path)}">'
        f"<b>{html.escape(card.title)}</b></a><br>{html.escape(card.summary)}</li>"
        for card in app_cards(folder)
    )
    heading = html.escape(_("Apps of the curriculum"))
    return widgets.HTML(
        f'<h2>{heading}</h2><ul class="simsuite-gallery" style="line-height:1.5">{items}</ul>'
    ).add_class("simsuite-gallery-panel")
