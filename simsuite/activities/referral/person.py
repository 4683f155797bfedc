"""The person a police officer meets at first contact, drawn from a generated case.

The three first-response exercise types (``first_contact``, ``victim_file``, ``referral``) build
on the case engine: :func:`person_from_case` reads the stable parts of a
:class:`simsuite.trafficking.Case` (the victim's age, sex and citizenship, the form of
exploitation, the means the verdict establishes, the story's fictional names and places) and
adds what a first contact needs that the case does not tell (where the conversation happens,
whether the person accepts services, how long ago a child was last abused). Those additions are
drawn from a random generator seeded by the case id, so the same case gives the same person in
every first-response exercise, and seed N names one story across modules.

Texts about the person are filled by :func:`fill`: ``{name}``, ``{age}``, ``{recruiter}``,
``{relative}``, ``{town}``, ``{home_town}``, ``{country}``, ``{language}``, ``{hours}``,
``{hours_left}``, ``{hotline}``, and ``{g:male form/female form}`` for words that agree with the
person's sex (pronouns in English, verb and adjective endings in Russian).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.content import package_yaml
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import _, localized

#: the case-generator parameters every first-response type takes (near misses are practised in
#: identification and qualification: first response starts from a presumed victim)
CASE_PARAMS: Mapping[str, Any] = {
    "jurisdiction": "KG",
    "age_band": "any",
    "difficulty": "medium",
    "forms": None,
}
#: hours since the last abuse, drawn for a child subjected to sexual exploitation
HOURS_RANGE = (6, 120)
WINDOW_HOURS = 72
_GENDER = re.compile(r"\{g:([^/{}]*)/([^{}]*)\}")


@cache
def _data() -> Mapping[str, Any]:
    return package_yaml("simsuite.activities.referral", "data", "person.yaml")


@dataclass(frozen=True)
class Person:
    """What a first contact needs to know about the person; language-neutral."""

    case_id: str
    jurisdiction: str
    age: int
    sex: str
    citizenship: str
    home: str
    kind: str
    #: the language the person speaks when it is not one the officer interviews in, else None
    language: str | None
    #: a child subjected to sexual exploitation: hours since the last abuse (else None)
    hours_since: int | None
    #: a child whose parent or carer handed them over for money (the case's means)
    parent_perpetrator: bool
    #: an adult who declines the services offered (their right)
    refuses_services: bool
    #: the journey: origin and destination countries, and whether exploitation happened (a
    #: case stopped on the way has none)
    origin: str
    destination: str
    exploited: bool
    #: whether the person was exploited (or stopped) inside the jurisdiction
    local_site: bool
    #: (pool, index) of a town in the jurisdiction where the officer meets the person
    town_ref: tuple[str, int]
    setting: str
    role: str
    #: (placeholder, pool, index) of the story's fictional names and places
    pooled: tuple[tuple[str, str, int], ...]
    #: the police indicators the case shows (ids of the Kyrgyz manual's lists)
    indicators: tuple[str, ...] = ()
    #: the recruiter's sex (descriptions of the perpetrator agree with it)
    recruiter_sex: str = "male"

    @property
    def child(self) -> bool:
        return self.age < 18

    @property
    def foreign(self) -> bool:
        return self.citizenship != self.home

    @property
    def sexual_violence(self) -> bool:
        return self.kind == "sexual_exploitation"

    @property
    def within_72h(self) -> bool:
        return self.hours_since is not None and self.hours_since <= WINDOW_HOURS

    def features(self) -> dict[str, Any]:
        """The facts that data conditions (``when:``) test."""
        return {
            "jurisdiction": self.jurisdiction,
            "child": self.child,
            "adult": not self.child,
            "foreign": self.foreign,
            "interpreter": self.language is not None,
            "sexual_violence": self.sexual_violence,
            "within_72h": self.within_72h,
            "parent_perpetrator": self.parent_perpetrator,
            "refuses_services": self.refuses_services,
            "indicators": bool(self.indicators),
            "setting": self.setting,
            "role": self.role,
        }

    def matches(self, when: Mapping[str, Any] | None) -> bool:
        """Whether the person meets a data condition: every named feature has the value given
        (a list means any of its values)."""
        if not when:
            return True
        features = self.features()
        for name, wanted in when.items():
            if name not in features:
                raise ContentError(
                    _("Unknown condition {name!r}.").format(name=name),
                    where="when",
                    allowed=", ".join(features),
                )
            value = features[name]
            if isinstance(wanted, list):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True

    def role_label(self, lang: str) -> str:
        return localized(_data()["roles"][self.role]["label"], lang)

    def values(self, lang: str) -> dict[str, Any]:
        """Placeholder values in ``lang``."""
        from simsuite.trafficking.render import templates

        tpl = templates(lang)
        pooled = {name: tpl["pools"][pool][index] for name, pool, index in self.pooled}
        countries = tpl["countries"]
        country = countries[self.citizenship]["name"]
        crime_town = pooled.get("dest_town" if self.exploited else "home_town", "")
        crime_country = countries[self.destination if self.exploited else self.origin]["name"]
        language_name = (
            localized(_data()["languages"][self.language]["name"], lang) if self.language else ""
        )
        hotline = _data()["hotlines"].get(self.jurisdiction)
        return {
            "name": pooled.get("victim", ""),
            "recruiter": pooled.get("recruiter", ""),
            "relative": pooled.get("relative", ""),
            "town": tpl["pools"][self.town_ref[0]][self.town_ref[1]],
            "home_town": pooled.get("home_town", ""),
            "dest_town": pooled.get("dest_town", ""),
            "crime_town": crime_town,
            "crime_country": crime_country,
            "company": pooled.get("company", ""),
            "age": self.age,
            "country": country,
            "language": language_name,
            "hours": self.hours_since if self.hours_since is not None else "",
            "hours_left": max(0, WINDOW_HOURS - (self.hours_since or 0)),
            "hotline": localized(hotline, lang) if hotline else "",
            "role": self.role_label(lang),
            "station": localized(_data()["stations"][self.jurisdiction], lang),
        }


def fill(text: str | Mapping[str, str], person: Person, lang: str, **extra: Any) -> str:
    """A content text about ``person`` in ``lang``, its placeholders filled."""
    raw = localized(text, lang)
    female = person.sex == "female"
    raw = _GENDER.sub(lambda m: m.group(2) if female else m.group(1), raw)
    try:
        text = raw.format(**{**person.values(lang), **extra})
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(
            _("A text has an unknown placeholder {name}.").format(name=error), where=raw[:60]
        ) from None
    # a name ending in an initial ("Zh.") at the end of a sentence must not double the stop
    return text.replace("..", ".")


def briefing(person: Person, lang: str) -> str:
    """What the officer knows when an exercise starts: who they are, where they meet the
    person, and the person's situation (Markdown paragraph)."""
    data = _data()
    texts = [
        fill(entry["text"], person, lang)
        for entry in data["briefing"]
        if person.matches(entry.get("when"))
    ]
    texts.insert(1, fill(data["settings"][person.setting]["text"], person, lang))  # after the role
    return " ".join(texts)


def check_case_params(
    params: Mapping[str, Any], jurisdictions: tuple[str, ...], type_name: str
) -> None:
    """The case parameters a first-response type accepts, with a clear error otherwise."""
    from simsuite.trafficking import GeneratorParams

    code = str(params.get("jurisdiction", "")).upper()
    if code not in jurisdictions:
        raise UserInputError(
            _("{type} has rules for {allowed} only, not {code!r}.").format(
                type=type_name, allowed=", ".join(jurisdictions), code=params.get("jurisdiction")
            ),
            where="jurisdiction",
            allowed=", ".join(jurisdictions),
        )
    GeneratorParams(**case_generator_params(params))  # the engine's own checks


def case_generator_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The case engine's parameters for a first-response scenario: a presumed victim only."""
    return {
        "jurisdiction": str(params["jurisdiction"]).upper(),
        "age_band": params["age_band"],
        "difficulty": params["difficulty"],
        "forms": tuple(params["forms"]) if params.get("forms") else None,
        "non_trafficking_share": 0.0,
    }


def generate_person_case(params: Mapping[str, Any], seed: int):
    """(the case, the person) for a first-response scenario: a pure function of both."""
    from simsuite.trafficking import GeneratorParams, generate_case

    case = generate_case(seed=seed, params=GeneratorParams(**case_generator_params(params)))
    return case, person_from_case(case)


def home_of(jurisdiction: str) -> str:
    return _data()["home"][jurisdiction]


def roles(jurisdiction: str, child: bool) -> list[str]:
    """The roles that meet a person of this age in this jurisdiction (data order)."""
    return [
        role
        for role, spec in _data()["roles"].items()
        if jurisdiction in spec["jurisdictions"] and spec.get("child", child) == child
    ]


def role_for(jurisdiction: str, child: bool) -> str:
    """The first role that meets such a person (Kyrgyzstan: the juvenile affairs inspector for
    a child, the district police officer for an adult)."""
    return roles(jurisdiction, child)[0]


def person_from_case(case: Any) -> Person:
    """The person of a generated case, with the first-contact details drawn from its id."""
    from simsuite.trafficking.render import national_name_pool, pool_size

    data = _data()
    jurisdiction = case.params.jurisdiction
    rng = random.Random(f"first_response#{case.case_id}")
    victim = case.facts.victim
    home = home_of(jurisdiction)
    child = victim.age < 18
    spoken = data["countries"].get(victim.citizenship, {}).get("language")
    language = spoken if spoken not in data["interview_languages"][jurisdiction] else None
    hours = None
    if child and case.kind == "sexual_exploitation":
        hours = rng.randint(*HOURS_RANGE)
    # A carer who handed the child over for money: read from the case where its law pack knows
    # that means; where it does not (the Kyrgyz code), drawn for a child recruited with no
    # means, whose story says only that the family agreed, at home (a first-contact addition
    # the case engine does not hold yet).
    parent = child and "payment_to_person_in_control" in case.verdict.means
    if child and not parent and not case.verdict.means and victim.citizenship == home:
        parent = rng.random() < data["parent_share"].get(jurisdiction, 0.0)
    refuses = (not child) and rng.random() < data["refusal_share"][jurisdiction]
    route = case.facts.route
    origin = route.origin or home
    destination = route.destination or home
    local_site = destination == home
    pooled_refs = {name: (pool, index) for name, pool, index in case.story.pooled}
    if destination == home:
        town_ref = pooled_refs["dest_town"]
    elif origin == home:
        town_ref = pooled_refs["home_town"]
    else:  # passing through: a town of the jurisdiction, drawn
        pool = f"towns_{home}"
        town_ref = (pool, rng.randrange(pool_size(pool)))
    role = rng.choice(roles(jurisdiction, child))
    settings = [
        name
        for name, spec in data["settings"].items()
        if jurisdiction in spec["jurisdictions"]
        and (local_site or not spec.get("local_site"))
        and role in spec.get("roles", [role])
    ]
    setting = rng.choice(settings)
    pooled = tuple(
        (name, pool, index) for name, pool, index in case.story.pooled if name in _PLACEHOLDERS
    )
    if parent and "relative" not in {name for name, _pool, _index in pooled}:
        # a parent shares the child's nationality, so the name comes from the same country
        pool = national_name_pool(rng.choice(("female", "male")), victim.citizenship)
        taken = {index for _name, other, index in case.story.pooled if other == pool}
        free = [index for index in range(pool_size(pool)) if index not in taken]
        pooled += (("relative", pool, rng.choice(free)),)
    return Person(
        case_id=case.case_id,
        jurisdiction=jurisdiction,
        age=victim.age,
        sex=victim.sex,
        citizenship=victim.citizenship,
        home=home,
        kind=case.kind,
        language=language,
        hours_since=hours,
        parent_perpetrator=parent,
        refuses_services=refuses,
        origin=origin,
        destination=destination,
        exploited=bool(case.facts.exploitation_occurred),
        local_site=local_site,
        town_ref=town_ref,
        setting=setting,
        role=role,
        pooled=pooled,
        indicators=tuple(case.police_indicators),
        recruiter_sex=str(dict(case.story.literals).get("recruiter_sex", "male")),
    )


#: the story's people and places a first-response text may name (every person of the story is
#: kept, so that a name the exercise adds never belongs to someone already in it)
_PLACEHOLDERS = frozenset(
    {"victim", "recruiter", "exploiter", "relative", "dest_town", "home_town", "company"}
)
