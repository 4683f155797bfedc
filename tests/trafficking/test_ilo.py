"""ILO-EC operational indicators (2009): data integrity, facts mapping, assessment."""

from __future__ import annotations

from dataclasses import replace

from simsuite.activities.identification.ilo import STRENGTHS, assess, ilo_data, indicators_for_facts
from simsuite.trafficking import GeneratorParams, generate_case

DIMENSIONS = (
    "deceptive_recruitment",
    "coercive_recruitment",
    "abuse_of_vulnerability_recruitment",
    "exploitative_conditions",
    "coercion_at_destination",
    "abuse_of_vulnerability_destination",
)


def test_six_dimensions_with_the_published_counts():
    data = ilo_data()
    assert data.dimensions == DIMENSIONS
    for dimension in DIMENSIONS:
        found = [i for i in data.indicators.values() if i.dimension == dimension]
        assert len(found) == data.expected_counts[dimension]
    assert [data.expected_counts[d] for d in DIMENSIONS] == [10, 10, 16, 9, 15, 7]
    assert {i.strength for i in data.indicators.values()} <= set(STRENGTHS)


def test_combination_rule_is_flagged_and_not_guessed():
    rule = ilo_data().rule
    assert rule["verified"] is False and "verify" in rule["note"].lower()
    result = assess(["confiscation_documents", "deceived_nature_of_job"])
    assert result.victim is None and not result.rule_verified
    by_dimension = {d.dimension: d for d in result.dimensions}
    assert by_dimension["coercion_at_destination"].counts["strong"] == 1
    assert all(d.positive is None for d in result.dimensions)


def test_a_rule_entered_as_data_is_applied():
    data = ilo_data()
    rule = {
        "verified": False,
        "dimension_positive_if_any": [{"strong": 1}],
        "victim_if": {
            "adult": {
                "all_of": [
                    {"any_of": ["deceptive_recruitment"]},
                    {"any_of": ["coercion_at_destination"]},
                ]
            }
        },
    }
    custom = replace(data, rule=rule)
    assert assess(["deceived_nature_of_job", "confiscation_documents"], data=custom).victim
    assert not assess(["deceived_nature_of_job"], data=custom).victim


def test_generated_cases_map_to_known_indicators():
    ids = set(ilo_data().indicators)
    for seed in range(100):
        case = generate_case(seed, GeneratorParams(non_trafficking_share=0.3))
        assert set(case.ilo_indicators) <= ids
        assert case.ilo_indicators == indicators_for_facts(case.facts)
