"""The mass-event tabletop as an exercise type: brief → plan → Check → conduct → review.

The models stay in :mod:`simsuite.massevent`; the scoring rule is
:func:`simsuite.activities.tabletop.evaluate.evaluate_tabletop`.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.tabletop.exercise import (
    FIRE_RISK_LABELS,
    MAX_EXTRA_WIDTH,
    THREAT_LABELS,
    WEATHER_LABELS,
    Brief,
    TabletopKey,
    generate_tabletop,
)
from simsuite.i18n import N_, _, language


def brief_markdown(brief: Brief) -> str:
    """The brief as a trainee reads it (Markdown; also the app's brief page)."""
    a = brief.as_planned
    lines = [
        f"## {brief.title}",
        "",
        _("**Venue:** {venue}, {city}. {description}").format(
            venue=brief.venue_name, city=brief.city, description=brief.venue_description
        ),
        "",
        _(
            "**Event:** {event}, starts at {start}, lasts {hours:g} hours; the crowd arrives over "
            "{window:g} minutes before the start. Expected attendance: **{attendance:,}**. "
            "Alcohol served: {alcohol}. Weather forecast: {weather}."
        ).format(
            event=brief.event_label,
            start=brief.start,
            hours=brief.duration_h,
            window=brief.arrival_window_min,
            attendance=brief.attendance,
            alcohol=_("yes") if brief.alcohol else _("no"),
            weather=_(WEATHER_LABELS[brief.weather]),
        ),
        "",
        _("**Threat picture:** security threat level {level}. {note}").format(
            level=_(THREAT_LABELS[brief.threat_level]), note=brief.threat_note
        ),
        "",
        _(
            "**Fire risk of the structure:** {risk}; the emergency evacuation time is therefore "
            "{minutes:g} minutes (Guide to Safety at Sports Grounds)."
        ).format(risk=_(FIRE_RISK_LABELS[brief.fire_risk]), minutes=brief.evacuation_target_min),
        "",
        _(
            "**Budget:** {budget:g} budget units (BU). Refunding tickets costs {refund:g} BU per "
            "1,000 people turned away."
        ).format(budget=brief.budget, refund=brief.refund_per_1000),
        "",
        "### " + _("Targets"),
        "",
        "- " + _("everyone admitted fits the safe capacity (Green Guide design rates);"),
        "- "
        + _("everyone can leave within {minutes:g} minutes;").format(
            minutes=brief.evacuation_target_min
        ),
        "- "
        + _("nobody waits more than {minutes:g} minutes at the gates;").format(
            minutes=brief.max_wait_min
        ),
        "- " + _("no residual risk is extreme;"),
        "- " + _("the plan stays within the budget;"),
        "- "
        + _(
            "a complete unified tactical-coordination plan in its six parts (tasks of each "
            "structure, responsible officers, sequence of operations, results of the risk "
            "analysis, evacuation routes, action algorithms for emergencies)."
        ),
        "",
        "### " + _("The event as it stands, before any measure"),
        "",
        _(
            "Safe capacity {safe:,} (with the largest exit unavailable: {without}); expected "
            "evacuation {expected:.1f} min (at design rates {design:.1f} min); longest wait at "
            "the gates {wait:.0f} min."
        ).format(
            safe=a["safe_capacity"],
            without=(
                f"{a['safe_capacity_without_largest_exit']:,}"
                if a["safe_capacity_without_largest_exit"] is not None
                else "—"
            ),
            expected=a["evacuation_expected_min"],
            design=a["evacuation_design_min"],
            wait=a["max_wait_min"],
        ),
    ]
    return "\n".join(lines)


class TabletopType(ExerciseType):
    name = "tabletop"
    title = N_("Mass-event tabletop exercise")
    summary = N_(
        "Plan the safety of a mass event from a brief, fill the unified tactical-coordination "
        "plan, respond to incidents during the event and review it afterwards."
    )
    competencies = ("mass_event_risk", "coordination")
    app_notebook = "25_mass_event_tabletop.ipynb"
    default_params: Mapping[str, Any] = {}

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        brief, key = generate_tabletop(seed, lang)
        return Scenario(self.name, seed, params, lang, brief, key)

    def answer_fields(self, public: Brief) -> tuple[AnswerField, ...]:
        with language(public.lang):
            options = public.options
            fields = [
                AnswerField(
                    "admission_cap",
                    "number",
                    _("Admit at most this many people (empty: admit everyone)"),
                    required=False,
                ),
                AnswerField(
                    "exit_width_added_m",
                    "number",
                    _("Clear width added to every exit, in metres (0 to {top:g})").format(
                        top=MAX_EXTRA_WIDTH
                    ),
                    required=False,
                ),
                AnswerField("stewards", "number", _("Stewards"), required=False),
                AnswerField("police", "number", _("Police officers"), required=False),
                AnswerField("medical_posts", "number", _("Medical posts"), required=False),
                AnswerField(
                    "mitigations",
                    "choices",
                    _("Further measures"),
                    options["mitigations"],
                    blank=set(),
                    required=False,
                ),
                AnswerField(
                    "plan_lead",
                    "choice",
                    _("Who leads and coordinates all agencies"),
                    options["plan_lead"],
                ),
                AnswerField(
                    "plan_tasks",
                    "choices",
                    _("Part 1: the tasks of each structure (tick the right ones)"),
                    options["plan_tasks"],
                    blank=set(),
                ),
                AnswerField(
                    "plan_officers",
                    "choices",
                    _("Part 2: responsible officers (one for every agency with a task)"),
                    options["plan_officers"],
                    blank=set(),
                ),
                AnswerField(
                    "plan_sequence",
                    "order",
                    _("Part 3: the sequence of operations (every step once, in order)"),
                    options["plan_sequence"],
                ),
                AnswerField(
                    "plan_risk_owners",
                    "choices",
                    _("Part 4: results of the risk analysis: which agency owns each risk"),
                    options["plan_risk_owners"],
                    blank=set(),
                ),
                AnswerField(
                    "plan_routes",
                    "choices",
                    _("Part 5: evacuation routes (zone → exit)"),
                    options["plan_routes"],
                    blank=set(),
                ),
                AnswerField(
                    "plan_algorithms",
                    "choices",
                    _(
                        "Part 6: emergencies that get an action algorithm (every risk above low, "
                        "and the standard emergencies: crush, fire, lost children, a suspicious "
                        "object, severe weather)"
                    ),
                    options["plan_algorithms"],
                    blank=set(),
                ),
            ]
            for inject in public.injects:
                fields.append(
                    AnswerField(
                        f"response_{inject['id']}",
                        "choices",
                        f"{inject['clock']} {inject['title']}: {inject['text']}",
                        tuple(inject["options"]),
                        blank=set(),
                        required=False,
                    )
                )
            return tuple(fields)

    def evaluate(self, key: TabletopKey, answer: Mapping[str, Any], lang: str):
        from simsuite.activities.tabletop.evaluate import evaluate_tabletop

        with language(lang):
            return evaluate_tabletop(key, answer, lang)

    def solution(self, key: TabletopKey) -> dict[str, Any]:
        return {
            name: (set(value) if isinstance(value, set | frozenset) else value)
            for name, value in key.solution_answer.items()
        }

    def public_markdown(self, public: Brief, lang: str) -> str:
        with language(lang):
            blocks = [brief_markdown(public), "## " + _("Your options")]
            for answer_field in self.answer_fields(public):
                lines = [f"**{answer_field.label}** (`{answer_field.name}`)"]
                lines += [f"- `{option}`: {label}" for option, label in answer_field.options]
                blocks.append("\n".join(lines))
            return "\n\n".join(blocks)

    def app_markdown(self, public: Brief, lang: str) -> str:
        """The brief alone: the app's controls show the options."""
        with language(lang):
            return brief_markdown(public)

    def public_data(self, public: Brief) -> dict[str, Any]:
        return dataclasses.asdict(public)

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own event. Run the cell below to read your brief. Plan the "
            "event: how many people to admit, wider exits, staffing and measures; then the "
            "unified tactical-coordination plan in its six parts; then choose your responses "
            "to the incidents of the conduct phase. Write your answer in the cell after it and "
            "run the check: it tells you whether the answer is in the right form, never whether "
            "it is right."
        )

    def graded_feedback_html(self, scenario: Scenario, answer: Mapping[str, Any]) -> str:
        from simsuite.activities.tabletop.evaluate import after_action_review_html
        from simsuite.errors import UserInputError

        try:
            with language(scenario.lang):
                result = self.evaluate(scenario.key, answer, scenario.lang)
                if result.blank:
                    return result.render_html()
                return result.render_html() + after_action_review_html(result, scenario.key)
        except UserInputError as error:
            return f'<p class="simsuite-wrong">{html.escape(error.render())}</p>'

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.activities.tabletop.widget import TabletopApp

        return TabletopApp(seed=seed, lang=lang, **params)


TYPE = TabletopType()
