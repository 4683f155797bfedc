"""The risk matrix before and after the plan: likelihood across, impact up, each threat a numbered
point; cells shaded by the band of likelihood x impact. Returns a Figure (never shown here) or
an HTML block with the two images, their alternative texts and the figures in words."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from simsuite.activities.reprisal_risk.content import Catalogue
from simsuite.activities.reprisal_risk.register import RegisterRow, band
from simsuite.activities.reprisal_risk.report import register_words
from simsuite.i18n import _, localized

#: light fills that keep black text readable; the band is also written in words below
BAND_FILL = {"low": "#e3f1e0", "medium": "#fff4c2", "high": "#fcd9b6", "very_high": "#f6b4b4"}
#: small offsets so that several threats in one cell stay apart
_SPREAD = ((0, 0), (-0.22, 0.2), (0.22, -0.2), (-0.22, -0.2), (0.22, 0.2), (0, 0.28), (0, -0.28))


def plot_matrix(
    rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str, after: bool = False
) -> Figure:
    """One matrix: the ratings before the plan, or the values after it (``after``)."""
    fig = Figure(figsize=(3.9, 3.9), layout="constrained")
    ax = fig.subplots()
    labels = [localized(catalogue.level_labels[lv], lang) for lv in catalogue.level_values]
    for likelihood in range(1, 5):
        for impact in range(1, 5):
            ax.add_patch(
                Rectangle((likelihood - 0.5, impact - 0.5), 1, 1,
                          facecolor=BAND_FILL[band(likelihood * impact)], edgecolor="white")
            )
    taken: dict[tuple[int, int], int] = {}
    for number, row in enumerate(rows, start=1):
        x = row.likelihood_after if after else row.likelihood
        y = row.impact_after if after else row.impact
        cell = (round(x), round(y))
        dx, dy = _SPREAD[taken.get(cell, 0) % len(_SPREAD)]
        taken[cell] = taken.get(cell, 0) + 1
        ax.scatter([x + dx], [y + dy], s=300, color="#1f3b73", zorder=3)
        ax.text(x + dx, y + dy, str(number), color="white", ha="center", va="center",
                fontsize=10, fontweight="bold", zorder=4)
    ax.set_xlim(0.5, 4.5)
    ax.set_ylim(0.5, 4.5)
    ax.set_xticks(range(1, 5), labels, fontsize=8, rotation=20)
    ax.set_yticks(range(1, 5), labels, fontsize=8)
    ax.set_xlabel(_("likelihood"))
    ax.set_ylabel(_("impact"))
    ax.set_title(_("After the plan") if after else _("Before the plan"), fontsize=11)
    ax.set_aspect("equal")
    return fig


def matrix_png(
    rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str, after: bool = False
) -> bytes:
    buffer = io.BytesIO()
    plot_matrix(rows, catalogue, lang, after).savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def matrix_html(rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str) -> str:
    """The matrices before and after, side by side on a wide screen and one under the other on
    a phone, with an alternative text and the figures in words."""
    if not rows:
        return ""
    images = []
    for after, alt in (
        (False, _("Risk matrix before the plan: {n} threats, numbered as in the list below.")),
        (True, _("Risk matrix after the plan: {n} threats, numbered as in the list below.")),
    ):
        data = base64.b64encode(matrix_png(rows, catalogue, lang, after)).decode("ascii")
        images.append(
            f'<img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt.format(n=len(rows)))}" '
            'style="width:100%;max-width:24em;height:auto">'
        )
    words = "".join(f"<li>{html.escape(line)}</li>" for line in
                    register_words(rows, catalogue, lang))
    heading = html.escape(_("The risk matrix of your register"))
    legend = html.escape(_("The figures in words"))
    return (
        f'<figure class="simsuite-matrix" style="margin:.5em 0">'
        f"<figcaption><b>{heading}</b></figcaption>"
        f'<div style="display:flex;flex-wrap:wrap;gap:.5em">{"".join(images)}</div></figure>'
        f'<p><b>{legend}</b></p><ul class="simsuite-matrix-words" '
        f'style="list-style:none;padding-left:0">{words}</ul>'
    )
