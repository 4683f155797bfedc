"""The mass-event planner widget (Voilà app): venue, attendance, exits, gates, mitigations.

All numbers come from :func:`simsuite.massevent.risk.what_if`; the widget only lays them out:
the venue map of the chosen venue, a table of the event as planned beside the event with the
chosen mitigations (design and expected figures side by side, targets missed flagged), the queue
at the gates with and without the mitigations, and the risks ordered by level. Layouts wrap,
labels are never cut, every control has a name and every figure has its numbers in words.
"""

from __future__ import annotations

import dataclasses
import html

import ipywidgets as widgets

from simsuite.i18n import _, localized
from simsuite.massevent.capacity import FACTOR_LABELS
from simsuite.massevent.model import (
    Scenario,
    event_from_dict,
    operations_from_dict,
    preset,
    preset_defaults,
    preset_ids,
)
from simsuite.massevent.plots import image_html, plot_queue, plot_risk_matrix, plot_venue
from simsuite.massevent.risk import LEVELS, level, mitigations, what_if

#: the longest acceptable wait at the gates in the planner's table (as in the tabletop)
WAIT_TARGET_MIN = 20

STYLE = """
<style>
.simsuite-planner { max-width: 60em; box-sizing: border-box; }
.simsuite-planner .widget-label, .simsuite-planner .widget-label-basic,
.simsuite-planner .widget-label-basic span, .simsuite-planner .widget-checkbox label {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.35;
}
.simsuite-planner .widget-checkbox, .simsuite-planner .widget-inline-hbox {
  height: auto !important; min-height: 28px;
}
.simsuite-planner table { width: 100%; table-layout: fixed; border-collapse: collapse; }
.simsuite-planner td, .simsuite-planner th {
  overflow-wrap: anywhere; vertical-align: top; padding: .25em .4em; text-align: left;
  border-bottom: 1px solid #ddd;
}
.simsuite-planner .simsuite-missed { color: #b71c1c; font-weight: bold; }
.simsuite-planner .simsuite-met { color: #1b5e20; }
.simsuite-planner .jupyter-widgets { box-sizing: border-box; min-width: 0; }
.simsuite-planner .widget-inline-hbox { flex-wrap: wrap; max-width: 100%; }
.simsuite-planner .widget-inline-hbox > .widget-label { max-width: 100%; }
.simsuite-planner select, .simsuite-planner input { max-width: 100%; min-width: 0; }
.simsuite-planner img { max-width: 100%; height: auto; }
</style>
"""


def build_scenario(
    venue_id: str, attendance: int, extra_exit_m: float, gate_factor: float
) -> Scenario:
    event, ops = preset_defaults(venue_id)
    event["attendance"] = attendance
    operations = dataclasses.replace(
        operations_from_dict(ops), exit_width_per_exit=extra_exit_m, gate_factor=gate_factor
    )
    return Scenario(preset(venue_id), event_from_dict(event), operations)


def _opening_label(venue, opening_id: str | None) -> str:
    if opening_id is None:
        return "—"
    for opening in (*venue.exits, *venue.passages, *venue.gates):
        if opening.id == opening_id:
            return opening.label
    return opening_id


def _flag(ok: bool) -> str:
    css, word = ("simsuite-met", _("met")) if ok else ("simsuite-missed", _("missed"))
    return f' <span class="{css}">({html.escape(word)})</span>'


def _risk_counts(assessment) -> str:
    counts = {str(lv): 0 for lv in LEVELS}
    for risk in assessment.risks:
        counts[level(risk.score)] += 1
    # highest level first: what a planner reads first
    return ", ".join(f"{_(lv)} {counts[lv]}" for lv in reversed(counts) if counts[lv])


def summary_html(result: dict) -> str:
    """The table: as planned and with mitigations, design and expected figures, targets."""
    before, after = result["before"], result["after"]
    venue = before.scenario.venue

    def cell_capacity(a) -> str:
        ok = a.scenario.admitted <= a.capacity.final
        return html.escape(f"{a.capacity.final:,}") + _flag(ok)

    def cell_without(a) -> str:
        without = a.capacity.without_largest_exit
        if without is None:
            return html.escape(_("only one exit"))
        ok = a.scenario.admitted <= without.final
        return html.escape(
            _("{n:,} (without {exit})").format(
                n=without.final, exit=_opening_label(venue, without.exit_id)
            )
        ) + _flag(ok)

    def cell_evacuation(a, which: str) -> str:
        minutes = a.evacuation_minutes()[which]
        if minutes is None:
            return html.escape(_("a zone has no way out"))
        return html.escape(f"{minutes:.1f}") + _flag(minutes <= a.capacity.emergency_time_min)

    def cell_wait(a) -> str:
        wait = float(a.ingress.wait_min.max())
        return html.escape(f"{wait:.0f}") + _flag(wait <= WAIT_TARGET_MIN)

    rows = [
        (_("people admitted"), *(html.escape(f"{a.scenario.admitted:,}") for a in (before, after))),
        (
            _("safe capacity (Green Guide design rates)"),
            cell_capacity(before),
            cell_capacity(after),
        ),
        (
            _("limiting factor"),
            *(html.escape(_(FACTOR_LABELS[a.capacity.limiting])) for a in (before, after)),
        ),
        (
            _("safe capacity with the largest exit unavailable"),
            cell_without(before),
            cell_without(after),
        ),
        (
            _("emergency evacuation time: target from the fire risk ({risk}), min").format(
                risk=_(venue.fire_risk)
            ),
            *(html.escape(f"{a.capacity.emergency_time_min:g}") for a in (before, after)),
        ),
        (
            _("evacuation time, expected (min)"),
            cell_evacuation(before, "expected"),
            cell_evacuation(after, "expected"),
        ),
        (
            _("evacuation time at design rates (min)"),
            cell_evacuation(before, "design"),
            cell_evacuation(after, "design"),
        ),
        (
            _("evacuation time with the largest exit unavailable (min)"),
            cell_evacuation(before, "without_largest_exit"),
            cell_evacuation(after, "without_largest_exit"),
        ),
        (
            _("bottleneck"),
            *(html.escape(_opening_label(venue, a.egress.bottleneck)) for a in (before, after)),
        ),
        (
            _("longest wait at the gates (min; target {n})").format(n=WAIT_TARGET_MIN),
            cell_wait(before),
            cell_wait(after),
        ),
        (_("risks by level"), *(html.escape(_risk_counts(a)) for a in (before, after))),
        (_("cost of mitigations (BU)"), "0", html.escape(f"{result['cost']:g}")),
    ]
    head = "".join(
        f'<th scope="col">{html.escape(h)}</th>'
        for h in ("", _("as planned"), _("with mitigations"))
    )
    body = "".join(
        f'<tr><th scope="row">{html.escape(label)}</th><td>{b}</td><td>{a}</td></tr>'
        for label, b, a in rows
    )
    return (
        '<table class="simsuite-planner-table"><caption>'
        + html.escape(_("The event as planned and with your mitigations"))
        + f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def risks_html(result: dict) -> str:
    """Every risk in words, highest level first, before and after (the matrix's text)."""
    after = {r.id: r for r in result["after"].risks}
    ordered = sorted(result["before"].risks, key=lambda r: (-after[r.id].score, -r.score, r.name))
    rows = "".join(
        "<tr><th scope='row'>{n}. {name}</th><td>{b}</td><td>{a}</td></tr>".format(
            n=number,
            name=html.escape(r.name),
            b=html.escape(f"{_(level(r.score))} ({r.score})"),
            a=html.escape(f"{_(level(after[r.id].score))} ({after[r.id].score})"),
        )
        for number, r in enumerate(ordered, start=1)
    )
    head = "".join(
        f'<th scope="col">{html.escape(h)}</th>'
        for h in (_("risk"), _("as planned"), _("with mitigations"))
    )
    return (
        '<table class="simsuite-risk-table"><caption>'
        + html.escape(_("Risks, highest level first (likelihood × impact)"))
        + f"</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def risk_numbers(result: dict) -> dict[str, str]:
    after = {r.id: r for r in result["after"].risks}
    ordered = sorted(result["before"].risks, key=lambda r: (-after[r.id].score, -r.score, r.name))
    return {r.id: str(n) for n, r in enumerate(ordered, start=1)}


class MassEventPlanner:
    """Widgets on top of :func:`what_if`; ``.ui`` is the box to display."""

    def __init__(self, venue_id: str = "zarbuloq-stadium"):
        style = {"description_width": "initial"}
        full = widgets.Layout(width="auto", max_width="36em")
        self.preset = widgets.Dropdown(
            options=[(preset(v).name, v) for v in preset_ids()],
            value=venue_id,
            description=_("Venue"),
            style=style,
            layout=full,
        ).add_class("simsuite-venue")
        self.attendance = widgets.IntSlider(
            min=500, max=80000, step=500, description=_("Attendance"), style=style, layout=full
        ).add_class("simsuite-attendance")
        self.exits = widgets.FloatSlider(
            min=0,
            max=5,
            step=0.5,
            value=0,
            description=_("Metres added to every exit"),
            style=style,
            layout=full,
        ).add_class("simsuite-exits")
        self.gates = widgets.FloatSlider(
            min=0.5,
            max=3,
            step=0.25,
            value=1,
            description=_("Gate throughput factor"),
            style=style,
            layout=full,
        ).add_class("simsuite-gates")
        self.checks = {
            mid: widgets.Checkbox(
                value=False,
                description=localized(m["name"]),
                indent=False,
                style=style,
                layout=widgets.Layout(width="auto", max_width="30em"),
            ).add_class(f"simsuite-mitigation-{mid}")
            for mid, m in mitigations().items()
        }
        self.venue_map = widgets.HTML().add_class("simsuite-venue-map")
        self.summary = widgets.HTML().add_class("simsuite-summary")
        self.queue = widgets.HTML().add_class("simsuite-queue")
        self.risks = widgets.HTML().add_class("simsuite-risks")
        self._set_defaults()
        for w in (self.attendance, self.exits, self.gates, *self.checks.values()):
            w.observe(lambda _change: self.update(), names="value")
        self.preset.observe(lambda _change: (self._set_defaults(), self.update()), names="value")
        wrap = widgets.Layout(flex_flow="row wrap", width="auto")
        self.ui = widgets.VBox(
            [
                widgets.HTML(STYLE),
                widgets.Box([self.preset, self.attendance], layout=wrap),
                self.venue_map,
                widgets.Box([self.exits, self.gates], layout=wrap),
                widgets.HTML("<h3>{}</h3>".format(html.escape(_("Mitigations")))),
                widgets.Box(list(self.checks.values()), layout=wrap),
                self.summary,
                self.queue,
                self.risks,
            ],
            layout=widgets.Layout(width="auto"),
        ).add_class("simsuite-planner")
        self.update()

    def _set_defaults(self) -> None:
        event, _ops = preset_defaults(self.preset.value)
        self.attendance.value = int(event["attendance"])
        venue = preset(self.preset.value)
        alt = _("Map of {venue}: {zones}; {exits} exits, {gates} entry gates.").format(
            venue=venue.name,
            zones=", ".join(z.name for z in venue.zones),
            exits=len(venue.exits),
            gates=len(venue.gates),
        )
        exits = "; ".join(f"{e.label} {e.width:g} m" for e in venue.exits)
        self.venue_map.value = image_html(plot_venue(venue), alt) + "<p>{}</p>".format(
            html.escape(_("Exits and their clear widths: {exits}.").format(exits=exits))
        )

    def result(self) -> dict:
        scenario = build_scenario(
            self.preset.value, self.attendance.value, self.exits.value, self.gates.value
        )
        chosen = [mid for mid, box in self.checks.items() if box.value]
        return what_if(scenario, chosen)

    def update(self) -> None:
        result = self.result()
        before, after = result["before"], result["after"]
        self.summary.value = summary_html(result)
        fig = plot_queue(before.ingress, label=_("as planned"))
        plot_queue(after.ingress, ax=fig.axes[0], label=_("with mitigations"))
        words = _(
            "Queue at the gates: at most {before:,} people waiting as planned, {after:,} with the "
            "mitigations; longest wait {wb:.0f} and {wa:.0f} minutes."
        ).format(
            before=int(before.ingress.queue.max()),
            after=int(after.ingress.queue.max()),
            wb=float(before.ingress.wait_min.max()),
            wa=float(after.ingress.wait_min.max()),
        )
        self.queue.value = image_html(fig, words) + f"<p>{html.escape(words)}</p>"
        numbers = risk_numbers(result)
        matrix = plot_risk_matrix(before.risks, after.risks, labels=numbers)
        alt = _("Risk matrix before and after the mitigations; the table below lists every risk.")
        self.risks.value = image_html(matrix, alt) + risks_html(result)
