"""Weigh the evidence: the evidence-and-proof module's exercise type (prosecutors and judges).

For a case of the case engine (the same seed and parameters give the same story as *Spot the
indicators* and *Qualify the case*), a case file of evidence items. The trainee (a) says which
element each item bears on, that it bears on none, or that it cannot be used; (b) marks each
element proven, not proven or still open (for a child, that no means need be proven); (c) ticks
the missing evidence that would change the verdict. The key is the qualification engine's
verdict on the case's facts and its open facts (``case_file``, ``review``), never a second copy
of the law.

Score = 0.4 x items + 0.4 x elements + 0.2 x missing evidence.

* Items: each item scores 1 for the right answer; an item that cannot be used scores 0.5 when
  the trainee names the element it would bear on (they saw what it is about, not that it cannot
  be used); the part is the mean over the file.
* Elements: each element at issue scores 1 for the right status; for a child whose means are
  proven both "proven" and "need not be proven" are right; for a child with no means proven,
  "not proven" scores 0.5 (true, but the point is that none is needed).
* Missing evidence: hits minus false alarms over what is missing, floored at zero; when nothing
  missing would change the verdict, 1 minus the share of the options ticked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.evidence_review import case_file
from simsuite.activities.evidence_review.case_file import (
    ELEMENTS,
    NONE,
    NOT_AT_ISSUE,
    UNUSABLE,
    data,
)
from simsuite.activities.evidence_review.review import (
    EvidenceKey,
    PublicEvidenceFile,
    Review,
    citations,
    status_label,
)
from simsuite.activities.identification.activity import CASE_PARAMS
from simsuite.activities.identification.evaluate import Evaluation, ScorePart
from simsuite.activities.referral.feedback import PartFeedback, outcome
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, language, localized

WEIGHTS = {"items": 0.4, "elements": 0.4, "missing": 0.2}


class EvidenceReviewType(ExerciseType):
    name = "evidence_review"
    title = N_("Weigh the evidence")
    summary = N_(
        "Read a case file as a prosecutor or a judge: which element each item of evidence "
        "bears on, whether each element is proven, not proven or still open, and what missing "
        "evidence would change the verdict."
    )
    competencies = ("qualification",)
    app_notebook = "31_weigh_the_evidence.ipynb"
    default_params = CASE_PARAMS
    context_fields = ExerciseType.context_fields

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        from simsuite.trafficking import GeneratorParams

        params = super().check_params(params)
        GeneratorParams(**params)  # the engine's own checks, with its clear errors
        params["jurisdiction"] = str(params["jurisdiction"]).upper()
        return params

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        from simsuite.trafficking import GeneratorParams, generate_case

        params = self.check_params(params)
        case = generate_case(seed=seed, params=GeneratorParams(**params))
        items, fill = case_file.draw_file(case, params["difficulty"], lang)
        with language(lang):
            review = Review(case, items, fill, lang)
            exhibits = review.exhibits()
            brief = review.brief()
            public = PublicEvidenceFile(
                case_id=case.case_id,
                lang=lang,
                jurisdiction=case.verdict.jurisdiction,
                brief=brief,
                exhibits=tuple((field, heading, text) for field, heading, text, _key in exhibits),
                bearing_options=review.bearing_options(),
                questions=review.questions(),
                missing_options=review.missing_labels,
                narrative="\n\n".join(
                    [brief, *(f"**{heading}**  \n{text}" for _f, heading, text, _k in exhibits)]
                ),
            )
            key = EvidenceKey(
                jurisdiction=case.verdict.jurisdiction,
                lang=lang,
                exhibit_keys=tuple(key for *_shown, key in exhibits),
                element_keys=review.element_keys(),
                expected_missing=tuple(
                    (option, f"{label}: {change}")
                    for option, label, change in review.missing_changes.values()
                ),
                missing_labels=review.missing_labels,
                distractor_why=tuple(
                    (option, fill(spec["why"]))
                    for option, spec in data()["missing"].items()
                    if "why" in spec
                ),
                verdict_text=case.verdict.summary(lang, review.names),
                citations=citations(items, review.statuses, lang),
            )
        return Scenario(self.name, seed, params, lang, public, key)

    # --- the answer ----------------------------------------------------------------------------

    def answer_fields(self, public: PublicEvidenceFile) -> tuple[AnswerField, ...]:
        with language(public.lang):
            # labels are the same in every variant: the graded notebook's answer cell shows
            # the instructor's preview labels to every trainee
            fields = [
                AnswerField(
                    field,
                    "choice",
                    _("E{number}: what it bears on").format(number=number),
                    public.bearing_options,
                    required=False,
                )
                for number, (field, _heading, _text) in enumerate(public.exhibits, start=1)
            ]
            for element, _question, options in public.questions:
                label = localized(data()["elements"][element]["label"], public.lang)
                if element == "knowledge":
                    label = _(
                        "Whether the driver knew of the purpose of exploitation (only when the "
                        "file names a driver whose knowledge is in doubt)"
                    )
                fields.append(
                    AnswerField(
                        element,
                        "choice",
                        label,
                        options,
                        required=options[0][0] != NOT_AT_ISSUE,
                    )
                )
            fields.append(
                AnswerField(
                    "missing",
                    "choices",
                    _("The missing evidence that would change the verdict (tick none if none)"),
                    public.missing_options,
                    blank=set(),
                    required=False,
                )
            )
        return tuple(fields)

    def answer_groups(self, public: PublicEvidenceFile) -> tuple[tuple[str, ...], ...]:
        """One cell for the items, one for the elements, one for the missing evidence."""
        return (
            tuple(field for field, _heading, _text in public.exhibits),
            tuple(element for element, _question, _options in public.questions),
            ("missing",),
        )

    def _parse(self, key: EvidenceKey, answer: Mapping[str, Any]) -> dict[str, Any]:
        """The answer checked against the options, with a clear error naming the field."""
        content = data()
        bearings = [e for e in ELEMENTS if e in _asked(key)] + [NONE, UNUSABLE]
        given: dict[str, Any] = {}
        for exhibit in key.exhibit_keys:
            value = answer.get(exhibit.field)
            if value is not None and (not isinstance(value, str) or value not in bearings):
                raise UserInputError(
                    _("{value!r} is not one of the options.").format(value=value),
                    where=exhibit.field,
                    allowed=", ".join(bearings),
                )
            given[exhibit.field] = value
        for element in key.element_keys:
            allowed = (
                [NOT_AT_ISSUE]
                if element.status == NOT_AT_ISSUE
                else ["proven", "not_proven", "open"]
                + (["not_needed"] if element.element == "means" else [])
            )
            value = answer.get(element.element)
            if value is not None and (not isinstance(value, str) or value not in allowed):
                raise UserInputError(
                    _("{value!r} is not one of the options.").format(value=value),
                    where=element.element,
                    allowed=", ".join(allowed),
                )
            given[element.element] = value
        missing = answer.get("missing")
        options = list(content["missing"])
        if missing is None:
            missing = set()
        if isinstance(missing, str | bytes) or not isinstance(missing, Iterable):
            raise UserInputError(
                _("Give a set of option ids, got {value!r}.").format(value=missing),
                where="missing",
                allowed=", ".join(options),
            )
        chosen = set()
        for option in missing:
            if not isinstance(option, str) or option not in options:
                raise UserInputError(
                    _("{value!r} is not one of the options.").format(value=option),
                    where="missing",
                    allowed=", ".join(options),
                )
            chosen.add(option)
        given["missing"] = frozenset(chosen)
        return given

    def evaluate(self, key: EvidenceKey, answer: Mapping[str, Any], lang: str) -> Evaluation:
        given = self._parse(key, answer)
        with language(lang):
            content = data()
            scored_elements = [e for e in key.element_keys if e.status != NOT_AT_ISSUE]
            blank = (
                all(given[x.field] is None for x in key.exhibit_keys)
                and all(given[e.element] is None for e in scored_elements)
                and not given["missing"]
            )
            if blank:
                return Evaluation(
                    0.0,
                    (),
                    blank=True,
                    summary=_(
                        "No answer was given: say what each item bears on, mark each element "
                        "and tick the missing evidence (if any)."
                    ),
                    sources=key.citations,
                )
            labels = {
                **{e: localized(content["elements"][e]["short"], lang) for e in ELEMENTS},
                **{b: localized(content["bearings"][b], lang) for b in (NONE, UNUSABLE)},
            }
            items: list[PartFeedback] = []
            # (a) the items
            item_credit = 0.0
            right_items = 0
            for exhibit in key.exhibit_keys:
                value = given[exhibit.field]
                if value == exhibit.expected:
                    credit = 1.0
                elif exhibit.would_bear is not None and value == exhibit.would_bear:
                    credit = 0.5
                else:
                    credit = 0.0
                item_credit += credit
                right_items += credit == 1
                why = exhibit.why
                if value is not None and value != exhibit.expected:
                    why = _("You said: {given}. {why}").format(given=labels[value], why=why)
                items.append(
                    PartFeedback(
                        exhibit.field,
                        outcome(credit, value is not None),
                        exhibit.heading,
                        why,
                        credit,
                    )
                )
            items_part = item_credit / len(key.exhibit_keys)
            # (b) the elements
            element_credit = 0.0
            right_elements = 0
            for element in scored_elements:
                value = given[element.element]
                credit = 1.0 if value == element.status else dict(element.accepted).get(value, 0.0)
                element_credit += credit
                right_elements += credit == 1
                why = element.why
                if value is not None and credit < 1:
                    why = _("You marked: {given}. {why}").format(
                        given=status_label(value, lang), why=why
                    )
                items.append(
                    PartFeedback(
                        element.element,
                        outcome(credit, value is not None),
                        element.label,
                        why,
                        credit,
                    )
                )
            elements_part = element_credit / len(scored_elements)
            # (c) the missing evidence
            expected = {option for option, _text in key.expected_missing}
            chosen = given["missing"]
            hits, false_alarms = len(chosen & expected), len(chosen - expected)
            if expected:
                missing_part = max(0, hits - false_alarms) / len(expected)
            else:
                missing_part = 1 - false_alarms / len(key.missing_labels)
            missing_labels = dict(key.missing_labels)
            distractors = dict(key.distractor_why)
            for option, change in key.expected_missing:
                found = option in chosen
                items.append(
                    PartFeedback(
                        f"missing:{option}",
                        "right" if found else "missing",
                        missing_labels[option],
                        change,
                        1.0 if found else 0.0,
                    )
                )
            for option in sorted(chosen - expected):
                why = distractors.get(option) or _(
                    "Nothing in this file leaves that open: it would not change the verdict."
                )
                items.append(
                    PartFeedback(f"missing:{option}", "wrong", missing_labels[option], why, 0.0)
                )
            if not expected and not chosen:
                items.append(
                    PartFeedback(
                        "missing:none",
                        "right",
                        _("Missing evidence"),
                        _(
                            "Right: no open fact decides this case, so no missing item would "
                            "change the verdict."
                        ),
                        1.0,
                    )
                )
            score = round(
                WEIGHTS["items"] * items_part
                + WEIGHTS["elements"] * elements_part
                + WEIGHTS["missing"] * missing_part,
                6,
            )
            if expected:
                missing_how = _(
                    "{hits} of the {needed} missing items that would change the verdict ticked, "
                    "{wrong} ticked that would not: ({hits} − {wrong}) ÷ {needed}, not below zero."
                ).format(hits=hits, wrong=false_alarms, needed=len(expected))
            else:
                missing_how = _(
                    "Nothing missing would change the verdict; {wrong} of the {options} options "
                    "ticked: 1 − {wrong} ÷ {options}."
                ).format(wrong=false_alarms, options=len(key.missing_labels))
            breakdown = (
                ScorePart(
                    "items",
                    _("Items of evidence"),
                    WEIGHTS["items"],
                    items_part,
                    _(
                        "{right} of {total} items right; an item that cannot be used earns half "
                        "when you named what it is about."
                    ).format(right=right_items, total=len(key.exhibit_keys)),
                ),
                ScorePart(
                    "elements",
                    _("Elements"),
                    WEIGHTS["elements"],
                    elements_part,
                    _("{right} of {total} elements marked right.").format(
                        right=right_elements, total=len(scored_elements)
                    ),
                ),
                ScorePart(
                    "missing", _("Missing evidence"), WEIGHTS["missing"], missing_part, missing_how
                ),
            )
            summary = _("The verdict on this evidence: {verdict}").format(verdict=key.verdict_text)
        return Evaluation(
            score, tuple(items), summary=summary, sources=key.citations, breakdown=breakdown
        )

    def solution(self, key: EvidenceKey) -> dict[str, Any]:
        answer: dict[str, Any] = {x.field: x.expected for x in key.exhibit_keys}
        for element in key.element_keys:
            answer[element.element] = None if element.status == NOT_AT_ISSUE else element.status
        answer["missing"] = {option for option, _text in key.expected_missing}
        return answer

    # --- what the learner reads ----------------------------------------------------------------

    def app_markdown(self, public: PublicEvidenceFile, lang: str) -> str:
        return public.brief

    def public_markdown(self, public: PublicEvidenceFile, lang: str) -> str:
        with language(lang):
            blocks = ["## " + _("The case file"), public.brief]
            blocks += [
                f"**{heading}** (`{field}`)  \n{text}" for field, heading, text in public.exhibits
            ]
            blocks.append("## " + _("Your answer"))
            blocks.append(
                _("For each item, what it bears on:")
                + " "
                + "; ".join(f"`{o}` {label}" for o, label in public.bearing_options)
            )
            for element, question, options in public.questions:
                if options[0][0] == NOT_AT_ISSUE:
                    continue
                blocks.append(
                    f"**{question}** (`{element}`): "
                    + "; ".join(f"`{o}` {label}" for o, label in options)
                )
            blocks.append(
                "**"
                + _("The missing evidence that would change the verdict")
                + "** (`missing`)\n\n"
                + "\n".join(f"- `{o}`: {label}" for o, label in public.missing_options)
            )
            return "\n\n".join(blocks)

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case file. Run the cell below to see yours. For each "
            "item, say which element it bears on, that it bears on none, or that it cannot be "
            "used; mark each element proven, not proven or still open; tick the missing evidence "
            "that would change the verdict (none, if nothing missing would). Write your answers "
            "in the cells after it and run the check."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.activities.evidence_review.app import EvidenceApp

        return EvidenceApp(self, seed=seed, lang=lang, **params)


def _asked(key: EvidenceKey) -> set[str]:
    return {e.element for e in key.element_keys if e.status != NOT_AT_ISSUE}


TYPE = EvidenceReviewType()
