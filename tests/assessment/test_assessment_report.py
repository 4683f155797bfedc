"""The cohort report from item-level data: HTML with embedded figures, CSVs, pseudonyms."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from simsuite.activities.quiz.bank import form_positions, load_item_bank
from simsuite.analytics.report import (
    CohortData,
    Response,
    analyse_forms,
    pseudonyms,
    render_cohort_report,
)
from simsuite.analytics.statistics import PrePost

BANK = load_item_bank(Path(__file__).resolve().parents[2] / "grading" / "item_bank.yaml")


def _data(n: int, seed: int = 0) -> CohortData:
    rng = np.random.default_rng(seed)
    positions = form_positions(BANK)
    responses, rows = [], []
    for i in range(n):
        trainee = f"user-{i:03d}"
        first = "A" if i % 2 else "B"
        totals = {}
        for phase, form in (("pre", first), ("post", "B" if first == "A" else "A")):
            p = 0.4 if phase == "pre" else 0.7
            total = 0.0
            for position in positions:
                item = position.item(form)
                score = float(rng.random() < p)
                total += score
                responses.append(
                    Response(
                        trainee, phase, form, position.number, item["id"], item["competency"], score
                    )
                )
            totals[phase] = total
        rows.append(PrePost(trainee, totals["pre"], totals["post"], len(positions)))
    return CohortData(tuple(responses), tuple(rows), float(len(positions)), BANK.competencies)


def test_item_analysis_is_per_item_and_form():
    analyses = analyse_forms(_data(20))
    assert {(a.phase, a.form) for a in analyses} == {
        ("pre", "A"),
        ("pre", "B"),
        ("post", "A"),
        ("post", "B"),
    }
    pre_a = next(a for a in analyses if (a.phase, a.form) == ("pre", "A"))
    assert pre_a.analysis.n == 10
    assert [s.item for s in pre_a.analysis.items][:3] == ["A1", "A2", "A3"]


@pytest.mark.parametrize("n", [8, 60])
def test_report_files(tmp_path, n):
    paths = render_cohort_report(_data(n), tmp_path, BANK, [("pretest", "user-001", "boom")])
    page = paths["html"].read_text()
    assert page.count("data:image/png;base64,") == 2  # per-trainee chart and heat map
    for text in ("Paired t-test", "Wilcoxon", "KR-20", "Cronbach", "Reprisal risk", "boom"):
        assert text in page
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")
    rows = list(csv.DictReader(paths["csv"].open()))
    assert len(rows) == n and "reprisal_risk_post" in rows[0]
    items = list(csv.DictReader(paths["items_csv"].open()))
    assert len(items) == 4 * len(form_positions(BANK))


def test_a_trainee_who_failed_everything_keeps_one_pseudonym(tmp_path):
    paths = render_cohort_report(
        _data(3), tmp_path, BANK, [("pretest", "aaa-first", "not a notebook")], pseudonymize=True
    )
    page = paths["html"].read_text()
    # "aaa-first" sorts first: T001 in the failure list, so the graded trainees are T002...
    assert "<td>pretest</td><td>T001</td>" in page and "aaa-first" not in page
    assert {r["trainee"] for r in csv.DictReader(paths["csv"].open())} == {"T002", "T003", "T004"}


def test_pseudonymized_report_names_nobody(tmp_path):
    data = _data(12)
    paths = render_cohort_report(
        data, tmp_path, BANK, [("posttest", "user-003", "time limit")], pseudonymize=True
    )
    text = paths["html"].read_text() + paths["csv"].read_text() + paths["items_csv"].read_text()
    assert "user-" not in text
    names = pseudonyms([r.trainee for r in data.rows])
    assert names["user-000"] == "T001" and names["user-011"] == "T012"
    rows = {r["trainee"]: r for r in csv.DictReader(paths["csv"].open())}
    original = {r.trainee: r for r in data.rows}
    # the same trainee under the same pseudonym in the CSV and in the HTML table
    assert float(rows["T004"]["pre"]) == original["user-003"].pre
    assert f"<td>T004</td><td>{original['user-003'].pre:g}</td>" in paths["html"].read_text()
    assert "<td>posttest</td><td>T004</td>" in paths["html"].read_text()
