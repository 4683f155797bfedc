"""The "Spot the indicators" widget: a case, a checkbox per indicator, Check, New case."""

from __future__ import annotations

import html
import random

import ipywidgets as widgets

from simsuite.activities.identification import IdentificationExercise
from simsuite.errors import UserInputError
from simsuite.i18n import _, get_language, language
from simsuite.widgets.common import (
    app_box,
    controls_row,
    exercise_controls,
    fresh_seed,
    notice_html,
    page_parameters,
    prompt_html,
    prose_html,
    radio_group,
    shared_look,
)


class SpotTheIndicators:
    """Self-paced identification practice with immediate expert feedback."""

    def __init__(
        self,
        seed: int | None = None,
        lang: str | None = None,
        notices: tuple[str, ...] = (),
        **case_params: object,
    ) -> None:
        self.lang = lang or get_language()
        self.case_params = case_params
        self.notices = tuple(notices)
        with language(self.lang):
            self._build(seed)

    def _build(self, seed: int | None) -> None:
        # The first case is exactly ``seed`` (so a link can name a case); later ones follow it.
        self._next_seed = seed if seed is not None else fresh_seed()
        self._rng = random.Random(self._next_seed)
        self.exercise: IdentificationExercise | None = None
        self.case_number = widgets.HTML().add_class("simsuite-case-number")

        self.case_view = widgets.HTML().add_class("simsuite-case")
        self.checkboxes: dict[str, widgets.Checkbox] = {}
        self.checkbox_box = widgets.VBox().add_class("simsuite-indicators")
        self.decision = radio_group(
            _("Presumed victim?"), [(_("Yes"), True), (_("No"), False)]
        ).add_class("simsuite-decision")
        self._build_next_steps()
        self.check_button, self.new_button, self.feedback = exercise_controls()
        self.check_button.on_click(lambda _button: self.check())
        self.new_button.on_click(lambda _button: self.new_case())
        self.widget = app_box(
            [
                widgets.HTML(notice_html(self.notices)),
                self.case_number,
                self.case_view,
                widgets.HTML(
                    "<h2>{}</h2>".format(html.escape(_("Which indicators does the case show?")))
                ),
                self.checkbox_box,
                self.decision,
                self.next_steps_section,
                controls_row(self.check_button, self.new_button),
                self.feedback,
            ],
            "simsuite-spot",
        )
        self._new_case()

    def new_case(self) -> None:
        with language(self.lang):
            self._new_case()

    def _new_case(self) -> None:
        self.feedback.value = ""  # first: the old feedback must never sit beside a new case
        seed, self._next_seed = self._next_seed, self._rng.randrange(2**31)
        self.case_number.value = "<p><small>{}</small></p>".format(
            html.escape(_("Case no. {seed}").format(seed=seed))
        )
        self.exercise = IdentificationExercise.generate(seed, lang=self.lang, **self.case_params)
        public = self.exercise.public
        self.case_view.value = prose_html(public.narrative)
        look = shared_look(width="100%")
        self.checkboxes = {
            indicator_id: widgets.Checkbox(
                value=False, description=label, indent=False, **look
            ).add_class(f"simsuite-indicator-{indicator_id}")
            for indicator_id, label in public.options()
        }
        self.checkbox_box.children = tuple(self.checkboxes.values())
        self.decision.value = None
        self._fill_next_steps(public)

    def check(self) -> None:
        with language(self.lang):
            self._check()

    def _check(self) -> None:
        assert self.exercise is not None
        ticked = {key for key, box in self.checkboxes.items() if box.value}
        if not ticked and self.decision.value is None:
            self.feedback.value = prompt_html(
                _("Tick the indicators the case shows (or none), then decide whether this is a "
                  "presumed victim.")
            )
            return
        if self.decision.value is None:
            self.feedback.value = prompt_html(
                _("Decide whether this is a presumed victim: Yes or No.")
            )
            return
        steps = {key for key, box in self.step_boxes.items() if box.value}
        try:
            evaluation = self.exercise.check(ticked, self.decision.value, steps)
        except UserInputError as error:
            self.feedback.value = prompt_html(error.render())
            return
        self.feedback.value = evaluation.render_html()

    def _build_next_steps(self) -> None:
        """The officer's next steps: one checkbox per step of the manual's referral rule."""
        self.step_boxes: dict[str, widgets.Checkbox] = {}
        self.next_steps_box = widgets.VBox().add_class("simsuite-next-steps")
        self.next_steps_section = widgets.VBox(
            [
                widgets.HTML("<h2>{}</h2>".format(html.escape(_("What do you do next?")))),
                self.next_steps_box,
            ]
        )

    def _fill_next_steps(self, public) -> None:
        look = shared_look(width="auto")
        self.step_boxes = {
            step_id: widgets.Checkbox(
                value=False, description=label, indent=False, **look
            ).add_class(f"simsuite-step-{step_id}")
            for step_id, label in public.step_options()
        }
        self.next_steps_box.children = tuple(self.step_boxes.values())

    @classmethod
    def from_url(cls, **case_params: object) -> SpotTheIndicators:
        """Read ``?seed=…&lang=…`` from the Voilà page address, so a link can name a case."""
        page = page_parameters()
        return cls(
            seed=page["seed"], lang=page["lang"], notices=page["notices"], **case_params
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
