"""The counterbalanced test notebooks: cells by position, both forms in the hidden tests, and
released form files without keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simsuite.activities.quiz.bank import scoring_spec
from simsuite.course.build import load_course
from simsuite.course.prepost import (
    build_test,
    form_positions,
    position_points,
    show_my_test,
    write_test_variants,
)
from simsuite.course.variants import PREVIEW_SECRET, PREVIEW_TRAINEE, form_for
from simsuite.errors import ContentError, UserInputError

SECRET = b"test-secret-not-for-production"
ROSTER = [f"t{i:02d}" for i in range(12)]


@pytest.fixture(scope="module")
def course(repo):
    return load_course(repo / "grading" / "course.yaml")


def _cells(notebook):
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells}


@pytest.mark.parametrize(("name", "phase"), [("pretest", "pre"), ("posttest", "post")])
def test_cells_by_position_with_both_forms_in_the_hidden_test(course, name, phase):
    notebook = build_test(course, course.assignment(name))
    cells = _cells(notebook)
    positions = form_positions(course.item_bank)
    assert "show_my_test()" in cells["show_test"].source
    assert cells["show_test"].metadata["nbgrader"]["locked"]
    for position in positions:
        answer = cells[f"answer_Q{position.number}"]
        assert answer.metadata["nbgrader"]["solution"]
        assert answer.source.startswith(f"answer_Q{position.number} = None")
        test = cells[f"score_Q{position.number}"]
        meta = test.metadata["nbgrader"]
        assert meta["grade"] and meta["locked"] and meta["points"] == 1
        assert test.source.startswith("### BEGIN HIDDEN TESTS")
        assert test.source.rstrip().endswith("### END HIDDEN TESTS")
        specs = json.loads(re.search(r"position_points\((\{.*\}), answer_Q", test.source)[1])
        assert specs == {f: scoring_spec(position.item(f)) for f in ("A", "B")}
        assert f"phase={phase!r}" in test.source
        # no stem or option text of either form is in the notebook
        for item in position.items.values():
            assert item["stem"]["en"] not in json.dumps(notebook)
    check = cells["format_check"].source
    assert f"answer_Q{len(positions)}]" in check and "check_answers" in check


def test_a_test_needs_a_phase(course):
    assignment = dict(course.assignment("pretest"))
    del assignment["phase"]
    with pytest.raises(ContentError, match="phase"):
        build_test(course, assignment)


def _key_strings(item):
    key = item["key"]
    if isinstance(key, list):
        return [json.dumps(key), repr(key)]
    return [f'"key": {json.dumps(key)}']


def test_released_form_files_hold_no_keys_feedback_or_sources(course, tmp_path):
    written = write_test_variants(course, "pretest", ROSTER, SECRET, tmp_path)
    folder = tmp_path / "pretest" / "variants"
    assert sorted(p.name for p in written) == ["form_A.json", "form_B.json", "forms.json"]
    text = "".join(p.read_text(encoding="utf-8") for p in written)
    for item in course.item_bank.items:
        assert item["feedback"]["en"] not in text
        assert item["source"] not in text
        for needle in _key_strings(item):
            assert needle not in text, (item["id"], needle)
    assert '"key"' not in text and "feedback" not in text and "irt" not in text
    forms = json.loads((folder / "forms.json").read_text())["forms"]
    assert forms == {t: form_for(SECRET, t, "pre") for t in ROSTER}
    assert set(forms.values()) == {"A", "B"}  # counterbalanced across the roster
    form_b = json.loads((folder / "form_B.json").read_text())
    assert form_b["questions"][0]["stem"] == course.item_bank.get("B1")["stem"]["en"]
    assert any("vignette" in q for q in form_b["questions"])


def test_posttest_gives_each_trainee_the_other_form(course, tmp_path):
    write_test_variants(course, "pretest", ROSTER, SECRET, tmp_path)
    write_test_variants(course, "posttest", ROSTER, SECRET, tmp_path)
    pre = json.loads((tmp_path / "pretest" / "variants" / "forms.json").read_text())["forms"]
    post = json.loads((tmp_path / "posttest" / "variants" / "forms.json").read_text())["forms"]
    assert all(pre[t] != post[t] for t in ROSTER)


def test_show_my_test_shows_the_trainee_their_form(course, tmp_path, capsys):
    write_test_variants(course, "pretest", ROSTER, SECRET, tmp_path)
    folder = tmp_path / "pretest" / "variants"
    trainee = ROSTER[0]
    form = form_for(SECRET, trainee, "pre")
    other = "B" if form == "A" else "A"
    text = show_my_test(folder, trainee=trainee)
    assert course.item_bank.get(f"{form}13")["stem"]["en"] in text
    assert course.item_bank.get(f"{other}13")["stem"]["en"] not in text
    assert "answer_Q14" in text
    missing = show_my_test(folder, trainee="stranger")
    assert "not on this test's roster" in missing
    assert "missing" in show_my_test(tmp_path / "nowhere", trainee=trainee)


def test_position_points_scores_against_the_graded_trainees_form(course, tmp_path, monkeypatch):
    monkeypatch.delenv("SIMSUITE_COURSE_SECRET", raising=False)
    monkeypatch.delenv("SIMSUITE_COURSE_SECRET_FILE", raising=False)
    (tmp_path / "course_secret").write_text(SECRET.decode() + "\n")
    position = form_positions(course.item_bank)[0]
    specs = {f: scoring_spec(position.item(f)) for f in ("A", "B")}
    for trainee in ROSTER[:6]:
        folder = tmp_path / "autograded" / trainee / "pretest"
        folder.mkdir(parents=True)
        monkeypatch.chdir(folder)
        form = form_for(SECRET, trainee, "pre")
        own_key = position.item(form)["key"]
        assert position_points(specs, own_key, phase="pre", max_points=1) == 1
        other = position.item("B" if form == "A" else "A")["key"]
        if other != own_key:
            assert position_points(specs, other, phase="pre", max_points=1) == 0
        with pytest.raises(UserInputError):
            position_points(specs, 3, phase="pre", max_points=1)


def test_position_points_outside_autograde_uses_the_public_preview(course, tmp_path, monkeypatch):
    from simsuite.course.variants import PREVIEW_SECRET, PREVIEW_TRAINEE

    monkeypatch.chdir(tmp_path)
    position = form_positions(course.item_bank)[0]
    specs = {f: scoring_spec(position.item(f)) for f in ("A", "B")}
    form = form_for(PREVIEW_SECRET, PREVIEW_TRAINEE, "pre")
    key = position.item(form)["key"]
    assert position_points(specs, key, phase="pre", max_points=1) == 1


def test_committed_test_sources_are_up_to_date(course, repo):
    import nbformat

    for name in ("pretest", "posttest"):
        built = nbformat.writes(build_test(course, course.assignment(name))) + "\n"
        committed = Path(repo / "exercises" / name / f"{name}.ipynb").read_text()
        assert committed == built, f"exercises/{name} is stale: run `simsuite course build`"
        # committed sources carry only the public preview, never a real roster
        forms = json.loads((repo / "exercises" / name / "variants" / "forms.json").read_text())
        assert set(forms["forms"]) == {PREVIEW_TRAINEE}


def test_source_solution_is_the_preview_form_and_shown_as_preview(course, tmp_path):
    write_test_variants(course, "posttest", [PREVIEW_TRAINEE], PREVIEW_SECRET, tmp_path)
    form = form_for(PREVIEW_SECRET, PREVIEW_TRAINEE, "post")
    notebook = build_test(course, course.assignment("posttest"))
    first = form_positions(course.item_bank)[0].item(form)
    assert f"answer_Q1 = {first['key']!r}" in _cells(notebook)["answer_Q1"].source
    text = show_my_test(tmp_path / "posttest" / "variants", trainee="instructor")
    assert "Instructor preview" in text and first["stem"]["en"] in text
