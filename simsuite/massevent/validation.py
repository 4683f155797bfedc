"""Check the macroscopic model against JuPedSim, and calibrate it on other geometries.

``validate()`` runs the validation geometries of ``data/reference_geometries.yaml`` in both
models and reports the relative difference of the evacuation times; the tolerance is +-20%.
``calibrate()`` fits the macroscopic specific flow and boundary layer on the *calibration*
geometries only and writes ``data/calibration.yaml``.
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
from simsuite.massevent.egress import EgressParams, calibrated_params, evacuate
from simsuite.massevent.micro import DESIRED_SPEED_MEAN, run_jupedsim
from simsuite.massevent.model import EventProfile, Scenario, Venue, preset, venue_from_dict

TOLERANCE = 0.20


@lru_cache(maxsize=1)
def reference_geometries() -> dict:
    text = (
        resources.files("simsuite.massevent")
        .joinpath("data", "reference_geometries.yaml")
        .read_text("utf-8")
    )
    return yaml.safe_load(text)


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
    result = evacuate(scenario, params or calibrated_params())
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
    params = calibrated_params()
    for venue, agents in _venues("validation"):
        if only and venue.id not in only:
            continue
        micro = run_jupedsim(venue, agents, seed=seed, params=params)
        macro_s, macro_wall = macro_time(venue, agents, params)
        # time the macro model on a warm cache, as in the what-if loop
        macro_s, macro_wall = macro_time(venue, agents, params)
        rows.append(
            ValidationRow(
                venue.id, agents, micro.evacuation_time_s, macro_s, micro.wall_time_s, macro_wall
            )
        )
    return rows


def format_table(rows: list[ValidationRow]) -> str:
    head = _("| geometry | agents | JuPedSim (s) | macroscopic (s) | deviation | within ±20% |")
    lines = [head, "|---|---:|---:|---:|---:|---|"]
    for row in rows:
        d = row.to_dict()
        lines.append(
            f"| {d['geometry']} | {d['agents']} | {d['jupedsim_s']} | {d['macro_s']} | "
            f"{d['deviation_pct']:+.1f}% | {_('yes') if row.ok else _('NO')} |"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Calibrate the macroscopic egress model.")
    parser.add_argument("action", choices=["calibrate"])
    parser.add_argument("--write", action="store_true", help="write data/calibration.yaml")
    args = parser.parse_args(argv)
    result = calibrate()
    text = yaml.safe_dump(result, sort_keys=False, allow_unicode=True)
    if args.write:
        path = Path(__file__).parent / "data" / "calibration.yaml"
        path.write_text(
            "# Generated by: python -m simsuite.massevent.validation calibrate --write\n" + text,
            encoding="utf-8",
        )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
