"""Rendering a case's story into prose from per-language templates (``templates/*.yaml``).

Template syntax (documented in docs/trafficking-engine.md):

* ``{name}`` placeholders: people (``victim``, ``recruiter``, ``exploiter``, ``boss``,
  ``relative``, ``helper``, ``driver``, ``organiser``), places (``home_town``, ``dest_town``),
  ``company``, ``job``, ``amount``, ``age``, ``years`` (the age with its unit), ``hotline``, and
  country phrases ``home_in``, ``home_from``, ``home_to``, ``home_name``, ``dest_in``,
  ``dest_to``, ``dest_name``, ``via`` / ``via_to`` / ``via_name`` (a transit country);
* ``{person:case}`` puts a person's name in a grammatical case (``nom gen dat acc ins loc``):
  Russian declines the first name by the morphological dictionary (:mod:`morph`), English keeps
  it; ``{police:case}`` is the jurisdiction's term for the police in that case;
* ``{g:person:male form/female form}`` picks a word by that person's sex (pronouns in English,
  verb and adjective endings in Russian); ``{she}``, ``{her}``, ``{him}``, ``{She}``, ``{Her}``
  are English shortcuts for the victim.

Every slot has the same number of variants in every language, so variant *i* in English and
in Russian tell the same fact: the two texts are parallel sentence by sentence.

A :class:`TemplateSet` is a folder of ``<lang>.yaml`` files; the packaged set is the default,
and generation and rendering take another one as a parameter (an academy's own wording, or a
set held back for graded cases).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from simsuite.errors import ContentError

if TYPE_CHECKING:
    from simsuite.trafficking.model import Case

_GENDER = re.compile(r"\{g:(\w+):([^/{}]*)/([^{}]*)\}")
_CASE = re.compile(r"\{(\w+):(nom|gen|dat|acc|ins|loc)\}")
PEOPLE = ("victim", "recruiter", "exploiter", "boss", "relative", "helper", "driver", "organiser")


class TemplateSet:
    """Case templates per language, read from a folder (default: the packaged templates)."""

    def __init__(self, folder: str | Path | None = None, name: str = "packaged") -> None:
        self.folder = None if folder is None else Path(folder)
        self.name = name
        self._cache: dict[str, Mapping[str, Any]] = {}

    def __repr__(self) -> str:
        return f"TemplateSet({self.name!r})"

    def templates(self, lang: str) -> Mapping[str, Any]:
        if lang not in self._cache:
            if self.folder is None:
                path: Any = resources.files("simsuite.trafficking").joinpath(
                    "templates", f"{lang}.yaml"
                )
                where = f"templates/{lang}.yaml"
            else:
                path = self.folder / f"{lang}.yaml"
                where = str(path)
            try:
                self._cache[lang] = yaml.safe_load(path.read_text("utf-8"))
            except (OSError, yaml.YAMLError) as error:  # a content bug: say which file
                raise ContentError(str(error), where=where) from None
        return self._cache[lang]

    def slot_size(self, slot: str) -> int:
        """Number of variants of a slot (the English file is the reference)."""
        try:
            return len(self.templates("en")["slots"][slot])
        except KeyError:
            raise ContentError(f"missing slot {slot!r}", where=f"{self.name}: en.yaml") from None

    def has_slot(self, slot: str) -> bool:
        return slot in self.templates("en")["slots"]

    def has_pool(self, pool: str) -> bool:
        return pool in self.templates("en")["pools"]

    def pool_size(self, pool: str) -> int:
        try:
            return len(self.templates("en")["pools"][pool])
        except KeyError:
            raise ContentError(f"missing pool {pool!r}", where=f"{self.name}: en.yaml") from None


@cache
def packaged() -> TemplateSet:
    return TemplateSet()


def templates(lang: str) -> Mapping[str, Any]:
    return packaged().templates(lang)


def slot_size(slot: str) -> int:
    return packaged().slot_size(slot)


def has_slot(slot: str) -> bool:
    return packaged().has_slot(slot)


def pool_size(pool: str) -> int:
    return packaged().pool_size(pool)


def national_name_pool(sex: str, country: str) -> str:
    """The pool of fictional names of ``sex`` from ``country`` (Kyrgyz names where the
    templates hold none of that country)."""
    pool = f"names_{sex}_{country}"
    return pool if packaged().has_pool(pool) else f"names_{sex}_KG"


def years(age: int, lang: str) -> str:
    from simsuite.law.engine import years as engine_years

    return engine_years(age, lang)


def placeholder_values(case: Case, lang: str, tset: TemplateSet | None = None) -> dict[str, Any]:
    """The case's names, places and pronouns as the renderer fills them (nominative forms):
    the one source for exercises that tell more of the same case."""
    return _values(case, lang, tset or packaged())


def _values(case: Case, lang: str, tset: TemplateSet) -> dict[str, Any]:
    tpl = tset.templates(lang)
    pools = tpl["pools"]
    values: dict[str, Any] = {}
    for placeholder, pool, index in case.story.pooled:
        values[placeholder] = pools[pool][index]
    literals = dict(case.story.literals)
    for key, value in literals.items():
        if not key.endswith("_sex") and not key.endswith("_country") and key != "police":
            values[key] = value
    countries = tpl["countries"]
    for prefix in ("home", "dest"):
        forms = countries[literals[f"{prefix}_country"]]
        for form in ("in", "from", "to", "name"):
            values[f"{prefix}_{form}"] = forms[form]
    if "via_country" in literals:
        via = countries[literals["via_country"]]
        values.update(via=via["via"], via_to=via["to"], via_name=via["name"])
    values["years"] = years(int(literals["age"]), lang)
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


def _inflect(case: Case, lang: str, tset: TemplateSet, values: Mapping[str, Any]):
    sexes = dict(case.story.literals)
    police = tset.templates(lang)["police"][sexes.get("police", "KG")]

    def replace(match: re.Match[str]) -> str:
        who, grammatical_case = match.groups()
        if who == "police":
            return police[grammatical_case]
        name = values.get(who)
        if name is None:
            raise KeyError(who)
        if lang == "ky":
            from simsuite.trafficking.morph_ky import inflect

            return inflect(name, grammatical_case)
        if lang == "az":  # suffixes by vowel harmony
            from simsuite.trafficking.morph_az import inflect_name

            return inflect_name(name, grammatical_case)
        if lang == "uz":
            from simsuite.trafficking.morph_uz import inflect

            return inflect(name, grammatical_case)
        if lang != "ru":
            return name
        from simsuite.trafficking.morph import decline_name

        return decline_name(name, sexes.get(f"{who}_sex", "male"), grammatical_case)

    return replace


def _sentence(
    case: Case,
    lang: str,
    slot: str,
    variant: int,
    values: Mapping[str, Any],
    tset: TemplateSet,
) -> str:
    try:
        text = tset.templates(lang)["slots"][slot][variant]
    except (KeyError, IndexError):
        raise ContentError(
            f"slot {slot!r} has no variant {variant}", where=f"{tset.name}: {lang}.yaml"
        ) from None
    sexes = dict(case.story.literals)

    def gender(match: re.Match[str]) -> str:
        person, male, female = match.groups()
        sex = sexes.get(f"{person}_sex", "male")
        return female if sex == "female" else male

    text = _GENDER.sub(gender, text)
    try:
        text = _CASE.sub(_inflect(case, lang, tset, values), text)
        # a name ending in an initial ("Zh.") at the end of a sentence must not double the stop
        text = text.format(**values).replace("..", ".")
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(
            f"slot {slot!r} variant {variant}: bad placeholder {error}",
            where=f"{tset.name}: {lang}.yaml",
        ) from None
    return text[:1].upper() + text[1:]


def render_story(case: Case, lang: str, tset: TemplateSet | None = None) -> str:
    tset = tset or case.templates
    values = _values(case, lang, tset)
    paragraphs = []
    for paragraph in case.story.paragraphs:
        sentences = [_sentence(case, lang, s.slot, s.variant, values, tset) for s in paragraph]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def evidence_sentences(case: Case, lang: str, tset: TemplateSet | None = None) -> dict[str, str]:
    """Indicator id -> the sentence showing it (the first, if several show it)."""
    from simsuite.trafficking.indicators import OBSERVATION_TO_POLICE

    tset = tset or case.templates
    band = "child" if case.is_child else "adult"
    mapping = OBSERVATION_TO_POLICE[band]
    values = _values(case, lang, tset)
    found: dict[str, str] = {}
    for paragraph in case.story.paragraphs:
        for segment in paragraph:
            indicator = mapping.get(segment.observation or "")
            if indicator and indicator not in found:
                found[indicator] = _sentence(
                    case, lang, segment.slot, segment.variant, values, tset
                )
    return {i: found[i] for i in case.police_indicators}


def distractor_sentences(case: Case, lang: str, tset: TemplateSet | None = None) -> list[str]:
    tset = tset or case.templates
    values = _values(case, lang, tset)
    return [
        _sentence(case, lang, segment.slot, segment.variant, values, tset)
        for paragraph in case.story.paragraphs
        for segment in paragraph
        if segment.distractor
    ]


def person_names(case: Case, lang: str, tset: TemplateSet | None = None) -> dict[str, str]:
    """Offender id -> the name the story gives them (for the verdict's reasoning)."""
    tset = tset or case.templates
    pools = tset.templates(lang)["pools"]
    named = {placeholder: pools[pool][index] for placeholder, pool, index in case.story.pooled}
    return {o.id: named[o.id] for o in case.facts.offenders if o.id in named}
