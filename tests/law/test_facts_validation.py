"""Bad facts files: a clear message naming the field and what is allowed, never a traceback."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from simsuite.errors import UserInputError
from simsuite.law import facts_from_dict


def facts(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "victim": {"age": 22, "sex": "female", "citizenship": "KG"},
        "acts": ["recruitment"],
        "means": ["deception"],
        "purposes": ["forced_labour"],
        "travel": "none",
        "route": {"scope": "none", "border_crossing": "none"},
        "exploitation_occurred": False,
    }
    base.update(overrides)
    return base


def error_for(data: Any) -> UserInputError:
    with pytest.raises(UserInputError) as caught:
        facts_from_dict(data, where="case.json")
    return caught.value


@pytest.mark.parametrize(
    "field", ["victim", "acts", "means", "purposes", "travel", "route", "exploitation_occurred"]
)
def test_missing_top_level_field_is_named(field: str):
    data = facts()
    del data[field]
    error = error_for(data)
    assert repr(field) in error.render()
    assert "required fields" in error.render()


def test_missing_nested_field_is_named_with_its_path():
    data = facts()
    del data["victim"]["age"]
    assert "'victim.age'" in error_for(data).render()


def test_unknown_enum_value_lists_the_allowed_values():
    error = error_for(facts(means=["bribery"]))
    assert error.where == "case.json: means[0]"
    assert "deception" in error.allowed and "abduction" in error.allowed


def test_unknown_field_is_rejected():
    data = facts()
    data["victimm"] = {}
    assert "victimm" in error_for(data).render()


def test_wrong_type_is_rejected():
    error = error_for(facts(victim={"age": "twenty", "sex": "female", "citizenship": "KG"}))
    assert "victim.age" in error.where


def test_not_a_mapping_is_rejected():
    assert error_for([1, 2, 3]).what


CONTRADICTIONS = [
    ({"route": {"scope": "domestic", "border_crossing": "illegal"}}, "route.border_crossing"),
    ({"route": {"scope": "cross_border", "border_crossing": "none"}}, "route.border_crossing"),
    ({"route": {"scope": "none", "border_crossing": "legal"}}, "route"),
    (
        {
            "route": {
                "scope": "cross_border",
                "origin": "KG",
                "destination": "KG",
                "border_crossing": "legal",
            }
        },
        "route.destination",
    ),
    (
        {"travel": "independent", "offenders": [{"id": "T", "age": 30, "roles": ["transporter"]}]},
        "travel",
    ),
    ({"purposes": [], "exploitation_occurred": True}, "purposes"),
    ({"means": ["abuse_of_vulnerability"]}, "victim.vulnerabilities"),
    ({"means": ["payment_to_person_in_control"]}, "offenders"),
    ({"observations": ["unaccompanied_foreign_child"]}, "observations"),
    (
        {"offenders": [{"id": "A", "age": 30, "roles": []}, {"id": "A", "age": 31, "roles": []}]},
        "offenders",
    ),
]


@pytest.mark.parametrize(("override", "field"), CONTRADICTIONS)
def test_contradictory_facts_name_the_field(override: dict[str, Any], field: str):
    error = error_for(facts(**copy.deepcopy(override)))
    assert error.where == f"case.json: {field}"
