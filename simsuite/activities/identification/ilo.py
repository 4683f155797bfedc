"""The ILO-EC operational indicators of trafficking (2009): data, mapping from facts, assessment.

The data (``data/ilo_ec_2009.yaml``) holds the six dimensions with their indicators graded
strong / medium / weak. The brochure's combination rule was not available to check, so the file
leaves it empty and :func:`assess` then only counts indicators per dimension and strength. An
instructor can enter the rule from the brochure without code, in this format::

    dimension_positive_if_any:          # a dimension counts if any combination is met
      - {strong: 2}                     # e.g. "at least two strong indicators"
      - {strong: 1, medium: 1}
    victim_if:                          # per age band: all groups, each needing any dimension
      adult: {all_of: [{any_of: [deceptive_recruitment, coercive_recruitment]}, ...]}
      child: {all_of: [...]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from simsuite.errors import ContentError
from simsuite.yamlio import load_shipped

STRENGTHS = ("strong", "medium", "weak")
DATA_FILE = "ilo_ec_2009.yaml"


@dataclass(frozen=True)
class IloIndicator:
    id: str
    dimension: str
    strength: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class IloData:
    id: str
    dimensions: tuple[str, ...]
    dimension_labels: Mapping[str, Mapping[str, str]]
    indicators: Mapping[str, IloIndicator]
    expected_counts: Mapping[str, int]
    rule: Mapping[str, Any]


@dataclass(frozen=True)
class DimensionResult:
    dimension: str
    found: tuple[str, ...]
    counts: Mapping[str, int]  # strength -> number of indicators found
    positive: bool | None  # None: no verified or entered rule to decide


@dataclass(frozen=True)
class IloAssessment:
    dimensions: tuple[DimensionResult, ...]
    victim: bool | None  # None when the data has no combination rule
    rule_verified: bool


def _parse(data: Any) -> IloData:
    try:
        indicators: dict[str, IloIndicator] = {}
        labels = {}
        counts = {}
        for dimension, entry in data["dimensions"].items():
            labels[dimension] = entry["label"]
            counts[dimension] = int(entry["expected_count"])
            for ident, item in entry["indicators"].items():
                if item["strength"] not in STRENGTHS:
                    raise ContentError(
                        f"indicator {ident!r} has strength {item['strength']!r}",
                        where=DATA_FILE,
                        allowed=", ".join(STRENGTHS),
                    )
                if ident in indicators:
                    raise ContentError(f"duplicate indicator id {ident!r}", where=DATA_FILE)
                indicators[ident] = IloIndicator(
                    ident,
                    dimension,
                    item["strength"],
                    {k: v for k, v in item.items() if k != "strength"},
                )
        return IloData(
            id=data["id"],
            dimensions=tuple(data["dimensions"]),
            dimension_labels=labels,
            indicators=indicators,
            expected_counts=counts,
            rule=data["combination_rule"],
        )
    except (KeyError, TypeError) as error:
        raise ContentError(f"malformed ILO data: {error}", where=DATA_FILE) from None


@cache
def ilo_data() -> IloData:
    path = resources.files("simsuite.activities").joinpath("identification", "data", DATA_FILE)
    return _parse(load_shipped(path.read_text("utf-8")))


def _dimension_positive(counts: Mapping[str, int], combos: Iterable[Mapping[str, int]]) -> bool:
    return any(all(counts.get(s, 0) >= n for s, n in combo.items()) for combo in combos)


def assess(
    indicator_ids: Iterable[str], age_band: str = "adult", data: IloData | None = None
) -> IloAssessment:
    """Count indicators per dimension; apply the combination rule only if the data has one."""
    data = data or ilo_data()
    found_by_dimension: dict[str, list[str]] = {d: [] for d in data.dimensions}
    for ident in indicator_ids:
        indicator = data.indicators.get(ident)
        if indicator is None:
            raise ContentError(
                f"unknown ILO indicator {ident!r}", where=DATA_FILE, allowed="ids in the file"
            )
        found_by_dimension[indicator.dimension].append(ident)
    combos = data.rule.get("dimension_positive_if_any")
    results = []
    positive: dict[str, bool] = {}
    for dimension in data.dimensions:
        found = tuple(found_by_dimension[dimension])
        counts = {s: sum(data.indicators[i].strength == s for i in found) for s in STRENGTHS}
        verdict = _dimension_positive(counts, combos) if combos else None
        if verdict is not None:
            positive[dimension] = verdict
        results.append(DimensionResult(dimension, found, counts, verdict))
    victim_rule = (data.rule.get("victim_if") or {}).get(age_band)
    victim = None
    if combos and victim_rule:
        victim = all(
            any(positive.get(d, False) for d in group["any_of"]) for group in victim_rule["all_of"]
        )
    return IloAssessment(tuple(results), victim, bool(data.rule.get("verified", False)))


#: Facts -> ILO indicators (adult labour list); the mapping is this project's reading.
_MEANS_TO_ILO = {
    "deception": ("deceived_nature_of_job",),
    "fraud": ("deceived_nature_of_job",),
    "threat": ("threats_violence_recruitment",),
    "force": ("violence_on_victims_recruitment",),
    "abduction": ("abduction_forced_marriage_sale",),
    "blackmail": ("threat_inform_family_recruitment",),
    "other_coercion": ("debt_bondage_recruitment",),
    "payment_to_person_in_control": ("abduction_forced_marriage_sale",),
}
_VULNERABILITY_TO_ILO = {
    "personal": "personal_situation",
    "situational": "relationship_authorities",
    "circumstantial": "economic_reasons",
}
_OBSERVATION_TO_ILO = {
    "documents_withheld": ("confiscation_documents",),
    "confined": ("isolation_confinement_surveillance",),
    "no_contact": ("isolation_confinement_surveillance",),
    "earnings_withheld": ("withholding_wages", "low_or_no_salary"),
    "wages_unpaid": ("low_or_no_salary",),
    "cannot_leave_country": ("isolation_confinement_surveillance",),
    "unfit_housing": ("bad_living_conditions",),
    "dependence_or_cruelty": ("dependency_on_exploiters",),
}
_PURPOSE_TO_ILO = {
    "forced_labour": ("excessive_working_hours",),
    "servitude": ("excessive_working_hours",),
    "forced_begging": ("forced_tasks_or_clients",),
    "sexual_exploitation": ("forced_tasks_or_clients",),
    "forced_criminality": ("forced_illicit_activities",),
}


def indicators_for_facts(facts: Any) -> tuple[str, ...]:
    """ILO indicator ids the facts of a case show (in the data file's order)."""
    found: set[str] = set()
    for means in facts.means:
        if means == "abuse_of_vulnerability":
            for vulnerability in facts.victim.vulnerabilities:
                if vulnerability.abuse_proven:
                    found.add(_VULNERABILITY_TO_ILO[vulnerability.kind])
        else:
            found.update(_MEANS_TO_ILO.get(means, ()))
    for observation in facts.observations:
        found.update(_OBSERVATION_TO_ILO.get(observation, ()))
    if facts.exploitation_occurred:
        for purpose in facts.purposes:
            found.update(_PURPOSE_TO_ILO.get(purpose, ()))
    return tuple(i for i in ilo_data().indicators if i in found)
