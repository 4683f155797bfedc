"""Build nbgrader source notebooks (``exercises/``) from the course file and content data.

Every answer key is written only inside ``### BEGIN HIDDEN TESTS`` / ``### BEGIN SOLUTION``
regions, which nbgrader strips on release; the released notebook carries the question, the
rendered case and a format check that does not reveal the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from simsuite.activities.quiz.bank import ItemBank, load_item_bank
from simsuite.content import load_yaml_file
from simsuite.errors import ContentError
from simsuite.i18n import N_, _, language

CONTENT_NOTE = N_(
    "**Content note.** This module deals with trafficking in persons, including exploitation "
    "and coercion. Every person, place and company in it is fictional and nothing is "
    "described in graphic detail. If you need a break, take one."
)
ASSIGNMENT_KINDS = ("test", "identification")


@dataclass(frozen=True)
class Course:
    path: Path
    course_id: str
    lang: str
    item_bank: ItemBank
    assignments: tuple[Mapping[str, Any], ...]

    def assignment(self, name: str) -> Mapping[str, Any]:
        for assignment in self.assignments:
            if assignment["name"] == name:
                return assignment
        raise ContentError(
            _("No assignment {name!r} in the course.").format(name=name),
            where=str(self.path),
            allowed=", ".join(a["name"] for a in self.assignments),
        )


def load_course(path: str | Path) -> Course:
    path = Path(path)
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise ContentError(_("A course file must be a mapping."), where=str(path))
    for field in ("course_id", "item_bank", "assignments"):
        if field not in data:
            raise ContentError(_("Missing field {field!r}.").format(field=field), where=str(path))
    for index, assignment in enumerate(data["assignments"]):
        where = f"{path}: assignments[{index}]"
        if assignment.get("kind") not in ASSIGNMENT_KINDS:
            raise ContentError(
                _("Unknown assignment kind {kind!r}.").format(kind=assignment.get("kind")),
                where=where,
                allowed=", ".join(ASSIGNMENT_KINDS),
            )
    bank = load_item_bank(path.parent / data["item_bank"])
    return Course(
        path=path,
        course_id=data["course_id"],
        lang=data.get("lang", "en"),
        item_bank=bank,
        assignments=tuple(data["assignments"]),
    )


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


def _markdown(source: str, grade_id: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source, metadata=_meta(grade_id, locked=True))


def _code(source: str, grade_id: str, **flags) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata=_meta(grade_id, **flags))


def _new_notebook(cells: list) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    # Stable ids keep rebuilt notebooks byte-identical, so a test can tell stale from fresh.
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
    return notebook


def _build_test(course: Course, assignment: Mapping[str, Any]) -> nbformat.NotebookNode:
    # prepost builds on this module's cell helpers, so it is imported when first needed.
    from simsuite.course.prepost import build_test

    return build_test(course, assignment)


def build_identification(course: Course, assignment: Mapping[str, Any]) -> nbformat.NotebookNode:
    from simsuite.course.casework import build_identification as build

    return build(course, assignment)


BUILDERS = {"test": _build_test, "identification": build_identification}


def build_course(course_file: str | Path, exercises_dir: str | Path) -> list[Path]:
    """(Re)write every source notebook of the course, with the public preview variants.

    The preview lets an instructor run a source notebook and see its solution earn full
    marks; ``write_variants`` replaces it with the real trainees' variants before release.
    """
    from simsuite.course.variants import PREVIEW_SECRET, PREVIEW_TRAINEE

    course = load_course(course_file)
    written = []
    with language(course.lang):
        for assignment in course.assignments:
            notebook = BUILDERS[assignment["kind"]](course, assignment)
            target = Path(exercises_dir) / assignment["name"] / f"{assignment['name']}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
            written.append(target)
    written += write_variants(course, exercises_dir, [PREVIEW_TRAINEE], PREVIEW_SECRET)
    return written


def write_variants(
    course: Course, exercises_dir: str | Path, roster: list[str], secret: bytes
) -> list[Path]:
    """Write each assignment's per-trainee public material (cases, forms) beside its source."""
    from simsuite.course.casework import write_case_variants
    from simsuite.course.prepost import write_test_variants

    writers = {"test": write_test_variants, "identification": write_case_variants}
    written = []
    for assignment in course.assignments:
        written += writers[assignment["kind"]](course, assignment, roster, secret, exercises_dir)
    return written
