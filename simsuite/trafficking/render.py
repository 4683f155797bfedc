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
and generation and rendering take another one as a parameter (an academy's own wording).

A :class:`GradedTemplateSet` is wording held back for graded cases, on the instructor's side: it
rewrites slots of the packaged set (every indicator sentence, and the distractors) and *retells*
a case drawn with the packaged set: each rewritten sentence is drawn again from its
alternatives, the observation and distractor sentences are shuffled, and distractors that share
wording with indicator sentences are added, all from the case's seed. The facts, and so every
key, stay those of the drawn case. The caller chooses the wording: ``case_wording(tset)``
makes every case told inside the block (``Case.render``, the evidence quotes) use ``tset``.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from simsuite.errors import ContentError
from simsuite.i18n import _
from simsuite.trafficking.model import Segment
from simsuite.yamlio import load_given, load_shipped

if TYPE_CHECKING:
    from simsuite.trafficking.model import Case

_GENDER = re.compile(r"\{g:(\w+):([^/{}]*)/([^{}]*)\}")
_CASE = re.compile(r"\{(\w+):(nom|gen|dat|acc|ins|loc)\}")
PEOPLE = ("victim", "recruiter", "exploiter", "boss", "relative", "helper", "driver", "organiser")
#: Every ``{name}`` a template may use besides the people (see the module docstring).
PLACEHOLDERS = frozenset(PEOPLE) | {
    "home_town", "dest_town", "company", "job", "amount", "age", "years", "hotline",
    "home_in", "home_from", "home_to", "home_name", "dest_in", "dest_to", "dest_name",
    "via", "via_to", "via_name", "she", "her", "him", "She", "Her",
}  # fmt: skip
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


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
                load = load_shipped if self.folder is None else load_given
                self._cache[lang] = load(path.read_text("utf-8"))
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

    def retell(self, case: Case) -> Case:
        """The case as this set tells it: a plain set tells the story as it was drawn."""
        return case


#: Slots a graded set must rewrite: every sentence that may show an indicator.
INDICATOR_SLOTS = "obs."
#: A graded set's distractors for an observation: ``distractor.<observation>``.
DISTRACTOR_SLOTS = "distractor."
#: How many sentences of a graded case are indicator sentences or distractors together (at
#: least one distractor in every case): the count of unfamiliar sentences tells nothing.
GRADED_BLOCK = (3, 4)


class GradedTemplateSet(TemplateSet):
    """Wording held back for graded cases: a folder of ``<lang>.yaml`` files, each with
    ``slots:`` mapping slots of the packaged set to alternatives (every ``obs.*`` slot), and
    ``distractor.<observation>`` for every observation that shows an indicator: sentences that
    share wording with that observation's indicator sentences but show no indicator. Names,
    places and the slots it does not rewrite come from the packaged set. Every language has as
    many alternatives per slot as ``en.yaml`` (alternative *i* tells the same in each)."""

    schema = "graded-templates.schema.json"

    def __init__(self, folder: str | Path, base: TemplateSet | None = None) -> None:
        super().__init__(folder, name=str(folder))
        self.base = base or packaged()
        self._own: dict[str, dict[str, list[str]]] = {}

    def __repr__(self) -> str:
        return f"GradedTemplateSet({self.name!r})"

    def templates(self, lang: str) -> Mapping[str, Any]:
        if lang not in self._cache:
            slots = self._slots(lang)
            base = self.base.templates(lang)
            self._cache[lang] = {**base, "slots": {**base["slots"], **slots}}
        return self._cache[lang]

    def _slots(self, lang: str) -> dict[str, list[str]]:
        """The slots this set rewrites in ``lang``, checked (read once)."""
        if lang not in self._own:
            self._own[lang] = self._read(lang)
        return self._own[lang]

    def _read(self, lang: str) -> dict[str, list[str]]:
        from simsuite.content import load_yaml_file, schema_checked

        assert self.folder is not None
        path = self.folder / f"{lang}.yaml"
        if not self.folder.is_dir():
            raise ContentError(
                _(
                    "The folder of graded case wording does not exist: graded cases would be "
                    "told in the public wording, from which a trainee can rebuild the key. "
                    "Copy grading/templates/ from the repository there, or set "
                    "`case_templates` in the course file to its folder (or to `public` to "
                    "accept the public wording)."
                ),
                where=str(self.folder),
            )
        if not path.is_file():
            written = sorted(p.stem for p in self.folder.glob("*.yaml"))
            raise ContentError(
                _(
                    "There is no graded case wording in this language: graded cases would be "
                    "told in the public wording, from which a trainee can rebuild the key. "
                    'Write {file} (instructor guide, "Graded case wording"), or set '
                    "`case_templates: public` in the course file to accept the public wording."
                ).format(file=path.name),
                where=str(path),
                allowed=", ".join(written) or _("no language yet"),
            )
        where = str(path)
        data = schema_checked(
            load_yaml_file(path), "simsuite.trafficking", self.schema, None, where
        )
        slots: dict[str, list[str]] = data["slots"]
        base = self.base.templates(lang)["slots"]
        distractors = {DISTRACTOR_SLOTS + o for o in _indicator_observations()}
        for slot in slots:
            if slot not in base and slot not in distractors:
                raise ContentError(
                    _("slots/{slot}: not a slot of the case templates.").format(slot=slot),
                    where=where,
                    allowed=_("the slots of {file}, and {distractors}").format(
                        file="simsuite/trafficking/templates/en.yaml",
                        distractors=", ".join(sorted(distractors)),
                    ),
                )
        required = {s for s in base if s.startswith(INDICATOR_SLOTS)} | distractors
        missing = sorted(required - set(slots))
        if missing:
            raise ContentError(
                _(
                    "slots: the graded wording must rewrite every indicator sentence and the "
                    "distractors; missing: {slots}."
                ).format(slots=", ".join(missing)),
                where=where,
            )
        for slot, texts in slots.items():
            for index, text in enumerate(texts):
                bare = _CASE.sub("", _GENDER.sub("", text))
                unknown = sorted(set(_PLACEHOLDER.findall(bare)) - PLACEHOLDERS)
                if unknown or bare.count("{") != bare.count("}"):
                    raise ContentError(
                        _("slots/{slot}/{index}: unknown placeholder {names}.").format(
                            slot=slot, index=index, names=", ".join(unknown) or "{ }"
                        ),
                        where=where,
                        allowed=", ".join(sorted(PLACEHOLDERS)),
                    )
        if lang != "en":
            reference = self._slots("en")
            for slot in sorted(set(reference) | set(slots)):
                have, want = len(slots.get(slot, ())), len(reference.get(slot, ()))
                if have != want:
                    raise ContentError(
                        _(
                            "slots/{slot}: {have} alternative(s), but en.yaml has {want}: "
                            "alternative i must tell the same in every language."
                        ).format(slot=slot, have=have, want=want),
                        where=where,
                    )
        return slots

    def retell(self, case: Case) -> Case:
        """The case told in this wording: a pure function of the case (its parameters and
        seed) and this set. Facts, indicators and verdict are the drawn case's own."""
        if case.templates is self:
            return case
        slots = self.templates("en")["slots"]
        graded = set(self._slots("en"))
        rng = random.Random(f"graded|{case.params.key()}|{case.seed}")
        paragraphs = [list(p) for p in case.story.paragraphs]
        for paragraph in paragraphs:
            for index, segment in enumerate(paragraph):
                if segment.slot in graded and not segment.distractor:
                    variant = rng.randrange(len(slots[segment.slot]))
                    paragraph[index] = dataclasses.replace(segment, variant=variant)
        # the paragraph that tells the situation the officers met (before the discovery)
        shown = [i for i, p in enumerate(paragraphs) if any(_movable(s) for s in p)]
        at = shown[-1] if shown else max(0, len(paragraphs) - 2)
        paragraph = paragraphs[at]
        first = next((i for i, s in enumerate(paragraph) if _movable(s)), len(paragraph))
        lead, rest = paragraph[:first], paragraph[first:]
        observations = [s for s in rest if s.observation]
        drawn = sum(1 for s in rest if s.distractor)
        count = max(1, drawn, rng.randint(*GRADED_BLOCK) - len(observations))
        block = observations + [
            Segment(slot, variant, None, True)
            for slot, variant in self._distractors(case, rng, count)
        ]
        rng.shuffle(block)
        paragraphs[at] = lead + block + [s for s in rest if not _movable(s)]
        story = dataclasses.replace(case.story, paragraphs=tuple(tuple(p) for p in paragraphs))
        return dataclasses.replace(case, story=story, templates=self)

    def _distractors(self, case: Case, rng: random.Random, count: int) -> list[tuple[str, int]]:
        """``count`` distractors (slot, alternative), each of an indicator of the case's list
        that the case does not show (so ticking it is always a false alarm), of as many
        indicators as possible."""
        from simsuite.trafficking.indicators import OBSERVATION_TO_POLICE

        mapping = OBSERVATION_TO_POLICE["child" if case.is_child else "adult"]
        # an observation off the case's list would mimic nothing: never drawn
        shown_anyway = ""
        shown = set(case.police_indicators) | {shown_anyway}
        slots = self._slots("en")
        candidates = [
            (slot, variant)
            for slot in sorted(slots)
            if slot == "distractor"
            or (
                slot.startswith(DISTRACTOR_SLOTS)
                and mapping.get(slot.removeprefix(DISTRACTOR_SLOTS), shown_anyway) not in shown
            )
            for variant in range(len(slots[slot]))
        ]
        rng.shuffle(candidates)
        # one per indicator first, then any
        first: dict[str, tuple[str, int]] = {}
        for slot, variant in candidates:
            first.setdefault(slot, (slot, variant))
        ordered = list(first.values()) + [c for c in candidates if c not in first.values()]
        return ordered[:count]


def _indicator_observations() -> tuple[str, ...]:
    """Every observation that shows an indicator on a police list (any age band)."""
    from simsuite.trafficking.indicators import OBSERVATION_TO_POLICE

    return tuple(sorted({o for band in OBSERVATION_TO_POLICE.values() for o in band}))


def _movable(segment: Any) -> bool:
    """Observation and distractor sentences: the story reads the same in any order of them."""
    return bool(segment.observation or segment.distractor)


_IN_FORCE: ContextVar[TemplateSet | None] = ContextVar("simsuite_case_wording", default=None)


@contextmanager
def case_wording(tset: TemplateSet | None) -> Iterator[None]:
    """Tell every case rendered inside the block with ``tset`` (None: as each was drawn). The
    course builder wraps graded cases in it; the self-paced apps never do."""
    token = _IN_FORCE.set(tset)
    try:
        yield
    finally:
        _IN_FORCE.reset(token)


def _told(case: Case, tset: TemplateSet | None) -> tuple[Case, TemplateSet]:
    """The case as the chosen wording tells it: given, else the one in force, else its own."""
    tset = tset or _IN_FORCE.get() or case.templates
    return tset.retell(case), tset


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
    return _values(case, lang, tset or _IN_FORCE.get() or packaged())


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
    case, tset = _told(case, tset)
    values = _values(case, lang, tset)
    paragraphs = []
    for paragraph in case.story.paragraphs:
        sentences = [_sentence(case, lang, s.slot, s.variant, values, tset) for s in paragraph]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def evidence_sentences(case: Case, lang: str, tset: TemplateSet | None = None) -> dict[str, str]:
    """Indicator id -> the sentence showing it (the first, if several show it)."""
    from simsuite.trafficking.indicators import OBSERVATION_TO_POLICE

    case, tset = _told(case, tset)
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
    case, tset = _told(case, tset)
    values = _values(case, lang, tset)
    return [
        _sentence(case, lang, segment.slot, segment.variant, values, tset)
        for paragraph in case.story.paragraphs
        for segment in paragraph
        if segment.distractor
    ]


def person_names(case: Case, lang: str, tset: TemplateSet | None = None) -> dict[str, str]:
    """Offender id -> the name the story gives them (for the verdict's reasoning). Names are
    drawn with the story: every wording of the case gives the same ones."""
    tset = tset or case.templates
    pools = tset.templates(lang)["pools"]
    named = {placeholder: pools[pool][index] for placeholder, pool, index in case.story.pooled}
    return {o.id: named[o.id] for o in case.facts.offenders if o.id in named}
