"""The self-check for self-paced learners (the pre-test and the post-test from the item bank,
scored by the same rule as the graded tests) and the printable summary of a track.

The tests are taken once each (a retry would measure memory, not learning): the result is kept
in the learner's progress and shown again instead of the form. Like graded feedback, the
result says per question right or not and where to study it, never the key (the items are the
course's and are reused).
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from simsuite.activities.registry import get_type
from simsuite.curriculum import Module
from simsuite.errors import ContentError
from simsuite.i18n import _, language, localized, ngettext
from simsuite.widgets.common import prompt_html
from simsuite.widgets.form_app import _FieldControl, markdown_html
from simsuite.widgets.path import (
    SELF_CHECK_PAGE,
    START_PAGE,
    CurriculumPage,
    _a,
    module_status,
)

#: Self-paced learners take form A first and form B after (seed 0: see quiz.form_of).
SELF_PACED_SEED = 0
PHASES = ("pre", "post")


def competency_scores(items: Any) -> dict[str, float]:
    """Mean credit per competency of a quiz result's questions."""
    sums: dict[str, list[float]] = {}
    for question in items:
        sums.setdefault(question.competency, []).append(question.credit)
    return {c: round(sum(v) / len(v), 4) for c, v in sums.items()}


class SelfCheckPage(CurriculumPage):
    def __init__(self, lang: str | None = None, track: str | None = None):
        super().__init__(SELF_CHECK_PAGE, lang, track)
        phase = str(self.params.get("phase") or "pre")
        self.phase = phase if phase in PHASES else "pre"
        self.quiz = get_type("quiz")
        self.scenario = None
        self.controls: dict[str, _FieldControl] = {}
        with language(self.lang):
            title = (
                _("Pre-test: what you know now")
                if self.phase == "pre"
                else _("Post-test: what you learned")
            )
            self.header = widgets.HTML(
                f"{self.nav_html()}{self.notices_html()}<h1>{html.escape(title)}</h1>"
            )
            self.form = widgets.VBox().add_class("simsuite-selfcheck-form")
            self.submit = widgets.Button(
                description=_("Submit my answers"), button_style="primary", icon="check"
            ).add_class("simsuite-submit")
            self.submit.on_click(lambda _button: self.check())
            self.result = widgets.HTML().add_class("simsuite-feedback-panel")
            self.body.children = (self.header, self.form, self.submit, self.result)
            self._confirming = False
            try:
                self.scenario = self.quiz.generate(
                    {"phase": self.phase}, SELF_PACED_SEED, self.lang
                )
            except ContentError:
                self.form.children = (
                    widgets.HTML(
                        "<p>{}</p>".format(
                            html.escape(
                                _(
                                    "The self-check uses the course's question bank, which is "
                                    "not installed here. In a graded course your instructor "
                                    "gives the tests."
                                )
                            )
                        )
                    ),
                )
                self.submit.layout.display = "none"
                return
        self.store.on_ready(self._show)

    def _show(self, records: Mapping[str, Any]) -> None:
        with language(self.lang):
            taken = self.store.test(self.phase)
            if taken:
                self.form.children = ()
                self.submit.layout.display = "none"
                self.result.value = self._result_html(taken, again=True)
                return
            count = len(self.scenario.public.questions)
            intro = ngettext(
                "{n} question. You can take this test once: answer what you can, then submit. "
                "You will see which answers were right and where to study the others.",
                "{n} questions. You can take this test once: answer what you can, then submit. "
                "You will see which answers were right and where to study the others.",
                count,
            ).format(n=count)
            blocks: list[widgets.Widget] = [widgets.HTML(f"<p>{html.escape(intro)}</p>")]
            fields = {f.name: f for f in self.quiz.answer_fields(self.scenario.public)}
            self.controls = {}
            for question in self.scenario.public.questions:
                text = "### " + _("Question {n}").format(n=question["number"]) + "\n\n"
                if question.get("vignette"):
                    text += f"> {question['vignette']}\n\n"
                text += question["stem"]
                control = _FieldControl(fields[question["answer"]])
                self.controls[question["answer"]] = control
                blocks += [widgets.HTML(markdown_html(text)), control.widget]
            self.form.children = tuple(blocks)

    def check(self) -> None:
        if self.scenario is None or self.store.test(self.phase):
            return
        with language(self.lang):
            answer = {name: control.value() for name, control in self.controls.items()}
            unanswered = sum(1 for value in answer.values() if value in (None, set(), []))
            if unanswered and not self._confirming:
                self._confirming = True
                self.result.value = prompt_html(

                        ngettext(
                            "{n} question has no answer yet. Submit anyway? Press Submit "
                            "again to confirm.",
                            "{n} questions have no answer yet. Submit anyway? Press Submit "
                            "again to confirm.",
                            unanswered,
                        ).format(n=unanswered)

                )
                return
            result = self.quiz.evaluate(self.scenario.key, answer, self.lang)
            record = {
                "score": result.score,
                "form": self.scenario.key.form,
                "by_competency": competency_scores(result.items),
                "questions": [
                    {"item": q.item, "credit": q.credit, "outcome": q.outcome}
                    for q in result.items
                ],
            }
            self.store.record_test(self.phase, record)
            self.form.children = ()
            self.submit.layout.display = "none"
            self.result.value = self._result_html(record, again=False)

    def _result_html(self, record: Mapping[str, Any], again: bool) -> str:
        from simsuite.content.sources import cite

        rows = []
        sources = {}
        if self.scenario is not None:
            for number, item in enumerate(self.scenario.key.items, start=1):
                sources[f"Q{number}"] = cite(item.get("source", ""), self.lang).render_text()
        outcome_text = {
            "right": _("Right."),
            "partly": _("Partly right."),
            "wrong": _("Not right."),
            "missing": _("Not answered."),
            "malformed": _("Not in the right form."),
        }
        for question in record.get("questions", []):
            css = "simsuite-right" if question["outcome"] == "right" else "simsuite-wrong"
            study = "" if question["outcome"] == "right" else sources.get(question["item"], "")
            rows.append(
                f'<tr class="{css}"><td>{html.escape(question["item"])}</td>'
                f"<td>{html.escape(outcome_text.get(question['outcome'], ''))}</td>"
                f"<td>{html.escape(study)}</td></tr>"
            )
        head = "".join(
            f"<th>{html.escape(h)}</th>" for h in (_("Question"), _("Result"), _("Study"))
        )
        by_competency = "".join(
            f"<tr><td>{html.escape(localized(self.curriculum.competencies.get(c, {'en': c})))}"
            f"</td><td>{100 * s:.0f}%</td></tr>"
            for c, s in sorted(record.get("by_competency", {}).items())
        )
        lead = (
            _("You took this test on {date}.").format(date=record.get("at", ""))
            if again
            else _("Your answers are saved in this browser.")
        )
        score = _("Score: {percent:.0f}%").format(percent=100 * float(record["score"]))
        titles = (_("By competency"), _("By question"))
        back = _a(self.href(START_PAGE), "← " + _("Back to the learning path"))
        return (
            '<div class="simsuite-feedback simsuite-summary" role="status">'
            f"<p class='simsuite-score'><b>{html.escape(score)}</b></p>"
            f"<p>{html.escape(lead)}</p>"
            f"<h2>{html.escape(titles[0])}</h2><table>{by_competency}</table>"
            f"<h2>{html.escape(titles[1])}</h2><table><tr>{head}</tr>{''.join(rows)}</table>"
            f"<p>{back}</p></div>"
        )


def normalized_gain(pre: float | None, post: float | None) -> float | None:
    """(post − pre) / (1 − pre): the share of what there was to learn that was learned."""
    if pre is None or post is None or pre >= 1:
        return None
    return (post - pre) / (1 - pre)


class SummaryPage(CurriculumPage):
    """A printable summary of the learner's track: modules, competencies, pre/post gain."""

    def __init__(self, lang: str | None = None, track: str | None = None):
        from simsuite.widgets.path import SUMMARY_PAGE

        super().__init__(SUMMARY_PAGE, lang, track)
        with language(self.lang):
            self.name = widgets.Text(
                description=_("Your name (printed only, never saved)"),
                style={"description_width": "initial"},
                layout={"width": "auto", "max_width": "100%"},
            ).add_class("simsuite-noprint")
            self.print_button = widgets.Button(
                description=_("Print or save as PDF"), icon="print"
            ).add_class("simsuite-print")
            self.print_button.on_click(lambda _button: self.store.print_page())
            self.sheet = widgets.HTML().add_class("simsuite-summary")
            self.name.observe(lambda _change: self._render(self.store.records), names="value")
            self.body.children = (
                widgets.HTML(self.nav_html() + self.notices_html()),
                self.name,
                self.sheet,
                self.print_button,
            )
        self.store.on_ready(self._render)

    def _render(self, records: Mapping[str, Any]) -> None:
        with language(self.lang):
            self.sheet.value = self.summary_html(records)

    def summary_html(self, records: Mapping[str, Any]) -> str:
        track = self.curriculum.track(self.track)
        modules: list[Module] = self.curriculum.track_modules(self.track)
        tests = records.get("tests") or {}
        rows = []
        practice: dict[str, list[float]] = {}
        for module in modules:
            status, score = module_status(module, records)
            label = {"done": _("Done"), "progress": _("In progress"), "new": _("Not started")}[
                status
            ]
            rows.append(
                f"<tr><td>{html.escape(localized(module.title))}</td>"
                f"<td>{html.escape(label)}</td>"
                f"<td>{'' if score is None else f'{100 * score:.0f}%'}</td></tr>"
            )
            if score is not None:
                for competency in module.competencies:
                    practice.setdefault(competency, []).append(score)
        competencies = sorted(
            {c for m in modules for c in m.competencies}
            | set((tests.get("pre") or {}).get("by_competency", {}))
        )

        def pct(value: float | None) -> str:
            return "–" if value is None else f"{100 * value:.0f}%"

        competency_rows = []
        for competency in competencies:
            pre = (tests.get("pre") or {}).get("by_competency", {}).get(competency)
            post = (tests.get("post") or {}).get("by_competency", {}).get(competency)
            scores = practice.get(competency)
            mean = sum(scores) / len(scores) if scores else None
            label = localized(self.curriculum.competencies.get(competency, {"en": competency}))
            competency_rows.append(
                f"<tr><td>{html.escape(label)}</td><td>{pct(mean)}</td>"
                f"<td>{pct(pre)}</td><td>{pct(post)}</td></tr>"
            )
        pre_total = (tests.get("pre") or {}).get("score")
        post_total = (tests.get("post") or {}).get("score")
        gain = normalized_gain(pre_total, post_total)
        if gain is None:
            gain_text = _("Take the pre-test and the post-test to see what you learned.")
        else:
            gain_text = _(
                "Pre-test {pre}, post-test {post}: you learned {gain} of what there was to learn."
            ).format(pre=pct(pre_total), post=pct(post_total), gain=pct(gain))
        name = self.name.value.strip()
        heading = _("Summary of the track “{track}”").format(track=localized(track.title))
        module_head = "".join(
            f"<th>{html.escape(h)}</th>" for h in (_("Module"), _("Status"), _("Best practice"))
        )
        competency_head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in (_("Competency"), _("Practice"), _("Pre-test"), _("Post-test"))
        )
        titles = (_("Modules"), _("Competencies"))
        back = _a(self.href(START_PAGE), "← " + _("Back to the learning path"))
        return (
            f"<h1>{html.escape(heading)}</h1>"
            + (f"<p><b>{html.escape(name)}</b></p>" if name else "")
            + f"<p>{html.escape(datetime.date.today().isoformat())}</p>"
            f"<p>{html.escape(gain_text)}</p>"
            f"<h2>{html.escape(titles[0])}</h2>"
            f"<table><tr>{module_head}</tr>{''.join(rows)}</table>"
            f"<h2>{html.escape(titles[1])}</h2>"
            f"<table><tr>{competency_head}</tr>{''.join(competency_rows)}</table>"
            f"<p class='simsuite-noprint'>{back}</p>"
        )
