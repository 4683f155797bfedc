"""The key of a case file and its explanations: what each item bears on, each element's status
and why, and what the missing evidence would change. Read from the case file
(:mod:`simsuite.activities.evidence_review.case_file`), whose statuses come from the
qualification engine; the texts quote the engine's steps and the proof rules of the data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simsuite.activities.evidence_review import case_file
from simsuite.activities.evidence_review.case_file import (
    CONTRADICTS,
    ELEMENTS,
    INSUFFICIENT,
    NONE,
    NOT_AT_ISSUE,
    SUPPORTS,
    UNUSABLE,
    data,
)
from simsuite.activities.referral.feedback import unique_citations
from simsuite.content.sources import Citation, cite
from simsuite.i18n import _, localized

#: engine trace steps (by text key) that explain each element when it is not proven
STEP_KEYS = {
    "act": ("no_act", "transport_dropped", "journey_planned"),
    "means": (
        "no_means",
        "means_not_in_pack",
        "abuse_not_proven",
        "threat_not_real",
        "means_without_act",
    ),
    "purpose": ("no_purpose", "purpose_not_in_pack"),
    "age": ("adult", "child_rule", "child_means_required"),
    "knowledge": ("not_liable_knowledge",),
}


@dataclass(frozen=True)
class PublicEvidenceFile:
    case_id: str
    lang: str
    jurisdiction: str
    brief: str
    #: (answer field, heading "E3 · Statement of …", what the item says)
    exhibits: tuple[tuple[str, str, str], ...]
    #: what an item can bear on: (option id, label)
    bearing_options: tuple[tuple[str, str], ...]
    #: (element id, question, options (id, label)): the elements asked, in order
    questions: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    missing_options: tuple[tuple[str, str], ...]
    #: the file as Markdown: the brief, then every item (what a lesson's worked example shows)
    narrative: str = ""


@dataclass(frozen=True)
class ExhibitKey:
    field: str
    heading: str
    expected: str  # an element id, "none" or "unusable"
    would_bear: str | None  # for an item that cannot be used: the element it is about
    why: str


@dataclass(frozen=True)
class ElementKey:
    element: str
    label: str
    status: str  # proven, not_proven, open, not_needed, not_at_issue
    accepted: tuple[tuple[str, float], ...]  # other statuses that earn credit
    why: str


@dataclass(frozen=True)
class EvidenceKey:
    jurisdiction: str
    lang: str
    exhibit_keys: tuple[ExhibitKey, ...]
    element_keys: tuple[ElementKey, ...]
    #: the missing items that would change the verdict: (option id, what it would change)
    expected_missing: tuple[tuple[str, str], ...]
    missing_labels: tuple[tuple[str, str], ...]
    distractor_why: tuple[tuple[str, str], ...]
    verdict_text: str
    citations: tuple[Citation, ...]


def item_why(item: case_file.Item, fill: case_file.Filler, lang: str) -> str:
    """What an item is for the key, in words."""
    content = data()
    if not item.usable:
        assert item.flaw is not None and item.element is not None
        about = localized(content["elements"][item.element]["short"], lang)
        why = fill(content["flaws"][item.flaw]["why"])
        return _("It is about: {element}; but it cannot be used. {why}").format(
            element=about, why=why
        )
    if item.element is None:
        spec = content["items"][item.template]
        why = localized(spec["why"], lang)
        if spec["why_rule"] == "consent_irrelevant":
            why = f"{why} {_rule(spec['why_rule'], lang)[0]}"
        return why
    element = localized(content["elements"][item.element]["short"], lang)
    effect = localized(content["explain"][item.effect or SUPPORTS], lang)
    return _("{element}: {effect}.").format(element=element, effect=effect)


def citations(
    items: tuple[case_file.Item, ...], statuses: Mapping[str, str], lang: str
) -> tuple[Citation, ...]:
    """The proof rules the feedback rests on, each document and chapter once."""
    content = data()
    rules = [content["elements"][e]["rule"] for e in ELEMENTS if statuses[e] != NOT_AT_ISSUE]
    if any(i.reason == "abuse_not_proven" for i in items):
        rules.append("vulnerability_not_enough")
    for item in items:
        if item.flaw is not None:
            rules += content["flaws"][item.flaw]["rules"]
        elif item.element is None:
            rules.append(content["items"][item.template]["why_rule"])
    return unique_citations(_rule(rule, lang)[1] for rule in dict.fromkeys(rules))


class Review:
    """The key of one case file in one language (call inside ``language(lang)``)."""

    def __init__(self, case: Any, items: tuple[case_file.Item, ...], fill, lang: str) -> None:
        from simsuite.law.engine import fill_names

        self.case, self.items, self.fill, self.lang = case, items, fill, lang
        self.numbered = list(enumerate(items, start=1))
        self.statuses = case_file.element_statuses(case)
        self.names = dict(case.names(lang))
        self.names["victim"] = fill.values["victim"]
        content = data()
        self.missing_labels = tuple(
            (option, fill(spec["label"])) for option, spec in content["missing"].items()
        )
        by_element = {
            spec["element"]: option
            for option, spec in content["missing"].items()
            if "element" in spec
        }
        #: element -> (option, its label, what it would change)
        self.missing_changes: dict[str, tuple[str, str, str]] = {}
        for element, fact in case_file.material_open(case).items():
            option = by_element[element]
            outcomes = "; ".join(
                f"{localized(o.value, lang)}: {fill_names(localized(o.result, lang), self.names)}"
                for o in fact.outcomes
            )
            change = _("With it the verdict would be settled ({outcomes}).").format(
                outcomes=outcomes
            )
            self.missing_changes[element] = (option, dict(self.missing_labels)[option], change)

    def brief(self) -> str:
        suspects = ", ".join(
            dict.fromkeys(
                self.names[o.id]
                for o in self.case.facts.offenders
                if o.id in self.names and o.id != "helper"
            )
        )
        text = _(
            "The investigator sends you the file on the case of {victim} and asks whether the "
            "evidence holds for a charge of trafficking in persons against {suspects}. Weigh "
            "each item: which element does it bear on, or none, or can it not be used at all? "
            "Then decide for each element whether it is proven, not proven or still open, and "
            "name the missing evidence that would change the verdict."
        ).format(victim=self.names["victim"], suspects=suspects)
        return text.replace("..", ".")

    def bearing_options(self) -> tuple[tuple[str, str], ...]:
        content = data()
        elements = tuple(
            (element, localized(content["elements"][element]["short"], self.lang))
            for element in ELEMENTS
            if self.statuses[element] != NOT_AT_ISSUE
        )
        return elements + tuple(
            (bearing, localized(content["bearings"][bearing], self.lang))
            for bearing in (NONE, UNUSABLE)
        )

    def exhibits(self) -> list[tuple[str, str, str, ExhibitKey]]:
        """(answer field, heading, text, key) per item, in the file's order."""
        shown = []
        for number, item in self.numbered:
            field, heading = f"item_{number}", f"E{number} · {item.title}"
            would_bear = item.element if not item.usable else None
            why = item_why(item, self.fill, self.lang)
            shown.append(
                (
                    field,
                    heading,
                    item.text,
                    ExhibitKey(field, heading, item.bearing, would_bear, why),
                )
            )
        return shown

    def _options(self, element: str) -> tuple[tuple[str, str], ...]:
        if self.statuses[element] == NOT_AT_ISSUE:
            return ((NOT_AT_ISSUE, status_label(NOT_AT_ISSUE, self.lang)),)
        ids = ["proven", "not_proven", "open"] + (["not_needed"] if element == "means" else [])
        return tuple((s, status_label(s, self.lang)) for s in ids)

    def question(self, element: str) -> str:
        return self.fill(data()["elements"][element]["label"])

    def questions(self) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
        return tuple((e, self.question(e), self._options(e)) for e in ELEMENTS)

    def element_keys(self) -> tuple[ElementKey, ...]:
        keys = []
        for element in ELEMENTS:
            status = self.statuses[element]
            accepted: tuple[tuple[str, float], ...] = ()
            if status == "not_needed":
                proven = any(
                    i.element == "means" and i.usable and i.effect == SUPPORTS for i in self.items
                )
                accepted = (("proven", 1.0),) if proven else (("not_proven", 0.5),)
            why = ""
            if status != NOT_AT_ISSUE:
                rule = (
                    "child_no_means"
                    if status == "not_needed"
                    else data()["elements"][element]["rule"]
                )
                rule_text = _rule(rule, self.lang)[0]
                why = f"{status_label(status, self.lang)}. {self._why(element, status)} {rule_text}"
            keys.append(ElementKey(element, self.question(element), status, accepted, why))
        return tuple(keys)

    def _why(self, element: str, status: str) -> str:
        """Per element: what establishes it, what stands against it, what could not be used."""
        from simsuite.activities.qualification.evaluate import quote_step

        on = [(n, i) for n, i in self.numbered if i.element == element]
        supports = [(n, i) for n, i in on if i.usable and i.effect == SUPPORTS]
        against = [(n, i) for n, i in on if i.usable and i.effect == CONTRADICTS]
        weak = [(n, i) for n, i in on if i.usable and i.effect == INSUFFICIENT]
        unusable = [(n, i) for n, i in on if not i.usable]
        parts = []
        if status == "proven":
            parts.append(_("Proven by {refs}.").format(refs=refs(supports)))
            if against:
                parts.append(
                    _(
                        "{refs} contradicts it, but independent evidence corroborates the account "
                        "that establishes it."
                    ).format(refs=refs(against))
                )
        elif status == "not_needed":
            parts.append(
                _("The victim is a child: no means need be proven (act and purpose suffice).")
            )
            if supports:
                parts.append(
                    _("A means is proven all the same: {refs}.").format(refs=refs(supports))
                )
        elif status == "open":
            if supports and against:
                parts.append(
                    _(
                        "{for_refs} against {against_refs}: one account against another, and "
                        "nothing independent settles it."
                    ).format(for_refs=refs(supports), against_refs=refs(against))
                )
            elif against:
                parts.append(
                    _("{refs} stands against it, and nothing usable establishes it yet.").format(
                        refs=refs(against)
                    )
                )
            _option, label, change = self.missing_changes[element]
            parts.append(_("Missing: {label}. {change}").format(label=label, change=change))
        elif against:
            parts.append(_("Not proven: {refs} shows otherwise.").format(refs=refs(against)))
        else:
            parts.append(_("Not proven: nothing usable establishes it."))
        for number, _item in weak:
            parts.append(
                _("E{number} bears on it but does not establish it.").format(number=number)
            )
        for number, item in unusable:
            assert item.flaw is not None
            why = self.fill(data()["flaws"][item.flaw]["why"])
            parts.append(_("E{number} cannot be used: {why}").format(number=number, why=why))
        if element != "age" and (status in ("not_proven", "not_needed") or weak):
            steps = [s for s in self.case.verdict.trace if s.key in STEP_KEYS[element]]
            parts += [quote_step(step, self.lang, self.names) for step in steps[:2]]
        return " ".join(parts)


def _rule(rule_id: str, lang: str) -> tuple[str, Citation]:
    rule = data()["rules"][rule_id]
    return localized(rule["text"], lang), cite(dict(rule["source"]), lang, rule["verified"])


def status_label(status: str, lang: str) -> str:
    return localized(data()["statuses"][status], lang)


def refs(items: Iterable[tuple[int, case_file.Item]]) -> str:
    return ", ".join(f"E{number}" for number, _item in items)
