"""The graded tabletop through nbgrader's real CLI: per-trainee briefs, release, the answers
handed in, parallel autograde against each trainee's own key, and the feedback with the verdict
(the exchange's fetch, submit and collect are nbgrader's own, run by test_variants_cycle.py)."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbgrader_sandbox import hand_in, hand_out, trainee_scenario

from simsuite.analytics.simulate import fill_answers

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ASSIGNMENT = "mass_event_tabletop"
ROSTER = ["amina", "botir", "chinara"]
POINTS = 10


def trainee_env(course, trainee, home):
    return {**course.env, "SIMSUITE_TRAINEE": trainee, "HOME": str(home)}


def answer_source(answer: dict) -> str:
    """An answer cell as a trainee writes it: one assignment per answer field."""
    return "\n".join(f"{name} = {value!r}" for name, value in answer.items())


@pytest.fixture(scope="module")
def graded(course_factory):
    from simsuite.activities.tabletop.activity import TYPE

    course = course_factory(ROSTER)
    tmp = course.root.parent
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    course.nbgrader("release_assignment", ASSIGNMENT, "--force")
    scenarios = {t: trainee_scenario(course.secret, ASSIGNMENT, t) for t in ROSTER}
    perfect = TYPE.solution(scenarios["amina"].key)
    # botir plans the measures well but names the wrong lead and skips the injects
    partial = {
        **TYPE.solution(scenarios["botir"].key),
        "plan_lead": "local_government",
        **{f: set() for f in TYPE.solution(scenarios["botir"].key) if f.startswith("response_")},
    }
    work = {"amina": answer_source(perfect), "botir": answer_source(partial), "chinara": None}
    homes = {}
    for trainee in ROSTER:
        home = tmp / "home" / trainee
        home.mkdir(parents=True)
        homes[trainee] = home
        folder = hand_out(course, ASSIGNMENT, home)
        notebook = folder / f"{ASSIGNMENT}.ipynb"
        if work[trainee] is not None:
            fill_answers(notebook, notebook, {"answer": work[trainee]})
        hand_in(course, ASSIGNMENT, trainee, folder)
    course.simsuite("course", "autograde", ASSIGNMENT, "--grading-dir", ".", "--workers", "2")
    log = json.loads((course.root / "autograde_log.json").read_text())[ASSIGNMENT]
    return course, scenarios, partial, log, homes


def test_each_trainee_reads_their_own_brief(graded):
    course, scenarios, _partial, _log, homes = graded
    folder = homes["amina"] / ASSIGNMENT
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
        str(folder / f"{ASSIGNMENT}.ipynb"),
        cwd=folder,
        env=trainee_env(course, "amina", homes["amina"]),
    )
    notebook = nbformat.read(str(executed), as_version=4)
    shown = "\n".join(
        "".join(out.get("data", {}).get("text/markdown", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    brief = scenarios["amina"].public
    assert brief.title in shown and f"{brief.attendance:,}" in shown
    assert "internal_affairs" in shown  # the options, never the key
    released = (course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    for marker in ("BEGIN HIDDEN TESTS", "graded_points", "solution_answer", "correct_tasks"):
        assert marker not in released


def test_autograde_scores_each_trainee_against_their_own_brief(graded):
    from simsuite.activities.tabletop.activity import TYPE

    _course, scenarios, partial, log, _homes = graded
    assert set(log) == set(ROSTER)
    assert log["amina"]["score"] == POINTS
    expected = TYPE.evaluate(scenarios["botir"].key, partial, "en").points(POINTS)
    assert log["botir"]["score"] == pytest.approx(expected, abs=1e-3)
    assert 0 < log["botir"]["score"] < POINTS
    assert log["chinara"]["score"] == 0


def test_feedback_gives_the_verdict_and_the_review(graded):
    course, _scenarios, _partial, _log, _homes = graded
    course.simsuite("course", "feedback", ASSIGNMENT, "--grading-dir", ".")
    pages = {p.parts[-3]: p.read_text() for p in (course.root / "feedback").rglob("*.html")}
    assert set(pages) == set(ROSTER)
    secret = course.secret.decode()
    for trainee, page in pages.items():
        for marker in ("BEGIN HIDDEN", "graded_points", secret):
            assert marker not in page, (trainee, marker)
    assert "After-action review" in pages["amina"] and "Every target met" in pages["amina"]
    botir = pages["botir"]
    assert "who leads and coordinates" in botir and "Not right" in botir
    assert "Not answered" in botir  # the incidents he left
