"""Rendering a case's story into prose from the per-language templates (``templates/*.yaml``).

Template syntax (documented in docs/trafficking-engine.md):

* ``{name}`` placeholders: people (``victim``, ``recruiter``, ``exploiter``, ``relative``),
  places (``home_town``, ``dest_town``), ``company``, ``job``, ``amount``, ``age``, ``years``
  (the age with its unit), ``hotline``, and country phrases ``home_in``, ``home_from``,
  ``home_name``, ``dest_in``, ``dest_to``, ``dest_name`` and ``via`` (a transit country);
* ``{g:person:male form/female form}`` picks a word by that person's sex (pronouns in English,
  verb and adjective endings in Russian); ``{she}``, ``{her}``, ``{him}``, ``{She}``, ``{Her}``
  are English shortcuts for the victim.

Every slot has the same number of variants in every language, so variant *i* in English and
in Russian tell the same fact: the two texts are parallel sentence by sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from simsuite.errors import ContentError

if TYPE_CHECKING:
    from simsuite.trafficking.model import Case

_GENDER = re.compile(r"\{g:(\w+):([^/{}]*)/([^{}]*)\}")


@cache
def templates(lang: str) -> Mapping[str, Any]:
    path = resources.files("simsuite.trafficking").joinpath("templates", f"{lang}.yaml")
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:  # a content bug: say which file
        raise ContentError(str(error), where=f"templates/{lang}.yaml") from None


def slot_size(slot: str) -> int:
    """Number of variants of a slot (the English file is the reference)."""
    try:
        return len(templates("en")["slots"][slot])
    except KeyError:
        raise ContentError(f"missing slot {slot!r}", where="templates/en.yaml") from None


def has_slot(slot: str) -> bool:
    return slot in templates("en")["slots"]


def pool_size(pool: str) -> int:
    try:
        return len(templates("en")["pools"][pool])
    except KeyError:
        raise ContentError(f"missing pool {pool!r}", where="templates/en.yaml") from None


def _years(age: int, lang: str) -> str:
    if lang == "ru":
        if age % 10 == 1 and age % 100 != 11:
            unit = "год"
        elif 2 <= age % 10 <= 4 and not 12 <= age % 100 <= 14:
            unit = "года"
        else:
            unit = "лет"
        return f"{age} {unit}"
    return f"{age}"


def _values(case: Case, lang: str) -> dict[str, Any]:
    tpl = templates(lang)
    pools = tpl["pools"]
    values: dict[str, Any] = {}
    for placeholder, pool, index in case.story.pooled:
        values[placeholder] = pools[pool][index]
    literals = dict(case.story.literals)
    for key, value in literals.items():
        if not key.endswith("_sex") and not key.endswith("_country"):
            values[key] = value
    countries = tpl["countries"]
    for prefix in ("home", "dest"):
        forms = countries[literals[f"{prefix}_country"]]
        for form in ("in", "from", "to", "name"):
            values[f"{prefix}_{form}"] = forms[form]
    if "via_country" in literals:
        values["via"] = countries[literals["via_country"]]["via"]
    values["years"] = _years(int(literals["age"]), lang)
    hotline = literals.get("hotline") or tpl["phrases"]["national_hotline"]
    values["hotline"] = hotline
    female = case.facts.victim.sex == "female"
    values.update(
        she="she" if female else "he",
        She="She" if female else "He",
        her="her" if female else "his",
        Her="Her" if female else "His",
        him="her" if female else "him",
    )
    return values


def _sentence(case: Case, lang: str, slot: str, variant: int, values: Mapping[str, Any]) -> str:
    try:
        text = templates(lang)["slots"][slot][variant]
    except (KeyError, IndexError):
        raise ContentError(
            f"slot {slot!r} has no variant {variant}", where=f"templates/{lang}.yaml"
        ) from None
    sexes = dict(case.story.literals)

    def gender(match: re.Match[str]) -> str:
        person, male, female = match.groups()
        sex = sexes.get(f"{person}_sex", "male")
        return female if sex == "female" else male

    text = _GENDER.sub(gender, text)
    try:
        # a name ending in an initial ("Zh.") at the end of a sentence must not double the stop
        return text.format(**values).replace("..", ".")
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(
            f"slot {slot!r} variant {variant}: bad placeholder {error}",
            where=f"templates/{lang}.yaml",
        ) from None


def render_story(case: Case, lang: str) -> str:
    values = _values(case, lang)
    paragraphs = []
    for paragraph in case.story.paragraphs:
        sentences = [_sentence(case, lang, s.slot, s.variant, values) for s in paragraph]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def evidence_sentences(case: Case, lang: str) -> dict[str, str]:
    """Indicator id -> the sentence showing it (the first, if several show it)."""
    from simsuite.trafficking.indicators import OBSERVATION_TO_POLICE

    band = "child" if case.is_child else "adult"
    mapping = OBSERVATION_TO_POLICE[band]
    values = _values(case, lang)
    found: dict[str, str] = {}
    for paragraph in case.story.paragraphs:
        for segment in paragraph:
            indicator = mapping.get(segment.observation or "")
            if indicator and indicator not in found:
                found[indicator] = _sentence(case, lang, segment.slot, segment.variant, values)
    return {i: found[i] for i in case.police_indicators}


def distractor_sentences(case: Case, lang: str) -> list[str]:
    values = _values(case, lang)
    return [
        _sentence(case, lang, segment.slot, segment.variant, values)
        for paragraph in case.story.paragraphs
        for segment in paragraph
        if segment.distractor
    ]
