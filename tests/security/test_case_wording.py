"""T4c: a trainee cannot rebuild a graded identification key from the released case text.

The attacker has everything a trainee can reach: the released files of the assignment (the
notebook, ``simsuite_casefile.py`` and ``variants/cases.json`` with every rostered trainee's
case text), the simsuite package with its public case templates, and as many self-paced cases
as they like with the app's full feedback (``evaluate`` names every indicator a case shows and
quotes the sentence behind it). From the self-paced cases they build a labelled corpus and
match every sentence of a graded case against it, in three steps:

1. exact: the sentence was seen, as it is, in a self-paced case;
2. normalised: the same once names, places, pronouns and numbers are masked and case and
   punctuation dropped;
3. nearest: the labelled sentence with the most words in common (TF-IDF cosine), if it is
   closer than a threshold tuned on self-paced cases (each sentence scored against the others'
   templates, the best guess one can make of how reworded text behaves).

The same attacker recovers the keys of cases told in the public wording (so the test can fail)
and no key of the course's graded cases, which are told in the graded wording
(``grading/templates``). Its per-indicator precision and recall are in the failure messages and
in ``docs/threat-model.md``.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from simsuite.activities.identification.activity import CASE_PARAMS
from simsuite.activities.registry import get_type
from simsuite.course.build import write_assignment_variants
from simsuite.course.course import load_course
from simsuite.course.variants import variant_scenario

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "grading" / "course.yaml"
ASSIGNMENT = "identification_case"
PACKAGE = REPO / "simsuite"
#: How many self-paced cases the attacker harvests, and how many trainees the course has.
HARVEST = 2000
ROSTER = tuple(f"trainee{n:02d}" for n in range(1, 21))
SECRET = b"0123456789abcdef-a-course-secret-for-the-wording-attack"
QUOTE = re.compile(r"“([^”]*)”")
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]['’”»]))\s+(?=[A-ZА-ЯЁ«\"'])")
WORD = re.compile(r"[\w<>]+")
STOPWORDS = frozenset(
    "a an the and or of to in on at for from by with as is was were be been had has have did "
    "do does not no that this it its into than then there their they them who whom which "
    "what when where would could should will can any all every some only just".split()
)
PRONOUNS = frozenset("she he her his him hers herself himself".split())


INITIAL = re.compile(r"(^|\s)[A-Z][a-z]?\.$")


def sentences(text: str) -> list[str]:
    """The case's sentences; a name's initial ("Bakyt Zh.") does not end one."""
    found: list[str] = []
    for paragraph in text.split("\n\n"):
        glued = False
        for piece in SENTENCE_END.split(paragraph):
            piece = piece.strip()
            if glued:
                found[-1] += " " + piece
            elif piece:
                found.append(piece)
            glued = bool(INITIAL.search(piece))
    return found


class Masker:
    """Names, places, companies and jobs from the public templates (the attacker has the
    package), pronouns and numbers: masked, so that one template reads the same in every case."""

    def __init__(self) -> None:
        data = yaml.safe_load((PACKAGE / "trafficking" / "templates" / "en.yaml").read_text())
        names = {value for pool in data["pools"].values() for value in pool}
        for forms in data["countries"].values():
            names |= {forms["name"]}
        self.names = re.compile(
            "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        )

    def tokens(self, sentence: str) -> tuple[str, ...]:
        text = self.names.sub(" <x> ", sentence).lower()
        words = WORD.findall(text)
        return tuple(
            "<p>" if w in PRONOUNS else "<n>" if w.isdigit() else w.removesuffix("'s")
            for w in words
        )

    def normalised(self, sentence: str) -> str:
        return " ".join(self.tokens(sentence))


@dataclass
class Attacker:
    """The strongest simple attacker we could build from what a trainee can reach."""

    masker: Masker
    exact: dict[tuple[str, str], Counter]  # (band, sentence) -> indicator labels ("" = none)
    forms: dict[tuple[str, str], Counter]  # (band, normalised sentence) -> labels
    threshold: float = 1.0
    #: (band, normalised sentence) -> keys of the cases it was seen in were empty (True) or not
    seen_in_empty: dict[tuple[str, str], Counter] | None = None

    @classmethod
    def harvest(cls, seeds: range) -> Attacker:
        """Self-paced cases (the app's parameters) with the app's feedback on an answer that
        ticks everything: every indicator the case shows comes back with its sentence."""
        kind = get_type("identification")
        masker = Masker()
        exact: dict[tuple[str, str], Counter] = defaultdict(Counter)
        forms: dict[tuple[str, str], Counter] = defaultdict(Counter)
        seen_in_empty: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for seed in seeds:
            scenario = kind.generate(CASE_PARAMS, seed, "en")
            every = {option for option, _label in scenario.public.options()}
            result = kind.evaluate(
                scenario.key, {"indicators_seen": every, "presumed_victim": True}, "en"
            )
            quoted = {}
            for item in result.items:
                if item.outcome in ("hit", "miss"):
                    for quote in QUOTE.findall(item.why):
                        quoted[quote] = item.item
            band = scenario.public.age_band
            for sentence in sentences(scenario.public.narrative):
                label = quoted.get(sentence.rstrip(" ."), "")
                exact[band, sentence][label] += 1
                forms[band, masker.normalised(sentence)][label] += 1
                seen_in_empty[band, masker.normalised(sentence)][not scenario.key.present] += 1
        attacker = cls(masker, dict(exact), dict(forms), seen_in_empty=dict(seen_in_empty))
        attacker._index()
        attacker.threshold = attacker.tune()
        return attacker

    # --- nearest sentence (TF-IDF cosine over content words) -------------------------------

    def _index(self) -> None:
        documents = [set(self._content(form)) for _band, form in self.forms]
        frequency = Counter(word for words in documents for word in words)
        self.idf = {w: math.log(len(documents) / n) + 1 for w, n in frequency.items()}
        self.vectors = {key: self._vector(key[1]) for key in self.forms}

    @staticmethod
    def _content(form: str) -> list[str]:
        return [w for w in form.split() if w not in STOPWORDS and not w.startswith("<")]

    def _vector(self, form: str) -> dict[str, float]:
        words = Counter(self._content(form))
        vector = {w: n * self.idf.get(w, math.log(len(self.forms)) + 1) for w, n in words.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {w: v / norm for w, v in vector.items()}

    def nearest(self, band: str, form: str, exclude_same: bool = False) -> tuple[str, float]:
        """(label, similarity) of the closest labelled sentence of the band."""
        vector = self._vector(form)
        best, label = 0.0, ""
        for (other_band, other), other_vector in self.vectors.items():
            if other_band != band or (exclude_same and other == form):
                continue
            score = sum(v * other_vector.get(w, 0.0) for w, v in vector.items())
            if score > best:
                best, label = score, self.forms[other_band, other].most_common(1)[0][0]
        return label, best

    def tune(self) -> float:
        """The threshold with the best indicator F1 on the self-paced sentences, each matched
        against the other templates only (as if it had been reworded)."""
        scored = []
        for (band, form), labels in self.forms.items():
            truth = labels.most_common(1)[0][0]
            guess, similarity = self.nearest(band, form, exclude_same=True)
            scored.append((truth, guess, similarity, sum(labels.values())))
        best, best_f1 = 1.0, -1.0
        for step in range(5, 100, 5):
            threshold = step / 100
            tp = fp = fn = 0
            for truth, guess, similarity, weight in scored:
                said = guess if guess and similarity >= threshold else ""
                tp += weight * (bool(said) and said == truth)
                fp += weight * (bool(said) and said != truth)
                fn += weight * (bool(truth) and said != truth)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f1 > best_f1:
                best, best_f1 = threshold, f1
        return best

    # --- the attack -----------------------------------------------------------------------------

    def label(self, band: str, sentence: str) -> str:
        if (band, sentence) in self.exact:
            return self.exact[band, sentence].most_common(1)[0][0]
        form = self.masker.normalised(sentence)
        if (band, form) in self.forms:
            return self.forms[band, form].most_common(1)[0][0]
        guess, similarity = self.nearest(band, form)
        return guess if similarity >= self.threshold else ""

    def story_says_none(self, narrative: str, band: str) -> bool:
        """Whether a sentence of the story was only ever seen in cases that show no indicator
        (at least ten times): the public sentences of a near miss that never shows one."""
        for sentence in sentences(narrative):
            counts = (self.seen_in_empty or {}).get((band, self.masker.normalised(sentence)))
            if counts and counts[True] >= 10 and not counts[False]:
                return True
        return False

    def key(self, narrative: str, band: str) -> frozenset[str]:
        return frozenset(filter(None, (self.label(band, s) for s in sentences(narrative))))


@dataclass(frozen=True)
class Outcome:
    exact: int
    cases: int
    precision: float
    recall: float

    def __str__(self) -> str:
        return (
            f"{self.exact} of {self.cases} keys recovered exactly; per indicator: precision "
            f"{self.precision:.2f}, recall {self.recall:.2f}"
        )


def released_cases(assignment, folder: Path) -> dict[str, tuple[str, str]]:
    """What every trainee reads: trainee -> (case text, age band), from the released files."""
    course = load_course(COURSE)
    write_assignment_variants(course, assignment, ROSTER, SECRET, folder)
    document = json.loads((folder / ASSIGNMENT / "variants" / "cases.json").read_text())
    released = {}
    for trainee, case in document["cases"].items():
        narrative = case["markdown"].split("\n\n## ", 1)[0].split("\n\n", 1)[1]
        options = {
            o[0] for f in case["fields"] if f["name"] == "indicators_seen" for o in f["options"]
        }
        band = "child" if "unaccompanied_foreign_child" in options else "adult"
        released[trainee] = (narrative, band)
    return released


@dataclass(frozen=True)
class Roster:
    """The released case texts and, on the grader's side, the keys."""

    cases: dict[str, tuple[str, str, frozenset[str]]]  # trainee -> (text, band, key)

    @classmethod
    def of(cls, assignment, folder: Path) -> Roster:
        return cls(
            {
                trainee: (
                    text,
                    band,
                    variant_scenario(assignment, SECRET, trainee, "en").key.present,
                )
                for trainee, (text, band) in released_cases(assignment, folder).items()
            }
        )

    def attack(self, attacker: Attacker) -> Outcome:
        tp = fp = fn = exact = 0
        for text, band, truth in self.cases.values():
            guess = attacker.key(text, band)
            exact += guess == truth
            tp += len(guess & truth)
            fp += len(guess - truth)
            fn += len(truth - guess)
        return Outcome(exact, len(self.cases), tp / ((tp + fp) or 1), tp / ((tp + fn) or 1))

    def attack_by_story(self, attacker: Attacker) -> Outcome:
        """The indicator attack, except that a story whose public sentences belong to a near
        miss that never shows an indicator gets the empty key."""
        exact = sum(
            1
            for text, band, truth in self.cases.values()
            if (frozenset() if attacker.story_says_none(text, band) else attacker.key(text, band))
            == truth
        )
        return Outcome(exact, len(self.cases), float("nan"), float("nan"))

    def recovered_with_indicators(self, attacker: Attacker) -> int:
        """Keys that show an indicator and are recovered exactly (a key without any is what
        a trainee who guesses "none" gets, whatever the text says)."""
        return sum(
            1
            for text, band, truth in self.cases.values()
            if truth and attacker.key(text, band) == truth
        )


@pytest.fixture(scope="module")
def attacker() -> Attacker:
    return Attacker.harvest(range(HARVEST))


@pytest.fixture(scope="module")
def graded_assignment():
    assignment = load_course(COURSE).assignment(ASSIGNMENT)
    assert assignment.case_templates is not None, "the course tells graded cases in its own wording"
    return assignment


def test_the_attack_recovers_keys_from_the_public_wording(attacker, graded_assignment, tmp_path):
    """The control: the same roster's cases told in the public wording give their keys away,
    so the attacker is strong enough to fail the next test if the graded wording leaked."""
    public = dataclasses.replace(graded_assignment, case_templates=None)
    outcome = Roster.of(public, tmp_path).attack(attacker)
    print(f"public wording: {outcome} (threshold {attacker.threshold:.2f})")
    assert outcome.exact == len(ROSTER), f"public wording: {outcome}"
    assert outcome.precision > 0.95 and outcome.recall > 0.95, f"public wording: {outcome}"


def test_the_attack_recovers_no_graded_key(attacker, graded_assignment, tmp_path):
    roster = Roster.of(graded_assignment, tmp_path)
    outcome = roster.attack(attacker)
    print(f"graded wording: {outcome} (threshold {attacker.threshold:.2f})")
    assert outcome.exact == 0, f"graded wording: {outcome}"
    # whatever threshold the attacker chose: no key that shows an indicator (a stricter one
    # only falls back on saying "none", which the wording cannot hide for a case without any)
    for step in range(5, 100, 10):
        stricter = copy.copy(attacker)
        stricter.threshold = step / 100
        assert roster.recovered_with_indicators(stricter) == 0, (step, roster.attack(stricter))


@pytest.mark.xfail(
    strict=True,
    reason="T4c residual (docs/threat-model.md): only the indicator sentences are reworded; the "
    "rest of the story is in the public wording, so a matcher can tell a near miss that never "
    "shows an indicator, and its key is empty",
)
def test_the_story_kind_does_not_give_the_empty_key_away(attacker, graded_assignment, tmp_path):
    outcome = Roster.of(graded_assignment, tmp_path).attack_by_story(attacker)
    print(f"graded wording, story kind: {outcome.exact} of {outcome.cases} keys recovered")
    assert outcome.exact == 0


def test_the_graded_wording_is_in_nothing_a_trainee_receives(graded_assignment, tmp_path):
    """Neither the simsuite package (which a self-paced learner has) nor the released files hold
    a graded sentence; the graded cases do (so the check would see one)."""
    graded = yaml.safe_load((REPO / "grading" / "templates" / "en.yaml").read_text())["slots"]
    # the longest stretch of words between placeholders: long enough to be unmistakable
    pieces = {
        max(re.split(r"\{[^{}]*\}", text), key=len).strip(" ,.;:'")
        for texts in graded.values()
        for text in texts
    }
    pieces = {p for p in pieces if len(p) >= 25}
    assert len(pieces) > 60
    shipped = "\n".join(
        path.read_text(encoding="utf-8", errors="ignore")
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix in (".yaml", ".py", ".json", ".po", ".md", ".txt")
    )
    assert not [p for p in pieces if p in shipped]
    preview = "\n".join(p.read_text() for p in (REPO / "exercises").rglob("cases.json"))
    assert not [p for p in pieces if p in preview], "the tracked preview is told in public wording"
    released = "\n".join(
        text for text, _band in released_cases(graded_assignment, tmp_path).values()
    )
    assert [p for p in pieces if p in released]
