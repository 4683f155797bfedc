"""The victim-file audit as an exercise type: the seven items of the materials confirming
recognition as a victim (Kyrgyz police manual, ch. 3 and 4), generated from a case with some
items missing or wrong; the trainee marks each item as in order, missing, or defective and why.

Score: each item scores 1 for the right mark (in order, missing, or the right defect); 0.5 for
an item that is missing or defective when the trainee marks it missing or defective for another
reason; 0 otherwise. Defective items weigh twice as much as the items in order, so that marking
everything "in order" earns little.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.identification.evaluate import Evaluation
from simsuite.activities.identification.indicators import indicator_list
from simsuite.activities.referral.content import validated_yaml
from simsuite.activities.referral.feedback import PartFeedback, outcome, unique_citations
from simsuite.activities.referral.person import (
    CASE_PARAMS,
    Person,
    briefing,
    check_case_params,
    fill,
    generate_person_case,
)
from simsuite.content.sources import cite
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import N_, _, language, localized

PACKAGE = "simsuite.activities.victim_file"
JURISDICTIONS = ("KG",)
COMPLETE = "complete"
MISSING = "missing"
DEFECT_WEIGHT = 2.0
COMPLETE_WEIGHT = 1.0


@cache
def file_data() -> Mapping[str, Any]:
    """The file data, validated by its schema and for the ids inside it."""
    data = validated_yaml(PACKAGE, "file.yaml", "file.schema.json")
    check_file(data, f"{PACKAGE}/data/file.yaml")
    return data


def check_file(data: Mapping[str, Any], where: str) -> None:
    """Item ids unique; each item's marks (in order, missing, its defects) unique."""
    ids = [item["id"] for item in data["items"]]
    if len(set(ids)) != len(ids):
        raise ContentError(_("Item ids repeat."), where=where)
    for item in data["items"]:
        marks = [COMPLETE, MISSING, *(d["id"] for d in item["defects"])]
        if len(set(marks)) != len(marks):
            raise ContentError(
                _("{item}: the marks must be unique and differ from {names}.").format(
                    item=item["id"], names=f"{COMPLETE}, {MISSING}"
                ),
                where=where,
            )


@dataclass(frozen=True)
class FileEntry:
    item: str
    title: str
    text: str  # "" when the file says nothing on the item


@dataclass(frozen=True)
class PublicVictimFile:
    case_id: str
    lang: str
    jurisdiction: str
    narrative: str
    briefing: str
    entries: tuple[FileEntry, ...]
    marks: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # item -> (mark id, label)


@dataclass(frozen=True)
class ItemVerdict:
    item: str
    title: str
    status: str  # complete, missing, or a defect id
    explanation: str
    source: Mapping[str, str]


@dataclass(frozen=True)
class VictimFileKey:
    jurisdiction: str
    lang: str
    verdicts: tuple[ItemVerdict, ...]
    labels: tuple[tuple[str, str], ...]  # mark id -> label, for the feedback
    value: str
    value_source: Mapping[str, str]


def _values(person: Person, rng: random.Random, lang: str, indicators: tuple[str, ...]):
    """The file's own details: pooled descriptions, numbers, the indicator assessment."""
    from simsuite.trafficking.render import national_name_pool, pool_size, templates

    data = file_data()
    pools = data["pools"]
    tpl = templates(lang)
    taken = {(pool, index) for _name, pool, index in person.pooled if pool.startswith("names_")}

    def name(sex: str) -> str:
        # the people who wrote the file are the jurisdiction's officials: its own names
        pool = national_name_pool(sex, person.home)
        free = [i for i in range(pool_size(pool)) if (pool, i) not in taken]
        index = rng.choice(free)
        taken.add((pool, index))
        return tpl["pools"][pool][index]

    band = "child" if person.child else "adult"
    other = "adult" if person.child else "child"
    own_list = indicator_list(band)
    other_ids = set(indicator_list(other).ids)
    none = _("none found")
    values = {
        "period": localized(rng.choice(pools["months"]), lang),
        "rec_age": rng.randint(25, 55),
        "appearance": localized(rng.choice(pools[f"appearance_{person.recruiter_sex}"]), lang),
        "hideout": fill(rng.choice(pools["hideout"]), person, lang),
        "armed": fill(rng.choice(pools["armed"]), person, lang),
        "address": localized(rng.choice(pools["address"]), lang),
        "note": rng.randint(100, 999),
        "others": rng.randint(1, 5),
        "purpose": localized(_purpose(person.kind), lang),
        "list": localized(data["lists"][band], lang),
        "other_list": localized(data["lists"][other], lang),
        "indicators": "; ".join(own_list.get(i).text(lang) for i in indicators) or none,
        "other_indicators": "; ".join(
            indicator_list(other).get(i).text(lang) for i in indicators if i in other_ids
        )
        or none,
    }
    relative_sex = rng.choice(("female", "male"))
    values["relatives"] = fill(
        rng.choice(pools[f"relatives_{relative_sex}"]), person, lang, parent=name(relative_sex)
    )
    values["reporter"] = fill(rng.choice(pools["reporter"]), person, lang, informant=name("female"))
    values["consequences"] = fill(rng.choice(pools["consequences"]), person, lang)
    crime_pool = f"towns_{person.destination if person.exploited else person.origin}"
    crime_town = person.values(lang)["crime_town"]
    towns = [t for t in tpl["pools"][crime_pool] if t != crime_town]
    values["other_town"] = rng.choice(towns)
    if person.child:
        values["file_age"] = rng.randint(18, 21)
    else:
        values["file_age"] = rng.randint(15, 17) if person.age <= 25 else person.age - 10
    site = data["pools"]["site"]["exploited" if person.exploited else "stopped"]
    values["site"] = fill(site, person, lang, address=values["address"])
    return values


def _purpose(kind: str) -> Mapping[str, str]:
    from simsuite.law.facts import vocabulary

    return vocabulary()["purposes"][kind]


def _draw_defects(rng: random.Random, count: int) -> dict[str, str]:
    """Which items are defective and how: at least one missing and, when there are two or
    more, at least one of another kind."""
    items = file_data()["items"]
    chosen = rng.sample(items, count)
    statuses = {}
    for position, item in enumerate(chosen):
        specific = [d["id"] for d in item["defects"]]
        if position == 0 or not specific:
            statuses[item["id"]] = MISSING
        elif position == 1:
            statuses[item["id"]] = rng.choice(specific)
        else:
            statuses[item["id"]] = rng.choice([MISSING, *specific])
    return statuses


class VictimFileType(ExerciseType):
    name = "victim_file"
    title = N_("Audit the victim file")
    summary = N_(
        "Check a recognition-as-victim file against the seven items the police manual asks "
        "for: mark what is missing or wrong, and why."
    )
    competencies = ("first_response",)
    app_notebook = "42_victim_file.ipynb"
    default_params = CASE_PARAMS

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = super().check_params(params)
        check_case_params(params, JURISDICTIONS, self.name)
        params["jurisdiction"] = str(params["jurisdiction"]).upper()
        return params

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        case, person = generate_person_case(params, seed)
        data = file_data()
        rng = random.Random(f"victim_file#{case.case_id}")
        statuses = _draw_defects(rng, data["defects_per_file"][params["difficulty"]])
        band = "child" if person.child else "adult"
        with language(lang):
            values = _values(person, rng, lang, person.indicators)
            entries, verdicts, marks = [], [], []
            labels = {
                COMPLETE: localized(data["statuses"][COMPLETE], lang),
                MISSING: localized(data["statuses"][MISSING], lang),
            }
            for number, item in enumerate(data["items"], start=1):
                title = f"{number}. {localized(item['title'], lang)}"
                status = statuses.get(item["id"], COMPLETE)
                defects = {d["id"]: d for d in item["defects"]}
                requirement = localized(item["requirement"], lang)
                if status == COMPLETE:
                    text = fill(item["entry"], person, lang, **values)
                    explanation = _("In order: the entry gives {requirement}.").format(
                        requirement=requirement
                    )
                elif status == MISSING:
                    text = ""
                    explanation = _("Missing: the file must give {requirement}.").format(
                        requirement=requirement
                    )
                else:
                    text = fill(defects[status]["entry"], person, lang, **values)
                    explanation = fill(defects[status]["why"], person, lang, **values)
                entries.append(FileEntry(item["id"], title, text[:1].upper() + text[1:]))
                verdicts.append(
                    ItemVerdict(item["id"], title, status, explanation, item["sources"][band])
                )
                options = [(COMPLETE, labels[COMPLETE]), (MISSING, labels[MISSING])]
                for defect in item["defects"]:
                    labels[defect["id"]] = localized(defect["label"], lang)
                    options.append((defect["id"], labels[defect["id"]]))
                marks.append((item["id"], tuple(options)))
            public = PublicVictimFile(
                case_id=case.case_id,
                lang=lang,
                jurisdiction=person.jurisdiction,
                narrative=case.render(lang=lang),
                briefing=briefing(person, lang),
                entries=tuple(entries),
                marks=tuple(marks),
            )
            key = VictimFileKey(
                jurisdiction=person.jurisdiction,
                lang=lang,
                verdicts=tuple(verdicts),
                labels=tuple(labels.items()),
                value=localized(data["value"]["text"], lang),
                value_source=data["value"]["sources"][band],
            )
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicVictimFile) -> tuple[AnswerField, ...]:
        titles = {entry.item: entry.title for entry in public.entries}
        return tuple(
            AnswerField(item, "choice", titles[item], options, required=False)
            for item, options in public.marks
        )

    def evaluate(self, key: VictimFileKey, answer: Mapping[str, Any], lang: str) -> Evaluation:
        labels = dict(key.labels)
        allowed = {v.item: [COMPLETE, MISSING, *self._defects_of(v.item)] for v in key.verdicts}
        given: dict[str, str | None] = {}
        for verdict in key.verdicts:
            value = answer.get(verdict.item)
            if value is not None and (
                not isinstance(value, str) or value not in allowed[verdict.item]
            ):
                raise UserInputError(
                    _("{value!r} is not one of the options.").format(value=value),
                    where=verdict.item,
                    allowed=", ".join(allowed[verdict.item]),
                )
            given[verdict.item] = value
        with language(lang):
            sources = unique_citations(
                [cite(dict(v.source), lang) for v in key.verdicts]
                + [cite(dict(key.value_source), lang)]
            )
            if all(v is None for v in given.values()):
                return Evaluation(
                    0.0,
                    (),
                    blank=True,
                    summary=_("No answer was given: mark each item of the file."),
                    sources=sources,
                )
            items, earned, total = [], 0.0, 0.0
            for verdict in key.verdicts:
                mark = given[verdict.item]
                defective = verdict.status != COMPLETE
                if mark == verdict.status:
                    credit = 1.0
                elif defective and mark not in (None, COMPLETE):
                    credit = 0.5
                else:
                    credit = 0.0
                weight = DEFECT_WEIGHT if defective else COMPLETE_WEIGHT
                earned += weight * credit
                total += weight
                why = verdict.explanation
                if mark is not None and mark != verdict.status:
                    why = _("You marked: {mark}. {explanation}").format(
                        mark=labels[mark], explanation=why
                    )
                items.append(
                    PartFeedback(
                        verdict.item,
                        outcome(credit, mark is not None),
                        verdict.title,
                        why,
                        credit,
                    )
                )
            return Evaluation(
                round(earned / total, 6), tuple(items), summary=key.value, sources=sources
            )

    @staticmethod
    def _defects_of(item_id: str) -> list[str]:
        item = next(i for i in file_data()["items"] if i["id"] == item_id)
        return [d["id"] for d in item["defects"]]

    def solution(self, key: VictimFileKey) -> dict[str, Any]:
        return {v.item: v.status for v in key.verdicts}

    def public_markdown(self, public: PublicVictimFile, lang: str) -> str:
        with language(lang):
            # one block per item (a two-column table does not read on a phone)
            nothing = _("(the file says nothing)")
            table = "\n\n".join(
                f"**{entry.title}**  \n{entry.text or '*' + nothing + '*'}"
                for entry in public.entries
            )
            marks = "\n\n".join(
                f"**{title}** (`{item}`): " + "; ".join(f"`{o}` {label}" for o, label in options)
                for (item, options), title in zip(
                    public.marks, (e.title for e in public.entries), strict=True
                )
            )
            return "\n\n".join(
                [
                    "## " + _("Your case"),
                    public.narrative.strip(),
                    "## " + _("The situation"),
                    public.briefing,
                    "## " + _("The file to check"),
                    table,
                    "## " + _("Your marks"),
                    _(
                        "For each item, mark whether it is in order, missing, or defective, "
                        "and how."
                    ),
                    marks,
                ]
            )

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case. Run the cell below to see yours: the case and "
            "the file written on it. Check each of the seven items the police manual asks for "
            "and mark it as in order, missing, or defective (and how). Write your answer in "
            "the cell after it and run the check."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.widgets.form_app import ExerciseApp

        return ExerciseApp(self, seed=seed, lang=lang, **params)


TYPE = VictimFileType()
