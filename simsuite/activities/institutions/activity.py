"""Who does what: match responsibilities to the institutions of Azerbaijan's counter-trafficking
system (National Action Plan 2004, IOM needs assessment), and judge statements of its
principles (need-to-know; a shelter is never a place of detention).

Score = 0.75 x the share of responsibilities matched to an institution that carries them in the
source + 0.25 x the share of statements judged right (all on the matches when a variant has no
statement). An unanswered question earns nothing; any institution the source names for a
responsibility is right.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.elements.activity import ElementItem
from simsuite.activities.identification.evaluate import Evaluation
from simsuite.content import package_yaml, schema_checked
from simsuite.content.sources import cite
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import N_, _, language, localized

PACKAGE = "simsuite.activities.institutions"
MATCH_WEIGHT = 0.75
#: a variant names at least this many different institutions among its responsibilities
MIN_DISTINCT = 4


@cache
def content() -> Mapping[str, Any]:
    """The checked content file (schema, then references between entries)."""
    where = "institutions/data/institutions.yaml"
    data = schema_checked(
        package_yaml(PACKAGE, "data", "institutions.yaml"), PACKAGE, "data/schema.json", "file",
        where,
    )
    known = [i["id"] for i in data["institutions"]]
    for section in ("institutions", "responsibilities", "principles"):
        ids = [entry["id"] for entry in data[section]]
        if len(ids) != len(set(ids)):
            raise ContentError(_("Ids must be unique."), where=f"{where}: {section}")
    for entry in data["responsibilities"]:
        unknown = set(entry["institutions"]) - set(known)
        if unknown:
            raise ContentError(
                _("Unknown institution(s): {ids}.").format(ids=", ".join(sorted(unknown))),
                where=f"{where}: responsibilities/{entry['id']}",
                allowed=", ".join(known),
            )
    return data


def _by_id(section: str) -> dict[str, Mapping[str, Any]]:
    return {entry["id"]: entry for entry in content()[section]}


@dataclass(frozen=True)
class PublicMatching:
    case_id: str
    lang: str
    duties: tuple[tuple[str, str], ...]  # responsibility id, text
    statements: tuple[tuple[str, str], ...]  # principle id, text
    options: tuple[tuple[str, str], ...]  # institution id, label


@dataclass(frozen=True)
class MatchingKey:
    case_id: str
    lang: str
    carriers: dict[str, tuple[str, ...]]  # responsibility -> institutions that carry it
    truths: dict[str, bool]  # principle -> whether it holds


def who_field(position: int) -> str:
    """The answer to the responsibility at ``position`` (1, 2, ...): names are positions, so
    every trainee's variant has the same answer fields (a graded notebook needs that)."""
    return f"who_{position}"


def holds_field(position: int) -> str:
    return f"holds_{position}"


class InstitutionsType(ExerciseType):
    name = "institutions"
    title = N_("Who does what")
    summary = N_(
        "Match each responsibility to the institution that carries it in Azerbaijan's "
        "counter-trafficking system, and judge statements about its principles: need-to-know, "
        "and a shelter that is never a place of detention."
    )
    competencies = ("coordination",)
    app_notebook = "61_who_does_what.ipynb"
    default_params = {"responsibilities": 6, "principles": 2}

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = super().check_params(params)
        limits = {
            "responsibilities": (2, len(content()["responsibilities"])),
            "principles": (0, len(content()["principles"])),
        }
        for name, (low, high) in limits.items():
            value = params[name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise UserInputError(
                    _("{name} must be a whole number from {low} to {high}.").format(
                        name=name, low=low, high=high
                    ),
                    where=f"params.{name}",
                    allowed=f"{low} … {high}",
                )
        return params

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        data = content()
        rng = random.Random(f"institutions|{seed}|{params['responsibilities']}|"
                            f"{params['principles']}")
        duties = list(data["responsibilities"])
        count = params["responsibilities"]
        wanted = min(MIN_DISTINCT, count, len({i for d in duties for i in d["institutions"]}))
        for _attempt in range(200):
            chosen = rng.sample(duties, count)
            if len({d["institutions"][0] for d in chosen}) >= wanted:
                break
        principles = list(data["principles"])
        statements = rng.sample(principles, params["principles"])
        if params["principles"] >= 2 and len({p["holds"] for p in statements}) == 1:
            # one that holds and one that does not: guessing one answer for all earns half
            other = [p for p in principles if p["holds"] != statements[0]["holds"]]
            statements[-1] = rng.choice(other)
        with language(lang):
            public = PublicMatching(
                case_id=f"WHO-{seed}",
                lang=lang,
                duties=tuple((d["id"], localized(d["text"], lang)) for d in chosen),
                statements=tuple((p["id"], localized(p["text"], lang)) for p in statements),
                options=tuple((i["id"], localized(i["label"], lang))
                              for i in data["institutions"]),
            )
            key = MatchingKey(
                case_id=public.case_id,
                lang=lang,
                carriers={d["id"]: tuple(d["institutions"]) for d in chosen},
                truths={p["id"]: bool(p["holds"]) for p in statements},
            )
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicMatching) -> tuple[AnswerField, ...]:
        with language(public.lang):
            fields = [
                AnswerField(who_field(n), "choice", text, public.options, required=False)
                for n, (_duty, text) in enumerate(public.duties, start=1)
            ]
            yes_no = (("True", _("True")), ("False", _("False")))
            fields += [
                AnswerField(holds_field(n), "bool", text, yes_no, required=False)
                for n, (_principle, text) in enumerate(public.statements, start=1)
            ]
        return tuple(fields)

    def evaluate(self, key: MatchingKey, answer: Mapping[str, Any], lang: str) -> Evaluation:
        institutions = _by_id("institutions")
        duties, principles = _by_id("responsibilities"), _by_id("principles")
        given_who = {}
        for n, duty in enumerate(key.carriers, start=1):
            value = answer.get(who_field(n))
            if value is not None and value not in institutions:
                raise UserInputError(
                    _("{value!r} is not one of the options.").format(value=value),
                    where=who_field(n), allowed=", ".join(institutions),
                )
            given_who[duty] = value
        given_holds = {}
        for n, principle in enumerate(key.truths, start=1):
            value = answer.get(holds_field(n))
            if value is not None and not isinstance(value, bool):
                raise UserInputError(
                    _("Give True or False, got {value!r}.").format(value=value),
                    where=holds_field(n), allowed="True, False",
                )
            given_holds[principle] = value
        with language(lang):
            if all(v is None for v in (*given_who.values(), *given_holds.values())):
                return Evaluation(0.0, (), blank=True,
                                  summary=_("Nothing answered yet: match each responsibility."))
            items, sources = [], []
            for duty, carriers in key.carriers.items():
                entry = duties[duty]
                names = " / ".join(localized(institutions[i]["label"], lang) for i in carriers)
                value = given_who[duty]
                outcome = "missing" if value is None else "right" if value in carriers else "wrong"
                why = _("The source gives it to: {names}.").format(names=names)
                label = localized(entry["text"], lang).rstrip(".")
                items.append(ElementItem(duty, outcome, label, why, float(outcome == "right")))
                sources.append(entry["source"])
            for principle, truth in key.truths.items():
                entry = principles[principle]
                value = given_holds[principle]
                outcome = "missing" if value is None else "right" if value is truth else "wrong"
                verdict = _("True.") if truth else _("False.")
                label = localized(entry["text"], lang).rstrip(".")
                items.append(ElementItem(principle, outcome, label,
                                         f"{verdict} {localized(entry['why'], lang)}",
                                         float(outcome == "right")))
                sources.append(entry["source"])
            matched = [i.credit for i in items if i.item in key.carriers]
            judged = [i.credit for i in items if i.item in key.truths]
            weight = MATCH_WEIGHT if judged else 1.0
            score = weight * sum(matched) / len(matched)
            if judged:
                score += (1 - MATCH_WEIGHT) * sum(judged) / len(judged)
            citations = []
            for raw in sources:
                citation = cite(raw, lang)
                if citation not in citations:
                    citations.append(citation)
        return Evaluation(round(score, 6), tuple(items), sources=tuple(citations))

    def solution(self, key: MatchingKey) -> dict[str, Any]:
        answer: dict[str, Any] = {
            who_field(n): carriers[0] for n, carriers in enumerate(key.carriers.values(), 1)
        }
        answer.update({holds_field(n): t for n, t in enumerate(key.truths.values(), start=1)})
        return answer

    def _intro(self, lang: str) -> list[str]:
        return [
            "## " + _("Who does what"),
            _("Azerbaijan's National Action Plan against trafficking (2004) and the IOM "
              "needs assessment give each institution its part. For each responsibility, "
              "choose the institution that carries it; then say whether each statement is "
              "true."),
        ]

    def app_markdown(self, public: PublicMatching, lang: str) -> str:
        with language(lang):
            return "\n\n".join(self._intro(lang))

    def public_markdown(self, public: PublicMatching, lang: str) -> str:
        with language(lang):
            blocks = [
                *self._intro(lang),
                "## " + _("Responsibilities"),
                "\n".join(f"{n}. {text} (`{who_field(n)}`)"
                          for n, (_d, text) in enumerate(public.duties, start=1)),
                "## " + _("Institutions"),
                "\n".join(f"- `{i}`: {label}" for i, label in public.options),
            ]
            if public.statements:
                true_or_false = _("True or False")
                blocks += [
                    "## " + _("Statements"),
                    "\n".join(f"{n}. {text} (`{holds_field(n)}`: {true_or_false})"
                               for n, (_p, text) in enumerate(public.statements, start=1)),
                ]
            return "\n\n".join(blocks)

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own set of responsibilities. Run the cell below to see "
            "yours, write the institution's id for each responsibility and True or False for "
            "each statement in the cell after it, and run the check: it tells you whether the "
            "answer is in the right form, never whether it is right."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.widgets.form_app import ExerciseApp

        return ExerciseApp(self, seed=seed, lang=lang, **params)


TYPE = InstitutionsType()
