"""The evidence-and-proof assignment (`evidence_case`) through nbgrader's real CLI, with
per-trainee variants: generate -> release -> answer -> hand in -> parallel autograde ->
feedback -> cohort report (the exchange's fetch, submit and collect are nbgrader's own, run by
test_variants_cycle.py). Three trainees: one answers their own case file
perfectly, one in part, one not at all. Each graded score must be the one the type's evaluate
gives (the rule the app uses), and the assignment must appear in the cohort report."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbgrader_sandbox import hand_in, hand_out, trainee_scenario

from simsuite.activities.registry import get_type
from simsuite.analytics.simulate import fill_answers
from simsuite.course.build import _literal, answer_cell_id, answer_groups

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

COURSE_ID = "simsuite-tip-basic"
NAME, KIND, POINTS = "evidence_case", "evidence_review", 10
ROSTER = ["ana", "ben", "cem"]
TYPE = get_type(KIND)


def answer_sources(public, answer: dict) -> dict[str, str]:
    """The three answer cells (items, elements, missing evidence) that write ``answer``."""
    groups = answer_groups(TYPE, public)
    return {
        answer_cell_id(group, len(groups) == 1): "\n".join(
            f"{name} = {_literal(answer.get(name))}" for name in group
        )
        for group in groups
    }


def partial_answer(key) -> dict:
    """Right on the missing evidence; the first item and the first element it is asked about
    wrong (cases are drawn per run: the answer is built from the key, so it is partial on
    every case)."""
    from simsuite.activities.evidence_review.case_file import NOT_AT_ISSUE, STATUSES

    answer = dict(TYPE.solution(key))
    element = next(e for e in key.element_keys if e.status != NOT_AT_ISSUE)
    answer[element.element] = next(
        status
        for status in STATUSES
        if status != element.status and dict(element.accepted).get(status, 0.0) < 1
    )
    answer["item_1"] = "none" if answer["item_1"] != "none" else "act"
    return answer


def trainee_env(course, trainee, home):
    return {**course.env, "SIMSUITE_TRAINEE": trainee, "HOME": str(home)}


@pytest.fixture(scope="module")
def graded(course_factory, tmp_path_factory):
    course = course_factory(ROSTER)
    homes = {t: tmp_path_factory.mktemp(f"home-{t}") for t in ROSTER}
    expected: dict[str, float] = {}
    course.nbgrader("generate_assignment", NAME, "--force")
    course.nbgrader("release_assignment", NAME, "--force")
    for trainee in ROSTER:
        folder = hand_out(course, NAME, homes[trainee])
        scenario = trainee_scenario(course.secret, NAME, trainee)
        answer = {
            "ana": TYPE.solution(scenario.key),
            "ben": partial_answer(scenario.key),
            "cem": {},
        }[trainee]
        notebook = folder / f"{NAME}.ipynb"
        if answer:
            fill_answers(notebook, notebook, answer_sources(scenario.public, answer))
            expected[trainee] = TYPE.evaluate(scenario.key, answer, scenario.lang).points(POINTS)
        else:
            expected[trainee] = 0.0
        hand_in(course, NAME, trainee, folder)
    course.simsuite("course", "autograde", NAME, "--grading-dir", ".", "--workers", "2")
    log = json.loads((course.root / "autograde_log.json").read_text())[NAME]
    return course, homes, expected, log


def test_each_trainee_is_graded_against_their_own_case_file(graded):
    course, _homes, expected, log = graded
    assert set(log) == set(ROSTER)
    assert log["ana"]["score"] == pytest.approx(POINTS)
    assert 0 < log["ben"]["score"] < POINTS
    assert log["cem"]["score"] == 0
    for trainee in ROSTER:
        assert log[trainee]["score"] == pytest.approx(expected[trainee], abs=1e-3)
    files = {
        TYPE.public_markdown(trainee_scenario(course.secret, NAME, t).public, "en") for t in ROSTER
    }
    assert len(files) == len(ROSTER)  # every trainee has their own file


def test_a_trainee_sees_their_own_file_and_no_key(graded):
    course, homes, _expected, _log = graded
    folder = homes["ben"] / NAME
    executed = folder / "executed.ipynb"
    course.run(
        "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.allow_errors=True", "--output", str(executed),
        str(folder / f"{NAME}.ipynb"),
        cwd=folder, env=trainee_env(course, "ben", homes["ben"]),
    )  # fmt: skip
    shown = "\n".join(
        "".join(out.get("data", {}).get("text/markdown", ""))
        for cell in nbformat.read(str(executed), as_version=4).cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    mine = trainee_scenario(course.secret, NAME, "ben").public
    other = trainee_scenario(course.secret, NAME, "ana").public
    assert mine.brief in shown and other.brief not in shown
    released = course.exchange / COURSE_ID / "outbound" / NAME
    secret = course.secret.decode()
    for path in released.rglob("*"):
        if path.is_file() and path.suffix in {".ipynb", ".json", ".py"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "graded_points", secret):
                assert marker not in text, (path, marker)
            for exhibit in trainee_scenario(course.secret, NAME, "ana").key.exhibit_keys:
                assert exhibit.why not in text  # no explanation of the key is released


def test_feedback_explains_the_file_and_the_report_shows_the_assignment(graded):
    course, _homes, _expected, _log = graded
    course.simsuite("course", "feedback", NAME, "--grading-dir", ".")
    pages = {p.parts[-3]: p.read_text() for p in (course.root / "feedback").rglob(f"{NAME}.html")}
    assert set(pages) == set(ROSTER)
    for page in pages.values():
        for marker in ("BEGIN HIDDEN", "graded_points", "BEGIN SOLUTION", course.secret.decode()):
            assert marker not in page
    ben = pages["ben"]
    assert "simsuite-breakdown" in ben and "simsuite-source" in ben and "You marked" in ben

    from simsuite.analytics.casework import case_results
    from simsuite.course.course import load_course

    results = {
        r.name: r
        for r in case_results(
            f"sqlite:///{course.root / 'gradebook.db'}",
            load_course(course.grading / "course.yaml"),
            course.secret,
            course.root,
        )
    }
    result = results[NAME]
    assert set(result.scores) == set(ROSTER) and result.scores["ana"] == pytest.approx(1.0)
    assert result.mistakes  # Ben's elements, counted part by part
    # the cohort report's section on case assignments (the pre/post part needs the tests)
    from simsuite.analytics.casework import case_section_html

    section = case_section_html(list(results.values()), {"qualification": "Legal qualification"})
    assert "Evidence and proof: weigh the evidence" in section
