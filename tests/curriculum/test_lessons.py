"""The lessons of the foundations, identification and qualification modules, and the
instructor session plans that go with them (``docs/instructor/``).

What the lessons and plans rely on is asserted here: every lesson parses and renders in English
and Russian; every text has its Russian, with the same structure; the Markdown keeps to what the
lesson page renders and shows learners no file names, line numbers or raw flags; every section
cites a source a learner can read, and facts the sources do not give are flagged in the text;
article numbers and penalties come from the law packs; the lessons cover their module's
objectives and read in 10 to 20 minutes; every worked example's seed gives the case its section
describes. For the plans: the timing adds up to 90 minutes, the objectives and graded assignment
are the module's, and every shared case is the case the plan describes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from simsuite.activities.registry import get_type
from simsuite.content import package_yaml
from simsuite.content.sources import cite
from simsuite.course.course import load_course
from simsuite.curriculum.lesson import Lesson, lesson_html, load_lesson
from simsuite.law.lawpack import available_jurisdictions, load_pack
from simsuite.trafficking import GeneratorParams, generate_case

REPO = Path(__file__).resolve().parents[2]
PLANS = REPO / "docs" / "instructor"
LESSONS = ("foundations", "identification", "qualification")
LANGS = ("en", "ru")
CYRILLIC = re.compile("[А-Яа-яЁё]")
NOT_STATED = "not stated in the source documents"
#: A conservative reading speed for legal text read in a second language.
WORDS_PER_MINUTE = 150


def lesson(module: str) -> Lesson:
    return load_lesson(module)


def module_file(module: str) -> Mapping[str, Any]:
    """The module's own file (read directly: the curriculum as a whole may name modules that
    other parts of the project have not added yet)."""
    return package_yaml("simsuite.curriculum", "modules", f"{module}.yaml")


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


# --- the lessons as data ------------------------------------------------------------------


@pytest.mark.parametrize("module", LESSONS)
def test_lesson_parses_and_belongs_to_a_module_of_the_curriculum(module):
    parsed = lesson(module)
    assert parsed.module == module
    assert module_file(module)["id"] == module
    ids = [section.id for section in parsed.sections]
    assert len(ids) == len(set(ids)), "section ids must be unique (they are HTML ids)"
    for section_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9-]+", section_id), section_id


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("module", LESSONS)
def test_lesson_renders_every_section_with_its_example_and_sources(module, lang):
    parsed = lesson(module)
    page = lesson_html(module, lang)
    assert page.count('<section class="simsuite-lesson-section"') == len(parsed.sections)
    examples = [s for s in parsed.sections if s.example]
    assert 1 <= len(examples) <= 2, "one or two worked examples per lesson"
    assert page.count('<div class="simsuite-example">') == len(examples)
    chunks = page.split('<section class="simsuite-lesson-section"')[1:]
    for section, chunk in zip(parsed.sections, chunks, strict=True):
        assert chunk.startswith(f' id="{section.id}">')
        # the section's own sources close it, after its example (which cites its own)
        own = chunk.rfind('<p class="simsuite-sources">')
        assert own > chunk.rfind("</div>") and chunk.endswith("</p></section>")
        title = section.title[lang].replace("'", "&#x27;").replace('"', "&quot;")
        assert f"<h2>{title}</h2>" in page


@pytest.mark.parametrize("module", LESSONS)
def test_every_text_has_its_russian(module):
    for section in lesson(module).sections:
        for field in ("title", "body"):
            text = getattr(section, field)
            where = f"{module}/{section.id}/{field}"
            assert text.get("ru", "").strip(), f"{where}: no Russian"
            assert text["ru"] != text["en"], f"{where}: the Russian is the English"
            assert CYRILLIC.search(text["ru"]), f"{where}: the Russian has no Cyrillic"
        ratio = len(section.body["ru"]) / len(section.body["en"])
        assert 0.8 <= ratio <= 1.35, f"{module}/{section.id}: Russian body {ratio:.2f}x English"


def _structure(markdown: str) -> tuple[int, int, int, int]:
    lines = markdown.splitlines()
    return (
        sum(line.startswith("### ") for line in lines),
        sum(bool(re.match(r"\s*(-|\d+\.) ", line)) for line in lines),
        sum(line.strip().startswith("|") for line in lines),
        markdown.count("**"),
    )


@pytest.mark.parametrize("module", LESSONS)
def test_the_russian_body_has_the_same_headings_lists_tables_and_bold(module):
    for section in lesson(module).sections:
        assert _structure(section.body["ru"]) == _structure(section.body["en"]), section.id


LEARNER_FORBIDDEN = {
    "raw HTML": re.compile(r"<[A-Za-z/!]"),
    "a file name": re.compile(r"seeds?/|seed-digests|\.txt\b|\.ya?ml\b|\.ipynb\b|\.py\b"),
    "a line reference": re.compile(r"\[L\d+|\bL\d{2,4}\b|\blines? \d"),
    "a raw flag or id": re.compile(r"verified|\bdigest\b|\b004[ab]?\b|_case\b"),
    "a command": re.compile(r"\bsimsuite \w|\bmake (run|test|setup)\b|nbgrader|\.venv|\$ "),
    "a content note (the page shows it)": re.compile(
        r"content note|предупреждение о содержании", re.IGNORECASE
    ),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("module", LESSONS)
def test_bodies_keep_to_the_lesson_format_and_speak_to_learners(module, lang):
    for section in lesson(module).sections:
        for text in (section.title[lang], section.body[lang]):
            for what, pattern in LEARNER_FORBIDDEN.items():
                found = pattern.search(text)
                assert not found, f"{module}/{section.id} ({lang}) shows {what}: {found.group()!r}"
        for line in section.body[lang].splitlines():
            if line.lstrip().startswith("#"):
                assert line.startswith("### "), f"{module}/{section.id}: heading {line!r}"


# --- sources and flags --------------------------------------------------------------------


@pytest.mark.parametrize("module", LESSONS)
def test_every_section_cites_sources_a_learner_can_read(module):
    for section in lesson(module).sections:
        assert section.sources, f"{module}/{section.id} cites no source"
        for source in section.sources:
            for lang in LANGS:
                citation = cite(source, lang)
                assert citation.text != NOT_STATED, f"{module}/{section.id}: {source}"
                assert not re.search(r"\.txt|lines?\s\d|seeds/|\[L", citation.text)
                assert citation.detail, "instructors need the file and lines or the official text"
    seeds = {str(s.get("seed", "")) for s in _all_sources(module)}
    assert "seeds/004_5ab853f50fcc71a3.txt" in seeds, "every lesson rests on the Kyrgyz manual"


def _all_sources(module: str) -> list[Mapping[str, Any]]:
    return [source for section in lesson(module).sections for source in section.sources]


#: Facts the sources do not give: a section that names one must flag it in both languages.
NOT_IN_THE_SOURCES = ("144-1", "144-2", "Art. 135", "28 June 2005")
FLAG = {
    "en": re.compile(r"to be checked against the official text", re.IGNORECASE),
    "ru": re.compile(r"подлеж\w+ проверке по официальному тексту", re.IGNORECASE),
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("module", LESSONS)
def test_facts_not_in_the_sources_are_flagged_in_the_text_and_the_source(module):
    for section in lesson(module).sections:
        names_one = any(fact in _flat(section.body["en"]) for fact in NOT_IN_THE_SOURCES)
        unverified = [s for s in section.sources if not cite(s).verified]
        if names_one:
            assert unverified, f"{module}/{section.id}: no source carries the verify flag"
        if names_one or unverified:
            for lang in LANGS:
                flagged = FLAG[lang].search(_flat(section.body[lang]))
                assert flagged, f"{module}/{section.id} ({lang}) does not flag it in the text"


def _pack_article_numbers() -> set[str]:
    numbers = set()
    for code in available_jurisdictions():
        numbers |= {a.number for a in load_pack(code).articles.values() if a.number}
    return numbers


def _pack_penalties() -> set[tuple[int, int]]:
    found = set()
    for code in available_jurisdictions():
        for article in load_pack(code).articles.values():
            if article.penalty:
                found.add((article.penalty["min_years"], article.penalty["max_years"]))
    return found


#: an article number, e.g. 166, 144-1 or 3(a), then more joined by a comma, "and" or "or"
_NUMBERS = r"((?:\d+(?:-\d+)?(?:\([a-z]\))*(?:,\s*|\s+(?:and|or|и|или)\s+)?)+)"
ARTICLE_LISTS = {
    "en": re.compile(r"\b(?:Arts?\.|Articles?)\s+" + _NUMBERS),
    "ru": re.compile(r"\b(?:ст\.|статьи|статья)\s+" + _NUMBERS, re.IGNORECASE),
}
PENALTIES = {"en": re.compile(r"(\d+) to (\d+) years"), "ru": re.compile(r"от (\d+) до (\d+) лет")}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("module", LESSONS)
def test_article_numbers_and_penalties_come_from_the_law_packs(module, lang):
    known = _pack_article_numbers()
    penalties = _pack_penalties()
    for section in lesson(module).sections:
        text = _flat(section.body[lang])
        for match in ARTICLE_LISTS[lang].finditer(text):
            for number in re.findall(r"\d+(?:-\d+)?", match.group(1)):
                assert number in known, f"{module}/{section.id}: article {number} is in no pack"
        for low, high in PENALTIES[lang].findall(text):
            assert (int(low), int(high)) in penalties, f"{module}/{section.id}: {low}-{high}"


@pytest.mark.parametrize("module", LESSONS)
def test_english_and_russian_name_the_same_articles(module):
    for section in lesson(module).sections:
        named = {
            lang: {
                number
                for match in ARTICLE_LISTS[lang].finditer(_flat(section.body[lang]))
                for number in re.findall(r"\d+(?:-\d+)?", match.group(1))
            }
            for lang in LANGS
        }
        assert named["en"] == named["ru"], section.id


def test_the_article_check_sees_the_articles():
    """The patterns above must find what they police (else the test passes on nothing)."""
    text = lesson("qualification").sections[1].body
    for lang in LANGS:
        found = " ".join(m.group(1) for m in ARTICLE_LISTS[lang].finditer(text[lang]))
        assert "166" in found and "167" in found, lang
    assert PENALTIES["en"].search(text["en"]) and PENALTIES["ru"].search(text["ru"])


# --- coverage and length ------------------------------------------------------------------

#: For each objective of the module file, in order, the sections that teach it.
OBJECTIVES = {
    "foundations": (
        ("three-elements", "the-act", "the-means", "the-purpose"),
        ("consent-and-completion", "children"),
        ("three-elements", "vulnerability"),
        ("consent-and-completion",),
    ),
    "identification": (
        ("two-lists", "in-practice"),
        ("look-alikes",),
        ("presumed-victim", "child-and-foreign-victim", "do-no-harm"),
    ),
    "qualification": (
        ("order-of-questions", "article-166-or-167", "the-part"),
        ("absorbed-or-cumulative",),
        ("neighbouring-offences", "open-facts"),
    ),
}


@pytest.mark.parametrize("module", LESSONS)
def test_the_lesson_covers_each_objective_of_its_module(module):
    objectives = module_file(module)["objectives"]
    assert len(OBJECTIVES[module]) == len(objectives), "an objective was added or removed"
    ids = {section.id for section in lesson(module).sections}
    for taught_by in OBJECTIVES[module]:
        assert set(taught_by) <= ids


@pytest.mark.parametrize("module", LESSONS)
def test_a_lesson_reads_in_10_to_20_minutes(module):
    words = sum(_words(section.body["en"]) for section in lesson(module).sections)
    for section in lesson(module).sections:
        if section.example:
            case = _case(section.example["params"], section.example["seed"])
            words += _words(case.render("en"))
    assert 10 <= words / WORDS_PER_MINUTE <= 20, f"{words} words"


# --- worked examples ----------------------------------------------------------------------


def _case(params: Mapping[str, Any], seed: int):
    return generate_case(seed=seed, params=GeneratorParams(**params))


@dataclass(frozen=True)
class Shown:
    """A generated case as a section or a plan shows it: the facts, the verdict, the story,
    and the exercise type's scenario (what the page or the app grades against)."""

    case: Any
    scenario: Any
    solution: Mapping[str, Any]

    @property
    def text(self) -> str:
        return self.case.render("en")

    @property
    def facts(self):
        return self.case.facts

    @property
    def verdict(self):
        return self.case.verdict


def shown(kind: str, seed: int, params: Mapping[str, Any] | None = None) -> Shown:
    params = dict(params or {"jurisdiction": "KG"})
    exercise_type = get_type(kind)
    scenario = exercise_type.generate(params, seed, "en")
    case = _case(params, seed)
    assert scenario.public.narrative == case.render("en"), "the page shows this very case"
    return Shown(case, scenario, exercise_type.solution(scenario.key))


def _child_no_means_not_yet_exploited(s: Shown) -> None:
    assert s.verdict.is_child and s.verdict.child_rule_applied
    assert not s.facts.means and s.solution["means"] == set()
    assert s.solution["means_needed"] is False and s.solution["complete"] is True
    assert s.facts.consent and "agreed happily" in s.text
    assert not s.facts.exploitation_occurred and "Messages show" in s.text
    assert "at the bus station, before the journey's end" in s.text


def _adult_agreed_abuse_of_vulnerability_complete(s: Shown) -> None:
    assert not s.verdict.is_child
    assert "told the officer that he had agreed to go" in s.text
    assert "knew exactly how hard" in s.text
    assert s.solution["means"] == {"abuse_of_vulnerability"}
    assert any(v.abuse_proven for v in s.facts.victim.vulnerabilities)
    assert s.solution["complete"] is True and not s.facts.exploitation_occurred
    assert "told relatives by phone" in s.text and "at the bus station" in s.text


def _adult_indicators_told_quietly(s: Shown) -> None:
    assert s.scenario.key.age_band == "adult" and s.solution["presumed_victim"] is True
    assert {
        "dependence_cruelty_vulnerability",
        "no_documents_or_contact",
        "no_use_of_earnings",
    } <= s.solution["indicators_seen"]
    assert "shrugged" in s.text and "photocopy" in s.text
    assert s.case.red_herrings("en"), "the section promises one detail that does not matter"
    assert s.verdict.is_trafficking, "the section calls it a trafficking case"


def _indicator_referred_though_a_labour_matter(s: Shown) -> None:
    """The section's rule: one indicator makes a presumed victim, referred, whatever the later
    verdict; an adult is also warned to keep her documents."""
    assert s.solution["indicators_seen"] == {"no_use_of_earnings"}
    assert s.solution["presumed_victim"] is True
    assert s.solution["next_steps"] == {"refer_services", "keep_documents"}
    assert s.facts.victim.sex == "female", "the section says 'she'"
    assert not s.verdict.is_trafficking and s.verdict.neighbour.article == "labour_law"
    assert not s.facts.means and not s.facts.purposes


def _adult_border_threat_exploitation(s: Shown) -> None:
    assert s.facts.victim.age == 18 and not s.verdict.is_child and s.facts.victim.sex == "female"
    assert s.solution["article"] == "166" and s.solution["part"] == "2(5)"
    assert s.solution["absorbed"] == {"139"}
    assert s.solution["cumulative"] == {"illegal_border_crossing", "exploitation_offence"}
    assert s.facts.route.scope == "cross_border" and s.facts.route.border_crossing == "illegal"
    assert "threat" in s.facts.means and s.facts.threat_is_real and "beat" in s.text
    assert "away from the official checkpoint" in s.text
    assert s.facts.exploitation_occurred


def _smuggling_not_trafficking(s: Shown) -> None:
    assert not s.verdict.is_trafficking and not s.verdict.is_child
    assert s.solution["neighbour"] == "illegal_border_crossing"
    assert s.facts.route.border_crossing == "illegal" and not s.facts.purposes
    assert "around the border post" in s.text and "looked for jobs by themselves" in s.text


#: (module, section) -> (exercise type, seed, what the section says the case shows)
EXAMPLES: dict[tuple[str, str], tuple[str, int, Callable[[Shown], None]]] = {
    ("foundations", "children"): ("elements", 241, _child_no_means_not_yet_exploited),
    ("foundations", "consent-and-completion"): (
        "elements",
        5233,
        _adult_agreed_abuse_of_vulnerability_complete,
    ),
    ("identification", "look-alikes"): ("identification", 28051, _adult_indicators_told_quietly),
    ("identification", "presumed-victim"): (
        "identification",
        2092,
        _indicator_referred_though_a_labour_matter,
    ),
    ("qualification", "absorbed-or-cumulative"): (
        "qualification",
        2751,
        _adult_border_threat_exploitation,
    ),
    ("qualification", "neighbouring-offences"): ("qualification", 67, _smuggling_not_trafficking),
}


def test_every_worked_example_has_a_declared_expectation():
    declared = {
        (module, section.id)
        for module in LESSONS
        for section in lesson(module).sections
        if section.example
    }
    assert declared == set(EXAMPLES)


@pytest.mark.parametrize(("module", "section_id"), sorted(EXAMPLES))
def test_worked_example_seed_gives_the_case_its_section_describes(module, section_id):
    kind, seed, expectation = EXAMPLES[(module, section_id)]
    section = next(s for s in lesson(module).sections if s.id == section_id)
    assert section.example["type"] == kind and section.example["seed"] == seed
    expectation(shown(kind, seed, section.example.get("params")))


def test_the_part_section_says_how_the_cases_apply_point_5_today():
    """The lesson and the qualification plan say the practice cases apply 166(2)(5) only when the
    victim was actually moved across the state border into, out of or through Kyrgyzstan, and
    keep a journey inside the country in part 1. If the engine changes that, update both texts."""
    section = next(s for s in lesson("qualification").sections if s.id == "the-part")
    assert "only when the victim was actually moved across the state border" in _flat(
        section.body["en"]
    )
    assert "a journey inside the country stays in part 1" in _flat(section.body["en"])
    note = _flat(plan("qualification"))
    assert "only to a victim actually moved across the state border" in note
    where = "update the section 'the-part' and the plan's note on point 5"
    inside = _case({"jurisdiction": "KG"}, 535)
    assert inside.facts.route.scope == "domestic" and "transportation" in inside.verdict.acts
    offence = inside.verdict.offence
    assert (offence.article, offence.part, offence.point) == ("166", "1", None), (
        f"the engine applies a higher part to a journey inside the country: {where}"
    )
    across = _case({"jurisdiction": "KG"}, 38)
    assert across.facts.route.transit == ("KG",) and across.facts.route.border_crossed
    offence = across.verdict.offence
    assert (offence.article, offence.part, offence.point) == ("166", "2", "5"), (
        f"the engine no longer applies 166(2)(5) to a journey across the border: {where}"
    )


# --- instructor session plans -------------------------------------------------------------


def plan(module: str) -> str:
    return (PLANS / f"{module}.md").read_text("utf-8")


def _section(markdown: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def _table_rows(markdown: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|") and not re.fullmatch(r"\|[-|\s]+\|?", line.strip()):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header


PLAN_PARTS = (
    "Objectives",
    "Before the session",
    "Timing",
    "Shared cases",
    "Debrief questions",
    "Common mistakes to look for",
    "The graded assignment",
)


@pytest.mark.parametrize("module", LESSONS)
def test_a_plan_has_every_part_and_the_module_objectives(module):
    text = plan(module)
    for part in PLAN_PARTS:
        _section(text, part)
    listed = re.findall(r"^\d+\. (.+(?:\n   .+)*)", _section(text, "Objectives"), re.M)
    listed = [re.sub(r"\s+", " ", item).strip() for item in listed]
    assert listed == [o["en"] for o in module_file(module)["objectives"]]


@pytest.mark.parametrize("module", LESSONS)
def test_a_plan_timing_adds_up_to_90_minutes(module):
    rows = _table_rows(_section(plan(module), "Timing"))
    assert rows and all(row[0].isdigit() for row in rows)
    assert sum(int(row[0]) for row in rows) == 90


@pytest.mark.parametrize("module", LESSONS)
def test_a_plan_releases_the_module_assignment_with_its_points_and_names_its_items(module):
    text = plan(module)
    (assignment_name,) = module_file(module)["graded"]
    assert f"## The graded assignment: `{assignment_name}`" in text
    assignment = load_course(REPO / "grading" / "course.yaml").assignment(assignment_name)
    worth = re.search(r"Worth (\d+) points", _section(text, "The graded assignment"))
    assert worth and int(worth.group(1)) == assignment.points
    for group in module_file(module)["items"]:
        assert f"**{group}**" in text, f"the plan does not say what item pair {group} shows"


def _foundations_159(s: Shown) -> None:
    assert s.solution["means"] == {"fraud"} and s.solution["complete"] is True
    assert any(v.id == "debt" and not v.abuse_proven for v in s.facts.victim.vulnerabilities)
    assert not s.facts.exploitation_occurred and "existed only on paper" in s.text


def _foundations_153(s: Shown) -> None:
    assert s.verdict.is_child and s.facts.victim.age == 12
    assert s.solution["means"] == {"force"} and s.solution["means_needed"] is False
    assert "harbouring" in s.solution["acts"] and s.solution["complete"] is True
    assert "out of sight" in s.text
    assert any("generous donor" in line for line in s.case.red_herrings("en"))


def _foundations_169(s: Shown) -> None:
    assert any(v.kind == "personal" and not v.abuse_proven for v in s.facts.victim.vulnerabilities)
    assert s.solution["means"] == set() and s.solution["purposes"] == set()
    assert s.solution["complete"] is False and s.case.police_indicators


def _foundations_76(s: Shown) -> None:
    assert not s.verdict.is_child, "the plan's answer 'means needed: yes' is an adult's"
    assert s.solution["acts"] == set() and s.solution["complete"] is False
    assert s.facts.travel == "independent"


def _identification_56(s: Shown) -> None:
    assert s.scenario.key.age_band == "child" and s.facts.victim.age == 14
    assert s.solution["indicators_seen"] == {
        "dependence_cruelty_vulnerability",
        "no_contact_with_relatives",
        "unfit_living_place",
        "unaccompanied_foreign_child",
    }
    assert s.solution["presumed_victim"] is True and s.case.red_herrings("en")
    assert s.solution["next_steps"] == {"refer_services", "child_safeguards", "foreign_notice"}


def _identification_1181(s: Shown) -> None:
    assert s.solution["indicators_seen"] == {"no_documents_or_contact", "no_use_of_earnings"}
    assert s.solution["presumed_victim"] is True and "had agreed to go" in s.text
    assert s.solution["next_steps"] == {"refer_services", "keep_documents"}


def _presumed_victim_in_a_case_that_is_not_trafficking(
    indicators: set[str], neighbour: str, steps: set[str]
):
    """The manual's rule, as the plan teaches it: the indicators decide "presumed victim" and the
    next steps; the later verdict (another offence) does not."""

    def check(s: Shown) -> None:
        assert s.solution["indicators_seen"] == indicators
        assert not s.verdict.is_trafficking and s.verdict.neighbour.article == neighbour
        assert s.solution["presumed_victim"] is True
        assert s.solution["next_steps"] == steps

    return check


def _identification_76(s: Shown) -> None:
    assert not s.solution["indicators_seen"] and s.solution["presumed_victim"] is False
    assert s.solution["next_steps"] == {"no_referral"}


def _qualification_38(s: Shown) -> None:
    assert s.facts.route.transit == ("KG",) and s.facts.route.border_crossing == "legal"
    assert s.facts.route.border_crossed and s.case.is_foreign_victim
    assert s.solution == {
        "is_trafficking": True,
        "article": "166",
        "part": "2(5)",
        "absorbed": {"139"},
        "cumulative": set(),
        "neighbour": None,
        "qualification_open": False,
        "facts_to_establish": set(),
    }
    assert "beat" in s.text and not s.facts.exploitation_occurred


def _qualification_47(s: Shown) -> None:
    assert s.verdict.is_child and s.facts.victim.age == 14 and s.facts.consent
    assert s.facts.route.border_crossing == "legal" and s.facts.route.status == "completed"
    # the sources settle no part of Art. 167, and not whether a border crossing aggravates it
    assert (s.solution["article"], s.solution["part"]) == ("167", None)
    assert s.solution["absorbed"] == set() and s.solution["cumulative"] == {"exploitation_offence"}


def _qualification_535(s: Shown) -> None:
    assert s.facts.route.scope == "domestic" and s.facts.means == ("abduction",)
    assert (s.solution["article"], s.solution["part"]) == ("166", "1")
    assert s.solution["absorbed"] == {"165"}
    assert s.solution["cumulative"] == {"exploitation_offence"}


def _qualification_3(s: Shown) -> None:
    assert not s.verdict.is_trafficking and s.solution["neighbour"] == "159"
    assert "160" in {ref.article for ref in s.verdict.neighbour_also}


def _qualification_17(s: Shown) -> None:
    assert not s.verdict.is_trafficking and s.solution["neighbour"] == "172"
    assert "abduction" in s.facts.means and not s.facts.purposes
    assert "nobody was paid" in s.text and "meant to marry her himself" in s.text


def _qualification_44(s: Shown) -> None:
    assert s.solution["qualification_open"] is True and s.solution["is_trafficking"] is None
    assert s.solution["facts_to_establish"] == {"means"}
    assert "not yet established" in s.text and "deception" in s.verdict.summary("en")


def _neighbour(neighbour: str):
    def check(s: Shown) -> None:
        assert not s.verdict.is_trafficking and s.solution["neighbour"] == neighbour

    return check


#: plan -> (app's exercise type, {case number: what the plan says about it})
PLAN_CASES: dict[str, tuple[str, dict[int, Callable[[Shown], None]]]] = {
    "foundations": (
        "elements",
        {159: _foundations_159, 153: _foundations_153, 169: _foundations_169, 76: _foundations_76},
    ),
    "identification": (
        "identification",
        {
            56: _identification_56,
            1181: _identification_1181,
            846: _presumed_victim_in_a_case_that_is_not_trafficking(
                {"no_use_of_earnings"},
                "labour_law",
                {"refer_services", "keep_documents", "foreign_notice"},
            ),
            24: _presumed_victim_in_a_case_that_is_not_trafficking(
                {"held_against_will"}, "165", {"refer_services", "child_safeguards"}
            ),
            76: _identification_76,
        },
    ),
    "qualification": (
        "qualification",
        {
            38: _qualification_38,
            47: _qualification_47,
            535: _qualification_535,
            3: _qualification_3,
            24: _neighbour("165"),
            17: _qualification_17,
            44: _qualification_44,
            846: _neighbour("labour_law"),
        },
    ),
}


@pytest.mark.parametrize("module", LESSONS)
def test_a_plan_shared_cases_are_the_cases_it_describes(module):
    kind, cases = PLAN_CASES[module]
    text = plan(module)
    assert ".ipynb?seed=" in text
    listed = [int(row[0]) for row in _table_rows(_section(text, "Shared cases"))]
    assert sorted(listed) == sorted(cases), "every shared case has a declared expectation"
    for seed, expectation in cases.items():
        expectation(shown(kind, seed))


def test_the_plans_describe_the_graded_assignments_as_they_are_graded():
    """The identification assignment draws cases that are not trafficking and scores the
    indicators, the decision and the next steps; the qualification assignment draws open cases,
    answered "cannot be qualified yet". If the course file or the weights change, update the
    plans' sections "The graded assignment"."""
    from simsuite.activities.identification import evaluate

    course = load_course(REPO / "grading" / "course.yaml")
    identification = course.assignment("identification_case")
    assert identification.params["non_trafficking_share"] > 0
    text = _flat(_section(plan("identification"), "The graded assignment"))
    assert "not trafficking" in text and "next steps" in text
    for weight in (evaluate.INDICATOR_WEIGHT, evaluate.DECISION_WEIGHT, evaluate.STEP_WEIGHT):
        assert f"{round(weight * 100)} %" in text, weight
    assert "Note on this version" not in plan("identification"), "the app follows the manual"
    qualification = course.assignment("qualification_case")
    open_share = qualification.params.get("open_share", GeneratorParams().open_share)
    assert open_share > 0
    text = _flat(_section(plan("qualification"), "The graded assignment"))
    assert "cannot be qualified yet" in text and "facts to establish" in text


def test_the_plans_readme_links_and_lists_every_plan():
    readme = (PLANS / "README.md").read_text("utf-8")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme):
        assert (PLANS / target).resolve().is_file(), f"broken link: {target}"
    for module in LESSONS:
        assert f"]({module}.md)" in readme
        (assignment_name,) = module_file(module)["graded"]
        assert f"`{assignment_name}`" in readme
    for module in LESSONS:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", plan(module)):
            assert (PLANS / target).resolve().is_file(), f"{module}.md: broken link {target}"
