"""The self-paced tabletop app: brief → plan → Check → conduct (injects) → after-action review.

The widgets only collect the answer (a mapping of plain values, the same as a graded trainee's)
and show what :func:`simsuite.activities.tabletop.evaluate.evaluate_tabletop` returns.
Layouts wrap (``flex_flow: row wrap``), labels wrap instead of being cut, every control has an
accessible name, and every figure has its numbers in words beside it.
"""

from __future__ import annotations

import html
import random
from typing import Any

import ipywidgets as widgets

from simsuite.activities.tabletop.activity import brief_markdown
from simsuite.activities.tabletop.exercise import MAX_EXTRA_WIDTH, Brief, generate_tabletop
from simsuite.errors import UserInputError
from simsuite.i18n import _, get_language, language
from simsuite.widgets.common import draw_soon, drawing_html, fresh_seed, page_parameters

#: wrapping labels and tables that fit a 390 px phone (until the shared app shell is merged)
STYLE = """
<style>
.simsuite-tabletop { max-width: 60em; box-sizing: border-box; }
.simsuite-tabletop .widget-label, .simsuite-tabletop .widget-label-basic,
.simsuite-tabletop .widget-label-basic span, .simsuite-tabletop .widget-radio-box label,
.simsuite-tabletop .widget-checkbox label {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.35;
}
.simsuite-tabletop .widget-checkbox, .simsuite-tabletop .widget-inline-hbox,
.simsuite-tabletop .widget-radio-box label { height: auto !important; min-height: 28px; }
.simsuite-tabletop .widget-radio { flex-wrap: wrap; }
.simsuite-tabletop .widget-radio-box { min-width: 0; }
.simsuite-tabletop table { width: 100%; table-layout: fixed; border-collapse: collapse; }
.simsuite-tabletop td, .simsuite-tabletop th {
  overflow-wrap: anywhere; vertical-align: top; padding: .25em .4em; text-align: left;
  border-bottom: 1px solid #ddd;
}
.simsuite-tabletop caption { text-align: left; font-weight: bold; padding: .4em 0; }
.simsuite-tabletop .simsuite-wrong { color: #b71c1c; }
.simsuite-tabletop .simsuite-right { color: #1b5e20; }
.simsuite-tabletop .simsuite-brief { line-height: 1.5; overflow-wrap: anywhere; }
.simsuite-tabletop h2, .simsuite-tabletop h3, .simsuite-tabletop h4 { overflow-wrap: anywhere; }
.simsuite-tabletop .jupyter-button { height: auto; min-height: 32px; white-space: normal; }
.simsuite-tabletop .jupyter-widgets { box-sizing: border-box; min-width: 0;
  margin-left: 0 !important; margin-right: 0 !important; }
.simsuite-tabletop .widget-inline-hbox { flex-wrap: wrap; max-width: 100%; }
.simsuite-tabletop .widget-inline-hbox > .widget-label { max-width: 100%; }
.simsuite-tabletop select, .simsuite-tabletop input { max-width: 100%; min-width: 0; }
.simsuite-tabletop img { max-width: 100%; height: auto; }
</style>
"""
STAGES = ("brief", "plan", "conduct", "review")


def wrap(children, **layout: Any) -> widgets.Box:
    return widgets.Box(
        list(children),
        layout=widgets.Layout(
            flex_flow="row wrap", width="auto", align_items="flex-start", **layout
        ),
    )


def column(children) -> widgets.VBox:
    return widgets.VBox(list(children), layout=widgets.Layout(width="auto"))


def heading(text: str, level: int = 3) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def _checkbox(label: str, css: str) -> widgets.Checkbox:
    box = widgets.Checkbox(
        value=False,
        description=label,
        indent=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto", max_width="56em"),
    )
    return box.add_class(css)


class TabletopApp:
    """The whole tabletop in one page; ``widget`` is the box to display."""

    def __init__(self, seed: int | None = None, lang: str | None = None, **params: Any) -> None:
        self.lang = lang or get_language()
        #: called with the full result when a learner reaches the after-action review (the
        #: learning path records it; a Check of the plan alone is not the whole exercise)
        self.on_check = None
        self._next_seed = seed if seed is not None else fresh_seed()
        self._rng = random.Random(self._next_seed)
        with language(self.lang):
            self.header = widgets.HTML().add_class("simsuite-case-number")
            self.stage_box = widgets.VBox(layout=widgets.Layout(width="auto"))
            self.widget = widgets.VBox(
                [widgets.HTML(STYLE), self.header, self.stage_box],
                layout=widgets.Layout(width="auto"),
            ).add_class("simsuite-tabletop")
            self._new()

    # -------------------------------------------------------------------------- set-up

    def _new(self) -> None:
        seed, self._next_seed = self._next_seed, self._rng.randrange(2**31)
        self.seed = seed
        self.brief, self.key = generate_tabletop(seed, self.lang)
        self.header.value = "<small>{}</small>".format(
            html.escape(_("Exercise no. {seed}").format(seed=seed))
        )
        self.inject_index = 0
        self.responses: dict[str, dict[str, widgets.Checkbox]] = {}
        self.plan_page = self.conduct_page = None  # built when first shown: a faster first page
        self._build_brief()
        self.review = widgets.HTML().add_class("simsuite-review-panel")
        self.new_button = widgets.Button(description=_("New exercise"), icon="refresh")
        self.new_button.add_class("simsuite-new")
        self.new_button.on_click(lambda _b: self.new_exercise())
        self.show("brief")

    def new_exercise(self) -> None:
        with language(self.lang):
            self._new()

    def show(self, stage: str) -> None:
        self.stage = stage
        step = STAGES.index(stage) + 1
        titles = {
            "brief": _("The brief"),
            "plan": _("Your plan"),
            "conduct": _("Conduct of the event"),
            "review": _("After-action review"),
        }
        progress = widgets.HTML(
            '<p class="simsuite-step" aria-live="polite">{}</p>'.format(
                html.escape(
                    _("Step {n} of {total}: {title}").format(
                        n=step, total=len(STAGES), title=titles[stage]
                    )
                )
            )
        )
        if stage in ("plan", "conduct") and self.plan_page is None:
            self._build_conduct()
            self._build_plan()
        body = {
            "brief": self.brief_page,
            "plan": self.plan_page,
            "conduct": self.conduct_page,
            "review": column([self.review, self.new_button]),
        }[stage]
        self.stage_box.children = (progress, body)
        for name in STAGES:
            self.stage_box.remove_class(f"simsuite-stage-{name}")
        self.stage_box.add_class(f"simsuite-stage-{stage}")

    # -------------------------------------------------------------------------- the brief

    def _build_brief(self) -> None:
        import mistune

        from simsuite.massevent.plots import image_html, plot_venue

        brief = self.brief
        venue_alt = _("Map of {venue}: {zones} zones, {exits} exits, {gates} entry gates.").format(
            venue=brief.venue_name,
            zones=len(brief.zones),
            exits=len(brief.exits),
            gates=len(brief.gates),
        )
        exits_words = "; ".join(f"{e} ({w:g} m)" for e, _n, w in brief.exits)
        start = widgets.Button(description=_("Start planning"), button_style="primary")
        start.add_class("simsuite-start-planning")
        start.on_click(lambda _b: self.show("plan"))
        venue_map = widgets.HTML(drawing_html())

        def draw_map() -> None:
            with language(self.lang):
                venue_map.value = image_html(plot_venue(self._venue()), venue_alt)

        draw_soon(draw_map, venue_map)  # the brief and Start planning first
        self.brief_page = column(
            [
                widgets.HTML(
                    f'<div class="simsuite-brief">{mistune.html(brief_markdown(brief))}</div>'
                ),
                venue_map,
                widgets.HTML(
                    "<p>{}</p>".format(
                        html.escape(
                            _("Exits and their clear widths: {exits}.").format(exits=exits_words)
                        )
                    )
                ),
                start,
            ]
        )

    def _venue(self):
        from simsuite.activities.tabletop.exercise import _venue

        return _venue(self.brief.venue_id, self.brief.fire_risk)

    # -------------------------------------------------------------------------- the plan

    def _build_plan(self) -> None:
        brief: Brief = self.brief
        options = brief.options
        label_style = {"description_width": "initial"}
        full = widgets.Layout(width="auto", max_width="40em")
        self.admit = widgets.BoundedIntText(
            value=brief.attendance,
            min=0,
            max=brief.attendance,
            step=100,
            description=_("People admitted (at most {n:,})").format(n=brief.attendance),
            style=label_style,
            layout=full,
        ).add_class("simsuite-admit")
        self.width = widgets.BoundedFloatText(
            value=0,
            min=0,
            max=MAX_EXTRA_WIDTH,
            step=0.5,
            description=_("Metres added to every exit"),
            style=label_style,
            layout=full,
        ).add_class("simsuite-width")
        self.staff = {
            name: widgets.BoundedIntText(
                value=0, min=0, max=100_000, description=label, style=label_style, layout=full
            ).add_class(f"simsuite-{name}")
            for name, label in (
                ("stewards", _("Stewards")),
                ("police", _("Police officers")),
                ("medical_posts", _("Medical posts")),
            )
        }
        self.measures = {
            m: _checkbox(label, f"simsuite-measure-{m}") for m, label in options["mitigations"]
        }
        self.lead = widgets.Dropdown(
            options=[(_("— choose —"), None), *[(label, a) for a, label in options["plan_lead"]]],
            index=0,
            description=_("Who leads and coordinates"),
            style=label_style,
            layout=full,
        ).add_class("simsuite-lead")
        self.tasks = {
            t: _checkbox(label, f"simsuite-task-{t}") for t, label in options["plan_tasks"]
        }
        self.officers = {
            a: _checkbox(label, f"simsuite-officer-{a}") for a, label in options["plan_officers"]
        }
        steps = options["plan_sequence"]
        self.sequence = [
            widgets.Dropdown(
                options=[(_("— choose —"), None), *[(label, s) for s, label in steps]],
                index=0,
                description=_("Step {n}").format(n=i + 1),
                style=label_style,
                layout=full,
            ).add_class(f"simsuite-sequence-{i + 1}")
            for i in range(len(steps))
        ]
        by_hazard: dict[str, list[tuple[str, str]]] = {}
        for pair, label in options["plan_risk_owners"]:
            by_hazard.setdefault(pair.split(":", 1)[0], []).append((pair, label))
        names = dict(options["plan_algorithms"])
        self.owners = {
            hazard: widgets.RadioButtons(
                options=[(label.split(" → ", 1)[-1], pair) for pair, label in pairs],
                value=None,
                description=names[hazard],
                style=label_style,
                layout=widgets.Layout(width="auto", flex_flow="row wrap"),
            ).add_class(f"simsuite-owner-{hazard}")
            for hazard, pairs in by_hazard.items()
        }
        self.routes = {
            r: _checkbox(label, "simsuite-route-" + r.replace(">", "--"))
            for r, label in options["plan_routes"]
        }
        self.algorithms = {
            h: _checkbox(label, f"simsuite-algorithm-{h}")
            for h, label in options["plan_algorithms"]
        }
        self.figures = widgets.HTML().add_class("simsuite-live-figures")
        self.plan_feedback = widgets.HTML().add_class("simsuite-plan-feedback")
        check = widgets.Button(description=_("Check the plan"), button_style="primary")
        check.add_class("simsuite-check")
        check.on_click(lambda _b: self.check_plan())
        self.start_event = widgets.Button(
            description=_("Start the event"), disabled=True, icon="play"
        ).add_class("simsuite-start-event")
        self.start_event.on_click(lambda _b: self.show("conduct"))
        for control in (self.admit, self.width, *self.staff.values(), *self.measures.values()):
            control.observe(lambda _c: self.update_figures(), names="value")
        self.plan_page = column(
            [
                heading(_("Measures")),
                self.admit,
                self.width,
                *self.staff.values(),
                column(self.measures.values()),
                self.figures,
                heading(_("Unified tactical-coordination plan")),
                self.lead,
                heading(self._label("plan_tasks"), 4),
                column(self.tasks.values()),
                heading(self._label("plan_officers"), 4),
                column(self.officers.values()),
                heading(self._label("plan_sequence"), 4),
                column(self.sequence),
                heading(self._label("plan_risk_owners"), 4),
                column(self.owners.values()),
                heading(self._label("plan_routes"), 4),
                column(self.routes.values()),
                heading(self._label("plan_algorithms"), 4),
                column(self.algorithms.values()),
                wrap([check, self.start_event]),
                self.plan_feedback,
            ]
        )
        self.update_figures()

    def _label(self, name: str) -> str:
        from simsuite.activities.tabletop.activity import TYPE

        return {f.name: f.label for f in TYPE.answer_fields(self.brief)}[name]

    def answer(self) -> dict[str, Any]:
        """The trainee's answer as plain values (what a graded trainee writes)."""
        sequence = [d.value for d in self.sequence]
        answer: dict[str, Any] = {
            "admission_cap": None
            if self.admit.value >= self.brief.attendance
            else self.admit.value,
            "exit_width_added_m": float(self.width.value),
            **{name: int(box.value) for name, box in self.staff.items()},
            "mitigations": {m for m, box in self.measures.items() if box.value},
            "plan_lead": self.lead.value,
            "plan_tasks": {t for t, box in self.tasks.items() if box.value},
            "plan_officers": {a for a, box in self.officers.items() if box.value},
            "plan_sequence": sequence if None not in sequence else None,
            "plan_risk_owners": {r.value for r in self.owners.values() if r.value},
            "plan_routes": {r for r, box in self.routes.items() if box.value},
            "plan_algorithms": {h for h, box in self.algorithms.items() if box.value},
        }
        for inject in self.brief.injects:
            boxes = self.responses.get(inject["id"], {})
            answer[f"response_{inject['id']}"] = {a for a, box in boxes.items() if box.value}
        return answer

    def _evaluate(self, answer: dict[str, Any]):
        from simsuite.activities.tabletop.activity import TYPE

        return TYPE.evaluate(self.key, answer, self.lang)

    def update_figures(self) -> None:
        """The figures of the plan as it stands (measures only), in words and numbers."""
        with language(self.lang):
            # the targets' figures of the measures as they stand; a lead is named so that an
            # untouched form still shows the event's figures (only the target rows are shown)
            answer = {**self.answer(), "plan_lead": self.lead.value or "internal_affairs"}
            try:
                result = self._evaluate(answer)
            except UserInputError as error:
                self.figures.value = f"<p class='simsuite-wrong'>{html.escape(error.render())}</p>"
                return
            self.figures.value = result.render_html(groups=("target",), heading=_("Figures now"))

    def check_plan(self) -> None:
        with language(self.lang):
            sequence = [d.value for d in self.sequence]
            if None not in sequence and len(set(sequence)) != len(sequence):
                self.plan_feedback.value = "<p class='simsuite-wrong'>{}</p>".format(
                    html.escape(_("Part 3: every step once; a step is chosen twice."))
                )
                return
            try:
                result = self._evaluate(self.answer())
            except UserInputError as error:
                self.plan_feedback.value = (
                    f"<p class='simsuite-wrong'>{html.escape(error.render())}</p>"
                )
                return
            if result.blank:
                self.plan_feedback.value = "<p class='simsuite-wrong'>{}</p>".format(
                    html.escape(_("Nothing was planned yet."))
                )
                return
            self.plan_feedback.value = result.render_html(
                groups=("target", "plan"), heading=_("Verdict on your plan")
            )
            self.start_event.disabled = False

    # -------------------------------------------------------------------------- conduct

    def _build_conduct(self) -> None:
        for inject in self.brief.injects:
            self.responses[inject["id"]] = {
                a: _checkbox(label, f"simsuite-action-{a}") for a, label in inject["options"]
            }
        self.inject_view = widgets.HTML().add_class("simsuite-inject")
        self.actions_box = column([])
        self.inject_feedback = widgets.HTML().add_class("simsuite-inject-feedback")
        self.respond = widgets.Button(description=_("Respond"), button_style="primary")
        self.respond.add_class("simsuite-respond")
        self.respond.on_click(lambda _b: self.respond_to_inject())
        self.next_inject = widgets.Button(description=_("Continue"), disabled=True)
        self.next_inject.add_class("simsuite-next-inject")
        self.next_inject.on_click(lambda _b: self.advance())
        self.conduct_page = column(
            [
                self.inject_view,
                self.actions_box,
                wrap([self.respond, self.next_inject]),
                self.inject_feedback,
            ]
        )
        self._show_inject()

    def _show_inject(self) -> None:
        inject = self.brief.injects[self.inject_index]
        self.inject_view.value = (
            "<h3>{clock} · {title}</h3><p>{text}</p><p><i>{ask}</i></p>".format(
                clock=html.escape(inject["clock"]),
                title=html.escape(inject["title"]),
                text=html.escape(inject["text"]),
                ask=html.escape(
                    _(
                        "Incident {n} of {total}. What do you do? Tick every action you take."
                    ).format(n=self.inject_index + 1, total=len(self.brief.injects))
                ),
            )
        )
        self.actions_box.children = tuple(self.responses[inject["id"]].values())
        self.inject_feedback.value = ""
        self.respond.disabled = False
        self.next_inject.disabled = True

    def respond_to_inject(self) -> None:
        with language(self.lang):
            inject = self.brief.injects[self.inject_index]
            result = self._evaluate(self.answer())
            verdict = next(v for v in result.items if v.item == f"inject_{inject['id']}")
            css = "simsuite-wrong" if verdict.is_error else "simsuite-right"
            extra = f" ({html.escape(verdict.figures)})" if verdict.figures else ""
            self.inject_feedback.value = (
                f'<div class="simsuite-feedback"><p class="{css}"><b>'
                f"{html.escape(verdict.headline())}</b> {html.escape(verdict.why)}{extra}</p></div>"
            )
            for box in self.responses[inject["id"]].values():
                box.disabled = True
            self.respond.disabled = True
            self.next_inject.disabled = False

    def advance(self) -> None:
        with language(self.lang):
            if self.inject_index + 1 < len(self.brief.injects):
                self.inject_index += 1
                self._show_inject()
                return
            self.finish()

    def finish(self) -> None:
        from simsuite.activities.tabletop.evaluate import after_action_review_html

        result = self._evaluate(self.answer())
        self.review.value = after_action_review_html(result, self.key) + result.render_html(
            heading=_("The verdict in full")
        )
        self.show("review")
        if self.on_check is not None:
            self.on_check(result)

    @classmethod
    def from_url(cls, **params: Any) -> TabletopApp:
        page = page_parameters()
        return cls(seed=page["seed"], lang=page["lang"])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
