"""The one scoring rule for test items (pre-test, post-test, practice).

Kinds and their partial credit:

* ``single``: one option; 1 or 0.
* ``multiple``: a set of options; (right picks - wrong picks) / number of right options,
  floored at zero, so ticking everything earns nothing.
* ``ordering``: a sequence of all options; the share of option pairs placed in the right
  relative order (1 for the exact order; a reversed order earns 0).
* ``numeric``: a number; 1 within the item's tolerance, else 0.

An unanswered item (``None``) scores 0 with the feedback "not answered"; an answer of the wrong
shape raises :class:`UserInputError` naming the item and what is allowed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simsuite.errors import UserInputError
from simsuite.i18n import _, localized

KINDS = ("single", "multiple", "ordering", "numeric")


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    score: float  # 0..1
    answered: bool
    feedback: str

    def points(self, max_points: float) -> float:
        return round(self.score * max_points, 4)


def _option_ids(item: Mapping[str, Any]) -> list[str]:
    return list(item.get("options", {}))


def _check_option(item: Mapping[str, Any], value: object) -> str:
    options = _option_ids(item)
    if not isinstance(value, str) or value not in options:
        raise UserInputError(
            _("{value!r} is not an option of this item.").format(value=value),
            where=_("answer to item {id}").format(id=item["id"]),
            allowed=", ".join(repr(o) for o in options),
        )
    return value


def _score(item: Mapping[str, Any], response: object) -> float:
    kind = item["kind"]
    key = item["key"]
    if kind == "single":
        return 1.0 if _check_option(item, response) == key else 0.0
    if kind == "multiple":
        if isinstance(response, str):
            response = [response]
        if not isinstance(response, list | tuple | set | frozenset):
            raise UserInputError(
                _("Give a list of options, got {value!r}.").format(value=response),
                where=_("answer to item {id}").format(id=item["id"]),
                allowed=_("a list such as ['a', 'c']"),
            )
        picked = {_check_option(item, value) for value in response}
        right = set(key)
        return max(0, len(picked & right) - len(picked - right)) / len(right)
    if kind == "ordering":
        if not isinstance(response, list | tuple):
            raise UserInputError(
                _("Give the options in order as a list, got {value!r}.").format(value=response),
                where=_("answer to item {id}").format(id=item["id"]),
                allowed=_("a list of every option once, such as {example}").format(
                    example=list(key)
                ),
            )
        order = [_check_option(item, value) for value in response]
        if sorted(order) != sorted(key):
            raise UserInputError(
                _("Put every option in the list exactly once."),
                where=_("answer to item {id}").format(id=item["id"]),
                allowed=", ".join(repr(o) for o in sorted(key)),
            )
        position = {option: index for index, option in enumerate(order)}
        pairs = list(itertools.combinations(key, 2))
        concordant = sum(1 for first, second in pairs if position[first] < position[second])
        return concordant / len(pairs)
    if kind == "numeric":
        if isinstance(response, bool) or not isinstance(response, int | float):
            raise UserInputError(
                _("Give a number, got {value!r}.").format(value=response),
                where=_("answer to item {id}").format(id=item["id"]),
            )
        if not math.isfinite(response):
            return 0.0
        return 1.0 if abs(response - key) <= float(item.get("tolerance", 0)) else 0.0
    raise UserInputError(
        _("Unknown item kind {kind!r}.").format(kind=kind),
        where=_("item {id}").format(id=item["id"]),
        allowed=", ".join(KINDS),
    )


def score_item(item: Mapping[str, Any], response: object, lang: str | None = None) -> ItemResult:
    """Score one response to one item and explain the key."""
    explanation = localized(item["feedback"], lang) if "feedback" in item else ""
    if response is None:
        return ItemResult(item["id"], 0.0, False, _("Not answered.") + " " + explanation)
    score = round(_score(item, response), 6)
    verdict = _("Right.") if score == 1 else _("Partly right.") if score > 0 else _("Not right.")
    return ItemResult(item["id"], score, True, f"{verdict} {explanation}".strip())


def points_for(item: Mapping[str, Any], response: object, max_points: float) -> float:
    """Points for an nbgrader hidden test: the cell's value is nbgrader's partial credit."""
    return score_item(item, response).points(max_points)
