"""The course file (``grading/course.yaml``): which nbgrader assignments exist and how each is
made from an exercise type of the registry. Validated here, at the edge, with clear errors."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simsuite.activities.base import ExerciseType
from simsuite.activities.registry import exercise_types
from simsuite.content import load_yaml_file
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import N_, _, available_languages

if TYPE_CHECKING:  # the graded kernel imports this module: the case engine only when needed
    from simsuite.trafficking.render import TemplateSet

#: Assignment names and trainee ids become folder names: letters, digits, - and _ only,
#: starting with a letter or digit (no "." or "..", no path separators).
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
SAFE_NAME_TEXT = N_("letters, digits, - and _ (at most 64), starting with a letter or digit")
ASSIGNMENT_FIELDS = ("name", "kind", "title", "params", "points", "constraints", "module")
MAX_POINTS = 1000
#: The course file's ``case_templates``: the folder of graded case wording (beside the course
#: file unless absolute), or PUBLIC_WORDING to tell graded cases in the public wording knowingly.
DEFAULT_CASE_TEMPLATES = "templates"
PUBLIC_WORDING = "public"


@dataclass(frozen=True)
class Assignment:
    name: str
    kind: str
    title: str
    params: Mapping[str, Any]
    points: float
    constraints: Mapping[str, Any] = field(default_factory=dict)
    module: str | None = None
    #: the wording cases are told in (the course's graded set; None: the public wording)
    case_templates: TemplateSet | None = field(default=None, compare=False)

    @property
    def type(self) -> ExerciseType:
        return exercise_types()[self.kind]

    def __getitem__(self, key: str) -> Any:  # the course file's own spelling, for templates
        return getattr(self, key)


@dataclass(frozen=True)
class Course:
    path: Path
    course_id: str
    lang: str
    item_bank_path: Path
    assignments: tuple[Assignment, ...]
    #: graded case wording (None: the course file asks for the public wording)
    case_templates: TemplateSet | None = None

    def assignment(self, name: str) -> Assignment:
        for assignment in self.assignments:
            if assignment.name == name:
                return assignment
        raise ContentError(
            _("No assignment {name!r} in the course.").format(name=name),
            where=str(self.path),
            allowed=", ".join(a.name for a in self.assignments),
        )

    @cached_property
    def item_bank(self):
        from simsuite.activities.quiz.bank import load_item_bank

        return load_item_bank(self.item_bank_path)


def _number(value: Any, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ContentError(
            _("{name} must be a number, got {value!r}.").format(name=name, value=value),
            where=where,
            allowed=_("a number from 0 to {max}").format(max=MAX_POINTS),
        )
    if not 0 < value <= MAX_POINTS:
        raise ContentError(
            _("{name} must be more than 0 and at most {max}, got {value!r}.").format(
                name=name, max=MAX_POINTS, value=value
            ),
            where=where,
        )
    return float(value)


def check_name(value: Any, where: str, what: str) -> str:
    if not isinstance(value, str) or not SAFE_NAME.match(value):
        raise ContentError(
            _("Not a valid {what}: {value!r}.").format(what=what, value=value),
            where=where,
            allowed=_(SAFE_NAME_TEXT),
        )
    return value


def _assignment(raw: Any, where: str) -> Assignment:
    if not isinstance(raw, Mapping):
        raise ContentError(_("Each assignment must be a mapping."), where=where)
    unknown = sorted(str(key) for key in set(raw) - set(ASSIGNMENT_FIELDS))
    if unknown:
        raise ContentError(
            _("Unknown field(s) {names}.").format(names=", ".join(map(str, unknown))),
            where=where,
            allowed=", ".join(ASSIGNMENT_FIELDS),
        )
    for required in ("name", "kind", "title"):
        if required not in raw:
            raise ContentError(_("Missing field {field!r}.").format(field=required), where=where)
    name = check_name(raw["name"], where, _("assignment name"))
    where = f"{where} ({name})"
    types = exercise_types()
    if not isinstance(raw["kind"], str) or raw["kind"] not in types:
        raise ContentError(
            _("Unknown assignment kind {kind!r}.").format(kind=raw["kind"]),
            where=where,
            allowed=", ".join(sorted(types)),
        )
    if not isinstance(raw["title"], str) or not raw["title"].strip():
        raise ContentError(_("The title must be a text."), where=where)
    params = raw.get("params") or {}
    constraints = raw.get("constraints") or {}
    for label, value in (("params", params), ("constraints", constraints)):
        if not isinstance(value, Mapping):
            raise ContentError(
                _("{field} must be a mapping.").format(field=label), where=f"{where}: {label}"
            )
    exercise_type = types[raw["kind"]]
    try:
        params = exercise_type.check_params(params)
    except UserInputError as error:  # the type's own check: say in which file and assignment
        raise ContentError(
            error.what,
            where=f"{where}: params" + (f".{error.where}" if error.where else ""),
            allowed=error.allowed,
        ) from None
    except ValueError as error:  # a plain ValueError from a parameter check
        raise ContentError(str(error), where=f"{where}: params") from None
    except (TypeError, KeyError, AttributeError) as error:  # a value of the wrong type
        raise ContentError(
            _("The parameters are not accepted ({kind}: {reason}).").format(
                kind=type(error).__name__, reason=error
            ),
            where=f"{where}: params",
            allowed=", ".join(sorted(exercise_type.default_params)) or _("none"),
        ) from None
    module = raw.get("module")
    if module is not None and not isinstance(module, str):
        raise ContentError(_("module must be a text."), where=f"{where}: module")
    for key, value in constraints.items():
        if not isinstance(key, str):
            raise ContentError(
                _("Constraint names must be texts, got {key!r}.").format(key=key),
                where=f"{where}: constraints",
            )
        _number(value, f"{where}: constraints.{key}", str(key))
    return Assignment(
        name=name,
        kind=raw["kind"],
        title=raw["title"].strip(),
        params=params,
        points=_number(raw.get("points", 5), where, "points"),
        constraints=dict(constraints),
        module=module,
    )


def load_course(path: str | Path) -> Course:
    path = Path(path)
    if path.is_dir():
        raise ContentError(
            _("A course file is expected, not a folder."), where=str(path), allowed=_("a YAML file")
        )
    try:
        data = load_yaml_file(path)
    except RecursionError:
        raise ContentError(_("The YAML is nested too deeply."), where=str(path)) from None
    if not isinstance(data, dict):
        raise ContentError(_("A course file must be a mapping."), where=str(path))
    for name in ("course_id", "assignments"):
        if name not in data:
            raise ContentError(_("Missing field {field!r}.").format(field=name), where=str(path))
    course_id = check_name(data["course_id"], f"{path}: course_id", _("course id"))
    lang = data.get("lang", "en")
    if lang not in available_languages():
        raise ContentError(
            _("Unknown language {lang!r}.").format(lang=lang),
            where=f"{path}: lang",
            allowed=", ".join(available_languages()),
        )
    raw_assignments = data["assignments"]
    if not isinstance(raw_assignments, list) or not raw_assignments:
        raise ContentError(
            _("'assignments' must be a non-empty list."), where=f"{path}: assignments"
        )
    assignments = tuple(
        _assignment(raw, f"{path}: assignments[{index}]")
        for index, raw in enumerate(raw_assignments)
    )
    names = [a.name for a in assignments]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ContentError(
            _("Assignment names must be unique: {names}.").format(names=", ".join(duplicates)),
            where=str(path),
        )
    bank = data.get("item_bank", "item_bank.yaml")
    if not isinstance(bank, str):
        raise ContentError(_("item_bank must be a file name."), where=f"{path}: item_bank")
    wording = _case_templates(data.get("case_templates", DEFAULT_CASE_TEMPLATES), path)
    assignments = tuple(dataclasses.replace(a, case_templates=wording) for a in assignments)
    return Course(path, course_id, lang, (path.parent / bank).resolve(), assignments, wording)


def _case_templates(value: Any, path: Path) -> TemplateSet | None:
    """The course's graded case wording: a folder (read when a case is told, so a command that
    tells none does not need it), or None for ``public``."""
    if value == PUBLIC_WORDING:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ContentError(
            _("case_templates must be a folder name."),
            where=f"{path}: case_templates",
            allowed=_("a folder of graded case wording (<lang>.yaml files), or {public}").format(
                public=PUBLIC_WORDING
            ),
        )
    from simsuite.trafficking.render import GradedTemplateSet

    return GradedTemplateSet((path.parent / value).resolve())
