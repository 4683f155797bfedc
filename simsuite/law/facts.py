"""The case-facts model: what the evidence proves, as plain frozen data.

The same model feeds the qualification engine whether the facts come from the generator (built
directly, no validation cost) or from a user's JSON file (:func:`facts_from_dict`: JSON Schema
first, then the contradiction checks, each failure a :class:`UserInputError` naming the field).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from simsuite.errors import UserInputError
from simsuite.i18n import _
from simsuite.yamlio import load_shipped


@cache
def vocabulary() -> Mapping[str, Mapping[str, Any]]:
    """The controlled vocabulary (ids and labels) from ``vocabulary.yaml``."""
    text = resources.files("simsuite.law").joinpath("vocabulary.yaml").read_text("utf-8")
    return load_shipped(text)


@cache
def facts_schema() -> Mapping[str, Any]:
    text = resources.files("simsuite.law").joinpath("schemas", "case-facts.schema.json")
    return json.loads(text.read_text("utf-8"))


ACTS: tuple[str, ...] = tuple(vocabulary()["acts"])
TIMINGS: tuple[str, ...] = tuple(vocabulary()["means_timing"])
ROUTE_STATUSES: tuple[str, ...] = tuple(vocabulary()["route_status"])
#: At most this many open facts: the engine weighs every combination of their outcomes.
MAX_OPEN = 6
MEANS: tuple[str, ...] = tuple(vocabulary()["means"])
PURPOSES: tuple[str, ...] = tuple(vocabulary()["purposes"])
ROLES: tuple[str, ...] = tuple(vocabulary()["roles"])
OBSERVATIONS: tuple[str, ...] = tuple(vocabulary()["observations"])


@dataclass(frozen=True)
class Vulnerability:
    id: str
    kind: str  # personal | situational | circumstantial (004a [L255-262])
    origin: str = "pre_existing"  # or created_by_trafficker
    abuse_proven: bool = False


@dataclass(frozen=True)
class Victim:
    age: int
    sex: str
    citizenship: str
    vulnerabilities: tuple[Vulnerability, ...] = ()


@dataclass(frozen=True)
class Offender:
    id: str
    age: int
    roles: tuple[str, ...]
    knows_purpose: bool = True


@dataclass(frozen=True)
class Route:
    scope: str  # none | domestic | cross_border
    border_crossing: str  # none | legal | illegal (how it was, or was to be, crossed)
    origin: str | None = None
    transit: tuple[str, ...] = ()
    destination: str | None = None
    status: str = "completed"  # completed | interrupted | planned (never begun)
    border_crossed: bool | None = None  # None: crossed iff cross-border and completed

    @property
    def crossed(self) -> bool:
        """Whether the victim was actually moved across a state border."""
        if self.scope != "cross_border" or self.status == "planned":
            return False
        if self.border_crossed is not None:
            return self.border_crossed
        return self.status == "completed"


@dataclass(frozen=True)
class Facts:
    victim: Victim
    acts: tuple[str, ...]
    means: tuple[str, ...]
    purposes: tuple[str, ...]
    travel: str
    route: Route
    exploitation_occurred: bool
    offenders: tuple[Offender, ...] = ()
    consent: bool = False
    threat_is_real: bool = True
    ransom_demanded: bool = False
    labour_relation: bool = False
    observations: tuple[str, ...] = field(default=())
    #: victims of the same acts in this case (the facts above describe the first of them)
    victim_count: int = 1
    #: (means, when it was used: recruitment | transport | destination); a means not listed
    #: here counts for any act
    means_timing: tuple[tuple[str, str], ...] = ()
    #: the victim agreed at first and later withdrew that agreement
    consent_withdrawn: bool = False
    #: the person was seized in order to be married against their will (bride kidnapping)
    abduction_for_marriage: bool = False
    #: facts not yet established (see ``vocabulary.yaml`` open_facts and the schema)
    open: tuple[str, ...] = ()

    def timing(self, means: str) -> str | None:
        return dict(self.means_timing).get(means)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in the schema's shape, keys in a fixed order."""
        return {
            "schema_version": 2,
            "victim": {
                "age": self.victim.age,
                "sex": self.victim.sex,
                "citizenship": self.victim.citizenship,
                "vulnerabilities": [
                    {"id": v.id, "kind": v.kind, "origin": v.origin, "abuse_proven": v.abuse_proven}
                    for v in self.victim.vulnerabilities
                ],
            },
            "offenders": [
                {"id": o.id, "age": o.age, "roles": list(o.roles), "knows_purpose": o.knows_purpose}
                for o in self.offenders
            ],
            "acts": list(self.acts),
            "means": list(self.means),
            "purposes": list(self.purposes),
            "travel": self.travel,
            "route": {
                "scope": self.route.scope,
                "origin": self.route.origin,
                "transit": list(self.route.transit),
                "destination": self.route.destination,
                "border_crossing": self.route.border_crossing,
                "status": self.route.status,
                "border_crossed": self.route.crossed,
            },
            "exploitation_occurred": self.exploitation_occurred,
            "consent": self.consent,
            "threat_is_real": self.threat_is_real,
            "ransom_demanded": self.ransom_demanded,
            "labour_relation": self.labour_relation,
            "observations": list(self.observations),
            "victim_count": self.victim_count,
            "means_timing": dict(self.means_timing),
            "consent_withdrawn": self.consent_withdrawn,
            "abduction_for_marriage": self.abduction_for_marriage,
            "open": list(self.open),
        }


def _path(error_path: Any) -> str:
    parts = []
    for item in error_path:
        parts.append(f"[{item}]" if isinstance(item, int) else f".{item}")
    return "".join(parts).lstrip(".")


def _schema_error(data: Any, where: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(facts_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.path), list(e.path)))
    if not errors:
        return
    error = errors[0]
    location = _path(error.path)
    here = f"{where}: {location}" if location else where
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        name = missing[0] if missing else "?"
        full = f"{location}.{name}" if location else name
        raise UserInputError(
            _("missing field {field!r}.").format(field=full),
            where=where,
            allowed=_("required fields here: {fields}").format(
                fields=", ".join(error.validator_value)
            ),
        )
    if error.validator == "additionalProperties":
        known = ", ".join(error.schema.get("properties", {}))
        raise UserInputError(
            _("unknown field ({detail}).").format(detail=error.message),
            where=here,
            allowed=known,
        )
    if error.validator == "enum":
        raise UserInputError(
            _("{value!r} is not an allowed value.").format(value=error.instance),
            where=here,
            allowed=", ".join(str(v) for v in error.validator_value),
        )
    allowed = None
    if error.validator in ("type", "minimum", "maximum", "pattern", "uniqueItems", "const"):
        allowed = f"{error.validator}: {error.validator_value}"
    raise UserInputError(
        _("invalid value: {detail}").format(detail=error.message), where=here, allowed=allowed
    )


def facts_from_dict(data: Any, where: str = "facts") -> Facts:
    """Validate a JSON-like mapping and build :class:`Facts`; contradictions are user errors."""
    _schema_error(data, where)
    victim = data["victim"]
    route = data["route"]
    facts = Facts(
        victim=Victim(
            age=victim["age"],
            sex=victim["sex"],
            citizenship=victim["citizenship"],
            vulnerabilities=tuple(
                Vulnerability(
                    id=v["id"],
                    kind=v["kind"],
                    origin=v.get("origin", "pre_existing"),
                    abuse_proven=v.get("abuse_proven", False),
                )
                for v in victim.get("vulnerabilities", [])
            ),
        ),
        offenders=tuple(
            Offender(
                id=o["id"],
                age=o["age"],
                roles=tuple(o["roles"]),
                knows_purpose=o.get("knows_purpose", True),
            )
            for o in data.get("offenders", [])
        ),
        acts=tuple(data["acts"]),
        means=tuple(data["means"]),
        purposes=tuple(data["purposes"]),
        travel=data["travel"],
        route=Route(
            scope=route["scope"],
            border_crossing=route["border_crossing"],
            origin=route.get("origin"),
            transit=tuple(route.get("transit", [])),
            destination=route.get("destination"),
            status=route.get("status", "completed"),
            border_crossed=route.get("border_crossed"),
        ),
        exploitation_occurred=data["exploitation_occurred"],
        consent=data.get("consent", False),
        threat_is_real=data.get("threat_is_real", True),
        ransom_demanded=data.get("ransom_demanded", False),
        labour_relation=data.get("labour_relation", False),
        observations=tuple(data.get("observations", [])),
        victim_count=data.get("victim_count", 1),
        means_timing=tuple(data.get("means_timing", {}).items()),
        consent_withdrawn=data.get("consent_withdrawn", False),
        abduction_for_marriage=data.get("abduction_for_marriage", False),
        open=tuple(data.get("open", [])),
    )
    check_consistency(facts, where)
    return facts


def check_consistency(facts: Facts, where: str = "facts") -> None:
    """Reject facts that contradict each other, naming the field and what would be allowed."""
    route = facts.route
    if route.scope == "domestic" and route.border_crossing != "none":
        raise UserInputError(
            _("a domestic route cannot cross a border."),
            where=f"{where}: route.border_crossing",
            allowed=_("'none' when route.scope is 'domestic'"),
        )
    if route.scope == "cross_border" and route.border_crossing == "none":
        raise UserInputError(
            _("a cross-border route must say how the border was crossed."),
            where=f"{where}: route.border_crossing",
            allowed="legal, illegal",
        )
    if route.scope == "none" and (route.border_crossing != "none" or route.transit):
        raise UserInputError(
            _("a case without a route cannot have a border crossing or transit countries."),
            where=f"{where}: route",
            allowed=_("scope 'domestic' or 'cross_border' to describe a journey"),
        )
    if route.scope == "cross_border" and route.origin and route.origin == route.destination:
        raise UserInputError(
            _("a cross-border route needs different origin and destination countries."),
            where=f"{where}: route.destination",
            allowed=_("a country code other than {origin}").format(origin=route.origin),
        )
    if facts.travel == "independent" and any("transporter" in o.roles for o in facts.offenders):
        raise UserInputError(
            _("the victim travelled independently, yet an offender is a transporter."),
            where=f"{where}: travel",
            allowed=_("'arranged_by_offender' if someone organised the journey"),
        )
    if facts.exploitation_occurred and not facts.purposes:
        raise UserInputError(
            _("exploitation_occurred is true but no purpose of exploitation is given."),
            where=f"{where}: purposes",
            allowed=", ".join(PURPOSES),
        )
    if "abuse_of_vulnerability" in facts.means and not facts.victim.vulnerabilities:
        raise UserInputError(
            _("means lists abuse_of_vulnerability but the victim has no vulnerability."),
            where=f"{where}: victim.vulnerabilities",
            allowed=_("at least one entry of kind personal, situational or circumstantial"),
        )
    if "payment_to_person_in_control" in facts.means and not any(
        "person_in_control" in o.roles for o in facts.offenders
    ):
        raise UserInputError(
            _("means lists payment_to_person_in_control but nobody has that role."),
            where=f"{where}: offenders",
            allowed=_("an offender with the role 'person_in_control'"),
        )
    if "unaccompanied_foreign_child" in facts.observations and facts.victim.age >= 18:
        raise UserInputError(
            _("an adult cannot be an unaccompanied foreign child."),
            where=f"{where}: observations",
            allowed=_("victim.age under 18, or remove the observation"),
        )
    ids = [o.id for o in facts.offenders]
    if len(ids) != len(set(ids)):
        raise UserInputError(
            _("offender ids must be unique."), where=f"{where}: offenders", allowed=None
        )
    if route.border_crossed and (route.scope != "cross_border" or route.status == "planned"):
        raise UserInputError(
            _(
                "the border cannot have been crossed on a route that is not cross-border or "
                "was never travelled."
            ),
            where=f"{where}: route.border_crossed",
            allowed=_("false, or scope 'cross_border' with status 'completed' or 'interrupted'"),
        )
    for means, _when in facts.means_timing:
        if means not in facts.means:
            raise UserInputError(
                _("means_timing names {means!r}, which is not among the means.").format(
                    means=means
                ),
                where=f"{where}: means_timing",
                allowed=", ".join(facts.means) or _("no means (the list is empty)"),
            )
    if "earnings_withheld" in facts.observations and "wages_unpaid" in facts.observations:
        raise UserInputError(
            _("wages cannot be both withheld (kept by someone) and simply unpaid."),
            where=f"{where}: observations",
            allowed=_("earnings_withheld or wages_unpaid, not both"),
        )
    if facts.consent_withdrawn and not facts.consent:
        raise UserInputError(
            _("consent_withdrawn needs consent: the victim must first have agreed."),
            where=f"{where}: consent_withdrawn",
            allowed=_("consent: true, or consent_withdrawn: false"),
        )
    for item in facts.open:
        check_open_fact(facts, item, where)


def open_fact_kind(item: str) -> tuple[str, str | None]:
    """The kind of an open fact and its argument: ``"means:threat"`` -> ("means", "threat"),
    ``"offender:B.knows_purpose"`` -> ("offender.knows_purpose", "B")."""
    if item.startswith("offender:") and "." in item:
        who, _dot, attribute = item[len("offender:") :].rpartition(".")
        return f"offender.{attribute}", who
    if item.startswith("vulnerability:") and item.endswith(".abuse_proven"):
        return "vulnerability.abuse_proven", item[len("vulnerability:") : -len(".abuse_proven")]
    if ":" in item:
        kind, _colon, argument = item.partition(":")
        return kind, argument
    return item, None


def check_open_fact(facts: Facts, item: str, where: str = "facts") -> None:
    """An open fact must name something the facts could hold, once."""
    here = f"{where}: open"
    known = vocabulary()["open_facts"]
    kind, argument = open_fact_kind(item)
    allowed = _(
        "victim.age, acts:<act>, means:<means>, purposes:<purpose>, exploitation_occurred, "
        "threat_is_real, travel, route.border_crossing, labour_relation, "
        "abduction_for_marriage, offender:<id>.knows_purpose, offender:<id>.age, "
        "vulnerability:<id>.abuse_proven"
    )
    if kind not in known:
        raise UserInputError(
            _("{item!r} is not a fact that can be left open.").format(item=item),
            where=here,
            allowed=allowed,
        )
    lists = {"acts": ACTS, "means": MEANS, "purposes": PURPOSES}
    if kind in lists and argument not in lists[kind]:
        raise UserInputError(
            _("{item!r} names an unknown {kind} id.").format(item=item, kind=kind),
            where=here,
            allowed=", ".join(lists[kind]),
        )
    if kind.startswith("offender.") and argument not in {o.id for o in facts.offenders}:
        raise UserInputError(
            _("{item!r} names an offender the facts do not list.").format(item=item),
            where=here,
            allowed=", ".join(o.id for o in facts.offenders) or _("no offenders"),
        )
    if kind == "vulnerability.abuse_proven" and argument not in {
        v.id for v in facts.victim.vulnerabilities
    }:
        raise UserInputError(
            _("{item!r} names a vulnerability the victim does not have.").format(item=item),
            where=here,
            allowed=", ".join(v.id for v in facts.victim.vulnerabilities) or _("none"),
        )
    if kind == "route.border_crossing" and facts.route.scope != "cross_border":
        raise UserInputError(
            _("the border crossing can be open only on a cross-border route."),
            where=here,
            allowed=_("route.scope 'cross_border'"),
        )
    if facts.open.count(item) > 1:
        raise UserInputError(
            _("{item!r} is listed twice.").format(item=item), where=here, allowed=None
        )
    if len(facts.open) > MAX_OPEN:
        raise UserInputError(
            _("too many open facts ({count}).").format(count=len(facts.open)),
            where=here,
            allowed=_("at most {limit}").format(limit=MAX_OPEN),
        )


def country_role(route: Route, country: str) -> str | None:
    """A country's role in a route: origin, transit or destination (004a [L169-179])."""
    if route.scope == "domestic" and country in (route.origin, route.destination):
        return "domestic"
    if route.origin == country:
        return "origin"
    if country in route.transit:
        return "transit"
    if route.destination == country:
        return "destination"
    return None
