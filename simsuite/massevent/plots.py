"""Matplotlib figures: venue, density heat map, queue over time, evacuation curve, risk matrix.

Every function returns a Figure and never calls ``plt.show()``; the notebook or CLI decides.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Polygon as MplPolygon

from simsuite.figure_png import figure_png
from simsuite.i18n import _
from simsuite.massevent.egress import EgressResult
from simsuite.massevent.ingress import IngressResult
from simsuite.massevent.model import Venue
from simsuite.massevent.names import place
from simsuite.massevent.risk import RiskEntry


def plot_venue(venue: Venue, ax=None) -> Figure:
    fig = ax.figure if ax is not None else Figure(figsize=(7, 5))
    ax = ax or fig.subplots()
    for zone in venue.zones:
        color = {"seated": "#c6dbef", "standing": "#fdd0a2", "circulation": "#e5e5e5"}[zone.kind]
        ax.add_patch(MplPolygon(zone.coords, closed=True, facecolor=color, edgecolor="#555"))
        c = zone.polygon.representative_point()
        ax.text(c.x, c.y, place(zone.name), ha="center", va="center", fontsize=7)
    for obstacle in venue.obstacles:
        ax.add_patch(MplPolygon(obstacle, closed=True, facecolor="#636363", edgecolor="k"))
    for group, color, label in (
        (venue.exits, "#31a354", _("exit")),
        (venue.gates, "#3182bd", _("gate")),
        (venue.passages, "#e6550d", _("passage")),
    ):
        for i, o in enumerate(group):
            (x1, y1), (x2, y2) = o.coords
            style = "--" if getattr(o, "use", "normal") == "emergency" else "-"
            ax.plot([x1, x2], [y1, y2], style, color=color, lw=4, label=label if i == 0 else None)
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.set_title(place(venue.name))
    ax.set_xlabel(_("metres"))
    ax.legend(loc="upper right", fontsize=7)
    return fig


def plot_density(
    venue: Venue, grid: np.ndarray, extent, ax=None, title: str | None = None
) -> Figure:
    fig = ax.figure if ax is not None else Figure(figsize=(7, 5))
    ax = ax or fig.subplots()
    image = ax.imshow(
        grid,
        origin="lower",
        extent=extent,
        cmap="magma_r",
        vmin=0,
        vmax=max(4.0, float(np.nanmax(grid)) if grid.size else 4.0),
    )
    fig.colorbar(image, ax=ax, label=_("persons per m²"))
    ax.plot(*venue.outline.exterior.xy, color="k", lw=1)
    ax.set_aspect("equal")
    ax.set_title(title or _("Peak density"))
    return fig


def zone_density_grid(venue: Venue, egress: EgressResult, cell: float | None = None):
    """A heat map of the macroscopic model: each zone coloured by its peak density."""
    import shapely

    minx, miny, maxx, maxy = venue.outline.bounds
    cell = cell or max(0.5, (maxx - minx) / 120)
    xs = np.arange(minx + cell / 2, maxx, cell)
    ys = np.arange(miny + cell / 2, maxy, cell)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.full(gx.shape, np.nan)
    for zone in venue.zones:
        inside = shapely.contains_xy(venue.zone_walkable[zone.id], gx, gy)
        grid[inside] = egress.zones.get(zone.id, {}).get("peak_density", 0.0)
    return grid, (minx, minx + len(xs) * cell, miny, miny + len(ys) * cell)


def _time_axes(ax):
    """The given axes, or a new wide figure's, with room below for the ticks and the label."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=(7, 3.5))
    fig.subplots_adjust(bottom=0.16)
    return fig, fig.subplots()


def plot_queue(ing: IngressResult, ax=None, label: str | None = None) -> Figure:
    fig, ax = _time_axes(ax)
    ax.plot(ing.minutes, ing.queue, label=label or _("queue at the gates"))
    ax.axvline(0, color="grey", ls=":", lw=1)
    ax.set_xlabel(_("minutes relative to the start"))
    ax.set_ylabel(_("persons queuing"))
    ax.set_title(_("Queue at the gates over time"))
    ax.legend(fontsize=8)
    return fig


def plot_evacuation(egress: EgressResult, micro=None, ax=None, label: str | None = None) -> Figure:
    fig, ax = _time_axes(ax)
    ax.plot(egress.times / 60, egress.evacuated, label=label or _("macroscopic model"))
    if micro is not None and len(micro.exit_times):
        t, n = micro.evacuation_curve()
        ax.step(t / 60, n, where="post", label=_("JuPedSim"))
    ax.set_xlabel(_("minutes"))
    ax.set_ylabel(_("persons out"))
    ax.set_title(_("Evacuation curve"))
    ax.legend(fontsize=8)
    return fig


def plot_risk_matrix(
    before: tuple[RiskEntry, ...],
    after: tuple[RiskEntry, ...] | None = None,
    labels: dict[str, str] | None = None,
) -> Figure:
    """Likelihood x impact; each risk is shown by its label (a number the page lists in words)."""
    panels = [(before, _("before mitigation"))] + (
        [(after, _("after mitigation"))] if after else []
    )
    fig = Figure(figsize=(5 * len(panels), 4.5))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    li, im = np.meshgrid(np.arange(1, 6), np.arange(1, 6))
    for ax, (risks, title) in zip(axes, panels, strict=True):
        ax.imshow(
            li * im,
            origin="lower",
            extent=(0.5, 5.5, 0.5, 5.5),
            cmap="RdYlGn_r",
            vmin=1,
            vmax=25,
            alpha=0.6,
        )
        cells: dict[tuple[int, int], list[str]] = {}
        for r in risks:
            cells.setdefault((r.likelihood, r.impact), []).append((labels or {}).get(r.id, r.name))
        for (lk, ip), ids in cells.items():
            sep = ", " if labels else "\n"
            ax.text(lk, ip, sep.join(ids), ha="center", va="center", fontsize=8 if labels else 6)
        ax.set_xticks(range(1, 6))
        ax.set_yticks(range(1, 6))
        ax.set_xlabel(_("likelihood"))
        ax.set_ylabel(_("impact"))
        ax.set_title(title)
    return fig


def to_png(fig: Figure, dpi: int = 90) -> bytes:
    return figure_png(fig, dpi=dpi)


def as_image(fig: Figure):
    """An IPython image of a figure: displays the same in Jupyter, Voilà and nbconvert."""
    from IPython.display import Image

    return Image(data=to_png(fig), format="png")


def save_all(result: dict, folder: str) -> list[str]:
    """Write the standard figures of a what-if result as PNG files; returns the paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    before, after = result["before"], result["after"]
    venue = before.scenario.venue
    grid, extent = zone_density_grid(venue, before.egress)
    figures = {
        "venue.png": plot_venue(venue),
        "density.png": plot_density(
            venue, grid, extent, title=_("Peak zone density (macroscopic)")
        ),
        "queue.png": plot_queue(before.ingress),
        "evacuation.png": plot_evacuation(before.egress),
        "risk_matrix.png": plot_risk_matrix(before.risks, after.risks),
    }
    paths = []
    for name, fig in figures.items():
        path = out / name
        path.write_bytes(to_png(fig))
        paths.append(str(path))
    return paths


def image_html(fig: Figure, alt: str, css: str = "simsuite-figure") -> str:
    """A figure as an <img> with a text alternative, scaled to the page width."""
    import base64
    import html

    data = base64.b64encode(to_png(fig)).decode("ascii")
    return (
        f'<img class="{css}" src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
        'style="max-width:100%;height:auto">'
    )
