import copy
import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simsuite.activities.qualification import (
    WEIGHTS,
    QualificationAnswer,
    QualificationExercise,
    QualificationKey,
    evaluate_qualification,
    pack_options,
)
from simsuite.errors import UserInputError
from simsuite.law import available_jurisdictions, facts_from_dict, qualify
from simsuite.trafficking import AGE_BANDS

# Hand-built keys: the scoring arithmetic does not depend on a generated case.
TIP = QualificationKey(
    jurisdiction="KG",
    is_trafficking=True,
    article="166",
    part="2(5)",
    absorbed=frozenset({"139"}),
    cumulative=frozenset({"exploitation_offence"}),
)
NOT_TIP = QualificationKey(
    jurisdiction="KG",
    is_trafficking=False,
    neighbour="159",
    neighbour_alternatives=frozenset({"160"}),
)

# Facts written by hand, qualified by the engine: the key carries the engine's real trace.
ADULT_FACTS = {
    "schema_version": 1,
    "victim": {"age": 30, "sex": "female", "citizenship": "KG", "vulnerabilities": []},
    "offenders": [
        {"id": "recruiter", "age": 40, "roles": ["recruiter", "exploiter"], "knows_purpose": True}
    ],
    "acts": ["recruitment", "harbouring"],
    "means": ["abduction", "threat"],
    "purposes": ["forced_labour"],
    "travel": "none",
    "route": {
        "scope": "domestic",
        "origin": "KG",
        "transit": [],
        "destination": "KG",
        "border_crossing": "none",
    },
    "exploitation_occurred": False,
    "consent": False,
    "threat_is_real": True,
    "ransom_demanded": False,
    "labour_relation": False,
    "observations": [],
}


def key_for(**changes) -> QualificationKey:
    data = copy.deepcopy(ADULT_FACTS)
    for name, value in changes.items():
        if name == "age":
            data["victim"]["age"] = value
        else:
            data[name] = value
    return QualificationKey.from_verdict(qualify(facts_from_dict(data), "KG"))


def score(key, **answer) -> float:
    return evaluate_qualification(key, QualificationAnswer.parse(**answer)).score


def test_weights_of_a_trafficking_case_sum_to_one():
    tip = ("decision", "article", "part", "absorbed", "cumulative")
    assert sum(WEIGHTS[name] for name in tip) == pytest.approx(1)


def test_perfect_answer_scores_one():
    result = evaluate_qualification(TIP, TIP.perfect_answer())
    assert result.score == 1 and not result.errors
    assert score(NOT_TIP, is_trafficking=False, neighbour="159") == 1


def test_blank_answer_scores_zero():
    result = evaluate_qualification(TIP, QualificationAnswer.parse())
    assert result.score == 0 and result.blank and not result.items
    assert evaluate_qualification(NOT_TIP, QualificationAnswer()).score == 0


def test_partial_answers_score_in_between():
    # decision and article right, nothing else: 0.30 + 0.25
    assert score(TIP, is_trafficking=True, article="166") == pytest.approx(0.55)
    # one of two sets right
    partial = score(
        TIP, is_trafficking=True, article="166", part="2(5)", cumulative={"exploitation_offence"}
    )
    assert partial == pytest.approx(0.85)
    # not trafficking: decision right, neighbour missing -> half
    assert score(NOT_TIP, is_trafficking=False) == pytest.approx(0.5)
    # the alternative the neighbour rule names with it is right too
    assert score(NOT_TIP, is_trafficking=False, neighbour="160") == 1


def test_ticking_every_offence_earns_nothing_on_the_sets():
    everything = {option.id for option in pack_options("KG").offences}
    result = evaluate_qualification(
        TIP,
        QualificationAnswer.parse(True, "166", "2(5)", everything, everything),
    )
    assert result.score == pytest.approx(0.70)
    assert result.credits["absorbed"] == 0 and result.credits["cumulative"] == 0
    alarms = [item for item in result.errors if item.outcome == "false_alarm"]
    assert len(alarms) == 2 * len(everything) - 2


def test_leaving_the_sets_empty_counts_only_within_a_trafficking_decision():
    key = key_for(means=["fraud"])
    assert not key.absorbed and not key.cumulative
    right = score(key, is_trafficking=True, article=key.article, part=key.part)
    assert right == 1
    # "not trafficking" with empty sets earns nothing for the sets
    assert score(key, is_trafficking=False) == 0


def test_a_part_counts_only_with_the_right_article():
    assert score(TIP, article="167", part="1") == 0
    result = evaluate_qualification(TIP, QualificationAnswer.parse(True, "166", "1"))
    part = next(item for item in result.items if item.item == "part")
    assert part.outcome == "wrong" and "Art. 166(2)(5)" in part.why
    assert "moving the victim across the state border" in part.why
    assert "ch. 2, Criminal-law characteristics" in part.why
    assert "to be checked against the official text" in part.why


def test_wrong_article_is_explained_with_the_engine_trace_and_its_source():
    key = key_for(age=15, means=[])
    assert key.article == "167" and key.child_rule_applied
    result = evaluate_qualification(key, QualificationAnswer.parse(True, "166", "1"))
    article = next(item for item in result.items if item.item == "article")
    assert article.outcome == "wrong"
    assert "not Art. 166" in article.why
    # the child-rule step and the article step, each with its rule and source
    assert "a child (under 18): no means is required" in article.why
    assert "For a child victim the act and the purpose of exploitation suffice" in article.why
    assert "ch. 1, Legal foundations" in article.why and "lines " not in article.why
    assert "Qualification: Art. 167(1) (Trafficking in children)" in article.why
    assert "to be checked against the official text" in article.why  # Art. 167 is not quoted
    html = result.render_html()
    assert "simsuite-reasoning" in html and "Art. 167" in html


def test_absorbed_offence_ticked_as_cumulative_is_explained():
    key = key_for()
    assert key.absorbed == {"165", "139"} and not key.cumulative
    result = evaluate_qualification(
        key, QualificationAnswer.parse(True, "166", key.part, {"139"}, {"165"})
    )
    missed = next(item for item in result.errors if item.item == "absorbed:165")
    assert missed.outcome == "miss" and "no additional charge under Art. 165" in missed.why
    assert "ch. 2, Criminal-law characteristics" in missed.why and "lines " not in missed.why
    alarm = next(item for item in result.errors if item.item == "cumulative:165")
    assert "absorbed, not charged cumulatively" in alarm.why
    assert 0 < result.score < 1


def test_not_trafficking_is_explained_with_the_failed_element_and_the_neighbour():
    key = key_for(means=[], purposes=["sexual_exploitation"])
    assert not key.is_trafficking and key.neighbour == "159"
    result = evaluate_qualification(key, QualificationAnswer.parse(True, "166", "1"))
    decision = next(item for item in result.items if item.item == "decision")
    assert "No means is proven for an adult victim" in decision.why
    neighbour = next(item for item in result.items if item.item == "neighbour")
    assert neighbour.outcome == "missing" and "Art. 22 resolves it" in neighbour.why
    assert result.score == 0


def test_options_show_only_what_the_pack_holds():
    assert [a.id for a in pack_options("AZ").articles] == ["144-1"]
    palermo = pack_options("PALERMO")
    assert not palermo.has_parts and not palermo.has_absorption and not palermo.has_cumulation
    key = QualificationKey(jurisdiction="palermo", is_trafficking=True, article="3")
    assert score(key, is_trafficking=True, article="3") == 1
    with pytest.raises(UserInputError) as error:
        score(key, is_trafficking=True, article="166")
    assert "Allowed: 3." in str(error.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"is_trafficking": "yes", "article": "Art. 166", "part": "2(5)"}, ("166", "2(5)")),
        ({"is_trafficking": True, "article": 166, "part": ("2", "5")}, ("166", "2(5)")),
        ({"is_trafficking": "да", "article": "ст. 166", "part": "ч. 2 п. 5"}, ("166", "2(5)")),
        ({"is_trafficking": True, "article": "166", "part": 1}, ("166", "1")),
    ],
)
def test_loosely_typed_input_is_read(raw, expected):
    answer = QualificationAnswer.parse(**raw)
    assert answer.is_trafficking is True and (answer.article, answer.part) == expected


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"is_trafficking": "maybe"}, "is_trafficking"),
        ({"article": ["166"]}, "article"),
        ({"part": "two"}, "part"),
        ({"absorbed": "139"}, "absorbed"),
        ({"cumulative": 5}, "cumulative"),
        ({"neighbour": 1.5}, "neighbour"),
    ],
)
def test_malformed_input_is_rejected_naming_the_field(raw, where):
    with pytest.raises(UserInputError) as error:
        QualificationAnswer.parse(**raw)
    assert error.value.where == where


@pytest.mark.parametrize(
    ("raw", "where", "allowed"),
    [
        ({"article": "999"}, "article", "166, 167"),
        ({"article": "166", "part": "3"}, "part", "1, 2(5)"),
        ({"absorbed": {"22"}}, "absorbed", "139"),
        ({"neighbour": "166"}, "neighbour", "labour_law"),
    ],
)
def test_answers_outside_the_pack_are_rejected_with_the_options(raw, where, allowed):
    with pytest.raises(UserInputError) as error:
        evaluate_qualification(TIP, QualificationAnswer.parse(**raw))
    assert error.value.where == where and allowed in error.value.allowed


def test_a_key_naming_articles_outside_its_pack_is_rejected():
    with pytest.raises(UserInputError):
        QualificationKey(jurisdiction="KG", is_trafficking=True, article="144-1")
    with pytest.raises(UserInputError):
        QualificationKey(jurisdiction="XX", is_trafficking=False)


def test_feedback_follows_the_language():
    key = key_for(age=15, means=[])
    result = evaluate_qualification(key, QualificationAnswer.parse(True, "166"), lang="ru")
    article = next(item for item in result.items if item.item == "article")
    assert "ст. 167" in article.why and "ребёнок" in article.why


def test_exercise_generates_and_checks_deterministically():
    first = QualificationExercise.generate(7, lang="en")
    second = QualificationExercise.generate(7, lang="en")
    assert first.public == second.public and first.key.perfect_answer() == (
        second.key.perfect_answer()
    )
    # the public part holds nothing of the key
    assert {field.name for field in dataclasses.fields(first.public)} == {
        "case_id",
        "jurisdiction",
        "lang",
        "narrative",
    }
    perfect = first.key.perfect_answer()
    result = first.check(
        perfect.is_trafficking,
        perfect.article,
        perfect.part,
        perfect.absorbed,
        perfect.cumulative,
        perfect.neighbour,
    )
    assert result.score == 1


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**31 - 1),
    jurisdiction=st.sampled_from(available_jurisdictions()),
    age_band=st.sampled_from(AGE_BANDS),
)
def test_generated_cases_perfect_scores_one_and_blank_zero(seed, jurisdiction, age_band):
    from simsuite.trafficking import GeneratorParams, generate_case

    case = generate_case(seed, GeneratorParams(jurisdiction=jurisdiction, age_band=age_band))
    key = QualificationKey.from_verdict(case.verdict)
    assert evaluate_qualification(key, key.perfect_answer()).score == 1
    assert evaluate_qualification(key, QualificationAnswer()).score == 0


# --- issue 9: cannot be qualified yet, the facts to establish --------------------------------


def _open_key():
    data = copy.deepcopy(ADULT_FACTS)
    data.update(means=["deception"], acts=["recruitment"], open=["means:deception"])
    verdict = qualify(facts_from_dict(data), "KG")
    assert verdict.is_open
    return QualificationKey.from_verdict(verdict, {"en": {"recruiter": "Bakyt Zh."}})


def test_open_case_answered_as_open_with_its_facts_scores_full():
    key = _open_key()
    assert key.is_open and key.to_establish == {"means"} and key.article is None
    answer = QualificationAnswer.parse(qualification_open=True, facts_to_establish={"means"})
    result = evaluate_qualification(key, answer, "en")
    assert result.score == 1
    item = next(i for i in result.items if i.item == "facts:means")
    assert "if proven" in item.why and "if not" in item.why


def test_qualifying_an_open_case_as_if_it_were_complete_is_wrong():
    key = _open_key()
    result = evaluate_qualification(key, QualificationAnswer.parse(True, "166", "1"), "en")
    assert result.score == 0
    decision = next(i for i in result.items if i.item == "decision")
    assert decision.outcome == "wrong" and "cannot be qualified yet" in decision.why.lower()


def test_extra_facts_to_establish_cost_credit():
    key = _open_key()
    answer = QualificationAnswer.parse(
        qualification_open=True, facts_to_establish={"means", "victim_age", "border"}
    )
    result = evaluate_qualification(key, answer, "en")
    assert result.credits["facts"] == 0 and result.score == pytest.approx(0.5)


def test_saying_open_when_the_facts_are_established_is_a_wrong_decision():
    answer = QualificationAnswer.parse(qualification_open=True, facts_to_establish={"means"})
    result = evaluate_qualification(TIP, answer, "en")
    decision = next(i for i in result.items if i.item == "decision")
    assert decision.outcome == "wrong" and "established: qualify the case" in decision.why


def test_unknown_fact_to_establish_is_a_clear_error():
    with pytest.raises(UserInputError, match="facts_to_establish"):
        QualificationAnswer.parse(qualification_open=True, facts_to_establish={"weather"})


def test_feedback_names_people_as_the_case_does_and_shows_no_internal_ids():
    exercise = QualificationExercise.generate(
        7, lang="en", jurisdiction="KG", non_trafficking_share=0.0, open_share=0.0
    )
    result = exercise.check(False)
    text = result.render_text()
    assert "seeds/" not in text and "lines " not in text and "digest" not in text
    assert "verified" not in text and "(title not given" not in text
    assert "recruiter (" not in text and "The KG pack" not in text
    for name in exercise.key.names["en"].values():
        assert name in exercise.public.narrative
