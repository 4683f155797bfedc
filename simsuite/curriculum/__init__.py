"""The curriculum as data: tracks (learning paths by role) and modules, one file each.

A module names its objectives, audiences, time, prerequisites, its lesson notebook, its practice
activities (an exercise type of the registry, the app notebook that serves it, parameters), the
graded nbgrader assignment(s) of the course file, and the competencies and test items tied to it.
``tracks.yaml`` lists the tracks and the shared vocabularies (audiences, competencies).

:func:`load_curriculum` validates the files against ``schema.json`` and checks every reference
inside the package (tracks → modules, prerequisites, exercise types). :func:`check_references`
checks the references outside it (notebooks, the course file's assignments, the item bank's
parallel groups), which the learning path and the tests run where those files are present.
Content for another issue's module plugs in by adding a module file (and naming it in a track).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from simsuite.content import parse_yaml
from simsuite.errors import ContentError
from simsuite.i18n import _, localized

PACKAGE = "simsuite.curriculum"
REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Activity:
    """A practice page: an exercise type's app (``type``: scored, and reaching ``pass_mark``
    counts towards the module being done) or a tool to explore (``tool``: not scored)."""

    type: str | None
    app: str
    params: Mapping[str, Any]
    pass_mark: float
    title: Mapping[str, str] | None = None
    tool: str | None = None

    @property
    def scored(self) -> bool:
        return self.tool is None

    def label(self, lang: str | None = None) -> str:
        if self.title:
            return localized(self.title, lang)
        if self.tool is not None:
            from simsuite.widgets.tools import get_tool

            return _(get_tool(self.tool).title)
        from simsuite.activities.registry import get_type

        return _(get_type(self.type).title)


@dataclass(frozen=True)
class Module:
    id: str
    order: int
    title: Mapping[str, str]
    summary: Mapping[str, str]
    objectives: tuple[Mapping[str, str], ...]
    audiences: tuple[str, ...]
    minutes: int
    prerequisites: tuple[str, ...]
    lesson: str
    practice: tuple[Activity, ...]
    graded: tuple[str, ...]
    competencies: tuple[str, ...]
    items: tuple[str, ...]
    content_note: Mapping[str, str] | None
    sources: tuple[Any, ...]

    def text(self, field: str, lang: str | None = None) -> str:
        return localized(getattr(self, field), lang)


@dataclass(frozen=True)
class Track:
    id: str
    title: Mapping[str, str]
    summary: Mapping[str, str]
    audiences: tuple[str, ...]
    modules: tuple[str, ...]
    self_check: bool


@dataclass(frozen=True)
class Curriculum:
    audiences: Mapping[str, Mapping[str, str]]
    competencies: Mapping[str, Mapping[str, str]]
    tracks: tuple[Track, ...]
    modules: Mapping[str, Module]  # in order

    def track(self, track_id: str) -> Track:
        for track in self.tracks:
            if track.id == track_id:
                return track
        raise ContentError(
            _("No track {id!r} in the curriculum.").format(id=track_id),
            allowed=", ".join(t.id for t in self.tracks),
        )

    def module(self, module_id: str) -> Module:
        if module_id not in self.modules:
            raise ContentError(
                _("No module {id!r} in the curriculum.").format(id=module_id),
                allowed=", ".join(self.modules),
            )
        return self.modules[module_id]

    def track_modules(self, track_id: str) -> list[Module]:
        return [self.modules[m] for m in self.track(track_id).modules]

    def activities(self) -> list[tuple[Module, str, str]]:
        """Every page of the curriculum in order: (module, "lesson"/"practice", notebook)."""
        pages = []
        for module in self.modules.values():
            pages.append((module, "lesson", module.lesson))
            pages += [(module, "practice", a.app) for a in module.practice]
        return pages

    def module_of_notebook(self, notebook: str) -> Module | None:
        for module, _kind, page in self.activities():
            if page == notebook:
                return module
        return None


def _schema() -> dict[str, Any]:
    return json.loads(resources.files(PACKAGE).joinpath("schema.json").read_text("utf-8"))


def _validate(data: Any, definition: str, where: str) -> None:
    import jsonschema

    schema = _schema()
    validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{definition}"})
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        path = "/".join(str(p) for p in error.absolute_path) or _("(top level)")
        raise ContentError(
            _("{path}: {message}").format(path=path, message=error.message), where=where
        )


def _module(data: Mapping[str, Any]) -> Module:
    return Module(
        id=data["id"],
        order=data["order"],
        title=data["title"],
        summary=data["summary"],
        objectives=tuple(data["objectives"]),
        audiences=tuple(data["audiences"]),
        minutes=data["minutes"],
        prerequisites=tuple(data.get("prerequisites", ())),
        lesson=data["lesson"],
        practice=tuple(
            Activity(
                type=a.get("type"),
                app=a["app"],
                params=a.get("params", {}),
                pass_mark=float(a.get("pass_mark", 0.8)),
                title=a.get("title"),
                tool=a.get("tool"),
            )
            for a in data["practice"]
        ),
        graded=tuple(data["graded"]),
        competencies=tuple(data["competencies"]),
        items=tuple(data["items"]),
        content_note=data.get("content_note"),
        sources=tuple(data.get("sources", ())),
    )


def parse_curriculum(
    tracks_text: str, module_texts: Mapping[str, str], where: str = PACKAGE
) -> Curriculum:
    """Build and validate a curriculum from the text of its files (names → YAML text)."""
    from simsuite.activities.registry import exercise_types

    tracks_data = parse_yaml(tracks_text, f"{where}/tracks.yaml")
    _validate(tracks_data, "tracks_file", f"{where}/tracks.yaml")
    modules: dict[str, Module] = {}
    for name, text in sorted(module_texts.items()):
        file = f"{where}/modules/{name}"
        data = parse_yaml(text, file)
        _validate(data, "module", file)
        if f"{data['id']}.yaml" != name:
            raise ContentError(
                _("The module id {id!r} must match its file name.").format(id=data["id"]),
                where=file,
            )
        module = _module(data)
        types = exercise_types()
        for activity in module.practice:
            if activity.tool is not None:
                from simsuite.widgets.tools import TOOLS

                if activity.tool not in TOOLS:
                    raise ContentError(
                        _("Unknown tool {tool!r}.").format(tool=activity.tool),
                        where=f"{file}: practice",
                        allowed=", ".join(sorted(TOOLS)),
                    )
                continue
            if activity.type not in types:
                raise ContentError(
                    _("Unknown exercise type {type!r}.").format(type=activity.type),
                    where=f"{file}: practice",
                    allowed=", ".join(sorted(types)),
                )
            try:
                types[activity.type].check_params(activity.params)
            except ValueError as error:
                raise ContentError(str(error), where=f"{file}: practice") from None
        for field, known in (
            ("audiences", tracks_data["audiences"]),
            ("competencies", tracks_data["competencies"]),
        ):
            unknown = sorted(set(getattr(module, field)) - set(known))
            if unknown:
                raise ContentError(
                    _("Unknown {field}: {names}.").format(field=field, names=", ".join(unknown)),
                    where=file,
                    allowed=", ".join(known),
                )
        modules[module.id] = module
    for module in modules.values():
        missing = sorted(set(module.prerequisites) - set(modules))
        if missing:
            raise ContentError(
                _("Unknown prerequisite module(s): {names}.").format(names=", ".join(missing)),
                where=f"{where}/modules/{module.id}.yaml",
                allowed=", ".join(modules),
            )
    _check_acyclic(modules, where)
    tracks = []
    for data in tracks_data["tracks"]:
        missing = sorted(set(data["modules"]) - set(modules))
        if missing:
            raise ContentError(
                _("Track {track!r} names unknown module(s): {names}.").format(
                    track=data["id"], names=", ".join(missing)
                ),
                where=f"{where}/tracks.yaml",
                allowed=", ".join(modules),
            )
        for position, module_id in enumerate(data["modules"]):
            earlier = set(data["modules"][:position])
            for prerequisite in modules[module_id].prerequisites:
                if prerequisite in data["modules"] and prerequisite not in earlier:
                    raise ContentError(
                        _("In track {track!r}, {module!r} comes before its prerequisite "
                          "{prerequisite!r}.").format(
                            track=data["id"], module=module_id, prerequisite=prerequisite
                        ),
                        where=f"{where}/tracks.yaml",
                    )
        tracks.append(
            Track(
                id=data["id"],
                title=data["title"],
                summary=data["summary"],
                audiences=tuple(data["audiences"]),
                modules=tuple(data["modules"]),
                self_check=bool(data.get("self_check", False)),
            )
        )
    ordered = dict(sorted(modules.items(), key=lambda item: (item[1].order, item[0])))
    return Curriculum(
        audiences=tracks_data["audiences"],
        competencies=tracks_data["competencies"],
        tracks=tuple(tracks),
        modules=ordered,
    )


def _check_acyclic(modules: Mapping[str, Module], where: str) -> None:
    state: dict[str, int] = {}

    def visit(module_id: str, chain: tuple[str, ...]) -> None:
        if state.get(module_id) == 2:
            return
        if state.get(module_id) == 1:
            raise ContentError(
                _("Prerequisites form a circle: {chain}.").format(
                    chain=" → ".join((*chain, module_id))
                ),
                where=where,
            )
        state[module_id] = 1
        for prerequisite in modules[module_id].prerequisites:
            visit(prerequisite, (*chain, module_id))
        state[module_id] = 2

    for module_id in modules:
        visit(module_id, ())


@cache
def load_curriculum() -> Curriculum:
    """The curriculum shipped with simsuite (validated)."""
    folder = resources.files(PACKAGE)
    modules = {
        entry.name: entry.read_text("utf-8")
        for entry in folder.joinpath("modules").iterdir()
        if entry.name.endswith(".yaml")
    }
    return parse_curriculum(folder.joinpath("tracks.yaml").read_text("utf-8"), modules)


def check_references(
    curriculum: Curriculum,
    notebooks: Path = REPOSITORY / "notebooks",
    course_file: Path = REPOSITORY / "grading" / "course.yaml",
) -> list[str]:
    """What the curriculum names outside the package and is missing: notebooks, graded
    assignments, item-bank groups, and competencies the item bank uses but the curriculum
    does not know. An empty list means every reference holds."""
    from simsuite.activities.quiz.bank import form_positions
    from simsuite.course.course import load_course

    problems = []
    for module, kind, page in curriculum.activities():
        if not (notebooks / page).is_file():
            problems.append(
                _("Module {module}: the {kind} notebook {page} does not exist.").format(
                    module=module.id, kind=kind, page=page
                )
            )
    course = load_course(course_file)
    assignments = {a.name: a for a in course.assignments}
    groups = {p.parallel: p for p in form_positions(course.item_bank)}
    for module in curriculum.modules.values():
        for name in module.graded:
            if name not in assignments:
                problems.append(
                    _("Module {module}: no graded assignment {name!r} in the course file.").format(
                        module=module.id, name=name
                    )
                )
        for group in module.items:
            if group not in groups:
                problems.append(
                    _("Module {module}: no item group {group!r} in the item bank.").format(
                        module=module.id, group=group
                    )
                )
            elif groups[group].competency not in module.competencies:
                problems.append(
                    _("Module {module}: item group {group} tests {competency}, which the "
                      "module does not list.").format(
                        module=module.id, group=group, competency=groups[group].competency
                    )
                )
    unknown = sorted(set(course.item_bank.competencies) - set(curriculum.competencies))
    if unknown:
        problems.append(
            _("The item bank uses competencies the curriculum does not know: {names}.").format(
                names=", ".join(unknown)
            )
        )
    return problems


def module_sequence(curriculum: Curriculum, track_id: str) -> list[tuple[Module, str, str]]:
    """The pages of a track in order: each module's lesson, then its practice apps."""
    pages: list[tuple[Module, str, str]] = []
    for module in curriculum.track_modules(track_id):
        pages.append((module, "lesson", module.lesson))
        pages += [(module, "practice", a.app) for a in module.practice]
    return pages


def neighbours(
    pages: Sequence[tuple[Module, str, str]], notebook: str
) -> tuple[str | None, str | None]:
    """The pages before and after ``notebook`` in a sequence of pages."""
    names = [page for _m, _k, page in pages]
    if notebook not in names:
        return None, None
    index = names.index(notebook)
    before = names[index - 1] if index > 0 else None
    after = names[index + 1] if index + 1 < len(names) else None
    return before, after
