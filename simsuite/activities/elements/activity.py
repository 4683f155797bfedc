"""Find the elements: the foundations module's exercise type.

The learner reads a generated case and marks the *act(s)*, the *means* and the *purpose* that
its facts establish, says whether a means must be proven for this victim (not for a child:
act and purpose suffice), and whether all the elements of trafficking are there. The key is the
qualification engine's verdict on the case facts (:mod:`simsuite.law.engine`), never a second
copy; the feedback quotes the engine's steps with their sources.

Its cases state every fact: finding the elements is judged on what the facts establish, so a
case with a fact still to be established has no elements to find and would leave "all
elements?" without a right yes or no. A seed and the parameters name the case the other
modules show for them (``open_share`` included), so a learner meets the same story across
modules; where that case leaves a fact open, they name the seed's case with every fact stated
instead.
Open facts are practised where the answer can say so: *Qualify the case* ("cannot be qualified
yet") and *Weigh the evidence* ("still open").

Score = 0.25 x acts + 0.25 x means + 0.25 x purposes + 0.10 x "means needed?" + 0.15 x "all
elements?". A set scores hits minus false alarms, floored at 0, over what the facts show (so
ticking every box earns nothing); when the facts show none, 1 minus the share of boxes ticked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.identification.activity import CASE_PARAMS
from simsuite.activities.identification.evaluate import Evaluation, ItemFeedback
from simsuite.content.sources import cite
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, language, localized

WEIGHTS = {"acts": 0.25, "means": 0.25, "purposes": 0.25, "means_needed": 0.10, "complete": 0.15}
ELEMENT_FIELDS = ("acts", "means", "purposes")
#: engine trace steps (by text key) that establish or deny each element
STEP_KEYS = {
    "acts": ("acts_found", "no_act", "transport_dropped"),
    "means": (
        "means_found",
        "no_means",
        "means_not_in_pack",
        "abuse_not_proven",
        "threat_not_real",
    ),
    "purposes": ("purpose_found", "no_purpose", "purpose_not_in_pack"),
    "means_needed": ("child_rule", "child_means_required", "adult"),
}
OUTCOMES = {
    "right": N_("Right."),
    "partly": N_("Partly right."),
    "wrong": N_("Not right."),
    "missing": N_("Not answered."),
}


@dataclass(frozen=True)
class PublicElementsCase:
    case_id: str
    lang: str
    jurisdiction: str
    narrative: str


@dataclass(frozen=True)
class ElementsKey:
    jurisdiction: str
    acts: frozenset[str]
    means: frozenset[str]
    purposes: frozenset[str]
    means_needed: bool
    complete: bool
    trace: tuple[Any, ...]
    summary: str


@dataclass(frozen=True)
class ElementItem(ItemFeedback):
    credit: float = 0.0

    @property
    def is_error(self) -> bool:
        return self.outcome != "right"

    def headline(self) -> str:
        return _(OUTCOMES[self.outcome])


def _vocabulary(kind: str) -> dict[str, Mapping[str, str]]:
    from simsuite.law.facts import vocabulary

    return dict(vocabulary()[kind])


def _ids(value: object, field: str) -> frozenset[str]:
    allowed = _vocabulary(field)
    if value is None:
        return frozenset()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise UserInputError(
            _("Give a set of ids, got {value!r}.").format(value=value),
            where=field,
            allowed=", ".join(allowed),
        )
    ids = set()
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise UserInputError(
                _("{value!r} is not one of the options.").format(value=item),
                where=field,
                allowed=", ".join(allowed),
            )
        ids.add(item)
    return frozenset(ids)


def _yes_no(value: object, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise UserInputError(
        _("Give True or False, got {value!r}.").format(value=value),
        where=field,
        allowed="True, False",
    )


def _set_credit(expected: frozenset[str], given: frozenset[str], options: int) -> float:
    if expected:
        return max(0, len(given & expected) - len(given - expected)) / len(expected)
    return 1 - len(given) / options


class ElementsType(ExerciseType):
    name = "elements"
    title = N_("Find the elements")
    summary = N_(
        "Mark the act, the means and the purpose that the facts of a case establish, and say "
        "whether every element of trafficking is there."
    )
    competencies = ("qualification",)
    app_notebook = "05_find_the_elements.ipynb"
    default_params = CASE_PARAMS

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        from simsuite.law import load_pack
        from simsuite.trafficking import GeneratorParams, generate_case

        params = self.check_params(params)
        case = generate_case(seed=seed, params=GeneratorParams(**params))
        if case.verdict.is_open:
            case = generate_case(seed=seed, params=GeneratorParams(**{**params, "open_share": 0}))
        verdict = case.verdict
        with language(lang):
            public = PublicElementsCase(
                case.case_id, lang, verdict.jurisdiction, case.render(lang=lang)
            )
            key = ElementsKey(
                jurisdiction=verdict.jurisdiction,
                acts=frozenset(verdict.acts),
                means=frozenset(verdict.means),
                purposes=frozenset(verdict.purposes),
                # the definition's rule for this victim, whatever the verdict: a child needs no
                # means where the pack says so, even in a case that fails on another element
                means_needed=not (
                    verdict.is_child and not load_pack(verdict.jurisdiction).child_means_required
                ),
                complete=verdict.is_trafficking,
                trace=verdict.trace,
                summary=verdict.summary(lang),
            )
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicElementsCase) -> tuple[AnswerField, ...]:
        lang = public.lang
        with language(lang):
            fields = [
                AnswerField(
                    field,
                    "choices",
                    label,
                    tuple((i, localized(text, lang)) for i, text in _vocabulary(field).items()),
                    blank=set(),
                    required=False,
                )
                for field, label in (
                    ("acts", _("The act(s) the facts establish")),
                    ("means", _("The means the facts establish")),
                    ("purposes", _("The purpose(s) of exploitation the facts establish")),
                )
            ]
            yes_no = (("True", _("Yes")), ("False", _("No")))
            fields += [
                AnswerField(
                    "means_needed", "bool", _("Must a means be proven for this victim?"), yes_no
                ),
                AnswerField(
                    "complete", "bool", _("Are all the elements of trafficking there?"), yes_no
                ),
            ]
        return tuple(fields)

    def evaluate(self, key: ElementsKey, answer: Mapping[str, Any], lang: str) -> Evaluation:
        from simsuite.activities.qualification.evaluate import quote_step

        given = {field: _ids(answer.get(field), field) for field in ELEMENT_FIELDS}
        means_needed = _yes_no(answer.get("means_needed"), "means_needed")
        complete = _yes_no(answer.get("complete"), "complete")
        with language(lang):
            if not any(given.values()) and means_needed is None and complete is None:
                return Evaluation(
                    0.0,
                    (),
                    blank=True,
                    summary=_("No answer was given: mark what the facts establish."),
                )
            labels = {
                "acts": _("Act"),
                "means": _("Means"),
                "purposes": _("Purpose"),
                "means_needed": _("Means needed?"),
                "complete": _("All elements?"),
            }
            items: list[ElementItem] = []
            credits: dict[str, float] = {}
            for field in ELEMENT_FIELDS:
                expected: frozenset[str] = getattr(key, field)
                credit = _set_credit(expected, given[field], len(_vocabulary(field)))
                credits[field] = credit
                outcome = "right" if credit == 1 else "partly" if credit > 0 else "wrong"
                if not given[field] and expected:
                    outcome = "missing"
                names = ", ".join(
                    localized(_vocabulary(field)[i], lang) for i in sorted(expected)
                ) or _("none")
                why = _("The facts establish: {names}.").format(names=names)
                if outcome != "right":
                    steps = [s for s in key.trace if s.key in STEP_KEYS[field]]
                    why += " " + " ".join(quote_step(step, lang) for step in steps)
                items.append(ElementItem(field, outcome, labels[field], why.strip(), credit))
            for field, value, right in (
                ("means_needed", means_needed, key.means_needed),
                ("complete", complete, key.complete),
            ):
                credit = 1.0 if value is right else 0.0
                credits[field] = credit
                outcome = "missing" if value is None else "right" if credit else "wrong"
                if field == "means_needed":
                    why = (
                        _("Yes: the victim is an adult, so a means must be proven.")
                        if right
                        else _("No: the victim is a child; the act and the purpose suffice.")
                    )
                    if outcome != "right":
                        steps = [s for s in key.trace if s.key in STEP_KEYS[field]]
                        why += " " + " ".join(quote_step(step, lang) for step in steps)
                else:
                    why = key.summary
                items.append(ElementItem(field, outcome, labels[field], why.strip(), credit))
            score = round(sum(WEIGHTS[f] * c for f, c in credits.items()), 6)
            sources = tuple(
                cite(step.source, lang, verified=step.verified and cite(step.source).verified)
                for step in key.trace
                if any(step.key in keys for keys in STEP_KEYS.values())
            )
        return Evaluation(score, tuple(items), sources=sources)

    def solution(self, key: ElementsKey) -> dict[str, Any]:
        return {
            "acts": set(key.acts),
            "means": set(key.means),
            "purposes": set(key.purposes),
            "means_needed": key.means_needed,
            "complete": key.complete,
        }

    def public_markdown(self, public: PublicElementsCase, lang: str) -> str:
        with language(lang):
            blocks = ["## " + _("Your case"), public.narrative, "## " + _("Your options")]
            for answer_field in self.answer_fields(public):
                lines = [f"**{answer_field.label}** (`{answer_field.name}`)"]
                lines += [f"- `{option}`: {label}" for option, label in answer_field.options]
                blocks.append("\n".join(lines))
            return "\n\n".join(blocks)

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case. Run the cell below to see yours. Mark the act(s), "
            "the means and the purpose that its facts establish, say whether a means must be "
            "proven for this victim and whether all the elements of trafficking are there. "
            "Write your answer in the cell after it and run the check."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.widgets.form_app import ExerciseApp

        return ExerciseApp(self, seed=seed, lang=lang, **params)


TYPE = ElementsType()
