"""The instructor's cycle through nbgrader's real CLI: generate, submit, autograde, report.

Four trainees take the pre-test, the identification case and the post-test: a perfect one, a
blank one, a partial one and one whose notebook file is malformed. Each works their own
variant (their own case, their own test form).
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

import nbformat
import pytest
from nbgrader_sandbox import trainee_form, trainee_scenario

from simsuite.activities.identification import TYPE as IDENTIFICATION
from simsuite.activities.identification.indicators import indicator_list
from simsuite.activities.quiz.bank import form_positions, load_item_bank
from simsuite.analytics.simulate import fill_answers
from simsuite.course.variants import variant_seed

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ROSTER = ["perfect", "blank", "partial", "malformed"]
BANK = load_item_bank(REPO / "grading" / "item_bank.yaml")
N_ITEMS = len(form_positions(BANK))


@pytest.fixture(scope="module")
def course(course_factory):
    course = course_factory(ROSTER)
    for name in ("pretest", "identification_case", "posttest"):
        course.nbgrader("generate_assignment", name, "--force")
    return course


def submit(course, name, trainee, sources=None, raw=None):
    target = course.submission(trainee, name)
    if raw is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(raw, encoding="utf-8")
    else:
        fill_answers(course.released(name), target, sources or {})


def autograde(course, name):
    result = course.simsuite("course", "autograde", name, "--grading-dir", ".")
    log = json.loads((course.root / "autograde_log.json").read_text())
    return log[name], result


def ident_key(course, trainee):
    return trainee_scenario(course.secret, "identification_case", trainee).key


def test_released_files_do_not_reveal_the_answers(course):
    seeds = {
        str(variant_seed(course.secret, "identification_case", t, k))
        for t in ROSTER
        for k in range(5)
    }
    allowed_metadata = {
        "grade",
        "grade_id",
        "locked",
        "schema_version",
        "solution",
        "task",
        "points",
        "checksum",
        "cell_type",
    }
    for name in ("pretest", "identification_case", "posttest"):
        for path in (course.root / "release" / name).rglob("*"):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            for marker in (
                "BEGIN SOLUTION",
                "BEGIN HIDDEN TESTS",
                "graded_points",
            ):
                assert marker not in text, (path, marker)
            assert not any(seed in text for seed in seeds), path
            if path.suffix != ".ipynb":  # released variant files (forms, cases): text only
                continue
            notebook = nbformat.reads(text, as_version=4)
            assert "simsuite" not in json.dumps(notebook.metadata)
            for cell in notebook.cells:
                assert set(cell.metadata.get("nbgrader", {})) <= allowed_metadata
                if cell.cell_type == "code":
                    for p in form_positions(BANK):
                        for item in p.items.values():
                            assert f"answer_Q{p.number} = {item['key']!r}" not in cell.source
                    assert "presumed_victim = True" not in cell.source
                    assert "presumed_victim = False" not in cell.source
    cases = json.loads(
        (course.root / "release" / "identification_case" / "variants" / "cases.json").read_text()
    )["cases"]
    assert set(cases) == set(ROSTER)
    for trainee, case in cases.items():
        assert set(case) == {"markdown", "fields"}  # prose and answer options, never the key
        scenario = trainee_scenario(course.secret, "identification_case", trainee)
        assert scenario.public.narrative in case["markdown"]
        assert [f["name"] for f in case["fields"]] == [
            "indicators_seen",
            "presumed_victim",
            "next_steps",
        ]


def _test_answers(course, trainee, phase):
    """The keys of the form this trainee takes in this phase, by position."""
    form = trainee_form(course.secret, trainee, phase)
    return {
        f"answer_Q{p.number}": f"answer_Q{p.number} = {p.item(form)['key']!r}"
        for p in form_positions(BANK)
    }


def test_pretest_scores(course):
    perfect = _test_answers(course, "perfect", "pre")
    partial = dict(list(_test_answers(course, "partial", "pre").items())[:2])  # two right
    submit(course, "pretest", "perfect", perfect)
    submit(course, "pretest", "blank", {})
    submit(course, "pretest", "partial", partial)
    submit(course, "pretest", "malformed", raw="{ this is not a notebook")
    log, result = autograde(course, "pretest")
    assert log["perfect"]["score"] == log["perfect"]["max_score"] == N_ITEMS
    assert log["blank"]["score"] == 0
    assert log["partial"]["score"] == 2
    assert log["malformed"]["status"] == "failed"
    assert "not a valid notebook" in log["malformed"]["reason"]
    assert "4/4" in result.stderr  # the batch went on past the malformed notebook


def test_test_feedback_says_right_or_not_but_never_the_key(course):
    """Runs after the pre-test is graded (tests in a module run in order)."""
    course.simsuite("course", "feedback", "pretest", "--grading-dir", ".")
    pages = {p.parts[-3]: p.read_text() for p in (course.root / "feedback").rglob("pretest.html")}
    assert set(pages) == {"perfect", "blank", "partial"}  # the malformed file was never graded
    assert pages["perfect"].count("simsuite-right") >= N_ITEMS
    assert "not answered" in pages["blank"]
    for page in pages.values():
        for marker in ("BEGIN HIDDEN", "graded_points", "BEGIN SOLUTION"):
            assert marker not in page
        for item in BANK.items:
            # an item's explanation states its key: it must stay out of trainees' feedback
            explanation = item["feedback"]["en"]
            assert explanation not in page and html.escape(explanation) not in page


def test_identification_case_is_graded_by_the_widget_rule(course):
    keys = {t: ident_key(course, t) for t in ROSTER}
    for key in keys.values():  # the course's constraint: a presumed victim shows two or more
        assert len(key.present) >= 2 or not key.presumed_victim

    def answer(key, ticked):
        listed = "{" + ", ".join(repr(i) for i in ticked) + "}"
        return (
            f"indicators_seen = {listed}\npresumed_victim = {key.presumed_victim!r}\n"
            f"next_steps = {set(key.next_steps)!r}"
        )

    # one indicator right, or (a case without indicators) one ticked wrongly: a partial answer
    shown = sorted(keys["partial"].present)
    right = shown[:1] or [indicator_list(keys["partial"].age_band).ids[0]]
    submit(
        course,
        "identification_case",
        "perfect",
        {"answer": answer(keys["perfect"], sorted(keys["perfect"].present))},
    )
    submit(course, "identification_case", "blank", {})
    submit(course, "identification_case", "partial", {"answer": answer(keys["partial"], right)})
    submit(course, "identification_case", "malformed", {"answer": "indicators_seen = 42\n"})
    log, _ = autograde(course, "identification_case")
    assert log["perfect"]["score"] == 5
    assert log["blank"]["score"] == 0
    expected = IDENTIFICATION.evaluate(
        keys["partial"],
        {
            "indicators_seen": set(right),
            "presumed_victim": keys["partial"].presumed_victim,
            "next_steps": set(keys["partial"].next_steps),
        },
        "en",
    )
    assert log["partial"]["score"] == pytest.approx(expected.points(5), abs=1e-3)
    assert 0 < log["partial"]["score"] < 5
    # a malformed answer is graded zero, not a crash: the batch is recorded in full
    assert log["malformed"]["status"] == "graded" and log["malformed"]["score"] == 0


def test_posttest_and_learning_report(course, tmp_path):
    submit(course, "posttest", "perfect", _test_answers(course, "perfect", "post"))
    submit(
        course, "posttest", "blank", dict(list(_test_answers(course, "blank", "post").items())[:3])
    )
    partial = dict(list(_test_answers(course, "partial", "post").items())[:5])
    submit(course, "posttest", "partial", partial)
    autograde(course, "posttest")
    out = tmp_path / "report"
    db = f"sqlite:///{course.root / 'gradebook.db'}"
    course.simsuite("course", "report", "--gradebook", db, "--out", str(out))
    rows = {r["trainee"]: r for r in csv.DictReader((out / "prepost.csv").open())}
    # the malformed pre-test never reached the gradebook, so that trainee has no pair
    assert set(rows) == {"blank", "partial", "perfect"}
    assert float(rows["blank"]["normalized_gain"]) == pytest.approx(3 / N_ITEMS, abs=1e-4)
    gain = float(rows["partial"]["normalized_gain"])
    assert gain == pytest.approx((5 - 2) / (N_ITEMS - 2), abs=1e-4)
    assert rows["perfect"]["normalized_gain"] == "–"  # full marks before: gain undefined
    page = (out / "report.html").read_text()
    assert "data:image/png;base64," in page and "Paired t-test" in page
    assert (out / "prepost.png").stat().st_size > 5000
