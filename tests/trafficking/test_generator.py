"""The generator's contract, its controls, its near misses and its templates."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from simsuite.errors import UserInputError
from simsuite.trafficking import Case, GeneratorParams, generate_case
from simsuite.trafficking.generator import DISCOVERY_AFTER_RETURN, DISCOVERY_AT_HOME, FORM_MEANS
from simsuite.trafficking.model import GENERATED_FORMS, NEAR_MISSES
from simsuite.trafficking.render import templates


def test_contract_for_the_identification_exercise():
    case: Case = generate_case(
        seed=123,
        params=GeneratorParams(
            jurisdiction="KG", age_band="adult", non_trafficking_share=0.3, difficulty="easy"
        ),
    )
    assert (
        isinstance(case.case_id, str)
        and case.case_id
        == generate_case(123, GeneratorParams(age_band="adult", difficulty="easy")).case_id
    )
    assert case.render(lang="en").count("\n\n") >= 2
    assert case.render(lang="ru") != case.render(lang="en")
    assert case.is_child is False
    assert isinstance(case.police_indicators, tuple)
    assert set(case.indicator_evidence(lang="en")) == set(case.police_indicators)
    assert case.verdict.is_trafficking in (True, False, None)
    assert case.verdict.status in ("complete", "open")
    assert case.verdict.summary(lang="ru")
    assert json.dumps(case.to_dict(), sort_keys=True)
    assert generate_case(5).case_id  # params optional


def test_different_params_give_different_ids():
    a = generate_case(1, GeneratorParams(difficulty="easy"))
    b = generate_case(1, GeneratorParams(difficulty="hard"))
    assert a.case_id != b.case_id


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"jurisdiction": "XX"}, "jurisdiction"),
        ({"age_band": "teen"}, "age_band"),
        ({"difficulty": "extreme"}, "difficulty"),
        ({"non_trafficking_share": 1.5}, "non_trafficking_share"),
        ({"forms": ("tourism",)}, "forms"),
        ({"forms": ("illegal_adoption",)}, "forms"),
        ({"near_misses": ("fraud",)}, "near_misses"),
        ({"age_band": "child", "forms": ("organ_removal",)}, "forms"),
        ({"age_band": "child", "near_misses": ("labour_dispute",)}, "near_misses"),
    ],
)
def test_bad_params_name_the_field(kwargs, where):
    with pytest.raises(UserInputError) as caught:
        GeneratorParams(**kwargs)
    assert caught.value.where == where
    assert caught.value.allowed


def test_lowercase_jurisdiction_is_accepted():
    assert GeneratorParams(jurisdiction="kg").jurisdiction == "KG"


def test_unknown_language_is_a_user_error():
    with pytest.raises(UserInputError):
        generate_case(1).render("fr")


def test_share_and_age_band_controls():
    near = [generate_case(s, GeneratorParams(non_trafficking_share=1.0)) for s in range(60)]
    assert all(c.is_near_miss and not c.verdict.is_trafficking for c in near)
    params = GeneratorParams(non_trafficking_share=0.0, open_share=0.0)
    tip = [generate_case(s, params) for s in range(60)]
    # trafficking stories: all trafficking, but for a forced marriage arranged only by paying a
    # relative, which the Kyrgyz Code as the manual quotes it does not count as a means
    assert all(
        c.verdict.is_trafficking or "payment_to_person_in_control" in c.facts.means for c in tip
    )
    opened = [generate_case(s, GeneratorParams(open_share=1.0)) for s in range(60)]
    assert sum(c.is_open for c in opened) >= 15
    children = [generate_case(s, GeneratorParams(age_band="child")) for s in range(60)]
    assert all(c.is_child for c in children)


@pytest.mark.parametrize("kind", NEAR_MISSES)
def test_every_near_miss_is_generated_and_is_not_trafficking(kind):
    params = GeneratorParams(non_trafficking_share=1.0, near_misses=(kind,), age_band="adult")
    for seed in range(25):
        case = generate_case(seed, params)
        assert case.kind == kind and not case.verdict.is_trafficking
    expected = {
        "migrant_smuggling": "illegal_border_crossing",
        "voluntary_prostitution": "159",
        "labour_dispute": "labour_law",
        "kidnapping_ransom": "165",
        "bride_kidnapping": "172",
        "workplace_coercion": "forced_labour_offence",
    }
    if kind in expected:
        assert case.verdict.neighbour.article == expected[kind]
    if kind == "independent_travel":
        assert case.verdict.independent_travel


@pytest.mark.parametrize("form", GENERATED_FORMS)
def test_every_form_is_generated_and_is_trafficking(form):
    params = GeneratorParams(non_trafficking_share=0.0, forms=(form,), open_share=0.0)
    for seed in range(25):
        case = generate_case(seed, params)
        assert case.kind == form
        assert case.verdict.is_trafficking or "payment_to_person_in_control" in case.facts.means


def test_near_misses_can_show_indicators_that_are_not_trafficking():
    shown = Counter()
    for seed in range(200):
        case = generate_case(seed, GeneratorParams(non_trafficking_share=1.0))
        if case.police_indicators:
            shown[case.kind] += 1
    assert shown["labour_dispute"] and shown["kidnapping_ransom"] and shown["bride_kidnapping"]


def test_difficulty_hard_uses_subtle_wording_more_often():
    def subtle(difficulty):
        return sum(
            s.slot.endswith(".subtle")
            for seed in range(100)
            for p in generate_case(seed, GeneratorParams(difficulty=difficulty)).story.paragraphs
            for s in p
        )

    assert subtle("easy") == 0 < subtle("medium") < subtle("hard")


def test_templates_are_parallel_in_english_and_russian():
    en, ru = templates("en"), templates("ru")
    assert set(en["slots"]) == set(ru["slots"])
    for slot, variants in en["slots"].items():
        assert len(variants) == len(ru["slots"][slot]), slot
    assert set(en["pools"]) == set(ru["pools"])
    for pool, items in en["pools"].items():
        assert len(items) == len(ru["pools"][pool]), pool
    assert set(en["countries"]) == set(ru["countries"])


def test_every_slot_the_generator_can_ask_for_exists():
    slots = set(templates("en")["slots"])
    for form, means in FORM_MEANS.items():
        assert f"recruit.{form}" in slots and f"exploit.{form}" in slots
        assert f"pending.{form}" in slots
        for item in means:
            assert item == "abduction" and f"abduct.{form}" in slots or f"means.{item}" in slots
    for kind in NEAR_MISSES:
        for part in ("setup", "travel", "after", "discovery"):
            assert f"near.{kind}.{part}" in slots
    for place in DISCOVERY_AT_HOME + DISCOVERY_AFTER_RETURN:
        assert f"discovery.{place}" in slots


def test_no_victim_blaming_words_in_templates():
    banned = re.compile(r"\b(her fault|his fault|asked for it|naive|stupid|prostitute)\b", re.I)
    for lang in ("en", "ru"):
        for variants in templates(lang)["slots"].values():
            for text in variants:
                assert not banned.search(text), text
