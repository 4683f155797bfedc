"""The risk matrix before and after the plan: likelihood across, impact up, each threat a numbered
point; cells shaded by the band of likelihood x impact. Returns a Figure (never shown here) or
an HTML block with the image, a short alternative text and the figures in words."""

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


def plot_matrix(rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str) -> Figure:
    fig = Figure(figsize=(7.2, 3.7), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    labels = [localized(catalogue.level_labels[lv], lang) for lv in catalogue.level_values]
    for ax, after, title in (
        (axes[0], False, _("Before the plan")),
        (axes[1], True, _("After the plan")),
    ):
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
            ax.scatter([x + dx], [y + dy], s=260, color="#1f3b73", zorder=3)
            ax.text(x + dx, y + dy, str(number), color="white", ha="center", va="center",
                    fontsize=9, fontweight="bold", zorder=4)
        ax.set_xlim(0.5, 4.5)
        ax.set_ylim(0.5, 4.5)
        ax.set_xticks(range(1, 5), labels, fontsize=7)
        ax.set_yticks(range(1, 5), labels, fontsize=7)
        ax.set_xlabel(_("likelihood"))
        ax.set_title(title, fontsize=10)
        ax.set_aspect("equal")
    axes[0].set_ylabel(_("impact"))
    return fig


def matrix_png(rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str) -> bytes:
    buffer = io.BytesIO()
    plot_matrix(rows, catalogue, lang).savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def matrix_html(rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str) -> str:
    """The two matrices as an image, with an alternative text and the figures in words."""
    if not rows:
        return ""
    data = base64.b64encode(matrix_png(rows, catalogue, lang)).decode("ascii")
    alt = _("Risk matrix before and after the plan: {n} threats, numbered as in the list "
            "below.").format(n=len(rows))
    words = "".join(f"<li>{html.escape(line)}</li>" for line in
                    register_words(rows, catalogue, lang))
    heading = html.escape(_("The risk matrix of your register"))
    legend = html.escape(_("The figures in words"))
    return (
        f'<figure class="simsuite-matrix"><figcaption><b>{heading}</b></figcaption>'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
        f'style="max-width:100%;height:auto"></figure>'
        f'<p><b>{legend}</b></p><ul class="simsuite-matrix-words" '
        f'style="list-style:none;padding-left:0">{words}</ul>'
    )
