"""The referral rule of simsuite: who must be notified, by whom, in which order and by when.

The rule is data (``data/rules.yaml``, validated by ``data/rules.schema.json``): per
jurisdiction, the *routes* (who notifies and when, ranked in time) and the *recipients* (the
bodies and people to consider), each with conditions on the person and a source. Call it from
anywhere::

    from simsuite.activities.referral import who_must_be_notified, person_from_case

    for notice in who_must_be_notified(person_from_case(case), lang="ru"):
        print(notice.rank, notice.label, "—", notice.route_label, "|", notice.citation().text)

:func:`who_must_be_notified` gives the notices that must happen, in time order;
:func:`referral_plan` gives the decision for every recipient a trainee considers, including
those that are not required or must not be involved (with why). Kyrgyzstan follows the police
manual (digest 004b); Azerbaijan the National Action Plan 2004 (digest 003) and the IOM needs
assessment (digest 001).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.activities.referral.content import validated_yaml
from simsuite.activities.referral.person import Person
from simsuite.content.sources import Citation, cite
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import _, get_language, localized

PACKAGE = "simsuite.activities.referral"
#: routes that mean "do not notify": the recipient is not required, or must not be involved
NOT_NOTIFIED = ("not_required", "must_not")
#: routes that depend on the person: only with their informed consent, or they decide
CONDITIONAL = ("with_consent", "inform_person")


@dataclass(frozen=True)
class Route:
    id: str
    rank: int | None
    label: Mapping[str, str]


@dataclass(frozen=True)
class Notification:
    """The decision for one recipient: who notifies them and when (the route), and why."""

    recipient: str
    route: str
    rank: int | None
    label: str
    route_label: str
    why: str
    source: Mapping[str, str]

    @property
    def required(self) -> bool:
        """Must happen whatever the person decides."""
        return self.route not in NOT_NOTIFIED + CONDITIONAL

    @property
    def conditional(self) -> bool:
        """Happens only with the person's informed consent, or is theirs to use."""
        return self.route in CONDITIONAL

    @property
    def to_do(self) -> bool:
        """Something the trainee must do or offer (required or conditional)."""
        return self.route not in NOT_NOTIFIED

    def citation(self, lang: str | None = None) -> Citation:
        return cite(dict(self.source), lang)


@cache
def rules() -> Mapping[str, Any]:
    """The rule data, validated (schema, then the references inside it)."""
    data = validated_yaml(PACKAGE, "rules.yaml", "rules.schema.json")
    check_rules(data, f"{PACKAGE}/data/rules.yaml")
    return data


def check_rules(data: Mapping[str, Any], where: str) -> None:
    """The references the schema cannot check: routes per jurisdiction, unique ids, every
    decision's route known."""
    for code, recipients in data["recipients"].items():
        if code not in data["routes"]:
            raise ContentError(
                _("No routes for jurisdiction {code}.").format(code=code), where=where
            )
        route_ids = [r["id"] for r in data["routes"][code]]
        missing = [r for r in NOT_NOTIFIED if r not in route_ids]
        if missing or len(set(route_ids)) != len(route_ids):
            raise ContentError(
                _("The routes of {code} must be unique and include {names}.").format(
                    code=code, names=", ".join(NOT_NOTIFIED)
                ),
                where=where,
            )
        ids = [r["id"] for r in recipients]
        if len(set(ids)) != len(ids):
            raise ContentError(_("Recipient ids of {code} repeat.").format(code=code), where=where)
        for recipient in recipients:
            for decision in [*recipient.get("rules", ()), recipient["otherwise"]]:
                if decision["route"] not in route_ids:
                    raise ContentError(
                        _("{recipient}: unknown route {route!r}.").format(
                            recipient=recipient["id"], route=decision["route"]
                        ),
                        where=where,
                        allowed=", ".join(route_ids),
                    )


def jurisdictions() -> tuple[str, ...]:
    return tuple(rules()["recipients"])


def routes(jurisdiction: str) -> tuple[Route, ...]:
    _check(jurisdiction)
    return tuple(Route(r["id"], r.get("rank"), r["label"]) for r in rules()["routes"][jurisdiction])


def _check(jurisdiction: str) -> None:
    if jurisdiction not in rules()["recipients"]:
        raise UserInputError(
            _("No referral rules for jurisdiction {code!r}.").format(code=jurisdiction),
            where="jurisdiction",
            allowed=", ".join(jurisdictions()),
        )


def candidates(person: Person) -> tuple[Mapping[str, Any], ...]:
    """The recipients a trainee considers for this person (data order)."""
    _check(person.jurisdiction)
    return tuple(
        r for r in rules()["recipients"][person.jurisdiction] if person.matches(r.get("candidate"))
    )


def decide(recipient: Mapping[str, Any], person: Person, lang: str) -> Notification:
    """The rule for one recipient and this person: the first matching rule, else `otherwise`."""
    decision = next(
        (d for d in recipient.get("rules", ()) if person.matches(d["when"])),
        recipient["otherwise"],
    )
    route = next(r for r in routes(person.jurisdiction) if r.id == decision["route"])
    return Notification(
        recipient=recipient["id"],
        route=route.id,
        rank=route.rank,
        label=localized(recipient["label"], lang),
        route_label=localized(route.label, lang),
        why=localized(decision["why"], lang),
        source=dict(decision["source"]),
    )


def referral_plan(person: Person, lang: str | None = None) -> tuple[Notification, ...]:
    """The decision for every recipient a trainee considers for ``person`` (data order)."""
    lang = lang or get_language()
    return tuple(decide(r, person, lang) for r in candidates(person))


def who_must_be_notified(
    person: Person | Any,
    jurisdiction: str | None = None,
    lang: str | None = None,
    include_conditional: bool = False,
) -> tuple[Notification, ...]:
    """Who must be notified for this person in this jurisdiction, by whom and when, in time
    order (rank; equal ranks keep the data order: the sources fix no order among them).

    ``person`` is a :class:`Person` or a generated :class:`simsuite.trafficking.Case`;
    ``jurisdiction`` (``KG`` or ``AZ``) defaults to the person's own. With
    ``include_conditional``, also what happens only with the person's consent or is offered to
    them (the family, an NGO for an adult, the hotline).
    """
    from simsuite.activities.referral.person import home_of, person_from_case, role_for

    if not isinstance(person, Person):
        person = person_from_case(person)
    if jurisdiction is not None and jurisdiction.upper() != person.jurisdiction:
        code = jurisdiction.upper()
        _check(code)
        person = dataclasses.replace(
            person, jurisdiction=code, home=home_of(code), role=role_for(code, person.child)
        )
    wanted = [
        n
        for n in referral_plan(person, lang)
        if n.required or (include_conditional and n.conditional)
    ]
    return tuple(sorted(wanted, key=lambda n: n.rank or 0))
