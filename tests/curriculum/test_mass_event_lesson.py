"""The mass-event planning module: its lesson, its worked example, its session plan, and the
module's place in the curriculum (the commanders' track, the planner as a tool to explore).

The lesson is held to the same bar as the other lessons (``test_lessons.py``): it parses and
renders in English and Russian with the same structure; learners see no file names, line
numbers, ids or commands; every section cites a source, and what the sources do not give is said
in the text; it covers the module's objectives and reads in 10 to 20 minutes; its worked
example's seed gives the event its section describes. The session plan's timing adds up to 90
minutes and its shared cases are the events it describes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_lessons import (
    CYRILLIC,
    LEARNER_FORBIDDEN,
    PLAN_PARTS,
    WORDS_PER_MINUTE,
    _flat,
    _section,
    _structure,
    _table_rows,
    _words,
    module_file,
)

from simsuite.activities.tabletop.activity import TYPE as TABLETOP
from simsuite.content.sources import cite
from simsuite.course.course import load_course
from simsuite.curriculum import load_curriculum
from simsuite.curriculum.lesson import lesson_html, load_lesson
from simsuite.widgets.path import module_status, next_step

REPO = Path(__file__).resolve().parents[2]
MODULE = "mass_event_planning"
LANGS = ("en", "ru")
NOT_STATED = "not stated in the source documents"
#: how a section says in words that a fact is not the sources' (an assumption, the course's
#: reading, or a text still to be checked)
FLAGGED = {
    "en": re.compile(
        r"to be checked against the official text|this course|the course's|the course adds|"
        r"an assumption|not in the sources"
    ),
    "ru": re.compile(
        r"подлеж\w+ проверке по официальному тексту|курса\b|курс добавляет|курс понимает|"
        r"допущение|в источниках этого нет"
    ),
}


def lesson():
    return load_lesson(MODULE)


# --- the lesson as data ------------------------------------------------------------------


def test_the_lesson_belongs_to_the_module_and_its_sections_have_ids():
    parsed = lesson()
    assert parsed.module == MODULE == module_file(MODULE)["id"]
    ids = [section.id for section in parsed.sections]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]+", section_id) for section_id in ids)


@pytest.mark.parametrize("lang", LANGS)
def test_the_lesson_renders_every_section_with_its_example_and_sources(lang):
    parsed = lesson()
    page = lesson_html(MODULE, lang)
    assert page.count('<section class="simsuite-lesson-section"') == len(parsed.sections)
    assert page.count('<div class="simsuite-example">') == 1
    # the example shows the brief, not the graded notebook's list of answer ids
    shown = re.sub(r"<[^>]+>", " ", page)
    assert "admission_cap" not in shown and "plan_risk_owners" not in shown
    # each section's own sources, and the example's feedback cites its own
    assert page.count('<p class="simsuite-sources">') == len(parsed.sections) + 1


def test_every_text_has_its_russian_with_the_same_structure():
    for section in lesson().sections:
        for field in ("title", "body"):
            text = getattr(section, field)
            assert text.get("ru", "").strip() and text["ru"] != text["en"], section.id
            assert CYRILLIC.search(text["ru"]), section.id
        ratio = len(section.body["ru"]) / len(section.body["en"])
        assert 0.8 <= ratio <= 1.35, f"{section.id}: Russian body {ratio:.2f}x English"
        assert _structure(section.body["ru"]) == _structure(section.body["en"]), section.id


@pytest.mark.parametrize("lang", LANGS)
def test_the_lesson_speaks_to_learners(lang):
    for section in lesson().sections:
        for text in (section.title[lang], section.body[lang]):
            for what, pattern in LEARNER_FORBIDDEN.items():
                found = pattern.search(text)
                assert not found, f"{section.id} ({lang}) shows {what}: {found.group()!r}"


def test_every_section_cites_a_source_and_says_what_the_sources_do_not_give():
    seeds = set()
    for section in lesson().sections:
        readable = [cite(source) for source in section.sources if cite(source).text != NOT_STATED]
        assert readable, f"{section.id} cites no document a learner can read"
        for source in section.sources:
            seeds.add(str(source.get("seed", "")))
            for lang in LANGS:
                citation = cite(source, lang)
                assert not re.search(r"\.txt|lines?\s\d|seeds/|\[L", citation.text)
                assert citation.detail, "instructors need the file and lines or the text"
        if any(not cite(source).verified for source in section.sources):
            for lang in LANGS:
                assert FLAGGED[lang].search(_flat(section.body[lang])), (
                    f"{section.id} ({lang}) cites an assumption or an unchecked text "
                    "without saying so to the learner"
                )
    assert {"seeds/002_36b90b37115ab9ce.txt", "seeds/000_1f6a97dc1e83c5ea.txt"} <= seeds


def test_the_organisers_duties_are_flagged_as_missing_from_the_sources():
    section = next(s for s in lesson().sections if s.id == "duties")
    assert "no list of the organiser's duties" in _flat(section.body["en"])
    assert "to be checked against the official text" in _flat(section.body["en"])
    assert "подлежит проверке по официальному тексту" in _flat(section.body["ru"])


#: the lesson's figures, worked again: a lesson that teaches arithmetic must get it right
def test_the_worked_figures_are_right():
    capacity = next(s for s in lesson().sections if s.id == "capacity").body["en"]
    assert round(100 * 60 * 2 * 0.9) == 10_800 and "**10,800**" in capacity
    assert round(6000 * 4.7 * 0.9) == 25_380 and "25,380" in capacity
    flow = next(s for s in lesson().sections if s.id == "flow").body["en"]
    assert 5 * 4 * 82 * 6 == 9_840 and "**9,840**" in flow


def test_the_crowd_model_section_says_what_the_model_was_checked_on():
    from simsuite.massevent.validation import validate_real

    text = _flat(next(s for s in lesson().sections if s.id == "crowd-model").body["en"])
    assert "1.8 m, 1.2 m or 0.7 m" in text and "within 15 %" in text
    assert "1.6 to 2.3 people per second" in text and "150 to 220" in text
    rows = validate_real(micro=False)
    assert len(rows) == 3
    assert all(row.ok("macro") for row in rows), "the lesson says: within 15 % on each run"
    flows = [row.measured.specific_flow for row in rows]
    assert 1.55 <= min(flows) and max(flows) < 2.35, flows
    persons = [row.measured.persons for row in rows]
    assert 145 <= min(persons) and max(persons) <= 220, persons


#: for each objective of the module, in order, the sections that teach it
OBJECTIVES = (
    ("duties", "stages-and-agencies"),
    ("capacity", "flow"),
    ("crowd-model",),
    ("risk-register",),
    ("the-plan", "stages-and-agencies", "example"),
)


def test_the_lesson_covers_each_objective_of_its_module():
    objectives = module_file(MODULE)["objectives"]
    assert len(OBJECTIVES) == len(objectives), "an objective was added or removed"
    ids = {section.id for section in lesson().sections}
    for taught_by in OBJECTIVES:
        assert set(taught_by) <= ids


def test_the_lesson_reads_in_10_to_20_minutes():
    words = sum(_words(section.body["en"]) for section in lesson().sections)
    for section in lesson().sections:
        if section.example:
            scenario = TABLETOP.generate({}, section.example["seed"], "en")
            words += _words(TABLETOP.app_markdown(scenario.public, "en"))
    assert 10 <= words / WORDS_PER_MINUTE <= 20, f"{words} words"


# --- the worked example --------------------------------------------------------------------


def _targets(seed: int, answer=None) -> dict[str, bool]:
    """Target id -> met, for the brief as it stands (no measures) or for an answer."""
    scenario = TABLETOP.generate({}, seed, "en")
    given = answer or {**TABLETOP.blank_answer(scenario.public), "plan_lead": "internal_affairs"}
    result = TABLETOP.evaluate(scenario.key, given, "en")
    return {v.item: not v.is_error for v in result.items if v.group == "target"}


def test_the_worked_example_is_the_festival_its_section_describes():
    section = next(s for s in lesson().sections if s.example)
    assert section.example == {"type": "tabletop", "params": {}, "seed": 10}
    scenario = TABLETOP.generate({}, 10, "en")
    brief, solution = scenario.public, TABLETOP.solution(scenario.key)
    text = _flat(section.body["en"])
    assert brief.venue_id == "bahorgul-park" and brief.event_kind == "festival"
    assert f"**{brief.attendance:,}**" in text and brief.arrival_window_min == 90
    assert brief.weather == "hot" and brief.fire_risk == "normal"
    assert brief.evacuation_target_min == 6
    planned = brief.as_planned
    assert f"**{planned['safe_capacity']:,}**" in text
    assert round(planned["evacuation_expected_min"], 1) == 7.7
    assert 25 <= planned["max_wait_min"] <= 35, "about half an hour"
    missed = {target for target, met in _targets(10).items() if not met}
    assert missed == {"capacity", "evacuation", "wait", "residual_risk"}
    assert "four targets are missed" in text and "crowd crush is extreme" in text
    blank = {**TABLETOP.blank_answer(brief), "plan_lead": "internal_affairs"}
    residual = next(
        v for v in TABLETOP.evaluate(scenario.key, blank, "en").items if v.item == "residual_risk"
    )
    assert "Crowd crush (extreme" in residual.figures
    assert solution["admission_cap"] == planned["safe_capacity"]
    assert {"staggered_arrival", "situation_centre", "public_information"} == set(
        solution["mitigations"]
    )
    assert solution["stewards"] == 10 * solution["admission_cap"] // 1000
    assert solution["police"] == 5 * solution["admission_cap"] // 1000
    assert solution["medical_posts"] == 3 and solution["plan_lead"] == "internal_affairs"
    assert all(_targets(10, solution).values())


# --- the module in the curriculum -----------------------------------------------------------


def test_the_module_is_in_the_commanders_and_the_self_paced_tracks():
    curriculum = load_curriculum()
    commanders = curriculum.track("commanders")
    assert commanders.modules[0] == MODULE and "commanders" in commanders.audiences
    assert MODULE in curriculum.track("self_paced").modules
    module = curriculum.module(MODULE)
    assert module.graded == ("mass_event_tabletop",)
    assert load_course(REPO / "grading" / "course.yaml").assignment("mass_event_tabletop")


def test_the_planner_is_a_tool_to_explore_and_the_tabletop_decides_when_the_module_is_done():
    module = load_curriculum().module(MODULE)
    planner, tabletop = module.practice
    assert planner.tool == "mass_event_planner" and not planner.scored
    assert tabletop.type == "tabletop" and tabletop.scored
    lesson_read = {module.lesson: {"best": 1.0}}
    assert module_status(module, lesson_read)[0] == "progress"
    # the next step skips the planner (nothing to pass) and goes to the tabletop
    records = {"tests": {"pre": {"score": 0.5}}, **lesson_read}
    assert next_step(load_curriculum(), "commanders", records)[0] == tabletop.app
    records[tabletop.app] = {"best": tabletop.pass_mark}
    assert module_status(module, records) == ("done", tabletop.pass_mark)


def test_a_tool_that_does_not_exist_is_rejected():
    import yaml

    from simsuite.curriculum import parse_curriculum
    from simsuite.errors import ContentError

    folder = REPO / "simsuite" / "curriculum"
    modules = {p.name: p.read_text("utf-8") for p in (folder / "modules").glob("*.yaml")}
    data = yaml.safe_load(modules[f"{MODULE}.yaml"])
    data["practice"][0]["tool"] = "crystal_ball"
    modules[f"{MODULE}.yaml"] = yaml.safe_dump(data, allow_unicode=True)
    with pytest.raises(ContentError, match="Unknown tool"):
        parse_curriculum((folder / "tracks.yaml").read_text("utf-8"), modules)
    data["practice"][0] = {"tool": "mass_event_planner", "app": "x.ipynb", "pass_mark": 0.5}
    modules[f"{MODULE}.yaml"] = yaml.safe_dump(data, allow_unicode=True)
    with pytest.raises(ContentError):  # a tool has no score, so no pass mark
        parse_curriculum((folder / "tracks.yaml").read_text("utf-8"), modules)


# --- the session plan -----------------------------------------------------------------------

PLAN = REPO / "docs" / "instructor" / f"{MODULE}.md"


def plan() -> str:
    return PLAN.read_text("utf-8")


def test_the_plan_has_every_part_and_the_module_objectives():
    text = plan()
    for part in PLAN_PARTS:
        _section(text, part)
    listed = re.findall(r"^\d+\. (.+(?:\n   .+)*)", _section(text, "Objectives"), re.M)
    listed = [re.sub(r"\s+", " ", item).strip() for item in listed]
    assert listed == [o["en"] for o in module_file(MODULE)["objectives"]]


def test_the_plan_timing_adds_up_to_90_minutes():
    rows = _table_rows(_section(plan(), "Timing"))
    assert rows and all(row[0].isdigit() for row in rows)
    assert sum(int(row[0]) for row in rows) == 90


def test_the_plan_releases_the_assignment_with_its_points_and_names_its_items():
    text = plan()
    assert "## The graded assignment: `mass_event_tabletop`" in text
    assignment = load_course(REPO / "grading" / "course.yaml").assignment("mass_event_tabletop")
    worth = re.search(r"Worth (\d+) points", _section(text, "The graded assignment"))
    assert worth and int(worth.group(1)) == assignment.points
    for group in module_file(MODULE)["items"]:
        assert f"**{group}**" in text, f"the plan does not say what item pair {group} shows"


#: case number -> (venue, attendance, safe capacity, the expert's cap, extra exit width,
#: the measures) as the plan's table gives them
PLAN_CASES = {
    10: ("bahorgul-park", 35_300, 28_800, 28_800, 0.0,
         {"staggered_arrival", "situation_centre", "public_information"}),
    1: ("zarbuloq-stadium", 23_300, 23_352, 16_834, 2.0,
        {"one_way_routes", "situation_centre", "public_information"}),
    12: ("tinchsoy-arena", 6_100, 5_898, 5_898, 0.0,
         {"staggered_arrival", "situation_centre", "public_information"}),
    5: ("zarbuloq-stadium", 33_200, 25_660, 25_660, 0.0,
        {"situation_centre", "public_information"}),
}


def test_the_plan_shared_cases_are_the_events_it_describes():
    text = plan()
    assert "25_mass_event_tabletop.ipynb?seed=" in text and "&lang=ru" in text
    rows = _table_rows(_section(text, "Shared cases"))
    assert sorted(int(row[0]) for row in rows) == sorted(PLAN_CASES)
    for row in rows:
        seed = int(row[0])
        venue, attendance, safe, cap, width, measures = PLAN_CASES[seed]
        scenario = TABLETOP.generate({}, seed, "en")
        brief, solution = scenario.public, TABLETOP.solution(scenario.key)
        assert brief.venue_id == venue and brief.attendance == attendance
        assert brief.as_planned["safe_capacity"] == safe
        assert solution["admission_cap"] == cap and solution["exit_width_added_m"] == width
        assert set(solution["mitigations"]) == measures
        line = " ".join(row)
        for figure in (attendance, safe, cap):
            assert f"{figure:,}" in line, f"case {seed}: {figure:,} not in the plan's row"


def test_the_plans_readme_lists_the_plan_and_the_module_doc_links_it():
    readme = (REPO / "docs" / "instructor" / "README.md").read_text("utf-8")
    assert f"]({MODULE}.md)" in readme and "`mass_event_tabletop`" in readme
    module_doc = (REPO / "docs" / "modules" / f"{MODULE}.md").read_text("utf-8")
    assert f"../instructor/{MODULE}.md" in module_doc


def test_the_tabletop_reports_its_result_to_the_path_at_the_review_not_at_the_plan_check():
    from simsuite.activities.tabletop.widget import TabletopApp

    app = TabletopApp(seed=10, lang="en")
    reported = []
    app.on_check = reported.append
    app.show("plan")
    app.lead.value = "internal_affairs"
    app.check_plan()
    assert reported == [], "a Check of the plan alone is not the whole exercise"
    app.finish()
    assert len(reported) == 1 and 0 < reported[0].score < 1
