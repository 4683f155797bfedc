"""The reprisal-risk planner in the browser: a register rather than a form.

Each threat the learner may list is a card with its likelihood and impact; vulnerabilities and
capacities are two groups of boxes; the preventive measures and the emergency plan count what
is chosen against the resources. While the learner works, their own register (before and after
the plan) updates beneath; *Check* scores the answer with the type's ``evaluate`` (the rule of
the graded test) and shows the feedback, both registers and the risk matrix before and after.
Same public interface as :class:`simsuite.widgets.form_app.ExerciseApp`.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from simsuite.activities.reprisal_risk.activity import AXES
from simsuite.activities.reprisal_risk.content import catalogue
from simsuite.activities.reprisal_risk.evaluate import (
    learner_plan,
    parse_answer,
    rating_field,
    unsafe_measures,
)
from simsuite.activities.reprisal_risk.register import build_register
from simsuite.activities.reprisal_risk.report import REGISTER_CSS, register_html
from simsuite.errors import UserInputError
from simsuite.i18n import _, get_language, language
from simsuite.widgets.common import (
    STYLE,
    DescriptionStyle,
    exercise_controls,
    fresh_seed,
    shared_look,
)
from simsuite.widgets.form_app import markdown_html

APP_CSS = """
<style>
.simsuite-rr .widget-checkbox { height: auto; width: auto; max-width: 100%; }
.simsuite-rr .widget-checkbox .widget-label-basic,
.simsuite-rr .widget-checkbox .jupyter-widget-label-basic {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.35; display: flex; align-items: flex-start; gap: .45em; }
.simsuite-rr .widget-checkbox input { flex: none; margin-top: .2em; }
.simsuite-rr-card { border: 1px solid #c8c8c8; border-radius: 6px; padding: .35em .6em;
  margin: .3em 0; max-width: 52em; }
.simsuite-rr-ratings { flex-wrap: wrap; gap: .2em 1em; }
/* likelihood and impact side by side where there is room, one under the other on a phone */
@media (min-width: 601px) {
  .simsuite-rr .simsuite-rr-ratings .widget-dropdown { width: auto !important; flex: 1 1 15em;
    max-width: 100%; }
  .simsuite-rr-ratings select { max-width: 14em; } }
.simsuite-rr h3 { margin: 1em 0 .2em; font-size: 1.1em; }
.simsuite-rr-hint { color: #333; max-width: 52em; margin: .1em 0 .3em; }
.simsuite-rr-count { font-weight: 600; }
.simsuite-rr-count-over { color: #b71c1c; }
</style>
"""


def _box(option: str, label: str, css: str, look: dict) -> widgets.Checkbox:
    return widgets.Checkbox(value=False, description=label, indent=False, **look).add_class(
        f"simsuite-{css}-{option}"
    )


class ReprisalRiskApp:
    """Self-paced practice of the reprisal-risk planner with immediate feedback."""

    def __init__(self, exercise_type: Any, seed: int | None = None, lang: str | None = None,
                 **params: Any) -> None:
        self.type = exercise_type
        self.lang = lang or get_language()
        self.params = params
        self.seed = seed if seed is not None else fresh_seed()
        self._rng = random.Random(self.seed)
        self.scenario = None
        #: called with each result after Check (the learning path records progress with it)
        self.on_check: Callable[[Any], None] | None = None
        with language(self.lang):
            self.case_number = widgets.HTML().add_class("simsuite-case-number")
            self.case_view = widgets.HTML().add_class("simsuite-case")
            self.steps = widgets.VBox().add_class("simsuite-form")
            self.live = widgets.HTML().add_class("simsuite-rr-live")
            self.check_button, self.new_button, self.feedback = exercise_controls()
            self.check_button.on_click(lambda _button: self.check())
            self.new_button.on_click(lambda _button: self.new_case())
            self.widget = widgets.VBox(
                [
                    widgets.HTML(STYLE + APP_CSS + REGISTER_CSS),
                    self.case_number,
                    self.case_view,
                    self.steps,
                    self.live,
                    widgets.HBox([self.check_button, self.new_button],
                                 layout={"flex_flow": "row wrap"}),
                    self.feedback,
                ]
            ).add_class("simsuite-app-reprisal_risk").add_class("simsuite-rr")
        self.show_case()

    # --- building the register ---------------------------------------------------------------

    def _heading(self, text: str, hint: str = "") -> list[widgets.Widget]:
        parts = [widgets.HTML(f"<h3>{html.escape(text)}</h3>")]
        if hint:
            parts.append(widgets.HTML(f'<p class="simsuite-rr-hint">{html.escape(hint)}</p>'))
        return parts

    def _group(self, name: str, options) -> widgets.VBox:
        boxes = {option: _box(option, label, name, self._box_look) for option, label in options}
        self.boxes[name] = boxes
        for box in boxes.values():
            box.observe(self._changed, names="value")
        return widgets.VBox(list(boxes.values())).add_class(f"simsuite-field-{name}")

    def show_case(self) -> None:
        self.feedback.value = ""  # first: old feedback never sits beside a new case
        with language(self.lang):
            self.scenario = self.type.generate(self.params, self.seed, self.lang)
            public = self.scenario.public
            self.case_number.value = "<small>{}</small>".format(
                html.escape(_("Case no. {seed}").format(seed=self.seed))
            )
            self.case_view.value = markdown_html(self.type.app_markdown(public, self.lang))
            self.boxes: dict[str, dict[str, widgets.Checkbox]] = {}
            self.ratings: dict[str, widgets.Dropdown] = {}
            levels = [(_("— choose —"), None), *[(label, lv) for lv, label in public.levels]]
            self._box_look = shared_look(width="auto")
            rating_look = shared_look(DescriptionStyle, "initial", width="auto", max_width="100%")
            cards = []
            for threat, label in public.candidates:
                box = _box(threat, label, "threats", self._box_look)
                box.observe(self._changed, names="value")
                self.boxes.setdefault("threats", {})[threat] = box
                selects = []
                for axis, text in zip(AXES, (_("Likelihood"), _("Impact")), strict=True):
                    select = widgets.Dropdown(
                        options=levels, index=0, description=text, **rating_look
                    ).add_class(f"simsuite-{axis}-{threat}")
                    select.observe(self._changed, names="value")
                    self.ratings[rating_field(axis, threat)] = select
                    selects.append(select)
                cards.append(
                    widgets.VBox(
                        [box, widgets.HBox(selects).add_class("simsuite-rr-ratings")]
                    ).add_class("simsuite-rr-card").add_class(f"simsuite-threat-{threat}")
                )
            self.counts = {
                "measures": widgets.HTML().add_class("simsuite-rr-count"),
                "emergency": widgets.HTML().add_class("simsuite-rr-count"),
            }
            self.steps.children = (
                *self._heading(
                    _("1. Threats: list them and rate each one"),
                    _("Tick each threat the case presents, then rate its likelihood and its "
                      "impact as things stand now."),
                ),
                widgets.VBox(cards).add_class("simsuite-field-threats"),
                *self._heading(
                    _("2. Vulnerabilities and capacities"),
                    _("Vulnerabilities make a threat more likely or more harmful; capacities "
                      "make it less likely or less harmful. Often one is the mirror of the "
                      "other."),
                ),
                widgets.HTML("<b>{}</b>".format(html.escape(_("Vulnerabilities")))),
                self._group("vulnerabilities", public.vulnerability_options),
                widgets.HTML("<b>{}</b>".format(html.escape(_("Capacities")))),
                self._group("capacities", public.capacity_options),
                *self._heading(
                    _("3. Preventive measures"),
                    _("Measures that reduce vulnerabilities and build capacities before a "
                      "threat occurs. Cover the priority threats first."),
                ),
                self.counts["measures"],
                self._group("measures", public.prevent_options),
                *self._heading(
                    _("4. Emergency plan"),
                    _("What is done if a threat occurs despite the measures."),
                ),
                self.counts["emergency"],
                self._group("emergency", public.respond_options),
            )
        self._changed()

    # --- the learner's answer ----------------------------------------------------------------

    def answer(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            name: {option for option, box in boxes.items() if box.value}
            for name, boxes in self.boxes.items()
        }
        for field, select in self.ratings.items():
            answer[field] = select.value
        return answer

    def _changed(self, _change: Any = None) -> None:
        """Counts against the resources and the learner's own register, as they work."""
        if self.scenario is None or not hasattr(self, "counts"):
            return
        public = self.scenario.public
        answer = self.answer()
        with language(self.lang):
            for name, phase in (("measures", "prevent"), ("emergency", "respond")):
                chosen, limit = len(answer.get(name, ())), public.budgets[phase]
                css = " simsuite-rr-count-over" if chosen > limit else ""
                self.counts[name].value = '<span class="{}">{}</span>'.format(
                    css.strip(),
                    html.escape(_("Chosen: {n} of at most {limit}.").format(n=chosen,
                                                                             limit=limit)),
                )
            try:
                parsed = parse_answer(self.scenario.key, answer)
            except UserInputError:
                return
            rows = build_register(catalogue(), learner_plan(self.scenario.key, parsed))
            self.live.value = register_html(
                rows, catalogue(), self.lang,
                _("Your register as it stands (rated threats only)"),
            )

    def new_case(self) -> None:
        self.seed = self._rng.randrange(2**31)
        self.show_case()

    def check(self) -> Any:
        assert self.scenario is not None
        from simsuite.activities.reprisal_risk.plots import matrix_html

        with language(self.lang):
            try:
                result = self.type.evaluate(self.scenario.key, self.answer(), self.lang)
            except UserInputError as error:
                self.feedback.value = (
                    f"<p class='simsuite-wrong' role='alert'>{html.escape(error.render())}</p>"
                )
                return None
            if result.blank:
                self.feedback.value = "<p class='simsuite-wrong' role='alert'>{}</p>".format(
                    html.escape(result.summary or _("Give an answer first."))
                )
                return result
            parsed = parse_answer(self.scenario.key, self.answer())
            rows = build_register(
                catalogue(), learner_plan(self.scenario.key, parsed),
                unsafe_measures(self.scenario.key),
            )
            self.feedback.value = result.render_html() + matrix_html(rows, catalogue(), self.lang)
        if self.on_check is not None:
            self.on_check(result)
        return result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
