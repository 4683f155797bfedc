"""The coordination module's types: who does what (institutions) and assess the response
(needs_assessment). The contract test covers determinism, blank, perfect and malformed answers."""

from __future__ import annotations

import copy
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simsuite.activities.institutions import TYPE as INSTITUTIONS
from simsuite.activities.institutions.activity import PACKAGE as INSTITUTIONS_PACKAGE
from simsuite.activities.institutions.activity import content as institutions_content
from simsuite.activities.institutions.activity import holds_field, who_field
from simsuite.activities.needs_assessment import TYPE as NEEDS
from simsuite.activities.needs_assessment.activity import DIMENSIONS, LEVEL_IDS, rating_field
from simsuite.activities.needs_assessment.activity import PACKAGE as NEEDS_PACKAGE
from simsuite.activities.needs_assessment.activity import content as needs_content
from simsuite.content import package_yaml, schema_checked
from simsuite.errors import ContentError, UserInputError

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
seeds = st.integers(min_value=0, max_value=2**31)
PLACEHOLDER = re.compile(r"\{[a-zA-Z_]+\}")


# --- who does what ---------------------------------------------------------------------------


def test_institutions_content_is_checked_and_names_the_entry():
    data = institutions_content()
    assert {i["id"] for i in data["institutions"]} >= {
        "national_coordinator", "special_police_unit", "shelter_ngo", "hotline_ngo",
        "labour_inspectors", "ngos",
    }
    broken = copy.deepcopy(package_yaml(INSTITUTIONS_PACKAGE, "data", "institutions.yaml"))
    del broken["principles"][1]["why"]
    with pytest.raises(ContentError) as error:
        schema_checked(broken, INSTITUTIONS_PACKAGE, "data/schema.json", "file", "x.yaml")
    assert "principles/1" in str(error.value) and "why" in str(error.value)


@SETTINGS
@given(seeds, st.integers(min_value=2, max_value=8), st.integers(min_value=0, max_value=4))
def test_every_matching_variant_is_answerable_and_varied(seed, duties, principles):
    scenario = INSTITUTIONS.generate({"responsibilities": duties, "principles": principles},
                                     seed, "en")
    key = scenario.key
    assert len(key.carriers) == duties and len(key.truths) == principles
    assert len({c[0] for c in key.carriers.values()}) >= min(4, duties)
    if principles >= 2:
        assert len(set(key.truths.values())) == 2  # one true, one false: no free half marks
    assert INSTITUTIONS.evaluate(key, INSTITUTIONS.solution(key), "en").score == 1


def test_any_institution_the_source_names_is_right_and_a_wrong_one_is_explained():
    for seed in range(200):
        scenario = INSTITUTIONS.generate({}, seed, "ru")
        shared = [n for n, c in enumerate(scenario.key.carriers.values(), 1) if len(c) > 1]
        if shared:
            break
    key = scenario.key
    position = shared[0]
    carriers = list(key.carriers.values())[position - 1]
    answer = {**INSTITUTIONS.solution(key), who_field(position): carriers[1]}
    assert INSTITUTIONS.evaluate(key, answer, "ru").score == 1
    answer[who_field(position)] = "border_service"
    result = INSTITUTIONS.evaluate(key, answer, "ru")
    assert result.score == pytest.approx(1 - 0.75 / len(key.carriers))
    wrong = next(i for i in result.items if i.is_error)
    labels = {i["id"]: i["label"]["ru"] for i in institutions_content()["institutions"]}
    assert all(labels[c] in wrong.why for c in carriers)


def test_a_statement_answered_wrongly_costs_its_share():
    scenario = INSTITUTIONS.generate({}, 11, "en")
    key = scenario.key
    answer = INSTITUTIONS.solution(key)
    answer[holds_field(1)] = not answer[holds_field(1)]
    result = INSTITUTIONS.evaluate(key, answer, "en")
    assert result.score == pytest.approx(1 - 0.25 / 2)
    with pytest.raises(UserInputError) as error:
        INSTITUTIONS.evaluate(key, {**answer, who_field(2): "parliament"}, "en")
    assert error.value.where == who_field(2) and "ombudsman" in error.value.allowed


def test_the_need_to_know_and_shelter_principles_are_in_the_content():
    principles = {p["id"]: p for p in institutions_content()["principles"]}
    assert principles["lock_at_night"]["holds"] is False
    assert principles["hotline_database"]["holds"] is False
    assert principles["treated_as_victims"]["holds"] is True
    assert "deprivation of liberty" in principles["lock_at_night"]["why"]["en"]


# --- assess the response ---------------------------------------------------------------------


def test_needs_content_is_checked():
    data = needs_content()
    assert [r["id"] for r in data["rows"]] == ["5.1", "5.2", "5.3", "5.4", "5.5"]
    broken = copy.deepcopy(package_yaml(NEEDS_PACKAGE, "data", "assessment.yaml"))
    broken["recommendations"][0]["target"][1] = "vibes"
    with pytest.raises(ContentError) as error:
        schema_checked(broken, NEEDS_PACKAGE, "data/schema.json", "file", "x.yaml")
    assert "recommendations/0/target/1" in str(error.value)


@SETTINGS
@given(seeds, st.sampled_from(["low", "mixed", "high"]), st.integers(min_value=3, max_value=7))
def test_every_profile_is_consistent_and_rankable(seed, maturity, count):
    scenario = NEEDS.generate({"maturity": maturity, "recommendations": count}, seed, "en")
    key, public = scenario.key, scenario.public
    rows = {r["id"]: r for r in needs_content()["rows"]}
    for row, (framework, operational) in key.reached.items():
        requires = rows[row].get("requires", {})
        for level in (1, 2):
            if operational >= level:
                assert framework >= requires.get(f"operational_{level}", 0)
    assert len(key.tiers) == count
    assert 2 in key.tiers.values() and len(set(key.tiers.values())) >= 2
    text = NEEDS.public_markdown(public, "en")
    assert not PLACEHOLDER.search(text)
    for finding in key.evidence.values():
        assert finding in text
    assert NEEDS.evaluate(key, NEEDS.solution(key), "en").score == pytest.approx(1)


def test_ranking_earns_by_pairs_the_key_orders():
    scenario = NEEDS.generate({}, 4, "en")
    key = scenario.key
    solution = NEEDS.solution(key)
    reversed_answer = {**solution, "ranking": list(reversed(solution["ranking"]))}
    pairs = [(a, b) for a, b in itertools.permutations(key.tiers, 2)
             if key.tiers[a] < key.tiers[b]]
    result = NEEDS.evaluate(key, reversed_answer, "en")
    ranking = next(i for i in result.items if i.item == "ranking")
    ties = [(a, b) for a, b in itertools.combinations(key.tiers, 2)
            if key.tiers[a] == key.tiers[b]]
    assert pairs and ranking.credit == 0 and result.score == pytest.approx(0.6)
    if ties:  # swapping two tied recommendations costs nothing
        a, b = ties[0]
        order = list(solution["ranking"])
        i, j = order.index(a), order.index(b)
        order[i], order[j] = order[j], order[i]
        assert NEEDS.evaluate(key, {**solution, "ranking": order}, "en").score == 1


def test_a_rating_one_level_off_earns_half():
    scenario = NEEDS.generate({}, 9, "en")
    key = scenario.key
    answer = NEEDS.solution(key)
    field = rating_field("framework", "5.2")
    right = LEVEL_IDS.index(answer[field])
    answer[field] = LEVEL_IDS[right + 1 if right < 2 else right - 1]
    result = NEEDS.evaluate(key, answer, "en")
    fields = len(key.reached) * len(DIMENSIONS)
    assert result.score == pytest.approx(1 - 0.6 * 0.5 / fields)
    item = next(i for i in result.items if i.item == field)
    assert item.outcome == "partly" and key.evidence[field] in item.why


def test_an_incomplete_ranking_is_a_clear_error():
    scenario = NEEDS.generate({}, 9, "en")
    first = scenario.public.recommendations[0][0]
    with pytest.raises(UserInputError) as error:
        NEEDS.evaluate(scenario.key, {"ranking": [first, None, None, None, None]}, "en")
    assert error.value.where == "ranking" and first in error.value.allowed


def test_the_feedback_says_the_profile_decides_and_cites_the_report():
    scenario = NEEDS.generate({}, 2, "ru")
    result = NEEDS.evaluate(scenario.key, {"ranking": None, "framework_5_1": "none"}, "ru")
    text = result.render_text()
    assert "МОМ" in text and "seeds/" not in text
    assert result.summary
