"""The contract every registered exercise type keeps (docs/architecture.md, "One shape").

Same seed, same scenario; nothing of the key in the public part; a perfect answer scores full
marks and a blank one zero; a malformed answer gets a clear message; feedback on an imperfect
answer cites its sources as learners read them (document and chapter, never a file or a line).
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from simsuite.activities.base import ExerciseType, Scenario
from simsuite.activities.registry import exercise_types
from simsuite.errors import UserInputError

TYPES = sorted(exercise_types())
SEEDS = (1, 7, 2024)
LANGS = ("en", "ru", "ky", "az", "uz")
#: what a learner must never read in feedback
DEVELOPER_WORDS = re.compile(r"seeds/|\.txt|\blines? \d|verified: ?false|\bdigest\b|\[L\d")


def _json(value) -> str:
    return json.dumps(
        value,
        sort_keys=True,
        default=lambda v: sorted(v) if isinstance(v, set | frozenset) else repr(v),
        ensure_ascii=False,
    )


def scenarios(exercise_type: ExerciseType, lang: str = "en") -> list[Scenario]:
    return [exercise_type.generate({}, seed, lang) for seed in SEEDS]


@pytest.fixture(params=TYPES)
def exercise_type(request) -> ExerciseType:
    return exercise_types()[request.param]


def test_the_registry_holds_every_type_once():
    assert {"identification", "qualification", "quiz"} <= set(TYPES)
    for name, exercise_type in exercise_types().items():
        assert exercise_type.name == name
        assert exercise_type.title and exercise_type.summary and exercise_type.competencies


@pytest.mark.parametrize("lang", LANGS)
def test_same_seed_same_scenario(exercise_type, lang):
    for seed in SEEDS:
        first = exercise_type.generate({}, seed, lang)
        again = exercise_type.generate({}, seed, lang)
        assert _json(exercise_type.public_data(first.public)) == _json(
            exercise_type.public_data(again.public)
        )
        assert _json(exercise_type.solution(first.key)) == _json(exercise_type.solution(again.key))
        assert exercise_type.public_markdown(first.public, lang) == exercise_type.public_markdown(
            again.public, lang
        )


def test_the_key_is_never_in_the_public_part(exercise_type):
    for scenario in scenarios(exercise_type):
        public = exercise_type.public_data(scenario.public)
        if dataclasses.is_dataclass(scenario.key):
            key_fields = {f.name for f in dataclasses.fields(scenario.key)}
            shared = key_fields & set(public) - exercise_type.context_fields
            assert not shared, f"public part carries key fields {shared}"
        # no answer field (the trainee's own answer) is pre-filled in the public part
        fields = {f.name for f in exercise_type.answer_fields(scenario.public)}
        assert not fields & set(public)
        released = _json(public) + exercise_type.public_markdown(scenario.public, "en")
        for name, value in exercise_type.solution(scenario.key).items():
            assert f"{name} = {value!r}" not in released
            assert f'"{name}": {json.dumps(value, default=sorted)}' not in released


def test_a_perfect_answer_scores_full_marks_and_a_blank_one_zero(exercise_type):
    for lang in LANGS:
        for scenario in scenarios(exercise_type, lang):
            perfect = exercise_type.evaluate(
                scenario.key, exercise_type.solution(scenario.key), lang
            )
            assert perfect.score == pytest.approx(1.0), perfect.render_text()
            blank = exercise_type.evaluate(
                scenario.key, exercise_type.blank_answer(scenario.public), lang
            )
            assert blank.score == 0 and blank.blank


def test_a_malformed_answer_gets_a_clear_message(exercise_type):
    scenario = scenarios(exercise_type)[0]
    for field in exercise_type.answer_fields(scenario.public):
        wrong = {"bool": "perhaps", "number": "many", "text": 12}.get(field.kind, 3.5)
        answer = {**exercise_type.solution(scenario.key), field.name: wrong}
        try:
            result = exercise_type.evaluate(scenario.key, answer, "en")
        except UserInputError as error:
            assert error.where or field.name in error.what or error.allowed
            continue
        # types that grade question by question mark the malformed one instead of failing
        assert result.score < 1, (field.name, wrong)
        assert any(item.is_error and item.why for item in result.items)


@pytest.mark.parametrize("lang", LANGS)
def test_feedback_cites_sources_as_learners_read_them(exercise_type, lang):
    for scenario in scenarios(exercise_type, lang):
        solution = exercise_type.solution(scenario.key)
        fields = exercise_type.answer_fields(scenario.public)
        # the right answer with the first answer field left blank: an imperfect answer
        answer = {**solution, fields[0].name: fields[0].blank}
        result = exercise_type.evaluate(scenario.key, answer, lang)
        assert result.sources, "feedback must say what it rests on"
        html = result.render_html()
        assert "simsuite-source" in html
        for citation in result.sources:
            assert citation.text and not DEVELOPER_WORDS.search(citation.text), citation.text
        assert not DEVELOPER_WORDS.search(result.render_text()), result.render_text()


def test_graded_feedback_never_fails_on_a_malformed_answer(exercise_type):
    scenario = scenarios(exercise_type)[0]
    bad = {f.name: object() for f in exercise_type.answer_fields(scenario.public)}
    assert isinstance(exercise_type.graded_feedback_html(scenario, bad), str)


def test_answer_fields_are_well_formed(exercise_type):
    for scenario in scenarios(exercise_type):
        fields = exercise_type.answer_fields(scenario.public)
        names = [f.name for f in fields]
        assert len(names) == len(set(names)) and all(n.isidentifier() for n in names)
        for field in fields:
            assert json.dumps(field.to_dict(), ensure_ascii=False)
            if field.kind in ("choice", "choices", "order"):
                assert field.options, field.name


def test_answer_fields_have_the_same_names_in_every_variant(exercise_type):
    """A graded notebook has one answer cell for every trainee: the names of the answer fields
    (not their options) must not depend on the seed."""
    names = {
        tuple(f.name for f in exercise_type.answer_fields(scenario.public))
        for scenario in scenarios(exercise_type)
    }
    assert len(names) == 1, names


def test_a_child_needs_no_means_even_when_the_case_fails_on_another_element():
    """The child rule is the definition's, not the verdict's: a child's case that is not
    trafficking (or still open) must not teach that a means is needed."""
    from simsuite.activities.registry import get_type

    elements = get_type("elements")
    checked = 0
    for seed in range(400):
        scenario = elements.generate({"jurisdiction": "KG", "age_band": "child"}, seed, "en")
        if scenario.key.complete is not True:
            assert scenario.key.means_needed is False, seed
            checked += 1
    assert checked >= 5
