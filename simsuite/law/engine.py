"""The qualification engine: case facts + law pack -> verdict with a cited reasoning trace.

The decision logic follows the manual's own order (digest 004a, 3.10): act, purpose, child or
adult (means), then completion, article and part, absorption and cumulation; when an element
fails, the pack's neighbouring-crime rules say what it is instead. Every step names the pack
rule (or the pack's definition) it rests on and that rule's source. Steps keep ids and
parameters, and are put into words only when rendered, so qualifying stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from simsuite.i18n import get_language, localized
from simsuite.law.facts import Facts, vocabulary
from simsuite.law.lawpack import MEANS_PREFIX, LawPack, Rule, load_pack

#: Parameters holding ids of a vocabulary category, localized when rendered.
_ID_PARAMS = {"acts": "acts", "means": "means", "purposes": "purposes"}


@cache
def _texts() -> Mapping[str, Mapping[str, str]]:
    text = resources.files("simsuite.law").joinpath("texts.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _label(category: str, item: str, lang: str) -> str:
    entry = vocabulary()[category].get(item)
    return localized(entry, lang) if isinstance(entry, Mapping) else item


@dataclass(frozen=True)
class OffenceRef:
    """An article (and part/point) of a pack, as cited in a verdict."""

    pack: str
    article: str
    number: str | None
    title: Mapping[str, str]
    verified: bool
    part: str | None = None
    point: str | None = None

    def label(self, lang: str) -> str:
        texts = _texts()
        if self.number is None:
            title = localized(self.title, lang)
            return title[:1].lower() + title[1:]  # a description, used mid-sentence
        text = localized(texts["article_label"], lang).format(number=self.number)
        if self.part:
            text += localized(texts["part_label"], lang).format(part=self.part)
        if self.point:
            text += localized(texts["point_label"], lang).format(point=self.point)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "number": self.number,
            "part": self.part,
            "point": self.point,
            "title": dict(self.title),
            "verified": self.verified,
        }


@dataclass(frozen=True)
class Step:
    """One step of the reasoning: which rule, what it found, and where the rule comes from."""

    rule: str
    key: str
    params: tuple[tuple[str, Any], ...]
    source: Mapping[str, Any]
    verified: bool = True
    explanation: Mapping[str, str] | None = None  # the pack rule's own words, when one applies

    def text(self, lang: str | None = None) -> str:
        lang = lang or get_language()
        values: dict[str, Any] = {}
        for name, value in self.params:
            if name in _ID_PARAMS:
                values[name] = ", ".join(_label(_ID_PARAMS[name], v, lang) for v in value)
            elif isinstance(value, OffenceRef):
                values[name] = value.label(lang)
            elif isinstance(value, Mapping):
                values[name] = localized(value, lang)
            else:
                values[name] = value
        return localized(_texts()[self.key], lang).format(**values)

    def to_dict(self, lang: str) -> dict[str, Any]:
        entry = {
            "rule": self.rule,
            "finding": self.text(lang),
            "source": dict(self.source),
            "verified": self.verified,
        }
        if self.explanation is not None:
            entry["explanation"] = localized(self.explanation, lang)
        return entry


@dataclass(frozen=True)
class Verdict:
    """The engine's answer for one set of facts under one pack."""

    jurisdiction: str
    is_trafficking: bool
    is_child: bool
    child_rule_applied: bool
    offence: OffenceRef | None
    acts: tuple[str, ...]
    means: tuple[str, ...]
    purposes: tuple[str, ...]
    failed_element: str | None  # act | purpose | means | None
    independent_travel: bool
    absorbed: tuple[OffenceRef, ...]
    cumulative: tuple[OffenceRef, ...]
    neighbour: OffenceRef | None
    neighbour_also: tuple[OffenceRef, ...]
    liable: tuple[str, ...]
    not_liable: tuple[str, ...]
    trace: tuple[Step, ...]
    victim_age: int

    def summary(self, lang: str | None = None) -> str:
        """One or two sentences of expert explanation, in ``lang``."""
        lang = lang or get_language()
        texts = _texts()
        if self.is_trafficking:
            assert self.offence is not None
            values = {
                "acts": ", ".join(_label("acts", a, lang) for a in self.acts),
                "means": ", ".join(_label("means", m, lang) for m in self.means)
                or localized(texts["not_specified"], lang),
                "purposes": ", ".join(_label("purposes", p, lang) for p in self.purposes),
                "offence": self.offence.label(lang),
                "age": self.victim_age,
            }
            key = "summary_tip_child" if self.child_rule_applied else "summary_tip"
            parts = [localized(texts[key], lang).format(**values)]
            if self.absorbed:
                offences = ", ".join(ref.label(lang) for ref in self.absorbed)
                parts.append(localized(texts["summary_absorbed"], lang).format(offences=offences))
            if self.cumulative:
                offences = "; ".join(ref.label(lang) for ref in self.cumulative)
                parts.append(localized(texts["summary_cumulative"], lang).format(offences=offences))
            return " ".join(parts)
        if self.failed_element == "act":
            key = "summary_independent" if self.independent_travel else "summary_no_act"
        elif self.failed_element == "purpose":
            key = "summary_no_purpose"
        else:
            key = "summary_no_means"
        parts = [localized(texts[key], lang)]
        if self.neighbour is not None:
            offence = self._neighbour_label(lang)
            parts.append(localized(texts["summary_neighbour"], lang).format(offence=offence))
        return " ".join(parts)

    def _neighbour_label(self, lang: str) -> str:
        assert self.neighbour is not None
        refs = [self.neighbour, *(r for r in self.neighbour_also if r.number != "22")]
        label = " / ".join(ref.label(lang) for ref in refs)
        if self.neighbour.number is not None:
            label += f" ({localized(self.neighbour.title, lang)})"
        return label

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "is_trafficking": self.is_trafficking,
            "is_child": self.is_child,
            "child_rule_applied": self.child_rule_applied,
            "offence": self.offence.to_dict() if self.offence else None,
            "elements": {
                "acts": list(self.acts),
                "means": list(self.means),
                "purposes": list(self.purposes),
            },
            "failed_element": self.failed_element,
            "absorbed": [ref.to_dict() for ref in self.absorbed],
            "cumulative": [ref.to_dict() for ref in self.cumulative],
            "neighbour": self.neighbour.to_dict() if self.neighbour else None,
            "neighbour_also": [ref.to_dict() for ref in self.neighbour_also],
            "liable": list(self.liable),
            "not_liable": list(self.not_liable),
            "summary": self.summary(lang),
            "trace": [step.to_dict(lang) for step in self.trace],
        }


def _ref(pack: LawPack, article_id: str, part: str | None = None, point: str | None = None):
    article = pack.articles[article_id]
    return OffenceRef(
        pack=pack.id,
        article=article.id,
        number=article.number,
        title=article.title,
        verified=article.verified,
        part=part,
        point=point,
    )


def _rule(pack: LawPack, when: str) -> Rule | None:
    for rule in pack.rules:
        if rule.when == when:
            return rule
    return None


def _holds(condition: str, facts: Facts, state: Mapping[str, Any]) -> bool:
    """Whether a neighbour/cumulation condition holds (vocabulary in packs.CONDITIONS)."""
    if condition == "illegal_border_crossing":
        return facts.route.border_crossing == "illegal"
    if condition == "exploitation_occurred":
        return facts.exploitation_occurred
    if condition == "prostitution_without_means":
        return (
            not state["is_child"]
            and bool(state["acts"])
            and state["purposes"] == ("sexual_exploitation",)
            and not state["means"]
        )
    if condition == "crossing_without_purpose":
        return (
            not state["purposes"]
            and facts.route.scope == "cross_border"
            and facts.route.border_crossing == "illegal"
        )
    if condition == "ransom_without_purpose":
        return not state["purposes"] and facts.ransom_demanded
    if condition == "labour_relation_without_trafficking":
        return facts.labour_relation
    if condition == "not_trafficking":
        return True
    if condition.startswith(MEANS_PREFIX):
        return condition[len(MEANS_PREFIX) :] in state["means"]
    return False


def _moved_in_territory(pack: LawPack, facts: Facts, acts: tuple[str, ...]) -> bool:
    if "transportation" not in acts or pack.territory is None:
        return False
    route = facts.route
    if route.scope == "domestic":
        return route.origin in (None, pack.territory)
    places = {route.origin, route.destination, *route.transit}
    return pack.territory in places


def qualify(facts: Facts, jurisdiction: str | LawPack) -> Verdict:
    """Qualify ``facts`` under a jurisdiction's pack (a code such as ``"KG"`` or a pack)."""
    pack = load_pack(jurisdiction) if isinstance(jurisdiction, str) else jurisdiction
    definition_source = pack.definition_source
    steps: list[Step] = []

    def step(rule: Rule | str, key: str, source=None, **params: Any) -> None:
        if isinstance(rule, Rule):
            steps.append(
                Step(rule.id, key, tuple(params.items()), rule.source, rule.verified, rule.text)
            )
        else:
            steps.append(Step(rule, key, tuple(params.items()), source or definition_source))

    age = facts.victim.age
    is_child = age < pack.child_age

    # 1. Act. Independent travel is not transportation unless the offender arranged it.
    acts = tuple(a for a in facts.acts if a in pack.acts)
    independent = False
    if facts.travel == "independent" and "transportation" in acts:
        acts = tuple(a for a in acts if a != "transportation")
        independent = True
        rule = _rule(pack, "independent_travel")
        step(rule or "definition.act", "transport_dropped")
    if acts:
        step("definition.act", "acts_found", acts=acts)
    else:
        step("definition.act", "no_act")

    # 2. Purpose: a mental element that must be proven; exploitation itself is not needed.
    purposes = tuple(p for p in facts.purposes if p in pack.purposes)
    foreign = tuple(p for p in facts.purposes if p not in pack.purposes)
    if foreign:
        step("definition.purpose", "purpose_not_in_pack", purposes=foreign)
    if purposes:
        step("definition.purpose", "purpose_found", purposes=purposes)
    else:
        step("definition.purpose", "no_purpose")

    # 3. Means: mandatory for adults; for a child act + purpose suffice.
    means = [m for m in facts.means if m in pack.means]
    foreign_means = tuple(m for m in facts.means if m not in pack.means)
    if foreign_means:
        step("definition.means", "means_not_in_pack", means=foreign_means)
    vulnerabilities = facts.victim.vulnerabilities
    abuse_proven = any(v.abuse_proven for v in vulnerabilities)
    if (
        vulnerabilities
        and not abuse_proven
        and ("abuse_of_vulnerability" in means or (not is_child and not means))
    ):
        if "abuse_of_vulnerability" in means:
            means.remove("abuse_of_vulnerability")
        rule = _rule(pack, "vulnerability_without_proven_abuse")
        items = ", ".join(v.id.replace("_", " ") for v in vulnerabilities)
        step(rule or "definition.means", "abuse_not_proven", items=items)
    if "threat" in means and not facts.threat_is_real:
        means.remove("threat")
        rule = _rule(pack, "unreal_threat")
        step(rule or "definition.means", "threat_not_real")
    means_t = tuple(means)
    child_rule = _rule(pack, "child_victim")
    child_rule_applied = False
    if is_child and not pack.child_means_required:
        child_rule_applied = True
        step(child_rule or "definition.child", "child_rule", age=age, limit=pack.child_age)
        if means_t:
            step("definition.means", "means_found", means=means_t)
        means_ok = True
    else:
        if is_child:
            step(
                child_rule or "definition.child",
                "child_means_required",
                age=age,
                limit=pack.child_age,
            )
        else:
            step("definition.means", "adult", age=age)
        if means_t:
            step("definition.means", "means_found", means=means_t)
        else:
            step("definition.means", "no_means")
        means_ok = bool(means_t)

    is_tip = bool(acts) and bool(purposes) and means_ok
    failed = None
    if not acts:
        failed = "act"
    elif not purposes:
        failed = "purpose"
    elif not means_ok:
        failed = "means"
    state = {"is_child": is_child, "acts": acts, "purposes": purposes, "means": means_t}

    offence = None
    absorbed: list[OffenceRef] = []
    cumulative: list[OffenceRef] = []
    neighbour = None
    neighbour_also: tuple[OffenceRef, ...] = ()
    liable: list[str] = []
    not_liable: list[str] = []
    if is_tip:
        if facts.consent:
            rule = _rule(pack, "consent_given")
            step(rule or "definition.consent", "consent")
        completion = _rule(pack, "always")
        key = "completion_done" if facts.exploitation_occurred else "completion_pending"
        step(completion or "definition.completion", key)
        article_id = pack.trafficking_article
        if is_child and pack.child_trafficking_article:
            article_id = pack.child_trafficking_article
        article = pack.articles[article_id]
        part = point = None
        chosen = None
        for candidate in article.parts:
            if candidate.get("feature") == "transport_through_territory":
                if _moved_in_territory(pack, facts, acts):
                    chosen = candidate
        if chosen is None and article.parts:
            chosen = next((p for p in article.parts if not p.get("feature")), None)
        if chosen is not None:
            part, point = chosen.get("part"), chosen.get("point")
        offence = _ref(pack, article_id, part, point)
        steps.append(
            Step(
                f"article.{article.id}",
                "article",
                (("offence", offence), ("title", article.title)),
                article.source,
                article.verified,
            )
        )
        if chosen is not None:
            steps.append(
                Step(
                    f"article.{article.id}.part",
                    "part",
                    (("offence", offence), ("label", chosen["label"])),
                    chosen.get("source", article.source),
                    chosen.get("verified", False),
                )
            )
        for rule in pack.rules_of("absorption"):
            if _holds(rule.when, facts, state) and rule.article:
                ref = _ref(pack, rule.article)
                absorbed.append(ref)
                step(rule, "absorbed", offence=ref)
        for rule in pack.rules_of("cumulation"):
            if _holds(rule.when, facts, state) and rule.article:
                ref = _ref(pack, rule.article)
                cumulative.append(ref)
                step(rule, "cumulative", offence=ref)
        # Liability: a sane person of the minimum age who aims at or knows the purpose.
        for offender in facts.offenders:
            minimum = pack.subject_min_age
            if minimum is not None and offender.age < minimum:
                not_liable.append(offender.id)
                step(
                    "subject.age",
                    "not_liable_age",
                    source=pack.raw["subject_min_age"]["source"],
                    who=offender.id,
                    age=offender.age,
                    limit=minimum,
                )
            elif not offender.knows_purpose:
                not_liable.append(offender.id)
                step(
                    "subject.knowledge",
                    "not_liable_knowledge",
                    source={
                        "seed": "seeds/004_5ab853f50fcc71a3.txt",
                        "lines": "372-377",
                        "digest": "004a 3.5",
                    },
                    who=offender.id,
                )
            else:
                liable.append(offender.id)
                step(
                    "subject.liable",
                    "liable",
                    source=pack.raw["subject_min_age"]["source"],
                    who=offender.id,
                    age=offender.age,
                )
    else:
        for rule in pack.rules_of("neighbour"):
            if _holds(rule.when, facts, state) and rule.article:
                neighbour = _ref(pack, rule.article)
                neighbour_also = tuple(_ref(pack, a) for a in rule.also)
                step(rule, "neighbour", offence=neighbour)
                break

    return Verdict(
        jurisdiction=pack.id,
        is_trafficking=is_tip,
        is_child=is_child,
        child_rule_applied=child_rule_applied and is_tip,
        offence=offence,
        acts=acts,
        means=means_t,
        purposes=purposes,
        failed_element=failed,
        independent_travel=independent,
        absorbed=tuple(absorbed),
        cumulative=tuple(cumulative),
        neighbour=neighbour,
        neighbour_also=neighbour_also,
        liable=tuple(liable),
        not_liable=tuple(not_liable),
        trace=tuple(steps),
        victim_age=age,
    )
