"""Weigh the evidence (module evidence): the case file against the qualification engine's key,
the scoring rule, the data checks, the app, the lesson and the module. The shared contract test
covers the type too."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from notebook_pages import run_page, widget_texts

from simsuite.activities.evidence_review import TYPE
from simsuite.activities.evidence_review.case_file import (
    CONTRADICTS,
    ELEMENTS,
    INSUFFICIENT,
    NOT_AT_ISSUE,
    SUPPORTS,
    check_references,
    data,
    draw_file,
    element_statuses,
    material_open,
)
from simsuite.activities.referral.content import validate
from simsuite.errors import ContentError, UserInputError
from simsuite.trafficking import GeneratorParams, generate_case

REPO = Path(__file__).resolve().parents[2]
DEVELOPER_WORDS = re.compile(r"seeds/|\.txt|\blines? \d|verified: ?false|\bdigest\b|\[L\d")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|\{g:")
PARAMS = {"jurisdiction": "KG", "non_trafficking_share": 0.3, "open_share": 0.5}


def case_of(seed: int, **params):
    return generate_case(seed, GeneratorParams(**{**PARAMS, **params}))


def find(predicate, **params) -> int:
    for seed in range(1, 3000):
        if predicate(case_of(seed, **params)):
            return seed
    raise AssertionError("no such case in the first 3000")


# --- the file against the key (property tests) ------------------------------------------------

case_params = st.fixed_dictionaries(
    {
        "jurisdiction": st.sampled_from(("KG", "AZ", "UZ")),
        "age_band": st.sampled_from(("any", "adult", "child")),
        "difficulty": st.sampled_from(("easy", "medium", "hard")),
        "non_trafficking_share": st.sampled_from((0.0, 0.3, 1.0)),
        "open_share": st.sampled_from((0.0, 0.5, 1.0)),
    }
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31 - 1), params=case_params)
def test_every_file_is_consistent_with_the_key(seed, params):
    difficulty = params.pop("difficulty")
    case = generate_case(seed, GeneratorParams(**params, difficulty=difficulty))
    statuses = element_statuses(case)
    items, _fill = draw_file(case, difficulty, "en")
    assert len(items) == data()["items_per_file"][difficulty]
    opened = material_open(case)
    for element in ELEMENTS:
        status = statuses[element]
        usable = [i for i in items if i.element == element and i.usable]
        supports = [i for i in usable if i.effect == SUPPORTS]
        against = [i for i in usable if i.effect == CONTRADICTS]
        if status == "proven":
            # a usable item establishes it; a suspect's denial is outweighed by corroboration
            assert supports, (element, case.case_id)
            if against:
                assert len(supports) >= 2, (element, case.case_id)
        elif status == "not_proven":
            assert not supports or element == "means" and not case.verdict.means, element
            assert against or [i for i in usable if i.effect == INSUFFICIENT], element
        elif status == "open":
            # nothing settles it: its missing item is named, and the accounts stand unresolved
            missing = [o for o, spec in data()["missing"].items() if spec.get("element") == element]
            assert missing and element in opened
            assert len(supports) <= 1
        elif status == "not_needed":
            assert case.verdict.is_child and "age" not in opened
        else:
            assert status == NOT_AT_ISSUE and element == "knowledge"
            assert not [i for i in items if i.element == "knowledge"]
    # the key's verdict is the engine's: a complete case follows from the statuses
    verdict = case.verdict
    if verdict.is_open:
        assert opened and {statuses[e] for e in opened} == {"open"}
    elif verdict.is_trafficking:
        assert statuses["act"] == statuses["purpose"] == "proven"
        assert statuses["means"] in ("proven", "not_needed")
    else:
        failed = verdict.failed_element
        assert statuses["act" if failed == "act" else failed] == "not_proven", failed
    # an item that cannot be used never closes a gap, and every item bears on one element
    for item in items:
        assert (item.element is None) == (item.effect is None and item.flaw is None)
        assert item.element in (*ELEMENTS, None)


@pytest.mark.parametrize("lang", ("en", "ru", "ky", "az", "uz"))
def test_every_text_is_filled_and_speaks_to_learners(lang):
    for seed in range(1, 40):
        scenario = TYPE.generate(PARAMS, seed, lang)
        text = TYPE.public_markdown(scenario.public, lang)
        result = TYPE.evaluate(scenario.key, {}, lang)
        assert result.blank
        partly = {**TYPE.solution(scenario.key), "item_1": "unusable", "act": "open"}
        feedback = TYPE.evaluate(scenario.key, partly, lang).render_text()
        for shown in (text, feedback):
            assert not PLACEHOLDER.search(shown), (seed, PLACEHOLDER.search(shown))
            assert not DEVELOPER_WORDS.search(shown), (seed, DEVELOPER_WORDS.search(shown))


def test_the_same_case_number_tells_the_same_story_as_the_other_modules():
    from simsuite.activities.registry import get_type

    qualify = get_type("qualification").generate({}, 44, "en")
    review = TYPE.generate({}, 44, "en")
    case = generate_case(44, GeneratorParams())
    assert case.case_id == qualify.public.case_id == review.public.case_id
    names = case.names("en")
    for person in names.values():
        assert person in review.public.narrative


def test_the_file_and_key_are_the_same_in_every_language():
    english = TYPE.generate(PARAMS, 4, "en")
    russian = TYPE.generate(PARAMS, 4, "ru")
    assert TYPE.solution(english.key) == TYPE.solution(russian.key)
    assert [f.name for f in TYPE.answer_fields(english.public)] == [
        f.name for f in TYPE.answer_fields(russian.public)
    ]
    assert "Показания" in russian.public.narrative


# --- the key ----------------------------------------------------------------------------------


def test_a_child_needs_no_means_and_the_age_must_be_proven():
    seed = find(lambda c: c.verdict.child_rule_applied and not c.verdict.means, open_share=0.0)
    scenario = TYPE.generate({**PARAMS, "open_share": 0.0}, seed, "en")
    solution = TYPE.solution(scenario.key)
    assert solution["means"] == "not_needed" and solution["age"] == "proven"
    half = TYPE.evaluate(scenario.key, {**solution, "means": "not_proven"}, "en")
    means = next(i for i in half.items if i.item == "means")
    assert means.credit == 0.5 and "child" in means.why


def test_an_open_age_names_the_identity_document_and_what_it_would_change():
    scenario = TYPE.generate({"jurisdiction": "KG"}, 4, "en")  # the lesson's worked example
    solution = TYPE.solution(scenario.key)
    assert solution["age"] == "open" and solution["missing"] == {"identity"}
    result = TYPE.evaluate(scenario.key, {**solution, "missing": set()}, "en")
    missed = next(i for i in result.items if i.item == "missing:identity")
    assert missed.is_error
    assert "Art. 167" in missed.why and "not trafficking" in missed.why
    assert result.score == pytest.approx(0.8)


def test_a_driver_who_may_not_have_knew_is_open_and_his_messages_are_missing():
    seed = find(lambda c: any("knows_purpose" in f.fact for f in c.verdict.to_establish()))
    scenario = TYPE.generate(PARAMS, seed, "en")
    solution = TYPE.solution(scenario.key)
    assert solution["knowledge"] == "open" and solution["missing"] == {"driver_messages"}
    assert any("knew of the purpose" in q for _e, q, _o in scenario.public.questions)


def test_vulnerability_alone_does_not_prove_the_means():
    seed = find(
        lambda c: (
            not c.verdict.is_child
            and c.facts.victim.vulnerabilities
            and not c.facts.means
            and not c.is_open
        )
    )
    scenario = TYPE.generate(PARAMS, seed, "en")
    assert TYPE.solution(scenario.key)["means"] == "not_proven"
    means = next(e for e in scenario.key.element_keys if e.element == "means")
    assert "does not establish it" in means.why


def test_an_item_that_cannot_be_used_is_never_what_proves_an_element():
    for seed in range(1, 60):
        scenario = TYPE.generate({**PARAMS, "difficulty": "hard"}, seed, "en")
        unusable = [x for x in scenario.key.exhibit_keys if x.expected == "unusable"]
        assert unusable, seed  # a hard file always holds at least one
        for exhibit in unusable:
            number = exhibit.field.removeprefix("item_")
            element = next(e for e in scenario.key.element_keys if e.element == exhibit.would_bear)
            assert f"Proven by E{number}" not in element.why
            assert f"E{number} cannot be used" in element.why


# --- the scoring rule -------------------------------------------------------------------------


def test_the_score_is_made_of_three_named_parts():
    scenario = TYPE.generate(PARAMS, 44, "en")
    solution = TYPE.solution(scenario.key)
    result = TYPE.evaluate(scenario.key, {**solution, "missing": set()}, "en")
    parts = {p.name: p for p in result.breakdown}
    assert {n: p.weight for n, p in parts.items()} == {
        "items": 0.4,
        "elements": 0.4,
        "missing": 0.2,
    }
    assert parts["items"].credit == parts["elements"].credit == 1
    assert result.score == pytest.approx(0.4 + 0.4 + 0.2 * parts["missing"].credit)
    html = result.render_html()
    assert "simsuite-breakdown" in html and "40%" in html


def test_naming_what_an_unusable_item_is_about_earns_half():
    scenario = TYPE.generate({**PARAMS, "difficulty": "hard"}, 3, "en")
    exhibit = next(x for x in scenario.key.exhibit_keys if x.expected == "unusable")
    answer = {**TYPE.solution(scenario.key), exhibit.field: exhibit.would_bear}
    result = TYPE.evaluate(scenario.key, answer, "en")
    part = next(i for i in result.items if i.item == exhibit.field)
    assert part.credit == 0.5 and "cannot be used" in part.why


def test_ticking_every_missing_item_earns_nothing_on_that_part():
    scenario = TYPE.generate(PARAMS, 44, "en")
    everything = {o for o, _label in scenario.public.missing_options}
    result = TYPE.evaluate(
        scenario.key, {**TYPE.solution(scenario.key), "missing": everything}, "en"
    )
    assert next(p for p in result.breakdown if p.name == "missing").credit == 0


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("item_1", "proven", "item_1"),
        ("act", "maybe", "act"),
        ("means", 3, "means"),
        ("missing", "identity", "missing"),
        ("missing", {"a_confession"}, "missing"),
    ],
)
def test_a_malformed_answer_names_the_field_and_what_is_allowed(field, value, where):
    scenario = TYPE.generate(PARAMS, 44, "en")
    with pytest.raises(UserInputError) as error:
        TYPE.evaluate(scenario.key, {**TYPE.solution(scenario.key), field: value}, "en")
    assert error.value.where == where and error.value.allowed


def test_the_knowledge_question_is_not_scored_when_no_driver_is_in_doubt():
    seed = find(lambda c: not any(o.id == "driver" for o in c.facts.offenders))
    scenario = TYPE.generate(PARAMS, seed, "en")
    field = next(f for f in TYPE.answer_fields(scenario.public) if f.name == "knowledge")
    assert not field.required and [o for o, _l in field.options] == [NOT_AT_ISSUE]
    result = TYPE.evaluate(scenario.key, TYPE.solution(scenario.key), "en")
    assert result.score == 1 and "knowledge" not in {i.item for i in result.items}


def test_every_variant_of_an_assignment_has_the_same_answer_fields():
    names = {
        tuple(f.name for f in TYPE.answer_fields(TYPE.generate(PARAMS, seed, "en").public))
        for seed in range(1, 40)
    }
    assert len(names) == 1
    labels = {
        tuple(f.label for f in TYPE.answer_fields(TYPE.generate(PARAMS, seed, "en").public))
        for seed in range(1, 40)
    }
    assert len(labels) == 1  # the graded notebook shows the preview's labels to everyone


# --- the data ---------------------------------------------------------------------------------


def test_every_rule_cites_a_document_and_flags_what_the_sources_do_not_state():
    from simsuite.content.sources import cite

    for name, rule in data()["rules"].items():
        citation = cite(dict(rule["source"]), "en", rule["verified"])
        assert citation.text and not DEVELOPER_WORDS.search(citation.text), name
        assert citation.verified == rule["verified"], name
    # what the sources do not state is flagged, with what to check
    assert data()["rules"]["national_procedure"]["verified"] is False
    for flaw in data()["flaws"].values():
        assert flaw["verified"] is False and flaw["check"]


def test_broken_data_is_a_clear_error():
    broken = copy.deepcopy(dict(data()))
    broken["elements"]["act"]["rule"] = "no_such_rule"
    with pytest.raises(ContentError, match="no_such_rule"):
        check_references(broken, "evidence.yaml")
    broken = copy.deepcopy(dict(data()))
    broken["items"]["act_tickets"]["kind"] = "rumour"
    with pytest.raises(ContentError, match="evidence.yaml"):
        validate(
            broken, "simsuite.activities.evidence_review", "evidence.schema.json", "evidence.yaml"
        )
    broken = copy.deepcopy(dict(data()))
    del broken["missing"]["identity"]
    with pytest.raises(ContentError, match="age"):
        check_references(broken, "evidence.yaml")


def test_bad_parameters_are_a_clear_error():
    with pytest.raises(UserInputError):
        TYPE.generate({"jurisdiction": "XX"}, 1, "en")
    with pytest.raises(UserInputError):
        TYPE.generate({"difficulty": "extreme"}, 1, "en")
    with pytest.raises(UserInputError):
        TYPE.generate({"no_such": 1}, 1, "en")


# --- the app, the lesson, the module ----------------------------------------------------------


def test_the_app_scores_a_perfect_answer_and_reports_it():
    app = TYPE.app(seed=44, lang="en")
    assert app.check().blank  # nothing chosen: a prompt, nothing recorded
    solution = TYPE.solution(app.scenario.key)
    for name, control in app.controls.items():
        value = solution[name]
        if control.field.kind == "choices":
            for option, box in control.boxes.items():
                box.value = option in value
        elif value is not None:
            control.input.value = value
    recorded = []
    app.on_check = recorded.append
    assert app.check().score == 1 and len(recorded) == 1
    assert "simsuite-score" in app.feedback.value
    app.new_case()
    assert app.feedback.value == "" and app.seed != 44


def test_every_app_control_has_an_accessible_name():
    import ipywidgets as widgets

    app = TYPE.app(seed=44, lang="ru")

    def controls(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from controls(child)

    found = [
        w for w in controls(app.widget) if isinstance(w, widgets.Dropdown | widgets.RadioButtons)
    ]
    assert len(found) >= 9 + 4
    assert all(w.description or w.tooltip for w in found)
    boxes = [w for w in controls(app.widget) if isinstance(w, widgets.Checkbox)]
    assert len(boxes) == len(data()["missing"]) and all(b.description for b in boxes)


@pytest.mark.parametrize("lang", ("en", "ru"))
def test_the_lesson_renders_with_its_worked_examples_and_learner_sources(lang):
    from simsuite.curriculum.lesson import lesson_html

    page = lesson_html("evidence", lang)
    assert page.count("simsuite-example") == 2
    assert "E1 ·" in page  # the worked example shows the whole file
    assert not DEVELOPER_WORDS.search(re.sub(r"<[^>]+>", " ", page))


def test_the_lesson_examples_show_what_their_sections_teach():
    from simsuite.curriculum.lesson import load_lesson

    examples = {s.id: s.example for s in load_lesson("evidence").sections if s.example}
    age = TYPE.solution(TYPE.generate(examples["example-age"]["params"], 4, "en").key)
    assert age["age"] == "open" and age["means"] == "not_proven"
    driver = TYPE.solution(TYPE.generate(examples["example-driver"]["params"], 44, "en").key)
    assert driver["means"] == "open" and driver["knowledge"] == "not_proven"


def test_the_module_follows_qualification_on_the_legal_tracks():
    from simsuite.curriculum import check_references, load_curriculum

    curriculum = load_curriculum()
    module = curriculum.module("evidence")
    assert module.prerequisites == ("qualification",)
    for track in ("investigators", "prosecutors_judges", "self_paced"):
        modules = list(curriculum.track(track).modules)
        assert modules[modules.index("qualification") + 1] == "evidence", track
    assert "evidence" not in curriculum.track("police").modules
    assert [a.type for a in module.practice] == ["evidence_review"]
    assert module.graded == ("evidence_case",) or list(module.graded) == ["evidence_case"]
    assert check_references(curriculum) == []


@pytest.mark.parametrize("name", ("30_evidence_lesson.ipynb", "31_weigh_the_evidence.ipynb"))
def test_notebook_is_one_page_call_without_outputs(name):
    notebook = nbformat.read(str(REPO / "notebooks" / name), as_version=4)
    assert len(notebook.cells) == 1
    cell = notebook.cells[0]
    assert cell.cell_type == "code" and f'page("{name}")' in cell.source
    assert not cell.outputs and cell.execution_count is None
    title = notebook.metadata["simsuite"]["title"]
    assert title["en"] and title["ru"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ("30_evidence_lesson.ipynb", "31_weigh_the_evidence.ipynb"))
def test_notebook_runs_and_shows_its_page(name):
    executed = run_page(name)
    # the page holds the module's content note and the lesson or the app (saved widget state)
    shown, classes = widget_texts(executed)
    assert "Content note: this module works with case files" in shown
    expected = "simsuite-lesson-section" if "lesson" in name else "simsuite-exhibit"
    assert expected in shown or expected in classes


def test_the_shared_cases_of_the_session_plan_are_as_it_describes():
    """When a change of content moves a case, this fails and the plan is updated with it."""
    plan = (REPO / "docs" / "instructor" / "evidence.md").read_text()
    expected = {
        44: ({"means": "open", "knowledge": "not_proven", "age": "not_proven"}, {"corroboration"}),
        4: ({"age": "open", "means": "not_proven", "purpose": "proven"}, {"identity"}),
        1: ({"means": "not_needed", "age": "proven", "purpose": "proven"}, set()),
        31: ({"act": "not_proven", "purpose": "not_proven"}, set()),
    }
    for seed, (statuses, missing) in expected.items():
        scenario = TYPE.generate({"jurisdiction": "KG"}, seed, "en")
        solution = TYPE.solution(scenario.key)
        assert {e: solution[e] for e in statuses} == statuses, seed
        assert solution["missing"] == missing, seed
        assert f"| {seed} | " in plan
        victim = scenario.public.brief.split("case of ")[1].split(" and asks")[0]
        assert victim in plan, (seed, victim)
    # the items the plan names
    case_44 = TYPE.solution(TYPE.generate({"jurisdiction": "KG"}, 44, "en").key)
    assert case_44["item_3"] == "unusable" and case_44["item_5"] == "act"
    case_4 = TYPE.solution(TYPE.generate({"jurisdiction": "KG"}, 4, "en").key)
    assert case_4["item_1"] == "unusable" and case_4["item_3"] == case_4["item_9"] == "age"
    case_1 = TYPE.solution(TYPE.generate({"jurisdiction": "KG"}, 1, "en").key)
    assert case_1["item_8"] == "unusable" and case_1["item_5"] == "none"
    assert case_1["item_9"] == "purpose"
