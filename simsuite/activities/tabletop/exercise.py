"""The mass-event tabletop: a generated brief, the trainee's plan, and its one scoring rule.

A brief is a pure function of (params, seed): a venue preset, an event, an attendance, a threat
picture, the fire risk of the structure, a budget and targets. The generator also finds a plan
that meets every target within the budget (greedy, over the measures of the catalogue), so every
brief has a right answer; the budget is that plan's cost with a margin.

:func:`evaluate_tabletop` is the only scoring rule. It builds the trainee's scenario from the
answer (:func:`planned_scenario`), runs the models (capacity at the Green Guide design rates,
ingress, the macroscopic evacuation at expected flows and at design rates, the risk register),
and gives a verdict per target, per part of the unified tactical-coordination plan (the Uzbek
source's six parts) and per inject of the conduct phase, with the figures behind each.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from simsuite.content import package_yaml
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, language, localized
from simsuite.massevent.egress import routes
from simsuite.massevent.model import (
    EVENT_KIND_LABELS,
    EventProfile,
    Operations,
    Scenario,
    preset,
    preset_defaults,
    preset_ids,
)
from simsuite.massevent.names import place
from simsuite.massevent.risk import Assessment, assess, level, mitigations

#: measures the trainee ticks (staffing and exit width are numbers of their own)
MEASURES = (
    "more_gates",
    "staggered_arrival",
    "one_way_routes",
    "situation_centre",
    "public_information",
)
STAFF = {"stewards": "stewards", "police": "police", "medical_posts": "medical_posts"}
MAX_EXTRA_WIDTH = 3.0  # m per exit
LEVEL_ORDER = ("low", "medium", "high", "extreme")
#: weights of the verdict (sum 1): targets, the six-part plan, the injects
WEIGHTS = {
    "capacity": 0.08,
    "evacuation": 0.10,
    "wait": 0.08,
    "residual_risk": 0.08,
    "budget": 0.06,
    "plan_lead": 0.04,
    "plan_tasks": 0.07,
    "plan_officers": 0.04,
    "plan_sequence": 0.05,
    "plan_risk_owners": 0.06,
    "plan_routes": 0.05,
    "plan_algorithms": 0.04,
}
INJECT_WEIGHT = 0.05
WEATHER_LABELS = {
    "fair": N_("fair"),
    "hot": N_("hot"),
    "rain": N_("rain"),
    "storm": N_("storm warning"),
    "cold": N_("cold"),
}
THREAT_LABELS = {
    "low": N_("low"),
    "moderate": N_("moderate"),
    "substantial": N_("substantial"),
    "severe": N_("severe"),
}
FIRE_RISK_LABELS = {"low": N_("low"), "normal": N_("normal"), "high": N_("high")}
GREEN_GUIDE = "Guide to Safety at Sports Grounds (Green Guide), 6th ed., SGSA 2018"


@cache
def content() -> dict[str, Any]:
    return package_yaml("simsuite.activities.tabletop", "data", "tabletop.yaml")


def agency_label(agency: str, lang: str | None = None) -> str:
    return localized(content()["agencies"][agency], lang)


def hazard_names(lang: str | None = None) -> dict[str, str]:
    from simsuite.massevent.risk import hazards

    return {h["id"]: localized(h["name"], lang) for h in hazards()}


# ------------------------------------------------------------------------------ the brief


@dataclass(frozen=True)
class Brief:
    """What the trainee reads and chooses from: nothing of the key."""

    lang: str
    title: str
    venue_id: str
    venue_name: str
    city: str
    venue_description: str
    event_kind: str
    event_label: str
    attendance: int
    start: str  # event clock, HH:MM
    arrival_window_min: float
    duration_h: float
    alcohol: bool
    weather: str
    threat_level: str
    threat_note: str
    fire_risk: str
    evacuation_target_min: float
    max_wait_min: float
    budget: float
    refund_per_1000: float
    zones: tuple[tuple[str, str], ...]
    exits: tuple[tuple[str, str, float], ...]  # id, name, width
    gates: tuple[tuple[str, str], ...]
    #: the event as it stands, before any measure (the models' figures)
    as_planned: Mapping[str, Any] = field(default_factory=dict)
    #: answer options by field name
    options: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: the injects of the conduct phase: id, minute on the event clock, title, text
    injects: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class TabletopKey:
    """What scores an answer: the brief, the model inputs and the keyed parts of the plan."""

    brief: Brief
    seed: int
    event_inputs: Mapping[str, Any]
    solution_answer: Mapping[str, Any]
    correct_tasks: frozenset[str]
    owners: Mapping[str, str]  # hazard -> owning agency (the data's mapping)
    required_algorithms: frozenset[str]
    valid_routes: frozenset[str]
    occupied_zones: frozenset[str]
    sequence_phases: Mapping[str, str]  # step id -> phase


def _clock(start_min: int, minute: float) -> str:
    total = int(round(start_min + minute)) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


@lru_cache(maxsize=256)
def _venue(venue_id: str, fire_risk: str):
    return preset(venue_id).with_changes(fire_risk=fire_risk)


def base_scenario(key_or_brief: TabletopKey | Brief, inputs: Mapping[str, Any] | None = None):
    brief = key_or_brief.brief if isinstance(key_or_brief, TabletopKey) else key_or_brief
    inputs = inputs if inputs is not None else key_or_brief.event_inputs
    event = EventProfile(
        kind=brief.event_kind,
        attendance=brief.attendance,
        arrival_window_min=brief.arrival_window_min,
        arrival_curve=inputs["arrival_curve"],
        duration_h=brief.duration_h,
        alcohol=brief.alcohol,
        weather=brief.weather,
        threat_level=brief.threat_level,
    )
    return Scenario(_venue(brief.venue_id, brief.fire_risk), event, Operations())


# ------------------------------------------------------------------------------ answers


@dataclass(frozen=True)
class Plan:
    """A parsed answer: the measures and the six-part plan and the inject responses."""

    admission_cap: int | None
    exit_width_added_m: float
    stewards: int
    police: int
    medical_posts: int
    measures: frozenset[str]
    lead: str | None
    tasks: frozenset[str]
    officers: frozenset[str]
    sequence: tuple[str, ...] | None
    risk_owners: frozenset[str]
    routes: frozenset[str]
    algorithms: frozenset[str]
    responses: Mapping[str, frozenset[str]]

    @property
    def blank(self) -> bool:
        return (
            self.admission_cap is None
            and not self.exit_width_added_m
            and not (self.stewards or self.police or self.medical_posts)
            and not self.measures
            and self.lead is None
            and not (self.tasks or self.officers or self.risk_owners or self.routes)
            and not self.algorithms
            and self.sequence is None
            and not any(self.responses.values())
        )


def _count(answer: Mapping[str, Any], name: str, top: float, whole: bool = True) -> float:
    value = answer.get(name)
    if value is None:
        return 0
    allowed = (
        _("a whole number from 0 to {top:,.0f}") if whole else _("a number from 0 to {top:g}")
    ).format(top=top)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserInputError(
            _("expected a number, got {value!r}.").format(value=value), where=name, allowed=allowed
        )
    if not math.isfinite(value) or not 0 <= value <= top or (whole and value != int(value)):
        raise UserInputError(
            _("{value!r} is out of range.").format(value=value), where=name, allowed=allowed
        )
    return int(value) if whole else float(value)


def _ids(answer: Mapping[str, Any], name: str, options: Sequence[tuple[str, str]]) -> frozenset:
    value = answer.get(name)
    if value is None:
        return frozenset()
    known = [o for o, _label in options]
    if isinstance(value, str) or not isinstance(value, set | frozenset | list | tuple):
        raise UserInputError(
            _("expected a set of options, got {value!r}.").format(value=value),
            where=name,
            allowed=", ".join(known),
        )
    unknown = sorted(str(v) for v in value if v not in known)
    if unknown:
        raise UserInputError(
            _("unknown options: {names}.").format(names=", ".join(unknown)),
            where=name,
            allowed=", ".join(known),
        )
    return frozenset(value)


def parse_answer(brief: Brief, answer: Mapping[str, Any]) -> Plan:
    """Check an answer's form against the brief's options (never whether it is right)."""
    if not isinstance(answer, Mapping):
        raise UserInputError(_("expected a mapping of answer fields."), where="answer")
    options = brief.options
    cap = answer.get("admission_cap")
    lead = answer.get("plan_lead")
    agencies = [a for a, _label in options["plan_lead"]]
    if lead is not None and lead not in agencies:
        raise UserInputError(
            _("unknown agency {value!r}.").format(value=lead),
            where="plan_lead",
            allowed=", ".join(agencies),
        )
    sequence = answer.get("plan_sequence")
    steps = [s for s, _label in options["plan_sequence"]]
    if sequence is not None:
        if (
            isinstance(sequence, str)
            or not isinstance(sequence, list | tuple)
            or sorted(map(str, sequence)) != sorted(steps)
        ):
            raise UserInputError(
                _("expected every step once, in order, as a list."),
                where="plan_sequence",
                allowed=", ".join(steps),
            )
        sequence = tuple(sequence)
    responses = {
        inject["id"]: _ids(answer, f"response_{inject['id']}", inject["options"])
        for inject in brief.injects
    }
    return Plan(
        admission_cap=None
        if cap is None
        else int(_count(answer, "admission_cap", brief.attendance)),
        exit_width_added_m=float(_count(answer, "exit_width_added_m", MAX_EXTRA_WIDTH, False)),
        stewards=int(_count(answer, "stewards", 100_000)),
        police=int(_count(answer, "police", 100_000)),
        medical_posts=int(_count(answer, "medical_posts", 1_000)),
        measures=_ids(answer, "mitigations", options["mitigations"]),
        lead=lead,
        tasks=_ids(answer, "plan_tasks", options["plan_tasks"]),
        officers=_ids(answer, "plan_officers", options["plan_officers"]),
        sequence=sequence,
        risk_owners=_ids(answer, "plan_risk_owners", options["plan_risk_owners"]),
        routes=_ids(answer, "plan_routes", options["plan_routes"]),
        algorithms=_ids(answer, "plan_algorithms", options["plan_algorithms"]),
        responses=responses,
    )


def plan_cost(brief: Brief, plan: Plan) -> dict[str, float]:
    """The plan's cost in budget units, by item (catalogue prices, fictional units)."""
    catalogue = mitigations()
    n_exits = len(brief.exits)
    cost: dict[str, float] = {}
    if plan.exit_width_added_m > 0:
        wider = catalogue["wider_exits"]["cost"]
        cost["exits"] = wider["fixed"] + wider["per_unit"] * plan.exit_width_added_m * n_exits
    for measure in sorted(plan.measures):
        cost[measure] = float(catalogue[measure]["cost"]["fixed"])
    cost["stewards"] = plan.stewards * catalogue["stewards"]["cost"]["per_unit"]
    cost["police"] = plan.police * catalogue["police"]["cost"]["per_unit"]
    cost["medical_posts"] = plan.medical_posts * catalogue["medical_posts"]["cost"]["per_unit"]
    if plan.admission_cap is not None:
        turned_away = max(0, brief.attendance - plan.admission_cap)
        cost["refunds"] = turned_away / 1000 * brief.refund_per_1000
    return {k: round(v, 2) for k, v in cost.items() if v}


def planned_scenario(key: TabletopKey, plan: Plan) -> Scenario:
    """The brief's event with the trainee's measures: what the models are run on."""
    from simsuite.massevent.risk import apply_mitigations

    scenario = base_scenario(key)
    ops = Operations(
        stewards=plan.stewards,
        police=plan.police,
        medical_posts=plan.medical_posts,
        capacity_cap=plan.admission_cap,
        exit_width_per_exit=plan.exit_width_added_m,
    )
    scenario = dataclasses.replace(scenario, operations=ops)
    scenario, _cost = apply_mitigations(scenario, sorted(plan.measures))
    return scenario


# ------------------------------------------------------------------------------ targets


def residual_level(assessment: Assessment) -> str:
    return max((level(r.score) for r in assessment.risks), key=LEVEL_ORDER.index)


def targets_met(brief: Brief, assessment: Assessment, cost: float) -> dict[str, bool]:
    cap = assessment.capacity
    limit = content()["targets"]["residual_risk"]["value"]
    return {
        "capacity": assessment.scenario.admitted <= cap.final,
        "evacuation": assessment.egress.evacuation_time_s / 60 <= brief.evacuation_target_min,
        "wait": float(assessment.ingress.wait_min.max()) <= brief.max_wait_min,
        "residual_risk": LEVEL_ORDER.index(residual_level(assessment)) <= LEVEL_ORDER.index(limit),
        "budget": cost <= brief.budget + 1e-9,
    }


def figures(assessment: Assessment) -> dict[str, Any]:
    cap = assessment.capacity
    minutes = assessment.evacuation_minutes()
    without = cap.without_largest_exit
    counts = {lv: 0 for lv in LEVEL_ORDER}
    for risk in assessment.risks:
        counts[level(risk.score)] += 1
    return {
        "admitted": assessment.scenario.admitted,
        "safe_capacity": cap.final,
        "limiting": cap.limiting,
        "safe_capacity_without_largest_exit": without.final if without else None,
        "largest_exit": assessment.largest_exit,
        "evacuation_expected_min": minutes["expected"],
        "evacuation_design_min": minutes["design"],
        "evacuation_without_largest_exit_min": minutes["without_largest_exit"],
        "max_wait_min": round(float(assessment.ingress.wait_min.max()), 1),
        "peak_queue_at_min": float(assessment.ingress.summary()["peak_queue_at_min"]),
        "risk_counts": counts,
        "top_risks": [
            (r.id, level(r.score), r.score)
            for r in sorted(assessment.risks, key=lambda r: (-r.score, r.id))[:5]
        ],
    }


# ------------------------------------------------------------------------------ generation


def _recommended_staff(admitted: int) -> dict[str, int]:
    catalogue = mitigations()
    return {
        "stewards": math.ceil(
            admitted * catalogue["stewards"]["changes"]["stewards_per_1000"] / 1000
        ),
        "police": math.ceil(admitted * catalogue["police"]["changes"]["police_per_1000"] / 1000),
        "medical_posts": math.ceil(
            admitted * catalogue["medical_posts"]["changes"]["medical_posts_per_10000"] / 10000
        ),
    }


def _search(key: TabletopKey) -> tuple[Plan, float] | None:
    """A plan that meets every target but the budget (set from it): greedy over the measures."""
    brief = key.brief
    measures: set[str] = {"situation_centre", "public_information"}
    width = 0.0
    cap: int | None = None
    for _step in range(14):
        admitted = brief.attendance if cap is None else cap
        plan = _plan_of(brief, cap, width, measures, _recommended_staff(admitted))
        assessment = assess(planned_scenario(key, plan))
        met = targets_met(brief, assessment, 0.0)
        if all(met.values()):
            return plan, sum(plan_cost(brief, plan).values())
        if not met["wait"]:
            if "staggered_arrival" not in measures:
                measures.add("staggered_arrival")
                continue
            if "more_gates" not in measures:
                measures.add("more_gates")
                continue
        if not met["capacity"]:
            cap = min(assessment.capacity.final, brief.attendance)
            continue
        if not met["evacuation"] or not met["residual_risk"]:
            if "one_way_routes" not in measures:
                measures.add("one_way_routes")
                continue
            if width < 2.0:
                width += 1.0
                continue
            cap = int(assessment.scenario.admitted * 0.85)
            continue
        cap = int(assessment.scenario.admitted * 0.9)  # the wait still too long
    return None


def _plan_of(brief, cap, width, measures, staff) -> Plan:
    return Plan(
        admission_cap=cap,
        exit_width_added_m=width,
        stewards=staff["stewards"],
        police=staff["police"],
        medical_posts=staff["medical_posts"],
        measures=frozenset(measures),
        lead=None,
        tasks=frozenset(),
        officers=frozenset(),
        sequence=None,
        risk_owners=frozenset(),
        routes=frozenset(),
        algorithms=frozenset(),
        responses={},
    )


@lru_cache(maxsize=128)
def _design(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The language-free design of a brief: event inputs and the plan that meets the targets."""
    data = content()
    for attempt in range(30):
        rng = random.Random(f"tabletop:{seed}:{attempt}")
        venue_id = rng.choice(preset_ids())
        default_event, _ops = preset_defaults(venue_id)
        fire_risk = rng.choice(("low", "normal", "normal"))
        venue = _venue(venue_id, fire_risk)
        from simsuite.massevent.capacity import capacity

        kind = (
            default_event["kind"]
            if rng.random() < 0.7
            else rng.choice(("concert", "festival", "public_holiday", "sports_match"))
        )
        safe = capacity(venue, EventProfile(kind=kind, attendance=1)).final
        inputs = {
            "venue_id": venue_id,
            "fire_risk": fire_risk,
            "kind": kind,
            "attendance": int(round(safe * rng.uniform(0.95, 1.25), -2)),
            "arrival_window_min": float(rng.choice((60, 90, 120))),
            "arrival_curve": rng.choice(("normal", "late")),
            "duration_h": float(rng.choice((2, 3, 4))),
            "alcohol": rng.random() < 0.4,
            "weather": rng.choice(("fair", "hot", "rain", "storm")),
            "threat_level": rng.choices(
                ("low", "moderate", "substantial", "severe"), weights=(2, 4, 3, 1)
            )[0],
            "start_min": rng.choice((16 * 60, 18 * 60, 19 * 60, 20 * 60)),
            "day": rng.randint(1, 28),
            "month": rng.randint(4, 10),
        }
        stub = _stub_key(inputs, seed)
        base = assess(base_scenario(stub))
        before = targets_met(stub.brief, base, 0.0)
        if sum(not ok for name, ok in before.items() if name != "budget") < 2:
            continue  # an exercise needs something to fix
        found = _search(stub)
        if found is None:
            continue
        plan, cost = found
        inputs["budget"] = float(5 * math.ceil(cost * 1.2 / 5))
        solution = {
            "admission_cap": plan.admission_cap,
            "exit_width_added_m": plan.exit_width_added_m,
            "stewards": plan.stewards,
            "police": plan.police,
            "medical_posts": plan.medical_posts,
            "mitigations": set(plan.measures),
        }
        _ = data
        return inputs, solution
    raise RuntimeError(f"no feasible tabletop brief for seed {seed}")


def _stub_key(inputs: Mapping[str, Any], seed: int) -> TabletopKey:
    """A key with just what the models need (for the search, before the texts exist)."""
    targets = content()["targets"]
    venue = _venue(inputs["venue_id"], inputs["fire_risk"])
    brief = Brief(
        lang="en",
        title="",
        venue_id=inputs["venue_id"],
        venue_name=venue.name,
        city=venue.city,
        venue_description="",
        event_kind=inputs["kind"],
        event_label="",
        attendance=inputs["attendance"],
        start="",
        arrival_window_min=inputs["arrival_window_min"],
        duration_h=inputs["duration_h"],
        alcohol=inputs["alcohol"],
        weather=inputs["weather"],
        threat_level=inputs["threat_level"],
        threat_note="",
        fire_risk=inputs["fire_risk"],
        evacuation_target_min=venue.emergency_time_min(),
        max_wait_min=float(targets["max_wait_min"]["value"]),
        budget=float(inputs.get("budget", math.inf)),
        refund_per_1000=float(targets["refund_per_1000"]["value"]),
        zones=tuple((z.id, z.name) for z in venue.zones),
        exits=tuple((e.id, e.id, e.width) for e in venue.exits),
        gates=tuple((g.id, g.id) for g in venue.gates),
    )
    return TabletopKey(
        brief, seed, dict(inputs), {}, frozenset(), {}, frozenset(), frozenset(), frozenset(), {}
    )


def generate_tabletop(seed: int, lang: str = "en") -> tuple[Brief, TabletopKey]:
    """The brief (public) and the key for ``seed`` in ``lang``: a pure function of both."""
    inputs, solution = _design(seed)
    data = content()
    rng = random.Random(f"tabletop-texts:{seed}")
    with language(lang):
        stub = _stub_key(inputs, seed)
        venue = _venue(inputs["venue_id"], inputs["fire_risk"])
        base = assess(base_scenario(stub))
        as_planned = figures(base)
        names = hazard_names(lang)
        # part 1: tasks, shuffled
        tasks = list(data["tasks"])
        rng.shuffle(tasks)
        task_options = tuple(
            (t["id"], f"{agency_label(t['agency'], lang)}: {localized(t['text'], lang)}")
            for t in tasks
        )
        correct_tasks = frozenset(t["id"] for t in data["tasks"] if t["correct"])
        # part 2: one officer per agency (fictional), chosen by the seed
        officer_options = tuple(
            (f"{agency}", f"{rng.choice(people)} ({agency_label(agency, lang)})")
            for agency, people in data["officers"].items()
        )
        # part 3: the steps, shuffled (the trainee puts them in order)
        steps = list(data["sequence"])
        shown = steps[:]
        rng.shuffle(shown)
        # part 4: owners of the risks that matter here (medium or above) and the injects'
        from simsuite.massevent.risk import hazards

        owners = {h["id"]: h["owner"] for h in hazards()}
        relevant = sorted(
            {r.id for r in base.risks if level(r.score) != "low"}
            | {i["hazard"] for i in data["injects"]},
            key=lambda h: [x["id"] for x in hazards()].index(h),
        )
        owner_options = []
        for hazard in relevant:
            pair = [owners[hazard], data["wrong_owner"][hazard]]
            rng.shuffle(pair)
            owner_options += [
                (f"{hazard}:{agency}", f"{names[hazard]} → {agency_label(agency, lang)}")
                for agency in pair
            ]
        # part 5: evacuation routes; a gate (turnstiles, screening) is no evacuation route
        valid = frozenset(f"{r.zone}>{r.openings[-1]}" for r in routes(venue, "all"))
        zone_names = {z.id: z.name for z in venue.zones}
        exit_word, gate_word = _("exit"), _("gate")
        route_options = []
        for zone in venue.zones:
            for exit_ in venue.exits:
                opt = f"{zone.id}>{exit_.id}"
                if opt in valid and venue.opening_zones[exit_.id] == (zone.id,):
                    route_options.append((opt, f"{zone.name} → {exit_word} {exit_.id}"))
            for gate in venue.gates:
                if venue.opening_zones[gate.id] == (zone.id,):
                    route_options.append(
                        (f"{zone.id}>{gate.id}", f"{zone.name} → {gate_word} {gate.id}")
                    )
        # zones without an exit of their own reach one through passages
        own = {o.split(">")[0] for o, _label in route_options if o in valid}
        for r in routes(venue, "all"):
            if r.zone not in own:
                opt = f"{r.zone}>{r.openings[-1]}"
                if opt not in {o for o, _label in route_options}:
                    label = f"{zone_names[r.zone]} → {exit_word} {r.openings[-1]}"
                    route_options.append((opt, label + " " + _("(through a passage)")))
        from simsuite.massevent.egress import zone_occupants

        occupied = frozenset(z for z, n in zone_occupants(venue, 1000).items() if n > 0)
        # part 6: action algorithms: every hazard of the register
        # every risk above low, and the emergencies any mass event must be ready for
        standard = {i["hazard"] for i in data["injects"]}
        required = frozenset({r.id for r in base.risks if level(r.score) != "low"} | standard)
        algorithm_options = tuple((h["id"], names[h["id"]]) for h in hazards())
        injects = []
        for inject in data["injects"]:
            at = as_planned["peak_queue_at_min"] if inject["at"] == "peak_queue" else inject["at"]
            actions = list(inject["actions"])
            rng.shuffle(actions)
            injects.append(
                {
                    "id": inject["id"],
                    "at_min": float(at),
                    "clock": _clock(inputs["start_min"], float(at)),
                    "title": localized(inject["title"], lang),
                    "text": localized(inject["text"], lang),
                    "options": tuple((a["id"], localized(a["text"], lang)) for a in actions),
                }
            )
        injects.sort(key=lambda i: i["at_min"])
        agencies = tuple((a, agency_label(a, lang)) for a in data["agencies"])
        measures = tuple((m, localized(mitigations()[m]["name"], lang)) for m in MEASURES)
        title = _("{event} at {venue}").format(
            event=_(EVENT_KIND_LABELS[inputs["kind"]]).capitalize(), venue=place(venue.name)
        )
        brief = Brief(
            lang=lang,
            title=title,
            venue_id=venue.id,
            venue_name=place(venue.name),
            city=place(venue.city),
            venue_description=place(venue.description),
            event_kind=inputs["kind"],
            event_label=_(EVENT_KIND_LABELS[inputs["kind"]]),
            attendance=inputs["attendance"],
            start=_clock(inputs["start_min"], 0),
            arrival_window_min=inputs["arrival_window_min"],
            duration_h=inputs["duration_h"],
            alcohol=inputs["alcohol"],
            weather=inputs["weather"],
            threat_level=inputs["threat_level"],
            threat_note=localized(data["threat_notes"][inputs["threat_level"]], lang),
            fire_risk=inputs["fire_risk"],
            evacuation_target_min=venue.emergency_time_min(),
            max_wait_min=float(data["targets"]["max_wait_min"]["value"]),
            budget=inputs["budget"],
            refund_per_1000=float(data["targets"]["refund_per_1000"]["value"]),
            zones=tuple((z.id, z.name) for z in venue.zones),
            exits=tuple((e.id, e.id, e.width) for e in venue.exits),
            gates=tuple((g.id, g.id) for g in venue.gates),
            as_planned=as_planned,
            options={
                "mitigations": measures,
                "plan_lead": agencies,
                "plan_tasks": task_options,
                "plan_officers": officer_options,
                "plan_sequence": tuple((s["id"], localized(s["text"], lang)) for s in shown),
                "plan_risk_owners": tuple(owner_options),
                "plan_routes": tuple(route_options),
                "plan_algorithms": algorithm_options,
            },
            injects=tuple(injects),
        )
    task_agencies = {t["agency"] for t in data["tasks"] if t["correct"]}
    full_solution = {
        **solution,
        "plan_lead": data["lead"]["key"],
        "plan_tasks": set(correct_tasks),
        "plan_officers": {a for a, _label in officer_options if a in task_agencies},
        "plan_sequence": [s["id"] for s in steps],
        "plan_risk_owners": {f"{h}:{owners[h]}" for h in relevant},
        "plan_routes": {o for o, _label in route_options if o in valid},
        "plan_algorithms": set(required),
        **{
            f"response_{i['id']}": {a["id"] for a in i["actions"] if a["correct"]}
            for i in data["injects"]
        },
    }
    key = TabletopKey(
        brief=brief,
        seed=seed,
        event_inputs=dict(inputs),
        solution_answer=full_solution,
        correct_tasks=correct_tasks,
        owners={h: owners[h] for h in relevant},
        required_algorithms=required,
        valid_routes=valid,
        occupied_zones=occupied,
        sequence_phases={s["id"]: s["phase"] for s in steps},
    )
    return brief, key


def target_label(name: str) -> str:
    return _(TARGET_LABELS[name])


TARGET_LABELS = {
    "capacity": N_("Capacity"),
    "evacuation": N_("Evacuation time"),
    "wait": N_("Longest wait at the gates"),
    "residual_risk": N_("Residual risks"),
    "budget": N_("Budget"),
    "plan_lead": N_("Plan: who leads and coordinates"),
    "plan_tasks": N_("Plan part 1: tasks of each structure"),
    "plan_officers": N_("Plan part 2: responsible officers"),
    "plan_sequence": N_("Plan part 3: sequence of operations"),
    "plan_risk_owners": N_("Plan part 4: results of the risk analysis (owners)"),
    "plan_routes": N_("Plan part 5: evacuation routes"),
    "plan_algorithms": N_("Plan part 6: action algorithms for emergencies"),
}
