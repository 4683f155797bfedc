"""Russian case texts: names declined in every grammatical case, no Latin script left, one term
for the police per jurisdiction, legal citations in Russian style.

The check uses the morphological dictionary (pymorphy3) independently of the renderer: every
name the templates put in an oblique case must parse in that case, and must not be the
nominative form unless the dictionary holds the name as indeclinable; a name right after a
preposition that governs an oblique case is never in the nominative.
"""

from __future__ import annotations

import re

import pytest

from simsuite.trafficking import GeneratorParams, generate_case
from simsuite.trafficking.morph import CASES, analyzer, is_indeclinable, name_parse
from simsuite.trafficking.render import _CASE, _GENDER, PEOPLE, templates

LATIN = re.compile(r"[A-Za-z]")
#: Prepositions that never take the nominative.
OBLIQUE_PREPOSITIONS = (
    "у", "от", "до", "для", "без", "к", "с", "со", "о", "об", "при", "за", "над", "под", "перед",
    "через", "на", "в", "по", "из",
)  # fmt: skip
PARAMS = [
    GeneratorParams(jurisdiction=code, non_trafficking_share=share, difficulty=difficulty)
    for code in ("KG", "AZ", "UZ", "PALERMO")
    for share in (0.3, 1.0)
    for difficulty in ("easy", "hard")
]


def _cases(count: int = 500):
    for index in range(count):
        yield generate_case(index, PARAMS[index % len(PARAMS)])


def _names(case) -> dict[str, tuple[str, str]]:
    """Person placeholder -> (first name in Russian, sex)."""
    pools = templates("ru")["pools"]
    literals = dict(case.story.literals)
    found = {}
    for placeholder, pool, index in case.story.pooled:
        if pool.startswith("names_"):
            found[placeholder] = (pools[pool][index].split()[0], literals[f"{placeholder}_sex"])
    return found


def _case_forms(first: str, sex: str, grammatical_case: str) -> set[str]:
    parse = name_parse(first, sex)
    assert parse is not None, first
    form = parse.inflect({CASES[grammatical_case]})
    return {(form or parse).word}


def test_every_name_in_the_pools_is_known_to_the_dictionary_with_its_sex():
    for pool, names in templates("ru")["pools"].items():
        if pool.startswith("names_"):
            sex = "female" if "_female_" in pool else "male"
            for name in names:
                assert name_parse(name.split()[0], sex) is not None, (pool, name)


def test_every_name_placeholder_in_russian_has_a_case_where_it_is_not_the_subject():
    """A bare name after a preposition would be the nominative: the templates must mark it."""
    bare = re.compile(
        r"\b(" + "|".join(OBLIQUE_PREPOSITIONS) + r")\s+\{(" + "|".join(PEOPLE) + r")\}"
    )
    for slot, variants in templates("ru")["slots"].items():
        for text in variants:
            assert not bare.search(text), (slot, text)


def test_500_russian_cases_decline_every_name_and_keep_no_latin_script():
    morph = analyzer()
    for case in _cases(500):
        names = _names(case)
        text = case.render("ru")
        assert not LATIN.search(text), (case.case_id, LATIN.findall(text)[:5], text)
        summary = case.verdict.summary("ru", case.names("ru"))
        assert not LATIN.search(summary), (case.case_id, summary)
        for step in case.verdict.trace:
            finding = step.text("ru", case.names("ru"))
            assert not LATIN.search(finding), (case.case_id, step.key, finding)
        # Every oblique-case marker the story's slots use, checked in the rendered text.
        sexes = dict(case.story.literals)

        def gender(match, sexes=sexes):
            female = sexes.get(f"{match.group(1)}_sex") == "female"
            return match.group(3 if female else 2)

        for paragraph in case.story.paragraphs:
            for segment in paragraph:
                raw = templates("ru")["slots"][segment.slot][segment.variant]
                raw = _GENDER.sub(gender, raw)
                for who, grammatical_case in _CASE.findall(raw):
                    if who not in names or grammatical_case == "nom":
                        continue
                    first, sex = names[who]
                    expected = _case_forms(first, sex, grammatical_case)
                    words = {w.lower() for w in re.findall(r"[А-Яа-яЁё-]+", text)}
                    assert expected & words, (case.case_id, who, grammatical_case, expected)
                    if not is_indeclinable(first, sex):
                        # the form shown is not the nominative
                        form = next(iter(expected))
                        tags = {str(p.tag) for p in morph.parse(form) if "Name" in p.tag}
                        assert form != first.lower(), (case.case_id, who, grammatical_case)
                        assert any(CASES[grammatical_case] in t for t in tags), (form, tags)
        # no name directly after a preposition stays in the nominative
        for first, sex in names.values():
            if is_indeclinable(first, sex):
                continue
            for preposition in OBLIQUE_PREPOSITIONS:
                assert not re.search(rf"\b{preposition} {first} ", text), (case.case_id, first)


@pytest.mark.parametrize(
    ("code", "term", "other"), [("KG", "милици", "полици"), ("AZ", "полици", "милици")]
)
def test_one_term_for_the_police_per_jurisdiction(code, term, other):
    texts = " ".join(
        generate_case(seed, GeneratorParams(jurisdiction=code)).render("ru") for seed in range(80)
    )
    assert term in texts and other not in texts


def test_legal_citations_in_russian_style():
    case = generate_case(
        2, GeneratorParams(non_trafficking_share=0.0, open_share=0.0, age_band="adult")
    )
    label = case.verdict.offence.label("ru")
    assert label.startswith(("ч. ", "п. ", "ст. ")) and label.endswith("УК КР")
    assert "ст. 166 ч." not in case.verdict.summary("ru")
