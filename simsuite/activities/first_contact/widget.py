"""The first-contact app: a conversation with a presumed victim, one step at a time.

The learner reads the case and the situation, chooses what to do or say at each step, sees how
the person reacts, and goes on where the choice leads, until the conversation ends; then the
path is scored by the type's ``evaluate`` (the same rule as the graded assignment), principle by
principle. *Check* scores the conversation so far; *Start again* replays the same case; *New
case* draws the next one. The app keeps the interface of every simsuite app: ``widget``,
``check()``, ``new_case()``, ``seed`` and ``on_check``. No rule lives here: the app only walks
the graph the type generated.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from simsuite.activities.base import ExerciseType, Scenario
from simsuite.activities.first_contact.graph import END
from simsuite.errors import UserInputError
from simsuite.i18n import _, get_language, language
from simsuite.widgets.common import STYLE, exercise_controls, fresh_seed, prose_html

# A radio's label holds its text and then its input: row-reverse puts the button first, and
# long option texts wrap beside it instead of running off a phone's screen.
CSS = """
<style>
.simsuite-app-first_contact .simsuite-choices { width: auto; max-width: 52em; }
.simsuite-app-first_contact .simsuite-choices label { display: flex; align-items: flex-start;
  flex-direction: row-reverse; justify-content: flex-end; gap: .5em; height: auto;
  line-height: 1.4; white-space: normal; margin: .3em 0 .6em; overflow-wrap: anywhere; }
.simsuite-app-first_contact .simsuite-choices input { float: none; flex: none;
  margin: .2em 0 0 1px; }
.simsuite-transcript { max-width: 52em; padding-left: 1.4em; }
.simsuite-transcript li { margin: .6em 0; }
.simsuite-transcript .simsuite-you { font-weight: 600; }
.simsuite-transcript .simsuite-reaction { font-style: italic; }
.simsuite-step-situation { max-width: 52em; line-height: 1.5; }
.simsuite-briefing { max-width: 52em; line-height: 1.5; }
.simsuite-background summary { cursor: pointer; font-weight: 600; }
</style>
"""


class FirstContactApp:
    """Self-paced practice of a first contact, with the person's reactions and the feedback."""

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
        #: the ids of the choices made so far, and the node the conversation stands at
        self.path: list[str] = []
        self.at: str = END
        #: called with each result after a scored Check (the learning path records progress)
        self.on_check: Callable[[Any], None] | None = None
        with language(self.lang):
            self.case_number = widgets.HTML().add_class("simsuite-case-number")
            self.background = widgets.HTML().add_class("simsuite-background")
            self.briefing = widgets.HTML().add_class("simsuite-briefing")
            self.transcript = widgets.HTML().add_class("simsuite-transcript-panel")
            self.step_view = widgets.HTML().add_class("simsuite-step-situation")
            self.choices = widgets.RadioButtons(
                options=[], value=None, layout={"width": "auto", "max_width": "100%"}
            ).add_class("simsuite-choices")
            self.choose_button = widgets.Button(
                description=_("Choose"), button_style="primary", icon="comment"
            ).add_class("simsuite-choose")
            self.choose_button.on_click(lambda _button: self.choose())
            self.notice = widgets.HTML().add_class("simsuite-notice-panel")
            self.step_box = widgets.VBox(
                [self.step_view, self.choices, self.choose_button, self.notice]
            ).add_class("simsuite-step")
            self.check_button, self.new_button, self.feedback = exercise_controls()
            self.restart_button = widgets.Button(
                description=_("Start again"), icon="undo"
            ).add_class("simsuite-restart")
            self.check_button.on_click(lambda _button: self.check())
            self.new_button.on_click(lambda _button: self.new_case())
            self.restart_button.on_click(lambda _button: self.restart())
            self.widget = widgets.VBox(
                [
                    widgets.HTML(STYLE + CSS),
                    self.case_number,
                    self.background,
                    self.briefing,
                    self.transcript,
                    self.step_box,
                    widgets.HBox(
                        [self.check_button, self.restart_button, self.new_button],
                        layout={"flex_flow": "row wrap"},
                    ),
                    self.feedback,
                ]
            ).add_class(f"simsuite-app-{exercise_type.name}")
        self.show_case()

    # --- the case ---------------------------------------------------------------------------

    def show_case(self) -> None:
        self.feedback.value = ""  # first: old feedback never sits beside a new case
        with language(self.lang):
            self.scenario = self.type.generate(self.params, self.seed, self.lang)
            public = self.scenario.public
            self.case_number.value = "<small>{}</small>".format(
                html.escape(_("Case no. {seed}").format(seed=self.seed))
            )
            self.background.value = (
                '<details class="simsuite-background-case"><summary>{}</summary>'
                '<div class="simsuite-case">{}</div></details>'
            ).format(html.escape(_("The case so far")), prose_html(public.narrative))
            self.briefing.value = f"<p>{html.escape(public.briefing)}</p>"
        self.restart()

    def restart(self) -> None:
        """The same case from its first step."""
        assert self.scenario is not None
        self.feedback.value = ""
        self.path = []
        self.at = self.scenario.public.start
        self._show_step()

    def new_case(self) -> None:
        self.seed = self._rng.randrange(2**31)
        self.show_case()

    # --- the conversation -------------------------------------------------------------------

    def _show_step(self) -> None:
        assert self.scenario is not None
        with language(self.lang):
            self.transcript.value = self._transcript_html()
            self.notice.value = ""
            if self.at == END:
                self.step_box.layout.display = "none"
                return
            node = self.scenario.public.node(self.at)
            self.step_box.layout.display = None
            heading = _("Step {number}").format(number=len(self.path) + 1)
            self.step_view.value = (
                f"<h3>{html.escape(heading)}</h3><p>{html.escape(node.situation)}</p>"
                f"<p><b>{html.escape(node.prompt)}</b></p>"
            )
            self.choices.options = [(choice.text, choice.id) for choice in node.choices]
            self.choices.value = None

    def _transcript_html(self) -> str:
        assert self.scenario is not None
        if not self.path:
            return ""
        keys = {k.id: k for k in self.scenario.key.choice_keys}
        you = html.escape(_("You:"))
        rows = []
        for choice_id in self.path:
            key = keys[choice_id]
            situation = self.scenario.public.node(key.node).situation
            rows.append(
                f"<li><p>{html.escape(situation)}</p>"
                f'<p><span class="simsuite-you">{you}</span> {html.escape(key.text)}</p>'
                f'<p class="simsuite-reaction">{html.escape(key.reaction)}</p></li>'
            )
        title = html.escape(_("The conversation so far"))
        return (
            f"<h3>{title}</h3>"
            f'<ol class="simsuite-transcript" role="log" aria-live="polite">{"".join(rows)}</ol>'
        )

    def choose(self, choice_id: str | None = None) -> None:
        """Take the selected choice (or ``choice_id``) and go on where it leads. The step's
        question is shown above the options (a radio group's own description would repeat it)."""
        assert self.scenario is not None
        choice_id = choice_id or self.choices.value
        with language(self.lang):
            if self.at == END:
                return
            if choice_id is None:
                self.notice.value = "<p class='simsuite-wrong' role='alert'>{}</p>".format(
                    html.escape(_("Choose one of the options first."))
                )
                return
            key = next((k for k in self.scenario.key.choice_keys if k.id == choice_id), None)
            if key is None or key.node != self.at:
                self.notice.value = "<p class='simsuite-wrong' role='alert'>{}</p>".format(
                    html.escape(_("That is not one of the options of this step."))
                )
                return
            self.path.append(choice_id)
            self.at = key.leads_to
        self._show_step()
        if self.at == END:
            self.check()

    def check(self) -> Any:
        assert self.scenario is not None
        with language(self.lang):
            try:
                result = self.type.evaluate(self.scenario.key, {"path": self.path}, self.lang)
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
            self.feedback.value = result.render_html()
        if self.on_check is not None:
            self.on_check(result)
        return result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
