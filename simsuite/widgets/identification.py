"""The "Spot the indicators" widget: a case, a checkbox per indicator, Check, New case."""

from __future__ import annotations

import html
import os
import random
from urllib.parse import parse_qs

import ipywidgets as widgets

from simsuite.errors import UserInputError
from simsuite.i18n import _, available_languages, get_language, language
from simsuite.identification import IdentificationExercise

_STYLE = """
<style>
.simsuite-case { max-width: 52em; line-height: 1.5; font-size: 1.05em; }
.simsuite-feedback ul { list-style: none; padding-left: 0; }
.simsuite-right { color: #1b5e20; margin: .3em 0; }
.simsuite-wrong { color: #b71c1c; margin: .3em 0; }
.simsuite-score { font-size: 1.15em; }
</style>
"""


def _markdown_to_html(text: str) -> str:
    """Paragraphs of plain prose to HTML; the narrative has no markup beyond blank lines."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


class SpotTheIndicators:
    """Self-paced identification practice with immediate expert feedback."""

    def __init__(
        self,
        seed: int | None = None,
        lang: str | None = None,
        **case_params: object,
    ) -> None:
        self.lang = lang or get_language()
        self.case_params = case_params
        with language(self.lang):
            self._build(seed)

    def _build(self, seed: int | None) -> None:
        # The first case is exactly ``seed`` (so a link can name a case); later ones follow it.
        self._next_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        self._rng = random.Random(self._next_seed)
        self.exercise: IdentificationExercise | None = None
        self.case_number = widgets.HTML().add_class("simsuite-case-number")

        self.case_view = widgets.HTML().add_class("simsuite-case")
        self.checkboxes: dict[str, widgets.Checkbox] = {}
        self.checkbox_box = widgets.VBox().add_class("simsuite-indicators")
        self.decision = widgets.RadioButtons(
            options=[(_("Yes"), True), (_("No"), False)],
            value=None,
            description=_("Presumed victim?"),
            style={"description_width": "initial"},
        ).add_class("simsuite-decision")
        self.check_button = widgets.Button(
            description=_("Check"), button_style="primary", icon="check"
        ).add_class("simsuite-check")
        self.new_button = widgets.Button(description=_("New case"), icon="refresh").add_class(
            "simsuite-new"
        )
        self.feedback = widgets.HTML().add_class("simsuite-feedback-panel")
        self.check_button.on_click(lambda _button: self.check())
        self.new_button.on_click(lambda _button: self.new_case())
        self.widget = widgets.VBox(
            [
                widgets.HTML(_STYLE),
                self.case_number,
                self.case_view,
                widgets.HTML(
                    "<h4>{}</h4>".format(html.escape(_("Which indicators does the case show?")))
                ),
                self.checkbox_box,
                self.decision,
                widgets.HBox([self.check_button, self.new_button]),
                self.feedback,
            ]
        ).add_class("simsuite-spot")
        self._new_case()

    def new_case(self) -> None:
        with language(self.lang):
            self._new_case()

    def _new_case(self) -> None:
        seed, self._next_seed = self._next_seed, self._rng.randrange(2**31)
        self.case_number.value = "<small>{}</small>".format(
            html.escape(_("Case no. {seed}").format(seed=seed))
        )
        self.exercise = IdentificationExercise.generate(seed, lang=self.lang, **self.case_params)
        public = self.exercise.public
        self.case_view.value = _markdown_to_html(public.narrative)
        self.checkboxes = {
            indicator_id: widgets.Checkbox(
                value=False, description=label, indent=False, layout={"width": "auto"}
            ).add_class(f"simsuite-indicator-{indicator_id}")
            for indicator_id, label in public.options()
        }
        self.checkbox_box.children = tuple(self.checkboxes.values())
        self.decision.value = None
        self.feedback.value = ""

    def check(self) -> None:
        with language(self.lang):
            self._check()

    def _check(self) -> None:
        assert self.exercise is not None
        ticked = {key for key, box in self.checkboxes.items() if box.value}
        try:
            evaluation = self.exercise.check(ticked, self.decision.value)
        except UserInputError as error:
            self.feedback.value = f"<p class='simsuite-wrong'>{html.escape(error.render())}</p>"
            return
        self.feedback.value = evaluation.render_html()

    @classmethod
    def from_url(cls, **case_params: object) -> SpotTheIndicators:
        """Read ``?seed=…&lang=…`` from the Voilà page address, so a link can name a case."""
        query = parse_qs(os.environ.get("QUERY_STRING", ""))
        seed_text = query.get("seed", [""])[0]
        lang = query.get("lang", [""])[0]
        seed = int(seed_text) if seed_text.isdigit() else None
        lang = lang if lang in available_languages() else None
        return cls(seed=seed, lang=lang, **case_params)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
