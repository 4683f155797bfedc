"""The case file of a generated case: evidence items drawn so that they show exactly what the
qualification engine found on the case's facts.

The key is never decided here. :func:`element_statuses` reads it from the engine's verdict
(:mod:`simsuite.law`): an element is *proven* when the engine establishes it, *not proven* when
the facts establish its absence (or the engine sets it aside: a vulnerability whose abuse is not
proven, a threat that is not real, a means used where no act was done), *still open* when the
case leaves a fact that decides it not yet established, and for a child victim the means *need
not be proven* where the law pack says so (the child rule). :func:`draw_file` then writes the
items from the templates of ``data/evidence.yaml``: for every proven element a usable item that
establishes it (and, where the suspect contradicts it, an independent item that corroborates
it); for an open element the accounts that stand against each other with nothing to settle
them; items that cannot be used, and items that bear on no element. A property test checks the
file against the key for many seeds.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.activities.referral.content import validated_yaml
from simsuite.errors import ContentError
from simsuite.i18n import _, localized

PACKAGE = "simsuite.activities.evidence_review"
ELEMENTS = ("act", "means", "purpose", "age", "knowledge")
STATUSES = ("proven", "not_proven", "open", "not_needed")
NOT_AT_ISSUE = "not_at_issue"
NONE = "none"
UNUSABLE = "unusable"
#: effects of an item on the element it bears on
SUPPORTS, CONTRADICTS, INSUFFICIENT = "supports", "contradicts", "insufficient"
#: the open fact (engine kind) -> the element it leaves open
OPEN_ELEMENT = {
    "victim.age": "age",
    "means": "means",
    "threat_is_real": "means",
    "vulnerability.abuse_proven": "means",
    "purposes": "purpose",
    "acts": "act",
    "travel": "act",
    "offender.knows_purpose": "knowledge",
}
#: the item of the file that corroborates each means, when there is one
CORROBORATION = {
    "deception": "means_corroboration_message",
    "fraud": "means_corroboration_message",
    "threat": "means_corroboration_witness",
    "blackmail": "means_corroboration_witness",
    "force": "means_corroboration_medical",
    "abduction": "means_corroboration_abduction",
    "abuse_of_vulnerability": "means_corroboration_abuse",
    "other_coercion": "means_corroboration_passport",
    "payment_to_person_in_control": "means_corroboration_payment",
}
#: near misses whose facts establish that there was no purpose of exploitation
ABSENT_PURPOSE = {
    "migrant_smuggling": "purpose_absent_smuggling",
    "labour_dispute": "purpose_absent_labour",
    "independent_travel": "purpose_absent_travel",
    "kidnapping_ransom": "purpose_absent_ransom",
    "bride_kidnapping": "purpose_absent_marriage",
}
#: {g:male/female} agrees with the victim's sex, {g:recruiter:…/…} and {g:driver:…/…} with theirs
_MARK = re.compile(r"\{g:(?:(recruiter|driver):)?([^/{}]*)/([^{}]*)\}")


@cache
def data() -> Mapping[str, Any]:
    """The module's data, validated by its schema and for the references inside it."""
    content = validated_yaml(PACKAGE, "evidence.yaml", "evidence.schema.json")
    check_references(content, f"{PACKAGE}/data/evidence.yaml")
    return content


def check_references(content: Mapping[str, Any], where: str) -> None:
    """What the schema cannot check: every rule named exists, every template the code uses is
    there, and the missing-evidence options cover every element an open fact can leave open."""
    rules = content["rules"]
    named = [spec["rule"] for spec in content["elements"].values()]
    named += [rule for flaw in content["flaws"].values() for rule in flaw["rules"]]
    named += [item["why_rule"] for item in content["items"].values() if "why_rule" in item]
    for rule in named:
        if rule not in rules:
            raise ContentError(
                _("Unknown rule {name!r}.").format(name=rule), where=where, allowed=", ".join(rules)
            )
    for item in content["items"].values():
        if "flaw" in item and item["flaw"] not in content["flaws"]:
            raise ContentError(
                _("Unknown flaw {name!r}.").format(name=item["flaw"]),
                where=where,
                allowed=", ".join(content["flaws"]),
            )
    used = {*CORROBORATION.values(), *ABSENT_PURPOSE.values()}
    missing = sorted(used - set(content["items"]))
    if missing:
        raise ContentError(
            _("Templates missing: {names}.").format(names=", ".join(missing)), where=where
        )
    covered = {spec.get("element") for spec in content["missing"].values()}
    uncovered = sorted(set(OPEN_ELEMENT.values()) - {"act"} - covered)
    if uncovered:
        raise ContentError(
            _("No missing-evidence option for: {names}.").format(names=", ".join(uncovered)),
            where=where,
        )


@dataclass(frozen=True)
class Item:
    """One item of the file, with what it is for the key."""

    template: str
    kind: str
    title: str
    text: str
    element: str | None  # what it bears on (or would, if it could be used); None: nothing
    effect: str | None  # supports, contradicts, insufficient; None for an item of no element
    flaw: str | None = None  # why it cannot be used
    reason: str = ""  # why an item of no element, or an insufficient one, is so

    @property
    def usable(self) -> bool:
        return self.flaw is None

    @property
    def bearing(self) -> str:
        """The answer the key expects for this item."""
        if not self.usable:
            return UNUSABLE
        return self.element or NONE


def _driver(case: Any) -> Any:
    return next((o for o in case.facts.offenders if o.id == "driver"), None)


def material_open(case: Any) -> dict[str, Any]:
    """Element -> the engine's open fact that leaves it open (material open facts only)."""
    from simsuite.law.facts import open_fact_kind

    found = {}
    for fact in case.verdict.to_establish():
        kind, _argument = open_fact_kind(fact.fact)
        element = OPEN_ELEMENT.get(kind)
        if element is None:  # a fact the generator never leaves open: not for this exercise
            raise ContentError(
                _("No evidence template leaves {fact!r} open.").format(fact=fact.fact),
                where=case.case_id,
            )
        found[element] = fact
    return found


def element_statuses(case: Any) -> dict[str, str]:
    """The key: each element's status, read from the engine's verdict on the case's facts."""
    from simsuite.law import load_pack

    verdict = case.verdict
    opened = material_open(case)
    pack = load_pack(verdict.jurisdiction)
    child_settled = verdict.is_child and "age" not in opened
    statuses = {
        "act": "proven" if verdict.acts else "not_proven",
        "purpose": "proven" if verdict.purposes else "not_proven",
        "age": "proven" if verdict.is_child else "not_proven",
        "means": "proven" if verdict.means else "not_proven",
    }
    if child_settled and not pack.child_means_required:
        statuses["means"] = "not_needed"
    driver = _driver(case)
    if driver is None:
        statuses["knowledge"] = NOT_AT_ISSUE
    else:
        statuses["knowledge"] = "proven" if driver.knows_purpose else "not_proven"
    for element in opened:
        statuses[element] = "open"
    return statuses


# --- filling the templates ----------------------------------------------------------------------


class Filler:
    """The case's people and places in one language, and the texts of the data filled in."""

    def __init__(self, case: Any, lang: str, rng: random.Random) -> None:
        from simsuite.law.engine import years
        from simsuite.law.facts import vocabulary
        from simsuite.trafficking.render import national_name_pool, pool_size, templates

        self.lang = lang
        tpl = templates(lang)
        pooled = {name: tpl["pools"][pool][index] for name, pool, index in case.story.pooled}
        literals = dict(case.story.literals)
        self.sexes = {
            None: case.facts.victim.sex,
            "recruiter": literals.get("recruiter_sex", "male"),
            "driver": literals.get("driver_sex", "male"),
        }
        # a witness who is nobody else in the story: a woman of the victim's home country
        # (a small pool can be used up by the story: then a neighbour named after the country
        # where the case is heard)
        taken = {(pool, index) for _name, pool, index in case.story.pooled}
        for country in (case.facts.victim.citizenship, case.discovery_country, "KG"):
            pool = national_name_pool("female", country)
            free = [i for i in range(pool_size(pool)) if (pool, i) not in taken]
            if free:
                break
        witness = tpl["pools"][pool][rng.choice(free)]
        vulnerabilities = case.facts.victim.vulnerabilities
        vulnerability = (
            localized(vocabulary()["vulnerabilities"][vulnerabilities[0].id], lang)
            if vulnerabilities
            else ""
        )
        work = data()["work"].get(case.kind)
        self.values: dict[str, Any] = {
            "victim": pooled.get("victim", ""),
            "recruiter": pooled.get("recruiter", ""),
            "exploiter": pooled.get("exploiter", pooled.get("recruiter", "")),
            "driver": pooled.get("driver", ""),
            "relative": pooled.get("relative", ""),
            "company": pooled.get("company", ""),
            "job": pooled.get("job", ""),
            "home_town": pooled.get("home_town", pooled.get("dest_town", "")),
            "dest_town": pooled.get("dest_town", pooled.get("home_town", "")),
            "witness": witness,
            "age": years(case.facts.victim.age, lang),
            "amount": literals.get("amount", 500),
            "vulnerability": vulnerability,
            "work": localized(work, lang) if work else "",
            "car_owner": pooled.get("driver") or pooled.get("recruiter", ""),
            "buyer": pooled.get("exploiter", ""),
        }

    def __call__(self, text: Mapping[str, str] | str, capital: bool = True, **extra: Any) -> str:
        raw = localized(text, self.lang) if isinstance(text, Mapping) else text

        def agree(match: re.Match[str]) -> str:
            female = self.sexes.get(match.group(1)) == "female"
            return match.group(3) if female else match.group(2)

        raw = _MARK.sub(agree, raw)
        try:
            filled = raw.format(**{**self.values, **extra})
        except (KeyError, IndexError, ValueError) as error:
            raise ContentError(
                _("A text has an unknown placeholder {name}.").format(name=error), where=raw[:60]
            ) from None
        filled = filled.replace("..", ".")
        return filled[:1].upper() + filled[1:] if capital else filled


# --- drawing the file ---------------------------------------------------------------------------


@dataclass
class _Draft:
    template: str
    element: str | None
    effect: str | None
    flaw: str | None = None
    extra: Mapping[str, Any] | None = None
    reason: str = ""


class _Plan:
    """The items the file must hold (core) and those it may hold (optional), by element."""

    def __init__(self) -> None:
        self.core: list[_Draft] = []
        self.optional: list[_Draft] = []
        #: (denial, corroboration) pairs: a contradicted account and what outweighs it
        self.pairs: list[tuple[_Draft, _Draft]] = []


def _account(means: str, case: Any, fill: Filler) -> str:
    """The victim's account of a means, naming who used it (at the destination: the exploiter)."""
    text = data()["means_accounts"].get(means)
    if text is None:
        return ""
    who = fill.values["recruiter"]
    if case.facts.timing(means) == "destination" and fill.values["exploiter"]:
        who = fill.values["exploiter"]
    return fill(text, capital=False, recruiter=who)


def _act(plan: _Plan, case: Any, status: str, rng: random.Random) -> None:
    verdict, facts = case.verdict, case.facts
    mode = dict(case.story.literals).get("mode")
    by_car = mode == "car"
    if status != "proven":
        plan.core.append(_Draft("act_own_trip", "act", CONTRADICTS))
        return
    acts = verdict.acts
    candidates = []
    if "recruitment" in acts:
        labour = case.kind in ("labour_dispute", "workplace_coercion")
        candidates.append("act_contract" if labour else "act_recruitment")
    if "transportation" in acts:
        if case.kind == "migrant_smuggling":
            candidates.append("act_paid_crossing")
        else:
            candidates.append("act_car" if by_car else "act_tickets")
    if {"transfer", "receipt"} & set(acts) and any(o.id == "exploiter" for o in facts.offenders):
        candidates.append("act_transfer")
    if "harbouring" in acts:
        candidates.append("act_harbour")
    first, *others = candidates
    plan.core.append(_Draft(first, "act", SUPPORTS))
    plan.optional += [_Draft(name, "act", SUPPORTS) for name in others]


def _means(plan: _Plan, case: Any, status: str, fill: Filler, rng: random.Random) -> None:
    verdict, facts = case.verdict, case.facts
    counted = [m for m in facts.means if m in verdict.means]
    if status == "open":
        opened = material_open(case)["means"]
        means = opened.fact.partition(":")[2] if opened.fact.startswith("means:") else ""
        means = means or (facts.means[0] if facts.means else "threat")
        account = _account(means, case, fill)
        plan.core.append(_Draft("means_account", "means", SUPPORTS, extra={"account": account}))
        plan.core.append(_Draft("means_denial", "means", CONTRADICTS))
        return
    for means in facts.means:
        if means in counted:
            continue
        # a means the engine sets aside: it bears on the element but does not establish it
        if means == "threat" and not facts.threat_is_real:
            draft = _Draft("means_unreal_threat", "means", INSUFFICIENT, reason="threat_not_real")
        elif means == "abuse_of_vulnerability":
            draft = _Draft("means_vulnerability", "means", INSUFFICIENT, reason="abuse_not_proven")
        elif facts.timing(means) == "destination" and case.kind == "workplace_coercion":
            draft = _Draft("means_at_work", "means", INSUFFICIENT, reason="means_without_act")
        else:
            account = _account(means, case, fill)
            reason = "means_without_act" if facts.timing(means) else "means_not_in_pack"
            if means not in _pack_means(case):
                reason = "means_not_in_pack"
            draft = _Draft(
                "means_account", "means", INSUFFICIENT, extra={"account": account}, reason=reason
            )
        (plan.core if not counted else plan.optional).append(draft)
    if counted:
        means = counted[0]
        account = _account(means, case, fill)
        main = _Draft("means_account", "means", SUPPORTS, extra={"account": account})
        plan.core.append(main)
        corroboration = _Draft(CORROBORATION[means], "means", SUPPORTS)
        plan.optional.append(corroboration)
        plan.pairs.append((_Draft("means_denial", "means", CONTRADICTS), corroboration))
        for other in counted[1:2]:
            account = _account(other, case, fill)
            plan.optional.append(
                _Draft("means_account", "means", SUPPORTS, extra={"account": account})
            )
    elif not facts.means:
        if facts.victim.vulnerabilities and not case.verdict.is_child:
            plan.core.append(
                _Draft("means_vulnerability", "means", INSUFFICIENT, reason="abuse_not_proven")
            )
        plan.core.append(_Draft("means_none", "means", CONTRADICTS))
    if counted and facts.victim.vulnerabilities and "abuse_of_vulnerability" not in counted:
        plan.optional.append(
            _Draft("means_vulnerability", "means", INSUFFICIENT, reason="abuse_not_proven")
        )


def _pack_means(case: Any) -> tuple[str, ...]:
    from simsuite.law import load_pack

    return tuple(load_pack(case.verdict.jurisdiction).means)


def _purpose(plan: _Plan, case: Any, status: str, rng: random.Random) -> None:
    if status == "open":
        plan.core.append(_Draft("purpose_phone_pending", "purpose", INSUFFICIENT))
        plan.core.append(_Draft("purpose_denial", "purpose", CONTRADICTS))
        return
    if status == "not_proven":
        plan.core.append(_Draft(ABSENT_PURPOSE[case.kind], "purpose", CONTRADICTS))
        return
    if case.kind == "voluntary_prostitution":
        plan.core.append(_Draft("purpose_voluntary", "purpose", SUPPORTS))
        return
    if not case.facts.exploitation_occurred:
        buyer = any(o.id == "exploiter" for o in case.facts.offenders)
        template = "purpose_messages" if buyer else "purpose_messages_contact"
        plan.core.append(_Draft(template, "purpose", SUPPORTS))
        return
    first, second = rng.sample(("purpose_inspection", "purpose_account"), 2)
    main, other = _Draft(first, "purpose", SUPPORTS), _Draft(second, "purpose", SUPPORTS)
    plan.core.append(main)
    plan.optional.append(other)
    plan.pairs.append((_Draft("purpose_denial", "purpose", CONTRADICTS), other))


def _age(plan: _Plan, status: str) -> None:
    if status == "open":
        plan.core.append(_Draft("age_claim_victim", "age", SUPPORTS))
        plan.core.append(_Draft("age_claim_suspect", "age", CONTRADICTS))
        plan.optional.append(_Draft("age_assessment", "age", INSUFFICIENT))
    elif status == "proven":
        plan.core.append(_Draft("age_birth_certificate", "age", SUPPORTS))
    else:
        plan.core.append(_Draft("age_passport", "age", CONTRADICTS))


def _knowledge(plan: _Plan, status: str) -> None:
    if status == NOT_AT_ISSUE:
        return
    plan.core.append(_Draft("knowledge_driver_statement", "knowledge", CONTRADICTS))
    if status == "open":
        plan.core.append(_Draft("knowledge_accusation", "knowledge", SUPPORTS))
    else:
        plan.optional.append(_Draft("knowledge_booking", "knowledge", CONTRADICTS))


def _unusable(case: Any, statuses: Mapping[str, str], rng: random.Random) -> list[_Draft]:
    """Candidates for items that cannot be used, each on an element it would bear on (an open
    element first: an item that cannot be used never closes the gap)."""
    asked = [e for e in ELEMENTS if statuses[e] != NOT_AT_ISSUE]
    opened = [e for e in asked if statuses[e] == "open"]

    def element(choices: list[str]) -> str:
        preferred = [e for e in choices if e in opened]
        return rng.choice(preferred or choices)

    drafts = []
    child = case.facts.victim.age < 18 and statuses["age"] == "proven"
    if child:
        on = element(["act", "means", "purpose"])
        drafts.append(_Draft("unusable_child_interview", on, None, flaw="child_interview"))
    phone = ["means", "purpose"] + (["knowledge"] if "knowledge" in asked else [])
    drafts.append(_Draft("unusable_phone_copy", element(phone), None, flaw="unlawful_copy"))
    drafts.append(_Draft("unusable_anonymous_note", element(asked), None, flaw="anonymous"))
    rng.shuffle(drafts)
    return drafts


def _none_items(case: Any, statuses: Mapping[str, str], rng: random.Random) -> list[_Draft]:
    names = ["none_reference", "none_receipt", "none_photo", "none_weather"]
    # a signed agreement, where consent is what the defence would argue: a means was used, or
    # the victim is a child
    consent = not case.is_near_miss and statuses["means"] in ("proven", "not_needed")
    if consent:
        names.insert(0, "none_consent")
    drafts = [_Draft(name, None, None) for name in names]
    first, rest = drafts[:1], drafts[1:]
    rng.shuffle(rest)
    return first + rest if consent else rng.sample(drafts, len(drafts))


def plan_file(case: Any, difficulty: str, rng: random.Random, fill: Filler) -> list[_Draft]:
    """The drafts of the file, in the order they are numbered."""
    statuses = element_statuses(case)
    plan = _Plan()
    _act(plan, case, statuses["act"], rng)
    _means(plan, case, statuses["means"], fill, rng)
    _purpose(plan, case, statuses["purpose"], rng)
    _age(plan, statuses["age"])
    _knowledge(plan, statuses["knowledge"])
    size = data()["items_per_file"][difficulty]
    extras = data()["extras"][difficulty]
    chosen = list(plan.core)
    if len(chosen) > size:  # never: the data's smallest file holds every core
        raise ContentError(
            _("A case file needs {count} items; the file holds {size}.").format(
                count=len(chosen), size=size
            ),
            where=case.case_id,
        )
    # contradicted accounts, each with what outweighs it
    pairs = list(plan.pairs)
    rng.shuffle(pairs)
    for denial, corroboration in pairs[: extras["denials"]]:
        needed = [denial] + ([corroboration] if corroboration not in chosen else [])
        if len(chosen) + len(needed) <= size:
            chosen += needed
    for draft in _unusable(case, statuses, rng)[: extras["unusable"]]:
        if len(chosen) < size:
            chosen.append(draft)
    optional = [d for d in plan.optional if d not in chosen]
    rng.shuffle(optional)
    fillers = optional + _none_items(case, statuses, rng)
    # one item of no element at least, so that "bears on no element" is always a real choice
    nothing = next(d for d in fillers if d.element is None and d.flaw is None)
    if len(chosen) < size:
        chosen.append(nothing)
        fillers.remove(nothing)
    for draft in fillers:
        if len(chosen) >= size:
            break
        chosen.append(draft)
    rng.shuffle(chosen)
    return chosen


def draw_file(case: Any, difficulty: str, lang: str) -> tuple[tuple[Item, ...], Filler]:
    """The evidence items of the case's file in ``lang`` (a pure function of the case), and the
    filler that wrote them (the same people, the same witness, for the feedback)."""
    rng = random.Random(f"evidence_review#{case.case_id}#{difficulty}")
    fill = Filler(case, lang, rng)
    drafts = plan_file(case, difficulty, rng, fill)
    templates = data()["items"]
    items = []
    for draft in drafts:
        spec = templates[draft.template]
        extra = dict(draft.extra or {})
        element = draft.element
        if draft.flaw is not None:
            assert element is not None
            extra["account"] = fill(data()["accounts"][element], capital=False)
            extra["claim"] = fill(data()["claims"][element])
        items.append(
            Item(
                template=draft.template,
                kind=spec["kind"],
                title=fill(spec["title"], **extra),
                text=fill(spec["text"], **extra),
                element=element,
                effect=draft.effect,
                flaw=draft.flaw,
                reason=draft.reason,
            )
        )
    return tuple(items), fill
