"""A self-paced app for any exercise type, built from its answer fields.

The public part is shown as the type renders it (:meth:`ExerciseType.public_markdown`); each
answer field becomes a control (a set of options: checkboxes; one option: a radio group or a
dropdown; yes/no: a radio group; a number or a text: a text box; an order or a sequence: one
dropdown per position). *Check* calls the type's ``evaluate`` (the same rule as the graded
hidden test) and shows its feedback; *New case* draws the next scenario. A type with a richer
interaction (a branching scenario, a plan on a map) writes its own app and keeps the same public
interface: ``widget``, ``check()``, ``new_case()``, ``seed``, ``on_check``.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import mistune

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.errors import UserInputError
from simsuite.i18n import _, get_language, language
from simsuite.widgets.common import (
    app_box,
    controls_row,
    exercise_controls,
    fresh_seed,
    labelled_dropdown,
    prompt_html,
    radio_group,
    shared_look,
)

_markdown = mistune.create_markdown(escape=True, plugins=["table"])
_RADIO_LIMIT = 6  # more options than this: a dropdown
# A field's heading names it on screen; a radio group's own label stays for screen readers only
# (a long label beside the buttons would run past a phone's edge), and long option texts wrap
# beside their buttons.
FORM_CSS = """
<style>
.simsuite-form .widget-radio > .widget-label { position: absolute; width: 1px; height: 1px;
  margin: -1px; padding: 0; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; }
.simsuite-form .widget-radio-box label { display: flex; flex-direction: row-reverse;
  justify-content: flex-end; align-items: flex-start; gap: .5em; height: auto;
  line-height: 1.4; white-space: normal; margin: .2em 0 .4em; }
.simsuite-form .widget-radio-box input { float: none; flex: none; margin: .2em 0 0 1px; }
.simsuite-form .widget-dropdown > select { max-width: 100%; min-width: 0; }
.simsuite-form .widget-label { white-space: normal; }
.simsuite-form .widget-inline-hbox { flex-wrap: wrap; max-width: 100%; }
.simsuite-form .widget-inline-hbox > .widget-label { max-width: 100%; width: auto; }
</style>
"""


def markdown_html(text: str) -> str:
    """Markdown written by simsuite (never raw HTML: it is escaped) as HTML."""
    return str(_markdown(text))


def _parse_number(text: str) -> float | int | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text  # the type's evaluate explains what is wrong with it
    return int(value) if value.is_integer() else value


class _FieldControl:
    """One answer field as a control, with its value in the answer's plain form."""

    def __init__(self, field: AnswerField) -> None:
        self.field = field
        kind = field.kind
        parts: list[widgets.Widget] = []
        if kind == "choices":
            parts.append(widgets.HTML(f"<h4>{html.escape(field.label)}</h4>"))
            look = shared_look(width="auto")
            self.boxes = {
                option: widgets.Checkbox(
                    value=False, description=label, indent=False, **look
                ).add_class(f"simsuite-{field.name}-{option}")
                for option, label in field.options
            }
            parts.append(widgets.VBox(list(self.boxes.values())))
        elif kind in ("choice", "bool"):
            options = [(label, option) for option, label in field.options]
            if kind == "bool":
                options = [(label, option == "True") for option, label in field.options]
            if len(options) <= _RADIO_LIMIT:
                parts.append(widgets.HTML(f"<h4>{html.escape(field.label)}</h4>"))
                self.input = radio_group(field.label, options)
            else:
                self.input = labelled_dropdown(
                    field.label, [(_("— choose —"), None), *options], index=0
                )
            parts.append(self.input)
        elif kind in ("order", "sequence"):
            parts.append(widgets.HTML(f"<h4>{html.escape(field.label)}</h4>"))
            choices = [(_("— choose —"), None)] + [(label, o) for o, label in field.options]
            self.positions = [
                labelled_dropdown(_("Step {n}").format(n=n), choices, index=0)
                for n in range(1, len(field.options) + 1)
            ]
            parts += self.positions
        else:  # number, text
            self.input = widgets.Text(
                description=field.label,
                style={"description_width": "initial"},
                layout={"width": "100%", "max_width": "32em"},
            )
            parts.append(self.input)
        self.widget = widgets.VBox(parts, layout={"width": "100%"}).add_class(
            f"simsuite-field-{field.name}"
        )

    def value(self) -> Any:
        kind = self.field.kind
        if kind == "choices":
            return {option for option, box in self.boxes.items() if box.value}
        if kind == "order":
            chosen = [d.value for d in self.positions]
            return None if all(v is None for v in chosen) else chosen
        if kind == "sequence":  # the positions filled, in order
            return [d.value for d in self.positions if d.value is not None] or None
        if kind == "number":
            return _parse_number(self.input.value)
        if kind == "text":
            return self.input.value.strip() or None
        return self.input.value


class ExerciseApp:
    """Self-paced practice of one exercise type with immediate feedback."""

    def __init__(
        self,
        exercise_type: ExerciseType,
        seed: int | None = None,
        lang: str | None = None,
        **params: Any,
    ) -> None:
        self.type = exercise_type
        self.lang = lang or get_language()
        self.params = params
        self.seed = seed if seed is not None else fresh_seed()
        self._rng = random.Random(self.seed)
        self.scenario: Scenario | None = None
        self.controls: dict[str, _FieldControl] = {}
        #: called with each result after Check (the learning path records progress with it)
        self.on_check: Callable[[Any], None] | None = None
        with language(self.lang):
            self.case_number = widgets.HTML().add_class("simsuite-case-number")
            self.case_view = widgets.HTML().add_class("simsuite-case")
            self.form = widgets.VBox().add_class("simsuite-form")
            self.check_button, self.new_button, self.feedback = exercise_controls()
            self.check_button.on_click(lambda _button: self.check())
            self.new_button.on_click(lambda _button: self.new_case())
            self.widget = app_box(
                [
                    widgets.HTML(FORM_CSS),
                    self.case_number,
                    self.case_view,
                    self.form,
                    controls_row(self.check_button, self.new_button),
                    self.feedback,
                ],
                f"simsuite-app-{exercise_type.name}",
            )
        self.show_case()

    def show_case(self) -> None:
        self.feedback.value = ""  # first: old feedback never sits beside a new case
        with language(self.lang):
            self.scenario = self.type.generate(self.params, self.seed, self.lang)
            self.case_number.value = "<small>{}</small>".format(
                html.escape(_("Case no. {seed}").format(seed=self.seed))
            )
            self.case_view.value = markdown_html(
                self.type.app_markdown(self.scenario.public, self.lang)
            )
            fields = self.type.answer_fields(self.scenario.public)
            self.controls = {f.name: _FieldControl(f) for f in fields}
            self.form.children = tuple(c.widget for c in self.controls.values())

    def new_case(self) -> None:
        self.seed = self._rng.randrange(2**31)
        self.show_case()

    def answer(self) -> dict[str, Any]:
        return {name: control.value() for name, control in self.controls.items()}

    def check(self) -> Any:
        assert self.scenario is not None
        with language(self.lang):
            try:
                result = self.type.evaluate(self.scenario.key, self.answer(), self.lang)
            except UserInputError as error:
                self.feedback.value = prompt_html(error.render())
                return None
            if result.blank:
                self.feedback.value = prompt_html(result.summary or _("Give an answer first."))
                return result
            self.feedback.value = result.render_html()
        if self.on_check is not None:
            self.on_check(result)
        return result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
