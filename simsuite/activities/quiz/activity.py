"""Test items as an exercise type: a form of the pre-test or post-test, or a knowledge check.

A scenario is one *form* of a test: position k is the k-th parallel pair of the item bank, and
both forms ask the same kind of question there, so one notebook serves every trainee. Which form
a trainee takes comes from their seed: the pre-test form is ``FORMS[seed % 2]`` and the post-test
takes the other one, so about half the cohort takes A first (counterbalancing). That is why
this type's seed is per trainee, not per assignment (``seed_scope = "trainee"``).

The scoring rule of one item is :func:`simsuite.activities.quiz.items.score_item`; a form's
score is the mean over its items. The bank holds keys: it stays on the instructor's side
(``grading/item_bank.yaml``), and graded feedback never shows a key or an item's explanation
(items are reused across cohorts).
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, GradedPart, Scenario
from simsuite.activities.quiz.bank import ItemBank, form_positions, load_item_bank
from simsuite.activities.quiz.items import score_item
from simsuite.content.sources import Citation, cite
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, language, localized

FORMS = ("A", "B")
PHASES = ("pre", "post", "practice")
FIELD_KIND = {"single": "choice", "multiple": "choices", "ordering": "order", "numeric": "number"}
BANK_ENV = "SIMSUITE_ITEM_BANK"
GRADING_DIR_ENV = "SIMSUITE_GRADING_DIR"


def grading_dir() -> Path:
    """The instructor's course folder (``grading/``): $SIMSUITE_GRADING_DIR, else the
    repository's. Relative content paths of a course (the item bank) resolve against it."""
    if os.environ.get(GRADING_DIR_ENV):
        return Path(os.environ[GRADING_DIR_ENV])
    return Path(__file__).resolve().parents[3] / "grading"


def resolve_bank(path: str | Path | None) -> Path:
    if path is None:
        path = os.environ.get(BANK_ENV) or "item_bank.yaml"
    path = Path(path)
    return path if path.is_absolute() else grading_dir() / path


def answer_variable(number: int) -> str:
    return f"answer_Q{number}"


def grade_cell_id(number: int) -> str:
    """The nbgrader grade id of position ``number``; the gradebook stores scores under it."""
    return f"score_Q{number}"


def form_of(seed: int, phase: str) -> str:
    first = FORMS[seed % 2]
    return first if phase != "post" else FORMS[1 - FORMS.index(first)]


@dataclass(frozen=True)
class PublicForm:
    """What a trainee may see of a form: texts and option ids; no keys, feedback or sources."""

    form: str
    lang: str
    questions: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class FormKey:
    form: str
    phase: str
    items: tuple[Mapping[str, Any], ...]  # position order


@dataclass(frozen=True)
class QuestionFeedback:
    item: str  # "Q<number>"
    outcome: str  # right / partly / wrong / missing / malformed
    label: str
    why: str
    credit: float
    item_id: str = ""
    competency: str = ""

    @property
    def is_error(self) -> bool:
        return self.outcome != "right"

    def headline(self) -> str:
        return _(OUTCOMES[self.outcome])


OUTCOMES = {
    "right": N_("Right."),
    "partly": N_("Partly right."),
    "wrong": N_("Not right."),
    "missing": N_("Not answered."),
    "malformed": N_("Not in the right form."),
}


@dataclass(frozen=True)
class QuizResult:
    score: float
    items: tuple[QuestionFeedback, ...]
    blank: bool = False
    summary: str = ""
    sources: tuple[Citation, ...] = ()

    def points(self, max_points: float) -> float:
        return round(self.score * max_points, 4)

    def credit(self, item: str) -> float:
        for question in self.items:
            if question.item == item:
                return question.credit
        raise KeyError(item)

    def to_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "blank": self.blank,
            "summary": self.summary,
            "items": [
                {"item": q.item, "outcome": q.outcome, "credit": q.credit, "why": q.why}
                for q in self.items
            ],
        }

    def render_text(self) -> str:
        lines = [_("Score: {percent:.0f}%").format(percent=self.score * 100)]
        for question in self.items:
            lines.append(f"{question.label}: {question.headline()} {question.why}".rstrip())
        return "\n".join(lines)

    def render_html(self) -> str:
        rows = "".join(
            '<li class="{css}"><b>{label}</b>: {headline} {why}</li>'.format(
                css="simsuite-wrong" if q.is_error else "simsuite-right",
                label=html.escape(q.label),
                headline=html.escape(q.headline()),
                why=html.escape(q.why),
            )
            for q in self.items
        )
        score = html.escape(_("Score: {percent:.0f}%").format(percent=self.score * 100))
        cited = "; ".join(dict.fromkeys(c.render_html() for c in self.sources))
        sources = (
            '<p class="simsuite-sources">' + html.escape(_("Sources:")) + f" {cited}</p>"
            if cited
            else ""
        )
        return (
            f'<div class="simsuite-feedback"><p class="simsuite-score"><b>{score}</b></p>'
            f"<ul>{rows}</ul>{sources}</div>"
        )


class QuizType(ExerciseType):
    name = "quiz"
    title = N_("Self-check")
    summary = N_("Questions from the item bank, scored at once.")
    competencies = (
        "identification",
        "qualification",
        "first_response",
        "coordination",
        "mass_event_risk",
        "reprisal_risk",
    )
    default_params = {"item_bank": None, "phase": "pre"}
    seed_scope = "trainee"
    context_fields = ExerciseType.context_fields | {"form"}

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = super().check_params(params)
        if params["phase"] not in PHASES:
            raise UserInputError(
                _("Unknown test phase {phase!r}.").format(phase=params["phase"]),
                where="phase",
                allowed=", ".join(PHASES),
            )
        if params["item_bank"] is not None and not isinstance(params["item_bank"], str):
            raise UserInputError(
                _("The item bank must be given as a file path."), where="item_bank"
            )
        return params

    def bank(self, params: Mapping[str, Any]) -> ItemBank:
        return load_item_bank(resolve_bank(params.get("item_bank")))

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        bank = self.bank(params)
        form = form_of(seed, params["phase"])
        positions = form_positions(bank)
        questions = []
        with language(lang):
            for position in positions:
                item = position.item(form)
                question: dict[str, Any] = {
                    "number": position.number,
                    "answer": answer_variable(position.number),
                    "kind": position.kind,
                    "stem": localized(item["stem"], lang),
                }
                if "vignette" in item:
                    question["vignette"] = localized(item["vignette"], lang)
                if "options" in item:
                    question["options"] = [
                        [option, localized(text, lang)] for option, text in item["options"].items()
                    ]
                questions.append(question)
        public = PublicForm(form, lang, tuple(questions))
        key = FormKey(form, params["phase"], tuple(p.item(form) for p in positions))
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicForm) -> tuple[AnswerField, ...]:
        return tuple(
            AnswerField(
                q["answer"],
                FIELD_KIND[q["kind"]],
                _("Question {n}").format(n=q["number"]),
                options=tuple((o, text) for o, text in q.get("options", [])),
            )
            for q in public.questions
        )

    def answer_groups(self, public: PublicForm) -> tuple[tuple[str, ...], ...]:
        return tuple((q["answer"],) for q in public.questions)

    def graded_parts(self, public: PublicForm, points: float) -> tuple[GradedPart, ...]:
        # one point per question: item analysis needs each question's own score
        return tuple(
            GradedPart(grade_cell_id(q["number"]), 1, item=f"Q{q['number']}")
            for q in public.questions
        )

    def evaluate(self, key: FormKey, answer: Mapping[str, Any], lang: str) -> QuizResult:
        questions = []
        with language(lang):
            for number, item in enumerate(key.items, start=1):
                response = answer.get(answer_variable(number))
                label = _("Question {n}").format(n=number)
                try:
                    result = score_item(item, response, lang)
                except UserInputError as error:
                    questions.append(
                        QuestionFeedback(
                            f"Q{number}",
                            "malformed",
                            label,
                            error.render(),
                            0.0,
                            item["id"],
                            item["competency"],
                        )
                    )
                    continue
                if not result.answered:
                    outcome = "missing"
                elif result.score == 1:
                    outcome = "right"
                else:
                    outcome = "partly" if result.score > 0 else "wrong"
                questions.append(
                    QuestionFeedback(
                        f"Q{number}",
                        outcome,
                        label,
                        result.feedback,
                        result.score,
                        item["id"],
                        item["competency"],
                    )
                )
        blank = all(q.outcome == "missing" for q in questions)
        score = round(sum(q.credit for q in questions) / len(questions), 6) if questions else 0.0
        sources = tuple(cite(item.get("source", ""), lang) for item in key.items)
        return QuizResult(score, tuple(questions), blank=blank, sources=sources)

    def solution(self, key: FormKey) -> dict[str, Any]:
        return {answer_variable(n): item["key"] for n, item in enumerate(key.items, start=1)}

    def public_markdown(self, public: PublicForm, lang: str) -> str:
        from simsuite.activities.base import FIELD_KINDS

        with language(lang):
            blocks = []
            for question in public.questions:
                lines = ["### " + _("Question {n}").format(n=question["number"])]
                if question.get("vignette"):
                    lines += ["", f"> {question['vignette']}"]
                lines += ["", question["stem"], ""]
                for option, text in question.get("options", []):
                    lines.append(f"- **{option}**: {text}")
                hint = _(FIELD_KINDS[FIELD_KIND[question["kind"]]]).format(example='{"a", "c"}')
                answer = _("Your answer goes in `{var}`: {hint}.")
                lines += ["", answer.format(var=question["answer"], hint=hint)]
                blocks.append("\n".join(lines))
            return "\n\n".join(blocks)

    def public_data(self, public: PublicForm) -> dict[str, Any]:
        return {"form": public.form, "lang": public.lang, "questions": list(public.questions)}

    def instructions(self, lang: str) -> str:
        return _(
            "Run the next cell: it shows the questions of your own version of this test. "
            "Answer each question in the cell with its number by replacing `None`. "
            "Run the check at the end to see that every answer is in the right form; "
            "your score is given after the test is collected."
        )

    def graded_feedback_html(self, scenario: Scenario, answer: Mapping[str, Any]) -> str:
        """Per question: the trainee's answer, right / partly / not right, and where to study
        it; never the key, never the item's explanation (items are reused across cohorts)."""
        from simsuite.content.sources import cite_text

        result = self.evaluate(scenario.key, answer, scenario.lang)
        rows = []
        with language(scenario.lang):
            for question, item, public in zip(
                result.items, scenario.key.items, scenario.public.questions, strict=True
            ):
                given = answer.get(public["answer"])
                shown = _("not answered") if given is None else repr(given)
                css = "simsuite-wrong" if question.is_error else "simsuite-right"
                rows.append(
                    f'<tr class="{css}"><td>{public["number"]}</td>'
                    f"<td>{html.escape(public['stem'])}</td><td>{html.escape(shown)}</td>"
                    f"<td>{html.escape(question.headline())} ({question.credit:g}/1)</td>"
                    f"<td>{html.escape(cite_text(item.get('source', ''), scenario.lang))}</td>"
                    "</tr>"
                )
            head = "".join(
                f"<th>{html.escape(h)}</th>"
                for h in (_("No."), _("Question"), _("Your answer"), _("Result"), _("Study"))
            )
        return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


TYPE = QuizType()
