"""The first-contact scenario graph: built from the step data for one person, walked by a path.

A graph has *main steps* (node ids ``S1``, ``S2``, …, in the data's order, only those whose
condition the person meets) and *repair moments* (``S2Q``: the person stopped talking after
step 2; ``S3L``: the person wants to leave after step 3). Every choice leads to the next main
step, to a repair moment of its own step, or to an ending; a repair moment's choices lead to the
next main step or to an ending. Node ids only grow along a path, so every path ends.

Public ids of choices are the node id in lower case and a letter (``s2_b``); the letters are
shuffled per case, so that no position means "right". What a choice keeps or breaks, and the
person's reaction to it, stay in the key.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.activities.referral.content import validated_yaml
from simsuite.activities.referral.person import Person, fill
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import _, localized

PACKAGE = "simsuite.activities.first_contact"
END = "END"
COMPLETED = "completed"
LETTERS = "abcdefgh"


@dataclass(frozen=True)
class PublicChoice:
    id: str
    text: str
    next: str  # a node id, or END


@dataclass(frozen=True)
class PublicNode:
    id: str
    situation: str
    prompt: str
    choices: tuple[PublicChoice, ...]


@dataclass(frozen=True)
class ChoiceKey:
    id: str
    node: str
    data_id: str  # step.choice in the data, for instructors and tests
    text: str
    keeps: tuple[str, ...]
    breaks: tuple[str, ...]
    reaction: str
    leads_to: str  # a node id, or END
    ending: str | None  # the ending it reaches (None: the conversation goes on)
    best: bool


@dataclass(frozen=True)
class PrincipleKey:
    id: str
    title: str
    rule: str
    sources: tuple[Mapping[str, str], ...]


@dataclass(frozen=True)
class EndingKey:
    id: str
    text: str
    guarded: str
    source: Mapping[str, str]


@dataclass(frozen=True)
class Graph:
    entry: str
    nodes: tuple[PublicNode, ...]
    choice_keys: tuple[ChoiceKey, ...]
    principles: tuple[PrincipleKey, ...]
    endings: tuple[EndingKey, ...]
    best_path: tuple[str, ...]


@cache
def steps_data() -> Mapping[str, Any]:
    """The step data, validated by its schema and for the references inside it."""
    data = validated_yaml(PACKAGE, "steps.yaml", "steps.schema.json")
    check_steps(data, f"{PACKAGE}/data/steps.yaml")
    return data


def check_steps(data: Mapping[str, Any], where: str) -> None:
    """The references the schema cannot check: principles, repairs and endings named by the
    choices exist; ids are unique; a best choice breaks nothing and continues."""
    principles = {p["id"] for p in data["principles"]}
    repairs = {r["id"] for r in data["repairs"]}
    endings = {e["id"] for e in data["endings"]}
    if COMPLETED not in endings:
        raise ContentError(_("The endings must include {id!r}.").format(id=COMPLETED), where=where)
    step_ids = [s["id"] for s in data["steps"]]
    if len(set(step_ids)) != len(step_ids):
        raise ContentError(_("Step ids repeat."), where=where)
    for part in [*data["steps"], *data["repairs"]]:
        ids = [c["id"] for c in part["choices"]]
        if len(set(ids)) != len(ids):
            raise ContentError(_("{step}: choice ids repeat.").format(step=part["id"]), where=where)
        for choice in part["choices"]:
            at = f"{where}: {part['id']}.{choice['id']}"
            unknown = set(choice.get("keeps", ())) | set(choice.get("breaks", ()))
            unknown -= principles
            if unknown:
                raise ContentError(
                    _("Unknown principle(s) {names}.").format(names=", ".join(sorted(unknown))),
                    where=at,
                    allowed=", ".join(sorted(principles)),
                )
            kind, _sep, target = choice["next"].partition(":")
            if (kind == "repair" and target not in repairs) or (
                kind == "end" and target not in endings
            ):
                raise ContentError(
                    _("{next!r} leads nowhere.").format(next=choice["next"]),
                    where=at,
                    allowed=", ".join(
                        [f"repair:{r}" for r in sorted(repairs)]
                        + [f"end:{e}" for e in sorted(endings)]
                    ),
                )
            if choice.get("best") and (choice.get("breaks") or choice["next"] != "continue"):
                raise ContentError(_("A best choice breaks nothing and continues."), where=at)


def applicable_principles(person: Person, lang: str) -> tuple[PrincipleKey, ...]:
    """The principles that apply to this person (the first entry of each id that matches)."""
    found: dict[str, PrincipleKey] = {}
    for entry in steps_data()["principles"]:
        if entry["id"] in found or not person.matches(entry.get("when")):
            continue
        found[entry["id"]] = PrincipleKey(
            id=entry["id"],
            title=localized(entry["title"], lang),
            rule=fill(entry["rule"], person, lang),
            sources=tuple(dict(s) for s in entry["sources"]),
        )
    return tuple(found.values())


def build_graph(person: Person, lang: str) -> Graph:
    """The scenario graph for ``person`` in ``lang``: a pure function of both."""
    data = steps_data()
    rng = random.Random(f"first_contact#{person.case_id}")
    principles = applicable_principles(person, lang)
    applicable = {p.id for p in principles}
    steps = [s for s in data["steps"] if person.matches(s.get("when"))]
    repairs = {r["id"]: r for r in data["repairs"]}
    main_ids = [f"S{number}" for number in range(1, len(steps) + 1)]
    nodes: list[PublicNode] = []
    keys: list[ChoiceKey] = []
    best_path: list[str] = []
    made: set[str] = set()

    def make_node(node_id: str, spec: Mapping[str, Any], following: str, where: str) -> None:
        """One node and its choices; ``following`` is where "continue" leads."""
        made.add(node_id)
        choices = [c for c in spec["choices"] if person.matches(c.get("when"))]
        if len(choices) < 2:
            raise ContentError(_("A step needs at least two choices."), where=where)
        rng.shuffle(choices)
        public_choices = []
        for letter, choice in zip(LETTERS, choices, strict=False):
            choice_id = f"{node_id.lower()}_{letter}"
            kind, _sep, target = choice["next"].partition(":")
            ending = None
            if kind == "continue":
                leads_to = following
                ending = COMPLETED if following == END else None
            elif kind == "repair":
                leads_to = f"{node_id}{repairs[target]['node']}"
                if leads_to not in made:  # two choices may lead to the same repair moment
                    make_node(leads_to, repairs[target], following, f"{where} → {target}")
            else:
                leads_to, ending = END, target
            text = fill(choice["text"], person, lang)
            public_choices.append(PublicChoice(choice_id, text, leads_to))
            keys.append(
                ChoiceKey(
                    id=choice_id,
                    node=node_id,
                    data_id=f"{spec['id']}.{choice['id']}",
                    text=text,
                    keeps=tuple(p for p in choice.get("keeps", ()) if p in applicable),
                    breaks=tuple(p for p in choice.get("breaks", ()) if p in applicable),
                    reaction=fill(choice["reaction"], person, lang),
                    leads_to=leads_to,
                    ending=ending,
                    best=bool(choice.get("best")),
                )
            )
        nodes.append(
            PublicNode(
                node_id,
                fill(spec["situation"], person, lang),
                fill(spec["prompt"], person, lang),
                tuple(public_choices),
            )
        )

    for index, step in enumerate(steps):
        following = main_ids[index + 1] if index + 1 < len(main_ids) else END
        make_node(main_ids[index], step, following, f"steps: {step['id']}")
        best = [k for k in keys if k.node == main_ids[index] and k.best]
        if len(best) != 1:
            raise ContentError(
                _("Step {step} needs exactly one best choice for this person.").format(
                    step=step["id"]
                ),
                where=f"{PACKAGE}/data/steps.yaml",
            )
        best_path.append(best[0].id)
    kept = {p for k in keys if k.id in best_path for p in k.keeps}
    if applicable - kept:
        raise ContentError(
            _("No best choice keeps {names} for this person.").format(
                names=", ".join(sorted(applicable - kept))
            ),
            where=f"{PACKAGE}/data/steps.yaml",
        )
    endings = tuple(
        EndingKey(
            e["id"],
            fill(e["text"], person, lang),
            fill(e.get("guarded", e["text"]), person, lang),
            dict(e["source"]),
        )
        for e in data["endings"]
    )
    nodes.sort(key=_node_order)
    return Graph(main_ids[0], tuple(nodes), tuple(keys), principles, endings, tuple(best_path))


_NODE_ID = re.compile(r"^S(\d+)([A-Z]?)$")


def _node_order(node: PublicNode) -> tuple[int, str]:
    """Main steps in order, each followed by its repair moments."""
    match = _NODE_ID.match(node.id)
    assert match, node.id
    return int(match.group(1)), match.group(2)


@dataclass(frozen=True)
class Walk:
    """A path through the graph: the choices made, where it stands, how it ended."""

    choices: tuple[ChoiceKey, ...]
    at: str  # the node the conversation is at, or END
    ending: str | None


def walk(
    entry: str, choice_keys: Sequence[ChoiceKey], path: Sequence[Any], field: str = "path"
) -> Walk:
    """Follow ``path`` from ``entry``; a choice that is not on offer where the path stands is a
    clear error naming the step and the choices there."""
    by_node: dict[str, list[ChoiceKey]] = {}
    for key in choice_keys:
        by_node.setdefault(key.node, []).append(key)
    at, made, ending = entry, [], None
    for index, choice_id in enumerate(path):
        where = f"{field}[{index}]"
        if at == END:
            raise UserInputError(
                _("The conversation had already ended before {id!r}.").format(id=choice_id),
                where=where,
                allowed=_("nothing after the last choice"),
            )
        offered = {k.id: k for k in by_node.get(at, ())}
        if not isinstance(choice_id, str) or choice_id not in offered:
            raise UserInputError(
                _("{id!r} is not a choice of step {step}.").format(id=choice_id, step=at),
                where=where,
                allowed=", ".join(sorted(offered)),
            )
        key = offered[choice_id]
        made.append(key)
        at, ending = key.leads_to, key.ending
    return Walk(tuple(made), at, ending)
