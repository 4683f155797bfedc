"""The "Qualify the case" widget: a case, the qualification form, Check, New case.

No rules here: the options come from the jurisdiction's law pack
(:func:`simsuite.activities.qualification.pack_options`) and the score and its reasons from
:func:`simsuite.activities.qualification.evaluate_qualification`, through the exercise's ``check``.
"""

from __future__ import annotations

import html
import random
import re

import ipywidgets as widgets

from simsuite.activities.qualification import QualificationExercise
from simsuite.activities.qualification.consistency import answer_problems
from simsuite.activities.qualification.evaluate import QualificationAnswer
from simsuite.activities.qualification.options import PackOptions, pack_options
from simsuite.errors import UserInputError
from simsuite.i18n import _, get_language, gettext, language, localized
from simsuite.law import available_jurisdictions
from simsuite.widgets.common import (
    app_box,
    controls_row,
    exercise_controls,
    fresh_seed,
    labelled_dropdown,
    notice_html,
    page_parameters,
    prompt_html,
    prose_html,
    radio_group,
    shared_look,
)

#: Dropdown value for "not answered" (ipywidgets selections cannot hold None reliably).
_NONE = ""
_WIDE = {"width": "100%"}


def css_id(article_id: str) -> str:
    """An article id as a CSS class suffix (ids such as "144-1" or "illegal_border_crossing")."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", article_id)


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(text)}</h3>")


class QualifyTheCase:
    """Self-paced legal qualification under a chosen law pack, with the expert's reasoning."""

    def __init__(
        self,
        seed: int | None = None,
        lang: str | None = None,
        jurisdiction: str = "KG",
        notices: tuple[str, ...] = (),
        **case_params: object,
    ) -> None:
        self.notices = tuple(notices)
        self.lang = lang or get_language()
        self.jurisdiction = str(jurisdiction).upper()
        if self.jurisdiction not in available_jurisdictions():
            raise UserInputError(
                _("unknown jurisdiction {code!r}.").format(code=jurisdiction),
                where="jurisdiction",
                allowed=", ".join(available_jurisdictions()),
            )
        self.case_params = case_params
        # The first case is exactly ``seed`` (so a link can name a case); later ones follow it.
        self.seed = seed if seed is not None else fresh_seed()
        self._rng = random.Random(self.seed)
        self.exercise: QualificationExercise | None = None
        with language(self.lang):
            self._build()
        self.show_case()

    def _build(self) -> None:
        self.case_number = widgets.HTML().add_class("simsuite-case-number")
        self.jurisdiction_choice = labelled_dropdown(
            _("Law pack"),
            [
                (f"{localized(pack_options(code).name, self.lang)} ({code})", code)
                for code in available_jurisdictions()
            ],
            value=self.jurisdiction,
        ).add_class("simsuite-jurisdiction")
        self.case_view = widgets.HTML().add_class("simsuite-case")
        self.decision = radio_group(
            _("Is this trafficking in persons?"), [(_("Yes"), True), (_("No"), False)]
        ).add_class("simsuite-decision")
        self.article = labelled_dropdown(_("Article"), []).add_class("simsuite-article")
        self.part = labelled_dropdown(_("Part"), []).add_class("simsuite-part")
        self.absorbed: dict[str, widgets.Checkbox] = {}
        self.cumulative: dict[str, widgets.Checkbox] = {}
        self.absorbed_box = widgets.VBox().add_class("simsuite-absorbed")
        self.cumulative_box = widgets.VBox().add_class("simsuite-cumulative")
        self.neighbour = labelled_dropdown(_("Neighbouring offence"), []).add_class(
            "simsuite-neighbour"
        )
        self._build_open_question()
        self.check_button, self.new_button, self.feedback = exercise_controls()

        self.absorbed_section = widgets.VBox(
            [
                _heading(_("Absorbed by the trafficking charge (not charged separately)")),
                self.absorbed_box,
            ]
        )
        self.cumulative_section = widgets.VBox(
            [_heading(_("Charged cumulatively with trafficking")), self.cumulative_box]
        )
        self.neighbour_section = widgets.VBox(
            [_heading(_("If it is not trafficking: what is it instead?")), self.neighbour]
        )
        self.article.observe(lambda _change: self._fill_parts(), names="value")
        self.jurisdiction_choice.observe(
            lambda change: self.set_jurisdiction(change["new"]), names="value"
        )
        self.check_button.on_click(lambda _button: self.check())
        self.new_button.on_click(lambda _button: self.new_case())
        self.widget = app_box(
            [
                widgets.HTML(notice_html(self.notices)),
                self.jurisdiction_choice,
                self.case_number,
                self.case_view,
                widgets.HTML("<h2>{}</h2>".format(html.escape(_("Qualify the case")))),
                self.decision,
                self.article,
                self.part,
                self.absorbed_section,
                self.cumulative_section,
                self.neighbour_section,
                self.open_section,
                controls_row(self.check_button, self.new_button),
                self.feedback,
            ],
            "simsuite-qualify",
        )

    def new_case(self) -> None:
        self.seed = self._rng.randrange(2**31)
        self.show_case()

    def set_jurisdiction(self, code: str) -> None:
        """The same seed under another law pack is another case, so its number names the pack
        too ("KG-5", "AZ-5"): a case number always stands for the story on the screen."""
        if code != self.jurisdiction:
            self.jurisdiction = code
            self.show_case()

    def show_case(self) -> None:
        self.feedback.value = ""  # first: the old feedback must never sit beside a new case
        with language(self.lang):
            self.exercise = QualificationExercise.generate(
                self.seed, lang=self.lang, jurisdiction=self.jurisdiction, **self.case_params
            )
            public = self.exercise.public
            options = public.options()
            self.case_number.value = "<p><small>{}</small></p>".format(
                html.escape(_("Case no. {seed}").format(seed=self.case_id))
            )
            self.case_view.value = prose_html(public.narrative)
            self._fill_options(options)

    def _fill_options(self, options: PackOptions) -> None:
        blank = (_("— choose —"), _NONE)
        self.decision.value = None
        self.article.options = [blank, *((a.text(self.lang), a.id) for a in options.articles)]
        self.article.value = _NONE
        self._fill_parts()
        self.part.layout.display = None if options.has_parts else "none"

        def boxes(kind: str) -> dict[str, widgets.Checkbox]:
            look = shared_look(**_WIDE)
            return {
                option.id: widgets.Checkbox(
                    value=False, description=option.text(self.lang), indent=False, **look
                ).add_class(f"simsuite-{kind}-{css_id(option.id)}")
                for option in options.offences
            }

        self.absorbed = boxes("absorbed")
        self.cumulative = boxes("cumulative")
        self.absorbed_box.children = tuple(self.absorbed.values())
        self.cumulative_box.children = tuple(self.cumulative.values())
        self.absorbed_section.layout.display = None if options.has_absorption else "none"
        self.cumulative_section.layout.display = None if options.has_cumulation else "none"
        none = (_("— none —"), _NONE)
        self.neighbour.options = [none, *((a.text(self.lang), a.id) for a in options.neighbours)]
        self.neighbour.value = _NONE
        self.neighbour_section.layout.display = None if options.neighbours else "none"
        self._reset_open_question()

    def _fill_parts(self) -> None:
        if self.exercise is None:
            return
        with language(self.lang):
            options = self.exercise.public.options()
            article = options.by_id.get(self.article.value)
            parts = article.parts if article else ()
            self.part.options = [(_("— choose —"), _NONE)] + [
                (article.part_text(p, self.lang), p.key) for p in parts
            ]
        self.part.value = _NONE

    @property
    def case_id(self) -> str:
        """The case as the learner sees it: law pack and seed together ("KG-4242")."""
        return f"{self.jurisdiction}-{self.seed}"

    def check(self) -> None:
        with language(self.lang):
            self._check()

    def _check(self) -> None:
        assert self.exercise is not None
        try:
            answer = QualificationAnswer.parse(
                self.decision.value,
                self.article.value,
                self.part.value,
                {key for key, box in self.absorbed.items() if box.value},
                {key for key, box in self.cumulative.items() if box.value},
                self.neighbour.value,
            )
        except UserInputError as error:
            self.feedback.value = prompt_html(error.render())
            return
        if answer.is_blank:
            self.feedback.value = prompt_html(
                _("Decide whether this is trafficking in persons, then qualify the case.")
            )
            return
        problems = answer_problems(answer, self.exercise.public.options(), self.lang)
        if problems:
            self.feedback.value = prompt_html(" ".join(problems))
            return
        try:
            evaluation = self.exercise.check(
                is_trafficking=self.decision.value,
                article=self.article.value,
                part=self.part.value,
                absorbed={key for key, box in self.absorbed.items() if box.value},
                cumulative={key for key, box in self.cumulative.items() if box.value},
                neighbour=self.neighbour.value,
                qualification_open=self.cannot_qualify.value or None,
                facts_to_establish={k for k, box in self.facts_boxes.items() if box.value},
            )
        except UserInputError as error:
            self.feedback.value = prompt_html(error.render())
            return
        self.feedback.value = evaluation.render_html()

    def _build_open_question(self) -> None:
        """The "cannot be qualified yet" question and the facts to establish (the same list for
        every case, so it gives nothing away)."""
        from simsuite.activities.qualification.evaluate import open_fact_categories

        self.cannot_qualify = widgets.Checkbox(
            value=False,
            description=_("Cannot be qualified yet: a fact that decides it is not yet established"),
            indent=False,
            layout=_WIDE,
        ).add_class("simsuite-cannot-qualify")
        look = shared_look(**_WIDE)
        self.facts_boxes = {
            category: widgets.Checkbox(
                value=False, description=localized(label, self.lang), indent=False, **look
            ).add_class(f"simsuite-establish-{category}")
            for category, label in open_fact_categories().items()
        }
        self.open_section = widgets.VBox(
            [
                _heading(_("Or: can it be qualified yet?")),
                self.cannot_qualify,
                widgets.HTML("<p>{}</p>".format(html.escape(_("The facts to establish:")))),
                widgets.VBox(list(self.facts_boxes.values())),
            ]
        ).add_class("simsuite-open-question")

    def _reset_open_question(self) -> None:
        self.cannot_qualify.value = False
        for box in self.facts_boxes.values():
            box.value = False

    @classmethod
    def from_url(cls, **case_params: object) -> QualifyTheCase:
        """Read ``?seed=…&lang=…&jurisdiction=…`` from the Voilà page address."""
        page = page_parameters()
        notices = list(page["notices"])
        code = str(page.get("jurisdiction", "")).strip().upper()
        if code in available_jurisdictions():
            case_params["jurisdiction"] = code
        elif code:
            notices.append(
                gettext(
                    "The law pack {value!r} in the address is not available; showing {default}. "
                    "Available: {allowed}.",
                    page["lang"] or "en",
                ).format(
                    value=code[:20], default="KG", allowed=", ".join(available_jurisdictions())
                )
            )
        return cls(
            seed=page["seed"], lang=page["lang"], notices=tuple(notices), **case_params
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
