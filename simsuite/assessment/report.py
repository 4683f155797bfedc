"""Pre/post learning report from nbgrader's gradebook: a figure, an HTML page and a CSV."""

from __future__ import annotations

import base64
import csv
import html
import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # reports are files; never open a window
import matplotlib.pyplot as plt  # noqa: E402

from simsuite.assessment.analytics import PrePost, summarize  # noqa: E402
from simsuite.errors import UserInputError  # noqa: E402
from simsuite.i18n import _  # noqa: E402


def read_prepost(db_url: str, pre: str = "pretest", post: str = "posttest") -> list[PrePost]:
    """Scores of every trainee with both a pre-test and a post-test in the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gradebook:
        try:
            pre_assignment = gradebook.find_assignment(pre)
            post_assignment = gradebook.find_assignment(post)
        except MissingEntry:
            names = ", ".join(a.name for a in gradebook.assignments) or _("none")
            raise UserInputError(
                _("The gradebook has no assignment {pre!r} or {post!r}.").format(
                    pre=pre, post=post
                ),
                where=db_url,
                allowed=names,
            ) from None
        max_score = float(pre_assignment.max_score)
        if abs(max_score - float(post_assignment.max_score)) > 1e-9:
            raise UserInputError(
                _("Pre-test and post-test must have the same maximum score ({a} vs {b}).").format(
                    a=pre_assignment.max_score, b=post_assignment.max_score
                ),
                where=db_url,
            )
        pre_scores = {s.student.id: float(s.score) for s in gradebook.assignment_submissions(pre)}
        post_scores = {s.student.id: float(s.score) for s in gradebook.assignment_submissions(post)}
    trainees = sorted(set(pre_scores) & set(post_scores))
    return [PrePost(t, pre_scores[t], post_scores[t], max_score) for t in trainees]


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


def write_prepost_report(
    db_url: str,
    out_dir: str | Path,
    pre: str = "pretest",
    post: str = "posttest",
    pseudonymize: bool = False,
) -> dict[str, Path]:
    rows = read_prepost(db_url, pre, post)
    if pseudonymize:
        rows = [
            PrePost(f"T{index:03d}", r.pre, r.post, r.max_score)
            for index, r in enumerate(rows, start=1)
        ]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figure = plot_prepost(rows)
    png_path = out / "prepost.png"
    figure.savefig(png_path, dpi=110)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)

    csv_path = out / "prepost.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["trainee", "pre", "post", "max", "normalized_gain"])
        for r in rows:
            writer.writerow([r.trainee, r.pre, r.post, r.max_score, _fmt(r.gain, 4)])

    summary = summarize(rows)
    image = base64.b64encode(buffer.getvalue()).decode("ascii")
    table = "".join(
        f"<tr><td>{html.escape(r.trainee)}</td><td>{r.pre:g}</td><td>{r.post:g}</td>"
        f"<td>{_fmt(r.gain)}</td></tr>"
        for r in rows
    )
    facts = [
        (_("Trainees with both tests"), str(summary.n)),
        (_("Mean pre-test"), _fmt(summary.mean_pre)),
        (_("Mean post-test"), _fmt(summary.mean_post)),
        (_("Mean normalized gain"), _fmt(summary.mean_gain)),
        (_("Class normalized gain"), _fmt(summary.class_gain)),
        (_("Paired t-test p-value"), _fmt(summary.p_value, 4)),
        (_("Effect size (Cohen's d_z)"), _fmt(summary.cohens_dz)),
    ]
    facts_html = "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in facts)
    title = html.escape(_("Learning report: pre-test and post-test"))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}</style>
</head><body><h1>{title}</h1>
<table>{facts_html}</table>
<p><img alt="{html.escape(_("pre and post scores per trainee"))}"
 src="data:image/png;base64,{image}"></p>
<table><tr><th>{html.escape(_("Trainee"))}</th><th>{html.escape(_("Pre"))}</th>
<th>{html.escape(_("Post"))}</th><th>g</th></tr>{table}</table>
</body></html>
"""
    html_path = out / "report.html"
    html_path.write_text(page, encoding="utf-8")
    return {"html": html_path, "png": png_path, "csv": csv_path}
