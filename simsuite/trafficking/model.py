"""The generated case: facts for the engine, a story for the narrative, and the answer key.

A :class:`Case` keeps the facts (what the evidence proves), the story (which template variant
fills each sentence, and with which fictional names and places) and the engine's verdict on the
facts. Prose is rendered on demand from the per-language templates, so generating stays cheap
and the English and Russian texts are parallel sentence by sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simsuite.errors import UserInputError
from simsuite.i18n import _
from simsuite.law.engine import Verdict
from simsuite.law.facts import PURPOSES, Facts
from simsuite.law.lawpack import available_jurisdictions

if TYPE_CHECKING:
    from simsuite.trafficking.render import TemplateSet

AGE_BANDS = ("any", "adult", "child")
DIFFICULTIES = ("easy", "medium", "hard")
#: Forms of exploitation the generator writes stories for (engine ids, a subset of PURPOSES).
GENERATED_FORMS = (
    "sexual_exploitation",
    "forced_labour",
    "forced_begging",
    "servitude",
    "organ_removal",
    "forced_marriage",
    "forced_criminality",
)
#: Forms never generated for a child victim (the manual's organ-removal rules concern adults).
ADULT_ONLY_FORMS = ("organ_removal",)
#: The cases trainees confuse with trafficking (issue 3; digest 004a sections 3.3, 3.10).
NEAR_MISSES = (
    "migrant_smuggling",
    "voluntary_prostitution",
    "labour_dispute",
    "independent_travel",
    "kidnapping_ransom",
    "bride_kidnapping",
    "workplace_coercion",
)
CHILD_NEAR_MISSES = (
    "migrant_smuggling",
    "independent_travel",
    "kidnapping_ransom",
    "bride_kidnapping",
)
LANGUAGES = ("en", "ru", "ky", "az", "uz")


@dataclass(frozen=True)
class GeneratorParams:
    """Controls of the case generator; validated on construction."""

    jurisdiction: str = "KG"
    age_band: str = "any"
    non_trafficking_share: float = 0.3
    difficulty: str = "medium"
    #: probability that a case leaves a decisive fact not yet established
    open_share: float = 0.1
    forms: tuple[str, ...] | None = None
    near_misses: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        code = str(self.jurisdiction).upper()
        if code not in available_jurisdictions():
            raise UserInputError(
                _("unknown jurisdiction {code!r}.").format(code=self.jurisdiction),
                where="jurisdiction",
                allowed=", ".join(available_jurisdictions()),
            )
        object.__setattr__(self, "jurisdiction", code)
        if self.age_band not in AGE_BANDS:
            raise UserInputError(
                _("unknown age band {value!r}.").format(value=self.age_band),
                where="age_band",
                allowed=", ".join(AGE_BANDS),
            )
        if self.difficulty not in DIFFICULTIES:
            raise UserInputError(
                _("unknown difficulty {value!r}.").format(value=self.difficulty),
                where="difficulty",
                allowed=", ".join(DIFFICULTIES),
            )
        for name in ("non_trafficking_share", "open_share"):
            share = getattr(self, name)
            if (
                isinstance(share, bool)
                or not isinstance(share, int | float)
                or not 0 <= share <= 1  # also refuses NaN
            ):
                raise UserInputError(
                    _("{name} must be a number from 0 to 1, got {value!r}.").format(
                        name=name, value=share
                    ),
                    where=name,
                    allowed="0.0 … 1.0",
                )
            object.__setattr__(self, name, float(share))
        for name, allowed in (("forms", GENERATED_FORMS), ("near_misses", NEAR_MISSES)):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str):
                value = (value,)
            value = tuple(value)
            unknown = [v for v in value if v not in allowed]
            if unknown or not value:
                extra = ""
                if name == "forms" and any(v in PURPOSES for v in unknown):
                    extra = _(" (the engine knows it, but the generator writes no story for it)")
                raise UserInputError(
                    _("unknown or empty {name}: {values}{extra}.").format(
                        name=name, values=", ".join(unknown) or "()", extra=extra
                    ),
                    where=name,
                    allowed=", ".join(allowed),
                )
            object.__setattr__(self, name, tuple(sorted(set(value), key=allowed.index)))
        if self.age_band == "child":
            if self.forms is not None and not set(self.forms) - set(ADULT_ONLY_FORMS):
                raise UserInputError(
                    _("no form left for child victims."),
                    where="forms",
                    allowed=", ".join(f for f in GENERATED_FORMS if f not in ADULT_ONLY_FORMS),
                )
            if self.near_misses is not None and not set(self.near_misses) & set(CHILD_NEAR_MISSES):
                raise UserInputError(
                    _("no near miss left for child victims."),
                    where="near_misses",
                    allowed=", ".join(CHILD_NEAR_MISSES),
                )

    def key(self) -> str:
        """Canonical text of the parameters (part of the seed and of the case id)."""
        forms = ",".join(self.forms) if self.forms else "*"
        near = ",".join(self.near_misses) if self.near_misses else "*"
        return (
            f"{self.jurisdiction}|{self.age_band}|{self.non_trafficking_share!r}|"
            f"{self.difficulty}|{forms}|{near}|{self.open_share!r}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "age_band": self.age_band,
            "non_trafficking_share": self.non_trafficking_share,
            "difficulty": self.difficulty,
            "open_share": self.open_share,
            "forms": list(self.forms) if self.forms else None,
            "near_misses": list(self.near_misses) if self.near_misses else None,
        }


@dataclass(frozen=True)
class Segment:
    """One sentence of the story: a template slot, the variant chosen, and what it shows."""

    slot: str
    variant: int
    observation: str | None = None  # the observation id this sentence is evidence of
    distractor: bool = False


@dataclass(frozen=True)
class Story:
    """Everything the renderer needs, language-neutral: slots, variants and fillers."""

    sex: str
    paragraphs: tuple[tuple[Segment, ...], ...]
    #: placeholder -> (pool in the templates, index); resolved per language
    pooled: tuple[tuple[str, str, int], ...]
    #: placeholder -> literal value (numbers, codes)
    literals: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Case:
    """A generated training case with its answer key (the engine's verdict on its facts)."""

    case_id: str
    seed: int
    params: GeneratorParams
    kind: str  # a form of exploitation, or a near-miss id
    facts: Facts
    story: Story
    police_indicators: tuple[str, ...]
    ilo_indicators: tuple[str, ...]
    verdict: Verdict
    #: the country whose police meet the person (where the story's discovery happens)
    discovery_country: str = "KG"
    templates: TemplateSet = field(default=None, repr=False, compare=False)  # type: ignore

    def __post_init__(self) -> None:
        if self.templates is None:
            from simsuite.trafficking.render import packaged

            object.__setattr__(self, "templates", packaged())

    @property
    def is_child(self) -> bool:
        """Whether the victim is under the pack's child age (a fact, not the verdict)."""
        from simsuite.law.lawpack import load_pack

        return self.facts.victim.age < load_pack(self.params.jurisdiction).child_age

    @property
    def is_near_miss(self) -> bool:
        return self.kind in NEAR_MISSES

    @property
    def is_open(self) -> bool:
        """Whether a fact that decides the qualification is not yet established."""
        return self.verdict.is_open

    @property
    def is_foreign_victim(self) -> bool:
        """Whether the person is a foreign citizen for the police who meet them."""
        return self.facts.victim.citizenship != self.discovery_country

    def render(self, lang: str = "en", templates: TemplateSet | None = None) -> str:
        """Readable prose (Markdown paragraphs) in ``lang`` (en or ru)."""
        from simsuite.trafficking.render import render_story

        return render_story(self, _check_lang(lang), templates)

    def names(self, lang: str = "en") -> dict[str, str]:
        """Offender id -> the name the story gives that person (for the reasoning)."""
        from simsuite.trafficking.render import person_names

        return person_names(self, _check_lang(lang))

    def indicator_evidence(self, lang: str = "en") -> dict[str, str]:
        """For each police indicator present, the sentence of the narrative that shows it."""
        from simsuite.trafficking.render import evidence_sentences

        return evidence_sentences(self, _check_lang(lang))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready structured data for widgets (fixed key order)."""
        return {
            "case_id": self.case_id,
            "seed": self.seed,
            "params": self.params.to_dict(),
            "kind": self.kind,
            "is_child": self.is_child,
            "is_near_miss": self.is_near_miss,
            "is_open": self.is_open,
            "discovery_country": self.discovery_country,
            "facts": self.facts.to_dict(),
            "police_indicators": list(self.police_indicators),
            "ilo_indicators": list(self.ilo_indicators),
            "red_herrings": self.red_herrings(lang),
            "verdict": self.verdict.to_dict(lang, self.names(lang)),
        }

    def red_herrings(self, lang: str = "en") -> list[str]:
        """The distractor sentences of the narrative (for the instructor's debrief)."""
        from simsuite.trafficking.render import distractor_sentences

        return distractor_sentences(self, _check_lang(lang))


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UserInputError(
            _("no case templates for language {lang!r}.").format(lang=lang),
            where="--lang",
            allowed=", ".join(LANGUAGES),
        )
    return lang
