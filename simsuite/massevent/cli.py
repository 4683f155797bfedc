"""``simsuite event capacity|simulate|validate|plan``: JSON on stdout, exit 2 on bad input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any

from simsuite.errors import UserInputError
from simsuite.i18n import _


def _whole_number(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high``, else a one-line error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("must be a whole number from {low} to {high}, not {text!r}").format(
                    low=low, high=high, text=text
                )
            )
        return value

    return parse


#: What numpy's random generators accept as a seed.
SEED_RANGE = (0, 2**32 - 1)
#: Agents of a JuPedSim run (--micro).
AGENTS_RANGE = (1, 5000)


def _ids(text: str | None, option: str, allowed: str) -> tuple[str, ...] | None:
    """The comma-separated ids of an option (None when it is not given); none at all is an
    error, so that ``--only ''`` does not silently mean everything."""
    if text is None:
        return None
    ids = tuple(part.strip() for part in text.split(",") if part.strip())
    if not ids:
        raise UserInputError(_("no ids given."), where=option, allowed=allowed)
    return ids


def _add_scenario_args(parser: argparse.ArgumentParser) -> None:
    from simsuite.massevent.model import EVENT_KINDS, THREAT_LEVELS, WEATHER

    src = parser.add_mutually_exclusive_group()
    src.add_argument("--venue", help=_("venue preset id (see 'simsuite event capacity --list')"))
    src.add_argument("--venue-file", help=_("venue file (YAML or JSON, see docs/massevent.md)"))
    src.add_argument("--scenario", help=_("scenario file with venue, event and operations"))
    src.add_argument(
        "--generate",
        type=int,
        metavar="SEED",
        help=_("generate an exercise scenario from this seed"),
    )
    # read as text and checked by the model's rule, so a bad figure gets the one-line error
    parser.add_argument("--attendance", help=_("expected attendance (a whole number)"))
    parser.add_argument("--kind", choices=EVENT_KINDS, help=_("type of event"))
    parser.add_argument("--threat-level", choices=THREAT_LEVELS, help=_("threat level"))
    parser.add_argument("--weather", choices=WEATHER, help=_("weather"))
    parser.add_argument("--alcohol", choices=("yes", "no"), help=_("alcohol served"))
    parser.add_argument("--list", action="store_true", help=_("list venue presets and exit"))


def _scenario(args: argparse.Namespace):
    from simsuite.massevent.generator import generate_scenario
    from simsuite.massevent.model import (
        Scenario,
        check_attendance,
        event_from_dict,
        load_venue_file,
        load_yaml,
        operations_from_dict,
        preset,
        preset_defaults,
        venue_from_dict,
    )

    event: dict[str, Any]
    ops: dict[str, Any]
    if args.generate is not None:
        base = generate_scenario(args.generate, args.venue)
        import dataclasses

        venue = base.venue
        event = dataclasses.asdict(base.event)
        ops = {
            k: v
            for k, v in dataclasses.asdict(base.operations).items()
            if k
            in ("stewards", "police", "medical_posts", "situation_centre", "public_information")
        }
    elif args.scenario:
        data = load_yaml(args.scenario)
        name = args.scenario.rsplit("/", 1)[-1]
        if not isinstance(data, Mapping):
            raise UserInputError(_("expected a mapping with venue, event, operations."), where=name)
        raw_venue = data.get("venue")
        if isinstance(raw_venue, str):
            venue = preset(raw_venue)
        else:
            venue = venue_from_dict(raw_venue, where=f"{name}: venue")
        event = dict(data.get("event") or {})
        ops = dict(data.get("operations") or {})
    elif args.venue_file:
        venue = load_venue_file(args.venue_file)
        event, ops = {"kind": "concert", "attendance": 0}, {}
    else:
        vid = "zarbuloq-stadium" if args.venue is None else args.venue
        venue = preset(vid)
        event, ops = preset_defaults(vid)
    if args.attendance is not None:
        text = args.attendance.strip().replace("_", "")
        digits = text[1:] if text[:1] in "+-" else text
        event["attendance"] = int(text) if digits.isdigit() and len(digits) < 400 else text
        check_attendance(event["attendance"], "--attendance")
    if args.kind:
        event["kind"] = args.kind
    if args.threat_level:
        event["threat_level"] = args.threat_level
    if args.weather:
        event["weather"] = args.weather
    if args.alcohol:
        event["alcohol"] = args.alcohol == "yes"
    event.setdefault("kind", "concert")
    if "attendance" not in event:
        raise UserInputError(_("no attendance given."), where="--attendance")
    return Scenario(
        venue,
        event_from_dict(event, where="event"),
        operations_from_dict(ops, where="operations"),
        seed=args.generate or 0,
    )


def _print(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def _list_presets() -> int:
    from simsuite.massevent.model import preset, preset_ids

    _print([{"id": v, "name": preset(v).name, "city": preset(v).city} for v in preset_ids()])
    return 0


def cmd_capacity(args: argparse.Namespace) -> int:
    if args.list:
        return _list_presets()
    from simsuite.massevent.capacity import scenario_capacity

    scenario = _scenario(args)
    result = scenario_capacity(scenario).to_dict()
    result["venue"] = scenario.venue.id
    result["attendance"] = scenario.event.attendance
    result["over_capacity"] = scenario.event.attendance > result["final"]
    _print(result)
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    if args.list:
        return _list_presets()
    from simsuite.massevent.risk import check_mitigations, mitigations, what_if

    scenario = _scenario(args)
    mits = check_mitigations(_ids(args.mitigate, "--mitigate", ", ".join(mitigations())) or ())
    result = what_if(scenario, mits)
    out: dict[str, Any] = {"before": result["before"].to_dict()}
    if mits:
        out["mitigations"] = list(mits)
        out["cost"] = result["cost"]
        out["after"] = result["after"].to_dict()
    if args.micro:
        from simsuite.massevent.micro import run_jupedsim

        micro = run_jupedsim(scenario.venue, args.agents, seed=args.seed)
        out["jupedsim"] = {
            "agents": micro.agents,
            "evacuation_time_s": round(micro.evacuation_time_s, 2),
            "completed": micro.completed,
            "wall_time_s": round(micro.wall_time_s, 2),
        }
    if args.plot:
        from simsuite.massevent import plots

        try:
            out["plots"] = plots.save_all(result, args.plot)
        except OSError as error:
            raise UserInputError(
                _("cannot write the plots ({reason}).").format(
                    reason=error.strerror or type(error).__name__
                ),
                where="--plot",
                allowed=_("a folder you can write to"),
            ) from None
    _print(out)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from simsuite.massevent.experiments import EXPERIMENTS
    from simsuite.massevent.validation import (
        REAL_TOLERANCE,
        TOLERANCE,
        format_real_table,
        format_table,
        reference_geometries,
        validate,
        validate_real,
    )

    geometries = [g.get("preset") or g["venue"]["id"] for g in reference_geometries()["validation"]]
    runs = [r.id for r in EXPERIMENTS]
    only = _ids(args.only, "--only", ", ".join(geometries + runs))
    unknown = sorted(set(only or ()) - set(geometries) - set(runs))
    if unknown:
        raise UserInputError(
            _("unknown geometry or run: {names}.").format(names=", ".join(unknown)),
            where="--only",
            allowed=", ".join(geometries + runs),
        )
    rows = validate(seed=args.seed, only=only) if not only or set(only) & set(geometries) else []
    real = validate_real(seed=args.seed, only=only) if not only or set(only) & set(runs) else []
    ok_real = all(r.ok("macro") and r.ok("jupedsim") for r in real)
    ok = ok_real and all(r.ok for r in rows)
    if args.json:
        _print(
            {
                "real_data": {
                    "tolerance": REAL_TOLERANCE,
                    "rows": [r.to_dict() for r in real],
                    "ok": ok_real,
                },
                "jupedsim": {
                    "tolerance": TOLERANCE,
                    "rows": [r.to_dict() for r in rows],
                    "ok": all(r.ok for r in rows),
                },
                "ok": ok,
            }
        )
    else:
        parts = []
        if real:
            title = _("Real experiments (Jülich corridor, measured with PedPy)")
            parts.append(f"## {title}\n\n{format_real_table(real)}\n")
        if rows:
            title = _("Macroscopic model against JuPedSim")
            parts.append(f"## {title}\n\n{format_table(rows)}\n")
        sys.stdout.write("\n".join(parts))
    return 0 if ok else 1


def cmd_plan(args: argparse.Namespace) -> int:
    from simsuite.massevent.model import (
        Scenario,
        event_from_dict,
        load_yaml,
        operations_from_dict,
        preset,
        preset_defaults,
        venue_from_dict,
    )
    from simsuite.massevent.plan import evaluate_plan, plan_from_dict

    data = load_yaml(args.file, where=args.file)
    name = args.file.rsplit("/", 1)[-1]
    if not isinstance(data, Mapping) or "plan" not in data or "venue" not in data:
        raise UserInputError(
            _("a plan file needs 'venue' and 'plan' (and may have 'event', 'operations')."),
            where=name,
        )
    if isinstance(data["venue"], str):
        venue = preset(data["venue"])
        event, ops = preset_defaults(data["venue"])
    else:
        venue = venue_from_dict(data["venue"], where=f"{name}: venue")
        event, ops = {}, {}
    event.update(data.get("event") or {})
    ops.update(data.get("operations") or {})
    scenario = Scenario(
        venue,
        event_from_dict(event, where=f"{name}: event"),
        operations_from_dict(ops, where=f"{name}: operations"),
    )
    plan = plan_from_dict(data["plan"], where=f"{name}: plan")
    result = evaluate_plan(plan, scenario)
    if not args.full:
        result.pop("residual")
    _print(result)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    event = subparsers.add_parser(
        "event", help=_("mass-event capacity, crowd simulation, validation and plans")
    )
    sub = event.add_subparsers(dest="event_command", metavar="ACTION")
    sub.required = True
    cap = sub.add_parser("capacity", help=_("Green Guide capacity with the limiting factor"))
    _add_scenario_args(cap)
    cap.set_defaults(handler=cmd_capacity)
    sim = sub.add_parser("simulate", help=_("ingress, evacuation and risk register (what-if)"))
    _add_scenario_args(sim)
    sim.add_argument("--mitigate", help=_("comma-separated mitigation ids"))
    sim.add_argument("--micro", action="store_true", help=_("also run JuPedSim (slow)"))
    sim.add_argument(
        "--agents", type=_whole_number(*AGENTS_RANGE), default=500, help=_("agents for --micro")
    )
    sim.add_argument(
        "--seed", type=_whole_number(*SEED_RANGE), default=1, help=_("seed for --micro")
    )
    sim.add_argument("--plot", metavar="DIR", help=_("write PNG plots to this folder"))
    sim.set_defaults(handler=cmd_simulate)
    val = sub.add_parser(
        "validate",
        help=_("crowd model against real experiments (±15%%) and JuPedSim (±20%%)"),
    )
    val.add_argument("--json", action="store_true", help=_("JSON instead of a table"))
    val.add_argument("--only", help=_("comma-separated geometry or run ids"))
    val.add_argument("--seed", type=_whole_number(*SEED_RANGE), default=1)
    val.set_defaults(handler=cmd_validate)
    pln = sub.add_parser("plan", help=_("evaluate a unified tactical-coordination plan"))
    pln.add_argument("file", help=_("plan file (YAML)"))
    pln.add_argument("--full", action="store_true", help=_("include the residual assessment"))
    pln.set_defaults(handler=cmd_plan)
