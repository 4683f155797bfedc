import pytest

from simsuite.activities.quiz.items import points_for, score_item
from simsuite.errors import UserInputError

SINGLE = {"id": "S", "kind": "single", "key": "b", "options": ["a", "b", "c"]}
MULTI = {"id": "M", "kind": "multiple", "key": ["a", "c"], "options": ["a", "b", "c", "d"]}
ORDER = {"id": "O", "kind": "ordering", "key": ["c", "a", "b", "d"], "options": list("abcd")}
NUM = {"id": "N", "kind": "numeric", "key": 42, "tolerance": 0.5}


def test_single_choice():
    assert score_item(SINGLE, "b").score == 1
    assert score_item(SINGLE, "a").score == 0


def test_multiple_choice_partial_credit_and_no_reward_for_ticking_everything():
    assert score_item(MULTI, ["a", "c"]).score == 1
    assert score_item(MULTI, ["a"]).score == 0.5
    assert score_item(MULTI, ["a", "b"]).score == 0
    assert score_item(MULTI, ["a", "b", "c", "d"]).score == 0


def test_ordering_counts_pairs_in_the_right_relative_order():
    assert score_item(ORDER, ["c", "a", "b", "d"]).score == 1
    assert score_item(ORDER, ["d", "b", "a", "c"]).score == 0
    # one adjacent swap breaks one of six pairs
    assert score_item(ORDER, ["a", "c", "b", "d"]).score == pytest.approx(5 / 6)


def test_numeric_tolerance():
    assert score_item(NUM, 42.4).score == 1
    assert score_item(NUM, 43).score == 0


def test_unanswered_scores_zero_and_says_so():
    result = score_item(SINGLE, None)
    assert result.score == 0 and not result.answered
    assert "Not answered" in result.feedback


@pytest.mark.parametrize(
    ("item", "answer", "fragment"),
    [
        (SINGLE, "z", "'z' is not an option"),
        (MULTI, 3, "Give a list"),
        (ORDER, ["a", "b"], "exactly once"),
        (NUM, "forty", "Give a number"),
        (NUM, True, "Give a number"),
    ],
)
def test_malformed_answers_get_a_clear_error(item, answer, fragment):
    with pytest.raises(UserInputError) as error:
        score_item(item, answer)
    assert fragment in str(error.value)
    assert item["id"] in str(error.value)


def test_points_scale_the_score():
    assert points_for(MULTI, ["a"], max_points=4) == 2
