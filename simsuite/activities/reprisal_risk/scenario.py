"""A reprisal-risk scenario: the public case a learner plans for, and the expert's key.

The key is derived from the catalogue's rules and the case's situation flags, never written by
hand: which threats the case presents and how likely and harmful each is (the first matching
rule, with its reason), which vulnerabilities and capacities the briefing shows (with the
sentence that shows each), what every offered measure would do here (act on which threats,
change nothing, not apply, or expose the witness), the priority threats (high likelihood and/or
high impact) and the smallest safe plan that covers them within the resources.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simsuite.activities.reprisal_risk.content import Catalogue, Measure, catalogue
from simsuite.activities.reprisal_risk.register import is_priority
from simsuite.activities.reprisal_risk.situation import (
    Situation,
    draw_situation,
    fill,
    present_threats,
    story_values,
)
from simsuite.i18n import localized


@dataclass(frozen=True)
class PublicRiskCase:
    """What the learner sees: the case, the briefing and the options (no key)."""

    case_id: str
    lang: str
    jurisdiction: str
    narrative: str
    briefing: str
    candidates: tuple[tuple[str, str], ...]  # threat id, label
    vulnerability_options: tuple[tuple[str, str], ...]
    capacity_options: tuple[tuple[str, str], ...]
    prevent_options: tuple[tuple[str, str], ...]
    respond_options: tuple[tuple[str, str], ...]
    levels: tuple[tuple[str, str], ...]
    budgets: dict[str, int]


@dataclass(frozen=True)
class ThreatKey:
    likelihood: str
    impact: str
    why_likelihood: str
    why_impact: str


@dataclass(frozen=True)
class MeasureVerdict:
    #: effective | no_effect | not_applicable | exposes
    status: str
    why: str
    #: the case's threats it acts on (preventive: through the factors it changes)
    acts_on: tuple[str, ...] = ()
    #: the source of the verdict (for an exposing measure, why it exposes)
    source: Any = None


@dataclass(frozen=True)
class RiskKey:
    case_id: str
    lang: str
    jurisdiction: str
    flags: frozenset[str]
    threats: dict[str, ThreatKey]  # present threats, catalogue order
    absent: dict[str, str]  # threats of the catalogue the case does not present -> why
    vulnerabilities: dict[str, str]  # present -> the briefing sentence that shows it
    capacities: dict[str, str]
    verdicts: dict[str, MeasureVerdict]  # every offered measure
    priority: tuple[str, ...]
    must_prevent: tuple[str, ...]  # priority threats a safe preventive measure can act on
    must_respond: tuple[str, ...]
    expert_measures: frozenset[str]
    expert_responses: frozenset[str]
    limits: dict[str, int] = field(default_factory=dict)


def _options(entries: Iterable[Any], lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((e.id, localized(e.label, lang)) for e in entries)


def _evidence(catalogue: Catalogue, flags: frozenset[str], values: Mapping[str, Any], lang: str):
    """Briefing sentences written for these flags, and for each id they show, the first one."""
    sentences, shown = [], {}
    for sentence in catalogue.sentences:
        if not sentence.when.holds(flags):
            continue
        text = fill(sentence.text, values, lang)
        sentences.append(text)
        for name in sentence.shows:
            shown.setdefault(name, text)
    return sentences, shown


def measure_verdict(
    catalogue: Catalogue,
    measure: Measure,
    flags: frozenset[str],
    vulnerabilities: frozenset[str],
    capacities: frozenset[str],
    threats: frozenset[str],
    values: Mapping[str, Any],
    lang: str,
) -> MeasureVerdict:
    """What ``measure`` would do in a case with these flags, factors and threats."""
    if measure.exposes is not None and measure.exposes.when.holds(flags):
        return MeasureVerdict(
            "exposes", fill(measure.exposes.why, values, lang), (), measure.exposes.source
        )
    if not measure.applies.holds(flags):
        return MeasureVerdict(
            "not_applicable", fill(measure.not_applicable or {}, values, lang), (), measure.source
        )
    if measure.phase == "prevent":
        changed = (measure.removes & vulnerabilities) | (measure.builds - capacities)
        acts_on = {t for f in changed for t in catalogue.factors[f].bears_on} & threats
    else:
        changed = frozenset()
        acts_on = measure.addresses & threats
    if not acts_on:
        if measure.phase == "prevent" and changed:
            why = {"en": "It changes no factor that bears on a threat of this case.",
                   "ru": "Она не меняет ни одного фактора, влияющего на угрозы в этом деле."}
        elif measure.phase == "prevent":
            names = [localized(catalogue.factors[f].label, lang)
                     for f in sorted(measure.builds & capacities)]
            why = (
                {"en": "Already in place: " + "; ".join(names) + ".",
                 "ru": "Уже обеспечено: " + "; ".join(names) + "."}
                if names
                else {"en": "The case does not show the vulnerability it would remove.",
                      "ru": "В деле нет уязвимости, которую эта мера устраняет."}
            )
        else:
            why = {"en": "None of the threats it answers is present in this case.",
                   "ru": "Ни одной угрозы, на которую она отвечает, в этом деле нет."}
        return MeasureVerdict("no_effect", localized(why, lang), (), measure.source)
    order = list(catalogue.threats)
    return MeasureVerdict(
        "effective", "", tuple(sorted(acts_on, key=order.index)), measure.source
    )


def smallest_cover(
    must: Iterable[str], verdicts: Mapping[str, MeasureVerdict], phase_ids: Iterable[str]
) -> frozenset[str]:
    """The fewest effective measures that together act on every threat of ``must`` (ties: the
    set covering more threats, then catalogue order)."""
    must = frozenset(must)
    usable = [m for m in phase_ids if verdicts[m].status == "effective" and
              set(verdicts[m].acts_on) & must]
    if not must:
        return frozenset()
    for size in range(1, len(usable) + 1):
        best = None
        for combo in itertools.combinations(usable, size):
            covered = frozenset().union(*(verdicts[m].acts_on for m in combo))
            if must <= covered:
                score = len(covered)
                if best is None or score > best[0]:
                    best = (score, combo)
        if best:
            return frozenset(best[1])
    return frozenset(usable)


def fill_up(
    cover: frozenset[str],
    limit: int,
    priority: Iterable[str],
    verdicts: Mapping[str, MeasureVerdict],
    phase_ids: Iterable[str],
) -> frozenset[str]:
    """The expert's plan: the smallest cover of the priority threats first, then, while
    resources remain, the safe measures that act on the most priority threats, then on the
    most threats (the sheet: other threats if time and resources allow, lines 316-317)."""
    priority = set(priority)
    order = list(phase_ids)
    rest = [m for m in order if m not in cover and verdicts[m].status == "effective"]
    rest.sort(key=lambda m: (-len(priority & set(verdicts[m].acts_on)),
                             -len(verdicts[m].acts_on), order.index(m)))
    return frozenset([*cover, *rest[: max(0, limit - len(cover))]])


def generate_risk_case(params: Mapping[str, Any], seed: int, lang: str):
    """(public, key) for the case of ``seed`` under the case generator's ``params``."""
    from simsuite.trafficking import GeneratorParams, generate_case

    cat = catalogue()
    case = generate_case(seed=seed, params=GeneratorParams(**params))
    situation: Situation = draw_situation(case, cat)
    flags = situation.flags
    values = {**story_values(case, lang), "weeks": situation.weeks}
    sentences, shown = _evidence(cat, flags, values, lang)

    present = present_threats(cat, flags)
    # every threat of the catalogue is a candidate: the answer fields (one likelihood and one
    # impact per threat) are then the same in every variant, as a graded notebook needs
    candidates = list(cat.threats)
    extra = [t for t in candidates if t not in present]

    threats = {}
    for threat_id in present:
        threat = cat.threats[threat_id]
        likelihood, impact = threat.rate("likelihood", flags), threat.rate("impact", flags)
        threats[threat_id] = ThreatKey(
            likelihood.level, impact.level,
            fill(likelihood.why, values, lang), fill(impact.why, values, lang),
        )
    absent = {t: fill(cat.threats[t].absent or {}, values, lang) for t in extra}

    factors = {f.id: f for f in cat.factors.values() if f.present.holds(flags)}
    vulnerabilities = {i: shown.get(i, "") for i, f in factors.items() if f.kind == "vulnerability"}
    capacities = {i: shown.get(i, "") for i, f in factors.items() if f.kind == "capacity"}

    offered = [m for m in cat.measures.values() if m.offered.holds(flags)]
    verdicts = {
        m.id: measure_verdict(
            cat, m, flags, frozenset(vulnerabilities), frozenset(capacities), frozenset(present),
            values, lang,
        )
        for m in offered
    }
    level = cat.level_values
    priority = tuple(
        t for t, k in threats.items() if is_priority(level[k.likelihood], level[k.impact])
    )
    prevent_ids = [m.id for m in offered if m.phase == "prevent"]
    respond_ids = [m.id for m in offered if m.phase == "respond"]

    def coverable(ids: list[str]) -> tuple[str, ...]:
        effective = [m for m in ids if verdicts[m].status == "effective"]
        reach = set().union(*(verdicts[m].acts_on for m in effective))
        return tuple(t for t in priority if t in reach)

    must_prevent, must_respond = coverable(prevent_ids), coverable(respond_ids)
    cover_prevent = smallest_cover(must_prevent, verdicts, prevent_ids)
    cover_respond = smallest_cover(must_respond, verdicts, respond_ids)
    limits = {
        "prevent": max(cat.budgets["prevent"], len(cover_prevent)),
        "respond": max(cat.budgets["respond"], len(cover_respond)),
    }
    expert_measures = fill_up(cover_prevent, limits["prevent"], priority, verdicts, prevent_ids)
    expert_responses = fill_up(cover_respond, limits["respond"], priority, verdicts, respond_ids)

    public = PublicRiskCase(
        case_id=case.case_id,
        lang=lang,
        jurisdiction=case.verdict.jurisdiction,
        narrative=case.render(lang=lang),
        briefing=" ".join(sentences),
        candidates=_options((cat.threats[t] for t in candidates), lang),
        vulnerability_options=_options(cat.of_kind("vulnerability"), lang),
        capacity_options=_options(cat.of_kind("capacity"), lang),
        prevent_options=_options((m for m in offered if m.phase == "prevent"), lang),
        respond_options=_options((m for m in offered if m.phase == "respond"), lang),
        levels=tuple((lv, localized(cat.level_labels[lv], lang)) for lv in level),
        budgets=dict(limits),
    )
    key = RiskKey(
        case_id=case.case_id,
        lang=lang,
        jurisdiction=case.verdict.jurisdiction,
        flags=flags,
        threats=threats,
        absent=absent,
        vulnerabilities=vulnerabilities,
        capacities=capacities,
        verdicts=verdicts,
        priority=priority,
        must_prevent=must_prevent,
        must_respond=must_respond,
        expert_measures=expert_measures,
        expert_responses=expert_responses,
        limits=limits,
    )
    return public, key
