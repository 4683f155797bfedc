"""The one scoring rule for identification answers.

Score (0..1) = 0.5 x indicator part + 0.25 x decision part + 0.25 x next-step part.

* Indicator part: hits minus false alarms, floored at zero, over the number of indicators the
  case shows; for a case that shows none, one minus the share of the list ticked wrongly.
  Guessing every box therefore earns nothing on the indicator part.
* Decision part: 1 when "presumed victim: yes/no" matches the manual's referral rule applied to
  the indicators the case shows (:mod:`referral`), never the legal verdict.
* Next-step part: the steps the officer takes (refer, with whom present, which notice), hits
  minus false alarms over the steps expected, floored at zero.
* An answer with no box ticked, no decision and no step is blank and scores zero.

Every miss comes with feedback that says why, quoting the case where the case shows it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

from simsuite.activities.identification.indicators import indicator_list
from simsuite.activities.identification.referral import next_steps, referral
from simsuite.content.sources import Citation, cite
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, localized

INDICATOR_WEIGHT = 0.5
DECISION_WEIGHT = 0.25
STEP_WEIGHT = 0.25

# Outcome codes of one feedback item; the labels are translated when rendered.
OUTCOMES = {
    "hit": N_("Correct: the case shows this indicator."),
    "miss": N_("Missed: the case shows this indicator."),
    "false_alarm": N_("Not shown in this case."),
    "correct_reject": N_("Correctly left unticked."),
    "decision_right": N_("Your decision is right."),
    "decision_wrong": N_("Your decision is not right."),
    "decision_missing": N_("You did not decide whether this is a presumed victim."),
    "step_hit": N_("Right step."),
    "step_miss": N_("Missing step."),
    "step_false_alarm": N_("Not a step for this person."),
}


@dataclass(frozen=True)
class IdentificationKey:
    """What the expert knows about a case: never shipped to a trainee in summative work."""

    age_band: str
    present: frozenset[str]
    presumed_victim: bool
    evidence: dict[str, str] = field(default_factory=dict)  # indicator id -> quote, per language
    #: what the later legal qualification found, for the feedback's comparison only: the
    #: decision above never reads it
    verdict_summary: str = ""
    next_steps: frozenset[str] = frozenset()
    foreign: bool = False

    @classmethod
    def from_indicators(
        cls,
        age_band: str,
        present: frozenset[str],
        foreign: bool = False,
        evidence: dict[str, str] | None = None,
        verdict_summary: str = "",
    ) -> IdentificationKey:
        """The key the referral rule gives for the indicators a case shows."""
        from simsuite.activities.identification.referral import is_presumed_victim

        return cls(
            age_band=age_band,
            present=frozenset(present),
            presumed_victim=is_presumed_victim(present),
            evidence=dict(evidence or {}),
            verdict_summary=verdict_summary,
            next_steps=next_steps(present, age_band, foreign),
            foreign=foreign,
        )

    def __post_init__(self) -> None:
        if not self.next_steps:
            object.__setattr__(
                self, "next_steps", next_steps(self.present, self.age_band, self.foreign)
            )
        allowed = set(indicator_list(self.age_band).ids)
        unknown = set(self.present) - allowed
        if unknown:
            raise UserInputError(
                _("The key names indicators that are not on the {band} list: {ids}.").format(
                    band=self.age_band, ids=", ".join(sorted(unknown))
                ),
                allowed=", ".join(sorted(allowed)),
            )


@dataclass(frozen=True)
class IdentificationAnswer:
    """A trainee's answer: the ticked indicator ids and the yes/no/undecided decision."""

    ticked: frozenset[str]
    presumed_victim: bool | None
    steps: frozenset[str] = frozenset()

    @classmethod
    def parse(
        cls, ticked: Iterable[str] | None, presumed_victim: object, steps: object = None
    ) -> IdentificationAnswer:
        """Build an answer from loosely typed notebook input, with a clear error if malformed."""
        if ticked is None:
            ticked = ()
        if isinstance(ticked, str) or not isinstance(ticked, Iterable):
            raise UserInputError(
                _("The ticked indicators must be a set of indicator ids, got {value!r}.").format(
                    value=ticked
                ),
                where="indicators_seen",
                allowed=_("a set such as {'held_against_will'}"),
            )
        ids = []
        for item in ticked:
            if not isinstance(item, str):
                raise UserInputError(
                    _("Each ticked indicator must be an id in quotes, got {value!r}.").format(
                        value=item
                    ),
                    where="indicators_seen",
                )
            ids.append(item)
        if presumed_victim is not None and not isinstance(presumed_victim, bool):
            raise UserInputError(
                _("The decision must be True, False or None, got {value!r}.").format(
                    value=presumed_victim
                ),
                where="presumed_victim",
                allowed="True, False, None",
            )
        if steps is None:
            steps = ()
        if isinstance(steps, str) or not isinstance(steps, Iterable):
            raise UserInputError(
                _("The next steps must be a set of step ids, got {value!r}.").format(value=steps),
                where="next_steps",
                allowed=_("a set such as {'refer_services'}"),
            )
        chosen = frozenset(steps)
        unknown = sorted(str(s) for s in chosen - set(referral().ids))
        if unknown:
            raise UserInputError(
                _("Not a next step of the list: {ids}.").format(ids=", ".join(unknown)),
                where="next_steps",
                allowed=", ".join(referral().ids),
            )
        return cls(ticked=frozenset(ids), presumed_victim=presumed_victim, steps=chosen)

    @property
    def is_blank(self) -> bool:
        return not self.ticked and self.presumed_victim is None and not self.steps


@dataclass(frozen=True)
class ItemFeedback:
    item: str  # an indicator id, or "decision"
    outcome: str  # a key of OUTCOMES
    label: str
    why: str

    @property
    def is_error(self) -> bool:
        return self.outcome in {
            "miss",
            "false_alarm",
            "decision_wrong",
            "decision_missing",
            "step_miss",
            "step_false_alarm",
        }

    def headline(self) -> str:
        return _(OUTCOMES[self.outcome])


@dataclass(frozen=True)
class ScorePart:
    """One component of a score, explained: what it was worth and what earned it.

    ``weight`` is its share of the whole score and ``credit`` (0..1) how much of it the answer
    earned, so ``weight * credit`` is its contribution; ``how`` says in words how the credit
    was counted. Written by the scoring function alongside the score, never recomputed.
    """

    name: str
    label: str
    weight: float
    credit: float
    how: str

    @property
    def earned(self) -> float:
        return self.weight * self.credit


def render_breakdown(parts: tuple[ScorePart, ...]) -> str:
    """The score explained as a table: part, worth, earned, how it was counted."""
    if not parts:
        return ""
    head = "".join(
        f'<th scope="col">{html.escape(text)}</th>'
        for text in (_("Part"), _("Worth"), _("Earned"), _("How it was counted"))
    )
    rows = "".join(
        f'<tr><th scope="row">{html.escape(part.label)}</th>'
        f'<td class="simsuite-number">{part.weight * 100:.0f}%</td>'
        f'<td class="simsuite-number">{part.earned * 100:.0f}%</td>'
        f"<td>{html.escape(part.how)}</td></tr>"
        for part in parts
    )
    caption = html.escape(_("How the score was made"))
    return (
        f'<table class="simsuite-breakdown"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


@dataclass(frozen=True)
class Evaluation:
    score: float  # 0..1
    items: tuple[ItemFeedback, ...]
    blank: bool = False
    summary: str = ""
    #: the documents the feedback rests on, as learners read them
    sources: tuple[Citation, ...] = ()
    breakdown: tuple[ScorePart, ...] = ()  # the score explained, part by part

    def sources_html(self) -> str:
        if not self.sources:
            return ""
        cited = "; ".join(dict.fromkeys(c.render_html() for c in self.sources))
        return '<p class="simsuite-sources">{} {}</p>'.format(html.escape(_("Sources:")), cited)

    def points(self, max_points: float) -> float:
        return round(self.score * max_points, 4)

    @property
    def errors(self) -> tuple[ItemFeedback, ...]:
        return tuple(item for item in self.items if item.is_error)

    def to_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "blank": self.blank,
            "summary": self.summary,
            "breakdown": [
                {"name": p.name, "weight": p.weight, "credit": p.credit, "how": p.how}
                for p in self.breakdown
            ],
            "items": [
                {"item": i.item, "outcome": i.outcome, "label": i.label, "why": i.why}
                for i in self.items
            ],
            # learners read `text`; instructors check `detail` (file and lines) and `verified`
            "sources": [
                {"text": c.text, "detail": c.detail, "verified": c.verified}
                for c in dict.fromkeys(self.sources)
            ],
        }

    def render_text(self) -> str:
        lines = [_("Score: {percent:.0f}%").format(percent=self.score * 100)]
        if self.summary:
            lines.append(self.summary)
        for part in self.breakdown:
            lines.append(
                f"{part.label}: {part.earned * 100:.0f}% / {part.weight * 100:.0f}% ({part.how})"
            )
        for item in self.items:
            mark = "✗" if item.is_error else "✓"
            lines.append(f"{mark} {item.label}: {item.headline()} {item.why}".rstrip())
        if self.sources:
            cited = "; ".join(dict.fromkeys(c.render_text() for c in self.sources))
            lines.append(_("Sources:") + " " + cited)
        return "\n".join(lines)

    def render_html(self) -> str:
        rows = []
        for item in self.items:
            css = "simsuite-wrong" if item.is_error else "simsuite-right"
            mark = "✗" if item.is_error else "✓"
            rows.append(
                f'<li class="{css}"><b>{mark} {html.escape(item.label)}</b>: '
                f"{html.escape(item.headline())} {html.escape(item.why)}</li>"
            )
        summary = f"<p>{html.escape(self.summary)}</p>" if self.summary else ""
        score = html.escape(_("Score: {percent:.0f}%").format(percent=self.score * 100))
        return (
            f'<div class="simsuite-feedback"><p class="simsuite-score"><b>{score}</b></p>'
            f"{render_breakdown(self.breakdown)}{summary}<ul>{''.join(rows)}</ul>"
            f"{self.sources_html()}</div>"
        )


def evaluate_identification(
    key: IdentificationKey, answer: IdentificationAnswer, lang: str | None = None
) -> Evaluation:
    """Score an identification answer against the expert key, explaining every item."""
    indicators = indicator_list(key.age_band)
    allowed = set(indicators.ids)
    unknown = answer.ticked - allowed
    if unknown:
        raise UserInputError(
            _("Not an indicator of the {band} list: {ids}.").format(
                band=key.age_band, ids=", ".join(sorted(unknown))
            ),
            where="indicators_seen",
            allowed=", ".join(indicators.ids),
        )
    if answer.is_blank:
        return Evaluation(
            score=0.0,
            items=(),
            blank=True,
            summary=_(
                "No answer was given: tick what the case shows, decide and choose the next steps."
            ),
        )

    items: list[ItemFeedback] = []
    hits = false_alarms = 0
    for indicator in indicators.indicators:
        present = indicator.id in key.present
        ticked = indicator.id in answer.ticked
        # the template closes the quotation with its own full stop
        evidence = key.evidence.get(indicator.id, "").rstrip(" .")
        if present and ticked:
            hits += 1
            outcome, why = "hit", _("The case says: “{quote}”.").format(quote=evidence)
        elif present:
            outcome = "miss"
            why = _("The case says: “{quote}”. {reason}").format(
                quote=evidence, reason=indicator.why(lang)
            )
        elif ticked:
            false_alarms += 1
            outcome = "false_alarm"
            why = _("Nothing in the case shows it; tick only what the facts support.")
        else:
            outcome, why = "correct_reject", ""
        items.append(ItemFeedback(indicator.id, outcome, indicator.text(lang), why))

    if key.present:
        indicator_part = max(0, hits - false_alarms) / len(key.present)
    else:
        indicator_part = 1 - false_alarms / len(indicators.indicators)

    if answer.presumed_victim is None:
        decision_outcome, decision_part = "decision_missing", 0.0
    elif answer.presumed_victim == key.presumed_victim:
        decision_outcome, decision_part = "decision_right", 1.0
    else:
        decision_outcome, decision_part = "decision_wrong", 0.0
    rule = referral()
    if key.presumed_victim:
        why = _(
            "Presumed victim: yes. The case shows {count} indicator(s) of the {band} list, and "
            "a person who shows indicators is referred as a presumed victim."
        ).format(count=len(key.present), band=indicators_label(key.age_band))
    else:
        why = _(
            "Presumed victim: no. The case shows no indicator of the {band} list, so there is "
            "no ground for a referral as a presumed victim; if other facts come to light, "
            "check again."
        ).format(band=indicators_label(key.age_band))
    why += " " + localized(rule.text, lang)
    if key.verdict_summary:
        why += " " + _(
            "For comparison, what the later legal qualification found: {verdict}"
        ).format(verdict=key.verdict_summary)
    items.append(ItemFeedback("decision", decision_outcome, _("Presumed victim?"), why))

    expected = key.next_steps
    hits_indicators, hits, false_steps = hits, 0, 0
    for step in rule.steps:
        chosen, needed = step.id in answer.steps, step.id in expected
        note = ""
        if step.child_note and key.age_band == "child" and step.id == "foreign_notice":
            note = " " + localized(step.child_note, lang)
        if chosen and needed:
            hits += 1
            items.append(ItemFeedback(f"step:{step.id}", "step_hit", step.text(lang), ""))
        elif needed:
            reason = localized(step.why, lang) + note
            items.append(ItemFeedback(f"step:{step.id}", "step_miss", step.text(lang), reason))
        elif chosen:
            false_steps += 1
            reason = _("Not for this person: {why}").format(why=localized(step.why, lang))
            items.append(
                ItemFeedback(f"step:{step.id}", "step_false_alarm", step.text(lang), reason)
            )
    step_part = max(0, hits - false_steps) / len(expected)

    score = round(
        INDICATOR_WEIGHT * indicator_part
        + DECISION_WEIGHT * decision_part
        + STEP_WEIGHT * step_part,
        6,
    )
    if key.present:
        indicator_how = _(
            "{hits} of the {shown} indicators the case shows ticked, {wrong} ticked that it "
            "does not show: ({hits} − {wrong}) ÷ {shown}, not below zero."
        ).format(hits=hits_indicators, wrong=false_alarms, shown=len(key.present))
    else:
        indicator_how = _(
            "The case shows none of the {listed} indicators; {wrong} ticked wrongly: "
            "1 − {wrong} ÷ {listed}."
        ).format(wrong=false_alarms, listed=len(indicators.indicators))
    decision_how = {
        "decision_right": _("Your decision matches the expert's."),
        "decision_wrong": _("Your decision differs from the expert's."),
        "decision_missing": _("No decision was given."),
    }[decision_outcome]
    step_how = _(
        "{hits} of the {needed} next steps this person needs chosen, {wrong} chosen that they "
        "do not need: ({hits} − {wrong}) ÷ {needed}, not below zero."
    ).format(hits=hits, wrong=false_steps, needed=len(expected))
    breakdown = (
        ScorePart("indicators", _("Indicators"), INDICATOR_WEIGHT, indicator_part, indicator_how),
        ScorePart("decision", _("Presumed victim?"), DECISION_WEIGHT, decision_part, decision_how),
        ScorePart("steps", _("Next steps"), STEP_WEIGHT, step_part, step_how),
    )
    sources = [cite(indicators.source, lang), cite(rule.source, lang)]
    sources += [cite(rule.step(s).source, lang) for s in sorted(expected)]
    return Evaluation(
        score=score, items=tuple(items), breakdown=breakdown, sources=tuple(sources)
    )


def indicators_label(age_band: str) -> str:
    return _("adult") if age_band == "adult" else _("child")
