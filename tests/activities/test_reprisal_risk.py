"""The reprisal-risk planner: its content, the register formula, the generator's properties and
the scoring rule (the contract test covers determinism, blank, perfect and malformed answers)."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simsuite.activities.elements import TYPE as ELEMENTS
from simsuite.activities.reprisal_risk import TYPE
from simsuite.activities.reprisal_risk.content import PACKAGE, catalogue
from simsuite.activities.reprisal_risk.evaluate import (
    WEIGHTS,
    expert_plan,
    parse_answer,
    rating_field,
    unsafe_measures,
)
from simsuite.activities.reprisal_risk.register import Plan, band, build_register
from simsuite.activities.reprisal_risk.situation import FLAGS, MAX_THREATS, MIN_THREATS
from simsuite.content import package_yaml, schema_checked
from simsuite.errors import ContentError, UserInputError

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
params = st.fixed_dictionaries(
    {
        "jurisdiction": st.sampled_from(["KG", "AZ", "UZ"]),
        "age_band": st.sampled_from(["any", "adult", "child"]),
        "non_trafficking_share": st.sampled_from([0.0, 0.3]),
    }
)
seeds = st.integers(min_value=0, max_value=2**31)
PLACEHOLDER = re.compile(r"\{[a-zA-Z_:]+")


# --- content ---------------------------------------------------------------------------------


def test_shipped_content_passes_its_schema_and_reference_checks():
    cat = catalogue()
    assert len(cat.threats) >= 7 and cat.of_kind("vulnerability") and cat.of_kind("capacity")
    # every factor a measure changes bears on some threat, and every threat can be acted on
    acted = {t for f in cat.factors.values() for t in f.bears_on}
    assert acted == set(cat.threats)
    # the schema knows exactly the flags the situation draws
    schema = package_yaml(PACKAGE, "data", "catalogue.yaml")
    assert schema["schema"] == "simsuite.reprisal_risk/1"
    import json
    from importlib import resources

    defs = json.loads(resources.files(PACKAGE).joinpath("data/schema.json").read_text())["$defs"]
    assert set(defs["flag"]["enum"]) == set(FLAGS)


def test_a_broken_entry_is_named_in_the_error():
    data = copy.deepcopy(package_yaml(PACKAGE, "data", "catalogue.yaml"))
    data["threats"][2]["likelihood"][0]["level"] = "extreme"
    with pytest.raises(ContentError) as error:
        schema_checked(data, PACKAGE, "data/schema.json", "catalogue", "catalogue.yaml")
    assert "threats/2/likelihood/0/level" in str(error.value)
    assert "very_high" in str(error.value)  # what is allowed


def test_every_text_has_english_and_russian_and_no_file_name():
    data = package_yaml(PACKAGE, "data", "catalogue.yaml")

    def texts(node):
        if isinstance(node, dict):
            if "en" in node and isinstance(node["en"], str):
                yield node
            else:
                for value in node.values():
                    yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)

    found = list(texts(data)) + list(texts(package_yaml(PACKAGE, "data", "briefing.yaml")))
    assert len(found) > 80
    for text in found:
        assert text.get("ru"), text["en"]
        assert len(PLACEHOLDER.findall(text["en"])) <= len(PLACEHOLDER.findall(text["ru"])) + 3
        assert ".txt" not in text["en"] and ".txt" not in text["ru"]


# --- the register ----------------------------------------------------------------------------


def test_the_lesson_example_of_the_formula():
    """likelihood 3, impact 4, two vulnerabilities and one capacity; the plan removes one
    vulnerability, adds one capacity and has one emergency measure ready (lesson, section
    "How the planner computes the register")."""
    plan = Plan(
        ratings={"attack": (3, 4)},
        vulnerabilities=frozenset({"address_known", "leak"}),
        capacities=frozenset({"emergency_contacts", "psychologist"}),  # the second bears not
        measures=frozenset({"shelter"}),
        responses=frozenset({"call_unit"}),
    )
    (row,) = build_register(catalogue(), plan)
    assert row.risk == 12 and band(row.risk) == "very_high" and row.priority
    assert (row.vulnerabilities, row.capacities) == (("address_known", "leak"),
                                                     ("emergency_contacts",))
    assert row.vulnerabilities_after == ("leak",)
    assert row.capacities_after == ("emergency_contacts", "safe_shelter")
    assert row.likelihood_after == pytest.approx(1.33, abs=0.01)
    assert row.impact_after == pytest.approx(3.0)
    assert row.risk_after == pytest.approx(4.0) and band(row.risk_after) == "medium"


def test_no_plan_no_change_and_never_below_low():
    plan = Plan({"smear": (1, 2)}, frozenset(), frozenset(), frozenset(), frozenset())
    (row,) = build_register(catalogue(), plan)
    assert (row.likelihood_after, row.impact_after) == (1, 2)
    many = Plan({"intimidation": (1, 1)}, frozenset({"phone_exposed"}), frozenset(),
                frozenset({"secure_phone", "ngo_link", "psych_support", "emergency_plan"}),
                frozenset({"call_unit", "court_protection"}))
    (row,) = build_register(catalogue(), many)
    assert row.likelihood_after == 1 and row.impact_after == 1  # no zero risk


def test_an_exposing_measure_raises_the_risk_and_an_unsafe_report_protects_nothing():
    base = Plan({"smear": (2, 3)}, frozenset(), frozenset(), frozenset(), frozenset())
    exposed = Plan({"smear": (2, 3)}, frozenset(), frozenset(), frozenset({"publicise"}),
                   frozenset())
    (before,), (after,) = build_register(catalogue(), base), build_register(catalogue(), exposed)
    assert after.likelihood_after > before.likelihood_after
    report = Plan({"attack": (2, 4)}, frozenset(), frozenset(), frozenset(),
                  frozenset({"report_local"}))
    (safe,) = build_register(catalogue(), report)
    (unsafe,) = build_register(catalogue(), report, unsafe={"report_local"})
    assert safe.impact_after < 4 and unsafe.impact_after == 4


# --- the generator ---------------------------------------------------------------------------


@SETTINGS
@given(params, seeds)
def test_every_case_is_plannable_and_its_expert_plan_is_safe(case_params, seed):
    scenario = TYPE.generate(case_params, seed, "en")
    key, public = scenario.key, scenario.public
    assert MIN_THREATS <= len(key.threats) <= MAX_THREATS
    assert set(key.threats) | set(key.absent) == set(catalogue().threats)
    # every vulnerability and capacity the key holds is shown by a sentence of the briefing
    for evidence in (*key.vulnerabilities.values(), *key.capacities.values()):
        assert evidence and evidence in public.briefing
    assert not PLACEHOLDER.search(public.briefing)
    # the expert's plan is within the resources, safe, and covers what must be covered
    for phase, chosen, must in (("prevent", key.expert_measures, key.must_prevent),
                                ("respond", key.expert_responses, key.must_respond)):
        assert len(chosen) <= key.limits[phase] == public.budgets[phase]
        assert all(key.verdicts[m].status == "effective" for m in chosen)
        covered = set().union(*(key.verdicts[m].acts_on for m in chosen))
        assert set(must) <= covered
    assert set(key.must_prevent) <= set(key.priority)
    result = TYPE.evaluate(key, TYPE.solution(key), "en")
    assert result.score == pytest.approx(1.0)


@SETTINGS
@given(params, seeds)
def test_english_and_russian_tell_the_same_case(case_params, seed):
    en, ru = (TYPE.generate(case_params, seed, lang) for lang in ("en", "ru"))
    assert TYPE.solution(en.key) == TYPE.solution(ru.key)
    assert len(en.public.briefing.split(". ")) <= len(ru.public.briefing.split(". ")) + 3
    assert not PLACEHOLDER.search(ru.public.briefing)
    assert re.search("[а-яА-Я]", ru.public.briefing)


def test_the_same_seed_names_the_same_story_as_the_other_modules():
    for seed in (3, 41, 2024):
        protection = TYPE.generate({"jurisdiction": "AZ"}, seed, "en")
        elements = ELEMENTS.generate({"jurisdiction": "AZ"}, seed, "en")
        assert protection.public.narrative == elements.public.narrative


def test_constraints_select_comparable_variants():
    scenario = TYPE.generate({}, 7, "en")
    assert TYPE.accepts(scenario, {"min_priority": len(scenario.key.priority)})
    assert not TYPE.accepts(scenario, {"min_priority": len(scenario.key.priority) + 1})


# --- scoring ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scenario():
    for seed in range(100, 400):
        found = TYPE.generate({"jurisdiction": "KG"}, seed, "en")
        if (len(found.key.priority) >= 3 and found.key.must_prevent
                and "report_local" in unsafe_measures(found.key)):
            return found
    raise AssertionError("no case with a leaking station near the start seed")


def test_exposing_measures_are_penalised_and_named(scenario):
    key = scenario.key
    answer = TYPE.solution(key)
    answer["emergency"] = set(answer["emergency"]) | {"report_local"}
    if len(answer["emergency"]) > key.limits["respond"]:
        answer["emergency"] = {"report_local", *sorted(key.expert_responses)[:2]}
    result = TYPE.evaluate(key, answer, "en")
    assert result.credit("emergency") <= 1 - 0.5
    item = next(i for i in result.items if i.item == "emergency:report_local")
    assert item.is_error and "if it is safe" in item.why


def test_more_measures_than_the_resources_allow_earn_nothing_for_the_plan(scenario):
    key = scenario.key
    answer = TYPE.solution(key)
    offered = dict(scenario.public.prevent_options)
    effective = [m for m, v in key.verdicts.items()
                 if v.status == "effective" and v.acts_on and m in offered]
    answer["measures"] = set(effective[: key.limits["prevent"] + 1])
    if len(answer["measures"]) <= key.limits["prevent"]:
        pytest.skip("not enough effective measures to go over the limit")
    result = TYPE.evaluate(key, answer, "en")
    assert result.credit("measures") == 0
    assert any(i.outcome == "over_budget" for i in result.items)
    assert result.score == pytest.approx(1 - WEIGHTS["measures"])


def test_a_missed_threat_and_a_rating_one_step_off(scenario):
    key = scenario.key
    answer = TYPE.solution(key)
    missed = key.priority[0]
    answer["threats"] = set(key.threats) - {missed}
    other = next(t for t in key.threats if t != missed)
    levels = list(catalogue().level_values)
    right = levels.index(key.threats[other].likelihood)
    answer[rating_field("likelihood", other)] = levels[right + 1 if right < 3 else right - 1]
    result = TYPE.evaluate(key, answer, "en")
    parts = dict(result.parts)
    assert parts["threats"] == pytest.approx(1 - 1 / len(key.threats))
    rated = len(key.threats) - 1
    assert parts["ratings"] == pytest.approx(1 - 0.25 / rated)
    assert next(i for i in result.items if i.item == f"threat:{missed}").outcome == "missed"


def test_a_false_alarm_says_why_the_case_does_not_show_it(scenario):
    key = scenario.key
    absent = next(iter(key.absent))
    answer = {**TYPE.solution(key), "threats": set(key.threats) | {absent}}
    result = TYPE.evaluate(key, answer, "en")
    item = next(i for i in result.items if i.item == f"threat:{absent}")
    assert item.outcome == "false_alarm" and item.why == key.absent[absent]
    assert result.score < 1


def test_malformed_answers_name_the_field_and_what_is_allowed(scenario):
    for field, value in (("threats", "attack"), ("likelihood_attack", "extreme"),
                         ("measures", {"teleport"})):
        with pytest.raises(UserInputError) as error:
            parse_answer(scenario.key, {field: value})
        assert error.value.where == field and error.value.allowed


def test_feedback_shows_both_registers_and_the_sources(scenario):
    result = TYPE.evaluate(scenario.key, TYPE.solution(scenario.key), "ru")
    html = result.render_html()
    assert "simsuite-register" in html and html.count("<table") == 2
    assert "ISHR" in html and "seeds/" not in html


def test_the_expert_register_lowers_every_priority_risk(scenario):
    rows = build_register(catalogue(), expert_plan(scenario.key), unsafe_measures(scenario.key))
    for row in rows:
        if row.threat in scenario.key.must_prevent:
            assert row.risk_after < row.risk


# --- the app, without a browser ----------------------------------------------------------------


def test_the_app_scores_with_the_same_rule_and_shows_the_matrix(scenario):
    app = TYPE.app(seed=scenario.seed, lang="en", **dict(scenario.params))
    recorded = []
    app.on_check = recorded.append
    solution = TYPE.solution(scenario.key)
    for threat in solution["threats"]:
        app.boxes["threats"][threat].value = True
        for axis in ("likelihood", "impact"):
            app.ratings[rating_field(axis, threat)].value = solution[rating_field(axis, threat)]
    for name in ("vulnerabilities", "capacities", "measures", "emergency"):
        for option in solution[name]:
            app.boxes[name][option].value = True
    assert "simsuite-register" in app.live.value  # the learner's register, as they work
    result = app.check()
    assert result.score == pytest.approx(1.0) and recorded == [result]
    assert "data:image/png;base64," in app.feedback.value and "simsuite-matrix-words" in (
        app.feedback.value
    )
    seed = app.seed
    app.new_case()
    assert app.seed != seed and app.feedback.value == ""
