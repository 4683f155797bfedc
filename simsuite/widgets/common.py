"""What every exercise app shares: page style, prose, the Check / New case controls, and the
parameters a link can carry (``?seed=…&lang=…``)."""

from __future__ import annotations

import html
import os
import random
from urllib.parse import parse_qs

import ipywidgets as widgets

from simsuite.i18n import _, available_languages

STYLE = """
<style>
.simsuite-case { max-width: 52em; line-height: 1.5; font-size: 1.05em; }
.simsuite-feedback ul { list-style: none; padding-left: 0; }
.simsuite-right { color: #1b5e20; margin: .3em 0; }
.simsuite-wrong { color: #b71c1c; margin: .3em 0; }
.simsuite-score { font-size: 1.15em; }
.simsuite-reasoning li { margin: .3em 0; }
</style>
"""


def prose_html(text: str) -> str:
    """Paragraphs of plain prose to HTML; a narrative has no markup beyond blank lines."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def fresh_seed() -> int:
    """A case number for a learner who did not ask for one."""
    return random.SystemRandom().randrange(2**31)


def exercise_controls() -> tuple[widgets.Button, widgets.Button, widgets.HTML]:
    """The Check and New case buttons and the feedback panel, with the CSS classes that the
    browser tests and any page styling rely on."""
    check = widgets.Button(description=_("Check"), button_style="primary", icon="check")
    new = widgets.Button(description=_("New case"), icon="refresh")
    return (
        check.add_class("simsuite-check"),
        new.add_class("simsuite-new"),
        widgets.HTML().add_class("simsuite-feedback-panel"),
    )


def page_parameters() -> dict[str, object]:
    """``seed``, ``lang`` and any other query parameters of the Voilà page address.

    Voilà passes the address's query string to the kernel as ``QUERY_STRING``; an invalid
    seed or language is ignored (the app falls back to a fresh case, English).
    """
    query = {k: v[0] for k, v in parse_qs(os.environ.get("QUERY_STRING", "")).items() if v}
    seed_text = query.pop("seed", "")
    lang = query.pop("lang", "")
    return {
        **query,
        "seed": int(seed_text) if seed_text.isdigit() else None,
        "lang": lang if lang in available_languages() else None,
    }
