"""What every exercise app shares: page style, prose, the Check / New case controls, the
feedback panel, accessible controls and plots, and the parameters a link can carry
(``?seed=…&lang=…``).

The helpers put the right CSS classes on the widgets; the page shell
(:mod:`simsuite.server`, the ``simsuite`` Voilà template) turns those classes into ARIA:
a feedback panel becomes a live region that scrolls into view and takes focus when it fills,
a radio group gets ``role="radiogroup"`` named by its label, every slider, dropdown and
text box is named by its description (or, without one, by its ``tooltip``). No rules live
here: the apps call the evaluate functions and hand their results to these helpers.
See ``docs/architecture.md``, "The app page".
"""

from __future__ import annotations

import asyncio
import base64
import html
import logging
import os
import random
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle

from simsuite.i18n import _, available_languages, gettext

#: Case numbers are drawn from ``range(MAX_SEED)``; a link may name any of them.
MAX_SEED = 2**31

#: Widget styles shared by the apps. They make labels wrap instead of being cut, let controls
#: take the width there is, and fall back to one column under 600 px. They are part of the
#: widget tree (not only of the page template) so an app looks the same in JupyterLab.
STYLE = """
<style>
.simsuite-app { max-width: 60em; width: 100%; box-sizing: border-box;
  overflow-wrap: break-word; }
/* A table is as wide as its longest words ("Компетенция | Входной тест | Итоговый тест"), so
   Russian words push it past a phone's screen. On a phone (below) its text is smaller and its
   cells tighter, so it fits with whole words; on the narrowest screens a cell may break a word
   rather than widen the page. (Breaking words at every width would squeeze the short columns:
   a table gives its spare width to its longest texts.) */
.simsuite-app table { max-width: 100%; }
.simsuite-app th, .simsuite-app td { hyphens: auto; }
.simsuite-case { max-width: 52em; line-height: 1.5; font-size: 1.05em; }
.simsuite-feedback ul { list-style: none; padding-left: 0; }
.simsuite-right { color: #1b5e20; margin: .3em 0; }
.simsuite-wrong { color: #b71c1c; margin: .3em 0; }
.simsuite-score { font-size: 1.15em; }
.simsuite-reasoning li { margin: .3em 0; }
.simsuite-prompt { border-left: 4px solid #8a5a00; padding: .4em .8em; background: #fff8e1;
  color: #3e2700; }
.simsuite-notice { border-left: 4px solid #1a4fa0; padding: .3em .8em; background: #eef3fb;
  color: #0d2750; }
.simsuite-breakdown { border-collapse: collapse; margin: .5em 0; max-width: 100%; }
.simsuite-breakdown th, .simsuite-breakdown td { border-bottom: 1px solid #ccc;
  padding: .25em .5em; text-align: left; vertical-align: top; }
.simsuite-breakdown td.simsuite-number { text-align: right; white-space: nowrap; }
.simsuite-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.simsuite-figure img { max-width: 100%; height: auto; }
.simsuite-figure figcaption { font-size: .95em; line-height: 1.4; }
.simsuite-drawing { color: #333; font-style: italic; }
/* Labels wrap instead of being cut ("Зависит от торговца людьми, подвергается ж…"). */
.simsuite-app .widget-label, .simsuite-app .widget-label-basic,
.simsuite-app .widget-label-basic span, .simsuite-app .widget-radio-box label,
.simsuite-app .widget-checkbox label, .simsuite-app .jupyter-button {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.35 !important; }
.simsuite-app .widget-checkbox { width: 100% !important; height: auto !important;
  align-items: flex-start; margin: .25em 0; }
.simsuite-app .widget-checkbox input { flex: 0 0 auto; margin-top: .2em; }
.simsuite-app .widget-radio-box label { padding: .15em 0; }
.simsuite-app .widget-radio, .simsuite-app .widget-dropdown, .simsuite-app .widget-text,
.simsuite-app .widget-slider, .simsuite-app .widget-hslider {
  width: 100% !important; max-width: 48em; height: auto !important; flex-wrap: wrap; }
.simsuite-app .widget-dropdown > select { flex: 1 1 16em; min-width: 0; max-width: 100%;
  height: auto; min-height: var(--jp-widgets-inline-height, 28px); }
.simsuite-app .widget-slider .slider-container { flex: 1 1 12em; min-width: 8em; }
.simsuite-app .widget-inline-hbox .widget-label { min-width: 0; max-width: 100%; }
.simsuite-controls { flex-wrap: wrap; gap: .5em; }
.simsuite-app .jupyter-button { width: auto !important; min-width: 9em;
  min-height: var(--jp-widgets-inline-height, 28px); padding: .25em 1em; }
.simsuite-app .widget-hbox { flex-wrap: wrap; }
@media (max-width: 600px) {
  .simsuite-app .widget-inline-hbox { flex-direction: column; align-items: stretch; }
  .simsuite-app .widget-inline-hbox > .widget-label { width: auto !important;
    max-width: 100%; text-align: left !important; margin: 0 0 .2em 0 !important; }
  .simsuite-app .widget-dropdown > select { flex: 0 0 auto; width: 100%; }
  .simsuite-app .widget-slider .slider-container { flex: 0 0 auto; width: auto;
    align-self: stretch; min-height: 28px; }
  .simsuite-app .widget-checkbox { flex-direction: row; }
  .simsuite-app .widget-hbox:not(.simsuite-controls) { flex-direction: column; }
  .simsuite-app .jupyter-button { flex: 1 1 auto; }
  .simsuite-breakdown { font-size: .95em; }
  .simsuite-app table { font-size: .85em; }
  .simsuite-app th, .simsuite-app td { padding-left: .3em !important;
    padding-right: .3em !important; }
}
@media (max-width: 370px) {
  .simsuite-app th, .simsuite-app td { overflow-wrap: anywhere; }
}
</style>
"""


def prose_html(text: str) -> str:
    """Paragraphs of plain prose to HTML; a narrative has no markup beyond blank lines."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def fresh_seed() -> int:
    """A case number for a learner who did not ask for one."""
    return random.SystemRandom().randrange(MAX_SEED)


def app_box(children: Sequence[widgets.Widget], css_class: str) -> widgets.VBox:
    """The outer box of an app: the shared styles first, then the app's widgets.

    ``css_class`` names the app (``simsuite-spot``); ``simsuite-app`` turns on the responsive
    styles of :data:`STYLE`.
    """
    box = widgets.VBox([widgets.HTML(STYLE), *children], layout={"width": "100%"})
    return box.add_class("simsuite-app").add_class(css_class)


def exercise_controls() -> tuple[widgets.Button, widgets.Button, widgets.HTML]:
    """The Check and New case buttons and the feedback panel, with the CSS classes that the
    browser tests and the page shell rely on."""
    check = widgets.Button(description=_("Check"), button_style="primary", icon="check")
    new = widgets.Button(description=_("New case"), icon="refresh")
    return check.add_class("simsuite-check"), new.add_class("simsuite-new"), feedback_panel()


def controls_row(*buttons: widgets.Button) -> widgets.HBox:
    """Buttons side by side that wrap onto a new line on a narrow screen."""
    return widgets.HBox(list(buttons)).add_class("simsuite-controls")


def feedback_panel() -> widgets.HTML:
    """The panel that shows feedback after Check.

    The page shell makes it an ``aria-live`` region named "Feedback"; whenever it fills it
    scrolls into view and takes focus, so *Check* never seems to do nothing, and a screen
    reader announces it. Clear it (``panel.value = ""``) when a new case appears.
    """
    panel = widgets.HTML(layout={"width": "100%"})
    panel.tooltip = _("Feedback")
    return panel.add_class("simsuite-feedback-panel")


def prompt_html(message: str) -> str:
    """A request for more input, shown in the feedback panel instead of a score: for an
    empty or contradictory answer (nothing is scored, nothing is recorded)."""
    lead = html.escape(_("Not scored yet."))
    return (
        f'<div class="simsuite-prompt" role="alert"><p><b>{lead}</b> '
        f"{html.escape(message)}</p></div>"
    )


def notice_html(notices: Sequence[str]) -> str:
    """Short notes to the learner (for example, a link parameter that was ignored)."""
    if not notices:
        return ""
    items = "".join(f"<p>{html.escape(n)}</p>" for n in notices)
    return f'<div class="simsuite-notice" role="note">{items}</div>'


def radio_group(label: str, options: Sequence[tuple[str, Any]], **kwargs: Any):
    """A radio group with a group label: a screen reader says "Presumed victim?, radio group,
    Yes, radio 1 of 2" rather than "Yes, radio". Starts with nothing chosen."""
    group = widgets.RadioButtons(
        options=list(options),
        value=None,
        description=label,
        style={"description_width": "initial"},
        layout={"width": "auto"},
        **kwargs,
    )
    return group.add_class("simsuite-radio-group")


def accessible(widget: widgets.Widget, name: str) -> widgets.Widget:
    """Give a control an accessible name.

    A control with a visible description is named by it already; one laid out with a
    separate label (or an icon only) needs this. The name becomes the control's tooltip, which
    the page shell copies to ``aria-label`` on the element a screen reader lands on.
    """
    widget.tooltip = name
    return widget.add_class("simsuite-named")


def shared_look(
    style: type[DescriptionStyle] = CheckboxStyle, description_width: str = "", **layout: str
) -> dict[str, widgets.Widget]:
    """``layout=`` and ``style=`` for every control of one group (``widgets.Checkbox(...,
    **look)``): one layout and one style shared by them all.

    Each control given its own (a dict, or nothing) brings two more widget models that the
    kernel opens and the browser builds before the page is usable: a register of fifty
    checkboxes is 150 models instead of 52. Only for controls whose look never changes one
    by one (hiding one would hide the group)."""
    styled = style(description_width=description_width) if description_width else style()
    return {"layout": widgets.Layout(**layout), "style": styled}


def labelled_dropdown(label: str, options: Sequence[tuple[str, Any]], **kwargs: Any):
    """A dropdown whose label sits above it on a phone and beside it on a desktop, and
    that takes the width there is.

    Not answered yet is a first option ``("— choose —", None)`` chosen with ``index=0``:
    ``value=None`` would choose nothing, and the learner would see an empty box."""
    kwargs.setdefault("style", {"description_width": "initial"})
    kwargs.setdefault("layout", {"width": "100%", "max_width": "48em"})
    return widgets.Dropdown(options=list(options), description=label, **kwargs)


def figure_html(png: bytes, in_words: str, caption: str = "") -> str:
    """A plot as an image with its text alternative: the figures in words.

    ``in_words`` is what a screen reader reads (and what a learner reads if the image does not
    load): the numbers the plot shows, not a description of its colours. ``caption`` is shown
    under the plot for everyone.
    """
    data = base64.b64encode(png).decode("ascii")
    shown = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="simsuite-figure"><img src="data:image/png;base64,{data}" '
        f'alt="{html.escape(in_words, quote=True)}">{shown}</figure>'
    )


def drawing_html() -> str:
    """What a figure's place shows until :func:`draw_soon` has drawn it (a live region: a
    screen reader hears that a figure is on its way, then the figure's text alternative)."""
    return '<p class="simsuite-drawing" role="status">{}</p>'.format(
        html.escape(_("Drawing the figure…"))
    )


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the IPython kernel running this code, if any. Another running loop
    (a test's browser driver, a server) is not one whose next turn follows a cell's reply."""
    ipython = sys.modules.get("IPython")  # not imported: not in a kernel (and no import cost)
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def draw_soon(draw: Callable[[], None], *where: widgets.HTML) -> None:
    """Run ``draw`` once the kernel has answered the cell that asked for it, or at once where
    no kernel runs (a script, a test).

    A page is usable when its controls are; its figures (matplotlib, a tenth to a quarter of a
    second each) can follow. In a kernel the cell's reply, and with it the page, goes out
    first; the figures are drawn before the kernel answers the browser's first request, which
    then shows them with the controls or moments after. The figures' places (``where``) say so
    if drawing fails, since nothing else would show it (the cell has finished)."""
    loop = _kernel_loop()
    if loop is None:
        draw()
        return

    def guarded() -> None:
        try:
            draw()
        except Exception:
            logging.getLogger(__name__).exception("a figure could not be drawn")
            for place in where:
                place.value = notice_html([_("This figure could not be drawn; reload the page.")])

    loop.call_soon(guarded)


def figure_widget(figure: Any, in_words: str, caption: str = "", dpi: int = 96) -> widgets.HTML:
    """A matplotlib figure as an accessible image widget (see :func:`figure_html`)."""
    from simsuite.figure_png import figure_png  # matplotlib only for the pages that draw

    return widgets.HTML(figure_html(figure_png(figure, dpi=dpi), in_words, caption)).add_class(
        "simsuite-plot"
    )


_SEED = re.compile(r"[0-9]{1,10}")


def page_parameters() -> dict[str, object]:
    """``seed``, ``lang`` and any other query parameters of the Voilà page address.

    Voilà passes the address's query string to the kernel as ``QUERY_STRING``. A parameter
    that does not parse (``?seed=²``, a negative or huge case number, an unknown language) is
    ignored: the app falls back to a fresh case or English, and ``notices`` says, in the page
    language, what was ignored, for the app to show (see :func:`notice_html`).
    """
    raw = os.environ.get("QUERY_STRING", "")
    try:
        parsed = parse_qs(raw, keep_blank_values=False, errors="replace")
    except ValueError:  # a malformed query string is the same as none
        parsed = {}
    query = {k: v[0] for k, v in parsed.items() if v}
    seed_text = query.pop("seed", "").strip()
    lang_text = query.pop("lang", "").strip()
    lang = lang_text if lang_text in available_languages() else None
    notices: list[str] = []
    shown_lang = lang or "en"
    if lang_text and lang is None:
        notices.append(
            gettext(
                "The language {value!r} in the address is not available; the page is in "
                "English. Available: {allowed}.",
                shown_lang,
            ).format(value=lang_text[:20], allowed=", ".join(available_languages()))
        )
    seed = None
    if seed_text:
        if _SEED.fullmatch(seed_text) and int(seed_text) < MAX_SEED:
            seed = int(seed_text)
        else:
            notices.append(
                gettext(
                    "The case number {value!r} in the address is not one this app can open "
                    "(a whole number from 0 to {largest}); here is a new case instead.",
                    shown_lang,
                ).format(value=seed_text[:20], largest=MAX_SEED - 1)
            )
    return {**query, "seed": seed, "lang": lang, "notices": tuple(notices)}
