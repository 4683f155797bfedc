"""The shared app helpers and the page shell's data: parameters, prompts, names, titles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simsuite.activities.identification import IdentificationExercise
from simsuite.activities.identification.widget import SpotTheIndicators
from simsuite.activities.qualification import QualificationExercise
from simsuite.activities.qualification.consistency import answer_problems
from simsuite.activities.qualification.evaluate import QualificationAnswer
from simsuite.activities.qualification.widget import QualifyTheCase
from simsuite.server.kernel import GUARD, kernel_command
from simsuite.server.page import fallback_title, notebook_title, page_info, page_language
from simsuite.widgets.common import (
    MAX_SEED,
    accessible,
    figure_html,
    page_parameters,
    prompt_html,
    radio_group,
)

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.mark.parametrize(
    "query, seed, lang, noticed",
    [
        ("seed=42&lang=ru", 42, "ru", 0),
        ("seed=%C2%B2", None, None, 1),  # "²" is a digit to str.isdigit, not to int()
        ("seed=-5", None, None, 1),
        ("seed=99999999999", None, None, 1),
        (f"seed={MAX_SEED}", None, None, 1),
        (f"seed={MAX_SEED - 1}", MAX_SEED - 1, None, 0),
        ("seed=12abc&lang=xx", None, None, 2),
        ("seed=&lang=", None, None, 0),
        ("lang=ru&seed=%FF", None, "ru", 1),
        ("", None, None, 0),
    ],
)
def test_page_parameters_ignore_what_does_not_parse_and_say_so(
    monkeypatch, query, seed, lang, noticed
):
    monkeypatch.setenv("QUERY_STRING", query)
    page = page_parameters()
    assert page["seed"] == seed and page["lang"] == lang
    assert len(page["notices"]) == noticed


def test_notices_speak_the_page_language(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "seed=%C2%B2&lang=ru&jurisdiction=KG")
    page = page_parameters()
    assert page["jurisdiction"] == "KG"
    assert "новый случай" in page["notices"][0] and "'²'" in page["notices"][0]


#: what an environment variable can hold: no NUL, no lone surrogate (not encodable)
ENV_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@given(st.text(ENV_TEXT, max_size=30))
def test_page_parameters_never_fail(text):
    import os

    os.environ["QUERY_STRING"] = "seed=" + text
    try:
        page = page_parameters()
    finally:
        del os.environ["QUERY_STRING"]
    assert page["seed"] is None or 0 <= page["seed"] < MAX_SEED


def test_a_prompt_carries_no_score():
    text = prompt_html("Decide first.")
    assert "Decide first." in text and "%" not in text and 'role="alert"' in text


def test_helpers_give_controls_names_and_groups_labels():
    group = radio_group("Presumed victim?", [("Yes", True), ("No", False)])
    assert group.description == "Presumed victim?" and group.value is None
    assert "simsuite-radio-group" in group._dom_classes
    import ipywidgets as widgets

    slider = accessible(widgets.IntSlider(), "Attendance")
    assert slider.tooltip == "Attendance"


def test_a_plot_has_its_figures_in_words():
    text = figure_html(b"\x89PNG", "Evacuation: 6.5 minutes, above the 6-minute target.")
    assert 'alt="Evacuation: 6.5 minutes, above the 6-minute target."' in text
    assert figure_html(b"", 'say "quoted"').count('"quoted"') == 0  # quotes are escaped


def test_the_page_title_names_the_app_not_the_file():
    notebook = json.loads((NOTEBOOKS / "10_spot_the_indicators.ipynb").read_text())
    assert notebook_title(notebook, "en") == "Spot the indicators"
    assert notebook_title(notebook, "ru") == "Найдите признаки"
    info = page_info(notebook, "/voila/render/10_spot_the_indicators.ipynb", "ru")
    assert info["lang"] == "ru" and info["title"].startswith("Найдите признаки")
    assert "Найдите признаки" in info["loading"] and "{done}" in info["progress"]
    # a notebook without a heading or title still gets a readable name
    assert notebook_title({"cells": []}, "en", fallback_title("20_mass_event.ipynb")) == (
        "Mass event"
    )
    assert page_language("xx") == "en" and page_language("ru") == "ru"


def test_the_start_page_lists_modules_and_apps_in_the_page_language(monkeypatch):
    from simsuite.widgets.path import LearningPath

    monkeypatch.setenv("QUERY_STRING", "lang=ru&track=self_paced")
    start = LearningPath()
    text = start.head.value + start.modules.value
    assert "Выберите маршрут" in text and "Найдите признаки" in text
    assert "Find the elements" not in text  # every activity is named in Russian


def test_kernels_start_with_the_guard_and_the_limit():
    megabytes, command = kernel_command(
        ["--memory-mb=512", "--", "/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "c.json"]
    )
    assert megabytes == 512 and command[:3] == ["/usr/bin/python3", "-m", "ipykernel_launcher"]
    assert all(option in command for option in GUARD)
    _, other = kernel_command(["--", "R", "--slave"])
    assert other == ["R", "--slave"]


def _seed(predicate, start: int = 4242) -> int:
    return next(s for s in range(start, start + 500) if predicate(s))


def test_breakdown_adds_up_to_the_score_identification():
    seed = _seed(lambda s: len(IdentificationExercise.generate(s).key.present) >= 2)
    exercise = IdentificationExercise.generate(seed)
    present = sorted(exercise.key.present)
    evaluation = exercise.check(set(present[:1]), not exercise.key.presumed_victim)
    assert [p.name for p in evaluation.breakdown] == ["indicators", "decision"]
    assert sum(p.earned for p in evaluation.breakdown) == pytest.approx(evaluation.score)
    assert sum(p.weight for p in evaluation.breakdown) == pytest.approx(1)
    assert "How the score was made" in evaluation.render_html()


def test_breakdown_adds_up_to_the_score_qualification():
    seed = _seed(lambda s: QualificationExercise.generate(s).key.is_trafficking)
    exercise = QualificationExercise.generate(seed)
    key = exercise.key
    evaluation = exercise.check(
        is_trafficking=True, article=key.article, part=None, absorbed=set(),
        cumulative=set(key.cumulative), neighbour=None,
    )
    assert sum(p.earned for p in evaluation.breakdown) == pytest.approx(evaluation.score)
    assert sum(p.weight for p in evaluation.breakdown) == pytest.approx(1)
    assert {p.name for p in evaluation.breakdown} == set(evaluation.credits)


def test_contradictory_qualifications_are_named():
    exercise = QualificationExercise.generate(4242)
    options = exercise.public.options()
    offence, neighbour = options.offences[0].id, options.neighbours[0].id
    article = options.articles[0].id
    assert answer_problems(QualificationAnswer.parse(True, article), options) == ()
    assert answer_problems(QualificationAnswer(), options) == ()  # blank: a prompt elsewhere
    yes_and_neighbour = answer_problems(
        QualificationAnswer.parse(True, neighbour=neighbour), options
    )
    assert len(yes_and_neighbour) == 1 and "neighbouring offence" in yes_and_neighbour[0]
    no_and_article = answer_problems(QualificationAnswer.parse(False, article), options)
    assert len(no_and_article) == 1 and "not trafficking" in no_and_article[0]
    both = answer_problems(
        QualificationAnswer.parse(True, article, None, {offence}, {offence}), options
    )
    assert len(both) == 1 and options.article(offence).short() in both[0]
    undecided = answer_problems(QualificationAnswer.parse(None, article), options)
    assert len(undecided) == 1 and "Decide first" in undecided[0]


def test_spot_asks_for_an_answer_instead_of_scoring_an_empty_one():
    app = SpotTheIndicators(seed=4242)
    app.check()
    assert "simsuite-prompt" in app.feedback.value and "Score" not in app.feedback.value
    next(iter(app.checkboxes.values())).value = True
    app.check()  # ticked but undecided: still a prompt
    assert "simsuite-prompt" in app.feedback.value
    app.decision.value = True
    app.check()
    assert "Score: " in app.feedback.value and "simsuite-breakdown" in app.feedback.value


def test_qualify_prompts_for_contradictions_and_ties_the_number_to_the_pack():
    app = QualifyTheCase(seed=5)
    app.check()
    assert "simsuite-prompt" in app.feedback.value
    app.decision.value = True
    app.neighbour.value = app.neighbour.options[1][1]
    app.check()
    assert "simsuite-prompt" in app.feedback.value and "Score" not in app.feedback.value
    assert "KG-5" in app.case_number.value
    app.jurisdiction_choice.value = "AZ"
    assert "AZ-5" in app.case_number.value and "KG-5" not in app.case_number.value
    assert app.feedback.value == ""
