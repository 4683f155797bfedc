"""The protection and coordination assignments through nbgrader's real CLI, with per-trainee
variants: generate -> release -> answer -> parallel autograde -> feedback (the exchange's
fetch, submit and collect are nbgrader's own, run by test_variants_cycle.py). Three trainees:
one answers their own case perfectly, one in part, one not at all. Each graded score must be
the one the type's evaluate gives (the rule the apps use)."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbgrader_sandbox import hand_in, hand_out, trainee_scenario

from simsuite.activities.registry import get_type
from simsuite.analytics.simulate import fill_answers
from simsuite.course.build import answer_cell_id, answer_groups

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

COURSE_ID = "simsuite-tip-basic"
ROSTER = ["ana", "ben", "cem"]
ASSIGNMENTS = {  # name: (kind, points)
    "protection_plan": ("reprisal_risk", 10),
    "coordination_assessment": ("needs_assessment", 10),
    "institutions_matching": ("institutions", 5),
}


def literal(value) -> str:
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(map(repr, sorted(value))) + "}" if value else "set()"
    return repr(value)


def answer_sources(kind: str, public, answer: dict) -> dict[str, str]:
    """The answer cells' sources (by grade id) that write ``answer``."""
    exercise_type = get_type(kind)
    groups = answer_groups(exercise_type, public)
    return {
        answer_cell_id(group, len(groups) == 1): "\n".join(
            f"{name} = {literal(answer.get(name))}" for name in group
        )
        for group in groups
    }


def partial_answer(kind: str, key) -> dict:
    """Right in part: half of the first set or order spoiled, depending on the type."""
    exercise_type = get_type(kind)
    answer = dict(exercise_type.solution(key))
    if kind == "reprisal_risk":
        answer["threats"] = set(sorted(answer["threats"])[1:])
        answer["emergency"] = set()
    elif kind == "needs_assessment":
        answer["ranking"] = list(reversed(answer["ranking"]))
    else:
        answer["who_1"] = "border_service" if answer["who_1"] != "border_service" else "ngos"
    return answer


def trainee_env(course, trainee, home):
    return {**course.env, "SIMSUITE_TRAINEE": trainee, "HOME": str(home)}


@pytest.fixture(scope="module")
def graded(course_factory, tmp_path_factory):
    course = course_factory(ROSTER)
    homes = {t: tmp_path_factory.mktemp(f"home-{t}") for t in ROSTER}
    expected: dict[str, dict[str, float]] = {}
    for name, (kind, points) in ASSIGNMENTS.items():
        course.nbgrader("generate_assignment", name, "--force")
        course.nbgrader("release_assignment", name, "--force")
        expected[name] = {}
        for trainee in ROSTER:
            folder = hand_out(course, name, homes[trainee])
            scenario = trainee_scenario(course.secret, name, trainee)
            exercise_type = get_type(kind)
            if trainee == "ana":
                answer = exercise_type.solution(scenario.key)
            elif trainee == "ben":
                answer = partial_answer(kind, scenario.key)
            else:
                answer = {}
            notebook = folder / f"{name}.ipynb"
            if answer:
                fill_answers(notebook, notebook,
                             answer_sources(kind, scenario.public, answer))
                expected[name][trainee] = exercise_type.evaluate(
                    scenario.key, answer, scenario.lang).points(points)
            else:
                expected[name][trainee] = 0.0
            hand_in(course, name, trainee, folder)
        course.simsuite("course", "autograde", name, "--grading-dir", ".", "--workers", "2")
    log = json.loads((course.root / "autograde_log.json").read_text())
    return course, homes, expected, log


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_each_trainee_is_graded_against_their_own_variant(graded, name):
    course, homes, expected, log = graded
    assert set(log[name]) == set(ROSTER)
    points = ASSIGNMENTS[name][1]
    assert log[name]["ana"]["score"] == pytest.approx(points)
    assert 0 < log[name]["ben"]["score"] < points
    assert log[name]["cem"]["score"] == 0
    for trainee in ROSTER:
        assert log[name][trainee]["score"] == pytest.approx(expected[name][trainee], abs=1e-3)
    # variants differ: two trainees do not get the same case
    kind = ASSIGNMENTS[name][0]
    cases = {get_type(kind).public_markdown(trainee_scenario(course.secret, name, t).public,
                                            "en") for t in ROSTER}
    assert len(cases) == len(ROSTER)


def test_released_material_holds_no_key(graded):
    course, homes, expected, log = graded
    secret = course.secret.decode()
    for name, (kind, _points) in ASSIGNMENTS.items():
        key = trainee_scenario(course.secret, name, "ana").key
        solution = get_type(kind).solution(key)
        # what nbgrader releases (Ana's own copy also holds the answers she wrote)
        outbound = course.exchange / COURSE_ID / "outbound" / name
        assert outbound.is_dir(), outbound
        for place in (course.root / "release" / name, outbound, homes["ana"] / name):
            for path in place.rglob("*"):
                if not path.is_file() or path.suffix not in {".ipynb", ".json", ".py"}:
                    continue
                text = path.read_text(encoding="utf-8", errors="replace")
                assert secret not in text
                for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "graded_points"):
                    assert marker not in text, (path, marker)
                if place == homes["ana"] / name:
                    continue
                for field, value in solution.items():
                    if value not in (None, set(), []):
                        assert f"{field} = {literal(value)}" not in text, (path, field)


def test_a_trainee_sees_their_own_witness(graded):
    course, homes, expected, log = graded
    folder = homes["ben"] / "protection_plan"
    executed = folder / "executed.ipynb"
    course.run(
        "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.allow_errors=True", "--output", str(executed),
        str(folder / "protection_plan.ipynb"),
        cwd=folder, env=trainee_env(course, "ben", homes["ben"]),
    )
    shown = "\n".join(
        "".join(out.get("data", {}).get("text/markdown", ""))
        for cell in nbformat.read(str(executed), as_version=4).cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    mine = trainee_scenario(course.secret, "protection_plan", "ben").public
    other = trainee_scenario(course.secret, "protection_plan", "ana").public
    assert mine.briefing in shown and other.briefing not in shown


def test_feedback_explains_with_the_register_and_leaks_nothing(graded):
    course, homes, expected, log = graded
    for name in ASSIGNMENTS:
        course.simsuite("course", "feedback", name, "--grading-dir", ".")
    pages = {
        (p.parts[-3], p.parts[-2]): p.read_text()
        for p in (course.root / "feedback").rglob("*.html")
    }
    assert {trainee for trainee, _name in pages} == set(ROSTER)
    secret = course.secret.decode()
    for page in pages.values():
        for marker in ("BEGIN HIDDEN", "graded_points", "BEGIN SOLUTION", secret):
            assert marker not in page
    ben_plan = pages[("ben", "protection_plan")]
    assert "simsuite-register" in ben_plan and "Missed" in ben_plan
    assert "Ranking of the recommendations" in pages[("ben", "coordination_assessment")]
