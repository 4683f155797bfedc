"""The protection situation of a generated case: where the witness stands now.

The case engine gives the story (who, from where, which means, which form of exploitation);
this module adds what a protection plan needs and the story does not say (where the witness
lives now, who knows it, who supports them...), as *flags* drawn from the case's seed. Every
flag is written into the briefing by a sentence of ``data/briefing.yaml``, so a learner can read
each fact the key rests on.

Read from the case engine: ``case.facts`` (victim's age, citizenship and vulnerabilities, the
means, observations, route), ``case.kind``, ``case.is_child``, ``case.story`` (names and places
through the renderer's values). Flags from the case come first; the draws follow in a fixed
order from a generator seeded by the case id, so the situation is a pure function of the case.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simsuite.activities.reprisal_risk.content import Catalogue

if TYPE_CHECKING:
    from simsuite.trafficking.model import Case

FLAGS = (
    "child", "foreign", "violent", "blackmail", "sexual", "documents_held", "shelter",
    "family_home", "rented", "family_in_reach", "address_known", "phone_known", "contacted",
    "digital", "lawyer", "ngo", "trauma", "psych", "media", "leak", "irregular", "interpreter",
    "consular", "income", "debt", "new_job", "contacts",
)
VIOLENT_MEANS = frozenset({"threat", "force", "abduction"})
#: a case lists at least this many threats, and at most this many (the rest of the candidates
#: are threats the case gives no ground for)
MIN_THREATS, MAX_THREATS = 3, 6
#: optional draws switched off, in this order, while a case has more threats than MAX_THREATS
TRIM_ORDER = ("new_job", "debt", "phone_known", "family_in_reach", "irregular")
_GENDER = re.compile(r"\{g:(\w+):([^/{}]*)/([^{}]*)\}")


@dataclass(frozen=True)
class Situation:
    flags: frozenset[str]
    weeks: int  # until the hearing

    def has(self, flag: str) -> bool:
        return flag in self.flags


def present_threats(catalogue: Catalogue, flags: Iterable[str]) -> tuple[str, ...]:
    flags = frozenset(flags)
    return tuple(t.id for t in catalogue.threats.values() if t.present.holds(flags))


def draw_situation(case: Case, catalogue: Catalogue) -> Situation:
    """The situation flags of ``case`` (deterministic: seeded by the case id)."""
    facts = case.facts
    rng = random.Random(f"reprisal-risk|{case.case_id}")
    victim = facts.victim
    vulnerability_ids = {v.id for v in victim.vulnerabilities}
    jurisdiction = case.verdict.jurisdiction
    flags: set[str] = set()

    def put(flag: str, value: bool) -> None:
        if value:
            flags.add(flag)

    child = case.is_child
    foreign = victim.citizenship != jurisdiction
    put("child", child)
    put("foreign", foreign)
    put("violent", bool(VIOLENT_MEANS & set(facts.means)))
    put("blackmail", "blackmail" in facts.means)
    put("sexual", case.kind == "sexual_exploitation")
    put("documents_held", "documents_withheld" in facts.observations and rng.random() < 0.7)
    put("debt", "debt" in vulnerability_ids or rng.random() < 0.25)
    put(
        "irregular",
        foreign
        and (
            "irregular_status" in vulnerability_ids
            or facts.route.border_crossing == "illegal"
            or rng.random() < 0.5
        ),
    )
    if foreign:  # the family is abroad
        places, weights = ("shelter", "rented"), (0.55, 0.45)
    elif child:  # a child does not rent a room alone
        places, weights = ("shelter", "family_home"), (0.5, 0.5)
    else:
        places, weights = ("shelter", "family_home", "rented"), (0.4, 0.35, 0.25)
    place = rng.choices(places, weights)[0]
    flags.add(place)
    put("family_in_reach", place == "family_home" or rng.random() < 0.5)
    put(
        "address_known",
        (place == "family_home" and "family_in_reach" in flags)
        or (place == "rented" and rng.random() < 0.5),
    )
    phone = rng.random() < 0.6
    put("phone_known", phone)
    put("contacted", phone and rng.random() < 0.5)
    put("digital", phone and rng.random() < 0.35)
    put("lawyer", rng.random() < 0.4)
    put("ngo", place == "shelter" or rng.random() < 0.4)
    put("trauma", rng.random() < 0.7)
    put("psych", child or rng.random() < 0.35)
    put("media", rng.random() < 0.25)
    put("leak", rng.random() < 0.25)
    put("interpreter", foreign and rng.random() < 0.5)
    put("consular", foreign and rng.random() < 0.4)
    new_job = not child and rng.random() < 0.3
    put("new_job", new_job)
    put("income", not new_job and rng.random() < 0.35)
    put("contacts", rng.random() < (0.5 if place == "shelter" else 0.25))
    weeks = rng.choice((2, 3, 4))

    # keep the register to a size one can plan for in a lesson: 3 to 6 threats
    for flag in TRIM_ORDER:
        if len(present_threats(catalogue, flags)) <= MAX_THREATS:
            break
        if flag == "family_in_reach" and place == "family_home":
            continue
        if flag == "irregular" and (
            "irregular_status" in vulnerability_ids or facts.route.border_crossing == "illegal"
        ):
            continue
        flags.discard(flag)
        if flag == "phone_known":
            flags -= {"contacted", "digital"}
    for flag in ("phone_known", "family_in_reach"):
        if len(present_threats(catalogue, flags)) >= MIN_THREATS:
            break
        flags.add(flag)
    return Situation(frozenset(flags), weeks)


# --- text ------------------------------------------------------------------------------------


def story_values(case: Case, lang: str) -> dict[str, Any]:
    """The case's names, places and pronouns as the case renderer fills them, plus the accused
    and the country where the case is tried."""
    from simsuite.trafficking.render import placeholder_values, templates

    values = placeholder_values(case, lang)
    accused = [values["recruiter"]]
    if values.get("exploiter") and values["exploiter"] != values["recruiter"]:
        accused.append(values["exploiter"])
    joiner = {"ru": " и ", "az": " və ", "ky": " жана ", "uz": " va "}.get(lang, " and ")
    values["accused"] = joiner.join(accused)
    here = templates(lang)["countries"][case.verdict.jurisdiction]
    values.update(here_in=here["in"], here_name=here["name"])
    female = case.facts.victim.sex == "female"
    values["hers"] = "hers" if female else "his"
    values["victim_sex"] = case.facts.victim.sex
    return values


def fill(text: Mapping[str, str] | str, values: Mapping[str, Any], lang: str) -> str:
    """A content text in ``lang`` with the case's values; ``{g:person:male/female}`` picks the
    form for that person's sex (the case templates' syntax)."""
    from simsuite.i18n import localized

    template = localized(text, lang) if not isinstance(text, str) else text

    def gender(match: re.Match[str]) -> str:
        person, male, female = match.groups()
        return female if values.get(f"{person}_sex") == "female" else male

    return _GENDER.sub(gender, template).format(**values).replace("..", ".")
