"""Submissions that loop, hog memory, exit or crash are stopped and recorded, each with its own
reason; the batch goes on.

The answer-cell guard normally keeps such code from running at all; here it is switched off
(as for an exercise whose answers are code) to show the limits that stand behind it.
"""

from __future__ import annotations

import json

import pytest

from simsuite.analytics.simulate import fill_answers
from simsuite.grading.autograde import autograde

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ASSIGNMENT = "identification_case"


def test_loop_memory_and_crash_are_recorded_and_the_batch_goes_on(course_factory, monkeypatch):
    course = course_factory(["fine", "looper", "hog", "crasher", "quitter"])
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    code = {
        "fine": "indicators_seen = set()\npresumed_victim = True",
        "looper": "while True:\n    pass",
        "hog": "block = bytearray(6 * 1024 ** 3)",
        "crasher": "import os\nos._exit(3)",
        "quitter": "import sys\nsys.exit(3)",
    }
    for trainee, source in code.items():
        fill_answers(
            course.released(ASSIGNMENT), course.submission(trainee, ASSIGNMENT), {"answer": source}
        )
    for name, value in course.env.items():
        monkeypatch.setenv(name, value)
    outcomes = autograde(
        course.grading,
        ASSIGNMENT,
        timeout=10,
        workers=2,
        memory_mb=2048,
        allow_code=True,
    )
    by_trainee = {o.trainee: o for o in outcomes}
    assert set(by_trainee) == set(code)
    assert by_trainee["fine"].status == "graded" and by_trainee["fine"].score > 0
    looper, hog, crasher = by_trainee["looper"], by_trainee["hog"], by_trainee["crasher"]
    assert looper.status == "graded" and looper.score == 0
    assert any("ran past the time limit (10 s)" in flag for flag in looper.flags)
    assert hog.status == "graded" and hog.score == 0
    assert any("ran out of memory" in flag for flag in hog.flags)
    quitter = by_trainee["quitter"]
    assert quitter.status == "graded" and quitter.score == 0
    assert any("tried to end the kernel" in flag for flag in quitter.flags)
    for outcome in outcomes:
        assert outcome.reason  # every outcome says why
    assert crasher.status == "failed" and "the kernel died" in crasher.reason
    log = json.loads((course.root / "autograde_log.json").read_text())[ASSIGNMENT]
    assert set(log) == set(code)


def test_a_grader_that_cannot_start_is_retried_a_few_times_then_recorded(
    course_factory, monkeypatch, tmp_path
):
    """A grader that dies before it is ready (here: it cannot start at all) is started again a
    bounded number of times; then every submission left is recorded with the reason."""
    from simsuite.grading.autograde import MAX_START_ATTEMPTS

    course = course_factory(["ann", "ben"])
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    for trainee in ("ann", "ben"):
        fill_answers(course.released(ASSIGNMENT), course.submission(trainee, ASSIGNMENT), {})
    starts = tmp_path / "starts.txt"
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\n"
        "if 'simsuite.grading.worker' in sys.orig_argv:\n"
        f"    open({str(starts)!r}, 'a').write('start\\n')\n"
        "    sys.stderr.write('simulated: this grader cannot start\\n')\n"
        "    raise SystemExit(1)\n"
    )
    for name, value in course.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    outcomes = autograde(course.grading, ASSIGNMENT, timeout=60, workers=1)
    assert [o.status for o in outcomes] == ["failed", "failed"]
    for outcome in outcomes:
        assert "no grading process could start" in outcome.reason
        assert "simulated: this grader cannot start" in outcome.reason
    assert starts.read_text().count("start") == MAX_START_ATTEMPTS
