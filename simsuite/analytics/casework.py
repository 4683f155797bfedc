"""Case assignments in the cohort report: scores per assignment and competency, and the
mistakes the cohort made most often, part by part.

Scores come from nbgrader's gradebook. The common mistakes come from re-scoring each graded
trainee's answers with the exercise type's own ``evaluate`` (the rule that graded them) on their
own scenario, re-derived from the course secret, and counting the parts marked as errors. No
type is named here: every assignment that is not a test form goes through the registry.
"""

from __future__ import annotations

import csv
import html
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simsuite.errors import UserInputError
from simsuite.i18n import _

#: How many of an assignment's most frequent mistakes the report lists.
TOP_MISTAKES = 5


@dataclass(frozen=True)
class AssignmentResult:
    name: str
    title: str
    competencies: tuple[str, ...]
    scores: Mapping[str, float]  # trainee -> share of the points (0..1)
    mistakes: Sequence[tuple[str, int]] = field(default_factory=tuple)  # part label, count
    scored: int = 0  # trainees whose answers were re-scored for the mistakes

    @property
    def mean(self) -> float | None:
        return sum(self.scores.values()) / len(self.scores) if self.scores else None


def _gradebook_scores(db_url: str, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(db_url) as gradebook:
        try:
            submissions = gradebook.assignment_submissions(assignment)
        except MissingEntry:
            return {}
        for submission in submissions:
            if submission.max_score:
                scores[submission.student.id] = float(submission.score) / float(
                    submission.max_score
                )
    return scores


def _mistakes(course, assignment, trainees, secret, course_root) -> tuple[list, int]:
    from simsuite.course.variants import variant_scenario
    from simsuite.grading.feedback import answer_values

    counts: Counter[str] = Counter()
    scored = 0
    for trainee in sorted(trainees):
        folder = Path(course_root) / "autograded" / trainee / assignment.name
        answers: dict[str, Any] = {}
        for notebook in sorted(folder.glob("*.ipynb")):
            try:
                answers.update(answer_values(notebook))
            except Exception:  # an unreadable notebook has no answers to count
                continue
        try:
            scenario = variant_scenario(assignment, secret, trainee, course.lang)
            result = assignment.type.evaluate(scenario.key, answers, course.lang)
        except UserInputError:
            continue
        scored += 1
        for item in result.items:
            if item.is_error:
                counts[item.label] += 1
    return counts.most_common(TOP_MISTAKES), scored


def case_results(
    db_url: str, course, secret: bytes, course_root: str | Path | None
) -> list[AssignmentResult]:
    """Every case assignment of the course that the gradebook has scores for."""
    results = []
    for assignment in course.assignments:
        if assignment.type.seed_scope == "trainee":  # paired test forms: the item analysis
            continue
        scores = _gradebook_scores(db_url, assignment.name)
        if not scores:
            continue
        mistakes, scored = ([], 0)
        if course_root is not None:
            mistakes, scored = _mistakes(course, assignment, scores, secret, course_root)
        results.append(
            AssignmentResult(
                assignment.name,
                assignment.title,
                tuple(assignment.type.competencies),
                scores,
                tuple(mistakes),
                scored,
            )
        )
    return results


def write_case_csv(results: Sequence[AssignmentResult], path: Path, names=None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["trainee", "assignment", "score_share"])
        for result in results:
            for trainee, share in sorted(result.scores.items()):
                shown = names.get(trainee, trainee) if names else trainee
                writer.writerow([shown, result.name, f"{share:.4f}"])
    return path


def case_section_html(
    results: Sequence[AssignmentResult], competency_labels: Mapping[str, str]
) -> str:
    if not results:
        return ""
    rows = []
    for result in results:
        mistakes = "; ".join(
            _("{part}: {n} of {total}").format(part=label, n=count, total=result.scored)
            for label, count in result.mistakes
        ) or _("none")
        competencies = ", ".join(competency_labels.get(c, c) for c in result.competencies)
        mean = "–" if result.mean is None else f"{100 * result.mean:.0f}%"
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(cell))}</td>"
                for cell in (result.title, competencies, len(result.scores), mean, mistakes)
            )
            + "</tr>"
        )
    head = "".join(
        f"<th>{html.escape(h)}</th>"
        for h in (
            _("Assignment"),
            _("Competencies"),
            _("Trainees"),
            _("Mean score"),
            _("Most frequent mistakes (parts wrong or missed)"),
        )
    )
    title = _("Case assignments")
    note = _(
        "Each trainee worked their own case; the mistakes are counted part by part with the "
        "rule that graded them. Use them to choose what to discuss in the debrief."
    )
    return (
        f"<h2>{html.escape(title)}</h2><p>{html.escape(note)}</p>"
        f'<table class="cases"><tr>{head}</tr>{"".join(rows)}</table>'
    )
