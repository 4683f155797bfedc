"""Scenario model: venue geometry, event profile, agencies, operational inputs.

A venue is a set of convex-ish zones (polygons in metres) that together form the walkable area,
minus obstacles. Zones touch only through *passages*; *exits* and *gates* lie on the outer
boundary. All objects are frozen dataclasses so a scenario is hashable and can key caches.
Loading from dicts (YAML/GeoJSON-like) validates at the boundary and raises
:class:`~simsuite.errors.UserInputError` with the path of the bad field.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import shapely
import yaml
from shapely.geometry import LineString, Polygon
from shapely.validation import explain_validity

from simsuite.errors import UserInputError
from simsuite.i18n import N_, _
from simsuite.yamlio import load_given, load_shipped

EVENT_KINDS = (
    "sports_match",
    "concert",
    "political_rally",
    "religious_gathering",
    "festival",
    "public_holiday",
)
EVENT_KIND_LABELS = {
    "sports_match": N_("sports match"),
    "concert": N_("concert"),
    "political_rally": N_("political rally"),
    "religious_gathering": N_("religious gathering"),
    "festival": N_("festival"),
    "public_holiday": N_("public holiday"),
}
ZONE_KINDS = ("standing", "seated", "circulation")
SURFACES = ("level", "stepped")
EXIT_USES = ("normal", "emergency")
GATE_TYPES = ("turnstile", "screening", "open")
ARRIVAL_CURVES = ("uniform", "normal", "late")
WEATHER = ("fair", "hot", "rain", "storm", "cold")
#: the security threat level: drives security measures and risks, never exit widths
THREAT_LEVELS = ("low", "moderate", "substantial", "severe")
#: the fire risk assessment of the structure: sets the emergency evacuation time (Green Guide)
FIRE_RISKS = ("low", "normal", "high")
#: zone types for the holding density (a standing zone on a stepped surface is a terrace)
ZONE_TYPES = ("flat_standing", "terrace", "seated", "circulation")
ZONE_TYPE_LABELS = {
    "flat_standing": N_("flat standing area"),
    "terrace": N_("terrace (standing on steps)"),
    "seated": N_("seated area"),
    "circulation": N_("circulation area (holds nobody)"),
}
#: input bound for numbers that are counts or sizes: larger ones are typing errors
MAX_NUMBER = 1e9
PHASES = ("preparation", "conduct", "analysis")

#: Geometric tolerance (m) for "lies on the boundary" checks.
TOLERANCE = 0.05


@lru_cache(maxsize=1)
def standards() -> dict[str, Any]:
    """The engineering figures with their sources (``data/standards.yaml``)."""
    text = (
        resources.files("simsuite.massevent").joinpath("data", "standards.yaml").read_text("utf-8")
    )
    return load_shipped(text)


def std(name: str) -> float:
    return float(standards()[name]["value"])


def fire_risk_rule(fire_risk: str) -> dict[str, Any]:
    return standards()["emergency_evacuation_time"]["by_fire_risk"][fire_risk]


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    coords: tuple[tuple[float, float], ...]
    kind: str = "standing"
    surface: str = "level"
    seats: int | None = None
    #: an assessed holding density (persons/m2; seats/m2 for a seated zone without a seat
    #: count); None = the standard figure for the zone type
    density: float | None = None

    @cached_property
    def polygon(self) -> Polygon:
        return Polygon(self.coords)

    @property
    def zone_type(self) -> str:
        if self.kind == "standing":
            return "terrace" if self.surface == "stepped" else "flat_standing"
        return self.kind

    def holding_density(self) -> float:
        """Persons (seats) per m2 this zone is counted at: its own figure or the standard."""
        if self.density is not None:
            return self.density
        return float(standards()["holding_density"][self.zone_type]["value"])


@dataclass(frozen=True)
class Opening:
    """A gate, exit or internal passage: a line segment with a clear width."""

    id: str
    kind: str  # "gate" | "exit" | "passage"
    coords: tuple[tuple[float, float], tuple[float, float]]
    width: float
    surface: str = "level"
    use: str = "normal"  # exits: normal | emergency
    gate_type: str = "open"  # gates only
    lanes: int = 1  # gates only
    forecourt_area: float | None = None  # gates only, m2 where the queue forms
    name: str = ""  # what learners read; the id when empty

    @property
    def label(self) -> str:
        """A readable name: the venue file's, else the id in words ("exit-s1" -> "Exit S1")."""
        if self.name:
            return self.name
        words = [w.upper() if len(w) <= 2 else w for w in self.id.replace("_", "-").split("-")]
        text = " ".join(w for w in words if w)
        return text[:1].upper() + text[1:]

    @cached_property
    def line(self) -> LineString:
        return LineString(self.coords)

    @cached_property
    def midpoint(self) -> tuple[float, float]:
        (x1, y1), (x2, y2) = self.coords
        return ((x1 + x2) / 2, (y1 + y2) / 2)


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    city: str
    description: str
    zones: tuple[Zone, ...]
    exits: tuple[Opening, ...]
    gates: tuple[Opening, ...] = ()
    passages: tuple[Opening, ...] = ()
    obstacles: tuple[tuple[tuple[float, float], ...], ...] = ()
    fictional: bool = True
    #: fire risk assessment of the structure (Green Guide): low, normal or high
    fire_risk: str = "normal"
    #: an assessed emergency evacuation time within the range of the fire risk (None: default)
    emergency_evacuation_time_min: float | None = None

    def __hash__(self) -> int:
        # venues key the geometry caches of every recompute: hash the nested tuples once
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in dataclasses.fields(self)))

    def emergency_time_min(self) -> float:
        """The emergency evacuation time the exits must meet, from the fire risk assessment."""
        if self.emergency_evacuation_time_min is not None:
            return self.emergency_evacuation_time_min
        return float(fire_risk_rule(self.fire_risk)["default"])

    @cached_property
    def outline(self) -> Polygon:
        """Union of zones (the venue footprint before obstacles)."""
        return shapely.union_all([z.polygon for z in self.zones])

    @cached_property
    def walkable(self):
        area = self.outline
        for obstacle in self.obstacles:
            area = area.difference(Polygon(obstacle))
        return area

    @cached_property
    def zone_walkable(self) -> dict[str, Any]:
        obstacles = (
            shapely.union_all([Polygon(o) for o in self.obstacles]) if self.obstacles else None
        )
        out = {}
        for zone in self.zones:
            poly = zone.polygon
            out[zone.id] = poly.difference(obstacles) if obstacles is not None else poly
        return out

    @property
    def area(self) -> float:
        return float(self.walkable.area)

    def zone(self, zone_id: str) -> Zone:
        for zone in self.zones:
            if zone.id == zone_id:
                return zone
        raise KeyError(zone_id)

    @cached_property
    def opening_zones(self) -> dict[str, tuple[str, ...]]:
        """For every opening, the zones it touches (one for exits/gates, two for passages)."""
        out: dict[str, tuple[str, ...]] = {}
        for opening in (*self.exits, *self.gates, *self.passages):
            touching = tuple(
                z.id
                for z in self.zones
                if z.polygon.boundary.buffer(TOLERANCE).covers(opening.line)
            )
            out[opening.id] = touching
        return out

    def with_changes(self, **changes: Any) -> Venue:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class EventProfile:
    kind: str
    attendance: int
    arrival_window_min: float = 90.0
    arrival_curve: str = "normal"
    duration_h: float = 3.0
    alcohol: bool = False
    weather: str = "fair"
    threat_level: str = "moderate"


@dataclass(frozen=True)
class Operations:
    """Inputs the organisers control; mitigations change these (and the venue)."""

    stewards: int = 0
    police: int = 0
    medical_posts: int = 0
    situation_centre: bool = False
    one_way_routes: bool = False
    public_information: bool = False
    capacity_cap: int | None = None
    exit_width_per_exit: float = 0.0  # m added to every exit (mitigation)
    gate_factor: float = 1.0  # multiplies gate throughput (mitigation)
    flow_factor: float = 1.0  # multiplies opening flow capacity (mitigation)
    staggered_arrival: bool = False
    mitigations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    tasks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""

    def __hash__(self) -> int:
        return hash((self.id, self.name))


@dataclass(frozen=True)
class Scenario:
    venue: Venue
    event: EventProfile
    operations: Operations = Operations()
    seed: int = 0

    @property
    def admitted(self) -> int:
        """People actually let in: attendance limited by a capacity cap if one is set."""
        cap = self.operations.capacity_cap
        return self.event.attendance if cap is None else min(self.event.attendance, cap)


# ----------------------------------------------------------------------------- loading


def _req(data: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping of fields."), where=where)
    if key not in data:
        raise UserInputError(_("the field {key!r} is missing.").format(key=key), where=where)
    return data[key]


def _text(value: Any, where: str, *, limit: int = 200) -> str:
    """An id or a name: a short plain text (a number is taken as its text)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UserInputError(
            _("expected a short text, got {value}.").format(value=_shown(value)),
            where=where,
            allowed=_("a text of at most {n} characters").format(n=limit),
        )
    text = str(value)
    if not text.strip() or len(text) > limit:
        raise UserInputError(
            _("expected a short text, got {value}.").format(value=_shown(value)),
            where=where,
            allowed=_("a text of at most {n} characters").format(n=limit),
        )
    return text


def _choice(value: Any, allowed: Sequence[str], where: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise UserInputError(
            _("{value} is not a known value.").format(value=_shown(value)),
            where=where,
            allowed=", ".join(allowed),
        )
    return str(value)


def _shown(value: Any) -> str:
    """A value as an error message may quote it: short, whatever it is."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(
    value: Any,
    where: str,
    *,
    minimum: float | None = None,
    strict: bool = False,
    maximum: float = MAX_NUMBER,
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserInputError(
            _("expected a number, got {value}.").format(value=_shown(value)),
            where=where,
            allowed=_("a number"),
        )
    # compare before any float conversion: an int such as 10**400 has no float
    if isinstance(value, float) and not math.isfinite(value):
        raise UserInputError(
            _("expected a finite number, got {value}.").format(value=_shown(value)),
            where=where,
            allowed=_("a number"),
        )
    if value > maximum:
        raise UserInputError(
            _("{value} is too large.").format(value=_shown(value)),
            where=where,
            allowed=_("at most {maximum:,.0f}").format(maximum=maximum),
        )
    if minimum is not None and (value <= minimum if strict else value < minimum):
        rel = _("greater than") if strict else _("at least")
        raise UserInputError(
            _("{value} is out of range: it must be {rel} {minimum}.").format(
                value=value, rel=rel, minimum=minimum
            ),
            where=where,
        )
    return float(value)


def _points(value: Any, where: str, *, minimum: int) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) < minimum:
        raise UserInputError(
            _("expected a list of at least {n} [x, y] points in metres.").format(n=minimum),
            where=where,
        )
    out = []
    for i, point in enumerate(value):
        if not isinstance(point, Sequence) or isinstance(point, str) or len(point) != 2:
            raise UserInputError(_("expected an [x, y] pair."), where=f"{where}[{i}]")
        out.append((_number(point[0], f"{where}[{i}][0]"), _number(point[1], f"{where}[{i}][1]")))
    if len(out) > 1 and out[0] == out[-1] and minimum >= 3:
        out = out[:-1]  # GeoJSON rings repeat the first point
    return tuple(out)


def _polygon(value: Any, where: str) -> tuple[tuple[float, float], ...]:
    coords = _points(value, where, minimum=3)
    poly = Polygon(coords)
    if not poly.is_valid or poly.area <= 0:
        raise UserInputError(
            _("the polygon is invalid ({reason}).").format(reason=explain_validity(poly)),
            where=where,
            allowed=_("a simple ring with positive area that does not cross itself"),
        )
    return coords


def _opening(data: Any, kind: str, where: str) -> Opening:
    oid = _text(_req(data, "id", where), f"{where}.id")
    coords = _points(_req(data, "line", where), f"{where}.line", minimum=2)
    if len(coords) != 2 or coords[0] == coords[1]:
        raise UserInputError(
            _("an opening is a segment between two different points."), where=f"{where}.line"
        )
    seg_len = math.dist(*coords)
    width = _number(data.get("width", seg_len), f"{where}.width", minimum=0, strict=True)
    if width > seg_len + TOLERANCE:
        raise UserInputError(
            _("clear width {w} m is wider than the opening's segment ({s:.2f} m).").format(
                w=width, s=seg_len
            ),
            where=f"{where}.width",
        )
    surface = _choice(data.get("surface", "level"), SURFACES, f"{where}.surface")
    kwargs: dict[str, Any] = {}
    if kind == "exit":
        kwargs["use"] = _choice(data.get("use", "normal"), EXIT_USES, f"{where}.use")
    if kind == "gate":
        kwargs["gate_type"] = _choice(data.get("type", "open"), GATE_TYPES, f"{where}.type")
        lanes = _number(data.get("lanes", 1), f"{where}.lanes", minimum=1)
        if lanes != int(lanes):
            raise UserInputError(_("lanes must be a whole number."), where=f"{where}.lanes")
        kwargs["lanes"] = int(lanes)
        if "forecourt_area" in data:
            kwargs["forecourt_area"] = _number(
                data["forecourt_area"], f"{where}.forecourt_area", minimum=0, strict=True
            )
    if data.get("name") is not None:
        kwargs["name"] = _text(data["name"], f"{where}.name")
    return Opening(
        id=oid, kind=kind, coords=(coords[0], coords[1]), width=width, surface=surface, **kwargs
    )


def venue_from_dict(data: Any, where: str = "venue") -> Venue:
    """Build and validate a venue from plain data (the YAML/JSON format in docs/massevent.md)."""
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping describing a venue."), where=where)
    vid = _text(_req(data, "id", where), f"{where}.id")
    zones_data = _req(data, "zones", where)
    if not isinstance(zones_data, Sequence) or isinstance(zones_data, str) or not zones_data:
        raise UserInputError(_("a venue needs at least one zone."), where=f"{where}.zones")
    zones = []
    for i, zd in enumerate(zones_data):
        zones.append(_zone(zd, f"{where}.zones[{i}]"))
    ids = [z.id for z in zones]
    if len(set(ids)) != len(ids):
        raise UserInputError(_("zone ids must be unique."), where=f"{where}.zones")
    for i, zone in enumerate(zones):
        for other in zones[i + 1 :]:
            if zone.polygon.intersection(other.polygon).area > TOLERANCE:
                raise UserInputError(
                    _("zones {a!r} and {b!r} overlap; zones must only touch.").format(
                        a=zone.id, b=other.id
                    ),
                    where=f"{where}.zones",
                )
    raw_obstacles = data.get("obstacles") or ()
    if not isinstance(raw_obstacles, Sequence) or isinstance(raw_obstacles, str):
        raise UserInputError(_("expected a list of polygons."), where=f"{where}.obstacles")
    obstacles = tuple(_polygon(o, f"{where}.obstacles[{i}]") for i, o in enumerate(raw_obstacles))

    def openings(key: str, kind: str) -> tuple[Opening, ...]:
        raw = data.get(key) or ()
        if not isinstance(raw, Sequence) or isinstance(raw, str):
            raise UserInputError(_("expected a list."), where=f"{where}.{key}")
        return tuple(_opening(o, kind, f"{where}.{key}[{i}]") for i, o in enumerate(raw))

    exits = openings("exits", "exit")
    gates = openings("gates", "gate")
    passages = openings("passages", "passage")
    if not exits:
        raise UserInputError(
            _("the venue has no exits: nobody can leave it."),
            where=f"{where}.exits",
            allowed=_("at least one exit on the venue boundary"),
        )
    all_ids = [o.id for o in (*exits, *gates, *passages)] + ids
    if len(set(all_ids)) != len(all_ids):
        raise UserInputError(
            _("zone, exit, gate and passage ids must all be different."), where=where
        )
    fire_risk = _choice(data.get("fire_risk", "normal"), FIRE_RISKS, f"{where}.fire_risk")
    t_em = data.get("emergency_evacuation_time_min")
    if t_em is not None:
        low, high = fire_risk_rule(fire_risk)["range"]
        t_em = _number(t_em, f"{where}.emergency_evacuation_time_min")
        if not low <= t_em <= high:
            raise UserInputError(
                _("{value} min does not fit a structure of {risk} fire risk (Green Guide).").format(
                    value=t_em, risk=fire_risk
                ),
                where=f"{where}.emergency_evacuation_time_min",
                allowed=_("{low:g} to {high:g} minutes").format(low=low, high=high),
            )
    venue = Venue(
        id=vid,
        name=_text(data.get("name", vid), f"{where}.name"),
        city=_text(data.get("city", "-"), f"{where}.city") if data.get("city") else "",
        description=str(data.get("description", ""))[:2000],
        zones=tuple(zones),
        exits=exits,
        gates=gates,
        passages=passages,
        obstacles=obstacles,
        fictional=bool(data.get("fictional", True)),
        fire_risk=fire_risk,
        emergency_evacuation_time_min=t_em,
    )
    outline = venue.outline
    if outline.geom_type != "Polygon":
        raise UserInputError(_("the zones do not form one connected area."), where=f"{where}.zones")
    boundary = outline.boundary.buffer(TOLERANCE)
    for key, group in (("exits", exits), ("gates", gates)):
        for i, opening in enumerate(group):
            if not boundary.covers(opening.line):
                raise UserInputError(
                    _(
                        "{kind} {id!r} is not on the venue boundary (it lies outside the venue or "
                        "inside it)."
                    ).format(kind=opening.kind, id=opening.id),
                    where=f"{where}.{key}[{i}].line",
                    allowed=_("a segment on the outer edge of the zones"),
                )
    for i, passage in enumerate(passages):
        if len(venue.opening_zones[passage.id]) != 2:
            raise UserInputError(
                _("passage {id!r} must lie on the shared edge of exactly two zones.").format(
                    id=passage.id
                ),
                where=f"{where}.passages[{i}].line",
            )
    _check_reachable(venue, where)
    return venue


def _zone(zd: Any, zw: str) -> Zone:
    zid = _text(_req(zd, "id", zw), f"{zw}.id")
    kind = _choice(zd.get("kind", "standing"), ZONE_KINDS, f"{zw}.kind")
    seats = zd.get("seats")
    if seats is not None:
        seats = _number(seats, f"{zw}.seats", minimum=0)
        if seats != int(seats):
            raise UserInputError(_("seats must be a whole number."), where=f"{zw}.seats")
        seats = int(seats)
    density = zd.get("density")
    if density is not None:
        if kind == "circulation":
            raise UserInputError(
                _("a circulation area holds nobody: it takes no density."),
                where=f"{zw}.density",
                allowed=_("a density on standing or seated zones only"),
            )
        top = std("max_density")
        density = _number(density, f"{zw}.density", minimum=0, strict=True)
        if density > top:
            raise UserInputError(
                _("{value} persons/m² is above the terrace maximum.").format(value=density),
                where=f"{zw}.density",
                allowed=_("more than 0 and at most {top:g} persons/m²").format(top=top),
            )
    return Zone(
        id=zid,
        name=_text(zd.get("name", zid), f"{zw}.name"),
        coords=_polygon(_req(zd, "polygon", zw), f"{zw}.polygon"),
        kind=kind,
        surface=_choice(zd.get("surface", "level"), SURFACES, f"{zw}.surface"),
        seats=seats,
        density=density,
    )


def _check_reachable(venue: Venue, where: str) -> None:
    reached: set[str] = set()
    for exit_ in venue.exits:
        reached.update(venue.opening_zones[exit_.id])
    changed = True
    while changed:
        changed = False
        for passage in venue.passages:
            a, b = venue.opening_zones[passage.id]
            if (a in reached) != (b in reached):
                reached.update((a, b))
                changed = True
    missing = [z.id for z in venue.zones if z.id not in reached]
    if missing:
        raise UserInputError(
            _("zones {zones} have no route to any exit.").format(zones=", ".join(missing)),
            where=f"{where}.exits",
        )


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise UserInputError(
            _("expected true or false, got {value}.").format(value=_shown(value)),
            where=where,
            allowed=_("true or false"),
        )
    return value


EVENT_FIELDS = frozenset(
    {
        "kind",
        "attendance",
        "arrival_window_min",
        "arrival_curve",
        "duration_h",
        "alcohol",
        "weather",
        "threat_level",
    }
)


def check_attendance(value: Any, where: str = "attendance") -> int:
    """Attendance is a whole number of persons from 0 to the bound; never through a float."""
    top = int(std("max_attendance"))
    allowed = _("a whole number from 0 to {top:,}").format(top=top)
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        value = int(value)  # 5000.0 from a YAML or JSON file is 5000
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserInputError(
            _("expected a whole number of persons, got {value}.").format(value=_shown(value)),
            where=where,
            allowed=allowed,
        )
    if not 0 <= value <= top:
        raise UserInputError(
            _("{value} persons is out of range.").format(value=_shown(value)),
            where=where,
            allowed=allowed,
        )
    return value


def event_from_dict(data: Any, where: str = "event") -> EventProfile:
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping describing the event."), where=where)
    unknown = sorted(set(map(str, data)) - EVENT_FIELDS)
    if unknown:
        raise UserInputError(
            _("unknown fields: {fields}.").format(fields=", ".join(unknown)),
            where=where,
            allowed=", ".join(sorted(EVENT_FIELDS)),
        )
    return EventProfile(
        kind=_choice(_req(data, "kind", where), EVENT_KINDS, f"{where}.kind"),
        attendance=check_attendance(_req(data, "attendance", where), f"{where}.attendance"),
        arrival_window_min=_number(
            data.get("arrival_window_min", 90),
            f"{where}.arrival_window_min",
            minimum=1,
            maximum=24 * 60,
        ),
        arrival_curve=_choice(
            data.get("arrival_curve", "normal"), ARRIVAL_CURVES, f"{where}.arrival_curve"
        ),
        duration_h=_number(
            data.get("duration_h", 3), f"{where}.duration_h", minimum=0, strict=True, maximum=240
        ),
        alcohol=_flag(data.get("alcohol", False), f"{where}.alcohol"),
        weather=_choice(data.get("weather", "fair"), WEATHER, f"{where}.weather"),
        threat_level=_choice(
            data.get("threat_level", "moderate"), THREAT_LEVELS, f"{where}.threat_level"
        ),
    )


OPERATION_FIELDS = frozenset(
    {
        "stewards",
        "police",
        "medical_posts",
        "situation_centre",
        "one_way_routes",
        "public_information",
        "capacity_cap",
        "staggered_arrival",
    }
)


def operations_from_dict(data: Any, where: str = "operations") -> Operations:
    data = data or {}
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping."), where=where)

    def count(key: str) -> int:
        value = _number(data.get(key, 0), f"{where}.{key}", minimum=0, maximum=1e6)
        if value != int(value):
            raise UserInputError(_("expected a whole number."), where=f"{where}.{key}")
        return int(value)

    cap = data.get("capacity_cap")
    unknown = sorted(set(map(str, data)) - OPERATION_FIELDS)
    if unknown:
        raise UserInputError(
            _("unknown fields: {fields}.").format(fields=", ".join(map(str, unknown))),
            where=where,
            allowed=", ".join(sorted(OPERATION_FIELDS)),
        )
    return Operations(
        stewards=count("stewards"),
        police=count("police"),
        medical_posts=count("medical_posts"),
        situation_centre=_flag(data.get("situation_centre", False), f"{where}.situation_centre"),
        one_way_routes=_flag(data.get("one_way_routes", False), f"{where}.one_way_routes"),
        public_information=_flag(
            data.get("public_information", False), f"{where}.public_information"
        ),
        capacity_cap=None if cap is None else check_attendance(cap, f"{where}.capacity_cap"),
        staggered_arrival=_flag(data.get("staggered_arrival", False), f"{where}.staggered_arrival"),
    )


#: a venue, scenario or plan file is a few kilobytes; anything this large is not one
MAX_FILE_BYTES = 5_000_000
#: nesting deeper than this is no venue (and would exhaust the YAML parser's recursion)
MAX_DEPTH = 40


def _depth(value: Any, limit: int, level: int = 0) -> int:
    if level > limit:
        return level
    if isinstance(value, Mapping):
        return max((_depth(v, limit, level + 1) for v in value.values()), default=level)
    if isinstance(value, list | tuple):
        return max((_depth(v, limit, level + 1) for v in value), default=level)
    return level


def _bracket_depth(text: str) -> int:
    """The deepest nesting of flow brackets, before the parser recurses into it."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def load_yaml(path: str | Path, where: str | None = None) -> Any:
    """A YAML or JSON file's data; anything that is not such a file is a clear error, which
    names the file as ``where`` (default: the file's name)."""
    path = Path(path)
    where = where or path.name
    allowed = _("a UTF-8 text file in YAML or JSON (see the venue file format)")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserInputError(
                _("the file is too large to be a venue, scenario or plan file."),
                where=where,
                allowed=_("at most {n:,} bytes").format(n=MAX_FILE_BYTES),
            )
        raw = path.read_bytes()
    except OSError as error:
        raise UserInputError(
            _("cannot read the file ({reason}).").format(reason=error.strerror), where=where
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserInputError(
            _("the file is not text (it looks binary)."), where=where, allowed=allowed
        ) from None
    if _bracket_depth(text) > 4 * MAX_DEPTH:
        raise UserInputError(
            _("the data is nested too deeply."),
            where=where,
            allowed=_("at most {n} levels").format(n=MAX_DEPTH),
        )
    if "\x00" in text:
        raise UserInputError(
            _("the file is not text (it looks binary)."), where=where, allowed=allowed
        )
    try:
        data = load_given(text)
    except yaml.YAMLError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        mark = getattr(error, "problem_mark", None)
        at = " ({} {})".format(_("line"), mark.line + 1) if mark is not None else ""
        raise UserInputError(
            _("not valid YAML or JSON: {reason}").format(reason=reason + at),
            where=where,
            allowed=allowed,
        ) from None
    except RecursionError:
        data = None
        deep = True
    else:
        deep = _depth(data, MAX_DEPTH) > MAX_DEPTH
    if deep:
        raise UserInputError(
            _("the data is nested too deeply."),
            where=where,
            allowed=_("at most {n} levels").format(n=MAX_DEPTH),
        )
    return data


def load_venue_file(path: str | Path) -> Venue:
    """Load a venue from a YAML (or JSON) file; a file may hold one venue or ``venues: [...]``."""
    data = load_yaml(path)
    name = Path(path).name
    if isinstance(data, Mapping) and "venues" in data:
        venues = data["venues"]
        if not isinstance(venues, Sequence) or isinstance(venues, str) or not venues:
            raise UserInputError(_("'venues' must be a non-empty list."), where=f"{name}: venues")
        return venue_from_dict(venues[0], where=f"{name}: venues[0]")
    return venue_from_dict(data, where=f"{name}: venue")


@lru_cache(maxsize=1)
def _preset_data() -> list[dict[str, Any]]:
    text = resources.files("simsuite.massevent").joinpath("data", "venues.yaml").read_text("utf-8")
    return load_shipped(text)["venues"]


@cache
def preset(venue_id: str) -> Venue:
    for i, data in enumerate(_preset_data()):
        if data["id"] == venue_id:
            return venue_from_dict(data, where=f"venues.yaml: venues[{i}]")
    raise UserInputError(
        _("unknown venue preset {id!r}.").format(id=venue_id),
        where="--venue",
        allowed=", ".join(preset_ids()),
    )


def preset_ids() -> tuple[str, ...]:
    return tuple(d["id"] for d in _preset_data())


def preset_defaults(venue_id: str) -> dict[str, Any]:
    """The event and operations a preset ships with (for the CLI and the widget)."""
    for data in _preset_data():
        if data["id"] == venue_id:
            return dict(data.get("default_event", {})), dict(data.get("default_operations", {}))
    raise UserInputError(
        _("unknown venue preset {id!r}.").format(id=venue_id),
        where="--venue",
        allowed=", ".join(preset_ids()),
    )


@lru_cache(maxsize=1)
def agencies() -> tuple[Agency, ...]:
    """The agencies of digest 002 with their tasks per phase (``data/agencies.yaml``)."""
    text = (
        resources.files("simsuite.massevent").joinpath("data", "agencies.yaml").read_text("utf-8")
    )
    data = load_shipped(text)
    return tuple(
        Agency(
            id=a["id"],
            name=a["name"],
            tasks={phase: tuple(a.get("tasks", {}).get(phase, ())) for phase in PHASES},
            source=a.get("source", ""),
        )
        for a in data["agencies"]
    )


def agency_ids() -> tuple[str, ...]:
    return tuple(a.id for a in agencies())
