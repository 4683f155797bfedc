"""The item bank: parallel pairs (same competency, kind and skill), enough pairs per
competency, every text in English and Russian, valid keys that are not the longest option by
habit, sources."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from simsuite.activities.quiz.bank import form_positions as positions_of
from simsuite.activities.quiz.bank import load_item_bank
from simsuite.activities.quiz.items import KINDS, score_item
from simsuite.errors import ContentError

COMPETENCIES = (
    "identification",
    "qualification",
    "first_response",
    "coordination",
    "mass_event_risk",
    "reprisal_risk",
)


@pytest.fixture(scope="module")
def bank(repo):
    return load_item_bank(repo / "grading" / "item_bank.yaml")


def test_every_pair_is_parallel_and_there_are_enough(bank):
    positions = positions_of(bank)  # raises on a pair that differs in competency or kind
    assert len(positions) >= 12
    for position in positions:
        a, b = position.item("A"), position.item("B")
        assert a["competency"] == b["competency"] and a["kind"] == b["kind"]
        assert a["parallel"] == b["parallel"] == position.parallel


def test_every_competency_in_both_forms(bank):
    assert set(bank.competencies) == set(COMPETENCIES)
    for form in ("A", "B"):
        assert {item["competency"] for item in bank.form(form)} == set(COMPETENCIES)


def test_at_least_three_pairs_per_competency_and_four_for_qualification(bank):
    pairs = Counter(p.competency for p in positions_of(bank))
    assert all(pairs[c] >= 3 for c in COMPETENCIES), pairs
    assert pairs["qualification"] >= 4, pairs


def test_paired_items_test_the_same_competency_and_the_same_skill(bank):
    for position in positions_of(bank):
        a, b = position.item("A"), position.item("B")
        assert a.get("skill") and a["skill"] == b["skill"], (a["id"], b["id"])
        assert a["competency"] == b["competency"] and a["kind"] == b["kind"]
        if a["kind"] in ("single", "multiple", "ordering"):
            assert len(a["options"]) == len(b["options"]), (a["id"], b["id"])
        if a["kind"] == "multiple":
            assert len(a["key"]) == len(b["key"]), (a["id"], b["id"])


def test_every_text_is_in_english_and_russian(bank):
    for item in bank.items:
        texts = [item["stem"], item["feedback"], *item.get("options", {}).values()]
        if "vignette" in item:
            texts.append(item["vignette"])
        for text in texts:
            assert text.get("en", "").strip() and text.get("ru", "").strip(), item["id"]
            assert any("а" <= ch <= "я" for ch in text["ru"].lower()), item["id"]
    for label in bank.competencies.values():
        assert label.get("ru")


def _key_is_longest(item) -> bool:
    lengths = {option: len(text["en"]) for option, text in item["options"].items()}
    return lengths[item["key"]] == max(lengths.values())


def test_keys_are_not_the_longest_option_by_habit(bank):
    singles = [item for item in bank.items if item["kind"] == "single"]
    longest = [item["id"] for item in singles if _key_is_longest(item)]
    assert len(longest) <= len(singles) // 4, longest
    for position in positions_of(bank):
        if position.kind == "single":
            assert not all(_key_is_longest(position.item(f)) for f in ("A", "B")), position
    # nor always the same letter
    assert len({item["key"] for item in singles}) >= 3


def test_every_kind_at_least_twice_and_case_based_items(bank):
    kinds = Counter(p.kind for p in positions_of(bank))
    assert all(kinds[kind] >= 2 for kind in KINDS), kinds
    case_based = [p for p in positions_of(bank) if all("vignette" in i for i in p.items.values())]
    assert len(case_based) >= 2
    assert len({p.kind for p in case_based}) >= 2


def test_keys_score_full_marks_and_have_feedback_and_source(bank):
    for item in bank.items:
        assert score_item(item, item["key"]).score == 1, item["id"]
        assert item["source"].strip() and item["feedback"]["en"].strip()
        assert "en" in item["stem"]
        if item["kind"] == "multiple":
            assert len(item["key"]) < len(item["options"]), "ticking everything must not fit"


def test_green_guide_items_are_computed_from_their_figures(bank):
    assert bank.get("A11")["key"] == 12 * 82 * 4
    assert bank.get("B11")["key"] == 10 * 66 * 6
    assert bank.get("A12")["key"] == min(21000, 18400, 19700, 17900)
    assert bank.get("B12")["key"] == min(9600, 12300, 11800, 10500)
    assert bank.get("A6")["key"] == 72 - 30 and bank.get("B6")["key"] == 72 - 55


def test_a_pair_that_is_not_parallel_is_refused(tmp_path, repo):
    text = (repo / "grading" / "item_bank.yaml").read_text(encoding="utf-8")
    old = "    parallel: P13\n    competency: reprisal_risk\n"
    broken = text.replace(old, old.replace("reprisal_risk", "coordination"), 1)
    assert broken != text
    path = tmp_path / "bank.yaml"
    path.write_text(broken, encoding="utf-8")
    # the modules' item files the bank includes, beside it as in grading/
    shutil.copytree(repo / "grading" / "items", tmp_path / "items")
    with pytest.raises(ContentError, match="differ in competency"):
        positions_of(load_item_bank(path))
