"""The graded case wording (``grading/templates``): complete for every indicator the generator
can draw, in every graded language; checked at load with clear errors; a graded case is the
drawn case retold (same facts and keys, other sentences, shuffled, among distractors of
indicators it does not show), deterministic, and reads as finished text (Russian names
declined)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simsuite.errors import ContentError
from simsuite.trafficking import GeneratorParams, generate_case
from simsuite.trafficking.generator import (
    ADULT_OBSERVATIONS,
    CHILD_OBSERVATIONS,
    OBSERVATIONS_ORDER,
)
from simsuite.trafficking.indicators import OBSERVATION_TO_POLICE
from simsuite.trafficking.morph import CASES, name_parse
from simsuite.trafficking.render import (
    _CASE,
    _GENDER,
    GRADED_BLOCK,
    GradedTemplateSet,
    case_wording,
    packaged,
)

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "grading" / "templates"
GRADED = GradedTemplateSet(FOLDER)
LANGUAGES = sorted(p.stem for p in FOLDER.glob("*.yaml"))
UNFILLED = re.compile(r"\{[^{}]*\}|\{|\}")
LATIN = re.compile(r"[A-Za-z]")
PARAMS = [
    GeneratorParams(jurisdiction=code, age_band=band, non_trafficking_share=share,
                    difficulty=difficulty)
    for code in ("KG", "AZ", "UZ", "PALERMO")
    for band in ("adult", "child")
    for share in (0.0, 0.5)
    for difficulty in ("easy", "hard")
]  # fmt: skip


def _cases(count: int):
    for index in range(count):
        yield generate_case(3000 + index * 11, PARAMS[index % len(PARAMS)])


def test_english_and_russian_are_graded():
    assert {"en", "ru"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_indicator_the_generator_can_draw_has_alternatives(lang):
    """Every observation sentence (explicit, subtle, seen on the way) and a distractor for
    every observation that shows an indicator, with at least two alternatives each."""
    slots = GRADED.templates(lang)["slots"]
    own = yaml.safe_load((FOLDER / f"{lang}.yaml").read_text(encoding="utf-8"))["slots"]
    drawn = set(ADULT_OBSERVATIONS) | set(CHILD_OBSERVATIONS) | set(OBSERVATIONS_ORDER)
    needed = {f"obs.{o}.{how}" for o in drawn for how in ("explicit", "subtle")}
    needed |= {f"obs.{o}.pending" for o in ("documents_withheld", "no_contact")}
    needed |= {f"distractor.{o}" for band in OBSERVATION_TO_POLICE.values() for o in band}
    for slot in sorted(needed):
        assert slot in own and len(own[slot]) >= 2, (lang, slot)
        assert slots[slot] == own[slot]
    # and nothing the generator draws is missing: every observation sentence of 400 cases
    for case in _cases(400):
        for paragraph in case.story.paragraphs:
            for segment in paragraph:
                if segment.observation:
                    assert segment.slot in own, (lang, segment.slot)


def test_graded_sentences_are_worded_differently_from_the_public_ones():
    public = packaged().templates("en")["slots"]
    graded = yaml.safe_load((FOLDER / "en.yaml").read_text(encoding="utf-8"))["slots"]
    for slot, texts in graded.items():
        for text in texts:
            assert text not in public.get(slot, ()), slot
            assert all(text not in variants for variants in public.values()), slot


# --- checked at load -------------------------------------------------------------------------


def _folder(tmp_path: Path, edit=None, lang: str = "en") -> GradedTemplateSet:
    for source in FOLDER.glob("*.yaml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        if edit is not None and source.stem == lang:
            edit(data["slots"])
        (tmp_path / source.name).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return GradedTemplateSet(tmp_path)


def _error(tset: GradedTemplateSet, lang: str = "en") -> str:
    with pytest.raises(ContentError) as raised:
        tset.templates(lang)
    return raised.value.render()


def test_a_missing_indicator_sentence_is_named(tmp_path):
    message = _error(_folder(tmp_path, lambda s: s.pop("obs.confined.subtle")))
    assert "en.yaml" in message and "obs.confined.subtle" in message


def test_a_missing_distractor_is_named(tmp_path):
    message = _error(_folder(tmp_path, lambda s: s.pop("distractor.no_contact")))
    assert "distractor.no_contact" in message


def test_an_unknown_slot_is_named_with_what_is_allowed(tmp_path):
    message = _error(
        _folder(
            tmp_path,
            lambda s: s.update({"obs.confined.explict": ["One sentence.", "Another sentence."]}),
        )
    )
    assert "obs.confined.explict" in message and "distractor.confined" in message


def test_an_entry_of_the_wrong_shape_is_named(tmp_path):
    message = _error(_folder(tmp_path, lambda s: s.update({"obs.confined.subtle": "one text"})))
    assert "slots/obs.confined.subtle" in message and "array" in message


def test_a_single_alternative_is_refused(tmp_path):
    message = _error(
        _folder(tmp_path, lambda s: s.update({"obs.confined.subtle": ["Only one sentence."]}))
    )
    assert "slots/obs.confined.subtle" in message


def test_an_unknown_placeholder_is_named(tmp_path):
    def edit(slots):
        slots["obs.confined.subtle"][1] = "{victim} stayed in {hometown} all year."

    message = _error(_folder(tmp_path, edit))
    assert "slots/obs.confined.subtle/1" in message and "hometown" in message


def test_a_language_with_another_number_of_alternatives_is_refused(tmp_path):
    def edit(slots):
        slots["obs.confined.subtle"].append("{victim} не выходил{g:victim:/а} из дома.")

    message = _error(_folder(tmp_path, edit, lang="ru"), "ru")
    assert "ru.yaml" in message and "obs.confined.subtle" in message and "en.yaml has 3" in message


def test_a_language_without_graded_wording_says_what_to_do(tmp_path):
    message = _error(_folder(tmp_path), "ky")
    assert "ky.yaml" in message and "case_templates: public" in message
    assert "Allowed: en, ru" in message


def test_a_missing_folder_says_what_to_do(tmp_path):
    message = _error(GradedTemplateSet(tmp_path / "nowhere"))
    assert "nowhere" in message and "grading/templates" in message


# --- graded cases -----------------------------------------------------------------------------


def _retold(case):
    return GRADED.retell(case)


def test_a_graded_case_keeps_the_drawn_facts_and_keys():
    for case in _cases(60):
        retold = _retold(case)
        assert retold.facts == case.facts and retold.verdict == case.verdict
        assert retold.police_indicators == case.police_indicators
        drawn = Counter(s.observation for p in case.story.paragraphs for s in p if s.observation)
        told = Counter(s.observation for p in retold.story.paragraphs for s in p if s.observation)
        assert told == drawn
        with case_wording(GRADED):
            graded = case.render("en")
            evidence = case.indicator_evidence("en")
        assert graded != case.render("en")
        assert set(evidence) == set(case.police_indicators)
        for sentence in evidence.values():
            assert sentence in graded


def test_distractors_only_of_indicators_the_case_does_not_show():
    counts = Counter()
    for case in _cases(300):
        retold = _retold(case)
        mapping = OBSERVATION_TO_POLICE["child" if case.is_child else "adult"]
        block = [s for p in retold.story.paragraphs for s in p if s.observation or s.distractor]
        distractors = [s for s in block if s.distractor]
        assert distractors, case.case_id  # every graded case has at least one
        assert len(block) >= min(GRADED_BLOCK), case.case_id
        for segment in distractors:
            observation = segment.slot.removeprefix("distractor.")
            assert mapping.get(observation) is not None, (case.case_id, segment.slot)
            assert mapping[observation] not in case.police_indicators, case.case_id
            counts[segment.slot] += 1
    assert len(counts) == len({o for band in OBSERVATION_TO_POLICE.values() for o in band})


def test_the_order_of_observations_varies():
    orders = set()
    for case in _cases(200):
        retold = _retold(case)
        observations = [s.observation for p in retold.story.paragraphs for s in p if s.observation]
        if len(observations) >= 2:
            orders.add(
                tuple(observations) == tuple(sorted(observations, key=OBSERVATIONS_ORDER.index))
            )
    assert orders == {True, False}


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**63 - 1), params=st.sampled_from(PARAMS))
def test_a_graded_case_is_a_pure_function_of_the_case_and_the_wording(seed, params):
    case = generate_case(seed, params)
    first = GradedTemplateSet(FOLDER)  # a fresh set: nothing cached carries over
    with case_wording(first):
        text = case.render("en"), case.render("ru"), case.red_herrings("en")
    with case_wording(GRADED):
        again = case.render("en"), case.render("ru"), case.red_herrings("en")
    assert text == again
    assert first.retell(case).story == GRADED.retell(case).story


@pytest.mark.parametrize("lang", LANGUAGES)
def test_graded_cases_read_as_finished_text(lang):
    with case_wording(GRADED):
        for case in _cases(200):
            text = case.render(lang)
            assert not UNFILLED.search(text), (lang, case.case_id, text)
            if lang != "en":
                assert not LATIN.search(text), (lang, case.case_id, LATIN.findall(text)[:5])


def _gender(match: re.Match[str], sexes: dict) -> str:
    return match.group(3 if sexes.get(f"{match.group(1)}_sex") == "female" else 2)


def test_russian_graded_sentences_decline_every_name():
    """Every oblique-case marker of a graded sentence shows the name in that case."""
    with case_wording(GRADED):
        for case in _cases(300):
            retold = _retold(case)
            text = case.render("ru").lower()
            pools = GRADED.templates("ru")["pools"]
            sexes = dict(case.story.literals)
            names = {
                who: (pools[pool][index].split()[0], sexes[f"{who}_sex"])
                for who, pool, index in case.story.pooled
                if pool.startswith("names_")
            }
            own = GRADED._slots("ru")
            for paragraph in retold.story.paragraphs:
                for segment in paragraph:
                    if segment.slot not in own:
                        continue
                    raw = own[segment.slot][segment.variant]
                    raw = _GENDER.sub(lambda m, sexes=sexes: _gender(m, sexes), raw)
                    for who, grammatical_case in _CASE.findall(raw):
                        if who not in names or grammatical_case == "nom":
                            continue
                        first, sex = names[who]
                        parse = name_parse(first, sex)
                        form = (parse.inflect({CASES[grammatical_case]}) or parse).word
                        assert form in text, (case.case_id, segment.slot, who, grammatical_case)
