"""Check the macroscopic model against real experiments and against JuPedSim; calibrate it.

Two checks, two tables (``simsuite event validate``):

* **Real data** (:func:`validate_real`): the Jülich corridor runs measured with PedPy against the
  macroscopic model with its expected (width-dependent) flow and against JuPedSim with the
  settings matched to the same runs; bound +-15 % on the time for all to pass and the exit flow.
* **JuPedSim** (:func:`validate`): the validation geometries of ``data/reference_geometries.yaml``
  in both models (JuPedSim's reference settings, the macroscopic flows fitted to JuPedSim on the
  separate calibration geometries); bound +-20 % on the evacuation time. This checks the network
  formulation (routes, queues, passages), not the flow constants.

``calibrate_real()`` fits the expected flow law on the runs; ``calibrate()`` fits the JuPedSim
flows on the calibration geometries only. Each writes its own section of
``data/calibration.yaml``.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from simsuite.i18n import _
from simsuite.massevent import experiments
from simsuite.massevent.egress import EgressParams, evacuate, expected_params, jupedsim_params
from simsuite.massevent.micro import DESIRED_SPEED_MEAN, REAL_DATA, REFERENCE, run_jupedsim
from simsuite.massevent.model import EventProfile, Scenario, Venue, preset, venue_from_dict
from simsuite.yamlio import load_shipped

TOLERANCE = 0.20
REAL_TOLERANCE = 0.15


@lru_cache(maxsize=1)
def reference_geometries() -> dict:
    text = (
        resources.files("simsuite.massevent")
        .joinpath("data", "reference_geometries.yaml")
        .read_text("utf-8")
    )
    return load_shipped(text)


def _venues(group: str) -> list[tuple[Venue, int]]:
    out = []
    for i, item in enumerate(reference_geometries()[group]):
        if "preset" in item:
            venue = preset(item["preset"])
        else:
            venue = venue_from_dict(item["venue"], where=f"reference_geometries.yaml: {group}[{i}]")
        out.append((venue, int(item["agents"])))
    return out


def macro_time(
    venue: Venue, agents: int, params: EgressParams | None = None
) -> tuple[float, float]:
    """(evacuation time in s, wall time in s) of the macroscopic model."""
    scenario = Scenario(venue, EventProfile(kind="concert", attendance=agents))
    start = time.perf_counter()
    result = evacuate(scenario, params or jupedsim_params())
    return result.evacuation_time_s, time.perf_counter() - start


@dataclass(frozen=True)
class ValidationRow:
    geometry: str
    agents: int
    jupedsim_s: float
    macro_s: float
    jupedsim_wall_s: float
    macro_wall_s: float

    @property
    def deviation(self) -> float:
        return (self.macro_s - self.jupedsim_s) / self.jupedsim_s

    @property
    def ok(self) -> bool:
        return abs(self.deviation) <= TOLERANCE

    def to_dict(self) -> dict:
        return {
            "geometry": self.geometry,
            "agents": self.agents,
            "jupedsim_s": round(self.jupedsim_s, 1),
            "macro_s": round(self.macro_s, 1),
            "deviation_pct": round(100 * self.deviation, 1),
            "within_tolerance": self.ok,
            "speedup": round(self.jupedsim_wall_s / max(self.macro_wall_s, 1e-9)),
        }


def validate(seed: int = 1, only: tuple[str, ...] | None = None) -> list[ValidationRow]:
    rows = []
    params = jupedsim_params()
    for venue, agents in _venues("validation"):
        if only and venue.id not in only:
            continue
        micro = run_jupedsim(venue, agents, seed=seed, params=params, settings=REFERENCE)
        macro_s, macro_wall = macro_time(venue, agents, params)
        # time the macro model on a warm cache, as in the what-if loop
        macro_s, macro_wall = macro_time(venue, agents, params)
        rows.append(
            ValidationRow(
                venue.id, agents, micro.evacuation_time_s, macro_s, micro.wall_time_s, macro_wall
            )
        )
    return rows


@dataclass(frozen=True)
class RealRow:
    """One experiment: measured, the macroscopic model and JuPedSim, measured alike."""

    run: str
    label: str
    measured: experiments.PassageMeasure
    macro: experiments.PassageMeasure
    micro: experiments.MicroOutcome
    macro_wall_s: float

    @staticmethod
    def _err(model: float, real: float) -> float:
        return (model - real) / real

    def errors(self, which: str) -> tuple[float, float] | None:
        """(time, flow) relative errors of ``which`` ("macro" or "jupedsim")."""
        measure = self.macro if which == "macro" else self.micro.measure
        if measure is None:
            return None
        return (
            self._err(measure.time_to_pass_s, self.measured.time_to_pass_s),
            self._err(measure.exit_flow, self.measured.exit_flow),
        )

    def ok(self, which: str) -> bool:
        errors = self.errors(which)
        return errors is not None and all(abs(e) <= REAL_TOLERANCE for e in errors)

    def to_dict(self) -> dict:
        def errs(which):
            e = self.errors(which)
            return (
                None
                if e is None
                else {"time_pct": round(100 * e[0], 1), "flow_pct": round(100 * e[1], 1)}
            )

        return {
            "run": self.run,
            "exit": self.label,
            "measured": self.measured.to_dict(),
            "macro": self.macro.to_dict(),
            "macro_errors": errs("macro"),
            "macro_within_tolerance": self.ok("macro"),
            "jupedsim": self.micro.measure.to_dict() if self.micro.measure else None,
            "jupedsim_status": self.micro.status,
            "jupedsim_errors": errs("jupedsim"),
            "jupedsim_within_tolerance": self.ok("jupedsim"),
            "speedup": round(self.micro.wall_time_s / max(self.macro_wall_s, 1e-9))
            if self.micro.measure
            else None,
        }


def validate_real(
    seed: int = 1, micro: bool = True, only: tuple[str, ...] | None = None
) -> list[RealRow]:
    """The real runs against the macroscopic model (expected flows) and JuPedSim."""
    rows = []
    params = expected_params()
    for run in experiments.EXPERIMENTS:
        if only and run.id not in only:
            continue
        measured = experiments.measure(run.id)
        experiments.macro_measure(run.id, params)  # warm the geometry cache
        start = time.perf_counter()
        macro = experiments.macro_measure(run.id, params)
        wall = time.perf_counter() - start
        outcome = (
            experiments.jupedsim_measure(run.id, REAL_DATA, seed=seed)
            if micro
            else experiments.MicroOutcome(None, "not run")
        )
        rows.append(RealRow(run.id, run.label, measured, macro, outcome, wall))
    return rows


def format_real_table(rows: list[RealRow]) -> str:
    head = _(
        "| run | measured: time for all to pass (s) / exit flow (1/s) | macroscopic | error "
        "(time / flow) | JuPedSim | error (time / flow) | within ±15% |"
    )
    lines = [head, "|---|---|---|---|---|---|---|"]

    def cell(m) -> str:
        return f"{m.time_to_pass_s:.1f} / {m.exit_flow:.2f}" if m else "—"

    def err(row, which) -> str:
        e = row.errors(which)
        return f"{100 * e[0]:+.1f}% / {100 * e[1]:+.1f}%" if e else _(row.micro.status)

    for row in rows:
        verdict = _("yes") if row.ok("macro") else _("NO")
        if row.micro.status != "not run":
            verdict += " / " + (_("yes") if row.ok("jupedsim") else _("NO"))
        lines.append(
            f"| {row.run} ({row.label}) | {cell(row.measured)} | {cell(row.macro)} | "
            f"{err(row, 'macro')} | {cell(row.micro.measure)} | {err(row, 'jupedsim')} | "
            f"{verdict} |"
        )
    return "\n".join(lines)


def compare_jupedsim_models(seed: int = 1) -> list[dict]:
    """Every JuPedSim model (and the matched settings) on every real run: which clog."""
    from simsuite.massevent.micro import MODELS, MicroSettings

    candidates = [MicroSettings(model=m) for m in MODELS] + [REAL_DATA]
    out = []
    for settings in candidates:
        for run in experiments.EXPERIMENTS:
            outcome = experiments.jupedsim_measure(run.id, settings, seed=seed)
            measured = experiments.measure(run.id)
            row = {"settings": settings.label(), "run": run.id, "status": outcome.status}
            if outcome.measure:
                row["time_pct"] = round(
                    100 * (outcome.measure.time_to_pass_s / measured.time_to_pass_s - 1), 1
                )
                row["flow_pct"] = round(
                    100 * (outcome.measure.exit_flow / measured.exit_flow - 1), 1
                )
            else:
                row["left"] = outcome.left
            out.append(row)
    return out


def format_table(rows: list[ValidationRow]) -> str:
    head = _("| geometry | agents | JuPedSim (s) | macroscopic (s) | deviation | within ±20% |")
    lines = [head, "|---|---:|---:|---:|---:|---|"]
    yes, no = _("yes"), _("NO")
    for row in rows:
        d = row.to_dict()
        lines.append(
            f"| {d['geometry']} | {d['agents']} | {d['jupedsim_s']} | {d['macro_s']} | "
            f"{d['deviation_pct']:+.1f}% | {yes if row.ok else no} |"
        )
    return "\n".join(lines)


def calibrate(seed: int = 7) -> dict:
    """Fit the macroscopic flows on the calibration geometries (never the validation ones).

    Stage 1 fits the exit specific flow and boundary layer on geometries without passages;
    stage 2 fits the passage specific flow on geometries with one passage, exits fixed.
    """
    exits_only, with_passages = [], []
    for venue, agents in _venues("calibration"):
        micro = run_jupedsim(venue, agents, seed=seed)
        (with_passages if venue.passages else exits_only).append(
            (venue, agents, micro.evacuation_time_s)
        )

    def error(cases, params) -> float:
        return sum(((macro_time(v, n, params)[0] - t) / t) ** 2 for v, n, t in cases)

    candidates = [
        EgressParams(
            free_speed=DESIRED_SPEED_MEAN, specific_flow=fs100 / 100, boundary_layer=bl100 / 100
        )
        for bl100 in range(0, 16, 5)
        for fs100 in range(100, 201, 2)
    ]
    params = min(candidates, key=lambda p: error(exits_only, p))
    params = min(
        (replace(params, passage_flow=pf100 / 100) for pf100 in range(60, 201, 2)),
        key=lambda p: error(with_passages, p),
    )
    return {
        "note": "Fitted by simsuite.massevent.validation.calibrate on the calibration geometries "
        "of reference_geometries.yaml (never on the validation geometries). JuPedSim "
        "CollisionFreeSpeedModel, radius 0.2 m, desired speed N(1.34, 0.1) m/s, dt 0.05 s, "
        f"seed {seed}.",
        "verified": False,
        "cases": [
            {
                "geometry": v.id,
                "agents": n,
                "jupedsim_s": round(t, 2),
                "macro_s": round(macro_time(v, n, params)[0], 2),
            }
            for v, n, t in exits_only + with_passages
        ],
        "parameters": {
            "free_speed": {
                "value": params.free_speed,
                "unit": "m/s",
                "source": "mean desired speed of the JuPedSim agents",
            },
            "specific_flow": {
                "value": params.specific_flow,
                "unit": "persons/m/s",
                "source": "least-squares fit of relative evacuation-time error, "
                "geometries without passages",
            },
            "boundary_layer": {
                "value": params.boundary_layer,
                "unit": "m",
                "source": "least-squares fit, grid 0-0.15 m",
            },
            "passage_flow": {
                "value": params.passage_flow,
                "unit": "persons/m/s",
                "source": "least-squares fit on geometries with one passage",
            },
        },
    }


def calibrate_real() -> dict:
    """Fit the expected flow law ``J = a w + c`` on the real runs (PedPy measures)."""
    a, c, measured = experiments.fit_specific_flow()
    params = EgressParams(free_speed=DESIRED_SPEED_MEAN, flow_law="width", flow_a=a, flow_c=c)
    runs = []
    for run in experiments.EXPERIMENTS:
        macro = experiments.macro_measure(run.id, params)
        # leave one out: fitted on the other two runs, predicting this one
        others = tuple(r.exit_width for r in experiments.EXPERIMENTS if r is not run)
        a1, c1, _m = experiments.fit_specific_flow(others)
        loo = experiments.macro_measure(
            run.id,
            EgressParams(free_speed=DESIRED_SPEED_MEAN, flow_law="width", flow_a=a1, flow_c=c1),
        )
        runs.append(
            {
                "run": run.id,
                "exit_width_m": run.exit_width,
                "measured": measured[run.id].to_dict(),
                "macro": macro.to_dict(),
                "leave_one_out_macro": loo.to_dict(),
            }
        )
    return {
        "note": "Fitted by simsuite.massevent.validation.calibrate_real on the three Jülich "
        "uni-directional corridor runs (data/experiments), exit flows measured with PedPy "
        "between the 10 % and 90 % crossing; least squares of the relative flow error.",
        "source": experiments.SOURCE,
        "verified": True,
        "parameters": {
            "free_speed": {
                "value": DESIRED_SPEED_MEAN,
                "unit": "m/s",
                "source": "mean free walking speed (Weidmann 1993: 1.34 m/s)",
            },
            "flow_a": {
                "value": round(a, 4),
                "unit": "persons/m/s",
                "source": "least-squares fit, J = a w + c",
            },
            "flow_c": {
                "value": round(c, 4),
                "unit": "persons/s",
                "source": "least-squares fit, J = a w + c",
            },
            "flow_width_min": {
                "value": 0.7,
                "unit": "m",
                "source": "narrowest exit measured; narrower openings get its specific flow",
            },
            "flow_width_max": {
                "value": 1.8,
                "unit": "m",
                "source": "widest exit measured; wider openings get its specific flow (flow "
                "proportional to width), never an extrapolation of the fit",
            },
        },
        "runs": runs,
    }


def _write_section(name: str, section: dict) -> None:
    path = Path(__file__).parent / "data" / "calibration.yaml"
    data = load_shipped(path.read_text(encoding="utf-8"))
    data[name] = section
    path.write_text(
        "# Generated by: python -m simsuite.massevent.validation calibrate|calibrate-real --write\n"
        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Calibrate the macroscopic egress model.")
    parser.add_argument("action", choices=["calibrate", "calibrate-real", "compare-models"])
    parser.add_argument("--write", action="store_true", help="write data/calibration.yaml")
    args = parser.parse_args(argv)
    if args.action == "compare-models":
        print(yaml.safe_dump(compare_jupedsim_models(), sort_keys=False, allow_unicode=True))
        return 0
    name, result = (
        ("jupedsim", calibrate()) if args.action == "calibrate" else ("real_data", calibrate_real())
    )
    if args.write:
        _write_section(name, result)
    print(yaml.safe_dump(result, sort_keys=False, allow_unicode=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
