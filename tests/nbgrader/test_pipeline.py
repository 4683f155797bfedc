"""The whole instructor cycle through nbgrader's real CLI: generate, submit, autograde, report.

Four trainees take the pre-test, the identification case and the post-test: a perfect one, a
blank one, a partial one and one whose notebook file is malformed.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from simsuite.assessment.bank import load_item_bank
from simsuite.assessment.build import load_course
from simsuite.assessment.prepost import form_positions
from simsuite.assessment.simulate import fill_answers
from simsuite.assessment.variants import form_for, load_secret
from simsuite.identification import IdentificationExercise

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow, pytest.mark.xdist_group("nbgrader")]

BIN = Path(sys.executable).parent


def run(args, cwd, env, check=True):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def course(repo, tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    env = {
        **os.environ,
        "SIMSUITE_COURSE_ROOT": str(root),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    grading = repo / "grading"
    secret = load_secret(root, create=True)  # the hidden tests grade each trainee's own form
    for name in ("pretest", "identification_case", "posttest"):
        run([str(BIN / "nbgrader"), "generate_assignment", name, "--force"], grading, env)
    return {"root": root, "env": env, "grading": grading, "repo": repo, "secret": secret}


def released(course, name):
    return course["root"] / "release" / name / f"{name}.ipynb"


def submit(course, name, trainee, sources=None, raw=None):
    target = course["root"] / "submitted" / trainee / name / f"{name}.ipynb"
    if raw is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(raw, encoding="utf-8")
    else:
        fill_answers(released(course, name), target, sources or {})


def autograde(course, name):
    result = run(
        [str(BIN / "simsuite"), "course", "autograde", name, "--grading-dir", "."],
        course["grading"],
        course["env"],
    )
    log = json.loads((course["root"] / "autograde_log.json").read_text())
    return log[name], result


def test_released_files_do_not_reveal_the_answers(course, repo):
    bank = load_item_bank(repo / "grading" / "item_bank.yaml")
    config = load_course(repo / "grading" / "course.yaml")
    ident = config.assignment("identification_case")
    for name in ("pretest", "identification_case", "posttest"):
        folder = course["root"] / "release" / name
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            for marker in (
                "BEGIN SOLUTION",
                "BEGIN HIDDEN TESTS",
                "points_for",
                "identification_points",
                str(ident["seed"]),
            ):
                assert marker not in text, (path, marker)
            if path.suffix != ".ipynb":  # released variant files (forms, cases): text only
                continue
            notebook = nbformat.reads(text, as_version=4)
            for cell in notebook.cells:
                assert set(cell.metadata.get("nbgrader", {})) <= {
                    "grade",
                    "grade_id",
                    "locked",
                    "schema_version",
                    "solution",
                    "task",
                    "points",
                    "checksum",
                    "cell_type",
                }
                if cell.cell_type == "code":
                    for p in form_positions(bank):
                        for item in p.items.values():
                            assert f"answer_Q{p.number} = {item['key']!r}" not in cell.source
    exercise = IdentificationExercise.generate(int(ident["seed"]), **ident["params"])
    ident_text = released(course, "identification_case").read_text(encoding="utf-8")
    solution = f"presumed_victim = {exercise.key.presumed_victim!r}"
    assert solution not in ident_text
    # the trainee does see the case itself
    first_sentence = exercise.public.narrative.split(".")[0]
    assert json.dumps(first_sentence)[1:-1] in ident_text


def _test_answers(course, trainee, phase):
    """The keys of the form this trainee takes in this phase, by position."""
    bank = load_item_bank(course["repo"] / "grading" / "item_bank.yaml")
    form = form_for(course["secret"], trainee, phase)
    return {
        f"answer_Q{p.number}": f"answer_Q{p.number} = {p.item(form)['key']!r}"
        for p in form_positions(bank)
    }


N_ITEMS = len(form_positions(load_item_bank(Path(__file__).parents[2] / "grading/item_bank.yaml")))


def test_pretest_scores(course, repo):
    perfect = _test_answers(course, "perfect", "pre")
    partial = dict(list(_test_answers(course, "partial", "pre").items())[:2])  # two right
    submit(course, "pretest", "perfect", perfect)
    submit(course, "pretest", "blank", {})
    submit(course, "pretest", "partial", partial)
    submit(course, "pretest", "malformed", raw="{ this is not a notebook")
    log, result = autograde(course, "pretest")
    assert log["perfect"]["score"] == log["perfect"]["max_score"] == N_ITEMS
    assert log["blank"]["score"] == 0
    assert log["partial"]["score"] == 2
    assert log["malformed"]["status"] == "failed"
    assert "JSON" in log["malformed"]["reason"]
    assert "[4/4]" in result.stderr  # the batch went on past the malformed notebook


def test_identification_case_is_graded_by_the_widget_rule(course, repo):
    ident = load_course(repo / "grading" / "course.yaml").assignment("identification_case")
    exercise = IdentificationExercise.generate(int(ident["seed"]), **ident["params"])
    key = exercise.key
    assert key.present, "the course case must show indicators to be a fair exercise"
    right = sorted(key.present)
    perfect = f"indicators_seen = {set(right)!r}\npresumed_victim = {key.presumed_victim!r}"
    partial = f"indicators_seen = {{{right[0]!r}}}\npresumed_victim = {key.presumed_victim!r}"
    submit(course, "identification_case", "perfect", {"answer": perfect})
    submit(course, "identification_case", "blank", {})
    submit(course, "identification_case", "partial", {"answer": partial})
    submit(course, "identification_case", "malformed", {"answer": "indicators_seen = 42\n"})
    log, _ = autograde(course, "identification_case")
    assert log["perfect"]["score"] == 5
    assert log["blank"]["score"] == 0
    expected_partial = exercise.check({right[0]}, key.presumed_victim).points(5)
    assert 0 < log["partial"]["score"] == pytest.approx(expected_partial, abs=1e-3) < 5
    # a malformed answer is graded zero, not a crash: the batch is recorded in full
    assert log["malformed"]["status"] == "graded" and log["malformed"]["score"] == 0


def test_posttest_and_learning_report(course, repo, tmp_path):
    submit(course, "posttest", "perfect", _test_answers(course, "perfect", "post"))
    blank = dict(list(_test_answers(course, "blank", "post").items())[:3])
    submit(course, "posttest", "blank", blank)
    partial = dict(list(_test_answers(course, "partial", "post").items())[:5])
    submit(course, "posttest", "partial", partial)
    autograde(course, "posttest")
    out = tmp_path / "report"
    db = f"sqlite:///{course['root'] / 'gradebook.db'}"
    run(
        [str(BIN / "simsuite"), "course", "report", "--gradebook", db, "--out", str(out)],
        course["grading"],
        course["env"],
    )
    rows = {r["trainee"]: r for r in csv.DictReader((out / "prepost.csv").open())}
    # the malformed pre-test never reached the gradebook, so that trainee has no pair
    assert set(rows) == {"blank", "partial", "perfect"}
    assert float(rows["blank"]["normalized_gain"]) == pytest.approx(3 / N_ITEMS, abs=1e-4)
    gain = float(rows["partial"]["normalized_gain"])
    assert gain == pytest.approx((5 - 2) / (N_ITEMS - 2), abs=1e-4)
    assert rows["perfect"]["normalized_gain"] == "–"  # full marks before: gain undefined
    page = (out / "report.html").read_text()
    assert "data:image/png;base64," in page and "Paired t-test" in page
    assert (out / "prepost.png").stat().st_size > 5000
