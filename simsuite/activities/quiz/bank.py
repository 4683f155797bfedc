"""The item bank: a YAML file with keys, kept on the instructor side (``grading/``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simsuite.activities.quiz.items import KINDS
from simsuite.content import load_yaml_file
from simsuite.errors import ContentError
from simsuite.i18n import _

FORMS = ("A", "B")
REQUIRED_FIELDS = ("id", "form", "parallel", "competency", "kind", "stem", "key", "source")


@dataclass(frozen=True)
class ItemBank:
    path: str
    competencies: Mapping[str, Any]
    items: tuple[Mapping[str, Any], ...]

    def form(self, form: str) -> list[Mapping[str, Any]]:
        return [item for item in self.items if item["form"] == form]

    def get(self, item_id: str) -> Mapping[str, Any]:
        for item in self.items:
            if item["id"] == item_id:
                return item
        raise ContentError(_("No item {id!r} in the bank.").format(id=item_id), where=self.path)

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(sorted({item["form"] for item in self.items}))


def _is_text(value: Any) -> bool:
    """A content text: a string, or a mapping of language to string with the English text."""
    if isinstance(value, str):
        return True
    return (
        isinstance(value, dict)
        and "en" in value
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    )


def _check_text(value: Any, field: str, where: str) -> None:
    if not _is_text(value):
        raise ContentError(
            _("{field!r} must be a text, not {value!r}.").format(field=field, value=value),
            where=where,
            allowed=_("a string, or a mapping of language to string with 'en'"),
        )


def _validate_item(item: Any, index: int, path: str, competencies: Mapping[str, Any]) -> None:
    where = f"{path}: items[{index}]"
    if not isinstance(item, dict):
        raise ContentError(_("Each item must be a mapping."), where=where)
    for name in REQUIRED_FIELDS:
        if name not in item:
            raise ContentError(
                _("Missing field {field!r}.").format(field=name),
                where=where,
                allowed=", ".join(REQUIRED_FIELDS),
            )
    where = f"{path}: items[{index}] ({item['id']})"
    if item["kind"] not in KINDS:
        raise ContentError(
            _("Unknown kind {kind!r}.").format(kind=item["kind"]),
            where=where,
            allowed=", ".join(KINDS),
        )
    if item["competency"] not in competencies:
        raise ContentError(
            _("Unknown competency {name!r}.").format(name=item["competency"]),
            where=where,
            allowed=", ".join(competencies),
        )
    _check_text(item["stem"], "stem", where)
    if "feedback" in item:
        _check_text(item["feedback"], "feedback", where)
    raw_options = item.get("options", {})
    if not isinstance(raw_options, dict):
        raise ContentError(
            _("'options' must be a mapping, not {value!r}.").format(value=raw_options),
            where=where,
            allowed=_("a mapping of option id to text"),
        )
    for option, text in raw_options.items():
        _check_text(text, f"options: {option}", where)
    options = list(raw_options)
    key = item["key"]
    if item["kind"] == "single" and key not in options:
        raise ContentError(_("The key must be one of the options."), where=where)
    if item["kind"] in ("multiple", "ordering"):
        if not isinstance(key, list) or not set(key) <= set(options) or not key:
            raise ContentError(_("The key must be a non-empty list of options."), where=where)
        if item["kind"] == "ordering" and sorted(key) != sorted(options):
            raise ContentError(_("An ordering key must list every option once."), where=where)
    if item["kind"] == "numeric" and (isinstance(key, bool) or not isinstance(key, int | float)):
        raise ContentError(_("A numeric key must be a number."), where=where)
    if "tolerance" in item:
        tolerance = item["tolerance"]
        if (
            isinstance(tolerance, bool)
            or not isinstance(tolerance, int | float)
            or not math.isfinite(tolerance)
            or tolerance < 0
        ):
            raise ContentError(
                _("Not a valid tolerance: {value!r}.").format(value=tolerance),
                where=where,
                allowed=_("a number, 0 or more"),
            )


def load_item_bank(path: str | Path) -> ItemBank:
    """Load and validate an item bank. A bank may ``include`` further files (relative to it),
    each with its own ``items`` (a module's items live in their own file); their items follow
    the bank's own, in the order of ``include``."""
    path = str(path)
    data = load_yaml_file(path)
    if not isinstance(data, dict) or "items" not in data or "competencies" not in data:
        raise ContentError(_("An item bank needs 'competencies' and 'items'."), where=path)
    competencies = data["competencies"]
    if not isinstance(competencies, dict) or not isinstance(data["items"], list):
        raise ContentError(_("'competencies' must be a mapping and 'items' a list."), where=path)
    parts: list[tuple[str, list]] = [(path, data["items"])]
    includes = data.get("include") or []
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise ContentError(_("'include' must be a list of file names."), where=path)
    for name in includes:
        included_path = str(Path(path).parent / name)
        included = load_yaml_file(included_path)
        if not isinstance(included, dict) or not isinstance(included.get("items"), list):
            raise ContentError(_("An included file needs a list of 'items'."), where=included_path)
        parts.append((included_path, included["items"]))
    seen: set[str] = set()
    items: list[Mapping[str, Any]] = []
    for where, part in parts:
        for index, item in enumerate(part):
            _validate_item(item, index, where, competencies)
            if item["id"] in seen:
                raise ContentError(
                    _("Duplicate item id {id!r}.").format(id=item["id"]), where=where
                )
            seen.add(item["id"])
            items.append(item)
    return ItemBank(path=path, competencies=competencies, items=tuple(items))


def scoring_spec(item: Mapping[str, Any]) -> dict[str, Any]:
    """What the hidden test needs to score an item, and nothing more (no texts)."""
    spec = {"id": item["id"], "kind": item["kind"], "key": item["key"]}
    if "options" in item:
        spec["options"] = list(item["options"])
    if "tolerance" in item:
        spec["tolerance"] = item["tolerance"]
    return spec


@dataclass(frozen=True)
class Position:
    """The k-th parallel pair: one item per form, same competency and kind."""

    number: int
    parallel: str
    kind: str
    competency: str
    items: Mapping[str, Mapping[str, Any]]  # form -> item

    def item(self, form: str) -> Mapping[str, Any]:
        return self.items[form]


def form_positions(bank: ItemBank) -> list[Position]:
    """The positions of a test, in bank order; checks that every pair is really parallel."""
    pairs: dict[str, dict[str, Mapping[str, Any]]] = {}
    for item in bank.items:
        forms = pairs.setdefault(item["parallel"], {})
        if item["form"] in forms:
            raise ContentError(
                _("Parallel group {group!r} has two items of form {form!r}.").format(
                    group=item["parallel"], form=item["form"]
                ),
                where=bank.path,
            )
        forms[item["form"]] = item
    positions = []
    for number, (parallel, forms) in enumerate(pairs.items(), start=1):
        if set(forms) != set(FORMS):
            raise ContentError(
                _("Parallel group {group!r} needs one item of each form.").format(group=parallel),
                where=bank.path,
                allowed=", ".join(FORMS),
            )
        first, second = (forms[form] for form in FORMS)
        for field in ("competency", "kind"):
            if first[field] != second[field]:
                raise ContentError(
                    _("Items {a} and {b} are parallel but differ in {field}.").format(
                        a=first["id"], b=second["id"], field=field
                    ),
                    where=bank.path,
                )
        positions.append(
            Position(number, parallel, first["kind"], first["competency"], dict(forms))
        )
    return positions
