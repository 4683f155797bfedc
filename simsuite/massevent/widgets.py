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

from simsuite.i18n import N_, _, get_language, language, localized
from simsuite.massevent.capacity import FACTOR_LABELS
from simsuite.massevent.model import (
    Scenario,
    event_from_dict,
    operations_from_dict,
    preset,
    preset_defaults,
    preset_ids,
)
from simsuite.massevent.names import place
from simsuite.massevent.plots import plot_queue, plot_risk_matrix, plot_venue, to_png
from simsuite.massevent.risk import LEVELS, level, mitigations, what_if
from simsuite.widgets.common import (
    accessible,
    app_box,
    draw_soon,
    drawing_html,
    figure_html,
    labelled_dropdown,
    notice_html,
    page_parameters,
    shared_look,
)

#: the longest acceptable wait at the gates in the planner's table (as in the tabletop)
WAIT_TARGET_MIN = 20

#: what the shared app styles (simsuite.widgets.common.STYLE) leave to the planner: its tables
STYLE = """
<style>
.simsuite-planner table { width: 100%; table-layout: fixed; border-collapse: collapse;
  margin: .5em 0; }
.simsuite-planner td, .simsuite-planner th {
  overflow-wrap: anywhere; vertical-align: top; padding: .25em .4em; text-align: left;
  border-bottom: 1px solid #ddd; }
.simsuite-planner caption { text-align: left; font-weight: bold; padding: .4em 0; }
.simsuite-planner .simsuite-missed { color: #b71c1c; font-weight: bold; }
.simsuite-planner .simsuite-met { color: #1b5e20; }
.simsuite-planner .simsuite-planner-intro { max-width: 52em; line-height: 1.5; }
/* controls and panels take the full width (the shared styles): no side margins on top of it */
.simsuite-planner .jupyter-widgets { margin-left: 0 !important; margin-right: 0 !important; }
@media (max-width: 600px) {
  .simsuite-planner table { font-size: .9em; }
  .simsuite-planner td, .simsuite-planner th { padding: .2em .25em; }
}
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
            return place(opening.label)
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


INTRO = N_(
    "Choose a venue: its map follows. Move the sliders and tick measures. The table compares "
    "the event as planned with the event after your measures and marks every target as met or "
    "missed; costs are in fictional budget units (BU). Every figure is recomputed by the "
    "models: no risk score is set by hand."
)
BASIS = N_(
    "What the numbers rest on: the organisational frame (three stages, the agencies led by the "
    "internal affairs bodies, the six-part unified tactical-coordination plan, four risk "
    "families) comes from the Uzbek article on the role of the internal affairs bodies at mass "
    "events. Capacity follows the Guide to Safety at Sports Grounds: 82 persons per metre per "
    "minute on the level and 66 on stairs, a holding density for each kind of area, and an "
    "emergency evacuation time of 2.5 to 8 minutes set by the fire risk of the structure. The "
    "evacuation is shown twice: the expected time, with walking flows measured in real "
    "pedestrian experiments, and the time at design rates, the regulator's cautious figure."
)
QUESTIONS = (
    N_(
        "Which of the four capacities limits this venue, and which measure moves the limit? "
        "What happens with the largest exit unavailable?"
    ),
    N_(
        "The expected evacuation time is shorter than the time at design rates. Which one should "
        "a safety plan be built on, and why?"
    ),
    N_(
        "Who owns each risk? Each agency owns the threats of its own field, and the internal "
        "affairs bodies coordinate. Practise it in the tabletop exercise."
    ),
)


class MassEventPlanner:
    """Widgets on top of :func:`what_if`; ``widget`` (also ``ui``) is the box to display."""

    def __init__(
        self, venue_id: str = "tinchsoy-arena", lang: str | None = None, notices=()
    ) -> None:
        self.lang = lang or get_language()
        with language(self.lang):
            self._build(venue_id, notices)

    def _build(self, venue_id: str, notices) -> None:
        # one layout and one style for the three sliders; a drag sends its value when let go
        # (each arrow key press still counts): the kernel redraws the figures once, not for
        # every step the handle passes
        sliders = {
            **shared_look(widgets.SliderStyle, "initial", width="100%", max_width="48em"),
            "continuous_update": False,
        }
        self.preset = labelled_dropdown(
            _("Venue"), [(place(preset(v).name), v) for v in preset_ids()], value=venue_id
        ).add_class("simsuite-venue")
        self.attendance = widgets.IntSlider(
            min=500, max=80000, step=500, description=_("Attendance"), **sliders
        ).add_class("simsuite-attendance")
        self.exits = widgets.FloatSlider(
            min=0, max=5, step=0.5, value=0, description=_("Metres added to every exit"), **sliders
        ).add_class("simsuite-exits")
        self.gates = widgets.FloatSlider(
            min=0.5, max=3, step=0.25, value=1, description=_("Gate throughput factor"), **sliders
        ).add_class("simsuite-gates")
        for slider in (self.attendance, self.exits, self.gates):
            accessible(slider, slider.description)
        look = shared_look(description_width="initial", width="auto")
        self.checks = {
            mid: widgets.Checkbox(
                value=False, description=localized(m["name"], self.lang), indent=False, **look
            ).add_class(f"simsuite-mitigation-{mid}")
            for mid, m in mitigations().items()
        }
        self.venue_map = widgets.HTML(layout={"width": "100%"}).add_class("simsuite-venue-map")
        self.summary = widgets.HTML(layout={"width": "100%"}).add_class("simsuite-summary")
        self.queue = widgets.HTML(layout={"width": "100%"}).add_class("simsuite-queue")
        self.risks = widgets.HTML(layout={"width": "100%"}).add_class("simsuite-risks")
        self._set_defaults()
        for w in (self.attendance, self.exits, self.gates, *self.checks.values()):
            w.observe(lambda _change: self.update(), names="value")
        self.preset.observe(lambda _change: self._venue_changed(), names="value")
        questions = "".join(f"<li>{html.escape(_(q))}</li>" for q in QUESTIONS)
        intro = (
            f"{notice_html(notices)}<div class='simsuite-planner-intro'>"
            f"<p>{html.escape(_(INTRO))}</p><p>{html.escape(_(BASIS))}</p></div>"
        )
        self.widget = app_box(
            [
                widgets.HTML(STYLE + intro),
                self.preset,
                self.attendance,
                self.venue_map,
                widgets.HTML("<h3>{}</h3>".format(html.escape(_("Exits and gates")))),
                self.exits,
                self.gates,
                widgets.HTML("<h3>{}</h3>".format(html.escape(_("Mitigations")))),
                widgets.VBox(list(self.checks.values()), layout={"width": "100%"}),
                self.summary,
                self.queue,
                self.risks,
                widgets.HTML(
                    "<h3>{}</h3><ol>{}</ol>".format(
                        html.escape(_("Questions to discuss")), questions
                    )
                ),
            ],
            "simsuite-planner",
        )
        self.ui = self.widget
        # the numbers now, the figures once the controls are on the page (see draw_soon)
        self.summary.value = summary_html(self.result())
        for place_ in (self.venue_map, self.queue, self.risks):
            place_.value = drawing_html()
        draw_soon(lambda: self._in_language(self._draw_map), self.venue_map)
        draw_soon(
            lambda: self._in_language(lambda: self._draw_charts(self.result())),
            self.queue,
            self.risks,
        )

    def _in_language(self, draw) -> None:
        with language(self.lang):
            draw()

    def _venue_changed(self) -> None:
        attendance = self.attendance.value
        self._set_defaults()
        with language(self.lang):
            self._draw_map()
        if self.attendance.value == attendance:  # otherwise its observer has updated already
            self.update()

    def _set_defaults(self) -> None:
        event, _ops = preset_defaults(self.preset.value)
        self.attendance.value = int(event["attendance"])

    def _draw_map(self) -> None:
        venue = preset(self.preset.value)
        alt = _("Map of {venue}: {zones}; {exits} exits, {gates} entry gates.").format(
            venue=place(venue.name),
            zones=", ".join(place(z.name) for z in venue.zones),
            exits=len(venue.exits),
            gates=len(venue.gates),
        )
        exits = "; ".join(
            _("{exit} {width:g} m").format(exit=place(e.label), width=e.width)
            for e in venue.exits
        )
        self.venue_map.value = figure_html(
            to_png(plot_venue(venue)),
            alt,
            _("Exits and their clear widths: {exits}.").format(exits=exits),
        )

    def result(self) -> dict:
        scenario = build_scenario(
            self.preset.value, self.attendance.value, self.exits.value, self.gates.value
        )
        chosen = [mid for mid, box in self.checks.items() if box.value]
        return what_if(scenario, chosen)

    def update(self) -> None:
        with language(self.lang):
            self._update()

    def _update(self) -> None:
        result = self.result()
        self.summary.value = summary_html(result)
        self._draw_charts(result)

    def _draw_charts(self, result: dict) -> None:
        before, after = result["before"], result["after"]
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
        self.queue.value = figure_html(to_png(fig), words, words)
        numbers = risk_numbers(result)
        matrix = plot_risk_matrix(before.risks, after.risks, labels=numbers)
        alt = _("Risk matrix before and after the mitigations; the table below lists every risk.")
        self.risks.value = figure_html(to_png(matrix), alt) + risks_html(result)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def planner_app(seed: int | None = None, lang: str | None = None, **_params) -> MassEventPlanner:
    """The planner as a curriculum page shows it (a tool: the seed is not used; the address
    may name a venue, ``?venue=bahorgul-park``)."""
    params = page_parameters()
    venue = str(params.get("venue") or "tinchsoy-arena")
    notices = []  # the page's own notices are shown by the page
    if venue not in preset_ids():
        with language(lang or get_language()):
            notices.append(
                _("The venue {value!r} in the address is not one of the presets; here is {name}.")
                .format(value=venue[:30], name=place(preset("tinchsoy-arena").name))
            )
        venue = "tinchsoy-arena"
    return MassEventPlanner(venue, lang=lang, notices=tuple(notices))
