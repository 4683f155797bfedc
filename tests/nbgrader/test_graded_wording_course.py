"""The course tells graded cases in its graded wording (``case_templates``), the tracked preview
in the public one; keys do not depend on the wording; a course language without graded wording
is refused at ``course build`` and ``course variants`` with what to do."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from simsuite.course.build import build_course, write_assignment_variants
from simsuite.course.course import load_course
from simsuite.course.variants import variant_scenario
from simsuite.errors import ContentError

REPO = Path(__file__).resolve().parents[2]
SECRET = b"a-secret-for-the-graded-wording-tests"
ROSTER = ("ana", "bek", "cholpon", "dana", "elnura", "farida")
#: Every case assignment of the course whose public part is the case story.
CASE_KINDS = ("identification", "elements", "qualification")


def _grading(tmp_path: Path, **changes) -> Path:
    """A copy of the repository's grading/ folder with the course file changed."""
    grading = tmp_path / "grading"
    grading.mkdir()
    for name in ("course.yaml", "item_bank.yaml", "nbgrader_config.py"):
        shutil.copyfile(REPO / "grading" / name, grading / name)
    for folder in ("items", "templates"):
        shutil.copytree(REPO / "grading" / folder, grading / folder)
    data = yaml.safe_load((grading / "course.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    (grading / "course.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return grading


def _released(course, assignment, folder: Path) -> dict[str, str]:
    write_assignment_variants(course, assignment, ROSTER, SECRET, folder)
    path = folder / assignment.name / "variants" / "cases.json"
    return {t: c["markdown"] for t, c in json.loads(path.read_text())["cases"].items()}


def test_the_course_file_names_its_graded_wording():
    course = load_course(REPO / "grading" / "course.yaml")
    assert course.case_templates is not None
    assert course.case_templates.folder == REPO / "grading" / "templates"
    assert all(a.case_templates is course.case_templates for a in course.assignments)


@pytest.mark.parametrize("kind", CASE_KINDS)
def test_graded_cases_are_told_in_the_graded_wording_with_the_same_keys(kind, tmp_path):
    course = load_course(REPO / "grading" / "course.yaml")
    graded = next(a for a in course.assignments if a.kind == kind)
    public = dataclasses.replace(graded, case_templates=None)
    told = _released(course, graded, tmp_path / "graded")
    plain = _released(course, public, tmp_path / "public")
    assert all(told[t] != plain[t] for t in ROSTER)
    for trainee in ROSTER:
        key = variant_scenario(graded, SECRET, trainee, course.lang).key
        assert key == variant_scenario(public, SECRET, trainee, course.lang).key or (
            kind == "identification"  # the same key; only the quoted sentences differ
            and dataclasses.replace(key, evidence={})
            == dataclasses.replace(
                variant_scenario(public, SECRET, trainee, course.lang).key, evidence={}
            )
        )
        if kind == "identification":
            # the feedback quotes the sentences the trainee read
            for sentence in key.evidence.values():
                assert sentence in told[trainee]


def test_the_public_preview_keeps_the_public_wording(tmp_path):
    """The tracked exercises/ are the same as before the graded wording: built from the public
    templates (and the build reads the course's graded wording all the same)."""
    build_course(REPO / "grading" / "course.yaml", tmp_path)
    for path in (REPO / "exercises").rglob("cases.json"):
        built = tmp_path / path.relative_to(REPO / "exercises")
        assert built.read_bytes() == path.read_bytes(), path


def test_public_wording_can_be_chosen_knowingly(tmp_path):
    grading = _grading(tmp_path, case_templates="public")
    course = load_course(grading / "course.yaml")
    assert course.case_templates is None
    assignment = course.assignment("identification_case")
    shutil.rmtree(grading / "templates")  # not needed then
    told = _released(course, assignment, tmp_path / "out")
    scenario = variant_scenario(assignment, SECRET, ROSTER[0], "en")
    assert scenario.public.narrative in told[ROSTER[0]]


def test_a_case_templates_value_that_is_not_a_folder_name_is_refused(tmp_path):
    grading = _grading(tmp_path, case_templates=["templates"])
    with pytest.raises(ContentError) as raised:
        load_course(grading / "course.yaml")
    assert "case_templates" in raised.value.render() and "public" in raised.value.render()


def _cli(argv: list[str], cwd: Path):
    sys.path.insert(0, str(REPO / "tests" / "cli"))
    try:
        from harness import run_cli
    finally:
        sys.path.pop(0)
    return run_cli(argv, cwd)


@pytest.mark.parametrize("command", ["build", "variants"])
def test_a_course_language_without_graded_wording_is_refused_with_what_to_do(command, tmp_path):
    grading = _grading(tmp_path, lang="ky")
    (tmp_path / "roster.txt").write_text("ana\n")
    course = grading / "course"
    course.mkdir(mode=0o700)
    argv = {
        "build": ["course", "build", "--course", str(grading / "course.yaml"), "--exercises",
                  str(tmp_path / "exercises")],
        "variants": ["course", "variants", "--course", str(grading / "course.yaml"),
                     "--grading-dir", str(grading), "--roster", str(tmp_path / "roster.txt")],
    }[command]  # fmt: skip
    code, _out, err = _cli(argv, tmp_path)
    assert code == 2, err
    assert "Traceback" not in err
    assert "ky.yaml" in err and "case_templates: public" in err and "en, ru" in err
    assert (
        not list((course / "source").rglob("cases.json")) if (course / "source").exists() else True
    )


def test_a_missing_graded_folder_is_refused_with_what_to_do(tmp_path):
    grading = _grading(tmp_path)
    shutil.rmtree(grading / "templates")
    code, _out, err = _cli(
        ["course", "build", "--course", str(grading / "course.yaml"), "--exercises",
         str(tmp_path / "exercises")],
        tmp_path,
    )  # fmt: skip
    assert code == 2 and "Traceback" not in err
    assert "templates" in err and "case_templates" in err


def test_a_course_that_tells_no_case_story_needs_no_graded_wording(tmp_path):
    data = yaml.safe_load((REPO / "grading" / "course.yaml").read_text(encoding="utf-8"))
    quizzes = [a for a in data["assignments"] if a["kind"] == "quiz"]
    grading = _grading(tmp_path, lang="ky", assignments=quizzes)
    shutil.rmtree(grading / "templates")
    from simsuite.course.build import write_course_sources

    written = write_course_sources(
        load_course(grading / "course.yaml"), tmp_path / "src", ROSTER, SECRET
    )
    assert any(p.name == "cases.json" for p in written)
