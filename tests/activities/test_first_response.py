"""First response and referral: the referral rule, the victim-file audit and the first-contact
scenario graph (module first_response). The shared contract test covers the three types too."""

from __future__ import annotations

import copy
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simsuite.activities.first_contact.graph import (
    COMPLETED,
    END,
    build_graph,
    check_steps,
    steps_data,
    walk,
)
from simsuite.activities.referral import person_from_case, who_must_be_notified
from simsuite.activities.referral.content import validate
from simsuite.activities.referral.person import CASE_PARAMS, Person, generate_person_case
from simsuite.activities.referral.rules import check_rules, referral_plan, rules
from simsuite.activities.registry import get_type
from simsuite.content.sources import cite
from simsuite.errors import ContentError, UserInputError

FIRST_CONTACT = get_type("first_contact")
VICTIM_FILE = get_type("victim_file")
REFERRAL = get_type("referral")
DEVELOPER_WORDS = re.compile(r"seeds/|\.txt|\blines? \d|verified: ?false|\bdigest\b|\[L\d")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|\{g:")


def person(jurisdiction: str = "KG", seed: int = 1, **params) -> Person:
    return generate_person_case({**CASE_PARAMS, "jurisdiction": jurisdiction, **params}, seed)[1]


def find_person(predicate, jurisdiction: str = "KG", **params) -> tuple[int, Person]:
    for seed in range(1, 2000):
        found = person(jurisdiction, seed, **params)
        if predicate(found):
            return seed, found
    raise AssertionError("no such person in the first 2000 cases")


# --- the person ------------------------------------------------------------------------------


def test_the_person_is_the_case_victim_and_the_same_in_every_exercise():
    from simsuite.trafficking import GeneratorParams, generate_case

    case = generate_case(7, GeneratorParams(jurisdiction="KG", non_trafficking_share=0.0))
    drawn = person_from_case(case)
    assert (drawn.age, drawn.sex, drawn.citizenship) == (
        case.facts.victim.age,
        case.facts.victim.sex,
        case.facts.victim.citizenship,
    )
    assert drawn == person_from_case(case) == person("KG", 7)
    assert drawn.child == case.is_child
    # the same case seen by the three exercise types names the same person
    name = drawn.values("en")["name"]
    for exercise_type in (FIRST_CONTACT, VICTIM_FILE, REFERRAL):
        public = exercise_type.generate({}, 7, "en").public
        assert name in exercise_type.public_markdown(public, "en")


def test_complications_vary_and_follow_the_case():
    people = [person("KG", seed) for seed in range(1, 300)]
    assert any(p.child for p in people) and any(not p.child for p in people)
    assert any(p.foreign for p in people) and any(p.language for p in people)
    assert any(p.refuses_services for p in people)
    assert any(p.within_72h for p in people)
    assert any(p.parent_perpetrator for p in people)
    for p in people:
        # a child's choice goes through the legal representative
        assert not (p.refuses_services and p.child)
        assert p.within_72h <= (p.child and p.kind == "sexual_exploitation")
        assert not (p.parent_perpetrator and not p.child)
        if p.language:
            assert p.foreign


def test_a_case_outside_the_rules_is_a_clear_error():
    with pytest.raises(UserInputError) as error:
        FIRST_CONTACT.generate({"jurisdiction": "UZ"}, 1, "en")
    assert error.value.where == "jurisdiction" and "KG" in error.value.allowed
    with pytest.raises(UserInputError):
        REFERRAL.generate({"colour": "red"}, 1, "en")


# --- the referral rule -------------------------------------------------------------------------


def test_a_child_is_referred_with_the_legal_representative_first():
    _seed, child = find_person(lambda p: p.child and not p.parent_perpetrator and not p.foreign)
    notices = who_must_be_notified(child)
    ids = [n.recipient for n in notices]
    assert ids[0] == "legal_representative" and notices[0].route == "before_interview"
    assert {"psychologist", "duty_officer", "criminal_investigation", "social_services"} <= set(ids)
    assert "international_cooperation" not in ids and "employer" not in ids
    assert [n.rank for n in notices] == sorted(n.rank for n in notices)
    assert all(n.required for n in notices)
    # the hotline is offered, not notified
    offered = who_must_be_notified(child, include_conditional=True)
    assert "hotline" in [n.recipient for n in offered] and len(offered) > len(notices)


def test_a_carer_who_took_money_is_kept_away_and_the_child_protection_body_represents():
    _seed, child = find_person(lambda p: p.parent_perpetrator)
    plan = {n.recipient: n for n in referral_plan(child, "en")}
    assert plan["legal_representative"].route == "must_not"
    assert plan["child_protection"].route == "before_interview"
    assert plan["family"].route == "must_not"
    assert who_must_be_notified(child)[0].recipient == "child_protection"


def test_a_foreign_adult_brings_in_the_international_cooperation_department_last():
    _seed, adult = find_person(lambda p: p.foreign and not p.child)
    notices = who_must_be_notified(adult)
    assert notices[-1].recipient == "international_cooperation"
    assert notices[-1].route == "on_instruction"
    plan = {n.recipient: n for n in referral_plan(adult, "en")}
    assert plan["embassy"].route == "not_required" and plan["employer"].route == "must_not"
    assert plan["social_services"].route in ("with_consent", "inform_person")


def test_a_refusal_of_services_is_respected_but_the_report_stays():
    _seed, adult = find_person(lambda p: p.refuses_services)
    plan = {n.recipient: n for n in referral_plan(adult, "en")}
    assert plan["social_services"].route == "inform_person"
    assert plan["superiors"].route == "in_report"


def test_azerbaijan_refers_to_the_special_police_unit_immediately_and_never_detains():
    notices = who_must_be_notified(person("AZ", 3))
    assert notices[0].recipient == "special_police_unit" and notices[0].route == "immediately"
    assert {"shelter", "protective_police"} <= {n.recipient for n in notices}
    plan = {n.recipient: n for n in referral_plan(person("AZ", 3), "en")}
    assert plan["detention"].route == "must_not"
    _seed, foreign = find_person(lambda p: p.foreign, "AZ")
    assert {n.recipient: n.route for n in who_must_be_notified(foreign)}["foreign_police"] == (
        "via_coordinator"
    )
    # another jurisdiction for the same person, and a case instead of a person
    assert who_must_be_notified(person("KG", 3), jurisdiction="AZ")[0].recipient == (
        "special_police_unit"
    )
    from simsuite.trafficking import GeneratorParams, generate_case

    case = generate_case(3, GeneratorParams(jurisdiction="AZ", non_trafficking_share=0.0))
    assert who_must_be_notified(case) == who_must_be_notified(person("AZ", 3))
    with pytest.raises(UserInputError):
        who_must_be_notified(person("KG", 3), jurisdiction="UZ")


def test_every_rule_cites_a_document_and_flags_what_the_sources_do_not_state():
    flagged = 0
    for code, recipients in rules()["recipients"].items():
        for recipient in recipients:
            for decision in [*recipient.get("rules", ()), recipient["otherwise"]]:
                citation = cite(decision["source"], "en")
                assert "not stated" not in citation.text and not DEVELOPER_WORDS.search(
                    citation.text
                ), (code, recipient["id"])
                note = decision["source"].get("note", "")
                assert citation.verified == ("verify" not in note)
                flagged += not citation.verified
                assert decision["why"]["ru"] and decision["why"]["en"]
    assert flagged >= 4  # the module's documented inferences


def test_broken_rule_data_is_a_clear_error():
    data = copy.deepcopy(dict(rules()))
    data["recipients"]["KG"][0]["otherwise"]["route"] = "by_carrier_pigeon"
    with pytest.raises(ContentError) as error:
        check_rules(data, "rules.yaml")
    assert "by_carrier_pigeon" in str(error.value) and "before_interview" in str(error.value)
    broken = copy.deepcopy(dict(rules()))
    del broken["recipients"]["KG"][0]["otherwise"]["why"]["ru"]
    with pytest.raises(ContentError) as error:
        validate(broken, "simsuite.activities.referral", "rules.schema.json", "rules.yaml")
    assert "ru" in str(error.value)


def test_referral_scores_partly_right_routes_and_weighs_what_must_be_done():
    scenario = REFERRAL.generate({}, 11, "en")
    key = scenario.key
    solution = REFERRAL.solution(key)
    to_do = [d for d in key.decisions if d.to_do]
    other_route = next(
        r for r in ("with_referral", "in_report", "on_instruction") if r != to_do[0].route
    )
    result = REFERRAL.evaluate(key, {**solution, to_do[0].recipient: other_route}, "en")
    part = next(i for i in result.items if i.item == to_do[0].recipient)
    assert part.credit == 0.5 and part.outcome == "partly" and "You chose" in part.why
    assert 0.9 < result.score < 1
    lazy = REFERRAL.evaluate(key, {d.recipient: "not_required" for d in key.decisions}, "en")
    assert lazy.score < 0.4
    with pytest.raises(UserInputError) as error:
        REFERRAL.evaluate(key, {"hotline": "shout"}, "en")
    assert error.value.where == "hotline" and "inform_person" in error.value.allowed
    assert "In order:" in result.summary


def test_every_trainee_of_a_graded_assignment_gets_the_same_answer_fields():
    from pathlib import Path

    from simsuite.course.course import load_course
    from simsuite.course.variants import variant_scenario

    course = load_course(Path(__file__).parents[2] / "grading" / "course.yaml")
    for name in ("first_contact_case", "victim_file_case", "referral_case"):
        assignment = course.assignment(name)
        exercise_type = assignment.type
        names = {
            tuple(
                f.name
                for f in exercise_type.answer_fields(
                    variant_scenario(assignment, b"secret", f"trainee{n}", "en").public
                )
            )
            for n in range(12)
        }
        assert len(names) == 1, (name, names)


# --- the victim file ---------------------------------------------------------------------------


@pytest.mark.parametrize("difficulty, defects", [("easy", 2), ("medium", 3), ("hard", 4)])
def test_the_file_has_seven_items_and_the_number_of_defects_of_its_difficulty(difficulty, defects):
    for seed in (1, 2, 3):
        scenario = VICTIM_FILE.generate({"difficulty": difficulty}, seed, "en")
        verdicts = scenario.key.verdicts
        assert len(verdicts) == 7
        assert sum(v.status != "complete" for v in verdicts) == defects
        assert any(v.status == "missing" for v in verdicts)
        for entry, verdict in zip(scenario.public.entries, verdicts, strict=True):
            assert (entry.text == "") == (verdict.status == "missing")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_file_entries_are_filled_from_the_case(lang):
    for seed in range(1, 40):
        scenario = VICTIM_FILE.generate({}, seed, lang)
        text = VICTIM_FILE.public_markdown(scenario.public, lang)
        assert not PLACEHOLDER.search(text), text
        assert ".." not in text.replace("...", "")
        name = person("KG", seed).values(lang)["name"].rstrip(".")
        assert name in text
        for verdict in scenario.key.verdicts:
            assert not PLACEHOLDER.search(verdict.explanation)
            if verdict.status == "wrong_age":
                age = person("KG", seed).age
                assert str(age) in verdict.explanation


def test_victim_file_scores_marks_with_partial_credit():
    scenario = VICTIM_FILE.generate({"difficulty": "hard"}, 5, "en")
    key = scenario.key
    solution = VICTIM_FILE.solution(key)
    defective = [v for v in key.verdicts if v.status != "complete"]
    wrong_reason = {
        **solution,
        defective[0].item: "missing" if defective[0].status != "missing" else None,
    }
    result = VICTIM_FILE.evaluate(key, wrong_reason, "en")
    credit = next(i.credit for i in result.items if i.item == defective[0].item)
    assert credit == (0.5 if defective[0].status != "missing" else 0.0)
    everything_fine = VICTIM_FILE.evaluate(key, {v.item: "complete" for v in key.verdicts}, "en")
    assert everything_fine.score < 0.4
    with pytest.raises(UserInputError) as error:
        VICTIM_FILE.evaluate(key, {"traces": "no_armed"}, "en")
    assert error.value.where == "traces" and "missing" in error.value.allowed


# --- the first-contact graph -------------------------------------------------------------------


def all_paths(key) -> list[tuple[str, ...]]:
    """Every path from the entry to an ending (depth-first), with a bound that would catch a
    cycle."""
    by_node: dict[str, list] = {}
    for choice in key.choice_keys:
        by_node.setdefault(choice.node, []).append(choice)
    paths, stack = [], [(key.entry, ())]
    while stack:
        node, path = stack.pop()
        assert len(path) <= 3 * len(by_node), "a path that does not end"
        choices = by_node.get(node)
        assert choices and len(choices) >= 2, f"dead end at {node}"
        for choice in choices:
            if choice.leads_to == END:
                paths.append((*path, choice.id))
            else:
                stack.append((choice.leads_to, (*path, choice.id)))
    return paths


case_params = st.fixed_dictionaries(
    {
        "age_band": st.sampled_from(["any", "adult", "child"]),
        "difficulty": st.sampled_from(["easy", "medium", "hard"]),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31 - 1), params=case_params)
def test_every_path_ends_and_every_ending_is_scored(seed, params):
    scenario = FIRST_CONTACT.generate(params, seed, "en")
    key, public = scenario.key, scenario.public
    nodes = {node.id: node for node in public.nodes}
    # the public graph and the key describe the same choices, and nothing else
    assert {c.id for n in public.nodes for c in n.choices} == {c.id for c in key.choice_keys}
    for node in public.nodes:
        for choice in node.choices:
            assert choice.next == END or choice.next in nodes
    paths = all_paths(key)
    reached = {choice for path in paths for choice in path}
    assert reached == {c.id for c in key.choice_keys}, "a node no path reaches"
    # score one path through every choice that ends the conversation, and a sample of others
    # (scoring all of them, thousands in a long conversation, adds nothing)
    by_last = {path[-1]: path for path in paths}
    sample = [*by_last.values(), *random.Random(seed).sample(paths, min(len(paths), 60))]
    endings = set()
    for path in sample:
        result = FIRST_CONTACT.evaluate(key, {"path": list(path)}, "en")
        assert result.ending is not None and 0 <= result.score <= 1
        assert result.summary and len(result.items) == len(key.principles)
        assert not result.blank and result.turns
        endings.add(result.ending)
    assert COMPLETED in endings and len(endings) >= 2
    best = FIRST_CONTACT.evaluate(key, FIRST_CONTACT.solution(key), "en")
    assert best.score == 1 and best.ending == COMPLETED
    assert tuple(FIRST_CONTACT.solution(key)["path"]) in paths


def test_the_principles_that_apply_follow_the_person():
    def ids(p):
        return {principle.id for principle in build_graph(p, "en").principles}

    _seed, child = find_person(lambda p: p.within_72h and p.foreign)
    assert {"representative", "rule_72h", "foreign"} <= ids(child)
    assert "documents" not in ids(child) and "refusal" not in ids(child)
    _seed, adult = find_person(lambda p: p.refuses_services and p.language)
    assert {"refusal", "interpreter", "documents", "foreign"} <= ids(adult)
    assert "representative" not in ids(adult)


def test_choice_letters_are_shuffled_so_no_position_means_right():
    positions = set()
    for seed in range(30):
        key = FIRST_CONTACT.generate({}, seed, "en").key
        positions.add(key.best_path[0][-1])
    assert len(positions) >= 2


def test_the_graph_is_the_same_in_english_and_russian():
    english = FIRST_CONTACT.generate({}, 9, "en")
    russian = FIRST_CONTACT.generate({}, 9, "ru")
    assert [c.id for c in english.key.choice_keys] == [c.id for c in russian.key.choice_keys]
    assert english.key.best_path == russian.key.best_path
    text = FIRST_CONTACT.public_markdown(russian.public, "ru")
    assert "Шаг S1" in text and not PLACEHOLDER.search(text)


def test_a_path_off_the_graph_is_a_clear_error():
    key = FIRST_CONTACT.generate({}, 3, "en").key
    first = key.best_path[0]
    with pytest.raises(UserInputError) as error:
        walk(key.entry, key.choice_keys, [first, "s1_a"])
    assert error.value.where == "path[1]" and key.best_path[1] in error.value.allowed
    with pytest.raises(UserInputError):
        FIRST_CONTACT.evaluate(key, {"path": "s1_a"}, "en")
    with pytest.raises(UserInputError) as error:
        FIRST_CONTACT.evaluate(key, {"path": [*key.best_path, "s1_a"]}, "en")
    assert "already ended" in str(error.value)


def test_a_partial_path_scores_what_it_reached():
    key = FIRST_CONTACT.generate({}, 3, "en").key
    result = FIRST_CONTACT.evaluate(key, {"path": list(key.best_path[:1])}, "en")
    assert 0 < result.score < 1 and result.ending is None
    assert "not finished" in result.summary
    missed = [i for i in result.items if i.outcome == "missing"]
    assert missed and all("not got to it" in i.why for i in missed)


def test_a_broken_principle_names_the_choice_that_broke_it():
    key = FIRST_CONTACT.generate({}, 3, "en").key
    wrong = next(c for c in key.choice_keys if c.node == key.entry and c.breaks)
    result = FIRST_CONTACT.evaluate(key, {"path": [wrong.id]}, "en")
    broken = next(i for i in result.items if i.item == wrong.breaks[0])
    assert broken.outcome == "wrong" and wrong.text in broken.why
    html = result.render_html()
    assert "simsuite-transcript-review" in html and wrong.reaction in html


def test_broken_step_data_is_a_clear_error():
    data = copy.deepcopy(dict(steps_data()))
    data["steps"][0]["choices"][1]["next"] = "end:vanished"
    with pytest.raises(ContentError) as error:
        check_steps(data, "steps.yaml")
    assert "vanished" in str(error.value) and "end:completed" in str(error.value)
    data = copy.deepcopy(dict(steps_data()))
    data["steps"][0]["choices"][0]["keeps"] = ["kindness"]
    with pytest.raises(ContentError) as error:
        check_steps(data, "steps.yaml")
    assert "kindness" in str(error.value)
    data = copy.deepcopy(dict(steps_data()))
    data["steps"][0]["choices"][0]["next"] = "onwards"
    with pytest.raises(ContentError):
        validate(data, "simsuite.activities.first_contact", "steps.schema.json", "steps.yaml")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_texts_are_filled_and_speak_to_learners(lang):
    for seed in range(1, 60):
        scenario = FIRST_CONTACT.generate({}, seed, lang)
        text = FIRST_CONTACT.public_markdown(scenario.public, lang)
        assert not PLACEHOLDER.search(text) and ".." not in text
        for choice in scenario.key.choice_keys:
            assert not PLACEHOLDER.search(choice.reaction)
        for principle in scenario.key.principles:
            assert not PLACEHOLDER.search(principle.rule)


# --- apps --------------------------------------------------------------------------------------


def test_the_first_contact_app_walks_the_conversation_and_reports_each_ending():
    app = FIRST_CONTACT.app(seed=4, lang="en")
    recorded = []
    app.on_check = recorded.append
    app.choose()  # nothing selected
    assert "Choose one of the options first" in app.notice.value and not app.path
    wrong = next(c for c in app.scenario.key.choice_keys if c.node == app.at and c.breaks)
    app.choices.value = wrong.id
    app.choose()
    assert wrong.reaction in app.transcript.value and app.at == wrong.leads_to
    assert not recorded  # the conversation goes on: no score yet
    app.restart()
    assert app.path == [] and app.transcript.value == "" and app.feedback.value == ""
    for choice_id in app.scenario.key.best_path:
        app.choices.value = choice_id
        app.choose()
    assert app.at == END and app.step_box.layout.display == "none"
    assert len(recorded) == 1 and recorded[0].score == 1
    assert "Score: 100%" in app.feedback.value
    seed = app.seed
    app.new_case()
    assert app.seed != seed and app.path == [] and app.feedback.value == ""


def test_the_russian_app_speaks_russian():
    app = FIRST_CONTACT.app(seed=4, lang="ru")
    assert app.choose_button.description == "Выбрать"
    assert "Шаг 1" in app.step_view.value
    app.check_button.click()
    assert "Разговор ещё не начался" in app.feedback.value


@pytest.mark.parametrize("name", ["victim_file", "referral"])
def test_the_form_apps_score_a_perfect_answer(name):
    exercise_type = get_type(name)
    app = exercise_type.app(seed=6, lang="en")
    solution = exercise_type.solution(app.scenario.key)
    for field, control in app.controls.items():
        control.input.value = solution[field]
    recorded = []
    app.on_check = recorded.append
    assert app.check().score == 1 and recorded


# --- the lesson and the module -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_lesson_renders_with_its_worked_examples_and_learner_sources(lang):
    from simsuite.curriculum.lesson import lesson_html, load_lesson

    html = lesson_html("first_response", lang)
    assert html.count("simsuite-example") == 4
    assert "simsuite-source" in html and not DEVELOPER_WORDS.search(html)
    lesson = load_lesson("first_response")
    for section in lesson.sections:
        assert section.body.get("ru") and section.title.get("ru")


def test_the_lesson_examples_show_what_their_sections_teach():
    from pathlib import Path

    from simsuite.curriculum.lesson import load_lesson

    examples = {s.id: s.example for s in load_lesson("first_response").sections if s.example}

    def example_person(section):
        example = examples[section]
        return person(example["params"]["jurisdiction"], int(example["seed"]))

    assert example_person("first-contact-example").refuses_services
    assert example_person("referral-kg").parent_perpetrator
    assert example_person("referral-az").foreign
    assert len(example_person("file").indicators) >= 2
    # the session plan names the lesson's worked examples by their case numbers
    plan = (Path(__file__).parents[2] / "docs" / "instructor" / "first_response.md").read_text()
    seeds = {section: examples[section]["seed"] for section in examples}
    assert (
        f"no. {seeds['first-contact-example']}, victim file no. {seeds['file']}, "
        f"referral no. {seeds['referral-kg']} (Kyrgyzstan) and no. {seeds['referral-az']} "
        "(Azerbaijan)"
    ) in plan


def test_the_module_is_on_the_police_investigator_and_self_paced_paths():
    from simsuite.curriculum import check_references, load_curriculum

    curriculum = load_curriculum()
    module = curriculum.module("first_response")
    assert module.prerequisites == ("identification",)
    for track in ("police", "investigators", "self_paced"):
        modules = curriculum.track(track).modules
        assert modules.index("first_response") > modules.index("identification")
    assert [a.type for a in module.practice] == ["first_contact", "victim_file", "referral"]
    assert check_references(curriculum) == []


def test_the_shared_cases_of_the_session_plan_are_as_it_describes():
    """docs/instructor/first_response.md describes these cases; a change of the generator that
    changes them must change the plan too."""
    from pathlib import Path

    plan = (Path(__file__).parents[2] / "docs" / "instructor" / "first_response.md").read_text()
    child = person("KG", 380)
    assert child.child and child.within_72h and child.hours_since == 51
    assert "about 51 hours ago" in FIRST_CONTACT.public_markdown(
        FIRST_CONTACT.generate({"jurisdiction": "KG"}, 380, "en").public, "en"
    )
    assert "she was last abused about 51 hours ago" in plan and "(21 hours left)" in plan
    assert child.values("en")["name"] == "Eliza M." and "Eliza M., 12" in plan
    refuses = person("KG", 14)
    assert refuses.refuses_services and not refuses.child
    assert refuses.values("en")["name"] == "Azamat S." and "Azamat S., 39" in plan
    assert refuses.age == 39
    foreign = person("KG", 72)
    assert foreign.language == "uz" and foreign.foreign and not foreign.child
    assert not foreign.exploited and "speaks Uzbek only" in plan and "Sherzod A., 44" in plan
    file_case = VICTIM_FILE.generate({"jurisdiction": "KG"}, 3, "en")
    statuses = {v.item: v.status for v in file_case.key.verdicts}
    assert {k: v for k, v in statuses.items() if v != "complete"} == {
        "place_time": "missing",
        "perpetrator": "missing",
        "indicators": "wrong_list",
    }
    assessment = next(e.text for e in file_case.public.entries if e.item == "indicators")
    assert "indicator list for children" in assessment and person("KG", 3).age == 21
    assert "Sevara M., 21" in plan and "assessed against the indicator list for children" in plan
    carer = person("KG", 43)
    assert carer.child and carer.parent_perpetrator and carer.age == 12
    assert who_must_be_notified(carer)[0].recipient == "child_protection"
    assert "Aigerim A., 12" in plan
    az = person("AZ", 46)
    assert az.foreign and not az.child and az.citizenship == "KG" and az.language == "ky"
    assert who_must_be_notified(az)[-1].recipient == "foreign_police"
    assert "Aizada K., 44, a citizen of Kyrgyzstan" in plan and "speaks Kyrgyz only" in plan
