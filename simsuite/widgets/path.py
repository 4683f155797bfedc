"""The learning path in the browser: the start page, every lesson and practice page, the
self-check and the summary, with "back to the path", "previous" and "next" links that keep the
language and the track, and the learner's progress (:mod:`simsuite.widgets.progress`).

Every curriculum notebook is one call: ``page("<its file name>")``. What a page shows comes from
the curriculum data (:mod:`simsuite.curriculum`) and the exercise-type registry; nothing here
names a type or scores an answer.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import ipywidgets as widgets

from simsuite.curriculum import Curriculum, Module, load_curriculum, module_sequence, neighbours
from simsuite.i18n import N_, _, available_languages, get_language, language, localized
from simsuite.widgets.common import STYLE, notice_html, page_parameters
from simsuite.widgets.progress import ProgressStore

START_PAGE = "00_start_here.ipynb"
SELF_CHECK_PAGE = "90_self_check.ipynb"
SUMMARY_PAGE = "95_summary.ipynb"
DEFAULT_TRACK = "self_paced"
LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Русский",
    "ky": "Кыргызча",
    "az": "Azərbaycanca",
    "uz": "Oʻzbekcha",
}
CONTENT_NOTE = N_(
    "Content note: this curriculum deals with trafficking in persons, exploitation and "
    "emergencies at mass events. Every person, place and company in it is fictional and "
    "nothing is described in graphic detail. Take a break whenever you need one."
)
PATH_CSS = """
<style>
.simsuite-path-page a { color: #0b57d0; text-decoration: underline; }
.simsuite-nav { display: flex; flex-wrap: wrap; gap: .5em 1.5em; margin: .5em 0 1em; }
.simsuite-nav a { font-weight: 600; }
.simsuite-path-modules { list-style: none; padding-left: 0; }
.simsuite-path-module { border: 1px solid #c8c8c8; border-radius: 6px; padding: .6em .9em;
  margin: .6em 0; max-width: 52em; }
.simsuite-path-module h3 { margin: .1em 0 .3em; font-size: 1.15em; }
.simsuite-status { font-weight: 600; }
.simsuite-status-done { color: #1b5e20; }
.simsuite-status-progress { color: #8a4b00; }
.simsuite-tracks { display: flex; flex-wrap: wrap; gap: .6em; padding-left: 0;
  list-style: none; }
.simsuite-tracks li { border: 1px solid #c8c8c8; border-radius: 6px; padding: .4em .7em;
  max-width: 24em; }
.simsuite-tracks li[aria-current="true"] { border: 2px solid #0b57d0; }
.simsuite-next { font-size: 1.1em; margin: .6em 0; }
.simsuite-summary table { border-collapse: collapse; }
.simsuite-summary td, .simsuite-summary th { border: 1px solid #bbb; padding: .3em .6em;
  text-align: left; }
/* a lesson's tables and a worked example's verdict fit a phone: columns share the width and
   long figures wrap instead of widening the page */
.simsuite-lesson-section table, .simsuite-example table { width: 100%; max-width: 52em;
  table-layout: fixed; border-collapse: collapse; margin: .5em 0; }
.simsuite-lesson-section td, .simsuite-lesson-section th, .simsuite-example td,
.simsuite-example th { overflow-wrap: anywhere; hyphens: auto; vertical-align: top;
  text-align: left; padding: .25em .4em; border-bottom: 1px solid #ccc; }
@media print { .simsuite-nav, .simsuite-noprint, .widget-button { display: none !important; } }
</style>
"""


# --- addresses ---------------------------------------------------------------------------------


def link(page: str, lang: str, track: str | None = None, **extra: Any) -> str:
    """A relative address of a curriculum page that keeps the language and the track."""
    query: dict[str, Any] = {"lang": lang}
    if track:
        query["track"] = track
    query.update({k: v for k, v in extra.items() if v is not None})
    return f"{page}?{urlencode(query)}"


def _a(href: str, text: str, css: str = "", current: bool = False) -> str:
    attrs = f' class="{css}"' if css else ""
    if current:
        attrs += ' aria-current="page"'
    return f'<a href="{html.escape(href)}"{attrs}>{html.escape(text)}</a>'


# --- progress ----------------------------------------------------------------------------------


def module_status(module: Module, records: Mapping[str, Any]) -> tuple[str, float | None]:
    """("done" | "progress" | "new", mean best practice score or None)."""
    lesson_seen = module.lesson in records
    scored = [a for a in module.practice if a.scored]  # a tool to explore has no score
    bests = [records[a.app]["best"] for a in scored if a.app in records]
    passed = all(a.app in records and records[a.app]["best"] >= a.pass_mark for a in scored)
    score = sum(bests) / len(bests) if bests else None
    if lesson_seen and passed:
        return "done", score
    if lesson_seen or bests:
        return "progress", score
    return "new", None


def next_step(
    curriculum: Curriculum, track_id: str, records: Mapping[str, Any]
) -> tuple[str, str] | None:
    """The first page of the track the learner has not finished: (notebook, label)."""
    track = curriculum.track(track_id)
    tests = records.get("tests") or {}
    if track.self_check and "pre" not in tests:
        return SELF_CHECK_PAGE, _("Pre-test: what you know now")
    for module in curriculum.track_modules(track_id):
        if module.lesson not in records:
            return module.lesson, _("Lesson: {title}").format(title=localized(module.title))
        for activity in module.practice:
            if not activity.scored:
                continue
            entry = records.get(activity.app)
            if not entry or entry["best"] < activity.pass_mark:
                return activity.app, _("Practice: {title}").format(title=activity.label())
    if track.self_check and "post" not in tests:
        return SELF_CHECK_PAGE, _("Post-test: what you learned")
    return None


# --- the pages ---------------------------------------------------------------------------------


class CurriculumPage:
    """What every curriculum page shares: the store, the language, the track, the nav."""

    def __init__(self, notebook: str, lang: str | None = None, track: str | None = None):
        params = page_parameters()
        self.params = {k: v for k, v in params.items() if k not in ("lang", "notices")}
        self.notices: Sequence[str] = tuple(params.get("notices", ()))
        self.lang = lang or params.get("lang") or get_language()
        self.curriculum = load_curriculum()
        requested = track or str(params.get("track") or "")
        known = {t.id for t in self.curriculum.tracks}
        self.track = requested if requested in known else DEFAULT_TRACK
        self.notebook = notebook
        self.store = ProgressStore()
        self.body = widgets.VBox().add_class("simsuite-page-body")
        self.widget = (
            widgets.VBox([widgets.HTML(STYLE + PATH_CSS), self.body, self.store])
            .add_class("simsuite-app")
            .add_class("simsuite-path-page")
        )

    def href(self, page: str, **extra: Any) -> str:
        return link(page, self.lang, self.track, **extra)

    def nav_html(self) -> str:
        pages = module_sequence(self.curriculum, self.track)
        before, after = neighbours(pages, self.notebook)
        items = [_a(self.href(START_PAGE), "← " + _("Back to the learning path"))]
        if before:
            items.append(_a(self.href(before), "← " + _("Previous")))
        if after:
            items.append(_a(self.href(after), _("Next") + " →"))
        label = html.escape(_("Learning path"))
        return f'<nav class="simsuite-nav" aria-label="{label}">{"".join(items)}</nav>'

    def notices_html(self) -> str:
        return notice_html(self.notices)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class LearningPath(CurriculumPage):
    """The start page: tracks, the modules in order, each learner's progress, the next step."""

    def __init__(self, lang: str | None = None, track: str | None = None):
        super().__init__(START_PAGE, lang, track)
        with language(self.lang):
            self.head = widgets.HTML(self._head_html())
            self.modules = widgets.HTML(self._modules_html({}))
            self.forget = widgets.Button(
                description=_("Forget my progress"), icon="trash"
            ).add_class("simsuite-forget")
            self.forget.on_click(lambda _button: self._forget())
            self.body.children = (self.head, self.modules, self.forget)
        self.store.on_ready(self._refresh)

    def _forget(self) -> None:
        self.store.forget()
        self._refresh(self.store.records)

    def _refresh(self, records: Mapping[str, Any]) -> None:
        with language(self.lang):
            self.modules.value = self._modules_html(records)

    def _head_html(self) -> str:
        languages = " · ".join(
            _a(link(START_PAGE, code, self.track), LANGUAGE_NAMES.get(code, code),
               current=code == self.lang)
            for code in available_languages()
        )
        tracks = "".join(
            '<li{current}>{link}<br><small>{summary}</small></li>'.format(
                current=' aria-current="true"' if t.id == self.track else "",
                link=_a(link(START_PAGE, self.lang, t.id), localized(t.title)),
                summary=html.escape(localized(t.summary)),
            )
            for t in self.curriculum.tracks
        )
        title = _("Training on trafficking in persons and mass-event safety")
        language_label = _("Language")
        choose = _("Choose your track")
        return (
            f"<h1>{html.escape(title)}</h1>"
            f'<nav class="simsuite-languages" aria-label="{html.escape(language_label)}">'
            f"{languages}</nav>"
            f"{self.notices_html()}"
            f'<p class="simsuite-content-note">{html.escape(_(CONTENT_NOTE))}</p>'
            f"<h2>{html.escape(choose)}</h2>"
            f'<ul class="simsuite-tracks">{tracks}</ul>'
        )

    def _modules_html(self, records: Mapping[str, Any]) -> str:
        track = self.curriculum.track(self.track)
        modules = self.curriculum.track_modules(self.track)
        done = sum(1 for m in modules if module_status(m, records)[0] == "done")
        step = next_step(self.curriculum, self.track, records)
        parts = [f"<h2>{html.escape(localized(track.title))}</h2>"]
        parts.append(
            "<p>{}</p>".format(
                html.escape(
                    _("{done} of {total} modules done.").format(done=done, total=len(modules))
                )
            )
        )
        if step:
            page, label = step
            parts.append(
                '<p class="simsuite-next">{} {}</p>'.format(
                    html.escape(_("Next step:")), _a(self.href(page), label, "simsuite-next-link")
                )
            )
        else:
            parts.append(
                '<p class="simsuite-next">{} {}</p>'.format(
                    html.escape(_("You have finished this track.")),
                    _a(self.href(SUMMARY_PAGE), _("See your summary"), "simsuite-summary-link"),
                )
            )
        items = []
        tests = records.get("tests") or {}
        if track.self_check:
            items.append(self._test_html("pre", tests.get("pre")))
        for number, module in enumerate(modules, start=1):
            items.append(self._module_html(number, module, records))
        if track.self_check:
            items.append(self._test_html("post", tests.get("post")))
        parts.append(f'<ol class="simsuite-path-modules">{"".join(items)}</ol>')
        parts.append(
            "<p>{}</p>".format(_a(self.href(SUMMARY_PAGE), _("Your summary (printable)")))
        )
        return "".join(parts)

    def _test_html(self, phase: str, result: Mapping[str, Any] | None) -> str:
        title = _("Pre-test: what you know now") if phase == "pre" else _(
            "Post-test: what you learned"
        )
        if result:
            status = '<span class="simsuite-status simsuite-status-done">{}</span>'.format(
                html.escape(
                    _("Taken: {percent:.0f}%").format(percent=100 * float(result["score"]))
                )
            )
        else:
            status = '<span class="simsuite-status">{}</span>'.format(
                html.escape(_("Not taken yet"))
            )
        return (
            f'<li class="simsuite-path-module simsuite-path-test-{phase}">'
            f"<h3>{_a(self.href(SELF_CHECK_PAGE, phase=phase), title)}</h3>{status}</li>"
        )

    def _module_html(self, number: int, module: Module, records: Mapping[str, Any]) -> str:
        status, score = module_status(module, records)
        label = {
            "done": _("Done"),
            "progress": _("In progress"),
            "new": _("Not started"),
        }[status]
        if score is not None:
            label += " · " + _("best practice score {percent:.0f}%").format(percent=100 * score)
        objectives = "".join(
            f"<li>{html.escape(localized(objective))}</li>" for objective in module.objectives
        )
        pages = [_a(self.href(module.lesson), _("Lesson"))]
        pages += [
            _a(
                self.href(a.app),
                (_("Practice: {title}") if a.scored else _("Explore: {title}")).format(
                    title=a.label()
                ),
            )
            for a in module.practice
        ]
        minutes = _("about {minutes} min").format(minutes=module.minutes)
        able = _("What you will be able to do")
        return (
            f'<li class="simsuite-path-module simsuite-module-{module.id}">'
            f"<h3>{number}. {html.escape(localized(module.title))}</h3>"
            f'<p><span class="simsuite-status simsuite-status-{status}">{html.escape(label)}'
            f"</span> · {html.escape(minutes)}"
            f"</p><p>{html.escape(localized(module.summary))}</p>"
            f"<details><summary>{html.escape(able)}</summary>"
            f"<ul>{objectives}</ul></details>"
            f'<p class="simsuite-module-pages">{" · ".join(pages)}</p></li>'
        )


class LessonPage(CurriculumPage):
    """A module's lesson; opening it counts as reading it."""

    def __init__(self, notebook: str, lang: str | None = None, track: str | None = None):
        super().__init__(notebook, lang, track)
        from simsuite.curriculum.lesson import lesson_html

        module = self.curriculum.module_of_notebook(notebook)
        if module is None:
            raise LookupError(f"{notebook} is not a lesson of the curriculum")
        with language(self.lang):
            note = localized(module.content_note) if module.content_note else _(CONTENT_NOTE)
            objectives = "".join(
                f"<li>{html.escape(localized(o))}</li>" for o in module.objectives
            )
            able = _("What you will be able to do")
            header = (
                f"{self.nav_html()}{self.notices_html()}"
                f"<h1>{html.escape(localized(module.title))}</h1>"
                f'<p class="simsuite-content-note">{html.escape(note)}</p>'
                f"<h2>{html.escape(able)}</h2><ul>{objectives}</ul>"
            )
            self.body.children = (
                widgets.HTML(header + lesson_html(module.id, self.lang) + self.nav_html()),
            )
        self.store.on_ready(lambda _records: self.store.record(notebook, 1.0))


class PracticePage(CurriculumPage):
    """A practice activity: the exercise type's app, with the path around it; every Check is
    recorded (retries are welcome: the best score counts)."""

    def __init__(self, notebook: str, lang: str | None = None, track: str | None = None):
        super().__init__(notebook, lang, track)
        from simsuite.activities.registry import get_type

        module = self.curriculum.module_of_notebook(notebook)
        activity = next(a for a in module.practice if a.app == notebook) if module else None
        if activity is None:
            raise LookupError(f"{notebook} is not a practice page of the curriculum")
        if activity.tool is not None:
            self._tool(module, activity)
            return
        with language(self.lang):
            exercise_type = get_type(activity.type)
            params = dict(activity.params)
            for name in exercise_type.default_params:  # a link may choose, e.g., the law pack
                if name in self.params and isinstance(self.params[name], str):
                    params[name] = self.params[name]
            try:
                exercise_type.check_params(params)
            except ValueError:
                params = dict(activity.params)
            self.app = exercise_type.app(seed=self.params.get("seed"), lang=self.lang, **params)
            self.app.on_check = lambda result: self.store.record(notebook, float(result.score))
            note = localized(module.content_note) if module.content_note else _(CONTENT_NOTE)
            header = (
                f"{self.nav_html()}{self.notices_html()}"
                f"<h1>{html.escape(activity.label())}</h1>"
                f"<p>{html.escape(_(exercise_type.summary))}</p>"
                f'<p class="simsuite-content-note">{html.escape(note)}</p>'
            )
            self.body.children = (
                widgets.HTML(header),
                self.app.widget,
                widgets.HTML(self.nav_html()),
            )


    def _tool(self, module: Module, activity: Any) -> None:
        """A tool to explore: no score, nothing recorded but the visit."""
        from simsuite.widgets.tools import get_tool

        tool = get_tool(activity.tool)
        with language(self.lang):
            self.app = tool.build(seed=self.params.get("seed"), lang=self.lang)
            note = localized(module.content_note) if module.content_note else _(CONTENT_NOTE)
            header = (
                f"{self.nav_html()}{self.notices_html()}"
                f"<h1>{html.escape(activity.label())}</h1>"
                f"<p>{html.escape(_(tool.summary))}</p>"
                f'<p class="simsuite-content-note">{html.escape(note)}</p>'
            )
            self.body.children = (
                widgets.HTML(header),
                self.app.widget,
                widgets.HTML(self.nav_html()),
            )


def page(notebook: str, lang: str | None = None, track: str | None = None) -> CurriculumPage:
    """The page a curriculum notebook shows (the one call in every curriculum notebook)."""
    if notebook == START_PAGE:
        return LearningPath(lang, track)
    if notebook == SELF_CHECK_PAGE:
        from simsuite.widgets.selfcheck import SelfCheckPage

        return SelfCheckPage(lang, track)
    if notebook == SUMMARY_PAGE:
        from simsuite.widgets.selfcheck import SummaryPage

        return SummaryPage(lang, track)
    curriculum = load_curriculum()
    module = curriculum.module_of_notebook(notebook)
    if module is not None and module.lesson == notebook:
        return LessonPage(notebook, lang, track)
    return PracticePage(notebook, lang, track)
