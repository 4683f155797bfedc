"""A matplotlib figure as PNG bytes, cropped to its contents, drawn once.

``savefig(bbox_inches="tight")`` draws a figure twice: once to measure its contents, once to
paint them at the measured size. The mass-event planner shows three figures as it opens, so
the measuring draw cost about a third of the page's start. Here the figure is painted once,
measured with the same renderer (the text sizes are known by then), and cut to the measured
box with a blank border. When the contents reach past the canvas (a long label), the painted
pixels lack them: then the figure is measured and drawn the way ``savefig`` does, so nothing
is ever cut off.
"""

from __future__ import annotations

import io
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

#: The blank kept around the contents: savefig's own 0.1 inch.
PAD_INCHES = 0.1


def figure_png(figure: Figure, dpi: int = 90) -> bytes:
    """The figure as a PNG of its contents and a ``PAD_INCHES`` border, at ``dpi``."""
    original_dpi = figure.dpi
    figure.set_dpi(dpi)
    try:
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        box = figure.get_tightbbox(canvas.get_renderer())  # in inches
        pixels = np.asarray(canvas.buffer_rgba())
    finally:
        figure.set_dpi(original_dpi)
    height, width = pixels.shape[:2]
    x0, x1, y0, y1 = (v * dpi for v in (box.x0, box.x1, box.y0, box.y1))
    inside = 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    if not inside:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=PAD_INCHES)
        return buffer.getvalue()
    # the box with its border, in image rows (counted from the top) and columns; lines are
    # painted half their width past the box, so the border comes from the canvas where it can
    pad = round(PAD_INCHES * dpi)
    top, bottom = height - math.ceil(y1) - pad, height - math.floor(y0) + pad
    left, right = math.floor(x0) - pad, math.ceil(x1) + pad
    image = np.empty((bottom - top, right - left, 4), dtype=np.uint8)
    image[...] = np.round(np.asarray(to_rgba(figure.get_facecolor())) * 255)
    shown_top, shown_left = max(top, 0), max(left, 0)
    shown_bottom, shown_right = min(bottom, height), min(right, width)
    image[shown_top - top : shown_bottom - top, shown_left - left : shown_right - left] = (
        pixels[shown_top:shown_bottom, shown_left:shown_right]
    )
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "png")
    return buffer.getvalue()
