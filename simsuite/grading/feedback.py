"""Feedback for trainees that explains without leaking.

nbgrader's own ``generate_feedback`` renders the autograded notebook, hidden tests included
(nbgrader#1363). This writes instead, into nbgrader's feedback folder (so that
``nbgrader release_feedback`` hands it out as usual), a page built from the gradebook and the
same scoring rules that graded the work:

* the trainee's score and the exercise type's graded feedback on *their own* scenario
  (:meth:`simsuite.activities.base.ExerciseType.graded_feedback_html`): a case type explains each
  part of the trainee's own case (theirs alone, so it teaches without giving anyone else a key);
  the test type says per question right / partly / not right and where to study it, never the
  key (items are reused across cohorts).

No hidden test, solution or key of a reused item is ever written.
"""

from __future__ import annotations

import ast
import html
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simsuite.course.paths import safe_child
from simsuite.course.variants import load_secret, variant_scenario
from simsuite.grading.guard import NotebookError, neutralized_cells, read_notebook
from simsuite.i18n import _, language


def answer_values(notebook_path: Path) -> dict[str, Any]:
    """The values a trainee assigned in answer cells (code, if any, was never run)."""
    notebook = read_notebook(notebook_path)
    values: dict[str, Any] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        try:
            tree = ast.parse(cell.source)
        except Exception:  # SyntaxError, and MemoryError or ValueError on hostile text
            continue
        for statement in tree.body:
            if not isinstance(statement, ast.Assign):
                continue
            value = statement.value
            try:
                if isinstance(value, ast.Call) and getattr(value.func, "id", "") in (
                    "set",
                    "frozenset",
                ):
                    parsed: Any = set(ast.literal_eval(value.args[0])) if value.args else set()
                else:
                    parsed = ast.literal_eval(value)
            except Exception:  # not a value: the guard did not run it either
                continue
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = parsed
    return values


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.45}"
        ".simsuite-right{color:#1b5e20}.simsuite-wrong{color:#b71c1c}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}"
        f"</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>\n"
    )


def _grades(db_url: str, assignment: str, trainee: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        submission = gradebook.find_submission(assignment, trainee)
        return {
            grade.name: (float(grade.score), float(grade.max_score))
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


@dataclass(frozen=True)
class FeedbackRun:
    written: list[Path]
    failed: dict[str, str]  # trainee -> what went wrong (kind and message)


def write_feedback(grading_dir: str | Path, assignment_name: str) -> FeedbackRun:
    """Write a feedback page for every graded submission of an assignment.

    A page that cannot be made (an answer no rule foresaw, a missing file) is recorded for that
    trainee with the kind and message of the error; the other trainees' pages are written.
    """
    from nbgrader.api import Gradebook

    from simsuite.course.build import load_course
    from simsuite.course.course import check_name
    from simsuite.errors import UserInputError
    from simsuite.grading.course_dir import course_root

    check_name(assignment_name, "assignment", _("assignment name"))
    grading_dir = Path(grading_dir).resolve()
    root = course_root(grading_dir)
    course = load_course(grading_dir / "course.yaml")
    assignment = course.assignment(assignment_name)
    database = root / "gradebook.db"
    if not database.is_file():
        raise UserInputError(
            _("The course has no gradebook: nothing has been graded yet."), where=str(database)
        )
    secret = load_secret(root)
    db_url = f"sqlite:///{database}"
    exercise_type = assignment.type
    with Gradebook(db_url) as gradebook:
        trainees = sorted(s.student.id for s in gradebook.assignment_submissions(assignment_name))
    graded = [
        t for t in trainees if sorted((root / "autograded" / t / assignment_name).glob("*.ipynb"))
    ]
    if not graded:
        raise UserInputError(
            _(
                "No graded submissions of {assignment!r}: run `simsuite course autograde "
                "{assignment}` first."
            ).format(assignment=assignment_name),
            where=str(root / "autograded"),
        )
    written: list[Path] = []
    failed: dict[str, str] = {}
    with language(course.lang):
        for trainee in graded:
            try:
                written.append(
                    _trainee_page(root, db_url, assignment, exercise_type, secret, trainee, course)
                )
            except Exception as error:  # recorded for this trainee; the others get their pages
                failed[trainee] = f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"
    return FeedbackRun(written, failed)


def _trainee_page(root, db_url, assignment, exercise_type, secret, trainee, course) -> Path:
    folder = root / "autograded" / trainee / assignment.name
    notebooks = sorted(folder.glob("*.ipynb"))
    answers: dict[str, Any] = {}
    notes: list[str] = []
    for notebook in notebooks:
        answers.update(answer_values(notebook))
        notes += neutralized_cells(notebook)
        notes += _dropped(notebook)
    grades = _grades(db_url, assignment.name, trainee)
    total = sum(score for score, _max in grades.values())
    maximum = sum(m for _score, m in grades.values())
    scenario = variant_scenario(assignment, secret, trainee, course.lang)
    body = exercise_type.graded_feedback_html(scenario, answers)
    summary = _("{trainee}: {score:g} of {max:g} points").format(
        trainee=trainee, score=total, max=maximum
    )
    warnings = "".join(
        f'<p class="simsuite-wrong">{html.escape(note)}</p>' for note in dict.fromkeys(notes)
    )
    page = _page(assignment.title, f"<p><b>{html.escape(summary)}</b></p>{warnings}{body}")
    target = safe_child(root / "feedback", trainee, assignment.name, f"{notebooks[0].stem}.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    # nbgrader release_feedback reads these beside the page to address the trainee
    for name in ("timestamp.txt", "submission_secret.txt"):
        if (folder / name).is_file():
            shutil.copyfile(folder / name, target.parent / name)
    return target


def _dropped(notebook_path: Path) -> list[str]:
    """What the rebuild from the release did not run (cells added, missing or duplicated)."""
    try:
        notebook = read_notebook(notebook_path)
    except NotebookError:
        return []
    flags = notebook.metadata.get("simsuite", {}).get("flags", [])
    return [str(flag) for flag in flags] if isinstance(flags, list) else []
