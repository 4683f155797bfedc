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
THREAT_LEVELS = ("low", "moderate", "substantial", "severe")
PHASES = ("preparation", "conduct", "analysis")

#: Geometric tolerance (m) for "lies on the boundary" checks.
TOLERANCE = 0.05


@lru_cache(maxsize=1)
def standards() -> dict[str, Any]:
    """The engineering figures with their sources (``data/standards.yaml``)."""
    text = (
        resources.files("simsuite.massevent").joinpath("data", "standards.yaml").read_text("utf-8")
    )
    return yaml.safe_load(text)


def std(name: str) -> float:
    return float(standards()[name]["value"])


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    coords: tuple[tuple[float, float], ...]
    kind: str = "standing"
    surface: str = "level"
    seats: int | None = None

    @cached_property
    def polygon(self) -> Polygon:
        return Polygon(self.coords)


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


def _choice(value: Any, allowed: Sequence[str], where: str) -> str:
    if value not in allowed:
        raise UserInputError(
            _("{value!r} is not a known value.").format(value=value),
            where=where,
            allowed=", ".join(allowed),
        )
    return str(value)


def _number(value: Any, where: str, *, minimum: float | None = None, strict: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise UserInputError(
            _("expected a number, got {value!r}.").format(value=value), where=where
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
    oid = str(_req(data, "id", where))
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
    return Opening(
        id=oid, kind=kind, coords=(coords[0], coords[1]), width=width, surface=surface, **kwargs
    )


def venue_from_dict(data: Any, where: str = "venue") -> Venue:
    """Build and validate a venue from plain data (the YAML/JSON format in docs/massevent.md)."""
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping describing a venue."), where=where)
    vid = str(_req(data, "id", where))
    zones_data = _req(data, "zones", where)
    if not isinstance(zones_data, Sequence) or isinstance(zones_data, str) or not zones_data:
        raise UserInputError(_("a venue needs at least one zone."), where=f"{where}.zones")
    zones = []
    for i, zd in enumerate(zones_data):
        zw = f"{where}.zones[{i}]"
        seats = zd.get("seats") if isinstance(zd, Mapping) else None
        if seats is not None:
            seats = int(_number(seats, f"{zw}.seats", minimum=0))
        zones.append(
            Zone(
                id=str(_req(zd, "id", zw)),
                name=str(zd.get("name", zd["id"])),
                coords=_polygon(_req(zd, "polygon", zw), f"{zw}.polygon"),
                kind=_choice(zd.get("kind", "standing"), ZONE_KINDS, f"{zw}.kind"),
                surface=_choice(zd.get("surface", "level"), SURFACES, f"{zw}.surface"),
                seats=seats,
            )
        )
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
    obstacles = tuple(
        _polygon(o, f"{where}.obstacles[{i}]") for i, o in enumerate(data.get("obstacles") or ())
    )

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
    venue = Venue(
        id=vid,
        name=str(data.get("name", vid)),
        city=str(data.get("city", "")),
        description=str(data.get("description", "")),
        zones=tuple(zones),
        exits=exits,
        gates=gates,
        passages=passages,
        obstacles=obstacles,
        fictional=bool(data.get("fictional", True)),
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


def event_from_dict(data: Any, where: str = "event") -> EventProfile:
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping describing the event."), where=where)
    attendance = _number(_req(data, "attendance", where), f"{where}.attendance", minimum=0)
    if attendance != int(attendance):
        raise UserInputError(_("attendance must be a whole number."), where=f"{where}.attendance")
    return EventProfile(
        kind=_choice(_req(data, "kind", where), EVENT_KINDS, f"{where}.kind"),
        attendance=int(attendance),
        arrival_window_min=_number(
            data.get("arrival_window_min", 90), f"{where}.arrival_window_min", minimum=1
        ),
        arrival_curve=_choice(
            data.get("arrival_curve", "normal"), ARRIVAL_CURVES, f"{where}.arrival_curve"
        ),
        duration_h=_number(
            data.get("duration_h", 3), f"{where}.duration_h", minimum=0, strict=True
        ),
        alcohol=bool(data.get("alcohol", False)),
        weather=_choice(data.get("weather", "fair"), WEATHER, f"{where}.weather"),
        threat_level=_choice(
            data.get("threat_level", "moderate"), THREAT_LEVELS, f"{where}.threat_level"
        ),
    )


def operations_from_dict(data: Any, where: str = "operations") -> Operations:
    data = data or {}
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping."), where=where)

    def count(key: str) -> int:
        value = _number(data.get(key, 0), f"{where}.{key}", minimum=0)
        return int(value)

    cap = data.get("capacity_cap")
    return Operations(
        stewards=count("stewards"),
        police=count("police"),
        medical_posts=count("medical_posts"),
        situation_centre=bool(data.get("situation_centre", False)),
        one_way_routes=bool(data.get("one_way_routes", False)),
        public_information=bool(data.get("public_information", False)),
        capacity_cap=None if cap is None else int(_number(cap, f"{where}.capacity_cap", minimum=0)),
        staggered_arrival=bool(data.get("staggered_arrival", False)),
    )


def load_yaml(path: str | Path) -> Any:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UserInputError(
            _("cannot read the file ({reason}).").format(reason=error.strerror), where=str(path)
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise UserInputError(
            _("not valid YAML or JSON: {reason}").format(reason=error), where=str(path)
        ) from None


def load_venue_file(path: str | Path) -> Venue:
    """Load a venue from a YAML (or JSON) file; a file may hold one venue or ``venues: [...]``."""
    data = load_yaml(path)
    name = Path(path).name
    if isinstance(data, Mapping) and "venues" in data:
        venues = data["venues"]
        if not isinstance(venues, Sequence) or not venues:
            raise UserInputError(_("'venues' must be a non-empty list."), where=f"{name}: venues")
        return venue_from_dict(venues[0], where=f"{name}: venues[0]")
    return venue_from_dict(data, where=f"{name}: venue")


@lru_cache(maxsize=1)
def _preset_data() -> list[dict[str, Any]]:
    text = resources.files("simsuite.massevent").joinpath("data", "venues.yaml").read_text("utf-8")
    return yaml.safe_load(text)["venues"]


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
    data = yaml.safe_load(text)
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
