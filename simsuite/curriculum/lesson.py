"""Lessons as data: what a module teaches, in every language, with its sources.

A lesson is ``simsuite/curriculum/lessons/<module id>.yaml``::

    module: foundations
    sections:
      - id: three-elements
        title: {en: "...", ru: "..."}
        body: {en: "Markdown ...", ru: "..."}      # no raw HTML; it is escaped
        sources: [{seed: seeds/004_….txt, lines: "575-605"}, ...]
      - id: worked-example
        title: {...}
        body: {...}
        example: {type: qualification, params: {jurisdiction: KG}, seed: 12}

An ``example`` shows a generated case of that exercise type with its perfect answer and the
expert's feedback, so a lesson can walk through a case the same engine grades. Learners read
sources as document title and chapter (:mod:`simsuite.content.sources`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from simsuite.content import parse_yaml
from simsuite.content.sources import cite
from simsuite.errors import ContentError
from simsuite.i18n import _, language, localized

LESSON_FIELDS = ("module", "sections")
SECTION_FIELDS = ("id", "title", "body", "sources", "example")


@dataclass(frozen=True)
class Section:
    id: str
    title: Mapping[str, str]
    body: Mapping[str, str]
    sources: tuple[Any, ...]
    example: Mapping[str, Any] | None


@dataclass(frozen=True)
class Lesson:
    module: str
    sections: tuple[Section, ...]


def _text(value: Any, where: str) -> Mapping[str, str]:
    if not isinstance(value, Mapping) or not isinstance(value.get("en"), str):
        raise ContentError(_("A text needs at least its English version (en)."), where=where)
    return value


def parse_lesson(text: str, where: str) -> Lesson:
    data = parse_yaml(text, where)
    if not isinstance(data, Mapping) or set(data) - set(LESSON_FIELDS) or "sections" not in data:
        raise ContentError(
            _("A lesson is a mapping with 'module' and 'sections'."),
            where=where,
            allowed=", ".join(LESSON_FIELDS),
        )
    sections = []
    for index, raw in enumerate(data["sections"] or ()):
        at = f"{where}: sections[{index}]"
        if not isinstance(raw, Mapping) or set(raw) - set(SECTION_FIELDS):
            raise ContentError(
                _("Unknown field in a section."), where=at, allowed=", ".join(SECTION_FIELDS)
            )
        example = raw.get("example")
        if example is not None:
            from simsuite.activities.registry import exercise_types

            if not isinstance(example, Mapping) or example.get("type") not in exercise_types():
                raise ContentError(
                    _("An example names an exercise type, its params and a seed."),
                    where=f"{at}: example",
                    allowed=", ".join(sorted(exercise_types())),
                )
        sections.append(
            Section(
                id=str(raw.get("id", index)),
                title=_text(raw.get("title"), f"{at}: title"),
                body=_text(raw.get("body"), f"{at}: body"),
                sources=tuple(raw.get("sources") or ()),
                example=example,
            )
        )
    if not sections:
        raise ContentError(_("A lesson needs at least one section."), where=where)
    return Lesson(module=str(data.get("module")), sections=tuple(sections))


@cache
def load_lesson(module_id: str) -> Lesson:
    resource = resources.files("simsuite.curriculum").joinpath("lessons", f"{module_id}.yaml")
    if not resource.is_file():
        raise ContentError(
            _("No lesson for module {module!r}.").format(module=module_id),
            where=f"simsuite/curriculum/lessons/{module_id}.yaml",
        )
    lesson = parse_lesson(resource.read_text("utf-8"), f"lessons/{module_id}.yaml")
    if lesson.module != module_id:
        raise ContentError(
            _("The lesson names module {found!r}, its file {expected!r}.").format(
                found=lesson.module, expected=module_id
            ),
            where=f"lessons/{module_id}.yaml",
        )
    return lesson


def example_html(example: Mapping[str, Any], lang: str) -> str:
    """A worked example: a generated case, its perfect answer, and the expert's feedback."""
    from simsuite.activities.registry import get_type
    from simsuite.widgets.form_app import markdown_html

    exercise_type = get_type(example["type"])
    with language(lang):
        scenario = exercise_type.generate(example.get("params", {}), int(example["seed"]), lang)
        result = exercise_type.evaluate(scenario.key, exercise_type.solution(scenario.key), lang)
        # a case told as a story shows only the story, any other case what the app shows above
        # its controls (never the notebook's list of answer ids): the answer options are the app's
        story = getattr(scenario.public, "narrative", None)
        case = markdown_html(story or exercise_type.app_markdown(scenario.public, lang))
        heading = html.escape(_("The expert's answer"))
        return (
            f'<div class="simsuite-example">{case}<h4>{heading}</h4>{result.render_html()}</div>'
        )


def lesson_html(module_id: str, lang: str) -> str:
    """The whole lesson as HTML in ``lang`` (sections, examples, sources)."""
    from simsuite.widgets.form_app import markdown_html

    lesson = load_lesson(module_id)
    parts = []
    with language(lang):
        for section in lesson.sections:
            body = markdown_html(localized(section.body, lang))
            block = [
                f'<section class="simsuite-lesson-section" id="{html.escape(section.id)}">',
                f"<h2>{html.escape(localized(section.title, lang))}</h2>",
                body,
            ]
            if section.example:
                block.append(example_html(section.example, lang))
            if section.sources:
                cited = "; ".join(
                    dict.fromkeys(cite(source, lang).render_html() for source in section.sources)
                )
                label = html.escape(_("Sources:"))
                block.append(f'<p class="simsuite-sources">{label} {cited}</p>')
            block.append("</section>")
            parts.append("".join(block))
    return "".join(parts)
