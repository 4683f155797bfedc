"""The curriculum data: the shipped files hold together, and bad module files are rejected with
a message that names the file and what is wrong."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from simsuite.curriculum import (
    check_references,
    load_curriculum,
    module_sequence,
    neighbours,
    parse_curriculum,
)
from simsuite.errors import ContentError
from simsuite.widgets.path import SELF_CHECK_PAGE, module_status, next_step

FOLDER = resources.files("simsuite.curriculum")
TRACKS = FOLDER.joinpath("tracks.yaml").read_text("utf-8")
MODULES = {
    p.name: p.read_text("utf-8")
    for p in FOLDER.joinpath("modules").iterdir()
    if p.name.endswith(".yaml")
}


def with_module(module_id: str, **changes) -> dict[str, str]:
    data = yaml.safe_load(MODULES[f"{module_id}.yaml"])
    data.update(changes)
    return {**MODULES, f"{module_id}.yaml": yaml.safe_dump(data, allow_unicode=True)}


def test_the_shipped_curriculum_holds_together():
    curriculum = load_curriculum()
    assert {"foundations", "identification", "qualification"} <= set(curriculum.modules)
    assert check_references(curriculum) == []
    for track in curriculum.tracks:
        assert track.modules, track.id
    orders = [m.order for m in curriculum.modules.values()]
    assert orders == sorted(orders)


def test_every_text_has_russian():
    curriculum = load_curriculum()
    texts = [t.title for t in curriculum.tracks] + [t.summary for t in curriculum.tracks]
    for module in curriculum.modules.values():
        texts += [module.title, module.summary, *module.objectives]
    texts += list(curriculum.audiences.values()) + list(curriculum.competencies.values())
    assert all(text.get("ru") for text in texts)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"practice": [{"type": "no_such_type", "app": "x.ipynb"}]}, "Unknown exercise type"),
        ({"prerequisites": ["nowhere"]}, "Unknown prerequisite"),
        ({"competencies": ["juggling"]}, "Unknown competencies"),
        ({"audiences": ["astronauts"]}, "Unknown audiences"),
        ({"minutes": "a while"}, "minutes"),
        ({"lesson": "../secret.ipynb"}, "lesson"),
        ({"objectives": []}, "objectives"),
        ({"id": "identification"}, "must match its file name"),
        (
            {"practice": [{"type": "elements", "app": "x.ipynb", "params": {"colour": 1}}]},
            "Unknown parameter",
        ),
    ],
)
def test_a_bad_module_file_is_rejected_with_a_clear_message(changes, message):
    with pytest.raises(ContentError, match=message) as error:
        parse_curriculum(TRACKS, with_module("foundations", **changes))
    assert "foundations.yaml" in str(error.value)


def test_prerequisites_may_not_form_a_circle():
    modules = with_module("foundations", prerequisites=["identification"])
    with pytest.raises(ContentError, match="circle"):
        parse_curriculum(TRACKS, modules)


def test_a_track_names_only_modules_that_exist_in_an_order_that_respects_prerequisites():
    tracks = yaml.safe_load(TRACKS)
    tracks["tracks"][0]["modules"] = ["identification", "foundations"]
    with pytest.raises(ContentError, match="before its prerequisite"):
        parse_curriculum(yaml.safe_dump(tracks, allow_unicode=True), MODULES)
    tracks["tracks"][0]["modules"] = ["foundations", "ghost"]
    with pytest.raises(ContentError, match="unknown module"):
        parse_curriculum(yaml.safe_dump(tracks, allow_unicode=True), MODULES)


def test_missing_notebooks_assignments_and_items_are_reported(tmp_path):
    curriculum = parse_curriculum(
        TRACKS,
        with_module(
            "foundations",
            lesson="99_missing.ipynb",
            graded=["no_such_assignment"],
            items=["P999", "P1"],
        ),
    )
    problems = "\n".join(check_references(curriculum))
    assert "99_missing.ipynb does not exist" in problems
    assert "no graded assignment 'no_such_assignment'" in problems
    assert "no item group 'P999'" in problems
    assert "item group P1 tests identification" in problems


def test_the_path_leads_from_page_to_page():
    curriculum = load_curriculum()
    pages = module_sequence(curriculum, "police")
    names = [page for _m, _k, page in pages]
    assert names[0] == curriculum.module("foundations").lesson
    before, after = neighbours(pages, names[1])
    assert before == names[0] and after == names[2]
    assert neighbours(pages, names[0])[0] is None
    assert neighbours(pages, "elsewhere.ipynb") == (None, None)


def test_progress_and_the_next_step():
    curriculum = load_curriculum()
    foundations = curriculum.module("foundations")
    practice = foundations.practice[0]
    assert next_step(curriculum, "police", {})[0] == SELF_CHECK_PAGE
    records = {"tests": {"pre": {"score": 0.4}}}
    assert next_step(curriculum, "police", records)[0] == foundations.lesson
    records[foundations.lesson] = {"best": 1.0}
    assert module_status(foundations, records)[0] == "progress"
    assert next_step(curriculum, "police", records)[0] == practice.app
    records[practice.app] = {"best": practice.pass_mark - 0.01}
    assert next_step(curriculum, "police", records)[0] == practice.app  # below the pass mark
    records[practice.app] = {"best": practice.pass_mark}
    assert module_status(foundations, records) == ("done", practice.pass_mark)
    assert next_step(curriculum, "police", records)[0] != practice.app
