import pytest

from simsuite.activities.identification import (
    IdentificationAnswer,
    IdentificationKey,
    evaluate_identification,
    indicator_list,
)
from simsuite.errors import UserInputError

KEY = IdentificationKey(
    age_band="adult",
    present=frozenset({"held_against_will", "no_documents_or_contact"}),
    presumed_victim=True,
    evidence={
        "held_against_will": "the door was locked at night",
        "no_documents_or_contact": "the manager kept her passport",
    },
    verdict_summary="Trafficking for forced labour.",
)


def answer(ticked, decision, steps=None):
    return IdentificationAnswer.parse(ticked, decision, steps)


STEPS = {"refer_services", "keep_documents"}


def test_indicator_lists_come_from_the_source_with_line_references():
    adult = indicator_list("adult")
    child = indicator_list("child")
    assert len(adult.ids) == 5 and len(child.ids) == 5
    assert "no_use_of_earnings" in adult.ids and "no_use_of_earnings" not in child.ids
    assert "unaccompanied_foreign_child" in child.ids
    assert "1072-1088" in adult.source and "896-909" in child.source


def test_perfect_answer_scores_one():
    result = evaluate_identification(
        KEY, answer({"held_against_will", "no_documents_or_contact"}, True, STEPS)
    )
    assert result.score == 1 and not result.errors
    assert KEY.next_steps == frozenset(STEPS)


def test_blank_answer_scores_zero():
    result = evaluate_identification(KEY, answer(set(), None))
    assert result.score == 0 and result.blank


def test_ticking_everything_earns_nothing_on_indicators():
    result = evaluate_identification(KEY, answer(set(indicator_list("adult").ids), True, STEPS))
    assert result.score == pytest.approx(0.5)  # decision and steps only


def test_each_miss_is_explained_with_the_evidence():
    result = evaluate_identification(KEY, answer({"held_against_will"}, False))
    assert 0 < result.score < 1
    miss = next(item for item in result.errors if item.item == "no_documents_or_contact")
    assert "passport" in miss.why
    decision = next(item for item in result.items if item.item == "decision")
    assert decision.outcome == "decision_wrong"
    assert "Trafficking for forced labour" in decision.why
    assert "passport" in result.render_html()


def test_a_false_alarm_is_explained():
    result = evaluate_identification(
        KEY,
        answer({"held_against_will", "no_documents_or_contact", "unfit_living_place"}, True),
    )
    alarm = next(item for item in result.errors)
    assert alarm.item == "unfit_living_place" and alarm.outcome == "false_alarm"


def test_unknown_indicator_is_rejected_with_the_allowed_ids():
    with pytest.raises(UserInputError) as error:
        evaluate_identification(KEY, answer({"unaccompanied_foreign_child"}, True))
    assert "held_against_will" in str(error.value)


@pytest.mark.parametrize("bad", ["held_against_will", 5])
def test_malformed_ticks_are_rejected(bad):
    with pytest.raises(UserInputError):
        IdentificationAnswer.parse(bad, True)


def test_decision_must_be_boolean():
    with pytest.raises(UserInputError):
        IdentificationAnswer.parse(set(), "yes")
