"""The mass-event planner widget (Voilà app): preset, attendance, exits, gates, mitigations.

All numbers come from :func:`simsuite.massevent.risk.what_if`; the widget only lays them out.
"""

from __future__ import annotations

import dataclasses
import html

import ipywidgets as widgets

from simsuite.i18n import _
from simsuite.massevent.capacity import FACTOR_LABELS
from simsuite.massevent.model import (
    Scenario,
    event_from_dict,
    operations_from_dict,
    preset,
    preset_defaults,
    preset_ids,
)
from simsuite.massevent.plots import as_image, plot_queue, plot_risk_matrix
from simsuite.massevent.risk import level, mitigations, what_if


def build_scenario(
    venue_id: str, attendance: int, extra_exit_m: float, gate_factor: float
) -> Scenario:
    event, ops = preset_defaults(venue_id)
    event["attendance"] = attendance
    operations = dataclasses.replace(
        operations_from_dict(ops), exit_width_per_exit=extra_exit_m, gate_factor=gate_factor
    )
    return Scenario(preset(venue_id), event_from_dict(event), operations)


def summary_html(result: dict) -> str:
    before, after = result["before"], result["after"]

    def row(label: str, b: str, a: str) -> str:
        return (
            f"<tr><td>{html.escape(label)}</td><td>{html.escape(b)}</td>"
            f"<td>{html.escape(a)}</td></tr>"
        )

    def risks(assessment) -> str:
        counts: dict[str, int] = {}
        for r in assessment.risks:
            counts[level(r.score)] = counts.get(level(r.score), 0) + 1
        return ", ".join(f"{_(k)} {v}" for k, v in counts.items())

    cap_b, cap_a = before.capacity, after.capacity
    rows = [
        row(_("safe capacity"), f"{cap_b.final:,}", f"{cap_a.final:,}"),
        row(
            _("limiting factor"), _(FACTOR_LABELS[cap_b.limiting]), _(FACTOR_LABELS[cap_a.limiting])
        ),
        row(_("people admitted"), f"{before.scenario.admitted:,}", f"{after.scenario.admitted:,}"),
        row(
            _("evacuation time (min)"),
            f"{before.egress.evacuation_time_s / 60:.1f}",
            f"{after.egress.evacuation_time_s / 60:.1f}",
        ),
        row(
            _("emergency evacuation target (min)"),
            f"{cap_b.emergency_time_min:g}",
            f"{cap_a.emergency_time_min:g}",
        ),
        row(_("bottleneck"), str(before.egress.bottleneck), str(after.egress.bottleneck)),
        row(
            _("longest wait at the gates (min)"),
            f"{before.ingress.wait_min.max():.0f}",
            f"{after.ingress.wait_min.max():.0f}",
        ),
        row(_("risks"), risks(before), risks(after)),
        row(_("cost of mitigations (BU)"), "0", f"{result['cost']:g}"),
    ]
    head = (
        f"<tr><th></th><th>{html.escape(_('as planned'))}</th>"
        f"<th>{html.escape(_('with mitigations'))}</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


class MassEventPlanner:
    """Widgets on top of :func:`what_if`; ``.ui`` is the box to display."""

    def __init__(self, venue_id: str = "zarbuloq-stadium"):
        self.preset = widgets.Dropdown(
            options=[(preset(v).name, v) for v in preset_ids()],
            value=venue_id,
            description=_("Venue"),
        )
        self.attendance = widgets.IntSlider(
            min=500, max=80000, step=500, description=_("Attendance")
        )
        self.exits = widgets.FloatSlider(
            min=0, max=5, step=0.5, value=0, description=_("+ m per exit")
        )
        self.gates = widgets.FloatSlider(
            min=0.5, max=3, step=0.25, value=1, description=_("Gate factor")
        )
        self.checks = {
            mid: widgets.Checkbox(value=False, description=m["name"], indent=False)
            for mid, m in mitigations().items()
        }
        self.summary = widgets.HTML()
        self.plots = widgets.Output()
        self._set_defaults()
        for w in (self.attendance, self.exits, self.gates, *self.checks.values()):
            w.observe(lambda _change: self.update(), names="value")
        self.preset.observe(lambda _change: (self._set_defaults(), self.update()), names="value")
        self.ui = widgets.VBox(
            [
                widgets.HBox([self.preset, self.attendance]),
                widgets.HBox([self.exits, self.gates]),
                widgets.HTML("<b>{}</b>".format(html.escape(_("Mitigations")))),
                widgets.GridBox(
                    list(self.checks.values()),
                    layout=widgets.Layout(grid_template_columns="repeat(2, 1fr)"),
                ),
                self.summary,
                self.plots,
            ]
        )
        self.update()

    def _set_defaults(self) -> None:
        event, _ops = preset_defaults(self.preset.value)
        self.attendance.value = int(event["attendance"])

    def result(self) -> dict:
        scenario = build_scenario(
            self.preset.value, self.attendance.value, self.exits.value, self.gates.value
        )
        chosen = [mid for mid, box in self.checks.items() if box.value]
        return what_if(scenario, chosen)

    def update(self) -> None:
        result = self.result()
        self.summary.value = summary_html(result)
        self.plots.clear_output(wait=True)
        with self.plots:
            from IPython.display import display

            display(as_image(plot_queue(result["before"].ingress, label=_("as planned"))))
            display(as_image(plot_risk_matrix(result["before"].risks, result["after"].risks)))
