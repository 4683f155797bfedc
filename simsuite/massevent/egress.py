"""Fast macroscopic egress and evacuation: a network of point queues (a hydraulic model).

People start spread over the zones; each walks at the free speed to the first opening of its
route (passages, then an exit), where a queue forms if arrivals exceed the opening's flow
capacity ``specific_flow * effective width``. Departures from one opening arrive at the next
after the walking time between them. Cumulative curves make each queue a closed form:
``D(t) = C t + min_{s<=t} (A(s) - C s)``. Queues are first in, first out.

Three parameter sets, one model (``docs/massevent.md``, "Two flow rates"):

* :func:`expected_params`: the *expected* times. The specific flow depends on the opening's
  width, ``q(w) = a + c / w`` (flow ``J = a w + c``), fitted on real experiments (the Jülich
  corridor runs, measured with PedPy; :mod:`simsuite.massevent.experiments`).
* :func:`design_params`: the Green Guide design rate (82 persons/m/min on the level), the
  regulator's conservative figure, for a time "at design rates" beside the expected one.
* :func:`jupedsim_params`: the flows fitted to JuPedSim on the calibration geometries, used only
  to check the network formulation (routes, queues, passages) against JuPedSim.
"""

from __future__ import annotations

import graphlib
import heapq
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import numpy as np
import shapely

from simsuite.massevent.los import fruin_level
from simsuite.massevent.model import Opening, Scenario, Venue, std
from simsuite.yamlio import load_shipped


@dataclass(frozen=True)
class EgressParams:
    free_speed: float = 1.34  # m/s
    specific_flow: float = 1.35  # persons per metre of effective width per second
    boundary_layer: float = 0.0  # m lost on each side of an opening
    passage_flow: float = 1.35  # persons per metre per second through an internal passage
    flow_factor: float = 1.0  # multiplies every opening's capacity (mitigations, alcohol)
    exit_width_per_exit: float = 0.0  # m added to every exit (mitigation "wider exits")
    use: str = "all"  # "all" exits (emergency evacuation) or "normal" exits only
    points_per_zone: int = 160
    #: "constant": ``specific_flow`` (exits) and ``passage_flow`` (passages); "width":
    #: ``flow_a + flow_c / w`` for every opening, w clipped to ``flow_width_min`` below
    flow_law: str = "constant"
    flow_a: float = 0.0
    flow_c: float = 0.0
    flow_width_min: float = 0.7
    flow_width_max: float = 1.8

    def specific(self, opening: Opening, width: float) -> float:
        """Persons per metre of effective width per second through ``opening``.

        The width law holds inside the measured range; outside it the specific flow of the
        nearest measured width is used (flow proportional to width), never an extrapolation.
        """
        if self.flow_law == "width":
            clipped = min(max(width, self.flow_width_min), self.flow_width_max)
            return self.flow_a + self.flow_c / clipped
        return self.passage_flow if opening.kind == "passage" else self.specific_flow


@lru_cache(maxsize=1)
def calibration() -> dict:
    text = (
        resources.files("simsuite.massevent")
        .joinpath("data", "calibration.yaml")
        .read_text("utf-8")
    )
    return load_shipped(text)


def jupedsim_params(**overrides) -> EgressParams:
    """Flows fitted to JuPedSim (calibration geometries): for the check against JuPedSim."""
    fitted = calibration()["jupedsim"]["parameters"]
    base = {
        "free_speed": float(fitted["free_speed"]["value"]),
        "specific_flow": float(fitted["specific_flow"]["value"]),
        "boundary_layer": float(fitted["boundary_layer"]["value"]),
        "passage_flow": float(fitted["passage_flow"]["value"]),
    }
    base.update(overrides)
    return EgressParams(**base)


def expected_params(**overrides) -> EgressParams:
    """The expected model: specific flow by width, fitted on real experiments."""
    fitted = calibration()["real_data"]["parameters"]
    base = {
        "free_speed": float(fitted["free_speed"]["value"]),
        "flow_law": "width",
        "flow_a": float(fitted["flow_a"]["value"]),
        "flow_c": float(fitted["flow_c"]["value"]),
        "flow_width_min": float(fitted["flow_width_min"]["value"]),
        "flow_width_max": float(fitted["flow_width_max"]["value"]),
    }
    base.update(overrides)
    return EgressParams(**base)


def design_params(**overrides) -> EgressParams:
    """Green Guide design rate (82 persons/m/min level; stairs and alcohol factors as usual)."""
    rate = std("flow_rate_level") / 60.0
    base = {
        "free_speed": float(calibration()["real_data"]["parameters"]["free_speed"]["value"]),
        "specific_flow": rate,
        "passage_flow": rate,
    }
    base.update(overrides)
    return EgressParams(**base)


#: the parameter set a planner's "expected" figures use
calibrated_params = expected_params


@dataclass(frozen=True)
class Route:
    zone: str
    openings: tuple[str, ...]  # passages ..., exit
    legs: tuple[float, ...]  # walking distance between consecutive openings (m)
    zones: tuple[str, ...]  # zone before each opening


def zone_weights(venue: Venue) -> dict[str, float]:
    """Share of the crowd in each zone: proportional to its holding capacity."""
    from simsuite.massevent.capacity import zone_holding

    raw = {zone.id: zone_holding(venue, zone, 1.0) for zone in venue.zones}
    total = sum(raw.values())
    if total <= 0:
        raw = {z.id: venue.zone_walkable[z.id].area for z in venue.zones}
        total = sum(raw.values())
    return {k: v / total for k, v in raw.items()}


def zone_occupants(venue: Venue, n: int) -> dict[str, int]:
    """Whole persons per zone (largest remainder), used by both models."""
    weights = zone_weights(venue)
    exact = {k: w * n for k, w in weights.items()}
    out = {k: int(math.floor(v)) for k, v in exact.items()}
    rest = n - sum(out.values())
    for k in sorted(exact, key=lambda k: (out[k] - exact[k], k))[:rest]:
        out[k] += 1
    return out


def routes(venue: Venue, use: str = "all") -> tuple[Route, ...]:
    """For every zone, the shortest opening-to-opening path to each usable exit."""
    return _routes(venue, use)


@lru_cache(maxsize=64)
def _routes(venue: Venue, use: str) -> tuple[Route, ...]:
    exits = {e.id for e in venue.exits if use == "all" or e.use == "normal"}
    if not exits:
        exits = {e.id for e in venue.exits}
    openings: dict[str, Opening] = {o.id: o for o in (*venue.exits, *venue.passages)}
    touching = venue.opening_zones
    by_zone: dict[str, list[str]] = {z.id: [] for z in venue.zones}
    for oid in openings:
        for zid in touching[oid]:
            by_zone[zid].append(oid)
    out = []
    for zone in venue.zones:
        c = zone.polygon.representative_point()
        start = (c.x, c.y)
        # Dijkstra over states (opening crossed, zone now in)
        heap: list = []
        for oid in by_zone[zone.id]:
            if openings[oid].kind == "exit" and oid not in exits:
                continue
            d = math.dist(start, openings[oid].midpoint)
            heapq.heappush(heap, (d, oid, (oid,), (zone.id,)))
        best: dict[str, tuple] = {}
        seen: set = set()
        while heap:
            d, oid, path, zones = heapq.heappop(heap)
            if openings[oid].kind == "exit":
                if oid not in best:
                    best[oid] = (path, zones)
                continue
            now_in = [z for z in touching[oid] if z != zones[-1]][0]
            if (oid, now_in) in seen:
                continue
            seen.add((oid, now_in))
            for nxt in by_zone[now_in]:
                if nxt == oid or nxt in path:
                    continue
                if openings[nxt].kind == "exit" and nxt not in exits:
                    continue
                step = math.dist(openings[oid].midpoint, openings[nxt].midpoint)
                heapq.heappush(heap, (d + step, nxt, path + (nxt,), zones + (now_in,)))
        for exit_id in sorted(best):
            path, zones = best[exit_id]
            legs = tuple(
                math.dist(openings[a].midpoint, openings[b].midpoint)
                for a, b in zip(path, path[1:], strict=False)
            )
            out.append(Route(zone=zone.id, openings=path, legs=legs, zones=zones))
    return tuple(out)


@lru_cache(maxsize=64)
def _samples(venue: Venue, per_zone: int) -> dict[str, np.ndarray]:
    """A regular grid of sample points per zone (walkable part), about ``per_zone`` each."""
    out = {}
    for zone in venue.zones:
        poly = venue.zone_walkable[zone.id]
        minx, miny, maxx, maxy = poly.bounds
        step = math.sqrt(max(poly.area, 1e-6) / per_zone)
        xs = np.arange(minx + step / 2, maxx, step)
        ys = np.arange(miny + step / 2, maxy, step)
        gx, gy = np.meshgrid(xs, ys)
        gx, gy = gx.ravel(), gy.ravel()
        inside = shapely.contains_xy(poly, gx, gy)
        pts = np.column_stack([gx[inside], gy[inside]])
        if len(pts) == 0:
            p = poly.representative_point()
            pts = np.array([[p.x, p.y]])
        out[zone.id] = pts
    return out


def _first_leg(points: np.ndarray, opening: Opening) -> np.ndarray:
    return shapely.distance(shapely.points(points), opening.line)


def opening_capacity(opening: Opening, params: EgressParams, n_exits: int, alcohol: bool) -> float:
    """Flow capacity in persons per second."""
    width = opening.width
    if opening.kind == "exit":
        width += params.exit_width_per_exit
    effective = max(width - 2 * params.boundary_layer, 0.1)
    rate = params.specific(opening, effective) * effective * params.flow_factor
    if opening.surface == "stepped":
        rate *= std("flow_rate_stepped") / std("flow_rate_level")
    if alcohol:
        rate *= std("alcohol_flow_factor")
    return rate


def _distances(
    venue: Venue, rts: tuple[Route, ...], points: np.ndarray, zone_of_point: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(distance to the first opening, total walking distance) per point and route."""
    openings = {o.id: o for o in (*venue.exits, *venue.passages)}
    total = np.full((len(points), len(rts)), np.inf)
    first = np.full((len(points), len(rts)), np.inf)
    for r, route in enumerate(rts):
        mask = zone_of_point == route.zone
        if not mask.any():
            continue
        d0 = _first_leg(points[mask], openings[route.openings[0]])
        first[mask, r] = d0
        total[mask, r] = d0 + sum(route.legs)
    return first, total


@lru_cache(maxsize=64)
def _sample_layout(venue: Venue, use: str, per_zone: int):
    samples = _samples(venue, per_zone)
    points = np.vstack([samples[z.id] for z in venue.zones])
    zone_of_point = np.concatenate(
        [np.full(len(samples[z.id]), z.id, dtype=object) for z in venue.zones]
    )
    rts = routes(venue, use)
    first, total = _distances(venue, rts, points, zone_of_point)
    return points, zone_of_point, first, total


@lru_cache(maxsize=64)
def _zone_index(venue: Venue, use: str, per_zone: int) -> tuple[np.ndarray, np.ndarray]:
    """Each sample point's zone as an index into ``venue.zones``, and the points per zone."""
    _points, zone_of_point, _first, _total = _sample_layout(venue, use, per_zone)
    ids = [z.id for z in venue.zones]
    index = np.array([ids.index(z) for z in zone_of_point], dtype=int)
    return index, np.bincount(index, minlength=len(ids))


def assign(
    venue: Venue,
    zone_of_point: np.ndarray,
    points: np.ndarray,
    weights: np.ndarray,
    params: EgressParams,
    alcohol: bool = False,
    distances: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, tuple[Route, ...], np.ndarray]:
    """Route for each point: balanced so that nobody queues long while a nearby exit is free.

    Points are taken in order of distance to their nearest exit, in chunks; each chunk picks
    the route with the smallest ``max(walk time, queue already assigned to its bottleneck)``.
    Returns (route index per point, routes, distance to the first opening per point).
    """
    rts = routes(venue, params.use)
    opening_ids = [o.id for o in (*venue.exits, *venue.passages)]
    index = {oid: i for i, oid in enumerate(opening_ids)}
    openings = {o.id: o for o in (*venue.exits, *venue.passages)}
    caps = np.array(
        [opening_capacity(openings[o], params, len(venue.exits), alcohol) for o in opening_ids]
    )
    incidence = np.zeros((len(rts), len(opening_ids)))
    for r, route in enumerate(rts):
        for o in route.openings:
            incidence[r, index[o]] = 1.0
    first, total = distances or _distances(venue, rts, points, zone_of_point)
    walk = total / params.free_speed
    order = np.argsort(walk.min(axis=1), kind="stable")
    choice = np.zeros(len(points), dtype=int)
    load = np.zeros(len(opening_ids))
    n_routes = len(rts)
    for chunk in np.array_split(order, min(24, max(1, len(order)))):
        if len(chunk) == 0:
            continue
        queue_t = (incidence * (load / caps)[None, :]).max(axis=1)
        est = np.maximum(walk[chunk], queue_t[None, :])
        pick = np.argmin(est + 1e-9 * walk[chunk], axis=1)
        choice[chunk] = pick
        per_route = np.bincount(pick, weights=weights[chunk], minlength=n_routes)
        load += per_route @ incidence
    return choice, rts, first[np.arange(len(points)), choice]


@dataclass(frozen=True)
class EgressResult:
    times: np.ndarray
    evacuated: np.ndarray
    total: int
    evacuation_time_s: float
    openings: dict = field(default_factory=dict)
    zones: dict = field(default_factory=dict)
    bottleneck: str | None = None

    def summary(self) -> dict:
        return {
            "persons": self.total,
            "evacuation_time_s": round(self.evacuation_time_s, 1),
            "evacuation_time_min": round(self.evacuation_time_s / 60, 2),
            "bottleneck": self.bottleneck,
            "openings": self.openings,
            "zones": self.zones,
        }


def _shift(curve: np.ndarray, delay: float, dt: float) -> np.ndarray:
    k = delay / dt
    if k <= 0:
        return curve
    idx = np.arange(len(curve)) - k
    return np.interp(idx, np.arange(len(curve)), curve, left=0.0)


def simulate_flow(
    venue: Venue,
    points: np.ndarray,
    zone_of_point: np.ndarray,
    weights: np.ndarray,
    params: EgressParams,
    alcohol: bool = False,
    distances: tuple[np.ndarray, np.ndarray] | None = None,
) -> EgressResult:
    """Run the network of queues for given start positions (weights = persons per point)."""
    total = float(weights.sum())
    choice, rts, first = assign(venue, zone_of_point, points, weights, params, alcohol, distances)
    openings = {o.id: o for o in (*venue.exits, *venue.passages)}
    caps = {
        oid: opening_capacity(o, params, len(venue.exits), alcohol) for oid, o in openings.items()
    }
    v = params.free_speed
    used = {o for r in set(choice.tolist()) for o in rts[r].openings}
    route_len = np.array([sum(r.legs) for r in rts])
    max_walk = float((first + route_len[choice]).max()) / v
    per_route = np.bincount(choice, weights=weights, minlength=len(rts))
    load = {o: 0.0 for o in used}
    for r, n in enumerate(per_route):
        for o in rts[r].openings if n > 0 else ():
            load[o] += n
    # Sequential queues cannot take longer than walking plus every queue in turn.
    horizon = max_walk + sum(load[o] / caps[o] for o in used) + 10.0
    horizon = (
        min(horizon, max_walk + 1.3 * max(load[o] / caps[o] for o in used) + 60.0)
        if len(used) > 1
        else horizon
    )
    return _run_queues(
        venue,
        rts,
        choice,
        first,
        weights,
        caps,
        used,
        horizon,
        total,
        openings,
        zone_of_point,
        params,
    )


def _run_queues(
    venue, rts, choice, first, weights, caps, used, horizon, total, openings, zone_of_point, params
) -> EgressResult:
    v = params.free_speed
    dt = max(0.25, horizon / 3000)
    times = np.arange(0.0, horizon + dt, dt)
    nt = len(times)
    arrive: dict[tuple[int, int], np.ndarray] = {}
    for r in np.unique(choice):
        sel = choice == r
        slot = np.minimum((first[sel] / (v * dt)).astype(int), nt - 1)
        arrive[(int(r), 0)] = np.cumsum(np.bincount(slot, weights=weights[sel], minlength=nt))
    graph: dict[str, set[str]] = {o: set() for o in used}
    for r in np.unique(choice):
        ops = rts[int(r)].openings
        for a, b in zip(ops, ops[1:], strict=False):
            graph[b].add(a)
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
        passes = 1
    except graphlib.CycleError:
        order = sorted(used, key=lambda o: openings[o].kind == "exit")
        passes = 4
    depart: dict[tuple[int, int], np.ndarray] = {}
    agg: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    active = [int(r) for r in np.unique(choice)]
    members_of: dict[str, list[tuple[int, int]]] = {oid: [] for oid in order}
    for r in active:
        for k, o in enumerate(rts[r].openings):
            members_of[o].append((r, k))
    for _pass in range(passes):
        for oid in order:
            members = members_of[oid]
            curves = []
            for r, k in members:
                if k == 0:
                    curves.append(arrive[(r, 0)])
                else:
                    prev = depart.get((r, k - 1), np.zeros(nt))
                    curves.append(_shift(prev, rts[r].legs[k - 1] / v, dt))
            a_o = np.sum(curves, axis=0)
            c = caps[oid] * dt
            steps = np.arange(nt) * c
            d_o = np.minimum(a_o, steps + np.minimum.accumulate(a_o - steps))
            agg[oid] = (a_o, d_o)
            # FIFO split: the person leaving at t arrived at tau(t) with A(tau) = D(t)
            tau = np.interp(d_o, a_o + np.arange(nt) * 1e-12, np.arange(nt, dtype=float))
            for (r, k), a_rk in zip(members, curves, strict=True):
                depart[(r, k)] = np.interp(tau, np.arange(nt, dtype=float), a_rk)
    evacuated = np.zeros(nt)
    for r in active:
        evacuated += depart[(r, len(rts[r].openings) - 1)]
    done = np.nonzero(evacuated >= total - 0.5)[0]
    if not len(done):  # the horizon was too short: run again on a longer one
        return _run_queues(
            venue,
            rts,
            choice,
            first,
            weights,
            caps,
            used,
            horizon * 2,
            total,
            openings,
            zone_of_point,
            params,
        )
    t_evac = float(times[done[0]])
    opening_info = {}
    for oid, (a_o, d_o) in agg.items():
        queue = a_o - d_o
        wait = queue / caps[oid]
        cleared = np.nonzero(d_o >= a_o[-1] - 0.5)[0]
        opening_info[oid] = {
            "kind": openings[oid].kind,
            "persons": int(round(float(a_o[-1]))),
            "capacity_per_min": round(caps[oid] * 60, 1),
            "max_queue": int(round(float(queue.max()))),
            "max_wait_s": round(float(wait.max()), 1),
            "cleared_at_s": round(float(times[cleared[0]]), 1) if len(cleared) else None,
        }
    bottleneck = (
        max(opening_info, key=lambda o: (opening_info[o]["max_wait_s"], o))
        if opening_info
        else None
    )
    zones = _zone_densities(venue, rts, active, depart, zone_of_point, weights, times)
    return EgressResult(
        times=times,
        evacuated=evacuated,
        total=int(round(total)),
        evacuation_time_s=t_evac,
        openings=opening_info,
        zones=zones,
        bottleneck=bottleneck,
    )


def _zone_densities(venue, rts, active, depart, zone_of_point, weights, times) -> dict:
    occupancy = {}
    for zone in venue.zones:
        occupancy[zone.id] = np.full(len(times), float(weights[zone_of_point == zone.id].sum()))
    for r in active:
        route = rts[r]
        for k in range(len(route.openings)):
            leaving = route.zones[k]
            occupancy[leaving] = occupancy[leaving] - depart[(r, k)]
            if k + 1 < len(route.openings):
                occupancy[route.zones[k + 1]] = occupancy[route.zones[k + 1]] + depart[(r, k)]
    out = {}
    dangerous = std("dangerous_density_moving")
    for zone in venue.zones:
        area = venue.zone_walkable[zone.id].area
        dens = np.maximum(occupancy[zone.id], 0) / area
        peak = float(dens.max())
        table = "walkway" if zone.kind == "circulation" else "queuing"
        out[zone.id] = {
            "area_m2": round(area, 1),
            "initial_persons": int(round(float(occupancy[zone.id][0]))),
            "initial_density": round(float(dens[0]), 2),
            "peak_density": round(peak, 2),
            "level_of_service": fruin_level(peak, table),
            "dangerous": peak > dangerous,
        }
    return out


def evacuate(scenario: Scenario, params: EgressParams | None = None) -> EgressResult:
    """Macroscopic evacuation of the admitted crowd of ``scenario``."""
    ops = scenario.operations
    params = replace(
        params or calibrated_params(),
        exit_width_per_exit=ops.exit_width_per_exit,
        flow_factor=ops.flow_factor,
    )
    venue = scenario.venue
    points, zone_of_point, first, total = _sample_layout(venue, params.use, params.points_per_zone)
    counts = zone_occupants(venue, scenario.admitted)
    index, per_zone = _zone_index(venue, params.use, params.points_per_zone)
    share = np.array([counts[z.id] / max(per_zone[k], 1) for k, z in enumerate(venue.zones)])
    w = share[index]
    if w.sum() <= 0:
        return EgressResult(
            times=np.zeros(1), evacuated=np.zeros(1), total=0, evacuation_time_s=0.0
        )
    return simulate_flow(
        venue, points, zone_of_point, w, params, scenario.event.alcohol, (first, total)
    )


def evacuate_without(
    scenario: Scenario, exit_id: str, params: EgressParams | None = None
) -> EgressResult | None:
    """Evacuation with one exit unavailable; None when some zone with people has no way out."""
    venue = scenario.venue
    reduced = _without_exit(venue, exit_id)
    if reduced is None:
        return None
    occupied = {z for z, n in zone_occupants(venue, scenario.admitted).items() if n > 0}
    reachable = {r.zone for r in routes(reduced, (params or calibrated_params()).use)}
    if occupied - reachable:
        return None
    return evacuate(replace(scenario, venue=reduced), params)


@lru_cache(maxsize=64)
def _without_exit(venue: Venue, exit_id: str) -> Venue | None:
    """The venue less one exit; one object per (venue, exit), so its geometry is computed once."""
    remaining = tuple(e for e in venue.exits if e.id != exit_id)
    return venue.with_changes(exits=remaining) if remaining else None
