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
from pathlib import Path
from typing import Any

import nbformat

from simsuite.course.variants import load_secret, variant_scenario
from simsuite.grading.guard import neutralized_cells
from simsuite.i18n import _, language


def answer_values(notebook_path: Path) -> dict[str, Any]:
    """The values a trainee assigned in answer cells (code, if any, was never run)."""
    notebook = nbformat.read(str(notebook_path), as_version=4)
    values: dict[str, Any] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for statement in tree.body:
            if not isinstance(statement, ast.Assign):
                continue
            value = statement.value
            try:
                if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "set":
                    parsed: Any = set(ast.literal_eval(value.args[0])) if value.args else set()
                else:
                    parsed = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError):
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


def write_feedback(grading_dir: str | Path, assignment_name: str) -> list[Path]:
    """Write a feedback page for every graded submission of an assignment."""
    from nbgrader.api import Gradebook

    from simsuite.course.build import load_course
    from simsuite.grading.autograde import course_root

    grading_dir = Path(grading_dir).resolve()
    root = course_root(grading_dir)
    course = load_course(grading_dir / "course.yaml")
    assignment = course.assignment(assignment_name)
    secret = load_secret(root)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    exercise_type = assignment.type
    with Gradebook(db_url) as gradebook:
        trainees = sorted(s.student.id for s in gradebook.assignment_submissions(assignment_name))
    written = []
    with language(course.lang):
        for trainee in trainees:
            folder = root / "autograded" / trainee / assignment_name
            notebooks = sorted(folder.glob("*.ipynb"))
            if not notebooks:
                continue
            answers: dict[str, Any] = {}
            notes: list[str] = []
            for notebook in notebooks:
                answers.update(answer_values(notebook))
                notes += neutralized_cells(notebook)
            grades = _grades(db_url, assignment_name, trainee)
            total = sum(score for score, _max in grades.values())
            maximum = sum(m for _score, m in grades.values())
            scenario = variant_scenario(assignment, secret, trainee, course.lang)
            body = exercise_type.graded_feedback_html(scenario, answers)
            summary = _("{trainee}: {score:g} of {max:g} points").format(
                trainee=trainee, score=total, max=maximum
            )
            warnings = "".join(
                f'<p class="simsuite-wrong">{html.escape(note)}</p>' for note in notes
            )
            page = _page(
                assignment.title, f"<p><b>{html.escape(summary)}</b></p>{warnings}{body}"
            )
            target = root / "feedback" / trainee / assignment_name / f"{notebooks[0].stem}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
            # nbgrader release_feedback reads these beside the page to address the trainee
            for name in ("timestamp.txt", "submission_secret.txt"):
                if (folder / name).exists():
                    shutil.copyfile(folder / name, target.parent / name)
            written.append(target)
    return written
