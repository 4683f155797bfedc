"""Microscopic verification run with JuPedSim (collision-free speed model).

The venue's zones become one walkable polygon; shared zone edges are walls except where a
passage is; each exit gets a 1 m stub outside the venue, as wide as its clear width, ending in
an exit stage. Agents start uniformly in the zones (same head count per zone as the
macroscopic model) and head for the exit the shared assignment rule gives them; JuPedSim's
routing engine finds the way through passages. The density map is the highest head count per
grid cell over the run (sampled every simulated second) divided by the cell area.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import jupedsim as jps
import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from simsuite.massevent.egress import EgressParams, assign, zone_occupants
from simsuite.massevent.model import Opening, Venue

AGENT_RADIUS = 0.2
DESIRED_SPEED_MEAN = 1.34
DESIRED_SPEED_SD = 0.1

#: JuPedSim's operational models as this project runs them (``docs/massevent.md`` compares
#: them on the real experiments). Each entry: the model and how one agent is described.
MODELS = (
    "collision_free_speed",
    "anticipation_velocity",
    "generalized_centrifugal_force",
    "social_force",
)


@dataclass(frozen=True)
class MicroSettings:
    """Which JuPedSim model runs, with the agent's body radius and time gap (where used)."""

    model: str = "collision_free_speed"
    radius: float = AGENT_RADIUS
    time_gap: float = 1.0

    def label(self) -> str:
        return f"{self.model} (radius {self.radius:g} m, time gap {self.time_gap:g} s)"


#: JuPedSim's defaults: the reference for checking the macroscopic network formulation on the
#: validation geometries (their exits are 1.2 m or wider, where these settings do not clog).
REFERENCE = MicroSettings()
#: Matched to the real Jülich runs (``docs/massevent.md``): with the defaults the flows are
#: 22-31 % low and the 0.7 m exit clogs; with a 0.15 m radius and a 0.8 s time gap every run is
#: within 15 % and none clogs. The other models of JuPedSim clog or fail on the same runs.
REAL_DATA = MicroSettings(radius=0.15, time_gap=0.8)


def _model(name: str):
    if name == "collision_free_speed":
        return jps.CollisionFreeSpeedModel()
    if name == "anticipation_velocity":
        return jps.AnticipationVelocityModel(rng_seed=1)
    if name == "generalized_centrifugal_force":
        return jps.GeneralizedCentrifugalForceModel()
    if name == "social_force":
        return jps.SocialForceModel()
    raise ValueError(f"unknown JuPedSim model {name!r}; known: {', '.join(MODELS)}")


def _agent(settings: MicroSettings, position, journey_id: int, stage_id: int, speed: float):
    common = {"position": position, "journey_id": journey_id, "stage_id": stage_id}
    name, radius = settings.model, settings.radius
    if name == "collision_free_speed":
        return jps.CollisionFreeSpeedModelAgentParameters(
            **common, desired_speed=speed, radius=radius, time_gap=settings.time_gap
        )
    if name == "anticipation_velocity":
        return jps.AnticipationVelocityModelAgentParameters(
            **common, desired_speed=speed, radius=radius, time_gap=settings.time_gap
        )
    if name == "generalized_centrifugal_force":
        return jps.GeneralizedCentrifugalForceModelAgentParameters(**common, desired_speed=speed)
    return jps.SocialForceModelAgentParameters(**common, desired_speed=speed, radius=radius)


@dataclass(frozen=True)
class MicroResult:
    evacuation_time_s: float
    exit_times: np.ndarray  # time each agent left, sorted
    agents: int
    wall_time_s: float
    density_grid: np.ndarray | None = None  # max persons/m2 per cell over the run
    grid_extent: tuple[float, float, float, float] | None = None
    completed: bool = True

    def evacuation_curve(self) -> tuple[np.ndarray, np.ndarray]:
        return self.exit_times, np.arange(1, len(self.exit_times) + 1)


def _stub(opening: Opening, venue: Venue, depth: float = 1.0) -> tuple[Polygon, Polygon]:
    """A short corridor outside the venue behind an exit, and the exit stage at its end."""
    (x1, y1), (x2, y2) = opening.coords
    mx, my = opening.midpoint
    length = math.dist((x1, y1), (x2, y2))
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    probe = Point(mx + nx * 0.1, my + ny * 0.1)
    if venue.outline.contains(probe):
        nx, ny = -nx, -ny  # make the normal point outwards
    half = opening.width / 2
    a = (mx - ux * half, my - uy * half)
    b = (mx + ux * half, my + uy * half)

    def quad(d0: float, d1: float) -> Polygon:
        return Polygon(
            [
                (a[0] + nx * d0, a[1] + ny * d0),
                (b[0] + nx * d0, b[1] + ny * d0),
                (b[0] + nx * d1, b[1] + ny * d1),
                (a[0] + nx * d1, a[1] + ny * d1),
            ]
        )

    return quad(-0.01, depth), quad(depth * 0.6, depth)


def walkable_geometry(venue: Venue, exits: tuple[Opening, ...]) -> tuple[Polygon, dict]:
    area = venue.walkable
    walls = []
    zones = venue.zones
    for i, za in enumerate(zones):
        for zb in zones[i + 1 :]:
            shared = za.polygon.boundary.intersection(zb.polygon.boundary)
            if shared.is_empty or shared.length == 0:
                continue
            for passage in venue.passages:
                if set(venue.opening_zones[passage.id]) == {za.id, zb.id}:
                    mx, my = passage.midpoint
                    (x1, y1), (x2, y2) = passage.coords
                    ln = math.dist((x1, y1), (x2, y2))
                    ux, uy = (x2 - x1) / ln, (y2 - y1) / ln
                    h = passage.width / 2
                    gap = LineString([(mx - ux * h, my - uy * h), (mx + ux * h, my + uy * h)])
                    shared = shared.difference(gap.buffer(0.01, cap_style="flat"))
            walls.append(shared.buffer(0.1, cap_style="flat"))
    if walls:
        area = area.difference(shapely.union_all(walls))
    stages = {}
    for opening in exits:
        stub, stage = _stub(opening, venue)
        area = area.union(stub)
        stages[opening.id] = stage
    if area.geom_type == "MultiPolygon":
        area = max(area.geoms, key=lambda g: g.area)
    return shapely.make_valid(area).buffer(0), stages


def run_jupedsim(
    venue: Venue,
    agents: int,
    *,
    seed: int = 1,
    params: EgressParams | None = None,
    dt: float = 0.05,
    max_time: float = 1800.0,
    density_cell: float | None = None,
    settings: MicroSettings = REFERENCE,
) -> MicroResult:
    """Evacuate ``agents`` people from ``venue`` in JuPedSim; returns times and a density map."""
    import time

    params = params or EgressParams()
    exits = tuple(e for e in venue.exits if params.use == "all" or e.use == "normal")
    geometry, stage_polys = walkable_geometry(venue, exits)
    sim = jps.Simulation(model=_model(settings.model), geometry=geometry, dt=dt)
    stage_ids = {oid: sim.add_exit_stage(poly) for oid, poly in stage_polys.items()}
    counts = zone_occupants(venue, agents)
    rng = np.random.default_rng(seed)
    positions, zone_of = [], []
    for k, zone in enumerate(venue.zones):
        if counts[zone.id] == 0:
            continue
        poly = venue.zone_walkable[zone.id].intersection(geometry)
        if poly.geom_type != "Polygon":
            poly = max(poly.geoms, key=lambda g: g.area)
        pts = jps.distribute_by_number(
            polygon=poly,
            number_of_agents=counts[zone.id],
            distance_to_agents=0.45,
            distance_to_polygon=0.25,
            seed=seed * 100 + k,
        )
        positions.extend(pts)
        zone_of.extend([zone.id] * len(pts))
    points = np.array(positions, dtype=float)
    zone_arr = np.array(zone_of, dtype=object)
    choice, rts, _first = assign(venue, zone_arr, points, np.ones(len(points)), params)
    journeys = {}
    for r in np.unique(choice):
        # JuPedSim's routing engine takes the geodesic path through the passages itself;
        # waypoints would funnel everyone onto one point behind a passage.
        exit_stage = stage_ids[rts[int(r)].openings[-1]]
        journeys[int(r)] = (sim.add_journey(jps.JourneyDescription([exit_stage])), exit_stage)
    speeds = np.clip(rng.normal(DESIRED_SPEED_MEAN, DESIRED_SPEED_SD, len(points)), 0.8, 1.8)
    for pos, r, speed in zip(points, choice, speeds, strict=True):
        jid, sid = journeys[int(r)]
        sim.add_agent(_agent(settings, (float(pos[0]), float(pos[1])), jid, sid, float(speed)))
    minx, miny, maxx, maxy = venue.outline.bounds
    cell = density_cell or max(1.0, math.sqrt(venue.outline.area / 400))
    nx_, ny_ = (
        max(1, int(math.ceil((maxx - minx) / cell))),
        max(1, int(math.ceil((maxy - miny) / cell))),
    )
    density = np.zeros((ny_, nx_))
    exit_times = []
    start = time.perf_counter()
    sample_every = max(1, int(round(1.0 / dt)))
    remaining = sim.agent_count()
    while sim.agent_count() > 0 and sim.elapsed_time() < max_time:
        sim.iterate()
        now = sim.agent_count()
        if now < remaining:
            exit_times.extend([sim.elapsed_time()] * (remaining - now))
            remaining = now
        if sim.iteration_count() % sample_every == 0:
            xy = np.array([a.position for a in sim.agents()])
            if len(xy):
                h, _, _ = np.histogram2d(
                    xy[:, 1],
                    xy[:, 0],
                    bins=(ny_, nx_),
                    range=((miny, miny + ny_ * cell), (minx, minx + nx_ * cell)),
                )
                density = np.maximum(density, h / (cell * cell))
    wall = time.perf_counter() - start
    completed = sim.agent_count() == 0
    return MicroResult(
        evacuation_time_s=float(sim.elapsed_time()),
        exit_times=np.array(exit_times),
        agents=len(points),
        wall_time_s=wall,
        density_grid=density,
        grid_extent=(minx, minx + nx_ * cell, miny, miny + ny_ * cell),
        completed=completed,
    )


def bounding_box(venue: Venue) -> Polygon:
    return box(*venue.outline.bounds)
