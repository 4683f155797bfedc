"""The tabletop's rule in detail: every brief has a right answer, targets missed are flagged
with their figures, the plan is scored part by part against the source, injects against the
source and the plan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simsuite.activities.tabletop.activity import TYPE
from simsuite.activities.tabletop.exercise import (
    base_scenario,
    parse_answer,
    plan_cost,
    targets_met,
)
from simsuite.errors import UserInputError
from simsuite.massevent.risk import assess

SEED = 7


@pytest.fixture(scope="module")
def scenario():
    return TYPE.generate({}, SEED, "en")


def verdicts(result):
    return {v.item: v for v in result.items}


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_every_brief_has_a_right_answer_and_something_to_fix(seed):
    scenario = TYPE.generate({}, seed, "en")
    brief, key = scenario.public, scenario.key
    solution = TYPE.solution(key)
    result = TYPE.evaluate(key, solution, "en")
    assert result.score == pytest.approx(1.0), result.render_text()
    cost = sum(plan_cost(brief, parse_answer(brief, solution)).values())
    assert cost <= brief.budget
    as_it_stands = targets_met(brief, assess(base_scenario(key)), 0.0)
    assert sum(not ok for name, ok in as_it_stands.items() if name != "budget") >= 2


def test_doing_nothing_but_naming_the_lead_misses_targets_with_figures(scenario):
    result = TYPE.evaluate(scenario.key, {"plan_lead": "internal_affairs"}, "en")
    items = verdicts(result)
    missed = [v for v in result.items if v.group == "target" and v.outcome == "missed"]
    assert len(missed) >= 2
    assert items["evacuation"].figures.count("min") >= 3  # expected, design, target at least
    assert "design rates" in items["capacity"].figures
    assert items["plan_lead"].outcome == "right"
    assert result.summary.startswith("Targets missed")


def test_the_plan_is_scored_part_by_part(scenario):
    key, brief = scenario.key, scenario.public
    solution = TYPE.solution(key)
    gate_routes = {r for r, _label in brief.options["plan_routes"] if r not in key.valid_routes}
    answer = {
        **solution,
        "plan_lead": "local_government",
        "plan_tasks": solution["plan_tasks"] | {"x_media_evac"},
        "plan_sequence": list(reversed(solution["plan_sequence"])),
        "plan_routes": solution["plan_routes"] | gate_routes,
    }
    items = verdicts(TYPE.evaluate(key, answer, "en"))
    assert items["plan_lead"].outcome == "wrong"
    assert items["plan_tasks"].outcome == "partly"
    assert "media inform the public" in items["plan_tasks"].why
    assert items["plan_sequence"].credit == 0
    if gate_routes:
        assert "not an evacuation route" in items["plan_routes"].why
    # officers are checked against the trainee's own part 1
    fewer = {**solution, "plan_tasks": {"ia_risk"}}
    officers = verdicts(TYPE.evaluate(key, fewer, "en"))["plan_officers"]
    assert "without a task in your plan" in officers.why


def test_injects_are_scored_against_the_source_and_the_plan(scenario):
    key = scenario.key
    solution = TYPE.solution(key)
    wrong = {**solution, "response_gate_crush": {"hurry_through", "hold_inflow"}}
    crush = verdicts(TYPE.evaluate(key, wrong, "en"))["inject_gate_crush"]
    assert crush.outcome == "partly" and "raises the pressure" in crush.why
    unready = {
        **solution,
        "plan_algorithms": solution["plan_algorithms"] - {"fire"},
    }
    fire = verdicts(TYPE.evaluate(key, unready, "en"))["inject_fire_alarm"]
    assert fire.credit == pytest.approx(0.75) and "improvised" in fire.why
    assert "largest exit unavailable" in fire.figures


def test_a_malformed_answer_names_the_field_and_what_is_allowed(scenario):
    brief = scenario.public
    with pytest.raises(UserInputError) as error:
        TYPE.evaluate(scenario.key, {"admission_cap": brief.attendance + 1}, "en")
    assert error.value.where == "admission_cap" and f"{brief.attendance:,}" in error.value.allowed
    with pytest.raises(UserInputError) as error:
        TYPE.evaluate(scenario.key, {"plan_sequence": ["risk_analysis"]}, "en")
    assert error.value.where == "plan_sequence"


def test_the_brief_speaks_russian():
    scenario = TYPE.generate({}, SEED, "ru")
    text = TYPE.public_markdown(scenario.public, "ru")
    assert "**Бюджет:**" in text and "Органы внутренних дел" in text
    result = TYPE.evaluate(scenario.key, TYPE.solution(scenario.key), "ru")
    assert result.summary == "Все цели достигнуты."
