"""The IRT simulator: deterministic for a seed, monotone in ability, plausible wrong answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simsuite.activities.quiz.bank import form_positions, load_item_bank
from simsuite.activities.quiz.items import score_item
from simsuite.analytics.cohort import (
    MALICE,
    CohortParams,
    expected_score,
    item_parameters,
    make_cohort,
    p_correct,
    simulate_answer,
    trainee_submission,
    wrong_answers,
)
from simsuite.errors import UserInputError

BANK = load_item_bank(Path(__file__).resolve().parents[2] / "grading" / "item_bank.yaml")
ITEMS = list(BANK.items)
POSITIONS = form_positions(BANK)

thetas = st.floats(min_value=-4, max_value=4, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(index=st.integers(0, len(ITEMS) - 1), low=thetas, high=thetas)
def test_higher_ability_never_lowers_the_expected_score(index, low, high):
    item = ITEMS[index]
    low, high = min(low, high), max(low, high)
    assert expected_score(item, low) <= expected_score(item, high) + 1e-12


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 30))
def test_the_cohort_is_a_function_of_its_seed(seed, n):
    params = CohortParams(n_trainees=n, seed=seed)
    first, second = make_cohort(params), make_cohort(params)
    assert first == second
    trainee = first[0]
    for phase in ("pre", "post"):
        a = trainee_submission(trainee, POSITIONS, "A", phase, params)
        b = trainee_submission(trainee, POSITIONS, "A", phase, params)
        assert a == b


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, len(ITEMS) - 1), theta=thetas)
def test_every_simulated_answer_is_well_formed(seed, index, theta):
    item = ITEMS[index]
    answer = simulate_answer(item, theta, np.random.default_rng(seed))
    assert 0 <= score_item(item, answer).score <= 1  # never a UserInputError


def test_wrong_answers_are_plausible_and_wrong():
    for item in ITEMS:
        wrong = wrong_answers(item)
        assert wrong, item["id"]
        assert all(score_item(item, w).score < 1 for w in wrong)
    multiple = BANK.get("A2")
    assert any(0 < score_item(multiple, w).score < 1 for w in wrong_answers(multiple))


def test_empirical_scores_follow_the_model():
    item = BANK.get("A3")
    a, b = item_parameters(item)
    rng = np.random.default_rng(5)
    for theta in (-2.0, 0.0, 2.0):
        draws = [score_item(item, simulate_answer(item, theta, rng)).score for _ in range(3000)]
        assert np.mean(draws) == pytest.approx(expected_score(item, theta), abs=0.03)
    assert p_correct(b, a, b) == pytest.approx(0.5)


def test_parallel_items_are_equally_hard_unless_the_bank_says_otherwise():
    for position in POSITIONS:
        if any("irt" in item for item in position.items.values()):
            continue
        assert item_parameters(position.item("A")) == item_parameters(position.item("B"))
    # A9 is set to discriminate poorly, so the report has a flagged item to show
    assert item_parameters(BANK.get("A9"))[0] < item_parameters(BANK.get("B9"))[0]
    assert item_parameters(BANK.get("A12")) == (1.0, -3.0)


def test_behaviour_shares_and_every_kind_of_malice():
    trainees = make_cohort(CohortParams(n_trainees=200, seed=1))
    behaviours = [t.behaviour for t in trainees]
    assert behaviours.count("malicious") == 8 and behaviours.count("sloppy") == 16
    assert {t.malice for t in trainees if t.malice} == set(MALICE)
    gains = np.array([t.gain for t in trainees])
    assert 0.6 < gains.mean() < 1.0


def test_sloppy_and_malicious_submissions():
    params = CohortParams(n_trainees=40, seed=2, sloppy_share=0.5, malicious_share=0.5)
    trainees = make_cohort(params)
    sloppy = next(t for t in trainees if t.behaviour == "sloppy")
    submission = trainee_submission(sloppy, POSITIONS, "A", "pre", params)
    assert len(submission.sources) < len(POSITIONS)  # some blank
    for kind in MALICE:
        trainee = next(t for t in trainees if t.malice == kind)
        submission = trainee_submission(trainee, POSITIONS, "B", "post", params)
        if kind == "locked_cell":
            assert submission.locked_edits == {"score_Q1": "1.0  # full marks, please"}
        else:
            text = "\n".join(submission.sources.values())
            marker = {
                "shell": "os.system",
                "endless_loop": "while True",
                "huge_allocation": "bytearray(10**13)",
                "patch_grader": "graded_points =",
            }[kind]
            assert marker in text


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_trainees": 0},
        {"n_trainees": 5, "sloppy_share": 1.5},
        {"n_trainees": 5, "malice": ("x",)},
    ],
)
def test_bad_parameters_are_user_errors(kwargs):
    with pytest.raises(UserInputError):
        CohortParams(**kwargs)
