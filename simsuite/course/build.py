"""Build nbgrader source notebooks (``exercises/``) from the course file, for any exercise type.

Every assignment has the same shape, whatever its type:

1. an introduction (title, content note, the type's instructions);
2. a locked cell that shows the trainee's own case, read from the released
   ``variants/cases.json`` by ``simsuite_casefile.py`` (standard library only: a graded notebook
   needs nothing from simsuite in the trainee's kernel);
3. the answer cell(s): one value per answer field; the solution region holds the preview case's
   answer, which nbgrader strips on release;
4. a locked format check that says whether the answer is in the right form, never whether it is
   right;
5. hidden test cell(s), one per graded part, calling :func:`simsuite.course.grade.graded_points`,
   which re-derives the graded trainee's scenario from the course secret at autograde time and
   scores it with the type's own ``evaluate``.

Keys appear only inside ``### BEGIN SOLUTION`` / ``### BEGIN HIDDEN TESTS`` regions.

Two places receive sources: :func:`build_course` writes the public preview (the tracked
``exercises/``, a public secret, nobody's graded case); :func:`write_course_sources` writes a
roster's sources into the course folder's ``source/``, where nbgrader reads them. Names come
from the validated course file and the checked roster, and every path is kept inside its
folder.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat

from simsuite.activities.base import ExerciseType, Scenario
from simsuite.course.course import Assignment, Course, load_course
from simsuite.course.paths import safe_child
from simsuite.course.variants import (
    PREVIEW_SECRET,
    PREVIEW_TRAINEE,
    VARIANTS_DIR,
    check_trainee,
    variant_scenario,
)
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import N_, _, language

__all__ = [
    "build_course",
    "build_assignment",
    "load_course",
    "write_assignment_variants",
    "write_course_sources",
]

CONTENT_NOTE = N_(
    "**Content note.** This module deals with trafficking in persons, including exploitation "
    "and coercion. Every person, place and company in it is fictional and nothing is "
    "described in graphic detail. If you need a break, take one."
)
CASES_FILE = "cases.json"
CASEFILE_MODULE = "simsuite_casefile.py"


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown_cell(source: str, grade_id: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source, metadata=_meta(grade_id, locked=True))


def code_cell(source: str, grade_id: str, **flags) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata=_meta(grade_id, **flags))


def new_notebook(cells: list) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    # Stable ids keep rebuilt notebooks byte-identical, so a test can tell stale from fresh.
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
    return notebook


def _literal(value: Any) -> str:
    """A Python literal that reads the same on every run (sets sorted: no hash-seed churn)."""
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(map(repr, sorted(value))) + "}" if value else "set()"
    return repr(value)


def answer_groups(exercise_type: ExerciseType, public: Any) -> tuple[tuple[str, ...], ...]:
    """Answer fields grouped into cells: a type may ask one cell per question."""
    groups = getattr(exercise_type, "answer_groups", None)
    if groups is not None:
        return groups(public)
    return (tuple(f.name for f in exercise_type.answer_fields(public)),)


def answer_cell_id(group: Sequence[str], single: bool) -> str:
    return "answer" if single else group[0]


def _answer_cells(exercise_type: ExerciseType, preview: Scenario) -> list:
    fields = {f.name: f for f in exercise_type.answer_fields(preview.public)}
    solution = exercise_type.solution(preview.key)
    groups = answer_groups(exercise_type, preview.public)
    cells = []
    for group in groups:
        lines = [
            f"{name} = {field.blank_literal()}  # {field.label}: {field.hint()}"
            for name in group
            for field in [fields[name]]
        ]
        lines.append("### BEGIN SOLUTION")
        lines += [f"{name} = {_literal(solution.get(name))}" for name in group]
        lines.append("### END SOLUTION")
        cells.append(
            code_cell("\n".join(lines), answer_cell_id(group, len(groups) == 1), solution=True)
        )
    return cells


def _hidden_test(assignment: Assignment, lang: str, names: Sequence[str], part) -> str:
    # globals().get: an answer cell the guard did not run (or the trainee deleted) leaves its
    # variable undefined; that part then scores nothing, and the other parts are still graded
    answers = "{name: globals().get(name) for name in " + repr(tuple(names)) + "}"
    return "\n".join(
        [
            "### BEGIN HIDDEN TESTS",
            "from simsuite.course.grade import graded_points",
            "graded_points(",
            f"    assignment={assignment.name!r}, kind={assignment.kind!r},",
            f"    params={dict(sorted(assignment.params.items()))!r},",
            f"    constraints={dict(sorted(assignment.constraints.items()))!r},",
            f"    lang={lang!r}, item={part.item!r}, max_points={part.points:g},",
            f"    answers={answers},",
            ")",
            "### END HIDDEN TESTS",
        ]
    )


@contextmanager
def _in_assignment(course: Course, assignment: Assignment) -> Iterator[None]:
    """A type's complaint about its parameters, said with the course file and assignment."""
    try:
        yield
    except ContentError:  # a content file's own error names that file already
        raise
    except UserInputError as error:
        where = f"{course.path}: assignments ({assignment.name}): params"
        raise ContentError(
            error.what,
            where=where + (f".{error.where}" if error.where else ""),
            allowed=error.allowed,
        ) from None


def build_assignment(course: Course, assignment: Assignment) -> nbformat.NotebookNode:
    """The nbgrader source notebook of one assignment (any exercise type)."""
    exercise_type = assignment.type
    lang = course.lang
    with language(lang), _in_assignment(course, assignment):
        preview = variant_scenario(assignment, PREVIEW_SECRET, PREVIEW_TRAINEE, lang)
        names = [f.name for f in exercise_type.answer_fields(preview.public)]
        intro = "\n\n".join(
            [f"# {assignment.title}", _(CONTENT_NOTE), exercise_type.instructions(lang)]
        )
        check_call = "check_my_answer(" + ", ".join(f"{n}={n}" for n in names) + ")"
        cells = [
            markdown_cell(intro, "intro"),
            code_cell(
                "from simsuite_casefile import show_my_case\n\nshow_my_case()",
                "show_case",
                locked=True,
            ),
            *_answer_cells(exercise_type, preview),
            code_cell(
                f"from simsuite_casefile import check_my_answer\n\n{check_call}",
                "format_check",
                locked=True,
            ),
        ]
        for part in exercise_type.graded_parts(preview.public, assignment.points):
            cells.append(
                code_cell(
                    _hidden_test(assignment, lang, names, part),
                    part.grade_id,
                    grade=True,
                    locked=True,
                    points=part.points,
                )
            )
    return new_notebook(cells)


def _messages() -> dict[str, str]:
    """The trainee-side helper's messages, translated here (it has no translation layer)."""
    return {
        "preview": _("Instructor preview: not a trainee's case."),
        "no_case": _(
            "There is no case for you ({trainee}) in this assignment. Ask your instructor to "
            "add you to the roster and release it again."
        ),
        "missing": _("{name}: not answered yet ({hint})."),
        "wrong_form": _("{name}: not in the right form; give {hint}."),
        "not_an_option": _("{name}: {value} is not one of the options."),
        "order": _("{name}: put every option in the list exactly once."),
        "ok": _("Every answer is in the right form."),
    }


def public_case(exercise_type: ExerciseType, scenario: Scenario) -> dict[str, Any]:
    """What a trainee's kernel may read of their case: Markdown and answer fields, no key."""
    return {
        "markdown": exercise_type.public_markdown(scenario.public, scenario.lang),
        "fields": [f.to_dict() for f in exercise_type.answer_fields(scenario.public)],
    }


def _write(action, where: Path):
    """Run a write; an OSError (read-only folder, full disk) becomes a clear user error."""
    try:
        return action()
    except OSError as error:
        raise UserInputError(
            _("Cannot write there ({reason}).").format(reason=error.strerror or error),
            where=str(where),
            allowed=_("a folder you may write to"),
        ) from None


def write_assignment_variants(
    course: Course,
    assignment: Assignment,
    roster: Sequence[str],
    secret: bytes,
    folder: str | Path,
) -> list[Path]:
    """Write ``<folder>/<assignment>/variants/cases.json`` (every rostered trainee's public
    case) and the trainee-side helper beside the notebook. nbgrader copies both into the
    release; neither holds a key or a seed."""
    exercise_type = assignment.type
    cases = {}
    with language(course.lang), _in_assignment(course, assignment):
        for trainee in roster:
            check_trainee(trainee, "roster")
            scenario = variant_scenario(assignment, secret, trainee, course.lang)
            cases[trainee] = public_case(exercise_type, scenario)
        document = {
            "assignment": assignment.name,
            "lang": course.lang,
            "preview": PREVIEW_TRAINEE,
            "messages": _messages(),
            "cases": cases,
        }
    target = safe_child(Path(folder), assignment.name, VARIANTS_DIR, CASES_FILE)
    helper = target.parent.parent / CASEFILE_MODULE

    def write() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
            newline="\n",
        )
        with resources.as_file(
            resources.files("simsuite.course").joinpath("release", CASEFILE_MODULE)
        ) as source:
            shutil.copyfile(source, helper)

    _write(write, Path(folder))
    return [target, helper]


def write_assignment_source(
    course: Course,
    assignment: Assignment,
    roster: Sequence[str],
    secret: bytes,
    folder: str | Path,
    public_wording: bool = False,
) -> list[Path]:
    """Write one assignment's nbgrader source into ``<folder>/<assignment>/``: the notebook,
    the roster's public cases and the trainee-side helper (nothing else is left there).

    The roster's cases are told in the course's graded wording; ``public_wording`` tells them
    in the public one instead (the tracked preview: graded wording never goes into tracked
    files). The notebook itself holds no case text; building it tells the preview case in the
    course's wording all the same, so that a course language without graded wording is
    refused here, at ``course build``, with what to do."""
    notebook = build_assignment(course, assignment)
    if public_wording:
        assignment = dataclasses.replace(assignment, case_templates=None)
    target = safe_child(Path(folder), assignment.name, f"{assignment.name}.ipynb")

    def write() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")

    _write(write, Path(folder))
    return [target, *write_assignment_variants(course, assignment, roster, secret, folder)]


def check_case_wording(course: Course) -> None:
    """Refuse, before anything is written, a course that tells case stories while its graded
    case wording is missing or invalid in the course's language (the error says what to write,
    or how to choose the public wording knowingly). A course that tells none (quizzes, tabletop
    exercises) needs no graded wording: each assignment's preview, told in it, finds out."""
    if course.case_templates is None:
        return
    try:
        course.case_templates.templates(course.lang)
    except ContentError:
        with language(course.lang):
            for assignment in course.assignments:
                with _in_assignment(course, assignment):
                    variant_scenario(assignment, PREVIEW_SECRET, PREVIEW_TRAINEE, course.lang)


def write_course_sources(
    course: Course, source_dir: str | Path, roster: Sequence[str], secret: bytes
) -> list[Path]:
    """Every assignment's nbgrader source for a roster, in the course folder's ``source/``
    (where nbgrader reads it): per-course and per-roster data never goes into tracked files.
    An assignment's folder there is written afresh (it holds nothing but what this writes)."""
    source_dir = Path(source_dir)
    check_case_wording(course)
    written = []
    for assignment in course.assignments:
        folder = safe_child(source_dir, assignment.name)
        if folder.is_dir() and not folder.is_symlink():
            _write(lambda folder=folder: shutil.rmtree(folder), folder)
        elif folder.exists() or folder.is_symlink():
            _write(folder.unlink, folder)
        written += write_assignment_source(course, assignment, roster, secret, source_dir)
    return written


def build_course(course_file: str | Path, exercises_dir: str | Path) -> list[Path]:
    """(Re)write the public preview of every assignment into ``exercises_dir`` (the tracked
    ``exercises/``): the source notebook and the preview case, keyed by a public secret.

    The preview lets an instructor run a source notebook and see its solution earn full
    marks; ``simsuite course variants`` writes the real roster's sources into the course
    folder instead, where nbgrader reads them. The preview case is told in the public wording
    (these files are tracked); the roster's cases in the course's graded wording.
    """
    course = load_course(course_file)
    exercises_dir = Path(exercises_dir)
    if exercises_dir.exists() and not exercises_dir.is_dir():
        raise UserInputError(
            _("Not a folder."), where=f"--exercises {exercises_dir}", allowed=_("a folder")
        )
    check_case_wording(course)
    written = []
    for assignment in course.assignments:
        written += write_assignment_source(
            course,
            assignment,
            [PREVIEW_TRAINEE],
            PREVIEW_SECRET,
            exercises_dir,
            public_wording=True,
        )
    return written
