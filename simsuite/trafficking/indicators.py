"""From observed facts to indicator ids: the Kyrgyz police lists and the ILO-EC indicators.

The police lists are the lead's data file
``simsuite/activities/identification/data/kg_police_indicators.yaml`` (read, never edited
here); an observation shows an indicator only if that indicator is on the
list for the victim's age band, so a case never claims an indicator its list does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from simsuite.law.facts import Facts
from simsuite.yamlio import load_shipped

#: Which police indicator each observation shows, per age band (004b section 3.3).
OBSERVATION_TO_POLICE = {
    "adult": {
        "dependence_or_cruelty": "dependence_cruelty_vulnerability",
        "confined": "held_against_will",
        # free to go out, not free to go home: held against their will all the same
        "cannot_leave_country": "held_against_will",
        "documents_withheld": "no_documents_or_contact",
        "no_contact": "no_documents_or_contact",
        "earnings_withheld": "no_use_of_earnings",
        "unfit_housing": "unfit_living_place",
    },
    "child": {
        "dependence_or_cruelty": "dependence_cruelty_vulnerability",
        "confined": "held_against_will",
        "no_contact": "no_contact_with_relatives",
        "unfit_housing": "unfit_living_place",
        "unaccompanied_foreign_child": "unaccompanied_foreign_child",
        # The child list has no item for documents: a child whose papers are kept by an adult
        # who is not a parent depends on that adult (this project's reading of 004b 3.3).
        "documents_withheld": "dependence_cruelty_vulnerability",
    },
}


@cache
def police_lists() -> Mapping[str, tuple[str, ...]]:
    """The indicator ids per age band, in the order of the lead's YAML file."""
    path = resources.files("simsuite.activities").joinpath(
        "identification", "data", "kg_police_indicators.yaml"
    )
    data: Any = load_shipped(path.read_text("utf-8"))
    return {band: tuple(entry["indicators"]) for band, entry in data["lists"].items()}


@lru_cache(maxsize=4096)
def police_indicator_ids(observations: tuple[str, ...], band: str) -> tuple[str, ...]:
    mapping = OBSERVATION_TO_POLICE[band]
    shown = {mapping[o] for o in observations if o in mapping}
    return tuple(i for i in police_lists()[band] if i in shown)


def observation_for(indicator: str, observations: tuple[str, ...], band: str) -> str | None:
    """The first observation (in story order) that shows ``indicator``."""
    mapping = OBSERVATION_TO_POLICE[band]
    return next((o for o in observations if mapping.get(o) == indicator), None)


def ilo_indicator_ids(facts: Facts) -> tuple[str, ...]:
    from simsuite.activities.identification.ilo import indicators_for_facts

    return indicators_for_facts(facts)
