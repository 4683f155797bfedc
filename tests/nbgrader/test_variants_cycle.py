"""Per-trainee variants through nbgrader's whole cycle, the threat model, and limits.

generate -> release -> fetch -> (trainee works in their kernel) -> submit -> collect ->
parallel autograde -> feedback, all through nbgrader's real CLI, with a trainee who edits a
locked cell, one who puts code in an answer cell and one who submits nothing useful.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys

import nbformat
import pytest
from nbgrader_sandbox import trainee_scenario

from simsuite.analytics.simulate import fill_answers

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ASSIGNMENT = "identification_case"
COURSE_ID = "simsuite-tip-basic"
ROSTER = ["alice", "bob", "carol", "dave", "erin"]


def key_of(course, trainee):
    return trainee_scenario(course.secret, ASSIGNMENT, trainee).key


def trainee_env(course, trainee, home):
    return {**course.env, "SIMSUITE_TRAINEE": trainee, "HOME": str(home)}


def exchange_args(course, home):
    return [
        f"--Exchange.root={course.exchange}",
        f"--Exchange.cache={home / '.cache'}",
        f"--CourseDirectory.course_id={COURSE_ID}",
    ]


@pytest.fixture(scope="module")
def cycle(course_factory):
    course = course_factory(ROSTER)
    tmp = course.root.parent
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    course.nbgrader("release_assignment", ASSIGNMENT, "--force")
    homes = {}
    for trainee in ROSTER:
        home = tmp / "home" / trainee
        home.mkdir(parents=True)
        homes[trainee] = home
        course.nbgrader(
            "fetch_assignment",
            ASSIGNMENT,
            *exchange_args(course, home),
            cwd=home,
            env=trainee_env(course, trainee, home),
        )
    return course, homes


def test_each_trainee_sees_their_own_case(cycle):
    course, homes = cycle
    shown = {}
    for trainee in ("alice", "bob"):
        folder = homes[trainee] / ASSIGNMENT
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
            env=trainee_env(course, trainee, homes[trainee]),
        )
        notebook = nbformat.read(str(executed), as_version=4)
        shown[trainee] = "\n".join(
            "".join(out.get("data", {}).get("text/markdown", ""))
            for cell in notebook.cells
            if cell.cell_type == "code"
            for out in cell.outputs
        )
    scenario = trainee_scenario(course.secret, ASSIGNMENT, "alice")
    assert scenario.public.narrative in shown["alice"]
    assert scenario.public.narrative not in shown["bob"]
    assert "Instructor preview" not in shown["alice"]


def test_a_trainee_cannot_get_the_key_from_released_files_or_their_kernel(cycle):
    course, homes = cycle
    secret = course.secret.decode()
    key = key_of(course, "alice")
    from simsuite.course.variants import variant_seed

    seeds = {str(variant_seed(course.secret, ASSIGNMENT, t, k)) for t in ROSTER for k in range(5)}
    places = [homes["alice"], course.exchange, course.root / "release"]
    for place in places:
        for path in place.rglob("*"):
            if not path.is_file() or path.suffix not in {".ipynb", ".json", ".txt", ""}:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            assert secret not in text, path
            for marker in (
                "BEGIN SOLUTION",
                "BEGIN HIDDEN TESTS",
                "graded_points",
                "presumed_victim = True",
                "presumed_victim = False",
            ):
                assert marker not in text, (path, marker)
            assert not any(seed in text for seed in seeds), path
    # in the trainee's own kernel simsuite is importable, but holds nothing of the key
    probe = (
        "from simsuite.course.variants import grading_context, load_secret\n"
        "import json\n"
        "trainee, secret = grading_context()\n"
        "try:\n"
        "    load_secret('.')\n"
        "    found = True\n"
        "except Exception:\n"
        "    found = False\n"
        "print(json.dumps({'trainee': trainee, 'secret': secret.decode(), 'found': found}))\n"
    )
    folder = homes["alice"] / ASSIGNMENT
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=folder,
        capture_output=True,
        text=True,
        env=trainee_env(course, "alice", homes["alice"]),
    )
    seen = json.loads(result.stdout)
    assert seen["trainee"] == "preview" and seen["secret"] != secret and not seen["found"]
    preview = trainee_scenario(seen["secret"].encode(), ASSIGNMENT, "alice")
    assert (
        preview.public.narrative
        != trainee_scenario(course.secret, ASSIGNMENT, "alice").public.narrative
    )
    assert key is not None


def _answer(key, ticked=None, decision=None):
    ticked = sorted(key.present) if ticked is None else ticked
    decision = key.presumed_victim if decision is None else decision
    return (
        f"indicators_seen = {set(ticked)!r}\npresumed_victim = {decision!r}\n"
        f"next_steps = {set(key.next_steps)!r}"
    )


def _partial(key):
    """Bob's answer: half the indicators the case shows (so at least one is missed), or, on a
    case that shows none, the wrong decision; either way partial marks, whatever the variant."""
    present = sorted(key.present)
    ticked = present[: len(present) // 2]
    decision = key.presumed_victim if present else not key.presumed_victim
    return ticked, decision


@pytest.fixture(scope="module")
def graded(cycle):
    course, homes = cycle
    keys = {t: key_of(course, t) for t in ROSTER}
    work = {
        "alice": {"answer": _answer(keys["alice"])},
        "bob": {"answer": _answer(keys["bob"], *_partial(keys["bob"]))},
        "carol": {},
        # replaces the scoring function: full marks for anyone, if it were ever run
        "dave": {
            "answer": "import simsuite.course.grade as grading\n"
            "grading.graded_points = lambda **kwargs: 5.0\n"
            "indicators_seen = set()\npresumed_victim = True"
        },
        "erin": {"answer": _answer(keys["erin"])},
    }
    for trainee, sources in work.items():
        notebook = homes[trainee] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        fill_answers(notebook, notebook, sources)
        if trainee == "erin":  # edits the locked format-check cell
            edited = nbformat.read(str(notebook), as_version=4)
            for cell in edited.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == "format_check":
                    cell.source = "print('all fine')"
            nbformat.write(edited, str(notebook))
        course.nbgrader(
            "submit",
            ASSIGNMENT,
            f"--student={trainee}",
            *exchange_args(course, homes[trainee]),
            cwd=homes[trainee],
            env=trainee_env(course, trainee, homes[trainee]),
        )
    course.nbgrader("collect", ASSIGNMENT)
    result = course.simsuite(
        "course", "autograde", ASSIGNMENT, "--grading-dir", ".", "--workers", "2"
    )
    log = json.loads((course.root / "autograde_log.json").read_text())[ASSIGNMENT]
    return course, keys, log, result


def test_parallel_autograde_scores_each_trainee_against_their_own_key(graded):
    course, keys, log, result = graded
    assert set(log) == set(ROSTER)
    assert log["alice"]["score"] == 5
    from simsuite.activities.identification import IdentificationAnswer, evaluate_identification

    ticked, decision = _partial(keys["bob"])
    bob = evaluate_identification(
        keys["bob"], IdentificationAnswer.parse(ticked, decision, keys["bob"].next_steps)
    )
    assert log["bob"]["score"] == pytest.approx(bob.points(5), abs=1e-3)
    assert 0 < log["bob"]["score"] < 5
    assert log["carol"]["score"] == 0
    assert log["dave"]["status"] == "graded" and log["dave"]["score"] == 0
    assert any("code in answer cell" in flag for flag in log["dave"]["flags"])
    assert log["erin"]["score"] == 5  # nbgrader restored the locked cell
    assert any("tampered" in flag for flag in log["erin"]["flags"])
    assert "ETA" in result.stderr and "5/5" in result.stderr
    # one gradebook, every trainee once
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
        ids = [s.student.id for s in gradebook.assignment_submissions(ASSIGNMENT)]
    assert sorted(ids) == sorted(ROSTER)


def test_feedback_explains_and_leaks_nothing(graded):
    course, keys, log, _ = graded
    course.simsuite("course", "feedback", ASSIGNMENT, "--grading-dir", ".")
    # read as the trainee does: the page escapes quotes in the story's sentences
    pages = {
        p.parts[-3]: html.unescape(p.read_text())
        for p in (course.root / "feedback").rglob("*.html")
    }
    assert set(pages) == set(ROSTER)
    secret = course.secret.decode()
    for trainee, page in pages.items():
        for marker in ("BEGIN HIDDEN", "graded_points", "BEGIN SOLUTION", secret):
            assert marker not in page, (trainee, marker)
    ticked, _decision = _partial(keys["bob"])
    missed = sorted(keys["bob"].present - set(ticked))
    if missed:
        assert "Missed" in pages["bob"] and keys["bob"].evidence[missed[0]][:40] in pages["bob"]
    else:
        assert "Your decision is not right." in pages["bob"]
    assert "code in answer cell answer not run" in pages["dave"]
    course.nbgrader("release_feedback", ASSIGNMENT)
    released = list((course.exchange / COURSE_ID / "feedback").rglob("*.html"))
    assert len(released) == len(ROSTER)


def test_a_rerun_resumes_and_a_resubmission_is_graded_again(graded):
    course, keys, log, _ = graded
    again = course.simsuite("course", "autograde", ASSIGNMENT, "--grading-dir", ".")
    counts = json.loads(again.stdout)
    assert counts["resumed"] == 5 and counts["graded"] == 0
    fill_answers(
        course.submission("carol", ASSIGNMENT),
        course.submission("carol", ASSIGNMENT),
        {"answer": _answer(keys["carol"])},
    )
    third = json.loads(
        course.simsuite("course", "autograde", ASSIGNMENT, "--grading-dir", ".").stdout
    )
    assert third["graded"] == 1 and third["resumed"] == 4
    log = json.loads((course.root / "autograde_log.json").read_text())[ASSIGNMENT]
    assert log["carol"]["score"] == 5
