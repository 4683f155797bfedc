"""The shared cases of the protection and coordination session plans (docs/instructor/) are what
the plans say: the same case number, the same expert's answer. When a change of content moves a
case, this test fails and the plan is updated with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from simsuite.activities.institutions import TYPE as INSTITUTIONS
from simsuite.activities.needs_assessment import TYPE as NEEDS
from simsuite.activities.reprisal_risk import TYPE as PLANNER
from simsuite.activities.reprisal_risk.evaluate import unsafe_measures
from simsuite.curriculum import load_curriculum

REPO = Path(__file__).resolve().parents[2]


def practice_params(type_name: str) -> dict:
    for module in load_curriculum().modules.values():
        for activity in module.practice:
            if activity.type == type_name:
                return dict(activity.params)
    raise AssertionError(type_name)


def planner(seed):
    return PLANNER.generate(practice_params("reprisal_risk"), seed, "en").key


def protection_plan() -> str:
    return (REPO / "docs" / "instructor" / "protection.md").read_text()


def test_protection_case_123():
    key = planner(123)
    assert {t: (k.likelihood, k.impact) for t, k in key.threats.items()} == {
        "intimidation": ("high", "medium"),
        "relatives": ("high", "high"),
        "recapture": ("medium", "very_high"),
        "proceedings": ("low", "medium"),
    }
    assert key.priority == ("intimidation", "relatives", "recapture")
    assert set(key.verdicts["need_to_know"].acts_on) >= set(key.priority)
    assert key.expert_measures == {"need_to_know", "relocate_family", "secure_phone"}
    assert key.expert_responses == {"call_unit", "court_protection", "report_platform"}
    assert "report_local" in unsafe_measures(key)
    assert {"child", "leak", "shelter", "debt"} <= key.flags and "violent" not in key.flags
    plan = protection_plan()
    assert "| 123 | Eliza M., 17," in plan and "(low, medium)" in plan
    # the lesson's worked example is this case
    from simsuite.curriculum.lesson import load_lesson

    examples = [s.example for s in load_lesson("protection").sections if s.example]
    assert [int(e["seed"]) for e in examples] == [123]


def test_protection_case_332():
    key = planner(332)
    assert key.priority == ("intimidation", "relatives", "attack", "recapture", "expulsion")
    assert key.threats["attack"].likelihood == "low" and key.threats["attack"].impact == "very_high"
    assert key.expert_measures == {
        "reflection_period", "consulate", "relocate_family", "emergency_plan"
    }
    assert key.verdicts["detain"].status == "exposes"
    assert {"media", "irregular", "interpreter", "shelter", "foreign", "violent"} <= key.flags
    assert "| 332 | Dilnoza R., 38, a citizen of Uzbekistan" in protection_plan()


def test_protection_case_274():
    from simsuite.activities.identification.activity import CASE_PARAMS
    from simsuite.trafficking import GeneratorParams, generate_case

    params = {**CASE_PARAMS, **practice_params("reprisal_risk")}
    assert generate_case(274, GeneratorParams(**params)).kind == "kidnapping_ransom"
    key = planner(274)
    assert len(key.threats) == 6 and key.threats["dismissal"].likelihood == "medium"
    assert key.priority == ("intimidation", "relatives", "attack", "recapture", "surveillance")
    assert key.expert_measures == {"shelter", "relocate_family", "secure_phone", "emergency_plan"}
    assert {"new_job", "rented", "contacted", "violent"} <= key.flags and "child" not in key.flags
    assert "| 274 | Nazira O., 21, kidnapped for ransom" in protection_plan()


def test_protection_case_1():
    key = planner(1)
    assert "child" in key.flags and key.priority == ("recapture",) and len(key.threats) == 3
    assert key.threats["recapture"].likelihood == "low"
    assert key.expert_measures == {"documents", "legal_aid", "secure_phone", "emergency_plan"}
    assert "| 1 | (Optional.) Nurgul T., 16," in protection_plan()


@pytest.mark.parametrize(
    "seed, carriers, truths",
    [
        (11, ["ombudsman", "national_coordinator", "special_police_unit", "national_coordinator",
              "ngos", "national_coordinator"], [False, True]),
        (27, ["national_coordinator", "labour_inspectors", "national_coordinator",
              "protective_police", "labour_inspectors", "special_police_unit"], [False, True]),
    ],
)
def test_who_does_what_cases(seed, carriers, truths):
    key = INSTITUTIONS.generate(practice_params("institutions"), seed, "en").key
    assert [c[0] for c in key.carriers.values()] == carriers
    assert list(key.truths.values()) == truths


def test_assess_the_response_case_9():
    scenario = NEEDS.generate(practice_params("needs_assessment"), 9, "en")
    key = scenario.key
    assert "Talasia" in scenario.public.country
    assert key.reached == {"5.1": (1, 1), "5.2": (2, 2), "5.3": (2, 2), "5.4": (0, 1),
                           "5.5": (0, 0)}
    assert key.gaps == {"labour_inspection": False, "reflection_period": False}
    assert key.tiers == {"assistance_agreements": 0, "map_countries": 0,
                         "cooperation_strategy": 1, "plan_cooperation": 1,
                         "use_legal_assistance": 2}


def test_assess_the_response_case_21():
    scenario = NEEDS.generate(practice_params("needs_assessment"), 21, "en")
    key = scenario.key
    assert "Zarvan" in scenario.public.country
    assert key.reached["5.2"] == (0, 0) and key.reached["5.3"] == (0, 1)
    assert key.reached["5.4"] == (2, 2)
    assert key.tiers == {"appoint_coordinator": 0, "provide_coordinator": 0,
                         "assistance_agreements": 1, "ngos_equal_members": 1,
                         "cooperation_strategy": 2}


def test_the_plans_and_module_docs_exist_and_link():
    for name in ("protection", "coordination"):
        plan = (REPO / "docs" / "instructor" / f"{name}.md").read_text()
        module = (REPO / "docs" / "modules" / f"{name}.md").read_text()
        assert "## Objectives" in plan and "## Debrief questions" in plan
        assert f"../instructor/{name}.md" in module
        assert "?seed=" in plan and "&lang=ru" in plan
