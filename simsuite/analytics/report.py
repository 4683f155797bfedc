"""Pre/post learning report from nbgrader's gradebook: a figure, an HTML page and a CSV."""

from __future__ import annotations

import base64
import csv
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # reports are files; never open a window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from simsuite.activities.quiz.bank import ItemBank  # noqa: E402
from simsuite.analytics.statistics import (  # noqa: E402
    FLAG_NOT_DISCRIMINATING,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    LOW_DISCRIMINATION,
    TOO_EASY,
    TOO_HARD,
    WEAK_COMPETENCY,
    CompetencyScore,
    ItemAnalysis,
    PrePost,
    competency_means,
    item_analysis,
    summarize,
    trainee_competency_scores,
    weakest_competencies,
)
from simsuite.errors import UserInputError  # noqa: E402
from simsuite.i18n import N_, _, get_language, localized  # noqa: E402


def plot_prepost(rows: Sequence[PrePost]):
    """A dumbbell chart: each trainee's pre and post score, labelled with the gain g."""
    height = max(2.5, 0.45 * len(rows) + 1.2)
    figure, axes = plt.subplots(figsize=(8, height))
    for index, row in enumerate(rows):
        axes.plot([row.pre, row.post], [index, index], color="#9e9e9e", zorder=1)
        axes.scatter(
            row.pre, index, color="#e57373", zorder=2, label=_("pre-test") if index == 0 else None
        )
        axes.scatter(
            row.post, index, color="#1e88e5", zorder=2, label=_("post-test") if index == 0 else None
        )
        gain = row.gain
        text = f"g = {gain:.2f}" if gain is not None else "g = –"
        axes.annotate(
            text, (max(row.pre, row.post), index), xytext=(8, -4), textcoords="offset points"
        )
    axes.set_yticks(range(len(rows)), [row.trainee for row in rows])
    max_score = rows[0].max_score if rows else 1
    axes.set_xlim(-0.02 * max_score, max_score * 1.18)
    axes.set_xlabel(_("score (out of {max:g})").format(max=max_score))
    axes.set_title(_("Pre-test and post-test per trainee, with normalized gain g"))
    axes.invert_yaxis()
    if rows:
        axes.legend(loc="lower right")
    figure.tight_layout()
    return figure


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


PHASE_LABELS = {"pre": N_("pre-test"), "post": N_("post-test")}
#: Up to this many trainees the per-trainee chart is a dumbbell with one row each; above it, a
#: scatter of pre vs post and a histogram of g stay readable.
DUMBBELL_MAX = 30


@dataclass(frozen=True)
class Response:
    """One trainee's score on one item of one phase, from the gradebook."""

    trainee: str
    phase: str  # "pre" or "post"
    form: str
    position: int
    item: str
    competency: str
    score: float  # 0..1


@dataclass(frozen=True)
class CohortData:
    responses: tuple[Response, ...]
    rows: tuple[PrePost, ...]  # trainees with both tests
    max_score: float
    competencies: Mapping[str, Any]  # id -> localized label mapping from the item bank


def read_responses(
    db_url: str, bank: ItemBank, secret: bytes, pre: str = "pretest", post: str = "posttest"
) -> CohortData:
    """Item-level scores from nbgrader's gradebook, mapped position -> item by each trainee's
    form, so that A3 and B3 have their own statistics."""
    from nbgrader.api import Gradebook, MissingEntry

    from simsuite.activities.quiz.activity import form_of
    from simsuite.activities.quiz.bank import form_positions
    from simsuite.course.variants import trainee_seed

    positions = form_positions(bank)
    by_cell = {f"score_Q{p.number}": p for p in positions}
    responses = []
    totals: dict[str, dict[str, float]] = {"pre": {}, "post": {}}
    with Gradebook(db_url) as gradebook:
        for phase, name in (("pre", pre), ("post", post)):
            try:
                gradebook.find_assignment(name)
            except MissingEntry:
                names = ", ".join(a.name for a in gradebook.assignments) or _("none")
                raise UserInputError(
                    _("The gradebook has no assignment {name!r}.").format(name=name),
                    where=db_url,
                    allowed=names,
                ) from None
            for submission in gradebook.assignment_submissions(name):
                trainee = submission.student.id
                form = form_of(trainee_seed(secret, trainee), phase)
                total = 0.0
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        position = by_cell.get(grade.name)
                        if position is None or not grade.max_score:
                            continue
                        share = float(grade.score) / float(grade.max_score)
                        item = position.item(form)
                        responses.append(
                            Response(
                                trainee,
                                phase,
                                form,
                                position.number,
                                item["id"],
                                item["competency"],
                                share,
                            )
                        )
                        total += float(grade.score)
                totals[phase][trainee] = total
    max_score = float(len(positions))
    both = sorted(set(totals["pre"]) & set(totals["post"]))
    rows = tuple(PrePost(t, totals["pre"][t], totals["post"][t], max_score) for t in both)
    return CohortData(tuple(responses), rows, max_score, bank.competencies)


def pseudonyms(trainees: Sequence[str]) -> dict[str, str]:
    """Stable pseudonyms T001, T002, … in sorted id order, the same in every export."""
    ordered = sorted(set(trainees))
    width = max(3, len(str(len(ordered))))
    return {trainee: f"T{index:0{width}d}" for index, trainee in enumerate(ordered, start=1)}


def pseudonymize_data(data: CohortData, names: Mapping[str, str] | None = None) -> CohortData:
    """``names`` (trainee -> pseudonym) must cover every trainee; by default built here."""
    if names is None:
        names = pseudonyms([r.trainee for r in data.responses] + [r.trainee for r in data.rows])
    responses = tuple(
        Response(names[r.trainee], r.phase, r.form, r.position, r.item, r.competency, r.score)
        for r in data.responses
    )
    rows = tuple(
        sorted(
            (PrePost(names[r.trainee], r.pre, r.post, r.max_score) for r in data.rows),
            key=lambda r: r.trainee,
        )
    )
    return CohortData(responses, rows, data.max_score, data.competencies)


@dataclass(frozen=True)
class FormAnalysis:
    phase: str
    form: str
    analysis: ItemAnalysis


def analyse_forms(data: CohortData) -> list[FormAnalysis]:
    """Item analysis per phase and form: each is a complete trainees x items matrix."""
    results = []
    for phase in ("pre", "post"):
        for form in sorted({r.form for r in data.responses if r.phase == phase}):
            cells: dict[str, dict[int, tuple[str, float]]] = {}
            for r in data.responses:
                if r.phase == phase and r.form == form:
                    cells.setdefault(r.trainee, {})[r.position] = (r.item, r.score)
            if not cells:
                continue
            positions = sorted({p for row in cells.values() for p in row})
            complete = [t for t in sorted(cells) if set(cells[t]) == set(positions)]
            if not complete:
                continue
            item_ids = [cells[complete[0]][p][0] for p in positions]
            matrix = [[cells[t][p][1] for p in positions] for t in complete]
            results.append(FormAnalysis(phase, form, item_analysis(matrix, item_ids)))
    return results


def competency_table(data: CohortData) -> list[CompetencyScore]:
    return competency_means(
        [(r.competency, r.phase, r.score) for r in data.responses], list(data.competencies)
    )


def _label(data: CohortData, competency: str) -> str:
    return (
        localized(data.competencies.get(competency, competency))
        if isinstance(data.competencies.get(competency), Mapping)
        else competency
    )


def plot_prepost_cohort(rows: Sequence[PrePost]):
    """For a large cohort: pre vs post per trainee (above the diagonal = improved) and the
    distribution of the normalized gain g."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))
    max_score = rows[0].max_score if rows else 1
    pre = [r.pre for r in rows]
    post = [r.post for r in rows]
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, size=(2, len(rows)))  # fixed: same bytes
    left.scatter(np.add(pre, jitter[0]), np.add(post, jitter[1]), s=14, alpha=0.6, color="#1e88e5")
    left.plot([0, max_score], [0, max_score], color="#9e9e9e", linestyle="--", label=_("no change"))
    left.set_xlim(-0.5, max_score + 0.5)
    left.set_ylim(-0.5, max_score + 0.5)
    left.set_xlabel(_("pre-test score (out of {max:g})").format(max=max_score))
    left.set_ylabel(_("post-test score (out of {max:g})").format(max=max_score))
    left.set_title(_("Each trainee: pre-test against post-test"))
    left.legend(loc="lower right")
    gains = [g for g in (r.gain for r in rows) if g is not None]
    # g < -1 is possible (a big drop from a high pre-test): shown in the lowest bin
    clipped = np.clip(gains, -1, 1)
    right.hist(clipped, bins=np.linspace(-1, 1, 21), color="#43a047", edgecolor="white")
    right.axvline(0, color="#9e9e9e", linestyle="--")
    right.set_xlabel(_("normalized gain g = (post − pre) / (max − pre)"))
    right.set_ylabel(_("trainees"))
    right.set_title(_("Distribution of the normalized gain"))
    figure.tight_layout()
    return figure


def plot_competency_heatmap(rows: Sequence[CompetencyScore], labels: Sequence[str]):
    """Competency x (pre, post) mean scores, annotated."""
    values = np.array(
        [[np.nan if v is None else v for v in (row.pre, row.post)] for row in rows], dtype=float
    )
    figure, axes = plt.subplots(figsize=(6.5, 0.55 * len(rows) + 1.6))
    image = axes.imshow(values, cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
    axes.set_xticks([0, 1], [_(PHASE_LABELS["pre"]), _(PHASE_LABELS["post"])])
    axes.set_yticks(range(len(rows)), labels)
    for (i, j), value in np.ndenumerate(values):
        text = "–" if np.isnan(value) else f"{value:.0%}"
        axes.text(j, i, text, ha="center", va="center", color="black")
    figure.colorbar(image, ax=axes, label=_("mean score"))
    axes.set_title(_("Competencies of the cohort before and after"))
    figure.tight_layout()
    return figure


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<p><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}"></p>'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<table class="{cls}"><tr>{head}</tr>{body}</table>'


def write_cohort_csv(data: CohortData, path: Path) -> Path:
    competencies = list(data.competencies)
    per = trainee_competency_scores(
        [(r.trainee, r.competency, r.phase, r.score) for r in data.responses]
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["trainee", "pre", "post", "max", "normalized_gain"]
            + [f"{c}_{phase}" for c in competencies for phase in ("pre", "post")]
        )
        for r in data.rows:
            cells = [
                ""
                if per.get((r.trainee, c, phase)) is None
                else f"{per[(r.trainee, c, phase)]:.4f}"
                for c in competencies
                for phase in ("pre", "post")
            ]
            writer.writerow([r.trainee, r.pre, r.post, r.max_score, _fmt(r.gain, 4)] + cells)
    return path


def write_items_csv(analyses: Sequence[FormAnalysis], bank: ItemBank, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "phase",
                "form",
                "item",
                "competency",
                "kind",
                "n",
                "facility",
                "discrimination_index",
                "point_biserial",
                "flags",
            ]
        )
        for fa in analyses:
            for s in fa.analysis.items:
                item = bank.get(s.item)
                writer.writerow(
                    [
                        fa.phase,
                        fa.form,
                        s.item,
                        item["competency"],
                        item["kind"],
                        s.n,
                        f"{s.facility:.4f}",
                        _fmt(s.discrimination_index, 4),
                        _fmt(s.point_biserial, 4),
                        "; ".join(s.flags),
                    ]
                )
    return path


def _autograde_failures(log_path: Path | None) -> list[tuple[str, str, str]]:
    if log_path is None or not log_path.exists():
        return []
    import json

    log = json.loads(log_path.read_text(encoding="utf-8"))
    return [
        (assignment, trainee, entry.get("reason", ""))
        for assignment, entries in sorted(log.items())
        for trainee, entry in sorted(entries.items())
        if entry.get("status") != "graded"
    ]


def write_cohort_report(
    db_url: str,
    out_dir: str | Path,
    bank: ItemBank,
    secret: bytes,
    pre: str = "pretest",
    post: str = "posttest",
    pseudonymize: bool = False,
    autograde_log: str | Path | None = None,
    course=None,
    course_root: str | Path | None = None,
) -> dict[str, Path]:
    """One self-contained HTML page, a CSV of grades and a CSV of item statistics; with the
    ``course`` (and its ``course_root``, for the common mistakes), also the case assignments."""
    from simsuite.analytics.casework import case_results

    data = read_responses(db_url, bank, secret, pre, post)
    failures = _autograde_failures(Path(autograde_log) if autograde_log else None)
    cases = case_results(db_url, course, secret, course_root) if course is not None else []
    return render_cohort_report(data, out_dir, bank, failures, pseudonymize, cases)


def render_cohort_report(
    data: CohortData,
    out_dir: str | Path,
    bank: ItemBank,
    failures: Sequence[tuple[str, str, str]] = (),
    pseudonymize: bool = False,
    cases: Sequence = (),
) -> dict[str, Path]:
    """Write the report files from item-level data (``failures``: assignment, trainee, why;
    ``cases``: :class:`simsuite.analytics.casework.AssignmentResult` per case assignment)."""
    from simsuite.analytics.casework import case_section_html, write_case_csv

    failures = list(failures)
    names: dict[str, str] | None = None
    if pseudonymize:
        names = pseudonyms(
            [r.trainee for r in data.responses]
            + [trainee for _a, trainee, _r in failures]
            + [trainee for case in cases for trainee in case.scores]
        )
        data = pseudonymize_data(data, names)  # one mapping for the data and the failures
        failures = [(a, names.get(t, t), reason) for a, t, reason in failures]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = list(data.rows)
    summary = summarize(rows)
    analyses = analyse_forms(data)
    competencies = competency_table(data)
    labels = [_label(data, row.competency) for row in competencies]
    weak = weakest_competencies(competencies)

    prepost_png = _png(
        plot_prepost(rows) if len(rows) <= DUMBBELL_MAX else plot_prepost_cohort(rows)
    )
    (out / "prepost.png").write_bytes(prepost_png)
    heatmap_png = _png(plot_competency_heatmap(competencies, labels))
    (out / "competencies.png").write_bytes(heatmap_png)
    csv_path = write_cohort_csv(data, out / "prepost.csv")
    items_path = write_items_csv(analyses, bank, out / "items.csv")

    facts = [
        (_("Trainees with both tests"), str(summary.n)),
        (_("Mean pre-test"), f"{_fmt(summary.mean_pre)} / {data.max_score:g}"),
        (_("Mean post-test"), f"{_fmt(summary.mean_post)} / {data.max_score:g}"),
        (_("Mean normalized gain"), _fmt(summary.mean_gain)),
        (_("Class normalized gain"), _fmt(summary.class_gain)),
        (_("Paired t-test p-value"), _fmt(summary.p_value, 4)),
        (_("Wilcoxon signed-rank p-value"), _fmt(summary.wilcoxon_p, 4)),
        (_("Effect size (Cohen's d_z)"), _fmt(summary.cohens_dz)),
        (_("Submissions that could not be graded"), str(len(failures))),
    ]
    sections = [
        "<h2>" + html.escape(_("Cohort")) + "</h2>",
        _table([_("Measure"), _("Value")], facts, "facts"),
        "<h2>" + html.escape(_("Pre-test and post-test per trainee")) + "</h2>",
        _img(prepost_png, _("pre and post scores per trainee")),
        "<h2>" + html.escape(_("Competencies")) + "</h2>",
        _img(heatmap_png, _("competency heat map")),
        _table(
            [_("Competency"), _("Pre"), _("Post"), _("Change")],
            [
                [label, _pct(r.pre), _pct(r.post), _pct(r.change, signed=True)]
                for label, r in zip(labels, competencies, strict=True)
            ],
        ),
    ]
    cases_path = write_case_csv(cases, out / "cases.csv", names) if cases else None
    competency_labels = {c: _label(data, c) for c in data.competencies}
    if cases:
        sections.append(case_section_html(cases, competency_labels))
    if weak:
        sections.append(
            "<p>"
            + html.escape(
                _("Weakest competencies (below {t:.0%}): {list}.").format(
                    t=WEAK_COMPETENCY,
                    list="; ".join(
                        f"{_label(data, r.competency)} ({_pct(_level(r))})" for r in weak
                    ),
                )
            )
            + "</p>"
        )
    else:
        sections.append(
            "<p>"
            + html.escape(
                _("No competency is below {t:.0%} after the course.").format(t=WEAK_COMPETENCY)
            )
            + "</p>"
        )
    sections.append("<h2>" + html.escape(_("Item analysis")) + "</h2>")
    sections.append(
        "<p>"
        + html.escape(
            _(
                "Facility: mean score (0–1). D: discrimination index, upper minus lower 27 %. "
                "r_pb: corrected point-biserial, item against the rest of the test. Flags: too "
                "easy above {easy:g}, too hard below {hard:g}, not discriminating when r_pb is "
                "below {low:g}."
            ).format(easy=TOO_EASY, hard=TOO_HARD, low=LOW_DISCRIMINATION)
        )
        + "</p>"
    )
    for fa in analyses:
        title = _(
            "{phase}, form {form}: n = {n}, KR-20 = {kr20}, Cronbach's alpha = {alpha}"
        ).format(
            phase=_(PHASE_LABELS[fa.phase]),
            form=fa.form,
            n=fa.analysis.n,
            kr20=_fmt(fa.analysis.kr20),
            alpha=_fmt(fa.analysis.alpha),
        )
        sections.append(f"<h3>{html.escape(title)}</h3>")
        sections.append(
            _table(
                [_("Item"), _("Competency"), _("Kind"), _("Facility"), "D", "r_pb", _("Flags")],
                [
                    [
                        s.item,
                        _label(data, bank.get(s.item)["competency"]),
                        bank.get(s.item)["kind"],
                        _fmt(s.facility),
                        _fmt(s.discrimination_index),
                        _fmt(s.point_biserial),
                        ", ".join(_(FLAG_LABELS[f]) for f in s.flags),
                    ]
                    for s in fa.analysis.items
                ],
                "items",
            )
        )
    sections.append("<h2>" + html.escape(_("Trainees")) + "</h2>")
    sections.append(
        _table(
            [_("Trainee"), _("Pre"), _("Post"), "g"],
            [[r.trainee, f"{r.pre:g}", f"{r.post:g}", _fmt(r.gain)] for r in rows],
        )
    )
    if failures:
        sections.append("<h2>" + html.escape(_("Submissions that could not be graded")) + "</h2>")
        sections.append(_table([_("Assignment"), _("Trainee"), _("Reason")], failures))
    title = html.escape(_("Learning report: pre-test and post-test"))
    page = f"""<!DOCTYPE html>
<html lang="{html.escape(get_language())}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:64em;margin:2em auto}}
table{{border-collapse:collapse;margin:.5em 0}}
td,th{{border:1px solid #ccc;padding:.25em .5em;text-align:left}}
img{{max-width:100%}}</style>
</head><body><h1>{title}</h1>
{"".join(sections)}
</body></html>
"""
    html_path = out / "report.html"
    html_path.write_text(page, encoding="utf-8")
    return {
        "html": html_path,
        "png": out / "prepost.png",
        "heatmap": out / "competencies.png",
        "csv": csv_path,
        "items_csv": items_path,
        **({"cases_csv": cases_path} if cases_path else {}),
    }


FLAG_LABELS = {
    FLAG_TOO_EASY: N_("too easy"),
    FLAG_TOO_HARD: N_("too hard"),
    FLAG_NOT_DISCRIMINATING: N_("not discriminating"),
}


def _level(row: CompetencyScore) -> float | None:
    return row.post if row.post is not None else row.pre


def _pct(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.0%}" if signed else f"{value:.0%}"
