"""A small simulated cohort through nbgrader's real CLI: pre-test to report."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from simsuite.activities.quiz.activity import answer_variable, form_of
from simsuite.activities.quiz.bank import form_positions
from simsuite.activities.quiz.items import score_item
from simsuite.analytics.cohort import CohortParams, make_cohort, run_cohort, trainee_submission
from simsuite.course.build import load_course
from simsuite.course.variants import load_secret, trainee_seed

pytestmark = [pytest.mark.slow, pytest.mark.nbgrader]


def _expected_total(submission, positions, form) -> float:
    """What the hidden tests should give, computed here without nbgrader."""
    total = 0.0
    for position in positions:
        variable = answer_variable(position.number)
        namespace: dict = {}
        if variable in submission.sources:
            exec(submission.sources[variable], namespace)  # the simulated trainee's own cell
        try:
            total += score_item(position.item(form), namespace.get(variable)).score
        except ValueError:  # a malformed answer earns nothing
            pass
    return total


def _source_files(repo: Path) -> dict[str, str]:
    """Every file a cohort run builds from, by path, with its hash: all of exercises/ and the
    course files at the top of grading/ (the classroom server below it is not the run's).

    Bytecode caches are left out: importing a case file writes them, and they are no source.
    """
    paths = [*(repo / "exercises").rglob("*"), *(repo / "grading").glob("*")]
    return {
        str(path.relative_to(repo)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(paths)
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_run_cohort_end_to_end(tmp_path, repo, monkeypatch):
    monkeypatch.delenv("SIMSUITE_COURSE_SECRET", raising=False)
    monkeypatch.delenv("SIMSUITE_COURSE_SECRET_FILE", raising=False)
    params = CohortParams(
        n_trainees=6,
        seed=11,
        sloppy_share=0.17,
        malicious_share=0.34,
        malice=("shell", "locked_cell"),
    )
    sources_before = _source_files(repo)
    result = run_cohort(6, tmp_path / "run", seed=11, workers=2, params=params)
    trainees = make_cohort(params)
    assert {t.behaviour for t in trainees} == {"diligent", "sloppy", "malicious"}
    course = load_course(repo / "grading" / "course.yaml")
    positions = form_positions(course.item_bank)
    secret = load_secret(tmp_path / "run" / "course")
    for phase, name in (("pre", "pretest"), ("post", "posttest")):
        outcomes = {o.trainee: o for o in result.outcomes[name]}
        assert set(outcomes) == {t.id for t in trainees}
        for trainee in trainees:
            outcome = outcomes[trainee.id]
            assert outcome.status in ("graded", "resumed"), outcome.reason
            form = form_of(trainee_seed(secret, trainee.id), phase)
            submission = trainee_submission(trainee, positions, form, phase, params)
            # the form mapping is right, and the edited locked cell earned nothing extra
            assert outcome.score == pytest.approx(
                _expected_total(submission, positions, form), abs=1e-3
            ), (trainee, phase)
    # the work folder's nbgrader configuration is the course's own (its answer-cell stub)
    released = (tmp_path / "run" / "course" / "release" / "pretest" / "pretest.ipynb").read_text()
    assert "write your answer in the line above" in released
    page = result.report["html"].read_text()
    assert "data:image/png;base64," in page and "Wilcoxon" in page
    rows = {r["trainee"]: r for r in csv.DictReader(result.report["csv"].open())}
    assert set(rows) == {t.id for t in trainees}
    # the report's item-level reading of the gradebook adds up to nbgrader's own totals
    pre = {o.trainee: o.score for o in result.outcomes["pretest"]}
    for trainee, row in rows.items():
        assert float(row["pre"]) == pytest.approx(pre[trainee], abs=1e-3)
    items = list(csv.DictReader(result.report["items_csv"].open()))
    assert {r["phase"] for r in items} == {"pre", "post"}
    # the roster's sources went into the work folder's course folder, never the repository's
    sources = tmp_path / "run" / "course" / "source" / "pretest" / "variants" / "cases.json"
    assert set(json.loads(sources.read_text())["cases"]) == {t.id for t in trainees}
    for name in ("pretest", "posttest"):
        preview = repo / "exercises" / name / "variants" / "cases.json"
        assert set(json.loads(preview.read_text())["cases"]) == {"preview"}
    # nothing was written into the repository's own sources: the build and the variants went
    # to the run's work folder, and every source file is as it was (none added, none changed)
    assert _source_files(repo) == sources_before


def test_the_work_folder_must_be_new_and_outside_the_repository(tmp_path, repo):
    from simsuite.errors import UserInputError

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("an instructor's file")
    cases = ((busy, "not empty"), (repo, "repository"), (repo / "grading" / "sim", "repository"))
    for out, message in cases:
        with pytest.raises(UserInputError, match=message):
            run_cohort(2, out, seed=1)
    assert (busy / "notes.txt").read_text() == "an instructor's file"
    assert not (repo / "grading" / "sim").exists()
