"""Every case assignment goes through nbgrader's cycle the same way, whatever its exercise type:
the qualification case and the elements case, per trainee, through the real CLI, then feedback
and the report's common mistakes."""

from __future__ import annotations

import json

import pytest
from nbgrader_sandbox import trainee_scenario

from simsuite.analytics.casework import case_results
from simsuite.analytics.simulate import fill_answers
from simsuite.course.build import _literal
from simsuite.course.course import load_course

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ROSTER = ["perfect", "partial", "blank"]
ASSIGNMENTS = ("qualification_case", "elements_case")


def _cell(values: dict) -> str:
    return "\n".join(f"{name} = {_literal(value)}" for name, value in values.items())


def _wrong_value(field, right):
    """A value the trainee could give for ``field`` that is not the right one (None if the
    field has no such value)."""
    if field.kind == "bool":
        return not right
    if field.kind == "choice":
        return next((option for option, _label in field.options if option != right), None)
    if field.kind == "choices":
        others = [option for option, _label in field.options if option not in (right or ())]
        return {others[0]} if others else None
    return None


def partial_answer(exercise_type, scenario) -> dict:
    """An answer that is genuinely partial on this trainee's own case: some parts right, at
    least one wrong or missed, so it scores above 0 and below full marks.

    One right part with the rest blank is not always that: a case with no act to find leaves
    "the acts" blank in the perfect answer too, and a case that is not trafficking is answered
    in full by "is it trafficking? no". Then one other part is answered wrongly as well.
    """
    solution = exercise_type.solution(scenario.key)
    blank = exercise_type.blank_answer(scenario.public)
    one_right = [{**blank, name: value} for name, value in solution.items() if value != blank[name]]
    one_wrong = []
    for field in exercise_type.answer_fields(scenario.public):
        wrong = _wrong_value(field, solution[field.name])
        if wrong is not None:
            one_wrong += [{**answer, field.name: wrong} for answer in one_right]
    for answer in one_right + one_wrong:
        evaluation = exercise_type.evaluate(scenario.key, answer, scenario.lang)
        if 0 < evaluation.score < 1 and evaluation.errors:
            return answer
    raise AssertionError(f"no partial answer for {scenario.public}")


@pytest.fixture(scope="module")
def graded(course_factory):
    course = course_factory(ROSTER)
    logs = {}
    for name in ASSIGNMENTS:
        course.nbgrader("generate_assignment", name, "--force")
        for trainee in ROSTER:
            scenario = trainee_scenario(course.secret, name, trainee)
            exercise_type = load_course(course.grading / "course.yaml").assignment(name).type
            answer = exercise_type.solution(scenario.key)
            if trainee == "partial":
                answer = partial_answer(exercise_type, scenario)
            sources = {} if trainee == "blank" else {"answer": _cell(answer)}
            fill_answers(course.released(name), course.submission(trainee, name), sources)
        course.simsuite("course", "autograde", name, "--grading-dir", ".")
        logs[name] = json.loads((course.root / "autograde_log.json").read_text())[name]
        course.simsuite("course", "feedback", name, "--grading-dir", ".")
    return course, logs


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_each_trainee_is_graded_on_their_own_case(graded, name):
    course, logs = graded
    log = logs[name]
    points = load_course(course.grading / "course.yaml").assignment(name).points
    assert log["perfect"]["score"] == pytest.approx(points)
    assert 0 < log["partial"]["score"] < points
    assert log["blank"]["score"] == 0


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_feedback_explains_the_trainees_own_case_without_hidden_tests(graded, name):
    course, _logs = graded
    pages = {p.parts[-3]: p.read_text() for p in (course.root / "feedback").rglob(f"{name}.html")}
    assert set(pages) == set(ROSTER)
    for page in pages.values():
        assert "BEGIN HIDDEN" not in page and "graded_points" not in page
        assert course.secret.decode() not in page
    assert "simsuite-source" in pages["partial"]  # the feedback cites its sources


def test_the_report_counts_the_common_mistakes_part_by_part(graded):
    course, _logs = graded
    data = load_course(course.grading / "course.yaml")
    results = {
        r.name: r
        for r in case_results(
            f"sqlite:///{course.root / 'gradebook.db'}", data, course.secret, course.root
        )
    }
    assert set(results) == set(ASSIGNMENTS)
    for result in results.values():
        assert set(result.scores) == set(ROSTER)
        assert result.scored == len(ROSTER)
        assert result.mistakes and all(count >= 1 for _label, count in result.mistakes)
        assert result.scores["perfect"] == pytest.approx(1.0)
