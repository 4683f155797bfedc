"""The qualification engine: case facts + law pack -> verdict with a cited reasoning trace.

The decision logic follows the manual's own order (digest 004a, 3.10): act, purpose, child or
adult (means), then completion, article and part, absorption and cumulation; when an element
fails, the pack's neighbouring-crime rules say what it is instead. Every step names the pack
rule (or the pack's definition) it rests on and that rule's source. Steps keep ids and
parameters, and are put into words only when rendered, so qualifying stays cheap.

Facts that are not yet established (``Facts.open``) are weighed, not guessed: the engine
qualifies every combination of their outcomes. When one of them changes the qualification, the
verdict is "cannot be qualified yet" and names, for each such fact, what each outcome would
make of the case; otherwise it qualifies the case and says that the open facts do not change it.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from simsuite.i18n import available_languages, get_language, localized
from simsuite.law.facts import Facts, Offender, Vulnerability, open_fact_kind, vocabulary
from simsuite.law.lawpack import (
    FOREIGN_MEANS_PREFIX,
    MEANS_PREFIX,
    NOT_PREFIX,
    LawPack,
    Rule,
    load_pack,
)
from simsuite.yamlio import load_shipped

#: Parameters holding ids of a vocabulary category, localized when rendered.
_ID_PARAMS = {"acts": "acts", "means": "means", "purposes": "purposes"}
#: Acts a means used at each stage can serve (004a [L312-317]: the means is used "to recruit,
#: transport, transfer, harbour or receive").
STAGE_ACTS = {
    "recruitment": ("recruitment",),
    "transport": ("transportation", "transfer"),
    "destination": ("harbouring", "receipt", "transfer"),
}
#: Roles that are an act of trafficking in themselves (the rest, e.g. "exploiter", are not).
ACT_ROLES = ("recruiter", "transporter", "harbourer", "receiver", "intermediary", "seller")
#: Offender sources for liability not stated by the manual.
_KNOWLEDGE_SOURCE = {
    "seed": "seeds/004_5ab853f50fcc71a3.txt",
    "lines": "372-377",
    "digest": "004a 3.5",
}
_ORGANISER_SOURCE = {
    "document": "kg-criminal-code",
    "note": "The seeds do not discuss organisers who commit no act themselves; liability as an "
    "organiser rests on the Code's general part on complicity, not quoted in the sources: "
    "verify against the official text.",
}


@cache
def _texts() -> Mapping[str, Mapping[str, str]]:
    text = resources.files("simsuite.law").joinpath("texts.yaml").read_text("utf-8")
    return load_shipped(text)


def text(key: str, lang: str) -> str:
    return localized(_texts()[key], lang)


def _in_every_language(key: str, **values: Any) -> dict[str, str]:
    """A text of ``texts.yaml`` filled in, in every language that has a catalogue."""
    return {lang: text(key, lang).format(**values) for lang in available_languages()}


def _label(category: str, item: str, lang: str) -> str:
    entry = vocabulary()[category].get(item)
    return localized(entry, lang) if isinstance(entry, Mapping) else item


def years(age: int, lang: str) -> str:
    """An age with its unit ("36 years", "36 лет")."""
    if lang == "ru":
        if age % 10 == 1 and age % 100 != 11:
            unit = "год"
        elif 2 <= age % 10 <= 4 and not 12 <= age % 100 <= 14:
            unit = "года"
        else:
            unit = "лет"
        return f"{age} {unit}"
    return f"{age}"


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
    code: Mapping[str, str] | None = None  # the instrument's abbreviation ("УК КР")

    def label(self, lang: str) -> str:
        """The citation in the language's legal style: "Art. 166(2)(5)", "п. 5 ч. 2 ст. 166
        УК КР"; an offence whose article the sources do not name is described instead."""
        if self.number is None:
            title = localized(self.title, lang)
            return title[:1].lower() + title[1:]  # a description, used mid-sentence
        code = localized(self.code, lang) if self.code else ""
        if lang == "ru":
            parts = []
            if self.point:
                parts.append(f"п. {self.point}")
            if self.part:
                parts.append(f"ч. {self.part}")
            parts.append(f"ст. {self.number}")
            if code:
                parts.append(code)
            return " ".join(parts)
        if lang == "ky":  # as the Kyrgyz manual cites it: "166-берене, 2-бөлүк, 5-пункт"
            numbers = (self.number, self.part, self.point)
            cited = zip(numbers, ("берене", "бөлүк", "пункт"), strict=True)
            return (", ".join(f"{n}-{word}" for n, word in cited if n) + f" {code}").strip()
        if lang == "uz":  # "166-modda 2-qism 5-band"
            cited = [f"{self.number}-modda"]
            cited += [f"{self.part}-qism"] if self.part else []
            cited += [f"{self.point}-band"] if self.point else []
            return f"{code} {' '.join(cited)}".strip()
        label = f"{'maddə' if lang == 'az' else 'Art.'} {self.number}"  # as az codes head it
        if self.part:
            label += f"({self.part})"
        if self.point:
            label += f"({self.point})"
        return f"{label} {code}".strip()

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

    def text(self, lang: str | None = None, names: Mapping[str, str] | None = None) -> str:
        """The finding in words; ``names`` maps offender ids to the names the case uses."""
        lang = lang or get_language()
        values: dict[str, Any] = {}
        for name, value in self.params:
            if name in _ID_PARAMS:
                values[name] = ", ".join(_label(_ID_PARAMS[name], v, lang) for v in value)
            elif isinstance(value, OffenceRef):
                values[name] = value.label(lang)
            elif isinstance(value, OpenFact):
                values[name] = value.text(lang, names)
            elif isinstance(value, Mapping):
                values[name] = localized(value, lang)
            elif name == "path":
                countries = vocabulary().get("countries", {})
                values[name] = " → ".join(
                    localized(countries[c], lang) if c in countries else c for c in value
                )
            elif name == "who":
                values[name] = (names or {}).get(value, value)
            elif name == "age":
                values[name] = value
                values["years"] = years(value, lang)
            elif isinstance(value, tuple) and value and isinstance(value[0], Mapping):
                values[name] = fill_names("; ".join(localized(v, lang) for v in value), names)
            else:
                values[name] = value
        female = dict(self.params).get("sex") == "female"
        values.setdefault("victim_dat", "Потерпевшей" if female else "Потерпевшему")
        values.setdefault("victim_nom", "Потерпевшая" if female else "Потерпевший")
        values.setdefault("a", "а" if female else "")
        found = text(self.key, lang).format(**values)
        return found[:1].upper() + found[1:]

    def to_dict(self, lang: str, names: Mapping[str, str] | None = None) -> dict[str, Any]:
        entry = {
            "rule": self.rule,
            "finding": self.text(lang, names),
            "source": dict(self.source),
            "verified": self.verified,
        }
        if self.explanation is not None:
            entry["explanation"] = localized(self.explanation, lang)
        return entry


_PERSON = re.compile(r"\{(\w+)\}")


def fill_names(text: str, names: Mapping[str, str] | None) -> str:
    """Put the case's names in place of ``{offender id}`` marks (ids stay where none is given)."""
    return _PERSON.sub(lambda m: (names or {}).get(m.group(1), m.group(1)), text)


@dataclass(frozen=True)
class Outcome:
    """One outcome of a fact not yet established, and what the case would then be."""

    value: Mapping[str, str]  # "proven" / "not proven", "under 18", … per language
    result: Mapping[str, str]  # the qualification it leads to, per language


@dataclass(frozen=True)
class OpenFact:
    """A fact to establish before the case can be qualified."""

    fact: str  # the open-fact id, e.g. "means:threat"
    category: str  # the answer option a trainee ticks (vocabulary open_fact_categories)
    label: Mapping[str, str]  # what to establish, per language
    outcomes: tuple[Outcome, ...]
    material: bool  # whether its outcome changes the qualification

    def text(self, lang: str, names: Mapping[str, str] | None = None) -> str:
        outcomes = "; ".join(
            f"{localized(o.value, lang)}: {localized(o.result, lang)}" for o in self.outcomes
        )
        return fill_names(f"{localized(self.label, lang)} ({outcomes})", names)

    def to_dict(self, lang: str, names: Mapping[str, str] | None = None) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "category": self.category,
            "establish": fill_names(localized(self.label, lang), names),
            "material": self.material,
            "outcomes": [
                {
                    "if": localized(o.value, lang),
                    "then": fill_names(localized(o.result, lang), names),
                }
                for o in self.outcomes
            ],
        }


@dataclass(frozen=True)
class Verdict:
    """The engine's answer for one set of facts under one pack.

    ``status`` is "complete", or "open" when a fact not yet established changes the
    qualification: then ``is_trafficking`` is None unless every outcome agrees, ``offence`` is
    None, and ``open_facts`` say what to establish and what each outcome would make of the case.
    """

    jurisdiction: str
    is_trafficking: bool | None
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
    victim_sex: str = "female"
    status: str = "complete"
    open_facts: tuple[OpenFact, ...] = ()
    #: the part could not be determined from the sources (an unverified aggravating feature)
    part_undetermined: bool = False

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def to_establish(self) -> tuple[OpenFact, ...]:
        """The open facts that change the qualification."""
        return tuple(fact for fact in self.open_facts if fact.material)

    def signature(self) -> tuple[Any, ...]:
        """What a qualification decides: equal signatures are the same legal answer."""
        return (
            self.is_trafficking,
            self.offence and (self.offence.article, self.offence.part, self.offence.point),
            frozenset(ref.article for ref in self.absorbed),
            frozenset(ref.article for ref in self.cumulative),
            self.neighbour and self.neighbour.article,
            self.not_liable,
        )

    def short(self, lang: str, names: Mapping[str, str] | None = None) -> str:
        """The qualification in a few words ("trafficking in persons, Art. 166(1)")."""
        if self.is_open:
            return text("short_open", lang)
        if self.is_trafficking:
            assert self.offence is not None
            label = text("short_tip", lang).format(offence=self.offence.label(lang))
            if self.part_undetermined:
                label += text("short_part_unknown", lang)
            if self.cumulative:
                offences = "; ".join(ref.label(lang) for ref in self.cumulative)
                label += text("short_cumulative", lang).format(offences=offences)
        else:
            label = text("short_not_tip", lang)
            if self.neighbour is not None:
                label += text("short_instead", lang).format(offence=self._neighbour_label(lang))
        if self.not_liable:
            # without names, "{id}" marks that OpenFact.text fills in later
            who = ", ".join((names or {}).get(i, "{" + i + "}") for i in self.not_liable)
            label += text("short_not_liable", lang).format(who=who)
        return label

    def summary(self, lang: str | None = None, names: Mapping[str, str] | None = None) -> str:
        """One or two sentences of expert explanation, in ``lang``."""
        lang = lang or get_language()
        if self.is_open:
            facts = "; ".join(fact.text(lang, names) for fact in self.to_establish())
            return text("summary_open", lang).format(facts=facts)
        if self.is_trafficking:
            assert self.offence is not None
            values = {
                "acts": ", ".join(_label("acts", a, lang) for a in self.acts),
                "means": ", ".join(_label("means", m, lang) for m in self.means)
                or text("not_specified", lang),
                "purposes": ", ".join(_label("purposes", p, lang) for p in self.purposes),
                "offence": self.offence.label(lang),
                "years": years(self.victim_age, lang),
            }
            key = "summary_tip_child" if self.child_rule_applied else "summary_tip"
            parts = [text(key, lang).format(**values)]
            if self.part_undetermined:
                parts.append(text("summary_part_unknown", lang))
            if self.absorbed:
                offences = ", ".join(ref.label(lang) for ref in self.absorbed)
                parts.append(text("summary_absorbed", lang).format(offences=offences))
            if self.cumulative:
                offences = "; ".join(ref.label(lang) for ref in self.cumulative)
                parts.append(text("summary_cumulative", lang).format(offences=offences))
            return " ".join(parts)
        if self.failed_element == "act":
            key = "summary_independent" if self.independent_travel else "summary_no_act"
        elif self.failed_element == "purpose":
            key = "summary_no_purpose"
        else:
            key = "summary_no_means"
        parts = [text(key, lang)]
        if self.neighbour is not None:
            offence = self._neighbour_label(lang)
            parts.append(text("summary_neighbour", lang).format(offence=offence))
        return " ".join(parts)

    def _neighbour_label(self, lang: str) -> str:
        assert self.neighbour is not None
        refs = [self.neighbour, *(r for r in self.neighbour_also if r.number != "22")]
        label = " / ".join(ref.label(lang) for ref in refs)
        if self.neighbour.number is not None:
            label += f" ({localized(self.neighbour.title, lang)})"
        return label

    def to_dict(self, lang: str = "en", names: Mapping[str, str] | None = None) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "status": self.status,
            "is_trafficking": self.is_trafficking,
            "is_child": self.is_child,
            "child_rule_applied": self.child_rule_applied,
            "offence": self.offence.to_dict() if self.offence else None,
            "part_undetermined": self.part_undetermined,
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
            "open_facts": [fact.to_dict(lang, names) for fact in self.open_facts],
            "summary": self.summary(lang, names),
            "trace": [step.to_dict(lang, names) for step in self.trace],
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
        code=pack.raw.get("abbreviation"),
    )


def _rule(pack: LawPack, when: str) -> Rule | None:
    return pack.rule_when(when)


def _holds(condition: str, facts: Facts, state: Mapping[str, Any]) -> bool:
    """Whether a condition holds (vocabulary in lawpack.CONDITIONS)."""
    if condition.startswith(NOT_PREFIX):
        return not _holds(condition[len(NOT_PREFIX) :], facts, state)
    if condition == "illegal_border_crossing":
        return facts.route.border_crossing == "illegal" and facts.route.crossed
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
    if condition == "abduction_for_marriage":
        return facts.abduction_for_marriage
    if condition == "marriage_without_means":
        return "forced_marriage" in state["purposes"] and not state["means"]
    if condition == "forced_criminality":
        return "forced_criminality" in state["purposes"]
    if condition == "means_without_act":
        return bool(state.get("unattached"))
    if condition == "consent_withdrawn":
        return facts.consent_withdrawn
    if condition == "not_trafficking":
        return True
    if condition.startswith(MEANS_PREFIX):
        return condition[len(MEANS_PREFIX) :] in state["means"]
    if condition.startswith(FOREIGN_MEANS_PREFIX):
        return condition[len(FOREIGN_MEANS_PREFIX) :] in state["foreign_means"]
    return False


def _all_hold(rule: Rule, facts: Facts, state: Mapping[str, Any]) -> bool:
    return all(_holds(condition, facts, state) for condition in rule.when)


def _features(pack: LawPack, facts: Facts, acts: tuple[str, ...], is_child: bool) -> dict:
    """The aggravating features the facts show, each with the words that name its fact."""
    found: dict[str, dict[str, Any]] = {}
    route = facts.route
    places = [route.origin, *route.transit, route.destination]
    if (
        "transportation" in acts
        and pack.territory is not None
        and route.crossed
        and pack.territory in places
    ):
        found["border_movement_territory"] = {"path": tuple(p for p in places if p)}
    if is_child:
        found["child_victim"] = {"age": facts.victim.age}
    if facts.victim_count > 1:
        found["several_victims"] = {"count": facts.victim_count}
    return found


def qualify(facts: Facts, jurisdiction: str | LawPack) -> Verdict:
    """Qualify ``facts`` under a jurisdiction's pack (a code such as ``"KG"`` or a pack)."""
    pack = load_pack(jurisdiction) if isinstance(jurisdiction, str) else jurisdiction
    if not facts.open:
        return _qualify_established(facts, pack)
    return _qualify_open(facts, pack)


# --- open facts --------------------------------------------------------------------------------

_Variant = tuple[Mapping[str, str], Callable[[Facts], Facts]]


def _with_item(facts: Facts, field: str, item: str, present: bool) -> Facts:
    items = tuple(i for i in getattr(facts, field) if i != item)
    if present:
        items = (*items, item)
    return dataclasses.replace(facts, **{field: items})


def _offender(facts: Facts, who: str, **changes: Any) -> Facts:
    offenders = tuple(
        dataclasses.replace(o, **changes) if o.id == who else o for o in facts.offenders
    )
    return dataclasses.replace(facts, offenders=offenders)


def _vulnerability(facts: Facts, which: str, abused: bool) -> Facts:
    vulnerabilities: tuple[Vulnerability, ...] = tuple(
        dataclasses.replace(v, abuse_proven=abused) if v.id == which else v
        for v in facts.victim.vulnerabilities
    )
    victim = dataclasses.replace(facts.victim, vulnerabilities=vulnerabilities)
    changed = dataclasses.replace(facts, victim=victim)
    return _with_item(
        changed,
        "means",
        "abuse_of_vulnerability",
        abused or ("abuse_of_vulnerability" in facts.means),
    )


def _variants(facts: Facts, pack: LawPack, item: str) -> tuple[_Variant, ...]:
    """The outcomes of an open fact, the one the facts file states first."""
    kind, argument = open_fact_kind(item)
    yes, no = _texts()["outcome_yes"], _texts()["outcome_no"]
    if kind == "victim.age":
        limit = pack.child_age
        age = facts.victim.age
        under = _in_every_language("outcome_under", limit=limit)
        over = _in_every_language("outcome_over", limit=limit)

        def child(f: Facts) -> Facts:
            return dataclasses.replace(
                f, victim=dataclasses.replace(f.victim, age=min(age, limit - 1))
            )

        def adult(f: Facts) -> Facts:
            return dataclasses.replace(f, victim=dataclasses.replace(f.victim, age=max(age, limit)))

        pair = ((under, child), (over, adult))
        return pair if age < limit else pair[::-1]
    if kind in ("acts", "means", "purposes"):
        assert argument is not None
        stated = argument in getattr(facts, kind)
        pair = (
            (yes, lambda f: _with_item(f, kind, argument, True)),
            (no, lambda f: _with_item(f, kind, argument, False)),
        )
        return pair if stated else pair[::-1]
    if kind in (
        "exploitation_occurred",
        "threat_is_real",
        "labour_relation",
        "abduction_for_marriage",
    ):
        stated = bool(getattr(facts, kind))
        pair = (
            (yes, lambda f: dataclasses.replace(f, **{kind: True})),
            (no, lambda f: dataclasses.replace(f, **{kind: False})),
        )
        return pair if stated else pair[::-1]
    if kind == "travel":
        pair = (
            (
                _texts()["outcome_arranged"],
                lambda f: dataclasses.replace(f, travel="arranged_by_offender"),
            ),
            (
                _texts()["outcome_independent"],
                lambda f: dataclasses.replace(f, travel="independent"),
            ),
        )
        return pair if facts.travel != "independent" else pair[::-1]
    if kind == "route.border_crossing":

        def crossing(value: str) -> Callable[[Facts], Facts]:
            return lambda f: dataclasses.replace(
                f, route=dataclasses.replace(f.route, border_crossing=value)
            )

        pair = (
            (_texts()["outcome_legal"], crossing("legal")),
            (_texts()["outcome_illegal"], crossing("illegal")),
        )
        return pair if facts.route.border_crossing != "illegal" else pair[::-1]
    if kind == "offender.knows_purpose":
        assert argument is not None
        stated = next(o.knows_purpose for o in facts.offenders if o.id == argument)
        pair = (
            (yes, lambda f: _offender(f, argument, knows_purpose=True)),
            (no, lambda f: _offender(f, argument, knows_purpose=False)),
        )
        return pair if stated else pair[::-1]
    if kind == "offender.age":
        assert argument is not None
        minimum = pack.subject_min_age or 14
        stated_age = next(o.age for o in facts.offenders if o.id == argument)
        older = _in_every_language("outcome_over", limit=minimum)
        younger = _in_every_language("outcome_under", limit=minimum)
        pair = (
            (older, lambda f: _offender(f, argument, age=max(stated_age, minimum))),
            (younger, lambda f: _offender(f, argument, age=min(stated_age, minimum - 1))),
        )
        return pair if stated_age >= minimum else pair[::-1]
    if kind == "vulnerability.abuse_proven":
        assert argument is not None
        pair = (
            (yes, lambda f: _vulnerability(f, argument, True)),
            (no, lambda f: _vulnerability(f, argument, False)),
        )
        stated = any(v.abuse_proven for v in facts.victim.vulnerabilities if v.id == argument)
        return pair if stated else pair[::-1]
    raise ValueError(f"unknown open fact {item!r}")  # facts_from_dict rejects it first


def _open_label(facts: Facts, pack: LawPack, item: str) -> tuple[str, dict[str, str]]:
    kind, argument = open_fact_kind(item)
    entry = vocabulary()["open_facts"][kind]
    labels = {}
    for lang in available_languages():
        template = localized(entry, lang)
        values: dict[str, Any] = {"limit": pack.child_age, "who": "{" + str(argument) + "}"}
        if kind in ("acts", "means", "purposes") and argument:
            values["item"] = _label(kind, argument, lang)
        labels[lang] = template.format(**values)
    return entry["category"], labels


def _qualify_open(facts: Facts, pack: LawPack) -> Verdict:
    items = facts.open
    base = dataclasses.replace(facts, open=())
    variants = [_variants(base, pack, item) for item in items]
    results: dict[tuple[int, ...], Verdict] = {}
    for combo in itertools.product(*(range(len(v)) for v in variants)):
        case = base
        for item_variants, choice in zip(variants, combo, strict=True):
            case = item_variants[choice][1](case)
        results[combo] = _qualify_established(case, pack)
    stated = results[tuple(0 for _ in items)]
    open_facts: list[OpenFact] = []
    for index, item in enumerate(items):
        material = any(
            results[combo].signature()
            != results[combo[:index] + (other,) + combo[index + 1 :]].signature()
            for combo in results
            for other in range(len(variants[index]))
            if other != combo[index]
        )
        outcomes = []
        for choice, (value, _change) in enumerate(variants[index]):
            found = {c: v for c, v in results.items() if c[index] == choice}
            result = {}
            for lang in available_languages():
                shorts = list(dict.fromkeys(v.short(lang) for v in found.values()))
                result[lang] = (
                    shorts[0]
                    if len(shorts) == 1
                    else text("outcome_depends", lang).format(options=" / ".join(shorts))
                )
            outcomes.append(Outcome(value, result))
        category, label = _open_label(facts, pack, item)
        open_facts.append(OpenFact(item, category, label, tuple(outcomes), material))
    if not any(fact.material for fact in open_facts):
        steps = (
            *stated.trace,
            Step(
                "open.immaterial",
                "open_immaterial",
                (("facts", tuple(f.label for f in open_facts)),),
                pack.definition_source,
            ),
        )
        return dataclasses.replace(stated, trace=steps, open_facts=tuple(open_facts))
    verdicts = list(results.values())
    decided = {v.is_trafficking for v in verdicts}
    steps = [Step("open", "cannot_qualify_yet", (), pack.definition_source)]
    for fact in open_facts:
        key = "open_fact" if fact.material else "open_fact_immaterial"
        steps.append(Step(f"open.{fact.fact}", key, (("fact", fact),), pack.definition_source))
    is_child = stated.is_child
    return Verdict(
        jurisdiction=pack.id,
        is_trafficking=decided.pop() if len(decided) == 1 else None,
        is_child=is_child,
        child_rule_applied=False,
        offence=None,
        acts=stated.acts,
        means=stated.means,
        purposes=stated.purposes,
        failed_element=None,
        independent_travel=stated.independent_travel,
        absorbed=(),
        cumulative=(),
        neighbour=None,
        neighbour_also=(),
        liable=(),
        not_liable=(),
        trace=tuple(steps),
        victim_age=facts.victim.age,
        victim_sex=facts.victim.sex,
        status="open",
        open_facts=tuple(open_facts),
    )


# --- established facts -------------------------------------------------------------------------


def _qualify_established(facts: Facts, pack: LawPack) -> Verdict:
    definition_source = pack.definition_source
    steps: list[Step] = []

    def step(rule: Rule | str, key: str, source=None, verified: bool = True, **params: Any) -> None:
        if isinstance(rule, Rule):
            steps.append(
                Step(rule.id, key, tuple(params.items()), rule.source, rule.verified, rule.text)
            )
        else:
            steps.append(
                Step(rule, key, tuple(params.items()), source or definition_source, verified)
            )

    age = facts.victim.age
    sex = facts.victim.sex
    is_child = age < pack.child_age

    # 1. Act. A journey that never began is not transportation; independent travel is not
    # transportation unless the offender arranged it.
    acts = tuple(a for a in facts.acts if a in pack.acts)
    independent = False
    if facts.route.status == "planned" and "transportation" in acts:
        acts = tuple(a for a in acts if a != "transportation")
        step("definition.act", "journey_planned")
    if facts.travel == "independent" and "transportation" in acts:
        acts = tuple(a for a in acts if a != "transportation")
        independent = True
        rule = _rule(pack, "independent_travel")
        step(rule or "definition.act", "transport_dropped", sex=sex)
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
    state_foreign = {"foreign_means": foreign_means}
    for item in foreign_means:
        rule = next(
            (
                r
                for r in pack.rules_of("means_filter")
                if r.when == (f"{FOREIGN_MEANS_PREFIX}{item}",)
            ),
            None,
        )
        step(rule or "definition.means", "means_not_in_pack", means=(item,))
    # A means serves an act done at the stage it was used (004a [L312-317]).
    unattached: list[str] = []
    for item in list(means):
        stage = facts.timing(item)
        if stage is not None and not set(STAGE_ACTS[stage]) & set(acts):
            means.remove(item)
            unattached.append(item)
            stage_label = vocabulary()["means_timing"][stage]
            rule = _rule(pack, "means_without_act")
            step(rule or "definition.means", "means_without_act", means=(item,), stage=stage_label)
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
        items = tuple(
            vocabulary()["vulnerabilities"].get(v.id, {"en": v.id}) for v in vulnerabilities
        )
        step(rule or "definition.means", "abuse_not_proven", items=items)
    if "threat" in facts.means and not facts.threat_is_real and "threat" in means:
        means.remove("threat")
        rule = _rule(pack, "unreal_threat")
        step(rule or "definition.means", "threat_not_real")
    means_t = tuple(means)
    child_rule = _rule(pack, "child_victim")
    child_rule_applied = False
    if is_child and not pack.child_means_required:
        child_rule_applied = True
        step(child_rule or "definition.child", "child_rule", age=age, sex=sex, limit=pack.child_age)
        if means_t:
            step("definition.means", "means_found", means=means_t)
        means_ok = True
    else:
        if is_child:
            step(
                child_rule or "definition.child",
                "child_means_required",
                age=age,
                sex=sex,
                limit=pack.child_age,
            )
        else:
            step("definition.means", "adult", age=age, sex=sex)
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
    state = {
        "is_child": is_child,
        "acts": acts,
        "purposes": purposes,
        "means": means_t,
        "unattached": tuple(unattached),
        **state_foreign,
    }

    offence = None
    part_undetermined = False
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
        if facts.consent_withdrawn:
            rule = _rule(pack, "consent_withdrawn")
            step(rule or "definition.consent", "consent_withdrawn")
        completion = _rule(pack, "always")
        key = "completion_done" if facts.exploitation_occurred else "completion_pending"
        step(completion or "definition.completion", key)
        article_id = pack.trafficking_article
        if is_child and pack.child_trafficking_article:
            article_id = pack.child_trafficking_article
        article = pack.articles[article_id]
        features = _features(pack, facts, acts, is_child)
        if article_id == pack.child_trafficking_article:
            features.pop("child_victim", None)  # the article itself is the child's
        chosen = next((p for p in article.parts if p.get("feature") in features), None)
        doubtful = {
            name: note
            for name, note in (article.unverified_features or {}).items()
            if name in features
        }
        if doubtful:
            chosen = None
            part_undetermined = True
        elif chosen is None and article.parts:
            chosen = next((p for p in article.parts if not p.get("feature")), None)
        part = point = None
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
            feature = chosen.get("feature")
            key = f"part_{feature}" if feature else "part_basic"
            steps.append(
                Step(
                    f"article.{article.id}.part",
                    key,
                    (
                        ("offence", offence),
                        ("label", chosen["label"]),
                        *features.get(feature, {}).items(),
                    ),
                    chosen.get("source", article.source),
                    chosen.get("verified", False),
                )
            )
        for name, note in doubtful.items():
            steps.append(
                Step(
                    f"article.{article.id}.unverified.{name}",
                    f"part_unverified_{name}",
                    (("offence", _ref(pack, article_id)), ("note", note), *features[name].items()),
                    article.source,
                    False,
                )
            )
        for rule in pack.rules_of("absorption"):
            if _all_hold(rule, facts, state) and rule.article:
                ref = _ref(pack, rule.article)
                absorbed.append(ref)
                step(rule, "absorbed", offence=ref)
        for rule in pack.rules_of("cumulation"):
            if _all_hold(rule, facts, state) and rule.article:
                ref = _ref(pack, rule.article)
                cumulative.append(ref)
                step(rule, "cumulative", offence=ref)
        for rule in pack.rules_of("victim_protection"):
            if _all_hold(rule, facts, state):
                step(rule, "victim_protection")
        # Liability: a sane person of the minimum age who aims at or knows the purpose.
        for offender in facts.offenders:
            _liability(pack, offender, step, liable, not_liable)
    else:
        for rule in pack.rules_of("neighbour"):
            if _all_hold(rule, facts, state) and rule.article:
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
        victim_sex=sex,
        part_undetermined=part_undetermined,
    )


def _liability(pack: LawPack, offender: Offender, step, liable: list, not_liable: list) -> None:
    minimum = pack.subject_min_age
    age_source = pack.raw["subject_min_age"]["source"]
    if minimum is not None and offender.age < minimum:
        not_liable.append(offender.id)
        step(
            "subject.age",
            "not_liable_age",
            source=age_source,
            who=offender.id,
            limit=minimum,
            young=offender.age,
        )
    elif not offender.knows_purpose:
        not_liable.append(offender.id)
        step("subject.knowledge", "not_liable_knowledge", source=_KNOWLEDGE_SOURCE, who=offender.id)
    elif "organiser" in offender.roles and not set(offender.roles) & set(ACT_ROLES):
        liable.append(offender.id)
        step(
            "subject.organiser",
            "liable_organiser",
            source=_ORGANISER_SOURCE,
            verified=False,
            who=offender.id,
        )
    else:
        liable.append(offender.id)
        step("subject.liable", "liable", source=age_source, who=offender.id)
