"""Counterbalanced pre-test and post-test: one nbgrader notebook, two parallel forms.

A test is built *by position*: position k is the k-th parallel pair of the item bank, and both
forms ask the same kind of question there, so one notebook serves every trainee. The answer
cells are ``answer_Q1 … answer_Qn``. Which form a trainee takes in the ``pre`` or ``post``
phase comes from the course secret (:func:`simsuite.course.variants.form_for`): about half
the cohort takes A first and B second, the other half the reverse.

* In the trainee's kernel, a locked cell calls :func:`show_my_test`, which reads the released
  ``variants/forms.json`` (trainee → form) and ``variants/form_<F>.json`` (texts, never keys)
  and shows that trainee's questions.
* Each hidden test cell holds the scoring specs of *both* forms for its position and, at
  autograde time, scores the answer against the form of the trainee being graded
  (:func:`position_points`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from simsuite.activities.quiz.bank import ItemBank, scoring_spec
from simsuite.activities.quiz.items import points_for
from simsuite.course.variants import (
    FORMS,
    PREVIEW_SECRET,
    PREVIEW_TRAINEE,
    VARIANTS_DIR,
    current_trainee,
    form_for,
)
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import N_, _, language, localized

PHASES = ("pre", "post")
FORMS_FILE = "forms.json"
ANSWER_HINTS = {
    "single": N_('one option letter in quotes, for example "a"'),
    "multiple": N_('a list of option letters, for example ["a", "c"]'),
    "ordering": N_('every option letter once, in order, for example ["c", "a", "b"]'),
    "numeric": N_("a number, for example 12"),
}


def form_file_name(form: str) -> str:
    return f"form_{form}.json"


def answer_variable(number: int) -> str:
    return f"answer_Q{number}"


def grade_cell_id(number: int) -> str:
    """The nbgrader grade id of position ``number``; the gradebook stores scores under it."""
    return f"score_Q{number}"


@dataclass(frozen=True)
class Position:
    """The k-th parallel pair: one item per form, same competency and kind."""

    number: int
    parallel: str
    kind: str
    competency: str
    items: Mapping[str, Mapping[str, Any]]  # form -> item

    def item(self, form: str) -> Mapping[str, Any]:
        return self.items[form]


def form_positions(bank: ItemBank) -> list[Position]:
    """The positions of a test, in bank order; checks that every pair is really parallel."""
    pairs: dict[str, dict[str, Mapping[str, Any]]] = {}
    for item in bank.items:
        forms = pairs.setdefault(item["parallel"], {})
        if item["form"] in forms:
            raise ContentError(
                _("Parallel group {group!r} has two items of form {form!r}.").format(
                    group=item["parallel"], form=item["form"]
                ),
                where=bank.path,
            )
        forms[item["form"]] = item
    positions = []
    for number, (parallel, forms) in enumerate(pairs.items(), start=1):
        if set(forms) != set(FORMS):
            raise ContentError(
                _("Parallel group {group!r} needs one item of each form.").format(group=parallel),
                where=bank.path,
                allowed=", ".join(FORMS),
            )
        first, second = (forms[form] for form in FORMS)
        for field in ("competency", "kind"):
            if first[field] != second[field]:
                raise ContentError(
                    _("Items {a} and {b} are parallel but differ in {field}.").format(
                        a=first["id"], b=second["id"], field=field
                    ),
                    where=bank.path,
                )
        positions.append(
            Position(number, parallel, first["kind"], first["competency"], dict(forms))
        )
    return positions


def assignment_phase(assignment: Mapping[str, Any], where: str) -> str:
    phase = assignment.get("phase")
    if phase not in PHASES:
        raise ContentError(
            _("A test needs 'phase: pre' or 'phase: post', got {phase!r}.").format(phase=phase),
            where=f"{where}: {assignment.get('name')}",
            allowed=", ".join(PHASES),
        )
    return phase


# --- the nbgrader source notebook -------------------------------------------------------------


def _position_cells(position: Position, phase: str) -> list:
    from simsuite.course.build import _code, _markdown

    number = position.number
    variable = answer_variable(number)
    hint = _(ANSWER_HINTS[position.kind])
    text = "\n\n".join(
        [
            f"### {_('Question {n}').format(n=number)}",
            _("Answer question {n} of your test (shown above) in `{var}`: {hint}.").format(
                n=number, var=variable, hint=hint
            ),
        ]
    )
    # The source's solution is the key of the public preview's form, so an instructor running
    # the source notebook sees it earn full marks; nbgrader strips it on release.
    preview = form_for(PREVIEW_SECRET, PREVIEW_TRAINEE, phase)
    answer = "\n".join(
        [
            f"{variable} = None  # {_('your answer')}: {hint}",
            "### BEGIN SOLUTION",
            f"{variable} = {position.item(preview)['key']!r}",
            "### END SOLUTION",
        ]
    )
    specs = {form: scoring_spec(position.item(form)) for form in FORMS}
    test = "\n".join(
        [
            "### BEGIN HIDDEN TESTS",
            "from simsuite.course.prepost import position_points",
            f"position_points({json.dumps(specs, sort_keys=True)}, {variable}, "
            f"phase={phase!r}, max_points=1)",
            "### END HIDDEN TESTS",
        ]
    )
    return [
        _markdown(text, f"question_Q{number}"),
        _code(answer, variable, solution=True),
        _code(test, grade_cell_id(number), grade=True, locked=True, points=1),
    ]


def build_test(course, assignment: Mapping[str, Any]) -> nbformat.NotebookNode:
    """The nbgrader source notebook of a pre-test or post-test (``kind: test``)."""
    from simsuite.course.build import CONTENT_NOTE, _code, _markdown, _new_notebook

    phase = assignment_phase(assignment, str(course.path))
    positions = form_positions(course.item_bank)
    intro = "\n\n".join(
        [
            f"# {assignment['title']}",
            _(CONTENT_NOTE),
            _(
                "Run the next cell: it shows the questions of your own version of this test. "
                "Answer each question in the cell with its number by replacing `None`. "
                "Run the check at the end to see that every answer is in the right form; "
                "your score is given after the test is collected."
            ),
        ]
    )
    cells = [
        _markdown(intro, "intro"),
        _code(
            "from simsuite.course.prepost import show_my_test\nshow_my_test()",
            "show_test",
            locked=True,
        ),
    ]
    for position in positions:
        cells.extend(_position_cells(position, phase))
    kinds = {f"Q{p.number}": p.kind for p in positions}
    variables = ", ".join(answer_variable(p.number) for p in positions)
    cells.append(
        _code(
            "from simsuite.course.format_check import check_answers\n"
            f"check_answers({json.dumps(kinds)}, [{variables}])",
            "format_check",
            locked=True,
        )
    )
    return _new_notebook(cells)


# --- released per-trainee files ----------------------------------------------------------------


def public_form(bank: ItemBank, form: str, lang: str) -> dict[str, Any]:
    """What a trainee may see of a form: texts and option ids; no keys, feedback or sources."""
    questions = []
    for position in form_positions(bank):
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
    return {"form": form, "lang": lang, "questions": questions}


def write_test_variants(
    course,
    assignment: str | Mapping[str, Any],
    roster: Sequence[str],
    secret: bytes,
    folder: str | Path,
) -> list[Path]:
    """Write ``<folder>/<assignment>/variants/``: who takes which form, and each form's texts.

    ``folder`` is the nbgrader source folder (``exercises/``): nbgrader copies these files into
    the release, so each trainee's kernel can show their own questions.
    """
    if isinstance(assignment, str):
        assignment = course.assignment(assignment)
    phase = assignment_phase(assignment, str(course.path))
    target = Path(folder) / assignment["name"] / VARIANTS_DIR
    target.mkdir(parents=True, exist_ok=True)
    forms = {trainee: form_for(secret, trainee, phase) for trainee in roster}
    written = []
    path = target / FORMS_FILE
    document = {"assignment": assignment["name"], "phase": phase, "forms": forms}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    written.append(path)
    with language(course.lang):
        for form in FORMS:
            path = target / form_file_name(form)
            text = json.dumps(public_form(course.item_bank, form, course.lang), indent=1)
            path.write_text(text + "\n", encoding="utf-8", newline="\n")
            written.append(path)
    return written


# --- in the trainee's kernel -------------------------------------------------------------------


def _who() -> str:
    """The trainee: at autograde time the one being graded, else the one in this kernel."""
    from simsuite.course.variants import in_autograde

    if in_autograde():
        return Path.cwd().resolve().parent.name
    return current_trainee()


def render_form(public: Mapping[str, Any]) -> str:
    """A form's questions as Markdown."""
    blocks = []
    for question in public["questions"]:
        lines = [f"### {_('Question {n}').format(n=question['number'])}"]
        if question.get("vignette"):
            lines += ["", f"> {question['vignette']}"]
        lines += ["", question["stem"], ""]
        for option, text in question.get("options", []):
            lines.append(f"- **{option}**: {text}")
        hint = _(ANSWER_HINTS[question["kind"]])
        answer = _("Your answer goes in `{var}`: {hint}.")
        lines += ["", answer.format(var=question["answer"], hint=hint)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def show_my_test(folder: str | Path | None = None, trainee: str | None = None) -> str:
    """Show the trainee their own form of the test; returns the Markdown shown."""
    folder = Path(folder) if folder is not None else Path.cwd() / VARIANTS_DIR
    trainee = trainee or _who()
    forms_path = folder / FORMS_FILE
    try:
        document = json.loads(forms_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        text = _(
            "The list of test versions ({path}) is missing or damaged. Ask your instructor."
        ).format(path=forms_path)
        print(text)
        return text
    forms = document.get("forms", {})
    note = ""
    if trainee not in forms and set(forms) == {PREVIEW_TRAINEE}:
        trainee, note = PREVIEW_TRAINEE, _("Instructor preview: not a trainee's test.")
    form = forms.get(trainee)
    if form not in FORMS:
        text = _(
            "You ({trainee}) are not on this test's roster, so your questions cannot be shown. "
            "Ask your instructor to add you and release the test again."
        ).format(trainee=trainee)
        print(text)
        return text
    public = json.loads((folder / form_file_name(form)).read_text(encoding="utf-8"))
    text = render_form(public)
    if note:
        text = f"*{note}*\n\n{text}"
    try:
        from IPython.display import Markdown, display
    except ImportError:  # outside Jupyter: plain text is fine
        print(text)
    else:
        display(Markdown(text))
    return text


# --- at autograde time -------------------------------------------------------------------------


def position_points(
    specs: Mapping[str, Mapping[str, Any]], answer: object, *, phase: str, max_points: float
) -> float:
    """Points for one position: the answer scored against the graded trainee's form."""
    from simsuite.course.variants import grading_context

    trainee, secret = grading_context()
    form = form_for(secret, trainee, phase)
    if form not in specs:
        raise UserInputError(
            _("No scoring spec for form {form!r}.").format(form=form), allowed=", ".join(specs)
        )
    return points_for(specs[form], answer, max_points)
