"""Autograde speed on this machine: parallel against nbgrader's own sequential run, and the
cost of one of our notebooks against the floor (autograding an empty notebook).

Targets (issue 5): at least 1.8 times faster than `nbgrader autograde` on 100 submissions with
2 cores; our exercise at most 1.5 times the per-notebook cost of an empty notebook.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

from simsuite.analytics.simulate import fill_answers
from simsuite.grading.autograde import autograde, default_workers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nbgrader"))
from nbgrader_sandbox import make_course, trainee_scenario  # noqa: E402

ASSIGNMENT = "identification_case"
N = int(os.environ.get("SIMSUITE_BENCH_SUBMISSIONS", "100"))
N_EMPTY = max(10, N // 3)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    roster = [f"t{index:03d}" for index in range(N)]
    course = make_course(tmp_path_factory.mktemp("bench"), roster)
    empty = course.root / "source" / "empty" / "empty.ipynb"  # nbgrader reads sources there
    empty.parent.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), str(empty))
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    course.nbgrader("generate_assignment", "empty", "--force")
    for trainee in roster:
        key = trainee_scenario(course.secret, ASSIGNMENT, trainee).key
        answer = (
            f"indicators_seen = {set(key.present)!r}\n"
            f"presumed_victim = {key.presumed_victim}\n"
            f"next_steps = {set(key.next_steps)!r}"
        )
        fill_answers(
            course.released(ASSIGNMENT), course.submission(trainee, ASSIGNMENT), {"answer": answer}
        )
    for trainee in roster[:N_EMPTY]:
        target = course.submission(trainee, "empty")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(course.released("empty"), target)
    for name, value in course.env.items():
        os.environ[name] = value
    return course


def _reset(course, assignment):
    shutil.rmtree(course.root / "autograded", ignore_errors=True)
    (course.root / "autograde_log.json").unlink(missing_ok=True)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
        for submission in list(gradebook.assignment_submissions(assignment)):
            gradebook.remove_submission(assignment, submission.student.id)


def _nbgrader_sequential(course, assignment) -> float:
    _reset(course, assignment)
    started = time.perf_counter()
    course.nbgrader("autograde", assignment, "--force")
    return time.perf_counter() - started


def test_parallel_autograde_speedup(benchmark, course):
    sequential = _nbgrader_sequential(course, ASSIGNMENT)

    def ours():
        outcomes = autograde(course.grading, ASSIGNMENT, resume=False)  # default: cores + 1
        assert sum(o.status == "graded" for o in outcomes) == N

    benchmark.pedantic(ours, setup=lambda: _reset(course, ASSIGNMENT), rounds=1, iterations=1)
    parallel = benchmark.stats.stats.median
    speedup = sequential / parallel
    benchmark.extra_info.update(
        metric=f"speed-up over `nbgrader autograde` ({N} submissions, {default_workers()} workers, "
        f"{os.cpu_count()} cores)",
        value=speedup,
        unit="x",
        target="≥ 1.8x",
        met=speedup >= 1.8,
        note=f"nbgrader sequential {sequential:.1f} s, simsuite parallel {parallel:.1f} s",
    )


def test_per_notebook_cost_against_an_empty_notebook(benchmark, course):
    empty = _nbgrader_sequential(course, "empty") / N_EMPTY

    def ours():
        return _nbgrader_sequential(course, ASSIGNMENT) / N

    per_notebook = benchmark.pedantic(ours, rounds=1, iterations=1)
    ratio = per_notebook / empty
    benchmark.extra_info.update(
        metric="per-notebook autograde cost / empty notebook's",
        value=ratio,
        unit="x",
        target="≤ 1.5x",
        met=ratio <= 1.5,
        note=f"empty {empty:.2f} s, identification case {per_notebook:.2f} s per notebook",
    )
