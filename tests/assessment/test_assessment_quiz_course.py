"""The counterbalanced tests as an exercise type in the course: cells by position, released
files without keys, each trainee scored against their own form."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from simsuite.activities.quiz.activity import FORMS, form_of
from simsuite.activities.quiz.bank import form_positions
from simsuite.course.build import build_assignment, write_assignment_variants
from simsuite.course.course import load_course
from simsuite.course.grade import graded_points
from simsuite.course.variants import PREVIEW_SECRET, PREVIEW_TRAINEE, trainee_seed

SECRET = b"test-secret-not-for-production"
ROSTER = [f"t{i:02d}" for i in range(12)]


@pytest.fixture(scope="module")
def course(repo):
    return load_course(repo / "grading" / "course.yaml")


def _cells(notebook):
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells}


def form(trainee: str, phase: str, secret: bytes = SECRET) -> str:
    return form_of(trainee_seed(secret, trainee), phase)


@pytest.mark.parametrize(("name", "phase"), [("pretest", "pre"), ("posttest", "post")])
def test_one_answer_cell_and_one_hidden_test_per_position(course, name, phase):
    notebook = build_assignment(course, course.assignment(name))
    cells = _cells(notebook)
    positions = form_positions(course.item_bank)
    assert "show_my_case()" in cells["show_case"].source
    assert cells["show_case"].metadata["nbgrader"]["locked"]
    for position in positions:
        answer = cells[f"answer_Q{position.number}"]
        assert answer.metadata["nbgrader"]["solution"]
        assert answer.source.startswith(f"answer_Q{position.number} = None")
        test = cells[f"score_Q{position.number}"]
        meta = test.metadata["nbgrader"]
        assert meta["grade"] and meta["locked"] and meta["points"] == 1
        assert test.source.startswith("### BEGIN HIDDEN TESTS")
        assert f"item='Q{position.number}'" in test.source and "kind='quiz'" in test.source
        assert f"'phase': '{phase}'" in test.source
        # no stem of either form is in the notebook (its text, not JSON, which escapes quotes)
        for item in position.items.values():
            assert item["stem"]["en"] not in "\n".join(cell.source for cell in notebook.cells)
    assert f"answer_Q{len(positions)}=answer_Q{len(positions)})" in cells["format_check"].source


def _key_strings(item):
    key = item["key"]
    if isinstance(key, list):
        return [json.dumps(key), repr(key)]
    return [f'"key": {json.dumps(key)}']


def test_released_cases_hold_no_keys_feedback_or_sources(course, tmp_path):
    written = write_assignment_variants(
        course, course.assignment("pretest"), ROSTER, SECRET, tmp_path
    )
    assert sorted(p.name for p in written) == ["cases.json", "simsuite_casefile.py"]
    text = written[0].read_text(encoding="utf-8")
    for item in course.item_bank.items:
        assert item["feedback"]["en"] not in text
        assert item["source"] not in text
        for needle in _key_strings(item):
            assert needle not in text, (item["id"], needle)
    assert '"key"' not in text and "feedback" not in text and "irt" not in text
    cases = json.loads(text)["cases"]
    shown_forms = {
        t: "A" if course.item_bank.get("A1")["stem"]["en"] in case["markdown"] else "B"
        for t, case in cases.items()
    }
    assert shown_forms == {t: form(t, "pre") for t in ROSTER}
    assert set(shown_forms.values()) == set(FORMS)  # counterbalanced across the roster


def test_posttest_gives_each_trainee_the_other_form():
    assert all(form(t, "pre") != form(t, "post") for t in ROSTER)


def test_the_trainee_side_helper_shows_their_own_form(course, tmp_path, monkeypatch, capsys):
    write_assignment_variants(course, course.assignment("pretest"), ROSTER, SECRET, tmp_path)
    folder = tmp_path / "pretest"
    helper = runpy.run_path(str(folder / "simsuite_casefile.py"))
    monkeypatch.chdir(folder)
    trainee = ROSTER[0]
    own = form(trainee, "pre")
    other = "B" if own == "A" else "A"
    monkeypatch.setenv("SIMSUITE_TRAINEE", trainee)
    helper["show_my_case"]()
    shown = capsys.readouterr().out
    assert course.item_bank.get(f"{own}13")["stem"]["en"] in shown
    assert course.item_bank.get(f"{other}13")["stem"]["en"] not in shown
    helper["check_my_answer"](answer_Q1="z", answer_Q2=None)
    checked = capsys.readouterr().out
    assert "answer_Q1" in checked and "not one of the options" in checked
    assert "answer_Q2: not answered yet" in checked
    monkeypatch.setenv("SIMSUITE_TRAINEE", "stranger")
    helper["show_my_case"]()
    assert "no case for you (stranger)" in capsys.readouterr().out


def test_graded_points_score_against_the_graded_trainees_form(course, tmp_path, monkeypatch):
    monkeypatch.delenv("SIMSUITE_COURSE_SECRET", raising=False)
    monkeypatch.delenv("SIMSUITE_COURSE_SECRET_FILE", raising=False)
    (tmp_path / "course_secret").write_text(SECRET.decode() + "\n")
    position = form_positions(course.item_bank)[0]
    assignment = course.assignment("pretest")

    def points(answer):
        return graded_points(
            assignment="pretest",
            kind="quiz",
            params=dict(assignment.params),
            constraints={},
            lang="en",
            item="Q1",
            max_points=1,
            answers={"answer_Q1": answer},
        )

    for trainee in ROSTER[:6]:
        folder = tmp_path / "autograded" / trainee / "pretest"
        folder.mkdir(parents=True)
        monkeypatch.chdir(folder)
        own_key = position.item(form(trainee, "pre"))["key"]
        assert points(own_key) == 1
        other = position.item("B" if form(trainee, "pre") == "A" else "A")["key"]
        if other != own_key:
            assert points(other) == 0
        assert points(3) == 0  # malformed: no marks, and the cell does not fail


def test_outside_autograde_the_public_preview_is_scored(course, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    position = form_positions(course.item_bank)[0]
    key = position.item(form(PREVIEW_TRAINEE, "pre", PREVIEW_SECRET))["key"]
    assert (
        graded_points(
            assignment="pretest",
            kind="quiz",
            params={"phase": "pre"},
            constraints={},
            lang="en",
            item="Q1",
            max_points=1,
            answers={"answer_Q1": key},
        )
        == 1
    )


def test_committed_sources_carry_only_the_preview(repo):
    for name in ("pretest", "posttest", "identification_case"):
        cases = json.loads((repo / "exercises" / name / "variants" / "cases.json").read_text())
        assert set(cases["cases"]) == {PREVIEW_TRAINEE}
        assert Path(repo / "exercises" / name / "simsuite_casefile.py").is_file()


def test_source_solution_is_the_preview_form(course):
    notebook = build_assignment(course, course.assignment("posttest"))
    first = form_positions(course.item_bank)[0].item(form(PREVIEW_TRAINEE, "post", PREVIEW_SECRET))
    assert f"answer_Q1 = {first['key']!r}" in _cells(notebook)["answer_Q1"].source
