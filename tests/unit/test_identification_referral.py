"""Identification is its own decision: the manual's referral rule on the indicators, never the
legal verdict; the next steps follow who the person is; the graded assignment's decision is not
free."""

from __future__ import annotations

import dataclasses
import statistics
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simsuite.activities.identification import IdentificationExercise, IdentificationKey
from simsuite.activities.identification.activity import TYPE
from simsuite.activities.identification.referral import is_presumed_victim, next_steps
from simsuite.law import facts_from_dict, qualify
from simsuite.trafficking import GeneratorParams, generate_case

REPO = Path(__file__).resolve().parents[2]


def test_indicators_make_a_presumed_victim_and_their_absence_does_not():
    assert is_presumed_victim({"held_against_will"})
    assert not is_presumed_victim(set())


def test_next_steps_for_child_adult_and_foreign_citizen():
    assert next_steps({"held_against_will"}, "child", foreign=False) == {
        "refer_services",
        "child_safeguards",
    }
    assert next_steps({"held_against_will"}, "adult", foreign=True) == {
        "refer_services",
        "keep_documents",
        "foreign_notice",
    }
    assert next_steps(set(), "adult", foreign=True) == {"no_referral"}


def test_a_near_miss_with_indicators_is_referred_and_the_feedback_tells_the_difference():
    params = {"non_trafficking_share": 1.0, "near_misses": ("kidnapping_ransom",)}
    exercise = IdentificationExercise.generate(3, lang="en", **params)
    assert exercise.key.presumed_victim  # held against their will: refer, though not trafficking
    result = exercise.check(set(), False)
    decision = next(item for item in result.items if item.item == "decision")
    assert decision.outcome == "decision_wrong"
    assert "referred as a presumed victim" in decision.why
    assert "decided later, on evidence" in decision.why
    assert "Not trafficking" in decision.why  # the later qualification, for comparison only


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 100_000), st.sampled_from([0.0, 0.3, 1.0]))
def test_identification_never_depends_on_the_legal_verdict(seed, share):
    case = generate_case(seed, GeneratorParams(non_trafficking_share=share, open_share=0.2))
    other_facts = facts_from_dict(
        {
            "victim": {"age": 30, "sex": "female", "citizenship": "KG"},
            "acts": ["recruitment"],
            "means": [] if case.verdict.is_trafficking else ["deception"],
            "purposes": ["forced_labour"],
            "travel": "none",
            "route": {"scope": "none", "border_crossing": "none"},
            "exploitation_occurred": False,
        }
    )
    flipped = dataclasses.replace(case, verdict=qualify(other_facts, "KG"))
    assert flipped.verdict.is_trafficking != case.verdict.is_trafficking
    first = IdentificationExercise.from_case(case, lang="en").key
    second = IdentificationExercise.from_case(flipped, lang="en").key
    assert first.presumed_victim == second.presumed_victim == bool(case.police_indicators)
    assert first.next_steps == second.next_steps


def _graded_cohort(size: int = 120):
    """The graded identification variants as the course file draws them."""
    course = yaml.safe_load((REPO / "grading" / "course.yaml").read_text("utf-8"))
    assignment = next(a for a in course["assignments"] if a["kind"] == "identification")
    params, constraints = assignment["params"], assignment.get("constraints", {})
    scenarios, seed = [], 0
    while len(scenarios) < size:
        scenario = TYPE.generate(params, seed, "en")
        seed += 1
        if TYPE.accepts(scenario, constraints):
            scenarios.append(scenario)
    return params, scenarios


def test_the_graded_assignment_draws_cases_that_are_not_presumed_victims():
    params, scenarios = _graded_cohort()
    assert params["non_trafficking_share"] >= 0.2 and params.get("open_share", 0) > 0
    decisions = [s.key.presumed_victim for s in scenarios]
    assert 0.08 <= decisions.count(False) / len(decisions) <= 0.5


def test_a_trainee_who_always_answers_yes_scores_poorly():
    _params, scenarios = _graded_cohort()
    perfect = [TYPE.evaluate(s.key, TYPE.solution(s.key), "en").score for s in scenarios]
    strategies = {
        "yes only": lambda public: {"presumed_victim": True},
        "yes and refer": lambda public: {
            "presumed_victim": True,
            "next_steps": {"refer_services"},
        },
        "yes and every box": lambda public: {
            "indicators_seen": {option for option, _label in public.options()},
            "presumed_victim": True,
            "next_steps": {option for option, _label in public.step_options()},
        },
    }
    assert statistics.mean(perfect) == 1
    for name, strategy in strategies.items():
        scores = [TYPE.evaluate(s.key, strategy(s.public), "en").score for s in scenarios]
        assert statistics.mean(scores) < 0.45, name
    # and the decision part alone is not free: "yes" is wrong on a share of the cases
    wrong = [s for s in scenarios if not s.key.presumed_victim]
    assert len(wrong) >= 10


def test_the_key_can_be_built_from_indicators_alone():
    key = IdentificationKey.from_indicators("child", frozenset({"unfit_living_place"}), True)
    assert key.presumed_victim and "foreign_notice" in key.next_steps
