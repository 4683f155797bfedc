"""Submissions that loop, hog memory or crash are stopped and recorded; the batch goes on.

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
    course = course_factory(["fine", "looper", "hog", "crasher"])
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    code = {
        "fine": "indicators_seen = set()\npresumed_victim = True",
        "looper": "while True:\n    pass",
        "hog": "block = bytearray(6 * 1024 ** 3)",
        "crasher": "import os\nos._exit(3)",
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
    assert any("time limit" in flag for flag in looper.flags)
    assert hog.status == "graded" and hog.score == 0
    assert any("MemoryError" in flag for flag in hog.flags)
    assert crasher.status == "failed" and "Kernel died" in crasher.reason
    log = json.loads((course.root / "autograde_log.json").read_text())[ASSIGNMENT]
    assert set(log) == set(code)
