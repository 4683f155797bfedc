"""The first-response assignments through nbgrader, with per-trainee variants.

For each of first_contact_case, victim_file_case and referral_case: generate -> release ->
the trainee's copy (each trainee sees their own case) -> answers written in it -> handed in ->
parallel autograde -> feedback, through nbgrader's real CLI and simsuite's course commands
(the exchange's fetch, submit and collect are nbgrader's own, run by test_variants_cycle.py).
Three trainees: one with the right answer for their own case, one partly right, one who
hands the notebook in untouched. The scores must be what the type's ``evaluate`` gives on
each trainee's own case.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbgrader_sandbox import hand_in, hand_out, trainee_scenario

from simsuite.activities.registry import get_type
from simsuite.analytics.simulate import fill_answers

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ROSTER = ["alice", "bob", "carol"]
ASSIGNMENTS = {"first_contact_case": 10, "victim_file_case": 5, "referral_case": 5}


def trainee_env(course, trainee, home):
    return {**course.env, "SIMSUITE_TRAINEE": trainee, "HOME": str(home)}


def literal_answers(answer: dict) -> str:
    return "\n".join(f"{name} = {value!r}" for name, value in answer.items())


def partly_right(kind: str, scenario) -> dict:
    """A plausible imperfect answer for the trainee's own case."""
    exercise_type = get_type(kind)
    key = scenario.key
    if kind == "first_contact":
        # a wrong first step that ends in a repair moment, repaired, then the best path on
        wrong = next(c for c in key.choice_keys if c.node == key.entry and c.leads_to[-1:] == "Q")
        repair = next(
            c for c in key.choice_keys if c.node == wrong.leads_to and c.ending is None
        )
        return {"path": [wrong.id, repair.id, *key.best_path[1:]]}
    if kind == "victim_file":
        return {v.item: "complete" for v in key.verdicts}
    answer = exercise_type.solution(key)
    first = next(d for d in key.decisions if d.to_do)
    answer[first.recipient] = "not_required"
    return answer


@pytest.fixture(scope="module")
def graded(course_factory):
    course = course_factory(ROSTER)
    tmp = course.root.parent
    homes = {t: tmp / "home" / t for t in ROSTER}
    for home in homes.values():
        home.mkdir(parents=True)
    expected: dict[str, dict[str, float]] = {}
    shown: dict[str, dict[str, str]] = {}
    for assignment, points in ASSIGNMENTS.items():
        course.nbgrader("generate_assignment", assignment, "--force")
        course.nbgrader("release_assignment", assignment, "--force")
        expected[assignment], shown[assignment] = {}, {}
        for trainee in ROSTER:
            env = trainee_env(course, trainee, homes[trainee])
            folder = hand_out(course, assignment, homes[trainee])
            notebook = folder / f"{assignment}.ipynb"
            scenario = trainee_scenario(course.secret, assignment, trainee)
            kind = scenario.type_name
            exercise_type = get_type(kind)
            if trainee == "alice":
                answer = exercise_type.solution(scenario.key)
            elif trainee == "bob":
                answer = partly_right(kind, scenario)
            else:
                answer = None
            if answer is not None:
                fill_answers(notebook, notebook, {"answer": literal_answers(answer)})
                result = exercise_type.evaluate(scenario.key, answer, "en")
                expected[assignment][trainee] = result.points(points)
            else:
                expected[assignment][trainee] = 0.0
            if trainee != "carol":  # the trainee runs their notebook: their case and the check
                executed = folder / "executed.ipynb"
                course.run(
                    "jupyter",
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--ExecutePreprocessor.allow_errors=True",
                    "--output",
                    str(executed),
                    str(notebook),
                    cwd=folder,
                    env=env,
                )
                run = nbformat.read(str(executed), as_version=4)
                shown[assignment][trainee] = "\n".join(
                    "".join(out.get("data", {}).get("text/markdown", "")) + out.get("text", "")
                    for cell in run.cells
                    if cell.cell_type == "code"
                    for out in cell.outputs
                )
                executed.unlink()
            hand_in(course, assignment, trainee, folder)
        course.simsuite("course", "autograde", assignment, "--grading-dir", ".", "--workers", "2")
        course.simsuite("course", "feedback", assignment, "--grading-dir", ".")
    log = json.loads((course.root / "autograde_log.json").read_text())
    return course, expected, shown, log


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_each_trainee_sees_their_own_case_and_a_format_check(graded, assignment):
    course, _expected, shown, _log = graded
    for trainee in ("alice", "bob"):
        scenario = trainee_scenario(course.secret, assignment, trainee)
        text = shown[assignment][trainee]
        assert scenario.public.narrative.split(".")[0] in text
        assert "Instructor preview" not in text
        assert "Every answer is in the right form." in text
    alice = trainee_scenario(course.secret, assignment, "alice").public.narrative
    assert alice.split("\n")[0] not in shown[assignment]["bob"]


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_autograde_scores_each_trainee_by_the_types_own_rule(graded, assignment):
    _course, expected, _shown, log = graded
    entries = log[assignment]
    assert set(entries) == set(ROSTER)
    points = ASSIGNMENTS[assignment]
    assert entries["alice"]["score"] == pytest.approx(points)
    assert entries["bob"]["score"] == pytest.approx(expected[assignment]["bob"], abs=1e-3)
    assert 0 < entries["bob"]["score"] < points
    assert entries["carol"]["score"] == 0


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_feedback_explains_with_sources_and_leaks_nothing(graded, assignment):
    course, _expected, _shown, _log = graded
    pages = {
        p.parts[-3]: p.read_text()
        for p in (course.root / "feedback").rglob(f"{assignment}.html")
    }
    assert set(pages) == set(ROSTER)
    secret = course.secret.decode()
    for trainee, page in pages.items():
        for marker in ("BEGIN HIDDEN", "graded_points", "BEGIN SOLUTION", secret, "seeds/"):
            assert marker not in page, (trainee, marker)
    assert "Kyrgyz police manual" in pages["bob"]
    assert "Score:" in pages["bob"]
