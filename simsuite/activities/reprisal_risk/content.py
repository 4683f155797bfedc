"""The planner's content as typed, checked data: threats, vulnerabilities, capacities, measures,
the four-step scale, and the briefing sentences (``data/catalogue.yaml``, ``data/briefing.yaml``).

Both files are checked against ``data/schema.json`` when loaded, then for references between
entries (a measure removes a vulnerability that exists, a factor bears on a threat that exists,
a source id is defined...): every problem is a :class:`ContentError` naming the entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.content import package_yaml, schema_checked
from simsuite.content.sources import Citation, cite
from simsuite.errors import ContentError
from simsuite.i18n import _

PACKAGE = "simsuite.activities.reprisal_risk"
LEVELS = ("low", "medium", "high", "very_high")


@dataclass(frozen=True)
class Clause:
    all: frozenset[str] = frozenset()
    any: frozenset[str] = frozenset()
    none: frozenset[str] = frozenset()

    def holds(self, flags: frozenset[str]) -> bool:
        return (
            self.all <= flags
            and (not self.any or bool(self.any & flags))
            and not self.none & flags
        )


@dataclass(frozen=True)
class Condition:
    """Clauses of which at least one must hold; no clause: always."""

    clauses: tuple[Clause, ...] = ()

    def holds(self, flags: Iterable[str]) -> bool:
        flags = frozenset(flags)
        return not self.clauses or any(clause.holds(flags) for clause in self.clauses)

    def flags(self) -> frozenset[str]:
        return frozenset().union(*((c.all | c.any | c.none) for c in self.clauses))


ALWAYS = Condition()


def _condition(raw: Any) -> Condition:
    if raw is None:
        return ALWAYS
    clauses = raw if isinstance(raw, list) else [raw]
    return Condition(
        tuple(
            Clause(*(frozenset(c.get(part, ())) for part in ("all", "any", "none")))
            for c in clauses
        )
    )


@dataclass(frozen=True)
class LevelRule:
    when: Condition
    level: str
    why: Mapping[str, str]


@dataclass(frozen=True)
class Threat:
    id: str
    typology: int
    label: Mapping[str, str]
    source: Any
    present: Condition
    absent: Mapping[str, str] | None
    likelihood: tuple[LevelRule, ...]
    impact: tuple[LevelRule, ...]

    def rate(self, axis: str, flags: Iterable[str]) -> LevelRule:
        flags = frozenset(flags)
        for rule in getattr(self, axis):
            if rule.when.holds(flags):
                return rule
        raise AssertionError("the last rule has no condition")  # checked at load


@dataclass(frozen=True)
class Factor:
    id: str
    kind: str  # vulnerability | capacity
    area: str
    label: Mapping[str, str]
    present: Condition
    bears_on: frozenset[str]
    source: Any


@dataclass(frozen=True)
class Exposure:
    when: Condition
    why: Mapping[str, str]
    source: Any


@dataclass(frozen=True)
class Measure:
    id: str
    phase: str  # prevent | respond
    label: Mapping[str, str]
    removes: frozenset[str]
    builds: frozenset[str]
    adds: frozenset[str]
    addresses: frozenset[str]
    applies: Condition
    not_applicable: Mapping[str, str] | None
    offered: Condition
    exposes: Exposure | None
    source: Any


@dataclass(frozen=True)
class Sentence:
    id: str
    when: Condition
    shows: tuple[str, ...]
    text: Mapping[str, str]


@dataclass(frozen=True)
class Catalogue:
    level_values: Mapping[str, int]
    level_labels: Mapping[str, Mapping[str, str]]
    sources: Mapping[str, Any]
    threats: Mapping[str, Threat]  # catalogue order
    factors: Mapping[str, Factor]
    measures: Mapping[str, Measure]
    budgets: Mapping[str, int]
    sentences: tuple[Sentence, ...]

    def source(self, raw: Any) -> Any:
        """A source as written: an id of ``sources`` resolved to its entry."""
        return self.sources[raw] if isinstance(raw, str) else raw

    def cite(self, raw: Any, lang: str) -> Citation:
        return cite(self.source(raw), lang)

    def of_kind(self, kind: str) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors.values() if f.kind == kind)

    def in_phase(self, phase: str) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures.values() if m.phase == phase)


def _check_references(catalogue: Catalogue, where: str) -> None:
    def fail(entry: str, message: str, allowed: Iterable[str] = ()) -> None:
        raise ContentError(message, where=f"{where}: {entry}", allowed=", ".join(allowed) or None)

    threats, factors = set(catalogue.threats), catalogue.factors
    vulnerabilities = {f.id for f in factors.values() if f.kind == "vulnerability"}
    capacities = {f.id for f in factors.values() if f.kind == "capacity"}
    for name, ids in (("threats", list(catalogue.threats)), ("factors", list(factors)),
                      ("measures", list(catalogue.measures))):
        if len(ids) != len(set(ids)):
            fail(name, _("Ids must be unique."))
    if set(catalogue.level_values) != set(LEVELS):
        fail("levels", _("The scale needs exactly these levels."), LEVELS)

    def known_source(entry: str, raw: Any) -> None:
        if isinstance(raw, str) and raw not in catalogue.sources:
            fail(entry, _("Unknown source id {id!r}.").format(id=raw), catalogue.sources)

    for threat in catalogue.threats.values():
        known_source(f"threats/{threat.id}", threat.source)
        for axis in ("likelihood", "impact"):
            if getattr(threat, axis)[-1].when.clauses:
                fail(f"threats/{threat.id}/{axis}", _("The last rule must have no condition."))
        if threat.present.clauses and threat.absent is None:
            fail(f"threats/{threat.id}", _("A threat that may be absent says why (absent)."))
    for factor in factors.values():
        known_source(f"factors/{factor.id}", factor.source)
        unknown = factor.bears_on - threats
        if unknown:
            fail(f"factors/{factor.id}/bears_on", _("Unknown threat(s): {ids}.").format(
                ids=", ".join(sorted(unknown))), sorted(threats))
    for measure in catalogue.measures.values():
        entry = f"measures/{measure.id}"
        known_source(entry, measure.source)
        if measure.exposes is not None:
            known_source(f"{entry}/exposes", measure.exposes.source)
        for field, allowed in (("removes", vulnerabilities), ("adds", vulnerabilities),
                               ("builds", capacities), ("addresses", threats)):
            unknown = getattr(measure, field) - allowed
            if unknown:
                fail(f"{entry}/{field}", _("Unknown id(s): {ids}.").format(
                    ids=", ".join(sorted(unknown))), sorted(allowed))
        if measure.phase == "respond" and not measure.addresses:
            fail(entry, _("An emergency measure names the threats it answers (addresses)."))
        if measure.phase == "prevent" and measure.addresses:
            fail(entry, _("A preventive measure acts through the factors it removes or builds."))
        if measure.phase == "prevent" and measure.exposes is None and not (
            measure.removes | measure.builds
        ):
            fail(entry, _("A safe preventive measure removes a vulnerability or builds a "
                          "capacity."))
        if measure.applies.clauses and measure.not_applicable is None:
            fail(entry, _("A measure that applies only sometimes says why not (not_applicable)."))


def _text(raw: Any) -> Mapping[str, str] | None:
    return dict(raw) if raw is not None else None


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue and briefing, checked (cached: content is read-only)."""
    where = "reprisal_risk/data/catalogue.yaml"
    data = schema_checked(
        package_yaml(PACKAGE, "data", "catalogue.yaml"), PACKAGE, "data/schema.json",
        "catalogue", where,
    )
    briefing_where = "reprisal_risk/data/briefing.yaml"
    briefing = schema_checked(
        package_yaml(PACKAGE, "data", "briefing.yaml"), PACKAGE, "data/schema.json",
        "briefing", briefing_where,
    )
    result = Catalogue(
        level_values={level["id"]: level["value"] for level in data["levels"]},
        level_labels={level["id"]: level["label"] for level in data["levels"]},
        sources=data["sources"],
        threats={
            t["id"]: Threat(
                id=t["id"],
                typology=t["typology"],
                label=t["label"],
                source=t["source"],
                present=_condition(t.get("present")),
                absent=_text(t.get("absent")),
                likelihood=tuple(
                    LevelRule(_condition(r.get("when")), r["level"], r["why"])
                    for r in t["likelihood"]
                ),
                impact=tuple(
                    LevelRule(_condition(r.get("when")), r["level"], r["why"]) for r in t["impact"]
                ),
            )
            for t in data["threats"]
        },
        factors={
            f["id"]: Factor(
                id=f["id"],
                kind=f["kind"],
                area=f["area"],
                label=f["label"],
                present=_condition(f["present"]),
                bears_on=frozenset(f["bears_on"]),
                source=f["source"],
            )
            for f in data["factors"]
        },
        measures={
            m["id"]: Measure(
                id=m["id"],
                phase=m["phase"],
                label=m["label"],
                removes=frozenset(m.get("removes", ())),
                builds=frozenset(m.get("builds", ())),
                adds=frozenset(m.get("adds", ())),
                addresses=frozenset(m.get("addresses", ())),
                applies=_condition(m.get("applies")),
                not_applicable=_text(m.get("not_applicable")),
                offered=_condition(m.get("offered")),
                exposes=(
                    Exposure(
                        _condition(m["exposes"].get("when")),
                        m["exposes"]["why"],
                        m["exposes"]["source"],
                    )
                    if "exposes" in m
                    else None
                ),
                source=m["source"],
            )
            for m in data["measures"]
        },
        budgets=data["budgets"],
        sentences=tuple(
            Sentence(s["id"], _condition(s.get("when")), tuple(s.get("shows", ())), s["text"])
            for s in briefing["sentences"]
        ),
    )
    _check_references(result, where)
    return result
