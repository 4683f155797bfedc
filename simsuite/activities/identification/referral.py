"""The identification decision: presumed victim or not, and the next step, from the indicators.

One rule, from the Kyrgyz police manual (``data/kg_referral.yaml``): a person who shows at least
one indicator of the list for their age band is a presumed victim and is referred for
assistance; a child with the legal representative and a psychologist present, an adult warned to
keep their documents, a foreign citizen with the notice the manual requires. The legal
qualification plays no part here: it comes later, on evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.content import package_yaml
from simsuite.i18n import localized

DATA_FILE = "kg_referral.yaml"


@dataclass(frozen=True)
class ReferralStep:
    id: str
    when: str  # presumed_victim | child | adult | foreign | not_presumed_victim
    label: Mapping[str, str]
    why: Mapping[str, str]
    source: Mapping[str, Any]
    child_note: Mapping[str, str] | None = None

    def text(self, lang: str | None = None) -> str:
        return localized(self.label, lang)


@dataclass(frozen=True)
class Referral:
    min_indicators: int
    text: Mapping[str, str]
    source: Mapping[str, Any]
    steps: tuple[ReferralStep, ...]

    def step(self, step_id: str) -> ReferralStep:
        return next(s for s in self.steps if s.id == step_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)


@cache
def referral() -> Referral:
    data = package_yaml("simsuite.activities.identification", "data", DATA_FILE)
    steps = tuple(
        ReferralStep(
            id=step_id,
            when=entry["when"],
            label=entry["label"],
            why=entry["why"],
            source=entry["source"],
            child_note=entry.get("child_note"),
        )
        for step_id, entry in data["steps"].items()
    )
    rule = data["rule"]
    return Referral(rule["min_indicators"], rule["text"], rule["source"], steps)


def is_presumed_victim(present: Iterable[str]) -> bool:
    """The manual's referral rule: indicators, and nothing else, decide."""
    return len(set(present)) >= referral().min_indicators


def next_steps(present: Iterable[str], age_band: str, foreign: bool) -> frozenset[str]:
    """What the officer does next for this person (ids of ``referral().steps``)."""
    if not is_presumed_victim(present):
        return frozenset({"no_referral"})
    steps = {"refer_services", "child_safeguards" if age_band == "child" else "keep_documents"}
    if foreign:
        steps.add("foreign_notice")
    return frozenset(steps)
